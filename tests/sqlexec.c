/* sqlexec.c — run SQL on an SQLite file: `sqlexec FILE SQL`.  For the CLI
 * tests that need a state file guidenav itself would never write (a name
 * or a note with control characters, as a file copied from elsewhere may
 * hold), where the sqlite3 program may not be installed.  Exit 0 on
 * success, 1 with SQLite's message on stderr otherwise. */
#include <sqlite3.h>
#include <stdio.h>

int main(int argc, char **argv)
{
  if (argc != 3) {
    fputs("usage: sqlexec FILE SQL\n", stderr);
    return 2;
  }
  sqlite3 *db;
  char *err = NULL;
  int rc = sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(db, argv[2], NULL, NULL, &err);
  if (rc != SQLITE_OK)
    fprintf(stderr, "sqlexec: %s: %s\n", argv[1], err ? err : sqlite3_errmsg(db));
  sqlite3_free(err);
  sqlite3_close(db);
  return rc == SQLITE_OK ? 0 : 1;
}
