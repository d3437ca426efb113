/* cli.c — see cli.h. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "build.h"
#include "check.h"
#include "config.h"
#include "dump.h"
#include "jatok.h"
#include "load.h"
#include "msg.h"
#include "nav.h"
#include "schema.h"
#include "search.h"
#include "util.h"

#include <sqlite3.h>

enum { FMT_TEXT, FMT_JSON };

typedef struct opts {
  const char *cmd;
  char **args;            /* operands after the command */
  int nargs;
  const char *db, *state, *content, *out, *depfile;
  int format;
  long limit;             /* 0 = no limit */
  int volume;
  int help, version, dump, keys_roff;
} opts;

/* ---- output ---------------------------------------------------------- */

/* Write text, replacing any control character but LF and TAB by U+FFFD, so
 * that nothing read from an index can drive the terminal. */
static void out_n(const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, run = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode(p + i, n - i, &cp);
    if (k && !gn_is_forbidden_control(cp)) {
      i += (size_t)k;
      continue;
    }
    fwrite(p + run, 1, i - run, stdout);
    fputs("\xEF\xBF\xBD", stdout);
    i += k ? (size_t)k : 1;
    run = i;
  }
  fwrite(p + run, 1, n - run, stdout);
}

static void out(const char *s)
{
  if (s)
    out_n(s, strlen(s));
}

static void outf(const char *fmt, const char *s)
{
  /* fmt holds exactly one %s */
  const char *p = strstr(fmt, "%s");
  fwrite(fmt, 1, (size_t)(p - fmt), stdout);
  out(s);
  fputs(p + 2, stdout);
}

static int print_json(const char *json, void *ctx)
{
  (void)ctx;
  fputs(json, stdout);
  fputc('\n', stdout);
  return 0;
}

/* ---- usage ----------------------------------------------------------- */

typedef struct cmdinfo {
  const char *name, *synopsis, *text;
} cmdinfo;

static const cmdinfo cmds[] = {
  {"open", "guidenav [open [ID|CITATION]]",
   "Open the interactive navigator (needs a UTF-8 terminal), at ID or at the last position."},
  {"build", "guidenav build [-c DIR] [-o FILE] [--depfile FILE]",
   "Validate the content in DIR (default: content) and write the index to FILE\n"
   "atomically (default: the index guidenav opens).  A failed build leaves FILE untouched."},
  {"check", "guidenav check [-c DIR] [--dump]",
   "Validate the content in DIR only; --dump prints the loaded model as text."},
  {"toc", "guidenav toc [ID|CITATION]",
   "The tree below a node (all volumes by default), one line or object per node."},
  {"show", "guidenav show ID|CITATION",
   "One node, revision point, checklist, item or term, with its path, body and links.\n"
   "Citations: 「第3編 5.1」, 「3-5.1」, 「v3 5.1」, 「第2編 基本方針 5」; full-width digits work.\n"
   "An ambiguous citation lists the candidates and exits 2."},
  {"search", "guidenav search [--limit N] [--volume N] QUERY...",
   "Hits in full rank order, each with a snippet.  Terms are ANDed; \"a phrase\"; OR;\n"
   "-term excludes; vol:N and kind:node|point|item|term filter.  Exit 1 when nothing matches."},
  {"refs", "guidenav refs ID|CITATION",
   "The links of a record, one per line: direction (out/in), relation, the other end."},
  {"points", "guidenav points [ID|CITATION]",
   "Revision points, or those touching a node."},
  {"checklist", "guidenav checklist list | guidenav checklist show CHECKLIST",
   "Checklists; one checklist's items."},
};

static void usage(FILE *f)
{
  fputs("usage: guidenav [OPTIONS] [COMMAND [ARGS]]\n\n"
        "A navigator for 総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」.\n"
        "The bundled text is a structured summary, not the official text.\n\n"
        "Commands:\n", f);
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    fprintf(f, "  %s\n", cmds[i].synopsis);
  fputs("\nOptions (before the command or anywhere after it):\n"
        "  --db FILE        the index (default: $GUIDENAV_DB, else guideline.db beside the\n"
        "                   program, else " GN_DATADIR "/guideline.db)\n"
        "  --state FILE     user state (default: $GUIDENAV_STATE, else\n"
        "                   $XDG_STATE_HOME/guidenav/state.db)\n"
        "  --format text|json  text (default) or JSON Lines\n"
        "  --limit N        at most N results (search)\n"
        "  --volume N       only volume N (search)\n"
        "  -h, --help       help (after a command: that command's help)\n"
        "  --version        version\n\n"
        "Exit status: 0 done, 1 nothing found, 2 usage or content error, 3 I/O or database error.\n"
        "See guidenav(1) and guidenav-content(5).\n", f);
}

