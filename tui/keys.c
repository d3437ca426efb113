/* keys.c — see keys.h. */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"

static const struct {
  const char *name;
  enum key_group group;
  const char *help[2];
} actions[ACT__COUNT] = {
  [ACT_NONE] = {"none", KG_OTHER, {"", ""}},
#define ACT_ROW(id, nm, grp, en, ja) [ACT_##id] = {nm, grp, {en, ja}},
  ACTION_INFO(ACT_ROW)
#undef ACT_ROW
};

#define CTRL(c) ((c) & 0x1f)

/* The default bindings, in the order the help lists them. */
static const struct binding {
  int code, fn;
  enum action act;
} bindings[] = {
  {'j', 0, ACT_DOWN},        {KEY_DOWN, 1, ACT_DOWN},    {CTRL('n'), 0, ACT_DOWN},
  {'k', 0, ACT_UP},          {KEY_UP, 1, ACT_UP},        {CTRL('p'), 0, ACT_UP},
  {' ', 0, ACT_PGDN},        {KEY_NPAGE, 1, ACT_PGDN},   {CTRL('f'), 0, ACT_PGDN},
  {'b', 0, ACT_PGUP},        {KEY_PPAGE, 1, ACT_PGUP},   {CTRL('b'), 0, ACT_PGUP},
  {'g', 0, ACT_TOP},         {KEY_HOME, 1, ACT_TOP},     {'<', 0, ACT_TOP},
  {'G', 0, ACT_BOTTOM},      {KEY_END, 1, ACT_BOTTOM},   {'>', 0, ACT_BOTTOM},
  {KEY_LEFT, 1, ACT_COLLAPSE},
  {KEY_RIGHT, 1, ACT_EXPAND},
  {'\t', 0, ACT_NEXT_PANE},
  {KEY_BTAB, 1, ACT_PREV_PANE},
  {'\n', 0, ACT_ENTER},      {'\r', 0, ACT_ENTER},       {KEY_ENTER, 1, ACT_ENTER},
  {KEY_BACKSPACE, 1, ACT_BACK}, {127, 0, ACT_BACK},      {CTRL('h'), 0, ACT_BACK},
  {'h', 0, ACT_BACK},
  {'l', 0, ACT_FORWARD},
  {']', 0, ACT_NEXT_NODE},
  {'[', 0, ACT_PREV_NODE},
  {'u', 0, ACT_PARENT},
  {'t', 0, ACT_COUNTERPART},
  {'/', 0, ACT_SEARCH},
  {'n', 0, ACT_NEXT_HIT},
  {'N', 0, ACT_PREV_HIT},
  {':', 0, ACT_GOTO},
  {'p', 0, ACT_POINTS},
  {'c', 0, ACT_CHECKLISTS},
  {'m', 0, ACT_MARK},
  {'\'', 0, ACT_MARKS},
  {'?', 0, ACT_HELP},        {KEY_F(1), 1, ACT_HELP},
  {27, 0, ACT_CLOSE},
  {'q', 0, ACT_QUIT},
  {'Q', 0, ACT_QUIT_ALL},
  {CTRL('l'), 0, ACT_REDRAW},
  {'A', 0, ACT_AMBI},
  {'w', 0, ACT_WALK},
  {'+', 0, ACT_WALK_NEW},
  {'o', 0, ACT_ST_COMPLIANT}, {'1', 0, ACT_ST_COMPLIANT},
  {'^', 0, ACT_ST_PARTIAL},   {'2', 0, ACT_ST_PARTIAL},
  {'x', 0, ACT_ST_NONCOMPLIANT}, {'3', 0, ACT_ST_NONCOMPLIANT},
  {'-', 0, ACT_ST_NA},        {'4', 0, ACT_ST_NA},
  {'.', 0, ACT_ST_UNREVIEWED}, {'0', 0, ACT_ST_UNREVIEWED},
  {'e', 0, ACT_NOTE},
  {'U', 0, ACT_NEXT_TODO},
  {KEYS_CLICK, 1, ACT_CLICK},
  {KEYS_WHEEL, 1, ACT_WHEEL},
};

/* In the input line the keys are readline's, and some mean something else
 * there (C-b, C-f, Left, Right): a table of their own, looked up first. */
static const struct binding input_bindings[] = {
  {KEY_LEFT, 1, ACT_IN_LEFT},   {CTRL('b'), 0, ACT_IN_LEFT},
  {KEY_RIGHT, 1, ACT_IN_RIGHT}, {CTRL('f'), 0, ACT_IN_RIGHT},
  {CTRL('a'), 0, ACT_IN_START},
  {CTRL('e'), 0, ACT_IN_END},
  {KEY_BACKSPACE, 1, ACT_IN_BACKSPACE}, {127, 0, ACT_IN_BACKSPACE}, {CTRL('h'), 0, ACT_IN_BACKSPACE},
  {KEY_DC, 1, ACT_IN_DELETE},   {CTRL('d'), 0, ACT_IN_DELETE},
  {CTRL('w'), 0, ACT_IN_KILL_WORD},
  {CTRL('u'), 0, ACT_IN_KILL_START},
  {CTRL('k'), 0, ACT_IN_KILL_END},
};

static enum action lookup(const struct binding *b, size_t n, int code, int fn)
{
  for (size_t i = 0; i < n; i++)
    if (b[i].code == code && (b[i].fn != 0) == (fn != 0))
      return b[i].act;
  return ACT_NONE;
}

enum action keys_lookup(int code, int fn)
{
  return lookup(bindings, sizeof bindings / sizeof bindings[0], code, fn);
}

enum action keys_lookup_input(int code, int fn)
{
  return lookup(input_bindings, sizeof input_bindings / sizeof input_bindings[0], code, fn);
}

