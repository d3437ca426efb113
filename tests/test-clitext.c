/* test-clitext.c — unit tests of tui/clitext.c: widths in any locale,
 * cutting, wrapping with hanging indents and marks, list marks in bodies,
 * breadcrumbs.  Prints "N passed, N failed". */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clitext.h"
#include "testlib.h"
#include "wrap.h"

/* What fn wrote, as a string (static buffer); newlines shown as '|'. */
static char outbuf[8192];
static FILE *mf;
static char *mbuf;
static size_t mlen;

static FILE *begin(void)
{
  mf = open_memstream(&mbuf, &mlen);
  return mf;
}

static const char *end(void)
{
  fclose(mf);
  snprintf(outbuf, sizeof outbuf, "%s", mbuf);
  free(mbuf);
  for (char *p = outbuf; *p; p++)
    if (*p == '\n')
      *p = '|';
  return outbuf;
}

static const char *wrapped(const char *s, int col, int indent, int width)
{
  ct_wrap(begin(), s, col, indent, width, NULL);
  return end();
}

static const char *body(const char *s, int indent, int width)
{
  ct_body(begin(), s, indent, width);
  return end();
}

/* The widest line of what was written ('|'-separated). */
static int widest(const char *s)
{
  int w = 0;
  char *copy = strdup(s);
  for (char *line = strtok(copy, "|"); line; line = strtok(NULL, "|"))
    if (ct_width(line) > w)
      w = ct_width(line);
  free(copy);
  return w;
}

static void widths(void)
{
  CHECK(ct_width("") == 0);
  CHECK(ct_width("abc") == 3);
  CHECK(ct_width("監査") == 4);
  CHECK(ct_width("ＳＬＡ") == 6);
  CHECK(ct_width("ｸﾗｳﾄﾞ") == 5);          /* half-width katakana */
  CHECK(ct_width("○△×…①※") == 12);       /* ambiguous: two */
  CHECK(ct_width("－・") == 4);
  CHECK(ct_width("›") == 1);
  CHECK(ct_width("か\xE3\x82\x99") == 2);   /* a combining voicing mark: none */
  CHECK(ct_width("\x1b") == 2);             /* written as U+FFFD */
  CHECK(ct_width("\xff") == 2);
  CHECK(ct_width("😀") == 2);
  int used = -1;
  CHECK(ct_fit("あいう", 5, &used) == 6 && used == 4);
  CHECK(ct_fit("abc", 10, &used) == 3 && used == 3);
  CHECK(ct_fit("あ", 1, &used) == 0 && used == 0);
  /* a newline is written as U+FFFD on one line: it counts two columns */
  CHECK(ct_fit("ab\ncd", 3, &used) == 2 && used == 2);
  CHECK(ct_fit("ab\ncd", 4, &used) == 3 && used == 4);
}

static void cutting(void)
{
  CHECK(ct_cut(begin(), "あいうえお", 6) == 6);
  CHECK_STR(end(), "あい…");
  CHECK(ct_cut(begin(), "あいうえお", 10) == 10);
  CHECK_STR(end(), "あいうえお");
  ct_cut(begin(), "abcdefgh", 7);
  CHECK_STR(end(), "abcde…");
  ct_cut(begin(), "esc\x1b[31m", 20);
  CHECK_STR(end(), "esc\xEF\xBF\xBD[31m");
  CHECK(ct_hang(10, 80) == 10);
  CHECK(ct_hang(50, 80) == 4);
  CHECK(ct_hang(15, 20) == 2);
}

static void wrapping(void)
{
  CHECK_STR(wrapped("あいうえおかきくけこ", 0, 2, 10), "あいうえお|  かきくけ|  こ|");
  /* after a prefix of 4 columns */
  CHECK_STR(wrapped("あいうえおかき", 4, 4, 10), "あいう|    えおか|    き|");
  /* kinsoku: 。 does not start a line, 「 does not end one */
  CHECK_STR(wrapped("あいうえ。かき", 0, 0, 8), "あいう|え。かき|");
  CHECK_STR(wrapped("あいう「え」", 0, 0, 8), "あいう|「え」|");
  /* ASCII words stay whole; spaces at a break go */
  CHECK_STR(wrapped("see v2.taisaku.5.1 here", 0, 2, 16), "see|  v2.taisaku.5.1|  here|");
  /* ... unless one is wider than the line: then it is broken */
  CHECK_STR(wrapped("see v2.taisaku.5.1", 0, 2, 12), "see|  v2.taisaku|  .5.1|");
  /* newlines break too, and each line is indented */
  CHECK_STR(wrapped("ab\ncd", 0, 3, 20), "ab|   cd|");
  /* control characters never get through */
  CHECK_STR(wrapped("a\x1b[2Jb\tc", 0, 0, 20), "a\xEF\xBF\xBD[2Jb c|");
  /* little room left after the prefix: start on the next line */
  CHECK_STR(wrapped("あいうえお", 17, 4, 20), "|    あいうえお|");
  CHECK_STR(wrapped("", 0, 0, 20), "|");
  /* no line wider than asked, whatever the width */
  const char *s = "外部サービスの契約前に、責任分界点とＳＬＡを確認しているか。"
                  "（ISMAP登録サービスを含む。）ラックの鍵は、\"管理者\"が保管しているか。";
  for (int w = 6; w <= 90; w++) {
    const char *got = wrapped(s, 0, 4, w);
    CHECKF(widest(got) <= w, "width %d: %s", w, got);
  }
}

