/* search.c — see search.h. */
#include "search.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "jatok.h"
#include "util.h"

/* bm25 column weights: title, body. */
#define W_TITLE_F 10.0
#define W_BODY_F 1.0
/* Snippet width in terminal columns (CJK characters count 2). */
#define SNIPPET_COLS 100
/* Added by gn_rank to the score of an exact title match. */
#define GN_EXACT_BONUS 1e9

static const char *const kind_names[] = { "node", "point", "item", "term" };

/* ---- the SQL ----------------------------------------------------------- */

/* The filters of q (and opts) as SQL over rec; "" when none.  Everything
 * formatted here is a constant name or an integer, never user text. */
static void add_filters(gn_buf *b, const gn_query *q, uint32_t vols)
{
  if (q->kinds) {
    gn_buf_puts(b, " AND rec.kind IN (");
    int n = 0;
    for (int i = 0; i < 4; i++)
      if (q->kinds & (1u << i))
        gn_buf_printf(b, "%s'%s'", n++ ? "," : "", kind_names[i]);
    gn_buf_puts(b, ")");
  }
  if (q->not_kinds) {
    gn_buf_puts(b, " AND rec.kind NOT IN (");
    int n = 0;
    for (int i = 0; i < 4; i++)
      if (q->not_kinds & (1u << i))
        gn_buf_printf(b, "%s'%s'", n++ ? "," : "", kind_names[i]);
    gn_buf_puts(b, ")");
  }
  if (vols) {
    gn_buf_puts(b, " AND rec.volume IN (");
    int n = 0;
    for (int v = 1; v < 32; v++)
      if (vols & (1u << v))
        gn_buf_printf(b, "%s%d", n++ ? "," : "", v);
    gn_buf_puts(b, ")");
  }
  if (q->not_vols) {
    gn_buf_puts(b, " AND (rec.volume IS NULL OR rec.volume NOT IN (");
    int n = 0;
    for (int v = 1; v < 32; v++)
      if (q->not_vols & (1u << v))
        gn_buf_printf(b, "%s%d", n++ ? "," : "", v);
    gn_buf_puts(b, "))");
  }
}

static int has_filters(const gn_query *q, uint32_t vols)
{
  return q->kinds || q->not_kinds || vols || q->not_vols;
}

/* The volumes accepted by q and opts; returns 0 when nothing can match. */
static int volumes(const gn_query *q, const gn_search_opts *o, uint32_t *vols)
{
  *vols = q->vols;
  if (q->impossible)
    return 0;
  if (o && o->volume) {
    if (o->volume < 1 || o->volume > 31)
      return 0;
    uint32_t bit = 1u << o->volume;
    if (q->vols && !(q->vols & bit))
      return 0;
    *vols = bit;
  }
  if (*vols && (*vols & ~q->not_vols) == 0)
    return 0;
  return 1;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
  return sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK ? GN_OK : GN_EIO;
}

/* ---- snippets ---------------------------------------------------------- */

