/* reader.c — see reader.h. */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "msg.h"
#include "search.h"
#include "util.h"

typedef struct kid {
  char *id, *number, *title;
  int npoints;
} kid;

typedef struct match {
  int start, end;   /* characters in the doc text */
  int line;
} match;

struct reader {
  gn_rec rec;
  int have;
  kid *kids;
  int nkids, capkids;
  gn_linkv links;
  gn_recs items;       /* checklist items checking the node or a node below it */
  int nrefs;           /* entries of the references pane */
  doc text, refs;
  int want_top;        /* top to apply after the next build (-1 none) */
  int want_match;      /* after the next build: go to the first (1) or last (-1) match */
  int built_flags;
  char *query;
  gn_query *q;
  match *m;
  int nm, capm, mcur;
};

void reader_init(app *a)
{
  a->rd = gn_xcalloc(1, sizeof *a->rd);
  doc_init(&a->rd->text, 0);
  doc_init(&a->rd->refs, 1);
  a->rd->want_top = -1;
  a->rd->mcur = -1;
}

static void clear_loaded(struct reader *r)
{
  gn_rec_clear(&r->rec);
  r->have = 0;
  for (int i = 0; i < r->nkids; i++) {
    free(r->kids[i].id);
    free(r->kids[i].number);
    free(r->kids[i].title);
  }
  r->nkids = 0;
  gn_linkv_free(&r->links);
  gn_recs_free(&r->items);
  r->nrefs = 0;
}

void reader_free(app *a)
{
  struct reader *r = a->rd;
  if (!r)
    return;
  clear_loaded(r);
  free(r->kids);
  free(r->m);
  doc_free(&r->text);
  doc_free(&r->refs);
  free(r->query);
  if (r->q)
    gn_query_free(r->q);
  free(r);
  a->rd = NULL;
}

static int add_kid(const gn_rec *rec, void *ctx)
{
  struct reader *r = ctx;
  kid k = {gn_xstrdup0(rec->id), gn_xstrdup0(rec->number), gn_xstrdup0(rec->title),
           rec->npoints};
  GN_PUSH(r->kids, r->nkids, r->capkids, k);
  return 0;
}

int reader_load(app *a, const char *id, int top)
{
  struct reader *r = a->rd;
  gn_rec rec = {0};
  int rc = gn_get(a->db, id, &rec);
  if (rc != GN_OK) {
    gn_rec_clear(&rec);
    return rc;
  }
  if (!rec.kind || strcmp(rec.kind, "node") != 0) {
    gn_rec_clear(&rec);
    return GN_NOTFOUND;
  }
  clear_loaded(r);
  r->rec = rec;
  r->have = 1;
  gn_children(a->db, id, add_kid, r);
  gn_refs(a->db, id, gn_linkv_collect, &r->links);
  /* the items are listed from gn_items_for (this node and below), which
   * holds the items of the node's own 'checks' links too */
  gn_items_for(a->db, id, gn_recs_collect, &r->items);
  r->nrefs = r->items.n;
  for (int i = 0; i < r->links.n; i++)
    r->nrefs += strcmp(r->links.v[i].relation, "checks") != 0;
  doc_rewind(&r->text);
  doc_rewind(&r->refs);
  r->text.width = 0;
  r->refs.width = 0;
  r->want_top = top;
  r->want_match = 0;
  r->mcur = -1;
  r->nm = 0;
  return GN_OK;
}

const char *reader_id(const app *a)
{
  return a->rd && a->rd->have ? a->rd->rec.id : NULL;
}

int reader_top(const app *a)
{
  return a->rd ? (a->rd->want_top >= 0 ? a->rd->want_top : a->rd->text.top) : 0;
}

const gn_rec *reader_rec(const app *a)
{
  return a->rd && a->rd->have ? &a->rd->rec : NULL;
}

int reader_nrefs(const app *a)
{
  return a->rd ? a->rd->nrefs : 0;
}

