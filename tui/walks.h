/* walks.h — checklist walkthroughs in the navigator.
 *
 * Owns: the walkthrough view and the list of walkthroughs.  The walkthrough
 * view shows one walkthrough (index/walk.h) of a checklist: a title bar, a
 * progress line (answers per status, how many are stale), the items with
 * their status mark (・ ○ △ × －, or . o ^ x - under the ambiguous-width
 * option), a '!' before a stale answer, number and question; and beside
 * them (below 80 columns: one pane at a time, Tab switches) the selected
 * item's question, status, note, guidance, 監査資料の例, 監査実施の例, the
 * nodes it checks as links and those nodes' text.  One key records a status
 * and moves to the next item; 該当なし without a note asks for the reason
 * first; the note is edited on the status line (app.h's prompt, edit.h);
 * every change is written at once through gn_walk_set, and a state that
 * cannot be written only says so.  Following a node from the view leaves a
 * "walk:" entry in the history, so Back returns to the same item.  The
 * selected item of each walkthrough is kept in the state (position
 * "walk:ID"), and a walkthrough left open at quit opens again at the next
 * start (setting "walk").  tui/ reads the walkthroughs only through
 * index/walk.h.
 */
#ifndef GN_WALKS_H
#define GN_WALKS_H

#include "app.h"

extern const view_ops walk_view_ops, walks_view_ops;

/* The list of walkthroughs, newest first. */
int walks_open_list(app *a);
/* Walk through checklist: resume its latest walkthrough, or start one
 * (fresh != 0: always start a new one); with item (not NULL) selected,
 * else where that walkthrough was left. */
int walks_start(app *a, const char *checklist, const char *item, int fresh);
/* Open a walkthrough from a "walk:" link's argument: "ID", or "ID ITEM TOP
 * CUR" as the history keeps it (the item, the detail pane's first line and
 * selected entry). */
int walks_follow(app *a, const char *arg);
/* A walkthrough action pressed outside a walkthrough (a message). */
int walks_elsewhere(app *a, enum action act);

/* The note prompt (a->prompt == PROMPT_NOTE): its label (malloc'd), and
 * what Enter and Esc do. */
char *walks_prompt_label(app *a);
void walks_note_done(app *a, const char *text);
void walks_note_cancel(app *a);

/* At quit: remember the walkthrough on show (or that none is); at start:
 * open it again. */
void walks_save_open(app *a);
void walks_restore(app *a);

#endif
