/* edit.h — a one-line text input (search box, go-to prompt, notes).
 *
 * Owns: the text being typed, as UTF-8, and a cursor in it, moved and
 * edited as readline and the shells do: characters are inserted at the
 * cursor (a whole input-method burst arrives as several characters),
 * Backspace and Delete remove one character before or at it, C-w the word
 * before it, C-u and C-k everything before or after it.  The cursor is a
 * byte offset that always stands on a character boundary.  Control
 * characters are never stored.  No curses here: the caller maps keys.
 */
#ifndef GN_EDIT_H
#define GN_EDIT_H

#include <wchar.h>

typedef struct edit {
  char *s;        /* NUL-terminated UTF-8, never NULL after edit_init */
  int len, cap;
  int cur;        /* the cursor: a byte offset, 0..len, on a boundary */
} edit;

void edit_init(edit *e);
void edit_free(edit *e);
/* Set the text (control characters left out, invalid bytes as U+FFFD);
 * the cursor goes to its end. */
void edit_set(edit *e, const char *s);
void edit_clear(edit *e);
/* Insert a character at the cursor; returns 0 if it is a control
 * character (not added). */
int edit_add(edit *e, wchar_t c);
/* Delete the character before the cursor; returns 0 if there is none. */
int edit_backspace(edit *e);
/* Delete the character at the cursor; returns 0 if there is none. */
int edit_delete(edit *e);
/* Delete the word before the cursor (and the spaces between it and the
 * cursor); returns 0 if there is nothing before the cursor. */
int edit_delword(edit *e);
/* Delete everything before (C-u) or from (C-k) the cursor. */
int edit_kill_before(edit *e);
int edit_kill_after(edit *e);
/* Move the cursor one character (dir < 0 left, > 0 right), or to the
 * start or the end; return 0 when it could not move. */
int edit_move(edit *e, int dir);
int edit_home(edit *e);
int edit_end(edit *e);
/* Run an input-line action (keys.h, ACT_IN_*): returns 2 when the text
 * changed, 1 when only the cursor moved, 0 when nothing happened. */
int edit_act(edit *e, int act);

#endif