static const cmdinfo *find_cmd(const char *name)
{
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (!strcmp(cmds[i].name, name))
      return &cmds[i];
  return NULL;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fputs("guidenav: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry 'guidenav --help'.\n", stderr);
  return GN_EUSAGE;
}

/* ---- argument parsing ------------------------------------------------ */

static int parse_long(const char *s, long lo, long hi, long *v)
{
  char *end;
  errno = 0;
  long x = strtol(s, &end, 10);
  if (!*s || *end || errno || x < lo || x > hi)
    return 0;
  *v = x;
  return 1;
}

static int parse(int argc, char **argv, opts *o)
{
  memset(o, 0, sizeof *o);
  o->args = calloc((size_t)argc + 1, sizeof *o->args);
  if (!o->args)
    return GN_EIO;
  int only_operands = 0;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    const char *val = NULL;
    char name[32] = "";
    if (!only_operands && a[0] == '-' && a[1]) {
      if (!strcmp(a, "--")) {
        only_operands = 1;
        continue;
      }
      /* --name=value */
      const char *eq = strchr(a, '=');
      if (a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
        memcpy(name, a, (size_t)(eq - a));
        name[eq - a] = '\0';
        val = eq + 1;
      } else {
        snprintf(name, sizeof name, "%s", a);
      }
      static const char *const with_value[] = {"--db", "--state", "--format", "--limit", "--volume",
                                               "-c", "-o", "--depfile", NULL};
      static const char *const flags[] = {"--help", "-h", "--version", "--dump", "--keys-roff", NULL};
      int takes = -1;
      for (int k = 0; with_value[k]; k++)
        if (!strcmp(name, with_value[k]))
          takes = 1;
      for (int k = 0; flags[k]; k++)
        if (!strcmp(name, flags[k]))
          takes = 0;
      if (takes < 0) {
        /* In a search, an unknown dash word is query text (-term excludes). */
        if (o->cmd && !strcmp(o->cmd, "search")) {
          o->args[o->nargs++] = a;
          continue;
        }
        return usage_error("unknown option '%s'", a);
      }
      if (takes == 0) {
        if (val)
          return usage_error("option '%s' takes no value", name);
        if (!strcmp(name, "--help") || !strcmp(name, "-h"))
          o->help = 1;
        else if (!strcmp(name, "--version"))
          o->version = 1;
        else if (!strcmp(name, "--dump"))
          o->dump = 1;
        else
          o->keys_roff = 1;
        continue;
      }
      if (!val) {
        if (i + 1 >= argc)
          return usage_error("option '%s' needs a value", name);
        val = argv[++i];
      }
      if (!strcmp(name, "--db"))
        o->db = val;
      else if (!strcmp(name, "--state"))
        o->state = val;
      else if (!strcmp(name, "-c"))
        o->content = val;
      else if (!strcmp(name, "-o"))
        o->out = val;
      else if (!strcmp(name, "--depfile"))
        o->depfile = val;
      else if (!strcmp(name, "--format")) {
        if (!strcmp(val, "text"))
          o->format = FMT_TEXT;
        else if (!strcmp(val, "json"))
          o->format = FMT_JSON;
        else
          return usage_error("--format takes text or json, not '%s'", val);
      } else if (!strcmp(name, "--limit")) {
        if (!parse_long(val, 1, LONG_MAX, &o->limit))
          return usage_error("--limit takes a positive whole number, not '%s'", val);
      } else if (!strcmp(name, "--volume")) {
        long v;
        if (!parse_long(val, 1, 4, &v))
          return usage_error("--volume takes 1, 2, 3 or 4, not '%s'", val);
        o->volume = (int)v;
      }
      continue;
    }
    if (!o->cmd)
      o->cmd = a;
    else
      o->args[o->nargs++] = a;
  }
  return GN_OK;
}

/* ---- files ----------------------------------------------------------- */

static char *exe_dir_file(const char *name)
{
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  return gn_xasprintf("%s/%s", buf, name);
}

