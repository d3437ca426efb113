/* main.c — the entry point: locale, then the CLI (which may start the
 * navigator).  Only main returns the exit status to the system. */
#include <locale.h>

#include "cli.h"

int main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  return cli_main(argc, argv);
}
