/* dump.c — see dump.h. */
#include "dump.h"

static void esc(FILE *f, const char *s)
{
  if (!s)
    return;
  for (; *s; s++) {
    if (*s == '\n')
      fputs("\\n", f);
    else if (*s == '\\')
      fputs("\\\\", f);
    else
      fputc(*s, f);
  }
}

static void field(FILE *f, const char *name, const char *v)
{
  fprintf(f, " %s=", name);
  esc(f, v ? v : "");
}

static int d_meta(void *ctx, const gn_content *c)
{
  FILE *f = ctx;
  fputs("guideline", f);
  field(f, "title", c->meta.title);
  field(f, "edition", c->meta.edition);
  field(f, "publisher", c->meta.publisher);
  field(f, "source", c->meta.source);
  fputc('\n', f);
  return 0;
}

static int d_node(void *ctx, const gn_node *n)
{
  FILE *f = ctx;
  fprintf(f, "node %s kind=%s volume=%d depth=%d", n->id, gn_nkind_names[n->kind], n->volume, n->depth);
  field(f, "parent", n->parent ? n->parent->id : "");
  field(f, "number", n->number);
  field(f, "title", n->title);
  field(f, "confidence", n->prov.confidence);
  field(f, "edition", n->prov.edition);
  field(f, "body", n->body);
  fputc('\n', f);
  return 0;
}

static int d_meeting(void *ctx, const gn_meeting *m)
{
  FILE *f = ctx;
  fprintf(f, "meeting %s number=%d", m->id, m->number);
  field(f, "date", m->date);
  field(f, "title", m->title);
  fputc('\n', f);
  return 0;
}

static int d_point(void *ctx, const gn_point *p)
{
  FILE *f = ctx;
  fprintf(f, "point %s meeting=%s number=%d", p->id, p->meeting->id, p->number);
  field(f, "topic", p->topic);
  field(f, "disposition", p->disposition);
  field(f, "status", p->status);
  fputc('\n', f);
  for (int i = 0; i < p->nremarks; i++) {
    fprintf(f, "remark %s %d role=%s inferred=%d", p->id, i + 1, p->remarks[i].role, p->remarks[i].inferred);
    field(f, "text", p->remarks[i].text);
    fputc('\n', f);
  }
  return 0;
}

static int d_checklist(void *ctx, const gn_checklist *cl)
{
  FILE *f = ctx;
  fprintf(f, "checklist %s", cl->id);
  field(f, "title", cl->title);
  fputc('\n', f);
  return 0;
}

static int d_item(void *ctx, const gn_item *it)
{
  FILE *f = ctx;
  fprintf(f, "item %s checklist=%s", it->id, it->checklist->id);
  field(f, "number", it->number);
  field(f, "question", it->question);
  fprintf(f, " evidence=%d procedure=%d\n", it->evidence.n, it->procedure.n);
  return 0;
}

static int d_term(void *ctx, const gn_term *t)
{
  FILE *f = ctx;
  fprintf(f, "term %s", t->id);
  field(f, "term", t->term);
  field(f, "reading", t->reading);
  fputc('\n', f);
  return 0;
}

static int d_link(void *ctx, const char *src, const char *dst, const char *rel)
{
  fprintf(ctx, "link %s %s %s\n", src, rel, dst);
  return 0;
}

gn_sink gn_dump_sink(FILE *f)
{
  gn_sink s = {f, d_meta, d_node, d_meeting, d_point, d_checklist, d_item, d_term, d_link, NULL};
  return s;
}