void reader_invalidate(app *a)
{
  if (!a->rd)
    return;
  a->rd->text.width = 0;
  a->rd->refs.width = 0;
}

void reader_set_query(app *a, const char *query)
{
  struct reader *r = a->rd;
  free(r->query);
  r->query = query && *query ? gn_xstrdup(query) : NULL;
  if (r->q)
    gn_query_free(r->q);
  r->q = r->query ? gn_query_parse(r->query) : NULL;
  r->text.width = 0;
  r->mcur = -1;
}

/* Highlight the query's matches in d->t[from, to) made from text. */
static void mark_matches(struct reader *r, int from, int to, const char *text)
{
  if (!r->q || !text || !*text)
    return;
  gn_span *sp = NULL;
  size_t n = gn_query_spans(r->q, text, strlen(text), &sp);
  for (size_t i = 0; i < n; i++)
    wt_mark(&r->text.t, from, to, (uint32_t)sp[i].start, (uint32_t)sp[i].end, R_MATCH);
  free(sp);
}

static const char *conf_letter(const char *c)
{
  if (!c) return "[?]";
  if (strcmp(c, "seen") == 0) return "[S]";
  if (strcmp(c, "derived") == 0) return "[D]";
  if (strcmp(c, "background") == 0) return "[B]";
  if (strcmp(c, "unverified") == 0) return "[U]";
  return "[?]";
}

static const char *conf_word(const char *c)
{
  if (!c) return "";
  if (strcmp(c, "seen") == 0) return msg(MSG_CONF_SEEN);
  if (strcmp(c, "derived") == 0) return msg(MSG_CONF_DERIVED);
  if (strcmp(c, "background") == 0) return msg(MSG_CONF_BACKGROUND);
  if (strcmp(c, "unverified") == 0) return msg(MSG_CONF_UNVERIFIED);
  return c;
}

/* The path without its last level (the node itself). */
static char *parent_path(const char *path)
{
  const char *sep = " › ";
  const char *last = NULL;
  for (const char *p = strstr(path, sep); p; p = strstr(p + 1, sep))
    last = p;
  return last ? gn_xstrndup(path, (size_t)(last - path)) : gn_xstrdup("");
}

static void find_matches(struct reader *r)
{
  r->nm = 0;
  const wtext *t = &r->text.t;
  for (int i = 0; i < t->n; i++) {
    if (t->role[i] != R_MATCH || (i > 0 && t->role[i - 1] == R_MATCH))
      continue;
    int j = i;
    while (j < t->n && t->role[j] == R_MATCH)
      j++;
    match m = {i, j, doc_line_of(&r->text, i)};
    GN_PUSH(r->m, r->nm, r->capm, m);
  }
  if (r->mcur >= r->nm)
    r->mcur = r->nm - 1;
}

static void set_current_match(struct reader *r, int k)
{
  wtext *t = &r->text.t;
  if (r->mcur >= 0 && r->mcur < r->nm)
    for (int i = r->m[r->mcur].start; i < r->m[r->mcur].end; i++)
      t->role[i] = R_MATCH;
  r->mcur = k;
  if (k >= 0 && k < r->nm)
    for (int i = r->m[k].start; i < r->m[k].end; i++)
      t->role[i] = R_CURMATCH;
}