static int is_wide(uint32_t c)
{
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

static int is_space(uint32_t c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Decode at p (n available); invalid bytes decode as one byte of U+FFFD. */
static int dec(const char *s, size_t n, uint32_t *cp)
{
  int l = gn_utf8_decode((const unsigned char *)s, n, cp);
  if (l <= 0) {
    *cp = 0xFFFD;
    return 1;
  }
  return l;
}

static int cols_of(uint32_t c)
{
  return is_wide(c) ? 2 : 1;
}

/* Start of the character before byte p (p > 0). */
static size_t prev_char(const char *s, size_t p)
{
  size_t q = p - 1;
  while (q > 0 && ((unsigned char)s[q] & 0xC0) == 0x80 && p - q < 4)
    q--;
  uint32_t cp;
  if (gn_utf8_decode((const unsigned char *)s + q, p - q, &cp) != (int)(p - q))
    return p - 1;
  return q;
}

/* Columns of s[a..b). */
static int width(const char *s, size_t a, size_t b)
{
  int w = 0;
  while (a < b) {
    uint32_t cp;
    a += (size_t)dec(s + a, b - a, &cp);
    w += cols_of(cp);
  }
  return w;
}

/* Build the snippet of body[0..n) around the best of the spans sp[0..nsp)
 * (sorted, disjoint) into out, with the matches that fall into it. */
static void make_snippet(const char *body, size_t n, const gn_span *sp, size_t nsp,
                         gn_buf *out, gn_span **mout, size_t *nm)
{
  out->len = 0;
  gn_buf_add(out, "", 0);
  *mout = NULL;
  *nm = 0;
  /* the best match: the span with the most spans within reach after it */
  size_t best = 0;
  if (nsp > 1) {
    size_t bestn = 0;
    size_t lim = nsp < 256 ? nsp : 256;
    for (size_t i = 0; i < lim; i++) {
      size_t c = 0;
      for (size_t j = i; j < nsp && sp[j].start < sp[i].start + SNIPPET_COLS; j++)
        c++;
      if (c > bestn) {
        bestn = c;
        best = i;
      }
    }
  }
  size_t ws = 0, we = n;
  if (nsp > 0) {
    size_t a = sp[best].start, b = sp[best].end;
    int mw = width(body, a, b);
    int left = (SNIPPET_COLS - mw) / 3;
    if (left < 0)
      left = 0;
    ws = a;
    int used = 0;
    while (ws > 0) {
      size_t p = prev_char(body, ws);
      uint32_t cp;
      dec(body + p, ws - p, &cp);
      if (cp == '\n' && used > 0)
        break;    /* keep context within the paragraph */
      if (used + cols_of(cp) > left)
        break;
      used += cols_of(cp);
      ws = p;
    }
  }
  /* forward to the width budget; extend left when the text ends early */
  int budget = SNIPPET_COLS;
  we = ws;
  int used = 0;
  while (we < n) {
    uint32_t cp;
    int l = dec(body + we, n - we, &cp);
    if (used + cols_of(cp) > budget)
      break;
    used += cols_of(cp);
    we += (size_t)l;
  }
  while (we >= n && ws > 0) {
    size_t p = prev_char(body, ws);
    uint32_t cp;
    dec(body + p, ws - p, &cp);
    if (used + cols_of(cp) > budget)
      break;
    used += cols_of(cp);
    ws = p;
  }
  /* never cut a match: the best one stays whole, others are left out */
  if (nsp > 0 && we < sp[best].end)
    we = sp[best].end;
  for (size_t i = 0; i < nsp; i++) {
    if (sp[i].start < ws && sp[i].end > ws)
      ws = sp[i].end;
    if (sp[i].start < we && sp[i].end > we)
      we = sp[i].start;
  }
  /* skip leading white space of the window */
  while (ws < we) {
    uint32_t cp;
    int l = dec(body + ws, we - ws, &cp);
    if (!is_space(cp) && cp != 0x3000)
      break;
    ws += (size_t)l;
  }
  int cut_left = 0;
  for (size_t p = 0; p < ws;) {
    uint32_t cp;
    p += (size_t)dec(body + p, ws - p, &cp);
    if (!is_space(cp) && cp != 0x3000) {
      cut_left = 1;
      break;
    }
  }
  int cut_right = 0;
  for (size_t p = we; p < n;) {
    uint32_t cp;
    p += (size_t)dec(body + p, n - p, &cp);
    if (!is_space(cp) && cp != 0x3000) {
      cut_right = 1;
      break;
    }
  }

  /* copy, collapsing white space, mapping span offsets */
  gn_span *m = nsp ? gn_xmalloc(nsp * sizeof *m) : NULL;
  size_t k = 0;                    /* spans in the window, in progress */
  size_t si = 0;
  while (si < nsp && sp[si].end <= ws)
    si++;
  int open = 0;                    /* m[k] started */
  if (cut_left)
    gn_buf_puts(out, "…");
  int pending_space = 0;
  for (size_t p = ws; p < we;) {
    uint32_t cp;
    int l = dec(body + p, we - p, &cp);
    if (is_space(cp)) {
      pending_space = out->len > (cut_left ? strlen("…") : 0);
      p += (size_t)l;
      continue;
    }
    if (gn_is_forbidden_control(cp) || cp == 0xFFFD) {
      p += (size_t)l;
      continue;
    }
    if (pending_space) {
      gn_buf_add(out, " ", 1);
      pending_space = 0;
    }
    if (!open && si < nsp && sp[si].start <= p && sp[si].end > p) {
      m[k].start = out->len;
      open = 1;
    }
    gn_buf_add(out, body + p, (size_t)l);
    p += (size_t)l;
    if (open && sp[si].end <= p) {
      m[k++].end = out->len;
      open = 0;
      si++;
    }
  }
  if (open)
    m[k++].end = out->len;
  if (cut_right)
    gn_buf_puts(out, "…");
  if (k == 0) {
    free(m);
    m = NULL;
  }
  *mout = m;
  *nm = k;
}

/* ---- ranking ----------------------------------------------------------- */

/* Natural logarithm without libm (x > 0). */
static double ln(double x)
{
  if (x <= 0)
    return -1e300;
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int e = (int)((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1023) << 52);
  double m;
  memcpy(&m, &bits, sizeof m);           /* x = m * 2^e, 1 <= m < 2 */
  double y = (m - 1) / (m + 1), y2 = y * y, t = y, sum = 0;
  for (int k = 1; k < 40; k += 2) {
    sum += t / k;
    t *= y2;
  }
  return 2 * sum + e * 0.69314718055994530942;
}

typedef struct rankdata {
  int nphrase;
  double avgdl;
  double *idf, *freq;
} rankdata;

static int count_rows(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
  (void)api; (void)fts;
  ++*(sqlite3_int64 *)ctx;
  return SQLITE_OK;
}

static rankdata *rank_data(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
{
  rankdata *rd = api->xGetAuxdata(fts, 0);
  if (rd)
    return rd;
  int n = api->xPhraseCount(fts);
  rd = sqlite3_malloc64(sizeof *rd + 2 * (size_t)(n > 0 ? n : 1) * sizeof(double));
  if (!rd) {
    *rc = SQLITE_NOMEM;
    return NULL;
  }
  rd->nphrase = n;
  rd->idf = (double *)(rd + 1);
  rd->freq = rd->idf + (n > 0 ? n : 1);
  sqlite3_int64 nrow = 0, ntok = 0;
  *rc = api->xRowCount(fts, &nrow);
  if (*rc == SQLITE_OK)
    *rc = api->xColumnTotalSize(fts, -1, &ntok);
  rd->avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
  for (int i = 0; *rc == SQLITE_OK && i < n; i++) {
    if (n == 1) {
      rd->idf[i] = 1.0;      /* one phrase: idf would only scale every score */
      continue;
    }
    sqlite3_int64 hits = 0;
    *rc = api->xQueryPhrase(fts, i, &hits, count_rows);
    double idf = ln(((double)nrow - (double)hits + 0.5) / ((double)hits + 0.5));
    rd->idf[i] = idf > 0.0 ? idf : 1e-6;
  }
  if (*rc == SQLITE_OK)
    *rc = api->xSetAuxdata(fts, rd, sqlite3_free);
  else
    sqlite3_free(rd);
  return *rc == SQLITE_OK ? rd : NULL;
}

/* gn_rank(fts, title weight, body weight, key, key tokens): the score of
 * one row, as gn_search ranks (the reference for tests and for SQL use; gn_search
 * itself ranks in two passes, below): bm25 as FTS5 computes it (k1 = 1.2, b = 0.75; with one phrase the idf, a constant
 * factor, is left out), negated so that higher is better, plus 1e9 when the
 * title's key equals key (an exact title match).  The title text is read
 * only for rows whose title has exactly `key tokens` tokens. */
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int nval, sqlite3_value **val)
{
  int rc = SQLITE_OK;
  rankdata *rd = rank_data(api, fts, &rc);
  if (!rd) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double w[2] = { nval > 0 ? sqlite3_value_double(val[0]) : 1.0,
                  nval > 1 ? sqlite3_value_double(val[1]) : 1.0 };
  for (int i = 0; i < rd->nphrase; i++)
    rd->freq[i] = 0;
  int ninst = 0;
  rc = api->xInstCount(fts, &ninst);
  for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
    int ip, ic, io;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK && ip >= 0 && ip < rd->nphrase)
      rd->freq[ip] += ic >= 0 && ic < 2 ? w[ic] : 1.0;
  }
  int ntok = 0;
  if (rc == SQLITE_OK)
    rc = api->xColumnSize(fts, -1, &ntok);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double k1 = 1.2, b = 0.75;
  double score = 0;
  for (int i = 0; i < rd->nphrase; i++)
    score += rd->idf[i] * (rd->freq[i] * (k1 + 1.0)) /
             (rd->freq[i] + k1 * (1 - b + b * (double)ntok / rd->avgdl));
  const unsigned char *key = nval > 3 ? sqlite3_value_text(val[2]) : NULL;
  int keytoks = nval > 3 ? sqlite3_value_int(val[3]) : -1;
  int tsize = 0;
  if (key && *key && api->xColumnSize(fts, 0, &tsize) == SQLITE_OK && tsize == keytoks) {
    const char *t = NULL;
    int tn = 0;
    if (api->xColumnText(fts, 0, &t, &tn) == SQLITE_OK && t) {
      char *tk = gn_title_key(t, (size_t)tn);
      if (strcmp(tk, (const char *)key) == 0)
        score += GN_EXACT_BONUS;
      free(tk);
    }
  }
  sqlite3_result_double(ctx, score);
}


