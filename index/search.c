/* search.c — see search.h. */
#include "search.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "jatok.h"
#include "schema.h"
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

/* Row rowid of table.column (a BLOB) through the incremental-blob interface
 * (no SQL to compile), into *buf (grown as needed, 8 zero bytes after it);
 * *h is kept open for the next row.  Returns the size, -1 when there is no
 * such row (or table), -2 on another error. */
static int blob_get(sqlite3 *db, sqlite3_blob **h, const char *table, const char *column,
                    int64_t rowid, unsigned char **buf, int *cap)
{
  int rc = *h ? sqlite3_blob_reopen(*h, rowid) : sqlite3_blob_open(db, "main", table, column,
                                                                    rowid, 0, h);
  if (rc != SQLITE_OK) {
    sqlite3_blob_close(*h);
    *h = NULL;
    return rc == SQLITE_ERROR ? -1 : -2;
  }
  int n = sqlite3_blob_bytes(*h);
  if (n + 8 > *cap) {
    *cap = n + 8 > 4096 ? n + 8 : 4096;
    *buf = gn_xrealloc(*buf, (size_t)*cap);
  }
  if (sqlite3_blob_read(*h, *buf, n, 0) != SQLITE_OK) {
    sqlite3_blob_close(*h);
    *h = NULL;
    return -2;
  }
  memset(*buf + n, 0, 8);
  return n;
}

/* ---- document lengths -------------------------------------------------------
 *
 * bm25 needs the length (tokens in title and body) of every row it scores.
 * FTS5 keeps it in fts_docsize, one b-tree row per record; looking it up for
 * every match was most of the cost of a full ranking.  So the index also
 * holds the lengths packed in blocks (table doclen, schema.h), written by
 * gn_search_index from fts_docsize: block b covers rids b * DL_BLOCK ...,
 * 2 bytes each (little-endian): the total length in the low 12 bits, the
 * title's in the high 4.  A block fits in one database page.  A total of 0
 * (no such row, block missing) or DL_BIG (too long) sends the lookup to
 * fts_docsize, which is also what an index without doclen rows gets; a
 * title of DL_TITLE_LONG tokens means that many or more. */

#define DL_BLOCK 2000
#define DL_BIG 0xFFF
#define DL_TITLE_LONG 15

typedef struct dl_reader {
  sqlite3 *db;
  sqlite3_blob *blk;         /* on doclen.lens */
  sqlite3_stmt *ds;          /* SELECT sz FROM fts_docsize WHERE id = ?1 */
  int64_t cur;               /* the block in buf; -1: none */
  int nbuf;                  /* bytes of buf that are valid */
  unsigned char *buf;
  int cap;
} dl_reader;

static void dl_init(dl_reader *r, sqlite3 *db)
{
  memset(r, 0, sizeof *r);
  r->db = db;
  r->cur = -1;
}

static void dl_free(dl_reader *r)
{
  sqlite3_blob_close(r->blk);
  sqlite3_finalize(r->ds);
  free(r->buf);
  memset(r, 0, sizeof *r);
}

