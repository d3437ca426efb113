/* api.c — see api.h.  All SQL of the read side lives in the table below. */
#include "api.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jatok.h"
#include "schema.h"
#include "util.h"

/* The columns every record query returns, in gn_rec order (see fill()). */
#define REC_COLS                                                                         \
  "r.rid, r.id, r.kind, r.title, r.body, r.path, r.volume, n.nkind,"                     \
  " COALESCE(n.number, i.number, CAST(p.number AS TEXT), CAST(m.number AS TEXT)),"       \
  " n.depth, n.nchildren, n.npoints,"                                                    \
  " COALESCE(n.edition, m.edition), COALESCE(n.confidence, m.confidence),"               \
  " COALESCE(n.note, m.note),"                                                           \
  " CASE r.kind WHEN 'node' THEN (SELECT id FROM rec WHERE rid = n.parent)"              \
  "   WHEN 'point' THEN pm.id WHEN 'item' THEN ic.id END,"                               \
  " pm.title, pmm.number, COALESCE(pmm.date, m.date),"                                   \
  " p.agenda, p.response, p.disposition, p.status,"                                      \
  " p.outcome_text, p.outcome_edition, p.outcome_confidence, p.outcome_note,"            \
  " i.guidance,"                                                                         \
  " (SELECT group_concat(value, '、') FROM json_each(i.evidence)),"                      \
  " (SELECT group_concat(value, '、') FROM json_each(i.procedure)),"                     \
  " t.reading"

#define REC_FROM                                                                         \
  " FROM rec r LEFT JOIN node n ON n.rid = r.rid"                                        \
  " LEFT JOIN point p ON p.rid = r.rid"                                                  \
  " LEFT JOIN rec pm ON pm.rid = p.meeting LEFT JOIN meeting pmm ON pmm.rid = p.meeting" \
  " LEFT JOIN meeting m ON m.rid = r.rid"                                                \
  " LEFT JOIN item i ON i.rid = r.rid LEFT JOIN rec ic ON ic.rid = i.checklist"          \
  " LEFT JOIN term t ON t.rid = r.rid"

#define REC_SELECT "SELECT " REC_COLS REC_FROM
#define RID_OF(p) "(SELECT rid FROM rec WHERE id = " p ")"

/* Link columns: other end's id, kind, title, number, volume, relation. */
#define LINK_COLS "o.id, o.kind, o.title, COALESCE(n.number, i.number, CAST(p.number AS TEXT), ''), o.volume, l.relation"
#define LINK_JOIN " LEFT JOIN node n ON n.rid = o.rid LEFT JOIN item i ON i.rid = o.rid LEFT JOIN point p ON p.rid = o.rid"

/* The id array of links from/to a record, for JSON. */
#define IDS_OUT(rel) "(SELECT json_group_array(o.id) FROM (SELECT o.id FROM link l JOIN rec o ON o.rid = l.dst" \
                     " WHERE l.src = r.rid AND l.relation = '" rel "' ORDER BY l.seq) o)"
#define IDS_IN(rel) "(SELECT json_group_array(o.id) FROM (SELECT o.id FROM link l JOIN rec o ON o.rid = l.src" \
                    " WHERE l.dst = r.rid AND l.relation = '" rel "' ORDER BY o.ord) o)"

enum {
  Q_META, Q_GET, Q_TOC_ALL, Q_TOC, Q_CHILDREN, Q_VOLUMES, Q_NEXT, Q_PREV, Q_REFS_OUT, Q_REFS_IN,
  Q_COUNTERPART, Q_POINTS_ALL, Q_POINTS_NODE, Q_REMARKS, Q_CHECKLISTS, Q_ITEMS, Q_ITEMS_FOR,
  Q_CITE, Q_CITE_ANY, Q_CITE_CHILD, Q_CITE_ITEM, Q_VOLUME, Q_JSON, Q_JSON_LINK, Q_COUNT
};

