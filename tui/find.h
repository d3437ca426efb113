/* find.h — the search view: incremental search and the list of hits.
 *
 * Owns: the query being typed (kept between openings of the view, and
 * shown selected when the view opens again: the first text typed or an
 * input-method burst replaces it, a deletion clears it, a cursor key keeps
 * it and moves as usual), the hits of the last search (kind, path,
 * snippet with its match offsets, from index/search.h: a fast first page as
 * soon as the input is drained, then the ranked list), drawing them with
 * the matches highlighted, opening a hit in the reader with the query
 * highlighted there, and stepping from hit to hit with n and N once the
 * matches of one node are used up.  A burst of characters (an input
 * method's committed text) is added whole and searched once.
 */
#ifndef GN_FIND_H
#define GN_FIND_H

#include <stdio.h>

#include "app.h"

extern const view_ops find_view_ops;

void find_init(app *a);
void find_free(app *a);
/* Open the search view (keeping the last query). */
void find_show(app *a);
/* Open hit n of the current results. */
int find_open(app *a, int n);
/* n / N: the next or previous match, across hits. */
int find_step(app *a, int dir);
void find_dump(app *a, FILE *f);

#endif
