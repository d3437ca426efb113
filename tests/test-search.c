/* test-search.c — search over an in-memory index made from schema.c and
 * fixture records: hit sets equal a brute-force normalised-substring scan,
 * snippets and match offsets cover exactly the matched characters, JSON
 * offsets are characters, hostile and random queries never fail, filters,
 * paging, ranking order (exact title, title, body), database errors. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "jatok.h"
#include "query.h"
#include "schema.h"
#include "search.h"
#include "testlib.h"
#include "util.h"


/* ---- fixture ----------------------------------------------------------- */

typedef struct rec {
  const char *id, *kind, *title, *body;
  int volume;
} rec;

/* Hand-written records (rids 1..) for ranking, filters and snippets. */
static const rec fixed[] = {
  { "v2.5.1", "node", "情報セキュリティ監査", "監査の実施について定める。", 2 },
  { "v2.5.2", "node", "外部委託", "委託先に対しては、必要に応じて監査を行う。", 2 },
  { "v3.5.1", "node", "監査", "情報セキュリティ監査の解説。", 3 },
  { "v3.6.1", "node", "暗号化", "暗号鍵の管理、鍵の保管。ＳＬＡに定める。", 3 },
  { "v4.1", "node", "クラウドサービスの利用", "ｸﾗｳﾄﾞ・サービス事業者とのＳＬＡ、責任分界点を確認する。", 4 },
  { "p13.1", "point", "ISMAP登録サービスの利用", "構成員：ISMAP登録済みのクラウドサービスを利用すること。", 0 },
  { "p13.2", "point", "サーバーの管理", "サーバ室への入退室を管理する。サーバーの設定。", 0 },
  { "c1.1", "item", "ＳＬＡを締結しているか", "SLAsの内容、3A方式の認証、３Ａ。", 0 },
  { "t.sla", "term", "SLA", "サービスレベル合意。", 0 },
  { "t.key", "term", "鍵", "暗号で用いる秘密の値。𠮷野の人々は3ヶ月ごとに鍵を替える。", 0 },
  { "v1.1", "node", "総則", "", 1 },
  /* title weight: a long title containing 監視 once must beat a short body
     containing it three times */
  { "v2.7.1", "node", "ネットワークの監視体制とログの取得および保管に関する事項",
    "通信回線の構成を定める。外部との接続点を明らかにし、接続の可否を判断する。", 2 },
  { "p13.3", "point", "その他", "監視。監視を強化する。監視。", 0 },
  /* exact title match of separated Latin words */
  { "v4.9", "node", "Cloud Service Provider", "cloud service cloud service", 4 },
  { "t.cs", "term", "Cloud  Service", "ｸﾗｳﾄﾞのサービス。", 0 },
  /* idf: equal lengths, a common and a rare term */
  { "v2.8.1", "node", "資産甲", "台帳を備える。", 2 },
  { "v2.8.2", "node", "資産乙", "台帳を作る。", 2 },
  { "v2.8.3", "node", "資産丙", "台帳を保つ。", 2 },
  { "v2.8.4", "node", "資産丁", "棚卸を行う。", 2 },
  { "v2.9.9", "node", "長い本文",
    "この節は長い。前置きの文章がしばらく続き、本題とは関係のない内容が書かれている。"
    "さらに前置きが続く。ここでも関係のない話題が続いている。まだ続く。"
    "そしてようやく耐タンパ性についての記述がここに現れる。その後にも文章が続き、"
    "関係のない説明が長々と書かれていて、最後まで読む人は少ない。さらに続く。もっと続く。", 2 },
};
#define NFIXED (int)(sizeof fixed / sizeof fixed[0])

/* Pieces from which deterministic generated records are built, with every
 * width and spelling variant the normaliser folds. */
static const char *pieces[] = {
  "監査", "内部監査", "鍵", "暗号鍵", "暗号化", "責任分界点", "SLA", "ＳＬＡ", "SLAs",
  "sla", "ｸﾗｳﾄﾞ", "クラウド", "クラウドサービス事業者", "サーバ", "サーバー", "ｻｰﾊﾞｰ",
  "ISMAP", "ISMAP登録", "ＩＳＭＡＰ登録", "3A", "３Ａ", "３ａ", "ID", "ＩＤ", "IDS",
  "情報", "情報セキュリティ", "ポリシー", "ﾎﾟﾘｼｰ", "データ", "データベース", "ログ",
  "ログイン", "人々", "3ヶ月", "𠮷野", "管理者", "管理", "の", "を", "は", "、", "。",
  " ", "　", "（", "）", "・", "🔑", "ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン", "パスワード", "ﾊﾟｽﾜｰﾄﾞ",
  "耐タンパ性", "バックアップ", "規程", "Wi-Fi", "e-Gov", "v2.0",
};
#define NPIECES (int)(sizeof pieces / sizeof pieces[0])
#define NGEN 600
#define NEXTRA 8

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
  rng_state = rng_state * 1103515245u + 12345u;
  return (rng_state >> 8) & 0xFFFFFF;
}

typedef struct row {
  int64_t rid;
  char *id, *kind, *title, *body;
  int volume;
} row;

static row rows[NFIXED + NGEN + NEXTRA];
static int nrows;

static char *gen_text(int minp, int maxp)
{
  gn_buf b = { 0 };
  gn_buf_add(&b, "", 0);
  int n = minp + (int)(rnd() % (uint32_t)(maxp - minp + 1));
  for (int i = 0; i < n; i++)
    gn_buf_puts(&b, pieces[rnd() % NPIECES]);
  return b.s;
}

/* An index of the fixture (and generated) records.  pgsz > 0: FTS5 leaf
 * pages of that size (small ones make doclists and position lists span
 * pages), plus a few records that repeat terms; segments = 2: fts filled in
 * two transactions and left unmerged; doclen: gn_search_index's tables
 * written. */
