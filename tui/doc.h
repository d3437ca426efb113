/* doc.h — a scrollable document of wrapped lines with selectable entries.
 *
 * Owns: the one model behind every pane and view that shows text (the
 * reader, the references, search results, revision points, checklists,
 * help, bookmarks): lines wrapped at a width (wrap.h), grouped into
 * entries, some of which are selectable and carry a link ("node:ID",
 * "point:ID", ...).  Movement is written once here, lynx-style: Down moves
 * to the next selectable entry when it is on screen and scrolls otherwise,
 * so long text is read line by line and short lists are walked entry by
 * entry; pages, top and bottom; mouse rows to entries.  Drawing puts the
 * visible lines in a rectangle, the selected entry in reverse video (bold
 * when its pane is not focused).
 *
 * Contract: build with doc_reset (which keeps the scroll position and the
 * selected link so that a rebuild at another width lands at the same
 * place), then doc_entry / doc_add / doc_wrap / doc_para / doc_labelled;
 * entries own their lines in order.  Links are copied.  doc_free releases
 * everything.
 */
#ifndef GN_DOC_H
#define GN_DOC_H

#include <stdio.h>

#include "wrap.h"

typedef struct dline {
  int start, end;      /* [start, end) in the doc's text */
  int indent;          /* blank columns before the text */
  int entry;
  int cut;             /* more text followed: show '~' at the end */
} dline;

typedef struct dentry {
  int first, nlines;
  char *link;          /* NULL: not followable */
  int selectable;
} dentry;

typedef struct doc {
  wtext t;
  dline *l;
  int nl, capl;
  dentry *e;
  int ne, cape;
  int width;           /* built for this width; 0: needs building */
  int flags;           /* wrap flags (WRAP_AMBI) */
  int top;             /* first line shown */
  int cur;             /* selected entry, -1 none */
  int height;          /* rows of the last draw */
  int autosel;         /* keep some visible entry selected (lists) */
  char *keep_link;     /* selection to restore after a rebuild */
} doc;

void doc_init(doc *d, int autosel);
void doc_free(doc *d);
/* Start (re)building at width; remembers the selected link. */
void doc_reset(doc *d, int width, int flags);
/* Forget the position too (a new document). */
void doc_rewind(doc *d);
/* Finish building: restore the selection, clamp the position. */
void doc_done(doc *d);
/* Start a new entry; text added from now on belongs to it. */
int doc_entry(doc *d, const char *link, int selectable);
/* Append UTF-8 text to the current line being built (not yet a line);
 * returns the index of its first character in d->t. */
int doc_add(doc *d, const char *s, int len, int role);
/* Turn the characters added since from into wrapped lines: the first
 * indent1 blank columns in, the rest indent; at most maxlines (0: all). */
void doc_wrap(doc *d, int from, int indent1, int indent, int maxlines);
/* Shorthand: doc_add + doc_wrap. */
void doc_para(doc *d, const char *s, int role, int indent1, int indent);
/* "label: text": label in lrole, then text in role without its trailing
 * newlines, wrapped indent columns in with a hanging indent of two more.
 * Nothing when text is NULL or empty. */
void doc_labelled(doc *d, const char *label, int lrole, const char *text, int role, int indent);
/* One line, not wrapped (cut with '~' when drawn). */
void doc_line(doc *d, int from, int indent);
void doc_blank(doc *d);

/* Movement by an action (keys.h); returns 1 when something moved. */
int doc_act(doc *d, int act, int height);
void doc_scroll(doc *d, int delta, int height);
/* Scroll so that line is shown (with a line of context above). */
void doc_show_line(doc *d, int line, int height);
/* Select the entry with this link, if any; returns 1 when found. */
int doc_select(doc *d, const char *link);
/* The selected entry's link, or NULL. */
const char *doc_link(const doc *d);
/* The entry drawn at row (0-based inside the doc's rectangle), or -1. */
int doc_entry_at(const doc *d, int row);
/* The line holding text index i. */
int doc_line_of(const doc *d, int i);
void doc_draw(doc *d, int y, int x, int h, int w, int focused);
/* "name.top", "name.cur" ... for :dump-view. */
void doc_dump(const doc *d, FILE *f, const char *name);

#endif
