/* layout.h — where everything goes on a screen of a given size.
 *
 * Owns: the pane geometry as plain arithmetic (no curses, unit-tested as
 * text): the title line, the status line, and between them either three
 * panes (contents on the left; text above references on the right, from 80
 * columns on) or one pane at a time (narrower), and the smallest size that
 * can be drawn at all.  Each pane's rectangle includes its header row.
 */
#ifndef GN_LAYOUT_H
#define GN_LAYOUT_H

enum { LAYOUT_MIN_COLS = 20, LAYOUT_MIN_ROWS = 6, LAYOUT_WIDE_COLS = 80 };

typedef struct rect {
  int y, x, h, w;
} rect;

typedef struct layout {
  int rows, cols;
  int too_small;
  int wide;            /* three panes side by side */
  rect title, status;
  rect body;           /* between title and status: overlays use it */
  rect toc, reader, refs;   /* wide: the three panes; narrow: all = body */
  int border_x;        /* wide: the column of the vertical border */
} layout;

void layout_compute(layout *l, int rows, int cols);
/* "80x24 wide toc=1,0,24x22 ..." for tests and :dump-view. */
void layout_describe(const layout *l, char *buf, int n);

#endif