static sqlite3 *make_db_opts(int generated, int pgsz, int segments, int doclen)
{
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK || gn_jatok_register(db) != SQLITE_OK ||
      sqlite3_exec(db, gn_schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
    fprintf(stderr, "setup: %s\n", sqlite3_errmsg(db));
    exit(1);
  }
  if (pgsz > 0) {
    char *cfg = sqlite3_mprintf("INSERT INTO fts(fts, rank) VALUES('pgsz', %d)", pgsz);
    sqlite3_exec(db, cfg, NULL, NULL, NULL);
    sqlite3_free(cfg);
  }
  static const char *kinds[] = { "node", "point", "item", "term" };
  nrows = 0;
  for (int i = 0; i < NFIXED; i++)
    rows[nrows++] = (row){ i + 1, gn_xstrdup(fixed[i].id), gn_xstrdup(fixed[i].kind),
                           gn_xstrdup(fixed[i].title), gn_xstrdup(fixed[i].body),
                           fixed[i].volume };
  for (int i = 0; generated && i < NGEN; i++) {
    const char *kind = kinds[rnd() % 4];
    rows[nrows++] = (row){ NFIXED + i + 1, gn_xasprintf("g%d", i), gn_xstrdup(kind),
                           gen_text(1, 3), gen_text(0, 25),
                           strcmp(kind, "node") == 0 ? 1 + (int)(rnd() % 4) : 0 };
  }
  for (int i = 0; pgsz > 0 && i < NEXTRA; i++) {
    /* long position lists: one term many times, in title and body */
    gn_buf b = { 0 };
    gn_buf_add(&b, "", 0);
    for (int k = 0; k < 40 + 30 * i; k++)
      gn_buf_puts(&b, pieces[(i + (k % 3 == 0 ? k : 0)) % NPIECES]);
    /* the last one longer than doclen stores (4095 tokens) */
    for (int k = 0; i == NEXTRA - 1 && k < 1500; k++)
      gn_buf_puts(&b, "監査の鍵");
    rows[nrows] = (row){ nrows + 1, gn_xasprintf("x%d", i), gn_xstrdup("node"),
                         gn_xstrdup(pieces[i % NPIECES]), b.s, 1 };
    nrows++;
  }
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db,
    "INSERT INTO rec(rid, id, kind, title, body, volume, path, ord, file, line)"
    " VALUES(?1, ?2, ?3, ?4, ?5, nullif(?6, 0), ?7, ?1, 'fixture.yaml', ?1)", -1, &st, NULL);
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  for (int i = 0; i < nrows; i++) {
    sqlite3_bind_int64(st, 1, rows[i].rid);
    sqlite3_bind_text(st, 2, rows[i].id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rows[i].kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, rows[i].title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, rows[i].body, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, rows[i].volume);
    char *path = gn_xasprintf("第%d編 › %s", rows[i].volume, rows[i].title);
    sqlite3_bind_text(st, 7, path, -1, SQLITE_TRANSIENT);
    free(path);
    if (sqlite3_step(st) != SQLITE_DONE) {
      fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
      exit(1);
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  /* a record that is not searchable: must never be a hit */
  sqlite3_exec(db,
    "INSERT INTO rec(rid, id, kind, title, body, volume, path, ord, file, line)"
    " VALUES(9999, 'm13', 'meeting', '第13回 監査', '監査 鍵 SLA', NULL, '', 9999, 'x', 1);"
    "COMMIT;", NULL, NULL, NULL);
  /* one transaction each: two segments when segments = 2 */
  int half = segments == 2 ? nrows / 2 : nrows;
  for (int part = 0; part < 2; part++) {
    char *fill = sqlite3_mprintf(
      "INSERT INTO fts(rowid, title, body) SELECT rid, title, body FROM rec"
      "  WHERE kind IN ('node', 'point', 'item', 'term') AND rid %s %d",
      part ? ">" : "<=", half);
    sqlite3_exec(db, fill, NULL, NULL, NULL);
    sqlite3_free(fill);
  }
  if (doclen && gn_search_index(db) != SQLITE_OK) {
    fprintf(stderr, "gn_search_index: %s\n", sqlite3_errmsg(db));
    exit(1);
  }
  return db;
}

static sqlite3 *make_db(int generated)
{
  return make_db_opts(generated, 0, 1, 1);
}

static void free_rows(void);

/* ---- collecting hits --------------------------------------------------- */

typedef struct hits {
  int n;
  int64_t rid[NFIXED + NGEN + NEXTRA + 8];
  int exact[NFIXED + NGEN + NEXTRA + 8];
  double score[NFIXED + NGEN + NEXTRA + 8];
  int bad;            /* a structural problem seen in a hit */
  const char *check_norm;   /* when set: every match must normalise to this */
} hits;

static int snippet_cols(const char *s)
{
  int w = 0;
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int l = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (l <= 0) {
      return -1;
    }
    w += (cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                           (cp >= 0xFF00 && cp <= 0xFF60) || cp >= 0x1F300)) ? 2 : 1;
    i += (size_t)l;
  }
  return w;
}

static int collect(const gn_hit *h, void *ctx)
{
  hits *c = ctx;
  c->rid[c->n] = h->rid;
  c->exact[c->n] = h->exact;
  c->score[c->n] = h->score;
  c->n++;
  if (!h->id || !h->kind || !h->title || !h->path || !h->snippet) {
    c->bad++;
    return 0;
  }
  if (strchr(h->snippet, '\n') || strchr(h->snippet, '\t') || snippet_cols(h->snippet) < 0 ||
      snippet_cols(h->snippet) > 104) {
    fprintf(stderr, "bad snippet (%d cols): %s\n", snippet_cols(h->snippet), h->snippet);
    c->bad++;
  }
  size_t len = strlen(h->snippet);
  for (size_t i = 0; i < h->nmatches; i++) {
    const gn_span *m = &h->matches[i];
    if (m->start >= m->end || m->end > len || (i > 0 && m->start < h->matches[i - 1].end)) {
      fprintf(stderr, "bad match %zu-%zu in %s\n", m->start, m->end, h->snippet);
      c->bad++;
      continue;
    }
    if (c->check_norm) {
      char *nm = gn_jatok_normalize(h->snippet + m->start, m->end - m->start, NULL);
      if (strcmp(nm, c->check_norm) != 0) {
        fprintf(stderr, "match \"%.*s\" (%s) is not \"%s\" in %s\n", (int)(m->end - m->start),
                h->snippet + m->start, nm, c->check_norm, h->snippet);
        c->bad++;
      }
      free(nm);
    }
  }
  return 0;
}

