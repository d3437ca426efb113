/* doc.c — see doc.h. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "keys.h"
#include "util.h"

void doc_init(doc *d, int autosel)
{
  memset(d, 0, sizeof *d);
  d->cur = -1;
  d->autosel = autosel;
}

static void clear_entries(doc *d)
{
  for (int i = 0; i < d->ne; i++)
    free(d->e[i].link);
  d->ne = 0;
  d->nl = 0;
  wt_clear(&d->t);
}

void doc_free(doc *d)
{
  clear_entries(d);
  free(d->e);
  free(d->l);
  free(d->keep_link);
  wt_free(&d->t);
  doc_init(d, d->autosel);
}

void doc_reset(doc *d, int width, int flags)
{
  free(d->keep_link);
  d->keep_link = NULL;
  const char *l = doc_link(d);
  if (l)
    d->keep_link = gn_xstrdup(l);
  clear_entries(d);
  d->width = width < 1 ? 1 : width;
  d->flags = flags;
}

void doc_rewind(doc *d)
{
  free(d->keep_link);
  d->keep_link = NULL;
  d->top = 0;
  d->cur = -1;
}

static int maxtop(const doc *d, int h)
{
  int m = d->nl - (h > 0 ? h : 1);
  return m > 0 ? m : 0;
}

static int entry_last(const doc *d, int e)
{
  return d->e[e].first + (d->e[e].nlines > 0 ? d->e[e].nlines : 1) - 1;
}

static int visible(const doc *d, int e, int h)
{
  return d->e[e].nlines > 0 && entry_last(d, e) >= d->top && d->e[e].first < d->top + h;
}

static int first_visible_sel(const doc *d, int h)
{
  for (int i = 0; i < d->ne; i++)
    if (d->e[i].selectable && visible(d, i, h))
      return i;
  return -1;
}

static int last_visible_sel(const doc *d, int h)
{
  for (int i = d->ne - 1; i >= 0; i--)
    if (d->e[i].selectable && visible(d, i, h))
      return i;
  return -1;
}

static void fix_sel(doc *d, int h)
{
  if (d->cur >= 0 && (d->cur >= d->ne || !visible(d, d->cur, h)))
    d->cur = -1;
  if (d->cur < 0 && d->autosel)
    d->cur = first_visible_sel(d, h);
}

void doc_done(doc *d)
{
  if (d->keep_link) {
    doc_select(d, d->keep_link);
    free(d->keep_link);
    d->keep_link = NULL;
  }
  if (d->cur >= d->ne)
    d->cur = -1;
  int h = d->height > 0 ? d->height : 1;
  if (d->cur >= 0 && d->height > 0 && !visible(d, d->cur, h))
    d->top = d->e[d->cur].first;
  if (d->top > maxtop(d, h))
    d->top = maxtop(d, h);
  if (d->top < 0)
    d->top = 0;
  if (d->autosel && d->cur < 0) {
    for (int i = 0; i < d->ne; i++)
      if (d->e[i].selectable) {
        d->cur = i;
        break;
      }
  }
}

int doc_entry(doc *d, const char *link, int selectable)
{
  dentry e = {d->nl, 0, link ? gn_xstrdup(link) : NULL, selectable && link};
  GN_PUSH(d->e, d->ne, d->cape, e);
  return d->ne - 1;
}

static void add_line(doc *d, int start, int end, int indent, int cut)
{
  if (d->ne == 0)
    doc_entry(d, NULL, 0);
  dline l = {start, end, indent, d->ne - 1, cut};
  GN_PUSH(d->l, d->nl, d->capl, l);
  d->e[d->ne - 1].nlines++;
}

int doc_add(doc *d, const char *s, int len, int role)
{
  int from = d->t.n;
  wt_append(&d->t, s, len, 0, role, d->flags);
  return from;
}

void doc_wrap(doc *d, int from, int indent1, int indent, int maxlines)
{
  wlines wl = {0};
  int w1 = d->width - indent1, wr = d->width - indent;
  if (from >= d->t.n) {
    add_line(d, from, from, indent1, 0);
    return;
  }
  wt_wrap(&d->t, from, d->t.n, w1 < 1 ? 1 : w1, wr < 1 ? 1 : wr, &wl);
  if (wl.n == 0)
    add_line(d, from, from, indent1, 0);
  for (int i = 0; i < wl.n; i++) {
    if (maxlines > 0 && i == maxlines - 1 && wl.n > maxlines) {
      add_line(d, wl.v[i].start, wl.v[wl.n - 1].end, i ? indent : indent1, 1);
      break;
    }
    add_line(d, wl.v[i].start, wl.v[i].end, i ? indent : indent1, 0);
  }
  wl_free(&wl);
}

void doc_para(doc *d, const char *s, int role, int indent1, int indent)
{
  int from = doc_add(d, s, -1, role);
  doc_wrap(d, from, indent1, indent, 0);
}

void doc_labelled(doc *d, const char *label, int lrole, const char *text, int role, int indent)
{
  if (!text || !*text)
    return;
  int from = doc_add(d, label, -1, lrole);
  int len = (int)strlen(text);
  while (len > 0 && text[len - 1] == '\n')
    len--;
  doc_add(d, text, len, role);
  doc_wrap(d, from, indent, indent + 2, 0);
}

void doc_line(doc *d, int from, int indent)
{
  add_line(d, from, d->t.n, indent, 0);
}

void doc_blank(doc *d)
{
  add_line(d, d->t.n, d->t.n, 0, 0);
}

void doc_scroll(doc *d, int delta, int h)
{
  d->top += delta;
  if (d->top > maxtop(d, h))
    d->top = maxtop(d, h);
  if (d->top < 0)
    d->top = 0;
  fix_sel(d, h);
}

void doc_show_line(doc *d, int line, int h)
{
  if (line < d->top || line >= d->top + h) {
    d->top = line > 0 ? line - 1 : 0;
    if (d->top > maxtop(d, h))
      d->top = maxtop(d, h);
  }
  fix_sel(d, h);
}

static int act_down(doc *d, int h)
{
  int mt = maxtop(d, h);
  if (d->cur >= 0 && entry_last(d, d->cur) >= d->top + h && d->top < mt) {
    d->top++;
    fix_sel(d, h);
    return 1;
  }
  int next = -1;
  for (int i = d->cur >= 0 ? d->cur + 1 : 0; i < d->ne; i++)
    if (d->e[i].selectable && d->e[i].nlines > 0 && (d->cur >= 0 || d->e[i].first >= d->top)) {
      next = i;
      break;
    }
  /* the next entry when it is on screen, or near enough that scrolling to
   * it shows every line in between */
  if (next >= 0 && d->e[next].first < d->top + h + h / 2) {
    d->cur = next;
    int last = entry_last(d, next);
    if (last >= d->top + h) {
      int t = last - h + 1;
      d->top = t < d->e[next].first ? t : d->e[next].first;
    }
    return 1;
  }
  if (d->top < mt) {
    d->top++;
    if (!d->autosel && d->cur >= 0 && !visible(d, d->cur, h))
      d->cur = -1;
    fix_sel(d, h);
    return 1;
  }
  return 0;
}

