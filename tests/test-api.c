/* test-api.c — the index builder (build.c) and the read API (api.c) on the
 * small fixture content in tests/fixtures/mini: what is stored, the tree
 * and reading order, links in both directions, counterparts derived from
 * numbering, revision points and remarks, checklists, citations (including
 * ambiguous ones and full-width digits), JSON made by SQLite, refusing
 * files that are not an index of this version, and that the index is
 * written atomically with a depfile. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "build.h"
#include "check.h"
#include "load.h"
#include "testlib.h"

static int collect(const gn_rec *r, void *ctx)
{
  gn_buf *b = ctx;
  gn_buf_printf(b, "%s%s", b->len ? " " : "", r->id);
  return 0;
}

static int collect_link(const gn_link *l, void *ctx)
{
  gn_buf *b = ctx;
  gn_buf_printf(b, "%s%s:%s:%s", b->len ? " " : "", l->direction, l->relation, l->id);
  return 0;
}

static int collect_remark(const gn_remark *m, void *ctx)
{
  gn_buf *b = ctx;
  gn_buf_printf(b, "%s%s/%d", b->len ? " " : "", m->role, m->inferred);
  return 0;
}

static int collect_json(const char *j, void *ctx)
{
  gn_buf *b = ctx;
  gn_buf_puts(b, j);
  return 0;
}

static char *ids_of(int (*fn)(gn_db *, const char *, gn_rec_cb, void *), gn_db *db, const char *arg)
{
  gn_buf b = {0};
  fn(db, arg, collect, &b);
  gn_buf_puts(&b, "");
  return b.s;
}

static char *resolved(gn_db *db, const char *text, int *n)
{
  gn_buf b = {0};
  *n = gn_resolve(db, text, collect, &b);
  gn_buf_puts(&b, "");
  return b.s;
}

static int build(const char *content, const char *out)
{
  gn_content c;
  gn_content_init(&c);
  gn_diags d = {0};
  int errs = gn_load_dir(content, &c, &d) + gn_check(&c, &d);
  int rc = errs ? GN_EUSAGE : gn_build_write(&c, out, NULL, &d);
  if (rc == GN_OK)
    rc = gn_build_depfile(&c, out, "dep.d", &d);
  gn_diags_print(&d, stderr);
  gn_diags_free(&d);
  gn_content_free(&c);
  return rc;
}

/* More citations, on the mini fixture with extra.yaml added: 第2編 5.1 gets
 * an item (2) with ① ②, 基本方針 5 an item (1), and a second checklist
 * numbers an item 5.1-1 too and one 3-5.1 (which reads as 第3編 5.1, and
 * so is not looked up as an item number). */
static int more_citations(const char *content)
{
  static const char *const files[] = {"guideline.yaml", "v2.yaml", "v3.yaml", "more.yaml"};
  static const char extra[] =
    "nodes:\n"
    "  - id: v2.taisaku.5.1.i2\n    parent: v2.taisaku.5.1\n    kind: item\n    number: \"(2)\"\n"
    "    title: 機器の保守\n    provenance: {edition: E, confidence: seen}\n    children:\n"
    "      - {id: v2.taisaku.5.1.i2.c1, kind: item, number: ①, title: 記録, provenance: {edition: E, confidence: seen}}\n"
    "      - {id: v2.taisaku.5.1.i2.c2, kind: item, number: ②, title: 立会い, provenance: {edition: E, confidence: seen}}\n"
    "  - id: v2.kihon.5.i1\n    parent: v2.kihon.5\n    kind: item\n    number: \"(1)\"\n"
    "    title: 遵守\n    provenance: {edition: E, confidence: seen}\n"
    "checklists:\n"
    "  - id: other\n    title: 別の点検表\n    items:\n"
    "      - {id: other.5.1-1, number: \"5.1-1\", question: Q1, nodes: [v2.taisaku.5.1]}\n"
    "      - {id: other.x, number: \"3-5.1\", question: Q2, nodes: [v3.taisaku.5.1]}\n";
  int fails = t_fail;
  if (mkdir("more", 0777) != 0)
    return 1;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char *from = gn_xasprintf("%s/%s", content, files[i]);
    size_t n;
    char *text = test_read(from, &n);
    CHECK(text && test_write("more", files[i], text, n) == 0);
    free(text);
    free(from);
  }
  CHECK(test_write("more", "extra.yaml", extra, sizeof extra - 1) == 0);
  CHECK(build("more", "more.db") == GN_OK);
  gn_db *db;
  char *msg = NULL;
  if (gn_open("more.db", &db, &msg) != GN_OK) {
    fprintf(stderr, "%s\n", msg);
    free(msg);
    return 1;
  }
  static const struct {
    const char *text, *want;
    int n;
  } cites[] = {
    {"第2編 5.1(2)①", "v2.taisaku.5.1.i2.c1", 1},
    {"第2編 5.1 (2) ②", "v2.taisaku.5.1.i2.c2", 1},
    {"2-5.1（２）②", "v2.taisaku.5.1.i2.c2", 1},
    {"第2編 5.1(2)(1)", "", 0},
    {"第2編 ①", "v2.taisaku.5.1.i2.c1", 1},
    {"第2編 (1)", "v2.kihon.5.i1 v2.taisaku.5.1.i1", 2},
    {"第2編 5(1)", "v2.kihon.5.i1", 1},              /* 対策基準 5 has no (1) of its own */
    {"第2編 基本方針 5 (1)", "v2.kihon.5.i1", 1},
    {"第2編 対策基準 5 (1)", "", 0},
    /* an item number in two checklists: both; one that reads as a node
     * citation too: the node, which is the documented reading (the item
     * stays reachable by its id) */
    {"5.1-1", "other.5.1-1 self.5.1-1", 2},    /* in content order: extra.yaml first */
    {"3-5.1", "v3.taisaku.5.1", 1},
  };
  for (size_t i = 0; i < sizeof cites / sizeof cites[0]; i++) {
    int n;
    char *s = resolved(db, cites[i].text, &n);
    CHECKF(!strcmp(s, cites[i].want) && n == cites[i].n, "citation '%s': %d candidates '%s', want %d '%s'",
           cites[i].text, n, s, cites[i].n, cites[i].want);
    free(s);
  }
  gn_close(db);
  return t_fail != fails;
}