static int search(sqlite3 *db, const char *q, int limit, int offset, int volume, int ranked,
                  hits *c)
{
  gn_search_opts o = { limit, offset, volume, ranked };
  const char *keep = c->check_norm;
  memset(c, 0, sizeof *c);
  c->check_norm = keep;
  return gn_search(db, q, &o, collect, c);
}

/* ---- brute force -------------------------------------------------------- */

static int is_word_at(const char *s, size_t len, size_t p, int before)
{
  uint32_t cp;
  if (before) {
    if (p == 0)
      return 0;
    size_t q = p - 1;
    while (q > 0 && ((unsigned char)s[q] & 0xC0) == 0x80)
      q--;
    if (gn_utf8_decode((const unsigned char *)s + q, p - q, &cp) <= 0)
      return 0;
  } else {
    if (p >= len || gn_utf8_decode((const unsigned char *)s + p, len - p, &cp) <= 0)
      return 0;
  }
  return gn_jatok_class(cp) == GN_JATOK_WORD;
}

/* Does the normalised term nq occur in text, as the index should find it:
 * a substring of the normalised text that does not cut a Latin/digit word
 * (except at its end when prefix). */
static int occurs(const char *text, const char *nq, int prefix)
{
  size_t tl, ql = strlen(nq);
  char *nt = gn_jatok_normalize(text, strlen(text), &tl);
  uint32_t first, last;
  gn_utf8_decode((const unsigned char *)nq, ql, &first);
  size_t lp = ql - 1;
  while (lp > 0 && ((unsigned char)nq[lp] & 0xC0) == 0x80)
    lp--;
  gn_utf8_decode((const unsigned char *)nq + lp, ql - lp, &last);
  int found = 0;
  for (const char *p = nt; !found && (p = strstr(p, nq)) != NULL; p++) {
    size_t at = (size_t)(p - nt);
    if (gn_jatok_class(first) == GN_JATOK_WORD && is_word_at(nt, tl, at, 1))
      continue;
    if (gn_jatok_class(last) == GN_JATOK_WORD && !prefix && is_word_at(nt, tl, at + ql, 0))
      continue;
    found = 1;
  }
  free(nt);
  return found;
}

static void test_brute_force(sqlite3 *db)
{
  /* single terms and AND of terms, without separators inside a term */
  static const char *queries[] = {
    "監査", "鍵", "暗号化", "責任分界点", "SLA", "ＳＬＡ", "sla", "\"SLA\"", "ｸﾗｳﾄﾞ",
    "クラウド", "クラウドサービス事業者", "サービス", "サーバ", "サーバー", "ｻｰﾊﾞ", "ISMAP登録",
    "ＩＳＭＡＰ", "3A", "３ａ", "\"3a\"", "ID", "\"ID\"", "IDS", "情報", "情報セキュリティ",
    "ポリシー", "ﾎﾟﾘｼ", "データ", "ータ", "ベース", "ログ", "グイ", "々", "人々", "ヶ月",
    "3ヶ月", "𠮷", "𠮷野", "管理", "理者", "の", "を", "パス", "ﾊﾟｽﾜｰﾄﾞ", "ガイド", "ｶﾞｲ",
    "耐タンパ性", "タンパ", "バックアップ", "規程", "wi", "gov", "v2", "監査 鍵", "SLA 監査",
    "暗号 ID", "サーバ ログ 管理", "監査の", "鍵の", "量子暗号", "セキュ", "キ",
  };
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
    gn_query *q = gn_query_parse(queries[i]);
    int expect = 0;
    static char want[NFIXED + NGEN + NEXTRA + 8];
    memset(want, 0, sizeof want);
    for (int r = 0; r < nrows; r++) {
      int all = 1;
      for (int k = 0; k < q->nterms && all; k++)
        all = occurs(rows[r].title, q->terms[k].norm, q->terms[k].prefix) ||
              occurs(rows[r].body, q->terms[k].norm, q->terms[k].prefix);
      if (all && q->nterms > 0) {
        want[r] = 1;
        expect++;
      }
    }
    hits c;
    memset(&c, 0, sizeof c);
    c.check_norm = q->nterms == 1 ? q->terms[0].norm : NULL;
    int st = search(db, queries[i], 0, 0, 0, 1, &c);
    CHECKF(st == (expect ? GN_OK : GN_NOTFOUND), "%s: status %d, expected %d hits",
          queries[i], st, expect);
    CHECKF(c.n == expect, "%s: %d hits, brute force %d", queries[i], c.n, expect);
    CHECKF(c.bad == 0, "%s: %d bad hits", queries[i], c.bad);
    int mism = 0;
    for (int h = 0; h < c.n; h++)
      if (c.rid[h] < 1 || c.rid[h] > nrows || !want[c.rid[h] - 1])
        mism++;
    CHECKF(mism == 0, "%s: %d hits the brute force does not have", queries[i], mism);
    int64_t cnt;
    gn_search_count(db, queries[i], NULL, &cnt);
    CHECKF(cnt == expect, "%s: count %lld, want %d", queries[i], (long long)cnt, expect);
    /* the fast first page finds the same set */
    c.check_norm = NULL;
    search(db, queries[i], 0, 0, 0, 0, &c);
    CHECKF(c.n == expect, "%s: unranked %d hits, want %d", queries[i], c.n, expect);
    for (int h = 1; h < c.n; h++)
      CHECKF(c.rid[h] > c.rid[h - 1], "%s: unranked not in document order", queries[i]);
    gn_query_free(q);
  }
}

