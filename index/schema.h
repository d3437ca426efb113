/* schema.h — the one place where the index's SQLite schema is written down.
 *
 * Owns: the DDL of guideline.db, its version (PRAGMA user_version), the
 * names of the meta keys, and the one query over it that two readers share
 * (GN_SQL_NODE_PATH).  The builder (build.c) executes gn_schema_sql on a
 * fresh file; the reader (api.c) refuses any file whose user_version is not
 * GN_SCHEMA_VERSION.  Tables, in short:
 *
 *   meta(key, value)            title, edition, publisher, source, disclaimer,
 *                               disclaimer_en, content_hash, tokenizer_version,
 *                               schema_version, counts
 *   rec(rid, id, kind, title, body, volume, path, ord, file, line)
 *                               every record of every kind; kind is one of
 *                               node, meeting, point, checklist, item, term.
 *                               title: node title, point topic, item question,
 *                               term; body: the searchable text; path: the
 *                               breadcrumb ("第2編 › 第2章 情報セキュリティ
 *                               対策基準 › 5 物理的セキュリティ"); ord: a global
 *                               reading order (nodes in tree order first)
 *   node(rid, nkind, parent, depth, number, edition, confidence, note,
 *        nchildren, npoints, nkey)   nkey: numbering key used to pair 第2編
 *                               and 第3編 ("第2章/5/5.1")
 *   meeting(rid, number, date, time, venue, source, edition, confidence, note)
 *   point(rid, meeting, number, agenda, response, disposition, status,
 *         outcome_text, outcome_edition, outcome_confidence, outcome_note)
 *   remark(point, seq, role, inferred, text)
 *   checklist(rid, description)
 *   item(rid, checklist, seq, number, guidance, evidence, procedure)
 *                               evidence, procedure: JSON arrays of strings
 *   term(rid, reading, definition)
 *   link(src, dst, relation, seq)   relation: see (node→node, explicit),
 *                               counterpart (第2編↔第3編, derived, stored once
 *                               from the 第2編 side), revision (point→node),
 *                               checks (item→node), concerns (item→point),
 *                               defines (term→node), related (term→term),
 *                               child (meeting→point, checklist→item)
 *   fts(title, body)            FTS5, external content rec, tokenizer "ja";
 *                               rows for nodes, points, items and terms
 *   doclen(blk, lens)           fts_docsize packed for ranking (version 2):
 *                               block blk covers rids blk*2000 … blk*2000+1999,
 *                               2 bytes each, little-endian: tokens of
 *                               title+body in the low 12 bits (0 = no row,
 *                               4095 = too long: ask fts_docsize), of the
 *                               title in the high 4 (15 = 15 or more).
 *                               Written by gn_search_index (search.h) after
 *                               fts is complete.
 */
#ifndef GN_SCHEMA_H
#define GN_SCHEMA_H

#define GN_SCHEMA_VERSION 2

/* SQL: a node's path as JSON — an array of "number title" (the title alone
 * when the node has no number), from its volume ("第2編 …（例文）") down to
 * the node itself; rid is an SQL expression for the node's rid.  Both
 * api.c (show, toc) and search.c (hits) use it, so that they agree. */
#define GN_SQL_NODE_PATH(rid)                                                               \
  "(WITH RECURSIVE anc(rid, d) AS (SELECT " rid ", 0 UNION ALL"                             \
  " SELECT node.parent, anc.d + 1 FROM node JOIN anc ON node.rid = anc.rid"                \
  " WHERE node.parent IS NOT NULL)"                                                         \
  " SELECT json_group_array(t) FROM (SELECT trim(coalesce(x.number, '') || ' ' || y.title) AS t" \
  " FROM anc JOIN node x ON x.rid = anc.rid JOIN rec y ON y.rid = anc.rid ORDER BY anc.d DESC))"

extern const char gn_schema_sql[];

#endif
