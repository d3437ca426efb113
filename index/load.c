/* load.c — see load.h. */
#include "load.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

typedef struct ld {
  gn_content *c;
  gn_diags *d;
  const char *file;       /* owned by c->files */
  yaml_document_t *doc;
  int errors;
} ld;

#define MAXKEYS 16

typedef struct mr {
  ld *L;
  yaml_node_t *map;
  const char *what;
  const char *const *keys;
  yaml_node_t *val[MAXKEYS];
  gn_pos kpos[MAXKEYS];
} mr;

static gn_pos pos_of(ld *L, yaml_node_t *n)
{
  gn_pos p = {L->file, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
  return p;
}

static void err_at(ld *L, gn_pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err_at(ld *L, gn_pos p, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  gn_diag_vadd(L->d, p.file, p.line, p.col, fmt, ap);
  va_end(ap);
  L->errors++;
}

#define err_node(L, n, ...) err_at((L), pos_of((L), (n)), __VA_ARGS__)

static const char *type_name(yaml_node_t *n)
{
  switch (n->type) {
  case YAML_SCALAR_NODE: return "a scalar";
  case YAML_SEQUENCE_NODE: return "a list";
  case YAML_MAPPING_NODE: return "a mapping";
  default: return "nothing";
  }
}

/* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: line breaks for
 * YAML 1.1 (so libyaml's line numbers would no longer be an editor's) and
 * invisible elsewhere; like control characters, not allowed, raw or
 * escaped ("\L", "\P"). */
static int is_line_separator(uint32_t cp)
{
  return cp == 0x2028 || cp == 0x2029;
}

/* Check a decoded scalar value: no NUL, no control characters but TAB/LF. */
/* The length of the longest prefix of s[0..n) that the checks below accept
 * without a second look: printable ASCII, tab, newline, and well-formed
 * 3-byte characters (U+0800 and up, no surrogate: never a control; not
 * U+2028, U+2029).  The checks run their own decoding from there, so what
 * they report is unchanged; this only skips ahead over the bulk of the
 * text. */
static size_t clean_prefix(const unsigned char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
      i++;
      continue;
    }
    if ((c & 0xF0) == 0xE0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      uint32_t cp = (c & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) && !is_line_separator(cp)) {
        i += 3;
        continue;
      }
    }
    break;
  }
  return i;
}

/* How many bytes of s to quote in a message, at most max, without cutting
 * a UTF-8 character in two (messages reach the terminal: a stray lead
 * byte would be garbage there).  For "%.*s". */
static int clip(const char *s, int max)
{
  int n = 0;
  while (n < max && s[n])
    n++;
  if (n == max)
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
      n--;
  return n;
}

static int check_text(ld *L, yaml_node_t *n, const char *key)
{
  const unsigned char *s = n->data.scalar.value;
  size_t len = n->data.scalar.length;
  size_t i = 0;
  while (i < len) {
    i += clean_prefix(s + i, len - i);
    if (i >= len)
      break;
    uint32_t cp;
    int k = gn_utf8_decode(s + i, len - i, &cp);
    if (!k) {
      err_node(L, n, "invalid UTF-8 in the value of '%s'", key);
      return 0;
    }
    if (gn_is_forbidden_control(cp) || is_line_separator(cp)) {
      char what[32];
      snprintf(what, sizeof what, " (U+%04X)", (unsigned)cp);
      err_node(L, n, "%s in the value of '%s'%s",
               is_line_separator(cp) ? "line separator" : "control character", key, what);
      return 0;
    }
    i += (size_t)k;
  }
  return 1;
}

