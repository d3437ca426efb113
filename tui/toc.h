/* toc.h — the contents pane: the guideline's tree, opened and closed.
 *
 * Owns: the tree of volumes › parts › chapters › sections › items, loaded
 * lazily level by level through gn_children (so a large guideline costs
 * nothing until it is opened), which entries are expanded, the selection
 * and scroll position, and drawing it: a '*' in the first column marks a
 * node touched by a revision point, '+' and '-' an entry that can be opened
 * or closed.  toc_reveal opens the path to a node and selects it, so the
 * tree always shows where the reader is.
 */
#ifndef GN_TOC_H
#define GN_TOC_H

#include <stdio.h>

#include "app.h"

/* Read the volumes (no curses needed): GN_OK, or GN_EIO when the index
 * cannot be read (gn_errmsg says why). */
int toc_init(app *a);
void toc_free(app *a);
void toc_reveal(app *a, const char *id);
int toc_act(app *a, enum action act, int height);
void toc_draw(app *a, rect r, int focused);
/* A click at row (0-based in the tree area), column col of the pane. */
int toc_click(app *a, int row, int col, int height);
void toc_scroll(app *a, int delta, int height);
/* The first volume's id (where a first run opens), or NULL. */
const char *toc_first(app *a);
void toc_dump(app *a, FILE *f);

#endif
