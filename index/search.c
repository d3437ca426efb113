/* search.c — see search.h. */
#include "search.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "jatok.h"
#include "util.h"

/* bm25 column weights: title, body. */
#define W_TITLE "10.0"
#define W_BODY "1.0"
/* Snippet width in terminal columns (CJK characters count 2). */
#define SNIPPET_COLS 100

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

/* Rowids of records whose title equals the query (normalised), as an SQL
 * list "1,2,3" in b; b->len == 0 when none. */
static int exact_rows(sqlite3 *db, const gn_query *q, gn_buf *b)
{
  b->len = 0;
  gn_buf_add(b, "", 0);
  if (!q->title_match || !q->key || !*q->key)
    return GN_OK;
  sqlite3_stmt *st;
  if (prepare(db, "SELECT rowid, title FROM fts WHERE fts MATCH ?1", &st) != GN_OK)
    return GN_EIO;
  sqlite3_bind_text(st, 1, q->title_match, -1, SQLITE_STATIC);
  size_t klen = strlen(q->key);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(st, 1);
    int tl = sqlite3_column_bytes(st, 1);
    if (!t || (size_t)tl < klen / 3)    /* a key is at most 3x shorter than its text */
      continue;
    char *tk = gn_title_key(t, (size_t)tl);
    if (strcmp(tk, q->key) == 0)
      gn_buf_printf(b, "%s%lld", b->len ? "," : "", (long long)sqlite3_column_int64(st, 0));
    free(tk);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? GN_OK : GN_EIO;
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
  int status = GN_OK;
  gn_buf sql = { 0 }, ex = { 0 };
  sqlite3_stmt *st = NULL, *rs = NULL;
  if (o->ranked && exact_rows(db, q, &ex) != GN_OK) {
    status = GN_EIO;
    goto done;
  }
  gn_buf_puts(&sql, "SELECT fts.rowid");
  gn_buf_puts(&sql, o->ranked ? ", bm25(fts, " W_TITLE ", " W_BODY ")" : ", 0.0");
  gn_buf_puts(&sql, " FROM fts");
  if (has_filters(q, vols))
    gn_buf_puts(&sql, " CROSS JOIN rec ON rec.rid = fts.rowid");
  gn_buf_puts(&sql, " WHERE fts MATCH ?1");
  add_filters(&sql, q, vols);
  if (o->ranked) {
    gn_buf_puts(&sql, " ORDER BY ");
    if (ex.len)
      gn_buf_printf(&sql, "fts.rowid IN (%s) DESC, ", ex.s);
    gn_buf_puts(&sql, "2, fts.rowid");
  }
  gn_buf_puts(&sql, " LIMIT ?2 OFFSET ?3");
  if (prepare(db, sql.s, &st) != GN_OK ||
      prepare(db, "SELECT id, kind, title, path, coalesce(volume, 0), body"
                  " FROM rec WHERE rid = ?1", &rs) != GN_OK) {
    status = GN_EIO;
    goto done;
  }
  sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, o->limit > 0 ? o->limit : -1);
  sqlite3_bind_int64(st, 3, o->offset > 0 ? o->offset : 0);
  hitbuf hb = { { 0 }, NULL };
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    double score = o->ranked ? -sqlite3_column_double(st, 1) : 0.0;
    int d = deliver(db, rs, q, sqlite3_column_int64(st, 0), score, cb, ctx, &hb);
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
  gn_buf_free(&hb.snippet);
  free(hb.m);
  if (status == GN_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    status = GN_EIO;
  if (status == GN_OK && n == 0)
    status = GN_NOTFOUND;
done:
  sqlite3_finalize(st);
  sqlite3_finalize(rs);
  gn_buf_free(&sql);
  gn_buf_free(&ex);
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
