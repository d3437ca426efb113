/* display.h — the terminal: curses lifecycle, input, signals, screen dumps.
 *
 * Owns: the only calls that start and stop curses and read input.  On a
 * terminal it runs curses on stdin/stdout; in the test mode (a script given)
 * it runs curses on a virtual screen whose output goes to /dev/null, sized
 * by LINES and COLUMNS, with input taken from the script (script.h), so
 * tests need no tty.  It restores the terminal on every way out: a normal
 * stop, Ctrl-C, SIGTERM and SIGHUP (reported as an event so the program
 * saves and stops), fatal signals (SIGSEGV, SIGABRT from an out-of-memory
 * abort, ...: restored, then the signal is re-raised), and exit() (atexit).
 * It also reads the virtual screen back for :dump-screen (text, with wide
 * characters and line graphics as ASCII) and :dump-attrs.
 *
 * Contract: one display at a time.  disp_start returns 0, or -1 (no terminal:
 * not a tty, unknown type) or -2 (the script cannot be read) with *err
 * malloc'd; disp_stop is safe to call twice.  Events are read with
 * disp_next; disp_pending says whether another event is already waiting
 * (typed ahead, or the rest of a script line), so the caller can take an
 * input method's burst whole and draw once.
 */
#ifndef GN_DISPLAY_H
#define GN_DISPLAY_H

#include "script.h"

enum ev_type { EV_CHAR, EV_KEY, EV_MOUSE, EV_RESIZE, EV_CMD, EV_EOF, EV_SIGNAL };

typedef struct disp_ev {
  enum ev_type type;
  int code;            /* EV_CHAR: a character; EV_KEY: KEY_*; EV_SIGNAL: signo */
  int y, x, button;    /* EV_MOUSE (button 1 click, 4 wheel up, 5 wheel down);
                          EV_RESIZE from a script: y lines, x columns */
  const char *cmd, *arg;   /* EV_CMD, owned by the display */
} disp_ev;

typedef struct disp {
  int scripted;
  int color;           /* colours in use (not NO_COLOR, terminal has them) */
  int started;
  script sc;
  disp_ev peek;
  int have_peek;
  void *screen, *out, *in;   /* SCREEN *, FILE *, FILE * */
} disp;

/* script_path NULL: the real terminal. */
int disp_start(disp *t, const char *script_path, char **err);
void disp_stop(disp *t);
int disp_next(disp *t, disp_ev *ev);
int disp_pending(disp *t);
/* Write the screen's text (attrs == 0) or attributes (attrs != 0) to path. */
int disp_dump(const char *path, int attrs);

#endif
