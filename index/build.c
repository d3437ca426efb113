/* build.c — see build.h. */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "jatok.h"
#include "schema.h"
#include "search.h"

enum {
  S_REC, S_NODE, S_MEETING, S_POINT, S_REMARK, S_CHECKLIST, S_ITEM, S_TERM, S_LINK, S_META, S_COUNT
};

static const char *const sql[S_COUNT] = {
  [S_REC] = "INSERT INTO rec(rid,id,kind,title,body,volume,path,ord,file,line) "
            "VALUES(?1,?2,?3,?4,?5,?6,?7,?1,?8,?9)",
  [S_NODE] = "INSERT INTO node(rid,nkind,parent,depth,number,edition,confidence,note,nchildren,npoints,nkey) "
             "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
  [S_MEETING] = "INSERT INTO meeting(rid,number,date,time,venue,source,edition,confidence,note) "
                "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
  [S_POINT] = "INSERT INTO point(rid,meeting,number,agenda,response,disposition,status,"
              "outcome_text,outcome_edition,outcome_confidence,outcome_note) "
              "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
  [S_REMARK] = "INSERT INTO remark(point,seq,role,inferred,text) VALUES(?1,?2,?3,?4,?5)",
  [S_CHECKLIST] = "INSERT INTO checklist(rid,description) VALUES(?1,?2)",
  [S_ITEM] = "INSERT INTO item(rid,checklist,seq,number,guidance,evidence,procedure) "
             "VALUES(?1,?2,?3,?4,?5,?6,?7)",
  [S_TERM] = "INSERT INTO term(rid,reading,definition) VALUES(?1,?2,?3)",
  [S_LINK] = "INSERT OR IGNORE INTO link(src,dst,relation,seq) VALUES(?1,?2,?3,?4)",
  [S_META] = "INSERT OR REPLACE INTO meta(key,value) VALUES(?1,?2)",
};

/* The rid of every record by id (ids and their strings belong to the
 * content): references become rids without a query per reference. */
typedef struct idmap {
  const char **id;
  int64_t *rid;
  size_t cap, n;              /* cap: a power of two */
} idmap;

