/* query.h — the search language for people, turned into safe FTS5 queries.
 *
 * Owns: parsing what a person types into the search box or after
 * `guidenav search`, and everything derived from it: the FTS5 MATCH
 * expression, the filters, the normalised terms, the key used to recognise
 * an exact title match, and the spans where a query matches a given text
 * (highlighting), computed with the same tokenizer (jatok.h) as the index,
 * so that what is highlighted is what was found.
 *
 * The language:
 *   - terms are separated by ASCII white space or U+3000 and ANDed;
 *   - "a quoted phrase" is one term, spaces included (an unclosed quote runs
 *     to the end); a quote inside a term starts quoting there (ab"c d" = one
 *     term); ＂ (U+FF02) quotes like "; a quoted phrase is exact (no Latin
 *     prefix); a separator inside it must be a separator in the text too,
 *     of any kind ("責任 分界点" finds 責任・分界点 and 責任 分界点, not
 *     責任分界点, which 責任分界点 unquoted finds);
 *   - a OR b: alternatives (OR binds tighter than the implicit AND:
 *     `a b OR c` = a AND (b OR c)); OR must be written in upper-case ASCII
 *     and stand between two terms, otherwise it is the word "or";
 *   - -term excludes records containing term (also -"a phrase"); only an
 *     ASCII '-' at the start of an unquoted term; a lone '-' is nothing;
 *     an excluded term inside an OR is searched as text;
 *   - filters: vol:N (N = 1..31, ASCII or full-width digits) and
 *     kind:node|point|item|term, case-insensitive, full-width accepted;
 *     several of the same filter are alternatives (vol:2 vol:3 = either
 *     volume); -vol:N / -kind:K exclude; any other word: (kind:foo, vol:x,
 *     http:) is searched as text;
 *   - matching is by substring of the normalised text for kanji/kana (any
 *     length, 1-character terms included: a term whose last kanji/kana run
 *     has one character matches it as a prefix), and by whole word for
 *     Latin/digit runs, except that the last unquoted positive term ending
 *     in a Latin/digit word matches that word as a prefix (SLA finds SLAs);
 *   - anything that the tokenizer does not index (punctuation, symbols,
 *     emoji, invalid UTF-8) only separates words; a term made of nothing
 *     else is dropped.
 *   - a term that starts with ー (or ｰ) before something other than
 *     katakana drops it: it ended a katakana word that the fragment cut
 *     off, and the index drops such a word-final ー (ーの観点 = の観点);
 *   - a term repeated in the same role (AND, one OR, or excluded) counts
 *     once, and only the first GN_QUERY_MAX_TERMS terms count: the rest is
 *     ignored, so that no query, however long, keeps the program busy.
 * No input is an error: the raw text never reaches MATCH (every term is
 * double-quoted, quotes doubled), and a query with nothing positive to
 * match has match == NULL, meaning "no hits".
 */
#ifndef GN_QUERY_H
#define GN_QUERY_H

#include <stddef.h>
#include <stdint.h>

enum { GN_QUERY_MAX_TERMS = 32 };

enum { GN_KIND_NODE = 1, GN_KIND_POINT = 2, GN_KIND_ITEM = 4, GN_KIND_TERM = 8 };

typedef struct gn_qterm {
  char *text;        /* as typed, quotes and leading '-' removed */
  char *norm;        /* gn_jatok_normalize(text) */
  char **tok;        /* tokens in query mode (normalised UTF-8, NUL-terminated) */
  int ntok;          /* > 0: terms without tokens are dropped by the parser */
  int prefix;        /* the last token matches as a prefix */
  int quoted;
  int negated;
  int group;         /* positive terms: the same group = OR alternatives;
                        groups are numbered 0, 1, ... in order */
} gn_qterm;

typedef struct gn_query {
  gn_qterm *terms;
  int nterms;
  int ngroups;       /* positive groups (ANDed) */
  char *match;       /* FTS5 MATCH expression, NULL: nothing positive (no hits) */
  char *title_match; /* the positive part restricted to the title column,
                        NULL when the query has an OR or nothing positive */
  char *key;         /* gn_title_key of the positive terms joined by spaces;
                        NULL when title_match is NULL */
  unsigned kinds;    /* GN_KIND_* accepted, 0 = any */
  unsigned not_kinds;
  uint32_t vols;     /* bit N set: vol:N accepted; 0 = any */
  uint32_t not_vols;
  int impossible;    /* a filter no record satisfies (vol:0, vol:99) */
} gn_query;

/* Parse s (NULL or any bytes, NUL-terminated).  Never fails, never NULL. */
gn_query *gn_query_parse(const char *s);
void gn_query_free(gn_query *q);

/* GN_KIND_* of a record kind name ("node" ...), 0 for others. */
unsigned gn_kind_bit(const char *kind);

/* The key used to compare titles with queries: the normalised text with
 * everything that is not indexed (spaces, punctuation, symbols) removed,
 * except that one space stays between two Latin/digit words ("情報 セキュリ
 * ティ・ポリシー" → "情報セキュリティポリシ", "Cloud  Service" → "cloud
 * service"), and one goes before ゛ and ゜ and before a ー where something
 * was removed, which the tokenizer would otherwise join to the character
 * before them ("カー゛" → "カ ゛", not ガ; "カ・ー" → "カ ー").  Its
 * document-mode token count equals that of every title with the same key.
 * malloc'd. */
char *gn_title_key(const char *s, size_t n);

/* A byte range [start, end). */
typedef struct gn_span {
  size_t start, end;
} gn_span;

/* Where the positive terms of q match text[0..n): byte spans of the
 * original text covering exactly the matched characters (a 1-character or
 * Latin prefix match covers the typed characters only, not the rest of the
 * token), sorted, overlaps merged.  *out is malloc'd (NULL when none);
 * returns the count. */
size_t gn_query_spans(const gn_query *q, const char *text, size_t n, gn_span **out);
/* The same, reading text only until max matches (before overlaps are
 * merged: one per term and place) are found; max = 0: no limit.  For a
 * caller that knows how many there are (the index counts them), the rest
 * of the text is not tokenized. */
size_t gn_query_spans_max(const gn_query *q, const char *text, size_t n, size_t max,
                          gn_span **out);

#endif
