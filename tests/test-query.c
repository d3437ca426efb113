/* test-query.c — table tests of the query language (index/query.c): the
 * MATCH expression built for each input, filters, prefix rules, hostile
 * input, and highlight spans covering exactly the matched characters. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jatok.h"
#include "query.h"
#include "testlib.h"
#include "util.h"


#define V(n) (1u << (n))

static const struct {
  const char *in;
  const char *match;        /* NULL: nothing positive, no hits */
  unsigned kinds, not_kinds;
  uint32_t vols, not_vols;
  int impossible;
} cases[] = {
  { "監査", "\"監査\"", 0, 0, 0, 0, 0 },
  { "鍵", "\"鍵\"*", 0, 0, 0, 0, 0 },
  { "監査 鍵", "\"監査\" AND \"鍵\"*", 0, 0, 0, 0, 0 },
  { "監査\xe3\x80\x80鍵", "\"監査\" AND \"鍵\"*", 0, 0, 0, 0, 0 },   /* U+3000 */
  { "  監査\t\n鍵  ", "\"監査\" AND \"鍵\"*", 0, 0, 0, 0, 0 },
  { "責任分界点", "\"責任分界点\"", 0, 0, 0, 0, 0 },
  { "社。監", "\"社。監\"*", 0, 0, 0, 0, 0 },
  /* Latin: the last unquoted positive Latin term is a prefix */
  { "SLA", "\"sla\"*", 0, 0, 0, 0, 0 },
  { "ＳＬＡ", "\"sla\"*", 0, 0, 0, 0, 0 },
  { "SLA 監査", "\"sla\"* AND \"監査\"", 0, 0, 0, 0, 0 },
  { "ISMAP 3A", "\"ismap\" AND \"3a\"*", 0, 0, 0, 0, 0 },
  { "\"SLA\"", "\"sla\"", 0, 0, 0, 0, 0 },
  { "ISMAP登録", "\"ismap登録\"", 0, 0, 0, 0, 0 },
  { "登録ISMAP", "\"登録ismap\"*", 0, 0, 0, 0, 0 },
  { "ｸﾗｳﾄﾞ", "\"クラウド\"", 0, 0, 0, 0, 0 },
  { "サーバー", "\"サーバ\"", 0, 0, 0, 0, 0 },
  /* phrases */
  { "\"責任 分界点\"", "\"責任 分界点\"", 0, 0, 0, 0, 0 },
  { "\xef\xbc\x82責任 分界点\xef\xbc\x82", "\"責任 分界点\"", 0, 0, 0, 0, 0 },  /* ＂ */
  { "\"unbalanced phrase", "\"unbalanced phrase\"", 0, 0, 0, 0, 0 },
  { "ab\"c d\"", "\"abc d\"", 0, 0, 0, 0, 0 },
  { "\"a\"\"b\"", "\"ab\"", 0, 0, 0, 0, 0 },
  /* OR */
  { "監査 OR 鍵", "(\"監査\" OR \"鍵\"*)", 0, 0, 0, 0, 0 },
  { "暗号 監査 OR 鍵 規程", "\"暗号\" AND (\"監査\" OR \"鍵\"*) AND \"規程\"", 0, 0, 0, 0, 0 },
  { "a OR b OR c", "(\"a\" OR \"b\" OR \"c\"*)", 0, 0, 0, 0, 0 },
  { "監査 OR", "\"監査\" AND \"or\"*", 0, 0, 0, 0, 0 },
  { "OR 監査", "\"or\"* AND \"監査\"", 0, 0, 0, 0, 0 },
  { "OR", "\"or\"*", 0, 0, 0, 0, 0 },
  { "監査 or 鍵", "\"監査\" AND \"or\"* AND \"鍵\"*", 0, 0, 0, 0, 0 },
  { "監査 OR -鍵", "(\"監査\" OR \"鍵\"*)", 0, 0, 0, 0, 0 },
  /* exclusion */
  { "監査 -鍵", "(\"監査\") NOT (\"鍵\"*)", 0, 0, 0, 0, 0 },
  { "監査 -鍵 -\"暗号 化\"", "(\"監査\") NOT (\"鍵\"* OR \"暗号 化\"*)", 0, 0, 0, 0, 0 },
  { "-鍵", NULL, 0, 0, 0, 0, 0 },
  { "-", NULL, 0, 0, 0, 0, 0 },
  { "- 監査", "\"監査\"", 0, 0, 0, 0, 0 },
  { "--鍵", NULL, 0, 0, 0, 0, 0 },
  { "e-Gov", "\"e-gov\"*", 0, 0, 0, 0, 0 },
  /* filters */
  { "vol:2 監査", "\"監査\"", 0, 0, V(2), 0, 0 },
  { "監査 vol:2 vol:3", "\"監査\"", 0, 0, V(2) | V(3), 0, 0 },
  { "ｖｏｌ：３ 監査", "\"監査\"", 0, 0, V(3), 0, 0 },
  { "VOL:4 監査", "\"監査\"", 0, 0, V(4), 0, 0 },
  { "kind:term 鍵", "\"鍵\"*", GN_KIND_TERM, 0, 0, 0, 0 },
  { "kind:node kind:point 鍵", "\"鍵\"*", GN_KIND_NODE | GN_KIND_POINT, 0, 0, 0, 0 },
  { "Kind:Item 鍵", "\"鍵\"*", GN_KIND_ITEM, 0, 0, 0, 0 },
  { "-kind:term -vol:1 鍵", "\"鍵\"*", 0, GN_KIND_TERM, 0, V(1), 0 },
  { "vol:99 監査", "\"監査\"", 0, 0, 0, 0, 1 },
  { "vol:0 監査", "\"監査\"", 0, 0, 0, 0, 1 },
  { "-vol:99 監査", "\"監査\"", 0, 0, 0, 0, 0 },
  { "kind:term", NULL, GN_KIND_TERM, 0, 0, 0, 0 },
  { "kind:foo", "\"kind:foo\"*", 0, 0, 0, 0, 0 },
  { "vol:x", "\"vol:x\"*", 0, 0, 0, 0, 0 },
  { "vol:", "\"vol:\"*", 0, 0, 0, 0, 0 },
  { "\"vol:2\"", "\"vol:2\"", 0, 0, 0, 0, 0 },
  { "http://example.jp", "\"http://example.jp\"*", 0, 0, 0, 0, 0 },
  /* hostile input: FTS5 syntax is text, or nothing */
  { "", NULL, 0, 0, 0, 0, 0 },
  { "   ", NULL, 0, 0, 0, 0, 0 },
  { "\"", NULL, 0, 0, 0, 0, 0 },
  { "\"\"", NULL, 0, 0, 0, 0, 0 },
  { "*", NULL, 0, 0, 0, 0, 0 },
  { "(", NULL, 0, 0, 0, 0, 0 },
  { ")", NULL, 0, 0, 0, 0, 0 },
  { ":", NULL, 0, 0, 0, 0, 0 },
  { "^", NULL, 0, 0, 0, 0, 0 },
  { "{title}:", "\"{title}:\"*", 0, 0, 0, 0, 0 },
  { "title:鍵", "\"title:鍵\"*", 0, 0, 0, 0, 0 },
  { "NEAR(a b)", "\"near(a\" AND \"b)\"*", 0, 0, 0, 0, 0 },
  { "AND", "\"and\"*", 0, 0, 0, 0, 0 },
  { "NOT 鍵", "\"not\"* AND \"鍵\"*", 0, 0, 0, 0, 0 },
  { "a\\b", "\"a\\b\"*", 0, 0, 0, 0, 0 },
  { "\\", NULL, 0, 0, 0, 0, 0 },
  { "鍵*", "\"鍵*\"*", 0, 0, 0, 0, 0 },
  { "^監査", "\"^監査\"", 0, 0, 0, 0, 0 },
  { "🔑", NULL, 0, 0, 0, 0, 0 },
  { "\xff\xfe", NULL, 0, 0, 0, 0, 0 },
  { "\xff監査\xfe", "\"\xef\xbf\xbd監査\xef\xbf\xbd\"", 0, 0, 0, 0, 0 },
  { "\xe3\x81", NULL, 0, 0, 0, 0, 0 },
  { "'; DROP TABLE rec; --", "\"drop\" AND \"table\" AND \"rec;\"*", 0, 0, 0, 0, 0 },
};