static int count_tok(void *ctx, const gn_jatoken *t)
{
  (void)t;
  ++*(int *)ctx;
  return 0;
}

/* ---- two-pass top-k ranking ------------------------------------------------
 *
 * Scoring a row with bm25 needs its length, which FTS5 reads from the
 * fts_docsize table one row at a time: that lookup is about 80 % of the cost
 * of ranking every match.  So gn_search ranks in two passes.  The FTS5
 * auxiliary function gn_collect walks the matches once and records, per row,
 * the weighted frequency of every phrase and an upper bound of its score
 * (the score it would have at length 0); then the rows are taken in order of
 * that bound and scored exactly (length from fts_docsize) until no remaining
 * bound can beat the k-th best exact score.  The result is the same order as
 * scoring every row (tests/test-search.c compares it with gn_rank). */

#define K1 1.2
#define B 0.75

typedef struct rk_row {
  int64_t rid;
  double ub;          /* the score at document length 0: an upper bound */
  double score;       /* the exact score, once known */
  int known;
  int title0;         /* phrase 0 starts the title: may be an exact match */
} rk_row;

typedef struct rk_set {
  double w[2];
  int nphrase;
  double avgdl;
  double *idf;
  rk_row *v;
  size_t n, cap;
  double *freq;       /* n * nphrase */
  size_t capfreq;
} rk_set;

