/* views.c — see views.h. */
#include "views.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "msg.h"
#include "reader.h"
#include "util.h"
#include "walks.h"

/* ---- small helpers ---- */

/* The first node that record id links to by relation, or NULL; the links
 * are kept in *ls (the returned id points into it), which the caller frees. */
static const char *first_node_link(gn_db *db, const char *id, const char *relation, gn_linkv *ls)
{
  gn_refs(db, id, gn_linkv_collect, ls);
  for (int k = 0; k < ls->n; k++)
    if (strcmp(ls->v[k].relation, relation) == 0 && strcmp(ls->v[k].kind, "node") == 0)
      return ls->v[k].id;
  return NULL;
}

/* Link lines for the links of rel (and direction) among ls. */
static int link_lines(doc *d, const gn_linkv *ls, const char *rel, const char *dir, int indent)
{
  int n = 0;
  for (int i = 0; i < ls->n; i++) {
    const gn_olink *k = &ls->v[i];
    if (strcmp(k->relation, rel) != 0 || (dir && strcmp(k->direction, dir) != 0))
      continue;
    doc_entry(d, app_link(k->kind, k->id), 1);
    char *label = app_link_label(k->kind, k->volume, k->number, 0);
    int from = doc_add(d, label, -1, R_LINK);
    free(label);
    if (d->t.n > from)
      doc_add(d, " ", -1, R_NORMAL);
    doc_add(d, k->title, -1, R_NORMAL);
    doc_line(d, from, indent);
    n++;
  }
  return n;
}

/* Entry indices by record id, to select a record after a build. */
typedef struct idpair {
  char *id;
  int entry;
} idpair;

typedef struct idmap {
  idpair *v;
  int n, cap;
} idmap;

static void idmap_add(idmap *m, const char *id, int entry)
{
  idpair p = {gn_xstrdup(id), entry};
  GN_PUSH(m->v, m->n, m->cap, p);
}

static void idmap_clear(idmap *m)
{
  for (int i = 0; i < m->n; i++)
    free(m->v[i].id);
  m->n = 0;
}

static void idmap_free(idmap *m)
{
  if (!m)
    return;
  idmap_clear(m);
  free(m->v);
  free(m);
}

static int idmap_find(const idmap *m, const char *id)
{
  for (int i = 0; m && i < m->n; i++)
    if (strcmp(m->v[i].id, id) == 0)
      return m->v[i].entry;
  return -1;
}

/* What a view with an idmap keeps in priv. */
typedef struct vpriv {
  idmap *map;
  char *select;       /* record to select after the next build */
} vpriv;

static vpriv *priv_of(view *v)
{
  if (!v->priv)
    v->priv = gn_xcalloc(1, sizeof(vpriv));
  vpriv *p = v->priv;
  if (!p->map)
    p->map = gn_xcalloc(1, sizeof(idmap));
  return p;
}

static void priv_free(view *v)
{
  vpriv *p = v->priv;
  if (!p)
    return;
  idmap_free(p->map);
  free(p->select);
  free(p);
  v->priv = NULL;
}

static void priv_apply_select(view *v)
{
  vpriv *p = v->priv;
  if (!p || !p->select)
    return;
  int e = idmap_find(p->map, p->select);
  if (e >= 0 && e < v->doc.ne) {
    v->doc.cur = e;
    v->doc.top = v->doc.e[e].first > 0 ? v->doc.e[e].first - 1 : 0;
    free(v->doc.keep_link);
    v->doc.keep_link = NULL;
  }
  free(p->select);
  p->select = NULL;
}

/* ---- revision points ---- */

typedef struct rem {
  char *role, *text;
  int inferred;
} rem;

typedef struct rems {
  rem *v;
  int n, cap;
} rems;

static int collect_remark(const gn_remark *m, void *ctx)
{
  rems *rs = ctx;
  rem r = {gn_xstrdup0(m->role), gn_xstrdup0(m->text), m->inferred};
  GN_PUSH(rs->v, rs->n, rs->cap, r);
  return 0;
}

static void rems_free(rems *rs)
{
  for (int i = 0; i < rs->n; i++) {
    free(rs->v[i].role);
    free(rs->v[i].text);
  }
  free(rs->v);
}

