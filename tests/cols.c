/* cols.c — a display-width checker for the CLI tests: `cols MAX [FILE...]`
 * reads text (standard input when no FILE) and prints every line wider
 * than MAX columns, with its number and width; exits 1 if there was one,
 * 0 if not, 2 on a usage or read error.  `cols -w` prints the width of the
 * widest line instead.
 *
 * Widths: the C library's wcwidth in the caller's locale (the tests pin
 * C.UTF-8), with East Asian Ambiguous characters counted as two, as a
 * Japanese terminal draws them; a character wcwidth cannot measure counts
 * two.  This is deliberately not the program's own width table, so the
 * check does not simply agree with what it checks. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util.h"
#include "wrap.h"

static int line_width(const char *s, size_t n)
{
  int w = 0;
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k <= 0) {
      w += 2;
      i++;
      continue;
    }
    i += (size_t)k;
    int cw = wcwidth((wchar_t)cp);
    if (cw < 0)
      cw = 2;
    if (cw == 1 && wrap_ambiguous(cp))
      cw = 2;
    w += cw;
  }
  return w;
}

static int check(FILE *f, const char *name, long max, int *widest)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long no = 0;
  int over = 0;
  while ((len = getline(&line, &cap, f)) >= 0) {
    no++;
    if (len > 0 && line[len - 1] == '\n')
      line[--len] = '\0';
    int w = line_width(line, (size_t)len);
    if (w > *widest)
      *widest = w;
    if (max >= 0 && w > max) {
      printf("%s:%ld: %d columns: %s\n", name, no, w, line);
      over = 1;
    }
  }
  free(line);
  return over;
}

int main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  if (argc < 2) {
    fputs("usage: cols MAX|-w [FILE...]\n", stderr);
    return 2;
  }
  long max = -1;
  if (strcmp(argv[1], "-w") != 0) {
    char *end;
    max = strtol(argv[1], &end, 10);
    if (*end || max < 0) {
      fputs("cols: MAX must be a number\n", stderr);
      return 2;
    }
  }
  int over = 0, widest = 0;
  if (argc == 2) {
    over = check(stdin, "-", max, &widest);
  } else {
    for (int i = 2; i < argc; i++) {
      FILE *f = fopen(argv[i], "r");
      if (!f) {
        perror(argv[i]);
        return 2;
      }
      over |= check(f, argv[i], max, &widest);
      fclose(f);
    }
  }
  if (max < 0)
    printf("%d\n", widest);
  return over;
}
