/* script.h — keystroke scripts for the test mode (GUIDENAV_SCRIPT).
 *
 * Owns: reading a script file into a list of input events, with no curses
 * in it.  The format, one step per line:
 *   # comment            ignored, as are blank lines
 *   :dump-screen NAME    write the screen's text to NAME (GUIDENAV_DUMP_DIR
 *                        or the current folder)
 *   :dump-attrs NAME     write the screen's attributes to NAME
 *   :dump-view NAME      write the model (views, node, positions) to NAME
 *   :resize COLSxLINES   resize the virtual screen
 *   :stats NAME          write timing measurements (first screen, keys)
 *   anything else        keys: each character is one key; <Name> is a
 *                        special key: <Enter> <Tab> <BTab> <Esc> <BS> <Space>
 *                        <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home>
 *                        <End> <F1> <lt> (a literal <) <C-x> (control),
 *                        <Click ROW COL>, <WheelUp ROW COL>, <WheelDown ROW
 *                        COL> (0-based screen positions).
 * The keys of one line arrive as one burst, as a Japanese input method
 * delivers committed text: the program sees them all pending at once.
 * Put keys on separate lines to have the screen drawn between them.
 *
 * Contract: script_load returns 0, or -1 with *err (malloc'd) naming the
 * file and line of the first error; script_free releases everything.
 */
#ifndef GN_SCRIPT_H
#define GN_SCRIPT_H

enum sc_type { SC_CHAR, SC_KEY, SC_MOUSE, SC_CMD };

typedef struct sc_step {
  enum sc_type type;
  int code;        /* SC_CHAR: the character; SC_KEY: a curses KEY_* code */
  int y, x;        /* SC_MOUSE: position */
  int button;      /* SC_MOUSE: 1 click, 4 wheel up, 5 wheel down */
  char *cmd;       /* SC_CMD: the name ("dump-screen") */
  char *arg;       /* SC_CMD: the rest of the line, trimmed */
  int burst;       /* another key of the same line follows */
  int line;        /* line number in the script */
} sc_step;

typedef struct script {
  sc_step *v;
  int n, cap;
  int pos;
} script;

int script_load(script *s, const char *path, char **err);
/* Parse text (for tests); name is used in messages. */
int script_parse(script *s, const char *text, const char *name, char **err);
void script_free(script *s);

#endif