/* ---- ranking, filters, paging ------------------------------------------ */

static int count_tokens(void *ctx, const gn_jatoken *t)
{
  (void)t;
  ++*(int *)ctx;
  return 0;
}

/* Does gn_search's full ranking of query give the order of scoring every row:
 * the order of FTS5's own bm25() (exact title matches aside) and of gn_rank? */
static void check_reference(sqlite3 *db, const char *query, const char *what)
{
  gn_query *q = gn_query_parse(query);
  hits c = { 0 };
  int st = search(db, query, 0, 0, 0, 1, &c);
  CHECKF(st == GN_OK || (st == GN_NOTFOUND && c.n == 0), "%s%s: status %d", what, query, st);
  int keytoks = 0;
  if (q->key)
    gn_jatok_tokenize(q->key, strlen(q->key), GN_JATOK_DOCUMENT, count_tokens, &keytoks);
  static const char *sql[] = {
    "SELECT fts.rowid FROM fts CROSS JOIN rec ON rec.rid = fts.rowid WHERE fts MATCH ?1"
    " AND (?4 = 0 OR rec.kind = 'node') ORDER BY bm25(fts, 10.0, 1.0), fts.rowid",
    "SELECT fts.rowid, gn_rank(fts, 10.0, 1.0, ?2, ?3) FROM fts CROSS JOIN rec"
    " ON rec.rid = fts.rowid WHERE fts MATCH ?1 AND (?4 = 0 OR rec.kind = 'node')"
    " ORDER BY gn_rank(fts, 10.0, 1.0, ?2, ?3) DESC, fts.rowid",
  };
  for (int v = 0; v < 2; v++) {
    sqlite3_stmt *s1;
    CHECKF(sqlite3_prepare_v2(db, sql[v], -1, &s1, NULL) == SQLITE_OK, "prepare %s",
          sqlite3_errmsg(db));
    sqlite3_bind_text(s1, 1, q->match, -1, SQLITE_STATIC);
    if (q->key)
      sqlite3_bind_text(s1, 2, q->key, -1, SQLITE_STATIC);
    sqlite3_bind_int(s1, 3, keytoks);
    sqlite3_bind_int(s1, 4, q->kinds != 0);
    int k = 0, same = 1, n = 0;
    while (sqlite3_step(s1) == SQLITE_ROW) {
      int64_t rid = sqlite3_column_int64(s1, 0);
      n++;
      if (v == 0) {      /* bm25 knows nothing of exact titles: skip them */
        int ex = 0;
        for (int j = 0; j < c.n; j++)
          if (c.rid[j] == rid && c.exact[j])
            ex = 1;
        if (ex)
          continue;
        while (k < c.n && c.exact[k])
          k++;
      } else if (k < c.n) {  /* the same score, bonus aside */
        double want = sqlite3_column_double(s1, 1);
        if (want >= 1e9 / 2)
          want -= 1e9;
        if (c.score[k] != want)
          same = 0;
      }
      if (k >= c.n || c.rid[k] != rid)
        same = 0;
      k++;
    }
    sqlite3_finalize(s1);
    CHECKF(same && n == c.n, "%s%s: gn_search order differs from %s (%d rows, %d hits)", what,
          query, v ? "gn_rank" : "bm25()", n, c.n);
  }
  gn_query_free(q);
}

static void test_rank_reference(sqlite3 *db)
{
  static const char *queries[] = {
    "監査", "鍵", "SLA", "サーバ", "情報 セキュリティ", "クラウド ログ", "暗号 OR 規程",
    "の", "ID -管理", "ｸﾗｳﾄﾞ", "データ kind:node", "情報セキュリティ", "管理者", "ガイドライン",
  };
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
    check_reference(db, queries[i], "");
}

/* One-phrase queries read the index's doclists directly (search.c); the
 * ranking must be FTS5's, also when doclists, position lists and doclist
 * indexes span many small pages, and without doclen (lengths then come
 * from fts_docsize).  An index of two segments is not read directly, with
 * the same results. */
static void test_direct(void)
{
  static const char *queries[] = {
    "監査", "鍵", "暗号化", "SLA", "sla", "\"SLA\"", "ｸﾗｳﾄﾞ", "クラウドサービス事業者",
    "サーバ", "サーバー", "ISMAP登録", "3A", "\"3a\"", "ID", "\"ID\"", "情報",
    "情報セキュリティ", "ポリシー", "データベース", "ログ", "ログイン", "人々", "3ヶ月", "𠮷",
    "𠮷野", "管理者", "管理", "の", "を", "は", "パスワード", "耐タンパ性", "規程", "wi", "gov",
    "v2", "量子暗号", "キ", "理者", "ータ", "ガイドライン", "ｶﾞｲﾄﾞ", "監査監査", "鍵鍵",
  };
  static const struct {
    int pgsz, segments, doclen, direct;
  } cfg[] = {
    { 64, 1, 1, 1 }, { 64, 1, 0, 1 }, { 4050, 1, 1, 1 }, { 64, 2, 1, 0 },
  };
  for (size_t c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
    sqlite3 *db = make_db_opts(1, cfg[c].pgsz, cfg[c].segments, cfg[c].doclen);
    if (cfg[c].segments == 1)
      sqlite3_exec(db, "INSERT INTO fts(fts) VALUES('optimize')", NULL, NULL, NULL);
    char what[64];
    snprintf(what, sizeof what, "pgsz %d, %d segment(s), doclen %d: ", cfg[c].pgsz,
             cfg[c].segments, cfg[c].doclen);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
      unsigned long before = gn_search_direct_count();
      check_reference(db, queries[i], what);
      CHECKF((gn_search_direct_count() > before) == cfg[c].direct, "%s%s: read %sdirectly", what,
            queries[i], cfg[c].direct ? "not " : "");
      /* pages of the full ranking */
      hits all = { 0 }, page = { 0 };
      search(db, queries[i], 0, 0, 0, 1, &all);
      for (int off = 0; off < all.n; off += 9) {
        search(db, queries[i], 9, off, 0, 1, &page);
        int same = page.n == (all.n - off < 9 ? all.n - off : 9);
        for (int k = 0; same && k < page.n; k++)
          same = page.rid[k] == all.rid[off + k] && page.score[k] == all.score[off + k];
        CHECKF(same, "%s%s: page at %d differs from the full ranking", what, queries[i], off);
      }
    }
    /* the doclists really spanned pages */
    if (cfg[c].pgsz == 64 && cfg[c].segments == 1) {
      sqlite3_stmt *st;
      sqlite3_prepare_v2(db, "SELECT count(*), sum(id >> 36 & 1) FROM fts_data WHERE id > 10",
                         -1, &st, NULL);
      sqlite3_step(st);
      CHECKF(sqlite3_column_int(st, 0) > 500 && sqlite3_column_int(st, 1) > 0,
            "small pages: %d pages, %d doclist-index pages", sqlite3_column_int(st, 0),
            sqlite3_column_int(st, 1));
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    free_rows();
  }
}

