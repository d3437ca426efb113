/* clitext.c — see clitext.h. */
#include "clitext.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util.h"
#include "wrap.h"

enum { MAX_WIDTH = 4096, MIN_ROOM = 8 };

static const char sep[] = " › ", ellipsis[] = "…";
#define IDEO_SPACE "\xE3\x80\x80"   /* U+3000 */

int ct_columns(void)
{
  return ct_columns_of(STDOUT_FILENO);
}

int ct_columns_of(int fd)
{
  long w = 80;
  if (isatty(fd)) {
    struct winsize ws;
    const char *env = getenv("COLUMNS");
    char *end;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
      w = ws.ws_col;
    } else if (env && *env) {
      long c = strtol(env, &end, 10);
      if (!*end && c > 0)
        w = c;
    }
  }
  if (w < CT_MIN_WIDTH)
    w = CT_MIN_WIDTH;
  if (w > MAX_WIDTH)
    w = MAX_WIDTH;
  return (int)w;
}

size_t ct_fit(const char *s, int cols, int *used)
{
  size_t n = strlen(s), i = 0;
  int w = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    /* a newline counts as the U+FFFD that one-line output writes for it */
    int cw = k > 0 && cp != '\n' ? wrap_cols(cp) : 2;
    if (w + cw > cols)
      break;
    w += cw;
    i += k > 0 ? (size_t)k : 1;
  }
  if (used)
    *used = w;
  return i;
}

int ct_width(const char *s)
{
  int w;
  ct_fit(s, INT_MAX, &w);
  return w;
}

void ct_put_clean(FILE *f, const char *s, size_t n, int lines)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, run = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode(p + i, n - i, &cp);
    if (k > 0 && (lines || (cp != '\t' && cp != '\n')) && !gn_is_forbidden_control(cp)) {
      i += (size_t)k;
      continue;
    }
    fwrite(p + run, 1, i - run, f);
    fputs(k > 0 && cp == '\t' ? " " : "\xEF\xBF\xBD", f);
    i += k > 0 ? (size_t)k : 1;
    run = i;
  }
  fwrite(p + run, 1, n - run, f);
}

char *ct_one_line(const char *s)
{
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  if (!f)
    return gn_xstrdup("");
  if (s)
    ct_put_clean(f, s, strlen(s), 0);
  fclose(f);
  return buf ? buf : gn_xstrdup("");
}

static void put_clean(FILE *f, const char *s, size_t n)
{
  ct_put_clean(f, s, n, 0);
}

int ct_cut(FILE *f, const char *s, int cols)
{
  int w;
  size_t keep = ct_fit(s, cols, &w);
  if (!s[keep]) {
    put_clean(f, s, keep);
    return w;
  }
  int ew = ct_width(ellipsis);
  keep = ct_fit(s, cols - ew, &w);
  put_clean(f, s, keep);
  if (cols >= ew) {
    fputs(ellipsis, f);
    w += ew;
  }
  return w;
}

int ct_hang(int prefix, int width)
{
  if (prefix <= width / 2)
    return prefix;
  return width >= 24 ? 4 : 2;
}

static void pad(FILE *f, int n)
{
  for (int i = 0; i < n; i++)
    fputc(' ', f);
}

/* Write display characters [from, to) of t, made from s (n bytes) by
 * wt_append_raw: each as its source bytes (with any zero-width characters
 * after it), a substituted one as its substitute; role 1 is marked. */
static void put_chars(FILE *f, const wtext *t, const char *s, size_t n, int from, int to,
                      const ct_marks *m)
{
  int on = 0;
  for (int k = from; k < to; k++) {
    if (m && t->role[k] != on) {
      fputs(t->role[k] ? m->on : m->off, f);
      on = t->role[k];
    }
    if (t->wc[k] == L' ') {
      fputc(' ', f);
    } else if (t->wc[k] == 0xFFFD) {
      fputs("\xEF\xBF\xBD", f);
    } else {
      size_t a = t->src[k], b = k + 1 < t->n ? t->src[k + 1] : n;
      put_clean(f, s + a, b - a);
    }
  }
  if (m && on)
    fputs(m->off, f);
}

