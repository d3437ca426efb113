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

#include "api.h"
#include "build.h"
#include "check.h"
#include "clitext.h"
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
  const struct optdef **given;  /* the options given, to check against the command */
  int ngiven;
  int width;              /* columns that text output fits (clitext.h) */
} opts;

/* ---- output ---------------------------------------------------------- */

static void out_n(const char *s, size_t n)
{
  ct_put_clean(stdout, s, n, 1);
}

static void out(const char *s)
{
  if (s)
    out_n(s, strlen(s));
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
   "Open the interactive navigator (needs a UTF-8 terminal), at ID or at the\n"
   "last position."},
  {"build", "guidenav build [-c DIR] [-o FILE] [--depfile FILE]",
   "Validate the content in DIR (default: content) and write the index to FILE\n"
   "atomically (default: the index guidenav opens).  A failed build leaves FILE\n"
   "untouched.  --depfile FILE writes the files read, in make syntax."},
  {"check", "guidenav check [-c DIR] [--dump]",
   "Validate the content in DIR only; --dump prints the loaded model as text."},
  {"toc", "guidenav toc [ID|CITATION]",
   "The tree below a node (all volumes by default), one line or object per\n"
   "node; * marks nodes that revision points touch."},
  {"show", "guidenav show ID|CITATION",
   "One node, revision point, checklist, item or term, with its path, body and\n"
   "links.  Citations: 「第3編 5.1」, 「3-5.1」, 「v3 5.1」, 「第2編 基本方針 5」;\n"
   "an item below a section: 「第2編 5.1(1)」, 「2-5.1 (1)」, 「第2編 3(2)②」;\n"
   "a title may follow: 「第2編 5.1 サーバ等の管理」; a report's \"... [ID]\" reads\n"
   "as ID; a checklist item's number: 「5.1-1」.  Full-width digits and\n"
   "parentheses work.  An ambiguous citation lists the candidates and exits 2."},
  {"search", "guidenav search [--limit N] [--volume N] QUERY...",
   "Hits in full rank order: ID  KIND  PATH, then a snippet with the matches\n"
   "in 【】.  Terms are ANDed; \"a phrase\"; OR; -term excludes; vol:N and\n"
   "kind:node|point|item|term filter.  The last Latin term also matches as a\n"
   "prefix (SL finds SLA), but not in quotes: \"SL\" matches exactly.  Exit 1\n"
   "when nothing matches.\n"
   "Every word that is not one of search's options (--db, --state, --format,\n"
   "--limit, --volume) is query text, -h, -o and --note included; --help\n"
   "alone is this help; -- ends the options."},
  {"refs", "guidenav refs ID|CITATION",
   "The links of a record, one per line: direction (out/in), relation, the\n"
   "other end."},
  {"points", "guidenav points [ID|CITATION]",
   "Revision points, or those touching a node; the points of a meeting; one\n"
   "point."},
  {"checklist", "guidenav checklist list | guidenav checklist show CHECKLIST",
   "Checklists; one checklist's items."},
  {"walk", "guidenav walk new CHECKLIST [--name NAME] | walk list | walk show WALK\n"
           "  guidenav walk set WALK ITEM STATUS [--note TEXT]\n"
           "  guidenav walk export WALK --format csv|md|json -o FILE [--force]",
   "Checklist walkthroughs, kept in the state file.\n"
   "  new      start a walkthrough of CHECKLIST; prints its id (w1, w2, ...),\n"
   "           or with --format json the walkthrough as walk list has it\n"
   "  list     the walkthroughs: id, checklist, counts per status, stale\n"
   "           answers, name\n"
   "  show     one walkthrough's items: status mark, number, question, note,\n"
   "           stale\n"
   "  set      record an answer; ITEM is an item id or its number in the\n"
   "           checklist; --note TEXT sets the note (\"\" clears it; kept when\n"
   "           not given)\n"
   "  export   the report, written atomically to FILE (- for standard output);\n"
   "           an existing FILE is replaced only with --force\n"
   "Statuses: unreviewed (・ 未確認), compliant (○ o 適合),\n"
   "partial (△ ^ 一部適合), noncompliant (× x 不適合),\n"
   "na (－ - 該当なし: needs a note saying why).\n"
   "An answer is stale when its item has changed in the index since, or is\n"
   "gone.  Names and notes are one line: control characters are refused."},
  {"help", "guidenav help [COMMAND]",
   "The help of COMMAND (as guidenav COMMAND --help), or of guidenav."},
};

