/* test-wrap.c — unit tests of tui/wrap.c: widths, sanitising, ambiguous
 * substitution, kinsoku wrapping.  Table-driven; prints "N passed, N failed". */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "wrap.h"


/* The display characters of t[from, to) as UTF-8 (static buffer). */
static const char *utf8(const wtext *t, int from, int to)
{
  static char buf[4096];
  size_t len = 0;
  for (int i = from; i < to && len + 8 < sizeof buf; i++) {
    char mb[8];
    int k = (int)wcrtomb(mb, t->wc[i], NULL);
    if (k > 0) {
      memcpy(buf + len, mb, (size_t)k);
      len += (size_t)k;
    }
  }
  buf[len] = '\0';
  return buf;
}

static const char *prepared(const char *s, int flags)
{
  wtext t;
  wt_init(&t);
  wt_append(&t, s, -1, 0, 0, flags);
  const char *r = utf8(&t, 0, t.n);
  wt_free(&t);
  return r;
}

/* Wrap s at width and join the lines with '|'. */
static const char *wrapped(const char *s, int w1, int wrest, int flags)
{
  static char out[4096];
  wtext t;
  wlines l = {0};
  wt_init(&t);
  wt_append(&t, s, -1, 0, 0, flags);
  wt_wrap(&t, 0, t.n, w1, wrest, &l);
  out[0] = '\0';
  for (int i = 0; i < l.n; i++) {
    if (i)
      strcat(out, "|");
    strcat(out, utf8(&t, l.v[i].start, l.v[i].end));
    if (l.v[i].width > (i ? wrest : w1) && l.v[i].end - l.v[i].start > 1)
      strcat(out, "<TOO WIDE>");
  }
  wl_free(&l);
  wt_free(&t);
  return out;
}

static void test_width(void)
{
  static const struct { const char *s; int flags, w; } cases[] = {
    {"", 0, 0},
    {"abc", 0, 3},
    {"日本語", 0, 6},
    {"ＳＬＡ", 0, 6},
    {"ｸﾗｳﾄﾞ", 0, 5},
    {"①○※→─", 0, 5},
    {"①", WRAP_AMBI, 3},        /* (1) */
    {"○", WRAP_AMBI, 2},        /* 〇 */
    {"※", WRAP_AMBI, 2},        /* ＊ */
    {"→", WRAP_AMBI, 2},        /* -> */
    {"a\tb", 0, 3},
    {"a\033[31mb", 0, 7},       /* ESC becomes one replacement character */
    {"e\xcc\x81", 0, 1},        /* a combining accent is dropped */
    {"\xff", 0, 1},             /* invalid byte: one replacement */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int w = wt_strwidth(cases[i].s, cases[i].flags);
    CHECKF(w == cases[i].w, "width of \"%s\" (flags %d) = %d, want %d",
          cases[i].s, cases[i].flags, w, cases[i].w);
  }
}

