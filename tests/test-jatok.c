/* test-jatok.c — table tests of the Japanese tokenizer (index/jatok.c):
 * normalisation, tokens and their byte offsets in document and query mode,
 * and the tokenizer inside FTS5 (width variants found both ways,
 * highlight() offsets of the original text). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jatok.h"
#include "testlib.h"
#include "util.h"


/* ---- normalisation ----------------------------------------------------- */

static const struct {
  const char *in, *want;
} norm_cases[] = {
  /* full-width ASCII, digits, punctuation */
  { "ＳＬＡ", "sla" },
  { "３Ａ", "3a" },
  { "ＡＢＣｘｙｚ０１２３４５６７８９", "abcxyz0123456789" },
  { "！＂＃：", "!\"#:" },
  { "ISMAP登録", "ismap登録" },
  /* half-width katakana, voiced and semi-voiced marks composed */
  { "ｸﾗｳﾄﾞ", "クラウド" },
  { "ｶﾞｷﾞｸﾞｹﾞｺﾞ", "ガギグゲゴ" },
  { "ｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞ", "ザジズゼゾダヂヅデド" },
  { "ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ", "バビブベボ" },
  { "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ" },
  { "ｳﾞｧｲｵﾘﾝ", "ヴァイオリン" },
  { "ｦｧｨｩｪｫｬｭｮｯ", "ヲァィゥェォャュョッ" },
  { "ｱｲｳｴｵﾅﾆﾇﾈﾉﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ", "アイウエオナニヌネノマミムメモヤユヨラリルレロワン" },
  { "｡｢｣､･", "。「」、・" },
  { "ｱﾞ", "ア" },                      /* uncomposable half-width mark: dropped */
  { "ﾞ", "" },
  /* full-width kana + combining or spacing marks */
  { "か\xe3\x82\x99", "が" },          /* か + U+3099 */
  { "ハ\xe3\x82\x9a", "パ" },          /* ハ + U+309A */
  { "か゛き゛", "がぎ" },
  { "つ゛ち゛と゛", "づぢど" },
  { "っ゛", "っ゛" },                  /* っ has no voiced form */
  { "あ゛", "あ゛" },
  { "あ\xe3\x82\x99", "あ" },
  { "ワ゛ウ゛ゝ゛ヽ゛", "ヷヴゞヾ" },
  { "ほ゜ホ゜", "ぽポ" },
  /* spaces and case */
  { "A\xe3\x80\x80" "B", "a b" },
  { "ÀÉÎ×", "àéî×" },
  { "ΑΒΓ АБВ", "αβγ абв" },
  /* word-final ー after katakana */
  { "サーバー", "サーバ" },
  { "ユーザー", "ユーザ" },
  { "サーバーの管理", "サーバの管理" },
  { "サーバー管理", "サーバ管理" },
  { "サーバーー", "サーバ" },
  { "ｻｰﾊﾞｰ", "サーバ" },
  { "データベース", "データベース" },
  { "コーヒーカップ", "コーヒーカップ" },
  { "すごーい", "すごーい" },          /* after hiragana: kept */
  { "漢字ー", "漢字ー" },
  { "ー", "ー" },
  { "サーバー・クライアント", "サーバ・クライアント" },
  /* dropped: variation selectors, zero width */
  { "葛\xf3\xa0\x84\x80城", "葛城" },  /* 葛 + U+E0100 */
  { "a\xe2\x80\x8b" "b", "ab" },       /* U+200B */
  { "e\xcc\x81", "e" },                /* e + U+0301 */
  /* kept as they are */
  { "𠮷野家", "𠮷野家" },
  { "人々、3ヶ月", "人々、3ヶ月" },
  { "🔑鍵", "🔑鍵" },
  /* invalid UTF-8 → U+FFFD, one per bad byte */
  { "a\xff" "b", "a\xef\xbf\xbd" "b" },
  { "\xe3\x81", "\xef\xbf\xbd\xef\xbf\xbd" },
  { "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },       /* overlong */
  { "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
  { "", "" },
};

static void test_normalize(void)
{
  for (size_t i = 0; i < sizeof norm_cases / sizeof norm_cases[0]; i++) {
    size_t n;
    char *got = gn_jatok_normalize(norm_cases[i].in, strlen(norm_cases[i].in), &n);
    CHECKF(strcmp(got, norm_cases[i].want) == 0 && n == strlen(got),
          "normalize(%s) = \"%s\", want \"%s\"", norm_cases[i].in, got, norm_cases[i].want);
    /* idempotent */
    char *again = gn_jatok_normalize(got, n, NULL);
    CHECKF(strcmp(again, got) == 0, "normalize not idempotent on \"%s\": \"%s\"", got, again);
    free(again);
    free(got);
  }
}

/* ---- tokens ------------------------------------------------------------ */

static int collect(void *ctx, const gn_jatoken *t)
{
  gn_buf *b = ctx;
  if (b->len)
    gn_buf_add(b, " ", 1);
  gn_buf_printf(b, "%.*s@%d-%d", t->len, t->text, t->start, t->end);
  return 0;
}

static char *tokens(const char *s, int mode)
{
  gn_buf b = { 0 };
  gn_buf_add(&b, "", 0);
  gn_jatok_tokenize(s, strlen(s), mode, collect, &b);
  return b.s;
}

static const struct {
  const char *in;
  int mode;
  const char *want;
} tok_cases[] = {
#define D GN_JATOK_DOCUMENT
#define Q GN_JATOK_QUERY
  { "監査", D, "監査@0-6 査@3-6" },
  { "鍵", D, "鍵@0-3" },
  { "ＳＬＡ", D, "sla@0-9" },
  { "SLAs", D, "slas@0-4" },
  { "３Ａ", D, "3a@0-6" },
  /* half-width kana: offsets stretch over the composed mark */
  { "ｶﾞｲﾄﾞ", D, "ガイ@0-9 イド@6-15 ド@9-15" },
  { "ﾊﾟｽ", D, "パス@0-9 ス@6-9" },
  /* dropped ー: its bytes belong to the katakana before it */
  { "サーバー管理", D, "サー@0-6 ーバ@3-12 バ管@6-15 管理@12-18 理@15-18" },
  { "サーバー", D, "サー@0-6 ーバ@3-12 バ@6-12" },
  { "データ", D, "デー@0-6 ータ@3-9 タ@6-9" },
  /* 々 ヶ are part of runs */
  { "人々", D, "人々@0-6 々@3-6" },
  { "3ヶ月", D, "3@0-1 ヶ月@1-7 月@4-7" },
  { "一ヶ所", D, "一ヶ@0-6 ヶ所@3-9 所@6-9" },
  /* kana/kanji/Latin boundaries */
  { "ISMAP登録", D, "ismap@0-5 登録@5-11 録@8-11" },
  { "登録ISMAP", D, "登録@0-6 録@3-6 ismap@6-11" },
  { "ひらカタ漢", D, "ひら@0-6 らカ@3-9 カタ@6-12 タ漢@9-15 漢@12-15" },
  { "第2編", D, "第@0-3 2@3-4 編@4-7" },
  { "Wi-Fi", D, "wi@0-2 fi@3-5" },
  { "v2.taisaku", D, "v2@0-2 taisaku@3-10" },
  /* punctuation separates runs, is not indexed */
  { "監査、暗号化", D, "監査@0-6 査@3-6 暗号@9-15 号化@12-18 化@15-18" },
  { "「鍵」", D, "鍵@3-6" },
  { "・", D, "" },
  /* surrogate-pair (4-byte) kanji */
  { "𠮷野", D, "𠮷野@0-7 野@4-7" },
  { "野𠮷", D, "野𠮷@0-7 𠮷@3-7" },
  /* emoji: not indexed, separators */
  { "🔑鍵", D, "鍵@4-7" },
  { "鍵🔑鍵", D, "鍵@0-3 鍵@7-10" },
  { "👨‍💻", D, "" },
  /* variation selector stretched onto its kanji */
  { "葛\xf3\xa0\x84\x80城", D, "葛城@0-10 城@7-10" },
  /* invalid UTF-8: skipped bytes separate, offsets stay right */
  { "a\xff" "b", D, "a@0-1 b@2-3" },
  { "監\xfe査", D, "監@0-3 査@4-7" },
  { "\xe3\x81", D, "" },
  { "\xff\xfe\xfd", D, "" },
  { "", D, "" },
  /* the U+3000 ideographic space separates */
  { "監査\xe3\x80\x80鍵", D, "監査@0-6 査@3-6 鍵@9-12" },
  /* query mode: no lone last character unless needed */
  { "監査", Q, "監査@0-6" },
  { "責任分界点", Q, "責任@0-6 任分@3-9 分界@6-12 界点@9-15" },
  { "鍵", Q, "鍵@0-3" },
  { "サーバー", Q, "サー@0-6 ーバ@3-12" },
  { "社。監査", Q, "社@0-3 監査@6-12" },
  { "会社。監査", Q, "会社@0-6 社@3-6 監査@9-15" },
  { "監査ID", Q, "監査@0-6 査@3-6 id@6-8" },
  { "ID鍵", Q, "id@0-2 鍵@2-5" },
  { "監査。", Q, "監査@0-6" },
  { "ＳＬＡ", Q, "sla@0-9" },
#undef D
#undef Q
};

static void test_tokens(void)
{
  for (size_t i = 0; i < sizeof tok_cases / sizeof tok_cases[0]; i++) {
    char *got = tokens(tok_cases[i].in, tok_cases[i].mode);
    CHECKF(strcmp(got, tok_cases[i].want) == 0, "tokens(%s, %s) = \"%s\", want \"%s\"",
          tok_cases[i].in, tok_cases[i].mode ? "query" : "document", got, tok_cases[i].want);
    free(got);
  }
}

/* Every token is made of its characters, spans exactly their bytes, and each
 * character is the normalisation of the original bytes it covers. */
static int check_cover(void *ctx, const gn_jatoken *t)
{
  const char *s = ctx;
  gn_buf cat = { 0 };
  gn_buf_add(&cat, "", 0);
  CHECKF(t->chars[0].start == t->start && t->chars[t->nchars - 1].end == t->end,
        "token %.*s: span %d-%d, chars %d-%d", t->len, t->text, t->start, t->end,
        t->chars[0].start, t->chars[t->nchars - 1].end);
  for (int i = 0; i < t->nchars; i++) {
    const gn_jachar *c = &t->chars[i];
    char *one = gn_jatok_normalize(s + c->start, (size_t)(c->end - c->start), NULL);
    gn_buf_puts(&cat, one);
    uint32_t dec = 0;
    int len = gn_utf8_decode((const unsigned char *)one, strlen(one), &dec);
    CHECKF(len > 0 && (size_t)len == strlen(one) && dec == c->cp,
          "char U+%04X of %.*s covers \"%.*s\" which normalises to \"%s\"", (unsigned)c->cp,
          t->len, t->text, c->end - c->start, s + c->start, one);
    if (i > 0)
      CHECKF(t->chars[i - 1].end == c->start, "gap inside token %.*s", t->len, t->text);
    free(one);
  }
  CHECKF(cat.len == (size_t)t->len && memcmp(cat.s, t->text, cat.len) == 0,
        "token %.*s is not its characters \"%s\"", t->len, t->text, cat.s);
  gn_buf_free(&cat);
  return 0;
}

static void test_cover(void)
{
  static const char *texts[] = {
    "サーバーの管理者は、ｸﾗｳﾄﾞ・サービス（ＳＬＡ）を３Ａ方式で確認する。",
    "ﾃﾞｰﾀﾍﾞｰｽ ﾊﾟｽﾜｰﾄﾞ ｻｰﾊﾞｰ",
    "𠮷野家の人々は3ヶ月ごとに葛\xf3\xa0\x84\x80城へ。",
    "ISMAP登録済みのクラウドサービス事業者",
  };
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
    gn_jatok_tokenize(texts[i], strlen(texts[i]), GN_JATOK_DOCUMENT, check_cover,
                      (void *)texts[i]);
}

/* A callback's non-zero return stops tokenizing and is returned. */
static int stop_after_two(void *ctx, const gn_jatoken *t)
{
  (void)t;
  int *n = ctx;
  return ++*n == 2 ? 42 : 0;
}

static void test_stop(void)
{
  int n = 0;
  int rc = gn_jatok_tokenize("監査ログ", strlen("監査ログ"), GN_JATOK_DOCUMENT,
                             stop_after_two, &n);
  CHECKF(rc == 42 && n == 2, "stop: rc=%d n=%d", rc, n);
}

static void test_class(void)
{
  static const struct {
    uint32_t cp;
    int cls;
  } cases[] = {
    { 'a', GN_JATOK_WORD }, { '7', GN_JATOK_WORD }, { ' ', GN_JATOK_SKIP },
    { '-', GN_JATOK_SKIP }, { 0x3042, GN_JATOK_CJK } /* あ */, { 0x30A2, GN_JATOK_CJK },
    { 0x30FC, GN_JATOK_CJK } /* ー */, { 0x30F6, GN_JATOK_CJK } /* ヶ */,
    { 0x3005, GN_JATOK_CJK } /* 々 */, { 0x4E00, GN_JATOK_CJK }, { 0x20BB7, GN_JATOK_CJK },
    { 0x3001, GN_JATOK_SKIP } /* 、 */, { 0x30FB, GN_JATOK_SKIP } /* ・ */,
    { 0x1F511, GN_JATOK_SKIP } /* 🔑 */, { 0x2460, GN_JATOK_SKIP } /* ① */,
    { 0xE9, GN_JATOK_WORD } /* é */, { 0x3B1, GN_JATOK_WORD } /* α */,
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    CHECKF(gn_jatok_class(cases[i].cp) == cases[i].cls, "class(U+%04X) = %d, want %d",
          (unsigned)cases[i].cp, gn_jatok_class(cases[i].cp), cases[i].cls);
}

/* ---- inside FTS5 ------------------------------------------------------- */

static const char *fts_rows[] = {
  /* 1 */ "SLAの確認",
  /* 2 */ "ＳＬＡ（サービス品質保証）",
  /* 3 */ "クラウドサービスの利用",
  /* 4 */ "ｸﾗｳﾄﾞ ｻｰﾋﾞｽ",
  /* 5 */ "サーバー管理",
  /* 6 */ "サーバの設定",
  /* 7 */ "暗号鍵の管理",
  /* 8 */ "鍵",
  /* 9 */ "データベースのバックアップ",
  /* 10 */ "𠮷野の監査",
  /* 11 */ "３Ａ認証",
};

static int64_t count(sqlite3 *db, const char *match)
{
  sqlite3_stmt *st;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, NULL)
      != SQLITE_OK)
    return -2;
  sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

static char *rowids(sqlite3 *db, const char *match)
{
  sqlite3_stmt *st;
  gn_buf b = { 0 };
  gn_buf_add(&b, "", 0);
  sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", -1, &st, NULL);
  sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW)
    gn_buf_printf(&b, "%s%lld", b.len ? "," : "", (long long)sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  return b.s;
}

static void test_fts(void)
{
  sqlite3 *db;
  CHECKF(sqlite3_open(":memory:", &db) == SQLITE_OK, "open");
  CHECKF(gn_jatok_register(db) == SQLITE_OK, "register");
  CHECKF(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='ja')", NULL, NULL,
                     NULL) == SQLITE_OK, "create: %s", sqlite3_errmsg(db));
  sqlite3_stmt *ins;
  sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x) VALUES(?, ?)", -1, &ins, NULL);
  for (size_t i = 0; i < sizeof fts_rows / sizeof fts_rows[0]; i++) {
    sqlite3_bind_int64(ins, 1, (sqlite3_int64)i + 1);
    sqlite3_bind_text(ins, 2, fts_rows[i], -1, SQLITE_STATIC);
    CHECKF(sqlite3_step(ins) == SQLITE_DONE, "insert %zu", i);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);

  static const struct {
    const char *match, *want;
  } q[] = {
    { "\"SLA\"", "1,2" },
    { "\"ＳＬＡ\"", "1,2" },
    { "\"sla\"", "1,2" },
    { "\"クラウド\"", "3,4" },
    { "\"ｸﾗｳﾄﾞ\"", "3,4" },
    { "\"サービス\"", "2,3,4" },
    { "\"ｻｰﾋﾞｽ\"", "2,3,4" },
    { "\"サーバ\"", "5,6" },
    { "\"サーバー\"", "5,6" },
    { "\"鍵\"*", "7,8" },
    { "\"鍵\"", "8" },                 /* without the prefix: only a run-final 鍵 */
    { "\"暗号鍵\"", "7" },
    { "\"号鍵の管\"", "7" },
    { "\"管理\"", "5,7" },
    { "\"データベース\"", "9" },
    { "\"ベース\"", "9" },
    { "\"𠮷\"*", "10" },
    { "\"𠮷野\"", "10" },
    { "\"3a\"", "11" },
    { "\"３Ａ\"", "11" },
    { "\"3A認証\"", "11" },
    { "\"🔑\"", "" },
  };
  for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
    char *got = rowids(db, q[i].match);
    CHECKF(strcmp(got, q[i].want) == 0, "MATCH %s: rows %s, want %s", q[i].match, got, q[i].want);
    free(got);
  }
  CHECKF(count(db, "\"監査\"") == 1, "count 監査");

  /* highlight() marks the original characters, stretched over ー and ﾞ */
  static const struct {
    const char *match, *want;
    int rowid;
  } h[] = {
    { "\"サーバ\"", "[サーバー]管理", 5 },
    { "\"ｻｰﾋﾞｽ\"", "ｸﾗｳﾄﾞ [ｻｰﾋﾞｽ]", 4 },
    { "\"SLA\"", "[ＳＬＡ]（サービス品質保証）", 2 },
    { "\"暗号鍵\"", "[暗号鍵]の管理", 7 },
  };
  sqlite3_stmt *hs;
  sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ? AND rowid = ?",
                     -1, &hs, NULL);
  for (size_t i = 0; i < sizeof h / sizeof h[0]; i++) {
    sqlite3_bind_text(hs, 1, h[i].match, -1, SQLITE_STATIC);
    sqlite3_bind_int(hs, 2, h[i].rowid);
    const char *got = sqlite3_step(hs) == SQLITE_ROW ? (const char *)sqlite3_column_text(hs, 0) : "(none)";
    CHECKF(strcmp(got, h[i].want) == 0, "highlight %s = %s, want %s", h[i].match, got, h[i].want);
    sqlite3_reset(hs);
  }
  sqlite3_finalize(hs);
  sqlite3_close(db);
}

