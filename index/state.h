/* state.h — the user's own state: bookmarks, the last position, settings,
 * and the tables of checklist walkthroughs (whose rows walk.c reads and
 * writes).
 *
 * Owns: one SQLite file per user (by default
 * $XDG_STATE_HOME/guidenav/state.db, the caller resolves the path), read and
 * written only here.  gn_state_open creates the file's folder (mode 0700)
 * and the file when missing, and never writes anywhere else (SQLite's
 * rollback journal lives beside the file for the length of a write; no
 * WAL).  The schema version is PRAGMA user_version: 1 bookmarks, positions
 * and settings; 2 adds the walkthrough tables.  A version-1 file is brought
 * to version 2 in place, in one transaction, when it is opened writable
 * (opened read-only it still reads, without walkthroughs).  A file from a
 * newer guidenav, or a file that is not a state file, is opened read-only
 * or not at all, never changed.
 *
 * Contract: functions return GN_OK, GN_NOTFOUND or GN_EIO (api.h);
 * gn_state_errmsg says what went wrong.  A state opened read-only (the
 * file or its folder is not writable) reads as usual and returns GN_EIO
 * from every write, so the navigator keeps working and only says that
 * nothing is saved.  Strings handed to callbacks are valid during the call.
 * Bookmark names are one ASCII letter or digit.
 */
#ifndef GN_STATE_H
#define GN_STATE_H

#include "api.h"

typedef struct gn_state gn_state;

typedef struct gn_mark {
  const char *name;       /* "a" */
  const char *id;         /* record id */
  int line;               /* first line shown in the reader */
  const char *updated_at; /* UTC, 2024-07-22T13:30:00Z */
} gn_mark;

typedef int (*gn_mark_cb)(const gn_mark *m, void *ctx);

/* Open (and create) the state file at path.  On success *out is set, and
 * *msg too (malloc'd) when it could only be opened read-only; on failure
 * returns GN_EIO with *out NULL and *msg set. */
int gn_state_open(const char *path, gn_state **out, char **msg);
void gn_state_close(gn_state *st);
int gn_state_writable(const gn_state *st);
const char *gn_state_errmsg(const gn_state *st);

int gn_state_mark_set(gn_state *st, const char *name, const char *id, int line);
/* *id is malloc'd. */
int gn_state_mark_get(gn_state *st, const char *name, char **id, int *line);
int gn_state_mark_del(gn_state *st, const char *name);
/* All bookmarks, by name. */
int gn_state_marks(gn_state *st, gn_mark_cb cb, void *ctx);
int gn_state_mark_valid(const char *name);

/* Positions by key ("last": where the navigator was left). *id malloc'd. */
int gn_state_pos_set(gn_state *st, const char *key, const char *id, int line);
int gn_state_pos_get(gn_state *st, const char *key, char **id, int *line);

/* Settings (key → text).  *value malloc'd. */
int gn_state_setting_set(gn_state *st, const char *key, const char *value);
int gn_state_setting_get(gn_state *st, const char *key, char **value);

/* For walk.c only, which keeps the walkthrough rows of this file: the
 * connection; room for n (at most GN_STATE_EXT_STMTS) prepared statements,
 * all NULL at first, finalized by gn_state_close (NULL when n is too many);
 * the schema version of the file as opened (below 2: no walkthrough
 * tables); and setting what gn_state_errmsg says (with_path: "PATH: msg"). */
typedef struct sqlite3_stmt sqlite3_stmt;
enum { GN_STATE_EXT_STMTS = 16 };
sqlite3 *gn_state_sqlite(gn_state *st);
sqlite3_stmt **gn_state_stmts(gn_state *st, int n);
int gn_state_version(const gn_state *st);
void gn_state_set_error(gn_state *st, int with_path, const char *msg);

#endif