/* The varints of an fts_docsize blob: the title's, and the sum of all. */
static void docsize_decode(const unsigned char *p, int n, int64_t *len, int64_t *title)
{
  *len = 0;
  *title = 0;
  for (int i = 0, col = 0; p && i < n; col++) {
    uint64_t x = 0;
    for (int k = 0; i < n && k < 9; k++) {
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
      *title = (int64_t)x;
    *len += (int64_t)x;
  }
}

/* Length of row rid (all columns) and of its title. */
static int dl_get(dl_reader *r, int64_t rid, int64_t *len, int64_t *title)
{
  if (rid >= 0) {
    int64_t b = rid / DL_BLOCK;
    if (b != r->cur) {
      r->cur = b;
      r->nbuf = blob_get(r->db, &r->blk, "doclen", "lens", b, &r->buf, &r->cap);
      if (r->nbuf == -2)
        return GN_EIO;
    }
    int o = (int)(rid % DL_BLOCK) * 2;
    if (r->nbuf > 0 && o + 2 <= r->nbuf) {
      unsigned e = r->buf[o] | (unsigned)r->buf[o + 1] << 8, tot = e & 0xFFF;
      if (tot != 0 && tot != DL_BIG) {
        *len = tot;
        *title = e >> 12;
        return GN_OK;
      }
    }
  }
  if (!r->ds && prepare(r->db, "SELECT sz FROM fts_docsize WHERE id = ?1", &r->ds) != GN_OK)
    return GN_EIO;
  sqlite3_reset(r->ds);
  sqlite3_bind_int64(r->ds, 1, rid);
  int rc = sqlite3_step(r->ds);
  *len = *title = 0;
  if (rc == SQLITE_ROW)
    docsize_decode(sqlite3_column_blob(r->ds, 0), sqlite3_column_bytes(r->ds, 0), len, title);
  sqlite3_reset(r->ds);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? GN_OK : GN_EIO;
}

int gn_search_index(sqlite3 *db)
{
  sqlite3_stmt *rd = NULL, *wr = NULL;
  int rc = sqlite3_exec(db, "DELETE FROM doclen", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "SELECT id, sz FROM fts_docsize ORDER BY id", -1, &rd, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(db, "INSERT INTO doclen(blk, lens) VALUES(?1, ?2)", -1, &wr, NULL);
  unsigned char buf[DL_BLOCK * 2];
  int64_t blk = -1;
  int used = 0;
  while (rc == SQLITE_OK) {
    int st = sqlite3_step(rd);
    if (st != SQLITE_ROW && st != SQLITE_DONE) {
      rc = st;
      break;
    }
    int64_t id = st == SQLITE_ROW ? sqlite3_column_int64(rd, 0) : -1;
    if (st == SQLITE_ROW && id < 0)
      continue;     /* not addressable by block: fts_docsize answers */
    if (blk >= 0 && (st == SQLITE_DONE || id / DL_BLOCK != blk)) {
      sqlite3_bind_int64(wr, 1, blk);
      sqlite3_bind_blob(wr, 2, buf, used, SQLITE_STATIC);
      if (sqlite3_step(wr) != SQLITE_DONE)
        rc = sqlite3_errcode(db);
      sqlite3_reset(wr);
      blk = -1;
    }
    if (st == SQLITE_DONE || rc != SQLITE_OK)
      break;
    if (blk < 0) {
      blk = id / DL_BLOCK;
      used = 0;
    }
    int64_t len, title;
    docsize_decode(sqlite3_column_blob(rd, 1), sqlite3_column_bytes(rd, 1), &len, &title);
    int o = (int)(id % DL_BLOCK) * 2;
    if (o > used)
      memset(buf + used, 0, (size_t)(o - used));
    unsigned e = len <= 0 || len >= DL_BIG ? DL_BIG : (unsigned)len;
    e |= (unsigned)(title < DL_TITLE_LONG ? title : DL_TITLE_LONG) << 12;
    buf[o] = (unsigned char)(e & 0xFF);
    buf[o + 1] = (unsigned char)(e >> 8);
    used = o + 2;
  }
  sqlite3_finalize(rd);
  sqlite3_finalize(wr);
  return rc;
}

/* ---- top-k ranking -------------------------------------------------------------
 *
 * One pass over the matches, in rowid order: per row the weighted frequency
 * of every phrase (title 10, body 1) comes from the direct reading of the
 * index below (one phrase), or else from the FTS5 auxiliary function
 * gn_collect; rk_add takes the row's length from doclen, scores it and
 * keeps the best k rows in a heap (all rows when k = 0).  Once the heap is
 * full, a row whose score at length 0 cannot beat the k-th needs neither.
 * Rows whose title starts with phrase 0 and has as many tokens as the
 * query's key may be exact title matches: their titles are compared at the
 * end (rk_finish), in rank order until k of them are exact, and the exact
 * ones get GN_EXACT_BONUS.  When FTS5 does the matching, a query of one
 * phrase and nothing else is walked from its first row with xQueryPhrase,
 * which visits the same rows as the MATCH without a virtual-table round
 * trip per row.  The order is the one of scoring every row with gn_rank
 * (tests/test-search.c compares it with gn_rank and with FTS5's bm25()). */

#define K1 1.2
#define B 0.75
#define RK_UBTAB 64

typedef struct rk_hit {
  int64_t rid;
  double score;
  int32_t nbody;        /* matches in the body (snippet work); -1: not known */
} rk_hit;

typedef struct rk_set {
  double w[2];
  int nphrase;
  double avgdl;
  double *idf;
  double *freq;         /* nphrase, per row */
  int keytoks;          /* tokens of the query's title key; -1: no key */
  int fast;             /* one phrase only: walk it with xQueryPhrase */
  int walked;
  size_t k;             /* keep the best k; 0: all */
  rk_hit *v;            /* k > 0: a heap of the best k so far, the worst on top */
  size_t n, cap;
  rk_hit *maybe;        /* scored, may be exact title matches */
  size_t nmaybe, capmaybe;
  dl_reader dl;
  int rc;               /* SQLITE_OK, or the first error */
  double ubtab[RK_UBTAB];   /* one phrase: the score at length 0 of f = i */
  char ubknown[RK_UBTAB];
} rk_set;

static double rk_score(const rk_set *s, const double *f, double len)
{
  double score = 0;
  for (int i = 0; i < s->nphrase; i++)
    score += s->idf[i] * (f[i] * (K1 + 1.0)) / (f[i] + K1 * (1 - B + B * len / s->avgdl));
  return score;
}

/* a ranks before b: higher score, then lower rowid. */
static int rk_before(const rk_hit *a, const rk_hit *b)
{
  return a->score > b->score || (a->score == b->score && a->rid < b->rid);
}

static void rk_keep(rk_set *s, rk_hit h)
{
  if (s->k == 0) {
    GN_PUSH(s->v, s->n, s->cap, h);
    return;
  }
  rk_hit *v = s->v;
  size_t i;
  if (s->n < s->k) {
    i = s->n++;
    while (i > 0 && rk_before(&v[(i - 1) / 2], &h)) {   /* the worst rises */
      v[i] = v[(i - 1) / 2];
      i = (i - 1) / 2;
    }
    v[i] = h;
    return;
  }
  if (!rk_before(&h, &v[0]))
    return;
  i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = l;
    if (l >= s->n)
      break;
    if (r < s->n && rk_before(&v[l], &v[r]))
      m = r;
    if (!rk_before(&h, &v[m]))
      break;
    v[i] = v[m];
    i = m;
  }
  v[i] = h;
}

/* Rows come in rowid order (FTS5's, and the direct reading's): once the
 * best k are found, a row whose score at length 0 (the most it can have:
 * bm25 falls with the length) does not beat the k-th needs neither its
 * length nor its score; only a row that may be an exact title match is
 * always kept for rk_finish. */
static void rk_add(rk_set *s, int64_t rid, const double *f, int title0, int32_t nbody)
{
  if (!title0 && s->k && s->n == s->k) {
    double ub;
    int fi = s->nphrase == 1 && f[0] >= 0 && f[0] < RK_UBTAB ? (int)f[0] : -1;
    if (fi >= 0 && (double)fi == f[0]) {
      if (!s->ubknown[fi]) {
        s->ubtab[fi] = rk_score(s, f, 0.0);
        s->ubknown[fi] = 1;
      }
      ub = s->ubtab[fi];
    } else {
      ub = rk_score(s, f, 0.0);
    }
    if (ub < s->v[0].score)
      return;
  }
  int64_t len, title;
  if (dl_get(&s->dl, rid, &len, &title) != GN_OK) {
    if (s->rc == SQLITE_OK)
      s->rc = SQLITE_ERROR;
    return;
  }
  rk_hit h = { rid, rk_score(s, f, (double)len), nbody };
  if (title0 && s->keytoks >= 0 &&
      (title == s->keytoks || (title >= DL_TITLE_LONG && s->keytoks >= DL_TITLE_LONG)))
    GN_PUSH(s->maybe, s->nmaybe, s->capmaybe, h);
  else
    rk_keep(s, h);
}

/* xQueryPhrase callback: one row of the only phrase. */
static int phrase_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
  rk_set *s = ctx;
  Fts5PhraseIter it;
  int col = -1, off = 0, title0 = 0, nbody = 0;
  double f = 0;
  int rc = api->xPhraseFirst(fts, 0, &it, &col, &off);
  if (rc != SQLITE_OK)
    return rc;
  for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off)) {
    f += col < 2 ? s->w[col] : 1.0;
    nbody += col == 1;
    if (col == 0 && off == 0)
      title0 = 1;
  }
  rk_add(s, api->xRowid(fts), &f, title0, nbody);
  return s->rc;
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
    size_t n = (size_t)(rd->nphrase > 0 ? rd->nphrase : 1);
    s->nphrase = rd->nphrase;
    s->avgdl = rd->avgdl;
    s->idf = gn_xmalloc(2 * n * sizeof *s->idf);
    s->freq = s->idf + n;
    for (int i = 0; i < rd->nphrase; i++)
      s->idf[i] = rd->idf[i];
  }
  if (s->fast && s->nphrase == 1) {
    if (!s->walked) {
      s->walked = 1;
      rc = api->xQueryPhrase(fts, 0, s, phrase_row);
      if (rc == SQLITE_OK)
        rc = s->rc;
    }
  } else {
    int np = s->nphrase, title0 = 0, ninst = 0;
    double *f = s->freq;
    for (int i = 0; i < np; i++)
      f[i] = 0;
    rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
      int ip, ic, io;
      rc = api->xInst(fts, i, &ip, &ic, &io);
      if (rc != SQLITE_OK || ip < 0 || ip >= np)
        continue;
      f[ip] += ic >= 0 && ic < 2 ? s->w[ic] : 1.0;
      if (ip == 0 && ic == 0 && io == 0)
        title0 = 1;
    }
    if (rc == SQLITE_OK) {
      rk_add(s, api->xRowid(fts), f, title0, -1);
      rc = s->rc;
    }
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  sqlite3_result_null(ctx);
}

