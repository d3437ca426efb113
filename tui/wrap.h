/* wrap.h — Japanese text as a terminal shows it: width, sanitising, wrapping.
 *
 * Owns: turning UTF-8 text (content, notes, typed queries, anything) into a
 * run of display characters that is safe to draw and whose width is known:
 * invalid bytes and control characters become a visible replacement (never
 * reaching the terminal), zero-width characters are dropped, and under the
 * ambiguous-width option (WRAP_AMBI) every East Asian Ambiguous character
 * (○ ● ① ※ → ─ …) is replaced by an unambiguous equivalent ((1), 〇, ->),
 * so that a terminal drawing them two columns wide (Tera Term, PuTTY in a
 * Japanese setup) stays aligned with the C library's wcwidth, which curses
 * uses.  Widths come from wcwidth only, except in raw texts (wt_append_raw,
 * for the command line, which writes the source text as it is in any
 * locale): there every character keeps its code point and its width comes
 * from this module's own Unicode tables (wrap_cols), the same in every
 * locale.  Wrapping never splits a character,
 * keeps ASCII words together, and follows Japanese line-breaking rules
 * (kinsoku): no line starts with 、。」）・ー and the like, none ends with
 * 「（ and the like.  Every display character remembers the byte offset of
 * the source character it came from, so match spans given as byte offsets
 * can be highlighted after substitution and wrapping.  Each character also
 * carries a role byte (the caller's drawing role); this module never looks
 * at it.  No curses here: everything is unit-tested as plain data.
 *
 * Contract: a wtext starts zeroed (or wt_init) and is released with wt_free.
 * Offsets and indices are ints: texts are small (a node body, a screen line).
 */
#ifndef GN_WRAP_H
#define GN_WRAP_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

enum {
  WRAP_AMBI = 1,     /* substitute East Asian Ambiguous characters */
};

typedef struct wtext {
  wchar_t *wc;          /* display characters; L'\n' marks a hard line break */
  uint32_t *src;        /* byte offset (plus the append base) of the source char */
  unsigned char *w;     /* columns of each: 1 or 2 (0 for L'\n') */
  unsigned char *role;  /* caller's role byte of each */
  int n, cap;
} wtext;

typedef struct wline {
  int start, end;       /* [start, end) indices into a wtext */
  int width;            /* columns */
} wline;

typedef struct wlines {
  wline *v;
  int n, cap;
} wlines;

void wt_init(wtext *t);
void wt_clear(wtext *t);
void wt_free(wtext *t);

/* Append len bytes of UTF-8 at s (len < 0: up to the NUL), sanitised as
 * described above; each character's src is base + its byte offset in s.
 * Tabs become a space; newlines are kept as L'\n' unless flags has
 * WRAP_ONELINE, which turns them into spaces too. */
enum { WRAP_ONELINE = 2 };
void wt_append(wtext *t, const char *s, int len, uint32_t base, int role, int flags);
/* Append UTF-8 as it is, for text that is written out again from its
 * source bytes (the command line): every character keeps its code point
 * and gets its wrap_cols width, in any locale, ambiguous ones included;
 * invalid bytes and control characters become U+FFFD (two columns), tab
 * and CR a space, newlines L'\n'; zero-width characters are left out (their
 * bytes are still between their neighbours' src offsets). */
void wt_append_raw(wtext *t, const char *s, int len, uint32_t base, int role);
/* Append one display character as is (must be printable and non-ambiguous). */
void wt_putc(wtext *t, wchar_t c, uint32_t src, int role);

/* Columns that s would take once appended with these flags. */
int wt_strwidth(const char *s, int flags);
/* Columns of characters [from, to). */
int wt_width(const wtext *t, int from, int to);
/* The largest k in [from, to] such that [from, k) fits in cols columns. */
int wt_fit(const wtext *t, int from, int to, int cols);
/* Set role on the characters of [from, to) whose src lies in [a, b). */
void wt_mark(wtext *t, int from, int to, uint32_t a, uint32_t b, int role);

/* Break [from, to) into lines: the first at most w1 columns, the others at
 * most wrest (both at least 1), appended to out.  L'\n' forces a break (an
 * empty line for an empty paragraph line); spaces at a break are dropped. */
void wt_wrap(const wtext *t, int from, int to, int w1, int wrest, wlines *out);
void wl_free(wlines *l);

/* Line-breaking classes, exposed for tests. */
int wrap_nostart(wchar_t c);   /* may not start a line (、。」）ー …) */
int wrap_noend(wchar_t c);     /* may not end a line (「（ …) */
int wrap_ambiguous(uint32_t cp);  /* East Asian Width is A */
/* Columns of cp on a terminal set up for Japanese, whatever the locale:
 * 2 for East Asian Wide, Fullwidth and Ambiguous characters (○ △ × … ①
 * as Tera Term and PuTTY draw them there) and for control characters
 * (written as U+FFFD), 0 for combining marks and format characters, else 1. */
int wrap_cols(uint32_t cp);
/* The replacement under WRAP_AMBI for an ambiguous cp, as UTF-8 ("?" when
 * none is known); NULL if cp is not ambiguous.  buf holds at least 8 bytes. */
const char *wrap_ambi_subst(uint32_t cp, char *buf);

#endif