static const char *const qsql[Q_COUNT] = {
  [Q_META] = "SELECT key, value FROM meta",
  [Q_GET] = REC_SELECT " WHERE r.id = ?1",
  [Q_TOC_ALL] = REC_SELECT " WHERE r.kind = 'node' ORDER BY r.ord",
  [Q_TOC] = "WITH RECURSIVE sub(rid) AS (SELECT rid FROM rec WHERE id = ?1 AND kind = 'node'"
            " UNION ALL SELECT node.rid FROM node JOIN sub ON node.parent = sub.rid) "
            REC_SELECT " WHERE r.rid IN sub ORDER BY r.ord",
  [Q_CHILDREN] = REC_SELECT " WHERE n.parent = " RID_OF("?1") " ORDER BY r.ord",
  [Q_VOLUMES] = REC_SELECT " WHERE n.nkind = 'volume' ORDER BY r.ord",
  [Q_NEXT] = REC_SELECT " WHERE r.kind = 'node' AND r.ord > (SELECT ord FROM rec WHERE id = ?1)"
             " ORDER BY r.ord LIMIT 1",
  [Q_PREV] = REC_SELECT " WHERE r.kind = 'node' AND r.ord < (SELECT ord FROM rec WHERE id = ?1)"
             " ORDER BY r.ord DESC LIMIT 1",
  [Q_REFS_OUT] = "SELECT " LINK_COLS " FROM link l JOIN rec o ON o.rid = l.dst" LINK_JOIN
                 " WHERE l.src = " RID_OF("?1") " ORDER BY l.seq",
  [Q_REFS_IN] = "SELECT " LINK_COLS " FROM link l JOIN rec o ON o.rid = l.src" LINK_JOIN
                " WHERE l.dst = " RID_OF("?1") " ORDER BY o.ord, l.seq",
  [Q_COUNTERPART] = "SELECT o.id FROM link l JOIN rec o ON o.rid = CASE WHEN l.src = " RID_OF("?1")
                    " THEN l.dst ELSE l.src END WHERE l.relation = 'counterpart' AND (l.src = "
                    RID_OF("?1") " OR l.dst = " RID_OF("?1") ")",
  [Q_POINTS_ALL] = REC_SELECT " WHERE r.kind = 'point' ORDER BY r.ord",
  /* the node's own points first, then those of the section an item
   * (numbered item, sub-item) stands in: a point about 9.1 concerns 9.1 (2) */
  [Q_POINTS_NODE] = "WITH RECURSIVE up(rid, d) AS (SELECT rid, 0 FROM rec WHERE id = ?1"
                    " UNION ALL SELECT n.parent, up.d + 1 FROM node n JOIN up ON n.rid = up.rid"
                    " WHERE n.nkind = 'item' AND n.parent IS NOT NULL),"
                    " pts(rid, d) AS (SELECT l.src, MIN(up.d) FROM link l JOIN up ON l.dst = up.rid"
                    " WHERE l.relation = 'revision' GROUP BY l.src) "
                    REC_SELECT " JOIN pts ON pts.rid = r.rid ORDER BY pts.d, r.ord",
  [Q_REMARKS] = "SELECT seq, role, inferred, text FROM remark WHERE point = " RID_OF("?1") " ORDER BY seq",
  [Q_CHECKLISTS] = REC_SELECT " WHERE r.kind = 'checklist' ORDER BY r.ord",
  [Q_ITEMS] = REC_SELECT " WHERE r.rid IN (SELECT rid FROM item WHERE checklist = " RID_OF("?1")
              ") ORDER BY r.ord",
  [Q_ITEMS_FOR] = "WITH RECURSIVE sub(rid) AS (SELECT rid FROM rec WHERE id = ?1"
                  " UNION ALL SELECT node.rid FROM node JOIN sub ON node.parent = sub.rid) "
                  REC_SELECT " WHERE r.rid IN (SELECT src FROM link WHERE relation = 'checks' AND dst IN sub)"
                  " ORDER BY r.ord",
  /* ?1 volume, ?2 number, ?3 part word or '' */
  /* (driven by the index on node.number: a citation costs no scan of the nodes) */
  [Q_CITE] = REC_SELECT " WHERE r.rid IN (SELECT rid FROM node WHERE number = ?2) AND r.kind = 'node'"
             " AND r.volume = ?1 AND (?3 = '' OR instr(r.path, ?3) > 0) ORDER BY r.ord",
  [Q_CITE_ANY] = REC_SELECT " WHERE r.rid IN (SELECT rid FROM node WHERE number = ?1) AND r.kind = 'node'"
                 " AND n.nkind <> 'volume' AND (?2 = '' OR instr(r.path, ?2) > 0) ORDER BY r.ord",
  /* ?1 parent id, ?2 number: the numbered item 「5.1(1)」 below a cited node */
  [Q_CITE_CHILD] = REC_SELECT " WHERE r.kind = 'node' AND n.parent = " RID_OF("?1") " AND n.number = ?2"
                   " ORDER BY r.ord",
  /* ?1 number: checklist items numbered so (「5.1-1」), in every checklist */
  [Q_CITE_ITEM] = REC_SELECT " WHERE r.rid IN (SELECT rid FROM item WHERE number = ?1) ORDER BY r.ord",
  [Q_VOLUME] = REC_SELECT " WHERE n.nkind = 'volume' AND r.volume = ?1",
  /* ?1 id, ?2 1 = with the body (show); 0 = without the key (listings) */
  [Q_JSON] =
    "SELECT CASE WHEN ?2 THEN j ELSE json_remove(j, '$.body') END FROM (SELECT CASE r.kind"
    " WHEN 'node' THEN json_object('id', r.id, 'kind', r.kind, 'title', r.title, 'volume', r.volume,"
    "  'number', n.number, 'level', n.nkind, 'depth', n.depth,"
    "  'path', " GN_SQL_NODE_PATH("r.rid") ","
    "  'parent', (SELECT id FROM rec WHERE rid = n.parent),"
    "  'body', r.body,"
    "  'provenance', json_object('edition', n.edition, 'confidence', n.confidence, 'note', n.note),"
    "  'counterpart', (SELECT o.id FROM link l JOIN rec o ON o.rid = CASE WHEN l.src = r.rid THEN l.dst ELSE l.src END"
    "    WHERE l.relation = 'counterpart' AND (l.src = r.rid OR l.dst = r.rid)),"
    "  'refs', json(" IDS_OUT("see") "), 'referred_by', json(" IDS_IN("see") "),"
    "  'points', json(" IDS_IN("revision") "),"
    "  'items', (WITH RECURSIVE sub(rid) AS (SELECT r.rid UNION ALL"
    "    SELECT node.rid FROM node JOIN sub ON node.parent = sub.rid)"
    "    SELECT json_group_array(id) FROM (SELECT DISTINCT o.id FROM link l JOIN rec o ON o.rid = l.src"
    "      WHERE l.relation = 'checks' AND l.dst IN sub ORDER BY o.ord)),"
    "  'children', n.nchildren)"
    " WHEN 'point' THEN json_object('id', r.id, 'kind', r.kind, 'title', r.title,"
    "  'meeting', json_object('id', pm.id, 'number', pmm.number, 'date', pmm.date, 'title', pm.title),"
    "  'number', p.number, 'agenda', p.agenda,"
    "  'remarks', (SELECT json_group_array(json_object('role', role, 'inferred', json(CASE inferred WHEN 1 THEN 'true' ELSE 'false' END), 'text', text))"
    "    FROM (SELECT * FROM remark WHERE point = r.rid ORDER BY seq)),"
    "  'response', p.response, 'disposition', p.disposition, 'status', p.status,"
    "  'outcome', CASE WHEN p.outcome_text IS NOT NULL THEN json_object('text', p.outcome_text,"
    "    'edition', p.outcome_edition, 'confidence', p.outcome_confidence, 'note', p.outcome_note) END,"
    "  'nodes', json(" IDS_OUT("revision") "), 'items', json(" IDS_IN("concerns") "))"
    " WHEN 'meeting' THEN json_object('id', r.id, 'kind', r.kind, 'title', r.title, 'number', m.number,"
    "  'date', m.date, 'time', m.time, 'venue', m.venue, 'source', m.source,"
    "  'provenance', json_object('edition', m.edition, 'confidence', m.confidence, 'note', m.note),"
    "  'points', (SELECT json_group_array(id) FROM (SELECT x.id FROM point y JOIN rec x ON x.rid = y.rid"
    "    WHERE y.meeting = r.rid ORDER BY y.number)))"
    " WHEN 'checklist' THEN json_object('id', r.id, 'kind', r.kind, 'title', r.title,"
    "  'description', r.body, 'items', (SELECT count(*) FROM item WHERE checklist = r.rid))"
    " WHEN 'item' THEN json_object('id', r.id, 'kind', r.kind, 'title', r.title, 'checklist', ic.id,"
    "  'number', i.number, 'guidance', i.guidance, 'evidence', json(i.evidence),"
    "  'procedure', json(i.procedure), 'nodes', json(" IDS_OUT("checks") "),"
    "  'points', json(" IDS_OUT("concerns") "))"
    " WHEN 'term' THEN json_object('id', r.id, 'kind', r.kind, 'title', r.title, 'reading', t.reading,"
    "  'definition', t.definition, 'nodes', json(" IDS_OUT("defines") "),"
    "  'related', json(" IDS_OUT("related") "))"
    " END AS j" REC_FROM " WHERE r.id = ?1)",
  [Q_JSON_LINK] = "SELECT json_object('id', ?1, 'kind', ?2, 'title', ?3, 'number', NULLIF(?4, ''),"
                  " 'volume', NULLIF(?5, 0), 'direction', ?6, 'relation', ?7)",
};

