/* layout.c — see layout.h. */
#include "layout.h"

#include <stdio.h>
#include <string.h>

static rect mk(int y, int x, int h, int w)
{
  rect r = {y, x, h, w};
  return r;
}

void layout_compute(layout *l, int rows, int cols)
{
  memset(l, 0, sizeof *l);
  l->rows = rows;
  l->cols = cols;
  if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
    l->too_small = 1;
    return;
  }
  l->title = mk(0, 0, 1, cols);
  l->status = mk(rows - 1, 0, 1, cols);
  l->body = mk(1, 0, rows - 2, cols);
  l->wide = cols >= LAYOUT_WIDE_COLS;
  if (!l->wide) {
    l->toc = l->reader = l->refs = l->body;
    l->border_x = -1;
    return;
  }
  int tw = cols * 3 / 8;
  if (tw > 40)
    tw = 40;
  int h = l->body.h;
  int rh = h / 3;
  if (rh < 4)
    rh = 4;
  l->toc = mk(1, 0, h, tw);
  l->border_x = tw;
  l->reader = mk(1, tw + 1, h - rh, cols - tw - 1);
  l->refs = mk(1 + h - rh, tw + 1, rh, cols - tw - 1);
}

void layout_describe(const layout *l, char *buf, int n)
{
  if (l->too_small) {
    snprintf(buf, (size_t)n, "%dx%d too-small", l->cols, l->rows);
    return;
  }
  snprintf(buf, (size_t)n, "%dx%d %s toc=%d,%d,%dx%d reader=%d,%d,%dx%d refs=%d,%d,%dx%d",
           l->cols, l->rows, l->wide ? "wide" : "narrow",
           l->toc.y, l->toc.x, l->toc.w, l->toc.h,
           l->reader.y, l->reader.x, l->reader.w, l->reader.h,
           l->refs.y, l->refs.x, l->refs.w, l->refs.h);
}
