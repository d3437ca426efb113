/* walk.c — see walk.h.  All SQL of the walkthroughs lives in the table
 * below; it runs on the state file's connection (gn_state_sqlite).  The
 * index is read only through api.h. */
#include "walk.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
#define WALK_COLS "n, checklist, name, created_at, updated_at"

/* JSON of the walkthroughs is made by json_object, which escapes C0
 * controls (ESC becomes \u001b) but writes DEL and the C1 controls
 * (U+0080..U+009F, such as CSI U+009B) as they are: valid JSON, yet a
 * terminal may act on them.  A name or a note from a state file written
 * elsewhere can hold them, so the JSON text goes through replace() of each
 * of them (char(127) .. char(159)) into its \u00XX escape, the same
 * string to a JSON reader.  JSON_NO_C1(expr) is a whole SELECT of one
 * row, one column. */
#define JSON_NO_C1(j)                                                                     \
  "WITH RECURSIVE c(k, j) AS (SELECT 127, " j " UNION ALL SELECT k + 1,"                  \
  " replace(j, char(k), printf('\\u%04x', k)) FROM c WHERE k < 160)"                     \
  " SELECT j FROM c WHERE k = 160"

enum wq {
  W_BEGIN, W_COMMIT, W_ROLLBACK, W_NEW, W_LIST, W_GET, W_LATEST, W_ANSWERS, W_NOTE, W_SET,
  W_TOUCH, W_JSON_WALK, W_JSON_ANSWER, W__COUNT
};

static const char *const wsql[W__COUNT] = {
  [W_BEGIN] = "BEGIN IMMEDIATE",
  [W_COMMIT] = "COMMIT",
  [W_ROLLBACK] = "ROLLBACK",
  /* ?1 checklist, ?2 name */
  [W_NEW] = "INSERT INTO walk(checklist, name, created_at, updated_at) VALUES(?1, ?2, " NOW ", " NOW ")",
  [W_LIST] = "SELECT " WALK_COLS " FROM walk ORDER BY n DESC",
  [W_GET] = "SELECT " WALK_COLS " FROM walk WHERE n = ?1",
  [W_LATEST] = "SELECT n FROM walk WHERE checklist = ?1 ORDER BY updated_at DESC, n DESC LIMIT 1",
  /* ordered by item, bytewise, as strcmp orders (answers are looked up by bsearch) */
  [W_ANSWERS] = "SELECT item, status, note, fingerprint, updated_at FROM answer WHERE walk = ?1"
                " ORDER BY item COLLATE BINARY",
  [W_NOTE] = "SELECT note FROM answer WHERE walk = ?1 AND item = ?2",
  /* ?1 walk, ?2 item, ?3 status, ?4 note (NULL: keep), ?5 fingerprint */
  [W_SET] = "INSERT INTO answer(walk, item, status, note, fingerprint, updated_at)"
            " VALUES(?1, ?2, ?3, COALESCE(?4, ''), ?5, " NOW ")"
            " ON CONFLICT(walk, item) DO UPDATE SET status = excluded.status,"
            " note = COALESCE(?4, answer.note), fingerprint = excluded.fingerprint,"
            " updated_at = excluded.updated_at",
  [W_TOUCH] = "UPDATE walk SET updated_at = " NOW " WHERE n = ?1",
  /* ?1 id ?2 checklist ?3 title ?4 name ?5 created ?6 updated ?7 items ?8-?12 counts ?13 stale */
  [W_JSON_WALK] = JSON_NO_C1("json_object('id', ?1, 'checklist', ?2, 'checklist_title', ?3,"
                             " 'name', ?4, 'created_at', ?5, 'updated_at', ?6, 'items', ?7,"
                             " 'counts', json_object('unreviewed', ?8, 'compliant', ?9,"
                             "   'partial', ?10, 'noncompliant', ?11, 'na', ?12), 'stale', ?13)"),
  /* ?1 item ?2 number ?3 question ?4 status ?5 note ?6 updated ?7 stale ?8 vanished */
  [W_JSON_ANSWER] = JSON_NO_C1("json_object('item', ?1, 'number', ?2, 'question', ?3,"
                               " 'status', ?4, 'note', ?5, 'updated_at', NULLIF(?6, ''),"
                               " 'stale', json(CASE WHEN ?7 THEN 'true' ELSE 'false' END),"
                               " 'vanished', json(CASE WHEN ?8 THEN 'true' ELSE 'false' END))"),
};

/* ---- statuses ---------------------------------------------------------- */

static const struct {
  const char *name, *mark, *ja, *ascii;
} statuses[GN_ST__COUNT] = {
  [GN_ST_UNREVIEWED] = {"unreviewed", "・", "未確認", NULL},
  [GN_ST_COMPLIANT] = {"compliant", "○", "適合", "o"},
  [GN_ST_PARTIAL] = {"partial", "△", "一部適合", "^"},
  [GN_ST_NONCOMPLIANT] = {"noncompliant", "×", "不適合", "x"},
  [GN_ST_NA] = {"na", "－", "該当なし", "-"},
};

