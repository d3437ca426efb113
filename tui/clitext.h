/* clitext.h — the command line's text output, fitted to a width.
 *
 * Owns: the width that text output is fitted to (a terminal's own width
 * when standard output is one: its size, else $COLUMNS, else 80; always 80
 * for a pipe or a file, so that output read by scripts does not depend on
 * where it was made), the width of text in columns — the same in every
 * locale (wrap_cols: East Asian Wide, Fullwidth and Ambiguous characters
 * count two, as Tera Term and PuTTY draw them in Japanese setups) — and
 * writing text: sanitised (a control character other than newline becomes
 * U+FFFD, a tab a space: nothing read from an index can drive the
 * terminal), wrapped by display width with Japanese line-breaking rules
 * (wrap.h) and hanging indents, cut with "…", or, for a breadcrumb path
 * ("第2編 › 第2章 … › 5.1 …"), with its middle levels given up for "…".
 * Text is written byte for byte as it is in the source (no substitution),
 * so output is the same whatever the locale.  No curses here.
 *
 * Contract: widths are columns; a function told to fit `width` columns
 * writes no line wider than that, unless a single character is (a width
 * under 2) or the caller's own prefix already is.
 */
#ifndef GN_CLITEXT_H
#define GN_CLITEXT_H

#include <stddef.h>
#include <stdio.h>

#include "query.h"

enum { CT_MIN_WIDTH = 20 };   /* narrower terminals are treated as this wide */

/* The width to fit text output to (see above), at least CT_MIN_WIDTH. */
int ct_columns(void);
/* The same for the text written to file descriptor fd (STDERR_FILENO for
 * messages and candidate lists): its terminal's width, else 80. */
int ct_columns_of(int fd);

/* Write n bytes of s sanitised: a control character or an invalid byte
 * becomes U+FFFD; a newline and a tab are kept when lines is set, else the
 * newline too becomes U+FFFD and the tab a space (one line of output). */
void ct_put_clean(FILE *f, const char *s, size_t n, int lines);

/* s as one line of sanitised text (ct_put_clean without lines: a control
 * character, newline included, or an invalid byte becomes U+FFFD, a tab a
 * space), for text that must stay on its line: a walkthrough's name or an
 * answer's note read from a state file that guidenav did not write.
 * malloc'd; NULL gives "". */
char *ct_one_line(const char *s);

/* Columns of s (UTF-8; invalid bytes count as U+FFFD). */
int ct_width(const char *s);
/* The number of bytes of s that fit in cols columns (all of s when it
 * fits); *used (may be NULL) gets their width. */
size_t ct_fit(const char *s, int cols, int *used);

/* Write s cut to at most cols columns: when it is wider, as much as fits
 * before "…" (counted as two columns).  Returns the columns written. */
int ct_cut(FILE *f, const char *s, int cols);

/* A hanging indent for text after a prefix of `prefix` columns: the
 * prefix itself while it leaves half the width to the text, else 4 (or
 * less on a very narrow width). */
int ct_hang(int prefix, int width);

/* Spans of s to set off with on/off (terminal attributes, written as they
 * are and taking no columns); a line never ends inside a span's on. */
typedef struct ct_marks {
  const gn_span *v;      /* byte offsets into s, sorted, disjoint */
  size_t n;
  const char *on, *off;
} ct_marks;

/* Write s wrapped to width: its first line goes on after `col` columns
 * already written on the current line (it starts on a new line when less
 * than a few columns are left there), each further line starts with
 * `indent` spaces; newlines in s break lines too.  Ends with a newline.
 * m may be NULL. */
void ct_wrap(FILE *f, const char *s, int col, int indent, int width, const ct_marks *m);

/* Write a body text (paragraphs, lines) with `indent` spaces before every
 * line, each source line wrapped to width with a hanging indent under its
 * text when it starts with a list mark (・, (1), ①, 1., - ...).  Empty
 * lines are kept; nothing is written for an empty body.  Ends with a
 * newline. */
void ct_body(FILE *f, const char *s, int indent, int width);

/* A breadcrumb path (levels between " › "), with tail (when not NULL or
 * "") as one more level, made to fit cols columns on one line: the levels
 * after the first give way to "…" one by one (the last level stays), then
 * the first does, then the last is cut.  malloc'd. */
char *ct_crumbs(const char *path, const char *tail, int cols);

/* Write a breadcrumb path on as many lines as it needs: levels go where
 * they fit, a line that goes on starts with "  › ".  Ends with a newline. */
void ct_path(FILE *f, const char *path, int width);

#endif
