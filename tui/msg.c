/* msg.c — see msg.h. */
#include "msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const texts[MSG__COUNT][2] = {
#define MSG_TEXT(id, en, ja) {en, ja},
  MSG_INFO(MSG_TEXT)
#undef MSG_TEXT
};

static int lang_ja;

int msg_names_ja(const char *v)
{
  return v && v[0] == 'j' && v[1] == 'a' &&
         (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@' ||
          v[2] == ':' || v[2] == '-');
}

/* A value that names no language: C, POSIX, C.UTF-8 and the like. */
static int neutral(const char *v)
{
  return strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
         strncmp(v, "C.", 2) == 0 || strncmp(v, "C@", 2) == 0;
}

void msg_init(void)
{
  static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
  lang_ja = 0;
  for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
    const char *v = getenv(vars[i]);
    if (!v || !*v || neutral(v))
      continue;
    lang_ja = msg_names_ja(v);
    return;
  }
}

void msg_set_ja(int ja)
{
  lang_ja = ja != 0;
}

int msg_is_ja(void)
{
  return lang_ja;
}

const char *msg(enum msg_id id)
{
  return msg_lang(id, lang_ja);
}

const char *msg_lang(enum msg_id id, int ja)
{
  if ((int)id < 0 || id >= MSG__COUNT)
    return "";
  return texts[id][ja ? 1 : 0];
}

/* The one place where a format comes from a table: the table's formats are
 * checked against each other by tests/test-msg.c. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *msg_vfmt(enum msg_id id, va_list ap)
{
  va_list ap2;
  va_copy(ap2, ap);
  const char *f = msg(id);
  char buf[512];
  int n = vsnprintf(buf, sizeof buf, f, ap);
  char *s;
  if (n < 0) {
    s = gn_xstrdup(f);
  } else if ((size_t)n < sizeof buf) {
    s = gn_xstrdup(buf);
  } else {
    s = gn_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, f, ap2);
  }
  va_end(ap2);
  return s;
}
#pragma GCC diagnostic pop

char *msg_fmt(enum msg_id id, ...)
{
  va_list ap;
  va_start(ap, id);
  char *s = msg_vfmt(id, ap);
  va_end(ap);
  return s;
}

typedef struct msg_map {
  const char *id;
  enum msg_id msg;
} msg_map;

static const char *lookup(const msg_map *m, size_t n, const char *id)
{
  for (size_t i = 0; id && i < n; i++)
    if (strcmp(id, m[i].id) == 0)
      return msg(m[i].msg);
  return id ? id : "";
}

const char *msg_disposition(const char *id)
{
  static const msg_map m[] = {
    {"publicise", MSG_DISP_PUBLICISE}, {"consider-wording", MSG_DISP_CONSIDER_WORDING},
    {"deferred", MSG_DISP_DEFERRED}, {"will-report", MSG_DISP_WILL_REPORT},
    {"consult", MSG_DISP_CONSULT}, {"noted", MSG_DISP_NOTED},
  };
  return lookup(m, sizeof m / sizeof m[0], id);
}

const char *msg_status(const char *id)
{
  static const msg_map m[] = {
    {"open", MSG_STATUS_OPEN}, {"reflected", MSG_STATUS_REFLECTED},
    {"deferred", MSG_STATUS_DEFERRED}, {"unknown", MSG_STATUS_UNKNOWN},
  };
  return lookup(m, sizeof m / sizeof m[0], id);
}
