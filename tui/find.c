/* find.c — see find.h. */
#include "find.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "msg.h"
#include "reader.h"
#include "search.h"
#include "util.h"

/* The fast page comes first, in document order; then the ranking, a page
 * at a time: the next page is fetched when the selection nears the end of
 * what is shown, so a term that matches everything costs one page, and
 * every hit can still be reached. */
enum { FAST_PAGE = 40, RANKED_PAGE = 200, NEAR_END = 10 };

typedef struct fhit {
  char *id, *kind, *title, *path, *snippet;
  gn_span *m;
  int nm, volume;
} fhit;

struct find {
  edit q;
  int sel;             /* the query is selected: reopened, not yet edited */
  char *ran;           /* the query of the hits shown */
  int phase;           /* 0 up to date, 1 fast page shown, 2 query changed */
  fhit *h;
  int nh, caph;
  int more;            /* there are more hits than shown */
  int64_t total;       /* all hits, once known (-1: not yet) */
  int cur;             /* the hit last opened, -1 none */
  char *err;
};

void find_init(app *a)
{
  a->find = gn_xcalloc(1, sizeof *a->find);
  edit_init(&a->find->q);
  a->find->cur = -1;
  a->find->total = -1;
}

static void clear_hits(struct find *f)
{
  for (int i = 0; i < f->nh; i++) {
    fhit *h = &f->h[i];
    free(h->id);
    free(h->kind);
    free(h->title);
    free(h->path);
    free(h->snippet);
    free(h->m);
  }
  f->nh = 0;
  f->more = 0;
  f->total = -1;
}

void find_free(app *a)
{
  struct find *f = a->find;
  if (!f)
    return;
  clear_hits(f);
  free(f->h);
  free(f->ran);
  free(f->err);
  edit_free(&f->q);
  free(f);
  a->find = NULL;
}

typedef struct collect {
  struct find *f;
  int limit;
} collect;

static int on_hit(const gn_hit *h, void *ctx)
{
  collect *c = ctx;
  struct find *f = c->f;
  if (f->nh >= c->limit) {
    f->more = 1;
    return 1;
  }
  fhit x = {0};
  x.id = gn_xstrdup(h->id ? h->id : "");
  x.kind = gn_xstrdup(h->kind ? h->kind : "");
  x.title = gn_xstrdup(h->title ? h->title : "");
  x.path = gn_xstrdup(h->path ? h->path : "");
  x.snippet = gn_xstrdup(h->snippet ? h->snippet : "");
  x.volume = h->volume;
  if (h->nmatches) {
    x.m = gn_xmalloc(h->nmatches * sizeof *x.m);
    memcpy(x.m, h->matches, h->nmatches * sizeof *x.m);
    x.nm = (int)h->nmatches;
  }
  GN_PUSH(f->h, f->nh, f->caph, x);
  return 0;
}

static void search(app *a, int ranked, int offset, int limit)
{
  struct find *f = a->find;
  gn_search_opts o = {0};
  collect c = {f, offset + limit};
  o.offset = offset;
  o.limit = limit + 1;
  o.ranked = ranked;
  f->more = 0;
  int rc = gn_search(gn_sqlite(a->db), f->q.s, &o, on_hit, &c);
  if (rc == GN_EIO) {
    free(f->err);
    f->err = gn_xstrdup(gn_errmsg(a->db));
  } else if (ranked && f->more && f->total < 0) {
    int64_t n;
    if (gn_search_count(gn_sqlite(a->db), f->q.s, NULL, &n) == GN_OK)
      f->total = n;
  }
}

static void run(app *a, int ranked)
{
  struct find *f = a->find;
  clear_hits(f);
  free(f->err);
  f->err = NULL;
  free(f->ran);
  f->ran = gn_xstrdup(f->q.s);
  f->cur = -1;
  if (!*f->q.s)
    return;
  search(a, ranked, 0, ranked ? RANKED_PAGE : FAST_PAGE);
}