static void build_points(app *a, view *v, int width)
{
  (void)width;
  doc *d = &v->doc;
  vpriv *p = priv_of(v);
  idmap_clear(p->map);
  gn_recs pts = {0};
  gn_points(a->db, v->mode == 0 ? v->arg : NULL, gn_recs_collect, &pts);
  if (pts.n == 0) {
    doc_entry(d, NULL, 0);
    doc_para(d, msg(MSG_POINTS_EMPTY), R_DIM, 1, 1);
    gn_recs_free(&pts);
    return;
  }
  doc_entry(d, NULL, 0);
  doc_para(d, msg(MSG_ROLE_LEGEND), R_DIM, 0, 2);
  const char *meeting = NULL;
  for (int i = 0; i < pts.n; i++) {
    const gn_rec *r = &pts.v[i];
    if (!meeting || !r->parent_id || strcmp(meeting, r->parent_id) != 0) {
      meeting = r->parent_id;
      doc_entry(d, NULL, 0);
      doc_blank(d);
      char *h = msg_fmt(MSG_MEETING_HEAD, r->meeting_number,
                             r->date ? r->date : "", r->meeting_title ? r->meeting_title : "");
      doc_para(d, h, R_LABEL, 0, 2);
      free(h);
    }
    gn_linkv ls = {0};
    const char *first = first_node_link(a->db, r->id, "revision", &ls);
    doc_entry(d, NULL, 0);
    doc_blank(d);
    int e = doc_entry(d, first ? app_link("node", first) : NULL, 1);
    idmap_add(p->map, r->id, e);
    char *head = msg_fmt(MSG_POINT_HEAD, r->number ? r->number : "", r->title ? r->title : "");
    doc_para(d, head, R_TITLE, 1, 3);
    free(head);
    doc_entry(d, NULL, 0);
    doc_labelled(d, msg(MSG_AGENDA), R_DIM, r->agenda, R_DIM, 3);
    rems rs = {0};
    gn_remarks(a->db, r->id, collect_remark, &rs);
    for (int k = 0; k < rs.n; k++) {
      int member = strcmp(rs.v[k].role, "member") == 0;
      enum msg_id lid = member ? (rs.v[k].inferred ? MSG_ROLE_MEMBER_INF : MSG_ROLE_MEMBER)
                               : (rs.v[k].inferred ? MSG_ROLE_SECRETARIAT_INF : MSG_ROLE_SECRETARIAT);
      int from = doc_add(d, msg(lid), -1, member ? R_MEMBER : R_SECRETARIAT);
      doc_add(d, " ", -1, R_NORMAL);
      doc_add(d, rs.v[k].text, -1, R_NORMAL);
      doc_wrap(d, from, 3, 5, 0);
    }
    rems_free(&rs);
    doc_labelled(d, msg(MSG_RESPONSE), R_LABEL, r->response, R_NORMAL, 3);
    char *dispo = msg_fmt(MSG_DISPOSITION, msg_disposition(r->disposition),
                              msg_status(r->status));
    doc_para(d, dispo, R_NORMAL, 3, 5);
    free(dispo);
    if (r->outcome_text && *r->outcome_text) {
      char *ol = msg_fmt(MSG_OUTCOME, r->outcome_edition ? r->outcome_edition : "");
      doc_labelled(d, ol, R_LABEL, r->outcome_text, R_DIM, 3);
      free(ol);
    }
    doc_para(d, msg(MSG_AFFECTS), R_LABEL, 3, 3);
    link_lines(d, &ls, "revision", "out", 5);
    gn_linkv_free(&ls);
  }
  gn_recs_free(&pts);
}

/* After a build: select the entry the view was opened on (points, items). */
static void select_done(app *a, view *v)
{
  (void)a;
  priv_apply_select(v);
}

static int points_key(app *a, view *v, const disp_ev *ev, enum action act)
{
  (void)act;
  if (ev->type == EV_CHAR && ev->code == 'a' && v->arg) {
    v->mode = !v->mode;
    free(v->title);
    if (v->mode == 0) {
      const gn_rec *r = reader_rec(a);
      char *cite = r ? app_node_cite(r->volume, r->number, r->nkind) : gn_xstrdup(v->arg);
      v->title = msg_fmt(MSG_POINTS_FOR, cite);
      free(cite);
    } else {
      v->title = gn_xstrdup(msg(MSG_POINTS));
    }
    doc_rewind(&v->doc);
    v->dirty = 1;
    return RE_REDRAW;
  }
  return RE_UNHANDLED;
}

