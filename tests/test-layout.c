/* test-layout.c — pane geometry (tui/layout.c) as text, at the sizes the
 * screen tests and users meet: 80x24, 40x12, the smallest, too small. */
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "testlib.h"

int main(void)
{
  static const struct { int rows, cols; const char *want; } cases[] = {
    {24, 80, "80x24 wide toc=1,0,30x22 reader=1,31,49x15 refs=16,31,49x7"},
    {12, 40, "40x12 narrow toc=1,0,40x10 reader=1,0,40x10 refs=1,0,40x10"},
    {6, 20, "20x6 narrow toc=1,0,20x4 reader=1,0,20x4 refs=1,0,20x4"},
    {5, 20, "20x5 too-small"},
    {6, 19, "19x6 too-small"},
    {0, 0, "0x0 too-small"},
    {50, 200, "200x50 wide toc=1,0,40x48 reader=1,41,159x32 refs=33,41,159x16"},
    {8, 80, "80x8 wide toc=1,0,30x6 reader=1,31,49x2 refs=3,31,49x4"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    layout l;
    char buf[256];
    layout_compute(&l, cases[i].rows, cases[i].cols);
    layout_describe(&l, buf, sizeof buf);
    CHECK_STR(buf, cases[i].want);
    if (!l.too_small) {
      CHECK(l.title.y == 0 && l.status.y == cases[i].rows - 1);
      CHECK(l.body.h == cases[i].rows - 2);
      if (l.wide)
        CHECK(l.toc.w + 1 + l.reader.w == cases[i].cols && l.reader.h + l.refs.h == l.body.h);
    }
  }
  return test_done();
}
