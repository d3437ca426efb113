/* fuzz-search.c — gn_search with arbitrary query bytes on a small index.
 *
 * The index is built once per process from tests/fixtures/mini (the path
 * is compiled in; $GN_FUZZ_FIXTURE overrides it) with the library's own
 * builder, into a temporary folder removed at exit, and opened with gn_open
 * as the program opens it.  The query is the input up to its first NUL.
 *
 * Invariants (search.h):
 *  - no query is an error: gn_search and gn_search_count return GN_OK or
 *    GN_NOTFOUND (never GN_EIO: an SQL or FTS5 error), GN_OK exactly when
 *    a hit was delivered;
 *  - every hit has its id, kind, title and path; it is exact when its title
 *    key is the query's; its snippet is one line of valid UTF-8; its matches are sorted, disjoint, non-empty byte ranges
 *    inside the snippet on character boundaries; gn_hit_marked and
 *    gn_json_hit work on it;
 *  - the full ranked list has as many hits as gn_search_count counts, and
 *    the same records as the fast unranked order; it puts exact title
 *    matches first, then higher scores, ties in rowid order; a page
 *    (offset, limit) of the ranked list is that slice of the full list, and
 *    opts.volume = N keeps the full list's hits of volume N, in order.
 * The same bytes go to gn_resolve (api.h; ids and citations such as
 * 「第3編 5.1」, typed by the user too): it returns the number of
 * candidates it called back with, never an error.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "build.h"
#include "check.h"
#include "fuzz.h"
#include "load.h"
#include "search.h"

#ifndef GN_FUZZ_FIXTURE
#define GN_FUZZ_FIXTURE "tests/fixtures/mini"
#endif

static gn_db *db;
static char *tmpdir, *dbpath;

static void cleanup(void)
{
  gn_close(db);
  db = NULL;
  if (dbpath)
    unlink(dbpath);
  if (tmpdir)
    rmdir(tmpdir);
  free(dbpath);
  free(tmpdir);
}

static void setup(void)
{
  const char *fixture = getenv("GN_FUZZ_FIXTURE");
  if (!fixture || !*fixture)
    fixture = GN_FUZZ_FIXTURE;
  const char *base = getenv("TMPDIR");
  tmpdir = gn_xasprintf("%s/guidenav-fuzz-XXXXXX", base && *base ? base : "/tmp");
  FUZZ_CHECK(mkdtemp(tmpdir) != NULL, "mkdtemp %s", tmpdir);
  dbpath = gn_xasprintf("%s/mini.db", tmpdir);
  atexit(cleanup);
  gn_content c;
  gn_content_init(&c);
  gn_diags d = {0};
  int errs = gn_load_dir(fixture, &c, &d);
  errs += gn_check(&c, &d);
  if (errs || d.n)
    gn_diags_print(&d, stderr);
  FUZZ_CHECK(errs == 0 && d.n == 0, "the fixture %s does not load", fixture);
  FUZZ_CHECK(gn_build_write(&c, dbpath, NULL, &d) == GN_OK, "building %s", dbpath);
  gn_diags_free(&d);
  gn_content_free(&c);
  char *msg = NULL;
  FUZZ_CHECK(gn_open(dbpath, &db, &msg) == GN_OK, "gn_open: %s", msg ? msg : "");
  free(msg);
}

typedef struct seen {
  int64_t rid;
  int exact, volume;
  double score;
} seen;

typedef struct hits {
  seen *v;
  int n, cap;
  const char *key;   /* the query's title key, NULL when it has none */
} hits;

static int json_ok(const char *json, void *ctx)
{
  (void)ctx;
  FUZZ_CHECK(json && json[0] == '{', "gn_json_hit gave %s", json ? json : "NULL");
  return 0;
}

static int on_hit(const gn_hit *h, void *ctx)
{
  hits *k = ctx;
  FUZZ_CHECK(h->id && h->kind && h->title && h->path && h->snippet, "a hit without its fields");
  size_t n = strlen(h->snippet);
  FUZZ_CHECK(fuzz_valid_utf8(h->snippet, n) && !memchr(h->snippet, '\n', n),
             "%s: the snippet is not one line of UTF-8", h->id);
  unsigned char *bound = fuzz_boundaries(h->snippet, n);
  for (size_t i = 0; i < h->nmatches; i++) {
    const gn_span *m = &h->matches[i];
    FUZZ_CHECK(m->start < m->end && m->end <= n && bound[m->start] && bound[m->end],
               "%s: match [%zu,%zu) in a snippet of %zu bytes", h->id, m->start, m->end, n);
    FUZZ_CHECK(i == 0 || m->start >= h->matches[i - 1].end, "%s: match %zu overlaps", h->id, i);
  }
  free(bound);
  free(gn_hit_marked(h, "[", "]"));
  FUZZ_CHECK(gn_json_hit(gn_sqlite(db), h, json_ok, NULL) == GN_OK, "gn_json_hit: %s",
             sqlite3_errmsg(gn_sqlite(db)));
  /* exact: the normalised title equals the query */
  int exact = 0;
  if (k->key) {
    char *tk = gn_title_key(h->title, strlen(h->title));
    exact = !strcmp(tk, k->key);
    free(tk);
  }
  FUZZ_CHECK(h->exact == exact, "%s: exact %d, but its title key %s the query's", h->id, h->exact,
             exact ? "is" : "is not");
  seen x = {h->rid, h->exact, h->volume, h->score};
  GN_PUSH(k->v, k->n, k->cap, x);
  return 0;
}

