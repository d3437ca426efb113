#!/bin/sh
# walk.sh — end-to-end tests of the walkthrough commands (guidenav walk new,
# list, show, set, export): every command, every exit status and error
# message, text, JSON Lines and the three report formats, staleness against
# an index rebuilt from edited content, --force, and atomic reports (a failed
# export leaves the old file byte-identical, no temporary file behind), on
# the fixture content in tests/fixtures/walk.
# Needs: $GUIDENAV (the binary), $SOURCE_ROOT, $COLS_CHECK (tests/cols.c),
# $SQLEXEC (tests/sqlexec.c: runs SQL on a state file, to make one that
# guidenav would not write); POSIX sh, grep, sed, cmp, od, dd, tr (chattr,
# where present, makes a file read-only for root too).
# shellcheck disable=SC2015  # ok and bad always succeed: "A && ok || bad" is if-then-else here
set -u
: "${GUIDENAV:?}" "${SOURCE_ROOT:?}" "${COLS_CHECK:?}" "${SQLEXEC:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-walk.XXXXXX") || exit 99
cleanup() {
  command -v chattr >/dev/null 2>&1 && chattr -i "$T/ro/state.db" 2>/dev/null
  chmod -R u+w "$T" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# run EXPECTED_STATUS ARGS... : stdout in $T/out, stderr in $T/err
run() {
  want=$1; shift
  "$GUIDENAV" "$@" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "guidenav $* -> exit $got, want $want: $(head -c 300 "$T/err")"; fi
}
has() { if grep -q -e "$1" "$T/${2:-out}"; then ok; else bad "${2:-out} lacks '$1' ($(head -c 400 "$T/${2:-out}"))"; fi; }
hasx() { if grep -q -x -F -e "$1" "$T/${2:-out}"; then ok; else bad "${2:-out} has no line '$1' ($(head -c 400 "$T/${2:-out}"))"; fi; }
hasnt() { if grep -q -e "$1" "$T/${2:-out}"; then bad "${2:-out} has '$1'"; else ok; fi; }
lines() { n=$(wc -l <"$T/${2:-out}"); if [ "$n" -eq "$1" ]; then ok; else bad "$n lines in ${2:-out}, want $1"; fi; }
empty() { if [ -s "$T/$1" ]; then bad "$1 is not empty: $(head -c 200 "$T/$1")"; else ok; fi; }
same() { if cmp -s "$1" "$2"; then ok; else bad "$1 and $2 differ"; fi; }
fits80() {   # no line of $T/${2:-out} wider than 80 columns (ambiguous characters count two)
  if "$COLS_CHECK" 80 "$T/${2:-out}" >"$T/wide"; then ok; else bad "$1: lines wider than 80 columns: $(cat "$T/wide")"; fi
}
# $T/FILE with its lines joined (runs of spaces made one), into $T/flat
flat() { tr '\n' ' ' <"$T/${1:-out}" | sed 's/  */ /g' >"$T/flat"; }
# no escape, bell, carriage return (but in CRLF) or C1 control in $T/FILE
ESC=$(printf '\033') BEL=$(printf '\007') C1=$(printf '\302[\200-\237]') CR=$(printf '\r')
nocontrols() {
  if LC_ALL=C grep -q -e "$ESC" -e "$BEL" -e "$C1" -e "$CR." "$T/$1"; then bad "$1 holds control characters: $(od -c "$T/$1" | head -20)"; else ok; fi
}
FFFD=$(printf '\357\277\275')

FIX=$SOURCE_ROOT/tests/fixtures/walk
A=$T/a.db B=$T/b.db
S=$T/state/state.db
export GUIDENAV_DB="$A" GUIDENAV_STATE="$S"

"$GUIDENAV" build -c "$FIX" -o "$A" 2>/dev/null || { echo "cannot build the fixture"; exit 1; }
# The edited content: one question, one item's evidence, one item's nodes
# changed; item audit.9-2 removed.
mkdir "$T/edited" && cp "$FIX"/*.yaml "$T/edited/"
sed -e 's/固定して設置されているか。/固定して設置され、点検されているか。/' \
    -e 's/\[鍵管理簿\]/[鍵管理簿, 貸出記録]/' \
    -e '/id: audit.9-1$/,/points:/s/nodes: \[v2.taisaku.9\]/nodes: [v2.taisaku.9, v2.taisaku.5.1]/' \
    -e '/id: audit.9-2$/,/nodes:/d' "$FIX/checklists.yaml" >"$T/edited/checklists.yaml"
"$GUIDENAV" build -c "$T/edited" -o "$B" 2>/dev/null || { echo "cannot build the edited fixture"; exit 1; }

# --- help and usage: exit 2 --------------------------------------------------
run 0 walk --help
has '^usage: guidenav walk new CHECKLIST'
has 'needs a note'
run 0 --help
has 'guidenav walk set WALK ITEM STATUS'
run 2 walk
has 'usage: guidenav walk new CHECKLIST' err
run 2 walk frob
has 'usage: guidenav walk' err
run 2 walk new
has 'walk new takes CHECKLIST' err
run 2 walk new audit extra
run 2 walk list extra
has 'walk list takes no operands' err
run 2 walk show
has 'walk show takes WALK' err
run 2 walk set w1 audit.9-3
has 'walk set takes WALK ITEM STATUS' err
run 2 walk set w1 audit.9-3 ok
flat err
has "unknown status 'ok': use unreviewed, compliant, partial, noncompliant, na" flat
run 2 walk set w1 audit.9-3 OK
run 2 walk export w1 -o "$T/r.csv"
has 'walk export needs --format csv, md or json' err
run 2 walk export w1 --format xml -o "$T/r.csv"
has "walk export --format takes csv, md or json, not 'xml'" err
run 2 walk export w1 --format csv
has 'walk export needs -o FILE' err
run 2 walk list --format csv
has "format takes text or json, not 'csv'" err
run 2 walk show w1 --format md
run 2 walk new audit --walkies
has "unknown option '--walkies'" err
# each walk command takes its own options only
run 2 walk show w1 --note x
has "option '--note' does not apply to walk show" err
run 2 walk set w1 9-3 compliant --name x
has "option '--name' does not apply to walk set" err
run 2 walk list --force
has "option '--force' does not apply to walk list" err
run 2 walk new audit -o "$T/x"
run 2 --note x walk new audit
has "option '--note' does not apply to walk new" err
run 2 walk export w1 --format csv -o - --dump
[ ! -e "$S" ] && ok || bad "a usage error created the state file"
# every usage error and help of walk fits 80 columns (stderr too)
: >"$T/usage"
for args in "walk" "walk frob" "walk new" "walk list extra" "walk show" "walk set w1" "walk set w1 9-3 ok" \
            "walk export w1 -o x" "walk export w1 --format xml -o x" "walk export w1 --format csv" \
            "walk new audit --walkies" "walk show w1 --note x" "walk --help" "help walk" "walk new --help" \
            "walk export --help"; do
  # shellcheck disable=SC2086
  "$GUIDENAV" $args >>"$T/usage" 2>&1
done
fits80 "walk usage and help" usage

# --- new, list ---------------------------------------------------------------
run 0 walk new audit --name "R7 監査"
hasx 'w1'
lines 1
empty err
[ -f "$S" ] && ok || bad "no state file at $S"
run 0 walk new other
hasx 'w2'
run 0 --name 第2回 walk new audit
hasx 'w3'
run 1 walk new nothing
has "no checklist 'nothing' (see: guidenav checklist list)" err
empty out
run 1 walk new audit.9-1
run 2 walk new audit --name "$(printf 'two\nlines')"
has 'the name cannot contain control characters' err
run 2 walk new audit --name "$(printf 'tab\there')"
run 2 walk new audit --name "$(printf 'esc\033[31m')"
has 'control characters' err
LC_ALL=C grep -q "$(printf '\033')" "$T/err" && bad "an escape code reached stderr" || ok
run 0 walk list
lines 3
hasx 'w3  audit  ○0 △0 ×0 －0 unreviewed 5  stale 0  第2回'
hasx 'w2  other  ○0 △0 ×0 －0 unreviewed 1  stale 0'
hasx 'w1  audit  ○0 △0 ×0 －0 unreviewed 5  stale 0  R7 監査'
# --format json: the new walkthrough as one object, as walk list has it
run 0 walk new other --format json --name J --state "$T/j.db"
lines 1
has '^{"id":"w1","checklist":"other","checklist_title":"[^"]*","name":"J","created_at":"[0-9T:Z-]*","updated_at":"[0-9T:Z-]*","items":1,"counts":{"unreviewed":1,"compliant":0,"partial":0,"noncompliant":0,"na":0},"stale":0}$'
run 0 walk list --format json
lines 3
has '^{"id":"w3","checklist":"audit","checklist_title":"監査用チェックリスト","name":"第2回","created_at":"[0-9T:Z-]*","updated_at":"[0-9T:Z-]*","items":5,"counts":{"unreviewed":5,"compliant":0,"partial":0,"noncompliant":0,"na":0},"stale":0}$'
LANGUAGE=ja "$GUIDENAV" walk list >"$T/out" 2>&1 && ok || bad "walk list in Japanese"
hasx 'w1  audit  ○0 △0 ×0 －0 未確認 5  要再確認 0  R7 監査'

# --- set, show -----------------------------------------------------------------
run 0 walk set w1 audit.5.1-1 compliant --note '台帳、現地 ,"OK"'
empty out
empty err
run 0 walk set w1 5.1-2 × --note '=HYPERLINK("http://x")'   # by number, by mark
run 0 walk set w1 9-1 - --note 'クラウド未利用 | 対象外'       # ASCII mark of na
run 0 walk set w1 9-2 '^' --note '-1+1'
run 0 walk set w1 9-3 o --note 'あとで消す'
run 0 walk set w1 9-3 一部適合                                  # the note is kept
run 0 walk set w1 9-3 partial --note ''                        # ... and cleared
run 2 walk set w1 9-3 na
has 'the status na (not applicable) needs a note saying why' err
run 2 walk set w1 9-1 na --note ''
has 'needs a note' err
run 2 walk set w1 9-1 na --note '　 '
run 2 walk set w1 9-3 compliant --note "$(printf 'a\nb')"
has 'the note cannot contain control characters' err
run 2 walk set w1 9-3 compliant --note "$(printf 'bad\377')"
has 'not valid UTF-8' err
run 1 walk set w9 9-3 compliant
has "no walkthrough 'w9' (see: guidenav walk list)" err
run 1 walk set w1 nothing compliant
has "no item 'nothing' in checklist 'audit'" err
run 1 walk set w1 other.1 compliant
run 1 walk set w1 v2.taisaku.5.1 compliant
run 1 walk set x1 9-3 compliant
run 0 walk show w1
lines 5
fits80 "walk show"
hasx '○ 5.1-1  サーバは、災害の影響を受けにくい場所に固定して…  — 台帳、現地 ,"OK"'
hasx '× 5.1-2  ラックの鍵は、"管理者"が保管しているか, …  — =HYPERLINK("http://x")'
hasx '－ 9-1    外部サービスの契約前に、責任分界点とＳＬ…  — クラウド未利用 | 対象外'
hasx '△ 9-2    委託先の再委託は承認を得ているか。  — -1+1'
hasx '△ 9-3    委託先に対する監査の権利が契約に定められているか。'
run 0 walk show w2
hasx '・ 1  職員は情報セキュリティポリシーを遵守しているか。'
# the same columns in any locale
"$GUIDENAV" walk show w1 >"$T/utf8.out" 2>&1
LC_ALL=C "$GUIDENAV" walk show w1 >"$T/c.out" 2>&1
same "$T/c.out" "$T/utf8.out"
run 0 walk show w1 --format json
lines 5
has '^{"item":"audit.5.1-1","number":"5.1-1","question":"サーバは、災害の影響を受けにくい場所に固定して設置されているか。","status":"compliant","note":"台帳、現地 ,\\"OK\\"","updated_at":"[0-9T:Z-]*","stale":false,"vanished":false}$'
has '^{"item":"audit.9-3","number":"9-3",.*"status":"partial","note":"","updated_at":"[0-9T:Z-]*","stale":false'
run 0 walk show w3 --format json
has '"status":"unreviewed","note":"","updated_at":null,"stale":false'
run 1 walk show w9
has "no walkthrough 'w9'" err
empty out
run 1 walk show walk1
run 0 walk list
hasx 'w1  audit  ○1 △2 ×1 －1 unreviewed 0  stale 0  R7 監査'
# options anywhere, in any order
run 0 --format=json walk show --state "$S" w1
lines 5
# a long note: it would leave the question less than 20 columns, so it goes
# below it, wrapped, under the question; every line fits 80 columns
run 0 walk set w3 9-1 na --note 'クラウドサービスを利用していないため対象外とした。契約の予定もないことを所管課に確認した。'
run 0 walk show w3
fits80 "walk show with a long note"
hasx '－ 9-1    外部サービスの契約前に、責任分界点とＳＬＡを確認しているか。'
hasx '          — クラウドサービスを利用していないため対象外とした。契約の予定もない'
hasx '             ことを所管課に確認した。'
hasx '・ 9-2    委託先の再委託は承認を得ているか。'
lines 7
# --limit: the first N items
run 0 walk show w3 --limit 2
lines 2
hasx '・ 5.1-2  ラックの鍵は、"管理者"が保管しているか, 記録はあるか。'
run 0 walk show w3 --limit 3 --format json
lines 3
has '^{"item":"audit.9-1",.*"status":"na","note":"クラウドサービスを'
run 0 walk list --limit 1
lines 1
hasx 'w3  audit  ○0 △0 ×0 －1 unreviewed 4  stale 0  第2回'

# --- stale and vanished answers, against the edited index -------------------------
run 0 --db "$B" walk show w1
lines 5
fits80 "walk show with stale answers"
hasx '○ 5.1-1  サーバは、災害の影響を受けにくい場所に…  — 台帳、現地 ,"OK"  [stale]'
hasx '× 5.1-2  ラックの鍵は、"管理者"が保管して…  — =HYPERLINK("http://x")  [stale]'
hasx '－ 9-1    外部サービスの契約前に、責任分…  — クラウド未利用 | 対象外  [stale]'
hasx '△ 9-3    委託先に対する監査の権利が契約に定められているか。'
hasx '△ audit.9-2  [item removed]  — -1+1  [stale]'
run 0 --db "$B" walk list
hasx 'w1  audit  ○1 △1 ×1 －1 unreviewed 0  stale 4  R7 監査'
LANGUAGE=ja "$GUIDENAV" --db "$B" walk show w1 >"$T/out" 2>&1 && ok || bad "walk show in Japanese"
hasx '△ audit.9-2  [項目削除]  — -1+1  [要再確認]'
run 0 --db "$B" walk show w1 --format json
has '^{"item":"audit.9-2","number":"","question":"","status":"partial","note":"-1+1","updated_at":"[0-9T:Z-]*","stale":true,"vanished":true}$'
run 1 --db "$B" walk set w1 audit.9-2 compliant
run 0 --db "$B" walk set w1 5.1-1 compliant     # recorded again: no longer stale
run 0 --db "$B" walk show w1
has '^○ 5.1-1 .*台帳、現地 ,"OK"$'
run 0 --db "$B" walk list
has '^w1  audit .* stale 3  R7 監査$'

# --- export --------------------------------------------------------------------
# (against the first index again: 5.1-1, recorded against the edited one, is stale)
R=$T/reports
mkdir "$R"
run 0 walk export w1 --format csv -o "$R/w1.csv"
empty out
empty err
[ "$(head -c 3 "$R/w1.csv" | od -An -tx1 | tr -d ' \n')" = efbbbf ] && ok || bad "no BOM"
n=$(wc -l <"$R/w1.csv"); crs=$(tr -d -c '\r' <"$R/w1.csv" | wc -c)
[ "$n" -eq 6 ] && [ "$crs" -eq 6 ] && ok || bad "CSV: $n lines, $crs CRs, want 6 CRLF lines"
tr -d '\r' <"$R/w1.csv" | sed '1s/^\xEF\xBB\xBF//' >"$T/out"
hasx 'checklist,number,question,status,mark,note,updated,stale,guideline sections'
has '^監査用チェックリスト,5.1-1,サーバは、災害の影響を受けにくい場所に固定して設置されているか。,compliant,○,"台帳、現地 ,""OK""",[0-9T:Z-]*,stale,第2編 5.1 \[v2.taisaku.5.1\]; 第3編 5.1 \[v3.taisaku.5.1\]$'
has '^監査用チェックリスト,5.1-2,"ラックの鍵は、""管理者""が保管しているか, 記録はあるか。",noncompliant,×,"'"'"'=HYPERLINK(""http://x"")",'
has "^監査用チェックリスト,9-2,委託先の再委託は承認を得ているか。,partial,△,'-1+1,"
has "^監査用チェックリスト,9-1,.*,not applicable,－,クラウド未利用 | 対象外,"
LANGUAGE=ja "$GUIDENAV" walk export w1 --format csv -o - >"$T/out" 2>"$T/err" && ok || bad "Japanese CSV"
has '^.*チェックリスト,番号,確認項目,評価,記号,備考,更新日時,要再確認,関連する節'
has ',一部適合,△,'
# an existing report is replaced only with --force
cp "$R/w1.csv" "$T/keep.csv"
run 2 walk export w1 --format md -o "$R/w1.csv"
has "w1.csv exists: use --force to replace it" err
same "$R/w1.csv" "$T/keep.csv"
run 0 walk export w1 --format md -o "$R/w1.csv" --force
cmp -s "$R/w1.csv" "$T/keep.csv" && bad "--force did not replace the report" || ok
cp "$R/w1.csv" "$T/out"
hasx '# 監査用チェックリスト — R7 監査 (w1)'
hasx '・ unreviewed 0 / ○ compliant 1 / △ partial 2 / × noncompliant 1 / － not applicable 1 / stale 1'
hasx '| number | question | status | mark | note | updated | stale | guideline sections |'
has '^| 9-1 | 外部サービスの契約前に、責任分界点とＳＬＡを確認しているか。 | not applicable | － | クラウド未利用 \\| 対象外 | '
run 0 --db "$B" walk export w1 --format json -o "$R/w1.json"
lines 0
cp "$R/w1.json" "$T/out"
lines 5
has '"item":"audit.9-2","number":"","question":"","status":"partial".*"stale":true,"vanished":true}$'
run 0 walk export w1 --format md -o -
has '^# 監査用チェックリスト — R7 監査 (w1)$'
run 0 walk export w2 --format csv -o "$R/w2.csv"
[ "$(ls "$R")" = "$(printf 'w1.csv\nw1.json\nw2.csv')" ] && ok || bad "unexpected files in the report folder: $(ls "$R")"
# nothing to report: nothing written
run 1 walk export w9 --format csv -o "$R/w9.csv"
has "no walkthrough 'w9'" err
[ ! -e "$R/w9.csv" ] && ok || bad "a report of no walkthrough was written"

# --- a state file not written by guidenav --------------------------------------
# A copy of the state with control characters in a name and a note, as a file
# from elsewhere may hold (guidenav refuses them on input): no report and no
# listing passes them on.  Text, CSV and Markdown show each as U+FFFD (a tab
# as a space), a newline too, so a listing line or a cell stays one line;
# JSON has SQLite's escapes, C1 and DEL included.
F=$T/foreign.db
cp "$S" "$F"
"$SQLEXEC" "$F" "UPDATE walk SET name = 'R7' || char(27) || '[31m' || char(7) || char(155) || 'x' || char(10) || 'y' WHERE n = 1;
  UPDATE answer SET note = 'a' || char(10) || 'b' || char(13) || char(27) || '[2J' || char(9) || 'c' || char(133) WHERE walk = 1 AND item = 'audit.5.1-1'" \
  && ok || bad "cannot edit the state file with sqlexec"
run 0 --state "$F" walk list
lines 3
nocontrols out
hasx "w1  audit  ○1 △2 ×1 －1 unreviewed 0  stale 1  R7$FFFD[31m$FFFD${FFFD}x${FFFD}y"
run 0 --state "$F" walk show w1
lines 5
nocontrols out
fits80 "walk show of a foreign state"
has "^○ 5.1-1  .*  — a${FFFD}b$FFFD$FFFD\[2J c$FFFD  \[stale\]$"
run 0 --state "$F" walk set w1 9-3 partial   # the other answers are as they were
run 0 --state "$F" walk export w1 --format csv -o "$R/foreign.csv"
tr -d '\r' <"$R/foreign.csv" >"$T/out"
nocontrols out
lines 6
has "^監査用チェックリスト,5.1-1,.*,compliant,○,a${FFFD}b$FFFD$FFFD\[2J c$FFFD,[0-9T:Z-]*,stale,"
cp "$R/foreign.csv" "$T/out"
nocontrols out   # CR only before LF
run 0 --state "$F" walk export w1 --format md -o -
nocontrols out
hasx "# 監査用チェックリスト — R7$FFFD[31m$FFFD${FFFD}x${FFFD}y (w1)"
has "^| 5.1-1 | .* | compliant | ○ | a${FFFD}b$FFFD$FFFD\[2J c$FFFD | "
lines 11   # title, counts, head, rule, 5 rows and 2 blank lines
run 0 --state "$F" walk export w1 --format json -o -
nocontrols out
has '"note":"a\\nb\\r\\u001b\[2J\\tc\\u0085",'
run 0 --state "$F" walk list --format json
nocontrols out
has '"name":"R7\\u001b\[31m\\u0007\\u009bx\\ny",'
rm -f "$R/foreign.csv"

# --- failed exports leave the old report as it was: exit 3 ---------------------
cp "$R/w1.csv" "$T/keep.csv"
run 3 walk export w1 --format csv -o "$T/no/such/dir/r.csv"
has 'cannot write .*no/such/dir/r.csv' err
# a write that fails half-way (a file-size limit: the report is larger)
(trap '' XFSZ; ulimit -f 1; exec "$GUIDENAV" walk export w1 --format json -o "$R/w1.csv" --force) \
  >"$T/out" 2>"$T/err"
st=$?
[ "$st" -eq 3 ] && ok || bad "export over a file-size limit -> exit $st, want 3: $(cat "$T/err")"
has 'cannot write .*/w1.csv: File too large' err
same "$R/w1.csv" "$T/keep.csv"
[ "$(ls "$R")" = "$(printf 'w1.csv\nw1.json\nw2.csv')" ] && ok || bad "a failed export left files behind: $(ls "$R")"
# standard output that cannot be written
if [ -w /dev/full ]; then
  "$GUIDENAV" walk export w1 --format csv -o - >/dev/full 2>"$T/err"
  st=$?
  [ "$st" -eq 3 ] && ok || bad "export to /dev/full -> exit $st, want 3"
  has 'cannot write the' err
fi

# --- state and index errors: exit 3 --------------------------------------------
run 3 --state /proc/guidenav-no/state.db walk list
has '/proc/guidenav-no' err
run 3 --db "$T/missing.db" walk list
has 'no index there' err
# a read-only state file: it reads, and a write says why it cannot
mkdir "$T/ro" && cp "$S" "$T/ro/state.db"
chmod 444 "$T/ro/state.db"
command -v chattr >/dev/null 2>&1 && chattr +i "$T/ro/state.db" 2>/dev/null
if ! (: >>"$T/ro/state.db") 2>/dev/null; then
  run 0 --state "$T/ro/state.db" walk list
  lines 3
  run 0 --state "$T/ro/state.db" walk show w1
  run 3 --state "$T/ro/state.db" walk set w1 9-3 compliant
  has "ro/state.db: read-only: nothing can be saved" err
  run 3 --state "$T/ro/state.db" walk new audit
  has 'read-only' err
  same "$T/ro/state.db" "$S"
else
  echo "walk.sh: cannot make a file read-only here; read-only state skipped" >&2
fi
# a state file from a newer guidenav (user_version 3, at byte 60): read-only too
cp "$S" "$T/newer.db"
printf '\000\000\000\003' | dd of="$T/newer.db" bs=1 seek=60 conv=notrunc 2>/dev/null
run 0 --state "$T/newer.db" walk list
lines 3
run 3 --state "$T/newer.db" walk set w1 9-3 compliant
has 'read-only' err

# --- the default state file, and nothing written elsewhere -----------------------
unset GUIDENAV_STATE
XDG_STATE_HOME=$T/xdg "$GUIDENAV" walk new audit >"$T/out" 2>"$T/err" && ok || bad "walk new with XDG_STATE_HOME"
hasx 'w1'
[ "$(ls -A "$T/xdg/guidenav")" = state.db ] && ok || bad "files beside the state: $(ls -A "$T/xdg/guidenav")"
[ "$(ls -A "$T/state")" = state.db ] && ok || bad "files beside the state: $(ls -A "$T/state")"

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
