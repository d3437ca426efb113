/* test-load.c — the loader through the text-dump sink: loading the fixture
 * content in tests/fixtures/mini and emitting it must give exactly
 * tests/fixtures/mini.dump (records in reading order, the derived tree,
 * counterparts and every link), and the emit order and the sink contract
 * (a sink that stops, a sink with missing callbacks) hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content.h"
#include "dump.h"
#include "load.h"
#include "testlib.h"
#include "util.h"

typedef struct counter {
  int nodes, links, stop_after;
  gn_buf order;
} counter;

static int count_node(void *ctx, const gn_node *n)
{
  counter *c = ctx;
  gn_buf_printf(&c->order, "%s ", n->id);
  return ++c->nodes == c->stop_after;
}

static int count_link(void *ctx, const char *src, const char *dst, const char *rel)
{
  (void)src;
  (void)dst;
  (void)rel;
  ((counter *)ctx)->links++;
  return 0;
}

int main(void)
{
  const char *src = getenv("SOURCE_ROOT");
  char *dir = gn_xasprintf("%s/tests/fixtures/mini", src ? src : "..");
  char *golden_path = gn_xasprintf("%s/tests/fixtures/mini.dump", src ? src : "..");
  gn_content c;
  gn_content_init(&c);
  gn_diags d = {0};
  CHECK(gn_load_dir(dir, &c, &d) == 0);
  CHECK(gn_check(&c, &d) == 0);
  CHECK(d.n == 0);
  CHECK(c.nfiles == 4 && c.nnodes == 12 && c.norder == 12);

  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  gn_sink s = gn_dump_sink(f);
  CHECK(gn_content_emit(&c, &s) == 0);
  fclose(f);
  char *golden = test_read(golden_path, NULL);
  CHECK(golden != NULL);
  if (golden && strcmp(buf, golden) != 0) {
    t_fail++;
    fprintf(stderr, "dump differs from %s; got:\n%s", golden_path, buf);
  }

  /* Only the callbacks that are set are called; order is reading order. */
  counter k = {0};
  gn_sink partial = {&k, NULL, count_node, NULL, NULL, NULL, NULL, NULL, count_link, NULL};
  CHECK(gn_content_emit(&c, &partial) == 0);
  CHECK(k.nodes == 12);
  CHECK(k.links == 9);
  CHECK(!strncmp(k.order.s, "v2 v2.kihon v2.kihon.5 v2.taisaku v2.taisaku.5 ", 46));
  gn_buf_free(&k.order);
  /* A sink that returns non-zero stops the walk. */
  counter stop = {0};
  stop.stop_after = 3;
  gn_sink stopping = {&stop, NULL, count_node, NULL, NULL, NULL, NULL, NULL, count_link, NULL};
  CHECK(gn_content_emit(&c, &stopping) == 1);
  CHECK(stop.nodes == 3 && stop.links == 0);
  gn_buf_free(&stop.order);

  /* The hash covers names and bytes: the same content, the same hash. */
  gn_content c2;
  gn_content_init(&c2);
  gn_load_dir(dir, &c2, &d);
  CHECK(c.hash == c2.hash && strlen(c.hash_hex) == 16);
  gn_content_free(&c2);

  /* gn_load_mem: the same bytes under the same names load the same model. */
  {
    static const char *const names[] = {"guideline.yaml", "more.yaml", "v2.yaml", "v3.yaml"};
    gn_content c3;
    gn_content_init(&c3);
    gn_diags d3 = {0};
    int errs = 0;
    for (int i = 0; i < 4; i++) {
      char *path = gn_xasprintf("%s/%s", dir, names[i]);
      size_t n = 0;
      char *text = test_read(path, &n);
      CHECK(text != NULL);
      errs += gn_load_mem(path, text, n, &c3, &d3);
      free(text);
      free(path);
    }
    CHECK(errs == 0 && gn_check(&c3, &d3) == 0 && d3.n == 0);
    CHECK(c3.hash == c.hash && c3.bytes == c.bytes);
    char *buf3 = NULL;
    size_t len3 = 0;
    FILE *f3 = open_memstream(&buf3, &len3);
    gn_sink s3 = gn_dump_sink(f3);
    CHECK(gn_content_emit(&c3, &s3) == 0);
    fclose(f3);
    CHECK(buf && buf3 && !strcmp(buf, buf3));
    free(buf3);
    gn_content_free(&c3);
    gn_diags_free(&d3);

    /* bytes are checked as a file's are: an embedded NUL at its line:column;
     * NULL reads as an empty file */
    gn_content_init(&c3);
    CHECK(gn_load_mem("mem.yaml", "terms:\n  - x\0y\n", 15, &c3, &d3) == 1);
    CHECK(d3.n == 1 && d3.v[0].line == 2 && d3.v[0].col == 6 && !strcmp(d3.v[0].file, "mem.yaml"));
    CHECK(c3.incomplete == 1);
    gn_diags_free(&d3);
    CHECK(gn_load_mem("empty.yaml", NULL, 0, &c3, &d3) == 0 && d3.n == 0 && c3.nfiles == 2);
    gn_content_free(&c3);
    gn_diags_free(&d3);
  }

  free(golden);
  free(buf);
  gn_diags_free(&d);
  gn_content_free(&c);
  free(dir);
  free(golden_path);
  return test_done();
}
