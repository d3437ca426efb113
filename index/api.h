/* api.h — the read-only query API over an index (guideline.db).
 *
 * Owns: opening an index read-only (no WAL, no writes, works from a
 * read-only install), checking that it is an index of this schema and
 * tokenizer version, and every read that the CLI and the navigator make:
 * records by id, the tree, reading order, links, revision points and their
 * remarks, checklists and their items, and citations such as 「第3編 5.1」.
 * Also renders records as JSON through SQLite's json functions, so no JSON
 * is written by hand anywhere, and holds the lists in which callers keep
 * copies of records and links (gn_recs, gn_linkv).
 *
 * Contract:
 *  - Every function returns GN_OK (0), GN_NOTFOUND (1), or GN_EIO (3) on a
 *    database error (then gn_errmsg() says what).  These are the CLI's exit
 *    statuses.
 *  - Callbacks receive records that are valid only during the call; copy
 *    what you keep (gn_rec_copy, or collect into a gn_recs or gn_linkv).
 *    A callback returning non-zero stops the walk; the walk then returns
 *    GN_OK.
 *  - gn_get fills a caller-owned gn_rec; release it with gn_rec_clear.
 *  - All SQL lives in api.c's statement table; callers never see SQL.
 */
#ifndef GN_API_H
#define GN_API_H

#include <stdint.h>

typedef struct sqlite3 sqlite3;

enum { GN_OK = 0, GN_NOTFOUND = 1, GN_EUSAGE = 2, GN_EIO = 3 };

typedef struct gn_db gn_db;

/* One record of any kind.  Fields that do not apply to a kind are NULL/0. */
typedef struct gn_rec {
  int64_t rid;
  char *id;
  char *kind;        /* node, meeting, point, checklist, item, term */
  char *title;       /* node title, meeting title, point topic, item question, term */
  char *body;        /* node body, point remarks+response, item guidance, term definition */
  char *path;        /* breadcrumb, " › " between levels (nodes; others: their parent's title) */
  int volume;        /* nodes: 1-4 */
  /* nodes */
  char *nkind;       /* volume, part, chapter, section, item */
  char *number;      /* as printed: 第2編, 第2章, 5, 5.1, (1), ①; items: 5.1-1; points: "1" */
  int depth;         /* 0 for a volume */
  int nchildren;
  int npoints;       /* revision points touching this node */
  char *edition, *confidence, *note;   /* provenance */
  char *parent_id;   /* nodes: parent node; points: meeting; items: checklist */
  /* points */
  char *meeting_title; int meeting_number; char *date;
  char *agenda, *response, *disposition, *status;
  char *outcome_text, *outcome_edition, *outcome_confidence, *outcome_note;
  /* items */
  char *guidance, *evidence, *procedure;   /* evidence, procedure: "、"-joined */
  /* terms */
  char *reading;
} gn_rec;

typedef struct gn_link {
  const char *id, *kind, *title, *number;  /* the other end */
  int volume;
  const char *direction;  /* "out" or "in" */
  const char *relation;   /* see, counterpart, revision, checks, concerns, defines, related */
} gn_link;

typedef struct gn_remark {
  int seq;
  const char *role;       /* member, secretariat */
  int inferred;           /* the role was inferred, not marked in the source */
  const char *text;
} gn_remark;

typedef int (*gn_rec_cb)(const gn_rec *r, void *ctx);
typedef int (*gn_link_cb)(const gn_link *l, void *ctx);
typedef int (*gn_remark_cb)(const gn_remark *m, void *ctx);
typedef int (*gn_json_cb)(const char *json, void *ctx);

/* Open read-only.  On failure returns GN_EIO and sets *msg (malloc'd) to
 * a message such as "FILE: not a guidenav index" or "FILE: index made by
 * tokenizer version N, this guidenav needs M: rebuild it with guidenav build". */
int gn_open(const char *path, gn_db **out, char **msg);
void gn_close(gn_db *db);
const char *gn_errmsg(gn_db *db);
sqlite3 *gn_sqlite(gn_db *db);
/* meta value for key, or "" (owned by db). */
const char *gn_meta(gn_db *db, const char *key);

int gn_get(gn_db *db, const char *id, gn_rec *out);
void gn_rec_clear(gn_rec *r);
void gn_rec_copy(gn_rec *dst, const gn_rec *src);