static void test_sanitise(void)
{
  static const struct { const char *in; int flags; const char *out; } cases[] = {
    {"plain", 0, "plain"},
    {"a\033]0;x\007b", 0, "a\xef\xbf\xbd]0;x\xef\xbf\xbd" "b"},
    {"a\033b", WRAP_AMBI, "a?b"},
    {"\xc2\x9b" "31m", 0, "\xef\xbf\xbd" "31m"},   /* C1 CSI */
    {"x\x7fy", 0, "x\xef\xbf\xbdy"},
    {"①②⑩⑳", WRAP_AMBI, "(1)(2)(10)(20)"},
    {"○×△", WRAP_AMBI, "〇x^"},
    {"※注", WRAP_AMBI, "＊注"},
    {"…", WRAP_AMBI, "..."},
    {"Ⅳ", WRAP_AMBI, "IV"},
    {"α", WRAP_AMBI, "?"},
    {"①", 0, "①"},
    {"a\nb", WRAP_ONELINE, "a b"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = prepared(cases[i].in, cases[i].flags);
    CHECKF(strcmp(got, cases[i].out) == 0, "sanitise(\"%s\", %d) = \"%s\", want \"%s\"",
          cases[i].in, cases[i].flags, got, cases[i].out);
  }
}

/* Every replacement is free of ambiguous characters, so nothing drawn under
 * the option can be misaligned. */
static void test_subst_table(void)
{
  int bad = 0;
  for (uint32_t cp = 0xA0; cp < 0x10000; cp++) {
    char buf[8];
    const char *r = wrap_ambi_subst(cp, buf);
    if (!r)
      continue;
    wtext t;
    wt_init(&t);
    wt_append(&t, r, -1, 0, 0, 0);
    for (int i = 0; i < t.n; i++)
      if (wrap_ambiguous((uint32_t)t.wc[i]) || t.w[i] == 0)
        bad++;
    if (t.n == 0)
      bad++;
    wt_free(&t);
  }
  CHECKF(bad == 0, "%d replacements contain ambiguous or empty text", bad);
  CHECKF(wrap_ambiguous(0x2460) && wrap_ambiguous(0x25CB) && !wrap_ambiguous(0x3042) &&
        !wrap_ambiguous('a') && !wrap_ambiguous(0x30FB), "ambiguous table");
}

static void test_wrap(void)
{
  static const struct { const char *in; int w1, wrest, flags; const char *out; } cases[] = {
    {"", 10, 10, 0, ""},
    {"abc", 10, 10, 0, "abc"},
    {"日本語の文章", 6, 6, 0, "日本語|の文章"},
    /* never split a wide character: width 5 holds two of them */
    {"日本語の文章", 5, 5, 0, "日本|語の|文章"},
    /* 、 may not start a line: 語 goes down with it */
    {"日本語、文章", 6, 6, 0, "日本|語、文|章"},
    /* 。 and 」 together */
    {"「これ」。次", 8, 8, 0, "「こ|れ」。次"},
    {"あいう「えお」", 8, 8, 0, "あいう|「えお」"},
    /* 「 may not end a line */
    {"あいう「えお", 8, 8, 0, "あいう|「えお"},
    /* small kana and the long vowel mark */
    {"サーバー", 6, 6, 0, "サー|バー"},
    {"あいうぇ", 6, 6, 0, "あい|うぇ"},
    /* ASCII words stay together; spaces at a break are dropped */
    {"hello world again", 11, 11, 0, "hello world|again"},
    {"see v2.taisaku.5.1 now", 10, 10, 0, "see|v2.taisaku|.5.1 now"},
    {"日本LGWAN接続系", 8, 8, 0, "日本|LGWAN接|続系"},
    /* hard breaks and blank lines */
    {"一行目\n\n三行目", 20, 20, 0, "一行目||三行目"},
    {"abc\n", 20, 20, 0, "abc"},
    /* hanging indent widths */
    {"あいうえおかきくけこ", 6, 4, 0, "あいう|えお|かき|くけ|こ"},
    /* the ambiguous option: (1) stays whole */
    {"項目①の内容", 8, 8, WRAP_AMBI, "項目(1)|の内容"},
    /* a wide character in a one-column line still makes progress */
    {"日本", 1, 1, 0, "日|本"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = wrapped(cases[i].in, cases[i].w1, cases[i].wrest, cases[i].flags);
    CHECKF(strcmp(got, cases[i].out) == 0, "wrap(\"%s\", %d) = \"%s\", want \"%s\"",
          cases[i].in, cases[i].w1, got, cases[i].out);
  }
}

/* No line starts with a no-start character or ends with a no-end one,
 * at every width where a legal break exists (from 6 columns on, here). */
static void test_kinsoku_sweep(void)
{
  const char *text =
    "本規程は、情報セキュリティ対策（物理的・人的・技術的）を定める。"
    "「責任分界点」を明確にし、クラウドサービス事業者との契約に記載すること。"
    "ＳＬＡ（サービスレベル合意）を確認する。";
  int bad = 0;
  for (int w = 6; w <= 40; w++) {   /* narrower: 「（サー」 cannot be kept legal */
    wtext t;
    wlines l = {0};
    wt_init(&t);
    wt_append(&t, text, -1, 0, 0, 0);
    wt_wrap(&t, 0, t.n, w, w, &l);
    int total = 0;
    for (int i = 0; i < l.n; i++) {
      if (l.v[i].width > w || (i > 0 && wrap_nostart(t.wc[l.v[i].start])) ||
          (i + 1 < l.n && wrap_noend(t.wc[l.v[i].end - 1])))
        fprintf(stderr, "  width %d line %d: %s\n", w, i, utf8(&t, l.v[i].start, l.v[i].end));
      if (l.v[i].width > w)
        bad++;
      if (i > 0 && wrap_nostart(t.wc[l.v[i].start]))
        bad++;
      if (i + 1 < l.n && wrap_noend(t.wc[l.v[i].end - 1]))
        bad++;
      total += l.v[i].end - l.v[i].start;
    }
    if (total != t.n)
      bad++;
    wl_free(&l);
    wt_free(&t);
  }
  CHECKF(bad == 0, "kinsoku sweep: %d violations", bad);
}

static void test_fit_mark(void)
{
  wtext t;
  wt_init(&t);
  wt_append(&t, "責任分界点abc", -1, 100, 0, 0);
  CHECKF(wt_fit(&t, 0, t.n, 5) == 2, "fit 5 columns: %d", wt_fit(&t, 0, t.n, 5));
  CHECKF(wt_fit(&t, 0, t.n, 0) == 0, "fit 0");
  CHECKF(wt_width(&t, 0, t.n) == 13, "width 13");
  /* 分界 is bytes 6..12 of the source, at base 100 */
  wt_mark(&t, 0, t.n, 106, 112, 7);
  CHECKF(t.role[1] == 0 && t.role[2] == 7 && t.role[3] == 7 && t.role[4] == 0, "mark roles");
  CHECKF(t.src[5] == 115, "src offsets carry the base: %u", (unsigned)t.src[5]);
  wt_free(&t);
}

int main(void)
{
  if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8")) {
    fputs("test-wrap: no C.UTF-8 locale; skipped\n", stderr);
    return 77;
  }
  test_width();
  test_sanitise();
  test_subst_table();
  test_wrap();
  test_kinsoku_sweep();
  test_fit_mark();
  return test_done();
}