static void usage(FILE *f)
{
  fputs("usage: guidenav [OPTIONS] [COMMAND [ARGS]]\n\n"
        "A navigator for 総務省「地方公共団体における情報セキュリティポリシーに\n"
        "関するガイドライン」.  The bundled text is a structured summary, not the\n"
        "official text.\n\n"
        "Commands:\n", f);
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    fprintf(f, "  %s\n", cmds[i].synopsis);
  fputs("\nOptions go before the command or anywhere after it; -- ends them.\n"
        "Every command takes:\n"
        "  --db FILE        the index (default: $GUIDENAV_DB, else guideline.db\n"
        "                   beside the program, else the installed one:\n"
        "                   " GN_DATADIR "/guideline.db)\n"
        "  --state FILE     user state (default: $GUIDENAV_STATE, else\n"
        "                   $XDG_STATE_HOME/guidenav/state.db)\n"
        "  --format FORMAT  text (default) or json, JSON Lines (walk export: csv,\n"
        "                   md or json)\n"
        "  --limit N        at most N hits or entries of a listing (search, toc,\n"
        "                   refs, points, checklist, walk list, walk show)\n"
        "  -h, --help       help (after a command: that command's help)\n"
        "  --version        the version\n"
        "Only where they apply (elsewhere they are an error):\n"
        "  -c DIR           the content folder (build, check)\n"
        "  -o FILE          the index (build), the report (walk export; - for\n"
        "                   standard output)\n"
        "  --depfile FILE   the files read, for make (build)\n"
        "  --dump           print the loaded content (check)\n"
        "  --volume N       only volume N (search)\n"
        "  --name NAME      a new walkthrough's name (walk new)\n"
        "  --note TEXT      an answer's note (walk set; \"\" clears it)\n"
        "  --force          let walk export replace an existing FILE\n"
        "After `search`, words that are not search's options are query text.\n\n"
        "Text output fits the terminal's width, or 80 columns in a pipe.\n"
        "Exit status: 0 done, 1 nothing found, 2 usage or content error, 3 I/O or\n"
        "database error.  See guidenav(1) and guidenav-content(5).\n", f);
}

static const cmdinfo *find_cmd(const char *name)
{
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (!strcmp(cmds[i].name, name))
      return &cmds[i];
  return NULL;
}

static void text_lines(FILE *f, const char *text, int width);

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
  char *m = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&m, &n);
  if (f) {
    va_list ap;
    va_start(ap, fmt);
    fputs("guidenav: ", f);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputs("\nTry 'guidenav --help'.", f);
    fclose(f);
  }
  text_lines(stderr, m ? m : "guidenav: usage error", ct_columns_of(STDERR_FILENO));
  free(m);
  return GN_EUSAGE;
}

/* ---- argument parsing ------------------------------------------------ */

/* The commands an option applies to (walk: per subcommand). */
enum {
  IN_OPEN = 1 << 0, IN_BUILD = 1 << 1, IN_CHECK = 1 << 2, IN_TOC = 1 << 3, IN_SHOW = 1 << 4,
  IN_SEARCH = 1 << 5, IN_REFS = 1 << 6, IN_POINTS = 1 << 7, IN_CHECKLIST = 1 << 8,
  IN_WALK_NEW = 1 << 9, IN_WALK_LIST = 1 << 10, IN_WALK_SHOW = 1 << 11, IN_WALK_SET = 1 << 12,
  IN_WALK_EXPORT = 1 << 13,
  IN_ALL = (1 << 14) - 1,
};

enum opt_id {
  O_DB, O_STATE, O_FORMAT, O_LIMIT, O_HELP, O_VERSION, O_VOLUME, O_CONTENT, O_OUT, O_DEPFILE,
  O_DUMP, O_KEYS_ROFF, O_NAME, O_NOTE, O_FORCE,
};

/* Every option, and where it applies.  The global ones (DESIGN §4: --db,
 * --state, --format, --limit, --help, --version) apply to every command,
 * so that they can be set once for all (an alias); the others only where
 * they mean something, and elsewhere are a usage error. */
static const struct optdef {
  const char *name;
  enum opt_id id;
  int value;          /* takes a value: --name VALUE or --name=VALUE */
  unsigned in;
} optdefs[] = {
  {"--db", O_DB, 1, IN_ALL},
  {"--state", O_STATE, 1, IN_ALL},
  {"--format", O_FORMAT, 1, IN_ALL},
  {"--limit", O_LIMIT, 1, IN_ALL},
  {"--help", O_HELP, 0, IN_ALL},
  {"-h", O_HELP, 0, IN_ALL},
  {"--version", O_VERSION, 0, IN_ALL},
  {"--volume", O_VOLUME, 1, IN_SEARCH},
  {"-c", O_CONTENT, 1, IN_BUILD | IN_CHECK},
  {"-o", O_OUT, 1, IN_BUILD | IN_WALK_EXPORT},
  {"--depfile", O_DEPFILE, 1, IN_BUILD},
  {"--dump", O_DUMP, 0, IN_CHECK},
  {"--keys-roff", O_KEYS_ROFF, 0, IN_OPEN},
  {"--name", O_NAME, 1, IN_WALK_NEW},
  {"--note", O_NOTE, 1, IN_WALK_SET},
  {"--force", O_FORCE, 0, IN_WALK_EXPORT},
};

static const struct optdef *find_opt(const char *name)
{
  for (size_t i = 0; i < sizeof optdefs / sizeof optdefs[0]; i++)
    if (!strcmp(optdefs[i].name, name))
      return &optdefs[i];
  return NULL;
}