static void build_text(app *a, int width)
{
  struct reader *r = a->rd;
  doc *d = &r->text;
  const gn_rec *rec = &r->rec;
  int mcur = r->mcur;
  doc_reset(d, width, a->flags);
  doc_entry(d, NULL, 0);
  char *pp = parent_path(rec->path ? rec->path : "");
  if (*pp)
    doc_para(d, pp, R_DIM, 0, 2);
  free(pp);
  /* number and title */
  int from = d->t.n;
  if (rec->number && *rec->number) {
    doc_add(d, rec->number, -1, R_TITLE);
    doc_add(d, " ", -1, R_TITLE);
  }
  int tfrom = doc_add(d, rec->title, -1, R_TITLE);
  mark_matches(r, tfrom, d->t.n, rec->title);
  doc_wrap(d, from, 0, 2, 0);
  /* provenance */
  char *prov = msg_fmt(MSG_PROVENANCE, conf_word(rec->confidence),
                            rec->edition ? rec->edition : "");
  from = doc_add(d, conf_letter(rec->confidence), -1, R_LABEL);
  doc_add(d, " ", -1, R_DIM);
  doc_add(d, prov, -1, R_DIM);
  free(prov);
  doc_wrap(d, from, 0, 4, 0);
  if (rec->npoints > 0) {
    doc_entry(d, app_link("points", rec->id), 1);
    char *pm = msg_fmt(MSG_POINTS_HERE, rec->npoints);
    doc_para(d, pm, R_MARK, 0, 2);
    free(pm);
    doc_entry(d, NULL, 0);
  }
  if (r->items.n > 0) {
    /* as the points: a line that says so, and Enter on it lists them */
    doc_entry(d, app_link("checklists", rec->id), 1);
    char *im = msg_fmt(MSG_ITEMS_HERE, r->items.n);
    doc_para(d, im, R_MARK, 0, 2);
    free(im);
    doc_entry(d, NULL, 0);
  }
  doc_blank(d);
  if (rec->body && *rec->body) {
    /* drop the final newline of a literal block */
    int len = (int)strlen(rec->body);
    while (len > 0 && rec->body[len - 1] == '\n')
      len--;
    from = doc_add(d, rec->body, len, R_NORMAL);
    mark_matches(r, from, d->t.n, rec->body);
    doc_wrap(d, from, 0, 0, 0);
  } else {
    doc_para(d, msg(MSG_NO_BODY), R_DIM, 0, 0);
  }
  /* what the provenance rests on, after the text it qualifies */
  if (rec->note && *rec->note) {
    doc_blank(d);
    from = doc_add(d, msg(MSG_PROVENANCE_NOTE), -1, R_LABEL);
    doc_add(d, rec->note, -1, R_DIM);
    doc_wrap(d, from, 0, 2, 0);
  }
  if (r->nkids > 0) {
    doc_blank(d);
    doc_para(d, msg(MSG_CONTENTS_OF), R_LABEL, 0, 0);
    for (int i = 0; i < r->nkids; i++) {
      doc_entry(d, app_link("node", r->kids[i].id), 1);
      from = doc_add(d, r->kids[i].npoints ? "* " : "  ", -1, R_MARK);
      doc_add(d, r->kids[i].number, -1, R_LINK);
      doc_add(d, " ", -1, R_LINK);
      doc_add(d, r->kids[i].title, -1, R_LINK);
      doc_wrap(d, from, 2, 4 + wt_strwidth(r->kids[i].number, a->flags) + 1, 0);
    }
  }
  doc_done(d);
  find_matches(r);
  if (mcur >= 0 && mcur < r->nm)
    set_current_match(r, mcur);
  else
    r->mcur = -1;
}

static enum msg_id group_of(const gn_olink *l, int vol)
{
  (void)vol;
  if (strcmp(l->relation, "counterpart") == 0)
    return l->volume == 3 ? MSG_REL_COUNTERPART_3 : MSG_REL_COUNTERPART_2;
  if (strcmp(l->relation, "see") == 0)
    return strcmp(l->direction, "out") == 0 ? MSG_REL_SEE_OUT : MSG_REL_SEE_IN;
  if (strcmp(l->relation, "revision") == 0)
    return MSG_REL_REVISION;
  if (strcmp(l->relation, "checks") == 0)
    return MSG_REL_CHECKS;
  if (strcmp(l->relation, "defines") == 0)
    return MSG_REL_DEFINES;
  return MSG_REL_OTHER;
}