/* The selection is within NEAR_END hits of the last one shown. */
static int near_end(const view *v, int nh)
{
  const doc *d = &v->doc;
  if (d->cur < 0 || d->cur >= d->ne || !d->e[d->cur].link)
    return 0;
  int k;
  if (sscanf(d->e[d->cur].link, "hit:%d", &k) != 1)
    return 0;
  return k >= nh - NEAR_END;
}

void find_show(app *a)
{
  view *v = app_top(a);
  if (v && v->ops == &find_view_ops)
    return;
  v = app_push(a, &find_view_ops, NULL, 0);
  v->hint = msg(MSG_SEARCH_HINT);
  struct find *f = a->find;
  if (!f->ran || strcmp(f->ran, f->q.s) != 0)
    f->phase = 2;
  /* the last query comes back selected: typing replaces it, a cursor key
   * keeps it */
  f->sel = f->q.len > 0;
  if (f->sel)
    edit_end(&f->q);
}

/* The last part of a path is the record itself. */
static char *path_above(const char *path)
{
  const char *sep = " › ";
  const char *last = NULL;
  for (const char *p = strstr(path, sep); p; p = strstr(p + 1, sep))
    last = p;
  return last ? gn_xstrndup(path, (size_t)(last - path)) : gn_xstrdup(path);
}

static void build(app *a, view *v, int width)
{
  struct find *f = a->find;
  doc *d = &v->doc;
  if (!f->ran || !*f->ran) {
    doc_entry(d, NULL, 0);
    doc_para(d, msg(MSG_SEARCH_EMPTY), R_DIM, 1, 1);
    return;
  }
  if (f->err) {
    doc_entry(d, NULL, 0);
    char *m = msg_fmt(MSG_SEARCH_ERROR, f->err);
    doc_para(d, m, R_ERROR, 1, 1);
    free(m);
    return;
  }
  if (f->nh == 0) {
    doc_entry(d, NULL, 0);
    char *m = msg_fmt(MSG_SEARCH_NONE, f->ran);
    doc_para(d, m, R_NORMAL, 1, 1);
    free(m);
    return;
  }
  gn_query *gq = gn_query_parse(f->ran);
  for (int i = 0; i < f->nh; i++) {
    fhit *h = &f->h[i];
    char link[32];
    snprintf(link, sizeof link, "hit:%d", i);
    doc_entry(d, link, 1);
    /* [label] title */
    int from = d->t.n;
    char *label;
    if (strcmp(h->kind, "node") == 0 && h->volume > 0)
      label = gn_xasprintf(msg_is_ja() ? "[第%d編]" : "[Vol.%d]", h->volume);
    else
      label = gn_xasprintf("[%s]", app_kind_label(h->kind, NULL));
    doc_add(d, label, -1, R_LABEL);
    free(label);
    doc_add(d, " ", -1, R_NORMAL);
    const char *title = h->title;
    char *last = NULL;
    if (strcmp(h->kind, "node") == 0) {
      const char *p = h->path, *sep = " › ", *q;
      while ((q = strstr(p, sep)) != NULL)
        p = q + strlen(sep);
      if (*p)
        last = gn_xstrdup(p);
    }
    const char *ttl = last ? last : title;
    int tf = doc_add(d, ttl, -1, R_TITLE);
    {
      gn_span *sp = NULL;
      size_t ns = gn_query_spans(gq, ttl, strlen(ttl), &sp);
      for (size_t k = 0; k < ns; k++)
        wt_mark(&d->t, tf, d->t.n, (uint32_t)sp[k].start, (uint32_t)sp[k].end, R_MATCH);
      free(sp);
    }
    free(last);
    doc_line(d, from, 1);
    /* path above it */
    char *above = strcmp(h->kind, "node") == 0 ? path_above(h->path) : gn_xstrdup(h->path);
    if (*above) {
      from = doc_add(d, above, -1, R_DIM);
      doc_line(d, from, 3);
    }
    free(above);
    /* snippet, the first match in view */
    if (*h->snippet) {
      from = doc_add(d, h->snippet, -1, R_NORMAL);
      int to = d->t.n;
      for (int k = 0; k < h->nm; k++)
        wt_mark(&d->t, from, to, (uint32_t)h->m[k].start, (uint32_t)h->m[k].end, R_MATCH);
      int avail = width - 3;
      if (avail < 4)
        avail = 4;
      int fm = from;
      while (fm < to && d->t.role[fm] != R_MATCH)
        fm++;
      if (fm < to && wt_width(&d->t, from, fm) > avail * 2 - avail / 2) {
        /* cut on the left so that the first match shows */
        int start = fm;
        int w = 0;
        while (start > from && w + d->t.w[start - 1] <= avail / 3) {
          w += d->t.w[start - 1];
          start--;
        }
        /* move the tail after "~": rebuild it from the kept part */
        wtext tail;
        wt_init(&tail);
        for (int k = start; k < to; k++)
          wt_putc(&tail, d->t.wc[k], d->t.src[k], d->t.role[k]);
        /* replace [from, end) with "~" + tail */
        d->t.n = from;
        wt_putc(&d->t, L'~', 0, R_DIM);
        for (int k = 0; k < tail.n; k++)
          wt_putc(&d->t, tail.wc[k], tail.src[k], tail.role[k]);
        wt_free(&tail);
      }
      doc_wrap(d, from, 3, 3, 2);
    }
  }
  gn_query_free(gq);
  if (f->cur >= 0) {
    char link[32];
    snprintf(link, sizeof link, "hit:%d", f->cur);
    doc_select(d, link);
  }
}