const char *keys_action_name(enum action a)
{
  return (unsigned)a < ACT__COUNT ? actions[a].name : "";
}

const char *keys_action_help(enum action a, int ja)
{
  return (unsigned)a < ACT__COUNT ? actions[a].help[ja ? 1 : 0] : "";
}

enum key_group keys_action_group(enum action a)
{
  return (unsigned)a < ACT__COUNT ? actions[a].group : KG_OTHER;
}

const char *keys_group_name(enum key_group g, int ja)
{
  static const char *const names[KG__COUNT][2] = {
    [KG_MOVE] = {"Moving", "移動"},
    [KG_READ] = {"Reading and following", "読む・たどる"},
    [KG_SEARCH] = {"Searching and going to", "検索・移動先の指定"},
    [KG_INPUT] = {"In the input line (search, go to, note)", "入力行（検索・移動先・メモ）"},
    [KG_VIEWS] = {"Views", "画面"},
    [KG_WALK] = {"Checklist walkthroughs", "チェックリストの点検"},
    [KG_OTHER] = {"Other", "その他"},
  };
  return (unsigned)g < KG__COUNT ? names[g][ja ? 1 : 0] : "";
}

const char *keys_name(int code, int fn)
{
  static char buf[32];
  if (fn) {
    switch (code) {
    case KEY_DOWN: return "Down";
    case KEY_UP: return "Up";
    case KEY_LEFT: return "Left";
    case KEY_RIGHT: return "Right";
    case KEY_NPAGE: return "PgDn";
    case KEY_PPAGE: return "PgUp";
    case KEY_HOME: return "Home";
    case KEY_END: return "End";
    case KEY_BTAB: return "S-Tab";
    case KEY_ENTER: return "KP-Enter";
    case KEY_BACKSPACE: return "Backspace";
    case KEY_DC: return "Delete";
    case KEYS_CLICK: return "Mouse-click";
    case KEYS_WHEEL: return "Mouse-wheel";
    default:
      if (code >= KEY_F(1) && code <= KEY_F(12)) {
        snprintf(buf, sizeof buf, "F%d", code - KEY_F(0));
        return buf;
      }
      snprintf(buf, sizeof buf, "key-%d", code);
      return buf;
    }
  }
  switch (code) {
  case ' ': return "Space";
  case '\t': return "Tab";
  case '\n': return "Enter";
  case '\r': return "C-m";
  case 27: return "Esc";
  case 127: return "DEL";
  case CTRL('h'): return "C-h";
  default:
    if (code > 0 && code < 32)
      snprintf(buf, sizeof buf, "C-%c", code + 'a' - 1);
    else
      snprintf(buf, sizeof buf, "%c", code);
    return buf;
  }
}

/* Keys shown for an action: C-m and DEL duplicate Enter and Backspace. */
static int shown(const struct binding *b)
{
  return !(!b->fn && (b->code == '\r' || b->code == 127 || b->code == CTRL('h'))) &&
         !(b->fn && b->code == KEY_ENTER);
}

const char *keys_for(enum action a)
{
  static char buf[96];
  size_t len = 0;
  buf[0] = '\0';
  const struct binding *b = actions[a].group == KG_INPUT ? input_bindings : bindings;
  size_t nb = actions[a].group == KG_INPUT ? sizeof input_bindings / sizeof input_bindings[0]
                                           : sizeof bindings / sizeof bindings[0];
  for (size_t i = 0; i < nb; i++) {
    if (b[i].act != a || !shown(&b[i]))
      continue;
    const char *n = keys_name(b[i].code, b[i].fn);
    int k = snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "", n);
    if (k < 0 || (size_t)k >= sizeof buf - len)
      break;
    len += (size_t)k;
  }
  return buf;
}

/* roff: escape backslashes and hyphens; the text never starts a line with
 * a control character because every line begins with a font escape or a
 * letter. */
static void roff_puts(FILE *f, const char *s)
{
  for (; *s; s++) {
    if (*s == '\\')
      fputs("\\e", f);
    else if (*s == '-')
      fputs("\\-", f);
    else if (*s == '\'' )
      fputs("\\(aq", f);
    else
      fputc(*s, f);
  }
}

void keys_print(FILE *f, int roff)
{
  int ja = roff ? 0 : msg_is_ja();
  for (int g = 0; g < KG__COUNT; g++) {
    if (roff) {
      fputs(".SS ", f);
      roff_puts(f, keys_group_name((enum key_group)g, 0));
      fputc('\n', f);
    } else {
      fprintf(f, "%s%s:\n", g ? "\n" : "", keys_group_name((enum key_group)g, ja));
    }
    for (int a = 1; a < ACT__COUNT; a++) {
      if (actions[a].group != (enum key_group)g)
        continue;
      const char *ks = keys_for((enum action)a);
      if (roff) {
        fputs(".TP\n", f);
        /* each key in bold, separated by ", " in roman */
        const char *p = ks;
        while (*p) {
          const char *e = strstr(p, ", ");
          size_t n = e ? (size_t)(e - p) : strlen(p);
          char key[32];
          snprintf(key, sizeof key, "%.*s", (int)n, p);
          fputs("\\fB", f);
          roff_puts(f, key);
          fputs("\\fR", f);
          if (!e)
            break;
          fputs(", ", f);
          p = e + 2;
        }
        fputc('\n', f);
        roff_puts(f, actions[a].help[0]);
        fputs("\n", f);
      } else {
        int w = 0;
        for (const char *p = ks; *p; p++)
          w++;
        fprintf(f, "  %s%*s  %s\n", ks, w < 20 ? 20 - w : 0, "", actions[a].help[ja]);
      }
    }
  }
}