static int64_t rid_of(const char *id)
{
  for (int i = 0; i < nrows; i++)
    if (strcmp(rows[i].id, id) == 0)
      return rows[i].rid;
  return -1;
}

static int pos_of(const hits *c, const char *id)
{
  int64_t rid = rid_of(id);
  for (int i = 0; i < c->n; i++)
    if (c->rid[i] == rid)
      return i;
  return -1;
}

static void test_ranking(sqlite3 *db)
{
  hits c = { 0 };
  /* exact title first, then title matches, then body-only matches */
  CHECKF(search(db, "監査", 0, 0, 0, 1, &c) == GN_OK, "監査");
  CHECKF(c.n == 3 && c.rid[0] == rid_of("v3.5.1") && c.exact[0], "監査: first is %lld",
        (long long)c.rid[0]);
  CHECKF(pos_of(&c, "v2.5.1") >= 0 && pos_of(&c, "v2.5.1") < pos_of(&c, "v2.5.2"),
        "監査: title match %d not above body match %d", pos_of(&c, "v2.5.1"),
        pos_of(&c, "v2.5.2"));
  for (int i = 1; i < c.n; i++) {
    CHECKF(!c.exact[i] || c.exact[i - 1], "exact hits first");
    if (c.exact[i] == c.exact[i - 1])
      CHECKF(c.score[i] <= c.score[i - 1] + 1e-9, "監査: scores not descending at %d", i);
  }
  /* the exact title match counts normalised: ＳＬＡ = SLA */
  CHECKF(search(db, "ＳＬＡ", 0, 0, 0, 1, &c) == GN_OK && c.rid[0] == rid_of("t.sla") &&
        c.exact[0], "ＳＬＡ: glossary term SLA first");
  CHECKF(search(db, "鍵", 0, 0, 0, 1, &c) == GN_OK && c.rid[0] == rid_of("t.key"), "鍵 first");
  CHECKF(search(db, "監視", 0, 0, 0, 1, &c) == GN_OK && c.n == 2 &&
        c.rid[0] == rid_of("v2.7.1") && !c.exact[0], "監視: the title match first");
  /* a title of many tokens (doclen stores "15 or more") */
  CHECKF(search(db, "ネットワークの監視体制とログの取得および保管に関する事項", 0, 0, 0, 1, &c) ==
        GN_OK && c.n == 1 && c.rid[0] == rid_of("v2.7.1") && c.exact[0], "long exact title");
  CHECKF(search(db, "ネットワークの監視体制とログの取得および保管に関する", 0, 0, 0, 1, &c) ==
        GN_OK && c.n == 1 && !c.exact[0], "long title, not exact");
  CHECKF(search(db, "cloud service", 0, 0, 0, 1, &c) == GN_OK && c.n == 2 &&
        c.rid[0] == rid_of("t.cs") && c.exact[0] && !c.exact[1], "cloud service: exact first");
  /* several phrases: the rarer term weighs more (idf) */
  CHECKF(search(db, "台帳 OR 棚卸", 0, 0, 0, 1, &c) == GN_OK && c.n == 4 &&
        c.rid[0] == rid_of("v2.8.4"), "idf: the rare term's record is at %d",
        pos_of(&c, "v2.8.4"));
  /* the meeting (not in fts) never appears */
  CHECKF(search(db, "第13回", 0, 0, 0, 1, &c) == GN_NOTFOUND, "meetings are not hits");
}

