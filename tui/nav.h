/* nav.h — the interactive navigator (the ncursesw interface).
 *
 * Owns: the whole interactive session of `guidenav` / `guidenav open [ID]`:
 * checking that the locale is UTF-8, starting curses (on the terminal, or on
 * a virtual screen driven by a keystroke script when GUIDENAV_SCRIPT is set),
 * the views (contents tree, reader, references, search, revision points,
 * checklists, checklist walkthroughs, bookmarks, help), the main loop,
 * restoring the terminal on every exit path, and saving the last position
 * and bookmarks through index/state.h (walkthroughs through index/walk.h).
 * It reads the index only through index/api.h and index/search.h; it never
 * builds SQL and never parses YAML.
 *
 * Contract: main() has already called setlocale(LC_ALL, "") and opened the
 * index.  nav_run() returns the process exit status (0 done, 2 usage, e.g. a
 * locale that is not UTF-8, 3 I/O) after the terminal is restored; it never
 * calls exit().  The caller still owns o->db and closes it afterwards.
 * state_path may name a file that cannot be written: bookmarks and the last
 * position are then simply not saved, and the status line says so.
 */
#ifndef GN_NAV_H
#define GN_NAV_H

#include <stdio.h>

#include "api.h"

typedef struct nav_opts {
  gn_db *db;
  const char *db_path;
  const char *state_path;
  const char *start;
} nav_opts;

int nav_run(const nav_opts *o);

/* The key table: plain text for --help (roff == 0), or the body of the KEYS
 * section of guidenav(1) (roff != 0).  Generated from tui/keys.c. */
void nav_print_keys(FILE *f, int roff);

#endif
