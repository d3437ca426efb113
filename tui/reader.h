/* reader.h — the reader and references panes: one node, read and followed.
 *
 * Owns: the node on show (its record, its children, its links), the reader
 * text built from it — breadcrumb, number and title, provenance mark and
 * edition, a mark when revision points touch it, the wrapped body, the
 * entries below it as links — and the references pane: its counterpart in
 * the other volume (例文 ↔ 解説), what it refers to, what refers to it, the
 * revision points touching it, the checklist items checking it or a node
 * below it (index/api.h's gn_items_for, as `guidenav show` lists them), the
 * terms defined for it.  Also the highlighting of a search query in the text (spans from
 * index/search.h, so what is highlighted is what was found) and stepping
 * through the matches.
 */
#ifndef GN_READER_H
#define GN_READER_H

#include <stdio.h>

#include "app.h"

void reader_init(app *a);
void reader_free(app *a);
/* Load a node (top: first line to show, < 0 the start). */
int reader_load(app *a, const char *id, int top);
const char *reader_id(const app *a);
int reader_top(const app *a);
/* The loaded record (NULL when none). */
const gn_rec *reader_rec(const app *a);
/* Rebuild the texts when the width or the options changed. */
void reader_invalidate(app *a);
/* Build both texts for these widths (and note their heights) without
 * drawing them. */
void reader_prepare(app *a, int tw, int th, int rw, int rh);
void reader_draw(app *a, rect r, int focused);
void refs_draw(app *a, rect r, int focused);
int reader_act(app *a, enum action act, int height);
int refs_act(app *a, enum action act, int height);
/* Mouse: click on row of the reader or references text. */
int reader_click(app *a, int pane, int row);
void reader_scroll(app *a, int pane, int delta);
/* Highlight matches of query (NULL: none) in every node shown. */
void reader_set_query(app *a, const char *query);
/* Go to the next (dir > 0) or previous match; returns 0 when there is none
 * in that direction.  first: go to the first (dir > 0) or last match. */
int reader_match(app *a, int dir, int first);
/* Once the text is next built (after reader_load), go to its first
 * (dir > 0) or last (dir < 0) match. */
void reader_want_match(app *a, int dir);
/* "2/5" of the current match, or 0 when no match. */
int reader_match_pos(const app *a, int *cur, int *n);
int reader_nrefs(const app *a);
/* Position text for the status line ("12-30/45"). */
void reader_position(const app *a, char *buf, int n);
void reader_dump(app *a, FILE *f);

#endif