static void build_refs(app *a, int width)
{
  struct reader *r = a->rd;
  doc *d = &r->refs;
  doc_reset(d, width, a->flags);
  static const enum msg_id order[] = {
    MSG_REL_COUNTERPART_2, MSG_REL_COUNTERPART_3, MSG_REL_SEE_OUT, MSG_REL_SEE_IN,
    MSG_REL_REVISION, MSG_REL_CHECKS, MSG_REL_DEFINES, MSG_REL_OTHER,
  };
  int any = 0;
  for (size_t g = 0; g < sizeof order / sizeof order[0]; g++) {
    if (order[g] == MSG_REL_CHECKS) {
      /* the items checking this node or a node below it */
      for (int i = 0; i < r->items.n; i++) {
        const gn_rec *it = &r->items.v[i];
        if (i == 0) {
          doc_entry(d, NULL, 0);
          doc_para(d, msg(MSG_REL_CHECKS), R_LABEL, 0, 0);
        }
        any = 1;
        doc_entry(d, app_link("item", it->id), 1);
        char *label = app_link_label("item", 0, it->number, 1);
        int from = doc_add(d, label, -1, R_LINK);
        free(label);
        doc_add(d, " ", -1, R_NORMAL);
        doc_add(d, it->title, -1, R_NORMAL);
        doc_line(d, from, 2);
      }
      continue;
    }
    int first = 1;
    for (int i = 0; i < r->links.n; i++) {
      const gn_olink *l = &r->links.v[i];
      if (group_of(l, r->rec.volume) != order[g])
        continue;
      if (first) {
        doc_entry(d, NULL, 0);
        doc_para(d, msg(order[g]), R_LABEL, 0, 0);
        first = 0;
      }
      any = 1;
      doc_entry(d, app_link(l->kind, l->id), 1);
      char *label = app_link_label(l->kind, l->volume, l->number, 1);
      int from = doc_add(d, label, -1, R_LINK);
      free(label);
      doc_add(d, " ", -1, R_NORMAL);
      doc_add(d, l->title, -1, R_NORMAL);
      doc_line(d, from, 2);
    }
  }
  if (!any) {
    doc_entry(d, NULL, 0);
    doc_para(d, msg(MSG_NO_REFS), R_DIM, 0, 0);
  }
  doc_done(d);
}

static void ensure(app *a, int tw, int rw)
{
  struct reader *r = a->rd;
  if (!r->have)
    return;
  if (tw > 0 && (r->text.width != tw || r->text.flags != a->flags)) {
    build_text(a, tw);
    if (r->want_top >= 0) {
      r->text.top = r->want_top;
      r->want_top = -1;
      doc_done(&r->text);
    }
    if (r->want_match) {
      int dir = r->want_match;
      r->want_match = 0;
      reader_match(a, dir, 1);
    }
  }
  if (rw > 0 && (r->refs.width != rw || r->refs.flags != a->flags))
    build_refs(a, rw);
}

void reader_prepare(app *a, int tw, int th, int rw, int rh)
{
  ensure(a, tw, rw);
  if (th > 0)
    a->rd->text.height = th;
  if (rh > 0)
    a->rd->refs.height = rh;
}

void reader_draw(app *a, rect r, int focused)
{
  ensure(a, r.w, 0);
  a->rd->text.height = r.h;
  if (a->rd->have) {
    doc *d = &a->rd->text;
    int h = r.h;
    if (d->top > d->nl - h)
      d->top = d->nl - h > 0 ? d->nl - h : 0;
    doc_draw(d, r.y, r.x, r.h, r.w, focused);
  }
}

void refs_draw(app *a, rect r, int focused)
{
  ensure(a, 0, r.w);
  if (a->rd->have)
    doc_draw(&a->rd->refs, r.y, r.x, r.h, r.w, focused);
}

