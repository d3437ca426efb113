/* fuzz-load.c — the YAML loader and the validator on arbitrary bytes.
 *
 * The input is up to four content files separated by a line "#%file"
 * (so that checks across files — ids, parents, the guideline mapping given
 * twice — are reached too), loaded with gn_load_mem as f0.yaml, f1.yaml,
 * ..., then checked with gn_check, as `guidenav check` does.  Content that
 * passes is emitted through the dump sink, with every node's breadcrumb.
 *
 * Invariants (load.h, check.h, util.h):
 *  - the loader and the validator return exactly the number of
 *    diagnostics they added;
 *  - every diagnostic names one of the files (or none), with a line and a
 *    column inside that file (0 = unknown; the line after a last line that
 *    has no newline, column 1, is the end of the file, where libyaml
 *    reports what is missing there), and its message is valid UTF-8
 *    with no character that must never reach a terminal (util.h);
 *  - gn_diags_print writes one "guidenav: " line per diagnostic;
 *  - nothing leaks (the sanitizer build checks), nothing crashes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content.h"
#include "dump.h"
#include "fuzz.h"
#include "load.h"

#define SEP "\n#%file\n"
#define MAXFILES 4

typedef struct file {
  char name[16];
  const char *s;
  size_t n;
} file;

/* Lines of s[0..n): as many as newlines, and one more (after the last
 * newline, maybe empty). */
static int line_count(const char *s, size_t n)
{
  int l = 1;
  for (size_t i = 0; i < n; i++)
    l += s[i] == '\n';
  return l;
}

static int line_cols(const char *s, size_t n, int line)
{
  /* characters in the given 1-based line, or -1 when there is no such line */
  int l = 1;
  size_t i = 0;
  while (i < n && l < line) {
    if (s[i] == '\n')
      l++;
    i++;
  }
  if (l < line)
    return -1;
  int cols = 0;
  while (i < n && s[i] != '\n') {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    i += k > 0 ? (size_t)k : 1;
    cols++;
  }
  return cols;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  file files[MAXFILES];
  int nfiles = 0;
  const char *p = (const char *)data, *end = p + size;
  for (;;) {
    file *f = &files[nfiles];
    snprintf(f->name, sizeof f->name, "f%d.yaml", nfiles);
    const char *cut = NULL;
    if (nfiles + 1 < MAXFILES)
      for (const char *q = p; q + strlen(SEP) <= end; q++)
        if (*q == '\n' && !memcmp(q, SEP, strlen(SEP))) {
          cut = q;
          break;
        }
    f->s = p;
    f->n = cut ? (size_t)(cut - p) + 1 : (size_t)(end - p);   /* the newline stays */
    nfiles++;
    if (!cut)
      break;
    p = cut + strlen(SEP);
  }

  gn_content c;
  gn_content_init(&c);
  gn_diags d = {0};
  int errs = 0;
  for (int i = 0; i < nfiles; i++) {
    int before = d.n;
    int e = gn_load_mem(files[i].name, files[i].s, files[i].n, &c, &d);
    FUZZ_CHECK(e == d.n - before, "gn_load_mem returned %d for %d diagnostics", e, d.n - before);
    errs += e;
  }
  FUZZ_CHECK(c.nfiles == nfiles, "%d files loaded, %d given", c.nfiles, nfiles);
  int before = d.n;
  int e = gn_check(&c, &d);
  FUZZ_CHECK(e == d.n - before, "gn_check returned %d for %d diagnostics", e, d.n - before);
  errs += e;

  for (int i = 0; i < d.n; i++) {
    const gn_diag *g = &d.v[i];
    FUZZ_CHECK(g->msg && fuzz_terminal_safe(g->msg, strlen(g->msg)),
               "diagnostic %d is not terminal-safe UTF-8: %s", i, g->msg ? g->msg : "(null)");
    if (!g->file)
      continue;
    int fi = -1;
    for (int j = 0; j < nfiles; j++)
      if (!strcmp(g->file, files[j].name))
        fi = j;
    FUZZ_CHECK(fi >= 0, "diagnostic for an unknown file '%s'", g->file);
    FUZZ_CHECK(g->line >= 0 && g->col >= 0 && (g->line > 0 || g->col == 0),
               "%s:%d:%d: bad position", g->file, g->line, g->col);
    if (g->line > 0) {
      int cols = line_cols(files[fi].s, files[fi].n, g->line);
      if (cols < 0 && g->col == 1 && g->line == line_count(files[fi].s, files[fi].n) + 1)
        continue;   /* the end of a file without a final newline, as libyaml puts it */
      FUZZ_CHECK(cols >= 0, "%s:%d:%d: no such line (%s)", g->file, g->line, g->col, g->msg);
      FUZZ_CHECK(g->col >= 1 && g->col <= cols + 1, "%s:%d:%d: no such column, the line has %d (%s)",
                 g->file, g->line, g->col, cols, g->msg);
    }
  }

  char *out = NULL;
  size_t outlen = 0;
  FILE *f = open_memstream(&out, &outlen);
  FUZZ_CHECK(f != NULL, "open_memstream");
  gn_diags_print(&d, f);
  fclose(f);
  int lines = 0;
  for (size_t i = 0; i < outlen; i++)
    lines += out[i] == '\n';
  FUZZ_CHECK(lines >= d.n && (d.n == 0 || !strncmp(out, "guidenav: ", 10)),
             "gn_diags_print wrote %d lines for %d diagnostics", lines, d.n);
  free(out);

  if (errs == 0 && d.n == 0) {
    out = NULL;
    f = open_memstream(&out, &outlen);
    FUZZ_CHECK(f != NULL, "open_memstream");
    gn_sink s = gn_dump_sink(f);
    FUZZ_CHECK(gn_content_emit(&c, &s) == 0, "the dump sink stopped");
    for (int i = 0; i < c.norder; i++) {
      char *path = gn_node_path(c.order[i]);
      fputs(path, f);
      free(path);
    }
    fclose(f);
    free(out);
  }

  gn_diags_free(&d);
  gn_content_free(&c);
  return 0;
}
