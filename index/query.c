/* query.c — see query.h. */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "jatok.h"
#include "util.h"

/* ---- lexing ------------------------------------------------------------ */

/* Length of a separator at s (ASCII white space or U+3000), else 0. */
static size_t sep_len(const unsigned char *s)
{
  if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
    return 1;
  if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
    return 3;
  return 0;
}

/* Length of a quote character at s (" or ＂ U+FF02), else 0. */
static size_t quote_len(const unsigned char *s)
{
  if (*s == '"')
    return 1;
  if (s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x82)
    return 3;
  return 0;
}

enum { IT_TERM, IT_OR };

typedef struct item {
  int type;
  gn_qterm t;
  int lastcls, lastchars;    /* class and length of the last token */
} item;

typedef struct toks {
  char **v;
  int n, cap;
  int lastcls, lastchars;
} toks;

static int add_tok(void *ctx, const gn_jatoken *t)
{
  toks *k = ctx;
  GN_PUSH(k->v, k->n, k->cap, gn_xstrndup(t->text, (size_t)t->len));
  k->lastcls = t->cls;
  k->lastchars = t->nchars;
  return 0;
}

static void term_free(gn_qterm *t)
{
  free(t->text);
  free(t->norm);
  for (int i = 0; i < t->ntok; i++)
    free(t->tok[i]);
  free(t->tok);
  memset(t, 0, sizeof *t);
}

/* A term that starts with ー (or ｰ) followed by something other than
 * katakana: a fragment cut out of a word such as マルチベンダーの観点 after
 * its katakana.  The index drops a word-final ー after katakana
 * (jatok.h), so the term drops its leading ー too: 「ーの観点」 finds
 * 「マルチベンダーの観点」 (and every 「の観点」).  A term of ー alone stays. */
static void drop_leading_choon(gn_qterm *t)
{
  const unsigned char *s = (const unsigned char *)t->text;
  size_t n = strlen(t->text), i = 0;
  uint32_t cp = 0;
  int len;
  while (i < n && (len = gn_utf8_decode(s + i, n - i, &cp)) > 0 &&
         (cp == 0x30FC || cp == 0xFF70))
    i += (size_t)len;
  if (i == 0 || i == n)
    return;
  len = gn_utf8_decode(s + i, n - i, &cp);
  if (len > 0 && ((cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0xFF66 && cp <= 0xFF9D)))
    return;
  memmove(t->text, t->text + i, n - i + 1);
  free(t->norm);
  t->norm = gn_jatok_normalize(t->text, n - i, NULL);
}

/* Tokenize a term's text; returns the number of tokens. */
static int term_tokens(item *it)
{
  toks k = { 0 };
  gn_jatok_tokenize(it->t.text, strlen(it->t.text), GN_JATOK_QUERY, add_tok, &k);
  it->t.tok = k.v;
  it->t.ntok = k.n;
  it->lastcls = k.lastcls;
  it->lastchars = k.lastchars;
  return k.n;
}

unsigned gn_kind_bit(const char *kind)
{
  if (!kind)
    return 0;
  if (strcmp(kind, "node") == 0)
    return GN_KIND_NODE;
  if (strcmp(kind, "point") == 0)
    return GN_KIND_POINT;
  if (strcmp(kind, "item") == 0)
    return GN_KIND_ITEM;
  if (strcmp(kind, "term") == 0)
    return GN_KIND_TERM;
  return 0;
}

/* A filter word (normalised text): returns 1 and applies it to q. */
static int apply_filter(gn_query *q, const char *norm, int negated)
{
  const char *v;
  if (strncmp(norm, "vol:", 4) == 0) {
    v = norm + 4;
    size_t n = strlen(v);
    if (n == 0 || n > 9 || strspn(v, "0123456789") != n)
      return 0;
    long vol = strtol(v, NULL, 10);
    if (vol >= 1 && vol <= 31) {
      if (negated)
        q->not_vols |= 1u << vol;
      else
        q->vols |= 1u << vol;
    } else if (!negated) {
      q->impossible = 1;
    }
    return 1;
  }
  if (strncmp(norm, "kind:", 5) == 0) {
    unsigned bit = gn_kind_bit(norm + 5);
    if (!bit)
      return 0;
    if (negated)
      q->not_kinds |= bit;
    else
      q->kinds |= bit;
    return 1;
  }
  return 0;
}

/* ---- building ---------------------------------------------------------- */

/* The phrase of a term: its normalised text (valid UTF-8, tokenized exactly
 * like the text as typed) double-quoted, quotes doubled. */