const char *gn_walk_status_name(gn_status s)
{
  return (int)s >= 0 && s < GN_ST__COUNT ? statuses[s].name : "";
}

const char *gn_walk_status_mark(gn_status s)
{
  return (int)s >= 0 && s < GN_ST__COUNT ? statuses[s].mark : "";
}

int gn_walk_status_parse(const char *text)
{
  if (!text)
    return -1;
  for (int i = 0; i < GN_ST__COUNT; i++)
    if (!strcmp(text, statuses[i].name) || !strcmp(text, statuses[i].mark) ||
        !strcmp(text, statuses[i].ja) || (statuses[i].ascii && !strcmp(text, statuses[i].ascii)))
      return i;
  return -1;
}

static int status_of(const char *name)
{
  for (int i = 0; name && i < GN_ST__COUNT; i++)
    if (!strcmp(name, statuses[i].name))
      return i;
  return GN_ST_UNREVIEWED;
}

/* ---- errors and statements --------------------------------------------- */

static int werr(gn_state *st, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int werr(gn_state *st, int rc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *m = gn_xmalloc(n > 0 ? (size_t)n + 1 : 1);
  m[0] = '\0';
  va_start(ap, fmt);
  if (n > 0)
    vsnprintf(m, (size_t)n + 1, fmt, ap);
  va_end(ap);
  gn_state_set_error(st, 0, m);
  free(m);
  return rc;
}

/* A database error of the state file: "PATH: message". */
static int dberr(gn_state *st)
{
  gn_state_set_error(st, 1, sqlite3_errmsg(gn_state_sqlite(st)));
  return GN_EIO;
}

static int idxerr(gn_state *st, gn_db *db)
{
  return werr(st, GN_EIO, "index: %s", gn_errmsg(db));
}

/* The statement k, prepared once per state (state.c keeps and finalizes
 * them), reset and unbound.  Every use ends with done(). */
static sqlite3_stmt *prep(gn_state *st, enum wq k)
{
  sqlite3_stmt **slot = gn_state_stmts(st, W__COUNT);
  if (!slot) {
    werr(st, GN_EIO, "internal error: no room for the walkthrough statements");
    return NULL;
  }
  if (slot[k])
    return slot[k];
  if (sqlite3_prepare_v3(gn_state_sqlite(st), wsql[k], -1, SQLITE_PREPARE_PERSISTENT, &slot[k],
                         NULL) != SQLITE_OK) {
    dberr(st);
    sqlite3_finalize(slot[k]);
    slot[k] = NULL;
  }
  return slot[k];
}

/* End a use of a statement: no read left open, no binding kept. */
static void done(sqlite3_stmt *q)
{
  if (q) {
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
  }
}

/* Run a statement without rows (BEGIN, COMMIT, ...). */
static int run(gn_state *st, enum wq k)
{
  sqlite3_stmt *q = prep(st, k);
  if (!q)
    return GN_EIO;
  int rc = sqlite3_step(q);
  done(q);
  return rc == SQLITE_DONE ? GN_OK : dberr(st);
}

static void rollback(gn_state *st)
{
  if (!sqlite3_get_autocommit(gn_state_sqlite(st))) {
    sqlite3_stmt *q = prep(st, W_ROLLBACK);
    if (q)
      sqlite3_step(q);
    done(q);
  }
}

static const char *text_col(sqlite3_stmt *q, int i)
{
  const char *s = (const char *)sqlite3_column_text(q, i);
  return s ? s : "";
}

/* Writes need a writable state of version 2 or later. */
static int check_write(gn_state *st)
{
  if (!st)
    return GN_EIO;
  if (!gn_state_writable(st)) {
    gn_state_set_error(st, 1, gn_state_version(st) < 2
                                ? "read-only, and made before walkthroughs: nothing can be saved"
                                : "read-only: nothing can be saved");
    return GN_EIO;
  }
  return GN_OK;
}

/* Does the file have the walkthrough tables? (A read-only version-1 file has not.) */
static int has_walks(gn_state *st)
{
  return st && gn_state_version(st) >= 2;
}

/* A name or a note: one line of valid UTF-8, no control character. */
static int check_text(gn_state *st, const char *what, const char *s)
{
  size_t n = strlen(s), i = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (!k)
      return werr(st, GN_EUSAGE, "the %s is not valid UTF-8 text", what);
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
      return werr(st, GN_EUSAGE, "the %s cannot contain control characters (it is one line of text)",
                  what);
    i += (size_t)k;
  }
  return GN_OK;
}

/* Only spaces (ASCII or ideographic), or nothing. */
static int blank(const char *s)
{
  for (const char *p = s; p && *p;) {
    if (*p == ' ')
      p++;
    else if (!strncmp(p, "\xE3\x80\x80", 3))
      p += 3;
    else
      return 0;
  }
  return 1;
}