static void generic_dump(app *a, view *v, FILE *f)
{
  (void)a;
  fprintf(f, "view.arg: %s\nview.mode: %d\n", v->arg ? v->arg : "-", v->mode);
}

const view_ops points_view_ops = {
  .name = "points",
  .build = build_points,
  .key = points_key,
  .built = select_done,
  .dump = generic_dump,
  .free = priv_free,
};

int views_open_points(app *a, const char *node_id)
{
  const gn_rec *r = reader_rec(a);
  int touching = node_id && r && strcmp(r->id, node_id) == 0 ? r->npoints : 0;
  if (node_id && !r) {
    gn_rec x = {0};
    if (gn_get(a->db, node_id, &x) == GN_OK)
      touching = x.npoints;
    gn_rec_clear(&x);
  }
  if (node_id && touching > 0) {
    view *v = app_push(a, &points_view_ops, node_id, 0);
    char *cite = r && strcmp(r->id, node_id) == 0 ? app_node_cite(r->volume, r->number, r->nkind)
                                                   : gn_xstrdup(node_id);
    v->title = msg_fmt(MSG_POINTS_FOR, cite);
    free(cite);
    v->hint = msg(MSG_POINTS_ALL_HINT);
    return GN_OK;
  }
  if (node_id)
    app_msg(a, 0, MSG_POINTS_NONE_HERE);
  view *v = app_push(a, &points_view_ops, NULL, 1);
  v->title = gn_xstrdup(msg(MSG_POINTS));
  v->hint = msg(MSG_CHECKLISTS_HINT);
  return GN_OK;
}

int views_open_point(app *a, const char *point_id)
{
  view *v = app_push(a, &points_view_ops, NULL, 1);
  v->title = gn_xstrdup(msg(MSG_POINTS));
  v->hint = msg(MSG_CHECKLISTS_HINT);
  if (point_id)
    priv_of(v)->select = gn_xstrdup(point_id);
  return GN_OK;
}

/* ---- checklists and items ---- */

/* The title of checklist id among cl, or "". */
static const char *checklist_title(const gn_recs *cl, const char *id)
{
  for (int i = 0; id && i < cl->n; i++)
    if (strcmp(cl->v[i].id, id) == 0)
      return cl->v[i].title ? cl->v[i].title : "";
  return "";
}

/* The citation of node id ("第2編 5.1"), malloc'd; the id when unknown. */
static char *node_cite(app *a, const char *id)
{
  const gn_rec *cur = reader_rec(a);
  if (cur && strcmp(cur->id, id) == 0)
    return app_node_cite(cur->volume, cur->number, cur->nkind);
  gn_rec r = {0};
  char *cite = gn_get(a->db, id, &r) == GN_OK ? app_node_cite(r.volume, r.number, r.nkind)
                                              : gn_xstrdup(id);
  gn_rec_clear(&r);
  return cite;
}

/* The checklists; with a node (v->arg), the items checking it or a node
 * below it first, each with its checklist, then every checklist. */
