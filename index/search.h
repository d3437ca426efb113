/* search.h — keyword search over an index: ranking, snippets, highlighting.
 *
 * Owns: running a query (query.h) against the fts table of an index
 * (schema.h) and turning rows into hits: record identity, a plain-text
 * snippet centred on the best match, the match offsets inside it, and the
 * ranking — exact (normalised) title matches first, then bm25 with titles
 * weighted 10:1 over bodies, computed in one pass that keeps the best
 * `offset + limit`: a query of one phrase reads the phrase's doclists from
 * fts's segment directly, others let the FTS5 auxiliary function
 * gn_collect gather term frequencies; each row is scored with its length
 * from the doclen table (gn_rank is the same score as an SQL function, one
 * row at a time, through FTS5).  Also the two
 * renderings of a hit (JSON via SQLite's json_object, text with markers) and
 * match spans in arbitrary text for the reader's highlighting, so the CLI,
 * the navigator and the index agree on what matched.
 * Each gn_search runs in one read transaction (when the caller has none).
 *
 * Contract:
 *  - db is opened by the caller, with gn_jatok_register() done (gn_open
 *    does it).  Nothing here writes to db.
 *  - gn_search returns GN_OK (≥ 1 hit delivered), GN_NOTFOUND (none), or
 *    GN_EIO on a database error (sqlite3_errmsg(db) says what).  No query
 *    string is ever an error.
 *  - Hits passed to the callback are valid only during the call.  A callback
 *    returning non-zero stops the search (still GN_OK).
 *  - opts.ranked = 1: full rank order (what the CLI prints).  opts.ranked = 0:
 *    a fast page for as-you-type use: matches in document order (rid order:
 *    guideline nodes in reading order, then points, items, terms), no
 *    scoring, cost independent of the number of matches; the caller then
 *    asks for the ranked list.
 *  - gn_hit.matches are BYTE offsets into gn_hit.snippet; the JSON made by
 *    gn_json_hit has "matches" in CHARACTER (Unicode code point) offsets.
 */
#ifndef GN_SEARCH_H
#define GN_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "api.h"
#include "query.h"

typedef struct gn_search_opts {
  int limit;     /* hits to deliver, 0 = all */
  int offset;    /* hits to skip first */
  int volume;    /* 0 = any; ANDed with vol: in the query */
  int ranked;    /* 1 = full rank order, 0 = fast first page, document order */
} gn_search_opts;

typedef struct gn_hit {
  int64_t rid;
  const char *id, *kind, *title, *path;
  int volume;               /* 0 when the record has none */
  const char *snippet;      /* plain text, one line, about 100 columns, with
                               "…" where cut; "" when the body is empty */
  const gn_span *matches;   /* byte offsets into snippet, sorted, disjoint */
  size_t nmatches;
  double score;             /* bm25, negated: higher is better; 0 when
                               unranked; comparable within one query only */
  int exact;                /* the normalised title equals the query */
} gn_hit;

typedef int (*gn_hit_cb)(const gn_hit *h, void *ctx);

/* Search; opts may be NULL (all hits, ranked). */
int gn_search(sqlite3 *db, const char *query, const gn_search_opts *opts,
              gn_hit_cb cb, void *ctx);
/* The number of hits (opts: volume only), in *count. */
int gn_search_count(sqlite3 *db, const char *query, const gn_search_opts *opts,
                    int64_t *count);

/* One JSON object (no newline): id, kind, title, volume (null when none),
 * number (as show gives it; null for a term), path (an array: for a node
 * "number title" from its volume down to the node itself, as show and toc
 * give it; for another record its place: [meeting], [checklist title],
 * ["用語集"]), provenance (nodes only), snippet, matches = [[start, end],
 * ...] in characters of snippet, score.  Reads the hit's record (h->rid)
 * from db. */
int gn_json_hit(sqlite3 *db, const gn_hit *h, gn_json_cb cb, void *ctx);

/* The snippet with open/close around every match (e.g. "【", "】"),
 * malloc'd. */
char *gn_hit_marked(const gn_hit *h, const char *open, const char *close);

/* Derive the ranking's own tables from fts (today: doclen, the document
 * lengths packed in blocks, from fts_docsize; see schema.h).  The builder
 * calls it once fts is complete, inside its transaction; an index without
 * these rows still searches correctly, only slower.  Returns an SQLite
 * result code. */
int gn_search_index(sqlite3 *db);

/* How many ranked searches so far read the index's doclists directly (one
 * phrase, an index of one segment) instead of through FTS5; for tests. */
unsigned long gn_search_direct_count(void);

/* Register the FTS5 auxiliary functions gn_collect (used by gn_search) and
 * gn_rank(fts, title weight, body weight, key, key tokens) (the same score,
 * plus 1e9 for an exact title match, for SQL use and tests) with db.
 * gn_jatok_register calls it.  Returns SQLITE_OK. */
int gn_rank_register(sqlite3 *db);
/* The same with db's FTS5 API at hand (gn_jatok_register has it). */
struct fts5_api;
int gn_rank_register_api(struct fts5_api *api);

/* Byte spans where query matches text[0..len) (see gn_query_spans);
 * *spans malloc'd (NULL when none), count in *n.  Returns GN_OK when there is
 * at least one span, GN_NOTFOUND otherwise.  Callers highlighting many texts
 * with one query should parse once and use gn_query_spans. */
int gn_match_spans(const char *query, const char *text, size_t len,
                   gn_span **spans, size_t *n);

#endif