static size_t id_hash(const char *s)
{
  size_t h = 14695981039346656037u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static void idmap_put(idmap *m, const char *id, int64_t rid)
{
  if (2 * (m->n + 1) > m->cap) {
    idmap old = *m;
    m->cap = old.cap ? 2 * old.cap : 1024;
    m->id = gn_xcalloc(m->cap, sizeof *m->id);
    m->rid = gn_xcalloc(m->cap, sizeof *m->rid);
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
      if (old.id[i])
        idmap_put(m, old.id[i], old.rid[i]);
    free(old.id);
    free(old.rid);
  }
  size_t i = id_hash(id) & (m->cap - 1);
  while (m->id[i] && strcmp(m->id[i], id) != 0)
    i = (i + 1) & (m->cap - 1);
  if (!m->id[i]) {
    m->id[i] = id;
    m->n++;
  }
  m->rid[i] = rid;            /* a second record with an id fails in rec anyway */
}

/* The rid of id, 0 when there is no such record. */
static int64_t idmap_get(const idmap *m, const char *id)
{
  if (!id || !m->cap)
    return 0;
  size_t i = id_hash(id) & (m->cap - 1);
  while (m->id[i]) {
    if (strcmp(m->id[i], id) == 0)
      return m->rid[i];
    i = (i + 1) & (m->cap - 1);
  }
  return 0;
}

/* A link waiting for the end: they go in in the order of link's key. */
typedef struct blink {
  int64_t src, dst;
  const char *rel;
  int seq;
} blink;

static int blink_cmp(const void *a, const void *b)
{
  const blink *x = a, *y = b;
  if (x->src != y->src)
    return x->src < y->src ? -1 : 1;
  int c = strcmp(x->rel, y->rel);
  if (c)
    return c;
  if (x->dst != y->dst)
    return x->dst < y->dst ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

typedef struct bctx {
  sqlite3 *db;
  sqlite3_stmt *st[S_COUNT];
  int64_t rid;
  int nlinks;
  gn_build_stats *stats;
  const gn_content *c;
  idmap ids;
  blink *links;
  size_t nlink, caplink;
} bctx;

static int run(bctx *b, int which)
{
  sqlite3_stmt *s = b->st[which];
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  return rc == SQLITE_DONE ? 0 : 1;
}

/* Bound without a copy: every string lives until its statement has run
 * (run() clears the bindings). */
static void txt(sqlite3_stmt *s, int i, const char *v)
{
  sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

/* The rid of id as a parameter; NULL when there is none (as the query for
 * it gave: the NOT NULL columns then refuse the row). */
static void rid_of(bctx *b, sqlite3_stmt *s, int i, const char *id)
{
  int64_t rid = idmap_get(&b->ids, id);
  if (rid)
    sqlite3_bind_int64(s, i, rid);
  else
    sqlite3_bind_null(s, i);
}

static int add_rec(bctx *b, const char *id, const char *kind, const char *title, const char *body,
                   int volume, const char *path, gn_pos pos)
{
  sqlite3_stmt *s = b->st[S_REC];
  b->rid++;
  sqlite3_bind_int64(s, 1, b->rid);
  txt(s, 2, id);
  txt(s, 3, kind);
  txt(s, 4, title);
  txt(s, 5, body);
  if (volume)
    sqlite3_bind_int(s, 6, volume);
  txt(s, 7, path);
  txt(s, 8, pos.file);
  sqlite3_bind_int(s, 9, pos.line);
  if (run(b, S_REC))
    return 1;
  if (id)
    idmap_put(&b->ids, id, b->rid);
  return 0;
}

static size_t utf8_chars(const char *s)
{
  size_t n = 0;
  for (; s && *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static int put_meta(bctx *b, const char *key, const char *value)
{
  txt(b->st[S_META], 1, key);
  txt(b->st[S_META], 2, value);
  return run(b, S_META);
}

static int put_meta_int(bctx *b, const char *key, long long value)
{
  char v[32];
  snprintf(v, sizeof v, "%lld", value);
  return put_meta(b, key, v);
}

static int b_meta(void *ctx, const gn_content *c)
{
  bctx *b = ctx;
  const char *kv[][2] = {
    {"title", c->meta.title}, {"edition", c->meta.edition}, {"publisher", c->meta.publisher},
    {"source", c->meta.source}, {"disclaimer", c->meta.disclaimer},
    {"disclaimer_en", c->meta.disclaimer_en}, {"note", c->meta.note},
    {"content_hash", c->hash_hex},
  };
  for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
    if (put_meta(b, kv[i][0], kv[i][1]))
      return 1;
  return put_meta_int(b, "tokenizer_version", GN_JATOK_VERSION) ||
         put_meta_int(b, "schema_version", GN_SCHEMA_VERSION);
}

static int b_node(void *ctx, const gn_node *n)
{
  bctx *b = ctx;
  char *path = gn_node_path(n);
  int rc = add_rec(b, n->id, "node", n->title, n->body, n->volume, path, n->pos);
  free(path);
  if (rc)
    return 1;
  sqlite3_stmt *s = b->st[S_NODE];
  sqlite3_bind_int64(s, 1, b->rid);
  txt(s, 2, gn_nkind_names[n->kind]);
  if (n->parent)
    rid_of(b, s, 3, n->parent->id);
  sqlite3_bind_int(s, 4, n->depth);
  txt(s, 5, n->number);
  txt(s, 6, n->prov.edition);
  txt(s, 7, n->prov.confidence);
  txt(s, 8, n->prov.note);
  sqlite3_bind_int(s, 9, n->nkids);
  sqlite3_bind_int(s, 10, n->npoints);
  txt(s, 11, n->nkey);
  b->stats->nodes++;
  b->stats->body_chars += utf8_chars(n->body);
  return run(b, S_NODE);
}

static int b_meeting(void *ctx, const gn_meeting *m)
{
  bctx *b = ctx;
  char *path = gn_xasprintf("第%d回 %s", m->number, m->date);
  int rc = add_rec(b, m->id, "meeting", m->title, m->source, 0, path, m->pos);
  free(path);
  if (rc)
    return 1;
  sqlite3_stmt *s = b->st[S_MEETING];
  sqlite3_bind_int64(s, 1, b->rid);
  sqlite3_bind_int(s, 2, m->number);
  txt(s, 3, m->date);
  txt(s, 4, m->time);
  txt(s, 5, m->venue);
  txt(s, 6, m->source);
  txt(s, 7, m->prov.edition);
  txt(s, 8, m->prov.confidence);
  txt(s, 9, m->prov.note);
  return run(b, S_MEETING);
}

static int b_point(void *ctx, const gn_point *p)
{
  bctx *b = ctx;
  gn_buf body = {0};
  for (int i = 0; i < p->nremarks; i++) {
    gn_buf_puts(&body, p->remarks[i].text);
    gn_buf_puts(&body, "\n");
  }
  gn_buf_puts(&body, p->response);
  char *path = gn_xasprintf("第%d回検討会 %s", p->meeting->number, p->meeting->date);
  int rc = add_rec(b, p->id, "point", p->topic, body.s, 0, path, p->pos);
  free(path);
  gn_buf_free(&body);
  if (rc)
    return 1;
  int64_t rid = b->rid;
  sqlite3_stmt *s = b->st[S_POINT];
  sqlite3_bind_int64(s, 1, rid);
  rid_of(b, s, 2, p->meeting->id);
  sqlite3_bind_int(s, 3, p->number);
  txt(s, 4, p->agenda);
  txt(s, 5, p->response);
  txt(s, 6, p->disposition);
  txt(s, 7, p->status);
  if (p->has_outcome) {
    txt(s, 8, p->outcome_text);
    txt(s, 9, p->outcome.edition);
    txt(s, 10, p->outcome.confidence);
    txt(s, 11, p->outcome.note);
  }
  if (run(b, S_POINT))
    return 1;
  for (int i = 0; i < p->nremarks; i++) {
    s = b->st[S_REMARK];
    sqlite3_bind_int64(s, 1, rid);
    sqlite3_bind_int(s, 2, i + 1);
    txt(s, 3, p->remarks[i].role);
    sqlite3_bind_int(s, 4, p->remarks[i].inferred);
    txt(s, 5, p->remarks[i].text);
    if (run(b, S_REMARK))
      return 1;
  }
  b->stats->points++;
  return 0;
}

static int b_checklist(void *ctx, const gn_checklist *cl)
{
  bctx *b = ctx;
  if (add_rec(b, cl->id, "checklist", cl->title, cl->description, 0, "", cl->pos))
    return 1;
  sqlite3_bind_int64(b->st[S_CHECKLIST], 1, b->rid);
  txt(b->st[S_CHECKLIST], 2, cl->description);
  return run(b, S_CHECKLIST);
}

/* Strings as a JSON array, made by SQLite's json functions. */
static char *json_array(bctx *b, const gn_strs *v)
{
  sqlite3_stmt *a = NULL;
  char *acc = gn_xstrdup("[]");
  if (sqlite3_prepare_v2(b->db, "SELECT json_insert(?1, '$[#]', ?2)", -1, &a, NULL) != SQLITE_OK)
    return acc;
  for (int i = 0; i < v->n; i++) {
    sqlite3_bind_text(a, 1, acc, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(a, 2, v->v[i], -1, SQLITE_STATIC);
    if (sqlite3_step(a) == SQLITE_ROW) {
      free(acc);
      acc = gn_xstrdup((const char *)sqlite3_column_text(a, 0));
    }
    sqlite3_reset(a);
  }
  sqlite3_finalize(a);
  return acc;
}

static int b_item(void *ctx, const gn_item *it)
{
  bctx *b = ctx;
  gn_buf body = {0};
  gn_buf_puts(&body, it->guidance ? it->guidance : "");
  for (int i = 0; i < it->evidence.n; i++) {
    gn_buf_puts(&body, i ? "、" : "\n");
    gn_buf_puts(&body, it->evidence.v[i]);
  }
  for (int i = 0; i < it->procedure.n; i++) {
    gn_buf_puts(&body, i ? "、" : "\n");
    gn_buf_puts(&body, it->procedure.v[i]);
  }
  int rc = add_rec(b, it->id, "item", it->question, body.s, 0, it->checklist->title, it->pos);
  gn_buf_free(&body);
  if (rc)
    return 1;
  sqlite3_stmt *s = b->st[S_ITEM];
  char *ev = json_array(b, &it->evidence), *pr = json_array(b, &it->procedure);
  sqlite3_bind_int64(s, 1, b->rid);
  rid_of(b, s, 2, it->checklist->id);
  sqlite3_bind_int(s, 3, it->seq);
  txt(s, 4, it->number);
  txt(s, 5, it->guidance);
  txt(s, 6, ev);
  txt(s, 7, pr);
  b->stats->items++;
  rc = run(b, S_ITEM);
  free(ev);
  free(pr);
  return rc;
}

static int b_term(void *ctx, const gn_term *t)
{
  bctx *b = ctx;
  char *body = gn_xasprintf("%s\n%s", t->reading, t->definition);
  int rc = add_rec(b, t->id, "term", t->term, body, 0, "用語集", t->pos);
  free(body);
  if (rc)
    return 1;
  sqlite3_stmt *s = b->st[S_TERM];
  sqlite3_bind_int64(s, 1, b->rid);
  txt(s, 2, t->reading);
  txt(s, 3, t->definition);
  b->stats->terms++;
  return run(b, S_TERM);
}

/* Links are kept until the end and written in the order of link's key (a
 * b-tree filled in order); the first of two equal links is the one kept,
 * as INSERT OR IGNORE in emission order did. */
static int b_link(void *ctx, const char *src, const char *dst, const char *rel)
{
  bctx *b = ctx;
  blink l = { idmap_get(&b->ids, src), idmap_get(&b->ids, dst), rel, ++b->nlinks };
  GN_PUSH(b->links, b->nlink, b->caplink, l);
  b->stats->links++;
  return 0;
}

static int b_end(void *ctx)
{
  bctx *b = ctx;
  if (b->nlink > 1)
    qsort(b->links, b->nlink, sizeof *b->links, blink_cmp);
  sqlite3_stmt *s = b->st[S_LINK];
  for (size_t i = 0; i < b->nlink; i++) {
    const blink *l = &b->links[i];
    if (l->src)
      sqlite3_bind_int64(s, 1, l->src);
    if (l->dst)
      sqlite3_bind_int64(s, 2, l->dst);
    txt(s, 3, l->rel);
    sqlite3_bind_int(s, 4, l->seq);
    if (run(b, S_LINK))
      return 1;
  }
  return 0;
}

static int exec(sqlite3 *db, const char *q, gn_diags *d, const char *out)
{
  char *e = NULL;
  if (sqlite3_exec(db, q, NULL, NULL, &e) != SQLITE_OK) {
    gn_diag_add(d, out, 0, 0, "cannot write the index: %s", e ? e : sqlite3_errmsg(db));
    sqlite3_free(e);
    return 1;
  }
  return 0;
}

static int fsync_path(const char *path, int dir)
{
  int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0)
    return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

int gn_build_write(const gn_content *c, const char *out, gn_build_stats *st, gn_diags *d)
{
  gn_build_stats dummy;
  if (!st)
    st = &dummy;
  memset(st, 0, sizeof *st);
  st->bytes = c->bytes;
  char *tmp = gn_xasprintf("%s.tmp.XXXXXX", out);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    gn_diag_add(d, out, 0, 0, "cannot create a temporary file beside the index: %s", strerror(errno));
    free(tmp);
    return GN_EIO;
  }
  /* mkstemp makes the file 0600; an index is for every reader (umask applies). */
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  close(fd);
  bctx b = {0};
  b.stats = st;
  b.c = c;
  int failed = 1;
  if (sqlite3_open_v2(tmp, &b.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    gn_diag_add(d, out, 0, 0, "cannot open the temporary index %s: %s", tmp,
                b.db ? sqlite3_errmsg(b.db) : "out of memory");
    goto done;
  }
  if (gn_jatok_register(b.db) != SQLITE_OK) {
    gn_diag_add(d, out, 0, 0, "cannot register the Japanese tokenizer: %s", sqlite3_errmsg(b.db));
    goto done;
  }
  if (exec(b.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;", d, out) ||
      exec(b.db, gn_schema_sql, d, out) || exec(b.db, "BEGIN", d, out))
    goto done;
  /* The full-text index in one piece: FTS5 keeps what it indexes in memory
   * until its hash table holds hashsize bytes, then writes a segment, and
   * merges segments as they pile up; 'optimize' merges them all again.
   * With room for the whole content it writes one segment, once, at
   * 'optimize' (which then has nothing to merge), and leaves no free pages
   * behind for a VACUUM to remove: about half the time of a build.  The
   * cost is memory, about twice the indexed text, while it runs (capped at
   * 1 GiB: beyond that, segments and merges as before).  The setting goes
   * back to FTS5's default at the end.  (fts is filled by one statement
   * from rec: one INSERT per record was slower.) */
  if (exec(b.db, "INSERT INTO fts(fts, rank) VALUES('hashsize', 1073741824)", d, out))
    goto done;
  for (int i = 0; i < S_COUNT; i++)
    if (sqlite3_prepare_v2(b.db, sql[i], -1, &b.st[i], NULL) != SQLITE_OK) {
      gn_diag_add(d, out, 0, 0, "cannot prepare the index statements: %s", sqlite3_errmsg(b.db));
      goto done;
    }
  gn_sink sink = {&b, b_meta, b_node, b_meeting, b_point, b_checklist, b_item, b_term, b_link, b_end};
  if (gn_content_emit(c, &sink)) {
    gn_diag_add(d, out, 0, 0, "cannot write the index: %s", sqlite3_errmsg(b.db));
    goto done;
  }
  if (put_meta_int(&b, "nodes", st->nodes) || put_meta_int(&b, "points", st->points) ||
      put_meta_int(&b, "items", st->items) || put_meta_int(&b, "terms", st->terms) ||
      put_meta_int(&b, "body_chars", (long long)st->body_chars)) {
    gn_diag_add(d, out, 0, 0, "cannot write the index: %s", sqlite3_errmsg(b.db));
    goto done;
  }
  if (exec(b.db, "INSERT INTO fts(rowid,title,body) SELECT rid,title,body FROM rec "
                 "WHERE kind IN ('node','point','item','term') ORDER BY rid;"
                 "INSERT INTO fts(fts) VALUES('optimize');"
                 "INSERT INTO fts(fts, rank) VALUES('hashsize', 1048576);", d, out))
    goto done;
  if (gn_search_index(b.db) != SQLITE_OK) {
    gn_diag_add(d, out, 0, 0, "cannot write the index: %s", sqlite3_errmsg(b.db));
    goto done;
  }
  if (exec(b.db, "COMMIT", d, out))
    goto done;
  for (int i = 0; i < S_COUNT; i++) {
    sqlite3_finalize(b.st[i]);
    b.st[i] = NULL;
  }
  /* Compact the file only when something left free pages (content larger
   * than the hash table above, whose segments 'optimize' merged). */
  sqlite3_stmt *fl = NULL;
  int freepages = 1;
  if (sqlite3_prepare_v2(b.db, "PRAGMA freelist_count", -1, &fl, NULL) == SQLITE_OK &&
      sqlite3_step(fl) == SQLITE_ROW)
    freepages = sqlite3_column_int(fl, 0);
  sqlite3_finalize(fl);
  if (freepages > 0 && exec(b.db, "VACUUM", d, out))
    goto done;
  if (sqlite3_close(b.db) != SQLITE_OK) {
    gn_diag_add(d, out, 0, 0, "cannot close the index: %s", sqlite3_errmsg(b.db));
    goto done;
  }
  b.db = NULL;
  if (fsync_path(tmp, 0) != 0) {
    gn_diag_add(d, out, 0, 0, "cannot flush the index to disk: %s", strerror(errno));
    goto done;
  }
  if (rename(tmp, out) != 0) {
    gn_diag_add(d, out, 0, 0, "cannot replace the index: %s", strerror(errno));
    goto done;
  }
  char *dir = gn_xstrdup(out);
  char *slash = strrchr(dir, '/');
  if (slash)
    *(slash == dir ? slash + 1 : slash) = '\0';
  fsync_path(slash ? dir : ".", 1);
  free(dir);
  failed = 0;
done:
  free(b.ids.id);
  free(b.ids.rid);
  free(b.links);
  for (int i = 0; i < S_COUNT; i++)
    sqlite3_finalize(b.st[i]);
  if (b.db)
    sqlite3_close(b.db);
  if (failed)
    unlink(tmp);
  free(tmp);
  return failed ? GN_EIO : GN_OK;
}

static void dep_escape(FILE *f, const char *s)
{
  for (; *s; s++) {
    if (*s == ' ' || *s == '#' || *s == '\\')
      fputc('\\', f);
    if (*s == '$')
      fputc('$', f);
    fputc(*s, f);
  }
}

int gn_build_depfile(const gn_content *c, const char *out, const char *depfile, gn_diags *d)
{
  char *tmp = gn_xasprintf("%s.tmp", depfile);
  FILE *f = fopen(tmp, "w");
  if (!f) {
    gn_diag_add(d, depfile, 0, 0, "cannot write the depfile: %s", strerror(errno));
    free(tmp);
    return GN_EIO;
  }
  dep_escape(f, out);
  fputc(':', f);
  for (int i = 0; i < c->nfiles; i++) {
    fputs(" \\\n ", f);
    dep_escape(f, c->files[i]);
  }
  for (int i = 0; i < c->ndirs; i++) {
    fputs(" \\\n ", f);
    dep_escape(f, c->dirs[i]);
  }
  fputc('\n', f);
  int bad = ferror(f);
  if (fclose(f) != 0 || bad || rename(tmp, depfile) != 0) {
    gn_diag_add(d, depfile, 0, 0, "cannot write the depfile: %s", strerror(errno));
    unlink(tmp);
    free(tmp);
    return GN_EIO;
  }
  free(tmp);
  return GN_OK;
}