static void add_phrase(gn_buf *b, const gn_qterm *t)
{
  gn_buf_add(b, "\"", 1);
  for (const char *p = t->norm; *p; p++) {
    if (*p == '"')
      gn_buf_add(b, "\"\"", 2);
    else
      gn_buf_add(b, p, 1);
  }
  gn_buf_add(b, t->prefix ? "\"*" : "\"", t->prefix ? 2 : 1);
}

char *gn_title_key(const char *s, size_t n)
{
  size_t len;
  char *norm = gn_jatok_normalize(s ? s : "", s ? n : 0, &len);
  char *out = gn_xmalloc(2 * len + 1);   /* room for a space before every character */
  size_t o = 0;
  int prev = GN_JATOK_SKIP, gap = 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    int l = gn_utf8_decode((const unsigned char *)norm + i, len - i, &cp);
    if (l <= 0) {     /* cannot happen: normalised text is valid UTF-8 */
      i++;
      continue;
    }
    int cls = gn_jatok_class(cp);
    if (cls == GN_JATOK_SKIP) {
      gap = 1;
    } else {
      /* keep words apart: "ab cd" is not "abcd"; and keep apart what the
       * tokenizer would join differently once the gap is gone: ゛ ゜ after
       * kana compose (カー゛ normalises to カ゛, which would read as ガ), and
       * a ー kept after a separator would be dropped after katakana
       * (カ・ー) */
      if (o > 0 && ((gap && prev == GN_JATOK_WORD && cls == GN_JATOK_WORD) ||
                    cp == 0x309B || cp == 0x309C || (gap && cp == 0x30FC)))
        out[o++] = ' ';
      memcpy(out + o, norm + i, (size_t)l);
      o += (size_t)l;
      prev = cls;
      gap = 0;
    }
    i += (size_t)l;
  }
  out[o] = '\0';
  free(norm);
  return out;
}