static double rk_score(const rk_set *s, const double *f, double len)
{
  double score = 0;
  for (int i = 0; i < s->nphrase; i++)
    score += s->idf[i] * (f[i] * (K1 + 1.0)) / (f[i] + K1 * (1 - B + B * len / s->avgdl));
  return score;
}

static void collect_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nval, sqlite3_value **val)
{
  rk_set *s = nval > 0 ? sqlite3_value_pointer(val[0], "gn_rk_set") : NULL;
  int rc = SQLITE_OK;
  rankdata *rd = s ? rank_data(api, fts, &rc) : NULL;
  if (!rd) {
    if (!s)
      sqlite3_result_error(ctx, "gn_collect: no result set", -1);
    else
      sqlite3_result_error_code(ctx, rc);
    return;
  }
  if (!s->idf) {
    s->nphrase = rd->nphrase;
    s->avgdl = rd->avgdl;
    s->idf = gn_xmalloc((size_t)(rd->nphrase > 0 ? rd->nphrase : 1) * sizeof *s->idf);
    for (int i = 0; i < rd->nphrase; i++)
      s->idf[i] = rd->idf[i];
  }
  size_t np = (size_t)s->nphrase;
  if ((s->n + 1) * np > s->capfreq) {
    s->capfreq = s->capfreq ? s->capfreq * 2 : 1024;
    while (s->capfreq < (s->n + 1) * np)
      s->capfreq *= 2;
    s->freq = gn_xrealloc(s->freq, s->capfreq * sizeof *s->freq);
  }
  double *f = s->freq + s->n * np;
  for (size_t i = 0; i < np; i++)
    f[i] = 0;
  rk_row r = { api->xRowid(fts), 0, 0, 0, 0 };
  int ninst = 0;
  rc = api->xInstCount(fts, &ninst);
  for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
    int ip, ic, io;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc != SQLITE_OK || ip < 0 || (size_t)ip >= np)
      continue;
    f[ip] += ic >= 0 && ic < 2 ? s->w[ic] : 1.0;
    if (ip == 0 && ic == 0 && io == 0)
      r.title0 = 1;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  r.ub = rk_score(s, f, 0);
  GN_PUSH(s->v, s->n, s->cap, r);
  sqlite3_result_null(ctx);
}