static char *default_db(const opts *o)
{
  if (o->db)
    return gn_xstrdup(o->db);
  const char *env = getenv("GUIDENAV_DB");
  if (env && *env)
    return gn_xstrdup(env);
  char *beside = exe_dir_file("guideline.db");
  if (beside && access(beside, F_OK) == 0)
    return beside;
  free(beside);
  return gn_xstrdup(GN_DATADIR "/guideline.db");
}

static char *default_state(const opts *o)
{
  if (o->state)
    return gn_xstrdup(o->state);
  const char *env = getenv("GUIDENAV_STATE");
  if (env && *env)
    return gn_xstrdup(env);
  const char *x = getenv("XDG_STATE_HOME");
  if (x && *x == '/')
    return gn_xasprintf("%s/guidenav/state.db", x);
  const char *h = getenv("HOME");
  if (h && *h)
    return gn_xasprintf("%s/.local/state/guidenav/state.db", h);
  return NULL;
}

static int open_db(const opts *o, gn_db **db)
{
  char *path = default_db(o);
  char *msg = NULL;
  int rc = gn_open(path, db, &msg);
  if (rc) {
    fprintf(stderr, "guidenav: %s\n", msg);
    free(msg);
  }
  free(path);
  return rc;
}

/* ---- build and check ------------------------------------------------- */

static int load_content(const opts *o, gn_content *c, gn_diags *d)
{
  const char *dir = o->content ? o->content : "content";
  gn_content_init(c);
  int errs = gn_load_dir(dir, c, d);
  errs += gn_check(c, d);
  if (errs || d->n) {
    gn_diags_print(d, stderr);
    fprintf(stderr, "guidenav: %d error%s in %s\n", d->n, d->n == 1 ? "" : "s", dir);
    return d->io ? GN_EIO : GN_EUSAGE;
  }
  return GN_OK;
}

static int cmd_check(const opts *o)
{
  gn_content c;
  gn_diags d = {0};
  int rc = load_content(o, &c, &d);
  if (rc == GN_OK) {
    if (o->dump) {
      gn_sink s = gn_dump_sink(stdout);
      gn_content_emit(&c, &s);
    } else {
      int np = 0, ni = 0;
      for (int i = 0; i < c.nmeetings; i++)
        np += c.meetings[i]->npoints;
      for (int i = 0; i < c.nchecklists; i++)
        ni += c.checklists[i]->nitems;
      size_t chars = 0;
      for (int i = 0; i < c.norder; i++)
        for (const char *p = c.order[i]->body; p && *p; p++)
          chars += ((unsigned char)*p & 0xC0) != 0x80;
      printf("ok: %d files, %d nodes (%zu characters of body text), %d revision points, "
             "%d checklist items, %d terms\n", c.nfiles, c.norder, chars, np, ni, c.nterms);
    }
  }
  gn_diags_free(&d);
  gn_content_free(&c);
  return rc;
}

static int cmd_build(const opts *o)
{
  gn_content c;
  gn_diags d = {0};
  int rc = load_content(o, &c, &d);
  if (rc == GN_OK) {
    char *outp = o->out ? gn_xstrdup(o->out) : default_db(o);
    gn_build_stats st;
    rc = gn_build_write(&c, outp, &st, &d);
    if (rc == GN_OK && o->depfile)
      rc = gn_build_depfile(&c, outp, o->depfile, &d);
    if (rc)
      gn_diags_print(&d, stderr);
    else
      fprintf(stderr, "guidenav: wrote %s: %d nodes, %d revision points, %d checklist items, %d terms, "
                      "%d links\n", outp, st.nodes, st.points, st.items, st.terms, st.links);
    free(outp);
  }
  gn_diags_free(&d);
  gn_content_free(&c);
  return rc;
}

/* ---- resolving ids and citations ------------------------------------- */

typedef struct cands {
  gn_rec first;
  int n;
} cands;

static int cand_cb(const gn_rec *r, void *ctx)
{
  cands *c = ctx;
  if (c->n++ == 0)
    gn_rec_copy(&c->first, r);
  return 0;
}

static int list_cand(const gn_rec *r, void *ctx)
{
  (void)ctx;
  fprintf(stderr, "  %-24s %s\n", r->id, r->path ? r->path : "");
  return 0;
}