/* Outside double quotes, a MATCH expression may only hold operators. */
static int only_operators(const char *m)
{
  int inq = 0;
  for (const char *p = m; *p; p++) {
    if (*p == '"') {
      if (inq && p[1] == '"') {
        p++;
        continue;
      }
      inq = !inq;
      continue;
    }
    if (inq)
      continue;
    if (strncmp(p, " AND ", 5) == 0) {
      p += 4;
      continue;
    }
    if (strncmp(p, " OR ", 4) == 0) {
      p += 3;
      continue;
    }
    if (strncmp(p, " NOT ", 5) == 0) {
      p += 4;
      continue;
    }
    if (strncmp(p, "{title} : ", 10) == 0) {
      p += 9;
      continue;
    }
    if (!strchr("()*", *p))
      return 0;
  }
  return !inq;
}

static int tokcat(void *ctx, const gn_jatoken *t)
{
  gn_buf *b = ctx;
  gn_buf_add(b, t->text, (size_t)t->len);
  gn_buf_add(b, "|", 1);
  return 0;
}

static void test_parse(sqlite3 *db)
{
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    gn_query *q = gn_query_parse(cases[i].in);
    const char *want = cases[i].match;
    CHECKF((want == NULL) == (q->match == NULL) && (!want || strcmp(want, q->match) == 0),
          "parse(%s): match %s, want %s", cases[i].in, q->match ? q->match : "NULL",
          want ? want : "NULL");
    CHECKF(q->kinds == cases[i].kinds && q->not_kinds == cases[i].not_kinds,
          "parse(%s): kinds %x/%x", cases[i].in, q->kinds, q->not_kinds);
    CHECKF(q->vols == cases[i].vols && q->not_vols == cases[i].not_vols,
          "parse(%s): vols %x/%x", cases[i].in, (unsigned)q->vols, (unsigned)q->not_vols);
    CHECKF(q->impossible == cases[i].impossible, "parse(%s): impossible %d", cases[i].in,
          q->impossible);
    if (q->match) {
      CHECKF(only_operators(q->match), "parse(%s): raw syntax in %s", cases[i].in, q->match);
      /* FTS5 accepts it */
      sqlite3_stmt *st;
      int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, NULL);
      sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
      rc = sqlite3_step(st);
      CHECKF(rc == SQLITE_ROW, "parse(%s): FTS5 refuses %s: %s", cases[i].in, q->match,
            sqlite3_errmsg(db));
      sqlite3_finalize(st);
    }
    if (q->title_match) {
      CHECKF(only_operators(q->title_match), "parse(%s): raw syntax in %s", cases[i].in,
            q->title_match);
      CHECKF(strncmp(q->title_match, "{title} : (", 11) == 0, "title_match %s", q->title_match);
    }
    /* every term has tokens, and its normalised text has the same tokens */
    for (int k = 0; k < q->nterms; k++) {
      const gn_qterm *t = &q->terms[k];
      CHECKF(t->ntok > 0, "parse(%s): term %d without tokens", cases[i].in, k);
      gn_buf a = { 0 }, b = { 0 };
      gn_buf_add(&a, "", 0);
      gn_buf_add(&b, "", 0);
      gn_jatok_tokenize(t->text, strlen(t->text), GN_JATOK_QUERY, tokcat, &a);
      gn_jatok_tokenize(t->norm, strlen(t->norm), GN_JATOK_QUERY, tokcat, &b);
      CHECKF(strcmp(a.s, b.s) == 0, "parse(%s): tokens of text %s != of norm %s", cases[i].in,
            a.s, b.s);
      gn_buf_free(&a);
      gn_buf_free(&b);
    }
    gn_query_free(q);
  }
  gn_query_free(gn_query_parse(NULL));
}