/* Length of a row (all columns) and of its title, from fts_docsize. */
static int doc_len(sqlite3_stmt *ds, int64_t rid, double *len, int *title)
{
  sqlite3_reset(ds);
  sqlite3_bind_int64(ds, 1, rid);
  int rc = sqlite3_step(ds);
  *len = 0;
  *title = 0;
  if (rc == SQLITE_DONE)
    return GN_OK;
  if (rc != SQLITE_ROW)
    return GN_EIO;
  const unsigned char *p = sqlite3_column_blob(ds, 0);
  int n = sqlite3_column_bytes(ds, 0);
  for (int i = 0, col = 0; p && i < n; col++) {
    uint64_t x = 0;
    int k = 0;
    for (; i < n && k < 9; k++) {
      unsigned char c = p[i++];
      if (k == 8) {
        x = (x << 8) | c;
        break;
      }
      x = (x << 7) | (c & 0x7F);
      if (!(c & 0x80))
        break;
    }
    if (col == 0)
      *title = (int)x;
    *len += (double)x;
  }
  return GN_OK;
}

/* a ranks before b: higher score, then lower rowid. */
static int rk_before(const rk_row *a, const rk_row *b)
{
  return a->score > b->score || (a->score == b->score && a->rid < b->rid);
}

/* Binary heaps of row indices. */
typedef int (*rk_cmp)(const rk_row *v, size_t a, size_t b);
static int ub_higher(const rk_row *v, size_t a, size_t b)    /* max-heap on the bound */
{
  return v[a].ub > v[b].ub || (v[a].ub == v[b].ub && v[a].rid < v[b].rid);
}
static int score_worse(const rk_row *v, size_t a, size_t b)  /* min-heap: worst on top */
{
  return rk_before(&v[b], &v[a]);
}

static void heap_down(size_t *h, size_t n, size_t i, const rk_row *v, rk_cmp top)
{
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && top(v, h[l], h[m]))
      m = l;
    if (r < n && top(v, h[r], h[m]))
      m = r;
    if (m == i)
      return;
    size_t t = h[i];
    h[i] = h[m];
    h[m] = t;
    i = m;
  }
}

static void heap_up(size_t *h, size_t i, const rk_row *v, rk_cmp top)
{
  while (i > 0 && top(v, h[i], h[(i - 1) / 2])) {
    size_t t = h[i];
    h[i] = h[(i - 1) / 2];
    h[(i - 1) / 2] = t;
    i = (i - 1) / 2;
  }
}

typedef struct rk_ord {
  rk_row r;
  size_t i;
} rk_ord;

static int cmp_rank(const void *a, const void *b)
{
  const rk_ord *x = a, *y = b;
  return rk_before(&x->r, &y->r) ? -1 : rk_before(&y->r, &x->r) ? 1 : 0;
}

/* The first k rows of s in rank order (k = 0: all), as indices into s->v in
 * *out; returns their number, or (size_t)-1 on a database error. */
