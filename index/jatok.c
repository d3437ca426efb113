/* jatok.c — see jatok.h. */
#include "jatok.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "util.h"

/* ---- character tables ------------------------------------------------- */

/* Half-width katakana U+FF66..U+FF9D → full-width. */
static const uint16_t halfkana[] = {
  0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, /* FF66 */
  0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, /* FF6E */
  0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, /* FF76 */
  0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, /* FF7E */
  0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, /* FF86 */
  0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, /* FF8E */
  0x30E8, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, /* FF96 */
};
_Static_assert(sizeof halfkana / sizeof halfkana[0] == 0xFF9D - 0xFF66 + 1,
               "half-width katakana table");

static int is_kata(uint32_t c)
{
  return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FD || c == 0x30FE ||
         (c >= 0x31F0 && c <= 0x31FF);
}

/* 1: voiced mark (゙ U+3099, ﾞ U+FF9E, ゛ U+309B); 2: semi-voiced. */
static int voicing_mark(uint32_t c)
{
  if (c == 0x3099 || c == 0xFF9E || c == 0x309B)
    return 1;
  if (c == 0x309A || c == 0xFF9F || c == 0x309C)
    return 2;
  return 0;
}

/* The kana c with a (semi-)voiced mark, or 0 when there is none. */
static uint32_t kana_compose(uint32_t c, int semi)
{
  if (!semi) {
    if (c == 0x30A6)
      return 0x30F4;                       /* ウ → ヴ */
    if (c == 0x3046)
      return 0x3094;                       /* う → ゔ */
    if (c >= 0x30EF && c <= 0x30F2)
      return c + 8;                        /* ワヰヱヲ → ヷヸヹヺ */
    if (c == 0x309D || c == 0x30FD)
      return c + 1;                        /* ゝ → ゞ, ヽ → ヾ */
  }
  uint32_t base = c;
  if (c >= 0x30A1 && c <= 0x30F6)
    base = c - 0x60;                       /* katakana → hiragana row */
  if (!semi) {
    if (base >= 0x304B && base <= 0x3062 && (base & 1))
      return c + 1;                        /* か..ち */
    if (base >= 0x3064 && base <= 0x3069 && !(base & 1))
      return c + 1;                        /* つ て と */
  }
  if (base >= 0x306F && base <= 0x307D && (base - 0x306F) % 3 == 0)
    return c + (semi ? 2 : 1);             /* は ひ ふ へ ほ */
  return 0;
}

/* Characters that are removed, their bytes stretched onto the previous one. */
static int is_dropped(uint32_t c)
{
  return (c >= 0x0300 && c <= 0x036F) ||   /* combining diacritics */
         (c >= 0x180B && c <= 0x180D) ||   /* Mongolian variation selectors */
         (c >= 0x200B && c <= 0x200F) ||   /* zero width, LRM, RLM */
         c == 0x2060 || c == 0xFEFF ||
         (c >= 0xFE00 && c <= 0xFE0F) ||   /* variation selectors */
         (c >= 0xE0000 && c <= 0xE007F) || /* tags */
         (c >= 0xE0100 && c <= 0xE01EF);   /* ideographic variation selectors */
}

static uint32_t lower_latin(uint32_t c)
{
  if (c < 0x80)
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 32;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130)
      return 'i';
    if (c == 0x178)
      return 0xFF;
    if ((c <= 0x137 || (c >= 0x14A && c <= 0x177)) && !(c & 1))
      return c + 1;
    if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && (c & 1))
      return c + 1;
    return c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
    return c + 32;                         /* Greek */
  if (c >= 0x410 && c <= 0x42F)
    return c + 32;                         /* Cyrillic */
  if (c >= 0x400 && c <= 0x40F)
    return c + 80;
  return c;
}

/* Width, kana and case mapping of one (non-mark, non-dropped) code point. */
static uint32_t map_cp(uint32_t c)
{
  if (c >= 0xFF01 && c <= 0xFF5E)
    c -= 0xFEE0;                           /* full-width ASCII */
  else if (c == 0x3000)
    return ' ';
  else if (c >= 0xFF66 && c <= 0xFF9D)
    return halfkana[c - 0xFF66];
  else if (c >= 0xFF61 && c <= 0xFF65) {
    static const uint16_t hp[] = { 0x3002, 0x300C, 0x300D, 0x3001, 0x30FB };
    return hp[c - 0xFF61];
  }
  return lower_latin(c);
}