static int cmp_rank(const void *a, const void *b)
{
  const rk_hit *x = a, *y = b;
  return rk_before(x, y) ? -1 : rk_before(y, x) ? 1 : 0;
}

/* After the pass: settle the possible exact title matches, and sort the kept
 * rows into rank order (s->v[0 .. s->n)).  Returns GN_OK or GN_EIO. */
static int rk_finish(sqlite3 *db, rk_set *s, const gn_query *q)
{
  if (s->nmaybe) {
    sqlite3_blob *h = NULL;
    unsigned char *t = NULL;
    int cap = 0;
    /* in rank order: once k of them are exact, those k are the top k and
     * the rest need not be read */
    qsort(s->maybe, s->nmaybe, sizeof *s->maybe, cmp_rank);
    size_t nexact = 0;
    for (size_t i = 0; i < s->nmaybe && (s->k == 0 || nexact < s->k); i++) {
      rk_hit h1 = s->maybe[i];
      int n = blob_get(db, &h, "rec", "title", h1.rid, &t, &cap);
      if (n == -2) {
        free(t);
        return GN_EIO;
      }
      if (n >= 0) {
        char *tk = gn_title_key((const char *)t, (size_t)n);
        if (strcmp(tk, q->key) == 0) {
          h1.score += GN_EXACT_BONUS;
          nexact++;
        }
        free(tk);
      }
      rk_keep(s, h1);
    }
    sqlite3_blob_close(h);
    free(t);
  }
  if (s->n > 1)
    qsort(s->v, s->n, sizeof *s->v, cmp_rank);
  return GN_OK;
}

/* ---- reading fts's index directly ---------------------------------------------
 *
 * A query of one phrase and nothing else (the common case: one word typed)
 * is ranked without FTS5's query machinery: the doclists of the phrase's
 * tokens are read straight from the index's segment (tables fts_data and
 * fts_idx, in the FTS5 on-disk format that SQLite's ext/fts5/fts5_index.c
 * documents), decoded into per-row phrase frequencies and scored as above.
 * This saves FTS5's per-row cursor and auxiliary-function work and its
 * set-up (fts_config, its statements), which were most of the cost of such
 * a search.  It reads only what the builder writes: one segment (after
 * 'optimize'), detail=full, no prefix indexes, rows never deleted.  Anything
 * else (several segments, an unknown structure record, a delete flag, a page
 * that does not decode, a prefix token at the end of a longer phrase) makes
 * it give up, forget what it scored, and let the query run through FTS5.
 * A phrase of several tokens is read with a reader per token, all moved to
 * the same rows; a prefix token's rows are gathered over all the tokens it
 * covers.  tests/test-search.c compares the results with FTS5's, also on
 * doclists and position lists that span many pages. */

/* A varint as FTS5 (and SQLite) writes it, within p[0..n). */
static int fx_varint(const unsigned char *p, int n, int *o, uint64_t *v)
{
  uint64_t x = 0;
  int i = *o;
  for (int k = 0; k < 9; k++) {
    if (i >= n)
      return 0;
    unsigned char c = p[i++];
    if (k == 8) {
      x = (x << 8) | c;
      break;
    }
    x = (x << 7) | (c & 0x7F);
    if (!(c & 0x80))
      break;
  }
  *o = i;
  *v = x;
  return 1;
}

static int fx_int(const unsigned char *p, int n, int *o, int *v)
{
  uint64_t x;
  if (!fx_varint(p, n, o, &x) || x > 0x7FFFFFFF)
    return 0;
  *v = (int)x;
  return 1;
}

typedef struct fx {
  sqlite3 *db;
  sqlite3_blob **rd;        /* on fts_data.block (shared by the readers of a query) */
  unsigned char *buf;       /* the current page */
  int cap;
  sqlite3_stmt *idx;        /* the leaf page that may hold a term */
  int64_t segid;
  int pgfirst, pglast;
  /* the current page, valid until the next fx_load */
  const unsigned char *p;
  int n, szleaf, fr, pgno;
  int po;                   /* its page index: offset of the next entry */
  int toff;                 /* its page index: the last term offset read */
} fx;

/* Load page pgno of the segment; returns 1, 0 past its last page, -1 when
 * the page cannot be read or does not decode. */
static int fx_load(fx *f, int pgno)
{
  if (pgno < f->pgfirst || pgno > f->pglast)
    return 0;
  int n = blob_get(f->db, f->rd, "fts_data", "block", (f->segid << 37) + pgno, &f->buf,
                   &f->cap);
  const unsigned char *p = f->buf;
  if (n < 4)
    return -1;
  int fr = p[0] << 8 | p[1], sz = p[2] << 8 | p[3];
  if (sz < 4 || sz > n || (fr != 0 && (fr < 4 || fr >= sz)))
    return -1;
  f->p = p;
  f->n = n;
  f->szleaf = sz;
  f->fr = fr;
  f->pgno = pgno;
  f->po = sz;
  f->toff = 0;
  return 1;
}

/* The offset of the next term on the current page, from its page index;
 * -1 when there is none, or when the entry does not decode (then *bad). */