gn_query *gn_query_parse(const char *str)
{
  gn_query *q = gn_xcalloc(1, sizeof *q);
  const unsigned char *s = (const unsigned char *)(str ? str : "");
  item *items = NULL;
  int nitems = 0, capitems = 0;

  /* 1. Split into raw terms. */
  size_t i = 0;
  for (;;) {
    size_t l;
    while (s[i] && (l = sep_len(s + i)) > 0)
      i += l;
    if (!s[i])
      break;
    item it;
    memset(&it, 0, sizeof it);
    it.type = IT_TERM;
    if (s[i] == '-') {
      it.t.negated = 1;
      i++;
    }
    gn_buf b = { 0 };
    gn_buf_add(&b, "", 0);
    int inq = 0;
    while (s[i]) {
      if (!inq && sep_len(s + i))
        break;
      if ((l = quote_len(s + i)) > 0) {
        inq = !inq;
        it.t.quoted = 1;
        i += l;
        continue;
      }
      gn_buf_add(&b, (const char *)s + i, 1);
      i++;
    }
    it.t.text = b.s;
    if (!it.t.quoted && !it.t.negated && strcmp(it.t.text, "OR") == 0) {
      free(it.t.text);
      it.t.text = NULL;
      it.type = IT_OR;
      GN_PUSH(items, nitems, capitems, it);
      continue;
    }
    it.t.norm = gn_jatok_normalize(it.t.text, b.len, NULL);
    if (!it.t.quoted && apply_filter(q, it.t.norm, it.t.negated)) {
      term_free(&it.t);
      continue;
    }
    drop_leading_choon(&it.t);
    if (term_tokens(&it) == 0) {
      term_free(&it.t);   /* nothing indexable: punctuation, emoji, "-" ... */
      continue;
    }
    GN_PUSH(items, nitems, capitems, it);
  }

  /* 2. Resolve OR: valid between two terms, otherwise it is the word "or". */
  for (int k = 0; k < nitems; k++) {
    if (items[k].type != IT_OR)
      continue;
    int valid = k > 0 && items[k - 1].type == IT_TERM && k + 1 < nitems &&
                items[k + 1].type == IT_TERM;
    if (!valid) {
      items[k].type = IT_TERM;
      items[k].t.text = gn_xstrdup("OR");
      items[k].t.norm = gn_xstrdup("or");
      term_tokens(&items[k]);
    }
  }

  /* 3. Terms with groups; OR operands are positive. */
  int group = -1;
  for (int k = 0; k < nitems; k++) {
    if (items[k].type == IT_OR)
      continue;
    gn_qterm *t = &items[k].t;
    int or_left = k + 1 < nitems && items[k + 1].type == IT_OR;
    int or_right = k > 0 && items[k - 1].type == IT_OR;
    if (or_left || or_right)
      t->negated = 0;
    if (t->negated) {
      t->group = -1;
    } else {
      if (!or_right)
        group++;
      t->group = group;
    }
    /* a final 1-character kanji/kana run is matched as a prefix */
    if (items[k].lastcls == GN_JATOK_CJK && items[k].lastchars == 1)
      t->prefix = 1;
  }
  q->ngroups = group + 1;
  /* the last unquoted positive term ending in a Latin/digit word: prefix */
  for (int k = nitems - 1; k >= 0; k--) {
    if (items[k].type == IT_TERM && !items[k].t.negated && !items[k].t.quoted &&
        items[k].lastcls == GN_JATOK_WORD) {
      items[k].t.prefix = 1;
      break;
    }
  }

  /* 3b. Repeats add nothing but cost (FTS5 evaluates an AND of n equal
   * phrases in time that grows with n squared): keep the first of equal
   * terms of the same role (positive alone, alternatives of one OR, or
   * excluded), and at most GN_QUERY_MAX_TERMS terms; the rest is ignored,
   * so no query, however long, keeps the program busy. */
  int *gsize = gn_xcalloc((size_t)(q->ngroups ? q->ngroups : 1), sizeof *gsize);
  for (int k = 0; k < nitems; k++)
    if (items[k].type == IT_TERM && !items[k].t.negated)
      gsize[items[k].t.group]++;
  q->terms = gn_xcalloc((size_t)(nitems ? nitems : 1), sizeof *q->terms);
  int has_or = 0, nneg = 0;
  for (int k = 0; k < nitems; k++) {
    if (items[k].type == IT_OR)
      continue;
    gn_qterm *t = &items[k].t;
    int keep = q->nterms < GN_QUERY_MAX_TERMS;
    for (int j = 0; keep && j < q->nterms; j++) {
      const gn_qterm *u = &q->terms[j];
      int same_role = t->negated ? u->negated
                    : !u->negated && (gsize[t->group] == 1 ? gsize[u->group] == 1
                                                             : u->group == t->group);
      if (same_role && u->quoted == t->quoted && u->prefix == t->prefix &&
          strcmp(u->norm, t->norm) == 0)
        keep = 0;
    }
    if (!keep) {
      if (!t->negated)
        gsize[t->group]--;
      term_free(t);
      continue;
    }
    if (t->negated)
      nneg++;
    q->terms[q->nterms++] = *t;
  }
  free(items);
  /* number the groups that are left 0, 1, ... again */
  {
    int *renum = gsize;   /* reused: old group -> new group */
    int ng = 0;
    for (int g = 0; g < q->ngroups; g++)
      renum[g] = -1;
    for (int k = 0; k < q->nterms; k++) {
      gn_qterm *t = &q->terms[k];
      if (t->negated)
        continue;
      if (renum[t->group] < 0)
        renum[t->group] = ng++;
      else
        has_or = 1;   /* a second alternative of one group */
      t->group = renum[t->group];
    }
    q->ngroups = ng;
  }
  free(gsize);

  /* 4. The MATCH expressions. */
  if (q->ngroups > 0) {
    gn_buf pos = { 0 }, neg = { 0 };
    gn_buf_add(&pos, "", 0);
    for (int g = 0; g < q->ngroups; g++) {
      int n = 0;
      for (int k = 0; k < q->nterms; k++)
        if (!q->terms[k].negated && q->terms[k].group == g)
          n++;
      if (g > 0)
        gn_buf_puts(&pos, " AND ");
      if (n > 1)
        gn_buf_puts(&pos, "(");
      int m = 0;
      for (int k = 0; k < q->nterms; k++) {
        if (q->terms[k].negated || q->terms[k].group != g)
          continue;
        if (m++)
          gn_buf_puts(&pos, " OR ");
        add_phrase(&pos, &q->terms[k]);
      }
      if (n > 1)
        gn_buf_puts(&pos, ")");
    }
    if (!has_or) {
      q->title_match = gn_xasprintf("{title} : (%s)", pos.s);
      gn_buf key = { 0 };
      gn_buf_add(&key, "", 0);
      for (int k = 0; k < q->nterms; k++) {
        if (q->terms[k].negated)
          continue;
        if (key.len)
          gn_buf_add(&key, " ", 1);
        gn_buf_puts(&key, q->terms[k].text);
      }
      q->key = gn_title_key(key.s, key.len);
      gn_buf_free(&key);
    }
    if (nneg) {
      gn_buf_add(&neg, "", 0);
      for (int k = 0; k < q->nterms; k++) {
        if (!q->terms[k].negated)
          continue;
        if (neg.len)
          gn_buf_puts(&neg, " OR ");
        add_phrase(&neg, &q->terms[k]);
      }
      q->match = gn_xasprintf("(%s) NOT (%s)", pos.s, neg.s);
      gn_buf_free(&neg);
      gn_buf_free(&pos);
    } else {
      q->match = pos.s;
    }
  }
  return q;
}

