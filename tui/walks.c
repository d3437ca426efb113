/* walks.c — see walks.h. */
#include "walks.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "msg.h"
#include "util.h"
#include "walk.h"

/* ---- marks and labels ---- */

static const enum msg_id status_label[GN_ST__COUNT] = {
  [GN_ST_UNREVIEWED] = MSG_WV_ST_UNREVIEWED, [GN_ST_COMPLIANT] = MSG_WV_ST_COMPLIANT,
  [GN_ST_PARTIAL] = MSG_WV_ST_PARTIAL, [GN_ST_NONCOMPLIANT] = MSG_WV_ST_NONCOMPLIANT,
  [GN_ST_NA] = MSG_WV_ST_NA,
};

/* The mark of a status; ASCII under the ambiguous-width option (○ △ × are
 * ambiguous, and the marks must stay one column each: . o ^ x -). */
static const char *mark_of(gn_status s, int flags)
{
  static const char *const ascii[GN_ST__COUNT] = {".", "o", "^", "x", "-"};
  if ((unsigned)s >= GN_ST__COUNT)
    s = GN_ST_UNREVIEWED;
  if (flags & WRAP_AMBI)
    return ascii[s];
  const char *m = gn_walk_status_mark(s);
  return m && *m ? m : ascii[s];
}

static int mark_role(gn_status s)
{
  switch (s) {
  case GN_ST_UNREVIEWED: return R_DIM;
  case GN_ST_NONCOMPLIANT: return R_MARK;
  default: return R_LABEL;
  }
}

/* The stale marker: a character, never a colour alone. */
#define STALE_MARK "!"

/* ---- what the walkthrough view keeps ---- */

enum { FOCUS_LIST, FOCUS_DETAIL };

typedef struct wv {
  app *a;
  char *walk;                 /* "w3" */
  char *checklist, *cl_title, *name;
  int nitems, counts[GN_ST__COUNT], nstale;
  gn_answers ans;             /* statuses clamped to a gn_status */
  int loaded;                 /* the answers are current */
  int gen;                    /* bumped at every load */
  char *err;                  /* why the walkthrough could not be read */
  int focus;
  char *select;               /* item to select after the next build */
  /* the detail pane */
  doc det;
  char *det_item;
  int det_width, det_flags, det_gen;
  int want_top, want_cur;     /* apply after the next detail build (-1: no) */
  char *first_node;           /* the first node the shown item checks */
  /* the note prompt */
  int pending;                /* status waiting for its note, -1 none */
  char *pending_item;
} wv;

static void wv_free(view *v)
{
  wv *w = v->priv;
  if (!w)
    return;
  gn_answers_free(&w->ans);
  free(w->walk);
  free(w->checklist);
  free(w->cl_title);
  free(w->name);
  free(w->err);
  free(w->select);
  doc_free(&w->det);
  free(w->det_item);
  free(w->first_node);
  free(w->pending_item);
  free(w);
  v->priv = NULL;
}

static int on_walk(const gn_walk *g, void *ctx)
{
  wv *w = ctx;
  free(w->checklist);
  free(w->cl_title);
  free(w->name);
  w->checklist = gn_xstrdup0(g->checklist);
  w->cl_title = gn_xstrdup0(g->checklist_title && *g->checklist_title ? g->checklist_title
                                                                       : g->checklist);
  w->name = gn_xstrdup0(g->name);
  w->nitems = g->nitems;
  memcpy(w->counts, g->counts, sizeof w->counts);
  w->nstale = g->nstale;
  return 0;
}

static int on_answer(const gn_answer *x, void *ctx)
{
  wv *w = ctx;
  gn_answers_collect(x, &w->ans);
  gn_answer *k = &w->ans.v[w->ans.n - 1];
  if ((unsigned)k->status >= GN_ST__COUNT)
    k->status = GN_ST_UNREVIEWED;
  return 0;
}

static void load(app *a, wv *w)
{
  if (w->loaded)
    return;
  gn_answers_free(&w->ans);
  free(w->err);
  w->err = NULL;
  w->loaded = 1;
  w->gen++;
  if (!a->state) {
    w->err = gn_xstrdup(a->state_path && *a->state_path ? a->state_path : "-");
    return;
  }
  int rc = gn_walk_get(a->state, a->db, w->walk, on_walk, w);
  if (rc == GN_OK)
    rc = gn_walk_answers(a->state, a->db, w->walk, on_answer, w);
  if (rc != GN_OK)
    w->err = gn_xstrdup(gn_walk_errmsg(a->state));
}

static const gn_answer *selected(const view *v)
{
  const wv *w = v->priv;
  const char *l = doc_link(&v->doc);
  if (!w || !l || strncmp(l, "item:", 5) != 0)
    return NULL;
  for (int i = 0; i < w->ans.n; i++)
    if (strcmp(w->ans.v[i].item, l + 5) == 0)
      return &w->ans.v[i];
  return NULL;
}

/* ---- geometry ---- */

typedef struct wgeo {
  rect b;                     /* the whole body */
  int wide, border_x;
  rect list, det;             /* content, below the pane header */
} wgeo;

static void geometry(const app *a, wgeo *g)
{
  rect b = a->lay.body;
  g->b = b;
  g->wide = b.w >= LAYOUT_WIDE_COLS;
  int y = b.y + 3, h = b.h - 3;
  if (h < 1)
    h = 1;
  if (g->wide) {
    int lw = b.w * 3 / 8;
    if (lw > 40)
      lw = 40;
    g->border_x = b.x + lw;
    g->list = (rect){y, b.x, h, lw};
    g->det = (rect){y, b.x + lw + 1, h, b.w - lw - 1};
  } else {
    g->border_x = -1;
    g->list = g->det = (rect){y, b.x, h, b.w};
  }
}

/* ---- the list of items (the view's doc) ---- */