int reader_act(app *a, enum action act, int h)
{
  struct reader *r = a->rd;
  if (!r->have)
    return RE_UNHANDLED;
  ensure(a, r->text.width ? r->text.width : 1, 0);
  switch (act) {
  case ACT_DOWN: case ACT_UP: case ACT_PGDN: case ACT_PGUP: case ACT_TOP: case ACT_BOTTOM:
    doc_act(&r->text, act, h);
    return RE_REDRAW;
  case ACT_ENTER: {
    const char *l = doc_link(&r->text);
    if (l) {
      char *copy = gn_xstrdup(l);
      app_follow(a, copy);
      free(copy);
    } else {
      doc_scroll(&r->text, 1, h);
    }
    return RE_REDRAW;
  }
  default:
    return RE_UNHANDLED;
  }
}

int refs_act(app *a, enum action act, int h)
{
  struct reader *r = a->rd;
  if (!r->have)
    return RE_UNHANDLED;
  switch (act) {
  case ACT_DOWN: case ACT_UP: case ACT_PGDN: case ACT_PGUP: case ACT_TOP: case ACT_BOTTOM:
    doc_act(&r->refs, act, h);
    return RE_REDRAW;
  case ACT_ENTER: {
    const char *l = doc_link(&r->refs);
    char *copy = l ? gn_xstrdup(l) : NULL;
    app_follow(a, copy);
    free(copy);
    return RE_REDRAW;
  }
  default:
    return RE_UNHANDLED;
  }
}

int reader_click(app *a, int pane, int row)
{
  struct reader *r = a->rd;
  doc *d = pane == PANE_REFS ? &r->refs : &r->text;
  int e = doc_entry_at(d, row);
  if (e < 0 || !d->e[e].selectable)
    return RE_REDRAW;
  d->cur = e;
  char *copy = gn_xstrdup(d->e[e].link);
  app_follow(a, copy);
  free(copy);
  return RE_REDRAW;
}

void reader_scroll(app *a, int pane, int delta)
{
  struct reader *r = a->rd;
  doc *d = pane == PANE_REFS ? &r->refs : &r->text;
  doc_scroll(d, delta, d->height > 0 ? d->height : 1);
}

void reader_want_match(app *a, int dir)
{
  a->rd->want_match = dir;
}

int reader_match(app *a, int dir, int first)
{
  struct reader *r = a->rd;
  if (!r->have || r->nm == 0)
    return 0;
  int k;
  if (first)
    k = dir > 0 ? 0 : r->nm - 1;
  else
    k = r->mcur < 0 ? (dir > 0 ? 0 : r->nm - 1) : r->mcur + (dir > 0 ? 1 : -1);
  if (k < 0 || k >= r->nm)
    return 0;
  set_current_match(r, k);
  int h = r->text.height > 0 ? r->text.height : 1;
  int line = r->m[k].line;
  if (line < r->text.top || line >= r->text.top + h) {
    r->text.top = line > 1 ? line - 1 : 0;
    int mt = r->text.nl - h;
    if (r->text.top > mt)
      r->text.top = mt > 0 ? mt : 0;
  }
  return 1;
}

int reader_match_pos(const app *a, int *cur, int *n)
{
  const struct reader *r = a->rd;
  *cur = r->mcur + 1;
  *n = r->nm;
  return r->nm > 0;
}

void reader_position(const app *a, char *buf, int n)
{
  const struct reader *r = a->rd;
  const doc *d = &r->text;
  if (!r->have || d->nl == 0) {
    buf[0] = '\0';
    return;
  }
  int h = d->height > 0 ? d->height : 1;
  int last = d->top + h < d->nl ? d->top + h : d->nl;
  snprintf(buf, (size_t)n, "%d-%d/%d", d->top + 1, last, d->nl);
}

void reader_dump(app *a, FILE *f)
{
  struct reader *r = a->rd;
  fprintf(f, "node: %s\n", r->have ? r->rec.id : "-");
  doc_dump(&r->text, f, "reader");
  doc_dump(&r->refs, f, "refs");
  fprintf(f, "highlight: %s\nmatch: %d/%d\n", r->query ? r->query : "-", r->mcur + 1, r->nm);
}
