/* state.c — see state.h. */
#include "state.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

enum { STATE_VERSION = 2 };

/* Version 1: bookmarks, positions, settings. */
static const char schema_sql[] =
  "CREATE TABLE state_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
  "INSERT INTO state_meta VALUES('app', 'guidenav-state');\n"
  "CREATE TABLE bookmark(name TEXT PRIMARY KEY, id TEXT NOT NULL,\n"
  "  line INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);\n"
  "CREATE TABLE position(key TEXT PRIMARY KEY, id TEXT NOT NULL,\n"
  "  line INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);\n"
  "CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n";

/* Version 2 adds the walkthroughs (walk.h): walk n is shown as "w<n>" and
 * never reused (AUTOINCREMENT); one answer per answered item, with the
 * item's fingerprint as it read then.  A version-1 file gets these tables
 * in place, in one transaction, the first time it is opened writable. */
static const char walk_sql[] =
  "CREATE TABLE walk(n INTEGER PRIMARY KEY AUTOINCREMENT, checklist TEXT NOT NULL,\n"
  "  name TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);\n"
  "CREATE INDEX walk_by_checklist ON walk(checklist, updated_at);\n"
  "CREATE TABLE answer(walk INTEGER NOT NULL REFERENCES walk(n), item TEXT NOT NULL,\n"
  "  status TEXT NOT NULL CHECK(status IN ('unreviewed', 'compliant', 'partial',\n"
  "    'noncompliant', 'na')),\n"
  "  note TEXT NOT NULL DEFAULT '', fingerprint TEXT NOT NULL, updated_at TEXT NOT NULL,\n"
  "  PRIMARY KEY(walk, item)) WITHOUT ROWID;\n"
  "PRAGMA user_version = 2;\n";

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

enum stmt {
  ST_MARK_SET, ST_MARK_GET, ST_MARK_DEL, ST_MARKS,
  ST_POS_SET, ST_POS_GET, ST_SET_SET, ST_SET_GET, ST_IS_STATE,
  ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
  [ST_MARK_SET] = "INSERT INTO bookmark(name, id, line, updated_at) VALUES(?1, ?2, ?3, " NOW ")"
                  " ON CONFLICT(name) DO UPDATE SET id = excluded.id, line = excluded.line,"
                  " updated_at = excluded.updated_at",
  [ST_MARK_GET] = "SELECT id, line FROM bookmark WHERE name = ?1",
  [ST_MARK_DEL] = "DELETE FROM bookmark WHERE name = ?1",
  [ST_MARKS] = "SELECT name, id, line, updated_at FROM bookmark ORDER BY name",
  [ST_POS_SET] = "INSERT INTO position(key, id, line, updated_at) VALUES(?1, ?2, ?3, " NOW ")"
                 " ON CONFLICT(key) DO UPDATE SET id = excluded.id, line = excluded.line,"
                 " updated_at = excluded.updated_at",
  [ST_POS_GET] = "SELECT id, line FROM position WHERE key = ?1",
  [ST_SET_SET] = "INSERT INTO setting(key, value) VALUES(?1, ?2)"
                 " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  [ST_SET_GET] = "SELECT value FROM setting WHERE key = ?1",
  [ST_IS_STATE] = "SELECT value FROM state_meta WHERE key = 'app'",
};

struct gn_state {
  sqlite3 *db;
  int writable;
  int version;            /* the file's schema version once opened */
  char *path;
  char *err;
  sqlite3_stmt *st[ST__COUNT];
  sqlite3_stmt *ext[GN_STATE_EXT_STMTS];   /* walk.c's */
};

static void set_err(gn_state *s, const char *what)
{
  free(s->err);
  s->err = gn_xasprintf("%s: %s", s->path, what);
}

static void set_dberr(gn_state *s)
{
  set_err(s, sqlite3_errmsg(s->db));
}

/* Create the missing folders of path's directory, mode 0700. */
static int make_dirs(const char *path, char **msg)
{
  char *dir = gn_xstrdup(path);
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir) {
    free(dir);
    return 0;
  }
  *slash = '\0';
  struct stat sb;
  if (stat(dir, &sb) == 0) {
    free(dir);
    return 0;
  }
  for (char *p = dir + 1; ; p++) {
    if (*p == '/' || *p == '\0') {
      char c = *p;
      *p = '\0';
      if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        *msg = gn_xasprintf("%s: %s", dir, strerror(errno));
        free(dir);
        return -1;
      }
      *p = c;
      if (c == '\0')
        break;
    }
  }
  free(dir);
  return 0;
}

static sqlite3_stmt *stmt(gn_state *s, enum stmt k)
{
  if (!s->st[k]) {
    if (sqlite3_prepare_v3(s->db, stmt_sql[k], -1, SQLITE_PREPARE_PERSISTENT,
                           &s->st[k], NULL) != SQLITE_OK) {
      set_dberr(s);
      return NULL;
    }
  }
  sqlite3_reset(s->st[k]);
  sqlite3_clear_bindings(s->st[k]);
  return s->st[k];
}