static int act_up(doc *d, int h)
{
  if (d->cur >= 0 && d->e[d->cur].first < d->top) {
    d->top--;
    fix_sel(d, h);
    return 1;
  }
  int prev = -1;
  if (d->cur >= 0) {
    for (int i = d->cur - 1; i >= 0; i--)
      if (d->e[i].selectable && d->e[i].nlines > 0) {
        prev = i;
        break;
      }
  }
  if (prev >= 0 && entry_last(d, prev) >= d->top - h / 2) {
    d->cur = prev;
    if (d->e[prev].first < d->top)
      d->top = d->e[prev].first;
    return 1;
  }
  if (d->top > 0) {
    d->top--;
    if (!d->autosel)
      d->cur = -1;
    fix_sel(d, h);
    return 1;
  }
  if (!d->autosel && d->cur >= 0) {
    d->cur = -1;
    return 1;
  }
  return 0;
}

int doc_act(doc *d, int act, int h)
{
  int old_top = d->top, old_cur = d->cur, mt = maxtop(d, h);
  if (h < 1)
    h = 1;
  switch (act) {
  case ACT_DOWN:
    return act_down(d, h);
  case ACT_UP:
    return act_up(d, h);
  case ACT_PGDN:
    if (d->top < mt) {
      d->top += h > 1 ? h - 1 : 1;
      if (d->top > mt)
        d->top = mt;
      d->cur = -1;
      fix_sel(d, h);
    } else if (d->autosel) {
      d->cur = last_visible_sel(d, h);
    }
    break;
  case ACT_PGUP:
    if (d->top > 0) {
      d->top -= h > 1 ? h - 1 : 1;
      if (d->top < 0)
        d->top = 0;
      d->cur = -1;
      fix_sel(d, h);
    } else if (d->autosel) {
      d->cur = first_visible_sel(d, h);
    }
    break;
  case ACT_TOP:
    d->top = 0;
    d->cur = -1;
    fix_sel(d, h);
    break;
  case ACT_BOTTOM:
    d->top = mt;
    d->cur = d->autosel ? last_visible_sel(d, h) : -1;
    break;
  default:
    return 0;
  }
  return d->top != old_top || d->cur != old_cur;
}

int doc_select(doc *d, const char *link)
{
  if (!link)
    return 0;
  for (int i = 0; i < d->ne; i++)
    if (d->e[i].selectable && d->e[i].link && strcmp(d->e[i].link, link) == 0) {
      d->cur = i;
      return 1;
    }
  return 0;
}

const char *doc_link(const doc *d)
{
  if (d->cur < 0 || d->cur >= d->ne)
    return NULL;
  return d->e[d->cur].link;
}

int doc_entry_at(const doc *d, int row)
{
  int line = d->top + row;
  if (row < 0 || line >= d->nl)
    return -1;
  return d->l[line].entry;
}

int doc_line_of(const doc *d, int i)
{
  for (int k = 0; k < d->nl; k++)
    if (i >= d->l[k].start && i < d->l[k].end)
      return k;
  return -1;
}

void doc_draw(doc *d, int y, int x, int h, int w, int focused)
{
  d->height = h;
  for (int r = 0; r < h; r++) {
    int li = d->top + r;
    if (li >= d->nl)
      break;
    const dline *l = &d->l[li];
    int sel = SEL_NONE;
    if (l->entry == d->cur)
      sel = focused ? SEL_FOCUS : SEL_OTHER;
    if (sel == SEL_FOCUS)
      draw_fill(y + r, x, w, R_NORMAL, sel);
    int ind = l->indent < w ? l->indent : w;
    int used = draw_wtext(y + r, x + ind, w - ind, &d->t, l->start, l->end, sel);
    if (l->cut && ind + used < w) {
      draw_str(y + r, x + ind + used, 1, "~", R_DIM, sel, 0);
    }
  }
}

void doc_dump(const doc *d, FILE *f, const char *name)
{
  fprintf(f, "%s.lines: %d\n%s.top: %d\n", name, d->nl, name, d->top);
  const char *l = doc_link(d);
  fprintf(f, "%s.selected: %s\n", name, l ? l : "-");
}
