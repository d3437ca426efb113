/* testlib.h — the smallest test harness: CHECK() records a failure with
 * its line and goes on; test_done() prints "N passed, N failed" and returns
 * the exit status.  Also helpers to write fixture files into a temporary
 * folder and to capture a FILE* as a string. */
#ifndef GN_TESTLIB_H
#define GN_TESTLIB_H

#include <stdio.h>
#include <string.h>

extern int t_pass, t_fail;

#define CHECK(cond)                                                         \
  do {                                                                      \
    if (cond) {                                                             \
      t_pass++;                                                             \
    } else {                                                                \
      t_fail++;                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                       \
  } while (0)

/* CHECK with a printf message saying what was wrong. */
#define CHECKF(cond, ...)                                                   \
  do {                                                                      \
    if (cond) {                                                             \
      t_pass++;                                                             \
    } else {                                                                \
      t_fail++;                                                             \
      fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);                 \
      fprintf(stderr, __VA_ARGS__);                                         \
      fputc('\n', stderr);                                                  \
    }                                                                       \
  } while (0)

#define CHECK_STR(got, want)                                                \
  do {                                                                      \
    const char *g_ = (got), *w_ = (want);                                   \
    if (g_ && w_ && !strcmp(g_, w_)) {                                      \
      t_pass++;                                                             \
    } else {                                                                \
      t_fail++;                                                             \
      fprintf(stderr, "%s:%d: %s\n  got:  %s\n  want: %s\n", __FILE__, __LINE__, #got, \
              g_ ? g_ : "(null)", w_ ? w_ : "(null)");                      \
    }                                                                       \
  } while (0)

int test_done(void);
/* A fresh empty folder under $TMPDIR (or /tmp); malloc'd path. */
char *test_tmpdir(void);
/* Write text to dir/name (creating sub-folders); returns 0 on success. */
int test_write(const char *dir, const char *name, const char *text, size_t len);
/* Remove a folder made by test_tmpdir, recursively. */
void test_rmtree(const char *dir);
/* The whole content of a file, malloc'd (NULL if unreadable); length in *n. */
char *test_read(const char *path, size_t *n);

#endif