static int fx_next_term(fx *f, int *bad)
{
  if (f->po >= f->n)
    return -1;
  int d;
  if (!fx_int(f->p, f->n, &f->po, &d) || f->toff + d < 4 || f->toff + d >= f->szleaf) {
    *bad = 1;
    return -1;
  }
  f->toff += d;
  return f->toff;
}

/* Called per row of a doclist with its position list p[0..n); returns 0
 * when the row does not decode (the reading gives up). */
typedef int (*fx_row_fn)(void *ctx, int64_t rid, const unsigned char *p, int n);

/* Positions of a position list as (column << 32 | offset), ascending, into
 * *v (grown as needed); returns their number, or -1 when it does not
 * decode. */
static int fx_positions(const unsigned char *p, int n, int64_t **v, int *cap)
{
  int64_t col = 0, off = 0;
  int k = 0;
  for (int o = 0; o < n;) {
    uint64_t x;
    if (!fx_varint(p, n, &o, &x))
      return -1;
    if (x == 1) {           /* a column follows */
      if (!fx_varint(p, n, &o, &x) || x > 0x7FFF || (int64_t)x <= col)
        return -1;
      col = (int64_t)x;
      off = 0;
      continue;
    }
    if (x < 2 || x - 2 > 0x7FFFFFFF)
      return -1;
    off += (int64_t)(x - 2);
    if (off > 0x7FFFFFFF)
      return -1;
    if (k == *cap) {
      *cap = *cap ? 2 * *cap : 64;
      *v = gn_xrealloc(*v, (size_t)*cap * sizeof **v);
    }
    (*v)[k++] = col << 32 | off;
  }
  return k;
}

/* A place among the segment's terms. */
typedef struct fx_cur {
  unsigned char *term;
  int nterm, cap;
  int dl;                   /* the current term's doclist starts here */
  int end;                  /* the next term on this page, -1: none */
} fx_cur;

/* Read the term at offset t of the current page (first: the page's first
 * term, stored whole; else it shares a prefix with the previous term). */
static int fx_read_term(fx *f, fx_cur *c, int t, int first)
{
  int keep = 0, nnew, o = t, bad = 0;
  if (!first && !fx_int(f->p, f->szleaf, &o, &keep))
    return 0;
  if (!fx_int(f->p, f->szleaf, &o, &nnew) || keep > c->nterm || nnew > f->szleaf - o)
    return 0;
  if (keep + nnew > c->cap) {
    c->cap = keep + nnew + 64;
    c->term = gn_xrealloc(c->term, (size_t)c->cap);
  }
  memcpy(c->term + keep, f->p + o, (size_t)nnew);
  c->nterm = keep + nnew;
  c->dl = o + nnew;
  c->end = fx_next_term(f, &bad);
  return !bad;
}

/* The first term of the next page that has terms; 0 at the segment's end,
 * -1 when a page does not decode. */
static int fx_next_page_term(fx *f, fx_cur *c)
{
  for (;;) {
    int r = fx_load(f, f->pgno + 1), bad = 0;
    if (r <= 0)
      return r;
    int t = fx_next_term(f, &bad);
    if (bad)
      return -1;
    if (t >= 0)
      return fx_read_term(f, c, t, 1) ? 1 : -1;
  }
}

/* A doclist read row by row: the one of the term at c (on f's current
 * page).  Each row's position list is at pl[0..npl), valid until the next
 * fx_dl_next. */
typedef struct fx_dl {
  fx *f;
  fx_cur *c;
  int o, end, endfirst, first;
  int64_t rid;
  const unsigned char *pl;
  int npl;
  unsigned char *join;      /* a position list that spans pages, joined */
  int capjoin;
  int next;                 /* after the last row: 1 at the next term (in c),
                               0 at the segment's end, -1 not decodable */
} fx_dl;

static void fx_dl_start(fx_dl *d, fx *f, fx_cur *c)
{
  d->f = f;
  d->c = c;
  d->o = c->dl;
  d->end = c->end;
  d->endfirst = 0;
  d->first = 1;
  d->rid = 0;
  d->pl = NULL;
  d->npl = 0;
  d->next = -1;
}

/* The next row: 1, 0 after the last one (d->next says what follows), -1
 * when the index does not decode. */
static int fx_dl_next(fx_dl *d)
{
  fx *f = d->f;
  int bad = 0;
  for (;;) {
    int lim = d->end >= 0 ? d->end : f->szleaf;
    if (d->o >= lim) {
      if (d->end >= 0) {    /* the next term follows on this page */
        d->next = fx_read_term(f, d->c, d->end, d->endfirst) ? 1 : -1;
        return d->next < 0 ? -1 : 0;
      }
      int r = fx_load(f, f->pgno + 1);
      if (r <= 0) {
        d->next = r;
        return r;
      }
      d->end = fx_next_term(f, &bad);
      d->endfirst = 1;
      if (bad)
        return -1;
      if (f->fr) {          /* the doclist goes on here */
        d->o = f->fr;
        continue;
      }
      if (d->end < 0)
        return -1;          /* neither rowids nor terms: not a doclist's end */
      d->next = fx_read_term(f, d->c, d->end, 1) ? 1 : -1;
      return d->next < 0 ? -1 : 0;
    }
    uint64_t v, sz;
    int at = d->o;
    if (!fx_varint(f->p, lim, &d->o, &v) || !fx_varint(f->p, lim, &d->o, &sz) || (sz & 1) ||
        sz / 2 > 0x7FFFFFF)
      return -1;            /* (sz & 1): a delete flag, never written by the builder */
    /* the first rowid of a doclist and of a page are whole, others deltas */
    d->rid = d->first || at == f->fr ? (int64_t)v : d->rid + (int64_t)v;
    d->first = 0;
    int need = (int)(sz / 2);
    if (need <= lim - d->o) {  /* all on this page */
      d->pl = f->p + d->o;
      d->npl = need;
      d->o += need;
      return 1;
    }
    if (need > d->capjoin) {
      d->capjoin = need;
      d->join = gn_xrealloc(d->join, (size_t)need);
    }
    int got = 0;
    while (got < need) {
      if (d->o >= lim) {
        /* the position list goes on at offset 4 of the next page */
        if (d->end >= 0 || fx_load(f, f->pgno + 1) != 1)
          return -1;
        d->end = fx_next_term(f, &bad);
        d->endfirst = 1;
        if (bad)
          return -1;
        d->o = 4;
        lim = f->fr ? f->fr : d->end >= 0 ? d->end : f->szleaf;
        continue;
      }
      int take = lim - d->o < need - got ? lim - d->o : need - got;
      memcpy(d->join + got, f->p + d->o, (size_t)take);
      got += take;
      d->o += take;
    }
    d->pl = d->join;
    d->npl = need;
    return 1;
  }
}

