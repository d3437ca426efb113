/* edit.c — see edit.h. */
#include "edit.h"

#include <stdlib.h>
#include <string.h>

#include "keys.h"
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
  e->len = e->cap = e->cur = 0;
  grow(e, 0);
  e->s[0] = '\0';
}

void edit_free(edit *e)
{
  free(e->s);
  e->s = NULL;
  e->len = e->cap = e->cur = 0;
}

void edit_clear(edit *e)
{
  e->len = e->cur = 0;
  e->s[0] = '\0';
}

void edit_set(edit *e, const char *s)
{
  /* character by character, so that the rule holds for text from
   * elsewhere too (a note in a state file written by another program):
   * control characters are left out, an invalid byte becomes U+FFFD */
  edit_clear(e);
  size_t n = strlen(s), i = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    edit_add(e, k > 0 ? (wchar_t)cp : (wchar_t)0xFFFD);
    i += k > 0 ? (size_t)k : 1;
  }
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
  memmove(e->s + e->cur + n, e->s + e->cur, (size_t)(e->len - e->cur) + 1);
  memcpy(e->s + e->cur, b, (size_t)n);
  e->len += n;
  e->cur += n;
  return 1;
}

/* Remove the bytes [from, to); the cursor follows. */
static void cut(edit *e, int from, int to)
{
  memmove(e->s + from, e->s + to, (size_t)(e->len - to) + 1);
  e->len -= to - from;
  if (e->cur >= to)
    e->cur -= to - from;
  else if (e->cur > from)
    e->cur = from;
}

/* The boundaries of the character before and at i. */
static int prev_at(const edit *e, int i)
{
  if (i <= 0)
    return 0;
  i--;
  while (i > 0 && ((unsigned char)e->s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

static int next_at(const edit *e, int i)
{
  if (i >= e->len)
    return e->len;
  i++;
  while (i < e->len && ((unsigned char)e->s[i] & 0xC0) == 0x80)
    i++;
  return i;
}

int edit_backspace(edit *e)
{
  if (e->cur == 0)
    return 0;
  cut(e, prev_at(e, e->cur), e->cur);
  return 1;
}

int edit_delete(edit *e)
{
  if (e->cur >= e->len)
    return 0;
  cut(e, e->cur, next_at(e, e->cur));
  return 1;
}

/* An ASCII space or U+3000 (ideographic space) starts at byte i. */
static int is_space_at(const edit *e, int i)
{
  const unsigned char *p = (const unsigned char *)e->s + i;
  return p[0] == ' ' || (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80);
}

int edit_delword(edit *e)
{
  if (e->cur == 0)
    return 0;
  int i = e->cur;
  while (i > 0 && is_space_at(e, prev_at(e, i)))
    i = prev_at(e, i);
  while (i > 0 && !is_space_at(e, prev_at(e, i)))
    i = prev_at(e, i);
  cut(e, i, e->cur);
  return 1;
}

int edit_kill_before(edit *e)
{
  if (e->cur == 0)
    return 0;
  cut(e, 0, e->cur);
  return 1;
}

int edit_kill_after(edit *e)
{
  if (e->cur >= e->len)
    return 0;
  cut(e, e->cur, e->len);
  return 1;
}

int edit_move(edit *e, int dir)
{
  int to = dir < 0 ? prev_at(e, e->cur) : next_at(e, e->cur);
  if (to == e->cur)
    return 0;
  e->cur = to;
  return 1;
}

int edit_home(edit *e)
{
  if (e->cur == 0)
    return 0;
  e->cur = 0;
  return 1;
}

int edit_end(edit *e)
{
  if (e->cur == e->len)
    return 0;
  e->cur = e->len;
  return 1;
}

int edit_act(edit *e, int act)
{
  switch (act) {
  case ACT_IN_LEFT: return edit_move(e, -1);
  case ACT_IN_RIGHT: return edit_move(e, 1);
  case ACT_IN_START: return edit_home(e);
  case ACT_IN_END: return edit_end(e);
  case ACT_IN_BACKSPACE: return 2 * edit_backspace(e);
  case ACT_IN_DELETE: return 2 * edit_delete(e);
  case ACT_IN_KILL_WORD: return 2 * edit_delword(e);
  case ACT_IN_KILL_START: return 2 * edit_kill_before(e);
  case ACT_IN_KILL_END: return 2 * edit_kill_after(e);
  default: return 0;
  }
}
