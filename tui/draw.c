/* draw.c — see draw.h. */
#include "draw.h"

#include <curses.h>
#include <string.h>

static const struct { attr_t mono; short fg, bg; } roles[R__COUNT] = {
#define DRAW_ROW(id, m, f, b) [R_##id] = {m, f, b},
  DRAW_ROLES(DRAW_ROW)
#undef DRAW_ROW
};

static int use_color, ascii;

void draw_init(int color, int ascii_borders)
{
  use_color = color;
  ascii = ascii_borders;
  if (!color)
    return;
  for (int r = 0; r < R__COUNT; r++)
    if (roles[r].fg >= 0 || roles[r].bg >= 0)
      init_pair((short)(r + 1), roles[r].fg, roles[r].bg);
}

void draw_set_ascii(int ascii_borders)
{
  ascii = ascii_borders;
}

static attr_t attr_of(int role, int sel, short *pair)
{
  if (role < 0 || role >= R__COUNT)
    role = R_NORMAL;
  attr_t a = roles[role].mono;
  *pair = 0;
  if (use_color && (roles[role].fg >= 0 || roles[role].bg >= 0)) {
    *pair = (short)(role + 1);
    if (roles[role].bg >= 0)
      a &= ~(attr_t)A_REVERSE;     /* the colour shows it; reverse would undo it */
  }
  if (sel == SEL_FOCUS) {
    if (role == R_MATCH || role == R_CURMATCH)
      a = (a | A_UNDERLINE | A_BOLD) & ~(attr_t)A_REVERSE;
    else
      a ^= A_REVERSE;
    if ((role == R_MATCH || role == R_CURMATCH) && *pair)
      a |= A_REVERSE;
  } else if (sel == SEL_OTHER) {
    a |= A_BOLD;
  }
  return a;
}

int draw_wtext(int y, int x, int w, const wtext *t, int from, int to, int sel)
{
  if (w <= 0 || from >= to)
    return 0;
  int end = wt_fit(t, from, to, w);
  int cut = end < to;
  if (cut)
    end = wt_fit(t, from, to, w - 1);
  int col = x;
  int i = from;
  while (i < end) {
    int j = i;
    while (j < end && t->role[j] == t->role[i])
      j++;
    short pair;
    attr_t a = attr_of(t->role[i], sel, &pair);
    attr_set(a, pair, NULL);
    /* skip the hard-break markers, which have no width */
    int k = i;
    while (k < j) {
      int m = k;
      while (m < j && t->wc[m] != L'\n')
        m++;
      if (m > k) {
        mvaddnwstr(y, col, t->wc + k, m - k);
        col += wt_width(t, k, m);
      }
      k = m < j ? m + 1 : m;
    }
    i = j;
  }
  if (cut) {
    short pair;
    attr_t a = attr_of(end > from ? t->role[end - 1] : R_NORMAL, sel, &pair);
    attr_set(a, pair, NULL);
    mvaddch(y, col, '~');
    col++;
  }
  attr_set(A_NORMAL, 0, NULL);
  return col - x;
}

static wtext scratch;

void draw_done(void)
{
  wt_free(&scratch);
}

int draw_str(int y, int x, int w, const char *s, int role, int sel, int flags)
{
  wt_clear(&scratch);
  wt_append(&scratch, s, -1, 0, role, flags | WRAP_ONELINE);
  return draw_wtext(y, x, w, &scratch, 0, scratch.n, sel);
}

int draw_input(int y, int x, int w, const char *s, int cur, int role, int flags)
{
  if (w <= 0)
    return 0;
  wt_clear(&scratch);
  wt_append(&scratch, s, -1, 0, role, flags | WRAP_ONELINE);
  int ci = 0;                         /* the character at the cursor */
  while (ci < scratch.n && (int)scratch.src[ci] < cur)
    ci++;
  int before = wt_width(&scratch, 0, ci);
  int total = wt_width(&scratch, 0, scratch.n);
  /* the whole text fits; or the cursor does, with the rest cut on the
   * right ("~" in the last column) */
  if (total <= w || before <= w - 2) {
    draw_wtext(y, x, w, &scratch, 0, scratch.n, SEL_NONE);
    return before;
  }
  /* cut on the left ("~" first) so that the cursor comes last */
  int from = 0;
  while (from < ci && before > w - 1) {
    before -= scratch.w[from];
    from++;
  }
  short pair;
  attr_t a = attr_of(role, SEL_NONE, &pair);
  attr_set(a, pair, NULL);
  mvaddch(y, x, '~');
  attr_set(A_NORMAL, 0, NULL);
  draw_wtext(y, x + 1, w - 1, &scratch, from, scratch.n, SEL_NONE);
  return 1 + before;
}

void draw_fill(int y, int x, int w, int role, int sel)
{
  if (w <= 0)
    return;
  short pair;
  attr_t a = attr_of(role, sel, &pair);
  attr_set(a, pair, NULL);
  mvhline(y, x, ' ', w);
  attr_set(A_NORMAL, 0, NULL);
}

void draw_vline(int y, int x, int h)
{
  if (h > 0)
    mvvline(y, x, ascii ? '|' : ACS_VLINE, h);
}

void draw_hline(int y, int x, int w)
{
  if (w > 0)
    mvhline(y, x, ascii ? '-' : ACS_HLINE, w);
}
