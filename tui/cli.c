/* cli.c — see cli.h. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

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
#include "state.h"
#include "util.h"
#include "walk.h"
#include "wrap.h"

#include <sqlite3.h>

enum { FMT_TEXT, FMT_JSON };

typedef struct opts {
  const char *cmd;
  char **args;            /* operands after the command */
  int nargs;
  const char *db, *state, *content, *out, *depfile;
  const char *format_name; /* as given; checked once the command is known */
  int format;
  long limit;             /* 0 = no limit */
  int volume;
  int help, version, dump, keys_roff;
  const char *name, *note; /* walk new --name, walk set --note (NULL: not given) */
  int force;              /* walk export --force */
} opts;

/* ---- output ---------------------------------------------------------- */

/* Write text to f, replacing any control character but LF and TAB by
 * U+FFFD, so that nothing read from an index (or typed) can drive the
 * terminal. */
static void clean_n(FILE *f, const char *s, size_t n)
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
    fwrite(p + run, 1, i - run, f);
    fputs("\xEF\xBF\xBD", f);
    i += k ? (size_t)k : 1;
    run = i;
  }
  fwrite(p + run, 1, n - run, f);
}

static void out_n(const char *s, size_t n)
{
  clean_n(stdout, s, n);
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
  {"walk", "guidenav walk new CHECKLIST [--name NAME] | walk list | walk show WALK\n"
           "  guidenav walk set WALK ITEM STATUS [--note TEXT]\n"
           "  guidenav walk export WALK --format csv|md|json -o FILE [--force]",
   "Checklist walkthroughs, kept in the state file.\n"
   "  new      start a walkthrough of CHECKLIST; prints its id (w1, w2, ...)\n"
   "  list     the walkthroughs: id, checklist, counts per status, stale answers, name\n"
   "  show     one walkthrough's items: status mark, number, question, note, stale\n"
   "  set      record an answer; ITEM is an item id or its number in the checklist;\n"
   "           --note TEXT sets the note (\"\" clears it; kept when not given)\n"
   "  export   the report, written atomically to FILE (- for standard output);\n"
   "           an existing FILE is replaced only with --force\n"
   "Statuses: unreviewed (・ 未確認), compliant (○ o 適合), partial (△ ^ 一部適合),\n"
   "noncompliant (× x 不適合), na (－ - 該当なし: needs a note saying why).\n"
   "An answer is stale when its item has changed in the index since, or is gone.\n"
   "Names and notes are one line: control characters are refused."},
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
        "  --format text|json  text (default) or JSON Lines (walk export: csv, md or json)\n"
        "  --limit N        at most N results (search)\n"
        "  --volume N       only volume N (search)\n"
        "  -o FILE          the index (build), the report (walk export; - for stdout)\n"
        "  --force          let walk export replace an existing FILE\n"
        "  --name NAME      a new walkthrough's name (walk new)\n"
        "  --note TEXT      an answer's note (walk set; \"\" clears it)\n"
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
                                               "-c", "-o", "--depfile", "--name", "--note", NULL};
      static const char *const flags[] = {"--help", "-h", "--version", "--dump", "--keys-roff",
                                          "--force", NULL};
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
        else if (!strcmp(name, "--force"))
          o->force = 1;
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
      else if (!strcmp(name, "--name"))
        o->name = val;
      else if (!strcmp(name, "--note"))
        o->note = val;
      else if (!strcmp(name, "--format")) {
        o->format_name = val;
        o->format = !strcmp(val, "json") ? FMT_JSON : FMT_TEXT;
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

/* `walk export` has formats of its own; every other command text or json. */
static int check_format(const opts *o, const char *cmd)
{
  const char *f = o->format_name;
  if (!f)
    return GN_OK;
  if (!strcmp(cmd, "walk") && o->nargs && !strcmp(o->args[0], "export")) {
    if (strcmp(f, "csv") && strcmp(f, "md") && strcmp(f, "json"))
      return usage_error("walk export --format takes csv, md or json, not '%s'", f);
  } else if (strcmp(f, "text") && strcmp(f, "json")) {
    return usage_error("--format takes text or json, not '%s'", f);
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

/* ---- walkthroughs ---------------------------------------------------- */

/* Columns of text: wcwidth, with East Asian Ambiguous characters (○ △ ×
 * …) counted as two, so that a line fits Tera Term or PuTTY set up for
 * Japanese as well; a character the locale cannot measure counts as two
 * when it is from the wide planes, else one. */
static int char_cols(uint32_t cp)
{
  int w = wcwidth((wchar_t)cp);
  if (w < 0)
    w = cp >= 0x1100 ? 2 : 1;
  if (w == 1 && wrap_ambiguous(cp))
    w = 2;
  return w;
}

/* The bytes of s that fit in cols columns (all of it when it fits); *used
 * gets their width. */
static size_t fit_cols(const char *s, int cols, int *used)
{
  size_t n = strlen(s), i = 0;
  int w = 0;
  while (i < n) {
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    int cw = k ? char_cols(cp) : 1;
    if (w + cw > cols)
      break;
    w += cw;
    i += k ? (size_t)k : 1;
  }
  if (used)
    *used = w;
  return i;
}

static int str_cols(const char *s)
{
  int w;
  fit_cols(s, INT_MAX, &w);
  return w;
}

static void errline(const char *s)
{
  fputs("guidenav: ", stderr);
  clean_n(stderr, s, strlen(s));
  fputc('\n', stderr);
}

/* "guidenav: WHAT PATH: DETAIL" or "guidenav: PATH DETAIL", sanitised. */
static void path_error(const char *what, const char *path, const char *detail)
{
  char *m = what ? gn_xasprintf("%s %s: %s", what, path, detail) : gn_xasprintf("%s %s", path, detail);
  errline(m);
  free(m);
}

static int walk_fail(gn_state *st, int rc)
{
  errline(gn_walk_errmsg(st));
  return rc;
}

static int open_state(const opts *o, gn_state **st)
{
  *st = NULL;
  char *path = default_state(o);
  if (!path) {
    fputs("guidenav: no state file: set HOME or GUIDENAV_STATE, or use --state FILE\n", stderr);
    return GN_EIO;
  }
  char *msg = NULL;
  int rc = gn_state_open(path, st, &msg);
  if (rc)
    errline(msg);
  /* opened read-only: reads work, and a write says why it cannot */
  free(msg);
  free(path);
  return rc;
}

static gn_walk_labels walk_labels(void)
{
  gn_walk_labels l = {
    {msg(MSG_CLI_WALK_COL_CHECKLIST), msg(MSG_CLI_WALK_COL_NUMBER), msg(MSG_CLI_WALK_COL_QUESTION),
     msg(MSG_CLI_WALK_COL_STATUS), msg(MSG_CLI_WALK_COL_MARK), msg(MSG_CLI_WALK_COL_NOTE),
     msg(MSG_CLI_WALK_COL_UPDATED), msg(MSG_CLI_WALK_COL_STALE), msg(MSG_CLI_WALK_COL_NODES)},
    {msg(MSG_CLI_WALK_ST_UNREVIEWED), msg(MSG_CLI_WALK_ST_COMPLIANT), msg(MSG_CLI_WALK_ST_PARTIAL),
     msg(MSG_CLI_WALK_ST_NONCOMPLIANT), msg(MSG_CLI_WALK_ST_NA)},
    msg(MSG_CLI_WALK_STALE),
    msg(MSG_CLI_WALK_VANISHED),
  };
  return l;
}

typedef struct walkctx {
  gn_state *st;
  int format;
} walkctx;

/* w1  audit  ○1 △0 ×0 －1 unreviewed 3  stale 0  name */
static int walk_line(const gn_walk *w, void *ctx)
{
  walkctx *c = ctx;
  if (c->format == FMT_JSON)
    return gn_walk_json(c->st, w, print_json, NULL) != GN_OK;
  out(w->id);
  fputs("  ", stdout);
  out(w->checklist);
  fputs(" ", stdout);
  for (int s = GN_ST_COMPLIANT; s < GN_ST__COUNT; s++)
    printf(" %s%d", gn_walk_status_mark((gn_status)s), w->counts[s]);
  char *u = msg_fmt(MSG_CLI_WALK_LIST_UNREVIEWED, w->counts[GN_ST_UNREVIEWED]);
  char *t = msg_fmt(MSG_CLI_WALK_LIST_STALE, w->nstale);
  printf(" %s  %s", u, t);
  free(u);
  free(t);
  if (*w->name) {
    fputs("  ", stdout);
    out(w->name);
  }
  fputc('\n', stdout);
  return 0;
}

typedef struct answers {
  gn_answer *v;
  int n, cap;
} answers;

static int keep_answer(const gn_answer *a, void *ctx)
{
  answers *as = ctx;
  gn_answer c = *a;
  c.item = gn_xstrdup(a->item);
  c.number = gn_xstrdup(a->number);
  c.question = gn_xstrdup(a->question);
  c.note = gn_xstrdup(a->note);
  c.updated_at = gn_xstrdup(a->updated_at);
  GN_PUSH(as->v, as->n, as->cap, c);
  return 0;
}

static void answers_free(answers *as)
{
  for (int i = 0; i < as->n; i++) {
    free((char *)as->v[i].item);
    free((char *)as->v[i].number);
    free((char *)as->v[i].question);
    free((char *)as->v[i].note);
    free((char *)as->v[i].updated_at);
  }
  free(as->v);
}

static void pad(int n)
{
  for (int i = 0; i < n; i++)
    fputc(' ', stdout);
}

/* ○ 5.1-1  question, cut to fit 80 columns…  — note  [stale] */
static void answer_line(const gn_answer *a, int numw)
{
  enum { WIDTH = 80, MIN_QUESTION = 20 };
  const char *mark = gn_walk_status_mark(a->status);
  const char *number = a->vanished ? a->item : a->number;
  const char *question = a->vanished ? msg(MSG_CLI_WALK_SHOW_VANISHED) : a->question;
  const char *stale = a->stale ? msg(MSG_CLI_WALK_SHOW_STALE) : "";
  int markw = str_cols(mark), nw = str_cols(number);
  int prefix = (markw < 2 ? 2 : markw) + 1 + (nw < numw ? numw : nw) + 2;
  static const char dash[] = "  — ";
  int suffix = (*a->note ? str_cols(dash) + str_cols(a->note) : 0) + (*stale ? 2 + str_cols(stale) : 0);
  int room = WIDTH - prefix - suffix;
  if (room < MIN_QUESTION)
    room = MIN_QUESTION;
  out(mark);
  pad(2 - markw);
  fputc(' ', stdout);
  out(number);
  pad(numw - nw);
  fputs("  ", stdout);
  int qw;
  size_t keep = fit_cols(question, room, &qw);
  if (question[keep]) {
    keep = fit_cols(question, room - 2, &qw);   /* room for the ellipsis, counted as two */
    out_n(question, keep);
    fputs("…", stdout);
  } else {
    out(question);
  }
  if (*a->note) {
    fputs(dash, stdout);
    out(a->note);
  }
  if (*stale) {
    fputs("  ", stdout);
    fputs(stale, stdout);
  }
  fputc('\n', stdout);
}

static int walk_show(gn_state *st, gn_db *db, const opts *o)
{
  const char *walk = o->args[1];
  if (o->format == FMT_JSON) {
    int rc = gn_walk_export(st, db, walk, GN_WF_JSON, NULL, stdout);
    return rc ? walk_fail(st, rc) : GN_OK;
  }
  answers as = {0};
  int rc = gn_walk_answers(st, db, walk, keep_answer, &as);
  if (rc) {
    answers_free(&as);
    return walk_fail(st, rc);
  }
  int numw = 0;
  for (int i = 0; i < as.n; i++) {
    int w = as.v[i].vanished ? 0 : str_cols(as.v[i].number);
    if (w > numw)
      numw = w;
  }
  for (int i = 0; i < as.n; i++)
    answer_line(&as.v[i], numw);
  answers_free(&as);
  return GN_OK;
}

typedef struct itemfind {
  const char *number;
  char *id;
  int n;
} itemfind;

static int item_by_number(const gn_rec *r, void *ctx)
{
  itemfind *f = ctx;
  if (r->number && !strcmp(r->number, f->number) && f->n++ == 0)
    f->id = gn_xstrdup(r->id);
  return 0;
}

static int walk_checklist(const gn_walk *w, void *ctx)
{
  *(char **)ctx = gn_xstrdup(w->checklist);
  return 0;
}

/* ITEM of `walk set`: an item id, or an item's number in the walk's
 * checklist ("5.1-1").  Returns a malloc'd id to try. */
static char *walk_item(gn_state *st, gn_db *db, const char *walk, const char *text)
{
  gn_rec r;
  int rc = gn_get(db, text, &r);
  gn_rec_clear(&r);
  if (rc != GN_NOTFOUND)
    return gn_xstrdup(text);
  char *checklist = NULL;
  if (gn_walk_get(st, db, walk, walk_checklist, &checklist) != GN_OK)
    return gn_xstrdup(text);
  itemfind f = {text, NULL, 0};
  gn_items(db, checklist, item_by_number, &f);
  free(checklist);
  if (f.n != 1) {
    free(f.id);
    return gn_xstrdup(text);
  }
  return f.id;
}

/* Write the report to path through a temporary file in the same folder,
 * flushed to disk, then renamed (or, without --force, linked, so that a
 * file made meanwhile is not replaced either): never a half-written report,
 * and a failure leaves an existing file as it was. */
static int export_file(const opts *o, gn_state *st, gn_db *db, gn_walk_format fmt,
                       const gn_walk_labels *l)
{
  const char *path = o->out, *walk = o->args[1];
  char *tmp = gn_xasprintf("%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    path_error("cannot write", path, strerror(errno));
    free(tmp);
    return GN_EIO;
  }
  struct stat sb;
  if (o->force && stat(path, &sb) == 0) {
    fchmod(fd, sb.st_mode & 0777);
  } else {
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
  }
  FILE *f = fdopen(fd, "wb");
  if (!f) {
    path_error("cannot write", path, strerror(errno));
    close(fd);
    unlink(tmp);
    free(tmp);
    return GN_EIO;
  }
  int rc = gn_walk_export(st, db, walk, fmt, l, f), err = 0;
  if (rc == GN_OK && (fflush(f) != 0 || fsync(fileno(f)) != 0))
    err = errno;
  if (fclose(f) != 0 && !err)
    err = errno;
  if (rc == GN_OK && !err) {
    if (o->force) {
      if (rename(tmp, path) != 0)
        err = errno;
    } else if (link(tmp, path) != 0) {
      /* a file system without hard links: rename, if nothing is there */
      if (errno == EEXIST || lstat(path, &sb) == 0)
        rc = GN_EUSAGE;
      else if (rename(tmp, path) != 0)
        err = errno;
    }
  }
  if (rc == GN_EUSAGE) {
    path_error(NULL, path, "exists: use --force to replace it");
  } else if (rc != GN_OK) {
    char *m = gn_xasprintf("%s: %s", path, gn_walk_errmsg(st));
    errline(m);
    free(m);
  } else if (err) {
    path_error("cannot write", path, strerror(err));
    rc = GN_EIO;
  }
  unlink(tmp);   /* after rename: already gone; after link: the other name */
  if (rc == GN_OK) {
    char *dir = gn_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
      *(slash == dir ? slash + 1 : slash) = '\0';
    int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
    free(dir);
  }
  free(tmp);
  return rc;
}

static int walk_export(gn_state *st, gn_db *db, const opts *o)
{
  const char *f = o->format_name;
  gn_walk_format fmt = !strcmp(f, "csv") ? GN_WF_CSV : !strcmp(f, "md") ? GN_WF_MD : GN_WF_JSON;
  gn_walk_labels l = walk_labels();
  /* nothing is created for a walkthrough that is not there */
  int rc = gn_walk_get(st, db, o->args[1], NULL, NULL);
  if (rc)
    return walk_fail(st, rc);
  if (!strcmp(o->out, "-")) {
    rc = gn_walk_export(st, db, o->args[1], fmt, &l, stdout);
    return rc ? walk_fail(st, rc) : GN_OK;
  }
  return export_file(o, st, db, fmt, &l);
}

static const char walk_usage[] =
  "usage: guidenav walk new CHECKLIST [--name NAME] | list | show WALK |\n"
  "       set WALK ITEM STATUS [--note TEXT] | export WALK --format csv|md|json -o FILE [--force]";

/* Operands and options of `walk`, checked before any file is opened. */
static int walk_check(const opts *o)
{
  const char *sub = o->nargs ? o->args[0] : "";
  static const struct {
    const char *sub;
    int nargs;
    const char *operands;
  } subs[] = {
    {"new", 2, "CHECKLIST"}, {"list", 1, "no operands"}, {"show", 2, "WALK"},
    {"set", 4, "WALK ITEM STATUS"}, {"export", 2, "WALK"},
  };
  size_t i = 0;
  while (i < sizeof subs / sizeof subs[0] && strcmp(subs[i].sub, sub))
    i++;
  if (i == sizeof subs / sizeof subs[0])
    return usage_error("%s", walk_usage);
  if (o->nargs != subs[i].nargs)
    return usage_error("walk %s takes %s", sub, subs[i].operands);
  if (!strcmp(sub, "set") && gn_walk_status_parse(o->args[3]) < 0)
    return usage_error("unknown status '%s': use unreviewed, compliant, partial, noncompliant, na, "
                       "or a mark: ○ △ × － (o ^ x -)", o->args[3]);
  if (!strcmp(sub, "export")) {
    if (!o->format_name)
      return usage_error("walk export needs --format csv, md or json");
    if (!o->out)
      return usage_error("walk export needs -o FILE (- for standard output)");
    struct stat sb;
    if (strcmp(o->out, "-") && !o->force && lstat(o->out, &sb) == 0) {
      path_error(NULL, o->out, "exists: use --force to replace it");
      return GN_EUSAGE;
    }
  }
  return GN_OK;
}

static int cmd_walk(const opts *o)
{
  int rc = walk_check(o);
  if (rc)
    return rc;
  gn_db *db = NULL;
  gn_state *st = NULL;
  if ((rc = open_db(o, &db)) || (rc = open_state(o, &st))) {
    gn_close(db);
    return rc;
  }
  const char *sub = o->args[0];
  walkctx c = {st, o->format};
  if (!strcmp(sub, "new")) {
    char *id = NULL;
    rc = gn_walk_new(st, db, o->args[1], o->name, &id);
    if (rc == GN_OK)
      printf("%s\n", id);
    else
      walk_fail(st, rc);
    free(id);
  } else if (!strcmp(sub, "list")) {
    rc = gn_walk_list(st, db, walk_line, &c);
    if (rc)
      walk_fail(st, rc);
  } else if (!strcmp(sub, "show")) {
    rc = walk_show(st, db, o);
  } else if (!strcmp(sub, "set")) {
    char *item = walk_item(st, db, o->args[1], o->args[2]);
    rc = gn_walk_set(st, db, o->args[1], item, (gn_status)gn_walk_status_parse(o->args[3]), o->note);
    if (rc)
      walk_fail(st, rc);
    free(item);
  } else {
    rc = walk_export(st, db, o);
  }
  gn_state_close(st);
  gn_close(db);
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
  if (!ci) {
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
  if ((rc = check_format(&o, cmd))) {
    free(o.args);
    return rc;
  }
  if (!strcmp(cmd, "build")) {
    rc = o.nargs ? usage_error("build takes no operands (use -c DIR and -o FILE)") : cmd_build(&o);
  } else if (!strcmp(cmd, "walk")) {
    rc = cmd_walk(&o);
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
