/* nav.c — see nav.h.  (Being written: this first version only prints.) */
#include "nav.h"

#include "keys.h"
#include "msg.h"

int nav_run(const nav_opts *o)
{
  (void)o;
  fputs("guidenav: the navigator is not finished yet\n", stderr);
  return 0;
}

void nav_print_keys(FILE *f, int roff)
{
  msg_init();
  keys_print(f, roff);
}