static int count_one(void *ctx, const gn_jatoken *t)
{
  (void)t;
  ++*(int *)ctx;
  return 0;
}

static int count_doc_tokens(const char *s)
{
  int n = 0;
  gn_jatok_tokenize(s, strlen(s), GN_JATOK_DOCUMENT, count_one, &n);
  return n;
}

static void test_terms(void)
{
  gn_query *q = gn_query_parse("監査 -鍵 SLA OR ｻｰﾊﾞｰ");
  CHECKF(q->nterms == 4 && q->ngroups == 2, "nterms %d ngroups %d", q->nterms, q->ngroups);
  if (q->nterms == 4) {
    CHECKF(strcmp(q->terms[0].norm, "監査") == 0 && q->terms[0].group == 0 &&
          !q->terms[0].negated, "term 0");
    CHECKF(strcmp(q->terms[1].norm, "鍵") == 0 && q->terms[1].negated && q->terms[1].prefix,
          "term 1");
    CHECKF(strcmp(q->terms[2].norm, "sla") == 0 && q->terms[2].group == 1 && q->terms[2].prefix,
          "term 2: prefix %d group %d", q->terms[2].prefix, q->terms[2].group);
    CHECKF(strcmp(q->terms[3].norm, "サーバ") == 0 && q->terms[3].group == 1 &&
          q->terms[3].ntok == 2, "term 3");
  }
  CHECKF(q->title_match == NULL && q->key == NULL, "no title key with OR");
  gn_query_free(q);

  q = gn_query_parse("情報 セキュリティ -鍵");
  CHECKF(q->key && strcmp(q->key, "情報セキュリティ") == 0, "key %s", q->key ? q->key : "NULL");
  gn_query_free(q);

  char *k = gn_title_key("第2章　情報セキュリティ・ポリシー（ＳＬＡ）", strlen("第2章　情報セキュリティ・ポリシー（ＳＬＡ）"));
  CHECKF(strcmp(k, "第2章情報セキュリティポリシsla") == 0, "title key %s", k);
  free(k);

  k = gn_title_key("Cloud  Service・ﾎﾟﾘｼｰ 3A", strlen("Cloud  Service・ﾎﾟﾘｼｰ 3A"));
  CHECKF(strcmp(k, "cloud serviceポリシ3a") == 0, "title key %s", k);
  free(k);
  /* the key tokenizes to as many tokens as its title (found by fuzz-query):
   * ゛ after a dropped word-final ー, a ー after a separator */
  static const char *const keyed[][2] = {
    {"カー゛", "カ ゛"}, {"カ・ー", "カ ー"}, {"カー゛ー", "カ ゛ー"}, {"漢・ーカ", "漢 ーカ"},
    {"ガ゛", "ガ ゛"}, {"・ー", "ー"}, {"サーバー・カー", "サーバカ"},
  };
  for (size_t i = 0; i < sizeof keyed / sizeof keyed[0]; i++) {
    k = gn_title_key(keyed[i][0], strlen(keyed[i][0]));
    CHECKF(strcmp(k, keyed[i][1]) == 0, "title key of %s: %s", keyed[i][0], k);
    CHECKF(count_doc_tokens(k) == count_doc_tokens(keyed[i][0]), "title key of %s: %d tokens, %d",
           keyed[i][0], count_doc_tokens(k), count_doc_tokens(keyed[i][0]));
    free(k);
  }
  q = gn_query_parse("Cloud Service");
  CHECKF(q->key && strcmp(q->key, "cloud service") == 0, "key %s", q->key ? q->key : "NULL");
  gn_query_free(q);
  q = gn_query_parse("ISMAP 登録 -鍵");
  CHECKF(q->key && strcmp(q->key, "ismap登録") == 0, "key %s", q->key ? q->key : "NULL");
  gn_query_free(q);

  CHECKF(gn_kind_bit("node") == GN_KIND_NODE && gn_kind_bit("term") == GN_KIND_TERM &&
        gn_kind_bit("meeting") == 0 && gn_kind_bit(NULL) == 0, "kind bits");
}

