/* load.h — reading content YAML into the model (gn_content).
 *
 * Owns: finding every *.yaml below a content folder (read in bytewise order
 * of their relative paths), checking each file's bytes (UTF-8, control
 * characters, the line separators U+2028 and U+2029 that libyaml would
 * count as line breaks) with exact line:column, parsing it with libyaml
 * (YAML aliases are errors), and checking the shape of every mapping:
 * unknown and duplicate keys, wrong types, missing required fields, empty
 * titles, enumerated values (kind, confidence, role, disposition, status),
 * dates, and control characters and line separators in decoded scalar
 * values ("\e", "\x9b" and "\L" in a double-quoted scalar count).
 * Each error is added to a gn_diags with its FILE:LINE:COL (1-based, columns
 * counted in characters); a file with a syntax error is reported and the
 * other files are still read.  Checks that span records (ids, references,
 * the tree) are check.c's.
 */
#ifndef GN_LOAD_H
#define GN_LOAD_H

#include "content.h"
#include "util.h"

/* Load every *.yaml under dir.  Returns the number of errors added to d
 * (a folder that cannot be read is one error). */
int gn_load_dir(const char *dir, gn_content *c, gn_diags *d);
/* Load one file; name is the path shown in messages. */
int gn_load_file(const char *path, gn_content *c, gn_diags *d);
/* The same for bytes already in memory: buf[0..len) read as the file
 * named name (buf may hold any bytes; NULL reads as empty). */
int gn_load_mem(const char *name, const char *buf, size_t len, gn_content *c, gn_diags *d);

#endif