static int user_version(sqlite3 *db, int *v)
{
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
    return -1;
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    *v = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  return rc == SQLITE_ROW ? 0 : -1;
}

static int table_count(sqlite3 *db, int *n)
{
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &q, NULL) != SQLITE_OK)
    return -1;
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    *n = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  return rc == SQLITE_ROW ? 0 : -1;
}

/* Bring the schema up to STATE_VERSION in one write transaction: all of it
 * in an empty file, the walkthrough tables in a version-1 file.  The version
 * is read again under the lock, since another guidenav may have done the
 * same meanwhile.  Returns NULL, or what went wrong (malloc'd); a failure
 * changes nothing. */
static char *upgrade(gn_state *s)
{
  char *err = NULL;
  int v = 0, ntab = 0, rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &err);
  if (rc == SQLITE_OK && (user_version(s->db, &v) != 0 || table_count(s->db, &ntab) != 0))
    rc = SQLITE_ERROR;
  int fresh = ntab == 0 && v == 0;
  if (rc == SQLITE_OK && fresh)
    rc = sqlite3_exec(s->db, schema_sql, NULL, NULL, &err);
  if (rc == SQLITE_OK && (fresh || v == 1))
    rc = sqlite3_exec(s->db, walk_sql, NULL, NULL, &err);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, &err);
  if (rc == SQLITE_OK)
    return NULL;
  char *m = gn_xstrdup(err ? err : sqlite3_errmsg(s->db));
  sqlite3_free(err);
  if (!sqlite3_get_autocommit(s->db))
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return m;
}

static void release(gn_state *s)
{
  for (int i = 0; i < ST__COUNT; i++)
    sqlite3_finalize(s->st[i]);
  for (int i = 0; i < GN_STATE_EXT_STMTS; i++)
    sqlite3_finalize(s->ext[i]);
  sqlite3_close(s->db);
  free(s->path);
  free(s->err);
  free(s);
}

static int fail(gn_state *s, char **msg, const char *what)
{
  *msg = gn_xasprintf("%s: %s", s->path, what);
  release(s);
  return GN_EIO;
}

int gn_state_open(const char *path, gn_state **out, char **msg)
{
  *out = NULL;
  *msg = NULL;
  if (!path || !*path) {
    *msg = gn_xstrdup("no state file");
    return GN_EIO;
  }
  gn_state *s = gn_xcalloc(1, sizeof *s);
  s->path = gn_xstrdup(path);
  char *dirmsg = NULL;
  int have_dir = make_dirs(path, &dirmsg) == 0;
  int rc = SQLITE_CANTOPEN;
  if (have_dir)
    rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    sqlite3_close(s->db);
    s->db = NULL;
    if (access(path, R_OK) == 0)
      rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
      if (dirmsg) {
        *msg = dirmsg;
        release(s);
        return GN_EIO;
      }
      return fail(s, msg, s->db ? sqlite3_errmsg(s->db) : strerror(errno ? errno : EACCES));
    }
  }
  free(dirmsg);
  sqlite3_busy_timeout(s->db, 2000);
  s->writable = !sqlite3_db_readonly(s->db, "main");

  int v = 0, ntab = 0;
  if (user_version(s->db, &v) != 0 || table_count(s->db, &ntab) != 0)
    return fail(s, msg, "not a guidenav state file");
  if (ntab == 0 && v == 0) {
    if (!s->writable)
      return fail(s, msg, "cannot create the state file (read-only)");
    char *m = upgrade(s);
    if (m) {
      int r = fail(s, msg, m);
      free(m);
      return r;
    }
  } else {
    sqlite3_stmt *q = stmt(s, ST_IS_STATE);
    const char *app = q && sqlite3_step(q) == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0)
                                                         : NULL;
    int ok = app && strcmp(app, "guidenav-state") == 0;
    if (q)
      sqlite3_reset(q);
    if (!ok)
      return fail(s, msg, "not a guidenav state file");
    if (v > STATE_VERSION && s->writable) {
      s->writable = 0;
      *msg = gn_xasprintf("%s: made by a newer guidenav (version %d); opened read-only",
                          path, v);
    } else if (v < STATE_VERSION && s->writable) {
      char *m = upgrade(s);
      if (m) {
        s->writable = 0;
        *msg = gn_xasprintf("%s: cannot add the walkthrough tables (%s); opened read-only",
                            path, m);
        free(m);
      }
    }
  }
  if (user_version(s->db, &s->version) != 0)
    return fail(s, msg, sqlite3_errmsg(s->db));
  if (!s->writable && !*msg)
    *msg = gn_xasprintf("%s: read-only", path);
  *out = s;
  return GN_OK;
}

