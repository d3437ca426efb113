/* test-edit.c — the one-line input (tui/edit.c): a burst of multibyte
 * characters, backspace by character, word deletion, control characters. */
#include <stdio.h>
#include <string.h>

#include "edit.h"
#include "testlib.h"

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
  edit_add(&e, 0x1F600);            /* 4-byte UTF-8 */
  CHECK(strlen(e.s) == strlen("第3編 5.1") + 4);
  edit_clear(&e);
  CHECK_STR(e.s, "");
  edit_free(&e);
  return test_done();
}