/* "w3" → 3; 0 when text is not a walk id. */
static long long walk_number(const char *text)
{
  if (!text || text[0] != 'w' || text[1] < '1' || text[1] > '9')
    return 0;
  long long n = 0;
  for (const char *p = text + 1; *p; p++) {
    if (*p < '0' || *p > '9' || n > 99999999999LL)
      return 0;
    n = n * 10 + (*p - '0');
  }
  return n;
}

/* ---- the item as it reads now: fingerprint and linked nodes ------------ */

static void fnv(uint64_t *h, const char *s)
{
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    *h ^= *p;
    *h *= 0x100000001b3ULL;
  }
  /* 0xFF never occurs in UTF-8: an unambiguous separator */
  *h ^= 0xFF;
  *h *= 0x100000001b3ULL;
}

typedef struct sigctx {
  uint64_t h;
  int want_nodes;
  char **nodes;     /* ids of the checked nodes, when wanted */
  int n, cap;
} sigctx;

static int sig_link(const gn_link *l, void *ctx)
{
  sigctx *c = ctx;
  if (strcmp(l->direction, "out") || (strcmp(l->relation, "checks") && strcmp(l->relation, "concerns")))
    return 0;
  fnv(&c->h, l->relation);
  fnv(&c->h, l->id);
  if (c->want_nodes && !strcmp(l->relation, "checks"))
    GN_PUSH(c->nodes, c->n, c->cap, gn_xstrdup(l->id));
  return 0;
}

static int starts_with_digit(const char *s)
{
  return s[0] >= '0' && s[0] <= '9';
}

/* A node as a citation with its id, one that `guidenav show` reads as that
 * node alone: "第2編 5.1 [v2.taisaku.5.1]"; an item numbered (1) or ① is
 * read with its section's number: "第2編 5.1(1) [...]"; a part or chapter
 * numbered 第N章 with its volume: "第2編 第1章 [v2.kihon]"; where both parts
 * of a volume have the number (第2編 4), with the part's word that citations
 * take (api.h): "第2編 基本方針 4(1) [v2.kihon.4.i1]". */
static void cite(gn_db *db, const char *id, gn_buf *b)
{
  static const char *const part_words[] = {"基本方針", "対策基準"};
  gn_rec r;
  if (gn_get(db, id, &r) != GN_OK) {
    gn_buf_puts(b, id);
    return;
  }
  char *num = gn_xstrdup(r.number ? r.number : "");
  char *parent = r.parent_id ? gn_xstrdup(r.parent_id) : NULL;
  char *path = gn_xstrdup0(r.path);
  int vol = r.volume, volume_node = r.nkind && !strcmp(r.nkind, "volume");
  gn_rec_clear(&r);
  for (int depth = 0; parent && depth < 4 && *num && !starts_with_digit(num) &&
                      strncmp(num, "第", 3) != 0; depth++) {
    if (gn_get(db, parent, &r) != GN_OK)
      break;
    free(parent);
    parent = NULL;
    if (r.number && *r.number && strncmp(r.number, "第", 3) != 0) {
      char *joined = gn_xasprintf("%s%s", r.number, num);
      free(num);
      num = joined;
      parent = r.parent_id ? gn_xstrdup(r.parent_id) : NULL;
    }
    gn_rec_clear(&r);
  }
  if (!*num) {
    gn_buf_puts(b, id);
  } else if (!vol || volume_node) {
    gn_buf_printf(b, "%s [%s]", num, id);
  } else {
    char *c = gn_xasprintf("第%d編 %s", vol, num);
    for (size_t i = 0; i < sizeof part_words / sizeof part_words[0] && gn_resolve(db, c, NULL, NULL) > 1;
         i++) {
      if (!strstr(path, part_words[i]))
        continue;
      char *w = gn_xasprintf("第%d編 %s %s", vol, part_words[i], num);
      if (gn_resolve(db, w, NULL, NULL) == 1) {
        free(c);
        c = w;
        break;
      }
      free(w);
    }
    gn_buf_printf(b, "%s [%s]", c, id);
    free(c);
  }
  free(num);
  free(parent);
  free(path);
}

/* The fingerprint (16 hex digits) of an item record, and, when nodes is
 * not NULL, the citations of the nodes it checks (malloc'd). */
static int item_sig(gn_state *st, gn_db *db, const gn_rec *r, char fp[17], char **nodes)
{
  sigctx c = {0xcbf29ce484222325ULL, nodes != NULL, NULL, 0, 0};
  fnv(&c.h, r->title);
  fnv(&c.h, r->guidance);
  fnv(&c.h, r->evidence);
  fnv(&c.h, r->procedure);
  int rc = gn_refs(db, r->id, sig_link, &c);
  snprintf(fp, 17, "%016llx", (unsigned long long)c.h);
  gn_buf b = {0};
  for (int i = 0; i < c.n; i++) {
    if (rc != GN_EIO) {
      if (i)
        gn_buf_puts(&b, "; ");
      cite(db, c.nodes[i], &b);
    }
    free(c.nodes[i]);
  }
  free(c.nodes);
  if (rc == GN_EIO) {
    gn_buf_free(&b);
    return idxerr(st, db);
  }
  if (nodes) {
    gn_buf_puts(&b, "");
    *nodes = b.s;
  } else {
    gn_buf_free(&b);
  }
  return GN_OK;
}

