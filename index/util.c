/* util.c — see util.h. */
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
  fputs("guidenav: out of memory\n", stderr);
  abort();
}

void *gn_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p)
    oom();
  return p;
}

void *gn_xcalloc(size_t n, size_t m)
{
  void *p = calloc(n ? n : 1, m ? m : 1);
  if (!p)
    oom();
  return p;
}

void *gn_xrealloc(void *p, size_t n)
{
  p = realloc(p, n ? n : 1);
  if (!p)
    oom();
  return p;
}

char *gn_xstrdup(const char *s)
{
  return gn_xstrndup(s, strlen(s));
}

char *gn_xstrdup0(const char *s)
{
  return gn_xstrdup(s ? s : "");
}

char *gn_xstrndup(const char *s, size_t n)
{
  char *p = gn_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* Format into a new string.  (Formatting into a stack buffer first, not
 * vsnprintf(NULL, 0, ...), keeps gcc's format checks quiet under the
 * sanitizers and saves a pass for short strings.) */
static char *vformat(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *vformat(const char *fmt, va_list ap)
{
  char small[256];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    oom();
  char *p = gn_xmalloc((size_t)n + 1);
  if ((size_t)n < sizeof small)
    memcpy(p, small, (size_t)n + 1);
  else
    vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *gn_xasprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *p = vformat(fmt, ap);
  va_end(ap);
  return p;
}

void gn_buf_add(gn_buf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n + 1)
      cap *= 2;
    b->s = gn_xrealloc(b->s, cap);
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void gn_buf_puts(gn_buf *b, const char *s)
{
  gn_buf_add(b, s, strlen(s));
}

void gn_buf_printf(gn_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *p = vformat(fmt, ap);
  va_end(ap);
  gn_buf_puts(b, p);
  free(p);
}

void gn_buf_free(gn_buf *b)
{
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}

int gn_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
  if (n == 0)
    return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int len;
  uint32_t v, min;
  if ((c & 0xE0) == 0xC0) {
    len = 2; v = c & 0x1F; min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3; v = c & 0x0F; min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4; v = c & 0x07; min = 0x10000;
  } else {
    return 0;
  }
  if ((size_t)len > n)
    return 0;
  for (int i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

size_t gn_utf8_invalid_at(const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode(p + i, n - i, &cp);
    if (!k)
      return i;
    i += (size_t)k;
  }
  return (size_t)-1;
}

int gn_is_forbidden_control(uint32_t cp)
{
  if (cp == '\t' || cp == '\n')
    return 0;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

void gn_diag_vadd(gn_diags *d, const char *file, int line, int col, const char *fmt, va_list ap)
{
  gn_diag g = {0};
  g.file = file ? gn_xstrdup(file) : NULL;
  g.line = line;
  g.col = col;
  g.msg = vformat(fmt, ap);
  g.seq = d->n;
  GN_PUSH(d->v, d->n, d->cap, g);
}

void gn_diag_add(gn_diags *d, const char *file, int line, int col, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  gn_diag_vadd(d, file, line, col, fmt, ap);
  va_end(ap);
}

void gn_diags_mark_first(gn_diags *d, int from)
{
  for (int i = from < 0 ? 0 : from; i < d->n; i++)
    if (!d->v[i].first) {
      d->v[i].first = 1;
      d->nfirst++;
    }
}

static int diag_cmp(const void *a, const void *b)
{
  const gn_diag *x = a, *y = b;
  if (x->first != y->first)
    return x->first ? -1 : 1;
  int c = strcmp(x->file ? x->file : "", y->file ? y->file : "");
  if (c)
    return c;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->col != y->col)
    return x->col < y->col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void gn_diags_print(gn_diags *d, FILE *f)
{
  if (d->n > 1)
    qsort(d->v, (size_t)d->n, sizeof *d->v, diag_cmp);
  for (int i = 0; i < d->n; i++) {
    const gn_diag *g = &d->v[i];
    if (g->file && g->line)
      fprintf(f, "guidenav: %s:%d:%d: %s\n", g->file, g->line, g->col, g->msg);
    else if (g->file)
      fprintf(f, "guidenav: %s: %s\n", g->file, g->msg);
    else
      fprintf(f, "guidenav: %s\n", g->msg);
  }
}

void gn_diags_free(gn_diags *d)
{
  for (int i = 0; i < d->n; i++) {
    free(d->v[i].file);
    free(d->v[i].msg);
  }
  free(d->v);
  d->v = NULL;
  d->n = d->cap = 0;
}
