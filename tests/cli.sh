#!/bin/sh
# cli.sh — end-to-end tests of the built guidenav: every command, the
# option placement rules, JSON Lines, and every exit status (0 done,
# 1 nothing found, 2 usage or content error, 3 I/O or database error),
# on the fixture content in tests/fixtures/mini.
# Needs: $GUIDENAV (the binary), $SOURCE_ROOT, $COLS_CHECK (tests/cols.c:
# prints the lines of a text wider than N columns); POSIX sh, grep, cmp, tr.
set -u
: "${GUIDENAV:?}" "${SOURCE_ROOT:?}" "${COLS_CHECK:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# run EXPECTED_STATUS ARGS... : runs guidenav, keeps stdout in $T/out, stderr in $T/err
run() {
  want=$1; shift
  "$GUIDENAV" "$@" >"$T/out" 2>"$T/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "guidenav $* -> exit $got, want $want: $(head -c 300 "$T/err")"; fi
}
has() { if grep -q -e "$1" "$T/${2:-out}"; then ok; else bad "output lacks '$1' ($(head -c 300 "$T/${2:-out}"))"; fi; }
hasnt() { if grep -q -e "$1" "$T/${2:-out}"; then bad "output has '$1'"; else ok; fi; }
lines() { n=$(wc -l <"$T/out"); if [ "$n" -eq "$1" ]; then ok; else bad "$n lines, want $1"; fi; }
same() { if cmp -s "$1" "$2"; then ok; else bad "$1 and $2 differ"; fi; }
# the output with its wrapped lines joined again (runs of spaces made one)
flat() { tr '\n' ' ' <"$T/out" | sed 's/  */ /g' >"$T/flat"; }
# no line of FILE wider than 80 columns (ambiguous characters count two)
fits80() {
  if "$COLS_CHECK" 80 "$1" >"$T/wide"; then ok; else bad "$2: lines wider than 80 columns: $(head -c 600 "$T/wide")"; fi
}

MINI=$SOURCE_ROOT/tests/fixtures/mini
DB=$T/g.db

