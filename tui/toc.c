/* toc.c — see toc.h. */
#include "toc.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "util.h"

typedef struct tnode {
  char *id, *number, *title, *nkind;
  int nchildren, npoints, depth, volume;
  int expanded, loaded;
  struct tnode *parent;
  struct tnode **kids;
  int nkids, capkids;
} tnode;

struct toc {
  tnode root;
  tnode **rows;
  int nrows, caprows;
  int sel, top;
  int height, width;
};

static int add_kid(const gn_rec *r, void *ctx)
{
  tnode *p = ctx;
  tnode *k = gn_xcalloc(1, sizeof *k);
  k->id = gn_xstrdup(r->id);
  k->number = gn_xstrdup(r->number ? r->number : "");
  k->title = gn_xstrdup(r->title ? r->title : "");
  k->nkind = gn_xstrdup(r->nkind ? r->nkind : "");
  k->nchildren = r->nchildren;
  k->npoints = r->npoints;
  k->depth = r->depth;
  k->volume = r->volume;
  k->parent = p;
  GN_PUSH(p->kids, p->nkids, p->capkids, k);
  return 0;
}

static int load(app *a, tnode *n)
{
  if (n->loaded)
    return GN_OK;
  n->loaded = 1;
  return gn_children(a->db, n == &a->toc->root ? NULL : n->id, add_kid, n);
}

static void free_node(tnode *n)
{
  for (int i = 0; i < n->nkids; i++) {
    free_node(n->kids[i]);
    free(n->kids[i]);
  }
  free(n->kids);
  free(n->id);
  free(n->number);
  free(n->title);
  free(n->nkind);
}

static void flatten_into(struct toc *t, tnode *n)
{
  for (int i = 0; i < n->nkids; i++) {
    tnode *k = n->kids[i];
    GN_PUSH(t->rows, t->nrows, t->caprows, k);
    if (k->expanded)
      flatten_into(t, k);
  }
}

static void flatten(struct toc *t)
{
  tnode *sel = t->sel >= 0 && t->sel < t->nrows ? t->rows[t->sel] : NULL;
  t->nrows = 0;
  flatten_into(t, &t->root);
  t->sel = 0;
  for (int i = 0; i < t->nrows; i++)
    if (t->rows[i] == sel)
      t->sel = i;
}

static void show_sel(struct toc *t, int h)
{
  if (h < 1)
    h = 1;
  if (t->sel < t->top)
    t->top = t->sel;
  if (t->sel >= t->top + h)
    t->top = t->sel - h + 1;
  int mt = t->nrows - h;
  if (t->top > mt)
    t->top = mt;
  if (t->top < 0)
    t->top = 0;
}

int toc_init(app *a)
{
  a->toc = gn_xcalloc(1, sizeof *a->toc);
  int rc = load(a, &a->toc->root);
  flatten(a->toc);
  return rc == GN_EIO ? GN_EIO : GN_OK;
}

void toc_free(app *a)
{
  if (!a->toc)
    return;
  free_node(&a->toc->root);
  free(a->toc->rows);
  free(a->toc);
  a->toc = NULL;
}

const char *toc_first(app *a)
{
  return a->toc->root.nkids ? a->toc->root.kids[0]->id : NULL;
}

void toc_reveal(app *a, const char *id)
{
  struct toc *t = a->toc;
  /* the chain of ids from id up to its volume */
  char *chain[32];
  int n = 0;
  char *cur = gn_xstrdup(id);
  while (cur && n < 32) {
    gn_rec r = {0};
    if (gn_get(a->db, cur, &r) != GN_OK || !r.kind || strcmp(r.kind, "node") != 0) {
      gn_rec_clear(&r);
      free(cur);
      cur = NULL;
      break;
    }
    chain[n++] = cur;
    cur = r.parent_id && *r.parent_id ? gn_xstrdup(r.parent_id) : NULL;
    gn_rec_clear(&r);
  }
  free(cur);
  tnode *node = &t->root;
  for (int i = n - 1; i >= 0 && node; i--) {
    load(a, node);
    if (node != &t->root)
      node->expanded = 1;
    tnode *next = NULL;
    for (int k = 0; k < node->nkids; k++)
      if (strcmp(node->kids[k]->id, chain[i]) == 0) {
        next = node->kids[k];
        break;
      }
    node = next;
  }
  for (int i = 0; i < n; i++)
    free(chain[i]);
  if (!node || node == &t->root)
    return;
  t->nrows = 0;
  flatten_into(t, &t->root);
  for (int i = 0; i < t->nrows; i++)
    if (t->rows[i] == node)
      t->sel = i;
  show_sel(t, t->height);
}

static void expand(app *a, tnode *n)
{
  load(a, n);
  if (n->nkids > 0)
    n->expanded = 1;
}

