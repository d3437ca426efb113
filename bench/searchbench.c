/* searchbench.c — in-process search latency over an index (benchmark only).
 *
 *   searchbench DB REPS QUERYFILE
 *
 * Opens DB with gn_open (read-only, tokenizer registered, version checked),
 * then for every query of QUERYFILE (one per line, UTF-8) runs gn_search
 * REPS times in each of two modes, after one warm-up run:
 *   first — the first page for as-you-type use: limit 20, ranked = 0;
 *   rank  — the full ranking: limit 20, ranked = 1 (every match scored);
 * both with snippets and match offsets, as the navigator and the CLI get
 * them.  Prints one line per query:
 *   Q <query> <hits> <first p50 ms> <first p99 ms> <rank p50 ms> <rank p99 ms>
 * and one summary line over all samples of all queries:
 *   ALL <first p50> <first p99> <rank p50> <rank p99> <samples per mode>
 * Built by bench/run against BUILD_DIR/index/libguidenav.a.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "api.h"
#include "search.h"

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n). */
static double pct(const double *v, size_t n, double p)
{
  if (n == 0)
    return 0;
  size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
  if (k < 1)
    k = 1;
  if (k > n)
    k = n;
  return v[k - 1];
}

static int sink(const gn_hit *h, void *ctx)
{
  size_t *bytes = ctx;
  *bytes += strlen(h->snippet) + h->nmatches;
  return 0;
}

static double run(sqlite3 *db, const char *q, int ranked, size_t *bytes, int *status)
{
  gn_search_opts o = { 20, 0, 0, ranked };
  double t0 = now_ms();
  *status = gn_search(db, q, &o, sink, bytes);
  return now_ms() - t0;
}

int main(int argc, char **argv)
{
  if (argc != 4) {
    fprintf(stderr, "usage: searchbench DB REPS QUERYFILE\n");
    return 2;
  }
  int reps = atoi(argv[2]);
  if (reps < 1)
    reps = 1;
  gn_db *g;
  char *msg = NULL;
  if (gn_open(argv[1], &g, &msg) != GN_OK) {
    fprintf(stderr, "searchbench: %s\n", msg ? msg : "cannot open");
    return 3;
  }
  sqlite3 *db = gn_sqlite(g);
  FILE *f = fopen(argv[3], "r");
  if (!f) {
    perror(argv[3]);
    return 3;
  }
  char **qs = NULL;
  size_t nq = 0, cap = 0;
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (!*line)
      continue;
    if (nq == cap) {
      cap = cap ? cap * 2 : 64;
      qs = realloc(qs, cap * sizeof *qs);
    }
    qs[nq++] = strdup(line);
  }
  fclose(f);
  double *allf = malloc(nq * (size_t)reps * sizeof *allf);
  double *allr = malloc(nq * (size_t)reps * sizeof *allr);
  double *tf = malloc((size_t)reps * sizeof *tf), *tr = malloc((size_t)reps * sizeof *tr);
  size_t na = 0, bytes = 0;
  for (size_t i = 0; i < nq; i++) {
    int st;
    run(db, qs[i], 0, &bytes, &st);   /* warm-up */
    run(db, qs[i], 1, &bytes, &st);
    if (st == GN_EIO) {
      fprintf(stderr, "searchbench: %s: %s\n", qs[i], sqlite3_errmsg(db));
      return 3;
    }
    for (int r = 0; r < reps; r++) {
      tf[r] = run(db, qs[i], 0, &bytes, &st);
      tr[r] = run(db, qs[i], 1, &bytes, &st);
      allf[na] = tf[r];
      allr[na] = tr[r];
      na++;
    }
    int64_t hits = 0;
    gn_search_count(db, qs[i], NULL, &hits);
    qsort(tf, (size_t)reps, sizeof *tf, cmp_d);
    qsort(tr, (size_t)reps, sizeof *tr, cmp_d);
    printf("Q\t%s\t%lld\t%.3f\t%.3f\t%.3f\t%.3f\n", qs[i], (long long)hits,
           pct(tf, (size_t)reps, 50), pct(tf, (size_t)reps, 99), pct(tr, (size_t)reps, 50),
           pct(tr, (size_t)reps, 99));
  }
  qsort(allf, na, sizeof *allf, cmp_d);
  qsort(allr, na, sizeof *allr, cmp_d);
  printf("ALL\t%.3f\t%.3f\t%.3f\t%.3f\t%zu\n", pct(allf, na, 50), pct(allf, na, 99),
         pct(allr, na, 50), pct(allr, na, 99), na);
  for (size_t i = 0; i < nq; i++)
    free(qs[i]);
  free(qs);
  free(allf);
  free(allr);
  free(tf);
  free(tr);
  gn_close(g);
  return bytes == 0 ? 1 : 0;
}