void gn_state_close(gn_state *st)
{
  if (st)
    release(st);
}

int gn_state_writable(const gn_state *st)
{
  return st && st->writable;
}

const char *gn_state_errmsg(const gn_state *st)
{
  return st && st->err ? st->err : "";
}

sqlite3 *gn_state_sqlite(gn_state *st)
{
  return st ? st->db : NULL;
}

sqlite3_stmt **gn_state_stmts(gn_state *st, int n)
{
  return st && n >= 0 && n <= GN_STATE_EXT_STMTS ? st->ext : NULL;
}

int gn_state_version(const gn_state *st)
{
  return st ? st->version : 0;
}

void gn_state_set_error(gn_state *st, int with_path, const char *msg)
{
  if (!st)
    return;
  if (with_path) {
    set_err(st, msg);
  } else {
    free(st->err);
    st->err = gn_xstrdup(msg);
  }
}

int gn_state_mark_valid(const char *name)
{
  if (!name || !name[0] || name[1])
    return 0;
  char c = name[0];
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int check_write(gn_state *s)
{
  if (!s)
    return GN_EIO;
  if (!s->writable) {
    set_err(s, "read-only");
    return GN_EIO;
  }
  return GN_OK;
}

static int done(gn_state *s, sqlite3_stmt *q)
{
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  if (rc != SQLITE_DONE) {
    set_dberr(s);
    return GN_EIO;
  }
  return GN_OK;
}

int gn_state_mark_set(gn_state *st, const char *name, const char *id, int line)
{
  if (check_write(st) != GN_OK)
    return GN_EIO;
  if (!gn_state_mark_valid(name)) {
    set_err(st, "a bookmark is named by one letter or digit");
    return GN_EIO;
  }
  sqlite3_stmt *q = stmt(st, ST_MARK_SET);
  if (!q)
    return GN_EIO;
  sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(q, 3, line);
  return done(st, q);
}

static int get_id_line(gn_state *s, enum stmt k, const char *key, char **id, int *line)
{
  *id = NULL;
  if (line)
    *line = 0;
  if (!s)
    return GN_EIO;
  sqlite3_stmt *q = stmt(s, k);
  if (!q)
    return GN_EIO;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(q);
  int r = GN_NOTFOUND;
  if (rc == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(q, 0);
    *id = gn_xstrdup(t ? t : "");
    if (line)
      *line = sqlite3_column_int(q, 1);
    r = GN_OK;
  } else if (rc != SQLITE_DONE) {
    set_dberr(s);
    r = GN_EIO;
  }
  sqlite3_reset(q);
  return r;
}

int gn_state_mark_get(gn_state *st, const char *name, char **id, int *line)
{
  return get_id_line(st, ST_MARK_GET, name, id, line);
}

int gn_state_mark_del(gn_state *st, const char *name)
{
  if (check_write(st) != GN_OK)
    return GN_EIO;
  sqlite3_stmt *q = stmt(st, ST_MARK_DEL);
  if (!q)
    return GN_EIO;
  sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
  int r = done(st, q);
  if (r == GN_OK && sqlite3_changes(st->db) == 0)
    return GN_NOTFOUND;
  return r;
}

int gn_state_marks(gn_state *st, gn_mark_cb cb, void *ctx)
{
  if (!st)
    return GN_EIO;
  sqlite3_stmt *q = stmt(st, ST_MARKS);
  if (!q)
    return GN_EIO;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    gn_mark m = {
      (const char *)sqlite3_column_text(q, 0),
      (const char *)sqlite3_column_text(q, 1),
      sqlite3_column_int(q, 2),
      (const char *)sqlite3_column_text(q, 3),
    };
    if (cb(&m, ctx)) {
      rc = SQLITE_DONE;
      break;
    }
  }
  sqlite3_reset(q);
  if (rc != SQLITE_DONE) {
    set_dberr(st);
    return GN_EIO;
  }
  return GN_OK;
}

int gn_state_pos_set(gn_state *st, const char *key, const char *id, int line)
{
  if (check_write(st) != GN_OK)
    return GN_EIO;
  sqlite3_stmt *q = stmt(st, ST_POS_SET);
  if (!q)
    return GN_EIO;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(q, 3, line);
  return done(st, q);
}

int gn_state_pos_get(gn_state *st, const char *key, char **id, int *line)
{
  return get_id_line(st, ST_POS_GET, key, id, line);
}

int gn_state_setting_set(gn_state *st, const char *key, const char *value)
{
  if (check_write(st) != GN_OK)
    return GN_EIO;
  sqlite3_stmt *q = stmt(st, ST_SET_SET);
  if (!q)
    return GN_EIO;
  sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 2, value, -1, SQLITE_TRANSIENT);
  return done(st, q);
}

int gn_state_setting_get(gn_state *st, const char *key, char **value)
{
  return get_id_line(st, ST_SET_GET, key, value, NULL);
}