static void build_list(app *a, view *v, int width)
{
  (void)width;
  wv *w = v->priv;
  doc *d = &v->doc;
  load(a, w);
  if (w->err) {
    doc_entry(d, NULL, 0);
    char *m = msg_fmt(MSG_WV_LOAD_FAIL, w->walk, w->err);
    doc_para(d, m, R_ERROR, 1, 1);
    free(m);
    return;
  }
  for (int i = 0; i < w->ans.n; i++) {
    const gn_answer *x = &w->ans.v[i];
    char *link = gn_xasprintf("item:%s", x->item);
    doc_entry(d, link, 1);
    free(link);
    int from = doc_add(d, x->stale || x->vanished ? STALE_MARK : " ", -1, R_MARK);
    const char *m = mark_of(x->status, a->flags);
    doc_add(d, m, -1, mark_role(x->status));
    doc_add(d, wt_strwidth(m, a->flags) < 2 ? "  " : " ", -1, R_NORMAL);
    if (x->vanished) {
      doc_add(d, x->item, -1, R_DIM);
      doc_add(d, " ", -1, R_NORMAL);
      doc_add(d, msg(MSG_WV_GONE), -1, R_DIM);
    } else {
      doc_add(d, x->number, -1, R_LABEL);
      doc_add(d, " ", -1, R_NORMAL);
      doc_add(d, x->question, -1, R_NORMAL);
    }
    doc_line(d, from, 0);
  }
}

/* Scroll so that the selected entry is in sight, with a line above it when
 * there is room (doc_show_line would lose the selection in a pane of one
 * or two rows). */
static void show_selected(doc *d, int h)
{
  if (d->cur < 0 || d->cur >= d->ne || h < 1)
    return;
  int first = d->e[d->cur].first;
  int ctx = h > 2 ? 1 : 0;
  if (first - ctx < d->top)
    d->top = first - ctx;
  else if (first >= d->top + h)
    d->top = first - h + 1;
  if (d->top < 0)
    d->top = 0;
}

static void select_item(app *a, view *v, const char *item)
{
  char *link = gn_xasprintf("item:%s", item);
  if (doc_select(&v->doc, link)) {
    wgeo g;
    geometry(a, &g);
    show_selected(&v->doc, g.list.h);
  }
  free(link);
}

static void list_built(app *a, view *v)
{
  wv *w = v->priv;
  if (w->select) {
    select_item(a, v, w->select);
    free(w->select);
    w->select = NULL;
  }
}

/* ---- the detail pane ---- */

static int is_node(const gn_olink *k)
{
  return strcmp(k->kind, "node") == 0;
}

static void link_line(doc *d, const gn_olink *k, int indent)
{
  doc_entry(d, app_link(k->kind, k->id), 1);
  char *label = app_link_label(k->kind, k->volume, k->number, 1);
  int from = doc_add(d, label, -1, R_LINK);
  free(label);
  doc_add(d, " ", -1, R_NORMAL);
  doc_add(d, k->title, -1, R_NORMAL);
  doc_wrap(d, from, indent, indent + 2, 0);
  doc_entry(d, NULL, 0);
}

static void build_detail(app *a, wv *w, const gn_answer *x, int width)
{
  doc *d = &w->det;
  doc_reset(d, width, a->flags);
  doc_rewind(d);
  free(w->first_node);
  w->first_node = NULL;
  doc_entry(d, NULL, 0);
  /* number and question */
  int from = doc_add(d, x->vanished ? x->item : x->number, -1, R_TITLE);
  doc_add(d, " ", -1, R_TITLE);
  doc_add(d, x->vanished ? msg(MSG_WV_GONE) : x->question, -1, R_TITLE);
  doc_wrap(d, from, 0, 2, 0);
  /* status, stale */
  from = doc_add(d, msg(MSG_WV_STATUS), -1, R_LABEL);
  doc_add(d, mark_of(x->status, a->flags), -1, mark_role(x->status));
  doc_add(d, " ", -1, R_NORMAL);
  doc_add(d, msg(status_label[x->status]), -1, R_NORMAL);
  doc_wrap(d, from, 0, 2, 0);
  if (x->vanished)
    doc_para(d, msg(MSG_WV_VANISHED_TEXT), R_MARK, 0, 2);
  else if (x->stale)
    doc_para(d, msg(MSG_WV_STALE_TEXT), R_MARK, 0, 2);
  /* the note */
  if (*x->note) {
    doc_labelled(d, msg(MSG_WV_NOTE), R_LABEL, x->note, R_NORMAL, 0);
  } else {
    from = doc_add(d, msg(MSG_WV_NOTE), -1, R_LABEL);
    doc_add(d, msg(MSG_WV_NO_NOTE), -1, R_DIM);
    doc_wrap(d, from, 0, 2, 0);
  }
  if (x->vanished) {
    doc_done(d);
    return;
  }
  gn_rec r = {0};
  if (gn_get(a->db, x->item, &r) == GN_OK) {
    doc_blank(d);
    doc_labelled(d, msg(MSG_GUIDANCE), R_LABEL, r.guidance ? r.guidance : r.body, R_NORMAL, 0);
    doc_labelled(d, msg(MSG_EVIDENCE), R_LABEL, r.evidence, R_NORMAL, 0);
    doc_labelled(d, msg(MSG_PROCEDURE), R_LABEL, r.procedure, R_NORMAL, 0);
  }
  gn_rec_clear(&r);
  gn_linkv ls = {0};
  gn_refs(a->db, x->item, gn_linkv_collect, &ls);
  int nn = 0, np = 0;
  for (int i = 0; i < ls.n; i++) {
    if (strcmp(ls.v[i].direction, "out") != 0)
      continue;
    if (is_node(&ls.v[i]) && strcmp(ls.v[i].relation, "checks") == 0)
      nn++;
    else if (strcmp(ls.v[i].kind, "point") == 0)
      np++;
  }
  if (nn) {
    doc_blank(d);
    doc_para(d, msg(MSG_CHECKS), R_LABEL, 0, 0);
    for (int i = 0; i < ls.n; i++)
      if (strcmp(ls.v[i].direction, "out") == 0 && is_node(&ls.v[i]) &&
          strcmp(ls.v[i].relation, "checks") == 0) {
        link_line(d, &ls.v[i], 2);
        if (!w->first_node)
          w->first_node = gn_xstrdup(ls.v[i].id);
      }
  }
  if (np) {
    doc_para(d, msg(MSG_REL_REVISION), R_LABEL, 0, 0);
    for (int i = 0; i < ls.n; i++)
      if (strcmp(ls.v[i].direction, "out") == 0 && strcmp(ls.v[i].kind, "point") == 0)
        link_line(d, &ls.v[i], 2);
  }
  /* the text of the nodes it checks */
  for (int i = 0; i < ls.n; i++) {
    const gn_olink *k = &ls.v[i];
    if (strcmp(k->direction, "out") != 0 || !is_node(k) || strcmp(k->relation, "checks") != 0)
      continue;
    gn_rec n = {0};
    if (gn_get(a->db, k->id, &n) != GN_OK) {
      gn_rec_clear(&n);
      continue;
    }
    doc_entry(d, NULL, 0);
    doc_blank(d);
    doc_entry(d, app_link("node", n.id), 1);
    char *cite = app_node_cite(n.volume, n.number, n.nkind);
    from = doc_add(d, cite, -1, R_LINK);
    free(cite);
    doc_add(d, " ", -1, R_TITLE);
    doc_add(d, n.title, -1, R_TITLE);
    doc_wrap(d, from, 0, 2, 0);
    doc_entry(d, NULL, 0);
    if (n.body && *n.body) {
      int len = (int)strlen(n.body);
      while (len > 0 && n.body[len - 1] == '\n')
        len--;
      from = doc_add(d, n.body, len, R_NORMAL);
      doc_wrap(d, from, 0, 0, 0);
    } else {
      doc_para(d, msg(MSG_NO_BODY), R_DIM, 0, 0);
    }
    gn_rec_clear(&n);
  }
  gn_linkv_free(&ls);
  doc_done(d);
}