int gn_jatok_class(uint32_t c)
{
  if (c < 0x80)
    return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
             ? GN_JATOK_WORD : GN_JATOK_SKIP;
  if (c < 0x100)
    return ((c >= 0xC0 && c != 0xD7 && c != 0xF7) || c == 0xAA || c == 0xB5 || c == 0xBA)
             ? GN_JATOK_WORD : GN_JATOK_SKIP;
  if (c < 0x2000) {
    if (c >= 0x300 && c <= 0x36F)
      return GN_JATOK_SKIP;
    if (c >= 0x1100 && c <= 0x11FF)
      return GN_JATOK_CJK;                 /* Hangul jamo */
    return GN_JATOK_WORD;                  /* Latin ext., Greek, Cyrillic, ... */
  }
  if (c < 0x2C00)
    return GN_JATOK_SKIP;                  /* punctuation, symbols, ①, arrows, ... */
  if (c < 0x2E00)
    return GN_JATOK_WORD;
  if (c < 0x2E80)
    return GN_JATOK_SKIP;
  if (c < 0x3000)
    return GN_JATOK_CJK;                   /* radicals */
  if (c < 0x3040) {
    if (c == 0x3005 || c == 0x3006 || c == 0x3007 || c == 0x303B ||
        (c >= 0x3021 && c <= 0x3029))
      return GN_JATOK_CJK;                 /* 々 〆 〇 〻 */
    return GN_JATOK_SKIP;
  }
  if (c < 0x3100) {
    if (c == 0x30A0 || c == 0x30FB || c == 0x3040 || c == 0x3099 || c == 0x309A)
      return GN_JATOK_SKIP;                /* ゠ ・ */
    return GN_JATOK_CJK;                   /* kana, ー, ヶ, ゛ */
  }
  if (c < 0x3200)
    return GN_JATOK_CJK;
  if (c < 0x3400)
    return GN_JATOK_SKIP;                  /* ㈱ ㍉ ... */
  if (c < 0x4DC0)
    return GN_JATOK_CJK;
  if (c < 0x4E00)
    return GN_JATOK_SKIP;
  if (c < 0xA000)
    return GN_JATOK_CJK;
  if (c < 0xA4D0)
    return GN_JATOK_CJK;                   /* Yi */
  if (c < 0xAC00)
    return GN_JATOK_WORD;
  if (c < 0xD800)
    return GN_JATOK_CJK;                   /* Hangul */
  if (c < 0xE000)
    return GN_JATOK_SKIP;
  if (c < 0xF900)
    return GN_JATOK_SKIP;                  /* private use */
  if (c < 0xFB00)
    return GN_JATOK_CJK;
  if (c < 0xFE00)
    return GN_JATOK_WORD;
  if (c < 0xFE70)
    return GN_JATOK_SKIP;
  if (c < 0xFEFF)
    return GN_JATOK_WORD;
  if (c < 0x10000) {
    if (c >= 0xFF66 && c <= 0xFF9D)
      return GN_JATOK_CJK;
    if (c >= 0xFFA0 && c <= 0xFFDC)
      return GN_JATOK_CJK;
    if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
        (c >= 0xFF41 && c <= 0xFF5A))
      return GN_JATOK_WORD;
    return GN_JATOK_SKIP;
  }
  if (c < 0x1F000)
    return GN_JATOK_WORD;
  if (c < 0x20000)
    return GN_JATOK_SKIP;                  /* emoji and other symbols */
  if (c < 0x40000)
    return GN_JATOK_CJK;                   /* 𠮷 and the other supplementary ideographs */
  return GN_JATOK_SKIP;
}

/* ---- scanning ---------------------------------------------------------- */