int main(void)
{
  char *dir = test_tmpdir();
  if (chdir(dir) != 0)
    return 99;
  const char *src = getenv("SOURCE_ROOT");
  char *content = gn_xasprintf("%s/tests/fixtures/mini", src ? src : "..");

  CHECK(build(content, "g.db") == GN_OK);
  struct stat st;
  CHECK(stat("g.db", &st) == 0 && (st.st_mode & 0444) == 0444);
  /* The depfile names every content file. */
  char *dep = test_read("dep.d", NULL);
  CHECK(dep && !strncmp(dep, "g.db:", 5) && strstr(dep, "fixtures/mini/v2.yaml") && strstr(dep, "more.yaml"));
  free(dep);

  gn_db *db;
  char *msg = NULL;
  CHECK(gn_open("g.db", &db, &msg) == GN_OK);
  if (!db) {
    fprintf(stderr, "%s\n", msg);
    return test_done();
  }
  CHECK_STR(gn_meta(db, "edition"), "令和7年3月版");
  CHECK_STR(gn_meta(db, "nodes"), "12");
  CHECK(strlen(gn_meta(db, "content_hash")) == 16);

  /* Records of every kind. */
  gn_rec r;
  CHECK(gn_get(db, "v2.taisaku.5.1", &r) == GN_OK);
  CHECK_STR(r.kind, "node");
  CHECK_STR(r.nkind, "section");
  CHECK_STR(r.number, "5.1");
  CHECK(r.volume == 2 && r.depth == 3 && r.nchildren == 1 && r.npoints == 1);
  CHECK_STR(r.path, "第2編 › 第2章 対策基準 › 5 物理的セキュリティ › 5.1 サーバ等の管理");
  CHECK_STR(r.confidence, "derived");
  CHECK_STR(r.note, "例規による");
  CHECK_STR(r.parent_id, "v2.taisaku.5");
  gn_rec_clear(&r);
  CHECK(gn_get(db, "m13.1", &r) == GN_OK);
  CHECK_STR(r.kind, "point");
  CHECK_STR(r.parent_id, "m13");
  CHECK(r.meeting_number == 13);
  CHECK_STR(r.date, "2024-07-22");
  CHECK_STR(r.disposition, "consider-wording");
  gn_rec_clear(&r);
  CHECK(gn_get(db, "self.5.1-1", &r) == GN_OK);
  CHECK_STR(r.evidence, "機器台帳、点検記録");
  CHECK_STR(r.parent_id, "self");
  gn_rec_clear(&r);
  CHECK(gn_get(db, "term.sla", &r) == GN_OK);
  CHECK_STR(r.reading, "えすえるえー");
  gn_rec_clear(&r);
  CHECK(gn_get(db, "nope", &r) == GN_NOTFOUND);

  /* Tree and reading order: attached chapter 9 comes after inline chapter 5. */
  char *s = ids_of(gn_toc, db, NULL);
  CHECK_STR(s, "v2 v2.kihon v2.kihon.5 v2.taisaku v2.taisaku.5 v2.taisaku.5.1 v2.taisaku.5.1.i1 "
               "v2.taisaku.9 v3 v3.taisaku v3.taisaku.5 v3.taisaku.5.1");
  free(s);
  s = ids_of(gn_toc, db, "v2.taisaku.5");
  CHECK_STR(s, "v2.taisaku.5 v2.taisaku.5.1 v2.taisaku.5.1.i1");
  free(s);
  CHECK(gn_toc(db, "m13.1", NULL, NULL) == GN_NOTFOUND);
  s = ids_of(gn_children, db, NULL);
  CHECK_STR(s, "v2 v3");
  free(s);
  s = ids_of(gn_children, db, "v2.taisaku");
  CHECK_STR(s, "v2.taisaku.5 v2.taisaku.9");
  free(s);
  CHECK(gn_step(db, "v2.taisaku.5.1.i1", 1, &r) == GN_OK);
  CHECK_STR(r.id, "v2.taisaku.9");
  gn_rec_clear(&r);
  CHECK(gn_step(db, "v2", -1, &r) == GN_NOTFOUND);
  CHECK(gn_step(db, "v3.taisaku.5.1", 1, &r) == GN_NOTFOUND);

  /* Links, both directions; counterparts derived from numbering. */
  gn_buf b = {0};
  CHECK(gn_refs(db, "v2.taisaku.5.1", collect_link, &b) == GN_OK);
  CHECK_STR(b.s, "out:see:v2.taisaku.9 out:counterpart:v3.taisaku.5.1 in:revision:m13.1 in:checks:self.5.1-1 "
                 "in:defines:term.sla");
  gn_buf_free(&b);
  CHECK(gn_refs(db, "v3.taisaku.5.1", collect_link, &b) == GN_OK);
  CHECK_STR(b.s, "in:counterpart:v2.taisaku.5.1 in:revision:m13.1");
  gn_buf_free(&b);
  CHECK(gn_refs(db, "v2.kihon.5", collect_link, &b) == GN_NOTFOUND);
  gn_buf_free(&b);
  CHECK(gn_counterpart(db, "v3.taisaku.5.1", &r) == GN_OK);
  CHECK_STR(r.id, "v2.taisaku.5.1");
  gn_rec_clear(&r);
  CHECK(gn_counterpart(db, "v2.taisaku.9", &r) == GN_NOTFOUND);

  /* Owned copies outlive the walk; freeing leaves an empty list. */
  gn_recs rs = {0};
  CHECK(gn_toc(db, "v2.taisaku.5", gn_recs_collect, &rs) == GN_OK);
  CHECK(rs.n == 3);
  if (rs.n == 3) {
    CHECK_STR(rs.v[1].id, "v2.taisaku.5.1");
    CHECK_STR(rs.v[1].path, "第2編 › 第2章 対策基準 › 5 物理的セキュリティ › 5.1 サーバ等の管理");
    CHECK(rs.v[1].volume == 2 && rs.v[1].reading == NULL);
  }
  gn_recs_free(&rs);
  CHECK(!rs.v && rs.n == 0 && rs.cap == 0);
  gn_linkv ls = {0};
  CHECK(gn_refs(db, "v2.taisaku.5.1", gn_linkv_collect, &ls) == GN_OK);
  CHECK(ls.n == 5);
  if (ls.n == 5) {
    CHECK_STR(ls.v[1].id, "v3.taisaku.5.1");
    CHECK_STR(ls.v[1].relation, "counterpart");
    CHECK_STR(ls.v[1].direction, "out");
    CHECK_STR(ls.v[1].number, "5.1");
    CHECK(ls.v[1].volume == 3);
    CHECK_STR(ls.v[4].kind, "term");
    CHECK(ls.v[4].number != NULL);
  }
  gn_linkv_free(&ls);
  CHECK(!ls.v && ls.n == 0 && ls.cap == 0);

  /* Points, remarks, checklists. */
  s = ids_of(gn_points, db, NULL);
  CHECK_STR(s, "m13.1");
  free(s);
  s = ids_of(gn_points, db, "v2.taisaku.5.1");
  CHECK_STR(s, "m13.1");
  free(s);
  CHECK(gn_points(db, "v2.taisaku.9", NULL, NULL) == GN_NOTFOUND);
  CHECK(gn_remarks(db, "m13.1", collect_remark, &b) == GN_OK);
  CHECK_STR(b.s, "member/1 secretariat/1");
  gn_buf_free(&b);
  CHECK(gn_checklists(db, collect, &b) == GN_OK);
  CHECK_STR(b.s, "self");
  gn_buf_free(&b);
  s = ids_of(gn_items, db, "self");
  CHECK_STR(s, "self.5.1-1");
  free(s);
  s = ids_of(gn_items_for, db, "v2.taisaku.5.1");
  CHECK_STR(s, "self.5.1-1");
  free(s);
  /* Items of the nodes below count for their ancestors. */
  s = ids_of(gn_items_for, db, "v2.taisaku");
  CHECK_STR(s, "self.5.1-1");
  free(s);
  CHECK(gn_items_for(db, "v2.taisaku.9", NULL, NULL) == GN_NOTFOUND);

  /* Citations. */
  static const struct {
    const char *text, *want;
    int n;
  } cites[] = {
    {"v2.taisaku.5.1", "v2.taisaku.5.1", 1},
    {"第2編 5.1", "v2.taisaku.5.1", 1},
    {"第３編　５．１", "v3.taisaku.5.1", 1},
    {"3-5.1", "v3.taisaku.5.1", 1},
    {"v3 5.1", "v3.taisaku.5.1", 1},
    {"第2編 5", "v2.kihon.5 v2.taisaku.5", 2},
    {"第2編 基本方針 5", "v2.kihon.5", 1},
    {"第2編 対策基準 5", "v2.taisaku.5", 1},
    {"5.1", "v2.taisaku.5.1 v3.taisaku.5.1", 2},
    {"第3編", "v3", 1},
    {"第2編 7.7", "", 0},
    {"監査", "", 0},
    {"", "", 0},
    /* a section or chapter followed by an item number: the item below it */
    {"第2編 5.1(1)", "v2.taisaku.5.1.i1", 1},
    {"第2編 5.1 (1)", "v2.taisaku.5.1.i1", 1},
    {"2-5.1 (1)", "v2.taisaku.5.1.i1", 1},
    {"v2 5.1 (1)", "v2.taisaku.5.1.i1", 1},
    {"第２編　５．１（１）", "v2.taisaku.5.1.i1", 1},
    {"第2編 5.1 ( 1 )", "v2.taisaku.5.1.i1", 1},
    {"第2編 5.1⑴", "v2.taisaku.5.1.i1", 1},
    {"5.1(1)", "v2.taisaku.5.1.i1", 1},           /* 第3編 5.1 has no (1) */
    {"第2編 (1)", "v2.taisaku.5.1.i1", 1},         /* no section: the number itself */
    {"第2編 5.1(2)", "", 0},
    {"第2編 5(1)", "", 0},                        /* not a child of chapter 5 */
    {"第2編 5.1(1)①", "", 0},
    /* a title after the numbers, whole or its beginning */
    {"第2編 5.1 (1) 機器の取付け", "v2.taisaku.5.1.i1", 1},
    {"第2編 5.1 サーバ等の管理", "v2.taisaku.5.1", 1},
    {"5.1 サーバ等の…", "v2.taisaku.5.1 v3.taisaku.5.1", 2},
    {"第2編 5.1 ルータの管理", "", 0},
    /* the id in brackets, as reports and toc print it */
    {"第2編 5.1(1) [v2.taisaku.5.1.i1]", "v2.taisaku.5.1.i1", 1},
    {"5.1 サーバ等の管理  [v3.taisaku.5.1]", "v3.taisaku.5.1", 1},
    /* a checklist item's number; 第N章 without a volume */
    {"5.1-1", "self.5.1-1", 1},
    {"５．１－１", "self.5.1-1", 1},
    {"5.1-9", "", 0},
    {"第2章", "v2.taisaku v3.taisaku", 2},
  };
  for (size_t i = 0; i < sizeof cites / sizeof cites[0]; i++) {
    int n;
    s = resolved(db, cites[i].text, &n);
    CHECKF(!strcmp(s, cites[i].want) && n == cites[i].n, "citation '%s': %d candidates '%s', want %d '%s'",
           cites[i].text, n, s, cites[i].n, cites[i].want);
    free(s);
  }

  /* Circled numbers, items of items, an item number that also reads as a
   * citation, the same number in two checklists: the fixture with more
   * nodes and a second checklist. */
  CHECK(more_citations(content) == 0);

  /* JSON, made by SQLite. */
  CHECK(gn_json_rec(db, "v2.taisaku.5.1", collect_json, &b) == GN_OK);
  CHECK(strstr(b.s, "\"id\":\"v2.taisaku.5.1\",\"kind\":\"node\"") != NULL);
  CHECK(strstr(b.s, "\"volume\":2,\"number\":\"5.1\"") != NULL);
  /* every level of the path is "number title", the volume's too */
  CHECK(strstr(b.s, "\"path\":[\"第2編 例文\",\"第2章 対策基準\",\"5 物理的セキュリティ\",\"5.1 サーバ等の管理\"]") != NULL);
  CHECK(strstr(b.s, "\"counterpart\":\"v3.taisaku.5.1\"") != NULL);
  CHECK(strstr(b.s, "\"points\":[\"m13.1\"]") != NULL);
  CHECK(strstr(b.s, "\"body\":\"情報システム管理者は") != NULL);
  gn_buf_free(&b);
  /* a listing's line leaves the body out (no "body": null) */
  CHECK(gn_json_brief(db, "v2.taisaku.5.1", collect_json, &b) == GN_OK);
  CHECK(strstr(b.s, "\"body\"") == NULL);
  CHECK(strstr(b.s, "\"path\":[\"第2編 例文\",") != NULL);
  CHECK(strstr(b.s, "\"depth\":3,") != NULL && strstr(b.s, "\"children\":") != NULL);
  gn_buf_free(&b);
  CHECK(gn_json_rec(db, "m13.1", collect_json, &b) == GN_OK);
  CHECK(strstr(b.s, "\"remarks\":[{\"role\":\"member\",\"inferred\":true,") != NULL);
  CHECK(strstr(b.s, "\"nodes\":[\"v2.taisaku.5.1\",\"v3.taisaku.5.1\"]") != NULL);
  CHECK(strstr(b.s, "\"meeting\":{\"id\":\"m13\",\"number\":13,\"date\":\"2024-07-22\"") != NULL);
  gn_buf_free(&b);
  CHECK(gn_json_rec(db, "self.5.1-1", collect_json, &b) == GN_OK);
  CHECK(strstr(b.s, "\"evidence\":[\"機器台帳\",\"点検記録\"]") != NULL);
  gn_buf_free(&b);
  gn_link l = {"x\"y", "node", "t\x1b", "", 0, "out", "see"};
  CHECK(gn_json_link(db, &l, collect_json, &b) == GN_OK);
  CHECK_STR(b.s, "{\"id\":\"x\\\"y\",\"kind\":\"node\",\"title\":\"t\\u001b\",\"number\":null,\"volume\":null,"
                 "\"direction\":\"out\",\"relation\":\"see\"}");
  gn_buf_free(&b);
  gn_close(db);

  /* Files that are not an index of this version. */
  test_write(".", "junk.db", "this is not sqlite, just text\n", 30);
  CHECK(gn_open("junk.db", &db, &msg) == GN_EIO && strstr(msg, "not a guidenav index"));
  free(msg);
  CHECK(gn_open("missing.db", &db, &msg) == GN_EIO && strstr(msg, "no index there"));
  free(msg);
  sqlite3 *raw;
  sqlite3_open("other.db", &raw);
  sqlite3_exec(raw, "CREATE TABLE x(y)", NULL, NULL, NULL);
  sqlite3_close(raw);
  CHECK(gn_open("other.db", &db, &msg) == GN_EIO && strstr(msg, "not a guidenav index"));
  free(msg);
  /* An index from another schema version, and one from another tokenizer. */
  size_t glen;
  char *gbytes = test_read("g.db", &glen);
  test_write(".", "old.db", gbytes, glen);
  test_write(".", "tok.db", gbytes, glen);
  free(gbytes);
  sqlite3_open("old.db", &raw);
  sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close(raw);
  CHECK(gn_open("old.db", &db, &msg) == GN_EIO && strstr(msg, "schema version 99") && strstr(msg, "rebuild"));
  free(msg);
  sqlite3_open("tok.db", &raw);
  sqlite3_exec(raw, "UPDATE meta SET value = '0' WHERE key = 'tokenizer_version'", NULL, NULL, NULL);
  sqlite3_close(raw);
  CHECK(gn_open("tok.db", &db, &msg) == GN_EIO && strstr(msg, "tokenizer version 0") && strstr(msg, "rebuild"));
  free(msg);

  /* A build that cannot write leaves nothing behind. */
  CHECK(build(content, "no/such/dir/g.db") == GN_EIO);
  CHECK(access("no", F_OK) != 0);

  free(content);
  if (chdir("/") != 0)
    return 99;
  test_rmtree(dir);
  free(dir);
  return test_done();
}