int toc_act(app *a, enum action act, int h)
{
  struct toc *t = a->toc;
  if (t->nrows == 0)
    return RE_UNHANDLED;
  tnode *n = t->rows[t->sel];
  int page = h > 1 ? h - 1 : 1;
  switch (act) {
  case ACT_DOWN:
    if (t->sel + 1 < t->nrows)
      t->sel++;
    break;
  case ACT_UP:
    if (t->sel > 0)
      t->sel--;
    break;
  case ACT_PGDN:
    t->sel = t->sel + page < t->nrows ? t->sel + page : t->nrows - 1;
    t->top += page;
    break;
  case ACT_PGUP:
    t->sel = t->sel > page ? t->sel - page : 0;
    t->top -= page;
    break;
  case ACT_TOP:
    t->sel = 0;
    break;
  case ACT_BOTTOM:
    t->sel = t->nrows - 1;
    break;
  case ACT_EXPAND:
    if (n->nchildren > 0 && !n->expanded) {
      expand(a, n);
      flatten(t);
    } else if (n->expanded && t->sel + 1 < t->nrows) {
      t->sel++;
    }
    break;
  case ACT_COLLAPSE:
    if (n->expanded) {
      n->expanded = 0;
      flatten(t);
    } else if (n->parent && n->parent != &t->root) {
      for (int i = 0; i < t->nrows; i++)
        if (t->rows[i] == n->parent)
          t->sel = i;
    }
    break;
  case ACT_ENTER: {
    if (n->nchildren > 0 && !n->expanded) {
      expand(a, n);
      flatten(t);
    }
    char *id = gn_xstrdup(n->id);
    if (app_open(a, id, -1, 0) == GN_OK)
      a->focus = PANE_READER;
    free(id);
    break;
  }
  default:
    return RE_UNHANDLED;
  }
  if (t->top < 0)
    t->top = 0;
  show_sel(t, h);
  return RE_REDRAW;
}

void toc_scroll(app *a, int delta, int h)
{
  struct toc *t = a->toc;
  t->top += delta;
  int mt = t->nrows - h;
  if (t->top > mt)
    t->top = mt;
  if (t->top < 0)
    t->top = 0;
  if (t->sel < t->top)
    t->sel = t->top;
  if (t->sel >= t->top + h)
    t->sel = t->top + h - 1;
}

/* Columns before the number: mark, indentation, expander and a space. */
static int step_for(int w)
{
  return w >= 40 ? 2 : 1;
}

int toc_click(app *a, int row, int col, int h)
{
  struct toc *t = a->toc;
  int i = t->top + row;
  if (row < 0 || i >= t->nrows)
    return RE_NONE;
  t->sel = i;
  tnode *n = t->rows[i];
  /* a click on the expander toggles; anywhere else opens */
  int ex = 1 + n->depth * step_for(t->width);
  if (col == ex && n->nchildren > 0)
    return toc_act(a, n->expanded ? ACT_COLLAPSE : ACT_EXPAND, h);
  return toc_act(a, ACT_ENTER, h);
}

void toc_draw(app *a, rect r, int focused)
{
  struct toc *t = a->toc;
  t->height = r.h;
  t->width = r.w;
  show_sel(t, r.h);
  int step = step_for(r.w);
  const char *cur = app_current(a);
  for (int row = 0; row < r.h; row++) {
    int i = t->top + row;
    if (i >= t->nrows)
      break;
    tnode *n = t->rows[i];
    int sel = SEL_NONE;
    if (i == t->sel)
      sel = focused ? SEL_FOCUS : SEL_OTHER;
    else if (cur && strcmp(cur, n->id) == 0)
      sel = SEL_OTHER;
    int y = r.y + row;
    if (sel == SEL_FOCUS)
      draw_fill(y, r.x, r.w, R_NORMAL, sel);
    int x = r.x;
    if (n->npoints > 0)
      draw_str(y, x, 1, "*", R_MARK, sel, 0);
    x += 1 + n->depth * step;
    if (x >= r.x + r.w)
      continue;
    const char *ex = n->nchildren > 0 ? (n->expanded ? "-" : "+") : " ";
    draw_str(y, x, 1, ex, R_NORMAL, sel, 0);
    x += 2;
    if (x >= r.x + r.w)
      continue;
    char *label = *n->number ? gn_xasprintf("%s %s", n->number, n->title) : gn_xstrdup(n->title);
    draw_str(y, x, r.x + r.w - x, label, n->depth == 0 ? R_TITLE : R_NORMAL, sel, a->flags);
    free(label);
  }
}

void toc_dump(app *a, FILE *f)
{
  struct toc *t = a->toc;
  fprintf(f, "toc.rows: %d\ntoc.top: %d\ntoc.selected: %s\n", t->nrows, t->top,
          t->nrows ? t->rows[t->sel]->id : "-");
  fputs("toc.expanded:", f);
  for (int i = 0; i < t->nrows; i++)
    if (t->rows[i]->expanded)
      fprintf(f, " %s", t->rows[i]->id);
  fputc('\n', f);
}