static void mr_init(mr *m, ld *L, yaml_node_t *map, const char *what, const char *const *keys)
{
  memset(m, 0, sizeof *m);
  m->L = L;
  m->map = map;
  m->what = what;
  m->keys = keys;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
    yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
    if (!k || !v)
      continue;
    if (k->type != YAML_SCALAR_NODE) {
      err_node(L, k, "a key in %s must be a plain word, not %s", what, type_name(k));
      continue;
    }
    const char *key = (const char *)k->data.scalar.value;
    int idx = -1;
    /* (the whole key: "id\0x" in double quotes is not 'id') */
    for (int i = 0; keys[i]; i++)
      if (strcmp(keys[i], key) == 0 && strlen(key) == k->data.scalar.length)
        idx = i;
    if (idx < 0) {
      gn_buf b = {0};
      for (int i = 0; keys[i]; i++)
        gn_buf_printf(&b, "%s%s", i ? ", " : "", keys[i]);
      gn_pos kp = pos_of(L, k);
      const char *shown = check_text(L, k, "key") ? key : "?";
      gn_diag_add(L->d, kp.file, kp.line, kp.col, "unknown key '%.*s' in %s (expected one of: %s)",
                  clip(shown, 64), shown, what, b.s);
      L->errors++;
      gn_buf_free(&b);
      continue;
    }
    if (m->val[idx]) {
      gn_pos kp = pos_of(L, k);
      gn_diag_add(L->d, kp.file, kp.line, kp.col, "duplicate key '%s' in %s (first at line %d)",
                  key, what, m->kpos[idx].line);
      L->errors++;
      continue;
    }
    m->val[idx] = v;
    m->kpos[idx] = pos_of(L, k);
  }
}

static int key_index(mr *m, const char *key)
{
  for (int i = 0; m->keys[i]; i++)
    if (strcmp(m->keys[i], key) == 0)
      return i;
  abort(); /* programming error: key not in the table */
}

static yaml_node_t *mr_get(mr *m, const char *key, int required)
{
  yaml_node_t *v = m->val[key_index(m, key)];
  if (!v && required) {
    gn_pos p = pos_of(m->L, m->map);
    gn_diag_add(m->L->d, p.file, p.line, p.col, "%s: missing required key '%s'", m->what, key);
    m->L->errors++;
  }
  return v;
}

static gn_pos mr_pos(mr *m, const char *key)
{
  yaml_node_t *v = m->val[key_index(m, key)];
  return v ? pos_of(m->L, v) : pos_of(m->L, m->map);
}