void gn_query_free(gn_query *q)
{
  if (!q)
    return;
  for (int k = 0; k < q->nterms; k++)
    term_free(&q->terms[k]);
  free(q->terms);
  free(q->match);
  free(q->title_match);
  free(q->key);
  free(q);
}

/* ---- spans ------------------------------------------------------------- */

/* gn_query_spans matches while the text is tokenized: the last `ring`
 * tokens are kept (text, start), and every token is checked as the last
 * token of every positive term, looking back into the ring for the rest. */

typedef struct rtok {
  char *text;         /* normalised token text (not NUL-terminated) */
  int len, cap;
  int start;
} rtok;

typedef struct sterm {
  const gn_qterm *t;
  int *len;           /* byte length of each token */
  int lastchars;      /* characters in the last token */
  /* the last token, at hand: the one compared with every token */
  const char *lasttok;
  int last, lastlen, prefix;
} sterm;

typedef struct spanner {
  sterm *terms;
  int nterms;
  rtok *ring;
  int nring;
  long ntok;          /* tokens seen */
  gn_span *sp;
  size_t nsp, capsp;
  size_t max;         /* stop after this many matches; 0: never */
} spanner;

static int utf8_chars(const char *s)
{
  int n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      n++;
  return n;
}

static int span_tok(void *ctx, const gn_jatoken *x)
{
  spanner *s = ctx;
  long i = s->ntok++;
  rtok *slot = &s->ring[i % s->nring];
  if (s->nring > 1) {      /* kept for terms of several tokens */
    if (x->len > slot->cap) {
      slot->cap = x->len > 16 ? x->len : 16;
      slot->text = gn_xrealloc(slot->text, (size_t)slot->cap);
    }
    memcpy(slot->text, x->text, (size_t)x->len);
    slot->len = x->len;
    slot->start = x->start;
  }
  for (int k = 0; k < s->nterms; k++) {
    const sterm *st = &s->terms[k];
    int last = st->last, len = st->lastlen;
    if (i < last || (st->prefix ? x->len < len : x->len != len))
      continue;
    /* (the first byte first: most tokens differ there, and a call to
     * memcmp per token and term was half the cost) */
    if (x->text[0] != st->lasttok[0] || memcmp(x->text, st->lasttok, (size_t)len) != 0)
      continue;
    const gn_qterm *t = st->t;
    int ok = 1;
    for (int j = 0; j < last && ok; j++) {
      const rtok *r = &s->ring[(i - last + j) % s->nring];
      ok = r->len == st->len[j] && memcmp(r->text, t->tok[j], (size_t)r->len) == 0;
    }
    if (!ok)
      continue;
    gn_span s1 = { (size_t)(last ? s->ring[(i - last) % s->nring].start : x->start),
                   (size_t)x->end };
    if (t->prefix && st->lastchars < x->nchars)
      s1.end = (size_t)x->chars[st->lastchars - 1].end;
    GN_PUSH(s->sp, s->nsp, s->capsp, s1);
    if (s->max && s->nsp >= s->max)
      return 1;               /* all there are: the rest of the text is not read */
  }
  return 0;
}

static int span_cmp(const void *a, const void *b)
{
  const gn_span *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

size_t gn_query_spans(const gn_query *q, const char *text, size_t n, gn_span **out)
{
  return gn_query_spans_max(q, text, n, 0, out);
}

/* A term of kanji only (U+4E00..U+9FFF): its text can only come from the
 * same characters, untouched by the normaliser, and it matches wherever
 * the text has them in a row (the last one alone as a prefix). */
static int kanji_only(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  int n = 0;
  while (*p) {
    uint32_t cp;
    int l = gn_utf8_decode(p, strlen((const char *)p), &cp);
    if (l != 3 || cp < 0x4E00 || cp > 0x9FFF)
      return 0;
    p += l;
    n++;
  }
  return n;
}

/* Does text have nothing that the normaliser drops or joins to the
 * character before it (combining marks, voicing marks, variation
 * selectors, zero-width characters, BOM, tags; tested broadly by lead
 * bytes)?  Then the characters of a kanji match are the bytes as written. */
static int plain_text(const unsigned char *s, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    unsigned c = s[i];
    if (c < 0xCC)
      continue;
    if (c == 0xCC || c == 0xCD || c == 0xE1 || c == 0xF3)
      return 0;
    if (i + 2 >= n)
      continue;
    unsigned c1 = s[i + 1], c2 = s[i + 2];
    if ((c == 0xE2 && ((c1 == 0x80 && c2 >= 0x8B && c2 <= 0x8F) || (c1 == 0x81 && c2 == 0xA0))) ||
        (c == 0xE3 && c1 == 0x82 && c2 >= 0x99 && c2 <= 0x9C) ||
        (c == 0xEF && ((c1 == 0xBB && c2 == 0xBF) || (c1 == 0xB8 && c2 <= 0x8F) ||
                       (c1 == 0xBE && (c2 == 0x9E || c2 == 0x9F)))))
      return 0;
  }
  return 1;
}

