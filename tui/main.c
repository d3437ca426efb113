/* main.c — the entry point: the locale, then the CLI (which may start the
 * navigator).  Only main returns the exit status to the system. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int unset(const char *name)
{
  const char *v = getenv(name);
  return !v || !*v;
}

int main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  /* A fresh machine often has no locale at all (plain C), while its
   * terminal is UTF-8.  When the user chose nothing, take C.UTF-8 for
   * characters; a locale that was chosen is respected (the navigator then
   * refuses a non-UTF-8 one with a message). */
  if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0 && unset("LC_ALL") && unset("LC_CTYPE") &&
      unset("LANG"))
    setlocale(LC_CTYPE, "C.UTF-8");
  return cli_main(argc, argv);
}
