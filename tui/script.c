/* script.c — see script.h. */
#include "script.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util.h"

static const char *const commands[] = {
  "dump-screen", "dump-attrs", "dump-view", "resize", "stats", NULL
};

static const struct { const char *name; int type, code; } names[] = {
  {"Enter", SC_CHAR, '\n'},   {"Tab", SC_CHAR, '\t'},     {"Esc", SC_CHAR, 27},
  {"BS", SC_KEY, KEY_BACKSPACE}, {"Space", SC_CHAR, ' '}, {"lt", SC_CHAR, '<'},
  {"BTab", SC_KEY, KEY_BTAB}, {"Up", SC_KEY, KEY_UP},     {"Down", SC_KEY, KEY_DOWN},
  {"Left", SC_KEY, KEY_LEFT}, {"Right", SC_KEY, KEY_RIGHT},
  {"PgUp", SC_KEY, KEY_PPAGE}, {"PgDn", SC_KEY, KEY_NPAGE},
  {"Home", SC_KEY, KEY_HOME}, {"End", SC_KEY, KEY_END},   {"F1", SC_KEY, KEY_F(1)},
  {"Del", SC_KEY, KEY_DC},
};

static void push(script *s, sc_step st)
{
  GN_PUSH(s->v, s->n, s->cap, st);
}

static int parse_special(const char *b, size_t n, sc_step *st)
{
  char name[64];
  if (n >= sizeof name)
    return -1;
  memcpy(name, b, n);
  name[n] = '\0';
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i].name) == 0) {
      st->type = (enum sc_type)names[i].type;
      st->code = names[i].code;
      return 0;
    }
  if (n == 3 && name[0] == 'C' && name[1] == '-' &&
      ((name[2] >= 'a' && name[2] <= 'z') || name[2] == '@' || name[2] == '[')) {
    st->type = SC_CHAR;
    st->code = name[2] & 0x1f;
    return 0;
  }
  int y, x;
  char word[16];
  if (sscanf(name, "%15s %d %d", word, &y, &x) == 3) {
    st->type = SC_MOUSE;
    st->y = y;
    st->x = x;
    if (strcmp(word, "Click") == 0)
      st->button = 1;
    else if (strcmp(word, "WheelUp") == 0)
      st->button = 4;
    else if (strcmp(word, "WheelDown") == 0)
      st->button = 5;
    else
      return -1;
    return 0;
  }
  return -1;
}

static char *trim(char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
  return s;
}

static int parse_line(script *s, char *line, int lineno, const char *name, char **err)
{
  size_t len = strlen(line);
  if (len && line[len - 1] == '\r')
    line[--len] = '\0';
  if (len == 0 || line[0] == '#')
    return 0;
  if (line[0] == ':') {
    for (int i = 0; commands[i]; i++) {
      size_t k = strlen(commands[i]);
      if (strncmp(line + 1, commands[i], k) == 0 &&
          (line[1 + k] == '\0' || line[1 + k] == ' ')) {
        sc_step st = {0};
        st.type = SC_CMD;
        st.cmd = gn_xstrdup(commands[i]);
        st.arg = gn_xstrdup(trim(line + 1 + k));
        st.line = lineno;
        push(s, st);
        return 0;
      }
    }
  }
  int first = s->n;
  mbstate_t mb;
  memset(&mb, 0, sizeof mb);
  size_t i = 0;
  while (i < len) {
    sc_step st = {0};
    st.line = lineno;
    if (line[i] == '<') {
      const char *e = strchr(line + i + 1, '>');
      if (!e || parse_special(line + i + 1, (size_t)(e - line - i - 1), &st) != 0) {
        *err = gn_xasprintf("%s:%d: unknown key name at \"%.20s\"", name, lineno, line + i);
        return -1;
      }
      i = (size_t)(e - line) + 1;
    } else {
      wchar_t wc;
      size_t k = mbrtowc(&wc, line + i, len - i, &mb);
      if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *err = gn_xasprintf("%s:%d: invalid UTF-8 (is the locale UTF-8?)", name, lineno);
        return -1;
      }
      st.type = SC_CHAR;
      st.code = (int)wc;
      i += k;
    }
    push(s, st);
  }
  for (int k = first; k + 1 < s->n; k++)
    s->v[k].burst = 1;
  return 0;
}

int script_parse(script *s, const char *text, const char *name, char **err)
{
  *err = NULL;
  char *copy = gn_xstrdup(text);
  char *p = copy;
  int lineno = 0, rc = 0;
  while (p && *p) {
    char *nl = strchr(p, '\n');
    if (nl)
      *nl = '\0';
    lineno++;
    if (parse_line(s, p, lineno, name, err) != 0) {
      rc = -1;
      break;
    }
    p = nl ? nl + 1 : NULL;
  }
  free(copy);
  return rc;
}

int script_load(script *s, const char *path, char **err)
{
  FILE *f = fopen(path, "rb");
  *err = NULL;
  if (!f) {
    *err = gn_xasprintf("%s: %s", path, strerror(errno));
    return -1;
  }
  gn_buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    gn_buf_add(&b, chunk, n);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    gn_buf_free(&b);
    *err = gn_xasprintf("%s: read error", path);
    return -1;
  }
  int rc = script_parse(s, b.s ? b.s : "", path, err);
  gn_buf_free(&b);
  return rc;
}

void script_free(script *s)
{
  for (int i = 0; i < s->n; i++) {
    free(s->v[i].cmd);
    free(s->v[i].arg);
  }
  free(s->v);
  memset(s, 0, sizeof *s);
}
