/* test-walk.c — unit tests of index/walk.c and the walkthrough tables of
 * index/state.c, on the fixture content in tests/fixtures/walk: statuses
 * (names, marks, parsing); starting, listing, reading and answering
 * walkthroughs; na needs a note; names and notes refuse control characters;
 * staleness against a second index built from edited content (question,
 * evidence, linked nodes changed; an item removed: vanished and stale);
 * a version-1 state file migrated in place, and read-only (no walks, writes
 * refused); a state from a newer guidenav; the CSV report byte for byte
 * (BOM, CRLF, quoting, formula guard), the Markdown and JSON reports. */
#include <fcntl.h>
#include <linux/fs.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "build.h"
#include "check.h"
#include "load.h"
#include "state.h"
#include "testlib.h"
#include "util.h"
#include "walk.h"

static const char *const fixture_files[] = {"guideline.yaml", "v2.yaml", "v3.yaml", "checklists.yaml"};

/* Replace the first occurrence of from by to in *s (which is malloc'd). */
static int replace(char **s, const char *from, const char *to)
{
  char *at = strstr(*s, from);
  if (!at)
    return 0;
  char *r = gn_xasprintf("%.*s%s%s", (int)(at - *s), *s, to, at + strlen(from));
  free(*s);
  *s = r;
  return 1;
}

/* Copy the fixture into dir/name, edited when edit is set, and build dir/name.db. */
static char *build_fixture(const char *dir, const char *name, int edit)
{
  char *content = gn_xasprintf("%s/%s", dir, name);
  for (size_t i = 0; i < sizeof fixture_files / sizeof fixture_files[0]; i++) {
    char *src = gn_xasprintf("fixtures/walk/%s", fixture_files[i]);
    size_t n;
    char *text = test_read(src, &n);
    CHECKF(text != NULL, "cannot read %s (run from tests/)", src);
    if (!text)
      exit(99);
    if (edit && !strcmp(fixture_files[i], "checklists.yaml")) {
      CHECK(replace(&text, "固定して設置されているか。", "固定して設置され、点検されているか。"));
      CHECK(replace(&text, "[鍵管理簿]", "[鍵管理簿, 貸出記録]"));
      CHECK(replace(&text, "nodes: [v2.taisaku.9]\n        points: [m13.1]",
                    "nodes: [v2.taisaku.9, v2.taisaku.5.1]\n        points: [m13.1]"));
      char *a = strstr(text, "      - id: audit.9-2\n"), *b = strstr(text, "      - id: audit.9-3\n");
      CHECK(a && b && a < b);
      if (a && b)
        memmove(a, b, strlen(b) + 1);
      n = strlen(text);
    }
    char *rel = gn_xasprintf("%s/%s", name, fixture_files[i]);
    CHECK(test_write(dir, rel, text, n) == 0);
    free(rel);
    free(text);
    free(src);
  }
  gn_content c;
  gn_diags d = {0};
  gn_content_init(&c);
  int errs = gn_load_dir(content, &c, &d);
  errs += gn_check(&c, &d);
  char *out = gn_xasprintf("%s/%s.db", dir, name);
  if (errs)
    gn_diags_print(&d, stderr);
  CHECK(errs == 0 && gn_build_write(&c, out, NULL, &d) == GN_OK);
  gn_diags_free(&d);
  gn_content_free(&c);
  free(content);
  return out;
}

static gn_db *open_db(const char *path)
{
  gn_db *db = NULL;
  char *msg = NULL;
  int rc = gn_open(path, &db, &msg);
  CHECKF(rc == GN_OK, "gn_open %s: %s", path, msg ? msg : "");
  free(msg);
  if (rc)
    exit(99);
  return db;
}

static gn_state *open_state(const char *path, int want_writable)
{
  gn_state *st = NULL;
  char *msg = NULL;
  int rc = gn_state_open(path, &st, &msg);
  CHECKF(rc == GN_OK, "gn_state_open %s: %s", path, msg ? msg : "");
  CHECK(gn_state_writable(st) == want_writable);
  CHECK(want_writable ? msg == NULL : msg != NULL);
  free(msg);
  if (rc)
    exit(99);
  return st;
}

/* ---- callbacks collecting what they see -------------------------------- */

static int walk_line(const gn_walk *w, void *ctx)
{
  gn_buf *b = ctx;
  gn_buf_printf(b, "%s:%s:%s:%s:%d:", w->id, w->checklist, w->checklist_title, w->name, w->nitems);
  for (int i = 0; i < GN_ST__COUNT; i++)
    gn_buf_printf(b, "%d%s", w->counts[i], i + 1 < GN_ST__COUNT ? "/" : "");
  gn_buf_printf(b, ":%d;", w->nstale);
  CHECK(w->created_at && strlen(w->created_at) == 20 && w->updated_at && strlen(w->updated_at) == 20);
  return 0;
}

