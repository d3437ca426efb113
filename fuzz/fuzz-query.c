/* fuzz-query.c — the search language: gn_query_parse, gn_query_spans and
 * gn_title_key on arbitrary bytes.
 *
 * The query is the input up to its first NUL byte; the text searched for
 * spans is the whole input (so queries often meet their own words).
 *
 * Invariants (query.h, jatok.h):
 *  - parsing never fails: a query, at most GN_QUERY_MAX_TERMS terms, each
 *    with tokens (valid UTF-8, not empty) and a normalised text that is
 *    valid UTF-8; positive terms in groups 0..ngroups-1, every group used;
 *    match is NULL exactly when there is no group, and otherwise made of
 *    double-quoted phrases and operators only; title_match and key are
 *    both set or both NULL, never with an OR; vol:N bits only for 1..31;
 *  - spans are sorted, disjoint, non-empty, inside the text and on its
 *    character boundaries; gn_query_spans_max(max) gives at most max spans,
 *    each inside a span of the full result;
 *  - one kanji term: the spans found without tokenizing equal those found
 *    by tokenizing (the same query with an excluded term added, which
 *    takes the general path);
 *  - gn_title_key: valid UTF-8 of indexed characters, a single space only
 *    between two Latin/digit words or before ゛ ゜ ー, and its
 *    document-mode token count equals that of the text it was made from.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jatok.h"
#include "query.h"

static void check_spans(const char *what, const gn_span *sp, size_t n, const unsigned char *bound,
                        size_t len)
{
  for (size_t i = 0; i < n; i++) {
    FUZZ_CHECK(sp[i].start < sp[i].end && sp[i].end <= len,
               "%s: span %zu [%zu,%zu) in a text of %zu bytes", what, i, sp[i].start, sp[i].end, len);
    FUZZ_CHECK(bound[sp[i].start] && bound[sp[i].end],
               "%s: span %zu [%zu,%zu) not on character boundaries", what, i, sp[i].start, sp[i].end);
    FUZZ_CHECK(i == 0 || sp[i].start >= sp[i - 1].end,
               "%s: span %zu [%zu,%zu) overlaps or precedes [%zu,%zu)", what, i, sp[i].start,
               sp[i].end, sp[i - 1].start, sp[i - 1].end);
  }
}

static int count_tok(void *ctx, const gn_jatoken *t)
{
  (void)t;
  ++*(size_t *)ctx;
  return 0;
}

static size_t doc_tokens(const char *s, size_t n)
{
  size_t k = 0;
  gn_jatok_tokenize(s, n, GN_JATOK_DOCUMENT, count_tok, &k);
  return k;
}

static void check_key(const char *s, size_t n)
{
  char *key = gn_title_key(s, n);
  size_t klen = strlen(key);
  FUZZ_CHECK(fuzz_valid_utf8(key, klen), "title key is not valid UTF-8");
  size_t i = 0;
  int prev = -1;   /* class of the previous character, -1 at the start */
  while (i < klen) {
    uint32_t cp;
    int l = gn_utf8_decode((const unsigned char *)key + i, klen - i, &cp);
    int cls = gn_jatok_class(cp);
    if (cp == ' ') {
      /* between two words, or before ゛ ゜ ー (not first, not last) */
      FUZZ_CHECK(prev != -1 && prev != GN_JATOK_SKIP && i + 1 < klen, "title key: a space at %zu", i);
      uint32_t nx;
      gn_utf8_decode((const unsigned char *)key + i + 1, klen - i - 1, &nx);
      FUZZ_CHECK((prev == GN_JATOK_WORD && gn_jatok_class(nx) == GN_JATOK_WORD) || nx == 0x309B ||
                 nx == 0x309C || nx == 0x30FC, "title key: a space before U+%04X", (unsigned)nx);
    } else {
      FUZZ_CHECK(cls != GN_JATOK_SKIP, "title key has the unindexed U+%04X", (unsigned)cp);
    }
    prev = cp == ' ' ? GN_JATOK_SKIP : cls;
    i += (size_t)l;
  }
  size_t kt = doc_tokens(key, klen), st = doc_tokens(s, n);
  FUZZ_CHECK(kt == st, "title key has %zu document tokens, its text %zu", kt, st);
  free(key);
}

/* An FTS5 expression made only of double-quoted phrases (quotes inside
 * doubled), each maybe followed by *, joined by AND, OR, NOT and
 * parentheses: the raw text never reaches MATCH.  title_match is
 * "{title} : (" such an expression ")". */
static int safe_match(const char *m, int title)
{
  if (title) {
    if (strncmp(m, "{title} : (", 11) != 0 || m[strlen(m) - 1] != ')')
      return 0;
    m += 11;
  }
  int depth = title;
  while (*m) {
    if (*m == '"') {
      for (m++;; m++) {
        if (!*m)
          return 0;
        if (*m == '"') {
          if (m[1] != '"')
            break;
          m++;
        }
      }
      m++;
      if (*m == '*')
        m++;
    } else if (*m == ' ') {
      m++;
    } else if (*m == '(' || *m == ')') {
      depth += *m == '(' ? 1 : -1;
      if (depth < 0)
        return 0;
      m++;
    } else if (!strncmp(m, "AND ", 4) || !strncmp(m, "NOT ", 4)) {
      m += 4;
    } else if (!strncmp(m, "OR ", 3)) {
      m += 3;
    } else {
      return 0;
    }
  }
  return depth == 0;
}