/* Call fn for every row of the doclist of the term at c.  Afterwards c is
 * at the next term (1), at the segment's end (0), or the index did not
 * decode (-1). */
static int fx_doclist(fx *f, fx_cur *c, fx_row_fn fn, void *ctx)
{
  fx_dl d = { 0 };
  fx_dl_start(&d, f, c);
  int r;
  while ((r = fx_dl_next(&d)) == 1)
    if (!fn(ctx, d.rid, d.pl, d.npl)) {
      r = -1;
      break;
    }
  free(d.join);
  return r < 0 ? -1 : d.next;
}

/* Byte order, a prefix first: FTS5's order of terms. */
static int fx_cmp_key(const unsigned char *a, int na, const unsigned char *b, int nb)
{
  int c = memcmp(a, b, (size_t)(na < nb ? na : nb));
  return c ? c : (na > nb) - (na < nb);
}

/* The leaf page where the term key[0..nkey) (the main index's '0' first)
 * may start, from fts_idx.  Returns 1, -1 on a database error. */
static int fx_locate(fx *f, const unsigned char *key, int nkey, int *pg)
{
  *pg = 1;
  sqlite3_reset(f->idx);
  sqlite3_bind_int64(f->idx, 1, f->segid);
  sqlite3_bind_blob(f->idx, 2, key, nkey, SQLITE_STATIC);
  int rc = sqlite3_step(f->idx);
  if (rc == SQLITE_ROW)
    *pg = (int)(sqlite3_column_int64(f->idx, 0) >> 1);
  sqlite3_reset(f->idx);
  if (*pg < f->pgfirst)
    *pg = f->pgfirst;
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 1 : -1;
}

/* Put c at the first term >= key[0..nkey), starting from leaf page pg
 * (fx_locate).  Returns 1, 0 when there is none (the segment ends), -1 when
 * the index does not decode as expected. */
static int fx_seek(fx *f, int pg, const unsigned char *key, int nkey, fx_cur *c)
{
  int bad = 0, r = fx_load(f, pg);
  if (r != 1)
    return -1;              /* (0: the page the index names is not in the segment) */
  int t = fx_next_term(f, &bad);
  r = bad ? -1 : t >= 0 ? (fx_read_term(f, c, t, 1) ? 1 : -1) : fx_next_page_term(f, c);
  while (r == 1 && fx_cmp_key(c->term, c->nterm, key, nkey) < 0)
    r = c->end >= 0 ? (fx_read_term(f, c, c->end, 0) ? 1 : -1) : fx_next_page_term(f, c);
  return r;
}

/* Call fn for every row of the doclist of token key[0..nkey), whose term
 * may start on leaf page pg, or, with prefix, of every token that starts
 * with it, one token after the other.  Returns 1 (also when there is no
 * such token), 0 when the index does not decode as expected. */
static int fx_token(fx *f, int pg, const unsigned char *key, int nkey, int prefix, fx_row_fn fn,
                    void *ctx)
{
  fx_cur c = { 0 };
  int r = fx_seek(f, pg, key, nkey, &c);
  while (r == 1 && c.nterm >= nkey && memcmp(c.term, key, (size_t)nkey) == 0 &&
         (prefix || c.nterm == nkey)) {
    r = fx_doclist(f, &c, fn, ctx);
    if (!prefix)
      break;
  }
  free(c.term);
  return r >= 0 ? 1 : 0;
}

typedef struct fx_toks {
  char **v;
  int *len;
  int n, cap;
} fx_toks;

static int fx_add_tok(void *ctx, const gn_jatoken *t)
{
  fx_toks *k = ctx;
  if (k->n == k->cap) {
    k->cap = k->cap ? 2 * k->cap : 8;
    k->v = gn_xrealloc(k->v, (size_t)k->cap * sizeof *k->v);
    k->len = gn_xrealloc(k->len, (size_t)k->cap * sizeof *k->len);
  }
  k->v[k->n] = gn_xmalloc((size_t)t->len + 1);
  k->v[k->n][0] = '0';      /* the main index's terms start with '0' */
  memcpy(k->v[k->n] + 1, t->text, (size_t)t->len);
  k->len[k->n++] = t->len + 1;
  return 0;
}

/* Record id of fts_data, malloc'd; NULL when absent. */
static unsigned char *fx_record(fx *f, int64_t id, int *n)
{
  *n = blob_get(f->db, f->rd, "fts_data", "block", id, &f->buf, &f->cap);
  if (*n < 0)
    return NULL;
  unsigned char *r = gn_xmalloc((size_t)*n + 1);
  memcpy(r, f->buf, (size_t)*n);
  return r;
}

/* The segment (its id and pages) and the average row length, from the
 * structure (id 10) and averages (id 1) records.  Returns 1, or 0 when the
 * index is not one segment as the builder writes it. */
static int fx_open(fx *f, double *avgdl)
{
  int n = 0, o = 4, nlevel, nseg, found = 0, ok = 0;
  uint64_t v;
  unsigned char *st = fx_record(f, 10, &n);
  if (!st || n < 5 || st[4] == 0xFF || !fx_int(st, n, &o, &nlevel) ||
      !fx_int(st, n, &o, &nseg) || !fx_varint(st, n, &o, &v) || nseg > 1 || nlevel > 64)
    goto out;
  for (int lv = 0; lv < nlevel; lv++) {
    int nmerge, ns;
    if (!fx_int(st, n, &o, &nmerge) || !fx_int(st, n, &o, &ns) || nmerge != 0 || ns > 1)
      goto out;
    for (int i = 0; i < ns; i++) {
      int id, a, b;
      if (!fx_int(st, n, &o, &id) || !fx_int(st, n, &o, &a) || !fx_int(st, n, &o, &b) ||
          found++ || id < 1 || id > 0xFFFF || a < 1 || b < a)
        goto out;
      f->segid = id;
      f->pgfirst = a;
      f->pglast = b;
    }
  }
  if (found != nseg || o != n)
    goto out;
  if (!found)
    f->pgfirst = 1, f->pglast = 0;    /* an empty index */
  uint64_t nrow = 0, ntok = 0;
  unsigned char *av = fx_record(f, 1, &n);
  o = 0;
  if (av && fx_varint(av, n, &o, &nrow))
    while (o < n && fx_varint(av, n, &o, &v))
      ntok += v;
  free(av);
  *avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
  ok = 1;
out:
  free(st);
  return ok;
}