static int answer_line(const gn_answer *a, void *ctx)
{
  gn_buf *b = ctx;
  gn_buf_printf(b, "%s %s %s [%s]%s%s\n", a->item, a->number, gn_walk_status_name(a->status), a->note,
                a->stale ? " stale" : "", a->vanished ? " vanished" : "");
  CHECK(a->question != NULL && (a->vanished ? !*a->question : *a->question != '\0'));
  CHECK(a->updated_at && (a->status == GN_ST_UNREVIEWED || strlen(a->updated_at) == 20));
  return 0;
}

static char *walks_of(gn_state *st, gn_db *db)
{
  gn_buf b = {0};
  CHECK(gn_walk_list(st, db, walk_line, &b) == GN_OK);
  gn_buf_puts(&b, "");
  return b.s;
}

static char *answers_of(gn_state *st, gn_db *db, const char *walk)
{
  gn_buf b = {0};
  int rc = gn_walk_answers(st, db, walk, answer_line, &b);
  CHECKF(rc == GN_OK, "answers of %s: %d %s", walk, rc, gn_walk_errmsg(st));
  gn_buf_puts(&b, "");
  return b.s;
}

static int stop_first(const gn_walk *w, void *ctx)
{
  (*(int *)ctx)++;
  (void)w;
  return 1;
}

/* Set every answer's time (and the walks'), for reports to compare bytes. */
static void fix_times(gn_state *st)
{
  CHECK(sqlite3_exec(gn_state_sqlite(st),
                     "UPDATE answer SET updated_at = '2024-07-22T13:30:00Z';"
                     "UPDATE walk SET created_at = '2024-07-22T09:00:00Z', updated_at = '2024-07-22T13:30:00Z'",
                     NULL, NULL, NULL) == SQLITE_OK);
}

/* ---- tests ------------------------------------------------------------ */

static void test_status(void)
{
  static const char *const names[] = {"unreviewed", "compliant", "partial", "noncompliant", "na"};
  static const char *const marks[] = {"・", "○", "△", "×", "－"};
  static const char *const ascii[] = {NULL, "o", "^", "x", "-"};
  static const char *const ja[] = {"未確認", "適合", "一部適合", "不適合", "該当なし"};
  for (int i = 0; i < GN_ST__COUNT; i++) {
    CHECK_STR(gn_walk_status_name((gn_status)i), names[i]);
    CHECK_STR(gn_walk_status_mark((gn_status)i), marks[i]);
    CHECK(gn_walk_status_parse(names[i]) == i);
    CHECK(gn_walk_status_parse(marks[i]) == i);
    CHECK(gn_walk_status_parse(ja[i]) == i);
    if (ascii[i])
      CHECK(gn_walk_status_parse(ascii[i]) == i);
  }
  static const char *const bad[] = {"", "ok", "Compliant", "○○", "O", "na ", "x-", "unknown", "－ "};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    CHECKF(gn_walk_status_parse(bad[i]) == -1, "'%s' parsed", bad[i]);
  CHECK(gn_walk_status_parse(NULL) == -1);
  CHECK_STR(gn_walk_status_name(GN_ST__COUNT), "");
  CHECK_STR(gn_walk_status_mark((gn_status)-1), "");
}