/* ct_wrap without the final newline; returns the column where it ended. */
static int wrap_out(FILE *f, const char *s, int col, int indent, int width, const ct_marks *m)
{
  size_t n = strlen(s);
  wtext t;
  wt_init(&t);
  wt_append_raw(&t, s, (int)n, 0, 0);
  if (m)
    for (size_t i = 0; i < m->n; i++)
      wt_mark(&t, 0, t.n, (uint32_t)m->v[i].start, (uint32_t)m->v[i].end, 1);
  if (indent > width - 1)
    indent = width > 1 ? width - 1 : 0;
  int w1 = width - col, wrest = width - indent;
  int first_break = 0;
  if (t.n && t.wc[0] != L'\n') {
    int para = 0;
    while (para < t.n && t.wc[para] != L'\n')
      para++;
    if (w1 < MIN_ROOM && wt_width(&t, 0, para) > w1 && w1 < wrest)
      first_break = 1;
  }
  if (first_break) {
    fputc('\n', f);
    col = indent;
    w1 = wrest;
    pad(f, indent);
  }
  wlines l = {0};
  wt_wrap(&t, 0, t.n, w1 < 1 ? 1 : w1, wrest < 1 ? 1 : wrest, &l);
  for (int i = 0; i < l.n; i++) {
    if (i) {
      fputc('\n', f);
      col = 0;
      if (l.v[i].end > l.v[i].start) {
        pad(f, indent);
        col = indent;
      }
    }
    put_chars(f, &t, s, n, l.v[i].start, l.v[i].end, m);
    col += l.v[i].width;
  }
  wl_free(&l);
  wt_free(&t);
  return col;
}

void ct_wrap(FILE *f, const char *s, int col, int indent, int width, const ct_marks *m)
{
  wrap_out(f, s ? s : "", col, indent, width, m);
  fputc('\n', f);
}

/* Columns of the list mark that line starts with (with the spaces before
 * and one after it), or 0: ・ ○ ● ■ □ ◆ ◇ ※ － - * •, a label in
 * parentheses ((1) （ア） (a)), a circled number, or 1. 1) 1．. */
static int list_mark(const char *line, size_t n)
{
  static const char *const bullets[] = {"・", "○", "●", "■", "□", "◆", "◇", "※", "－", "•",
                                        "- ", "* "};
  const char *p = line, *e = line + n;
  while (p < e && (*p == ' ' || (e - p >= 3 && !memcmp(p, IDEO_SPACE, 3))))
    p += *p == ' ' ? 1 : 3;
  const char *mark = p;
  for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++) {
    size_t k = strlen(bullets[i]);
    if ((size_t)(e - p) > k && !memcmp(p, bullets[i], k)) {
      p += k;
      goto found;
    }
  }
  if (e - p >= 3 && (*p == '(' || !memcmp(p, "（", 3))) {
    const char *close = *p == '(' ? ")" : "）";
    const char *q = p + (*p == '(' ? 1 : 3);
    for (int chars = 0; q < e && chars <= 4; chars++) {
      if (!strncmp(q, close, strlen(close)) && chars > 0) {
        p = q + strlen(close);
        goto found;
      }
      uint32_t cp;
      int k = gn_utf8_decode((const unsigned char *)q, (size_t)(e - q), &cp);
      q += k > 0 ? k : 1;
    }
    return 0;
  }
  if (e - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x91 &&
      (unsigned char)p[2] >= 0xA0 && (unsigned char)p[2] <= 0xB3) {   /* ① .. ⑳ */
    p += 3;
    goto found;
  }
  if (p < e && *p >= '0' && *p <= '9') {
    while (p < e && *p >= '0' && *p <= '9')
      p++;
    if (p < e && (*p == '.' || *p == ')'))
      p++;
    else if (e - p >= 3 && !memcmp(p, "．", 3))
      p += 3;
    else
      return 0;
    if (p >= e || (*p != ' ' && (e - p < 3 || memcmp(p, IDEO_SPACE, 3))))
      return 0;   /* "1.5 ..." is text, not a mark */
    goto found;
  }
  return 0;
found:
  if (p < e && *p == ' ')
    p++;
  else if (e - p >= 3 && !memcmp(p, IDEO_SPACE, 3))
    p += 3;
  if (p == mark || p >= e)
    return 0;
  char *head = gn_xstrndup(line, (size_t)(p - line));
  int w = ct_width(head);
  free(head);
  return w;
}

