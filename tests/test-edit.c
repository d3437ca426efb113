/* test-edit.c — the one-line input (tui/edit.c): a burst of multibyte
 * characters, backspace by character, word deletion, control characters,
 * and editing at a cursor as readline does. */
#include <stdio.h>
#include <string.h>

#include "edit.h"
#include "keys.h"
#include "testlib.h"

/* The text with "|" at the cursor. */
static const char *shown(const edit *e)
{
  static char buf[256];
  snprintf(buf, sizeof buf, "%.*s|%s", e->cur, e->s, e->s + e->cur);
  return buf;
}

static void test_cursor(void)
{
  edit e;
  edit_init(&e);
  CHECK(!edit_move(&e, -1) && !edit_move(&e, 1) && !edit_home(&e) && !edit_end(&e));
  CHECK(!edit_delete(&e) && !edit_kill_before(&e) && !edit_kill_after(&e));
  edit_set(&e, "分界点");
  CHECK_STR(shown(&e), "分界点|");
  CHECK(edit_home(&e));
  CHECK_STR(shown(&e), "|分界点");
  for (const wchar_t *p = L"責任"; *p; p++)
    edit_add(&e, *p);
  CHECK_STR(shown(&e), "責任|分界点");
  CHECK(edit_move(&e, 1));              /* by whole characters, never bytes */
  CHECK_STR(shown(&e), "責任分|界点");
  CHECK(edit_backspace(&e));
  CHECK_STR(shown(&e), "責任|界点");
  CHECK(edit_delete(&e));
  CHECK_STR(shown(&e), "責任|点");
  edit_add(&e, L'　');
  edit_add(&e, 'S');
  CHECK_STR(shown(&e), "責任　S|点");
  CHECK(edit_delword(&e));              /* the word before the cursor only */
  CHECK_STR(shown(&e), "責任　|点");
  CHECK(edit_delword(&e));              /* the spaces, then the word */
  CHECK_STR(shown(&e), "|点");
  CHECK(!edit_delword(&e) && !edit_backspace(&e) && !edit_move(&e, -1));
  edit_set(&e, "第3編 5.1");
  edit_move(&e, -1);
  edit_move(&e, -1);
  edit_move(&e, -1);
  CHECK_STR(shown(&e), "第3編 |5.1");
  CHECK(edit_kill_after(&e));
  CHECK_STR(shown(&e), "第3編 |");
  edit_move(&e, -1);
  CHECK(edit_kill_before(&e));
  CHECK_STR(shown(&e), "| ");
  edit_add(&e, 0x1F600);               /* 4 bytes, inserted whole */
  CHECK(e.cur == 4 && e.len == 5 && edit_move(&e, -1) && e.cur == 0);
  CHECK(edit_end(&e) && e.cur == e.len);
  CHECK(!edit_add(&e, 0x1b));
  CHECK(e.cur == e.len && e.len == 5);
  /* the keys' actions: 2 the text changed, 1 the cursor moved, 0 nothing */
  edit_set(&e, "ab");
  CHECK(edit_act(&e, ACT_IN_LEFT) == 1 && edit_act(&e, ACT_IN_START) == 1);
  CHECK(edit_act(&e, ACT_IN_START) == 0 && edit_act(&e, ACT_IN_BACKSPACE) == 0);
  CHECK(edit_act(&e, ACT_IN_DELETE) == 2);
  CHECK_STR(shown(&e), "|b");
  CHECK(edit_act(&e, ACT_IN_END) == 1 && edit_act(&e, ACT_IN_KILL_START) == 2);
  CHECK_STR(shown(&e), "|");
  CHECK(edit_act(&e, ACT_DOWN) == 0);
  /* the input keys are readline's, looked up apart from the navigation */
  CHECK(keys_lookup_input(2, 0) == ACT_IN_LEFT && keys_lookup(2, 0) == ACT_PGUP);
  CHECK(keys_lookup_input('j', 0) == ACT_NONE);
  edit_free(&e);
}

int main(void)
{
  edit e;
  edit_init(&e);
  CHECK_STR(e.s, "");
  CHECK(!edit_backspace(&e));
  CHECK(!edit_delword(&e));
  const wchar_t *burst = L"責任分界点";
  for (const wchar_t *p = burst; *p; p++)
    CHECK(edit_add(&e, *p));
  CHECK_STR(e.s, "責任分界点");
  CHECK(!edit_add(&e, 0x1b));       /* ESC */
  CHECK(!edit_add(&e, 0x9b));       /* C1 CSI */
  CHECK(!edit_add(&e, '\n'));
  CHECK(!edit_add(&e, 0xD800));
  CHECK_STR(e.s, "責任分界点");
  CHECK(edit_backspace(&e));
  CHECK_STR(e.s, "責任分界");
  edit_add(&e, L'　');              /* U+3000 separates words too */
  edit_add(&e, 'S');
  edit_add(&e, 'L');
  edit_add(&e, 'A');
  CHECK_STR(e.s, "責任分界　SLA");
  CHECK(edit_delword(&e));
  CHECK_STR(e.s, "責任分界　");
  CHECK(edit_delword(&e));
  CHECK_STR(e.s, "");
  edit_set(&e, "第3編 5.1");
  CHECK_STR(e.s, "第3編 5.1");
  edit_set(&e, "a\x1b[2J\nb\xff\xc2\x9b" "c");   /* from elsewhere: ESC, LF, a bad byte, C1 */
  CHECK_STR(e.s, "a[2Jb\xEF\xBF\xBD" "c");
  CHECK(e.cur == e.len);
  edit_set(&e, "第3編 5.1");
  edit_add(&e, 0x1F600);            /* 4-byte UTF-8 */
  CHECK(strlen(e.s) == strlen("第3編 5.1") + 4);
  edit_clear(&e);
  CHECK_STR(e.s, "");
  edit_free(&e);
  test_cursor();
  return test_done();
}