static void test_walks(const char *dir, const char *dba)
{
  char *path = gn_xasprintf("%s/s1/state.db", dir);
  gn_state *st = open_state(path, 1);
  gn_db *db = open_db(dba);
  CHECK(gn_state_version(st) == 2);

  char *w1 = NULL, *w2 = NULL, *x = (char *)"sentinel";
  char *none = walks_of(st, db);
  CHECK_STR(none, "");
  free(none);
  CHECK(gn_walk_new(st, db, "audit", "2025年度 第1回", &w1) == GN_OK);
  CHECK_STR(w1, "w1");
  CHECK(gn_walk_new(st, db, "audit", NULL, &w2) == GN_OK);
  CHECK_STR(w2, "w2");
  /* not a checklist */
  CHECK(gn_walk_new(st, db, "nothing", "", &x) == GN_NOTFOUND && x == NULL);
  CHECK(strstr(gn_walk_errmsg(st), "no checklist 'nothing'"));
  CHECK(gn_walk_new(st, db, "audit.5.1-1", "", &x) == GN_NOTFOUND && x == NULL);
  /* one line of text */
  CHECK(gn_walk_new(st, db, "audit", "two\nlines", &x) == GN_EUSAGE && x == NULL);
  CHECK(strstr(gn_walk_errmsg(st), "control characters"));
  CHECK(gn_walk_new(st, db, "audit", "tab\there", &x) == GN_EUSAGE);
  CHECK(gn_walk_new(st, db, "audit", "esc\x1b[31m", &x) == GN_EUSAGE);
  CHECK(gn_walk_new(st, db, "audit", "c1\xc2\x9b", &x) == GN_EUSAGE);
  CHECK(gn_walk_new(st, db, "audit", "bad\xff", &x) == GN_EUSAGE);
  CHECK(strstr(gn_walk_errmsg(st), "UTF-8"));

  char *ws = walks_of(st, db);
  CHECK_STR(ws, "w2:audit:監査用チェックリスト::5:5/0/0/0/0:0;"
                "w1:audit:監査用チェックリスト:2025年度 第1回:5:5/0/0/0/0:0;");
  free(ws);
  int calls = 0;
  CHECK(gn_walk_list(st, db, stop_first, &calls) == GN_OK && calls == 1);

  /* answers */
  CHECK(gn_walk_set(st, db, "w1", "audit.5.1-1", GN_ST_COMPLIANT, "現地で確認した") == GN_OK);
  CHECK(gn_walk_set(st, db, "w1", "audit.5.1-1", GN_ST_PARTIAL, NULL) == GN_OK);      /* keeps the note */
  CHECK(gn_walk_set(st, db, "w1", "audit.5.1-2", GN_ST_NA, "") == GN_EUSAGE);       /* na needs a note */
  CHECK(strstr(gn_walk_errmsg(st), "needs a note"));
  CHECK(gn_walk_set(st, db, "w1", "audit.5.1-2", GN_ST_NA, " 　 ") == GN_EUSAGE);   /* blank is none */
  CHECK(gn_walk_set(st, db, "w1", "audit.5.1-2", GN_ST_NA, NULL) == GN_EUSAGE);     /* no note kept */
  CHECK(gn_walk_set(st, db, "w1", "audit.9-1", GN_ST_NONCOMPLIANT, "SLAなし") == GN_OK);
  CHECK(gn_walk_set(st, db, "w1", "audit.9-1", GN_ST_NA, NULL) == GN_OK);           /* the kept note says why */
  CHECK(gn_walk_set(st, db, "w1", "audit.9-1", GN_ST_NA, "") == GN_EUSAGE);
  CHECK(gn_walk_set(st, db, "w1", "audit.9-2", GN_ST_COMPLIANT, "a\nb") == GN_EUSAGE);
  CHECK(gn_walk_set(st, db, "w1", "audit.9-2", GN_ST_COMPLIANT, "tab\t") == GN_EUSAGE);
  CHECK(gn_walk_set(st, db, "w1", "audit.9-3", GN_ST_COMPLIANT, "一時的") == GN_OK);
  CHECK(gn_walk_set(st, db, "w1", "audit.9-3", GN_ST_COMPLIANT, "") == GN_OK);        /* clears the note */
  CHECK(gn_walk_set(st, db, "w1", "other.1", GN_ST_COMPLIANT, NULL) == GN_NOTFOUND); /* another checklist */
  CHECK(strstr(gn_walk_errmsg(st), "no item 'other.1' in checklist 'audit'"));
  CHECK(gn_walk_set(st, db, "w1", "v2.taisaku.5.1", GN_ST_COMPLIANT, NULL) == GN_NOTFOUND);
  CHECK(gn_walk_set(st, db, "w1", "nothing", GN_ST_COMPLIANT, NULL) == GN_NOTFOUND);
  CHECK(gn_walk_set(st, db, "w9", "audit.9-3", GN_ST_COMPLIANT, NULL) == GN_NOTFOUND);
  CHECK(strstr(gn_walk_errmsg(st), "no walkthrough 'w9'"));
  CHECK(gn_walk_set(st, db, "w1", "audit.9-3", (gn_status)7, NULL) == GN_EUSAGE);
  CHECK(gn_walk_set(st, db, "w2", "audit.9-3", GN_ST_NONCOMPLIANT, "w2 だけ") == GN_OK);

  char *as = answers_of(st, db, "w1");
  CHECK_STR(as, "audit.5.1-1 5.1-1 partial [現地で確認した]\n"
                "audit.5.1-2 5.1-2 unreviewed []\n"
                "audit.9-1 9-1 na [SLAなし]\n"
                "audit.9-2 9-2 unreviewed []\n"
                "audit.9-3 9-3 compliant []\n");
  free(as);
  as = answers_of(st, db, "w2");
  CHECK_STR(as, "audit.5.1-1 5.1-1 unreviewed []\n"
                "audit.5.1-2 5.1-2 unreviewed []\n"
                "audit.9-1 9-1 unreviewed []\n"
                "audit.9-2 9-2 unreviewed []\n"
                "audit.9-3 9-3 noncompliant [w2 だけ]\n");
  free(as);
  /* kept answers own their strings; freeing leaves an empty list */
  gn_answers kept = {0};
  CHECK(gn_walk_answers(st, db, "w1", gn_answers_collect, &kept) == GN_OK);
  CHECK(kept.n == 5);
  if (kept.n == 5) {
    CHECK_STR(kept.v[0].note, "現地で確認した");
    CHECK(kept.v[0].status == GN_ST_PARTIAL);
    CHECK_STR(kept.v[1].note, "");
    CHECK_STR(kept.v[1].updated_at, "");
    CHECK_STR(kept.v[4].question, "委託先に対する監査の権利が契約に定められているか。");
  }
  gn_answers_free(&kept);
  CHECK(!kept.v && kept.n == 0 && kept.cap == 0);
  gn_buf b = {0};
  CHECK(gn_walk_get(st, db, "w1", walk_line, &b) == GN_OK);
  CHECK_STR(b.s, "w1:audit:監査用チェックリスト:2025年度 第1回:5:2/1/1/0/1:0;");
  gn_buf_free(&b);
  static const char *const bad_ids[] = {"w0", "w01", "w", "1", "W1", "w1x", "w99999999999999999999", ""};
  for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
    CHECKF(gn_walk_get(st, db, bad_ids[i], walk_line, NULL) == GN_NOTFOUND, "'%s' found", bad_ids[i]);
    CHECK(gn_walk_answers(st, db, bad_ids[i], answer_line, NULL) == GN_NOTFOUND);
  }

  /* the most recently updated walkthrough of a checklist */
  CHECK(sqlite3_exec(gn_state_sqlite(st), "UPDATE walk SET updated_at = '2024-01-01T00:00:00Z' WHERE n = 2",
                     NULL, NULL, NULL) == SQLITE_OK);
  CHECK(gn_walk_latest(st, "audit", &x) == GN_OK);
  CHECK_STR(x, "w1");
  free(x);
  CHECK(gn_walk_latest(st, "other", &x) == GN_NOTFOUND && x == NULL);

  free(w1);
  free(w2);
  gn_state_close(st);

  /* reopened: all kept; ids are never reused */
  st = open_state(path, 1);
  as = answers_of(st, db, "w1");
  CHECK(strstr(as, "audit.9-1 9-1 na [SLAなし]\n") != NULL);
  free(as);
  CHECK(sqlite3_exec(gn_state_sqlite(st), "DELETE FROM answer WHERE walk = 2; DELETE FROM walk WHERE n = 2",
                     NULL, NULL, NULL) == SQLITE_OK);
  CHECK(gn_walk_new(st, db, "other", "", &x) == GN_OK);
  CHECK_STR(x, "w3");
  free(x);
  gn_state_close(st);
  gn_close(db);
  free(path);
}

