/* test-script.c — keystroke scripts (tui/script.c): keys, special keys,
 * bursts, commands, mouse, comments, and errors with their line. */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "testlib.h"

int main(void)
{
  if (!setlocale(LC_ALL, "C.UTF-8")) {
    fputs("test-script: no C.UTF-8 locale; skipped\n", stderr);
    return 77;
  }
  script s = {0};
  char *err = NULL;
  const char *text =
    "# a comment\n"
    "\n"
    "jk\n"
    "責任<Enter>\n"
    ":dump-screen  a.txt \n"
    ":resize 40x12\n"
    ":v2.taisaku.5.1<Enter>\n"
    "<Click 3 10><WheelDown 5 0><C-l><lt><PgDn>\n";
  CHECK(script_parse(&s, text, "t", &err) == 0);
  CHECK(err == NULL);
  CHECK(s.n == 2 + 3 + 1 + 1 + 16 + 5);
  CHECK(s.v[0].type == SC_CHAR && s.v[0].code == 'j' && s.v[0].burst == 1 && s.v[0].line == 3);
  CHECK(s.v[1].code == 'k' && s.v[1].burst == 0);
  CHECK(s.v[2].code == 0x8cac && s.v[2].burst == 1);       /* 責 */
  CHECK(s.v[4].code == '\n' && s.v[4].burst == 0);
  CHECK(s.v[5].type == SC_CMD && !strcmp(s.v[5].cmd, "dump-screen") && !strcmp(s.v[5].arg, "a.txt"));
  CHECK(s.v[6].type == SC_CMD && !strcmp(s.v[6].cmd, "resize") && !strcmp(s.v[6].arg, "40x12"));
  CHECK(s.v[7].type == SC_CHAR && s.v[7].code == ':');    /* a go-to, not a command */
  int k = 7 + 16;
  CHECK(s.v[k].type == SC_MOUSE && s.v[k].y == 3 && s.v[k].x == 10 && s.v[k].button == 1);
  CHECK(s.v[k + 1].type == SC_MOUSE && s.v[k + 1].button == 5);
  CHECK(s.v[k + 2].type == SC_CHAR && s.v[k + 2].code == 12);
  CHECK(s.v[k + 3].code == '<');
  CHECK(s.v[k + 4].type == SC_KEY && s.v[k + 4].code == KEY_NPAGE && !s.v[k + 4].burst);
  script_free(&s);

  CHECK(script_parse(&s, "j\n<Nope>\n", "bad.keys", &err) == -1);
  CHECK(err && strstr(err, "bad.keys:2:"));
  free(err);
  script_free(&s);
  CHECK(script_load(&s, "/nonexistent/x.keys", &err) == -1 && err);
  free(err);
  script_free(&s);
  return test_done();
}