/* Decode one row's position list: how many positions fall in the title
 * (column 0) and in the body (column 1), and whether one of them is the
 * title's first token.  Returns 0 on anything FTS5 with detail=full over
 * these two columns would not have written. */
static int fx_poslist(const unsigned char *p, int n, uint32_t *title, uint32_t *body, int *title0)
{
  int col = 0, o = 0, first = 1;
  *title = *body = 0;
  *title0 = 0;
  while (o < n) {
    uint64_t x;
    if (!fx_varint(p, n, &o, &x))
      return 0;
    if (x == 1) {
      if (!fx_varint(p, n, &o, &x) || x > 1 || (int)x <= col)
        return 0;
      col = (int)x;
      first = 0;
      continue;
    }
    if (x < 2)
      return 0;
    if (col == 0)
      (*title)++;
    else
      (*body)++;
    if (first && col == 0 && x == 2)
      *title0 = 1;
    first = 0;
  }
  return 1;
}

/* A one-token phrase: count its positions per column and score the row. */
static int fx_count_row(void *ctx, int64_t rid, const unsigned char *p, int n)
{
  rk_set *s = ctx;
  uint32_t title, body;
  int title0;
  if (!fx_poslist(p, n, &title, &body, &title0) || title + body == 0)
    return 0;               /* not from detail=full */
  double f = title * s->w[0] + body * s->w[1];
  rk_add(s, rid, &f, title0, (int)body);
  return s->rc == SQLITE_OK;
}

/* A prefix token: per row of each token it covers, its positions per
 * column and whether one is the title's first; rows of several tokens are
 * added up once all are read. */
typedef struct fx_acc_row_t {
  uint32_t rid;
  uint32_t title;           /* bit 31: a position is the title's first */
  uint32_t other;
} fx_acc_row_t;

typedef struct fx_acc {
  fx_acc_row_t *v;
  size_t n, cap;
  int sorted;               /* v is in rowid order */
} fx_acc;

static int fx_acc_row(void *ctx, int64_t rid, const unsigned char *p, int n)
{
  fx_acc *a = ctx;
  if (rid < 0 || rid > 0xFFFFFFFF)
    return 0;
  fx_acc_row_t r = { (uint32_t)rid, 0, 0 };
  int title0;
  if (!fx_poslist(p, n, &r.title, &r.other, &title0))
    return 0;
  if (title0)
    r.title |= 1u << 31;
  if ((r.title & 0x7FFFFFFF) + r.other == 0 || (r.title & 0x7FFFFFFF) >= 1u << 30)
    return 0;
  if (a->n && a->v[a->n - 1].rid >= r.rid)
    a->sorted = 0;
  GN_PUSH(a->v, a->n, a->cap, r);
  return 1;
}

/* Sort a->v by rowid (radix, 8 bits a pass), then add up equal rows. */
static void fx_acc_merge(fx_acc *a)
{
  if (!a->sorted && a->n > 1) {
    uint32_t max = 0;
    for (size_t i = 0; i < a->n; i++)
      if (a->v[i].rid > max)
        max = a->v[i].rid;
    fx_acc_row_t *tmp = gn_xmalloc(a->n * sizeof *tmp);
    for (int shift = 0; shift < 32 && (max >> shift); shift += 8) {
      size_t cnt[257] = { 0 };
      for (size_t i = 0; i < a->n; i++)
        cnt[((a->v[i].rid >> shift) & 0xFF) + 1]++;
      for (int d = 0; d < 256; d++)
        cnt[d + 1] += cnt[d];
      for (size_t i = 0; i < a->n; i++)
        tmp[cnt[(a->v[i].rid >> shift) & 0xFF]++] = a->v[i];
      fx_acc_row_t *t = a->v;
      a->v = tmp;
      tmp = t;
    }
    free(tmp);
  }
  size_t w = 0;
  for (size_t i = 0; i < a->n; i++) {
    if (w && a->v[w - 1].rid == a->v[i].rid) {
      uint32_t t0 = (a->v[w - 1].title | a->v[i].title) & 1u << 31;
      a->v[w - 1].title = (((a->v[w - 1].title & 0x7FFFFFFF) + (a->v[i].title & 0x7FFFFFFF)) &
                           0x7FFFFFFF) | t0;
      a->v[w - 1].other += a->v[i].other;
    } else {
      a->v[w++] = a->v[i];
    }
  }
  a->n = w;
}

/* Forget what a partial reading scored. */
static void fx_unscore(rk_set *s)
{
  s->n = 0;
  s->nmaybe = 0;
  s->rc = SQLITE_OK;
  free(s->idf);
  s->idf = s->freq = NULL;
  s->nphrase = 0;
  memset(s->ubknown, 0, sizeof s->ubknown);
}

static unsigned long fx_ranked;

unsigned long gn_search_direct_count(void)
{
  return fx_ranked;
}

/* Rank the rows of q's only phrase into s (see above).  Returns 1 when
 * done, 0 when it gave up (nothing is left scored), -1 on a database
 * error. */