static int search(const char *q, int ranked, int offset, int limit, int volume, hits *k)
{
  gn_search_opts o = {limit, offset, volume, ranked};
  int rc = gn_search(gn_sqlite(db), q, &o, on_hit, k);
  FUZZ_CHECK(rc == GN_OK || rc == GN_NOTFOUND,
             "gn_search (ranked %d, offset %d, limit %d, volume %d) = %d: %s", ranked, offset, limit,
             volume, rc, sqlite3_errmsg(gn_sqlite(db)));
  FUZZ_CHECK((rc == GN_OK) == (k->n > 0), "gn_search = %d with %d hits", rc, k->n);
  return rc;
}

static int on_rec(const gn_rec *r, void *ctx)
{
  FUZZ_CHECK(r->id && r->kind && r->title, "gn_resolve: a record without its fields");
  ++*(int *)ctx;
  return 0;
}

static int cmp_rid(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!db)
    setup();
  char *q = fuzz_cstr(data, size);

  gn_query *pq = gn_query_parse(q);
  hits full = {0}, fast = {0}, page = {0};
  full.key = fast.key = page.key = pq->key;
  search(q, 1, 0, 0, 0, &full);
  /* rank order: exact title matches first, then by score, ties by rowid */
  for (int i = 1; i < full.n; i++) {
    const seen *x = &full.v[i - 1], *y = &full.v[i];
    FUZZ_CHECK(x->exact > y->exact ||
               (x->exact == y->exact &&
                (x->score > y->score || (x->score == y->score && (x->exact || x->rid < y->rid)))),
               "hit %d (exact %d, score %g, rid %lld) before hit %d (exact %d, score %g, rid %lld)",
               i - 1, x->exact, x->score, (long long)x->rid, i, y->exact, y->score, (long long)y->rid);
  }
  int64_t count = -1;
  int rc = gn_search_count(gn_sqlite(db), q, NULL, &count);
  FUZZ_CHECK(rc == GN_OK || rc == GN_NOTFOUND, "gn_search_count = %d: %s", rc,
             sqlite3_errmsg(gn_sqlite(db)));
  FUZZ_CHECK(count == full.n && (rc == GN_OK) == (count > 0),
             "gn_search_count = %d, %lld; the ranked search gave %d hits", rc, (long long)count,
             full.n);

  search(q, 0, 0, 0, 0, &fast);
  FUZZ_CHECK(fast.n == full.n, "%d hits unranked, %d ranked", fast.n, full.n);
  if (full.n > 1) {
    int64_t *a = gn_xmalloc((size_t)full.n * sizeof *a), *b = gn_xmalloc((size_t)full.n * sizeof *b);
    for (int i = 0; i < full.n; i++) {
      a[i] = full.v[i].rid;
      b[i] = fast.v[i].rid;
    }
    qsort(a, (size_t)full.n, sizeof *a, cmp_rid);
    qsort(b, (size_t)full.n, sizeof *b, cmp_rid);
    FUZZ_CHECK(!memcmp(a, b, (size_t)full.n * sizeof *a), "ranked and unranked hits differ");
    for (int i = 1; i < full.n; i++)
      FUZZ_CHECK(a[i] != a[i - 1], "record %lld is a hit twice", (long long)a[i]);
    free(a);
    free(b);

    int off = 1, lim = 2;
    search(q, 1, off, lim, 0, &page);
    int want = full.n - off < lim ? full.n - off : lim;
    FUZZ_CHECK(page.n == want, "page (1, 2) has %d hits of %d", page.n, full.n);
    for (int i = 0; i < page.n; i++)
      FUZZ_CHECK(page.v[i].rid == full.v[off + i].rid, "page hit %d is not hit %d of the full list", i,
                 off + i);
  }
  /* opts.volume: the full list's hits of that volume, in the same order */
  hits vol = {0};
  vol.key = pq->key;
  int v = 2 + (int)(size % 2);
  search(q, 1, 0, 0, v, &vol);
  int j = 0;
  for (int i = 0; i < full.n; i++)
    if (full.v[i].volume == v) {
      FUZZ_CHECK(j < vol.n && vol.v[j].rid == full.v[i].rid,
                 "volume %d: hit %d is not record %lld, hit %d of the full list", v, j,
                 (long long)full.v[i].rid, i);
      j++;
    }
  FUZZ_CHECK(j == vol.n, "volume %d: %d hits, the full list has %d of that volume", v, vol.n, j);
  free(vol.v);

  int ncands = 0, nres = gn_resolve(db, q, on_rec, &ncands);
  FUZZ_CHECK(nres >= 0 && nres == ncands, "gn_resolve = %d with %d candidates: %s", nres, ncands,
             gn_errmsg(db));

  free(full.v);
  free(fast.v);
  free(page.v);
  gn_query_free(pq);
  free(q);
  return 0;
}
