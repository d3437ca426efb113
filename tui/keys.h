/* keys.h — the one table of actions and their default keys.
 *
 * Owns: every action of the navigator (ACTION_INFO: enum, name, group and
 * help text in English and Japanese), the default key bindings (one static
 * table: several keys may run one action), key names ("j", "Down", "C-l"),
 * looking a key up, and printing the table — as the help screen's lines,
 * as plain text for --help, and as roff for the KEYS section of guidenav(1).
 * Nothing else writes a key name or a help string for an action: the help
 * screen and the man page are generated from here.  What an action does in
 * each view is decided by the views (tui/app.c and the view modules); the
 * help text says what a user sees.
 */
#ifndef GN_KEYS_H
#define GN_KEYS_H

#include <stdio.h>

enum key_group { KG_MOVE, KG_READ, KG_SEARCH, KG_INPUT, KG_VIEWS, KG_WALK, KG_OTHER, KG__COUNT };

#define ACTION_INFO(_) \
  _(DOWN, "down", KG_MOVE, "Down one line, or to the next entry", "1行下へ、または次の項目へ") \
  _(UP, "up", KG_MOVE, "Up one line, or to the previous entry", "1行上へ、または前の項目へ") \
  _(PGDN, "page-down", KG_MOVE, "Down one page", "1画面下へ") \
  _(PGUP, "page-up", KG_MOVE, "Up one page", "1画面上へ") \
  _(TOP, "top", KG_MOVE, "To the first line", "先頭へ") \
  _(BOTTOM, "bottom", KG_MOVE, "To the last line", "末尾へ") \
  _(COLLAPSE, "collapse", KG_MOVE, "Contents: close the entry or go to its parent; elsewhere: back", "目次: 項目を閉じる・親へ。その他: 戻る") \
  _(EXPAND, "expand", KG_MOVE, "Contents: open the entry; elsewhere: forward", "目次: 項目を開く。その他: 進む") \
  _(NEXT_PANE, "next-pane", KG_MOVE, "Next pane: contents, text, references", "次の区画へ（目次・本文・参照）") \
  _(PREV_PANE, "prev-pane", KG_MOVE, "Previous pane", "前の区画へ") \
  _(ENTER, "enter", KG_READ, "Open the selected entry, follow the selected reference", "選んだ項目を開く・参照先へ移動") \
  _(BACK, "back", KG_READ, "Back to the previous position", "前の位置へ戻る") \
  _(FORWARD, "forward", KG_READ, "Forward again after going back", "戻る前の位置へ進む") \
  _(NEXT_NODE, "next-node", KG_READ, "Next section in reading order", "読む順で次の節へ") \
  _(PREV_NODE, "prev-node", KG_READ, "Previous section in reading order", "読む順で前の節へ") \
  _(PARENT, "parent", KG_READ, "Up to the enclosing chapter or volume", "一つ上の章・編へ") \
  _(COUNTERPART, "counterpart", KG_READ, "Jump to the counterpart: model text (Vol. 2) <-> commentary (Vol. 3)", "対応する項目へ: 例文（第2編）<-> 解説（第3編）") \
  _(SEARCH, "search", KG_SEARCH, "Search; results update as you type", "検索（入力のたびに結果を更新）") \
  _(NEXT_HIT, "next-hit", KG_SEARCH, "Next match, then the next result", "次の一致へ（続いて次の結果へ）") \
  _(PREV_HIT, "prev-hit", KG_SEARCH, "Previous match", "前の一致へ") \
  _(GOTO, "goto", KG_SEARCH, "Go to an id or a citation such as 第3編 5.1", "ID や 第3編 5.1 のような引用で移動") \
  _(IN_LEFT, "input-left", KG_INPUT, "Cursor one character left", "カーソルを1文字左へ") \
  _(IN_RIGHT, "input-right", KG_INPUT, "Cursor one character right", "カーソルを1文字右へ") \
  _(IN_START, "input-start", KG_INPUT, "Cursor to the start of the line", "カーソルを行頭へ") \
  _(IN_END, "input-end", KG_INPUT, "Cursor to the end of the line", "カーソルを行末へ") \
  _(IN_BACKSPACE, "input-backspace", KG_INPUT, "Delete the character before the cursor (on an empty go-to line: close it)", "カーソルの前の1文字を削除（空の移動先入力では閉じる）") \
  _(IN_DELETE, "input-delete", KG_INPUT, "Delete the character at the cursor", "カーソル位置の1文字を削除") \
  _(IN_KILL_WORD, "input-kill-word", KG_INPUT, "Delete the word before the cursor", "カーソルの前の語を削除") \
  _(IN_KILL_START, "input-kill-start", KG_INPUT, "Delete everything before the cursor", "カーソルより前を全て削除") \
  _(IN_KILL_END, "input-kill-end", KG_INPUT, "Delete everything from the cursor on", "カーソル以降を全て削除") \
  _(POINTS, "points", KG_VIEWS, "Revision points of the review meetings (those touching this section first)", "検討会の改訂論点（この節に関わるものから）") \
  _(CHECKLISTS, "checklists", KG_VIEWS, "Checklists and their items (those checking this section or a part of it first)", "チェックリストとその項目（この節と配下の項目から）") \
  _(MARK, "mark", KG_VIEWS, "Set a bookmark: then a letter; kept between runs", "しおりを設定（続けて英字）。次回も残る") \
  _(MARKS, "marks", KG_VIEWS, "Bookmarks: then a letter jumps to it", "しおり一覧（続けて英字でそこへ移動）") \
  _(HELP, "help", KG_VIEWS, "This help", "このヘルプ") \
  _(CLOSE, "close", KG_VIEWS, "Close this view", "この画面を閉じる") \
  _(QUIT, "quit", KG_VIEWS, "Close this view; quit from the main screen", "この画面を閉じる。主画面では終了") \
  _(QUIT_ALL, "quit-all", KG_VIEWS, "Quit at once", "すぐに終了") \
  _(REDRAW, "redraw", KG_OTHER, "Redraw the screen", "画面を描き直す") \
  _(AMBI, "ambiguous-width", KG_OTHER, "Draw characters such as ○ ① ※ as ASCII (for terminals that show them two columns wide)", "○ ① ※ などを代替表示（それらを2桁幅で表示する端末向け）") \
  _(CLICK, "click", KG_OTHER, "Select and open or follow", "選んで開く・移動") \
  _(WHEEL, "wheel", KG_OTHER, "Scroll the pane under the pointer", "ポインタの下の区画をスクロール") \
  _(WALK, "walk", KG_WALK, "Checklists: walk through the selected checklist, or the selected item's from that item (resume its latest walkthrough, or start one); elsewhere: the list of walkthroughs", "チェックリスト上: 選んだチェックリスト（項目ならその項目から）を点検（最新の点検を再開、なければ開始）。その他: 点検の一覧") \
  _(WALK_NEW, "walk-new", KG_WALK, "Start a new walkthrough of this checklist", "このチェックリストの点検を新しく開始") \
  _(ST_COMPLIANT, "status-compliant", KG_WALK, "Record ○ compliant, go to the next item", "○ 適合 を記録して次の項目へ") \
  _(ST_PARTIAL, "status-partial", KG_WALK, "Record △ partially compliant, go to the next item", "△ 一部適合 を記録して次の項目へ") \
  _(ST_NONCOMPLIANT, "status-noncompliant", KG_WALK, "Record × noncompliant, go to the next item", "× 不適合 を記録して次の項目へ") \
  _(ST_NA, "status-na", KG_WALK, "Record － not applicable (asks for the reason first when there is no note)", "－ 該当なし を記録（メモがなければ先に理由を入力）") \
  _(ST_UNREVIEWED, "status-unreviewed", KG_WALK, "Set back to ・ unreviewed (stays on the item)", "・ 未確認 に戻す（次の項目へは移らない）") \
  _(NOTE, "note", KG_WALK, "Write or edit the item's note (Enter saves, Esc cancels)", "項目のメモを入力・編集（Enter で保存、Esc で取消）") \
  _(NEXT_TODO, "next-unreviewed", KG_WALK, "Next item that is unreviewed or stale (!)", "次の未確認または要再確認（!）の項目へ")