static int on_key(app *a, view *v, const disp_ev *ev, enum action act)
{
  struct find *f = a->find;
  (void)act;
  if (ev->type != EV_CHAR && ev->type != EV_KEY)
    return RE_UNHANDLED;
  enum action ia = keys_lookup_input(ev->code, ev->type == EV_KEY);
  int done;
  if (f->sel) {
    switch (ia) {
    case ACT_IN_LEFT: case ACT_IN_RIGHT: case ACT_IN_START: case ACT_IN_END:
      f->sel = 0;                        /* keep the text, move as usual */
      break;
    case ACT_NONE:                       /* text replaces the selection */
      if (ev->type == EV_CHAR && ev->code >= 0x20) {
        f->sel = 0;
        edit_clear(&f->q);
      }
      break;
    default:                             /* a deletion deletes it */
      f->sel = 0;
      edit_clear(&f->q);
      f->phase = 2;
      v->dirty = 1;
      return RE_REDRAW;
    }
  }
  if (ia != ACT_NONE)
    done = edit_act(&f->q, ia);
  else if (ev->type == EV_CHAR && ev->code >= 0x20 && edit_add(&f->q, (wchar_t)ev->code))
    done = 2;
  else
    return RE_UNHANDLED;
  if (done == 2) {                       /* the text changed: search again */
    f->phase = 2;
    v->dirty = 1;
  }
  return RE_REDRAW;
}

static int idle(app *a, view *v)
{
  struct find *f = a->find;
  if (f->phase == 2) {
    run(a, 0);
    /* the fast page is in document order: rank it next, unless it is all */
    f->phase = f->more ? 1 : 0;
    if (f->phase == 0 && f->nh > 1) {
      run(a, 1);
    }
    doc_rewind(&v->doc);
    v->dirty = 1;
    return f->phase != 0;
  }
  if (f->phase == 1) {
    run(a, 1);
    f->phase = 0;
    doc_rewind(&v->doc);
    v->dirty = 1;
    return 0;
  }
  if (f->more && !f->err && near_end(v, f->nh)) {
    /* the next page of the ranking, kept in place below the others */
    search(a, 1, f->nh, RANKED_PAGE);
    v->dirty = 1;
  }
  return 0;
}