/* The command (and walk subcommand) that o names, as a bit of IN_ALL and
 * a name for messages; 0 when there is none to check options against
 * (`help`, an unknown command or walk subcommand: reported elsewhere). */
static unsigned command_scope(const opts *o, const char **label)
{
  static const struct { const char *name; unsigned in; } cmdbits[] = {
    {"open", IN_OPEN}, {"build", IN_BUILD}, {"check", IN_CHECK}, {"toc", IN_TOC},
    {"show", IN_SHOW}, {"search", IN_SEARCH}, {"refs", IN_REFS}, {"points", IN_POINTS},
    {"checklist", IN_CHECKLIST},
  };
  static const struct { const char *name; unsigned in; } walkbits[] = {
    {"walk new", IN_WALK_NEW}, {"walk list", IN_WALK_LIST}, {"walk show", IN_WALK_SHOW},
    {"walk set", IN_WALK_SET}, {"walk export", IN_WALK_EXPORT},
  };
  const char *cmd = o->cmd ? o->cmd : "open";
  *label = cmd;
  if (!strcmp(cmd, "walk")) {
    for (size_t i = 0; o->nargs && i < sizeof walkbits / sizeof walkbits[0]; i++)
      if (!strcmp(walkbits[i].name + 5, o->args[0])) {
        *label = walkbits[i].name;
        return walkbits[i].in;
      }
    return 0;
  }
  for (size_t i = 0; i < sizeof cmdbits / sizeof cmdbits[0]; i++)
    if (!strcmp(cmdbits[i].name, cmd))
      return cmdbits[i].in;
  return 0;
}

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

/* --limit: a positive whole number; one too large to hold means no limit
 * (0).  Zero, negative numbers and anything else are refused. */
static int parse_limit(const char *s, long *v)
{
  const char *p = s;
  if (*p == '+')
    p++;
  if (!*p)
    return 0;
  for (const char *q = p; *q; q++)
    if (*q < '0' || *q > '9')
      return 0;
  errno = 0;
  long x = strtol(p, NULL, 10);
  if (errno == ERANGE) {
    *v = 0;
    return 1;
  }
  if (x < 1)
    return 0;
  *v = x;
  return 1;
}

static int set_option(opts *o, const struct optdef *d, const char *val)
{
  switch (d->id) {
  case O_DB: o->db = val; break;
  case O_STATE: o->state = val; break;
  case O_FORMAT:
    o->format_name = val;
    o->format = !strcmp(val, "json") ? FMT_JSON : FMT_TEXT;
    break;
  case O_LIMIT:
    if (!parse_limit(val, &o->limit))
      return usage_error("--limit takes a positive whole number, not '%s'", val);
    break;
  case O_VOLUME: {
    long v;
    if (!parse_long(val, 1, 4, &v))
      return usage_error("--volume takes 1, 2, 3 or 4, not '%s'", val);
    o->volume = (int)v;
    break;
  }
  case O_CONTENT: o->content = val; break;
  case O_OUT: o->out = val; break;
  case O_DEPFILE: o->depfile = val; break;
  case O_NAME: o->name = val; break;
  case O_NOTE: o->note = val; break;
  case O_HELP: o->help = 1; break;
  case O_VERSION: o->version = 1; break;
  case O_DUMP: o->dump = 1; break;
  case O_KEYS_ROFF: o->keys_roff = 1; break;
  case O_FORCE: o->force = 1; break;
  }
  return GN_OK;
}

/* Options may stand before the command or anywhere after it; `--` ends
 * them.  After `search`, a word is an option only if it is one of
 * search's (the global ones and --volume): every other word, -h, -o and
 * --note included, is query text (-term excludes a term), and --help or
 * --version is help or the version only when no query text is given. */
static int parse(int argc, char **argv, opts *o)
{
  memset(o, 0, sizeof *o);
  o->args = calloc((size_t)argc + 1, sizeof *o->args);
  o->given = calloc((size_t)argc + 1, sizeof *o->given);
  if (!o->args || !o->given)
    return GN_EIO;
  int only_operands = 0, flag_words = 0;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    int in_search = o->cmd && !strcmp(o->cmd, "search");
    if (only_operands || a[0] != '-' || !a[1]) {
      if (!o->cmd)
        o->cmd = a;
      else
        o->args[o->nargs++] = a;
      continue;
    }
    if (!strcmp(a, "--")) {
      only_operands = 1;
      continue;
    }
    /* --name=value */
    char name[32];
    const char *val = NULL, *eq = strchr(a, '=');
    if (a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
      memcpy(name, a, (size_t)(eq - a));
      name[eq - a] = '\0';
      val = eq + 1;
    } else {
      snprintf(name, sizeof name, "%s", strlen(a) < sizeof name ? a : "");
    }
    const struct optdef *d = find_opt(name);
    if (in_search && (!d || !(d->in & IN_SEARCH) || d->id == O_HELP || d->id == O_VERSION)) {
      if (d && (d->id == O_HELP || d->id == O_VERSION) && !val && strcmp(name, "-h"))
        flag_words++;
      o->args[o->nargs++] = a;   /* query text */
      continue;
    }
    if (!d)
      return usage_error("unknown option '%s'", a);
    if (!d->value && val)
      return usage_error("option '%s' takes no value", name);
    if (d->value && !val) {
      if (i + 1 >= argc)
        return usage_error("option '%s' needs a value", name);
      val = argv[++i];
    }
    int rc = set_option(o, d, val);
    if (rc)
      return rc;
    o->given[o->ngiven++] = d;
  }
  /* `search --help`: help, as for any command; `search 監査 --help`: text */
  if (o->cmd && !strcmp(o->cmd, "search") && o->nargs && o->nargs == flag_words) {
    for (int i = 0; i < o->nargs; i++)
      set_option(o, find_opt(o->args[i]), NULL);
    o->nargs = 0;
  }
  return GN_OK;
}

