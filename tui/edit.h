/* edit.h — a one-line text input (search box, go-to prompt).
 *
 * Owns: the text being typed, as UTF-8, with the cursor at its end: adding
 * characters (a whole input-method burst arrives as several characters),
 * deleting the last character or word, clearing.  Control characters are
 * never stored.  No curses here.
 */
#ifndef GN_EDIT_H
#define GN_EDIT_H

#include <wchar.h>

typedef struct edit {
  char *s;        /* NUL-terminated UTF-8, never NULL after edit_init */
  int len, cap;
} edit;

void edit_init(edit *e);
void edit_free(edit *e);
void edit_set(edit *e, const char *s);
void edit_clear(edit *e);
/* Add a character; returns 0 if it is a control character (not added). */
int edit_add(edit *e, wchar_t c);
/* Delete the last character; returns 0 if the text was empty. */
int edit_backspace(edit *e);
/* Delete the last word (and the spaces after it). */
int edit_delword(edit *e);

#endif