static void build_checklists(app *a, view *v, int width)
{
  (void)width;
  doc *d = &v->doc;
  gn_recs cl = {0};
  gn_checklists(a->db, gn_recs_collect, &cl);
  gn_recs items = {0};
  if (v->arg)
    gn_items_for(a->db, v->arg, gn_recs_collect, &items);
  if (items.n > 0) {
    char *cite = node_cite(a, v->arg);
    char *h = msg_fmt(MSG_ITEMS_FOR, cite);
    doc_entry(d, NULL, 0);
    doc_para(d, h, R_LABEL, 1, 1);
    free(h);
    free(cite);
    for (int i = 0; i < items.n; i++) {
      const gn_rec *r = &items.v[i];
      doc_entry(d, app_link("item", r->id), 1);
      int from = doc_add(d, r->number ? r->number : "", -1, R_LABEL);
      doc_add(d, " ", -1, R_TITLE);
      doc_add(d, r->title, -1, R_TITLE);
      doc_wrap(d, from, 1, 3, 0);
      doc_para(d, checklist_title(&cl, r->parent_id), R_DIM, 3, 3);
    }
    doc_entry(d, NULL, 0);
    doc_blank(d);
    doc_para(d, msg(MSG_CHECKLISTS_ALL), R_LABEL, 1, 1);
  }
  gn_recs_free(&items);
  if (cl.n == 0) {
    doc_entry(d, NULL, 0);
    doc_para(d, msg(MSG_CHECKLISTS_EMPTY), R_DIM, 1, 1);
  }
  for (int i = 0; i < cl.n; i++) {
    doc_entry(d, app_link("checklist", cl.v[i].id), 1);
    doc_para(d, cl.v[i].title, R_TITLE, 1, 3);
    if (cl.v[i].body && *cl.v[i].body) {
      /* the first paragraph, at most three lines */
      const char *b = cl.v[i].body;
      const char *end = strstr(b, "\n\n");
      int from = doc_add(d, b, end ? (int)(end - b) : (int)strlen(b), R_DIM);
      doc_wrap(d, from, 3, 3, 3);
    }
    doc_blank(d);
  }
  gn_recs_free(&cl);
}

/* w and + on a checklist: walk through it (at item, when not NULL). */
static int walk_key(app *a, const char *checklist, const char *item, enum action act)
{
  if (act != ACT_WALK && act != ACT_WALK_NEW)
    return RE_UNHANDLED;
  if (checklist) {
    char *cl = gn_xstrdup(checklist);
    char *it = item ? gn_xstrdup(item) : NULL;
    walks_start(a, cl, it, act == ACT_WALK_NEW);
    free(it);
    free(cl);
  }
  return RE_REDRAW;
}

static int checklists_key(app *a, view *v, const disp_ev *ev, enum action act)
{
  (void)ev;
  const char *l = doc_link(&v->doc);
  if (l && strncmp(l, "item:", 5) == 0 && (act == ACT_WALK || act == ACT_WALK_NEW)) {
    /* an item listed for the node: walk its checklist from that item */
    gn_rec r = {0};
    int rc = gn_get(a->db, l + 5, &r) == GN_OK && r.parent_id
               ? walk_key(a, r.parent_id, r.id, act) : RE_REDRAW;
    gn_rec_clear(&r);
    return rc;
  }
  return walk_key(a, l && strncmp(l, "checklist:", 10) == 0 ? l + 10 : NULL, NULL, act);
}

const view_ops checklists_view_ops = {
  .name = "checklists",
  .build = build_checklists,
  .key = checklists_key,
  .dump = generic_dump,
};

static int count_items(const gn_rec *r, void *ctx)
{
  (void)r;
  (*(int *)ctx)++;
  return 0;
}

int views_open_checklists(app *a, const char *node_id)
{
  int n = 0;
  if (node_id)
    gn_items_for(a->db, node_id, count_items, &n);
  if (node_id && n == 0)
    app_msg(a, 0, MSG_CHECKLISTS_NONE_HERE);
  view *v = app_push(a, &checklists_view_ops, n ? node_id : NULL, 0);
  if (n) {
    char *cite = node_cite(a, node_id);
    v->title = msg_fmt(MSG_CHECKLISTS_FOR, cite);
    free(cite);
  } else {
    v->title = gn_xstrdup(msg(MSG_CHECKLISTS));
  }
  v->hint = msg(MSG_CHECKLIST_LIST_HINT);
  return GN_OK;
}

