/* nav.c — see nav.h.  The loop: read an event, let the view on top (or the
 * focused pane of the main screen) handle it, then, once no more input is
 * waiting, run idle work and draw the whole screen once. */
#include "nav.h"

#include <curses.h>
#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "app.h"
#include "draw.h"
#include "find.h"
#include "keys.h"
#include "msg.h"
#include "reader.h"
#include "toc.h"
#include "util.h"
#include "views.h"
#include "walks.h"

/* ---- locale ---- */

static int codeset_is_utf8(void)
{
  const char *cs = nl_langinfo(CODESET);
  return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static int names_utf8(const char *v)
{
  for (; *v; v++)
    if (strncasecmp(v, "utf-8", 5) == 0 || strncasecmp(v, "utf8", 4) == 0)
      return 1;
  return 0;
}

/* The locale asks for UTF-8 but is not installed (ja_JP.UTF-8 on a machine
 * with only C.UTF-8): character handling needs only a UTF-8 ctype. */
static int ensure_utf8(void)
{
  if (codeset_is_utf8())
    return 1;
  const char *v = getenv("LC_ALL");
  if (!v || !*v)
    v = getenv("LC_CTYPE");
  if (!v || !*v)
    v = getenv("LANG");
  if (!v || !names_utf8(v))
    return 0;
  static const char *const fallbacks[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", NULL};
  for (int i = 0; fallbacks[i]; i++)
    if (setlocale(LC_CTYPE, fallbacks[i]) && codeset_is_utf8())
      return 1;
  return 0;
}

/* ---- layout helpers ---- */

static void relayout(app *a)
{
  layout_compute(&a->lay, LINES, COLS);
}

static int pane_h(const app *a, int pane)
{
  const layout *l = &a->lay;
  const rect *r = pane == PANE_TOC ? &l->toc : pane == PANE_READER ? &l->reader : &l->refs;
  return r->h > 1 ? r->h - 1 : 1;
}

static int overlay_h(const app *a, const view *v)
{
  int h = a->lay.body.h - (v->ops->draw ? 2 : 1);
  return h > 1 ? h : 1;
}

static void build_view(app *a, view *v, int width)
{
  if (!v->dirty && v->doc.width == width && v->doc.flags == a->flags)
    return;
  doc_reset(&v->doc, width, a->flags);
  v->ops->build(a, v, width);
  doc_done(&v->doc);
  if (v->ops->built)
    v->ops->built(a, v);
  v->dirty = 0;
}

/* ---- drawing ---- */

static const char *pane_name(int p)
{
  return msg(p == PANE_TOC ? MSG_PANE_TOC : p == PANE_READER ? MSG_PANE_READER : MSG_PANE_REFS);
}

static void pane_header(app *a, rect r, int pane, int focused)
{
  draw_fill(r.y, r.x, r.w, focused ? R_HEAD_FOCUS : R_HEAD, SEL_NONE);
  int role = focused ? R_HEAD_FOCUS : R_HEAD;
  int x = r.x;
  if (!a->lay.wide) {
    /* one pane at a time: every pane's name, the shown one in brackets */
    for (int p = 0; p < PANE__COUNT && x < r.x + r.w; p++) {
      char *s = gn_xasprintf(p == pane ? "[%s]" : " %s ", pane_name(p));
      x += draw_str(r.y, x, r.x + r.w - x, s, p == pane ? R_HEAD_FOCUS : R_HEAD, SEL_NONE, 0);
      free(s);
    }
  } else {
    char *s = gn_xasprintf(focused ? "[%s]" : " %s ", pane_name(pane));
    x += draw_str(r.y, x, r.w, s, role, SEL_NONE, 0);
    free(s);
    if (pane == PANE_REFS && reader_nrefs(a) > 0) {
      char n[16];
      snprintf(n, sizeof n, focused ? " (%d)" : "(%d)", reader_nrefs(a));
      x += draw_str(r.y, x, r.x + r.w - x, n, role, SEL_NONE, 0);
    }
  }
  const char *id = app_current(a);
  if (id && (pane == PANE_READER || !a->lay.wide)) {
    int w = (int)strlen(id);
    if (x + 2 + w < r.x + r.w)
      draw_str(r.y, r.x + r.w - w - 1, w, id, role, SEL_NONE, 0);
  }
}

static void draw_browser(app *a)
{
  const layout *l = &a->lay;
  /* both texts at their widths, shown or not: the status line tells
   * where the reader is */
  if (l->wide)
    reader_prepare(a, l->reader.w, l->reader.h - 1, l->refs.w, l->refs.h - 1);
  else
    reader_prepare(a, l->body.w, l->body.h - 1, l->body.w, l->body.h - 1);
  if (l->wide) {
    rect t = l->toc, rr = l->reader, rf = l->refs;
    pane_header(a, t, PANE_TOC, a->focus == PANE_TOC);
    toc_draw(a, (rect){t.y + 1, t.x, t.h - 1, t.w}, a->focus == PANE_TOC);
    draw_vline(l->body.y, l->border_x, l->body.h);
    pane_header(a, rr, PANE_READER, a->focus == PANE_READER);
    reader_draw(a, (rect){rr.y + 1, rr.x, rr.h - 1, rr.w}, a->focus == PANE_READER);
    pane_header(a, rf, PANE_REFS, a->focus == PANE_REFS);
    refs_draw(a, (rect){rf.y + 1, rf.x, rf.h - 1, rf.w}, a->focus == PANE_REFS);
    return;
  }
  rect b = l->body;
  pane_header(a, b, a->focus, 1);
  rect c = {b.y + 1, b.x, b.h - 1, b.w};
  if (a->focus == PANE_TOC)
    toc_draw(a, c, 1);
  else if (a->focus == PANE_READER)
    reader_draw(a, c, 1);
  else
    refs_draw(a, c, 1);
}

static void draw_overlay(app *a, view *v)
{
  rect b = a->lay.body;
  if (v->ops->draw) {
    build_view(a, v, b.w);
    v->ops->draw(a, v, b);
    return;
  }
  build_view(a, v, b.w);
  draw_fill(b.y, b.x, b.w, R_HEAD_FOCUS, SEL_NONE);
  draw_str(b.y, b.x + 1, b.w - 1, v->title ? v->title : v->ops->name, R_HEAD_FOCUS, SEL_NONE,
           a->flags);
  doc_draw(&v->doc, b.y + 1, b.x, b.h - 1, b.w, 1);
}

static void draw_status(app *a)
{
  rect s = a->lay.status;
  if (a->prompt != PROMPT_NONE) {
    char *p = a->prompt == PROMPT_NOTE ? walks_prompt_label(a)
                                       : gn_xstrdup(msg(a->prompt == PROMPT_GOTO ? MSG_GOTO_PROMPT
                                                                                 : MSG_MARK_PROMPT));
    int x = draw_str(s.y, s.x, s.w, p, R_LABEL, SEL_NONE, 0);
    free(p);
    if (a->prompt == PROMPT_GOTO || a->prompt == PROMPT_NOTE) {
      int room = s.w - x - 1;
      if (room > 0)
        x += draw_input(s.y, s.x + x, room, a->line.s, a->line.cur, R_INPUT, a->flags);
    }
    move(s.y, s.x + (x < s.w ? x : s.w - 1));
    curs_set(a->term.scripted ? 0 : 1);
    return;
  }
  /* right: edition, where the reader is */
  char right[160] = "";
  view *v = app_top(a);
  int mc, mn;
  const char *ed = s.w >= 60 ? a->edition : "";
  const char *sep = *ed ? "  " : "";
  if (!v) {
    char pos[48];
    reader_position(a, pos, sizeof pos);
    if (reader_match_pos(a, &mc, &mn) && mc > 0)
      snprintf(right, sizeof right, "%s%s%d/%d  %s", ed, sep, mc, mn, pos);
    else
      snprintf(right, sizeof right, "%s%s%s", ed, sep, pos);
  } else {
    snprintf(right, sizeof right, "%s", ed);
  }
  int rw = wt_strwidth(right, 0);
  if (rw + 10 > s.w || rw == 0)
    rw = 0;
  const char *left = a->msg;
  int role = a->msg_err ? R_ERROR : R_NORMAL;
  if (!left) {
    left = v && v->hint ? v->hint : msg(MSG_HINT);
    role = R_DIM;
  }
  draw_str(s.y, s.x, s.w - (rw ? rw + 2 : 0), left, role, SEL_NONE, a->flags);
  if (rw)
    draw_str(s.y, s.x + s.w - rw, rw, right, R_DIM, SEL_NONE, 0);
}

static void draw_too_small(app *a)
{
  char *m = msg_fmt(MSG_TOO_SMALL, COLS, LINES, LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
  wtext t;
  wlines wl = {0};
  wt_init(&t);
  wt_append(&t, m, -1, 0, R_NORMAL, a->flags);
  wt_wrap(&t, 0, t.n, COLS, COLS, &wl);
  for (int i = 0; i < wl.n && i < LINES; i++)
    draw_wtext(i, 0, COLS, &t, wl.v[i].start, wl.v[i].end, SEL_NONE);
  wl_free(&wl);
  wt_free(&t);
  free(m);
}

static void app_draw(app *a)
{
  relayout(a);
  erase();
  curs_set(0);
  if (a->lay.too_small) {
    draw_too_small(a);
    refresh();
    return;
  }
  rect t = a->lay.title;
  draw_fill(t.y, t.x, t.w, R_BAR, SEL_NONE);
  char *title = gn_xasprintf(" %s %s", msg(MSG_NOTICE), a->gtitle);
  draw_str(t.y, t.x, t.w, title, R_BAR, SEL_NONE, a->flags);
  free(title);
  view *v = app_top(a);
  if (v)
    draw_overlay(a, v);
  else
    draw_browser(a);
  int cy, cx;
  getyx(stdscr, cy, cx);
  draw_status(a);
  if (v && v->ops->draw && a->prompt == PROMPT_NONE)
    move(cy, cx);       /* keep the search view's cursor */
  refresh();
}

/* ---- dumps and measurements ---- */

static char *dump_path(const char *name)
{
  const char *dir = getenv("GUIDENAV_DUMP_DIR");
  if (!dir || !*dir || name[0] == '/')
    return gn_xstrdup(name);
  return gn_xasprintf("%s/%s", dir, name);
}

static void dump_view(app *a, const char *name)
{
  char *path = dump_path(name);
  FILE *f = fopen(path, "w");
  if (!f) {
    app_msg(a, 1, MSG_IO_ERROR, path, strerror(errno));
    free(path);
    return;
  }
  char lay[256];
  layout_describe(&a->lay, lay, sizeof lay);
  fprintf(f, "screen: %s\nviews: browser", lay);
  for (int i = 0; i < a->nstack; i++)
    fprintf(f, " > %s", a->stack[i]->ops->name);
  static const char *const panes[] = {"toc", "reader", "refs"};
  fprintf(f, "\nfocus: %s\n", panes[a->focus]);
  reader_dump(a, f);
  toc_dump(a, f);
  find_dump(a, f);
  fprintf(f, "history: %d back, %d forward\n", a->nback, a->nfwd);
  fprintf(f, "ambiguous: %s\n", a->flags & WRAP_AMBI ? "wide" : "narrow");
  fprintf(f, "state: %s\n", a->state && gn_state_writable(a->state) ? "writable" : "not saved");
  fprintf(f, "language: %s\n", msg_is_ja() ? "ja" : "en");
  fprintf(f, "prompt: %s\n", a->prompt == PROMPT_GOTO ? "goto" : a->prompt == PROMPT_MARK ? "mark"
                            : a->prompt == PROMPT_NOTE ? "note" : "-");
  if (a->prompt != PROMPT_NONE)
    fprintf(f, "prompt.text: %s\n", a->line.s);
  if (a->prompt != PROMPT_NONE && a->line.cur != a->line.len)
    fprintf(f, "prompt.cursor: %.*s|%s\n", a->line.cur, a->line.s, a->line.s + a->line.cur);
  fprintf(f, "message: %s\n", a->msg ? a->msg : "-");
  view *v = app_top(a);
  if (v) {
    fprintf(f, "view: %s\n", v->ops->name);
    if (v->ops->dump)
      v->ops->dump(a, v, f);
    doc_dump(&v->doc, f, "view");
  }
  fclose(f);
  free(path);
}

static int cmp_double(const void *x, const void *y)
{
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

static void write_stats(app *a, const char *name)
{
  char *path = dump_path(name);
  FILE *f = fopen(path, "w");
  free(path);
  if (!f)
    return;
  double *s = gn_xmalloc(sizeof *s * (size_t)(a->nlat ? a->nlat : 1));
  memcpy(s, a->lat, sizeof *s * (size_t)a->nlat);
  qsort(s, (size_t)a->nlat, sizeof *s, cmp_double);
  double p50 = a->nlat ? s[a->nlat / 2] : 0;
  double p99 = a->nlat ? s[(a->nlat * 99) / 100 < a->nlat ? (a->nlat * 99) / 100 : a->nlat - 1] : 0;
  double mx = a->nlat ? s[a->nlat - 1] : 0;
  struct rusage ru;
  long rss = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
  fprintf(f, "first_screen_ms=%.3f keys=%d key_p50_ms=%.3f key_p99_ms=%.3f key_max_ms=%.3f"
          " max_rss_kb=%ld\n",
          (a->t_first - a->t_start) * 1000, a->nlat, p50 * 1000, p99 * 1000, mx * 1000, rss);
  free(s);
  fclose(f);
}

/* ---- actions ---- */

static void toggle_ambi(app *a)
{
  a->flags ^= WRAP_AMBI;
  draw_set_ascii(a->flags & WRAP_AMBI);
  reader_invalidate(a);
  for (int i = 0; i < a->nstack; i++)
    a->stack[i]->dirty = 1;
  if (a->state && gn_state_writable(a->state))
    gn_state_setting_set(a->state, "ambiguous", a->flags & WRAP_AMBI ? "wide" : "narrow");
  app_msg(a, 0, a->flags & WRAP_AMBI ? MSG_AMBI_ON : MSG_AMBI_OFF);
}

static void open_step(app *a, int dir)
{
  const char *cur = app_current(a);
  gn_rec r = {0};
  if (cur && gn_step(a->db, cur, dir, &r) == GN_OK) {
    char *id = gn_xstrdup(r.id);
    app_open(a, id, -1, 0);
    free(id);
  } else {
    app_msg(a, 0, dir > 0 ? MSG_NO_NEXT : MSG_NO_PREV);
  }
  gn_rec_clear(&r);
}

static int global_action(app *a, enum action act, const disp_ev *ev)
{
  const gn_rec *cur = reader_rec(a);
  switch (act) {
  case ACT_BACK:
    app_back(a);
    break;
  case ACT_FORWARD:
    app_forward(a);
    break;
  case ACT_NEXT_NODE:
    open_step(a, 1);
    break;
  case ACT_PREV_NODE:
    open_step(a, -1);
    break;
  case ACT_PARENT:
    if (cur && cur->parent_id && *cur->parent_id) {
      char *id = gn_xstrdup(cur->parent_id);
      app_open(a, id, -1, 0);
      free(id);
    }
    break;
  case ACT_COUNTERPART: {
    gn_rec r = {0};
    if (cur && gn_counterpart(a->db, cur->id, &r) == GN_OK) {
      char *id = gn_xstrdup(r.id);
      if (app_open(a, id, -1, 0) == GN_OK && a->focus == PANE_TOC && !a->lay.wide)
        a->focus = PANE_READER;
      free(id);
    } else {
      app_msg(a, 0, MSG_NO_COUNTERPART);
    }
    gn_rec_clear(&r);
    break;
  }
  case ACT_SEARCH:
    find_show(a);
    break;
  case ACT_NEXT_HIT:
  case ACT_PREV_HIT:
    app_pop_all(a);
    find_step(a, act == ACT_NEXT_HIT ? 1 : -1);
    a->focus = PANE_READER;
    break;
  case ACT_POINTS:
    views_open_points(a, cur ? cur->id : NULL);
    break;
  case ACT_CHECKLISTS:
    views_open_checklists(a, cur ? cur->id : NULL);
    break;
  case ACT_GOTO:
    a->prompt = PROMPT_GOTO;
    edit_clear(&a->line);
    break;
  case ACT_MARK:
    if (cur)
      a->prompt = PROMPT_MARK;
    break;
  case ACT_MARKS:
    views_open_marks(a);
    break;
  case ACT_HELP:
    views_open_help(a);
    break;
  case ACT_CLOSE:
    if (a->nstack)
      app_pop(a);
    break;
  case ACT_QUIT:
    if (a->nstack)
      app_pop(a);
    else
      return RE_QUIT;
    break;
  case ACT_QUIT_ALL:
    return RE_QUIT;
  case ACT_REDRAW:
    clearok(curscr, TRUE);
    break;
  case ACT_AMBI:
    toggle_ambi(a);
    break;
  case ACT_WALK: case ACT_WALK_NEW: case ACT_ST_COMPLIANT: case ACT_ST_PARTIAL:
  case ACT_ST_NONCOMPLIANT: case ACT_ST_NA: case ACT_ST_UNREVIEWED: case ACT_NOTE:
  case ACT_NEXT_TODO:
    walks_elsewhere(a, act);
    break;
  case ACT_NONE:
    if (ev->type == EV_CHAR && ev->code >= 0x20)
      app_msg(a, 0, MSG_UNKNOWN_KEY);
    return RE_NONE;
  default:
    return RE_NONE;
  }
  return RE_REDRAW;
}

static int follow_copy(app *a, const char *link)
{
  char *copy = link ? gn_xstrdup(link) : NULL;
  app_follow(a, copy);
  free(copy);
  return RE_REDRAW;
}

static int overlay_action(app *a, view *v, enum action act, const disp_ev *ev)
{
  int h = overlay_h(a, v);
  int top = a->lay.body.y + (v->ops->draw ? 2 : 1);
  switch (act) {
  case ACT_DOWN: case ACT_UP: case ACT_PGDN: case ACT_PGUP: case ACT_TOP: case ACT_BOTTOM:
    doc_act(&v->doc, act, h);
    return RE_REDRAW;
  case ACT_ENTER:
    return follow_copy(a, doc_link(&v->doc));
  case ACT_CLICK: {
    int e = doc_entry_at(&v->doc, ev->y - top);
    if (ev->y >= top && e >= 0 && v->doc.e[e].selectable) {
      v->doc.cur = e;
      return follow_copy(a, v->doc.e[e].link);
    }
    return RE_NONE;
  }
  case ACT_WHEEL:
    doc_scroll(&v->doc, ev->button == 4 ? -3 : 3, h);
    return RE_REDRAW;
  case ACT_BACK: case ACT_COLLAPSE:
    app_pop(a);
    return RE_REDRAW;
  case ACT_NEXT_PANE: case ACT_PREV_PANE: case ACT_EXPAND: case ACT_FORWARD:
    return RE_NONE;
  default:
    return global_action(a, act, ev);
  }
}

static int mouse_browser(app *a, enum action act, const disp_ev *ev)
{
  const layout *l = &a->lay;
  int pane = a->focus;
  rect r = l->body;
  if (l->wide) {
    const rect *rs[PANE__COUNT] = {&l->toc, &l->reader, &l->refs};
    pane = -1;
    for (int p = 0; p < PANE__COUNT; p++)
      if (ev->y >= rs[p]->y && ev->y < rs[p]->y + rs[p]->h && ev->x >= rs[p]->x &&
          ev->x < rs[p]->x + rs[p]->w) {
        pane = p;
        r = *rs[p];
      }
    if (pane < 0)
      return RE_NONE;
  }
  int row = ev->y - (r.y + 1);
  if (act == ACT_WHEEL) {
    int d = ev->button == 4 ? -3 : 3;
    if (pane == PANE_TOC)
      toc_scroll(a, d, r.h - 1);
    else
      reader_scroll(a, pane, d);
    return RE_REDRAW;
  }
  if (ev->y == r.y) {
    /* a click on a header: in one-pane mode, on a pane's name */
    if (!l->wide) {
      int x = r.x;
      for (int p = 0; p < PANE__COUNT; p++) {
        int w = wt_strwidth(pane_name(p), 0) + 2;
        if (ev->x >= x && ev->x < x + w)
          a->focus = p;
        x += w;
      }
    } else {
      a->focus = pane;
    }
    return RE_REDRAW;
  }
  a->focus = pane;
  if (pane == PANE_TOC)
    return toc_click(a, row, ev->x - r.x, r.h - 1);
  return reader_click(a, pane, row);
}

static int browser_action(app *a, enum action act, const disp_ev *ev)
{
  int rc = RE_UNHANDLED;
  if (act == ACT_CLICK || act == ACT_WHEEL)
    return mouse_browser(a, act, ev);
  if (a->focus == PANE_TOC)
    rc = toc_act(a, act, pane_h(a, PANE_TOC));
  else if (a->focus == PANE_READER)
    rc = reader_act(a, act, pane_h(a, PANE_READER));
  else
    rc = refs_act(a, act, pane_h(a, PANE_REFS));
  if (rc != RE_UNHANDLED)
    return rc;
  switch (act) {
  case ACT_NEXT_PANE:
    a->focus = (a->focus + 1) % PANE__COUNT;
    return RE_REDRAW;
  case ACT_PREV_PANE:
    a->focus = (a->focus + PANE__COUNT - 1) % PANE__COUNT;
    return RE_REDRAW;
  case ACT_COLLAPSE:
    app_back(a);
    return RE_REDRAW;
  case ACT_EXPAND:
    app_forward(a);
    return RE_REDRAW;
  case ACT_CLOSE:
    app_msg(a, 0, MSG_HINT);
    return RE_REDRAW;
  default:
    return global_action(a, act, ev);
  }
}

static int handle_prompt(app *a, const disp_ev *ev)
{
  if (ev->type != EV_CHAR && ev->type != EV_KEY)
    return RE_NONE;
  int c = ev->code;
  int is_char = ev->type == EV_CHAR;
  if (is_char && c == 27) {
    if (a->prompt == PROMPT_NOTE)
      walks_note_cancel(a);
    a->prompt = PROMPT_NONE;
    return RE_REDRAW;
  }
  if (a->prompt == PROMPT_MARK) {
    a->prompt = PROMPT_NONE;
    if (is_char && c < 128 && c > 32) {
      char name[2] = {(char)c, '\0'};
      views_set_mark(a, name);
    } else {
      app_msg(a, 1, MSG_MARK_BAD);
    }
    return RE_REDRAW;
  }
  if ((is_char && (c == '\n' || c == '\r')) || (!is_char && c == KEY_ENTER)) {
    enum prompt_kind kind = a->prompt;
    a->prompt = PROMPT_NONE;
    char *text = gn_xstrdup(a->line.s);
    if (kind == PROMPT_NOTE)
      walks_note_done(a, text);
    else
      views_goto(a, text);
    free(text);
    return RE_REDRAW;
  }
  enum action ia = keys_lookup_input(c, !is_char);
  if (ia == ACT_IN_BACKSPACE && a->line.len == 0) {
    /* an empty go-to line closes; a note is only closed by Enter or Esc */
    if (a->prompt == PROMPT_GOTO)
      a->prompt = PROMPT_NONE;
  } else if (ia != ACT_NONE) {
    edit_act(&a->line, ia);
  } else if (is_char) {
    edit_add(&a->line, (wchar_t)c);
  }
  return RE_REDRAW;
}

static enum action action_of(const disp_ev *ev)
{
  switch (ev->type) {
  case EV_CHAR:
    return keys_lookup(ev->code, 0);
  case EV_KEY:
    return keys_lookup(ev->code, 1);
  case EV_MOUSE:
    return ev->button == 1 ? ACT_CLICK : ACT_WHEEL;
  default:
    return ACT_NONE;
  }
}

static int handle_input(app *a, const disp_ev *ev)
{
  if (a->prompt != PROMPT_NONE)
    return handle_prompt(a, ev);
  free(a->msg);
  a->msg = NULL;
  relayout(a);
  if (a->lay.too_small)
    return (ev->type == EV_CHAR && (ev->code == 'q' || ev->code == 'Q')) ? RE_QUIT : RE_REDRAW;
  enum action act = action_of(ev);
  view *v = app_top(a);
  if (v) {
    int rc = RE_UNHANDLED;
    if (v->ops->key)
      rc = v->ops->key(a, v, ev, act);
    if (rc == RE_UNHANDLED)
      rc = overlay_action(a, v, act, ev);
    return rc;
  }
  return browser_action(a, act, ev);
}

static void handle_cmd(app *a, const disp_ev *ev)
{
  if (strcmp(ev->cmd, "dump-screen") == 0 || strcmp(ev->cmd, "dump-attrs") == 0) {
    app_draw(a);
    char *path = dump_path(ev->arg);
    if (disp_dump(path, strcmp(ev->cmd, "dump-attrs") == 0) != 0)
      fprintf(stderr, "guidenav: %s: %s\n", path, strerror(errno));
    free(path);
  } else if (strcmp(ev->cmd, "dump-view") == 0) {
    app_draw(a);
    dump_view(a, ev->arg);
  } else if (strcmp(ev->cmd, "stats") == 0) {
    write_stats(a, ev->arg);
  }
}

/* ---- start and stop ---- */

typedef struct startc {
  int n;
  char *link;
  gn_buf list;
} startc;

static int start_cand(const gn_rec *r, void *ctx)
{
  startc *s = ctx;
  if (s->n++ == 0)
    s->link = gn_xstrdup(app_link(r->kind, r->id));
  gn_buf_printf(&s->list, "  %s  %s  %s\n", r->id, r->kind, r->path && *r->path ? r->path : r->title);
  return 0;
}

static void app_free(app *a)
{
  app_pop_all(a);
  find_free(a);
  reader_free(a);
  toc_free(a);
  for (int i = 0; i < a->nback; i++)
    free(a->back[i].id);
  for (int i = 0; i < a->nfwd; i++)
    free(a->fwd[i].id);
  free(a->back);
  free(a->fwd);
  edit_free(&a->line);
  free(a->msg);
  free(a->state_msg);
  free(a->gtitle);
  free(a->edition);
  free(a->lat);
  gn_state_close(a->state);
  draw_done();
}

static void init_ambi(app *a)
{
  const char *e = getenv("GUIDENAV_AMBIWIDTH");
  if (e && *e) {
    a->ambi_from_env = 1;
    if (strcmp(e, "2") == 0 || strcasecmp(e, "wide") == 0)
      a->flags |= WRAP_AMBI;
    return;
  }
  char *v = NULL;
  if (a->state && gn_state_setting_get(a->state, "ambiguous", &v) == GN_OK && strcmp(v, "wide") == 0)
    a->flags |= WRAP_AMBI;
  free(v);
}

static void record_latency(app *a, double t0)
{
  double d = app_now() - t0;
  GN_PUSH(a->lat, a->nlat, a->caplat, d);
}

/* The refusal of a non-UTF-8 locale, in the locale's own character set:
 * Japanese converted to EUC-JP or Shift_JIS where the locale is Japanese,
 * else English (ASCII, readable everywhere). */
static void say_not_utf8(const char *cs)
{
  char *m = msg_fmt(MSG_NOT_UTF8, cs);
  char *conv = NULL;
  if (msg_is_ja()) {
    iconv_t cd = iconv_open(cs, "UTF-8");
    if (cd != (iconv_t)-1) {
      size_t inl = strlen(m), outl = inl * 2 + 1;
      char *in = m, *o = conv = gn_xmalloc(outl);
      if (iconv(cd, &in, &inl, &o, &outl) == (size_t)-1 || outl == 0) {
        free(conv);
        conv = NULL;
      } else {
        *o = '\0';
      }
      iconv_close(cd);
    }
    if (!conv) {
      free(m);
      msg_set_ja(0);
      m = msg_fmt(MSG_NOT_UTF8, cs);
    }
  }
  fprintf(stderr, "guidenav: %s\n", conv ? conv : m);
  free(conv);
  free(m);
}

int nav_run(const nav_opts *o)
{
  app A;
  app *a = &A;
  memset(a, 0, sizeof *a);
  a->t_start = app_now();
  msg_init();
  if (!ensure_utf8()) {
    const char *cs = nl_langinfo(CODESET);
    say_not_utf8(cs ? cs : "?");
    return GN_EUSAGE;
  }
  a->db = o->db;
  a->db_path = o->db_path;
  a->state_path = o->state_path;
  a->gtitle = gn_xstrdup(gn_meta(a->db, "title"));
  a->edition = gn_xstrdup(gn_meta(a->db, "edition"));
  edit_init(&a->line);

  /* a damaged index: say so and exit 3 before touching the terminal,
   * rather than show an empty tree */
  if (toc_init(a) == GN_EIO) {
    fprintf(stderr, "guidenav: %s: %s\n", o->db_path ? o->db_path : "index", gn_errmsg(a->db));
    app_free(a);
    return GN_EIO;
  }

  /* where to start: resolve before touching the terminal */
  char *start_link = NULL;
  if (o->start && *o->start) {
    startc s = {0, NULL, {0}};
    gn_resolve(a->db, o->start, start_cand, &s);
    if (s.n != 1) {
      if (s.n == 0) {
        char *m = msg_fmt(MSG_NO_START, o->start);
        fprintf(stderr, "guidenav: %s\n", m);
        free(m);
      } else {
        char *m = msg_fmt(MSG_GOTO_MANY, o->start, s.n);
        fprintf(stderr, "guidenav: %s\n%s", m, s.list.s ? s.list.s : "");
        free(m);
      }
      free(s.link);
      gn_buf_free(&s.list);
      app_free(a);
      return s.n == 0 ? GN_NOTFOUND : GN_EUSAGE;
    }
    start_link = s.link;
    gn_buf_free(&s.list);
  }

  char *smsg = NULL;
  if (o->state_path && *o->state_path) {
    if (gn_state_open(o->state_path, &a->state, &smsg) != GN_OK)
      a->state = NULL;
  } else {
    smsg = gn_xstrdup("no state file");
  }
  a->state_msg = smsg;
  init_ambi(a);

  const char *scr = getenv("GUIDENAV_SCRIPT");
  char *err = NULL;
  int trc = disp_start(&a->term, scr && *scr ? scr : NULL, &err);
  if (trc != 0) {
    const char *tn = getenv("TERM");
    char *m = trc == -2 ? msg_fmt(MSG_SCRIPT_FAIL, err ? err : "")
                        : msg_fmt(MSG_NO_TERM, tn && *tn ? tn : "-", err ? err : "");
    fprintf(stderr, "guidenav: %s\n", m);
    free(m);
    free(err);
    free(start_link);
    app_free(a);
    return trc == -2 ? GN_EIO : GN_EUSAGE;
  }
  draw_init(a->term.color, a->flags & WRAP_AMBI);
  relayout(a);
  reader_init(a);
  find_init(a);

  /* open: the given place, else where the last run stopped, else the start */
  int opened = 0;
  if (start_link) {
    if (strncmp(start_link, "node:", 5) == 0) {
      opened = app_open(a, start_link + 5, -1, 1) == GN_OK;
      a->focus = PANE_READER;
    } else {
      const char *first = toc_first(a);
      if (first)
        app_open(a, first, -1, 1);
      app_follow(a, start_link);
      opened = 1;
    }
  }
  if (!opened && a->state) {
    char *id = NULL;
    int line = 0;
    if (gn_state_pos_get(a->state, "last", &id, &line) == GN_OK &&
        app_open(a, id, line, 1) == GN_OK) {
      opened = 1;
      a->focus = PANE_READER;
      app_msg(a, 0, MSG_SAVED_POS);
    }
    free(id);
  }
  if (!opened) {
    free(a->msg);
    a->msg = NULL;
    const char *first = toc_first(a);
    if (first)
      app_open(a, first, -1, 1);
    a->focus = PANE_TOC;
  }
  free(start_link);
  if (a->state_msg)
    app_msg(a, 1, MSG_STATE_RO, o->state_path && *o->state_path ? o->state_path : "-");
  else if (!(o->start && *o->start))
    walks_restore(a);      /* a walkthrough left open: open it again */

  app_draw(a);
  a->t_first = app_now();

  double burst = 0;
  while (!a->quit) {
    disp_ev ev;
    disp_next(&a->term, &ev);
    int rc = RE_NONE;
    switch (ev.type) {
    case EV_SIGNAL:
      a->quit = 1;
      a->exit_code = 128 + ev.code;
      continue;
    case EV_EOF:
      a->quit = 1;
      continue;
    case EV_RESIZE:
      if (!burst)
        burst = app_now();
      rc = RE_REDRAW;
      break;
    case EV_CMD:
      handle_cmd(a, &ev);
      continue;
    default:
      if (!burst)
        burst = app_now();
      rc = handle_input(a, &ev);
      break;
    }
    if (rc & RE_QUIT) {
      a->quit = 1;
      continue;
    }
    if (disp_pending(&a->term))
      continue;
    for (;;) {
      view *v = app_top(a);
      int more = v && v->ops->idle ? v->ops->idle(a, v) : 0;
      app_draw(a);
      if (!more || disp_pending(&a->term))
        break;
    }
    if (burst) {
      record_latency(a, burst);
      burst = 0;
    }
  }
  walks_save_open(a);
  app_save_pos(a);
  disp_stop(&a->term);
  int code = a->exit_code;
  app_free(a);
  return code;
}

void nav_print_keys(FILE *f, int roff)
{
  msg_init();
  keys_print(f, roff);
}
