/* build.h — writing the SQLite index from content.
 *
 * Owns: the database sink (one row per record, links, the FTS5 rows, the
 * meta table with the content hash, edition, schema and tokenizer versions)
 * and the atomic write of the index: the build goes to a temporary file in
 * the target folder, is fsynced and renamed over the target, so a failed
 * build never changes or damages an existing index.  Also writes the
 * depfile that lets meson rebuild the index when a content file changes.
 * The index uses the rollback journal (no WAL), so it can be read from a
 * read-only install.
 */
#ifndef GN_BUILD_H
#define GN_BUILD_H

#include "content.h"
#include "util.h"

typedef struct gn_build_stats {
  int nodes, points, items, terms, links;
  size_t bytes;          /* YAML bytes read */
  size_t body_chars;     /* characters in guideline node bodies */
} gn_build_stats;

/* Write the index of a validated model to out.  On failure returns GN_EIO
 * (3) and adds a message to d; out is then untouched. */
int gn_build_write(const gn_content *c, const char *out, gn_build_stats *st, gn_diags *d);
/* Write "out: file1 file2 … dir1 dir2 …" (make syntax): every content file
 * and every folder gn_load_dir read, so that a file added to a folder (its
 * time changes) reruns the build too.  Returns GN_OK or GN_EIO. */
int gn_build_depfile(const gn_content *c, const char *out, const char *depfile, gn_diags *d);

#endif