/* ---- a walkthrough read whole: its row, then its answers ---------------- */

typedef struct row {
  gn_answer a;          /* its strings point at the owned ones below */
  char *item, *number, *question, *note, *updated_at, *nodes;
} row;

typedef struct stored {
  char *item, *note, *fp, *updated_at;
  int status, used;
} stored;

typedef struct view {
  gn_walk w;
  char *id, *checklist, *checklist_title, *name, *created_at, *updated_at;
  long long n;
  int want_nodes;       /* the citations of checked nodes too (reports) */
  row *rows;
  int nrows, cap;
} view;

static void view_free(view *v)
{
  for (int i = 0; i < v->nrows; i++) {
    row *r = &v->rows[i];
    free(r->item);
    free(r->number);
    free(r->question);
    free(r->note);
    free(r->updated_at);
    free(r->nodes);
  }
  free(v->rows);
  free(v->id);
  free(v->checklist);
  free(v->checklist_title);
  free(v->name);
  free(v->created_at);
  free(v->updated_at);
  memset(v, 0, sizeof *v);
}

static void view_head(view *v, sqlite3_stmt *q)
{
  v->n = sqlite3_column_int64(q, 0);
  v->id = gn_xasprintf("w%lld", v->n);
  v->checklist = gn_xstrdup(text_col(q, 1));
  v->name = gn_xstrdup(text_col(q, 2));
  v->created_at = gn_xstrdup(text_col(q, 3));
  v->updated_at = gn_xstrdup(text_col(q, 4));
}

static int cmp_stored(const void *key, const void *el)
{
  return strcmp((const char *)key, ((const stored *)el)->item);
}

static void add_row(view *v, const char *item, const char *number, const char *question,
                    const stored *s, int stale, int vanished, char *nodes)
{
  row r = {0};
  r.item = gn_xstrdup(item);
  r.number = gn_xstrdup(number ? number : "");
  r.question = gn_xstrdup(question ? question : "");
  r.note = gn_xstrdup(s ? s->note : "");
  r.updated_at = gn_xstrdup(s ? s->updated_at : "");
  r.nodes = nodes ? nodes : gn_xstrdup("");
  r.a.status = s ? (gn_status)s->status : GN_ST_UNREVIEWED;
  r.a.stale = stale;
  r.a.vanished = vanished;
  GN_PUSH(v->rows, v->nrows, v->cap, r);
}

/* Fill v (whose head view_head read) with the checklist's items and the
 * answers, and the summary in v->w. */
static int view_fill(gn_state *st, gn_db *db, view *v)
{
  gn_rec cl;
  int rc = gn_get(db, v->checklist, &cl);
  if (rc == GN_EIO)
    return idxerr(st, db);
  v->checklist_title = gn_xstrdup(rc == GN_OK && !strcmp(cl.kind, "checklist") && cl.title
                                    ? cl.title : v->checklist);
  int have_list = rc == GN_OK && !strcmp(cl.kind, "checklist");
  gn_rec_clear(&cl);

  stored *sv = NULL;
  int ns = 0, cap = 0;
  sqlite3_stmt *q = prep(st, W_ANSWERS);
  if (!q)
    return GN_EIO;
  sqlite3_bind_int64(q, 1, v->n);
  int src;
  while ((src = sqlite3_step(q)) == SQLITE_ROW) {
    stored s = {gn_xstrdup(text_col(q, 0)), gn_xstrdup(text_col(q, 2)), gn_xstrdup(text_col(q, 3)),
                gn_xstrdup(text_col(q, 4)), status_of(text_col(q, 1)), 0};
    GN_PUSH(sv, ns, cap, s);
  }
  done(q);
  rc = src == SQLITE_DONE ? GN_OK : dberr(st);

  gn_recs items = {0};
  if (rc == GN_OK && have_list && gn_items(db, v->checklist, gn_recs_collect, &items) == GN_EIO)
    rc = idxerr(st, db);
  memset(&v->w, 0, sizeof v->w);
  for (int i = 0; rc == GN_OK && i < items.n; i++) {
    const gn_rec *it = &items.v[i];
    char fp[17], *nodes = NULL;
    rc = item_sig(st, db, it, fp, v->want_nodes ? &nodes : NULL);
    if (rc)
      break;
    stored *s = ns ? bsearch(it->id, sv, (size_t)ns, sizeof *sv, cmp_stored) : NULL;
    int stale = s && strcmp(s->fp, fp) != 0;
    if (s)
      s->used = 1;
    add_row(v, it->id, it->number, it->title, s, stale, 0, nodes);
    v->w.counts[s ? s->status : GN_ST_UNREVIEWED]++;
    v->w.nstale += stale;
  }
  v->w.nitems = items.n;
  gn_recs_free(&items);
  for (int i = 0; rc == GN_OK && i < ns; i++)
    if (!sv[i].used) {
      add_row(v, sv[i].item, "", "", &sv[i], 1, 1, NULL);
      v->w.nstale++;
    }
  for (int i = 0; i < ns; i++) {
    free(sv[i].item);
    free(sv[i].note);
    free(sv[i].fp);
    free(sv[i].updated_at);
  }
  free(sv);
  if (rc)
    return rc;
  for (int i = 0; i < v->nrows; i++) {
    row *r = &v->rows[i];
    r->a.item = r->item;
    r->a.number = r->number;
    r->a.question = r->question;
    r->a.note = r->note;
    r->a.updated_at = r->updated_at;
  }
  v->w.id = v->id;
  v->w.checklist = v->checklist;
  v->w.checklist_title = v->checklist_title;
  v->w.name = v->name;
  v->w.created_at = v->created_at;
  v->w.updated_at = v->updated_at;
  return GN_OK;
}

