/* app.c — see app.h. */
#include "app.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "find.h"
#include "msg.h"
#include "reader.h"
#include "toc.h"
#include "util.h"
#include "views.h"
#include "walks.h"

double app_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void app_msg(app *a, int err, int id, ...)
{
  va_list ap;
  va_start(ap, id);
  free(a->msg);
  a->msg = msg_vfmt((enum msg_id)id, ap);
  va_end(ap);
  a->msg_err = err;
}

void app_msg_text(app *a, int err, const char *text)
{
  free(a->msg);
  a->msg = gn_xstrdup(text);
  a->msg_err = err;
}

const char *app_current(const app *a)
{
  return reader_id(a);
}

const char *app_link(const char *kind, const char *id)
{
  static char buf[512];
  snprintf(buf, sizeof buf, "%s:%s", kind ? kind : "node", id ? id : "");
  return buf;
}

const char *app_kind_label(const char *kind, const char *nkind)
{
  if (!kind)
    return "";
  if (strcmp(kind, "node") == 0) {
    if (!nkind)
      return msg(MSG_KIND_NODE);
    if (strcmp(nkind, "volume") == 0) return msg(MSG_KIND_VOLUME);
    if (strcmp(nkind, "part") == 0) return msg(MSG_KIND_PART);
    if (strcmp(nkind, "chapter") == 0) return msg(MSG_KIND_CHAPTER);
    if (strcmp(nkind, "item") == 0) return msg(MSG_KIND_ITEM);
    return msg(MSG_KIND_SECTION);
  }
  if (strcmp(kind, "point") == 0) return msg(MSG_KIND_POINT);
  if (strcmp(kind, "meeting") == 0) return msg(MSG_KIND_MEETING);
  if (strcmp(kind, "checklist") == 0) return msg(MSG_KIND_CHECKLIST);
  if (strcmp(kind, "item") == 0) return msg(MSG_KIND_CHECKITEM);
  if (strcmp(kind, "term") == 0) return msg(MSG_KIND_TERM);
  return kind;
}

char *app_node_cite(int volume, const char *number, const char *nkind)
{
  if (nkind && strcmp(nkind, "volume") == 0)
    return gn_xstrdup(number ? number : "");
  if (volume > 0)
    return gn_xasprintf("第%d編 %s", volume, number ? number : "");
  return gn_xstrdup(number ? number : "");
}

char *app_link_label(const char *kind, int volume, const char *number, int kind_label)
{
  if (kind && strcmp(kind, "node") == 0)
    return app_node_cite(volume, number, NULL);
  if (kind && strcmp(kind, "point") == 0)
    return gn_xasprintf("%s %s", msg(MSG_KIND_POINT), number ? number : "");
  if (number && *number)
    return gn_xstrdup(number);
  return gn_xstrdup(kind_label ? app_kind_label(kind, NULL) : "");
}

/* ---- history ---- */

static void loc_free(loc *l)
{
  free(l->id);
  l->id = NULL;
}

static void clear_fwd(app *a)
{
  for (int i = 0; i < a->nfwd; i++)
    loc_free(&a->fwd[i]);
  a->nfwd = 0;
}

void app_hist_push(app *a)
{
  const char *id = app_current(a);
  if (!id)
    return;
  if (a->nback > 0 && strcmp(a->back[a->nback - 1].id, id) == 0) {
    a->back[a->nback - 1].top = reader_top(a);
  } else {
    if (a->nback == 200) {          /* keep the newest 200 */
      loc_free(&a->back[0]);
      memmove(a->back, a->back + 1, sizeof *a->back * (size_t)(a->nback - 1));
      a->nback--;
    }
    loc l = {gn_xstrdup(id), reader_top(a)};
    GN_PUSH(a->back, a->nback, a->capback, l);
  }
  clear_fwd(a);
}

void app_hist_push_link(app *a, const char *link)
{
  if (a->nback == 200) {
    loc_free(&a->back[0]);
    memmove(a->back, a->back + 1, sizeof *a->back * (size_t)(a->nback - 1));
    a->nback--;
  }
  loc l = {gn_xstrdup(link), 0};
  GN_PUSH(a->back, a->nback, a->capback, l);
  clear_fwd(a);
}