static void build_items(app *a, view *v, int width)
{
  (void)width;
  doc *d = &v->doc;
  vpriv *p = priv_of(v);
  idmap_clear(p->map);
  gn_rec cl = {0};
  if (gn_get(a->db, v->arg, &cl) == GN_OK && cl.body && *cl.body) {
    doc_entry(d, NULL, 0);
    int len = (int)strlen(cl.body);
    while (len > 0 && cl.body[len - 1] == '\n')
      len--;
    int from = doc_add(d, cl.body, len, R_DIM);
    doc_wrap(d, from, 1, 1, 0);
  }
  gn_rec_clear(&cl);
  gn_recs items = {0};
  gn_items(a->db, v->arg, gn_recs_collect, &items);
  for (int i = 0; i < items.n; i++) {
    const gn_rec *r = &items.v[i];
    gn_linkv ls = {0};
    const char *first = first_node_link(a->db, r->id, "checks", &ls);
    doc_entry(d, NULL, 0);
    doc_blank(d);
    int e = doc_entry(d, first ? app_link("node", first) : NULL, 1);
    idmap_add(p->map, r->id, e);
    int from = doc_add(d, r->number ? r->number : "", -1, R_LABEL);
    doc_add(d, " ", -1, R_TITLE);
    doc_add(d, r->title, -1, R_TITLE);
    doc_wrap(d, from, 1, 3, 0);
    doc_entry(d, NULL, 0);
    doc_labelled(d, msg(MSG_GUIDANCE), R_LABEL, r->guidance ? r->guidance : r->body, R_NORMAL, 3);
    doc_labelled(d, msg(MSG_EVIDENCE), R_LABEL, r->evidence, R_NORMAL, 3);
    doc_labelled(d, msg(MSG_PROCEDURE), R_LABEL, r->procedure, R_NORMAL, 3);
    doc_para(d, msg(MSG_CHECKS), R_LABEL, 3, 3);
    link_lines(d, &ls, "checks", "out", 5);
    int np = 0;
    for (int k = 0; k < ls.n; k++)
      np += strcmp(ls.v[k].kind, "point") == 0;
    if (np) {
      doc_entry(d, NULL, 0);
      doc_para(d, msg(MSG_REL_REVISION), R_LABEL, 3, 3);
      for (int k = 0; k < ls.n; k++)
        if (strcmp(ls.v[k].kind, "point") == 0) {
          const char *rel = ls.v[k].relation;
          gn_linkv one = {&ls.v[k], 1, 1};
          link_lines(d, &one, rel, NULL, 5);
        }
    }
    gn_linkv_free(&ls);
  }
  gn_recs_free(&items);
}

static int items_key(app *a, view *v, const disp_ev *ev, enum action act)
{
  (void)ev;
  return walk_key(a, v->arg, NULL, act);
}

const view_ops items_view_ops = {
  .name = "items",
  .build = build_items,
  .built = select_done,
  .key = items_key,
  .dump = generic_dump,
  .free = priv_free,
};

int views_open_checklist(app *a, const char *checklist_id)
{
  gn_rec r = {0};
  if (gn_get(a->db, checklist_id, &r) != GN_OK) {
    gn_rec_clear(&r);
    app_msg(a, 1, MSG_NOT_FOUND, checklist_id);
    return GN_NOTFOUND;
  }
  view *v = app_push(a, &items_view_ops, checklist_id, 0);
  v->title = gn_xstrdup(r.title ? r.title : checklist_id);
  v->hint = msg(MSG_ITEMS_HINT);
  gn_rec_clear(&r);
  return GN_OK;
}

int views_open_item(app *a, const char *item_id)
{
  gn_rec r = {0};
  if (gn_get(a->db, item_id, &r) != GN_OK || !r.parent_id) {
    gn_rec_clear(&r);
    app_msg(a, 1, MSG_NOT_FOUND, item_id);
    return GN_NOTFOUND;
  }
  char *cl = gn_xstrdup(r.parent_id);
  gn_rec_clear(&r);
  int rc = views_open_checklist(a, cl);
  free(cl);
  if (rc == GN_OK)
    priv_of(app_top(a))->select = gn_xstrdup(item_id);
  return rc;
}

/* ---- a glossary term ---- */