/* gn_utf8_decode, inlined here: the tokenizer's inner loop. */
static inline int decode(const unsigned char *s, int n, uint32_t *cp)
{
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if ((c & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    uint32_t v = (c & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
      return 0;
    *cp = v;
    return 3;
  }
  return gn_utf8_decode(s, (size_t)n, cp);
}

/* Normalise s[0..n) into v (room for n entries); returns the count. */
static int jt_scan(const unsigned char *s, int n, gn_jachar *v)
{
  int k = 0, i = 0;
  while (i < n) {
    uint32_t cp;
    int len = decode(s + i, n - i, &cp);
    if (len == 0) {
      v[k++] = (gn_jachar){ 0xFFFD, i, i + 1, GN_JATOK_SKIP };
      i++;
      continue;
    }
    /* Fast paths, the same as the general path below: kanji and kana
     * (not marks, ・, ゠) are no voicing mark, never dropped, map to
     * themselves and are CJK; ASCII letters, digits and the rest. */
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) ||
        (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC) {
      v[k++] = (gn_jachar){ cp, i, i + len, GN_JATOK_CJK };
      i += len;
      continue;
    }
    if (cp < 0x80 && len == 1) {
      int cls = GN_JATOK_SKIP;
      if (cp >= 'A' && cp <= 'Z') {
        cp += 32;
        cls = GN_JATOK_WORD;
      } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
        cls = GN_JATOK_WORD;
      }
      v[k++] = (gn_jachar){ cp, i, i + 1, cls };
      i++;
      continue;
    }
    int st = i;
    i += len;
    int mark = voicing_mark(cp);
    if (mark) {
      if (k > 0) {
        uint32_t c2 = kana_compose(v[k - 1].cp, mark == 2);
        if (c2) {
          v[k - 1].cp = c2;
          v[k - 1].end = i;
          continue;
        }
      }
      if (cp == 0x309B || cp == 0x309C) {
        v[k++] = (gn_jachar){ cp, st, i, GN_JATOK_CJK };
      } else if (k > 0) {
        v[k - 1].end = i;                  /* lone combining mark: dropped */
      }
      continue;
    }
    if (is_dropped(cp)) {
      if (k > 0)
        v[k - 1].end = i;
      continue;
    }
    cp = map_cp(cp);
    v[k++] = (gn_jachar){ cp, st, i, gn_jatok_class(cp) };
  }
  /* Word-final ー after katakana (nothing to do before the first ー). */
  int w = 0;
  while (w < k && v[w].cp != 0x30FC)
    w++;
  for (int r = w; r < k;) {
    if (v[r].cp == 0x30FC && w > 0 && is_kata(v[w - 1].cp)) {
      int e = r;
      while (e < k && v[e].cp == 0x30FC)
        e++;
      if (e == k || !is_kata(v[e].cp)) {
        v[w - 1].end = v[e - 1].end;
        r = e;
        continue;
      }
      while (r < e)
        v[w++] = v[r++];
      continue;
    }
    v[w++] = v[r++];
  }
  return w;
}