static int json_collect(const char *json, void *ctx)
{
  gn_buf_printf(ctx, "%s\n", json);
  return 0;
}

static void test_json(const char *dir)
{
  char *path = gn_xasprintf("%s/s-json/state.db", dir);
  gn_state *st = open_state(path, 1);
  gn_walk w = {"w1", "audit", "監査\"表\"", "名前", "2024-07-22T09:00:00Z", "2024-07-22T13:30:00Z", 5,
               {2, 1, 1, 0, 1}, 1};
  gn_buf j = {0};
  CHECK(gn_walk_json(st, &w, json_collect, &j) == GN_OK);
  CHECK_STR(j.s, "{\"id\":\"w1\",\"checklist\":\"audit\",\"checklist_title\":\"監査\\\"表\\\"\","
                 "\"name\":\"名前\",\"created_at\":\"2024-07-22T09:00:00Z\","
                 "\"updated_at\":\"2024-07-22T13:30:00Z\",\"items\":5,\"counts\":{\"unreviewed\":2,"
                 "\"compliant\":1,\"partial\":1,\"noncompliant\":0,\"na\":1},\"stale\":1}\n");
  gn_buf_free(&j);
  gn_answer a = {"audit.9-2", "", "", GN_ST_NA, "理由\n", "", 1, 1};
  CHECK(gn_walk_answer_json(st, &a, json_collect, &j) == GN_OK);
  CHECK_STR(j.s, "{\"item\":\"audit.9-2\",\"number\":\"\",\"question\":\"\",\"status\":\"na\","
                 "\"note\":\"理由\\n\",\"updated_at\":null,\"stale\":true,\"vanished\":true}\n");
  gn_buf_free(&j);
  gn_state_close(st);
  free(path);
}