/* Build the detail for the selected item at width when anything changed. */
static void ensure_detail(app *a, view *v, int width, int height)
{
  wv *w = v->priv;
  const gn_answer *x = selected(v);
  if (!x) {
    doc_reset(&w->det, width, a->flags);
    doc_done(&w->det);
    free(w->det_item);
    w->det_item = NULL;
    return;
  }
  int same_item = w->det_item && strcmp(w->det_item, x->item) == 0;
  if (same_item && w->det_width == width && w->det_flags == a->flags && w->det_gen == w->gen)
    return;
  int top = w->det.top, cur = w->det.cur;
  build_detail(a, w, x, width);
  w->det.height = height;
  if (same_item) {
    /* a rebuild of the same item (resize, new answer): stay in place */
    w->det.top = top;
    w->det.cur = cur < w->det.ne ? cur : -1;
  }
  if (w->want_top >= 0) {
    w->det.top = w->want_top;
    w->det.cur = w->want_cur >= 0 && w->want_cur < w->det.ne && w->det.e[w->want_cur].selectable
                   ? w->want_cur : -1;
    w->want_top = w->want_cur = -1;
  }
  int mt = w->det.nl - height;
  if (w->det.top > mt)
    w->det.top = mt > 0 ? mt : 0;
  if (w->det.top < 0)
    w->det.top = 0;
  free(w->det_item);
  w->det_item = gn_xstrdup(x->item);
  w->det_width = width;
  w->det_flags = a->flags;
  w->det_gen = w->gen;
}

/* ---- drawing ---- */

/* The progress line: the first of these that fits. */
static char *progress_text(app *a, const wv *w, int width)
{
  static const gn_status order[] = {GN_ST_COMPLIANT, GN_ST_PARTIAL, GN_ST_NONCOMPLIANT,
                                    GN_ST_NA, GN_ST_UNREVIEWED};
  int reviewed = w->nitems - w->counts[GN_ST_UNREVIEWED];
  if (reviewed < 0)
    reviewed = 0;
  char *out = NULL;
  for (int tier = 0; tier < 3; tier++) {
    gn_buf b = {0};
    if (tier < 2) {
      char *p = msg_fmt(MSG_WV_PROGRESS, reviewed, w->nitems);
      gn_buf_puts(&b, p);
      free(p);
    } else {
      gn_buf_printf(&b, "%d/%d", reviewed, w->nitems);
    }
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
      gn_status s = order[i];
      const char *m = mark_of(s, a->flags);
      if (tier == 0 || (tier == 1 && s == GN_ST_UNREVIEWED))
        gn_buf_printf(&b, "  %s%s %d", m, msg(status_label[s]), w->counts[s]);
      else if (tier == 1)
        gn_buf_printf(&b, "  %s %d", m, w->counts[s]);
      else
        gn_buf_printf(&b, " %s%d", m, w->counts[s]);
    }
    if (tier < 2)
      gn_buf_printf(&b, "  %s%s %d", STALE_MARK, msg(MSG_WV_STALE), w->nstale);
    else
      gn_buf_printf(&b, " %s%d", STALE_MARK, w->nstale);
    free(out);
    out = b.s ? b.s : gn_xstrdup("");
    if (wt_strwidth(out, a->flags) <= width)
      break;
  }
  return out;
}

/* After a resize: no empty rows below the end while there is text above. */
static void clamp_top(doc *d, int h)
{
  int mt = d->nl - h;
  if (d->top > mt)
    d->top = mt > 0 ? mt : 0;
}

