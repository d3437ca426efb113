/* util.h — small shared pieces of libguidenav.
 *
 * Owns: allocation that aborts on exhaustion (gn_xmalloc and friends), the
 * growable byte buffer gn_buf, UTF-8 decoding and validation, and the
 * diagnostic list gn_diags in which every loader and validator error is
 * collected with its FILE:LINE:COL position (1-based) before being printed
 * in one sorted, stable block.  Nothing here knows about YAML, SQL or curses.
 */
#ifndef GN_UTIL_H
#define GN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>

void *gn_xmalloc(size_t n);
void *gn_xcalloc(size_t n, size_t m);
void *gn_xrealloc(void *p, size_t n);
char *gn_xstrdup(const char *s);
/* A copy of s, or of "" when s is NULL. */
char *gn_xstrdup0(const char *s);
char *gn_xstrndup(const char *s, size_t n);
char *gn_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Append to a growable array: GN_PUSH(arr, n, cap, value). */
#define GN_PUSH(arr, n, cap, val)                                          \
  do {                                                                      \
    if ((n) == (cap)) {                                                     \
      (cap) = (cap) ? (cap) * 2 : 8;                                        \
      (arr) = gn_xrealloc((arr), (size_t)(cap) * sizeof *(arr));            \
    }                                                                       \
    (arr)[(n)++] = (val);                                                   \
  } while (0)

typedef struct gn_buf {
  char *s;      /* always NUL-terminated once anything was appended */
  size_t len, cap;
} gn_buf;

void gn_buf_add(gn_buf *b, const char *s, size_t n);
void gn_buf_puts(gn_buf *b, const char *s);
void gn_buf_printf(gn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void gn_buf_free(gn_buf *b);

/* Decode one UTF-8 character at s (n bytes available).  Returns its length
 * (1-4) and stores the code point, or returns 0 for an invalid or truncated
 * sequence (overlongs, surrogates and values above U+10FFFF are invalid). */
int gn_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Byte offset of the first invalid UTF-8 sequence, or (size_t)-1. */
size_t gn_utf8_invalid_at(const char *s, size_t n);
/* A code point that must never reach a terminal: C0 except TAB and LF, DEL, C1. */
int gn_is_forbidden_control(uint32_t cp);

/* Diagnostics with a position.  file may be NULL (then no position is
 * printed); line and col are 1-based, 0 meaning "unknown". */
typedef struct gn_diag {
  char *file;
  int line, col;
  char *msg;
  int seq;     /* order of discovery, the last sort key */
  int first;   /* it kept a file from being read at all: listed first */
} gn_diag;

typedef struct gn_diags {
  gn_diag *v;
  int n, cap;
  int io;          /* how many of them are I/O errors (a file or folder that
                      cannot be read): exit status 3, not 2 */
  int nfirst;      /* how many are marked first */
} gn_diags;

void gn_diag_add(gn_diags *d, const char *file, int line, int col,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void gn_diag_vadd(gn_diags *d, const char *file, int line, int col, const char *fmt, va_list ap)
  __attribute__((format(printf, 5, 0)));
/* Mark the diagnostics added since index from as errors that kept a file
 * from being read (I/O, encoding, YAML syntax): they are printed first,
 * since the errors after them (a reference to a record of that file) may
 * only follow from them. */
void gn_diags_mark_first(gn_diags *d, int from);
/* Sort (those marked first, then the others) by file, line, column, then
 * discovery, and print each as "guidenav: FILE:LINE:COL: message" to f. */
void gn_diags_print(gn_diags *d, FILE *f);
void gn_diags_free(gn_diags *d);

#endif