enum action {
  ACT_NONE,
#define ACT_ENUM(id, name, group, en, ja) ACT_##id,
  ACTION_INFO(ACT_ENUM)
#undef ACT_ENUM
  ACT__COUNT
};

/* Pseudo key codes for the mouse (beyond curses' KEY_MAX). */
enum { KEYS_CLICK = 0x10000, KEYS_WHEEL };

/* Action bound to a key: fn != 0 for curses function keys (KEY_*), else a
 * character (a control character for C-x).  ACT_NONE if unbound. */
enum action keys_lookup(int code, int fn);
/* The same for the input line (search, go to, note), whose keys are
 * readline's: ACT_IN_* or ACT_NONE (then the key is text or a view's). */
enum action keys_lookup_input(int code, int fn);
const char *keys_action_name(enum action a);
const char *keys_action_help(enum action a, int ja);
enum key_group keys_action_group(enum action a);
const char *keys_group_name(enum key_group g, int ja);
/* Names of the keys bound to a, joined by ", " (static buffer). */
const char *keys_for(enum action a);
/* The name of a key ("j", "Down", "C-l", "Space"), static buffer. */
const char *keys_name(int code, int fn);

/* Print the table: text (roff == 0, in the current language) or roff
 * (always English: the man page is English). */
void keys_print(FILE *f, int roff);

#endif