static void check_query(const gn_query *q)
{
  FUZZ_CHECK(q != NULL, "gn_query_parse returned NULL");
  FUZZ_CHECK(q->nterms >= 0 && q->nterms <= GN_QUERY_MAX_TERMS, "%d terms", q->nterms);
  int used[GN_QUERY_MAX_TERMS + 1] = {0}, has_or = 0;
  for (int k = 0; k < q->nterms; k++) {
    const gn_qterm *t = &q->terms[k];
    FUZZ_CHECK(t->text && t->norm && t->ntok > 0 && t->tok, "term %d is empty", k);
    FUZZ_CHECK(fuzz_valid_utf8(t->norm, strlen(t->norm)), "term %d: norm is not UTF-8", k);
    for (int j = 0; j < t->ntok; j++)
      FUZZ_CHECK(t->tok[j][0] && fuzz_valid_utf8(t->tok[j], strlen(t->tok[j])),
                 "term %d token %d is empty or not UTF-8", k, j);
    if (!t->negated) {
      FUZZ_CHECK(t->group >= 0 && t->group < q->ngroups, "term %d in group %d of %d", k, t->group,
                 q->ngroups);
      if (used[t->group]++)
        has_or = 1;
    }
  }
  for (int g = 0; g < q->ngroups; g++)
    FUZZ_CHECK(used[g] > 0, "group %d has no term", g);
  FUZZ_CHECK((q->match == NULL) == (q->ngroups == 0), "match %s with %d groups",
             q->match ? q->match : "NULL", q->ngroups);
  FUZZ_CHECK((q->title_match == NULL) == (q->key == NULL), "title_match and key disagree");
  FUZZ_CHECK(!q->title_match || !has_or, "title_match with an OR");
  FUZZ_CHECK(!((q->vols | q->not_vols) & 1u), "vol:0 accepted");
  if (q->match) {
    FUZZ_CHECK(fuzz_valid_utf8(q->match, strlen(q->match)), "match is not UTF-8");
    FUZZ_CHECK(safe_match(q->match, 0), "match is not made of quoted phrases: %s", q->match);
  }
  if (q->title_match)
    FUZZ_CHECK(safe_match(q->title_match, 1), "title_match is not made of quoted phrases: %s",
               q->title_match);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = fuzz_cstr(data, size);          /* the query: up to the first NUL */
  unsigned char *bound = fuzz_boundaries(text, size);
  gn_query *q = gn_query_parse(text);
  check_query(q);

  gn_span *sp = NULL;
  size_t n = gn_query_spans(q, text, size, &sp);
  FUZZ_CHECK((n == 0) == (sp == NULL), "%zu spans, array %p", n, (void *)sp);
  check_spans("spans", sp, n, bound, size);
  for (size_t max = 1; max <= 3; max++) {
    gn_span *sm = NULL;
    size_t m = gn_query_spans_max(q, text, size, max, &sm);
    FUZZ_CHECK(m <= max, "spans_max(%zu) gave %zu", max, m);
    check_spans("spans_max", sm, m, bound, size);
    for (size_t i = 0; i < m; i++) {
      size_t j = 0;
      while (j < n && sp[j].end < sm[i].end)
        j++;
      FUZZ_CHECK(j < n && sp[j].start <= sm[i].start && sm[i].end <= sp[j].end,
                 "spans_max(%zu) span [%zu,%zu) is outside every span", max, sm[i].start, sm[i].end);
    }
    free(sm);
  }

  /* one positive term: with an excluded term in front, the general path */
  if (q->nterms == 1 && !q->terms[0].negated) {
    char *q2s = gn_xasprintf("-zqxzqx %s", text);
    gn_query *q2 = gn_query_parse(q2s);
    check_query(q2);
    if (q2->nterms == 2 && q2->terms[0].negated && !q2->terms[1].negated &&
        !strcmp(q2->terms[1].norm, q->terms[0].norm) && q2->terms[1].prefix == q->terms[0].prefix &&
        q2->terms[1].ntok == q->terms[0].ntok) {
      gn_span *sp2 = NULL;
      size_t n2 = gn_query_spans(q2, text, size, &sp2);
      FUZZ_CHECK(n2 == n, "%zu spans alone, %zu with an excluded term", n, n2);
      for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(sp[i].start == sp2[i].start && sp[i].end == sp2[i].end,
                   "span %zu: [%zu,%zu) alone, [%zu,%zu) with an excluded term", i, sp[i].start,
                   sp[i].end, sp2[i].start, sp2[i].end);
      free(sp2);
    }
    gn_query_free(q2);
    free(q2s);
  }
  free(sp);
  gn_query_free(q);

  check_key(text, size);
  check_key(text, strlen(text));
  free(bound);
  free(text);
  return 0;
}