/* Every option given applies to the command (checked once the command,
 * and for walk its subcommand, is known). */
static int check_scope(const opts *o)
{
  const char *label;
  unsigned in = command_scope(o, &label);
  if (!in)
    return GN_OK;
  for (int i = 0; i < o->ngiven; i++)
    if (!(o->given[i]->in & in))
      return usage_error("option '%s' does not apply to %s", o->given[i]->name, label);
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
    if (d->nfirst && d->nfirst < d->n)
      fprintf(stderr, "guidenav: the first %d kept a file from being read; the others may "
                      "follow from them: fix those first\n", d->nfirst);
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
      char *m = gn_xasprintf("ok: %d files, %d nodes (%zu characters of body text), "
                             "%d revision points, %d checklist items, %d terms", c.nfiles,
                             c.norder, chars, np, ni, c.nterms);
      ct_wrap(stdout, m, 0, 4, o->width, NULL);
      free(m);
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

/* A candidate of an ambiguous citation, on standard error: "  ID  PATH",
 * the id padded to 24 columns and PATH made to fit the width as search
 * does (middle levels give way to "…"; a record other than a node has its
 * title as the last level); on a width that leaves PATH too little room,
 * PATH goes on the next line, indented by 4. */
static int list_cand(const gn_rec *r, void *ctx)
{
  enum { MIN_PATH = 12 };
  int width = *(const int *)ctx;
  char *head = gn_xasprintf("  %-24s ", r->id);
  int room = width - ct_width(head);
  if (room < MIN_PATH) {
    fputs("  ", stderr);
    ct_put_clean(stderr, r->id, strlen(r->id), 0);
    fputs("\n    ", stderr);
    room = width - 4;
  } else {
    ct_put_clean(stderr, head, strlen(head), 0);
  }
  free(head);
  int node = !strcmp(r->kind, "node") && r->path && *r->path;
  char *crumbs = ct_crumbs(r->path ? r->path : "", node ? NULL : r->title, room);
  ct_put_clean(stderr, crumbs, strlen(crumbs), 0);
  free(crumbs);
  fputc('\n', stderr);
  return 0;
}

/* "guidenav: MESSAGE" on standard error, sanitised and wrapped to its width. */
static void err_wrapped(const char *m)
{
  char *line = gn_xasprintf("guidenav: %s", m);
  ct_wrap(stderr, line, 0, 4, ct_columns_of(STDERR_FILENO), NULL);
  free(line);
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
    char *m = gn_xasprintf("nothing matches '%s'", text);
    err_wrapped(m);
    free(m);
    return GN_NOTFOUND;
  }
  if (n > 1) {
    gn_rec_clear(&c.first);
    char *m = gn_xasprintf("'%s' is ambiguous; it may mean:", text);
    err_wrapped(m);
    free(m);
    int width = ct_columns_of(STDERR_FILENO);
    gn_resolve(db, text, list_cand, &width);
    return GN_EUSAGE;
  }
  *id = gn_xstrdup(c.first.id);
  gn_rec_clear(&c.first);
  return GN_OK;
}

/* ---- toc, show, refs, points, checklist ------------------------------ */

/* Text output fits o->width columns (clitext.h): long text wraps with a
 * hanging indent, so that every line of a listing still starts with its
 * record's id (or, in toc, its number) and the JSON is for scripts. */

typedef struct listctx {
  gn_db *db;
  int format;
  int n;          /* records listed */
  long limit;     /* at most this many (0: no limit) */
  int width;
} listctx;

/* Room for one more record under the limit?  Counts it. */
static int take(listctx *l)
{
  if (l->limit && l->n >= l->limit)
    return 0;
  l->n++;
  return 1;
}

/* One entry: head (an id, a label ...) and text, wrapped to width as one
 * line, sanitised; its continuation lines start with hang spaces (hang < 0:
 * under the text, or at 4 when that leaves it too little room).  On a very
 * narrow terminal the head wraps too. */
static void entry(const char *head, const char *text, int hang, int width)
{
  char *line = gn_xasprintf("%s%s", head, text ? text : "");
  ct_wrap(stdout, line, 0, hang >= 0 ? hang : ct_hang(ct_width(head), width), width, NULL);
  free(line);
}

