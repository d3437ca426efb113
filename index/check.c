/* check.c — see check.h. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* An open-addressing table from id to record. */
enum rkind { R_NODE, R_MEETING, R_POINT, R_CHECKLIST, R_ITEM, R_TERM };
static const char *const rkind_names[] = {"node", "meeting", "revision point", "checklist",
                                          "checklist item", "term"};

typedef struct ent {
  const char *id;
  enum rkind kind;
  void *rec;
  gn_pos pos;
} ent;

typedef struct idtab {
  ent *v;
  size_t cap;
} idtab;

static size_t hash(const char *s)
{
  size_t h = 5381;
  while (*s)
    h = h * 33 + (unsigned char)*s++;
  return h;
}

static ent *find(idtab *t, const char *id)
{
  size_t i = hash(id) & (t->cap - 1);
  while (t->v[i].id) {
    if (!strcmp(t->v[i].id, id))
      return &t->v[i];
    i = (i + 1) & (t->cap - 1);
  }
  return NULL;
}

typedef struct ck {
  gn_content *c;
  gn_diags *d;
  idtab t;
  int errors;
} ck;

static void add(ck *k, const char *id, enum rkind kind, void *rec, gn_pos pos)
{
  if (!id)
    return;
  ent *e = find(&k->t, id);
  if (e) {
    gn_diag_add(k->d, pos.file, pos.line, pos.col, "duplicate id '%s' (first defined as a %s at %s:%d:%d)",
                id, rkind_names[e->kind], e->pos.file, e->pos.line, e->pos.col);
    k->errors++;
    return;
  }
  size_t i = hash(id) & (k->t.cap - 1);
  while (k->t.v[i].id)
    i = (i + 1) & (k->t.cap - 1);
  ent ne = {id, kind, rec, pos};
  k->t.v[i] = ne;
}

static void *resolve(ck *k, const gn_ref *r, enum rkind want, const char *self, const char *what)
{
  if (!r->id)
    return NULL;
  ent *e = find(&k->t, r->id);
  if (!e) {
    gn_diag_add(k->d, r->pos.file, r->pos.line, r->pos.col, "%s: no record has the id '%s'", what, r->id);
    k->errors++;
    return NULL;
  }
  if (e->kind != want) {
    gn_diag_add(k->d, r->pos.file, r->pos.line, r->pos.col, "%s: '%s' is a %s, not a %s", what, r->id,
                rkind_names[e->kind], rkind_names[want]);
    k->errors++;
    return NULL;
  }
  if (self && !strcmp(self, r->id)) {
    gn_diag_add(k->d, r->pos.file, r->pos.line, r->pos.col, "%s: '%s' refers to itself", what, r->id);
    k->errors++;
    return NULL;
  }
  return e->rec;
}

static void resolve_all(ck *k, const gn_reflist *rs, enum rkind want, const char *self, const char *what)
{
  for (int i = 0; i < rs->n; i++) {
    resolve(k, &rs->v[i], want, self, what);
    for (int j = 0; j < i; j++)
      if (!strcmp(rs->v[i].id, rs->v[j].id)) {
        gn_diag_add(k->d, rs->v[i].pos.file, rs->v[i].pos.line, rs->v[i].pos.col,
                    "%s: '%s' is listed twice", what, rs->v[i].id);
        k->errors++;
        break;
      }
  }
}

static int allowed_child(enum gn_nkind parent, enum gn_nkind child)
{
  switch (parent) {
  case GN_VOLUME: return child == GN_PART || child == GN_CHAPTER;
  case GN_PART: return child == GN_CHAPTER || child == GN_SECTION;
  case GN_CHAPTER: return child == GN_SECTION || child == GN_ITEM;
  case GN_SECTION: return child == GN_ITEM;
  case GN_ITEM: return child == GN_ITEM;
  default: return 0;
  }
}

/* "5.1" → 1 with prefix length 1 ("5"); "5" or "(1)" → 0. */
static int dotted(const char *s, size_t *prefix)
{
  const char *last = NULL;
  if (!*s)
    return 0;
  for (const char *p = s; *p; p++) {
    if (*p == '.') {
      if (p == s || p[1] == '\0' || p[-1] == '.')
        return 0;
      last = p;
    } else if (*p < '0' || *p > '9') {
      return 0;
    }
  }
  if (!last)
    return 0;
  *prefix = (size_t)(last - s);
  return 1;
}

/* Digits and dots, starting and ending with a digit: "5", "5.1". */
static int digits_dots(const char *s)
{
  size_t pre;
  if (dotted(s, &pre))
    return 1;
  if (!*s)
    return 0;
  for (const char *p = s; *p; p++)
    if (*p < '0' || *p > '9')
      return 0;
  return 1;
}

