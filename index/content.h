/* content.h — the in-memory content model and the sink interface.
 *
 * Owns: the structures that the loader (load.c) fills from the content YAML files —
 * guideline metadata, the node tree, meetings with revision points,
 * checklists with items, glossary terms — every field with the FILE:LINE:COL
 * where it was written; and gn_content_emit(), which walks a validated model
 * in a fixed order and calls a sink (gn_sink).  Two sinks exist: the SQLite
 * index builder (build.c) and the stable text dump (dump.c), so tests can
 * compare what the loader produced without SQLite.
 *
 * Order of sink calls for a model:
 *   meta()             once, with the guideline metadata
 *   node()             every node in reading order (a parent before its
 *                      children, siblings in order: inline children first,
 *                      then nodes attached with `parent:` in file order)
 *   meeting()          each meeting, then point() for each of its points
 *   checklist()        each checklist, then item() for each of its items
 *   term()             each term
 *   link()             every link, grouped by source in the order above:
 *                      see, counterpart, revision, checks, concerns, defines,
 *                      related
 *   end()              once
 * Pointers passed to a sink stay valid until gn_content_free().
 */
#ifndef GN_CONTENT_H
#define GN_CONTENT_H

#include <stddef.h>

typedef struct gn_pos {
  const char *file;   /* owned by gn_content (files[]) */
  int line, col;      /* 1-based; 0 = unknown */
} gn_pos;

typedef struct gn_ref {
  char *id;
  gn_pos pos;
} gn_ref;

typedef struct gn_reflist {
  gn_ref *v;
  int n, cap;
} gn_reflist;

typedef struct gn_strs {
  char **v;
  int n, cap;
} gn_strs;

typedef struct gn_prov {
  char *edition, *confidence, *note;
  gn_pos pos;
} gn_prov;

enum gn_nkind { GN_VOLUME, GN_PART, GN_CHAPTER, GN_SECTION, GN_ITEM, GN_NKIND_COUNT };
extern const char *const gn_nkind_names[GN_NKIND_COUNT];

typedef struct gn_node gn_node;
struct gn_node {
  char *id;
  gn_pos pos, kind_pos, number_pos;
  enum gn_nkind kind;
  gn_ref parent_ref;          /* `parent:` of a top-level entry, id NULL if none */
  int volume;                 /* set on volumes; derived for all after linking */
  char *number, *title, *body;
  gn_reflist refs;
  gn_prov prov;
  gn_node **kids;             /* inline children, then attached ones */
  int nkids, capkids;
  gn_node *parent;
  int depth, ord;
  int npoints;
  char *nkey;                 /* numbering key for counterparts */
  gn_node *counterpart;       /* derived, set on the 第2編 side and the 第3編 side */
};

typedef struct gn_remark_m {
  char *role, *text;
  int inferred;
  gn_pos pos;
} gn_remark_m;

typedef struct gn_point {
  char *id, *topic, *agenda, *response, *disposition, *status;
  int number;
  gn_pos pos;
  gn_remark_m *remarks;
  int nremarks, capremarks;
  int has_outcome;
  char *outcome_text;
  gn_prov outcome;
  gn_reflist nodes;
  struct gn_meeting *meeting;
} gn_point;

typedef struct gn_meeting {
  char *id, *title, *date, *time, *venue, *source;
  int number;
  gn_pos pos;
  gn_prov prov;
  gn_point **points;
  int npoints, cappoints;
} gn_meeting;

typedef struct gn_item {
  char *id, *number, *question, *guidance;
  gn_strs evidence, procedure;
  gn_reflist nodes, points;
  gn_pos pos;
  struct gn_checklist *checklist;
  int seq;
} gn_item;

typedef struct gn_checklist {
  char *id, *title, *description;
  gn_pos pos;
  gn_item **items;
  int nitems, capitems;
} gn_checklist;

typedef struct gn_term {
  char *id, *term, *reading, *definition;
  gn_reflist nodes, see;
  gn_pos pos;
} gn_term;

typedef struct gn_metadata {
  char *title, *edition, *publisher, *source, *disclaimer, *disclaimer_en, *note;
  gn_pos pos;
} gn_metadata;

typedef struct gn_content {
  char **files;               /* paths as given, in reading order */
  int nfiles, capfiles;
  char **dirs;                /* the folders read by gn_load_dir, the root first */
  int ndirs, capdirs;
  int incomplete;             /* a file or folder could not be read whole */
  gn_metadata meta;
  int have_meta;
  gn_node **nodes;            /* every node, in file/document order */
  int nnodes, capnodes;
  gn_node **order;            /* reading order, after gn_check() */
  int norder;
  gn_meeting **meetings;
  int nmeetings, capmeetings;
  gn_checklist **checklists;
  int nchecklists, capchecklists;
  gn_term **terms;
  int nterms, capterms;
  unsigned long long hash;    /* FNV-1a 64 over the files' names and bytes */
  char hash_hex[17];
  size_t bytes;               /* total bytes read */
} gn_content;

/* The sink.  Each callback may be NULL.  Return non-zero to abort. */
typedef struct gn_sink {
  void *ctx;
  int (*meta)(void *ctx, const gn_content *c);
  int (*node)(void *ctx, const gn_node *n);
  int (*meeting)(void *ctx, const gn_meeting *m);
  int (*point)(void *ctx, const gn_point *p);
  int (*checklist)(void *ctx, const gn_checklist *cl);
  int (*item)(void *ctx, const gn_item *it);
  int (*term)(void *ctx, const gn_term *t);
  /* src/dst are record ids; relation as in schema.h */
  int (*link)(void *ctx, const char *src, const char *dst, const char *relation);
  int (*end)(void *ctx);
} gn_sink;

void gn_content_init(gn_content *c);
void gn_content_free(gn_content *c);
/* Walk a model that passed gn_check() with no error. */
int gn_content_emit(const gn_content *c, const gn_sink *s);
/* Breadcrumb of a node: "第2編 › 第2章 情報セキュリティ対策基準 › 5 物理的セキュリティ". */
char *gn_node_path(const gn_node *n);

#endif