static void draw(app *a, view *v, rect r)
{
  struct find *f = a->find;
  /* the input line */
  int x = r.x;
  x += draw_str(r.y, x, r.w, msg(MSG_SEARCH_PROMPT), R_LABEL, SEL_NONE, 0);
  char *count = NULL;
  if (f->ran && *f->ran && !f->err && f->phase == 0) {
    if (!f->more)
      count = msg_fmt(MSG_SEARCH_COUNT, f->nh);
    else if (f->total > f->nh)
      count = msg_fmt(MSG_SEARCH_SHOWN, f->nh, (int)f->total);
    else
      count = msg_fmt(MSG_SEARCH_MORE, f->nh);
  }
  int cw = count ? wt_strwidth(count, 0) + 1 : 0;
  int room = r.x + r.w - x - cw - 1;
  int cx = x;
  if (room > 0)
    cx += draw_input(r.y, x, room, f->q.s, f->q.cur, f->sel ? R_INPUT_SEL : R_INPUT, a->flags);
  if (cw && r.w > cw + 10)
    draw_str(r.y, r.x + r.w - cw + 1, cw - 1, count, R_DIM, SEL_NONE, 0);
  free(count);
  draw_hline(r.y + 1, r.x, r.w);
  doc_draw(&v->doc, r.y + 2, r.x, r.h - 2, r.w, 1);
  /* the cursor stands at the end of the input */
  move(r.y, cx < r.x + r.w ? cx : r.x + r.w - 1);
  curs_set(a->term.scripted ? 0 : 1);
}

static void dump(app *a, view *v, FILE *out)
{
  (void)v;
  find_dump(a, out);
}

const view_ops find_view_ops = {
  .name = "search", .build = build, .key = on_key, .draw = draw, .idle = idle, .dump = dump,
};

int find_open(app *a, int n)
{
  struct find *f = a->find;
  if (n < 0 || n >= f->nh)
    return GN_NOTFOUND;
  fhit *h = &f->h[n];
  f->cur = n;
  if (strcmp(h->kind, "node") == 0) {
    reader_set_query(a, f->ran);
    char *id = gn_xstrdup(h->id);
    int rc = app_open(a, id, -1, 0);
    free(id);
    if (rc == GN_OK) {
      a->focus = PANE_READER;
      reader_want_match(a, 1);
    }
    return rc;
  }
  char *link = gn_xstrdup(app_link(h->kind, h->id));
  int rc = app_follow(a, link);
  free(link);
  return rc;
}

int find_step(app *a, int dir)
{
  struct find *f = a->find;
  if (!f->ran || !*f->ran || f->nh == 0) {
    app_msg(a, 0, MSG_HIT_NONE);
    return 0;
  }
  if (reader_match(a, dir, 0))
    return 1;
  /* the matches of this node are used up: the next node hit */
  for (int k = f->cur + dir; k >= 0 && k < f->nh; k += dir) {
    if (strcmp(f->h[k].kind, "node") != 0)
      continue;
    f->cur = k;
    reader_set_query(a, f->ran);
    char *id = gn_xstrdup(f->h[k].id);
    int rc = app_open(a, id, -1, 0);
    free(id);
    if (rc == GN_OK)
      reader_want_match(a, dir);
    return 1;
  }
  app_msg(a, 0, dir > 0 ? MSG_HIT_LAST : MSG_HIT_FIRST);
  return 0;
}

void find_dump(app *a, FILE *out)
{
  struct find *f = a->find;
  fprintf(out, "search.query: %s\nsearch.hits: %d%s\n", f->ran ? f->ran : "-", f->nh,
          f->more ? "+" : "");
  if (f->more && f->total >= 0)
    fprintf(out, "search.total: %lld\n", (long long)f->total);
  fprintf(out, "search.opened: %d\n", f->cur);
  if (f->q.cur != f->q.len)   /* the cursor, where it is not at the end */
    fprintf(out, "search.cursor: %.*s|%s\n", f->q.cur, f->q.s, f->q.s + f->q.cur);
  if (f->sel)                 /* the input, where it is selected */
    fprintf(out, "search.selected: %s\n", f->q.s);
}