/* Read walk (its id text) whole into v. */
static int view_load(gn_state *st, gn_db *db, const char *walk, int want_nodes, view *v)
{
  memset(v, 0, sizeof *v);
  v->want_nodes = want_nodes;
  if (!st)
    return GN_EIO;
  long long n = walk_number(walk);
  if (!n || !has_walks(st))
    return werr(st, GN_NOTFOUND, "no walkthrough '%s' (see: guidenav walk list)", walk ? walk : "");
  sqlite3_stmt *q = prep(st, W_GET);
  if (!q)
    return GN_EIO;
  sqlite3_bind_int64(q, 1, n);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    view_head(v, q);
  done(q);
  if (rc == SQLITE_DONE)
    return werr(st, GN_NOTFOUND, "no walkthrough '%s' (see: guidenav walk list)", walk);
  if (rc != SQLITE_ROW)
    return dberr(st);
  rc = view_fill(st, db, v);
  if (rc)
    view_free(v);
  return rc;
}

/* ---- the functions of walk.h ------------------------------------------- */

int gn_walk_new(gn_state *st, gn_db *db, const char *checklist, const char *name, char **id_out)
{
  *id_out = NULL;
  if (!st)
    return GN_EIO;
  if (!name)
    name = "";
  int rc = check_text(st, "name", name);
  if (rc || (rc = check_write(st)))
    return rc;
  gn_rec r;
  rc = gn_get(db, checklist, &r);
  int ok = rc == GN_OK && !strcmp(r.kind, "checklist");
  gn_rec_clear(&r);
  if (rc == GN_EIO)
    return idxerr(st, db);
  if (!ok)
    return werr(st, GN_NOTFOUND, "no checklist '%s' (see: guidenav checklist list)", checklist);
  sqlite3_stmt *q = prep(st, W_NEW);
  if (!q)
    return GN_EIO;
  sqlite3_bind_text(q, 1, checklist, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 2, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(q);
  done(q);
  if (rc != SQLITE_DONE)
    return dberr(st);
  *id_out = gn_xasprintf("w%lld", (long long)sqlite3_last_insert_rowid(gn_state_sqlite(st)));
  return GN_OK;
}

int gn_walk_list(gn_state *st, gn_db *db, gn_walk_cb cb, void *ctx)
{
  if (!st)
    return GN_EIO;
  if (!has_walks(st))
    return GN_OK;
  /* The rows first: filling a view runs other statements. */
  view *vs = NULL;
  int nv = 0, cap = 0;
  sqlite3_stmt *q = prep(st, W_LIST);
  if (!q)
    return GN_EIO;
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    view v = {0};
    view_head(&v, q);
    GN_PUSH(vs, nv, cap, v);
  }
  done(q);
  rc = rc == SQLITE_DONE ? GN_OK : dberr(st);
  int stop = 0;
  for (int i = 0; i < nv; i++) {
    if (rc == GN_OK && !stop) {
      rc = view_fill(st, db, &vs[i]);
      if (rc == GN_OK && cb)
        stop = cb(&vs[i].w, ctx);
    }
    view_free(&vs[i]);
  }
  free(vs);
  return rc;
}

int gn_walk_get(gn_state *st, gn_db *db, const char *walk, gn_walk_cb cb, void *ctx)
{
  view v;
  int rc = view_load(st, db, walk, 0, &v);
  if (rc)
    return rc;
  if (cb)
    cb(&v.w, ctx);
  view_free(&v);
  return GN_OK;
}

int gn_walk_answers(gn_state *st, gn_db *db, const char *walk, gn_answer_cb cb, void *ctx)
{
  view v;
  int rc = view_load(st, db, walk, 0, &v);
  if (rc)
    return rc;
  for (int i = 0; cb && i < v.nrows; i++)
    if (cb(&v.rows[i].a, ctx))
      break;
  view_free(&v);
  return GN_OK;
}

