/* fuzz-jatok.c — the Japanese tokenizer and normaliser on arbitrary bytes:
 * gn_jatok_tokenize in document, whole and query modes, gn_jatok_normalize.
 *
 * Invariants (jatok.h):
 *  - every token: 0 <= start < end <= n, both on character boundaries of
 *    the input (a valid UTF-8 sequence or a single invalid byte); starts
 *    strictly increase and ends never decrease; the text is valid UTF-8,
 *    not empty, made of its nchars characters (1 or 2 for CJK) in the
 *    token's class, which cover [start, end) without a gap;
 *  - GN_JATOK_DOCUMENT (done in parts) gives exactly the tokens of
 *    GN_JATOK_WHOLE (one pass);
 *  - GN_JATOK_QUERY gives the same tokens, except that the lone last
 *    character of the last run is left out when that run is kanji/kana of
 *    two characters or more;
 *  - a callback returning non-zero stops at once, and that value is
 *    returned;
 *  - gn_jatok_normalize gives valid UTF-8 of the stated length, and its
 *    indexed characters, in order, are the characters the tokens start with
 *    (all of a word's): the tokenizer indexes the normalised text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jatok.h"

typedef struct tok {
  char *text;
  int len, start, end, cls, nchars;
  uint32_t *cps;     /* the characters indexed from this token: CJK the
                        first one, a word all of them */
  int ncps;
} tok;

typedef struct toks {
  tok *v;
  int n, cap;
  const char *s;
  size_t size;
  const unsigned char *bound;
  int stop_after;    /* > 0: return 7 from the callback at this token */
} toks;

static int collect(void *ctx, const gn_jatoken *t)
{
  toks *k = ctx;
  FUZZ_CHECK(t->start >= 0 && t->start < t->end && (size_t)t->end <= k->size,
             "token [%d,%d) in %zu bytes", t->start, t->end, k->size);
  FUZZ_CHECK(k->bound[t->start] && k->bound[t->end], "token [%d,%d) not on character boundaries",
             t->start, t->end);
  if (k->n > 0) {
    const tok *p = &k->v[k->n - 1];
    FUZZ_CHECK(t->start > p->start && t->end >= p->end, "token [%d,%d) after [%d,%d)", t->start,
               t->end, p->start, p->end);
  }
  FUZZ_CHECK(t->len > 0 && fuzz_valid_utf8(t->text, (size_t)t->len), "token text of %d bytes",
             t->len);
  FUZZ_CHECK(t->cls == GN_JATOK_WORD || t->cls == GN_JATOK_CJK, "token class %d", t->cls);
  FUZZ_CHECK(t->nchars >= 1 && (t->cls == GN_JATOK_WORD || t->nchars <= 2), "%d characters",
             t->nchars);
  FUZZ_CHECK(t->chars[0].start == t->start && t->chars[t->nchars - 1].end == t->end,
             "characters [%d,%d) for the token [%d,%d)", t->chars[0].start,
             t->chars[t->nchars - 1].end, t->start, t->end);
  int off = 0;
  for (int i = 0; i < t->nchars; i++) {
    const gn_jachar *c = &t->chars[i];
    FUZZ_CHECK(c->cls == t->cls && c->start < c->end, "character %d of a token", i);
    FUZZ_CHECK(i == 0 || c->start == t->chars[i - 1].end, "a gap before character %d of a token", i);
    uint32_t cp;
    int l = gn_utf8_decode((const unsigned char *)t->text + off, (size_t)(t->len - off), &cp);
    FUZZ_CHECK(l > 0 && cp == c->cp, "token text differs from its characters at %d", i);
    off += l;
  }
  FUZZ_CHECK(off == t->len, "token text is longer than its characters");
  tok x;
  x.text = gn_xstrndup(t->text, (size_t)t->len);
  x.len = t->len;
  x.start = t->start;
  x.end = t->end;
  x.cls = t->cls;
  x.nchars = t->nchars;
  x.ncps = t->cls == GN_JATOK_WORD ? t->nchars : 1;
  x.cps = gn_xmalloc((size_t)x.ncps * sizeof *x.cps);
  for (int i = 0; i < x.ncps; i++)
    x.cps[i] = t->chars[i].cp;
  GN_PUSH(k->v, k->n, k->cap, x);
  return k->stop_after && k->n == k->stop_after ? 7 : 0;
}

static void toks_free(toks *k)
{
  for (int i = 0; i < k->n; i++) {
    free(k->v[i].text);
    free(k->v[i].cps);
  }
  free(k->v);
  k->v = NULL;
  k->n = k->cap = 0;
}