/* Resolve an operand to one record id (malloc'd) or return an exit status. */
static int resolve(gn_db *db, const char *text, char **id)
{
  *id = NULL;
  cands c = {0};
  int n = gn_resolve(db, text, cand_cb, &c);
  if (n < 0) {
    fprintf(stderr, "guidenav: %s\n", gn_errmsg(db));
    return GN_EIO;
  }
  if (n == 0) {
    fprintf(stderr, "guidenav: nothing matches '%s'\n", text);
    return GN_NOTFOUND;
  }
  if (n > 1) {
    gn_rec_clear(&c.first);
    fprintf(stderr, "guidenav: '%s' is ambiguous; it may mean:\n", text);
    gn_resolve(db, text, list_cand, NULL);
    return GN_EUSAGE;
  }
  *id = gn_xstrdup(c.first.id);
  gn_rec_clear(&c.first);
  return GN_OK;
}

/* ---- toc, show, refs, points, checklist ------------------------------ */

typedef struct listctx {
  gn_db *db;
  int format;
  int n;
} listctx;

static void indent(int n)
{
  for (int i = 0; i < n; i++)
    fputs("  ", stdout);
}

static int toc_line(const gn_rec *r, void *ctx)
{
  listctx *l = ctx;
  l->n++;
  if (l->format == FMT_JSON)
    return gn_json_brief(l->db, r->id, print_json, NULL) == GN_EIO;
  indent(r->depth);
  if (r->number && *r->number) {
    out(r->number);
    fputc(' ', stdout);
  }
  out(r->title);
  if (r->npoints)
    fputs(" *", stdout);
  outf("  [%s]\n", r->id);
  return 0;
}

static int link_line(const gn_link *k, void *ctx)
{
  listctx *l = ctx;
  l->n++;
  if (l->format == FMT_JSON)
    return gn_json_link(l->db, k, print_json, NULL) == GN_EIO;
  printf("%-3s %-11s ", k->direction, k->relation);
  out(k->id);
  fputs("  ", stdout);
  if (k->number && *k->number) {
    out(k->number);
    fputc(' ', stdout);
  }
  out(k->title);
  fputc('\n', stdout);
  return 0;
}

static void print_body(const char *s)
{
  if (!s || !*s)
    return;
  out(s);
  if (s[strlen(s) - 1] != '\n')
    fputc('\n', stdout);
}

static int remark_line(const gn_remark *m, void *ctx)
{
  (void)ctx;
  printf("  %s%s: ", msg(!strcmp(m->role, "member") ? MSG_CLI_MEMBER : MSG_CLI_SECRETARIAT),
         m->inferred ? msg(MSG_CLI_INFERRED) : "");
  out(m->text);
  fputc('\n', stdout);
  return 0;
}

/* "label" then the value, then a newline. */
static void labelled(enum msg_id label, const char *value)
{
  fputs(msg(label), stdout);
  out(value);
  fputc('\n', stdout);
}

static int item_line(const gn_rec *r, void *ctx);