/* ---- spans ------------------------------------------------------------- */

static char *marked(const char *query, const char *text)
{
  gn_query *q = gn_query_parse(query);
  gn_span *sp;
  size_t n = gn_query_spans(q, text, strlen(text), &sp);
  gn_buf b = { 0 };
  gn_buf_add(&b, "", 0);
  size_t p = 0;
  for (size_t i = 0; i < n; i++) {
    gn_buf_add(&b, text + p, sp[i].start - p);
    gn_buf_add(&b, "[", 1);
    gn_buf_add(&b, text + sp[i].start, sp[i].end - sp[i].start);
    gn_buf_add(&b, "]", 1);
    p = sp[i].end;
  }
  gn_buf_puts(&b, text + p);
  free(sp);
  gn_query_free(q);
  return b.s;
}

static const struct {
  const char *query, *text, *want;
} span_cases[] = {
  { "監査", "内部監査と外部監査", "内部[監査]と外部[監査]" },
  { "監査", "監査監査", "[監査][監査]" },
  { "鍵", "暗号鍵を管理する鍵", "暗号[鍵]を管理する[鍵]" },
  { "サーバ", "サーバーの管理", "[サーバー]の管理" },
  { "サーバー", "サーバの管理とサーバー室", "[サーバ]の管理と[サーバー]室" },
  { "SLA", "SLAsとＳＬＡ", "[SLA]sと[ＳＬＡ]" },
  { "\"ID\"", "IDSとIDとｉｄ", "IDSと[ID]と[ｉｄ]" },
  { "ID 監査", "IDSと監査", "[ID]Sと[監査]" },     /* ID: the last Latin term */
  { "ID 監査 ISMS", "IDSと監査", "IDSと[監査]" },  /* ISMS is */
  { "map", "ISMAP", "ISMAP" },
  { "ｸﾗｳﾄﾞ", "クラウドとｸﾗｳﾄﾞ", "[クラウド]と[ｸﾗｳﾄﾞ]" },
  { "ガイド", "ｶﾞｲﾄﾞﾗｲﾝ", "[ｶﾞｲﾄﾞ]ﾗｲﾝ" },
  { "パス", "ﾊﾟｽﾜｰﾄﾞ", "[ﾊﾟｽ]ﾜｰﾄﾞ" },
  { "監査 鍵", "監査の鍵", "[監査]の[鍵]" },
  { "監査 -鍵", "監査の鍵", "[監査]の鍵" },
  { "監査 OR 鍵", "監査の鍵", "[監査]の[鍵]" },
  { "𠮷", "𠮷野家の𠮷", "[𠮷]野家の[𠮷]" },
  { "野𠮷", "野𠮷", "[野𠮷]" },
  { "3A", "３Ａ方式", "[３Ａ]方式" },
  { "社。監査", "会社。監査", "会[社。監査]" },
  { "ISMAP登録", "ISMAP登録済み", "[ISMAP登録]済み" },
  { "葛城", "葛\xf3\xa0\x84\x80城", "[葛\xf3\xa0\x84\x80城]" },
  { "々", "人々", "人[々]" },
  { "ヶ月", "3ヶ月", "3[ヶ月]" },
  /* separators inside a phrase must be separators in the text too (any kind) */
  { "\"責任 分界点\"", "責任分界点", "責任分界点" },
  { "\"責任 分界点\"", "責任・分界点と責任　分界点", "[責任・分界点]と[責任　分界点]" },
  { "責任分界", "責任分界点", "[責任分界]点" },
  { "分界点", "責任分界点", "責任[分界点]" },
  { "監査", "監\xff査", "監\xff査" },
  { "-監査", "監査", "監査" },
  { "🔑", "🔑鍵", "🔑鍵" },
  { "データ", "データベース", "[データ]ベース" },
  { "ベース", "データベース", "データ[ベース]" },
  { "分界点 責任分", "責任分界点", "[責任分界点]" },     /* overlaps merged */
};