int gn_walk_set(gn_state *st, gn_db *db, const char *walk, const char *item, gn_status status,
                const char *note)
{
  if (!st)
    return GN_EIO;
  if ((int)status < 0 || status >= GN_ST__COUNT)
    return werr(st, GN_EUSAGE, "unknown status");
  int rc;
  if (note && (rc = check_text(st, "note", note)))
    return rc;
  if (status == GN_ST_NA && note && blank(note))
    return werr(st, GN_EUSAGE, "the status na (not applicable) needs a note saying why");
  if ((rc = check_write(st)))
    return rc;
  long long n = walk_number(walk);
  char *checklist = NULL;
  sqlite3_stmt *q = n ? prep(st, W_GET) : NULL;
  if (n && !q)
    return GN_EIO;
  if (q) {
    sqlite3_bind_int64(q, 1, n);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
      checklist = gn_xstrdup(text_col(q, 1));
    done(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      return dberr(st);
  }
  if (!checklist)
    return werr(st, GN_NOTFOUND, "no walkthrough '%s' (see: guidenav walk list)", walk ? walk : "");

  gn_rec r;
  int got = gn_get(db, item, &r);
  int ok = got == GN_OK && !strcmp(r.kind, "item") && r.parent_id && !strcmp(r.parent_id, checklist);
  char fp[17];
  rc = ok ? item_sig(st, db, &r, fp, NULL) : GN_OK;
  gn_rec_clear(&r);
  if (got == GN_EIO || rc) {
    free(checklist);
    return got == GN_EIO ? idxerr(st, db) : rc;
  }
  if (!ok) {
    werr(st, GN_NOTFOUND, "no item '%s' in checklist '%s' (see: guidenav checklist show %s)", item,
         checklist, checklist);
    free(checklist);
    return GN_NOTFOUND;
  }
  free(checklist);

  if ((rc = run(st, W_BEGIN)))
    return rc;
  if (status == GN_ST_NA && !note) {
    /* the note kept must say why */
    q = prep(st, W_NOTE);
    if (!q) {
      rollback(st);
      return GN_EIO;
    }
    sqlite3_bind_int64(q, 1, n);
    sqlite3_bind_text(q, 2, item, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(q);
    int empty = s != SQLITE_ROW || blank(text_col(q, 0));
    done(q);
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
      rc = dberr(st);
      rollback(st);
      return rc;
    }
    if (empty) {
      rollback(st);
      return werr(st, GN_EUSAGE, "the status na (not applicable) needs a note saying why");
    }
  }
  q = prep(st, W_SET);
  if (!q) {
    rollback(st);
    return GN_EIO;
  }
  sqlite3_bind_int64(q, 1, n);
  sqlite3_bind_text(q, 2, item, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 3, gn_walk_status_name(status), -1, SQLITE_STATIC);
  if (note)
    sqlite3_bind_text(q, 4, note, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(q, 5, fp, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step(q) == SQLITE_DONE ? GN_OK : dberr(st);
  done(q);
  if (rc == GN_OK) {
    q = prep(st, W_TOUCH);
    if (q) {
      sqlite3_bind_int64(q, 1, n);
      rc = sqlite3_step(q) == SQLITE_DONE ? GN_OK : dberr(st);
      done(q);
    } else {
      rc = GN_EIO;
    }
  }
  if (rc == GN_OK)
    rc = run(st, W_COMMIT);
  if (rc)
    rollback(st);
  return rc;
}

int gn_walk_latest(gn_state *st, const char *checklist, char **id_out)
{
  *id_out = NULL;
  if (!st)
    return GN_EIO;
  if (!has_walks(st))
    return werr(st, GN_NOTFOUND, "no walkthrough of checklist '%s'", checklist);
  sqlite3_stmt *q = prep(st, W_LATEST);
  if (!q)
    return GN_EIO;
  sqlite3_bind_text(q, 1, checklist, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    *id_out = gn_xasprintf("w%lld", (long long)sqlite3_column_int64(q, 0));
  done(q);
  if (rc == SQLITE_ROW)
    return GN_OK;
  if (rc == SQLITE_DONE)
    return werr(st, GN_NOTFOUND, "no walkthrough of checklist '%s'", checklist);
  return dberr(st);
}

const char *gn_walk_errmsg(gn_state *st)
{
  return gn_state_errmsg(st);
}

/* ---- JSON ----------------------------------------------------------------- */

static int json_step(gn_state *st, sqlite3_stmt *q, gn_json_cb cb, void *ctx)
{
  int rc = sqlite3_step(q);
  if (rc != SQLITE_ROW)
    return dberr(st);
  if (cb)
    cb(text_col(q, 0), ctx);
  return GN_OK;
}

static char *clean(const char *s, int mode);
enum { CLEAN_LINE, CLEAN_LINES, CLEAN_BYTES };

/* Bind n strings as parameters 1..n, each made valid UTF-8: SQLite's json
 * functions escape the control characters (JSON_NO_C1 the rest) but pass
 * invalid bytes through, and JSON must be UTF-8 whatever a state file
 * written elsewhere holds. */
static void bind_texts(sqlite3_stmt *q, const char *const *t, int n)
{
  for (int i = 0; i < n; i++) {
    char *v = clean(t[i], CLEAN_BYTES);
    sqlite3_bind_text(q, i + 1, v, -1, SQLITE_TRANSIENT);
    free(v);
  }
}

int gn_walk_json(gn_state *st, const gn_walk *w, gn_json_cb cb, void *ctx)
{
  if (!st)
    return GN_EIO;
  sqlite3_stmt *q = prep(st, W_JSON_WALK);
  if (!q)
    return GN_EIO;
  const char *t[] = {w->id, w->checklist, w->checklist_title, w->name, w->created_at, w->updated_at};
  bind_texts(q, t, 6);
  sqlite3_bind_int(q, 7, w->nitems);
  for (int i = 0; i < GN_ST__COUNT; i++)
    sqlite3_bind_int(q, 8 + i, w->counts[i]);
  sqlite3_bind_int(q, 13, w->nstale);
  int rc = json_step(st, q, cb, ctx);
  done(q);
  return rc;
}

static int answer_json(gn_state *st, sqlite3_stmt *q, const gn_answer *a, gn_json_cb cb, void *ctx)
{
  sqlite3_reset(q);
  const char *t[] = {a->item, a->number, a->question, gn_walk_status_name(a->status), a->note,
                     a->updated_at};
  bind_texts(q, t, 6);
  sqlite3_bind_int(q, 7, a->stale != 0);
  sqlite3_bind_int(q, 8, a->vanished != 0);
  return json_step(st, q, cb, ctx);
}

int gn_walk_answer_json(gn_state *st, const gn_answer *a, gn_json_cb cb, void *ctx)
{
  if (!st)
    return GN_EIO;
  sqlite3_stmt *q = prep(st, W_JSON_ANSWER);
  if (!q)
    return GN_EIO;
  int rc = answer_json(st, q, a, cb, ctx);
  done(q);
  return rc;
}

/* ---- reports -------------------------------------------------------------- */

static const gn_walk_labels english = {
  {"checklist", "number", "question", "status", "mark", "note", "updated", "stale",
   "guideline sections"},
  {"unreviewed", "compliant", "partial", "noncompliant", "not applicable"},
  "stale",
  "item removed",
};

/* Report text, made safe whatever the state file holds (one written
 * elsewhere may hold anything): a control character (C0, DEL, C1) or an
 * invalid byte becomes U+FFFD, a tab a space, except that text of several
 * lines (CLEAN_LINES: a question from the index) keeps its newlines and
 * drops CRs.  A name, a note, an id or a time is one line (CLEAN_LINE):
 * there a newline too is U+FFFD, so a CSV cell or a Markdown cell stays on
 * its line.  CLEAN_BYTES (for JSON) replaces invalid bytes only.
 * malloc'd. */
static char *clean(const char *s, int mode)
{
  int lines = mode == CLEAN_LINES;
  gn_buf b = {0};
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  size_t n = strlen((const char *)p), i = 0, run = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode(p + i, n - i, &cp);
    int ctl = k && mode != CLEAN_BYTES && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0));
    if (k && (!ctl || (lines && cp == '\n'))) {
      i += (size_t)k;
      continue;
    }
    gn_buf_add(&b, (const char *)p + run, i - run);
    if (k && cp == '\t')
      gn_buf_puts(&b, " ");
    else if (!(k && lines && cp == '\r'))
      gn_buf_puts(&b, "\xEF\xBF\xBD");
    i += k ? (size_t)k : 1;
    run = i;
  }
  gn_buf_add(&b, (const char *)p + run, n - run);
  return b.s;
}

/* One CSV cell: a leading ' defuses what a spreadsheet would run as a
 * formula; RFC 4180 quoting when the cell holds , " CR or LF.  The text is
 * cleaned first (one line unless lines is set). */
static void csv_cell(FILE *f, const char *raw, int first, int lines)
{
  if (!first)
    fputc(',', f);
  if (!raw)
    raw = "";
  char *s = clean(raw, lines ? CLEAN_LINES : CLEAN_LINE);
  int guard = raw[0] && strchr("=+-@\t\r", raw[0]) != NULL;
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote)
    fputc('"', f);
  if (guard)
    fputc('\'', f);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  if (quote)
    fputc('"', f);
  free(s);
}