static void show_text(gn_db *db, const gn_rec *r)
{
  if (r->path && *r->path)
    outf("%s\n", r->path);
  if (r->number && *r->number && !strcmp(r->kind, "node")) {
    out(r->number);
    fputc(' ', stdout);
  }
  out(r->title);
  outf("  [%s]\n", r->id);
  if (!strcmp(r->kind, "node")) {
    fputs(msg(MSG_CLI_PROVENANCE), stdout);
    out(r->confidence);
    outf(", %s", r->edition);
    if (r->note && *r->note)
      outf(" — %s", r->note);
    fputs("\n\n", stdout);
    print_body(r->body);
  } else if (!strcmp(r->kind, "point")) {
    printf("%s第%d回 ", msg(MSG_CLI_MEETING), r->meeting_number);
    out(r->date);
    printf("  %s ", msg(MSG_CLI_POINT));
    out(r->number);
    printf("  %s", msg(MSG_CLI_DISPOSITION));
    out(msg_disposition(r->disposition));
    printf("  %s", msg(MSG_CLI_STATUS));
    out(msg_status(r->status));
    fputc('\n', stdout);
    if (r->agenda && *r->agenda)
      labelled(MSG_CLI_AGENDA, r->agenda);
    puts(msg(MSG_CLI_REMARKS));
    gn_remarks(db, r->id, remark_line, NULL);
    labelled(MSG_CLI_RESPONSE, r->response);
    if (r->outcome_text) {
      fputs(msg(MSG_CLI_OUTCOME), stdout);
      out(r->outcome_edition);
      outf(" (%s): ", r->outcome_confidence);
      out(r->outcome_text);
      fputc('\n', stdout);
    }
  } else if (!strcmp(r->kind, "item")) {
    labelled(MSG_CLI_NUMBER, r->number);
    if (r->guidance && *r->guidance) {
      fputs(msg(MSG_CLI_GUIDANCE), stdout);
      print_body(r->guidance);
    }
    if (r->evidence && *r->evidence)
      labelled(MSG_CLI_EVIDENCE, r->evidence);
    if (r->procedure && *r->procedure)
      labelled(MSG_CLI_PROCEDURE, r->procedure);
  } else if (!strcmp(r->kind, "term")) {
    labelled(MSG_CLI_READING, r->reading);
    fputc('\n', stdout);
    print_body(r->body && strchr(r->body, '\n') ? strchr(r->body, '\n') + 1 : r->body);
  } else {
    fputc('\n', stdout);
    print_body(r->body);
  }
  listctx l = {db, FMT_TEXT, 0};
  fputc('\n', stdout);
  puts(msg(MSG_CLI_LINKS));
  if (gn_refs(db, r->id, link_line, &l) == GN_NOTFOUND)
    puts(msg(MSG_CLI_NONE));
  if (!strcmp(r->kind, "node") && r->nchildren) {
    fputc('\n', stdout);
    puts(msg(MSG_CLI_ITEMS_BELOW));
    if (gn_items_for(db, r->id, item_line, &l) == GN_NOTFOUND)
      puts(msg(MSG_CLI_NONE));
  }
}

/* The operands joined by spaces: 「第3編 5.1」 may come as two words. */
static char *joined(const opts *o)
{
  gn_buf b = {0};
  for (int i = 0; i < o->nargs; i++) {
    if (i)
      gn_buf_puts(&b, " ");
    gn_buf_puts(&b, o->args[i]);
  }
  if (!b.s)
    gn_buf_puts(&b, "");
  return b.s;
}

static int resolve_operands(const opts *o, gn_db *db, char **id)
{
  char *text = joined(o);
  int rc = resolve(db, text, id);
  free(text);
  return rc;
}

static int cmd_show(const opts *o, gn_db *db)
{
  if (o->nargs < 1)
    return usage_error("show takes an id or a citation");
  char *id;
  int rc = resolve_operands(o, db, &id);
  if (rc)
    return rc;
  if (o->format == FMT_JSON) {
    rc = gn_json_rec(db, id, print_json, NULL);
  } else {
    gn_rec r;
    rc = gn_get(db, id, &r);
    if (rc == GN_OK)
      show_text(db, &r);
    gn_rec_clear(&r);
  }
  free(id);
  return rc;
}

static int cmd_toc(const opts *o, gn_db *db)
{
  char *id = NULL;
  if (o->nargs) {
    int rc = resolve_operands(o, db, &id);
    if (rc)
      return rc;
  }
  listctx l = {db, o->format, 0};
  int rc = gn_toc(db, id, toc_line, &l);
  if (rc == GN_NOTFOUND && id) {
    fprintf(stderr, "guidenav: '%s' is not a guideline node\n", id);
  }
  free(id);
  return rc;
}

static int cmd_refs(const opts *o, gn_db *db)
{
  if (o->nargs < 1)
    return usage_error("refs takes an id or a citation");
  char *id;
  int rc = resolve_operands(o, db, &id);
  if (rc)
    return rc;
  listctx l = {db, o->format, 0};
  rc = gn_refs(db, id, link_line, &l);
  free(id);
  return rc == GN_OK && l.n == 0 ? GN_NOTFOUND : rc;   /* no link: nothing found */
}

static int point_line(const gn_rec *r, void *ctx)
{
  listctx *l = ctx;
  l->n++;
  if (l->format == FMT_JSON)
    return gn_json_brief(l->db, r->id, print_json, NULL) == GN_EIO;
  out(r->id);
  outf("  [%s] ", r->disposition);
  out(r->title);
  fputc('\n', stdout);
  return 0;
}

static int point_nodes(const gn_link *k, void *ctx)
{
  (void)ctx;
  if (strcmp(k->relation, "revision") || strcmp(k->direction, "out"))
    return 0;
  fputs("    → ", stdout);
  out(k->id);
  fputc('\n', stdout);
  return 0;
}