static void test_spans(void)
{
  for (size_t i = 0; i < sizeof span_cases / sizeof span_cases[0]; i++) {
    char *got = marked(span_cases[i].query, span_cases[i].text);
    CHECKF(strcmp(got, span_cases[i].want) == 0, "spans(%s, %s) = %s, want %s",
          span_cases[i].query, span_cases[i].text, got, span_cases[i].want);
    free(got);
  }
  /* every span, normalised, equals a query term (single-term queries) */
  static const char *text =
    "ｸﾗｳﾄﾞ・サービスのＳＬＡとSLAs、サーバー管理。暗号鍵の鍵管理、ｻｰﾊﾞｰ。3A認証と３Ａ。";
  static const struct {
    const char *q, *norm;
  } t[] = {
    { "クラウド", "クラウド" }, { "SLA", "sla" }, { "サーバ", "サーバ" }, { "鍵", "鍵" },
    { "3a", "3a" }, { "サービス", "サービス" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    gn_query *q = gn_query_parse(t[i].q);
    gn_span *sp;
    size_t n = gn_query_spans(q, text, strlen(text), &sp);
    CHECKF(n >= 1, "no span for %s", t[i].q);
    for (size_t j = 0; j < n; j++) {
      char *nm = gn_jatok_normalize(text + sp[j].start, sp[j].end - sp[j].start, NULL);
      CHECKF(strcmp(nm, t[i].norm) == 0, "span of %s covers %.*s (%s)", t[i].q,
            (int)(sp[j].end - sp[j].start), text + sp[j].start, nm);
      free(nm);
    }
    free(sp);
    gn_query_free(q);
  }
}

/* gn_query_spans_max stops after max matches; with the count of matches the
 * index gives, the spans are those of gn_query_spans, also in long texts
 * (tokenized in parts). */
static void test_spans_max(void)
{
  gn_buf b = { 0 };
  gn_buf_add(&b, "", 0);
  for (int i = 0; i < 300; i++)
    gn_buf_puts(&b, i % 37 == 5 ? "内部監査を行う。" : i % 11 == 0 ? "ｶﾝｻ、\n" : "規程を定める。");
  static const char *qs[] = { "監査", "監", "規程 監査", "内部監査", "定める" };
  for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
    gn_query *q = gn_query_parse(qs[k]);
    gn_span *all, *some;
    size_t n = gn_query_spans(q, b.s, b.len, &all);
    CHECKF(n > 2, "%s: %zu spans", qs[k], n);
    size_t m = gn_query_spans_max(q, b.s, b.len, n, &some);
    int same = m == n;
    for (size_t i = 0; same && i < n; i++)
      same = all[i].start == some[i].start && all[i].end == some[i].end;
    CHECKF(same, "%s: spans with max %zu differ", qs[k], n);
    free(some);
    if (q->nterms == 1) {
      m = gn_query_spans_max(q, b.s, b.len, 2, &some);
      CHECKF(m == 2 && some[0].start == all[0].start && some[1].end == all[1].end,
            "%s: the first 2 spans", qs[k]);
      free(some);
    }
    free(all);
    gn_query_free(q);
  }
  gn_buf_free(&b);
}