/* Write s sanitised, return its columns. */
static int out_cols(const char *s)
{
  out(s);
  return ct_width(s);
}

static int toc_line(const gn_rec *r, void *ctx)
{
  listctx *l = ctx;
  if (!take(l))
    return 1;
  if (l->format == FMT_JSON)
    return gn_json_brief(l->db, r->id, print_json, NULL) == GN_EIO;
  char *head = gn_xasprintf("%*s%s%s", 2 * r->depth, "", r->number ? r->number : "",
                            r->number && *r->number ? " " : "");
  char *t = gn_xasprintf("%s%s  [%s]", r->title, r->npoints ? " *" : "", r->id);
  entry(head, t, -1, l->width);
  free(t);
  free(head);
  return 0;
}

static int link_line(const gn_link *k, void *ctx)
{
  listctx *l = ctx;
  if (!take(l))
    return 1;
  if (l->format == FMT_JSON)
    return gn_json_link(l->db, k, print_json, NULL) == GN_EIO;
  char *head = gn_xasprintf("%-3s %-11s %s  ", k->direction, k->relation, k->id);
  char *t = gn_xasprintf("%s%s%s", k->number ? k->number : "", k->number && *k->number ? " " : "",
                         k->title ? k->title : "");
  entry(head, t, -1, l->width);
  free(t);
  free(head);
  return 0;
}

static int remark_line(const gn_remark *m, void *ctx)
{
  listctx *l = ctx;
  char *head = gn_xasprintf("  %s%s: ", msg(!strcmp(m->role, "member") ? MSG_CLI_MEMBER : MSG_CLI_SECRETARIAT),
                            m->inferred ? msg(MSG_CLI_INFERRED) : "");
  entry(head, m->text, 4, l->width);
  free(head);
  return 0;
}

/* "label" then the value, wrapped, continuation lines indented by 2. */
static void labelled(enum msg_id label, const char *value, int width)
{
  entry(msg(label), value, 2, width);
}

static int item_line(const gn_rec *r, void *ctx);

/* A provenance's confidence in the message table's words (as the navigator
 * shows it: 派生 under Japanese, derived under English); another word as
 * it is. */
static const char *conf_word(const char *c)
{
  static const struct { const char *id; enum msg_id msg; } m[] = {
    {"seen", MSG_CONF_SEEN}, {"derived", MSG_CONF_DERIVED},
    {"background", MSG_CONF_BACKGROUND}, {"unverified", MSG_CONF_UNVERIFIED},
  };
  for (size_t i = 0; c && i < sizeof m / sizeof m[0]; i++)
    if (!strcmp(c, m[i].id))
      return msg(m[i].msg);
  return c ? c : "";
}