static void pane_tab(int y, int x, int w, const char *name, int focused)
{
  char *s = gn_xasprintf(focused ? "[%s]" : " %s ", name);
  draw_str(y, x, w, s, focused ? R_HEAD_FOCUS : R_HEAD, SEL_NONE, 0);
  free(s);
}

static void draw_walk(app *a, view *v, rect b)
{
  wv *w = v->priv;
  wgeo g;
  geometry(a, &g);
  /* title bar */
  draw_fill(b.y, b.x, b.w, R_HEAD_FOCUS, SEL_NONE);
  draw_str(b.y, b.x + 1, b.w - 1, v->title ? v->title : "", R_HEAD_FOCUS, SEL_NONE, a->flags);
  if (b.h < 2)
    return;
  /* progress */
  if (!w->err) {
    char *p = progress_text(a, w, b.w - 1);
    draw_str(b.y + 1, b.x + 1, b.w - 1, p, R_NORMAL, SEL_NONE, a->flags);
    free(p);
  }
  if (b.h < 3)
    return;
  /* pane headers */
  int hy = b.y + 2;
  if (g.wide) {
    draw_fill(hy, g.list.x, g.list.w, w->focus == FOCUS_LIST ? R_HEAD_FOCUS : R_HEAD, SEL_NONE);
    pane_tab(hy, g.list.x, g.list.w, msg(MSG_WV_PANE_ITEMS), w->focus == FOCUS_LIST);
    draw_vline(hy, g.border_x, b.y + b.h - hy);
    draw_fill(hy, g.det.x, g.det.w, w->focus == FOCUS_DETAIL ? R_HEAD_FOCUS : R_HEAD, SEL_NONE);
    pane_tab(hy, g.det.x, g.det.w, msg(MSG_WV_PANE_DETAIL), w->focus == FOCUS_DETAIL);
  } else {
    draw_fill(hy, b.x, b.w, R_HEAD_FOCUS, SEL_NONE);
    int x = b.x;
    x += draw_str(hy, x, b.x + b.w - x, w->focus == FOCUS_LIST ? "[" : " ", R_HEAD_FOCUS,
                  SEL_NONE, 0);
    x += draw_str(hy, x, b.x + b.w - x, msg(MSG_WV_PANE_ITEMS), R_HEAD_FOCUS, SEL_NONE, 0);
    x += draw_str(hy, x, b.x + b.w - x, w->focus == FOCUS_LIST ? "] " : "  ", R_HEAD_FOCUS,
                  SEL_NONE, 0);
    if (x < b.x + b.w) {
      char *s = gn_xasprintf(w->focus == FOCUS_DETAIL ? "[%s]" : "%s", msg(MSG_WV_PANE_DETAIL));
      x += draw_str(hy, x, b.x + b.w - x, s, R_HEAD_FOCUS, SEL_NONE, 0);
      free(s);
    }
  }
  if (b.h < 4)
    return;
  /* the panes */
  clamp_top(&v->doc, g.list.h);
  show_selected(&v->doc, g.list.h);
  if (g.wide || w->focus == FOCUS_LIST)
    doc_draw(&v->doc, g.list.y, g.list.x, g.list.h, g.list.w, w->focus == FOCUS_LIST);
  else
    v->doc.height = g.list.h;
  if (g.wide || w->focus == FOCUS_DETAIL) {
    ensure_detail(a, v, g.det.w, g.det.h);
    clamp_top(&w->det, g.det.h);
    doc_draw(&w->det, g.det.y, g.det.x, g.det.h, g.det.w, w->focus == FOCUS_DETAIL);
  }
}

/* ---- recording ---- */

static int writable(app *a)
{
  if (a->state && gn_state_writable(a->state))
    return 1;
  app_msg(a, 1, MSG_WV_READONLY, a->state_path && *a->state_path ? a->state_path : "-");
  return 0;
}

static void reload(view *v)
{
  wv *w = v->priv;
  w->loaded = 0;
  v->dirty = 1;
}

/* The item after x in the list, or NULL. */
static const char *next_item(const view *v, const gn_answer *x)
{
  const wv *w = v->priv;
  for (int i = 0; i + 1 < w->ans.n; i++)
    if (&w->ans.v[i] == x)
      return w->ans.v[i + 1].item;
  return NULL;
}

static void after_record(app *a, view *v, const gn_answer *x, gn_status st, int advance)
{
  wv *w = v->priv;
  const char *nx = advance ? next_item(v, x) : NULL;
  char *label = x->vanished ? gn_xstrdup(x->item) : gn_xstrdup(x->number);
  app_msg(a, 0, nx || !advance ? MSG_WV_RECORDED : MSG_WV_RECORDED_LAST, label,
          mark_of(st, a->flags), msg(status_label[st]));
  free(label);
  free(w->select);
  w->select = gn_xstrdup(nx ? nx : x->item);
  /* Now, not at the next rebuild: keys typed ahead (a burst, a paste) are
   * handled before the screen is built again, and each must find the
   * answers as recorded and the selection on the next item. */
  reload(v);
  load(a, w);
  char *link = gn_xasprintf("item:%s", w->select);
  doc_select(&v->doc, link);
  free(link);
}

static void set_error(app *a, int rc)
{
  if (rc == GN_EUSAGE || rc == GN_NOTFOUND)
    app_msg(a, 1, MSG_WV_NOT_RECORDED, gn_walk_errmsg(a->state));
  else
    app_msg(a, 1, MSG_STATE_FAIL, gn_walk_errmsg(a->state));
}

/* Can an answer be recorded on x?  (Not on an item gone from the index.) */
static int recordable(app *a, const gn_answer *x)
{
  if (!x)
    return 0;
  if (x->vanished) {
    app_msg(a, 1, MSG_WV_VANISHED_RO, x->item);
    return 0;
  }
  return writable(a);
}

static void open_note(app *a, view *v, const gn_answer *x, int pending)
{
  wv *w = v->priv;
  w->pending = pending;
  free(w->pending_item);
  w->pending_item = gn_xstrdup(x->item);
  a->prompt = PROMPT_NOTE;
  edit_set(&a->line, x->note);
}