static int point_line_full(const gn_rec *r, void *ctx)
{
  listctx *l = ctx;
  point_line(r, ctx);
  if (l->format == FMT_TEXT)
    gn_refs(l->db, r->id, point_nodes, NULL);
  return 0;
}

/* A meeting lists its own points; a point, itself. */
typedef struct pointsel {
  listctx l;
  const char *meeting, *point;
} pointsel;

static int point_selected(const gn_rec *r, void *ctx)
{
  pointsel *p = ctx;
  if (p->meeting && (!r->parent_id || strcmp(r->parent_id, p->meeting)))
    return 0;
  if (p->point && strcmp(r->id, p->point))
    return 0;
  return point_line_full(r, &p->l);
}

static int cmd_points(const opts *o, gn_db *db)
{
  char *id = NULL;
  pointsel p = {{db, o->format, 0}, NULL, NULL};
  int rc;
  if (o->nargs) {
    rc = resolve_operands(o, db, &id);
    if (rc)
      return rc;
    gn_rec r;
    rc = gn_get(db, id, &r);
    if (rc == GN_OK && !strcmp(r.kind, "meeting"))
      p.meeting = id;
    else if (rc == GN_OK && !strcmp(r.kind, "point"))
      p.point = id;
    gn_rec_clear(&r);
    if (rc == GN_EIO) {
      free(id);
      return rc;
    }
  }
  if (p.meeting || p.point)
    rc = gn_points(db, NULL, point_selected, &p);
  else
    rc = gn_points(db, id, point_line_full, &p.l);
  free(id);
  if (rc == GN_OK && p.l.n == 0)
    rc = GN_NOTFOUND;   /* the record exists; no point touches it */
  return rc;
}

/* "id  title" per record, or the record's JSON line. */
static int item_line(const gn_rec *r, void *ctx)
{
  listctx *l = ctx;
  l->n++;
  if (l->format == FMT_JSON)
    return gn_json_brief(l->db, r->id, print_json, NULL) == GN_EIO;
  out(r->id);
  fputs("  ", stdout);
  out(r->title);
  fputc('\n', stdout);
  return 0;
}

static int cmd_checklist(const opts *o, gn_db *db)
{
  listctx l = {db, o->format, 0};
  if (o->nargs == 1 && !strcmp(o->args[0], "list"))
    return gn_checklists(db, item_line, &l);
  if (o->nargs == 2 && !strcmp(o->args[0], "show")) {
    gn_rec r;
    int rc = gn_get(db, o->args[1], &r);
    int ok = rc == GN_OK && !strcmp(r.kind, "checklist");
    gn_rec_clear(&r);
    if (rc == GN_EIO)
      return rc;
    if (!ok) {
      fprintf(stderr, "guidenav: no checklist '%s' (see: guidenav checklist list)\n", o->args[1]);
      return GN_NOTFOUND;
    }
    return gn_items(db, o->args[1], item_line, &l) == GN_EIO ? GN_EIO : GN_OK;
  }
  return usage_error("usage: guidenav checklist list | guidenav checklist show CHECKLIST");
}

/* ---- search ---------------------------------------------------------- */

typedef struct searchctx {
  gn_db *db;
  int format;
  int tty;
} searchctx;

static int hit_line(const gn_hit *h, void *ctx)
{
  searchctx *s = ctx;
  if (s->format == FMT_JSON)
    return gn_json_hit(gn_sqlite(s->db), h, print_json, NULL) == GN_EIO;
  out(h->id);
  outf("  %s  ", h->kind);
  out(h->path && *h->path ? h->path : h->title);
  /* A node's path ends with its own number and title; others add theirs. */
  if (strcmp(h->kind, "node") != 0 && h->path && *h->path) {
    fputs(" › ", stdout);
    out(h->title);
  }
  fputc('\n', stdout);
  if (h->snippet && *h->snippet) {
    /* The markers are ours; the snippet text around them is sanitised. */
    const char *open = s->tty ? "\x1b[7m" : "【", *close = s->tty ? "\x1b[27m" : "】";
    size_t at = 0;
    fputs("    ", stdout);
    for (size_t i = 0; i < h->nmatches; i++) {
      out_n(h->snippet + at, h->matches[i].start - at);
      fputs(open, stdout);
      out_n(h->snippet + h->matches[i].start, h->matches[i].end - h->matches[i].start);
      fputs(close, stdout);
      at = h->matches[i].end;
    }
    out(h->snippet + at);
    fputc('\n', stdout);
  }
  return 0;
}