static int is_null_scalar(yaml_node_t *v)
{
  if (v->type != YAML_SCALAR_NODE || v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return 0;
  const char *s = (const char *)v->data.scalar.value;
  return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static char *scalar_str(ld *L, yaml_node_t *v, const char *key, const char *what)
{
  if (v->type != YAML_SCALAR_NODE) {
    err_node(L, v, "'%s' in %s must be a string, not %s", key, what, type_name(v));
    return NULL;
  }
  if (!check_text(L, v, key))
    return NULL;
  return gn_xstrndup((const char *)v->data.scalar.value, v->data.scalar.length);
}

/* A string field.  nonempty: an empty (or blank) value is an error. */
static char *mr_str(mr *m, const char *key, int required, int nonempty)
{
  yaml_node_t *v = mr_get(m, key, required);
  if (!v)
    return NULL;
  if (is_null_scalar(v) && nonempty) {
    err_node(m->L, v, "empty '%s' in %s", key, m->what);
    return NULL;
  }
  char *s = scalar_str(m->L, v, key, m->what);
  if (s && nonempty && strspn(s, " \t\n") == strlen(s)) {
    err_node(m->L, v, "empty '%s' in %s", key, m->what);
    free(s);
    return NULL;
  }
  return s;
}

static char *mr_enum(mr *m, const char *key, int required, const char *const *allowed)
{
  char *s = mr_str(m, key, required, 1);
  if (!s)
    return NULL;
  for (int i = 0; allowed[i]; i++)
    if (!strcmp(s, allowed[i]))
      return s;
  gn_buf b = {0};
  for (int i = 0; allowed[i]; i++)
    gn_buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
  gn_pos p = mr_pos(m, key);
  gn_diag_add(m->L->d, p.file, p.line, p.col, "'%s' must be one of %s, not '%.*s'", key, b.s,
              clip(s, 64), s);
  m->L->errors++;
  gn_buf_free(&b);
  free(s);
  return NULL;
}

static int mr_int(mr *m, const char *key, int required, int lo, int hi, int *out)
{
  yaml_node_t *v = mr_get(m, key, required);
  if (!v)
    return 0;
  const char *s = (const char *)v->data.scalar.value;
  char *end = NULL;
  long x = 0;
  if (v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && *s) {
    errno = 0;
    x = strtol(s, &end, 10);
  }
  if (!end || *end || errno || x < lo || x > hi) {
    char range[64];
    snprintf(range, sizeof range, "%d to %d", lo, hi);
    err_node(m->L, v, "'%s' must be a whole number from %s", key, range);
    return 0;
  }
  *out = (int)x;
  return 1;
}

static int mr_bool(mr *m, const char *key, int required, int *out)
{
  yaml_node_t *v = mr_get(m, key, required);
  if (!v)
    return 0;
  const char *s = (const char *)v->data.scalar.value;
  if (v->type == YAML_SCALAR_NODE && v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
    if (!strcmp(s, "true") || !strcmp(s, "yes")) {
      *out = 1;
      return 1;
    }
    if (!strcmp(s, "false") || !strcmp(s, "no")) {
      *out = 0;
      return 1;
    }
  }
  err_node(m->L, v, "'%s' must be true or false", key);
  return 0;
}

/* A list of scalars.  Each element is passed to add(). */
static yaml_node_t *mr_list(mr *m, const char *key, int required)
{
  yaml_node_t *v = mr_get(m, key, required);
  if (!v)
    return NULL;
  if (v->type != YAML_SEQUENCE_NODE) {
    if (is_null_scalar(v) && !required)
      return NULL;
    err_node(m->L, v, "'%s' must be a list, not %s", key, type_name(v));
    return NULL;
  }
  return v;
}

#define EACH(L, seq, it)                                                          \
  for (yaml_node_item_t *it##_i = (seq)->data.sequence.items.start;               \
       it##_i < (seq)->data.sequence.items.top; it##_i++)                         \
    for (yaml_node_t *it = yaml_document_get_node((L)->doc, *it##_i); it; it = NULL)

static void mr_refs(mr *m, const char *key, int required, gn_reflist *out)
{
  yaml_node_t *seq = mr_list(m, key, required);
  if (!seq)
    return;
  if (required && seq->data.sequence.items.start == seq->data.sequence.items.top)
    err_node(m->L, seq, "'%s' in %s must name at least one id", key, m->what);
  EACH(m->L, seq, it) {
    char *s = scalar_str(m->L, it, key, m->what);
    if (!s)
      continue;
    gn_ref r = {s, pos_of(m->L, it)};
    GN_PUSH(out->v, out->n, out->cap, r);
  }
}

static void mr_strs(mr *m, const char *key, gn_strs *out)
{
  yaml_node_t *seq = mr_list(m, key, 0);
  if (!seq)
    return;
  EACH(m->L, seq, it) {
    char *s = scalar_str(m->L, it, key, m->what);
    if (s)
      GN_PUSH(out->v, out->n, out->cap, s);
  }
}

static int valid_id(const char *s)
{
  if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
    return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
      return 0;
  return 1;
}

static char *mr_id(mr *m)
{
  char *s = mr_str(m, "id", 1, 1);
  gn_pos pos = mr_pos(m, "id");
  if (s && !valid_id(s)) {
    gn_diag_add(m->L->d, pos.file, pos.line, pos.col,
                "id '%.*s' must be lower-case ASCII letters, digits, '.', '_' or '-', starting with a letter or digit",
                clip(s, 64), s);
    m->L->errors++;
  }
  return s;
}

static const char *const confidences[] = {"seen", "derived", "background", "unverified", NULL};

static yaml_node_t *expect_map(ld *L, yaml_node_t *v, const char *what)
{
  if (v->type != YAML_MAPPING_NODE) {
    err_node(L, v, "%s must be a mapping, not %s", what, type_name(v));
    return NULL;
  }
  return v;
}

static void read_prov(ld *L, yaml_node_t *v, gn_prov *p)
{
  static const char *const keys[] = {"edition", "confidence", "note", NULL};
  if (!expect_map(L, v, "provenance"))
    return;
  mr m;
  mr_init(&m, L, v, "provenance", keys);
  p->pos = pos_of(L, v);
  p->edition = mr_str(&m, "edition", 1, 1);
  p->confidence = mr_enum(&m, "confidence", 1, confidences);
  p->note = mr_str(&m, "note", 0, 0);
}

static void mr_prov(mr *m, const char *key, int required, gn_prov *p)
{
  yaml_node_t *v = mr_get(m, key, required);
  if (v)
    read_prov(m->L, v, p);
}

static const char *const node_kinds[] = {"volume", "part", "chapter", "section", "item", NULL};

static void read_node(ld *L, yaml_node_t *v, gn_node *parent);

static void read_nodes(ld *L, yaml_node_t *seq, gn_node *parent)
{
  EACH(L, seq, it)
    read_node(L, it, parent);
}

static void read_node(ld *L, yaml_node_t *v, gn_node *parent)
{
  static const char *const keys[] = {"id", "kind", "parent", "volume", "number", "title",
                                     "body", "refs", "provenance", "children", NULL};
  if (!expect_map(L, v, "a node"))
    return;
  mr m;
  mr_init(&m, L, v, "node", keys);
  gn_node *n = gn_xcalloc(1, sizeof *n);
  n->pos = pos_of(L, v);
  n->id = mr_id(&m);
  n->pos = pos_of(L, v);
  char *kind = mr_enum(&m, "kind", 1, node_kinds);
  n->kind_pos = mr_pos(&m, "kind");
  n->kind = GN_ITEM;
  for (int i = 0; kind && i < GN_NKIND_COUNT; i++)
    if (!strcmp(kind, gn_nkind_names[i]))
      n->kind = (enum gn_nkind)i;
  int kind_ok = kind != NULL;
  free(kind);
  if (mr_get(&m, "parent", 0)) {
    if (parent) {
      err_at(L, mr_pos(&m, "parent"), "'parent' is only allowed on a top-level node; '%s' is nested in its parent",
             parent->id ? parent->id : "");
    } else {
      n->parent_ref.id = mr_str(&m, "parent", 0, 1);
      n->parent_ref.pos = mr_pos(&m, "parent");
    }
  }
  if (kind_ok && n->kind == GN_VOLUME) {
    mr_int(&m, "volume", 1, 1, 4, &n->volume);
  } else if (mr_get(&m, "volume", 0)) {
    err_at(L, mr_pos(&m, "volume"), "'volume' is only allowed on a node of kind volume");
  }
  n->number = mr_str(&m, "number", kind_ok && n->kind != GN_PART, 1);
  n->number_pos = mr_pos(&m, "number");
  if (!n->number)
    n->number = gn_xstrdup("");
  n->title = mr_str(&m, "title", 1, 1);
  n->body = mr_str(&m, "body", 0, 0);
  mr_refs(&m, "refs", 0, &n->refs);
  mr_prov(&m, "provenance", 1, &n->prov);
  n->parent = parent;
  GN_PUSH(L->c->nodes, L->c->nnodes, L->c->capnodes, n);
  if (parent)
    GN_PUSH(parent->kids, parent->nkids, parent->capkids, n);
  yaml_node_t *kids = mr_list(&m, "children", 0);
  if (kids)
    read_nodes(L, kids, n);
}

static void read_meta(ld *L, yaml_node_t *v)
{
  static const char *const keys[] = {"title", "edition", "publisher", "source", "disclaimer",
                                     "disclaimer_en", "note", NULL};
  if (!expect_map(L, v, "guideline"))
    return;
  if (L->c->have_meta) {
    err_node(L, v, "'guideline' is given twice (first in %s)", L->c->meta.pos.file);
    return;
  }
  mr m;
  mr_init(&m, L, v, "guideline", keys);
  gn_metadata *g = &L->c->meta;
  L->c->have_meta = 1;
  g->pos = pos_of(L, v);
  g->title = mr_str(&m, "title", 1, 1);
  g->edition = mr_str(&m, "edition", 1, 1);
  g->publisher = mr_str(&m, "publisher", 1, 1);
  g->source = mr_str(&m, "source", 1, 1);
  g->disclaimer = mr_str(&m, "disclaimer", 1, 1);
  g->disclaimer_en = mr_str(&m, "disclaimer_en", 0, 1);
  g->note = mr_str(&m, "note", 0, 0);
}

static int valid_date(const char *s)
{
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return 0;
  int mo = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

static void read_point(ld *L, yaml_node_t *v, gn_meeting *mt)
{
  static const char *const keys[] = {"id", "number", "topic", "agenda", "remarks", "response",
                                     "disposition", "status", "outcome", "nodes", NULL};
  static const char *const dispositions[] = {"publicise", "consider-wording", "deferred",
                                             "will-report", "consult", "noted", NULL};
  static const char *const statuses[] = {"open", "reflected", "deferred", "unknown", NULL};
  static const char *const roles[] = {"member", "secretariat", NULL};
  if (!expect_map(L, v, "a revision point"))
    return;
  mr m;
  mr_init(&m, L, v, "revision point", keys);
  gn_point *p = gn_xcalloc(1, sizeof *p);
  p->id = mr_id(&m);
  p->pos = pos_of(L, v);
  p->meeting = mt;
  mr_int(&m, "number", 1, 1, 999, &p->number);
  p->topic = mr_str(&m, "topic", 1, 1);
  p->agenda = mr_str(&m, "agenda", 0, 0);
  p->response = mr_str(&m, "response", 1, 1);
  p->disposition = mr_enum(&m, "disposition", 1, dispositions);
  p->status = mr_enum(&m, "status", 1, statuses);
  yaml_node_t *rs = mr_list(&m, "remarks", 1);
  if (rs) {
    EACH(L, rs, it) {
      static const char *const rkeys[] = {"role", "inferred", "text", NULL};
      if (!expect_map(L, it, "a remark"))
        continue;
      mr r;
      mr_init(&r, L, it, "remark", rkeys);
      gn_remark_m rm = {0};
      rm.pos = pos_of(L, it);
      rm.role = mr_enum(&r, "role", 1, roles);
      mr_bool(&r, "inferred", 1, &rm.inferred);
      rm.text = mr_str(&r, "text", 1, 1);
      GN_PUSH(p->remarks, p->nremarks, p->capremarks, rm);
    }
    if (!p->nremarks)
      err_node(L, rs, "a revision point needs at least one remark");
  }
  yaml_node_t *oc = mr_get(&m, "outcome", 0);
  if (oc && expect_map(L, oc, "outcome")) {
    static const char *const okeys[] = {"edition", "confidence", "note", "text", NULL};
    mr o;
    mr_init(&o, L, oc, "outcome", okeys);
    p->has_outcome = 1;
    p->outcome.pos = pos_of(L, oc);
    p->outcome.edition = mr_str(&o, "edition", 1, 1);
    p->outcome.confidence = mr_enum(&o, "confidence", 1, confidences);
    p->outcome.note = mr_str(&o, "note", 0, 0);
    p->outcome_text = mr_str(&o, "text", 1, 1);
  }
  mr_refs(&m, "nodes", 1, &p->nodes);
  GN_PUSH(mt->points, mt->npoints, mt->cappoints, p);
}

static void read_meeting(ld *L, yaml_node_t *v)
{
  static const char *const keys[] = {"id", "number", "date", "title", "time", "venue", "source",
                                     "provenance", "points", NULL};
  if (!expect_map(L, v, "a meeting"))
    return;
  mr m;
  mr_init(&m, L, v, "meeting", keys);
  gn_meeting *mt = gn_xcalloc(1, sizeof *mt);
  mt->id = mr_id(&m);
  mt->pos = pos_of(L, v);
  mr_int(&m, "number", 1, 1, 9999, &mt->number);
  mt->date = mr_str(&m, "date", 1, 1);
  if (mt->date && !valid_date(mt->date)) {
    err_at(L, mr_pos(&m, "date"), "'date' must be written YYYY-MM-DD, not '%.*s'", clip(mt->date, 32),
           mt->date);
  }
  mt->title = mr_str(&m, "title", 1, 1);
  mt->time = mr_str(&m, "time", 0, 0);
  mt->venue = mr_str(&m, "venue", 0, 0);
  mt->source = mr_str(&m, "source", 1, 1);
  mr_prov(&m, "provenance", 1, &mt->prov);
  GN_PUSH(L->c->meetings, L->c->nmeetings, L->c->capmeetings, mt);
  yaml_node_t *ps = mr_list(&m, "points", 1);
  if (ps)
    EACH(L, ps, it)
      read_point(L, it, mt);
}

static void read_item(ld *L, yaml_node_t *v, gn_checklist *cl)
{
  static const char *const keys[] = {"id", "number", "question", "guidance", "evidence",
                                     "procedure", "nodes", "points", NULL};
  if (!expect_map(L, v, "a checklist item"))
    return;
  mr m;
  mr_init(&m, L, v, "checklist item", keys);
  gn_item *it = gn_xcalloc(1, sizeof *it);
  it->id = mr_id(&m);
  it->pos = pos_of(L, v);
  it->checklist = cl;
  it->number = mr_str(&m, "number", 1, 1);
  it->question = mr_str(&m, "question", 1, 1);
  it->guidance = mr_str(&m, "guidance", 0, 0);
  mr_strs(&m, "evidence", &it->evidence);
  mr_strs(&m, "procedure", &it->procedure);
  mr_refs(&m, "nodes", 1, &it->nodes);
  mr_refs(&m, "points", 0, &it->points);
  it->seq = cl->nitems + 1;
  GN_PUSH(cl->items, cl->nitems, cl->capitems, it);
}

static void read_checklist(ld *L, yaml_node_t *v)
{
  static const char *const keys[] = {"id", "title", "description", "items", NULL};
  if (!expect_map(L, v, "a checklist"))
    return;
  mr m;
  mr_init(&m, L, v, "checklist", keys);
  gn_checklist *cl = gn_xcalloc(1, sizeof *cl);
  cl->id = mr_id(&m);
  cl->pos = pos_of(L, v);
  cl->title = mr_str(&m, "title", 1, 1);
  cl->description = mr_str(&m, "description", 0, 0);
  GN_PUSH(L->c->checklists, L->c->nchecklists, L->c->capchecklists, cl);
  yaml_node_t *items = mr_list(&m, "items", 1);
  if (items)
    EACH(L, items, it)
      read_item(L, it, cl);
}

static void read_term(ld *L, yaml_node_t *v)
{
  static const char *const keys[] = {"id", "term", "reading", "definition", "nodes", "see", NULL};
  if (!expect_map(L, v, "a term"))
    return;
  mr m;
  mr_init(&m, L, v, "term", keys);
  gn_term *t = gn_xcalloc(1, sizeof *t);
  t->id = mr_id(&m);
  t->pos = pos_of(L, v);
  t->term = mr_str(&m, "term", 1, 1);
  t->reading = mr_str(&m, "reading", 1, 1);
  t->definition = mr_str(&m, "definition", 1, 1);
  mr_refs(&m, "nodes", 0, &t->nodes);
  mr_refs(&m, "see", 0, &t->see);
  GN_PUSH(L->c->terms, L->c->nterms, L->c->capterms, t);
}

static void read_root(ld *L, yaml_node_t *root)
{
  static const char *const keys[] = {"guideline", "nodes", "meetings", "checklists", "terms", NULL};
  if (is_null_scalar(root))
    return;
  if (!expect_map(L, root, "a content file"))
    return;
  mr m;
  mr_init(&m, L, root, "a content file", keys);
  yaml_node_t *v;
  if ((v = mr_get(&m, "guideline", 0)))
    read_meta(L, v);
  if ((v = mr_list(&m, "nodes", 0)))
    read_nodes(L, v, NULL);
  if ((v = mr_list(&m, "meetings", 0)))
    EACH(L, v, it)
      read_meeting(L, it);
  if ((v = mr_list(&m, "checklists", 0)))
    EACH(L, v, it)
      read_checklist(L, it);
  if ((v = mr_list(&m, "terms", 0)))
    EACH(L, v, it)
      read_term(L, it);
}

/* Line and column (1-based, columns in characters) of a byte offset. */
static void offset_pos(const char *s, size_t n, size_t off, int *line, int *col)
{
  int l = 1, c = 1;
  size_t i = 0;
  while (i < off && i < n) {
    if (s[i] == '\n') {
      l++;
      c = 1;
      i++;
      continue;
    }
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    i += k ? (size_t)k : 1;
    c++;
  }
  *line = l;
  *col = c;
}

/* Raw bytes: valid UTF-8, no control characters (CR is allowed only before
 * LF).  Reports every bad place; returns the number found. */
static int check_bytes(ld *L, const char *s, size_t n)
{
  int bad = 0;
  size_t i = 0;
  while (i < n && bad < 20) {
    i += clean_prefix((const unsigned char *)s + i, n - i);
    if (i >= n)
      break;
    uint32_t cp;
    int k = gn_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    int line, col;
    if (!k) {
      offset_pos(s, n, i, &line, &col);
      gn_diag_add(L->d, L->file, line, col, "invalid UTF-8 (byte 0x%02X at offset %zu)",
                  (unsigned char)s[i], i);
      L->errors++;
      bad++;
      i++;
      continue;
    }
    if (gn_is_forbidden_control(cp) && !(cp == '\r' && i + 1 < n && s[i + 1] == '\n') &&
        !(cp == 0xFEFF)) {
      offset_pos(s, n, i, &line, &col);
      gn_diag_add(L->d, L->file, line, col, "control character U+%04X is not allowed", (unsigned)cp);
      L->errors++;
      bad++;
    } else if (is_line_separator(cp)) {
      offset_pos(s, n, i, &line, &col);
      gn_diag_add(L->d, L->file, line, col,
                  "line separator U+%04X is not allowed (YAML reads it as a line break)", (unsigned)cp);
      L->errors++;
      bad++;
    }
    i += (size_t)k;
  }
  return bad;
}

static void fnv(unsigned long long *h, const void *p, size_t n)
{
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) {
    *h ^= s[i];
    *h *= 1099511628211ULL;
  }
}

static char *slurp(const char *path, size_t *len, int *err)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    *err = errno;
    return NULL;
  }
  gn_buf b = {0};
  char tmp[65536];
  size_t k;
  while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
    gn_buf_add(&b, tmp, k);
  int bad = ferror(f);
  *err = bad ? EIO : 0;
  fclose(f);
  if (bad) {
    gn_buf_free(&b);
    return NULL;
  }
  if (!b.s)
    gn_buf_add(&b, "", 0);
  *len = b.len;
  return b.s;
}

/* YAML aliases (*name) are not accepted: an alias makes a node appear in
 * two places of the document, or in itself (a node that is its own child
 * would be read for ever, and aliases of aliases make a small file expand
 * exponentially).  libyaml's document gives an aliased node by the same
 * index wherever it is used, so an alias shows as a node used more than
 * once.  Reports each such node at its anchor; returns how many. */
static int shared_nodes(ld *L, yaml_document_t *doc)
{
  size_t n = (size_t)(doc->nodes.top - doc->nodes.start);
  unsigned char *uses = gn_xcalloc(n + 1, 1);
  int bad = 0;
  uses[1] = 1;    /* the root */
  for (size_t i = 1; i <= n; i++) {
    yaml_node_t *nd = yaml_document_get_node(doc, (int)i);
    int refs[2], nrefs = 0;
    yaml_node_item_t *it = NULL, *end = NULL;
    yaml_node_pair_t *p = NULL, *pend = NULL;
    if (nd->type == YAML_SEQUENCE_NODE) {
      it = nd->data.sequence.items.start;
      end = nd->data.sequence.items.top;
    } else if (nd->type == YAML_MAPPING_NODE) {
      p = nd->data.mapping.pairs.start;
      pend = nd->data.mapping.pairs.top;
    }
    for (;;) {
      if (it && it < end) {
        refs[0] = *it++;
        nrefs = 1;
      } else if (p && p < pend) {
        refs[0] = p->key;
        refs[1] = p->value;
        p++;
        nrefs = 2;
      } else {
        break;
      }
      for (int r = 0; r < nrefs; r++) {
        if (refs[r] < 1 || (size_t)refs[r] > n || uses[refs[r]] >= 2)
          continue;
        if (++uses[refs[r]] == 2) {
          err_node(L, yaml_document_get_node(doc, refs[r]),
                   "an alias (*name) refers to this node: YAML aliases are not allowed in content");
          bad++;
        }
      }
    }
  }
  free(uses);
  return bad;
}

static int load_file(const char *path, const char *mem, size_t memlen, gn_content *c, gn_diags *d);

int gn_load_file(const char *path, gn_content *c, gn_diags *d)
{
  return load_file(path, NULL, 0, c, d);
}

/* The file could not be read at all: its errors come first, and the model
 * is incomplete (a record it defines is missing). */
static int unread(gn_content *c, gn_diags *d, int from, int errs)
{
  gn_diags_mark_first(d, from);
  c->incomplete = 1;
  return errs;
}

int gn_load_mem(const char *name, const char *buf, size_t len, gn_content *c, gn_diags *d)
{
  return load_file(name, buf ? buf : "", buf ? len : 0, c, d);
}

/* Load the file at path, or (mem not NULL) the bytes mem[0..memlen) as if
 * they were that file. */
static int load_file(const char *path, const char *mem, size_t memlen, gn_content *c, gn_diags *d)
{
  ld L = {c, d, NULL, NULL, 0};
  int from = d->n;
  char *name = gn_xstrdup(path);
  GN_PUSH(c->files, c->nfiles, c->capfiles, name);
  L.file = name;
  if (c->nfiles == 1)
    c->hash = 14695981039346656037ULL;
  size_t len = 0;
  int e = 0;
  char *buf = mem ? gn_xstrndup(mem, memlen) : slurp(path, &len, &e);
  if (mem)
    len = memlen;
  if (!buf) {
    gn_diag_add(d, path, 0, 0, "cannot read: %s", strerror(e));
    d->io++;
    return unread(c, d, from, 1);
  }
  fnv(&c->hash, path, strlen(path) + 1);
  fnv(&c->hash, buf, len);
  c->bytes += len;
  snprintf(c->hash_hex, sizeof c->hash_hex, "%016llx", c->hash);
  if (check_bytes(&L, buf, len)) {
    free(buf);
    return unread(c, d, from, L.errors);
  }
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
  yaml_document_t doc;
  if (!yaml_parser_load(&parser, &doc)) {
    int line, col;
    if (parser.error == YAML_READER_ERROR) {
      offset_pos(buf, len, parser.problem_offset, &line, &col);
    } else {
      line = (int)parser.problem_mark.line + 1;
      col = (int)parser.problem_mark.column + 1;
    }
    if (parser.context)
      gn_diag_add(d, L.file, line, col, "YAML syntax error: %s %s (line %d)", parser.problem ? parser.problem : "",
                  parser.context, (int)parser.context_mark.line + 1);
    else
      gn_diag_add(d, L.file, line, col, "YAML syntax error: %s", parser.problem ? parser.problem : "unknown");
    L.errors++;
    yaml_parser_delete(&parser);
    free(buf);
    return unread(c, d, from, L.errors);
  }
  L.doc = &doc;
  yaml_node_t *root = yaml_document_get_root_node(&doc);
  int unreadable = 0;
  if (root && !(unreadable = shared_nodes(&L, &doc)))
    read_root(&L, root);
  yaml_document_delete(&doc);
  /* A second document in the same file is an error (it would be ignored). */
  if (root) {
    yaml_document_t doc2;
    if (yaml_parser_load(&parser, &doc2)) {
      yaml_node_t *r2 = yaml_document_get_root_node(&doc2);
      if (r2) {
        gn_diag_add(d, L.file, (int)r2->start_mark.line + 1, (int)r2->start_mark.column + 1,
                    "only one YAML document per file: remove the second '---'");
        L.errors++;
      }
      yaml_document_delete(&doc2);
    } else {
      gn_diag_add(d, L.file, (int)parser.problem_mark.line + 1, (int)parser.problem_mark.column + 1,
                  "YAML syntax error: %s", parser.problem ? parser.problem : "unknown");
      L.errors++;
    }
  }
  yaml_parser_delete(&parser);
  free(buf);
  /* with an alias in it, the file was not read at all */
  return unreadable ? unread(c, d, from, L.errors) : L.errors;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, const char *rel, gn_strs *out, gn_content *c, gn_diags *d,
                 int *errs, int depth)
{
  char *full = *rel ? gn_xasprintf("%s/%s", dir, rel) : gn_xstrdup(dir);
  DIR *dp = opendir(full);
  if (!dp) {
    gn_diag_add(d, full, 0, 0, "cannot read the content folder: %s", strerror(errno));
    d->io++;
    unread(c, d, d->n - 1, 0);
    (*errs)++;
    free(full);
    return;
  }
  /* a file added to or removed from this folder changes its time: the
   * depfile lists it so that the build reruns */
  GN_PUSH(c->dirs, c->ndirs, c->capdirs, gn_xstrdup(full));
  struct dirent *e;
  while ((e = readdir(dp))) {
    if (e->d_name[0] == '.')
      continue;
    char *r = *rel ? gn_xasprintf("%s/%s", rel, e->d_name) : gn_xstrdup(e->d_name);
    char *p = gn_xasprintf("%s/%s", dir, r);
    struct stat st;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < 8) {
      walk(dir, r, out, c, d, errs, depth + 1);
      free(r);
    } else {
      size_t k = strlen(r);
      if (k > 5 && !strcmp(r + k - 5, ".yaml"))
        GN_PUSH(out->v, out->n, out->cap, r);
      else
        free(r);
    }
    free(p);
  }
  closedir(dp);
  free(full);
}

int gn_load_dir(const char *dir, gn_content *c, gn_diags *d)
{
  gn_strs files = {0};
  int errs = 0;
  walk(dir, "", &files, c, d, &errs, 0);
  if (!errs && files.n == 0) {
    gn_diag_add(d, dir, 0, 0, "no *.yaml files in the content folder");
    errs++;
  }
  if (files.n > 1)
    qsort(files.v, (size_t)files.n, sizeof *files.v, cmp_str);
  for (int i = 0; i < files.n; i++) {
    char *p = gn_xasprintf("%s/%s", dir, files.v[i]);
    errs += gn_load_file(p, c, d);
    free(p);
    free(files.v[i]);
  }
  free(files.v);
  return errs;
}