struct gn_db {
  sqlite3 *db;
  sqlite3_stmt *st[Q_COUNT];
  char **meta;     /* key, value, key, value, …, NULL */
  int nmeta;
  char *err;
};

static sqlite3_stmt *stmt(gn_db *g, int q)
{
  sqlite3_stmt *s = g->st[q];
  if (s) {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
  }
  if (sqlite3_prepare_v3(g->db, qsql[q], -1, SQLITE_PREPARE_PERSISTENT, &g->st[q], NULL) != SQLITE_OK) {
    free(g->err);
    g->err = gn_xasprintf("database error: %s", sqlite3_errmsg(g->db));
    return NULL;
  }
  return g->st[q];
}

static int db_error(gn_db *g)
{
  free(g->err);
  g->err = gn_xasprintf("database error: %s", sqlite3_errmsg(g->db));
  return GN_EIO;
}

const char *gn_errmsg(gn_db *g)
{
  return g->err ? g->err : "no error";
}

sqlite3 *gn_sqlite(gn_db *g)
{
  return g->db;
}

const char *gn_meta(gn_db *g, const char *key)
{
  for (int i = 0; i < g->nmeta; i++)
    if (!strcmp(g->meta[2 * i], key))
      return g->meta[2 * i + 1];
  return "";
}

/* user_version from the header of the database file at path, when it is
 * an SQLite database in rollback-journal mode (the builder's); else -1.
 * Cheaper than compiling "PRAGMA user_version" for every process. */
