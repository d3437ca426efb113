/* display.c — see display.h. */
#include "display.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "util.h"

/* State that signal handlers and atexit need: private to this module. */
static volatile sig_atomic_t got_signal;
static volatile sig_atomic_t curses_on;

static void restore(void)
{
  if (curses_on) {
    curses_on = 0;
    endwin();
  }
}

static void on_stop_signal(int sig)
{
  got_signal = sig;
}

static void on_fatal_signal(int sig)
{
  restore();
  signal(sig, SIG_DFL);
  raise(sig);
}

static void install_signals(int scripted)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_stop_signal;   /* no SA_RESTART: reads return */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  if (!scripted) {
    /* Under the test mode the sanitizers keep their own handlers. */
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT};
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
      sigaction(fatal[i], &sa, NULL);
  }
}

static void atexit_restore(void)
{
  restore();
}

int disp_start(disp *t, const char *script_path, char **err)
{
  static int atexit_done;
  memset(t, 0, sizeof *t);
  *err = NULL;
  const char *termname = getenv("TERM");
  if (script_path) {
    t->scripted = 1;
    if (script_load(&t->sc, script_path, err) != 0)
      return -2;
    t->out = fopen("/dev/null", "w");
    t->in = fopen("/dev/null", "r");
    if (!t->out || !t->in) {
      *err = gn_xasprintf("/dev/null: %s", strerror(errno));
      disp_stop(t);
      return -1;
    }
    if (!termname || !*termname)
      termname = "xterm";
  } else {
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
      *err = gn_xstrdup("standard input and output must be a terminal");
      return -1;
    }
  }
  /* Look the terminal type up first: a failed newterm cannot be undone. */
  int tierr = 0;
  if (!termname || !*termname ||
      setupterm(termname, t->scripted ? fileno(t->out) : STDOUT_FILENO, &tierr) != OK) {
    *err = gn_xasprintf("unknown terminal type %s", termname && *termname ? termname : "(TERM unset)");
    disp_stop(t);
    return -1;
  }
  del_curterm(cur_term);
  t->screen = newterm(termname, t->scripted ? t->out : stdout, t->scripted ? t->in : stdin);
  if (!t->screen) {
    *err = gn_xasprintf("unknown terminal type %s", termname && *termname ? termname : "(TERM unset)");
    disp_stop(t);
    return -1;
  }
  set_term(t->screen);
  t->started = 1;
  curses_on = 1;
  got_signal = 0;
  if (!atexit_done) {
    atexit(atexit_restore);
    atexit_done = 1;
  }
  install_signals(t->scripted);
  cbreak();
  noecho();
  nonl();
  intrflush(stdscr, FALSE);
  keypad(stdscr, TRUE);
  set_escdelay(50);
  curs_set(0);
  if (!t->scripted) {
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    wtimeout(stdscr, 250);
  }
  const char *nc = getenv("NO_COLOR");
  t->color = !(nc && *nc) && has_colors();
  if (t->color) {
    start_color();
    use_default_colors();
  }
  return 0;
}

void disp_stop(disp *t)
{
  if (t->started) {
    restore();
    delscreen(t->screen);
    t->screen = NULL;
    t->started = 0;
  }
  if (t->out)
    fclose(t->out);
  if (t->in)
    fclose(t->in);
  t->out = t->in = NULL;
  script_free(&t->sc);
  /* leave the stop signals' handlers: a late signal just sets the flag */
}

static int read_script(disp *t, disp_ev *ev)
{
  if (t->sc.pos >= t->sc.n) {
    ev->type = EV_EOF;
    return 0;
  }
  const sc_step *s = &t->sc.v[t->sc.pos++];
  switch (s->type) {
  case SC_CHAR:
    ev->type = EV_CHAR;
    ev->code = s->code;
    break;
  case SC_KEY:
    ev->type = EV_KEY;
    ev->code = s->code;
    break;
  case SC_MOUSE:
    ev->type = EV_MOUSE;
    ev->y = s->y;
    ev->x = s->x;
    ev->button = s->button;
    break;
  case SC_CMD:
    if (strcmp(s->cmd, "resize") == 0) {
      int ncols = 0, nlines = 0;
      if (sscanf(s->arg, "%dx%d", &ncols, &nlines) == 2 && ncols > 0 && nlines > 0) {
        resizeterm(nlines, ncols);
        ev->type = EV_RESIZE;
        ev->y = nlines;
        ev->x = ncols;
        return 0;
      }
    }
    ev->type = EV_CMD;
    ev->cmd = s->cmd;
    ev->arg = s->arg;
    break;
  }
  return 0;
}

static int read_tty(disp *t, disp_ev *ev)
{
  (void)t;
  for (;;) {
    if (got_signal) {
      ev->type = EV_SIGNAL;
      ev->code = got_signal;
      return 0;
    }
    wint_t wc;
    int r = wget_wch(stdscr, &wc);
    if (r == ERR)
      continue;      /* timeout or interrupted: look at the signal flag */
    if (r == KEY_CODE_YES) {
      if (wc == KEY_RESIZE) {
        ev->type = EV_RESIZE;
        ev->y = LINES;
        ev->x = COLS;
        return 0;
      }
      if (wc == KEY_MOUSE) {
        MEVENT me;
        if (getmouse(&me) != OK)
          continue;
        ev->type = EV_MOUSE;
        ev->y = me.y;
        ev->x = me.x;
        if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
          ev->button = 1;
        else if (me.bstate & BUTTON4_PRESSED)
          ev->button = 4;
        else if (me.bstate & BUTTON5_PRESSED)
          ev->button = 5;
        else
          continue;
        return 0;
      }
      ev->type = EV_KEY;
      ev->code = (int)wc;
      return 0;
    }
    ev->type = EV_CHAR;
    ev->code = (int)wc;
    return 0;
  }
}