# --- build, check, version, help -----------------------------------------
run 0 build -c "$MINI" -o "$DB"
has 'wrote .*12 nodes, 1 revision points, 1 checklist items, 1 terms' err
# the depfile names every content file and every folder read (a file added
# to a folder changes the folder's time, so the build reruns)
mkdir -p "$T/dep/sub"
cp "$MINI"/*.yaml "$T/dep/"
mv "$T/dep/more.yaml" "$T/dep/sub/"
run 0 build -c "$T/dep" -o "$T/dep.db" --depfile "$T/dep.d"
has "^$T/dep.db:" dep.d
has "^ $T/dep/sub/more.yaml" dep.d
has "^ $T/dep \\\\$" dep.d
has "^ $T/dep/sub$" dep.d
run 0 check -c "$MINI"
flat
has '^ok: 4 files, 12 nodes (.* characters of body text), 1 revision points, 1 checklist items, 1 terms $' flat
run 0 check -c "$MINI" --dump
has '^link v2.taisaku.5.1 counterpart v3.taisaku.5.1$'
run 0 --version
has '^guidenav [0-9]'
run 0 --help
has 'Exit status: 0 done, 1 nothing found'
run 0 search --help
has '^usage: guidenav search'
run 0 --help search
has '^usage: guidenav search'
# --keys-roff: the man page's KEYS section (a development option)
run 0 --keys-roff
has '^\.SS '
run 0 help show
has '^usage: guidenav show'
# the top-level help lists every form of the synopsis, help COMMAND too
run 0 --help
has '^  guidenav help \[COMMAND\]$'
run 0 help help
has '^usage: guidenav help \[COMMAND\]$'

# --- usage errors: exit 2 ---------------------------------------------------
run 2 frobnicate
has "unknown command 'frobnicate'" err
run 2 --db "$DB" toc --colour
has "unknown option '--colour'" err
run 2 --db "$DB" search x --limit 0
run 2 --db "$DB" search x --limit abc
run 2 --db "$DB" search x --limit -1
run 2 --db "$DB" search x --limit ''
run 2 --db "$DB" search x --limit -99999999999999999999
has "takes a positive whole number, not '-99999999999999999999'" err
run 2 --db "$DB" search x --volume 5
run 2 --db "$DB" toc --format xml
run 2 --db "$DB" toc --db
has "needs a value" err
run 2 --db "$DB" show
run 2 --db "$DB" checklist frob
run 2 build -c "$MINI" extra
# options apply only where they mean something; elsewhere they are an error,
# wherever they stand
run 2 --db "$DB" toc -o "$T/x" v2
has "option '-o' does not apply to toc" err
[ ! -e "$T/x" ] && ok || bad "toc -o wrote a file"
run 2 --db "$DB" show v2 --dump
has "option '--dump' does not apply to show" err
run 2 --db "$DB" --volume 2 toc
has "option '--volume' does not apply to toc" err
run 2 --db "$DB" refs v2.taisaku.5.1 --force
run 2 --db "$DB" points --name x
run 2 --db "$DB" checklist list -c "$MINI"
run 2 check -c "$MINI" --depfile "$T/x.d"
has "option '--depfile' does not apply to check" err
run 2 build -c "$MINI" -o "$T/n.db" --dump
run 2 --db "$DB" --keys-roff toc
has "option '--keys-roff' does not apply to toc" err
run 2 -h toc --colour
# before `search`, a word is an option: one of another command is an error
run 2 --db "$DB" -o "$T/x" search サーバ
has "option '-o' does not apply to search" err
run 2 --db "$DB" --note x search サーバ
# the global options go with every command (an alias may hold them)
run 0 check -c "$MINI" --db "$DB" --state "$T/s.db" --format json --limit 3
run 0 --db "$DB" --format text --limit 2 --state "$T/s.db" show v2
run 0 toc --help -o x
has '^usage: guidenav toc'
run 0 --db "$DB" toc -h
has '^usage: guidenav toc'

# --- --limit: any positive number; one too large to hold is no limit -------
run 0 --db "$DB" search サーバ
cp "$T/out" "$T/all"
run 0 --db "$DB" search サーバ --limit 99999999999999999999
same "$T/out" "$T/all"
run 0 --db "$DB" search サーバ --limit=+3
run 0 --db "$DB" toc --limit 3
lines 3
run 0 --db "$DB" toc --limit 99999999999999999999
lines 12
run 0 --db "$DB" refs v2.taisaku.5.1 --limit 2
lines 2
run 0 --db "$DB" points --limit 1 --format json
lines 1
run 0 --db "$DB" checklist show self --limit 1
lines 1

# --- toc ------------------------------------------------------------------
run 0 --db "$DB" toc
lines 12
has '^      5.1 サーバ等の管理 \*  \[v2.taisaku.5.1\]$'
run 0 --db "$DB" toc --format json
lines 12
has '^{"id":"v2","kind":"node","title":"例文","volume":2,"number":"第2編","level":"volume"'
# every level of a path is "number title", the volume's too; a listing
# leaves the body out
has '^{"id":"v2.taisaku.5.1",.*"depth":3,"path":\["第2編 例文","第2章 対策基準","5 物理的セキュリティ","5.1 サーバ等の管理"\],"parent":"v2.taisaku.5","provenance":{'
has '"children":1}$'
hasnt '"body"'
run 0 --db "$DB" toc v2.taisaku.5
lines 3
run 0 --db "$DB" toc 第2編 5.1
lines 2
run 1 --db "$DB" toc v9.nothing
has "nothing matches 'v9.nothing'" err

# --- show: ids, citations, ambiguity --------------------------------------
run 0 --db "$DB" show v2.taisaku.5.1
has '^第2編 › 第2章 対策基準 › 5 物理的セキュリティ › 5.1 サーバ等の管理$'
has '^provenance: derived, 令和7年3月版 — 例規による$'
has '^out counterpart v3.taisaku.5.1  5.1 サーバ等の管理$'
has '^in  revision    m13.1  1 責任分界点とSLAの確認$'
# the confidence in the language's words, as the navigator has them
LANGUAGE=ja "$GUIDENAV" --db "$DB" show v2.taisaku.5.1 >"$T/out" 2>&1 && ok || bad "show in Japanese"
has '^根拠: 派生, 令和7年3月版 — 例規による$'
LANGUAGE=ja "$GUIDENAV" --db "$DB" show v2 >"$T/out" 2>&1 && ok || bad "show in Japanese"
has '^根拠: 背景知識, 令和7年3月版$'
run 0 --db "$DB" show 第3編 5.1
has '\[v3.taisaku.5.1\]'
run 0 --db "$DB" show "第３編　５．１"
has '\[v3.taisaku.5.1\]'
run 0 --db "$DB" show 2-5.1
has '\[v2.taisaku.5.1\]'
run 2 --db "$DB" show 第2編 5
has "'第2編 5' is ambiguous" err
has '^  v2.kihon.5 ' err
has '^  v2.taisaku.5 ' err
run 1 --db "$DB" show 第2編 7.7
# an item cited with the section or chapter above it, as reports print it
# and the guideline writes it: with or without a space, any volume form,
# full-width digits and parentheses, ⑴; a title may follow, or the id in
# brackets
for c in '第2編 5.1(1)' '第2編 5.1 (1)' '2-5.1 (1)' 'v2 5.1 (1)' '第２編　５．１（１）' '第2編 5.1⑴' \
         '5.1(1)' '第2編 (1)' '第2編 5.1 (1) 機器の取付け' '第2編 5.1(1) [v2.taisaku.5.1.i1]'; do
  run 0 --db "$DB" show "$c"
  has '^(1) 機器の取付け  \[v2.taisaku.5.1.i1\]$'
done
run 0 --db "$DB" show 第2編 5.1 '(1)' --format json
has '^{"id":"v2.taisaku.5.1.i1",'
run 0 --db "$DB" toc 2-5.1 '(1)'
lines 1
run 0 --db "$DB" points 第2編 '5.1(1)'
has '^m13.1 '
run 1 --db "$DB" show '第2編 5.1(2)'
has "nothing matches '第2編 5.1(2)'" err
run 1 --db "$DB" show '第2編 5(1)'     # chapter 5 has no item (1) of its own
run 0 --db "$DB" show 第2編 5.1 サーバ等の管理
has '^5.1 サーバ等の管理  \[v2.taisaku.5.1\]$'
# a checklist item's number, as walk set takes it
run 0 --db "$DB" show 5.1-1
has '\[self.5.1-1\]$'
run 0 --db "$DB" show ５．１－１
has '\[self.5.1-1\]$'
run 1 --db "$DB" show 5.1-7
run 0 --db "$DB" show m13.1
has '○ member (inferred): 責任分界点やSLAが適正か確認する必要がある。'
has '● secretariat (inferred): 記載を検討する。'
LANGUAGE=ja "$GUIDENAV" --db "$DB" show m13.1 >"$T/out" 2>&1 && ok || bad "show in Japanese"
has '○ 構成員（推定）: 責任分界点やSLAが適正か確認する必要がある。'
has '^対応: 記載を検討する。$'
run 0 --db "$DB" show self.5.1-1
has '^evidence (監査資料の例): 機器台帳、点検記録$'
run 0 --db "$DB" show term.sla
has '^reading: えすえるえー$'
# options after the operands, in any order
run 0 show v2.taisaku.5.1 --format json --db "$DB"
lines 1
has '"counterpart":"v3.taisaku.5.1"'
has '"path":\["第2編 例文","第2章 対策基準",'
has '"body":"情報システム管理者は、'
run 0 --format=json --db="$DB" show m13.1
has '"remarks":\[{"role":"member","inferred":true'

# --- search -----------------------------------------------------------------
run 0 --db "$DB" search 責任分界点
has '^v2.taisaku.5.1  node  '
has '【責任分界点】'
run 1 --db "$DB" search 存在しない語句
lines 0
run 0 --db "$DB" search ＳＬＡ
has '^term.sla  term'
run 0 --db "$DB" search sla --format json
has '"matches":\[\['
# a hit's path is an array as in show and toc; nodes have their number and
# provenance, other records their place
run 0 --db "$DB" search 責任分界点 --format json
has '^{"id":"v2.taisaku.5.1","kind":"node","title":"サーバ等の管理","volume":2,"number":"5.1","path":\["第2編 例文","第2章 対策基準","5 物理的セキュリティ","5.1 サーバ等の管理"\],"provenance":{"edition":"令和7年3月版","confidence":"derived","note":"例規による"},"snippet":"'
has '^{"id":"m13.1","kind":"point","title":"責任分界点とSLAの確認","volume":null,"number":1,"path":\["第13回検討会 2024-07-22"\],"snippet":"'
hasnt '"path":"'
run 0 --db "$DB" search SLA kind:term --format json
has '"number":null,"path":\["用語集"\],"snippet":'
hasnt '"provenance"'
run 0 --db "$DB" search ｸﾗｳﾄﾞ
has '^v3.taisaku.5.1  node'
run 0 --db "$DB" search サーバ --limit 1
lines 2
run 0 --db "$DB" search 責任分界点 -クラウド
hasnt 'v2.taisaku.9'
run 0 --db "$DB" search 責任分界点 --volume 2 --format json
hasnt '"volume":3'
run 0 --format json search kind:term SLA --db "$DB"
lines 1
# after `search`, every word that is not one of search's options is query
# text: -o, -c, -h, --note ... never take a value or print help
run 0 --db "$DB" search -c 責任分界点
has '^v2.taisaku.5.1  node  '
run 0 --db "$DB" search 責任分界点 -o
has '^v2.taisaku.5.1  node  '
run 0 --db "$DB" search 責任分界点 --help
has '^v2.taisaku.5.1  node  '
hasnt '^usage'
for q in -h -o -c --note --name --force --dump --depfile --keys-roff --version -x --note=x --help=x \
         --colour=always; do
  for where in before after; do
    if [ $where = before ]; then set -- "$q" 責任分界点; else set -- 責任分界点 "$q"; fi
    "$GUIDENAV" --db "$DB" search "$@" >"$T/out" 2>"$T/err"
    st=$?
    if [ "$st" -le 1 ] && [ ! -s "$T/err" ] && ! grep -q '^usage\|^guidenav [0-9]' "$T/out"; then ok; else
      bad "search $* -> exit $st: $(cat "$T/err")"
    fi
  done
done
run 1 --db "$DB" search -h
hasnt 'usage'
run 1 --db "$DB" search -- --help
hasnt 'usage'
# no query string is ever a usage or database error
for q in '"' '*' '(' ')' ':' '^' 'NEAR' 'AND' 'OR' 'NOT' '\' '-' '--x' '"unbalanced' 'a:b' \
         "$(printf '\377\376')" 'x*' '{}' "'" '　' ''; do
  "$GUIDENAV" --db "$DB" search -- "$q" >"$T/out" 2>"$T/err"
  st=$?
  if [ "$st" -le 1 ] && [ ! -s "$T/err" ]; then ok; else bad "search '$q' -> exit $st: $(cat "$T/err")"; fi
done

# --- refs, points, checklists ----------------------------------------------
run 0 --db "$DB" refs v2.taisaku.5.1
lines 5
has '^out see         v2.taisaku.9  9 業務委託と外部サービスの利用$'
run 0 --db "$DB" refs v3.taisaku.5.1 --format json
has '"direction":"in","relation":"counterpart"'
run 1 --db "$DB" refs v2.kihon.5      # no link: nothing found
lines 0
run 1 --db "$DB" refs nothing.here
run 0 --db "$DB" points
has '^m13.1  \[consider-wording\] 責任分界点とSLAの確認$'
has '^    → v3.taisaku.5.1$'
run 0 --db "$DB" points 第3編 5.1
has '^m13.1 '
run 1 --db "$DB" points v2.taisaku.9  # no point touches it: nothing found
lines 0
# an item inherits the points of its section; a meeting lists its points,
# a point itself
run 0 --db "$DB" points v2.taisaku.5.1.i1
has '^m13.1 '
run 0 --db "$DB" points m13
has '^m13.1 '
run 0 --db "$DB" points m13.1 --format json
lines 1
has '"id":"m13.1"'
run 0 --db "$DB" points --format json
has '"disposition":"consider-wording"'
run 0 --db "$DB" checklist list
has '^self  自己点検$'
run 0 --db "$DB" checklist show self --format json
has '"procedure":\["現地確認"\]'
run 1 --db "$DB" checklist show nope

# --- text fits 80 columns in a pipe --------------------------------------------
# The fixture again with a section, a checklist item and notes too long for
# one line.  Long text wraps at 80 columns (ambiguous characters such as ○
# count two) with a hanging indent; a hit's first line stays "ID  KIND  PATH",
# its path made to fit.  The same in every locale.
mkdir "$T/long"
cp "$MINI"/*.yaml "$T/long/"
cat >"$T/long/long.yaml" <<'EOF_LONG'
nodes:
  - id: v2.taisaku.9.1
    parent: v2.taisaku.9
    kind: section
    number: "9.1"
    title: 外部サービス（クラウドサービスを含む。）の利用に当たっての責任分界点及びサービスレベルの確認と記録の保存
    provenance: {edition: 令和7年3月版, confidence: derived, note: 検証用の長い注記。本文の言い回しは試験のために作ったもので、実際のガイドラインの文言ではない。}
    body: |
      情報システム管理者は、外部サービスを利用する前に、事業者との責任分界点、サービスレベルの合意（ＳＬＡ）、障害時の連絡体制、データの保存場所と準拠法、契約終了時のデータの扱いを確認し、その結果を記録として保存しなければならない。確認の結果は、統括情報セキュリティ責任者に報告する。
      ・確認の記録には、確認した日、確認した者、確認に用いた資料（契約書、利用規約、第三者認証の報告書等）を記載する。
      (1) 年に一度、又は契約を変更するときに、確認をやり直す。
checklists:
  - id: long
    title: 長い確認項目の点検表
    description: 幅の試験用
    items:
      - id: long.1
        number: "1"
        question: 外部サービスの利用に当たり、事業者との責任分界点、サービスレベルの合意、障害時の連絡体制、データの保存場所と準拠法が、契約前に確認され記録されているか。
        guidance: ○は、確認の記録があり、統括情報セキュリティ責任者への報告が残っている状態。△は、確認はしたが記録が不十分な状態。×は、確認していない状態。
        nodes: [v2.taisaku.9.1]
EOF_LONG
LONG=$T/long.db
run 0 build -c "$T/long" -o "$LONG"
run 0 --db "$LONG" show v2.taisaku.9.1
has '^第2編 › 第2章 対策基準 › 9 業務委託と外部サービスの利用$'
has '^  › 9.1 外部サービス（クラウドサービスを含む。）の利用に当たっての責任分界点及び$'
has '^  ビスレベルの確認と記録の保存  \[v2.taisaku.9.1\]$'
has '^provenance: derived, 令和7年3月版 — 検証用の長い注記。'
has '^情報システム管理者は、外部サービスを利用する前に、事業者との責任分界点、サービス$'
has '^・確認の記録には、確認した日、確認した者、確認に用いた資料（契約書、利用規約、第$'
has '^  三者認証の報告書等）を記載する。$'
has '^in  checks      long.1  1 外部サービスの利用に当たり、'
has '^                        ビスレベルの合意、'
flat
has '確認し、その結果を記録として保存しなければならない。確認の結果は、' flat
run 0 --db "$LONG" search 責任分界点
has '^v2.taisaku.9.1  node  第2編 › … › 9.1 外部サービス（クラウドサービスを含む。…$'
has '^long.1  item  長い確認項目の点検表 › 外部サービスの利用に当たり、事業者との責…$'
has '^v2.taisaku.5.1  node  第2編 › … › 5 物理的セキュリティ › 5.1 サーバ等の管理$'
has '^    …ビスを利用する前に、事業者との【責任分界点】、'
has '^    Ａ）、障害時の連絡体制、データの…$'
# every line is a hit's first line or a snippet's, indented by 4
if grep -v -e '^[a-z][a-z0-9.-]*  [a-z]*  ' -e '^    ' "$T/out" | grep -q .; then bad "search lines: $(cat "$T/out")"; else ok; fi
run 0 --db "$LONG" checklist show long
has '^long.1  外部サービスの利用に当たり、事業者との責任分界点、サービスレベルの合意、$'
has '^        障害時の連絡体制、データの保存場所と準拠法が、契約前に確認され記録されて$'
run 0 --db "$LONG" toc v2.taisaku.9
has '^      9.1 外部サービス（クラウドサービスを含む。）の利用に当たっての責任分界点及$'
has '^          びサービスレベルの確認と記録の保存  \[v2.taisaku.9.1\]$'
run 0 --db "$LONG" show long.1
has '^guidance: ○は、確認の記録があり、統括情報セキュリティ責任者への報告が残っている$'
has '^  状態。'
: >"$T/text"
for args in "toc" "show v2.taisaku.9.1" "show long.1" "show m13.1" "show m13" "show term.sla" "show long" \
            "show v2" "search 責任分界点" "search 確認" "search サーバ OR 鍵 OR 記録" "checklist list" \
            "checklist show long" "checklist show self" "points" "points v2.taisaku.5.1" \
            "refs v2.taisaku.9.1" "refs long.1" "refs v2.taisaku.5.1" "--help" "search --help" \
            "walk --help" "open --help" "show --help" "build --help"; do
  # shellcheck disable=SC2086
  "$GUIDENAV" --db "$LONG" $args >>"$T/text" 2>&1
done
fits80 "$T/text" "toc, show, search, checklist, points, refs, help"
# standard error too: the candidates of an ambiguous citation (paths made to
# fit with …, as search does; here 第2編 and 第3編 both have a 9.1 with a long
# title) and a long citation that matches nothing
mkdir "$T/amb"
cp "$T/long"/*.yaml "$T/amb/"
cat >"$T/amb/amb.yaml" <<'EOF_AMB'
nodes:
  - id: v3.taisaku.9
    parent: v3.taisaku
    kind: chapter
    number: "9"
    title: 業務委託と外部サービス（クラウドサービスを含む。）の利用に関する解説と留意点
    provenance: {edition: 令和7年3月版, confidence: derived}
    children:
      - id: v3.taisaku.9.1
        kind: section
        number: "9.1"
        title: 外部サービス（クラウドサービスを含む。）の利用に当たっての責任分界点及びサービスレベルの確認と記録の保存（解説）
        provenance: {edition: 令和7年3月版, confidence: derived}
EOF_AMB
run 0 build -c "$T/amb" -o "$T/amb.db"
run 2 --db "$T/amb.db" show 9.1
has "^guidenav: '9.1' is ambiguous; it may mean:$" err
has '^  v2.taisaku.9.1           第2編 › … › 9.1 外部サービス（クラウドサービスを含…$' err
has '^  v3.taisaku.9.1           第3編 › … › 9.1 外部サービス（クラウドサービスを含…$' err
: >"$T/errs"
for args in "show 9.1" "toc 9.1" "refs 9.1" "points 9.1" "show 5.1" "show 第2編 5" \
            "show 9.1 外部サービス（クラウドサービスを含む。）の利用に当たっての責任分界点及びサービスレベルの確認と記録" \
            "show 第2編 9.9 外部サービス（クラウドサービスを含む。）の利用に当たっての責任分界点及びサービスレベル"; do
  # shellcheck disable=SC2086
  "$GUIDENAV" --db "$T/amb.db" $args >/dev/null 2>>"$T/errs"
done
grep -q 'is ambiguous' "$T/errs" && grep -q 'nothing matches' "$T/errs" && ok || bad "no candidates: $(cat "$T/errs")"
fits80 "$T/errs" "candidates of ambiguous citations (stderr)"
# every command's help and usage errors, on standard output and error
: >"$T/usage"
for c in open build check toc show search refs points checklist walk help; do
  "$GUIDENAV" "$c" --help >>"$T/usage" 2>&1
  "$GUIDENAV" help "$c" >>"$T/usage" 2>&1
done
for args in "--help" "help" "frobnicate" "show" "refs" "checklist frob" "build x" "check x" "toc -o x" \
            "search x --limit 0" "search x --volume 9" "--format xml toc" "toc --db" "walk" "walk frob" \
            "walk new" "walk set w1 9-3 ok" "walk export w1 -o x" "walk export w1 --format xml -o x" \
            "show v2 --dump" "--keys-roff toc" "--colour-of-the-output-is-not-an-option-of-guidenav toc"; do
  # shellcheck disable=SC2086
  "$GUIDENAV" --db "$DB" --state "$T/s.db" $args >>"$T/usage" 2>&1
done
grep -q "^guidenav: unknown status 'ok'" "$T/usage" && ok || bad "usage errors missing: $(head -c 300 "$T/usage")"
fits80 "$T/usage" "help and usage of every command"
# a wider terminal is not assumed from $COLUMNS when the output is a pipe
# shellcheck disable=SC2086
COLUMNS=200 "$GUIDENAV" --db "$LONG" show v2.taisaku.9.1 >"$T/text200" 2>&1
fits80 "$T/text200" "COLUMNS=200 in a pipe"
# the same text in any locale: widths are guidenav's own (an EUC-JP locale
# where one is installed; else the C library leaves the C locale)
for args in "show v2.taisaku.9.1" "search 責任分界点" "checklist show long" "toc"; do
  # shellcheck disable=SC2086
  "$GUIDENAV" --db "$LONG" $args >"$T/utf8.out" 2>&1
  # shellcheck disable=SC2086
  LC_ALL=C "$GUIDENAV" --db "$LONG" $args >"$T/c.out" 2>&1
  same "$T/utf8.out" "$T/c.out"
  # shellcheck disable=SC2086
  LANGUAGE=en LC_ALL=ja_JP.eucJP "$GUIDENAV" --db "$LONG" $args >"$T/euc.out" 2>&1
  same "$T/utf8.out" "$T/euc.out"
done

# --- content errors: exit 2, positions, the previous index untouched --------
mkdir -p "$T/badc"
cp "$MINI"/*.yaml "$T/badc/"
printf 'nodes:\n  - id: v2.extra\n    parent: v2.taisaku\n    kind: chapter\n    number: "6"\n    title: ""\n    provenance: {edition: E, confidence: seen}\n' >"$T/badc/zz.yaml"
cp "$DB" "$T/before.db"
run 2 build -c "$T/badc" -o "$DB"
has "zz.yaml:6:12: empty 'title' in node" err
if cmp -s "$DB" "$T/before.db"; then ok; else bad "a failed build changed the index"; fi
run 2 check -c "$T/badc"
has '1 error in' err
hasnt 'kept a file from being read' err
# a file that cannot be read: its error first, and the hint that the
# others (references to its records) may follow from it
mkdir -p "$T/unread"
cp "$MINI"/*.yaml "$T/unread/"
printf 'nodes: [\n' >>"$T/unread/v3.yaml"
run 2 check -c "$T/unread"
if head -n 1 "$T/err" | grep -q 'v3.yaml:[0-9]*:[0-9]*: YAML syntax error'; then ok; else bad "the unreadable file's error is not first: $(head -n 2 "$T/err")"; fi
has "no record has the id 'v3" err
has '^guidenav: the first 1 kept a file from being read; the others may follow from them' err
ls "$T" | grep -q 'tmp' && bad "temporary files left: $(ls "$T")" || ok
# a folder or file that cannot be read is an I/O error: exit 3, and no
# misleading 'no guideline mapping' beside it
run 3 check -c "$T/nowhere"
has 'cannot read the content folder' err
hasnt "'guideline' mapping" err
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$T/unreadable"
  cp "$MINI"/*.yaml "$T/unreadable/"
  chmod 000 "$T/unreadable/v3.yaml"
  run 3 check -c "$T/unreadable"
  has 'v3.yaml: cannot read: Permission denied' err
  chmod 644 "$T/unreadable/v3.yaml"
fi

# --- I/O and database errors: exit 3 ---------------------------------------
run 3 build -c "$MINI" -o "$T/no/such/dir/g.db"
printf 'not an index\n' >"$T/junk.db"
run 3 --db "$T/junk.db" toc
has 'not a guidenav index' err
run 3 --db "$T/missing.db" toc
has 'no index there' err
GUIDENAV_DB=$T/missing.db "$GUIDENAV" toc >/dev/null 2>&1; [ $? -eq 3 ] && ok || bad "GUIDENAV_DB not honoured"
GUIDENAV_DB=$DB "$GUIDENAV" show v2 >/dev/null 2>&1; [ $? -eq 0 ] && ok || bad "GUIDENAV_DB not used"

# --- the CLI works in any locale, and never writes escape codes to a pipe ----
LC_ALL=C "$GUIDENAV" --db "$DB" search 責任分界点 >"$T/out" 2>&1; [ $? -eq 0 ] && ok || bad "C locale search"
has '【責任分界点】'
for args in "toc" "show v2.taisaku.5.1" "search サーバ" "points" "refs v2.taisaku.5.1"; do
  # shellcheck disable=SC2086
  "$GUIDENAV" --db "$DB" $args >"$T/out" 2>&1
  if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then bad "escape code in '$args' output"; else ok; fi
done
# a read-only index folder works (no journal, no WAL written)
mkdir "$T/ro" && cp "$DB" "$T/ro/g.db" && chmod 555 "$T/ro" && chmod 444 "$T/ro/g.db"
run 0 --db "$T/ro/g.db" search サーバ
[ "$(ls "$T/ro")" = "g.db" ] && ok || bad "files appeared beside a read-only index: $(ls "$T/ro")"
chmod 755 "$T/ro"

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
