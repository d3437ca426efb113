/* dump.h — the text-dump sink.
 *
 * Owns: a stable, line-oriented text rendering of a validated model (one
 * line per record or link, fields in a fixed order, newlines in values
 * written as \n and backslashes as \\), used by `guidenav check --dump` and
 * by tests that compare what the loader produced without SQLite.
 */
#ifndef GN_DUMP_H
#define GN_DUMP_H

#include <stdio.h>

#include "content.h"

/* A sink writing to f; release nothing (it keeps only f). */
gn_sink gn_dump_sink(FILE *f);

#endif