static size_t rk_top(sqlite3 *db, rk_set *s, const gn_query *q, size_t k, size_t **out)
{
  *out = NULL;
  sqlite3_stmt *ds = NULL, *ts = NULL;
  if (prepare(db, "SELECT sz FROM fts_docsize WHERE id = ?1", &ds) != GN_OK ||
      prepare(db, "SELECT title FROM rec WHERE rid = ?1", &ts) != GN_OK) {
    sqlite3_finalize(ds);
    return (size_t)-1;
  }
  size_t np = (size_t)s->nphrase, ret = (size_t)-1;
  int keytoks = -1;
  if (q->key && *q->key) {
    keytoks = 0;
    gn_jatok_tokenize(q->key, strlen(q->key), GN_JATOK_DOCUMENT, count_tok, &keytoks);
  }
  /* exact title matches: only rows whose title starts with phrase 0 */
  for (size_t i = 0; i < s->n; i++) {
    rk_row *r = &s->v[i];
    if (keytoks < 0 || !r->title0)
      continue;
    double len;
    int tlen;
    if (doc_len(ds, r->rid, &len, &tlen) != GN_OK)
      goto done;
    r->score = rk_score(s, s->freq + i * np, len);
    r->known = 1;
    if (tlen != keytoks)
      continue;
    sqlite3_reset(ts);
    sqlite3_bind_int64(ts, 1, r->rid);
    if (sqlite3_step(ts) == SQLITE_ROW) {
      const char *t = (const char *)sqlite3_column_text(ts, 0);
      char *tk = gn_title_key(t, (size_t)sqlite3_column_bytes(ts, 0));
      if (strcmp(tk, q->key) == 0)
        r->score += GN_EXACT_BONUS;
      free(tk);
    }
  }
  size_t *res = gn_xmalloc((s->n ? s->n : 1) * sizeof *res);
  size_t nres = 0;
  if (k == 0 || k >= s->n) {
    for (size_t i = 0; i < s->n; i++) {
      rk_row *r = &s->v[i];
      if (!r->known) {
        double len;
        int tlen;
        if (doc_len(ds, r->rid, &len, &tlen) != GN_OK) {
          free(res);
          goto done;
        }
        r->score = rk_score(s, s->freq + i * np, len);
        r->known = 1;
      }
      res[nres++] = i;
    }
  } else {
    /* res: a min-heap of the best k so far; cand: a max-heap of bounds */
    size_t *cand = gn_xmalloc(s->n * sizeof *cand);
    size_t ncand = 0;
    for (size_t i = 0; i < s->n; i++) {
      if (!s->v[i].known) {
        cand[ncand++] = i;
        continue;
      }
      if (nres < k) {
        res[nres++] = i;
        heap_up(res, nres - 1, s->v, score_worse);
      } else if (rk_before(&s->v[i], &s->v[res[0]])) {
        res[0] = i;
        heap_down(res, nres, 0, s->v, score_worse);
      }
    }
    for (size_t i = ncand / 2; i-- > 0;)
      heap_down(cand, ncand, i, s->v, ub_higher);
    while (ncand > 0) {
      rk_row *c = &s->v[cand[0]];
      if (nres == k) {
        const rk_row *w = &s->v[res[0]];
        rk_row bound = *c;
        bound.score = c->ub;
        if (!rk_before(&bound, w))
          break;          /* nothing left can enter the top k */
      }
      size_t i = cand[0];
      cand[0] = cand[--ncand];
      heap_down(cand, ncand, 0, s->v, ub_higher);
      double len;
      int tlen;
      if (doc_len(ds, c->rid, &len, &tlen) != GN_OK) {
        free(cand);
        free(res);
        goto done;
      }
      c->score = rk_score(s, s->freq + i * np, len);
      c->known = 1;
      if (nres < k) {
        res[nres++] = i;
        heap_up(res, nres - 1, s->v, score_worse);
      } else if (rk_before(c, &s->v[res[0]])) {
        res[0] = i;
        heap_down(res, nres, 0, s->v, score_worse);
      }
    }
    free(cand);
  }
  rk_ord *ord = gn_xmalloc((nres ? nres : 1) * sizeof *ord);
  for (size_t i = 0; i < nres; i++)
    ord[i] = (rk_ord){ s->v[res[i]], res[i] };
  qsort(ord, nres, sizeof *ord, cmp_rank);
  for (size_t i = 0; i < nres; i++)
    res[i] = ord[i].i;
  free(ord);
  *out = res;
  ret = nres;
done:
  sqlite3_finalize(ds);
  sqlite3_finalize(ts);
  return ret;
}