static int cmd_search(const opts *o, gn_db *db)
{
  gn_buf q = {0};
  for (int i = 0; i < o->nargs; i++) {
    if (i)
      gn_buf_puts(&q, " ");
    gn_buf_puts(&q, o->args[i]);
  }
  if (!q.s)
    gn_buf_puts(&q, "");
  const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
  searchctx s = {db, o->format,
                 isatty(1) && !(nc && *nc) && term && strcmp(term, "dumb") != 0};
  gn_search_opts so = {0};
  so.limit = o->limit > 1000000000 ? 1000000000 : (int)o->limit;
  so.volume = o->volume;
  so.ranked = 1;
  int rc = gn_search(gn_sqlite(db), q.s, &so, hit_line, &s);
  if (rc == GN_EIO)
    fprintf(stderr, "guidenav: database error: %s\n", sqlite3_errmsg(gn_sqlite(db)));
  gn_buf_free(&q);
  return rc;
}

/* ---- the navigator --------------------------------------------------- */

static int cmd_open(const opts *o, gn_db *db)
{
  char *state = default_state(o);
  char *path = default_db(o);
  char *start = o->nargs ? joined(o) : NULL;
  nav_opts no = {db, path, state, start};
  int rc = nav_run(&no);
  free(start);
  free(state);
  free(path);
  return rc;
}

/* ---- dispatch -------------------------------------------------------- */

int cli_main(int argc, char **argv)
{
  opts o;
  msg_init();
  int rc = parse(argc, argv, &o);
  if (rc) {
    free(o.args);
    return rc;
  }
  if (o.version) {
    printf("guidenav %s (index schema %d, tokenizer %d, SQLite %s)\n", GN_VERSION, GN_SCHEMA_VERSION,
           GN_JATOK_VERSION, sqlite3_libversion());
    free(o.args);
    return GN_OK;
  }
  if (o.keys_roff) {
    nav_print_keys(stdout, 1);
    free(o.args);
    return GN_OK;
  }
  const char *cmd = o.cmd ? o.cmd : "open";
  if (!strcmp(cmd, "help")) {
    o.help = 1;
    cmd = o.nargs ? o.args[0] : "open";
    if (!o.nargs)
      o.cmd = NULL;
  }
  const cmdinfo *ci = find_cmd(cmd);
  if (!ci && strcmp(cmd, "checklist")) {
    free(o.args);
    return usage_error("unknown command '%s'", cmd);
  }
  if (o.help) {
    if (o.cmd && ci) {
      printf("usage: %s\n\n%s\n", ci->synopsis, ci->text);
      if (!strcmp(cmd, "open")) {
        fputs("\nKeys:\n", stdout);
        nav_print_keys(stdout, 0);
      }
    } else {
      usage(stdout);
    }
    free(o.args);
    return GN_OK;
  }
  if (!strcmp(cmd, "build")) {
    rc = o.nargs ? usage_error("build takes no operands (use -c DIR and -o FILE)") : cmd_build(&o);
  } else if (!strcmp(cmd, "check")) {
    rc = o.nargs ? usage_error("check takes no operands (use -c DIR)") : cmd_check(&o);
  } else {
    gn_db *db = NULL;
    rc = open_db(&o, &db);
    if (rc == GN_OK) {
      if (!strcmp(cmd, "open"))
        rc = cmd_open(&o, db);
      else if (!strcmp(cmd, "toc"))
        rc = cmd_toc(&o, db);
      else if (!strcmp(cmd, "show"))
        rc = cmd_show(&o, db);
      else if (!strcmp(cmd, "search"))
        rc = cmd_search(&o, db);
      else if (!strcmp(cmd, "refs"))
        rc = cmd_refs(&o, db);
      else if (!strcmp(cmd, "points"))
        rc = cmd_points(&o, db);
      else
        rc = cmd_checklist(&o, db);
      gn_close(db);
    }
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    if (rc == GN_OK || rc == GN_NOTFOUND)
      fprintf(stderr, "guidenav: cannot write the output: %s\n", strerror(errno));
    rc = GN_EIO;
  }
  free(o.args);
  return rc;
}
