/* fuzz.h — what the fuzz targets share.
 *
 * Each fuzz/fuzz-TARGET.c defines LLVMFuzzerTestOneInput.  Built with
 * clang and -Dfuzz=true it is linked with libFuzzer; in every build it is
 * also linked with replay.c, whose main() runs the files of
 * fuzz/corpus/TARGET/ through it (the 'fuzz' test suite).
 *
 * FUZZ_CHECK states an invariant that the library promises in its headers;
 * a broken one prints what was expected and aborts, which libFuzzer reports
 * as a crash and the replay test as a failure.  (Not assert(): it must hold
 * in NDEBUG builds too.)
 */
#ifndef GN_FUZZ_H
#define GN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                  \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: invariant failed: %s\n  ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* data[0..size) as a NUL-terminated string (malloc'd; it ends at the first
 * NUL byte of data as far as C string functions go). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
  char *s = gn_xmalloc(size + 1);
  if (size)
    memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

/* The character boundaries of s[0..n) as the library decodes it (a valid
 * UTF-8 sequence is one character, any other byte is one on its own):
 * b[i] is 1 when a character starts at i; b[n] is 1.  malloc'd. */
static inline unsigned char *fuzz_boundaries(const char *s, size_t n)
{
  unsigned char *b = gn_xcalloc(n + 1, 1);
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    b[i] = 1;
    i += k > 0 ? (size_t)k : 1;
  }
  b[n] = 1;
  return b;
}

/* s[0..n) is valid UTF-8. */
static inline int fuzz_valid_utf8(const char *s, size_t n)
{
  return gn_utf8_invalid_at(s, n) == (size_t)-1;
}

/* s[0..n) is valid UTF-8 with nothing that must not reach a terminal. */
static inline int fuzz_terminal_safe(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k == 0 || gn_is_forbidden_control(cp))
      return 0;
    i += (size_t)k;
  }
  return 1;
}

#endif