static int put_utf8(char *o, uint32_t c)
{
  if (c < 0x80) {
    o[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (char)(0xC0 | (c >> 6));
    o[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (char)(0xE0 | (c >> 12));
    o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (c >> 18));
  o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

#define JT_STACK 512
#define JT_CHUNK 384              /* a document is tokenized in parts of about this */

char *gn_jatok_normalize(const char *s, size_t n, size_t *outlen)
{
  if (n > (size_t)0x7FFFFFFF)
    n = 0x7FFFFFFF;
  gn_jachar stackv[JT_STACK];
  gn_jachar *v = n <= JT_STACK ? stackv : gn_xmalloc(n * sizeof *v);
  int k = jt_scan((const unsigned char *)s, (int)n, v);
  char *out = gn_xmalloc((size_t)k * 4 + 1);
  size_t o = 0;
  for (int i = 0; i < k; i++)
    o += (size_t)put_utf8(out + o, v[i].cp);
  out[o] = '\0';
  if (v != stackv)
    free(v);
  if (outlen)
    *outlen = o;
  return out;
}

/* Tokenize s[pos..end), offsets from s; the query rule about the last run
 * looks at this part only (queries are tokenized whole). */
static int jt_part(const char *s, size_t pos, size_t end, int mode, gn_jatok_cb cb, void *ctx)
{
  size_t n = end - pos;
  gn_jachar stackv[JT_STACK];
  gn_jachar *v = n <= JT_STACK ? stackv : gn_xmalloc(n * sizeof *v);
  int k = jt_scan((const unsigned char *)s + pos, (int)n, v);
  if (pos)
    for (int i = 0; i < k; i++) {
      v[i].start += (int)pos;
      v[i].end += (int)pos;
    }
  int last = k - 1;                        /* last indexed character */
  while (last >= 0 && v[last].cls == GN_JATOK_SKIP)
    last--;
  char stackt[256];
  char *tb = stackt;
  size_t tcap = sizeof stackt;
  int rc = 0;
  for (int r = 0; r < k && rc == 0;) {
    int cls = v[r].cls;
    if (cls == GN_JATOK_SKIP) {
      r++;
      continue;
    }
    int e = r;
    while (e < k && v[e].cls == cls)
      e++;
    gn_jatoken t;
    t.cls = cls;
    if (cls == GN_JATOK_WORD) {
      size_t need = (size_t)(e - r) * 4;
      if (need > tcap) {
        if (tb != stackt)
          free(tb);
        tcap = need;
        tb = gn_xmalloc(tcap);
      }
      int len = 0;
      for (int p = r; p < e; p++)
        len += put_utf8(tb + len, v[p].cp);
      t.text = tb;
      t.len = len;
      t.start = v[r].start;
      t.end = v[e - 1].end;
      t.nchars = e - r;
      t.chars = v + r;
      rc = cb(ctx, &t);
    } else {
      char bg[8] = { 0 }, sh[4];
      int l1 = put_utf8(bg, v[r].cp);     /* the first character, encoded */
      for (int p = r; p < e && rc == 0; p++) {
        int len = l1;
        if (p + 1 < e) {
          int l2 = put_utf8(bg + len, v[p + 1].cp);
          len += l2;
          t.nchars = 2;
          t.end = v[p + 1].end;
        } else {
          if (mode == GN_JATOK_QUERY && e - r > 1 && e > last)
            break;                         /* the phrase ends with this run */
          t.nchars = 1;
          t.end = v[p].end;
        }
        t.text = bg;
        t.len = len;
        t.start = v[p].start;
        t.chars = v + p;
        rc = cb(ctx, &t);
        /* the second character is the next token's first */
        if (len > l1) {
          memcpy(sh, bg + l1, 4);
          memcpy(bg, sh, 4);
          l1 = len - l1;
        }
      }
    }
    r = e;
  }
  if (tb != stackt)
    free(tb);
  if (v != stackv)
    free(v);
  return rc;
}

/* Where the part of a document that starts at pos may end: just after a
 * separator (ASCII space or newline, 、 or 。) at least JT_CHUNK bytes on
 * that is not followed by a voicing mark or a dropped character (those
 * reach back across it); else n.  No token crosses such a point and the
 * normaliser's look-backs and look-aheads (marks, dropped characters,
 * word-final ー) stop there, so the parts give the tokens of the whole. */
static size_t jt_part_end(const unsigned char *s, size_t n, size_t pos)
{
  for (size_t p = pos + JT_CHUNK; p < n; p++) {
    size_t after;
    if (s[p] == '\n' || s[p] == ' ')
      after = p + 1;
    else if (s[p] == 0xE3 && p + 2 < n && s[p + 1] == 0x80 && (s[p + 2] == 0x81 || s[p + 2] == 0x82))
      after = p + 3;            /* 、 。 (0xE3 never continues a character) */
    else
      continue;
    if (after >= n)
      return n;
    uint32_t cp;
    int l = decode(s + after, (int)(n - after), &cp);
    if (l > 0 && (voicing_mark(cp) || is_dropped(cp)))
      continue;
    return after;
  }
  return n;
}

int gn_jatok_tokenize(const char *s, size_t n, int mode, gn_jatok_cb cb, void *ctx)
{
  if (n > (size_t)0x7FFFFFFF)
    n = 0x7FFFFFFF;
  if (mode != GN_JATOK_DOCUMENT)
    return jt_part(s, 0, n, mode == GN_JATOK_WHOLE ? GN_JATOK_DOCUMENT : mode, cb, ctx);
  /* a document part by part: less memory, and a callback that stops
   * early saves the rest */
  for (size_t pos = 0; pos < n;) {
    size_t end = jt_part_end((const unsigned char *)s, n, pos);
    int rc = jt_part(s, pos, end, mode, cb, ctx);
    if (rc)
      return rc;
    pos = end;
  }
  return 0;
}

/* ---- FTS5 glue -------------------------------------------------------- */

typedef struct jt_fts {
  void *pctx;
  int (*xtoken)(void *, int, const char *, int, int, int);
} jt_fts;

static int fts_token(void *ctx, const gn_jatoken *t)
{
  jt_fts *f = ctx;
  return f->xtoken(f->pctx, 0, t->text, t->len, t->start, t->end);
}

static int jt_create(void *ud, const char **argv, int argc, Fts5Tokenizer **out)
{
  static int instance;
  (void)ud; (void)argv; (void)argc;
  *out = (Fts5Tokenizer *)&instance;       /* stateless */
  return SQLITE_OK;
}

static void jt_delete(Fts5Tokenizer *t)
{
  (void)t;
}

static int jt_tokenize(Fts5Tokenizer *tok, void *pctx, int flags, const char *text,
                       int ntext, int (*xtoken)(void *, int, const char *, int, int, int))
{
  (void)tok;
  jt_fts f = { pctx, xtoken };
  int mode = (flags & FTS5_TOKENIZE_QUERY) ? GN_JATOK_QUERY : GN_JATOK_DOCUMENT;
  if (!text || ntext <= 0)
    return SQLITE_OK;
  int rc = gn_jatok_tokenize(text, (size_t)ntext, mode, fts_token, &f);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

fts5_api *gn_fts5_api(sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

int gn_jatok_register(sqlite3 *db)
{
  fts5_api *api = gn_fts5_api(db);
  if (!api || api->iVersion < 2)
    return SQLITE_ERROR;
  static fts5_tokenizer tk = { jt_create, jt_delete, jt_tokenize };
  int rc = api->xCreateTokenizer(api, "ja", NULL, &tk, NULL);
  return rc == SQLITE_OK ? gn_rank_register_api(api) : rc;
}
