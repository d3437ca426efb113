/* cli.h — the command-line interface of guidenav.
 *
 * Owns: parsing the command line (options before the command or anywhere
 * after it, in any order; `--` ends options; for `search`, an argument that
 * starts with '-' and is not an option is query text, so `-term` excludes),
 * choosing the index and state files, every subcommand but the navigator
 * itself (build, check, toc, show, search, refs, points, checklist, and the
 * walkthrough commands walk new, list, show, set, export, with the atomic
 * writing of a report), their text and JSON Lines output, their --help,
 * and the exit statuses
 * 0 done, 1 nothing found, 2 usage or content error, 3 I/O or database
 * error.  Text output never contains bytes that could drive a terminal
 * except, on a terminal without NO_COLOR, reverse video around search
 * matches.
 */
#ifndef GN_CLI_H
#define GN_CLI_H

/* Run guidenav with these arguments; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