static void marks(void)
{
  gn_span sp[] = {{3, 9}, {12, 15}};   /* いう, か */
  ct_marks m = {sp, 2, "<", ">"};
  ct_wrap(begin(), "あいうえおか", 0, 0, 20, &m);
  CHECK_STR(end(), "あ<いう>え<お>か|");
  /* a span across a break is closed at the end of the line and reopened */
  gn_span all[] = {{0, 18}};
  ct_marks m2 = {all, 1, "<", ">"};
  ct_wrap(begin(), "あいうえおか", 0, 0, 6, &m2);
  CHECK_STR(end(), "<あいう>|<えおか>|");
}

static void bodies(void)
{
  CHECK_STR(body("・あいうえおかきくけこ", 0, 10), "・あいうえ|  おかきく|  けこ|");
  CHECK_STR(body("(1) あいうえおかき", 0, 10), "(1) あいう|    えおか|    き|");
  CHECK_STR(body("①あいうえおかき", 0, 10), "①あいうえ|  おかき|");
  CHECK_STR(body("1. ab cd ef gh", 0, 8), "1. ab cd|   ef gh|");
  CHECK_STR(body("1.5 ab cd ef gh", 0, 8), "1.5 ab|cd ef gh|");   /* not a mark */
  CHECK_STR(body("一段落目。\n\n二段落目。\n", 0, 40), "一段落目。||二段落目。|");
  CHECK_STR(body("あいうえお", 2, 8), "  あいう|  えお|");
  CHECK_STR(body("", 0, 80), "");
}

static void crumbs(void)
{
  const char *path = "第2編 › 第2章 情報セキュリティ対策基準 › 10 評価・見直し › 10.1 監査";
  char *c = ct_crumbs(path, NULL, 80);
  CHECK_STR(c, path);
  free(c);
  c = ct_crumbs(path, NULL, 40);
  CHECK_STR(c, "第2編 › … › 10 評価・見直し › 10.1 監査");
  free(c);
  c = ct_crumbs(path, NULL, 25);
  CHECK_STR(c, "第2編 › … › 10.1 監査");
  free(c);
  c = ct_crumbs(path, NULL, 15);
  CHECK_STR(c, "… › 10.1 監査");
  free(c);
  /* the first level stays while the last, cut, keeps 20 columns ... */
  c = ct_crumbs("用語集", "責任分界点とSLAの確認についての長い題名", 30);
  CHECK_STR(c, "用語集 › 責任分界点とSLAの確…");
  free(c);
  c = ct_crumbs(path, "委託先に対する監査の権利が契約に定められているか", 50);
  CHECK_STR(c, "第2編 › … › 委託先に対する監査の権利が契約に定…");
  free(c);
  /* ... else it gives way too */
  c = ct_crumbs("情報セキュリティ対策基準 自己点検チェックリスト", "監査を行う者が、被監査部署から独立し", 40);
  CHECK_STR(c, "… › 監査を行う者が、被監査部署から独…");
  free(c);
  c = ct_crumbs("", "ただ一つの長い長い題名", 12);
  CHECK_STR(c, "ただ一つの…");
  free(c);
  for (int w = 8; w <= 90; w++) {
    c = ct_crumbs(path, "追加の題名", w);
    CHECKF(ct_width(c) <= w, "crumbs at %d: %s", w, c);
    free(c);
  }
  ct_path(begin(), path, 40);
  CHECK_STR(end(), "第2編 › 第2章 情報セキュリティ対策基準|  › 10 評価・見直し › 10.1 監査|");
  ct_path(begin(), path, 80);
  CHECK_STR(end(), "第2編 › 第2章 情報セキュリティ対策基準 › 10 評価・見直し › 10.1 監査|");
  for (int w = 20; w <= 90; w++) {
    ct_path(begin(), path, w);
    const char *got = end();
    CHECKF(widest(got) <= w, "path at %d: %s", w, got);
  }
}

int main(void)
{
  setlocale(LC_ALL, "");
  widths();
  cutting();
  wrapping();
  marks();
  bodies();
  crumbs();
  /* the same widths in the C locale: the tables are the module's own */
  setlocale(LC_ALL, "C");
  widths();
  wrapping();
  crumbs();
  return test_done();
}
