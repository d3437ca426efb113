/* content.c — see content.h. */
#include "content.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *const gn_nkind_names[GN_NKIND_COUNT] = {
  "volume", "part", "chapter", "section", "item",
};

void gn_content_init(gn_content *c)
{
  memset(c, 0, sizeof *c);
}

static void refs_free(gn_reflist *r)
{
  for (int i = 0; i < r->n; i++)
    free(r->v[i].id);
  free(r->v);
}

static void strs_free(gn_strs *s)
{
  for (int i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v);
}

static void prov_free(gn_prov *p)
{
  free(p->edition);
  free(p->confidence);
  free(p->note);
}

void gn_content_free(gn_content *c)
{
  for (int i = 0; i < c->nnodes; i++) {
    gn_node *n = c->nodes[i];
    free(n->id);
    free(n->parent_ref.id);
    free(n->number);
    free(n->title);
    free(n->body);
    refs_free(&n->refs);
    prov_free(&n->prov);
    free(n->kids);
    free(n->nkey);
    free(n);
  }
  free(c->nodes);
  free(c->order);
  for (int i = 0; i < c->nmeetings; i++) {
    gn_meeting *m = c->meetings[i];
    for (int j = 0; j < m->npoints; j++) {
      gn_point *p = m->points[j];
      free(p->id);
      free(p->topic);
      free(p->agenda);
      free(p->response);
      free(p->disposition);
      free(p->status);
      for (int k = 0; k < p->nremarks; k++) {
        free(p->remarks[k].role);
        free(p->remarks[k].text);
      }
      free(p->remarks);
      free(p->outcome_text);
      prov_free(&p->outcome);
      refs_free(&p->nodes);
      free(p);
    }
    free(m->points);
    free(m->id);
    free(m->title);
    free(m->date);
    free(m->time);
    free(m->venue);
    free(m->source);
    prov_free(&m->prov);
    free(m);
  }
  free(c->meetings);
  for (int i = 0; i < c->nchecklists; i++) {
    gn_checklist *cl = c->checklists[i];
    for (int j = 0; j < cl->nitems; j++) {
      gn_item *it = cl->items[j];
      free(it->id);
      free(it->number);
      free(it->question);
      free(it->guidance);
      strs_free(&it->evidence);
      strs_free(&it->procedure);
      refs_free(&it->nodes);
      refs_free(&it->points);
      free(it);
    }
    free(cl->items);
    free(cl->id);
    free(cl->title);
    free(cl->description);
    free(cl);
  }
  free(c->checklists);
  for (int i = 0; i < c->nterms; i++) {
    gn_term *t = c->terms[i];
    free(t->id);
    free(t->term);
    free(t->reading);
    free(t->definition);
    refs_free(&t->nodes);
    refs_free(&t->see);
    free(t);
  }
  free(c->terms);
  gn_metadata *m = &c->meta;
  free(m->title);
  free(m->edition);
  free(m->publisher);
  free(m->source);
  free(m->disclaimer);
  free(m->disclaimer_en);
  free(m->note);
  for (int i = 0; i < c->nfiles; i++)
    free(c->files[i]);
  free(c->files);
  for (int i = 0; i < c->ndirs; i++)
    free(c->dirs[i]);
  free(c->dirs);
  memset(c, 0, sizeof *c);
}

char *gn_node_path(const gn_node *n)
{
  const gn_node *chain[64];
  int k = 0;
  for (const gn_node *p = n; p && k < 64; p = p->parent)
    chain[k++] = p;
  gn_buf b = {0};
  for (int i = k - 1; i >= 0; i--) {
    const gn_node *p = chain[i];
    if (i != k - 1)
      gn_buf_puts(&b, " › ");
    if (p->number && *p->number) {
      gn_buf_puts(&b, p->number);
      if (p->kind != GN_VOLUME)
        gn_buf_puts(&b, " ");
    }
    if (p->kind != GN_VOLUME || !p->number || !*p->number)
      gn_buf_puts(&b, p->title ? p->title : "");
  }
  if (!b.s)
    return gn_xstrdup("");
  return b.s;
}

#define EMIT(cb, ...)                          \
  do {                                         \
    if (s->cb && s->cb(s->ctx, __VA_ARGS__))   \
      return 1;                                \
  } while (0)

static int emit_refs(const gn_sink *s, const char *src, const gn_reflist *r, const char *rel)
{
  for (int i = 0; i < r->n; i++)
    EMIT(link, src, r->v[i].id, rel);
  return 0;
}

int gn_content_emit(const gn_content *c, const gn_sink *s)
{
  EMIT(meta, c);
  for (int i = 0; i < c->norder; i++)
    EMIT(node, c->order[i]);
  for (int i = 0; i < c->nmeetings; i++) {
    EMIT(meeting, c->meetings[i]);
    for (int j = 0; j < c->meetings[i]->npoints; j++)
      EMIT(point, c->meetings[i]->points[j]);
  }
  for (int i = 0; i < c->nchecklists; i++) {
    EMIT(checklist, c->checklists[i]);
    for (int j = 0; j < c->checklists[i]->nitems; j++)
      EMIT(item, c->checklists[i]->items[j]);
  }
  for (int i = 0; i < c->nterms; i++)
    EMIT(term, c->terms[i]);

  for (int i = 0; i < c->norder; i++) {
    const gn_node *n = c->order[i];
    if (emit_refs(s, n->id, &n->refs, "see"))
      return 1;
    if (n->counterpart && n->volume == 2)
      EMIT(link, n->id, n->counterpart->id, "counterpart");
  }
  for (int i = 0; i < c->nmeetings; i++)
    for (int j = 0; j < c->meetings[i]->npoints; j++) {
      const gn_point *p = c->meetings[i]->points[j];
      if (emit_refs(s, p->id, &p->nodes, "revision"))
        return 1;
    }
  for (int i = 0; i < c->nchecklists; i++)
    for (int j = 0; j < c->checklists[i]->nitems; j++) {
      const gn_item *it = c->checklists[i]->items[j];
      if (emit_refs(s, it->id, &it->nodes, "checks") ||
          emit_refs(s, it->id, &it->points, "concerns"))
        return 1;
    }
  for (int i = 0; i < c->nterms; i++) {
    const gn_term *t = c->terms[i];
    if (emit_refs(s, t->id, &t->nodes, "defines") ||
        emit_refs(s, t->id, &t->see, "related"))
      return 1;
  }
  if (s->end && s->end(s->ctx))
    return 1;
  return 0;
}