static void visit(ck *k, gn_node *n, int depth, int volume, const char *nkey)
{
  n->depth = depth;
  if (n->kind != GN_VOLUME)
    n->volume = volume;
  free(n->nkey);
  if (n->kind == GN_VOLUME)
    n->nkey = gn_xstrdup("");
  else
    n->nkey = *nkey ? gn_xasprintf("%s/%s", nkey, n->number) : gn_xstrdup(n->number);
  n->ord = k->c->norder;
  k->c->order[k->c->norder++] = n;
  for (int i = 0; i < n->nkids; i++) {
    gn_node *kid = n->kids[i];
    if (!allowed_child(n->kind, kid->kind)) {
      gn_diag_add(k->d, kid->kind_pos.file, kid->kind_pos.line, kid->kind_pos.col,
                  "kind '%s' cannot stand under a %s ('%s')", gn_nkind_names[kid->kind],
                  gn_nkind_names[n->kind], n->id ? n->id : "");
      k->errors++;
    }
    size_t pre;
    if (dotted(kid->number, &pre) && !(strlen(n->number) == pre && !strncmp(n->number, kid->number, pre))) {
      /* The hint names what would fit: under a parent numbered in digits
       * and dots ("6"), a number that starts with it ("6.…"); under any
       * other ("第1章", "(1)", none), no dotted number fits: the node
       * belongs under the node its number starts with, or takes a number
       * without a dot. */
      if (digits_dots(n->number))
        gn_diag_add(k->d, kid->number_pos.file, kid->number_pos.line, kid->number_pos.col,
                    "number '%s' does not fit its parent '%s' numbered '%s' (expected %s.…)",
                    kid->number, n->id ? n->id : "", n->number, n->number);
      else
        gn_diag_add(k->d, kid->number_pos.file, kid->number_pos.line, kid->number_pos.col,
                    "number '%s' does not fit its parent '%s' %s%s%s (a number with a dot goes under "
                    "a node numbered '%.*s'; under this parent, use one without a dot)",
                    kid->number, n->id ? n->id : "", *n->number ? "numbered '" : "which has no number",
                    n->number, *n->number ? "'" : "", (int)pre, kid->number);
      k->errors++;
    }
    for (int j = 0; j < i; j++)
      if (*kid->number && !strcmp(n->kids[j]->number, kid->number)) {
        gn_diag_add(k->d, kid->number_pos.file, kid->number_pos.line, kid->number_pos.col,
                    "number '%s' is used twice under '%s' (also by '%s')", kid->number, n->id ? n->id : "",
                    n->kids[j]->id ? n->kids[j]->id : "");
        k->errors++;
        break;
      }
    visit(k, kid, depth + 1, n->volume, n->nkey);
  }
}

static int cmp_volume(const void *a, const void *b)
{
  const gn_node *x = *(gn_node *const *)a, *y = *(gn_node *const *)b;
  return (x->volume > y->volume) - (x->volume < y->volume);
}

static int cmp_nkey(const void *a, const void *b)
{
  const gn_node *x = *(gn_node *const *)a, *y = *(gn_node *const *)b;
  return strcmp(x->nkey, y->nkey);
}

