/* cli.h — the command-line interface of guidenav.
 *
 * Owns: parsing the command line — options before the command or anywhere
 * after it, in any order; `--` ends options; one table says which command
 * each option applies to (the global ones --db, --state, --format, --limit,
 * --help, --version to all; any other elsewhere is a usage error); after
 * `search`, every word that is not one of search's options is query text
 * (`-term` excludes; -h, -o, --note are words to search for; --help alone
 * is help) — choosing the index and state files, every subcommand but the
 * navigator itself (build, check, toc, show, search, refs, points,
 * checklist, and the walkthrough commands walk new, list, show, set,
 * export, with the atomic writing of a report), their text output (fitted
 * to the terminal's width, or 80 columns in a pipe, through clitext.h) and
 * JSON Lines output, their --help, and the exit statuses 0 done, 1 nothing
 * found, 2 usage or content error, 3 I/O or database error.  Text output
 * never contains bytes that could drive a terminal except, on a terminal
 * without NO_COLOR, reverse video around search matches.
 */
#ifndef GN_CLI_H
#define GN_CLI_H

/* Run guidenav with these arguments; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