static void test_stale(const char *dir, const char *dba, const char *dbb)
{
  char *path = gn_xasprintf("%s/s2/state.db", dir);
  gn_state *st = open_state(path, 1);
  gn_db *a = open_db(dba), *b = open_db(dbb);
  char *w = NULL;
  CHECK(gn_walk_new(st, a, "audit", "stale", &w) == GN_OK);
  CHECK(gn_walk_set(st, a, w, "audit.5.1-1", GN_ST_COMPLIANT, "q") == GN_OK);
  CHECK(gn_walk_set(st, a, w, "audit.5.1-2", GN_ST_PARTIAL, "e") == GN_OK);
  CHECK(gn_walk_set(st, a, w, "audit.9-1", GN_ST_NONCOMPLIANT, "n") == GN_OK);
  CHECK(gn_walk_set(st, a, w, "audit.9-2", GN_ST_NA, "gone") == GN_OK);
  CHECK(gn_walk_set(st, a, w, "audit.9-3", GN_ST_COMPLIANT, "same") == GN_OK);
  char *as = answers_of(st, a, w);
  CHECK(strstr(as, "stale") == NULL);
  free(as);

  /* against the edited index: question, evidence and nodes changed, 9-2 gone */
  as = answers_of(st, b, w);
  CHECK_STR(as, "audit.5.1-1 5.1-1 compliant [q] stale\n"
                "audit.5.1-2 5.1-2 partial [e] stale\n"
                "audit.9-1 9-1 noncompliant [n] stale\n"
                "audit.9-3 9-3 compliant [same]\n"
                "audit.9-2  na [gone] stale vanished\n");
  free(as);
  gn_buf s = {0};
  CHECK(gn_walk_get(st, b, w, walk_line, &s) == GN_OK);
  CHECK_STR(s.s, "w1:audit:監査用チェックリスト:stale:4:0/2/1/1/0:4;");
  gn_buf_free(&s);
  /* a vanished item cannot be answered again; a changed one can, which clears it */
  CHECK(gn_walk_set(st, b, w, "audit.9-2", GN_ST_NA, NULL) == GN_NOTFOUND);
  CHECK(gn_walk_set(st, b, w, "audit.5.1-1", GN_ST_COMPLIANT, NULL) == GN_OK);
  as = answers_of(st, b, w);
  CHECK(strstr(as, "audit.5.1-1 5.1-1 compliant [q]\n") != NULL);
  free(as);
  /* ... and it now reads stale against the first index */
  as = answers_of(st, a, w);
  CHECK_STR(as, "audit.5.1-1 5.1-1 compliant [q] stale\n"
                "audit.5.1-2 5.1-2 partial [e]\n"
                "audit.9-1 9-1 noncompliant [n]\n"
                "audit.9-2 9-2 na [gone]\n"
                "audit.9-3 9-3 compliant [same]\n");
  free(as);
  free(w);
  gn_close(a);
  gn_close(b);
  gn_state_close(st);
  free(path);
}

/* Make a file read-only even for root: the immutable attribute where the
 * file system has it, else the mode (enough for others).  Returns 0 when
 * the file cannot be opened for writing afterwards. */
static int make_readonly(const char *path, int on)
{
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    int flags = 0;
    if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
      flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
      ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    close(fd);
  }
  chmod(path, on ? 0400 : 0600);
  if (!on)
    return 0;
  fd = open(path, O_RDWR);
  if (fd >= 0) {
    close(fd);
    return -1;
  }
  return 0;
}

static int user_version_of(const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *q;
  int v = -1;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK) {
    if (sqlite3_step(q) == SQLITE_ROW)
      v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return v;
}

