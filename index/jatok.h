/* jatok.h — the Japanese FTS5 tokenizer "ja" and its normaliser.
 *
 * Owns: how text becomes searchable.  One normalisation, used for documents
 * and queries alike and also available outside FTS5 (gn_jatok_normalize,
 * gn_jatok_tokenize), so that search, highlighting, title comparison and the
 * brute-force tests can never disagree:
 *   - full-width ASCII letters, digits and punctuation → ASCII
 *     (ＳＬＡ → sla, ３Ａ → 3a, ： → :);
 *   - half-width katakana → full-width, voiced and semi-voiced marks composed
 *     (ｶﾞ → ガ, ﾊﾟ → パ, ｳﾞ → ヴ); the same composition for full-width kana
 *     followed by a combining (U+3099/U+309A) or spacing (゛゜) mark;
 *   - U+3000 ideographic space → ASCII space;
 *   - Latin (ASCII, Latin-1, Latin Extended-A), Greek and Cyrillic lower-cased;
 *   - word-final ー (and ｰ) after katakana dropped: サーバー = サーバ; a ー
 *     inside a katakana word (データベース) is kept;
 *   - combining diacritics U+0300–U+036F, variation selectors (including
 *     ideographic variation sequences U+E0100…), zero-width characters and
 *     BOM are dropped: 葛󠄀 (葛 + IVS) = 葛.
 *   Dropped and composed characters never lose their bytes: they are
 *   "stretched" onto the preceding character, so offsets always cover the
 *   original text the user sees.
 *
 * Tokens (FTS5 v1 tokenizer API, works with SQLite 3.34+):
 *   - kanji/kana runs (hiragana, katakana incl. ー ヶ ヵ, kanji incl. 々 〆 〇
 *     and supplementary-plane CJK such as 𠮷, Hangul): one token per character
 *     position — the bigram starting there, the last character alone;
 *     queries (FTS5_TOKENIZE_QUERY) emit the lone last character only when the
 *     run has one character or more tokens follow in the same phrase, so a
 *     phrase of n ≥ 2 characters matches as a substring anywhere in a run
 *     and a 1-character final run needs a prefix query ("鍵"*), which
 *     query.c adds;
 *   - Latin letter/digit runs (and other alphabetic scripts): one word token;
 *   - whitespace, punctuation, symbols and emoji are separators and are
 *     never indexed (a query made only of them matches nothing);
 *   - invalid UTF-8 bytes are separators, never an error or a crash
 *     (gn_jatok_normalize renders them as U+FFFD).
 *   Token offsets are byte offsets into the original text.
 *
 * Changing anything above changes the index: bump GN_JATOK_VERSION, which
 * the builder stores in meta.tokenizer_version and the reader checks.
 */
#ifndef GN_JATOK_H
#define GN_JATOK_H

#include <stddef.h>
#include <stdint.h>

typedef struct sqlite3 sqlite3;

#define GN_JATOK_VERSION 1

/* Register the tokenizer "ja" with the FTS5 of db, and the ranking function
 * gn_rank (search.h) that searches use.  Returns SQLITE_OK, or SQLITE_ERROR
 * when db has no FTS5. */
int gn_jatok_register(sqlite3 *db);

/* The FTS5 API of db (NULL when db has no FTS5). */
typedef struct fts5_api fts5_api;
fts5_api *gn_fts5_api(sqlite3 *db);

/* The normalised form of s[0..n): valid UTF-8, malloc'd, NUL-terminated,
 * length in *outlen (may be NULL).  Separators are kept (mapped: full-width
 * punctuation → ASCII, U+3000 → space); dropped characters (word-final ー,
 * combining marks, variation selectors) are removed. */
char *gn_jatok_normalize(const char *s, size_t n, size_t *outlen);

/* Character classes of normalised code points. */
enum { GN_JATOK_SKIP = 0, GN_JATOK_WORD = 1, GN_JATOK_CJK = 2 };
int gn_jatok_class(uint32_t cp);

/* One normalised character and the original bytes [start, end) it covers. */
typedef struct gn_jachar {
  uint32_t cp;
  int start, end;
  int cls;            /* GN_JATOK_* */
} gn_jachar;

/* One token as FTS5 sees it. */
typedef struct gn_jatoken {
  const char *text;   /* normalised UTF-8, not NUL-terminated */
  int len;
  int start, end;     /* byte offsets into the original text */
  int cls;            /* GN_JATOK_WORD or GN_JATOK_CJK */
  int nchars;         /* characters in the token: 1 or 2 for CJK */
  const gn_jachar *chars;   /* those characters (valid during the callback) */
} gn_jatoken;

/* GN_JATOK_WHOLE: as GN_JATOK_DOCUMENT, in one pass over the whole text
 * (a document is otherwise done in parts split at separators, with the same
 * tokens; tests compare the two). */
enum { GN_JATOK_DOCUMENT = 0, GN_JATOK_QUERY = 1, GN_JATOK_WHOLE = 2 };
/* Return non-zero to stop; gn_jatok_tokenize then returns that value. */
typedef int (*gn_jatok_cb)(void *ctx, const gn_jatoken *t);

/* Tokenize s[0..n) exactly as the FTS5 tokenizer does in the given mode
 * (GN_JATOK_DOCUMENT also describes FTS5_TOKENIZE_AUX).  Returns 0, or the
 * first non-zero value returned by cb. */
int gn_jatok_tokenize(const char *s, size_t n, int mode, gn_jatok_cb cb, void *ctx);

#endif