static void show_text(gn_db *db, const gn_rec *r, int width)
{
  gn_buf b = {0};
  gn_buf_puts(&b, "");
  if (r->path && *r->path)
    ct_path(stdout, r->path, width);
  if (r->number && *r->number && !strcmp(r->kind, "node"))
    gn_buf_printf(&b, "%s ", r->number);
  gn_buf_printf(&b, "%s  [%s]", r->title, r->id);
  ct_wrap(stdout, b.s, 0, 2, width, NULL);
  b.len = 0;
  b.s[0] = '\0';
  if (!strcmp(r->kind, "node")) {
    gn_buf_printf(&b, "%s%s, %s", msg(MSG_CLI_PROVENANCE), conf_word(r->confidence), r->edition);
    if (r->note && *r->note)
      gn_buf_printf(&b, " — %s", r->note);
    ct_wrap(stdout, b.s, 0, 2, width, NULL);
    fputc('\n', stdout);
    ct_body(stdout, r->body, 0, width);
  } else if (!strcmp(r->kind, "point")) {
    gn_buf_printf(&b, "%s第%d回 %s  %s %s  %s%s  %s%s", msg(MSG_CLI_MEETING), r->meeting_number,
                  r->date, msg(MSG_CLI_POINT), r->number, msg(MSG_CLI_DISPOSITION),
                  msg_disposition(r->disposition), msg(MSG_CLI_STATUS), msg_status(r->status));
    ct_wrap(stdout, b.s, 0, 2, width, NULL);
    if (r->agenda && *r->agenda)
      labelled(MSG_CLI_AGENDA, r->agenda, width);
    entry(msg(MSG_CLI_REMARKS), "", 2, width);
    listctx rl = {db, FMT_TEXT, 0, 0, width};
    gn_remarks(db, r->id, remark_line, &rl);
    labelled(MSG_CLI_RESPONSE, r->response, width);
    if (r->outcome_text) {
      b.len = 0;
      b.s[0] = '\0';
      gn_buf_printf(&b, "%s%s (%s): %s", msg(MSG_CLI_OUTCOME), r->outcome_edition,
                    conf_word(r->outcome_confidence), r->outcome_text);
      ct_wrap(stdout, b.s, 0, 2, width, NULL);
    }
  } else if (!strcmp(r->kind, "item")) {
    labelled(MSG_CLI_NUMBER, r->number, width);
    if (r->guidance && *r->guidance)
      labelled(MSG_CLI_GUIDANCE, r->guidance, width);
    if (r->evidence && *r->evidence)
      labelled(MSG_CLI_EVIDENCE, r->evidence, width);
    if (r->procedure && *r->procedure)
      labelled(MSG_CLI_PROCEDURE, r->procedure, width);
  } else if (!strcmp(r->kind, "term")) {
    labelled(MSG_CLI_READING, r->reading, width);
    fputc('\n', stdout);
    ct_body(stdout, r->body && strchr(r->body, '\n') ? strchr(r->body, '\n') + 1 : r->body, 0, width);
  } else {
    fputc('\n', stdout);
    ct_body(stdout, r->body, 0, width);
  }
  gn_buf_free(&b);
  listctx l = {db, FMT_TEXT, 0, 0, width};
  fputc('\n', stdout);
  entry(msg(MSG_CLI_LINKS), "", 2, width);
  if (gn_refs(db, r->id, link_line, &l) == GN_NOTFOUND)
    puts(msg(MSG_CLI_NONE));
  if (!strcmp(r->kind, "node") && r->nchildren) {
    fputc('\n', stdout);
    entry(msg(MSG_CLI_ITEMS_BELOW), "", 2, width);
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
      show_text(db, &r, o->width);
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
  listctx l = {db, o->format, 0, o->limit, o->width};
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
  listctx l = {db, o->format, 0, o->limit, o->width};
  rc = gn_refs(db, id, link_line, &l);
  free(id);
  return rc == GN_OK && l.n == 0 ? GN_NOTFOUND : rc;   /* no link: nothing found */
}

static int point_line(const gn_rec *r, void *ctx)
{
  listctx *l = ctx;
  if (l->format == FMT_JSON)
    return gn_json_brief(l->db, r->id, print_json, NULL) == GN_EIO;
  char *head = gn_xasprintf("%s  ", r->id);
  char *t = gn_xasprintf("[%s] %s", r->disposition, r->title);
  entry(head, t, -1, l->width);
  free(t);
  free(head);
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
  if (!take(l))
    return 1;
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
  pointsel p = {{db, o->format, 0, o->limit, o->width}, NULL, NULL};
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
  if (!take(l))
    return 1;
  if (l->format == FMT_JSON)
    return gn_json_brief(l->db, r->id, print_json, NULL) == GN_EIO;
  char *head = gn_xasprintf("%s  ", r->id);
  entry(head, r->title, -1, l->width);
  free(head);
  return 0;
}

static int cmd_checklist(const opts *o, gn_db *db)
{
  listctx l = {db, o->format, 0, o->limit, o->width};
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
  int width;
} searchctx;

/* A hit: "ID  KIND  PATH" on one line (PATH made to fit: middle levels give
 * way to "…"; for a record other than a node, its title is the last
 * level; on a terminal too narrow to leave it 12 columns, PATH goes on the
 * next line, indented by 2), then the snippet, wrapped, indented by 4,
 * matches marked 【】 (reverse video on a terminal). */
static int hit_line(const gn_hit *h, void *ctx)
{
  enum { MIN_PATH = 12 };
  searchctx *s = ctx;
  if (s->format == FMT_JSON)
    return gn_json_hit(gn_sqlite(s->db), h, print_json, NULL) == GN_EIO;
  int col = out_cols(h->id) + 4;
  fputs("  ", stdout);
  col += out_cols(h->kind);
  /* A node's path ends with its own number and title; others add theirs. */
  int node = !strcmp(h->kind, "node") && h->path && *h->path;
  int room = s->width - col;
  if (room < MIN_PATH) {
    /* a narrow terminal: the path goes on a line of its own */
    fputs("\n  ", stdout);
    room = s->width - 2;
  } else {
    fputs("  ", stdout);
  }
  char *crumbs = ct_crumbs(h->path, node ? NULL : h->title, room);
  out(crumbs);
  free(crumbs);
  fputc('\n', stdout);
  if (h->snippet && *h->snippet) {
    fputs("    ", stdout);
    if (s->tty) {
      ct_marks m = {h->matches, h->nmatches, "\x1b[7m", "\x1b[27m"};
      ct_wrap(stdout, h->snippet, 4, 4, s->width, &m);
    } else {
      char *marked = gn_hit_marked(h, "【", "】");
      ct_wrap(stdout, marked, 4, 4, s->width, NULL);
      free(marked);
    }
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
                 isatty(1) && !(nc && *nc) && term && strcmp(term, "dumb") != 0, o->width};
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

static void errline(const char *s)
{
  fputs("guidenav: ", stderr);
  ct_put_clean(stderr, s, strlen(s), 1);
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
  int n;
  long limit;     /* at most this many (0: no limit) */
  int width;
  int rc;         /* a JSON line that could not be made: its status */
} walkctx;

/* w1  audit  ○1 △0 ×0 －1 unreviewed 3  stale 0  name */
static int walk_line(const gn_walk *w, void *ctx)
{
  walkctx *c = ctx;
  if (c->limit && c->n >= c->limit)
    return 1;
  c->n++;
  if (c->format == FMT_JSON)
    return (c->rc = gn_walk_json(c->st, w, print_json, NULL)) != GN_OK;
  gn_buf b = {0};
  char *checklist = ct_one_line(w->checklist);
  gn_buf_printf(&b, "%s  %s ", w->id, checklist);
  free(checklist);
  for (int s = GN_ST_COMPLIANT; s < GN_ST__COUNT; s++)
    gn_buf_printf(&b, " %s%d", gn_walk_status_mark((gn_status)s), w->counts[s]);
  char *u = msg_fmt(MSG_CLI_WALK_LIST_UNREVIEWED, w->counts[GN_ST_UNREVIEWED]);
  char *t = msg_fmt(MSG_CLI_WALK_LIST_STALE, w->nstale);
  gn_buf_printf(&b, " %s  %s", u, t);
  free(u);
  free(t);
  if (*w->name) {
    char *name = ct_one_line(w->name);   /* a state file from elsewhere may hold anything */
    gn_buf_printf(&b, "  %s", name);
    free(name);
  }
  ct_wrap(stdout, b.s, 0, 4, c->width, NULL);
  gn_buf_free(&b);
  return 0;
}

static void pad(int n)
{
  for (int i = 0; i < n; i++)
    fputc(' ', stdout);
}

static void answer_line_clean(const gn_answer *a, int numw, int width);

/* ○ 5.1-1  question, cut to fit the width…  — note  [stale]
 * (ambiguous-width marks such as ○ count as two columns).  A note that
 * would leave the question less than 20 columns goes below it instead,
 * wrapped, under the question.  The note and a vanished item's id come
 * from the state file, which guidenav may not have written: each is kept
 * on its line (a control character, a newline too, shows as U+FFFD). */
static void answer_line(const gn_answer *a, int numw, int width)
{
  char *note = ct_one_line(a->note), *item = ct_one_line(a->item);
  gn_answer c = *a;
  c.note = note;
  c.item = item;
  answer_line_clean(&c, numw, width);
  free(note);
  free(item);
}

static void answer_line_clean(const gn_answer *a, int numw, int width)
{
  enum { MIN_QUESTION = 20, MIN_CUT = 6 };
  const char *mark = gn_walk_status_mark(a->status);
  const char *number = a->vanished ? a->item : a->number;
  const char *question = a->vanished ? msg(MSG_CLI_WALK_SHOW_VANISHED) : a->question;
  const char *stale = a->stale ? msg(MSG_CLI_WALK_SHOW_STALE) : "";
  int markw = ct_width(mark), nw = ct_width(number);
  int prefix = (markw < 2 ? 2 : markw) + 1 + (nw < numw ? numw : nw) + 2;
  static const char dash[] = "  — ";
  int stalew = *stale ? 2 + ct_width(stale) : 0;
  int room = width - prefix - stalew - (*a->note ? ct_width(dash) + ct_width(a->note) : 0);
  int below = *a->note && room < MIN_QUESTION;
  if (below)
    room = width - prefix - stalew;
  if (room < MIN_CUT)
    room = MIN_CUT;
  out(mark);
  pad(2 - markw);
  fputc(' ', stdout);
  out(number);
  pad(numw - nw);
  fputs("  ", stdout);
  ct_cut(stdout, question, room);
  if (*a->note && !below) {
    fputs(dash, stdout);
    out(a->note);
  }
  if (*stale) {
    fputs("  ", stdout);
    fputs(stale, stdout);
  }
  fputc('\n', stdout);
  if (below) {
    int hang = ct_hang(prefix, width);
    pad(hang);
    fputs(dash + 2, stdout);
    ct_wrap(stdout, a->note, hang + ct_width(dash + 2), hang + ct_width(dash + 2), width, NULL);
  }
}

static int walk_show(gn_state *st, gn_db *db, const opts *o)
{
  const char *walk = o->args[1];
  if (o->format == FMT_JSON && !o->limit) {
    int rc = gn_walk_export(st, db, walk, GN_WF_JSON, NULL, stdout);
    return rc ? walk_fail(st, rc) : GN_OK;
  }
  gn_answers as = {0};
  int rc = gn_walk_answers(st, db, walk, gn_answers_collect, &as);
  if (rc) {
    gn_answers_free(&as);
    return walk_fail(st, rc);
  }
  int n = o->limit && o->limit < as.n ? (int)o->limit : as.n;
  int numw = 0;
  for (int i = 0; i < as.n; i++) {
    int w = as.v[i].vanished ? 0 : ct_width(as.v[i].number);
    if (w > numw)
      numw = w;
  }
  for (int i = 0; i < n && rc == GN_OK; i++) {
    if (o->format == FMT_JSON)
      rc = gn_walk_answer_json(st, &as.v[i], print_json, NULL);
    else
      answer_line(&as.v[i], numw, o->width);
  }
  gn_answers_free(&as);
  return rc ? walk_fail(st, rc) : GN_OK;
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
  "usage: guidenav walk new CHECKLIST [--name NAME]\n"
  "  guidenav walk list | walk show WALK\n"
  "  guidenav walk set WALK ITEM STATUS [--note TEXT]\n"
  "  guidenav walk export WALK --format csv|md|json -o FILE [--force]";

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
  walkctx c = {st, o->format, 0, o->limit, o->width, GN_OK};
  if (!strcmp(sub, "new")) {
    char *id = NULL;
    rc = gn_walk_new(st, db, o->args[1], o->name, &id);
    if (rc == GN_OK && o->format == FMT_JSON) {
      rc = gn_walk_get(st, db, id, walk_line, &c);   /* the walkthrough as walk list has it */
      if (rc == GN_OK)
        rc = c.rc;
    } else if (rc == GN_OK) {
      printf("%s\n", id);
    }
    if (rc)
      walk_fail(st, rc);
    free(id);
  } else if (!strcmp(sub, "list")) {
    rc = gn_walk_list(st, db, walk_line, &c);
    if (rc == GN_OK)
      rc = c.rc;
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

/* Help and usage text, each line wrapped to width: a line that starts
 * with spaces hangs under its text column (where the text resumes after a
 * gap of two spaces or more, as in "  --db FILE        the index ..."). */
static void text_lines(FILE *f, const char *text, int width)
{
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    char *line = gn_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
    int hang = 0;
    if (*line == ' ') {
      const char *q = line;
      while (*q == ' ')
        q++;
      const char *gap = strstr(q, "  ");
      if (gap) {
        while (*gap == ' ')
          gap++;
        q = gap;
      }
      char *head = gn_xstrndup(line, (size_t)(q - line));
      hang = ct_hang(ct_width(head), width);
      free(head);
    }
    ct_wrap(f, line, 0, hang, width, NULL);
    free(line);
    if (!nl)
      break;
    p = nl + 1;
  }
}

static void print_help(const opts *o, const cmdinfo *ci)
{
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  if (!f)
    return;
  if (ci) {
    fprintf(f, "usage: %s\n\n%s\n", ci->synopsis, ci->text);
    if (!strcmp(ci->name, "open")) {
      fputs("\nKeys:\n", f);
      nav_print_keys(f, 0);
    }
  } else {
    usage(f);
  }
  fclose(f);
  text_lines(stdout, buf, o->width);
  free(buf);
}

static int run(opts *o)
{
  if (o->version) {
    printf("guidenav %s (index schema %d, tokenizer %d, SQLite %s)\n", GN_VERSION, GN_SCHEMA_VERSION,
           GN_JATOK_VERSION, sqlite3_libversion());
    return GN_OK;
  }
  const char *cmd = o->cmd ? o->cmd : "open";
  if (!strcmp(cmd, "help")) {
    o->help = 1;
    cmd = o->nargs ? o->args[0] : "open";
    if (!o->nargs)
      o->cmd = NULL;
  }
  const cmdinfo *ci = find_cmd(cmd);
  if (!ci)
    return usage_error("unknown command '%s'", cmd);
  if (o->help) {
    print_help(o, o->cmd ? ci : NULL);
    return GN_OK;
  }
  int rc;
  if ((rc = check_scope(o)) || (rc = check_format(o, cmd)))
    return rc;
  if (o->keys_roff) {
    nav_print_keys(stdout, 1);
    return GN_OK;
  }
  if (!strcmp(cmd, "build"))
    return o->nargs ? usage_error("build takes no operands (use -c DIR and -o FILE)") : cmd_build(o);
  if (!strcmp(cmd, "walk"))
    return cmd_walk(o);
  if (!strcmp(cmd, "check"))
    return o->nargs ? usage_error("check takes no operands (use -c DIR)") : cmd_check(o);
  gn_db *db = NULL;
  rc = open_db(o, &db);
  if (rc == GN_OK) {
    if (!strcmp(cmd, "open"))
      rc = cmd_open(o, db);
    else if (!strcmp(cmd, "toc"))
      rc = cmd_toc(o, db);
    else if (!strcmp(cmd, "show"))
      rc = cmd_show(o, db);
    else if (!strcmp(cmd, "search"))
      rc = cmd_search(o, db);
    else if (!strcmp(cmd, "refs"))
      rc = cmd_refs(o, db);
    else if (!strcmp(cmd, "points"))
      rc = cmd_points(o, db);
    else
      rc = cmd_checklist(o, db);
    gn_close(db);
  }
  return rc;
}

int cli_main(int argc, char **argv)
{
  opts o;
  msg_init();
  int rc = parse(argc, argv, &o);
  if (rc == GN_OK) {
    o.width = ct_columns();
    rc = run(&o);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    if (rc == GN_OK || rc == GN_NOTFOUND)
      fprintf(stderr, "guidenav: cannot write the output: %s\n", strerror(errno));
    rc = GN_EIO;
  }
  free(o.args);
  free(o.given);
  return rc;
}
