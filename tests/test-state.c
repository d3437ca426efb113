/* test-state.c — unit tests of index/state.c: creating the file and its
 * folder (mode 0700), bookmarks, positions, settings, reopening, a file that
 * is not a state file, a read-only file, a path that cannot be created. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state.h"
#include "testlib.h"
#include "util.h"

typedef struct names {
  char buf[256];
} names;

static int list_mark(const gn_mark *m, void *ctx)
{
  names *n = ctx;
  char one[96];
  snprintf(one, sizeof one, "%s=%s@%d;", m->name, m->id, m->line);
  strncat(n->buf, one, sizeof n->buf - strlen(n->buf) - 1);
  CHECK(m->updated_at && strlen(m->updated_at) == 20);
  return 0;
}

static void test_null_and_empty(void)
{
  gn_state *st = (gn_state *)1;
  char *msg = NULL;
  CHECK(gn_state_open(NULL, &st, &msg) == GN_EIO);
  CHECK(st == NULL && msg != NULL);
  free(msg);
  CHECK(gn_state_open("", &st, &msg) == GN_EIO);
  free(msg);
  CHECK(!gn_state_writable(NULL));
  CHECK(gn_state_mark_valid("a") && gn_state_mark_valid("Z") && gn_state_mark_valid("7"));
  CHECK(!gn_state_mark_valid("") && !gn_state_mark_valid("ab") && !gn_state_mark_valid("'") &&
        !gn_state_mark_valid(NULL));
  gn_state_close(NULL);
}

static void test_roundtrip(const char *dir)
{
  char *path = gn_xasprintf("%s/new/deeper/state.db", dir);
  gn_state *st = NULL;
  char *msg = NULL;
  CHECK(gn_state_open(path, &st, &msg) == GN_OK);
  CHECK(msg == NULL);
  free(msg);
  CHECK(gn_state_writable(st));
  char *folder = gn_xasprintf("%s/new/deeper", dir);
  struct stat sb;
  CHECK(stat(folder, &sb) == 0 && (sb.st_mode & 0777) == 0700);
  free(folder);

  CHECK(gn_state_mark_set(st, "a", "v2.taisaku.5.1", 3) == GN_OK);
  CHECK(gn_state_mark_set(st, "b", "v3.taisaku.9.3", 0) == GN_OK);
  CHECK(gn_state_mark_set(st, "a", "v2.taisaku.9.3", 7) == GN_OK);   /* replaces */
  CHECK(gn_state_mark_set(st, "ab", "x", 0) == GN_EIO);
  char *id = NULL;
  int line = -1;
  CHECK(gn_state_mark_get(st, "a", &id, &line) == GN_OK);
  CHECK_STR(id, "v2.taisaku.9.3");
  CHECK(line == 7);
  free(id);
  CHECK(gn_state_mark_get(st, "z", &id, &line) == GN_NOTFOUND && id == NULL);
  CHECK(gn_state_pos_set(st, "last", "v1", 2) == GN_OK);
  CHECK(gn_state_setting_set(st, "ambiguous", "wide") == GN_OK);
  gn_state_close(st);

  /* reopened: everything is still there */
  CHECK(gn_state_open(path, &st, &msg) == GN_OK);
  free(msg);
  names n = {{0}};
  CHECK(gn_state_marks(st, list_mark, &n) == GN_OK);
  CHECK_STR(n.buf, "a=v2.taisaku.9.3@7;b=v3.taisaku.9.3@0;");
  CHECK(gn_state_pos_get(st, "last", &id, &line) == GN_OK);
  CHECK_STR(id, "v1");
  CHECK(line == 2);
  free(id);
  char *val = NULL;
  CHECK(gn_state_setting_get(st, "ambiguous", &val) == GN_OK);
  CHECK_STR(val, "wide");
  free(val);
  CHECK(gn_state_mark_del(st, "b") == GN_OK);
  CHECK(gn_state_mark_del(st, "b") == GN_NOTFOUND);
  gn_state_close(st);

  /* read-only file (when not root, who may write anyway) */
  if (geteuid() != 0) {
    chmod(path, 0400);
    CHECK(gn_state_open(path, &st, &msg) == GN_OK);
    CHECK(msg != NULL);
    free(msg);
    CHECK(!gn_state_writable(st));
    CHECK(gn_state_mark_get(st, "a", &id, &line) == GN_OK);
    free(id);
    CHECK(gn_state_mark_set(st, "c", "v1", 0) == GN_EIO);
    CHECK(strstr(gn_state_errmsg(st), "read-only") != NULL);
    gn_state_close(st);
    chmod(path, 0600);
  }
  free(path);
}

static void test_not_state(const char *dir)
{
  /* an index, or any other SQLite file, is never written to */
  char *path = gn_xasprintf("%s/other.db", dir);
  sqlite3 *db;
  CHECK(sqlite3_open(path, &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "CREATE TABLE rec(x); PRAGMA user_version = 1;", NULL, NULL, NULL) ==
        SQLITE_OK);
  sqlite3_close(db);
  gn_state *st = NULL;
  char *msg = NULL;
  CHECK(gn_state_open(path, &st, &msg) == GN_EIO);
  CHECK(st == NULL && msg && strstr(msg, "not a guidenav state file"));
  free(msg);
  free(path);

  /* a state_meta whose 'app' row is NULL: refused, not a crash */
  path = gn_xasprintf("%s/nullapp.db", dir);
  CHECK(sqlite3_open(path, &db) == SQLITE_OK);
  CHECK(sqlite3_exec(db, "CREATE TABLE state_meta(key, value);"
                         "INSERT INTO state_meta VALUES('app', NULL); PRAGMA user_version = 1;",
                     NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(db);
  CHECK(gn_state_open(path, &st, &msg) == GN_EIO);
  CHECK(st == NULL && msg && strstr(msg, "not a guidenav state file"));
  free(msg);
  free(path);

  path = gn_xasprintf("%s/garbage.db", dir);
  CHECK(test_write(dir, "garbage.db", "this is not sqlite at all, not at all", 37) == 0);
  CHECK(gn_state_open(path, &st, &msg) == GN_EIO);
  CHECK(st == NULL && msg != NULL);
  free(msg);
  free(path);

  /* a folder that cannot be made */
  CHECK(gn_state_open("/proc/guidenav-test/x/state.db", &st, &msg) == GN_EIO);
  CHECK(st == NULL && msg != NULL);
  free(msg);
}

int main(void)
{
  char *dir = test_tmpdir();
  test_null_and_empty();
  test_roundtrip(dir);
  test_not_state(dir);
  test_rmtree(dir);
  free(dir);
  return test_done();
}