/* A Markdown table cell, cleaned (one line unless lines is set): |
 * escaped, line breaks as <br>. */
static void md_cell(FILE *f, const char *raw, int lines)
{
  char *s = clean(raw, lines ? CLEAN_LINES : CLEAN_LINE);
  fputs("| ", f);
  for (const char *p = s; *p; p++) {
    if (*p == '|')
      fputs("\\|", f);
    else if (*p == '\n')
      fputs("<br>", f);
    else
      fputc(*p, f);
  }
  fputc(' ', f);
  free(s);
}

/* Heading text: one line, cleaned. */
static void md_line(FILE *f, const char *raw)
{
  char *s = clean(raw, CLEAN_LINE);
  fputs(s, f);
  free(s);
}

static const char *stale_word(const gn_walk_labels *l, const gn_answer *a)
{
  if (a->vanished)
    return l->vanished ? l->vanished : l->stale_yes;
  return a->stale ? l->stale_yes : "";
}

static void export_csv(const view *v, const gn_walk_labels *l, FILE *f)
{
  fputs("\xEF\xBB\xBF", f);
  for (int i = 0; i < 9; i++)
    csv_cell(f, l->col[i], i == 0, 0);
  fputs("\r\n", f);
  for (int i = 0; i < v->nrows; i++) {
    const row *r = &v->rows[i];
    const gn_answer *a = &r->a;
    const char *cells[9] = {
      v->checklist_title, a->vanished ? a->item : a->number, a->question, l->status[a->status],
      gn_walk_status_mark(a->status), a->note, a->updated_at, stale_word(l, a), r->nodes,
    };
    for (int k = 0; k < 9; k++)
      csv_cell(f, cells[k], k == 0, k == 2);   /* only the question may have lines */
    fputs("\r\n", f);
  }
}