size_t gn_query_spans_max(const gn_query *q, const char *text, size_t n, size_t max,
                          gn_span **out)
{
  *out = NULL;
  if (!q || !text || q->ngroups == 0)
    return 0;
  /* One term of kanji in plain text: its spans are where its bytes are
   * (the same as tokenizing; tests compare both), found without
   * tokenizing the text. */
  if (q->nterms == 1 && !q->terms[0].negated && q->terms[0].ntok > 0) {
    const gn_qterm *t = &q->terms[0];
    int k = kanji_only(t->norm);
    if (k > 0 && (k == 1 ? t->prefix && t->ntok == 1 : !t->prefix && t->ntok == k - 1) &&
        plain_text((const unsigned char *)text, n)) {
      size_t len = strlen(t->norm), nsp = 0, capsp = 0, nraw = 0;
      gn_span *sp = NULL;
      for (size_t i = 0; i + len <= n && (!max || nraw < max); i++) {
        const char *hit = memchr(text + i, t->norm[0], n - len + 1 - i);
        if (!hit)
          break;
        i = (size_t)(hit - text);
        if (memcmp(hit, t->norm, len) == 0) {
          gn_span s1 = { i, i + len };
          nraw++;
          if (nsp && s1.start < sp[nsp - 1].end)
            sp[nsp - 1].end = s1.end;       /* overlapping: merged */
          else
            GN_PUSH(sp, nsp, capsp, s1);
        }
      }
      *out = sp;
      return nsp;
    }
  }
  spanner s;
  memset(&s, 0, sizeof s);
  s.max = max;
  s.terms = gn_xmalloc((size_t)(q->nterms ? q->nterms : 1) * sizeof *s.terms);
  s.nring = 1;
  int ntoks = 0;
  for (int k = 0; k < q->nterms; k++)
    if (!q->terms[k].negated && q->terms[k].ntok > 0)
      ntoks += q->terms[k].ntok;
  int *lens = gn_xmalloc((size_t)(ntoks ? ntoks : 1) * sizeof *lens), *lp = lens;
  for (int k = 0; k < q->nterms; k++) {
    const gn_qterm *t = &q->terms[k];
    if (t->negated || t->ntok == 0)
      continue;
    sterm *st = &s.terms[s.nterms++];
    st->t = t;
    st->len = lp;
    for (int j = 0; j < t->ntok; j++)
      *lp++ = (int)strlen(t->tok[j]);
    st->lastchars = utf8_chars(t->tok[t->ntok - 1]);
    st->last = t->ntok - 1;
    st->lasttok = t->tok[st->last];
    st->lastlen = st->len[st->last];
    st->prefix = t->prefix;
    if (t->ntok > s.nring)
      s.nring = t->ntok;
  }
  s.ring = gn_xcalloc((size_t)s.nring, sizeof *s.ring);
  if (s.nterms)
    gn_jatok_tokenize(text, n, GN_JATOK_DOCUMENT, span_tok, &s);
  for (int r = 0; r < s.nring; r++)
    free(s.ring[r].text);
  free(s.ring);
  free(lens);
  free(s.terms);
  gn_span *sp = s.sp;
  size_t nsp = s.nsp;
  if (nsp == 0) {
    free(sp);
    return 0;
  }
  qsort(sp, nsp, sizeof *sp, span_cmp);
  size_t w = 0;
  for (size_t i = 0; i < nsp; i++) {
    if (w > 0 && sp[i].start < sp[w - 1].end) {
      if (sp[i].end > sp[w - 1].end)
        sp[w - 1].end = sp[i].end;
    } else {
      sp[w++] = sp[i];
    }
  }
  *out = sp;
  return w;
}
