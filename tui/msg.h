/* msg.h — every string the navigator shows, in English and Japanese.
 *
 * Owns: the one message table (MSG_INFO: id, English, Japanese) and the
 * choice of language: the first of LANGUAGE (its first entry), LC_ALL,
 * LC_MESSAGES and LANG that names a language (not empty, not C, POSIX or
 * C.UTF-8) decides: Japanese when it names Japanese ("ja", "ja_JP.UTF-8",
 * ...), whether or not that locale is installed (only the character type
 * needs to be UTF-8), English otherwise.
 * Messages that take arguments use printf conversions, the same ones in the
 * same order in both languages (a unit test checks this).
 */
#ifndef GN_MSG_H
#define GN_MSG_H

#define MSG_INFO(_) \
  _(NOTICE, "[summary, not the official text]", "[要約・公式本文ではありません]") \
  _(APPNAME, "guidenav", "guidenav") \
  _(PANE_TOC, "Contents", "目次") \
  _(PANE_READER, "Text", "本文") \
  _(PANE_REFS, "References", "参照") \
  _(HINT, "? help  / search  q quit", "? ヘルプ  / 検索  q 終了") \
  _(TOO_SMALL, "Window too small: %dx%d, needs %dx%d", "画面が小さすぎます: %dx%d（%dx%d以上）") \
  _(CONF_SEEN, "seen", "確認済み") \
  _(CONF_DERIVED, "derived", "派生") \
  _(CONF_BACKGROUND, "background", "背景知識") \
  _(CONF_UNVERIFIED, "unverified", "未確認") \
  _(PROVENANCE, "Provenance: %s, %s", "根拠: %s・%s") \
  _(PROVENANCE_NOTE, "Source: ", "根拠の注記: ") \
  _(POINTS_HERE, "* Revision points touch this: %d (p to list)", "* 改訂論点が %d 件あります（p で一覧）") \
  _(ITEMS_HERE, "  Checklist items check this: %d (c to list)", "  チェック項目が %d 件あります（c で一覧）") \
  _(CONTENTS_OF, "In this part:", "この下の項目:") \
  _(NO_BODY, "(no text)", "（本文なし）") \
  _(REL_COUNTERPART_2, "Model text (Vol. 2)", "例文（第2編）") \
  _(REL_COUNTERPART_3, "Commentary (Vol. 3)", "解説（第3編）") \
  _(REL_SEE_OUT, "Refers to", "参照先") \
  _(REL_SEE_IN, "Referred to by", "参照元") \
  _(REL_REVISION, "Revision points", "改訂論点") \
  _(REL_CHECKS, "Checklist items", "チェック項目") \
  _(REL_DEFINES, "Terms", "用語") \
  _(REL_OTHER, "Related", "関連") \
  _(NO_REFS, "(no references)", "（参照なし）") \
  _(KIND_NODE, "node", "節") \
  _(KIND_VOLUME, "volume", "編") \
  _(KIND_PART, "part", "部") \
  _(KIND_CHAPTER, "chapter", "章") \
  _(KIND_SECTION, "section", "節") \
  _(KIND_ITEM, "item", "項目") \
  _(KIND_POINT, "point", "論点") \
  _(KIND_MEETING, "meeting", "会議") \
  _(KIND_CHECKLIST, "checklist", "チェックリスト") \
  _(KIND_CHECKITEM, "check", "チェック") \
  _(KIND_TERM, "term", "用語") \
  _(SEARCH_PROMPT, "Search: ", "検索: ") \
  _(SEARCH_HINT, "type to search  Enter open  Up/Down select  Esc close", "入力で検索  Enter 開く  上下 選択  Esc 閉じる") \
  _(SEARCH_EMPTY, "Type words to search titles and text.", "語を入力すると表題と本文を検索します。") \
  _(SEARCH_NONE, "No match for \"%s\".", "「%s」は見つかりません。") \
  _(SEARCH_COUNT, "%d hits", "%d 件") \
  _(SEARCH_MORE, "%d+ hits", "%d 件以上") \
  _(SEARCH_SHOWN, "%d of %d hits", "%d / %d 件") \
  _(SEARCH_ERROR, "Search failed: %s", "検索できません: %s") \
  _(HIT_POS, "match %d/%d  (result %d/%d)", "一致 %d/%d（結果 %d/%d）") \
  _(HIT_NONE, "No search: press / to search", "検索していません: / で検索") \
  _(HIT_LAST, "Last match", "最後の一致です") \
  _(HIT_FIRST, "First match", "最初の一致です") \
  _(GOTO_PROMPT, "Go to (id or citation, e.g. 第3編 5.1): ", "移動先（ID または 第3編 5.1 など）: ") \
  _(GOTO_NONE, "Nothing matches \"%s\".", "「%s」に当たるものはありません。") \
  _(GOTO_MANY, "\"%s\" matches %d entries: choose one", "「%s」は %d 件に当たります。選んでください") \
  _(CANDIDATES, "Candidates", "候補") \
  _(MARK_PROMPT, "Set bookmark: press a letter (a-z), Esc cancels", "しおりを設定: 英字 (a-z) を押す、Esc で取消") \
  _(MARK_SET, "Bookmark '%s' set on %s", "しおり '%s' を %s に設定しました") \
  _(MARK_BAD, "Bookmarks are named by a letter or digit", "しおりの名前は英字か数字です") \
  _(MARKS, "Bookmarks", "しおり") \
  _(MARKS_HINT, "letter or Enter jump  D delete  Esc close", "英字か Enter で移動  D 削除  Esc 閉じる") \
  _(MARKS_EMPTY, "No bookmarks yet: press m then a letter to set one.", "しおりはまだありません。m の後に英字で設定します。") \
  _(MARK_NONE, "No bookmark '%s'", "しおり '%s' はありません") \
  _(MARK_GONE, "Bookmark '%s' points to %s, which is no longer in the guideline", "しおり '%s' の %s はもうありません") \
  _(MARK_DELETED, "Bookmark '%s' deleted", "しおり '%s' を削除しました") \
  _(STATE_RO, "State file not writable: bookmarks and position are not saved (%s)", "状態ファイルに書き込めません。しおりと位置は保存されません（%s）") \
  _(STATE_FAIL, "Could not save: %s", "保存できません: %s") \
  _(NOT_FOUND, "Not found: %s", "見つかりません: %s") \
  _(DB_ERROR, "Index error: %s", "索引のエラー: %s") \
  _(NO_COUNTERPART, "No counterpart in the other volume", "他方の編に対応する項目はありません") \
  _(NO_NEXT, "End of the guideline", "ガイドラインの終わりです") \
  _(NO_PREV, "Beginning of the guideline", "ガイドラインの始めです") \
  _(NO_BACK, "No earlier position", "これより前の位置はありません") \
  _(NO_FORWARD, "No later position", "これより後の位置はありません") \
  _(NO_LINK, "Nothing to follow here", "ここには移動先がありません") \
  _(TOP_QUIT, "Press q again to quit", "もう一度 q で終了") \
  _(POINTS, "Revision points", "改訂論点") \
  _(POINTS_FOR, "Revision points touching %s", "%s に関わる改訂論点") \
  _(POINTS_ALL_HINT, "Enter go to node  a all/this node  Esc close", "Enter 節へ移動  a 全件/この節  Esc 閉じる") \
  _(POINTS_NONE_HERE, "No revision point touches this; showing all", "この節に関わる改訂論点はありません。全件を表示します") \
  _(POINTS_EMPTY, "No revision points.", "改訂論点はありません。") \
  _(MEETING_HEAD, "Meeting %d, %s: %s", "第%d回（%s）%s") \
  _(POINT_HEAD, "Point %s: %s", "論点 %s: %s") \
  _(AGENDA, "Agenda: ", "議題: ") \
  _(ROLE_MEMBER, "[Member]", "[構成員]") \
  _(ROLE_SECRETARIAT, "[Secretariat]", "[事務局]") \
  _(ROLE_MEMBER_INF, "[Member?]", "[構成員?]") \
  _(ROLE_SECRETARIAT_INF, "[Secretariat?]", "[事務局?]") \
  _(ROLE_LEGEND, "? after a role: inferred, not stated in the source", "役割の後の ?: 資料に明記がなく推定したもの") \
  _(RESPONSE, "Response: ", "対応: ") \
  _(DISPOSITION, "Disposition: %s  Status: %s", "処理: %s  状況: %s") \
  _(OUTCOME, "Outcome (%s): ", "その後（%s）: ") \
  _(AFFECTS, "Affects:", "関わる節:") \
  _(CHECKLISTS, "Checklists", "チェックリスト") \
  _(CHECKLISTS_HINT, "Enter open  Esc close", "Enter 開く  Esc 閉じる") \
  _(CHECKLISTS_EMPTY, "No checklists.", "チェックリストはありません。") \
  _(ITEMS_COUNT, "%d items", "%d 項目") \
  _(ITEMS_HINT, "Enter go to the checked node  w walkthrough  Esc back", "Enter 確認する節へ  w 点検  Esc 戻る") \
  _(CHECKLIST_LIST_HINT, "Enter open  w walkthrough  Esc close", "Enter 開く  w 点検  Esc 閉じる") \
  _(GUIDANCE, "Guidance: ", "着眼点: ") \
  _(EVIDENCE, "Evidence: ", "監査資料の例: ") \
  _(PROCEDURE, "Procedure: ", "監査実施の例: ") \
  _(CHECKS, "Checks:", "確認する節:") \
  _(TERM_READING, "Reading: ", "読み: ") \
  _(TERM_NODES, "Used in:", "関連する節:") \
  /* navigator (audit 2) */ \
  _(TERM_RELATED, "Related terms:", "関連用語:") \
  _(CHECKLISTS_FOR, "Checklists: the items for %s first", "チェックリスト（%s の項目から）") \
  _(ITEMS_FOR, "Items checking %s or a part of it:", "%s とその配下を確認する項目:") \
  _(CHECKLISTS_ALL, "All checklists:", "すべてのチェックリスト:") \
  _(CHECKLISTS_NONE_HERE, "No checklist item checks this; showing all checklists", "この節を確認するチェック項目はありません。全件を表示します") \
  /* end navigator (audit 2) */ \
  /* walk (navigator) */ \
  _(WV_TITLE, "Walkthrough %s: %s", "点検 %s: %s") \
  _(WV_TITLE_NAMED, "Walkthrough %s: %s (%s)", "点検 %s: %s（%s）") \
  _(WV_HINT, "o ^ x - . status  e note  U next to review  Enter details  w list  q close", "o ^ x - . 状態  e メモ  U 次の未確認  Enter 詳細  w 一覧  q 閉じる") \
  _(WV_PANE_ITEMS, "Items", "項目") \
  _(WV_PANE_DETAIL, "Details", "詳細") \
  _(WV_ST_UNREVIEWED, "unreviewed", "未確認") \
  _(WV_ST_COMPLIANT, "compliant", "適合") \
  _(WV_ST_PARTIAL, "partial", "一部適合") \
  _(WV_ST_NONCOMPLIANT, "noncompliant", "不適合") \
  _(WV_ST_NA, "not applicable", "該当なし") \
  _(WV_STALE, "stale", "要再確認") \
  _(WV_PROGRESS, "Reviewed %d/%d", "進捗 %d/%d") \
  _(WV_STATUS, "Status: ", "状態: ") \
  _(WV_NOTE, "Note: ", "メモ: ") \
  _(WV_NO_NOTE, "(none: e writes one)", "（なし。e で入力）") \
  _(WV_STALE_TEXT, "! Stale: the item has changed since it was answered. Check it and record it again.", "! 要再確認: 回答の後で項目の内容が変わりました。確認して記録し直してください。") \
  _(WV_VANISHED_TEXT, "! This item is no longer in the checklist; its answer is kept.", "! この項目は今のチェックリストにありません。回答は残しています。") \
  _(WV_GONE, "(no longer in the checklist)", "（今のチェックリストにない項目）") \
  _(WV_NOTE_PROMPT, "Note for %s: ", "メモ（%s）: ") \
  _(WV_NA_PROMPT, "Why %s does not apply: ", "%s が該当なしの理由: ") \
  _(WV_RECORDED, "%s: %s %s recorded", "%s: %s %s を記録しました") \
  _(WV_RECORDED_LAST, "%s: %s %s recorded (last item)", "%s: %s %s を記録しました（最後の項目）") \
  _(WV_NOTE_SAVED, "Note for %s saved", "%s のメモを保存しました") \
  _(WV_NA_NEEDS_NOTE, "Not recorded: n/a needs a note", "未記録: 該当なしには理由のメモが必要です") \
  _(WV_NOT_RECORDED, "Not recorded: %s", "記録していません: %s") \
  _(WV_READONLY, "The state file cannot be written: answers are not recorded (%s)", "状態ファイルに書き込めないため、回答は記録できません（%s）") \
  _(WV_STARTED, "Started walkthrough %s of %s", "点検 %s（%s）を開始しました") \
  _(WV_RESUMED, "Resumed walkthrough %s: %d/%d reviewed", "点検 %s を再開しました（進捗 %d/%d）") \
  _(WV_ALL_DONE, "Every item is reviewed and none is stale", "すべての項目を確認済みです（要再確認なし）") \
  _(WV_LAST_TODO, "This is the only item left to review", "確認が残っているのはこの項目だけです") \
  _(WV_ONLY_IN_WALK, "Only in a walkthrough: select a checklist (c) and press w", "点検の画面で使うキーです。チェックリスト（c）で選んで w を押します") \
  _(WV_WALKS, "Walkthroughs", "点検の一覧") \
  _(WV_WALKS_HINT, "Enter resume  + new walkthrough of its checklist  Esc close", "Enter 再開  + 同じチェックリストで新しく開始  Esc 閉じる") \
  _(WV_WALKS_EMPTY, "No walkthroughs yet: select a checklist (c) and press w.", "点検はまだありません。チェックリスト（c）で選んで w を押すと始まります。") \
  _(WV_LOAD_FAIL, "Cannot read walkthrough %s: %s", "点検 %s を読めません: %s") \
  _(WV_FOLLOWED, "h or Backspace: back to walkthrough %s", "h か Backspace で点検 %s に戻ります") \
  _(WV_LIST_FAIL, "Cannot read the walkthroughs: %s", "点検の一覧を読めません: %s") \
  _(WV_VANISHED_RO, "%s is no longer in the checklist: nothing is recorded on it (its answer is kept)", "%s は今のチェックリストにないため記録できません（回答は残しています）") \
  _(WV_NO_STATE, "No walkthroughs: the state file cannot be opened (%s)", "点検は使えません: 状態ファイルを開けません（%s）") \
  /* end walk (navigator) */ \
  _(HELP, "Help", "ヘルプ") \
  _(HELP_HINT, "q or Esc close", "q か Esc で閉じる") \
  _(HELP_INTRO, "guidenav shows a structured summary of the MIC guideline for information security policies of local governments. It is not the official text: check the text published by MIC before relying on it.", "guidenav は、総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」を構造化した要約を表示します。公式本文ではありません。利用の前に総務省が公表している本文で確認してください。") \
  _(HELP_MARKS, "Marks: * a revision point touches the node; [S] seen [D] derived [B] background [U] unverified: how sure the summary is.", "記号: * 改訂論点が関わる節。[S] 確認済み [D] 派生 [B] 背景知識 [U] 未確認: 要約の確からしさ。") \
  _(HELP_KEYS, "Keys", "キー") \
  _(HELP_AMBI, "Option: set GUIDENAV_AMBIWIDTH=2 (or press A) when the terminal draws characters such as ○ ① ※ two columns wide (Tera Term, PuTTY).", "設定: ○ ① ※ などを2桁幅で表示する端末（Tera Term、PuTTY など）では GUIDENAV_AMBIWIDTH=2 を設定するか A を押してください。") \
  _(DISCLAIMER, "About this text", "この本文について") \
  _(AMBI_ON, "Ambiguous-width characters: two columns (ASCII substitutes)", "あいまい幅の文字: 2桁として代替表示") \
  _(AMBI_OFF, "Ambiguous-width characters: one column", "あいまい幅の文字: 1桁") \
  _(SAVED_POS, "Resumed at the last position", "前回の位置から再開しました") \
  _(UNKNOWN_KEY, "Unknown key: press ? for help", "そのキーはありません: ? でヘルプ") \
  _(NOT_UTF8, "the navigator needs a UTF-8 locale (character set is %s); set LANG to ja_JP.UTF-8 or C.UTF-8 (the command-line commands work in any locale)", "ナビゲータには UTF-8 のロケールが必要です（現在の文字コード: %s）。LANG を ja_JP.UTF-8 か C.UTF-8 にしてください（コマンド行の機能はどのロケールでも動きます）") \
  _(NO_TERM, "cannot start the navigator (TERM=%s): %s; the commands (guidenav toc, show, search ...) work without a terminal", "ナビゲータを開始できません（TERM=%s）: %s。コマンド（guidenav toc、show、search など）は端末なしで使えます") \
  _(SCRIPT_FAIL, "cannot read the keystroke script: %s", "キー入力のスクリプトを読めません: %s") \
  _(NO_START, "%s: not found", "%s: 見つかりません") \
  _(IO_ERROR, "%s: %s", "%s: %s") \
  _(RECORD, "Entry", "項目") \
  _(CLI_PROVENANCE, "provenance: ", "根拠: ") \
  _(CLI_MEETING, "meeting: ", "会議: ") \
  _(CLI_POINT, "point", "論点") \
  _(CLI_DISPOSITION, "disposition: ", "対応方針: ") \
  _(CLI_STATUS, "status: ", "状況: ") \
  _(CLI_AGENDA, "agenda: ", "議題: ") \
  _(CLI_REMARKS, "remarks:", "発言:") \
  _(CLI_MEMBER, "○ member", "○ 構成員") \
  _(CLI_SECRETARIAT, "● secretariat", "● 事務局") \
  _(CLI_INFERRED, " (inferred)", "（推定）") \
  _(CLI_RESPONSE, "response: ", "対応: ") \
  _(CLI_OUTCOME, "later edition: ", "その後の版: ") \
  _(CLI_NUMBER, "number: ", "番号: ") \
  _(CLI_GUIDANCE, "guidance: ", "着眼点: ") \
  _(CLI_EVIDENCE, "evidence (監査資料の例): ", "監査資料の例: ") \
  _(CLI_PROCEDURE, "procedure (監査実施の例): ", "監査実施の例: ") \
  _(CLI_READING, "reading: ", "読み: ") \
  _(CLI_LINKS, "links:", "リンク:") \
  _(CLI_ITEMS_BELOW, "checklist items for this node and below:", "この節と配下を点検するチェック項目:") \
  _(CLI_NONE, "(none)", "（なし）") \
  /* walk (CLI) */ \
  _(CLI_WALK_COL_CHECKLIST, "checklist", "チェックリスト") \
  _(CLI_WALK_COL_NUMBER, "number", "番号") \
  _(CLI_WALK_COL_QUESTION, "question", "確認項目") \
  _(CLI_WALK_COL_STATUS, "status", "評価") \
  _(CLI_WALK_COL_MARK, "mark", "記号") \
  _(CLI_WALK_COL_NOTE, "note", "備考") \
  _(CLI_WALK_COL_UPDATED, "updated", "更新日時") \
  _(CLI_WALK_COL_STALE, "stale", "要再確認") \
  _(CLI_WALK_COL_NODES, "guideline sections", "関連する節") \
  _(CLI_WALK_ST_UNREVIEWED, "unreviewed", "未確認") \
  _(CLI_WALK_ST_COMPLIANT, "compliant", "適合") \
  _(CLI_WALK_ST_PARTIAL, "partial", "一部適合") \
  _(CLI_WALK_ST_NONCOMPLIANT, "noncompliant", "不適合") \
  _(CLI_WALK_ST_NA, "not applicable", "該当なし") \
  _(CLI_WALK_STALE, "stale", "要再確認") \
  _(CLI_WALK_VANISHED, "item removed", "項目削除") \
  _(CLI_WALK_LIST_UNREVIEWED, "unreviewed %d", "未確認 %d") \
  _(CLI_WALK_LIST_STALE, "stale %d", "要再確認 %d") \
  _(CLI_WALK_SHOW_STALE, "[stale]", "[要再確認]") \
  _(CLI_WALK_SHOW_VANISHED, "[item removed]", "[項目削除]") \
  /* end walk (CLI) */ \
  _(DISP_PUBLICISE, "publicise", "周知する") \
  _(DISP_CONSIDER_WORDING, "consider the wording", "記載を検討") \
  _(DISP_DEFERRED, "deferred", "継続検討") \
  _(DISP_WILL_REPORT, "will report", "報告予定") \
  _(DISP_CONSULT, "consult members", "構成員に相談") \
  _(DISP_NOTED, "noted", "承知") \
  _(STATUS_OPEN, "open", "未対応") \
  _(STATUS_REFLECTED, "reflected", "反映済み") \
  _(STATUS_DEFERRED, "deferred", "先送り") \
  _(STATUS_UNKNOWN, "unknown", "不明")

enum msg_id {
#define MSG_ENUM(id, en, ja) MSG_##id,
  MSG_INFO(MSG_ENUM)
#undef MSG_ENUM
  MSG__COUNT
};

/* Choose the language from the environment (see above). */
void msg_init(void);
/* Force a language (tests, --keys-roff): 1 Japanese, 0 English. */
void msg_set_ja(int ja);
int msg_is_ja(void);
const char *msg(enum msg_id id);
/* The English or Japanese text regardless of the current language. */
const char *msg_lang(enum msg_id id, int ja);
/* The message formatted with printf conversions (the same in both
 * languages, checked by a test); malloc'd. */
char *msg_fmt(enum msg_id id, ...);
/* The same with a va_list. */
#include <stdarg.h>
char *msg_vfmt(enum msg_id id, va_list ap);
/* The label of a revision point's disposition or status identifier (as in
 * the content: "consider-wording", "unknown", ...); an unknown identifier
 * is returned as it is. */
const char *msg_disposition(const char *id);
const char *msg_status(const char *id);
/* Does a locale or LANGUAGE value name Japanese? */
int msg_names_ja(const char *value);

#endif
