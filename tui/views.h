/* views.h — the overlay views built from the index and the user state.
 *
 * Owns: the revision points view (the meeting, number and date; each point
 * with its remarks, member and secretariat told apart by label and style
 * and marked where the role was inferred, its response, disposition and
 * status, what a later edition did, and the nodes it affects as links; for
 * one node or for all), the checklists (the items checking a node or a
 * node below it first) and a checklist's items (question, guidance,
 * evidence, procedure, the nodes checked), a glossary term (its sections
 * and its related terms, each once), the bookmarks (persisted through
 * index/state.h), the candidates of an ambiguous citation, and the help
 * (generated from keys.h).  Each is a view_ops table (app.h) whose build
 * fills a doc.
 */
#ifndef GN_VIEWS_H
#define GN_VIEWS_H

#include "app.h"

extern const view_ops points_view_ops, checklists_view_ops, items_view_ops,
  term_view_ops, marks_view_ops, cands_view_ops, help_view_ops;

/* The points touching node_id (NULL or none touching it: all points). */
int views_open_points(app *a, const char *node_id);
/* All points with point_id selected (NULL: the first). */
int views_open_point(app *a, const char *point_id);
/* The checklists; with node_id (NULL: none), the items checking that node
 * or a node below it listed first (when there are none: a message). */
int views_open_checklists(app *a, const char *node_id);
int views_open_checklist(app *a, const char *checklist_id);
/* The checklist of item_id, with the item selected. */
int views_open_item(app *a, const char *item_id);
int views_open_term(app *a, const char *term_id);
int views_open_marks(app *a);
int views_jump_mark(app *a, const char *name);
int views_set_mark(app *a, const char *name);
/* Resolve text as an id or citation: open the one match, list several. */
int views_goto(app *a, const char *text);
int views_open_help(app *a);

#endif