/* A long document is tokenized in parts split at separators: the tokens,
 * their offsets and their characters must be those of one pass over the
 * whole text, whatever surrounds the split points (voicing marks,
 * dropped characters, word-final ー, half-width kana, invalid bytes). */
typedef struct rec_toks {
  gn_buf b;
  int stop_at, n;
} rec_toks;

static int record(void *ctx, const gn_jatoken *t)
{
  rec_toks *r = ctx;
  gn_buf_printf(&r->b, "%.*s@%d-%d/%d[", t->len, t->text, t->start, t->end, t->cls);
  for (int i = 0; i < t->nchars; i++)
    gn_buf_printf(&r->b, "%x:%d-%d,", (unsigned)t->chars[i].cp, t->chars[i].start,
                  t->chars[i].end);
  gn_buf_add(&r->b, "] ", 2);
  return ++r->n == r->stop_at;
}

static void test_parts(void)
{
  static const char *bits[] = {
    "監査", "。", "、", "\n", " ", "カー", "ー", "サーバー", "ｶﾞ", "ﾟ", "\xe3\x82\x99",
    "\xe3\x82\x9b", "\xcc\x81", "\xe2\x80\x8b", "\xef\xb8\x8f", "\xf3\xa0\x84\x80",
    "SLA", "ｓｌａ", "3", "\xff", "\xe3", "\xe3\x80", "鍵", "の", "𠮷", "データ", "ｰ", "・",
    "カ", "゛", "は", "\xef\xbe\x9e",
  };
  uint32_t seed = 7;
  for (int round = 0; round < 400; round++) {
    gn_buf text = { 0 };
    gn_buf_add(&text, "", 0);
    int nbits = 50 + (int)(seed % 900);
    for (int i = 0; i < nbits; i++) {
      seed = seed * 1103515245u + 12345u;
      gn_buf_puts(&text, bits[(seed >> 8) % (sizeof bits / sizeof bits[0])]);
    }
    rec_toks a = { { 0 }, -1, 0 }, b = { { 0 }, -1, 0 };
    gn_buf_add(&a.b, "", 0);
    gn_buf_add(&b.b, "", 0);
    gn_jatok_tokenize(text.s, text.len, GN_JATOK_DOCUMENT, record, &a);
    gn_jatok_tokenize(text.s, text.len, GN_JATOK_WHOLE, record, &b);
    CHECKF(strcmp(a.b.s, b.b.s) == 0, "parts differ from the whole (round %d, %zu bytes)", round,
          text.len);
    /* stopping early: the same first tokens */
    rec_toks c = { { 0 }, a.n / 2 + 1, 0 };
    gn_buf_add(&c.b, "", 0);
    gn_jatok_tokenize(text.s, text.len, GN_JATOK_DOCUMENT, record, &c);
    CHECKF(strncmp(a.b.s, c.b.s, c.b.len) == 0 && c.n == (a.n ? a.n / 2 + 1 : 0),
          "stopping early (round %d)", round);
    gn_buf_free(&a.b);
    gn_buf_free(&b.b);
    gn_buf_free(&c.b);
    gn_buf_free(&text);
  }
}

int main(void)
{
  test_normalize();
  test_tokens();
  test_cover();
  test_stop();
  test_parts();
  test_class();
  test_fts();
  return test_done();
}