static void test_filters(sqlite3 *db)
{
  hits c = { 0 };
  CHECKF(search(db, "vol:3 監査", 0, 0, 0, 1, &c) == GN_OK && c.n == 1 &&
        c.rid[0] == rid_of("v3.5.1"), "vol:3 監査: %d hits", c.n);
  CHECKF(search(db, "監査", 0, 0, 3, 1, &c) == GN_OK && c.n == 1, "--volume 3 監査");
  CHECKF(search(db, "vol:2 監査", 0, 0, 3, 1, &c) == GN_NOTFOUND, "vol:2 and --volume 3");
  CHECKF(search(db, "vol:2 vol:3 監査", 0, 0, 3, 1, &c) == GN_OK && c.n == 1,
        "vol:2 vol:3 and --volume 3");
  CHECKF(search(db, "vol:99 監査", 0, 0, 0, 1, &c) == GN_NOTFOUND, "vol:99");
  CHECKF(search(db, "監査", 0, 0, 77, 1, &c) == GN_NOTFOUND, "--volume 77");
  int total;
  search(db, "鍵", 0, 0, 0, 1, &c);
  total = c.n;
  CHECKF(search(db, "kind:term 鍵", 0, 0, 0, 1, &c) == GN_OK, "kind:term 鍵");
  int nterm = c.n;
  for (int i = 0; i < c.n; i++)
    CHECKF(strcmp(rows[c.rid[i] - 1].kind, "term") == 0, "kind:term gave a %s",
          rows[c.rid[i] - 1].kind);
  CHECKF(search(db, "-kind:term 鍵", 0, 0, 0, 1, &c) == GN_OK && c.n == total - nterm,
        "-kind:term: %d + %d != %d", c.n, nterm, total);
  CHECKF(search(db, "kind:term", 0, 0, 0, 1, &c) == GN_NOTFOUND, "filter only: no hits");
  CHECKF(search(db, "-監査", 0, 0, 0, 1, &c) == GN_NOTFOUND, "negative only: no hits");
  /* exclusion */
  search(db, "監査", 0, 0, 0, 1, &c);
  int with = c.n;
  search(db, "監査 鍵", 0, 0, 0, 1, &c);
  int both = c.n;
  CHECKF(search(db, "監査 -鍵", 0, 0, 0, 1, &c) == GN_OK && c.n == with - both,
        "監査 -鍵: %d, want %d", c.n, with - both);
  /* OR */
  search(db, "責任分界点", 0, 0, 0, 1, &c);
  int a = c.n;
  search(db, "耐タンパ性", 0, 0, 0, 1, &c);
  int b = c.n;
  search(db, "責任分界点 耐タンパ性", 0, 0, 0, 1, &c);
  int ab = c.n;
  CHECKF(search(db, "責任分界点 OR 耐タンパ性", 0, 0, 0, 1, &c) == GN_OK && c.n == a + b - ab,
        "OR: %d, want %d", c.n, a + b - ab);
}

static void test_paging(sqlite3 *db)
{
  hits all = { 0 }, page = { 0 };
  for (int ranked = 0; ranked <= 1; ranked++) {
    search(db, "の", 0, 0, 0, ranked, &all);
    CHECKF(all.n > 50, "の: %d hits", all.n);
    int seen = 0;
    for (int off = 0; off < all.n; off += 7) {
      search(db, "の", 7, off, 0, ranked, &page);
      CHECKF(page.n == (all.n - off < 7 ? all.n - off : 7), "page at %d: %d hits", off, page.n);
      for (int i = 0; i < page.n; i++)
        if (page.rid[i] == all.rid[off + i])
          seen++;
    }
    CHECKF(seen == all.n, "paging (ranked=%d) gives the same sequence: %d of %d", ranked, seen,
          all.n);
    CHECKF(search(db, "の", 5, all.n, 0, ranked, &page) == GN_NOTFOUND, "offset past the end");
    if (!ranked)
      for (int i = 0; i < all.n; i++)
        CHECKF(all.score[i] == 0.0, "unranked score");
    else
      CHECKF(all.score[0] > 0.0, "ranked score %f", all.score[0]);
  }
}

/* ---- snippets, markers, JSON ------------------------------------------- */

typedef struct one {
  char *snippet, *marked;
  gn_span m[16];
  size_t nm;
  char *json;
  sqlite3 *db;
} one;

static int json_cb(const char *json, void *ctx)
{
  one *o = ctx;
  free(o->json);
  o->json = gn_xstrdup(json);
  return 0;
}

static int first_hit(const gn_hit *h, void *ctx)
{
  one *o = ctx;
  o->snippet = gn_xstrdup(h->snippet);
  o->marked = gn_hit_marked(h, "【", "】");
  o->nm = h->nmatches < 16 ? h->nmatches : 16;
  if (o->nm)
    memcpy(o->m, h->matches, o->nm * sizeof *o->m);
  o->json = NULL;
  gn_json_hit(o->db, h, json_cb, o);
  return 1;  /* stop after the first */
}

static void one_free(one *o)
{
  free(o->snippet);
  free(o->marked);
  free(o->json);
  memset(o, 0, sizeof *o);
}