static void export_md(const view *v, const gn_walk_labels *l, FILE *f)
{
  fputs("# ", f);
  md_line(f, v->checklist_title);
  fputs(" — ", f);
  if (*v->name) {
    md_line(f, v->name);
    fprintf(f, " (%s)\n\n", v->id);
  } else {
    fprintf(f, "%s\n\n", v->id);
  }
  for (int s = 0; s < GN_ST__COUNT; s++)
    fprintf(f, "%s%s %s %d", s ? " / " : "", gn_walk_status_mark((gn_status)s), l->status[s],
            v->w.counts[s]);
  fprintf(f, " / %s %d\n\n", l->stale_yes, v->w.nstale);
  for (int i = 1; i < 9; i++)
    md_cell(f, l->col[i], 0);
  fputs("|\n", f);
  for (int i = 1; i < 9; i++)
    fputs("| --- ", f);
  fputs("|\n", f);
  for (int i = 0; i < v->nrows; i++) {
    const row *r = &v->rows[i];
    const gn_answer *a = &r->a;
    md_cell(f, a->vanished ? a->item : a->number, 0);
    md_cell(f, a->question, 1);
    md_cell(f, l->status[a->status], 0);
    md_cell(f, gn_walk_status_mark(a->status), 0);
    md_cell(f, a->note, 0);
    md_cell(f, a->updated_at, 0);
    md_cell(f, stale_word(l, a), 0);
    md_cell(f, r->nodes, 0);
    fputs("|\n", f);
  }
}

static int print_line(const char *json, void *ctx)
{
  FILE *f = ctx;
  fputs(json, f);
  fputc('\n', f);
  return 0;
}

int gn_walk_export(gn_state *st, gn_db *db, const char *walk, gn_walk_format fmt,
                   const gn_walk_labels *labels, FILE *out)
{
  if (!labels)
    labels = &english;
  view v;
  int rc = view_load(st, db, walk, 1, &v);
  if (rc)
    return rc;
  if (fmt == GN_WF_CSV) {
    export_csv(&v, labels, out);
  } else if (fmt == GN_WF_MD) {
    export_md(&v, labels, out);
  } else {
    sqlite3_stmt *q = prep(st, W_JSON_ANSWER);
    rc = q ? GN_OK : GN_EIO;
    for (int i = 0; rc == GN_OK && i < v.nrows; i++)
      rc = answer_json(st, q, &v.rows[i].a, print_line, out);
    done(q);
  }
  view_free(&v);
  if (rc == GN_OK && ferror(out))
    rc = werr(st, GN_EIO, "cannot write the report: %s", strerror(errno ? errno : EIO));
  return rc;
}

/* ---- answers kept by callers ---- */

int gn_answers_collect(const gn_answer *a, void *ctx)
{
  gn_answers *as = ctx;
  gn_answer c = *a;
  c.item = gn_xstrdup0(a->item);
  c.number = gn_xstrdup0(a->number);
  c.question = gn_xstrdup0(a->question);
  c.note = gn_xstrdup0(a->note);
  c.updated_at = gn_xstrdup0(a->updated_at);
  GN_PUSH(as->v, as->n, as->cap, c);
  return 0;
}

void gn_answers_free(gn_answers *as)
{
  for (int i = 0; i < as->n; i++) {
    free((char *)as->v[i].item);
    free((char *)as->v[i].number);
    free((char *)as->v[i].question);
    free((char *)as->v[i].note);
    free((char *)as->v[i].updated_at);
  }
  free(as->v);
  as->v = NULL;
  as->n = as->cap = 0;
}