/* The node tree below root (NULL: all volumes), in reading order, root included. */
int gn_toc(gn_db *db, const char *root, gn_rec_cb cb, void *ctx);
/* Direct children of a node (NULL: the volumes). */
int gn_children(gn_db *db, const char *id, gn_rec_cb cb, void *ctx);
/* The next (dir > 0) or previous (dir < 0) node in reading order. */
int gn_step(gn_db *db, const char *id, int dir, gn_rec *out);
/* Links of any record, outgoing first, each group in content order. */
int gn_refs(gn_db *db, const char *id, gn_link_cb cb, void *ctx);
/* The counterpart of a 第2編/第3編 node, if any. */
int gn_counterpart(gn_db *db, const char *id, gn_rec *out);
/* Revision points (all, or those touching node_id), meeting then number order. */
int gn_points(gn_db *db, const char *node_id, gn_rec_cb cb, void *ctx);
int gn_remarks(gn_db *db, const char *point_id, gn_remark_cb cb, void *ctx);
int gn_checklists(gn_db *db, gn_rec_cb cb, void *ctx);
int gn_items(gn_db *db, const char *checklist_id, gn_rec_cb cb, void *ctx);
/* Items that check a node or any node below it, in checklist order. */
int gn_items_for(gn_db *db, const char *node_id, gn_rec_cb cb, void *ctx);

/* Resolve an id or a citation: 「第3編 5.1」, 「3-5.1」, 「v3 5.1」, 「5.1」,
 * 「第1章」, 「第2編 基本方針 5」; a numbered item below the cited node, one
 * level per item number, with or without spaces: 「第2編 5.1(1)」,
 * 「2-5.1 (1)」, 「第2編 3(2)②」 ((1), （１）, ⑴ and ① as printed), or with no
 * section the item number itself: 「第2編 (1)」; any of these followed by
 * the title or its beginning (「第2編 5.1 サーバ等の管理」); "... [ID]" as
 * reports print citations (the id decides); a checklist item's number
 * (「5.1-1」, every checklist) where the text cites no node (「4-1」 is
 * 第4編 1, not item 4-1).  Full-width ASCII, the ideographic space and
 * hyphen-like marks are folded first.  Calls cb for every candidate (nodes
 * in reading order, then items; until cb returns non-zero) and returns
 * their number (0 = nothing matches, -1 = a database error). */
int gn_resolve(gn_db *db, const char *text, gn_rec_cb cb, void *ctx);

/* JSON (one object, no newline) for a record as `show` prints it: id, kind,
 * title, and the kind's fields (nodes: volume, number, level, depth, path —
 * an array of "number title" from the volume down to the node itself —,
 * parent, body, provenance, counterpart, refs, referred_by, points, items
 * (those checking the node or a node below it), children; points: meeting,
 * disposition, remarks, nodes ...; guidenav(1) lists them all). */
int gn_json_rec(gn_db *db, const char *id, gn_json_cb cb, void *ctx);
/* JSON for a record as a line of a listing (toc, points, checklist):
 * the same fields without a node's body (the key left out, not null). */
int gn_json_brief(gn_db *db, const char *id, gn_json_cb cb, void *ctx);
/* JSON for one link as `refs` prints it. */
int gn_json_link(gn_db *db, const gn_link *l, gn_json_cb cb, void *ctx);

/* Owned copies, for a caller that keeps what a walk hands its callback.
 * Both lists start as {0}; pass the collector with the list as ctx to a
 * walk, and each record or link is appended as a copy the list owns.  The
 * free function releases every copy and the array and leaves the list
 * empty ({0}), ready to collect again.  Collectors never stop a walk. */

/* Records: each a gn_rec_copy (NULL fields stay NULL).  For any gn_rec_cb
 * walk: gn_toc, gn_children, gn_points, gn_items, gn_resolve... */
typedef struct gn_recs {
  gn_rec *v;
  int n, cap;
} gn_recs;
int gn_recs_collect(const gn_rec *r, void *ctx);
void gn_recs_free(gn_recs *rs);

/* One link as a gn_linkv keeps it: every string malloc'd and never NULL
 * (a missing one is ""). */
typedef struct gn_olink {
  char *id, *kind, *title, *number;
  int volume;
  char *direction;        /* "out" or "in" */
  char *relation;
} gn_olink;

/* Links, for gn_refs. */
typedef struct gn_linkv {
  gn_olink *v;
  int n, cap;
} gn_linkv;
int gn_linkv_collect(const gn_link *l, void *ctx);
void gn_linkv_free(gn_linkv *ls);

#endif