static int same_tok(const tok *a, const tok *b)
{
  return a->len == b->len && a->start == b->start && a->end == b->end && a->cls == b->cls &&
         a->nchars == b->nchars && !memcmp(a->text, b->text, (size_t)a->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *s = (const char *)data;
  unsigned char *bound = fuzz_boundaries(s, size);
  toks doc = {0}, whole = {0}, query = {0};
  doc.s = whole.s = query.s = s;
  doc.size = whole.size = query.size = size;
  doc.bound = whole.bound = query.bound = bound;

  FUZZ_CHECK(gn_jatok_tokenize(s, size, GN_JATOK_DOCUMENT, collect, &doc) == 0, "document");
  FUZZ_CHECK(gn_jatok_tokenize(s, size, GN_JATOK_WHOLE, collect, &whole) == 0, "whole");
  FUZZ_CHECK(gn_jatok_tokenize(s, size, GN_JATOK_QUERY, collect, &query) == 0, "query");

  FUZZ_CHECK(doc.n == whole.n, "%d tokens in parts, %d whole", doc.n, whole.n);
  for (int i = 0; i < doc.n; i++)
    FUZZ_CHECK(same_tok(&doc.v[i], &whole.v[i]), "token %d: '%s' [%d,%d) in parts, '%s' [%d,%d) whole",
               i, doc.v[i].text, doc.v[i].start, doc.v[i].end, whole.v[i].text, whole.v[i].start,
               whole.v[i].end);

  /* query mode: the same, but for the lone last character of a last run of
   * two or more kanji/kana (its bigram, the token before, ends with it) */
  int n = whole.n;
  const tok *last = n ? &whole.v[n - 1] : NULL;
  int drop = last && last->cls == GN_JATOK_CJK && last->nchars == 1 && n >= 2 &&
             whole.v[n - 2].cls == GN_JATOK_CJK && whole.v[n - 2].nchars == 2 &&
             whole.v[n - 2].end == last->end;
  FUZZ_CHECK(query.n == n - drop, "%d query tokens for %d document tokens (drop %d)", query.n, n,
             drop);
  for (int i = 0; i < query.n; i++)
    FUZZ_CHECK(same_tok(&query.v[i], &whole.v[i]), "query token %d differs", i);

  /* stopping early */
  if (n > 0) {
    toks part = {0};
    part.s = s;
    part.size = size;
    part.bound = bound;
    part.stop_after = 1 + (int)(size % (size_t)n);
    int rc = gn_jatok_tokenize(s, size, (int)(size % 3), collect, &part);
    FUZZ_CHECK(rc == 7 || (size % 3 == GN_JATOK_QUERY && part.n == query.n && rc == 0),
               "a stopping callback: rc %d after %d tokens", rc, part.n);
    FUZZ_CHECK(rc != 7 || part.n == part.stop_after, "went on after the callback stopped");
    toks_free(&part);
  }

  /* the normalised text, indexed characters in order = the tokens' */
  size_t nlen = 12345;
  char *norm = gn_jatok_normalize(s, size, &nlen);
  FUZZ_CHECK(norm[nlen] == '\0' && fuzz_valid_utf8(norm, nlen), "normalised text (%zu bytes)", nlen);
  size_t i = 0;
  int ti = 0, ci = 0;
  while (i < nlen) {
    uint32_t cp;
    int l = gn_utf8_decode((const unsigned char *)norm + i, nlen - i, &cp);
    i += (size_t)l;
    if (gn_jatok_class(cp) == GN_JATOK_SKIP)
      continue;
    while (ti < n && ci >= whole.v[ti].ncps) {
      ti++;
      ci = 0;
    }
    FUZZ_CHECK(ti < n && whole.v[ti].cps[ci] == cp,
               "normalised U+%04X at byte %zu is not the next indexed character (token %d)",
               (unsigned)cp, i - (size_t)l, ti);
    ci++;
  }
  while (ti < n && ci >= whole.v[ti].ncps) {
    ti++;
    ci = 0;
  }
  FUZZ_CHECK(ti == n, "tokens from token %d on are not in the normalised text", ti);
  size_t nlen2 = 0;
  char *norm2 = gn_jatok_normalize(s, size, NULL);
  free(gn_jatok_normalize(s, size, &nlen2));
  FUZZ_CHECK(nlen2 == nlen && !memcmp(norm, norm2, nlen), "normalising twice differs");
  free(norm2);
  free(norm);

  toks_free(&doc);
  toks_free(&whole);
  toks_free(&query);
  free(bound);
  return 0;
}