int gn_check(gn_content *c, gn_diags *d)
{
  ck k = {c, d, {0}, 0};
  size_t total = (size_t)c->nnodes + (size_t)c->nmeetings + (size_t)c->nchecklists + (size_t)c->nterms;
  for (int i = 0; i < c->nmeetings; i++)
    total += (size_t)c->meetings[i]->npoints;
  for (int i = 0; i < c->nchecklists; i++)
    total += (size_t)c->checklists[i]->nitems;
  k.t.cap = 64;
  while (k.t.cap < total * 2)
    k.t.cap *= 2;
  k.t.v = gn_xcalloc(k.t.cap, sizeof *k.t.v);

  /* (unless a file could not be read whole: the mapping may be in it) */
  if (!c->have_meta && !c->incomplete) {
    gn_diag_add(d, c->nfiles ? c->files[0] : NULL, 0, 0,
                "no file has the 'guideline' mapping (title, edition, publisher, source, disclaimer)");
    k.errors++;
  }
  for (int i = 0; i < c->nnodes; i++)
    add(&k, c->nodes[i]->id, R_NODE, c->nodes[i], c->nodes[i]->pos);
  for (int i = 0; i < c->nmeetings; i++) {
    gn_meeting *m = c->meetings[i];
    add(&k, m->id, R_MEETING, m, m->pos);
    for (int j = 0; j < m->npoints; j++)
      add(&k, m->points[j]->id, R_POINT, m->points[j], m->points[j]->pos);
  }
  for (int i = 0; i < c->nchecklists; i++) {
    gn_checklist *cl = c->checklists[i];
    add(&k, cl->id, R_CHECKLIST, cl, cl->pos);
    for (int j = 0; j < cl->nitems; j++)
      add(&k, cl->items[j]->id, R_ITEM, cl->items[j], cl->items[j]->pos);
  }
  for (int i = 0; i < c->nterms; i++)
    add(&k, c->terms[i]->id, R_TERM, c->terms[i], c->terms[i]->pos);

  /* Attach top-level nodes to their parents, in file order. */
  gn_node **vols = NULL;
  int nvols = 0, capvols = 0;
  for (int i = 0; i < c->nnodes; i++) {
    gn_node *n = c->nodes[i];
    if (n->parent)
      continue; /* inline child */
    if (n->kind == GN_VOLUME) {
      if (n->parent_ref.id) {
        gn_diag_add(d, n->parent_ref.pos.file, n->parent_ref.pos.line, n->parent_ref.pos.col,
                    "a volume has no parent");
        k.errors++;
      }
      for (int j = 0; j < nvols; j++)
        if (vols[j]->volume == n->volume && n->volume) {
          gn_diag_add(d, n->pos.file, n->pos.line, n->pos.col, "volume %d is defined twice (also '%s')",
                      n->volume, vols[j]->id ? vols[j]->id : "");
          k.errors++;
        }
      GN_PUSH(vols, nvols, capvols, n);
      continue;
    }
    if (!n->parent_ref.id) {
      gn_diag_add(d, n->pos.file, n->pos.line, n->pos.col,
                  "a top-level %s needs 'parent' (the id of the node it belongs under)",
                  gn_nkind_names[n->kind]);
      k.errors++;
      continue;
    }
    gn_node *p = resolve(&k, &n->parent_ref, R_NODE, n->id, "parent");
    if (!p)
      continue;
    /* The parent chain must not lead back to n. */
    int cycle = 0, steps = 0;
    for (gn_node *q = p; q && steps < 10000; steps++) {
      if (q == n) {
        cycle = 1;
        break;
      }
      if (q->parent)
        q = q->parent;
      else if (q->parent_ref.id) {
        ent *e = find(&k.t, q->parent_ref.id);
        q = e && e->kind == R_NODE ? e->rec : NULL;
      } else
        q = NULL;
    }
    if (cycle) {
      gn_diag_add(d, n->parent_ref.pos.file, n->parent_ref.pos.line, n->parent_ref.pos.col,
                  "parent '%s' makes a cycle: '%s' would be its own ancestor", n->parent_ref.id,
                  n->id ? n->id : "");
      k.errors++;
      continue;
    }
    n->parent = p;
    GN_PUSH(p->kids, p->nkids, p->capkids, n);
  }

  /* Reading order: volumes by number, depth first. */
  if (nvols > 1)
    qsort(vols, (size_t)nvols, sizeof *vols, cmp_volume);
  free(c->order);
  c->order = gn_xcalloc((size_t)c->nnodes + 1, sizeof *c->order);
  c->norder = 0;
  for (int i = 0; i < nvols; i++)
    visit(&k, vols[i], 0, vols[i]->volume, "");
  free(vols);

  /* References. */
  for (int i = 0; i < c->nnodes; i++)
    resolve_all(&k, &c->nodes[i]->refs, R_NODE, c->nodes[i]->id, "refs");
  for (int i = 0; i < c->nmeetings; i++)
    for (int j = 0; j < c->meetings[i]->npoints; j++) {
      gn_point *p = c->meetings[i]->points[j];
      resolve_all(&k, &p->nodes, R_NODE, NULL, "nodes");
      for (int r = 0; r < p->nodes.n; r++) {
        ent *e = find(&k.t, p->nodes.v[r].id);
        if (e && e->kind == R_NODE)
          ((gn_node *)e->rec)->npoints++;
      }
    }
  for (int i = 0; i < c->nchecklists; i++)
    for (int j = 0; j < c->checklists[i]->nitems; j++) {
      gn_item *it = c->checklists[i]->items[j];
      resolve_all(&k, &it->nodes, R_NODE, NULL, "nodes");
      resolve_all(&k, &it->points, R_POINT, NULL, "points");
      for (int q = 0; q < j; q++)
        if (it->number && c->checklists[i]->items[q]->number &&
            !strcmp(it->number, c->checklists[i]->items[q]->number)) {
          gn_diag_add(d, it->pos.file, it->pos.line, it->pos.col, "item number '%s' is used twice in checklist '%s'",
                      it->number, c->checklists[i]->id ? c->checklists[i]->id : "");
          k.errors++;
          break;
        }
    }
  for (int i = 0; i < c->nterms; i++) {
    resolve_all(&k, &c->terms[i]->nodes, R_NODE, NULL, "nodes");
    resolve_all(&k, &c->terms[i]->see, R_TERM, c->terms[i]->id, "see");
  }

  /* Counterparts pair 第2編 and 第3編 nodes by numbering key. */
  gn_node **v3 = gn_xcalloc((size_t)c->norder + 1, sizeof *v3);
  int n3 = 0;
  for (int i = 0; i < c->norder; i++)
    if (c->order[i]->volume == 3 && c->order[i]->kind != GN_VOLUME)
      v3[n3++] = c->order[i];
  qsort(v3, (size_t)n3, sizeof *v3, cmp_nkey);
  for (int i = 0; i < c->norder; i++) {
    gn_node *n = c->order[i];
    if (n->volume != 2 || n->kind == GN_VOLUME)
      continue;
    gn_node key = {0}, *kp = &key;
    key.nkey = n->nkey;
    gn_node **hit = bsearch(&kp, v3, (size_t)n3, sizeof *v3, cmp_nkey);
    if (hit && !(*hit)->counterpart) {
      n->counterpart = *hit;
      (*hit)->counterpart = n;
    }
  }
  free(v3);
  free(k.t.v);
  return k.errors;
}
