/* testlib.c — see testlib.h. */
#include "testlib.h"

#include <errno.h>
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int t_pass, t_fail;

int test_done(void)
{
  printf("%d passed, %d failed\n", t_pass, t_fail);
  return t_fail ? 1 : 0;
}

char *test_tmpdir(void)
{
  const char *base = getenv("TMPDIR");
  char buf[4096];
  snprintf(buf, sizeof buf, "%s/guidenav-test-XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(buf)) {
    perror("mkdtemp");
    exit(99);
  }
  return strdup(buf);
}

int test_write(const char *dir, const char *name, const char *text, size_t len)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  for (char *p = path + strlen(dir) + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(path, 0700);
      *p = '/';
    }
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  fwrite(text, 1, len, f);
  return fclose(f);
}

void test_rmtree(const char *dir)
{
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
        continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      struct stat st;
      if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
        test_rmtree(path);
      else
        unlink(path);
    }
    closedir(d);
  }
  rmdir(dir);
}

char *test_read(const char *path, size_t *n)
{
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, len = 0;
  char *s = malloc(cap);
  size_t k;
  while ((k = fread(s + len, 1, cap - len - 1, f)) > 0) {
    len += k;
    if (cap - len < 2) {
      cap *= 2;
      s = realloc(s, cap);
    }
  }
  fclose(f);
  s[len] = '\0';
  if (n)
    *n = len;
  return s;
}
