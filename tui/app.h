/* app.h — the navigator's one state object and what every view may ask of it.
 *
 * Owns: struct app (the index, the user state, options, the screen layout,
 * the three panes of the main screen, the stack of overlay views, the
 * history, the status line, the prompts), and the operations shared by all
 * views: opening a node in the reader (with history), following a link of
 * any kind ("node:ID", "point:ID", "item:ID", "checklist:ID", "term:ID",
 * "mark:X", "walk:ID"), pushing and closing overlay views, messages, the
 * labels of record kinds, nodes and links, saving the last position.
 * Views are plugged in through struct view_ops: they build a doc (doc.h)
 * at a width, may handle keys first, may draw themselves.  Handlers return
 * what must happen next (RE_* flags) and never draw; nav.c's loop draws
 * once the input is drained.
 */
#ifndef GN_APP_H
#define GN_APP_H

#include <stdio.h>

#include "api.h"
#include "doc.h"
#include "edit.h"
#include "keys.h"
#include "layout.h"
#include "state.h"
#include "display.h"

/* Reactions: what a handler asks of the loop. */
enum { RE_NONE = 0, RE_REDRAW = 1, RE_QUIT = 2, RE_UNHANDLED = 4 };

enum pane { PANE_TOC, PANE_READER, PANE_REFS, PANE__COUNT };

struct app;
struct view;

typedef struct view_ops {
  const char *name;
  /* Fill v->doc for this width (doc_reset already done, doc_done after). */
  void (*build)(struct app *a, struct view *v, int width);
  /* After a build (and doc_done): select what was asked for. */
  void (*built)(struct app *a, struct view *v);
  /* First look at a key; return RE_UNHANDLED to let the generic handling
   * (movement, Enter follows the selected link, q/Esc close) run. */
  int (*key)(struct app *a, struct view *v, const disp_ev *ev, enum action act);
  /* Draw in the body rectangle instead of the generic header + doc. */
  void (*draw)(struct app *a, struct view *v, rect r);
  /* Runs when the input is drained, before drawing (incremental search);
   * returns 1 to be run again after the next draw. */
  int (*idle)(struct app *a, struct view *v);
  void (*dump)(struct app *a, struct view *v, FILE *f);
  void (*free)(struct view *v);
} view_ops;

typedef struct view {
  const view_ops *ops;
  doc doc;
  char *title;         /* header line */
  const char *hint;    /* status line when there is no message */
  char *arg;           /* what it shows (a node id, a checklist id...) */
  int mode;
  void *priv;
  int dirty;           /* rebuild before drawing */
} view;

typedef struct loc {
  char *id;
  int top;
} loc;

enum prompt_kind { PROMPT_NONE, PROMPT_GOTO, PROMPT_MARK, PROMPT_NOTE };

struct toc;
struct reader;
struct find;

typedef struct app {
  gn_db *db;
  const char *db_path;
  const char *state_path;
  gn_state *state;
  char *state_msg;          /* why the state is not saved, or NULL */
  disp term;
  int flags;                /* WRAP_AMBI */
  int ambi_from_env;
  layout lay;
  char *gtitle, *edition;   /* from the index's meta */

  struct toc *toc;
  struct reader *rd;
  struct find *find;
  int focus;                /* enum pane */

  view *stack[16];
  int nstack;

  loc *back, *fwd;
  int nback, capback, nfwd, capfwd;

  enum prompt_kind prompt;
  edit line;

  char *msg;                /* status message, cleared on the next key */
  int msg_err;
  int quit, exit_code;
  int last_key_quit;        /* q pressed once at the top */

  /* measurements for :stats */
  double t_start, t_first;
  double *lat;
  int nlat, caplat;
} app;

/* Status line message: a message of msg.h with its arguments; err marks
 * it as an error. */
void app_msg(app *a, int err, int id, ...);
/* A status line message given as text. */
void app_msg_text(app *a, int err, const char *text);

/* Open a node in the reader (pushing the current place on the history
 * unless nohist), close the overlays, reveal it in the contents.  top < 0:
 * the top of the text.  Returns GN_OK or GN_NOTFOUND (with a message). */
int app_open(app *a, const char *id, int top, int nohist);
/* Follow a link of any kind (see above). */
int app_follow(app *a, const char *link);
/* The id of what the reader shows, or NULL. */
const char *app_current(const app *a);

/* Overlay views. */
view *app_push(app *a, const view_ops *ops, const char *arg, int mode);
void app_pop(app *a);
void app_pop_all(app *a);
view *app_top(app *a);

/* History.  Besides nodes, the history may hold a link ("walk:..."), which
 * going back follows: a view that opened a node comes back that way. */
void app_hist_push(app *a);
void app_hist_push_link(app *a, const char *link);
int app_back(app *a);
int app_forward(app *a);

/* Save the last position (quietly). */
void app_save_pos(app *a);
/* Link text for a record kind and id: "node:v2.x" (static buffer). */
const char *app_link(const char *kind, const char *id);
/* A label for a record kind in the current language. */
const char *app_kind_label(const char *kind, const char *nkind);
/* "第3編 5.1" style label of a node (volume and number), malloc'd. */
char *app_node_cite(int volume, const char *number, const char *nkind);
/* The label of a link to a record of kind, malloc'd: a node's citation
 * (app_node_cite), the point label and number for a point, else the
 * number, else (kind_label set) app_kind_label's label, or "". */
char *app_link_label(const char *kind, int volume, const char *number, int kind_label);
/* Seconds, monotonic. */
double app_now(void);

#endif