static void test_snippets(sqlite3 *db)
{
  static const struct {
    const char *query, *want_marked;
  } cases[] = {
    { "ｸﾗｳﾄﾞ 責任分界点 vol:4",
      "【ｸﾗｳﾄﾞ】・サービス事業者とのＳＬＡ、【責任分界点】を確認する。" },
    { "SLA kind:item", "【SLA】sの内容、3A方式の認証、３Ａ。" },
    { "3A kind:item", "SLAsの内容、【3A】方式の認証、【３Ａ】。" },
    { "サーバ kind:point",
      "【サーバ】室への入退室を管理する。【サーバー】の設定。" },
    { "𠮷 kind:term", "暗号で用いる秘密の値。【𠮷】野の人々は3ヶ月ごとに鍵を替える。" },
    { "総則", "" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    one o = { .db = db };
    gn_search_opts opts = { 0, 0, 0, 1 };
    int st = gn_search(db, cases[i].query, &opts, first_hit, &o);
    CHECKF(st == GN_OK && o.marked && strcmp(o.marked, cases[i].want_marked) == 0,
          "%s: marked %s, want %s", cases[i].query, o.marked ? o.marked : "(none)",
          cases[i].want_marked);
    one_free(&o);
  }

  /* a long body: the snippet is cut around the match, with ellipses */
  /* (its node has a volume above it, so the hit's JSON has a path) */
  CHECK(sqlite3_exec(db,
    "INSERT INTO rec(rid, id, kind, title, body, volume, path, ord, file, line)"
    " VALUES(9998, 'v2', 'node', '例文', '', 2, '第2編', 9998, 'x', 1);"
    "INSERT INTO node(rid, nkind, parent, depth, number, edition, confidence, note, nchildren,"
    " npoints, nkey) VALUES(9998, 'volume', NULL, 0, '第2編', 'E', 'seen', '', 1, 0, ''),"
    " ((SELECT rid FROM rec WHERE id = 'v2.9.9'), 'section', 9998, 1, '9.9', 'E', 'derived',"
    " 'n', 0, 0, '9.9')", NULL, NULL, NULL) == SQLITE_OK);
  one o = { .db = db };
  gn_search_opts opts = { 0, 0, 0, 1 };
  CHECKF(gn_search(db, "耐タンパ性", &opts, first_hit, &o) == GN_OK, "耐タンパ性");
  CHECKF(o.snippet && strncmp(o.snippet, "…", strlen("…")) == 0 &&
        strcmp(o.snippet + strlen(o.snippet) - strlen("…"), "…") == 0,
        "long snippet not cut on both sides: %s", o.snippet);
  CHECKF(o.nm == 1 && strncmp(o.snippet + o.m[0].start, "耐タンパ性", o.m[0].end - o.m[0].start) == 0 &&
        o.m[0].end - o.m[0].start == strlen("耐タンパ性"), "long snippet match");
  int w = snippet_cols(o.snippet);
  CHECKF(w >= 90 && w <= 104, "snippet width %d", w);
  /* the match is not at the edge: there is context before it */
  CHECKF(o.nm == 1 && o.m[0].start > 20, "match at %zu: no context", o.nm ? o.m[0].start : 0);

  /* JSON: character offsets into the snippet, fields by SQLite */
  CHECKF(o.json != NULL, "json");
  if (o.json) {
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
      "SELECT json_extract(?1, '$.id'), json_extract(?1, '$.kind'), json_extract(?1, '$.volume'),"
      " substr(json_extract(?1, '$.snippet'), json_extract(?1, '$.matches[0][0]') + 1,"
      "        json_extract(?1, '$.matches[0][1]') - json_extract(?1, '$.matches[0][0]')),"
      " json_array_length(?1, '$.matches'), json_extract(?1, '$.path'),"
      " json_type(?1, '$.title'), json_type(?1, '$.score'), json_extract(?1, '$.number'),"
      " json_extract(?1, '$.provenance.confidence')", -1, &st, NULL);
    sqlite3_bind_text(st, 1, o.json, -1, SQLITE_STATIC);
    CHECKF(sqlite3_step(st) == SQLITE_ROW, "json parse");
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 0), "v2.9.9") == 0, "json id");
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 1), "node") == 0, "json kind");
    CHECKF(sqlite3_column_int(st, 2) == 2, "json volume");
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 3), "耐タンパ性") == 0,
          "json matches are character offsets: %s", sqlite3_column_text(st, 3));
    CHECKF(sqlite3_column_int(st, 4) == 1, "json matches length");
    /* the path is an array of "number title", as show and toc give it */
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 5), "[\"第2編 例文\",\"9.9 長い本文\"]") == 0,
           "json path %s", sqlite3_column_text(st, 5));
    CHECKF(sqlite3_column_text(st, 8) && strcmp((const char *)sqlite3_column_text(st, 8), "9.9") == 0,
           "json number");
    CHECKF(sqlite3_column_text(st, 9) && strcmp((const char *)sqlite3_column_text(st, 9), "derived") == 0,
           "json provenance");
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 6), "text") == 0, "json title");
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 7), "real") == 0 ||
          strcmp((const char *)sqlite3_column_text(st, 7), "integer") == 0, "json score");
    sqlite3_finalize(st);
  }
  one_free(&o);

  /* a record without a volume has "volume": null; surrogate-pair offsets */
  o = (one){ .db = db };
  CHECKF(gn_search(db, "𠮷 kind:term", &opts, first_hit, &o) == GN_OK && o.json, "𠮷");
  if (o.json) {
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db,
      "SELECT json_type(?1, '$.volume'), json_extract(?1, '$.matches[0][0]'),"
      " json_extract(?1, '$.matches[0][1]'), json_type(?1, '$.path'), json_array_length(?1, '$.path'),"
      " json_type(?1, '$.number'), json_type(?1, '$.provenance')", -1, &st, NULL);
    sqlite3_bind_text(st, 1, o.json, -1, SQLITE_STATIC);
    sqlite3_step(st);
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 0), "null") == 0, "volume null");
    /* 暗号で用いる秘密の値。 = 11 characters, then 𠮷 is one character */
    CHECKF(sqlite3_column_int(st, 1) == 11 && sqlite3_column_int(st, 2) == 12,
          "𠮷 offsets %d-%d", sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
    /* a term's path is its place, one level; no number, no provenance */
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 3), "array") == 0 && sqlite3_column_int(st, 4) == 1,
           "term path");
    CHECKF(strcmp((const char *)sqlite3_column_text(st, 5), "null") == 0, "term number");
    CHECKF(sqlite3_column_type(st, 6) == SQLITE_NULL, "term provenance");
    sqlite3_finalize(st);
  }
  one_free(&o);

  /* gn_match_spans: arbitrary text, the navigator's highlighting */
  gn_span *sp;
  size_t n;
  const char *text = "サーバーの鍵と暗号鍵。ｻｰﾊﾞｰ";
  CHECKF(gn_match_spans("サーバ 鍵", text, strlen(text), &sp, &n) == GN_OK && n == 4,
        "match spans: %zu", n);
  if (n == 4) {
    CHECKF(sp[0].start == 0 && sp[0].end == strlen("サーバー"), "span 0");
    CHECKF(sp[1].start == strlen("サーバーの") && sp[1].end == strlen("サーバーの鍵"), "span 1");
    CHECKF(sp[3].start == strlen("サーバーの鍵と暗号鍵。") && sp[3].end == strlen(text),
          "span 3 (half-width, stretched)");
  }
  free(sp);
  CHECKF(gn_match_spans("量子", text, strlen(text), &sp, &n) == GN_NOTFOUND && n == 0 && !sp,
        "no spans");
}

/* ---- hostile and random queries ---------------------------------------- */

static int count_cb(const gn_hit *h, void *ctx)
{
  (void)h;
  ++*(int *)ctx;
  return 0;
}