static void build_term(app *a, view *v, int width)
{
  (void)width;
  doc *d = &v->doc;
  gn_rec r = {0};
  if (gn_get(a->db, v->arg, &r) != GN_OK) {
    gn_rec_clear(&r);
    doc_entry(d, NULL, 0);
    char *m = msg_fmt(MSG_NOT_FOUND, v->arg);
    doc_para(d, m, R_ERROR, 1, 1);
    free(m);
    return;
  }
  doc_entry(d, NULL, 0);
  doc_para(d, r.title, R_TITLE, 1, 1);
  doc_labelled(d, msg(MSG_TERM_READING), R_LABEL, r.reading, R_NORMAL, 1);
  doc_blank(d);
  /* the indexed body starts with the reading: show the definition only */
  const char *body = r.body ? r.body : "";
  size_t rl = r.reading ? strlen(r.reading) : 0;
  if (rl && strncmp(body, r.reading, rl) == 0)
    body += rl;
  while (*body == ' ' || *body == '\n')
    body++;
  int len = (int)strlen(body);
  while (len > 0 && body[len - 1] == '\n')
    len--;
  if (len) {
    int from = doc_add(d, body, len, R_NORMAL);
    doc_wrap(d, from, 1, 1, 0);
  }
  gn_linkv ls = {0};
  gn_refs(a->db, r.id, gn_linkv_collect, &ls);
  /* the sections, then the related terms (a 'related' link may be stored
   * both ways: each is listed once) */
  static const struct { const char *kind; enum msg_id head; } groups[] = {
    {"node", MSG_TERM_NODES}, {"term", MSG_TERM_RELATED},
  };
  for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
    int shown = 0;
    for (int k = 0; k < ls.n; k++) {
      const gn_olink *l = &ls.v[k];
      if (strcmp(l->kind, groups[g].kind) != 0 || strcmp(l->id, r.id) == 0)
        continue;
      int seen = 0;
      for (int j = 0; j < k && !seen; j++)
        seen = strcmp(ls.v[j].kind, l->kind) == 0 && strcmp(ls.v[j].id, l->id) == 0;
      if (seen)
        continue;
      if (!shown++) {
        doc_entry(d, NULL, 0);
        doc_blank(d);
        doc_para(d, msg(groups[g].head), R_LABEL, 1, 1);
      }
      gn_linkv one = {&ls.v[k], 1, 1};
      link_lines(d, &one, l->relation, NULL, 3);
    }
  }
  gn_linkv_free(&ls);
  gn_rec_clear(&r);
}

const view_ops term_view_ops = {
  .name = "term",
  .build = build_term,
  .dump = generic_dump,
};

int views_open_term(app *a, const char *term_id)
{
  view *v = app_push(a, &term_view_ops, term_id, 0);
  v->title = gn_xasprintf("%s", msg(MSG_KIND_TERM));
  v->hint = msg(MSG_CHECKLISTS_HINT);
  return GN_OK;
}

/* ---- bookmarks ---- */

typedef struct mk {
  char name[2];
  char *id;
  int line;
} mk;

typedef struct mks {
  mk *v;
  int n, cap;
} mks;

static int collect_mark(const gn_mark *m, void *ctx)
{
  mks *ms = ctx;
  mk k = {{m->name[0], '\0'}, gn_xstrdup(m->id), m->line};
  GN_PUSH(ms->v, ms->n, ms->cap, k);
  return 0;
}

static void mks_free(mks *ms)
{
  for (int i = 0; i < ms->n; i++)
    free(ms->v[i].id);
  free(ms->v);
}

static void build_marks(app *a, view *v, int width)
{
  (void)width;
  doc *d = &v->doc;
  mks ms = {0};
  if (a->state)
    gn_state_marks(a->state, collect_mark, &ms);
  if (ms.n == 0) {
    doc_entry(d, NULL, 0);
    doc_para(d, msg(MSG_MARKS_EMPTY), R_DIM, 1, 1);
  }
  for (int i = 0; i < ms.n; i++) {
    doc_entry(d, app_link("mark", ms.v[i].name), 1);
    int from = doc_add(d, ms.v[i].name, -1, R_KEY);
    doc_add(d, "  ", -1, R_NORMAL);
    gn_rec r = {0};
    if (gn_get(a->db, ms.v[i].id, &r) == GN_OK) {
      char *cite = app_node_cite(r.volume, r.number, r.nkind);
      doc_add(d, cite, -1, R_LINK);
      doc_add(d, " ", -1, R_NORMAL);
      doc_add(d, r.title, -1, R_NORMAL);
      free(cite);
    } else {
      doc_add(d, ms.v[i].id, -1, R_DIM);
    }
    gn_rec_clear(&r);
    doc_line(d, from, 1);
  }
  mks_free(&ms);
}