static int fx_rank(sqlite3 *db, const gn_query *q, rk_set *s)
{
  const gn_qterm *qt = &q->terms[0];
  fx_toks k = { 0 };
  gn_jatok_tokenize(qt->norm, strlen(qt->norm), GN_JATOK_QUERY, fx_add_tok, &k);
  sqlite3_blob *blob = NULL;
  fx f = { 0 };
  f.db = db;
  f.rd = &blob;
  fx_acc acc = { 0 };
  fx *tf = NULL;            /* a phrase of several tokens: a reader each */
  fx_cur *tc = NULL;
  fx_dl *td = NULL;
  int64_t **pl = NULL;
  int *np = NULL, *cappl = NULL;
  int ret = 0, pg = 0;
  double avgdl = 1.0;
  if (k.n == 0 || k.n > 64 || (qt->prefix && k.n > 1))
    goto done;
  if (prepare(db, "SELECT pgno FROM fts_idx WHERE segid = ?1 AND term <= ?2"
                  " ORDER BY term DESC LIMIT 1", &f.idx) != GN_OK ||
      !fx_open(&f, &avgdl))
    goto done;              /* FTS5 will do, or say what is wrong */
  s->nphrase = 1;
  s->avgdl = avgdl;
  s->idf = gn_xmalloc(2 * sizeof *s->idf);
  s->freq = s->idf + 1;
  s->idf[0] = 1.0;          /* one phrase: idf would only scale every score */
  if (k.n == 1) {
    if (fx_locate(&f, (const unsigned char *)k.v[0], k.len[0], &pg) != 1) {
      ret = -1;
      goto done;
    }
    if (!qt->prefix) {
      ret = fx_token(&f, pg, (const unsigned char *)k.v[0], k.len[0], 0, fx_count_row, s);
    } else {
      acc.sorted = 1;
      ret = fx_token(&f, pg, (const unsigned char *)k.v[0], k.len[0], 1, fx_acc_row, &acc);
      if (ret == 1)
        fx_acc_merge(&acc);
      for (size_t i = 0; ret == 1 && i < acc.n && s->rc == SQLITE_OK; i++) {
        const fx_acc_row_t *r = &acc.v[i];
        double fr = (double)(r->title & 0x7FFFFFFF) * s->w[0] + (double)r->other * s->w[1];
        rk_add(s, r->rid, &fr, r->title >> 31, r->other > 0x7FFFFFFF ? -1 : (int32_t)r->other);
      }
    }
  } else {
    /* an exact phrase of several tokens: a reader per token's doclist, all
     * moved to the same rows (each to the greatest rowid among them), and
     * in a row that has every token, the places where they follow each
     * other */
    int n = k.n, alive = 1;
    tf = gn_xcalloc((size_t)n, sizeof *tf);
    tc = gn_xcalloc((size_t)n, sizeof *tc);
    td = gn_xcalloc((size_t)n, sizeof *td);
    pl = gn_xcalloc((size_t)n, sizeof *pl);
    np = gn_xcalloc((size_t)n, sizeof *np);
    cappl = gn_xcalloc((size_t)n, sizeof *cappl);
    ret = 1;
    for (int j = 0; j < n && ret == 1 && alive; j++) {
      tf[j] = f;
      tf[j].buf = NULL;
      tf[j].cap = 0;
      int r = fx_locate(&tf[j], (const unsigned char *)k.v[j], k.len[j], &pg);
      if (r != 1) {
        ret = -1;
        break;
      }
      r = fx_seek(&tf[j], pg, (const unsigned char *)k.v[j], k.len[j], &tc[j]);
      if (r < 0)
        ret = 0;
      else if (r == 0 || tc[j].nterm != k.len[j] || memcmp(tc[j].term, k.v[j], (size_t)k.len[j]))
        alive = 0;          /* no such token: no rows */
      else {
        fx_dl_start(&td[j], &tf[j], &tc[j]);
        r = fx_dl_next(&td[j]);
        if (r < 0)
          ret = 0;
        else if (r == 0)
          alive = 0;
      }
    }
    while (ret == 1 && alive && s->rc == SQLITE_OK) {
      int64_t top = td[0].rid;
      for (int j = 1; j < n; j++)
        if (td[j].rid > top)
          top = td[j].rid;
      int same = 1;
      for (int j = 0; j < n && alive && ret == 1; j++) {
        while (td[j].rid < top) {
          int r = fx_dl_next(&td[j]);
          if (r <= 0) {
            if (r < 0)
              ret = 0;
            alive = 0;
            break;
          }
        }
        if (alive && td[j].rid != top)
          same = 0;
      }
      if (ret != 1 || !alive)
        break;
      if (!same)
        continue;
      /* every token is in row top: the phrase's places, from the places
       * of the token that has fewest here */
      int jmin = 0;
      for (int j = 0; j < n && ret == 1; j++) {
        np[j] = fx_positions(td[j].pl, td[j].npl, &pl[j], &cappl[j]);
        if (np[j] < 0)
          ret = 0;
        else if (np[j] < np[jmin])
          jmin = j;
      }
      if (ret != 1)
        break;
      int cur[64];
      for (int j = 0; j < n; j++)
        cur[j] = 0;
      double fr = 0;
      int t0 = 0, nbody = 0;
      for (int a = 0; a < np[jmin]; a++) {
        int64_t p = pl[jmin][a];
        if ((p & 0xFFFFFFFF) < jmin)
          continue;         /* would start before the column */
        int64_t start = p - jmin;
        int ok = 1;
        for (int j = 0; j < n && ok; j++) {
          if (j == jmin)
            continue;
          while (cur[j] < np[j] && pl[j][cur[j]] < start + j)
            cur[j]++;
          ok = cur[j] < np[j] && pl[j][cur[j]] == start + j;
        }
        if (!ok)
          continue;
        fr += start >> 32 == 0 ? s->w[0] : start >> 32 == 1 ? s->w[1] : 1.0;
        nbody += start >> 32 == 1;
        if (start == 0)
          t0 = 1;
      }
      if (fr > 0)
        rk_add(s, top, &fr, t0, nbody);
      /* on to the next row of every token */
      for (int j = 0; j < n && alive; j++) {
        int r = fx_dl_next(&td[j]);
        if (r <= 0) {
          if (r < 0)
            ret = 0;
          alive = 0;
        }
      }
    }
  }
  if (ret == 1 && s->rc != SQLITE_OK)
    ret = -1;
  if (ret == 0)
    fx_unscore(s);
  if (ret == 1)
    fx_ranked++;
done:
  for (int j = 0; tf && j < k.n; j++) {
    free(tf[j].buf);
    free(tc[j].term);
    free(td[j].join);
    free(pl[j]);
  }
  free(tf);
  free(tc);
  free(td);
  free(pl);
  free(np);
  free(cappl);
  free(acc.v);
  for (int i = 0; i < k.n; i++)
    free(k.v[i]);
  free(k.v);
  free(k.len);
  sqlite3_blob_close(blob);
  free(f.buf);
  sqlite3_finalize(f.idx);
  return ret;
}

int gn_rank_register_api(fts5_api *api)
{
  if (!api || api->iVersion < 2)
    return SQLITE_ERROR;
  int rc = api->xCreateFunction(api, "gn_rank", NULL, rank_fn, NULL);
  if (rc == SQLITE_OK)
    rc = api->xCreateFunction(api, "gn_collect", NULL, collect_fn, NULL);
  return rc;
}

int gn_rank_register(sqlite3 *db)
{
  return gn_rank_register_api(gn_fts5_api(db));
}

/* ---- search ------------------------------------------------------------ */