static void record(app *a, view *v, gn_status st)
{
  wv *w = v->priv;
  const gn_answer *x = selected(v);
  if (!recordable(a, x))
    return;
  if (st == GN_ST_NA && !*x->note) {
    open_note(a, v, x, GN_ST_NA);
    return;
  }
  int rc = gn_walk_set(a->state, a->db, w->walk, x->item, st, NULL);
  if (rc != GN_OK) {
    set_error(a, rc);
    return;
  }
  /* a status moves on to the next item; setting one back is a correction
   * and stays */
  after_record(a, v, x, st, st != GN_ST_UNREVIEWED);
}

static view *walk_on_top(app *a)
{
  view *v = app_top(a);
  return v && v->ops == &walk_view_ops ? v : NULL;
}

char *walks_prompt_label(app *a)
{
  view *v = walk_on_top(a);
  wv *w = v ? v->priv : NULL;
  const char *item = "";
  if (w && w->pending_item) {
    item = w->pending_item;
    for (int i = 0; i < w->ans.n; i++)
      if (strcmp(w->ans.v[i].item, w->pending_item) == 0 && *w->ans.v[i].number)
        item = w->ans.v[i].number;
  }
  return msg_fmt(w && w->pending == GN_ST_NA ? MSG_WV_NA_PROMPT : MSG_WV_NOTE_PROMPT, item);
}