static int header_version(const char *path)
{
  unsigned char h[100];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = pread(fd, h, sizeof h, 0);
  close(fd);
  if (n != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0 || h[18] != 1 || h[19] != 1)
    return -1;
  return (int)((uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 | (uint32_t)h[62] << 8 | h[63]);
}

int gn_open(const char *path, gn_db **out, char **msg)
{
  *out = NULL;
  *msg = NULL;
  struct stat sb;
  if (stat(path, &sb) != 0) {
    *msg = gn_xasprintf("%s: no index there (build one with: guidenav build -o %s)", path, path);
    return GN_EIO;
  }
  if (!S_ISREG(sb.st_mode)) {
    *msg = gn_xasprintf("%s: not a guidenav index (not a regular file)", path);
    return GN_EIO;
  }
  gn_db *g = gn_xcalloc(1, sizeof *g);
  if (sqlite3_open_v2(path, &g->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    *msg = gn_xasprintf("%s: cannot open: %s", path, g->db ? sqlite3_errmsg(g->db) : "out of memory");
    gn_close(g);
    return GN_EIO;
  }
  sqlite3_extended_result_codes(g->db, 1);
  /* Read-only and memory-mapped: pages are read straight from the OS page
   * cache, with no copy into SQLite's cache and no read() per page. */
  sqlite3_exec(g->db, "PRAGMA query_only = 1; PRAGMA mmap_size = 2147483647", NULL, NULL, NULL);
  sqlite3_stmt *s = NULL;
  /* The file header says which version it is; SQLite is asked (and gives
   * the reason when the file is no database) unless it says ours. */
  int version = header_version(path);
  if (version != GN_SCHEMA_VERSION) {
    version = -1;
    if (sqlite3_prepare_v2(g->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
  }
  if (version < 0) {
    *msg = gn_xasprintf("%s: not a guidenav index (%s)", path, sqlite3_errmsg(g->db));
    gn_close(g);
    return GN_EIO;
  }
  if (version != GN_SCHEMA_VERSION) {
    if (version == 0)
      *msg = gn_xasprintf("%s: not a guidenav index", path);
    else
      *msg = gn_xasprintf("%s: index schema version %d, this guidenav reads version %d: rebuild it with "
                          "'guidenav build'", path, version, GN_SCHEMA_VERSION);
    gn_close(g);
    return GN_EIO;
  }
  s = stmt(g, Q_META);
  if (!s) {
    *msg = gn_xasprintf("%s: not a guidenav index (%s)", path, sqlite3_errmsg(g->db));
    gn_close(g);
    return GN_EIO;
  }
  int cap = 0;
  while (sqlite3_step(s) == SQLITE_ROW) {
    if (2 * g->nmeta + 2 >= cap) {
      cap = cap ? cap * 2 : 32;
      g->meta = gn_xrealloc(g->meta, (size_t)cap * sizeof *g->meta);
    }
    g->meta[2 * g->nmeta] = gn_xstrdup((const char *)sqlite3_column_text(s, 0));
    g->meta[2 * g->nmeta + 1] = gn_xstrdup((const char *)sqlite3_column_text(s, 1));
    g->nmeta++;
  }
  char want[16];
  snprintf(want, sizeof want, "%d", GN_JATOK_VERSION);
  if (strcmp(gn_meta(g, "tokenizer_version"), want) != 0) {
    *msg = gn_xasprintf("%s: index made with tokenizer version %s, this guidenav has version %s: "
                        "rebuild it with 'guidenav build'", path, *gn_meta(g, "tokenizer_version") ?
                        gn_meta(g, "tokenizer_version") : "(none)", want);
    gn_close(g);
    return GN_EIO;
  }
  if (gn_jatok_register(g->db) != SQLITE_OK) {
    *msg = gn_xasprintf("%s: cannot register the Japanese tokenizer: %s", path, sqlite3_errmsg(g->db));
    gn_close(g);
    return GN_EIO;
  }
  *out = g;
  return GN_OK;
}

void gn_close(gn_db *g)
{
  if (!g)
    return;
  for (int i = 0; i < Q_COUNT; i++)
    sqlite3_finalize(g->st[i]);
  for (int i = 0; i < 2 * g->nmeta; i++)
    free(g->meta[i]);
  free(g->meta);
  free(g->err);
  sqlite3_close(g->db);
  free(g);
}

static char *col(sqlite3_stmt *s, int i)
{
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? gn_xstrdup((const char *)t) : NULL;
}

/* Fill r from a row of REC_COLS. */
static void fill(gn_rec *r, sqlite3_stmt *s)
{
  memset(r, 0, sizeof *r);
  int i = 0;
  r->rid = sqlite3_column_int64(s, i++);
  r->id = col(s, i++);
  r->kind = col(s, i++);
  r->title = col(s, i++);
  r->body = col(s, i++);
  r->path = col(s, i++);
  r->volume = sqlite3_column_int(s, i++);
  r->nkind = col(s, i++);
  r->number = col(s, i++);
  r->depth = sqlite3_column_int(s, i++);
  r->nchildren = sqlite3_column_int(s, i++);
  r->npoints = sqlite3_column_int(s, i++);
  r->edition = col(s, i++);
  r->confidence = col(s, i++);
  r->note = col(s, i++);
  r->parent_id = col(s, i++);
  r->meeting_title = col(s, i++);
  r->meeting_number = sqlite3_column_int(s, i++);
  r->date = col(s, i++);
  r->agenda = col(s, i++);
  r->response = col(s, i++);
  r->disposition = col(s, i++);
  r->status = col(s, i++);
  r->outcome_text = col(s, i++);
  r->outcome_edition = col(s, i++);
  r->outcome_confidence = col(s, i++);
  r->outcome_note = col(s, i++);
  r->guidance = col(s, i++);
  r->evidence = col(s, i++);
  r->procedure = col(s, i++);
  r->reading = col(s, i++);
}

void gn_rec_clear(gn_rec *r)
{
  char **f[] = {&r->id, &r->kind, &r->title, &r->body, &r->path, &r->nkind, &r->number, &r->edition,
                &r->confidence, &r->note, &r->parent_id, &r->meeting_title, &r->date, &r->agenda,
                &r->response, &r->disposition, &r->status, &r->outcome_text, &r->outcome_edition,
                &r->outcome_confidence, &r->outcome_note, &r->guidance, &r->evidence, &r->procedure,
                &r->reading};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
    free(*f[i]);
  memset(r, 0, sizeof *r);
}

static char *dup0(const char *s)
{
  return s ? gn_xstrdup(s) : NULL;
}

void gn_rec_copy(gn_rec *d, const gn_rec *s)
{
  *d = *s;
  char **f[] = {&d->id, &d->kind, &d->title, &d->body, &d->path, &d->nkind, &d->number, &d->edition,
                &d->confidence, &d->note, &d->parent_id, &d->meeting_title, &d->date, &d->agenda,
                &d->response, &d->disposition, &d->status, &d->outcome_text, &d->outcome_edition,
                &d->outcome_confidence, &d->outcome_note, &d->guidance, &d->evidence, &d->procedure,
                &d->reading};
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
    *f[i] = dup0(*f[i]);
}

/* Run a record query with up to three bound text/int parameters. */
static int walk(gn_db *g, sqlite3_stmt *s, gn_rec_cb cb, void *ctx, int *count)
{
  int n = 0, rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    gn_rec r;
    fill(&r, s);
    n++;
    int stop = cb ? cb(&r, ctx) : 0;
    gn_rec_clear(&r);
    if (stop)
      break;
  }
  sqlite3_reset(s);
  if (count)
    *count = n;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error(g);
  return n ? GN_OK : GN_NOTFOUND;
}

static sqlite3_stmt *stmt_text(gn_db *g, int q, const char *a)
{
  sqlite3_stmt *s = stmt(g, q);
  if (s && a)
    sqlite3_bind_text(s, 1, a, -1, SQLITE_TRANSIENT);
  return s;
}

static int one(gn_db *g, int q, const char *a, gn_rec *out)
{
  memset(out, 0, sizeof *out);
  sqlite3_stmt *s = stmt_text(g, q, a);
  if (!s)
    return GN_EIO;
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    fill(out, s);
    sqlite3_reset(s);
    return GN_OK;
  }
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? GN_NOTFOUND : db_error(g);
}

int gn_get(gn_db *g, const char *id, gn_rec *out)
{
  return one(g, Q_GET, id, out);
}

int gn_toc(gn_db *g, const char *root, gn_rec_cb cb, void *ctx)
{
  sqlite3_stmt *s = root ? stmt_text(g, Q_TOC, root) : stmt(g, Q_TOC_ALL);
  return s ? walk(g, s, cb, ctx, NULL) : GN_EIO;
}

int gn_children(gn_db *g, const char *id, gn_rec_cb cb, void *ctx)
{
  sqlite3_stmt *s = id ? stmt_text(g, Q_CHILDREN, id) : stmt(g, Q_VOLUMES);
  return s ? walk(g, s, cb, ctx, NULL) : GN_EIO;
}

int gn_step(gn_db *g, const char *id, int dir, gn_rec *out)
{
  return one(g, dir > 0 ? Q_NEXT : Q_PREV, id, out);
}

static int links(gn_db *g, int q, const char *id, const char *direction, gn_link_cb cb, void *ctx, int *n)
{
  sqlite3_stmt *s = stmt_text(g, q, id);
  if (!s)
    return GN_EIO;
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    gn_link l = {
      (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
      (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
      sqlite3_column_int(s, 4), direction, (const char *)sqlite3_column_text(s, 5),
    };
    (*n)++;
    if (cb && cb(&l, ctx)) {
      sqlite3_reset(s);
      return 1;
    }
  }
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? 0 : -1;
}

int gn_refs(gn_db *g, const char *id, gn_link_cb cb, void *ctx)
{
  gn_rec r;
  int rc = gn_get(g, id, &r);
  if (rc)
    return rc;
  gn_rec_clear(&r);
  int n = 0;
  int a = links(g, Q_REFS_OUT, id, "out", cb, ctx, &n);
  if (a < 0)
    return db_error(g);
  if (a == 0 && links(g, Q_REFS_IN, id, "in", cb, ctx, &n) < 0)
    return db_error(g);
  return n ? GN_OK : GN_NOTFOUND;
}

int gn_counterpart(gn_db *g, const char *id, gn_rec *out)
{
  memset(out, 0, sizeof *out);
  sqlite3_stmt *s = stmt_text(g, Q_COUNTERPART, id);
  if (!s)
    return GN_EIO;
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? GN_NOTFOUND : db_error(g);
  }
  char *other = col(s, 0);
  sqlite3_reset(s);
  rc = gn_get(g, other, out);
  free(other);
  return rc;
}

int gn_points(gn_db *g, const char *node_id, gn_rec_cb cb, void *ctx)
{
  sqlite3_stmt *s = node_id ? stmt_text(g, Q_POINTS_NODE, node_id) : stmt(g, Q_POINTS_ALL);
  return s ? walk(g, s, cb, ctx, NULL) : GN_EIO;
}

int gn_remarks(gn_db *g, const char *point_id, gn_remark_cb cb, void *ctx)
{
  sqlite3_stmt *s = stmt_text(g, Q_REMARKS, point_id);
  if (!s)
    return GN_EIO;
  int rc, n = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    gn_remark m = {sqlite3_column_int(s, 0), (const char *)sqlite3_column_text(s, 1),
                   sqlite3_column_int(s, 2), (const char *)sqlite3_column_text(s, 3)};
    n++;
    if (cb && cb(&m, ctx))
      break;
  }
  sqlite3_reset(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error(g);
  return n ? GN_OK : GN_NOTFOUND;
}

int gn_checklists(gn_db *g, gn_rec_cb cb, void *ctx)
{
  sqlite3_stmt *s = stmt(g, Q_CHECKLISTS);
  return s ? walk(g, s, cb, ctx, NULL) : GN_EIO;
}

int gn_items(gn_db *g, const char *checklist_id, gn_rec_cb cb, void *ctx)
{
  sqlite3_stmt *s = stmt_text(g, Q_ITEMS, checklist_id);
  return s ? walk(g, s, cb, ctx, NULL) : GN_EIO;
}

int gn_items_for(gn_db *g, const char *node_id, gn_rec_cb cb, void *ctx)
{
  sqlite3_stmt *s = stmt_text(g, Q_ITEMS_FOR, node_id);
  return s ? walk(g, s, cb, ctx, NULL) : GN_EIO;
}

/* Citations.  The text is folded first: full-width ASCII to ASCII,
 * ideographic space to space, hyphen-like marks to '-'. */
static char *fold(const char *in)
{
  gn_buf b = {0};
  const unsigned char *s = (const unsigned char *)in;
  size_t n = strlen(in), i = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode(s + i, n - i, &cp);
    if (!k) {
      i++;
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      char c = (char)(cp - 0xFF01 + 0x21);
      gn_buf_add(&b, &c, 1);
    } else if (cp == 0x3000) {
      gn_buf_add(&b, " ", 1);
    } else if (cp == 0x2010 || cp == 0x2212 || cp == 0x30FC || cp == 0x2015) {
      gn_buf_add(&b, "-", 1); /* hyphen-like marks in 「2ー5.1」 */
    } else {
      gn_buf_add(&b, (const char *)s + i, (size_t)k);
    }
    i += (size_t)k;
  }
  if (!b.s)
    gn_buf_add(&b, "", 0);
  return b.s;
}

static const char *skip_sp(const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

enum { MAX_ITEM_LEVELS = 8 };

/* An item number at p, as the content writes it, into tok: "(1)" (ASCII
 * or, folded, full-width parentheses and digits; spaces inside allowed),
 * "⑴" (U+2474..U+2487, read as "(1)"), or a circled number "①".."⑳"
 * (U+2460..U+2473, kept).  Returns the bytes read, 0 when p holds none. */
static size_t item_token(const char *p, char tok[16])
{
  const unsigned char *u = (const unsigned char *)p;
  if (*p == '(') {
    const char *d = skip_sp(p + 1), *q = d;
    while (*q >= '0' && *q <= '9' && q - d < 3)
      q++;
    const char *close = skip_sp(q);
    if (q == d || *close != ')')
      return 0;
    snprintf(tok, 16, "(%.*s)", (int)(q - d), d);
    return (size_t)(close + 1 - p);
  }
  if (u[0] == 0xE2 && u[1] == 0x91 && u[2] >= 0xA0 && u[2] <= 0xB3) {   /* ①..⑳ */
    memcpy(tok, p, 3);
    tok[3] = '\0';
    return 3;
  }
  int paren = 0;   /* ⑴..⑿ are E2 91 B4..BF, ⒀..⒇ E2 92 80..87 */
  if (u[0] == 0xE2 && u[1] == 0x91 && u[2] >= 0xB4 && u[2] <= 0xBF)
    paren = u[2] - 0xB4 + 1;
  else if (u[0] == 0xE2 && u[1] == 0x92 && u[2] >= 0x80 && u[2] <= 0x87)
    paren = u[2] - 0x80 + 13;
  if (paren) {
    snprintf(tok, 16, "(%d)", paren);
    return 3;
  }
  return 0;
}

/* Does a record's title match the title written after a citation's
 * numbers (folded as the citation is): equal, or its beginning (a title
 * cut with "…" included)? */
static int title_fits(const char *title, const char *want)
{
  size_t n = strlen(want);
  static const char ell[] = "…";
  if (n >= sizeof ell - 1 && !strcmp(want + n - (sizeof ell - 1), ell))
    n -= sizeof ell - 1;
  while (n && want[n - 1] == ' ')
    n--;
  if (!title || !n)
    return 0;
  char *t = fold(title);
  int fits = !strncmp(t, want, n);
  free(t);
  return fits;
}

/* Hand the candidates to cb (until it returns non-zero); their number. */
static int hand_over(gn_recs *rs, gn_rec_cb cb, void *ctx)
{
  int stop = 0;
  for (int i = 0; i < rs->n && !stop; i++)
    stop = cb ? cb(&rs->v[i], ctx) : 0;
  int n = rs->n;
  gn_recs_free(rs);
  return n;
}

/* A citation: [volume] [part word] [number] [item numbers] [title]
 *   volume:   第N編 | vN | N-
 *   part:     基本方針 | 対策基準
 *   number:   as printed, up to a space or an item number: 5.1, 5, 第1章
 *   items:    (1), ①, ⑴ ... each one level further down: 「5.1(1)」,
 *             「3 (2) ③」; with no number, the first one is the number
 *   title:    the title, or its beginning, of what the rest names
 * or "... [ID]" (as reports and toc print them), or a checklist item's
 * number (「5.1-1」, in every checklist; also a candidate when the text
 * reads as a node citation too). */
int gn_resolve(gn_db *g, const char *text, gn_rec_cb cb, void *ctx)
{
  gn_rec r;
  int rc = gn_get(g, text, &r);
  if (rc == GN_OK) {
    if (cb)
      cb(&r, ctx);
    gn_rec_clear(&r);
    return 1;
  }
  if (rc == GN_EIO)
    return -1;
  char *f = fold(text);
  size_t flen = strlen(f);
  while (flen && f[flen - 1] == ' ')
    f[--flen] = '\0';
  /* 「第2編 1(1) [v2.taisaku.1.i1]」: the id in brackets decides */
  char *open = flen && f[flen - 1] == ']' ? strrchr(f, '[') : NULL;
  if (open && open > f && open[-1] == ' ') {
    char *id = gn_xstrndup(open + 1, (size_t)(f + flen - 1 - (open + 1)));
    rc = gn_get(g, id, &r);
    free(id);
    if (rc != GN_NOTFOUND) {
      free(f);
      if (rc == GN_EIO)
        return -1;
      if (cb)
        cb(&r, ctx);
      gn_rec_clear(&r);
      return 1;
    }
  }
  const char *p = skip_sp(f);
  int vol = 0;
  /* 第N編 | vN | N- */
  if (!strncmp(p, "第", 3) && p[3] >= '1' && p[3] <= '4' && !strncmp(p + 4, "編", 3)) {
    vol = p[3] - '0';
    p += 7;
  } else if ((p[0] == 'v' || p[0] == 'V') && p[1] >= '1' && p[1] <= '4' && (p[2] == ' ' || p[2] == '\0' || p[2] == '.')) {
    vol = p[1] - '0';
    p += 2 + (p[2] == '.');
  } else if (p[0] >= '1' && p[0] <= '4' && p[1] == '-') {
    vol = p[0] - '0';
    p += 2;
  }
  p = skip_sp(p);
  const char *part = "";
  static const char *const parts[] = {"基本方針", "対策基準", NULL};
  for (int i = 0; parts[i]; i++)
    if (!strncmp(p, parts[i], strlen(parts[i]))) {
      part = parts[i];
      p = skip_sp(p + strlen(parts[i]));
    }
  /* the number: up to a space or an item number; trailing dots dropped */
  char tok[16];
  const char *q = p;
  while (*q && *q != ' ' && *q != '\t' && !item_token(q, tok))
    q++;
  char *num = gn_xstrndup(p, (size_t)(q - p));
  size_t k = strlen(num);
  while (k && num[k - 1] == '.')
    num[--k] = '\0';
  /* the item numbers below it, then the title */
  char items[MAX_ITEM_LEVELS][16];
  int nitems = 0;
  size_t t;
  for (q = skip_sp(q); (t = item_token(q, tok)) != 0 && nitems < MAX_ITEM_LEVELS; q = skip_sp(q + t))
    memcpy(items[nitems++], tok, sizeof tok);
  const char *title = q;
  int first = 0;
  if (!*num && nitems) {   /* 「第2編 (1)」: the item number is the number */
    free(num);
    num = gn_xstrdup(items[0]);
    first = 1;
  }
  gn_recs rs = {0};
  sqlite3_stmt *s = NULL;
  int err = 0, cited = 1;
  if (vol && !*num && !*part) {
    s = stmt(g, Q_VOLUME);
    if (s)
      sqlite3_bind_int(s, 1, vol);
  } else if (vol) {
    s = stmt(g, Q_CITE);
    if (s) {
      sqlite3_bind_int(s, 1, vol);
      sqlite3_bind_text(s, 2, num, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 3, part, -1, SQLITE_STATIC);
    }
  } else if ((*num >= '0' && *num <= '9') || !strncmp(num, "第", 3)) {   /* 5.1, 第1章 */
    s = stmt(g, Q_CITE_ANY);
    if (s) {
      sqlite3_bind_text(s, 1, num, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(s, 2, part, -1, SQLITE_STATIC);
    }
  } else {
    cited = 0;
  }
  if (cited)
    err = !s || walk(g, s, gn_recs_collect, &rs, NULL) == GN_EIO;
  /* down one level per item number: the children so numbered */
  for (int i = first; !err && i < nitems && rs.n; i++) {
    gn_recs kids = {0};
    for (int j = 0; !err && j < rs.n; j++) {
      s = stmt(g, Q_CITE_CHILD);
      err = !s;
      if (s) {
        sqlite3_bind_text(s, 1, rs.v[j].id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, items[i], -1, SQLITE_TRANSIENT);
        err = walk(g, s, gn_recs_collect, &kids, NULL) == GN_EIO;
      }
    }
    gn_recs_free(&rs);
    rs = kids;
  }
  /* a title after the numbers keeps the candidates it fits */
  if (!err && *title) {
    int w = 0;
    for (int i = 0; i < rs.n; i++) {
      if (title_fits(rs.v[i].title, title))
        rs.v[w++] = rs.v[i];
      else
        gn_rec_clear(&rs.v[i]);
    }
    rs.n = w;
  }
  /* a checklist item's number, read as it is, where no node is cited so:
   * 「4-1」 stays 第4編 1 (the documented citation), 「5.1-1」 is the item */
  const char *whole = skip_sp(f);
  if (!err && *whole && rs.n == 0) {
    s = stmt(g, Q_CITE_ITEM);
    err = !s;
    if (s) {
      sqlite3_bind_text(s, 1, whole, -1, SQLITE_TRANSIENT);
      err = walk(g, s, gn_recs_collect, &rs, NULL) == GN_EIO;
    }
  }
  free(num);
  free(f);
  if (err) {
    gn_recs_free(&rs);
    return -1;
  }
  return hand_over(&rs, cb, ctx);
}

static int json_row(gn_db *g, sqlite3_stmt *s, gn_json_cb cb, void *ctx)
{
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    const char *j = (const char *)sqlite3_column_text(s, 0);
    if (cb && j)
      cb(j, ctx);
    sqlite3_reset(s);
    return j ? GN_OK : GN_NOTFOUND;
  }
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? GN_NOTFOUND : db_error(g);
}

static int json_rec(gn_db *g, const char *id, int full, gn_json_cb cb, void *ctx)
{
  sqlite3_stmt *s = stmt_text(g, Q_JSON, id);
  if (!s)
    return GN_EIO;
  sqlite3_bind_int(s, 2, full);
  return json_row(g, s, cb, ctx);
}

int gn_json_rec(gn_db *g, const char *id, gn_json_cb cb, void *ctx)
{
  return json_rec(g, id, 1, cb, ctx);
}

int gn_json_brief(gn_db *g, const char *id, gn_json_cb cb, void *ctx)
{
  return json_rec(g, id, 0, cb, ctx);
}

int gn_json_link(gn_db *g, const gn_link *l, gn_json_cb cb, void *ctx)
{
  sqlite3_stmt *s = stmt(g, Q_JSON_LINK);
  if (!s)
    return GN_EIO;
  const char *v[] = {l->id, l->kind, l->title, l->number};
  for (int i = 0; i < 4; i++)
    sqlite3_bind_text(s, i + 1, v[i] ? v[i] : "", -1, SQLITE_STATIC);
  sqlite3_bind_int(s, 5, l->volume);
  sqlite3_bind_text(s, 6, l->direction, -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 7, l->relation, -1, SQLITE_STATIC);
  return json_row(g, s, cb, ctx);
}

/* ---- owned copies ---- */

int gn_recs_collect(const gn_rec *r, void *ctx)
{
  gn_recs *rs = ctx;
  gn_rec c;
  gn_rec_copy(&c, r);
  GN_PUSH(rs->v, rs->n, rs->cap, c);
  return 0;
}

void gn_recs_free(gn_recs *rs)
{
  for (int i = 0; i < rs->n; i++)
    gn_rec_clear(&rs->v[i]);
  free(rs->v);
  rs->v = NULL;
  rs->n = rs->cap = 0;
}

int gn_linkv_collect(const gn_link *l, void *ctx)
{
  gn_linkv *ls = ctx;
  gn_olink k = {gn_xstrdup0(l->id), gn_xstrdup0(l->kind), gn_xstrdup0(l->title),
                gn_xstrdup0(l->number), l->volume, gn_xstrdup0(l->direction),
                gn_xstrdup0(l->relation)};
  GN_PUSH(ls->v, ls->n, ls->cap, k);
  return 0;
}

void gn_linkv_free(gn_linkv *ls)
{
  for (int i = 0; i < ls->n; i++) {
    gn_olink *k = &ls->v[i];
    char *f[] = {k->id, k->kind, k->title, k->number, k->direction, k->relation};
    for (size_t j = 0; j < sizeof f / sizeof f[0]; j++)
      free(f[j]);
  }
  free(ls->v);
  ls->v = NULL;
  ls->n = ls->cap = 0;
}