int app_back(app *a)
{
  if (a->nback == 0) {
    app_msg(a, 0, MSG_NO_BACK);
    return 0;
  }
  loc l = a->back[--a->nback];
  const char *cur = app_current(a);
  if (cur) {
    loc f = {gn_xstrdup(cur), reader_top(a)};
    GN_PUSH(a->fwd, a->nfwd, a->capfwd, f);
  }
  if (strchr(l.id, ':'))
    app_follow(a, l.id);        /* a link: back into the view that left it */
  else
    app_open(a, l.id, l.top, 1);
  loc_free(&l);
  return 1;
}

int app_forward(app *a)
{
  if (a->nfwd == 0) {
    app_msg(a, 0, MSG_NO_FORWARD);
    return 0;
  }
  loc l = a->fwd[--a->nfwd];
  const char *cur = app_current(a);
  if (cur) {
    loc b = {gn_xstrdup(cur), reader_top(a)};
    GN_PUSH(a->back, a->nback, a->capback, b);
  }
  app_open(a, l.id, l.top, 1);
  loc_free(&l);
  return 1;
}

/* ---- opening and following ---- */

int app_open(app *a, const char *id, int top, int nohist)
{
  char *copy = gn_xstrdup(id);     /* id may point into what we replace */
  const char *cur = app_current(a);
  if (!nohist && cur && strcmp(cur, copy) != 0)
    app_hist_push(a);
  int rc = reader_load(a, copy, top);
  if (rc == GN_OK) {
    app_pop_all(a);
    toc_reveal(a, copy);
  } else if (rc == GN_NOTFOUND) {
    app_msg(a, 1, MSG_NOT_FOUND, copy);
  } else {
    app_msg(a, 1, MSG_DB_ERROR, gn_errmsg(a->db));
  }
  free(copy);
  return rc;
}

int app_follow(app *a, const char *link)
{
  if (!link) {
    app_msg(a, 0, MSG_NO_LINK);
    return GN_NOTFOUND;
  }
  const char *colon = strchr(link, ':');
  if (!colon)
    return app_open(a, link, -1, 0);
  size_t kl = (size_t)(colon - link);
  const char *id = colon + 1;
#define IS(k) (kl == strlen(k) && strncmp(link, k, kl) == 0)
  if (IS("node")) {
    int rc = app_open(a, id, -1, 0);
    if (rc == GN_OK)
      a->focus = PANE_READER;
    return rc;
  }
  if (IS("hit"))
    return find_open(a, atoi(id));
  if (IS("point") || IS("meeting"))
    return views_open_point(a, IS("point") ? id : NULL);
  if (IS("points"))
    return views_open_points(a, id);
  if (IS("checklists"))
    return views_open_checklists(a, id);
  if (IS("item"))
    return views_open_item(a, id);
  if (IS("checklist"))
    return views_open_checklist(a, id);
  if (IS("term"))
    return views_open_term(a, id);
  if (IS("mark"))
    return views_jump_mark(a, id);
  if (IS("walk"))
    return walks_follow(a, id);
#undef IS
  app_msg(a, 1, MSG_NOT_FOUND, link);
  return GN_NOTFOUND;
}

/* ---- overlay views ---- */

view *app_push(app *a, const view_ops *ops, const char *arg, int mode)
{
  if (a->nstack == (int)(sizeof a->stack / sizeof a->stack[0])) {
    /* deep enough: drop the oldest */
    view *old = a->stack[0];
    if (old->ops->free)
      old->ops->free(old);
    doc_free(&old->doc);
    free(old->title);
    free(old->arg);
    free(old);
    memmove(a->stack, a->stack + 1, sizeof a->stack[0] * (size_t)(a->nstack - 1));
    a->nstack--;
  }
  view *v = gn_xcalloc(1, sizeof *v);
  v->ops = ops;
  v->arg = arg ? gn_xstrdup(arg) : NULL;
  v->mode = mode;
  v->dirty = 1;
  doc_init(&v->doc, 1);
  a->stack[a->nstack++] = v;
  return v;
}

void app_pop(app *a)
{
  if (a->nstack == 0)
    return;
  view *v = a->stack[--a->nstack];
  if (v->ops->free)
    v->ops->free(v);
  doc_free(&v->doc);
  free(v->title);
  free(v->arg);
  free(v);
}

void app_pop_all(app *a)
{
  while (a->nstack > 0)
    app_pop(a);
}

view *app_top(app *a)
{
  return a->nstack ? a->stack[a->nstack - 1] : NULL;
}

void app_save_pos(app *a)
{
  const char *id = app_current(a);
  if (!id || !a->state || !gn_state_writable(a->state))
    return;
  gn_state_pos_set(a->state, "last", id, reader_top(a));
}