typedef struct hitbuf {
  gn_buf snippet;
  gn_span *m;
} hitbuf;

/* Deliver the hit with rowid rid; exact: whether its title is the query
 * (-1: find out), nbody: the matches in its body (-1: not known; the index
 * told the ranking, and no more are looked for).  Returns GN_OK, GN_EIO, 1
 * to stop, or -1 when there is no such record (nothing delivered). */
/* Account for what deliver() returned: GN_EIO stops with that status, a
 * negative value skips the row, otherwise the hit counts and 1 stops.
 * Returns 1 to stop. */
static int delivered(int d, int *n, int *status)
{
  if (d == GN_EIO) {
    *status = GN_EIO;
    return 1;
  }
  if (d < 0)
    return 0;
  (*n)++;
  return d == 1;
}

static int deliver(sqlite3 *db, sqlite3_stmt *rs, const gn_query *q, int64_t rid,
                   double score, int exact, int32_t nbody, gn_hit_cb cb, void *ctx,
                   hitbuf *hb)
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
  if (exact >= 0) {
    h.exact = exact;
  } else if (q->key) {
    char *tk = gn_title_key(h.title, strlen(h.title));
    h.exact = strcmp(tk, q->key) == 0;
    free(tk);
  }
  gn_span *sp = NULL;
  size_t nsp = nbody == 0 ? 0 : gn_query_spans_max(q, body, blen, nbody > 0 ? (size_t)nbody : 0,
                                                   &sp);
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
  dl_init(&set.dl, db);
  hitbuf hb = { { 0 }, NULL };
  /* one read transaction for all statements: otherwise every lookup takes
   * and releases the file lock (an fcntl and an fstat each) */
  int own_txn = sqlite3_get_autocommit(db) &&
                sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  int filtered = has_filters(q, vols), direct = 0;
  size_t off = o->offset > 0 ? (size_t)o->offset : 0;
  if (o->ranked) {
    set.w[0] = W_TITLE_F;
    set.w[1] = W_BODY_F;
    set.k = o->limit > 0 ? off + (size_t)o->limit : 0;
    set.keytoks = -1;
    if (q->key && *q->key) {
      set.keytoks = 0;
      gn_jatok_tokenize(q->key, strlen(q->key), GN_JATOK_DOCUMENT, count_tok, &set.keytoks);
    }
    if (set.k)
      set.v = gn_xmalloc(set.k * sizeof *set.v);
    /* one positive phrase and nothing else: read its doclists directly, or
     * else let gn_collect walk it whole from the first row */
    set.fast = !filtered && q->nterms == 1 && !q->terms[0].negated;
    if (set.fast) {
      direct = fx_rank(db, q, &set);
      if (direct < 0) {
        status = GN_EIO;
        goto done;
      }
    }
  }
  if (prepare(db, "SELECT id, kind, title, path, coalesce(volume, 0), body"
                  " FROM rec WHERE rid = ?1", &rs) != GN_OK) {
    status = GN_EIO;
    goto done;
  }
  if (!direct) {
    gn_buf_puts(&sql, o->ranked ? "SELECT gn_collect(fts, ?2)" : "SELECT fts.rowid");
    gn_buf_puts(&sql, " FROM fts");
    if (filtered)
      gn_buf_puts(&sql, " CROSS JOIN rec ON rec.rid = fts.rowid");
    gn_buf_puts(&sql, " WHERE fts MATCH ?1");
    add_filters(&sql, q, vols);
    if (set.fast)
      gn_buf_puts(&sql, " LIMIT 1");
    else if (!o->ranked)
      gn_buf_puts(&sql, " LIMIT ?2 OFFSET ?3");
    if (prepare(db, sql.s, &st) != GN_OK) {
      status = GN_EIO;
      goto done;
    }
    sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
  }
  if (o->ranked) {
    if (!direct) {
      sqlite3_bind_pointer(st, 2, &set, "gn_rk_set", NULL);
      while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    }
    if ((!direct && rc != SQLITE_DONE) || rk_finish(db, &set, q) != GN_OK) {
      status = GN_EIO;
      goto done;
    }
    for (size_t i = off; i < set.n; i++) {
      const rk_hit *r = &set.v[i];
      int exact = r->score >= GN_EXACT_BONUS / 2;
      double score = exact ? r->score - GN_EXACT_BONUS : r->score;
      /* the ranking knows exact titles when the query has a key */
      if (delivered(deliver(db, rs, q, r->rid, score, set.keytoks >= 0 ? exact : -1, r->nbody, cb,
                            ctx, &hb), &n, &status))
        break;
    }
  } else {
    sqlite3_bind_int64(st, 2, o->limit > 0 ? o->limit : -1);
    sqlite3_bind_int64(st, 3, o->offset > 0 ? o->offset : 0);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (delivered(deliver(db, rs, q, sqlite3_column_int64(st, 0), 0.0, -1, -1, cb, ctx, &hb),
                    &n, &status))
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
  free(set.v);
  free(set.maybe);
  free(set.idf);
  dl_free(&set.dl);
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
  /* number as show has it; path an array as in show and toc: a node's from
   * its volume down to itself, another record's place (its meeting, its
   * checklist, the glossary); provenance for nodes only */
  int status = prepare(db,
    "SELECT CASE WHEN r.kind = 'node' THEN json_object('id', ?1, 'kind', ?2, 'title', ?3,"
    "  'volume', ?4, 'number', n.number, 'path', " GN_SQL_NODE_PATH("r.rid") ","
    "  'provenance', json_object('edition', n.edition, 'confidence', n.confidence, 'note', n.note),"
    "  'snippet', ?6, 'matches', json(?7), 'score', round(?8, 4))"
    " ELSE json_object('id', ?1, 'kind', ?2, 'title', ?3, 'volume', ?4,"
    "  'number', coalesce(i.number, p.number),"
    "  'path', CASE WHEN coalesce(r.path, ?5) = '' THEN json_array() ELSE json_array(coalesce(r.path, ?5)) END,"
    "  'snippet', ?6, 'matches', json(?7), 'score', round(?8, 4)) END"
    " FROM (SELECT ?9 AS rid) k LEFT JOIN rec r ON r.rid = k.rid LEFT JOIN node n ON n.rid = r.rid"
    " LEFT JOIN item i ON i.rid = r.rid LEFT JOIN point p ON p.rid = r.rid", &st);
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
    sqlite3_bind_int64(st, 9, h->rid);
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