int gn_rank_register(sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  if (!api || api->iVersion < 2)
    return SQLITE_ERROR;
  int rc = api->xCreateFunction(api, "gn_rank", NULL, rank_fn, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction(api, "gn_collect", NULL, collect_fn, NULL);
  return rc;
}

/* ---- search ------------------------------------------------------------ */

typedef struct hitbuf {
  gn_buf snippet;
  gn_span *m;
} hitbuf;

/* Deliver the hit with rowid rid.  Returns GN_OK, GN_EIO, 1 to stop, or -1
 * when there is no such record (nothing delivered). */
static int deliver(sqlite3 *db, sqlite3_stmt *rs, const gn_query *q, int64_t rid,
                   double score, gn_hit_cb cb, void *ctx, hitbuf *hb)
{
  sqlite3_reset(rs);
  sqlite3_bind_int64(rs, 1, rid);
  int rc = sqlite3_step(rs);
  if (rc == SQLITE_DONE)
    return -1;            /* an fts row without a record: ignore */
  if (rc != SQLITE_ROW)
    return GN_EIO;
  (void)db;
  gn_hit h;
  memset(&h, 0, sizeof h);
  h.rid = rid;
  h.id = (const char *)sqlite3_column_text(rs, 0);
  h.kind = (const char *)sqlite3_column_text(rs, 1);
  h.title = (const char *)sqlite3_column_text(rs, 2);
  h.path = (const char *)sqlite3_column_text(rs, 3);
  h.volume = sqlite3_column_int(rs, 4);
  const char *body = (const char *)sqlite3_column_text(rs, 5);
  size_t blen = (size_t)sqlite3_column_bytes(rs, 5);
  if (!h.id || !h.kind || !h.title || !h.path || !body)
    return sqlite3_errcode(db) == SQLITE_NOMEM ? GN_EIO : -1;
  h.score = score;
  if (q->key) {
    char *tk = gn_title_key(h.title, strlen(h.title));
    h.exact = strcmp(tk, q->key) == 0;
    free(tk);
  }
  gn_span *sp;
  size_t nsp = gn_query_spans(q, body, blen, &sp);
  free(hb->m);
  make_snippet(body, blen, sp, nsp, &hb->snippet, &hb->m, &h.nmatches);
  free(sp);
  h.snippet = hb->snippet.s;
  h.matches = hb->m;
  return cb(&h, ctx) ? 1 : GN_OK;
}

int gn_search(sqlite3 *db, const char *query, const gn_search_opts *opts,
              gn_hit_cb cb, void *ctx)
{
  gn_search_opts dflt = { 0, 0, 0, 1 };
  const gn_search_opts *o = opts ? opts : &dflt;
  gn_query *q = gn_query_parse(query);
  uint32_t vols;
  if (!q->match || !volumes(q, o, &vols)) {
    gn_query_free(q);
    return GN_NOTFOUND;
  }
  int status = GN_OK, n = 0, rc = SQLITE_DONE;
  gn_buf sql = { 0 };
  sqlite3_stmt *st = NULL, *rs = NULL;
  rk_set set;
  memset(&set, 0, sizeof set);
  size_t *order = NULL, norder = 0;
  hitbuf hb = { { 0 }, NULL };
  /* one read transaction for all statements: otherwise every lookup takes
   * and releases the file lock (an fcntl and an fstat each) */
  int own_txn = sqlite3_get_autocommit(db) &&
                sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  gn_buf_puts(&sql, o->ranked ? "SELECT gn_collect(fts, ?2)" : "SELECT fts.rowid");
  gn_buf_puts(&sql, " FROM fts");
  if (has_filters(q, vols))
    gn_buf_puts(&sql, " CROSS JOIN rec ON rec.rid = fts.rowid");
  gn_buf_puts(&sql, " WHERE fts MATCH ?1");
  add_filters(&sql, q, vols);
  if (!o->ranked)
    gn_buf_puts(&sql, " LIMIT ?2 OFFSET ?3");
  if (prepare(db, sql.s, &st) != GN_OK ||
      prepare(db, "SELECT id, kind, title, path, coalesce(volume, 0), body"
                  " FROM rec WHERE rid = ?1", &rs) != GN_OK) {
    status = GN_EIO;
    goto done;
  }
  sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
  if (o->ranked) {
    set.w[0] = W_TITLE_F;
    set.w[1] = W_BODY_F;
    sqlite3_bind_pointer(st, 2, &set, "gn_rk_set", NULL);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      ;
    if (rc != SQLITE_DONE) {
      status = GN_EIO;
      goto done;
    }
    size_t off = o->offset > 0 ? (size_t)o->offset : 0;
    size_t k = o->limit > 0 ? off + (size_t)o->limit : 0;
    norder = rk_top(db, &set, q, k, &order);
    if (norder == (size_t)-1) {
      status = GN_EIO;
      goto done;
    }
    for (size_t i = off; i < norder; i++) {
      const rk_row *r = &set.v[order[i]];
      double score = r->score >= GN_EXACT_BONUS / 2 ? r->score - GN_EXACT_BONUS : r->score;
      int d = deliver(db, rs, q, r->rid, score, cb, ctx, &hb);
      if (d == GN_EIO) {
        status = GN_EIO;
        break;
      }
      if (d < 0)
        continue;
      n++;
      if (d == 1)
        break;
    }
  } else {
    sqlite3_bind_int64(st, 2, o->limit > 0 ? o->limit : -1);
    sqlite3_bind_int64(st, 3, o->offset > 0 ? o->offset : 0);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      int d = deliver(db, rs, q, sqlite3_column_int64(st, 0), 0.0, cb, ctx, &hb);
      if (d == GN_EIO) {
        status = GN_EIO;
        break;
      }
      if (d < 0)
        continue;
      n++;
      if (d == 1)
        break;
    }
    if (status == GN_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
      status = GN_EIO;
  }
  if (status == GN_OK && n == 0)
    status = GN_NOTFOUND;
done:
  gn_buf_free(&hb.snippet);
  free(hb.m);
  free(order);
  free(set.v);
  free(set.freq);
  free(set.idf);
  sqlite3_finalize(st);
  sqlite3_finalize(rs);
  if (own_txn)
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  gn_buf_free(&sql);
  gn_query_free(q);
  return status;
}

int gn_search_count(sqlite3 *db, const char *query, const gn_search_opts *opts,
                    int64_t *count)
{
  *count = 0;
  gn_query *q = gn_query_parse(query);
  uint32_t vols;
  if (!q->match || !volumes(q, opts, &vols)) {
    gn_query_free(q);
    return GN_NOTFOUND;
  }
  gn_buf sql = { 0 };
  gn_buf_puts(&sql, "SELECT count(*) FROM fts");
  if (has_filters(q, vols))
    gn_buf_puts(&sql, " CROSS JOIN rec ON rec.rid = fts.rowid");
  gn_buf_puts(&sql, " WHERE fts MATCH ?1");
  add_filters(&sql, q, vols);
  sqlite3_stmt *st = NULL;
  int status = prepare(db, sql.s, &st);
  if (status == GN_OK) {
    sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
      *count = sqlite3_column_int64(st, 0);
    else
      status = GN_EIO;
  }
  sqlite3_finalize(st);
  gn_buf_free(&sql);
  gn_query_free(q);
  if (status == GN_OK && *count == 0)
    status = GN_NOTFOUND;
  return status;
}

/* ---- renderings -------------------------------------------------------- */

/* Characters in s[0..n). */
static size_t nchars(const char *s, size_t n)
{
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      c++;
  return c;
}

int gn_json_hit(sqlite3 *db, const gn_hit *h, gn_json_cb cb, void *ctx)
{
  gn_buf m = { 0 };
  gn_buf_puts(&m, "[");
  for (size_t i = 0; i < h->nmatches; i++)
    gn_buf_printf(&m, "%s[%zu,%zu]", i ? "," : "", nchars(h->snippet, h->matches[i].start),
                  nchars(h->snippet, h->matches[i].end));
  gn_buf_puts(&m, "]");
  sqlite3_stmt *st;
  int status = prepare(db,
    "SELECT json_object('id', ?1, 'kind', ?2, 'title', ?3, 'volume', ?4, 'path', ?5,"
    " 'snippet', ?6, 'matches', json(?7), 'score', round(?8, 4))", &st);
  if (status == GN_OK) {
    sqlite3_bind_text(st, 1, h->id ? h->id : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, h->kind ? h->kind : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, h->title ? h->title : "", -1, SQLITE_STATIC);
    if (h->volume > 0)
      sqlite3_bind_int(st, 4, h->volume);
    else
      sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, h->path ? h->path : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, h->snippet ? h->snippet : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, m.s, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 8, h->score);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
      if (cb)
        cb((const char *)sqlite3_column_text(st, 0), ctx);
    } else {
      status = GN_EIO;
    }
  }
  sqlite3_finalize(st);
  gn_buf_free(&m);
  return status;
}

char *gn_hit_marked(const gn_hit *h, const char *open, const char *close)
{
  const char *s = h->snippet ? h->snippet : "";
  size_t n = strlen(s), p = 0;
  gn_buf b = { 0 };
  gn_buf_add(&b, "", 0);
  for (size_t i = 0; i < h->nmatches; i++) {
    size_t a = h->matches[i].start, e = h->matches[i].end;
    if (a < p || e < a || e > n)
      continue;
    gn_buf_add(&b, s + p, a - p);
    gn_buf_puts(&b, open);
    gn_buf_add(&b, s + a, e - a);
    gn_buf_puts(&b, close);
    p = e;
  }
  gn_buf_add(&b, s + p, n - p);
  return b.s;
}

int gn_match_spans(const char *query, const char *text, size_t len,
                   gn_span **spans, size_t *n)
{
  gn_query *q = gn_query_parse(query);
  *n = gn_query_spans(q, text, len, spans);
  gn_query_free(q);
  return *n ? GN_OK : GN_NOTFOUND;
}
