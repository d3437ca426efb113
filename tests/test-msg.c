/* test-msg.c — the message table (tui/msg.c) and the key table
 * (tui/keys.c): every message has both languages with the same printf
 * conversions in the same order; the language follows LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG; every action has a key, a name and help in both
 * languages; no key runs two actions; key names read back. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "msg.h"
#include "testlib.h"

/* The conversions of a printf format, e.g. "%d%s". */
static void convs(const char *f, char *out, size_t n)
{
  size_t k = 0;
  for (; *f && k + 3 < n; f++) {
    if (*f != '%')
      continue;
    f++;
    if (*f == '%')
      continue;
    while (*f && strchr("0123456789.-+ #l", *f))
      f++;
    out[k++] = '%';
    out[k++] = *f;
  }
  out[k] = '\0';
}

static void test_messages(void)
{
  for (int id = 0; id < MSG__COUNT; id++) {
    const char *en = msg_lang((enum msg_id)id, 0), *ja = msg_lang((enum msg_id)id, 1);
    CHECK(en && *en && ja && *ja);
    char ce[32], cj[32];
    convs(en, ce, sizeof ce);
    convs(ja, cj, sizeof cj);
    if (strcmp(ce, cj) != 0)
      fprintf(stderr, "message %d: \"%s\" vs \"%s\"\n", id, en, ja);
    CHECK_STR(cj, ce);
    int printable = 1;
    for (const char *p = ja; *p; p++)
      printable &= (unsigned char)*p >= 0x20;
    CHECK(printable);
  }
  msg_set_ja(0);
  char *s = msg_fmt(MSG_SEARCH_COUNT, 12);
  CHECK_STR(s, "12 hits");
  free(s);
  msg_set_ja(1);
  s = msg_fmt(MSG_SEARCH_COUNT, 12);
  CHECK_STR(s, "12 件");
  free(s);
}

static void test_language(void)
{
  static const struct {
    const char *language, *lc_all, *lc_messages, *lang;
    int ja;
  } cases[] = {
    {NULL, NULL, NULL, NULL, 0},
    {"", "C.UTF-8", "", "", 0},
    {"ja", "C.UTF-8", NULL, NULL, 1},
    {"ja:en", NULL, NULL, NULL, 1},
    {"en:ja", NULL, NULL, "ja_JP.UTF-8", 0},
    {NULL, "C.UTF-8", NULL, "ja_JP.UTF-8", 1},   /* C names no language */
    {NULL, NULL, "ja_JP.UTF-8", "en_US.UTF-8", 1},
    {NULL, "en_US.UTF-8", NULL, "ja_JP.UTF-8", 0},
    {NULL, NULL, NULL, "ja_JP.eucJP", 1},
    {NULL, NULL, NULL, "jam", 0},
    {NULL, "POSIX", NULL, "ja", 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    const char *vals[] = {cases[i].language, cases[i].lc_all, cases[i].lc_messages, cases[i].lang};
    for (int k = 0; k < 4; k++) {
      if (vals[k])
        setenv(vars[k], vals[k], 1);
      else
        unsetenv(vars[k]);
    }
    msg_init();
    if (msg_is_ja() != cases[i].ja)
      fprintf(stderr, "language case %zu: got %d\n", i, msg_is_ja());
    CHECK(msg_is_ja() == cases[i].ja);
  }
}

static void test_keys(void)
{
  for (int a = 1; a < ACT__COUNT; a++) {
    CHECK(*keys_action_name((enum action)a));
    CHECK(*keys_action_help((enum action)a, 0) && *keys_action_help((enum action)a, 1));
    const char *k = keys_for((enum action)a);
    if (!*k)
      fprintf(stderr, "action %s has no key\n", keys_action_name((enum action)a));
    CHECK(*k);
  }
  /* the keys the issue names */
  static const struct { int code, fn; enum action act; } want[] = {
    {'j', 0, ACT_DOWN}, {'k', 0, ACT_UP}, {KEY_DOWN, 1, ACT_DOWN}, {KEY_UP, 1, ACT_UP},
    {' ', 0, ACT_PGDN}, {KEY_NPAGE, 1, ACT_PGDN}, {'b', 0, ACT_PGUP}, {KEY_PPAGE, 1, ACT_PGUP},
    {'g', 0, ACT_TOP}, {'G', 0, ACT_BOTTOM}, {'\n', 0, ACT_ENTER}, {'\t', 0, ACT_NEXT_PANE},
    {KEY_BACKSPACE, 1, ACT_BACK}, {'h', 0, ACT_BACK}, {'l', 0, ACT_FORWARD},
    {']', 0, ACT_NEXT_NODE}, {'[', 0, ACT_PREV_NODE}, {'t', 0, ACT_COUNTERPART},
    {'/', 0, ACT_SEARCH}, {'n', 0, ACT_NEXT_HIT}, {'N', 0, ACT_PREV_HIT},
    {'p', 0, ACT_POINTS}, {'c', 0, ACT_CHECKLISTS}, {':', 0, ACT_GOTO},
    {'m', 0, ACT_MARK}, {'\'', 0, ACT_MARKS}, {'?', 0, ACT_HELP}, {'q', 0, ACT_QUIT},
    {'z', 0, ACT_NONE}, {KEY_DOWN, 0, ACT_NONE},
    /* walkthroughs: every status one ASCII key (a mnemonic and a digit) */
    {'w', 0, ACT_WALK}, {'+', 0, ACT_WALK_NEW},
    {'o', 0, ACT_ST_COMPLIANT}, {'1', 0, ACT_ST_COMPLIANT},
    {'^', 0, ACT_ST_PARTIAL}, {'2', 0, ACT_ST_PARTIAL},
    {'x', 0, ACT_ST_NONCOMPLIANT}, {'3', 0, ACT_ST_NONCOMPLIANT},
    {'-', 0, ACT_ST_NA}, {'4', 0, ACT_ST_NA},
    {'.', 0, ACT_ST_UNREVIEWED}, {'0', 0, ACT_ST_UNREVIEWED},
    {'e', 0, ACT_NOTE}, {'U', 0, ACT_NEXT_TODO},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    CHECK(keys_lookup(want[i].code, want[i].fn) == want[i].act);
  CHECK_STR(keys_name('j', 0), "j");
  CHECK_STR(keys_name(' ', 0), "Space");
  CHECK_STR(keys_name(12, 0), "C-l");
  CHECK_STR(keys_name(KEY_NPAGE, 1), "PgDn");
  CHECK_STR(keys_for(ACT_DOWN), "j, Down, C-n");
  /* the roff is English, escapes hyphens, has a .TP per action */
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  msg_set_ja(1);
  keys_print(f, 1);
  fclose(f);
  int tp = 0;
  for (const char *p = buf; (p = strstr(p, ".TP\n")) != NULL; p++)
    tp++;
  CHECK(tp == ACT__COUNT - 1);
  CHECK(strstr(buf, "\\fBC\\-n\\fR") != NULL);
  CHECK(strstr(buf, "Next section in reading order") != NULL);
  CHECK(strstr(buf, "読む順") == NULL);
  free(buf);
  /* the text form follows the language */
  f = open_memstream(&buf, &len);
  keys_print(f, 0);
  fclose(f);
  CHECK(strstr(buf, "読む順で次の節へ") != NULL);
  free(buf);
}

int main(void)
{
  test_messages();
  test_language();
  test_keys();
  return test_done();
}