/* A query of one kanji term finds its spans in plain text without
 * tokenizing: the same spans as tokenizing, which a character the
 * normaliser drops, put after the last line, forces. */
static void test_spans_kanji(void)
{
  static const char *bits[] = {
    "監査", "監", "査", "内部", "鍵", "暗号鍵", "。", "、", "\n", " ", "カ", "ｶ", "SLA", "査査",
    "監査監査", "責任分界点", "分界", "\xe3\x80\x80", "\xff", "\xe7\x9b", "𠮷", "々", "ー",
    "\xe2\x80\x8b", "\xcc\x81", "\xe3\x82\x99", "\xef\xb8\x8f",
  };
  static const char *qs[] = {
    "監査", "監", "査", "鍵", "暗号鍵", "査査", "責任分界点", "分界", "監査監査", "内部監査", "\"監査\"",
  };
  uint32_t seed = 99;
  int fast = 0;
  for (int round = 0; round < 600; round++) {
    gn_buf t = { 0 };
    gn_buf_add(&t, "", 0);
    int nb = 1 + (int)(seed % 60);
    for (int i = 0; i < nb; i++) {
      seed = seed * 1103515245u + 12345u;
      /* most texts plain: the marks only in some */
      int nbits = round % 3 ? 23 : (int)(sizeof bits / sizeof bits[0]);
      gn_buf_puts(&t, bits[(seed >> 8) % (uint32_t)nbits]);
    }
    gn_buf slow = { 0 };
    gn_buf_add(&slow, t.s, t.len);
    gn_buf_puts(&slow, "\n\xe2\x80\x8b");
    fast += round % 3 != 0;
    for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
      gn_query *q = gn_query_parse(qs[k]);
      gn_span *a, *b;
      size_t na = gn_query_spans(q, t.s, t.len, &a);
      size_t nb2 = gn_query_spans(q, slow.s, slow.len, &b);
      int same = na == nb2;
      for (size_t i = 0; same && i < na; i++)
        same = a[i].start == b[i].start && a[i].end == b[i].end;
      CHECKF(same, "kanji spans of %s differ in round %d (%zu, %zu)", qs[k], round, na, nb2);
      free(a);
      free(b);
      gn_query_free(q);
    }
    gn_buf_free(&t);
    gn_buf_free(&slow);
  }
  CHECKF(fast > 100, "plain texts: %d", fast);
}