static int marks_key(app *a, view *v, const disp_ev *ev, enum action act)
{
  (void)act;
  if (ev->type == EV_CHAR && ev->code < 128) {
    char name[2] = {(char)ev->code, '\0'};
    if (gn_state_mark_valid(name) && a->state) {
      char *id = NULL;
      int line;
      if (gn_state_mark_get(a->state, name, &id, &line) == GN_OK) {
        free(id);
        views_jump_mark(a, name);
        return RE_REDRAW;
      }
    }
  }
  int del = (ev->type == EV_KEY && ev->code == KEY_DC) || (ev->type == EV_CHAR && ev->code == 'D');
  if (del) {
    const char *l = doc_link(&v->doc);
    if (l && strncmp(l, "mark:", 5) == 0 && a->state) {
      char name[2] = {l[5], '\0'};
      if (gn_state_mark_del(a->state, name) == GN_OK)
        app_msg(a, 0, MSG_MARK_DELETED, name);
      else
        app_msg(a, 1, MSG_STATE_FAIL, gn_state_errmsg(a->state));
      v->dirty = 1;
    }
    return RE_REDRAW;
  }
  return RE_UNHANDLED;
}

const view_ops marks_view_ops = {
  .name = "marks",
  .build = build_marks,
  .key = marks_key,
  .dump = generic_dump,
};

int views_open_marks(app *a)
{
  view *v = app_push(a, &marks_view_ops, NULL, 0);
  v->title = gn_xstrdup(msg(MSG_MARKS));
  v->hint = msg(MSG_MARKS_HINT);
  return GN_OK;
}

int views_jump_mark(app *a, const char *name)
{
  char *id = NULL;
  int line = 0;
  if (!a->state || gn_state_mark_get(a->state, name, &id, &line) != GN_OK) {
    app_msg(a, 1, MSG_MARK_NONE, name);
    return GN_NOTFOUND;
  }
  gn_rec r = {0};
  int ok = gn_get(a->db, id, &r) == GN_OK && r.kind && strcmp(r.kind, "node") == 0;
  gn_rec_clear(&r);
  if (!ok) {
    app_msg(a, 1, MSG_MARK_GONE, name, id);
    free(id);
    return GN_NOTFOUND;
  }
  int rc = app_open(a, id, line, 0);
  if (rc == GN_OK)
    a->focus = PANE_READER;
  free(id);
  return rc;
}

int views_set_mark(app *a, const char *name)
{
  const gn_rec *r = reader_rec(a);
  if (!r)
    return GN_NOTFOUND;
  if (!gn_state_mark_valid(name)) {
    app_msg(a, 1, MSG_MARK_BAD);
    return GN_EUSAGE;
  }
  if (!a->state || !gn_state_writable(a->state)) {
    app_msg(a, 1, MSG_STATE_RO, a->state_path && *a->state_path ? a->state_path : "-");
    return GN_EIO;
  }
  if (gn_state_mark_set(a->state, name, r->id, reader_top(a)) != GN_OK) {
    app_msg(a, 1, MSG_STATE_FAIL, gn_state_errmsg(a->state));
    return GN_EIO;
  }
  char *cite = app_node_cite(r->volume, r->number, r->nkind);
  app_msg(a, 0, MSG_MARK_SET, name, cite);
  free(cite);
  return GN_OK;
}

/* ---- candidates of a citation ---- */

static void build_cands(app *a, view *v, int width)
{
  (void)width;
  doc *d = &v->doc;
  gn_recs rs = {0};
  gn_resolve(a->db, v->arg, gn_recs_collect, &rs);
  for (int i = 0; i < rs.n; i++) {
    const gn_rec *r = &rs.v[i];
    doc_entry(d, app_link(r->kind, r->id), 1);
    int from = d->t.n;
    if (strcmp(r->kind, "node") == 0) {
      char *cite = app_node_cite(r->volume, r->number, r->nkind);
      doc_add(d, cite, -1, R_LINK);
      free(cite);
    } else {
      doc_add(d, app_kind_label(r->kind, NULL), -1, R_LABEL);
    }
    doc_add(d, " ", -1, R_NORMAL);
    doc_add(d, r->title, -1, R_NORMAL);
    doc_line(d, from, 1);
    if (r->path && *r->path) {
      from = doc_add(d, r->path, -1, R_DIM);
      doc_line(d, from, 3);
    }
  }
  gn_recs_free(&rs);
}