static void test_hostile(sqlite3 *db)
{
  static const char *qs[] = {
    "", " ", "\"", "\"\"", "\"\"\"", "*", "**", "(", ")", "()", ":", "^", "-", "--", "- -",
    "NEAR", "NEAR(", "NEAR(監査 鍵, 2)", "AND", "OR", "NOT", "AND OR NOT", "監査 AND", "OR OR",
    "監査 OR OR 鍵", "\\", "\\\"", "\"監査", "監査\"", "a\"b\"c\"", "{title}: 監査",
    "title:監査", "body:鍵", "rank:1", "rowid:1", "監査*", "*監査", "監査^", "+監査", "監査 +",
    "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe3\x81", "監\xff査", "'", "';--", "%", "_",
    "監査 %", "\x01\x02\x1b[31m", "🔑", "👨‍💻", "vol:", "vol:-1", "vol:2147483648",
    "vol:99999999999999999999", "kind:", "kind:meeting", "kind:node kind:point kind:item kind:term",
    "-kind:node -kind:point -kind:item -kind:term 監査", "-vol:1 -vol:2 -vol:3 -vol:4 監査",
    "ＯＲ", "＂監査", "\xe3\x80\x80", "監査\xe3\x80\x80-", "\"-監査\"", "-\"\"", "-\"",
  };
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
    for (int ranked = 0; ranked <= 1; ranked++) {
      int n = 0;
      gn_search_opts o = { 20, 0, 0, ranked };
      int st = gn_search(db, qs[i], &o, count_cb, &n);
      CHECKF((st == GN_OK && n > 0) || (st == GN_NOTFOUND && n == 0),
            "hostile %s: status %d, %d hits (%s)", qs[i], st, n, sqlite3_errmsg(db));
    }
    int64_t cnt;
    int st = gn_search_count(db, qs[i], NULL, &cnt);
    CHECKF(st == GN_OK || st == GN_NOTFOUND, "hostile count %s: %d", qs[i], st);
    gn_span *sp;
    size_t n;
    gn_match_spans(qs[i], "監査と鍵", strlen("監査と鍵"), &sp, &n);
    free(sp);
  }
  /* random strings from syntax pieces and bytes */
  static const char *bits[] = {
    "\"", "*", "(", ")", ":", "^", "-", " OR ", " AND ", "NEAR", "NOT", "\\", "{", "}", "+",
    "監査", "鍵", "ｶﾞ", "\xff", "\xe3", " ", "\xe3\x80\x80", "vol:", "kind:", "2", "term",
    "SLA", "ー", "サーバー", "🔑", "'", ",", ".", "'",
  };
  uint32_t bad = 0;
  for (int i = 0; i < 3000; i++) {
    char buf[256];
    size_t len = 0;
    int parts = 1 + (int)(rnd() % 8);
    for (int k = 0; k < parts; k++) {
      const char *b = bits[rnd() % (sizeof bits / sizeof bits[0])];
      size_t bl = strlen(b);
      if (len + bl + 1 < sizeof buf) {
        memcpy(buf + len, b, bl);
        len += bl;
      }
    }
    if (rnd() % 4 == 0)
      buf[len++] = (char)(1 + rnd() % 255);
    buf[len] = '\0';
    int n = 0;
    gn_search_opts o = { 5, 0, 0, (int)(rnd() % 2) };
    int st = gn_search(db, buf, &o, count_cb, &n);
    if (!((st == GN_OK && n > 0) || (st == GN_NOTFOUND && n == 0))) {
      if (bad++ < 5)
        fprintf(stderr, "random query \"%s\": status %d (%s)\n", buf, st, sqlite3_errmsg(db));
    }
  }
  CHECKF(bad == 0, "%u random queries failed", bad);
}

/* ---- database errors ---------------------------------------------------- */

static void test_errors(void)
{
  sqlite3 *db;
  hits c = { 0 };
  /* no index at all */
  sqlite3_open(":memory:", &db);
  CHECKF(search(db, "監査", 0, 0, 0, 1, &c) == GN_EIO, "no fts table: GN_EIO");
  CHECKF(search(db, "監査", 0, 0, 0, 0, &c) == GN_EIO, "no fts table, unranked: GN_EIO");
  int64_t n;
  CHECKF(gn_search_count(db, "監査", NULL, &n) == GN_EIO, "count: GN_EIO");
  /* a query with nothing positive does not touch the database */
  CHECKF(search(db, "-監査", 0, 0, 0, 1, &c) == GN_NOTFOUND, "nothing positive: no hits");
  sqlite3_close(db);
  /* an index whose tokenizer is not registered on this connection */
  sqlite3_open(":memory:", &db);
  gn_jatok_register(db);
  sqlite3_exec(db, gn_schema_sql, NULL, NULL, NULL);
  sqlite3_exec(db, "ATTACH ':memory:' AS other", NULL, NULL, NULL);
  sqlite3_close(db);
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE TABLE rec(rid INTEGER PRIMARY KEY, id, kind, title, body, volume, path);"
                   "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='rec',"
                   " content_rowid='rid', tokenize='unicode61')", NULL, NULL, NULL);
  sqlite3_exec(db, "DROP TABLE rec", NULL, NULL, NULL);
  CHECKF(search(db, "監査", 0, 0, 0, 1, &c) == GN_EIO || search(db, "監査", 0, 0, 0, 1, &c) == GN_NOTFOUND,
        "broken content table");
  sqlite3_close(db);
}

static void free_rows(void)
{
  for (int i = 0; i < nrows; i++) {
    free(rows[i].id);
    free(rows[i].kind);
    free(rows[i].title);
    free(rows[i].body);
  }
  nrows = 0;
}

int main(void)
{
  /* fixture and generated records: brute force, paging, hostile input */
  sqlite3 *db = make_db(1);
  test_brute_force(db);
  test_rank_reference(db);
  test_paging(db);
  test_hostile(db);
  sqlite3_close(db);
  free_rows();
  /* the hand-written fixture alone: ranking, filters, snippets */
  db = make_db(0);
  test_ranking(db);
  test_filters(db);
  test_snippets(db);
  sqlite3_close(db);
  free_rows();
  test_errors();
  test_direct();
  return test_done();
}