static void test_v1(const char *dir, const char *dba)
{
  /* a state file as guidenav 0.1 wrote it */
  char *path = gn_xasprintf("%s/v1.db", dir);
  sqlite3 *raw;
  CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
  CHECK(sqlite3_exec(raw,
    "CREATE TABLE state_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO state_meta VALUES('app', 'guidenav-state');"
    "CREATE TABLE bookmark(name TEXT PRIMARY KEY, id TEXT NOT NULL,"
    "  line INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);"
    "CREATE TABLE position(key TEXT PRIMARY KEY, id TEXT NOT NULL,"
    "  line INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);"
    "CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO bookmark VALUES('a', 'v2.taisaku.5.1', 4, '2024-07-22T13:30:00Z');"
    "PRAGMA user_version = 1;", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(raw);
  gn_db *db = open_db(dba);
  gn_state *st;
  char *x = NULL, *id = NULL;
  int line = 0;

  /* read-only: bookmarks read, no walkthroughs, writes refused, file unchanged */
  if (make_readonly(path, 1) == 0) {
    st = open_state(path, 0);
    CHECK(gn_state_version(st) == 1);
    CHECK(gn_state_mark_get(st, "a", &id, &line) == GN_OK && line == 4);
    free(id);
    char *ws = walks_of(st, db);
    CHECK_STR(ws, "");
    free(ws);
    CHECK(gn_walk_get(st, db, "w1", walk_line, NULL) == GN_NOTFOUND);
    CHECK(gn_walk_answers(st, db, "w1", answer_line, NULL) == GN_NOTFOUND);
    CHECK(gn_walk_latest(st, "audit", &x) == GN_NOTFOUND);
    CHECK(gn_walk_new(st, db, "audit", "", &x) == GN_EIO && x == NULL);
    CHECK(strstr(gn_walk_errmsg(st), "read-only") && strstr(gn_walk_errmsg(st), path));
    CHECK(gn_walk_set(st, db, "w1", "audit.9-3", GN_ST_COMPLIANT, NULL) == GN_EIO);
    CHECK(strstr(gn_walk_errmsg(st), "read-only"));
    gn_state_close(st);
    CHECK(user_version_of(path) == 1);
  } else {
    fprintf(stderr, "test-walk: cannot make a file read-only here; read-only case skipped\n");
  }
  make_readonly(path, 0);

  /* writable: migrated in place, the bookmark kept */
  st = open_state(path, 1);
  CHECK(gn_state_version(st) == 2);
  CHECK(gn_state_mark_get(st, "a", &id, &line) == GN_OK && line == 4);
  CHECK_STR(id, "v2.taisaku.5.1");
  free(id);
  CHECK(gn_walk_new(st, db, "audit", "migrated", &x) == GN_OK);
  CHECK_STR(x, "w1");
  CHECK(gn_walk_set(st, db, x, "audit.9-3", GN_ST_COMPLIANT, NULL) == GN_OK);
  free(x);
  gn_state_close(st);
  CHECK(user_version_of(path) == 2);

  /* from a newer guidenav: read-only, walkthroughs still read */
  CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
  CHECK(sqlite3_exec(raw, "PRAGMA user_version = 3", NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(raw);
  st = open_state(path, 0);
  char *as = answers_of(st, db, "w1");
  CHECK(strstr(as, "audit.9-3 9-3 compliant []\n") != NULL);
  free(as);
  CHECK(gn_walk_set(st, db, "w1", "audit.9-1", GN_ST_COMPLIANT, NULL) == GN_EIO);
  CHECK(strstr(gn_walk_errmsg(st), "read-only"));
  CHECK(gn_walk_new(st, db, "audit", "", &x) == GN_EIO);
  gn_state_close(st);
  CHECK(user_version_of(path) == 3);
  gn_close(db);
  free(path);
}

static char *report(gn_state *st, gn_db *db, const char *walk, gn_walk_format fmt,
                    const gn_walk_labels *l, int *rc)
{
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  *rc = gn_walk_export(st, db, walk, fmt, l, f);
  fclose(f);
  return buf;
}

static void test_reports(const char *dir, const char *dba, const char *dbb)
{
  char *path = gn_xasprintf("%s/s3/state.db", dir);
  gn_state *st = open_state(path, 1);
  gn_db *db = open_db(dba);
  char *w = NULL;
  CHECK(gn_walk_new(st, db, "audit", "R7|監査", &w) == GN_OK);
  CHECK(gn_walk_set(st, db, w, "audit.5.1-1", GN_ST_COMPLIANT, "台帳、現地 ,\"OK\"") == GN_OK);
  CHECK(gn_walk_set(st, db, w, "audit.5.1-2", GN_ST_NONCOMPLIANT, "=HYPERLINK(\"http://x\")") == GN_OK);
  CHECK(gn_walk_set(st, db, w, "audit.9-1", GN_ST_NA, "@SUM(1) | 対象外") == GN_OK);
  CHECK(gn_walk_set(st, db, w, "audit.9-2", GN_ST_PARTIAL, "-1+1") == GN_OK);
  fix_times(st);
  gn_walk_labels ja = {
    {"チェックリスト", "番号", "確認項目", "評価", "記号", "備考", "更新日時", "要再確認", "関連する節"},
    {"未確認", "適合", "一部適合", "不適合", "該当なし"},
    "要再確認", "項目削除",
  };
  int rc;
  char *csv = report(st, db, w, GN_WF_CSV, &ja, &rc);
  CHECK(rc == GN_OK);
  CHECK_STR(csv,
    "\xEF\xBB\xBF"
    "チェックリスト,番号,確認項目,評価,記号,備考,更新日時,要再確認,関連する節\r\n"
    "監査用チェックリスト,5.1-1,サーバは、災害の影響を受けにくい場所に固定して設置されているか。,適合,○,"
    "\"台帳、現地 ,\"\"OK\"\"\",2024-07-22T13:30:00Z,,"
    "第2編 5.1 [v2.taisaku.5.1]; 第3編 5.1 [v3.taisaku.5.1]\r\n"
    "監査用チェックリスト,5.1-2,\"ラックの鍵は、\"\"管理者\"\"が保管しているか, 記録はあるか。\",不適合,×,"
    "\"'=HYPERLINK(\"\"http://x\"\")\",2024-07-22T13:30:00Z,,第2編 5.1 [v2.taisaku.5.1]\r\n"
    "監査用チェックリスト,9-1,外部サービスの契約前に、責任分界点とＳＬＡを確認しているか。,該当なし,－,"
    "'@SUM(1) | 対象外,2024-07-22T13:30:00Z,,第2編 9 [v2.taisaku.9]\r\n"
    "監査用チェックリスト,9-2,委託先の再委託は承認を得ているか。,一部適合,△,'-1+1,2024-07-22T13:30:00Z,,"
    "第2編 9 [v2.taisaku.9]\r\n"
    "監査用チェックリスト,9-3,委託先に対する監査の権利が契約に定められているか。,未確認,・,,,,"
    "第2編 9 [v2.taisaku.9]\r\n");
  free(csv);

  /* against the edited index: stale and vanished rows, English labels by default */
  gn_db *b = open_db(dbb);
  csv = report(st, b, w, GN_WF_CSV, NULL, &rc);
  CHECK(rc == GN_OK);
  CHECK(csv && !strncmp(csv, "\xEF\xBB\xBF" "checklist,number,question,status,mark,note,updated,stale,"
                              "guideline sections\r\n", 76));
  CHECK(csv && strstr(csv, "\r\n監査用チェックリスト,5.1-1,サーバは、災害の影響を受けにくい場所に固定して設置され、"
                           "点検されているか。,compliant,○,"));
  CHECK(csv && strstr(csv, ",2024-07-22T13:30:00Z,stale,第2編 5.1 [v2.taisaku.5.1]; 第3編 5.1"));
  CHECK(csv && strstr(csv, "\r\n監査用チェックリスト,audit.9-2,,partial,△,'-1+1,"
                           "2024-07-22T13:30:00Z,item removed,\r\n"));
  free(csv);

  char *md = report(st, db, w, GN_WF_MD, &ja, &rc);
  CHECK(rc == GN_OK);
  CHECK_STR(md,
    "# 監査用チェックリスト — R7|監査 (w1)\n\n"
    "・ 未確認 1 / ○ 適合 1 / △ 一部適合 1 / × 不適合 1 / － 該当なし 1 / 要再確認 0\n\n"
    "| 番号 | 確認項目 | 評価 | 記号 | 備考 | 更新日時 | 要再確認 | 関連する節 |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
    "| 5.1-1 | サーバは、災害の影響を受けにくい場所に固定して設置されているか。 | 適合 | ○ | 台帳、現地 ,\"OK\" "
    "| 2024-07-22T13:30:00Z |  | 第2編 5.1 [v2.taisaku.5.1]; 第3編 5.1 [v3.taisaku.5.1] |\n"
    "| 5.1-2 | ラックの鍵は、\"管理者\"が保管しているか, 記録はあるか。 | 不適合 | × | =HYPERLINK(\"http://x\") "
    "| 2024-07-22T13:30:00Z |  | 第2編 5.1 [v2.taisaku.5.1] |\n"
    "| 9-1 | 外部サービスの契約前に、責任分界点とＳＬＡを確認しているか。 | 該当なし | － | @SUM(1) \\| 対象外 "
    "| 2024-07-22T13:30:00Z |  | 第2編 9 [v2.taisaku.9] |\n"
    "| 9-2 | 委託先の再委託は承認を得ているか。 | 一部適合 | △ | -1+1 | 2024-07-22T13:30:00Z |  "
    "| 第2編 9 [v2.taisaku.9] |\n"
    "| 9-3 | 委託先に対する監査の権利が契約に定められているか。 | 未確認 | ・ |  |  |  | 第2編 9 [v2.taisaku.9] |\n");
  free(md);

  char *js = report(st, b, w, GN_WF_JSON, &ja, &rc);
  CHECK(rc == GN_OK);
  CHECK(js && strstr(js, "{\"item\":\"audit.5.1-1\",\"number\":\"5.1-1\",\"question\":\"サーバは、"));
  CHECK(js && strstr(js, "\"status\":\"compliant\",\"note\":\"台帳、現地 ,\\\"OK\\\"\","
                         "\"updated_at\":\"2024-07-22T13:30:00Z\",\"stale\":true,\"vanished\":false}\n"));
  CHECK(js && strstr(js, "{\"item\":\"audit.9-3\",\"number\":\"9-3\",\"question\":\"委託先に対する監査の権利が"
                         "契約に定められているか。\",\"status\":\"unreviewed\",\"note\":\"\",\"updated_at\":null,"
                         "\"stale\":false,\"vanished\":false}\n"));
  CHECK(js && strstr(js, "{\"item\":\"audit.9-2\",\"number\":\"\",\"question\":\"\",\"status\":\"partial\","
                         "\"note\":\"-1+1\",\"updated_at\":\"2024-07-22T13:30:00Z\",\"stale\":true,"
                         "\"vanished\":true}\n"));
  int nl = 0;
  for (const char *p = js; p && *p; p++)
    nl += *p == '\n';
  CHECK(nl == 5);
  free(js);

  /* unknown walk; a stream that cannot be written */
  char *none = report(st, db, "w7", GN_WF_CSV, NULL, &rc);
  CHECK(rc == GN_NOTFOUND && none && !*none);
  free(none);
  FILE *ro = fopen("/dev/null", "r");
  CHECK(ro != NULL);
  if (ro) {
    CHECK(gn_walk_export(st, db, w, GN_WF_CSV, NULL, ro) == GN_EIO);
    CHECK(strstr(gn_walk_errmsg(st), "cannot write the report"));
    fclose(ro);
  }
  free(w);
  gn_close(b);
  gn_close(db);
  gn_state_close(st);
  free(path);
}

static int walk_json_of(const gn_walk *w, void *ctx)
{
  void **c = ctx;
  return gn_walk_json(c[0], w, json_collect, c[1]);
}

/* No escape, bell, CR (unless crlf), DEL or C1 control, raw, in s. */
static int no_controls(const char *s, int crlf)
{
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if ((*p < 0x20 && *p != '\n' && !(crlf && *p == '\r' && p[1] == '\n')) || *p == 0x7F)
      return 0;
    if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
      return 0;
  }
  return 1;
}

/* A state file not written by guidenav (edited here through SQLite) may
 * hold control characters in a name or a note: every report keeps them
 * from reaching a terminal or breaking a line.  CSV and Markdown: each is
 * U+FFFD (a tab a space), the newline too, so a cell stays one line; JSON:
 * the \u escapes of SQLite's json_object, C1 and DEL included. */
static void test_foreign(const char *dir, const char *dba)
{
  char *path = gn_xasprintf("%s/s-foreign/state.db", dir);
  gn_state *st = open_state(path, 1);
  gn_db *db = open_db(dba);
  char *w = NULL;
  CHECK(gn_walk_new(st, db, "audit", "name", &w) == GN_OK);
  CHECK(gn_walk_set(st, db, w, "audit.5.1-1", GN_ST_COMPLIANT, "note") == GN_OK);
  fix_times(st);
  CHECK(sqlite3_exec(gn_state_sqlite(st),
                     "UPDATE walk SET name = 'R7' || char(27) || '[31m' || char(7) || char(155) || 'x'"
                     " || char(10) || 'y';"
                     "UPDATE answer SET note = 'a' || char(10) || 'b' || char(13) || char(27) || '[2J'"
                     " || char(9) || 'c' || char(133) || char(127) || ',d'",
                     NULL, NULL, NULL) == SQLITE_OK);
  int rc;
  char *csv = report(st, db, w, GN_WF_CSV, NULL, &rc);
  CHECK(rc == GN_OK && no_controls(csv, 1));
  CHECK(csv && strstr(csv, "\r\n監査用チェックリスト,5.1-1,サーバは、災害の影響を受けにくい場所に固定して設置されて"
                           "いるか。,compliant,○,\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD[2J c\xEF\xBF\xBD"
                           "\xEF\xBF\xBD,d\",2024-07-22T13:30:00Z,,"));
  int lines = 0;
  for (const char *p = csv; p && *p; p++)
    lines += *p == '\n';
  CHECK(lines == 6);
  free(csv);
  char *md = report(st, db, w, GN_WF_MD, NULL, &rc);
  CHECK(rc == GN_OK && no_controls(md, 0));
  CHECK(md && !strncmp(md, "# 監査用チェックリスト — R7\xEF\xBF\xBD[31m\xEF\xBF\xBD\xEF\xBF\xBDx\xEF\xBF\xBDy ("
                           "w1)\n\n", strlen("# 監査用チェックリスト — R7\xEF\xBF\xBD[31m\xEF\xBF\xBD\xEF\xBF\xBD"
                                               "x\xEF\xBF\xBDy (w1)\n\n")));
  CHECK(md && strstr(md, "| compliant | ○ | a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD[2J c\xEF\xBF\xBD"
                         "\xEF\xBF\xBD,d | 2024-07-22T13:30:00Z |"));
  free(md);
  char *js = report(st, db, w, GN_WF_JSON, NULL, &rc);
  CHECK(rc == GN_OK && no_controls(js, 0));
  CHECK(js && strstr(js, "\"note\":\"a\\nb\\r\\u001b[2J\\tc\\u0085\\u007f,d\","));
  free(js);
  gn_buf j = {0};
  void *c[2] = {st, &j};
  CHECK(gn_walk_get(st, db, w, walk_json_of, c) == GN_OK);
  CHECK(j.s && no_controls(j.s, 0) &&
        strstr(j.s, "\"name\":\"R7\\u001b[31m\\u0007\\u009bx\\ny\","));
  gn_buf_free(&j);
  /* lone bytes (an 8-bit CSI, a cut sequence) are not UTF-8: the JSON,
   * which must be UTF-8, has U+FFFD for each */
  CHECK(sqlite3_exec(gn_state_sqlite(st),
                     "UPDATE answer SET note = 'A' || cast(x'9b' AS text) || '31mB' ||"
                     " cast(x'e381' AS text) || 'C';"
                     "UPDATE walk SET name = 'N' || cast(x'ff' AS text)", NULL, NULL, NULL) == SQLITE_OK);
  js = report(st, db, w, GN_WF_JSON, NULL, &rc);
  CHECK(rc == GN_OK && js && gn_utf8_invalid_at(js, strlen(js)) == (size_t)-1);
  CHECK(js && strstr(js, "\"note\":\"A\xEF\xBF\xBD" "31mB\xEF\xBF\xBD\xEF\xBF\xBD" "C\""));
  free(js);
  gn_buf j2 = {0};
  void *c2[2] = {st, &j2};
  CHECK(gn_walk_get(st, db, w, walk_json_of, c2) == GN_OK);
  CHECK(j2.s && gn_utf8_invalid_at(j2.s, strlen(j2.s)) == (size_t)-1 &&
        strstr(j2.s, "\"name\":\"N\xEF\xBF\xBD\""));
  gn_buf_free(&j2);
  free(w);
  gn_close(db);
  gn_state_close(st);
  free(path);
}

int main(void)
{
  char *dir = test_tmpdir();
  char *dba = build_fixture(dir, "a", 0), *dbb = build_fixture(dir, "b", 1);
  test_status();
  test_walks(dir, dba);
  test_json(dir);
  test_stale(dir, dba, dbb);
  test_v1(dir, dba);
  test_reports(dir, dba, dbb);
  test_foreign(dir, dba);
  free(dba);
  free(dbb);
  test_rmtree(dir);
  free(dir);
  return test_done();
}