const view_ops cands_view_ops = {
  .name = "candidates",
  .build = build_cands,
  .dump = generic_dump,
};

typedef struct first_rec {
  int n;
  char *link;
} first_rec;

static int count_rec(const gn_rec *r, void *ctx)
{
  first_rec *f = ctx;
  if (f->n++ == 0)
    f->link = gn_xstrdup(app_link(r->kind, r->id));
  return 0;
}

int views_goto(app *a, const char *text)
{
  while (*text == ' ')
    text++;
  if (!*text)
    return GN_NOTFOUND;
  first_rec f = {0, NULL};
  gn_resolve(a->db, text, count_rec, &f);
  int rc = GN_OK;
  if (f.n == 0) {
    app_msg(a, 1, MSG_GOTO_NONE, text);
    rc = GN_NOTFOUND;
  } else if (f.n == 1) {
    rc = app_follow(a, f.link);
  } else {
    view *v = app_push(a, &cands_view_ops, text, 0);
    v->title = gn_xstrdup(msg(MSG_CANDIDATES));
    v->hint = msg(MSG_CHECKLISTS_HINT);
    app_msg(a, 0, MSG_GOTO_MANY, text, f.n);
  }
  free(f.link);
  return rc;
}

/* ---- help ---- */

static void build_help(app *a, view *v, int width)
{
  doc *d = &v->doc;
  int ja = msg_is_ja();
  doc_entry(d, NULL, 0);
  doc_para(d, msg(MSG_HELP_INTRO), R_NORMAL, 1, 1);
  doc_blank(d);
  doc_para(d, msg(MSG_HELP_MARKS), R_NORMAL, 1, 1);
  doc_blank(d);
  doc_para(d, msg(MSG_HELP_AMBI), R_NORMAL, 1, 1);
  /* key columns: as wide as the widest key list, at most a third */
  int kw = 0;
  for (int act = 1; act < ACT__COUNT; act++) {
    int w = wt_strwidth(keys_for((enum action)act), 0);
    if (w > kw)
      kw = w;
  }
  if (kw > width / 3)
    kw = width / 3;
  for (int g = 0; g < KG__COUNT; g++) {
    doc_blank(d);
    doc_para(d, keys_group_name((enum key_group)g, ja), R_LABEL, 1, 1);
    for (int act = 1; act < ACT__COUNT; act++) {
      if (keys_action_group((enum action)act) != (enum key_group)g)
        continue;
      const char *ks = keys_for((enum action)act);
      int from = doc_add(d, ks, -1, R_KEY);
      int w = wt_strwidth(ks, 0);
      if (w <= kw) {
        char pad[64];
        int np = kw - w + 2;
        memset(pad, ' ', (size_t)np);
        pad[np] = '\0';
        doc_add(d, pad, -1, R_NORMAL);
      } else {
        doc_add(d, "  ", -1, R_NORMAL);
      }
      doc_add(d, keys_action_help((enum action)act, ja), -1, R_NORMAL);
      doc_wrap(d, from, 3, 3 + kw + 2, 0);
    }
  }
  const char *disc = gn_meta(a->db, ja ? "disclaimer" : "disclaimer_en");
  if (disc && *disc) {
    doc_blank(d);
    doc_para(d, msg(MSG_DISCLAIMER), R_LABEL, 1, 1);
    int len = (int)strlen(disc);
    while (len > 0 && disc[len - 1] == '\n')
      len--;
    int from = doc_add(d, disc, len, R_NORMAL);
    doc_wrap(d, from, 1, 1, 0);
  }
}

const view_ops help_view_ops = {
  .name = "help",
  .build = build_help,
  .dump = generic_dump,
};

int views_open_help(app *a)
{
  view *v = app_top(a);
  if (v && v->ops == &help_view_ops)
    return GN_OK;
  v = app_push(a, &help_view_ops, NULL, 0);
  v->doc.autosel = 0;
  v->title = gn_xstrdup(msg(MSG_HELP));
  v->hint = msg(MSG_HELP_HINT);
  return GN_OK;
}