void ct_body(FILE *f, const char *s, int indent, int width)
{
  if (!s || !*s)
    return;
  const char *p = s;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    char *line = gn_xstrndup(p, n);
    int hang = list_mark(line, n);
    if (hang > (width - indent) / 2)
      hang = 0;
    pad(f, *line ? indent : 0);
    ct_wrap(f, line, indent, indent + hang, width, NULL);
    free(line);
    if (!nl || !nl[1])
      break;
    p = nl + 1;
  }
}

/* ---- breadcrumbs ----------------------------------------------------- */

typedef struct levels {
  char **v;
  int n, cap;
} levels;

static void split_levels(const char *path, const char *tail, levels *l)
{
  const char *p = path ? path : "";
  while (*p) {
    const char *q = strstr(p, sep);
    size_t n = q ? (size_t)(q - p) : strlen(p);
    char *one = gn_xstrndup(p, n);
    GN_PUSH(l->v, l->n, l->cap, one);
    if (!q)
      break;
    p = q + strlen(sep);
  }
  if (tail && *tail) {
    char *one = gn_xstrdup(tail);
    GN_PUSH(l->v, l->n, l->cap, one);
  }
}

static void free_levels(levels *l)
{
  for (int i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
}

/* Levels [0, keep_first) … [from, n) joined; "…" stands for what is left
 * out (when anything is). */
static char *join_levels(const levels *l, int keep_first, int from)
{
  gn_buf b = {0};
  gn_buf_puts(&b, "");
  for (int i = 0; i < keep_first; i++) {
    if (i)
      gn_buf_puts(&b, sep);
    gn_buf_puts(&b, l->v[i]);
  }
  if (from > keep_first) {
    if (keep_first)
      gn_buf_puts(&b, sep);
    gn_buf_puts(&b, ellipsis);
  }
  for (int i = from; i < l->n; i++) {
    if (i > 0)
      gn_buf_puts(&b, sep);
    gn_buf_puts(&b, l->v[i]);
  }
  return b.s;
}

/* lead, then s cut to what is left of cols; malloc'd. */
static char *lead_cut(const char *lead, const char *s, int cols)
{
  char *buf = NULL;
  size_t n = 0;
  FILE *mf = open_memstream(&buf, &n);
  if (!mf)
    return gn_xstrdup(lead);
  fputs(lead, mf);
  ct_cut(mf, s, cols - ct_width(lead));
  fclose(mf);
  return buf;
}

char *ct_crumbs(const char *path, const char *tail, int cols)
{
  enum { MIN_LAST = 20 };
  levels l = {0};
  split_levels(path, tail, &l);
  char *s = join_levels(&l, l.n, l.n);
  /* the levels between the first and the last give way one by one */
  for (int from = 2; from < l.n && ct_width(s) > cols; from++) {
    free(s);
    s = join_levels(&l, 1, from);
  }
  if (l.n >= 2 && ct_width(s) > cols) {
    /* the first level stays while the last, cut, keeps some room */
    char *lead = gn_xasprintf("%s%s%s%s", l.v[0], l.n > 2 ? sep : "", l.n > 2 ? ellipsis : "", sep);
    char *next = cols - ct_width(lead) >= MIN_LAST ? lead_cut(lead, l.v[l.n - 1], cols) : NULL;
    free(lead);
    if (!next) {
      /* else it gives way too */
      next = join_levels(&l, 0, l.n - 1);
      if (ct_width(next) > cols) {
        char *dots = gn_xasprintf("%s%s", ellipsis, sep);
        free(next);
        next = cols - ct_width(dots) >= 4 ? lead_cut(dots, l.v[l.n - 1], cols)
                                          : lead_cut("", l.v[l.n - 1], cols);
        free(dots);
      }
    }
    free(s);
    s = next;
  } else if (ct_width(s) > cols) {
    free(s);
    s = lead_cut("", l.n ? l.v[0] : "", cols);
  }
  free_levels(&l);
  return s;
}

void ct_path(FILE *f, const char *path, int width)
{
  levels l = {0};
  split_levels(path, NULL, &l);
  int col = 0, sw = ct_width(sep);
  for (int i = 0; i < l.n; i++) {
    int w = ct_width(l.v[i]);
    if (i && col + sw + w > width) {
      fputs("\n  › ", f);
      col = 2 + ct_width("› ");
    } else if (i) {
      fputs(sep, f);
      col += sw;
    }
    col = wrap_out(f, l.v[i], col, 4, width, NULL);
  }
  fputc('\n', f);
  free_levels(&l);
}