int disp_next(disp *t, disp_ev *ev)
{
  memset(ev, 0, sizeof *ev);
  if (t->have_peek) {
    *ev = t->peek;
    t->have_peek = 0;
    return 0;
  }
  return t->scripted ? read_script(t, ev) : read_tty(t, ev);
}

int disp_pending(disp *t)
{
  if (t->have_peek)
    return 1;
  if (t->scripted) {
    if (t->sc.pos == 0 || t->sc.pos >= t->sc.n)
      return 0;
    return t->sc.v[t->sc.pos - 1].burst;
  }
  if (got_signal)
    return 0;
  wtimeout(stdscr, 0);
  wint_t wc;
  int r = wget_wch(stdscr, &wc);
  wtimeout(stdscr, 250);
  if (r == ERR)
    return 0;
  memset(&t->peek, 0, sizeof t->peek);
  if (r == KEY_CODE_YES) {
    if (wc == KEY_RESIZE) {
      t->peek.type = EV_RESIZE;
      t->peek.y = LINES;
      t->peek.x = COLS;
    } else if (wc == KEY_MOUSE) {
      MEVENT me;
      if (getmouse(&me) != OK)
        return 0;
      t->peek.type = EV_MOUSE;
      t->peek.y = me.y;
      t->peek.x = me.x;
      t->peek.button = (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) ? 1 :
                       (me.bstate & BUTTON4_PRESSED) ? 4 :
                       (me.bstate & BUTTON5_PRESSED) ? 5 : 0;
      if (!t->peek.button)
        return 0;
    } else {
      t->peek.type = EV_KEY;
      t->peek.code = (int)wc;
    }
  } else {
    t->peek.type = EV_CHAR;
    t->peek.code = (int)wc;
  }
  t->have_peek = 1;
  return 1;
}

/* ---- screen dumps ---- */

/* Line graphics read back as the box-drawing characters they stand for,
 * so that a dump tells them from ASCII '|' and '-'. */
static const char *acs_text(wchar_t c)
{
  switch (c) {
  case 'x': return "│";
  case 'q': return "─";
  case 'l': return "┌";
  case 'k': return "┐";
  case 'm': return "└";
  case 'j': return "┘";
  case 't': return "├";
  case 'u': return "┤";
  case 'v': return "┴";
  case 'w': return "┬";
  case 'n': return "┼";
  default: return "#";
  }
}

static char attr_letter(attr_t a, short pair)
{
  if (pair > 0)
    return (char)(pair < 10 ? '0' + pair : 'A' + pair - 10);
  int r = (a & A_REVERSE) != 0, b = (a & A_BOLD) != 0, u = (a & A_UNDERLINE) != 0;
  int d = (a & A_DIM) != 0;
  if (r && u) return 'X';
  if (r && b) return 'R';
  if (r) return 'r';
  if (u && b) return 'U';
  if (u) return 'u';
  if (b) return 'b';
  if (d) return 'd';
  return '.';
}

int disp_dump(const char *path, int attrs)
{
  FILE *f = fopen(path, "w");
  if (!f)
    return -1;
  int cols = COLS;
  cchar_t *cells = gn_xcalloc((size_t)cols + 1, sizeof *cells);
  char *line = gn_xmalloc((size_t)cols * 8 + 8);
  for (int y = 0; y < LINES; y++) {
    memset(cells, 0, ((size_t)cols + 1) * sizeof *cells);
    mvin_wchnstr(y, 0, cells, cols);
    size_t len = 0;
    int col = 0;
    for (int i = 0; i < cols && col < cols; i++) {
      wchar_t wch[CCHARW_MAX + 1];
      attr_t a;
      short pair;
      if (getcchar(&cells[i], wch, &a, &pair, NULL) == ERR || wch[0] == L'\0')
        break;
      int w = wcwidth(wch[0]);
      if (w < 1)
        w = 1;
      if (attrs) {
        for (int k = 0; k < w; k++)
          line[len++] = attr_letter(a, pair);
      } else if (a & A_ALTCHARSET) {
        const char *g = acs_text(wch[0]);
        memcpy(line + len, g, strlen(g));
        len += strlen(g);
      } else {
        char mb[MB_LEN_MAX];
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t k = wcrtomb(mb, wch[0], &st);
        if (k == (size_t)-1) {
          line[len++] = '?';
        } else {
          memcpy(line + len, mb, k);
          len += k;
        }
      }
      col += w;
    }
    while (len > 0 && line[len - 1] == (attrs ? '.' : ' '))
      len--;
    line[len] = '\0';
    fprintf(f, "%s\n", line);
  }
  free(cells);
  free(line);
  return fclose(f) == 0 ? 0 : -1;
}