/* Repeats count once and long queries are cut at GN_QUERY_MAX_TERMS, so
 * that no query keeps the program busy (an AND of thousands of equal
 * phrases took minutes in FTS5). */
/* A fragment cut after a katakana word's final ー: the ー goes, as the
 * index dropped it; before katakana, or alone, it stays. */
static void test_leading_choon(void)
{
  static const struct { const char *in, *norm; } choon[] = {
    {"ーの観点", "の観点"},
    {"ｰｰの観点", "の観点"},
    {"ーバ", "ーバ"},
    {"ーﾊﾞ", "ーバ"},
    {"ー", "ー"},
    {"-ーの", "の"},
  };
  for (size_t i = 0; i < sizeof choon / sizeof choon[0]; i++) {
    gn_query *q = gn_query_parse(choon[i].in);
    CHECKF(q->nterms == 1 && strcmp(q->terms[0].norm, choon[i].norm) == 0,
           "%s: norm %s, want %s", choon[i].in, q->nterms ? q->terms[0].norm : "(none)",
           choon[i].norm);
    gn_query_free(q);
  }
}

static void test_repeats(void)
{
  gn_buf b = { 0 };
  gn_buf_add(&b, "", 0);
  for (int i = 0; i < 5000; i++)
    gn_buf_puts(&b, "監査 ");
  gn_query *q = gn_query_parse(b.s);
  CHECKF(q->nterms == 1 && q->ngroups == 1 && q->key && strcmp(q->key, "監査") == 0,
         "5000 x 監査: nterms %d ngroups %d", q->nterms, q->ngroups);
  gn_query_free(q);

  q = gn_query_parse("監査 OR 監査 鍵 -鍵 -鍵 ＳＬＡ SLA 鍵");
  /* 監査 (one group: its OR collapsed), 鍵, -鍵, sla; the second SLA is the
   * prefix term, the first not: they differ and both stay. */
  CHECKF(q->nterms == 5 && q->ngroups == 4, "repeats: nterms %d ngroups %d", q->nterms,
         q->ngroups);
  for (int k = 0; k < q->nterms; k++)
    CHECKF(q->terms[k].negated || (q->terms[k].group >= 0 && q->terms[k].group < q->ngroups),
           "term %d group %d of %d", k, q->terms[k].group, q->ngroups);
  gn_query_free(q);

  /* an alternative equal to a term standing alone is not a repeat */
  q = gn_query_parse("監査 鍵 OR 監査");
  CHECKF(q->nterms == 3 && q->ngroups == 2, "OR vs alone: nterms %d ngroups %d", q->nterms,
         q->ngroups);
  gn_query_free(q);

  /* distinct terms: only the first GN_QUERY_MAX_TERMS count */
  b.len = 0;
  b.s[0] = '\0';
  for (int i = 0; i < 3 * GN_QUERY_MAX_TERMS; i++) {
    char w[16];
    snprintf(w, sizeof w, "w%d ", i);
    gn_buf_puts(&b, w);
  }
  q = gn_query_parse(b.s);
  CHECKF(q->nterms == GN_QUERY_MAX_TERMS && q->ngroups == GN_QUERY_MAX_TERMS,
         "cap: nterms %d ngroups %d", q->nterms, q->ngroups);
  CHECKF(q->nterms > 0 && strcmp(q->terms[q->nterms - 1].norm, "w31") == 0, "cap keeps the first");
  gn_query_free(q);
  gn_buf_free(&b);
}

int main(void)
{
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK || gn_jatok_register(db) != SQLITE_OK ||
      sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='ja');"
                       "INSERT INTO t VALUES('監査', 'SLA 鍵');", NULL, NULL, NULL) != SQLITE_OK) {
    fprintf(stderr, "setup: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  test_parse(db);
  test_terms();
  test_repeats();
  test_leading_choon();
  test_spans();
  test_spans_max();
  test_spans_kanji();
  sqlite3_close(db);
  return test_done();
}