static int is_space_at(const char *s, size_t i, size_t *len)
{
  if (s[i] == ' ') {
    *len = 1;
    return 1;
  }
  if ((unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
      (unsigned char)s[i + 2] == 0x80) {
    *len = 3;
    return 1;
  }
  return 0;
}

/* The text without spaces (ASCII or ideographic) at either end, malloc'd. */
static char *trim_spaces(const char *s)
{
  size_t n = strlen(s), i = 0, k;
  while (i < n && is_space_at(s, i, &k))
    i += k;
  size_t end = n;
  for (;;) {
    if (end > i && s[end - 1] == ' ')
      end--;
    else if (end >= i + 3 && (unsigned char)s[end - 3] == 0xE3 &&
             (unsigned char)s[end - 2] == 0x80 && (unsigned char)s[end - 1] == 0x80)
      end -= 3;
    else
      break;
  }
  return gn_xstrndup(s + i, end - i);
}

void walks_note_done(app *a, const char *text)
{
  view *v = walk_on_top(a);
  if (!v)
    return;
  wv *w = v->priv;
  const gn_answer *x = NULL;
  for (int i = 0; w->pending_item && i < w->ans.n; i++)
    if (strcmp(w->ans.v[i].item, w->pending_item) == 0)
      x = &w->ans.v[i];
  int pending = w->pending;
  w->pending = -1;
  if (!x || !writable(a))
    return;
  char *note = trim_spaces(text);
  gn_status st = pending >= 0 ? (gn_status)pending : x->status;
  if (st == GN_ST_NA && !*note) {
    app_msg(a, 1, MSG_WV_NA_NEEDS_NOTE);
    free(note);
    return;
  }
  int rc = gn_walk_set(a->state, a->db, w->walk, x->item, st, note);
  free(note);
  if (rc != GN_OK) {
    set_error(a, rc);
    return;
  }
  if (pending >= 0) {
    after_record(a, v, x, st, 1);
  } else {
    app_msg(a, 0, MSG_WV_NOTE_SAVED, *x->number ? x->number : x->item);
    reload(v);
  }
}

void walks_note_cancel(app *a)
{
  view *v = walk_on_top(a);
  if (!v)
    return;
  wv *w = v->priv;
  if (w->pending == GN_ST_NA)
    app_msg(a, 0, MSG_WV_NA_NEEDS_NOTE);
  w->pending = -1;
}

/* ---- moving ---- */

static int is_todo(const gn_answer *x)
{
  return x->status == GN_ST_UNREVIEWED || x->stale;
}

static void next_todo(app *a, view *v)
{
  wv *w = v->priv;
  const gn_answer *cur = selected(v);
  int start = 0;
  for (int i = 0; cur && i < w->ans.n; i++)
    if (&w->ans.v[i] == cur)
      start = i + 1;
  for (int k = 0; k < w->ans.n; k++) {
    const gn_answer *x = &w->ans.v[(start + k) % w->ans.n];
    if (x == cur || !is_todo(x))
      continue;
    select_item(a, v, x->item);
    return;
  }
  if (cur && is_todo(cur))
    app_msg(a, 0, MSG_WV_LAST_TODO);
  else
    app_msg(a, 0, MSG_WV_ALL_DONE);
}

/* The position to come back to, as a "walk:" link (malloc'd). */
static char *return_link(view *v)
{
  wv *w = v->priv;
  const gn_answer *x = selected(v);
  return gn_xasprintf("walk:%s %s %d %d", w->walk, x ? x->item : "-", w->det.top, w->det.cur);
}

static int follow(app *a, view *v, const char *link)
{
  if (!link)
    return RE_NONE;
  char *copy = gn_xstrdup(link);
  char *back = return_link(v);
  /* the view goes when a node opens: keep what the message needs */
  char *walk = gn_xstrdup(((wv *)v->priv)->walk);
  if (strncmp(copy, "node:", 5) == 0) {
    gn_rec r = {0};
    int ok = gn_get(a->db, copy + 5, &r) == GN_OK;
    gn_rec_clear(&r);
    if (ok) {
      /* the history: where the reader was, then this walkthrough */
      app_hist_push(a);
      app_hist_push_link(a, back);
      if (app_open(a, copy + 5, -1, 1) == GN_OK) {
        a->focus = PANE_READER;
        app_msg(a, 0, MSG_WV_FOLLOWED, walk);
      }
    } else {
      app_msg(a, 1, MSG_NOT_FOUND, copy + 5);
    }
  } else {
    app_follow(a, copy);
  }
  free(walk);
  free(back);
  free(copy);
  return RE_REDRAW;
}

static int mouse(app *a, view *v, enum action act, const disp_ev *ev)
{
  wv *w = v->priv;
  wgeo g;
  geometry(a, &g);
  int in_list = g.wide ? ev->x < g.border_x : w->focus == FOCUS_LIST;
  rect r = in_list ? g.list : g.det;
  doc *d = in_list ? &v->doc : &w->det;
  if (act == ACT_WHEEL) {
    doc_scroll(d, ev->button == 4 ? -3 : 3, r.h);
    return RE_REDRAW;
  }
  if (ev->y == g.b.y + 2) {
    /* a pane header */
    if (g.wide)
      w->focus = in_list ? FOCUS_LIST : FOCUS_DETAIL;
    else
      w->focus = ev->x < g.b.x + wt_strwidth(msg(MSG_WV_PANE_ITEMS), 0) + 2 ? FOCUS_LIST
                                                                            : FOCUS_DETAIL;
    return RE_REDRAW;
  }
  if (ev->y < r.y)
    return RE_NONE;
  int e = doc_entry_at(d, ev->y - r.y);
  if (e < 0 || !d->e[e].selectable)
    return RE_NONE;
  d->cur = e;
  w->focus = in_list ? FOCUS_LIST : FOCUS_DETAIL;
  if (!in_list)
    return follow(a, v, d->e[e].link);
  return RE_REDRAW;
}

static int walk_key(app *a, view *v, const disp_ev *ev, enum action act)
{
  wv *w = v->priv;
  wgeo g;
  geometry(a, &g);
  if (w->err && act != ACT_CLICK && act != ACT_WHEEL)
    return RE_UNHANDLED;
  /* text typed straight away (an input method's burst): the note */
  if (ev->type == EV_CHAR && ev->code >= 0x80) {
    const gn_answer *x = selected(v);
    if (recordable(a, x)) {
      open_note(a, v, x, -1);
      edit_add(&a->line, (wchar_t)ev->code);
    }
    return RE_REDRAW;
  }
  doc *focused = w->focus == FOCUS_LIST ? &v->doc : &w->det;
  int h = w->focus == FOCUS_LIST ? g.list.h : g.det.h;
  switch (act) {
  case ACT_DOWN: case ACT_UP: case ACT_PGDN: case ACT_PGUP: case ACT_TOP: case ACT_BOTTOM:
    if (w->focus == FOCUS_DETAIL)
      ensure_detail(a, v, g.det.w, g.det.h);
    doc_act(focused, act, h);
    return RE_REDRAW;
  case ACT_NEXT_PANE: case ACT_PREV_PANE:
    w->focus = w->focus == FOCUS_LIST ? FOCUS_DETAIL : FOCUS_LIST;
    return RE_REDRAW;
  case ACT_EXPAND:
    w->focus = FOCUS_DETAIL;
    return RE_REDRAW;
  case ACT_FORWARD:
    return RE_NONE;
  case ACT_ENTER:
    if (w->focus == FOCUS_LIST) {
      if (selected(v))
        w->focus = FOCUS_DETAIL;
      return RE_REDRAW;
    }
    ensure_detail(a, v, g.det.w, g.det.h);
    if (doc_link(&w->det))
      return follow(a, v, doc_link(&w->det));
    if (w->first_node) {
      char *l = gn_xstrdup(app_link("node", w->first_node));
      int rc = follow(a, v, l);
      free(l);
      return rc;
    }
    app_msg(a, 0, MSG_NO_LINK);
    return RE_REDRAW;
  case ACT_BACK: case ACT_COLLAPSE:
    if (w->focus == FOCUS_DETAIL) {
      w->focus = FOCUS_LIST;
      return RE_REDRAW;
    }
    app_pop(a);
    return RE_REDRAW;
  case ACT_ST_COMPLIANT: record(a, v, GN_ST_COMPLIANT); return RE_REDRAW;
  case ACT_ST_PARTIAL: record(a, v, GN_ST_PARTIAL); return RE_REDRAW;
  case ACT_ST_NONCOMPLIANT: record(a, v, GN_ST_NONCOMPLIANT); return RE_REDRAW;
  case ACT_ST_NA: record(a, v, GN_ST_NA); return RE_REDRAW;
  case ACT_ST_UNREVIEWED: record(a, v, GN_ST_UNREVIEWED); return RE_REDRAW;
  case ACT_NOTE: {
    const gn_answer *x = selected(v);
    if (recordable(a, x))
      open_note(a, v, x, -1);
    return RE_REDRAW;
  }
  case ACT_NEXT_TODO:
    next_todo(a, v);
    return RE_REDRAW;
  case ACT_WALK:
    walks_open_list(a);
    return RE_REDRAW;
  case ACT_WALK_NEW: {
    char *cl = gn_xstrdup(w->checklist ? w->checklist : "");
    walks_start(a, cl, NULL, 1);
    free(cl);
    return RE_REDRAW;
  }
  case ACT_CLICK: case ACT_WHEEL:
    return mouse(a, v, act, ev);
  default:
    return RE_UNHANDLED;
  }
}

/* ---- remembering the place ---- */

static void save_place(app *a, view *v)
{
  wv *w = v->priv;
  const gn_answer *x = selected(v);
  if (!w || !x || !a->state || !gn_state_writable(a->state))
    return;
  char *key = gn_xasprintf("walk:%s", w->walk);
  gn_state_pos_set(a->state, key, x->item, 0);
  free(key);
}

static void walk_dump(app *a, view *v, FILE *f)
{
  wv *w = v->priv;
  (void)a;
  const gn_answer *x = selected(v);
  fprintf(f, "walk: %s\nwalk.checklist: %s\nwalk.focus: %s\nwalk.item: %s\n", w->walk,
          w->checklist ? w->checklist : "-", w->focus == FOCUS_LIST ? "list" : "detail",
          x ? x->item : "-");
  fprintf(f, "walk.counts:");
  for (int s = 0; s < GN_ST__COUNT; s++)
    fprintf(f, " %s=%d", gn_walk_status_name((gn_status)s), w->counts[s]);
  fprintf(f, " stale=%d items=%d\n", w->nstale, w->nitems);
  for (int i = 0; i < w->ans.n; i++)
    fprintf(f, "walk.answer: %s %s%s%s note=%s\n", w->ans.v[i].item,
            gn_walk_status_name(w->ans.v[i].status), w->ans.v[i].stale ? " stale" : "",
            w->ans.v[i].vanished ? " vanished" : "", w->ans.v[i].note);
  fprintf(f, "walk.pending: %s\n", w->pending >= 0 ? gn_walk_status_name((gn_status)w->pending)
                                                   : "-");
  doc_dump(&w->det, f, "walk.detail");
}

/* The view is freed when it is closed, when a node is opened and at quit:
 * each time, the selected item is kept for the next visit. */
static void walk_free(view *v)
{
  wv *w = v->priv;
  if (w && w->a)
    save_place(w->a, v);
  wv_free(v);
}

const view_ops walk_view_ops = {
  .name = "walk",
  .build = build_list,
  .built = list_built,
  .key = walk_key,
  .draw = draw_walk,
  .dump = walk_dump,
  .free = walk_free,
};

static char *walk_title(const wv *w)
{
  if (w->name && *w->name)
    return msg_fmt(MSG_WV_TITLE_NAMED, w->walk, w->cl_title ? w->cl_title : "", w->name);
  return msg_fmt(MSG_WV_TITLE, w->walk, w->cl_title ? w->cl_title : "");
}

/* Open walkthrough id (item: select it; NULL: where it was left). */
static view *open_walk(app *a, const char *id, const char *item)
{
  /* already open below: go back down to it */
  for (int i = a->nstack - 1; i >= 0; i--) {
    view *o = a->stack[i];
    if (o->ops == &walk_view_ops && strcmp(((wv *)o->priv)->walk, id) == 0) {
      while (app_top(a) != o)
        app_pop(a);
      if (item) {
        wv *w = o->priv;
        free(w->select);
        w->select = gn_xstrdup(item);
        reload(o);
      }
      return o;
    }
  }
  wv *w = gn_xcalloc(1, sizeof *w);
  w->a = a;
  w->walk = gn_xstrdup(id);
  w->pending = -1;
  w->want_top = w->want_cur = -1;
  doc_init(&w->det, 0);
  load(a, w);
  if (w->err) {
    app_msg(a, 1, MSG_WV_LOAD_FAIL, id, w->err);
    view tmp = {0};
    tmp.priv = w;
    wv_free(&tmp);
    return NULL;
  }
  if (item) {
    w->select = gn_xstrdup(item);
  } else if (a->state) {
    char *key = gn_xasprintf("walk:%s", id), *it = NULL;
    int line;
    if (gn_state_pos_get(a->state, key, &it, &line) == GN_OK)
      w->select = it;
    else
      free(it);
    free(key);
  }
  view *v = app_push(a, &walk_view_ops, id, 0);
  v->priv = w;
  v->title = walk_title(w);
  v->hint = msg(MSG_WV_HINT);
  return v;
}

static void say_resumed(app *a, const char *id, int fresh)
{
  view *v = walk_on_top(a);
  if (!v)
    return;
  wv *w = v->priv;
  int reviewed = w->nitems - w->counts[GN_ST_UNREVIEWED];
  if (fresh)
    app_msg(a, 0, MSG_WV_STARTED, id, w->cl_title ? w->cl_title : "");
  else
    app_msg(a, 0, MSG_WV_RESUMED, id, reviewed < 0 ? 0 : reviewed, w->nitems);
}

int walks_start(app *a, const char *checklist, const char *item, int fresh)
{
  if (!checklist || !*checklist)
    return GN_NOTFOUND;
  char *id = NULL;
  int rc = GN_NOTFOUND;
  if (a->state && !fresh)
    rc = gn_walk_latest(a->state, checklist, &id);
  int started = 0;
  if (rc != GN_OK) {
    free(id);
    id = NULL;
    if (!writable(a))
      return GN_EIO;
    rc = gn_walk_new(a->state, a->db, checklist, NULL, &id);
    if (rc != GN_OK) {
      set_error(a, rc);
      free(id);
      return rc;
    }
    started = 1;
  }
  if (open_walk(a, id, item))
    say_resumed(a, id, started);
  free(id);
  return GN_OK;
}

int walks_follow(app *a, const char *arg)
{
  char id[64], item[512];
  int top = -1, cur = -1;
  int n = sscanf(arg, "%63s %511s %d %d", id, item, &top, &cur);
  if (n < 1)
    return GN_NOTFOUND;
  view *v = open_walk(a, id, n >= 2 && strcmp(item, "-") != 0 ? item : NULL);
  if (!v)
    return GN_NOTFOUND;
  wv *w = v->priv;
  if (n >= 3) {
    /* back from a node followed from the detail pane */
    w->focus = FOCUS_DETAIL;
    w->want_top = top;
    w->want_cur = n >= 4 ? cur : -1;
    free(w->det_item);
    w->det_item = NULL;
  } else {
    say_resumed(a, id, 0);
  }
  return GN_OK;
}

int walks_elsewhere(app *a, enum action act)
{
  if (act == ACT_WALK)
    return walks_open_list(a);
  app_msg(a, 0, MSG_WV_ONLY_IN_WALK);
  return GN_OK;
}

void walks_save_open(app *a)
{
  if (!a->state || !gn_state_writable(a->state))
    return;
  for (int i = a->nstack - 1; i >= 0; i--)
    if (a->stack[i]->ops == &walk_view_ops) {
      gn_state_setting_set(a->state, "walk", ((wv *)a->stack[i]->priv)->walk);
      return;
    }
  char *old = NULL;
  if (gn_state_setting_get(a->state, "walk", &old) == GN_OK && old && *old)
    gn_state_setting_set(a->state, "walk", "");
  free(old);
}

void walks_restore(app *a)
{
  char *id = NULL;
  if (a->state && gn_state_setting_get(a->state, "walk", &id) == GN_OK && id && *id) {
    char *keep = a->msg ? gn_xstrdup(a->msg) : NULL;
    int err = a->msg_err;
    if (open_walk(a, id, NULL)) {
      say_resumed(a, id, 0);
    } else if (keep) {
      app_msg_text(a, err, keep);     /* a walkthrough since deleted: as if none */
    } else {
      free(a->msg);
      a->msg = NULL;
    }
    free(keep);
  }
  free(id);
}

/* ---- the list of walkthroughs ---- */

typedef struct wsum {
  char *id, *checklist;
} wsum;

typedef struct wlist {
  app *a;
  doc *d;
  wsum *v;
  int n, cap;
} wlist;

static int on_list(const gn_walk *g, void *ctx)
{
  wlist *l = ctx;
  app *a = l->a;
  doc *d = l->d;
  char *link = gn_xasprintf("walk:%s", g->id);
  doc_entry(d, link, 1);
  free(link);
  wsum s = {gn_xstrdup0(g->id), gn_xstrdup0(g->checklist)};
  GN_PUSH(l->v, l->n, l->cap, s);
  int from = doc_add(d, g->id, -1, R_KEY);
  doc_add(d, "  ", -1, R_NORMAL);
  doc_add(d, g->checklist_title && *g->checklist_title ? g->checklist_title : g->checklist, -1,
          R_TITLE);
  if (g->name && *g->name) {
    doc_add(d, "  ", -1, R_NORMAL);
    doc_add(d, g->name, -1, R_NORMAL);
  }
  doc_wrap(d, from, 1, 5, 0);
  wv tmp = {0};
  tmp.nitems = g->nitems;
  memcpy(tmp.counts, g->counts, sizeof tmp.counts);
  tmp.nstale = g->nstale;
  char *p = progress_text(a, &tmp, d->width - 5);
  from = doc_add(d, p, -1, R_DIM);
  free(p);
  doc_line(d, from, 5);
  return 0;
}

static void wlist_free_priv(view *v)
{
  wlist *l = v->priv;
  if (!l)
    return;
  for (int i = 0; i < l->n; i++) {
    free(l->v[i].id);
    free(l->v[i].checklist);
  }
  free(l->v);
  free(l);
  v->priv = NULL;
}

static void build_walks(app *a, view *v, int width)
{
  (void)width;
  wlist *l = v->priv;
  for (int i = 0; i < l->n; i++) {
    free(l->v[i].id);
    free(l->v[i].checklist);
  }
  l->n = 0;
  l->a = a;
  l->d = &v->doc;
  int rc = a->state ? gn_walk_list(a->state, a->db, on_list, l) : GN_EIO;
  if (rc != GN_OK) {
    doc_entry(&v->doc, NULL, 0);
    char *m = a->state ? msg_fmt(MSG_WV_LIST_FAIL, gn_walk_errmsg(a->state))
                       : msg_fmt(MSG_WV_NO_STATE,
                                 a->state_path && *a->state_path ? a->state_path : "-");
    doc_para(&v->doc, m, R_ERROR, 1, 1);
    free(m);
  } else if (l->n == 0) {
    doc_entry(&v->doc, NULL, 0);
    doc_para(&v->doc, msg(MSG_WV_WALKS_EMPTY), R_DIM, 1, 1);
  }
}

static int walks_key(app *a, view *v, const disp_ev *ev, enum action act)
{
  (void)ev;
  wlist *l = v->priv;
  const char *link = doc_link(&v->doc);
  if (act == ACT_WALK) {
    if (link) {
      char *copy = gn_xstrdup(link);
      app_follow(a, copy);
      free(copy);
    }
    return RE_REDRAW;
  }
  if (act == ACT_WALK_NEW) {
    for (int i = 0; link && i < l->n; i++)
      if (strcmp(link + 5, l->v[i].id) == 0) {
        char *cl = gn_xstrdup(l->v[i].checklist);
        walks_start(a, cl, NULL, 1);
        free(cl);
        break;
      }
    return RE_REDRAW;
  }
  if (act == ACT_ST_COMPLIANT || act == ACT_ST_PARTIAL || act == ACT_ST_NONCOMPLIANT ||
      act == ACT_ST_NA || act == ACT_ST_UNREVIEWED || act == ACT_NOTE || act == ACT_NEXT_TODO) {
    app_msg(a, 0, MSG_WV_ONLY_IN_WALK);
    return RE_REDRAW;
  }
  return RE_UNHANDLED;
}

static void walks_dump(app *a, view *v, FILE *f)
{
  (void)a;
  wlist *l = v->priv;
  fprintf(f, "walks: %d\n", l ? l->n : 0);
}

const view_ops walks_view_ops = {
  .name = "walks",
  .build = build_walks,
  .key = walks_key,
  .dump = walks_dump,
  .free = wlist_free_priv,
};

int walks_open_list(app *a)
{
  view *v = app_top(a);
  if (v && v->ops == &walks_view_ops) {
    v->dirty = 1;
    return GN_OK;
  }
  v = app_push(a, &walks_view_ops, NULL, 0);
  v->priv = gn_xcalloc(1, sizeof(wlist));
  v->title = gn_xstrdup(msg(MSG_WV_WALKS));
  v->hint = msg(MSG_WV_WALKS_HINT);
  return GN_OK;
}
