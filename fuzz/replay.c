/* replay.c — main() for builds without libFuzzer: runs files through
 * LLVMFuzzerTestOneInput, as `fuzz-TARGET FILE...` would, so that every
 * build (gcc included, and CI's sanitizer build) replays the corpora.
 *
 * Usage: replay-TARGET PATH...  A PATH that is a folder stands for its
 * files (not recursing, names in bytewise order).  The empty input runs
 * first, as libFuzzer runs it.  Exit 0 when every input ran; 1 when a path
 * cannot be read or no file was given (a corpus that went missing must not
 * pass); an input that breaks an invariant aborts. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content.h"
#include "fuzz.h"

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one file; returns 0, or 1 when it cannot be read. */
static int run_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return 1;
  }
  gn_buf b = {0};
  char tmp[65536];
  size_t k;
  while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
    gn_buf_add(&b, tmp, k);
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    fprintf(stderr, "replay: %s: read error\n", path);
    gn_buf_free(&b);
    return 1;
  }
  /* an exact-size copy, as libFuzzer passes it, so that reading past the
   * end is caught by the sanitizers */
  uint8_t *data = gn_xmalloc(b.len ? b.len : 1);
  if (b.len)
    memcpy(data, b.s, b.len);
  LLVMFuzzerTestOneInput(data, b.len);
  free(data);
  gn_buf_free(&b);
  return 0;
}

int main(int argc, char **argv)
{
  int inputs = 0, errors = 0;
  LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
  for (int a = 1; a < argc; a++) {
    struct stat st;
    if (stat(argv[a], &st) != 0) {
      fprintf(stderr, "replay: %s: %s\n", argv[a], strerror(errno));
      errors++;
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      errors += run_file(argv[a]);
      inputs++;
      continue;
    }
    DIR *dp = opendir(argv[a]);
    if (!dp) {
      fprintf(stderr, "replay: %s: %s\n", argv[a], strerror(errno));
      errors++;
      continue;
    }
    gn_strs names = {0};
    struct dirent *e;
    while ((e = readdir(dp)))
      if (e->d_name[0] != '.')
        GN_PUSH(names.v, names.n, names.cap, gn_xstrdup(e->d_name));
    closedir(dp);
    if (names.n > 1)
      qsort(names.v, (size_t)names.n, sizeof *names.v, cmp_str);
    for (int i = 0; i < names.n; i++) {
      char *p = gn_xasprintf("%s/%s", argv[a], names.v[i]);
      if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
        errors += run_file(p);
        inputs++;
      }
      free(p);
      free(names.v[i]);
    }
    free(names.v);
  }
  printf("replayed %d input%s, %d unreadable\n", inputs, inputs == 1 ? "" : "s", errors);
  return errors || inputs == 0 ? 1 : 0;
}
