/* draw.h — drawing primitives: roles, attributes, text by display width.
 *
 * Owns: the table of drawing roles (DRAW_ROLES: what each kind of text looks
 * like in monochrome and, where colours are in use, its colour), and the
 * few functions that put text on the screen: a run of a wtext (wrap.h)
 * clipped to a width with '~' where cut, a UTF-8 string, blank fills, and
 * borders drawn with the terminal's line graphics (ACS, right on vt100,
 * linux and xterm) or with ASCII under the ambiguous-width option.  No role
 * tells anything by colour alone: every role is distinct without colour
 * (reverse, bold, underline) and the text carries its own marks.
 *
 * Contract: draw_init after curses is started; everything draws on stdscr,
 * never past the given width, and never sends a control character (texts
 * come sanitised from wrap.h).
 */
#ifndef GN_DRAW_H
#define GN_DRAW_H

#include "wrap.h"

/* id, monochrome attributes, colour pair foreground, background (-1 default) */
#define DRAW_ROLES(_) \
  _(NORMAL, 0, -1, -1) \
  _(DIM, A_DIM, -1, -1) \
  _(TITLE, A_BOLD, -1, -1) \
  _(HEAD, A_UNDERLINE, -1, -1) \
  _(HEAD_FOCUS, A_REVERSE | A_BOLD, -1, -1) \
  _(BAR, A_REVERSE, -1, -1) \
  _(MATCH, A_REVERSE, COLOR_BLACK, COLOR_YELLOW) \
  _(CURMATCH, A_REVERSE | A_BOLD | A_UNDERLINE, COLOR_BLACK, COLOR_GREEN) \
  _(MARK, A_BOLD, COLOR_RED, -1) \
  _(LINK, 0, COLOR_CYAN, -1) \
  _(LABEL, A_BOLD, -1, -1) \
  _(KEY, A_BOLD, COLOR_GREEN, -1) \
  _(MEMBER, A_BOLD, COLOR_BLUE, -1) \
  _(SECRETARIAT, A_UNDERLINE, COLOR_MAGENTA, -1) \
  _(ERROR, A_BOLD, COLOR_RED, -1) \
  _(INPUT, A_UNDERLINE, -1, -1) \
  _(INPUT_SEL, A_REVERSE | A_UNDERLINE, -1, -1)

enum draw_role {
#define DRAW_ENUM(id, mono, fg, bg) R_##id,
  DRAW_ROLES(DRAW_ENUM)
#undef DRAW_ENUM
  R__COUNT
};

/* How a whole line is shown: plain, selected in the focused pane (reverse),
 * selected in another pane (bold). */
enum { SEL_NONE, SEL_FOCUS, SEL_OTHER };

void draw_init(int color, int ascii_borders);
void draw_set_ascii(int ascii_borders);
/* Release the scratch buffer (at the end). */
void draw_done(void);
/* Draw t[from, to) at (y, x) in at most w columns; when it does not fit the
 * last column shows '~'.  Returns the columns drawn. */
int draw_wtext(int y, int x, int w, const wtext *t, int from, int to, int sel);
/* The same for UTF-8 text with one role (flags as wt_append: WRAP_AMBI). */
int draw_str(int y, int x, int w, const char *s, int role, int sel, int flags);
/* An input line s with its cursor at byte cur, in w columns: when it is
 * too wide, the part around the cursor, "~" where cut.  Returns the
 * cursor's column relative to x: 0..w, where w (the cursor after the last
 * character) is the column after the area, which the caller keeps free. */
int draw_input(int y, int x, int w, const char *s, int cur, int role, int flags);
/* Blank w columns with role's attributes. */
void draw_fill(int y, int x, int w, int role, int sel);
void draw_vline(int y, int x, int h);
void draw_hline(int y, int x, int w);

#endif
