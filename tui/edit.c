/* edit.c — see edit.h. */
#include "edit.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static void grow(edit *e, int need)
{
  if (e->len + need + 1 <= e->cap)
    return;
  int cap = e->cap ? e->cap : 64;
  while (cap < e->len + need + 1)
    cap *= 2;
  e->s = gn_xrealloc(e->s, (size_t)cap);
  e->cap = cap;
}

void edit_init(edit *e)
{
  e->s = NULL;
  e->len = e->cap = 0;
  grow(e, 0);
  e->s[0] = '\0';
}

void edit_free(edit *e)
{
  free(e->s);
  e->s = NULL;
  e->len = e->cap = 0;
}

void edit_clear(edit *e)
{
  e->len = 0;
  e->s[0] = '\0';
}

void edit_set(edit *e, const char *s)
{
  edit_clear(e);
  int n = (int)strlen(s);
  grow(e, n);
  memcpy(e->s, s, (size_t)n + 1);
  e->len = n;
}

int edit_add(edit *e, wchar_t c)
{
  uint32_t cp = (uint32_t)c;
  if (cp < 0x20 || gn_is_forbidden_control(cp) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  char b[4];
  int n;
  if (cp < 0x80) {
    b[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    b[0] = (char)(0xC0 | (cp >> 6));
    b[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xE0 | (cp >> 12));
    b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  grow(e, n);
  memcpy(e->s + e->len, b, (size_t)n);
  e->len += n;
  e->s[e->len] = '\0';
  return 1;
}

int edit_backspace(edit *e)
{
  if (e->len == 0)
    return 0;
  int i = e->len - 1;
  while (i > 0 && ((unsigned char)e->s[i] & 0xC0) == 0x80)
    i--;
  e->len = i;
  e->s[i] = '\0';
  return 1;
}

static int is_space_at(const edit *e, int i)
{
  /* ASCII space or U+3000 ideographic space (E3 80 80) ending at i */
  if (e->s[i] == ' ')
    return 1;
  return i >= 2 && (unsigned char)e->s[i - 2] == 0xE3 && (unsigned char)e->s[i - 1] == 0x80 &&
         (unsigned char)e->s[i] == 0x80;
}

int edit_delword(edit *e)
{
  if (e->len == 0)
    return 0;
  while (e->len > 0 && is_space_at(e, e->len - 1))
    edit_backspace(e);
  while (e->len > 0 && !is_space_at(e, e->len - 1))
    edit_backspace(e);
  return 1;
}
