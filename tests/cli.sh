#!/bin/sh
# cli.sh — end-to-end tests of the built guidenav: every command, the
# option placement rules, JSON Lines, and every exit status (0 done,
# 1 nothing found, 2 usage or content error, 3 I/O or database error),
# on the fixture content in tests/fixtures/mini.
# Needs: $GUIDENAV (the binary), $SOURCE_ROOT; POSIX sh, grep, cmp.
set -u
: "${GUIDENAV:?}" "${SOURCE_ROOT:?}"
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
has '^ok: 4 files, 12 nodes (.* characters of body text), 1 revision points, 1 checklist items, 1 terms$'
run 0 check -c "$MINI" --dump
has '^link v2.taisaku.5.1 counterpart v3.taisaku.5.1$'
run 0 --version
has '^guidenav [0-9]'
run 0 --help
has 'Exit status: 0 done, 1 nothing found'
run 0 search --help
has '^usage: guidenav search'
run 0 help show
has '^usage: guidenav show'

# --- usage errors: exit 2 ---------------------------------------------------
run 2 frobnicate
has "unknown command 'frobnicate'" err
run 2 --db "$DB" toc --colour
has "unknown option '--colour'" err
run 2 --db "$DB" search x --limit 0
run 2 --db "$DB" search x --limit abc
run 2 --db "$DB" search x --volume 5
run 2 --db "$DB" toc --format xml
run 2 --db "$DB" toc --db
has "needs a value" err
run 2 --db "$DB" show
run 2 --db "$DB" checklist frob
run 2 build -c "$MINI" extra

# --- toc ------------------------------------------------------------------
run 0 --db "$DB" toc
lines 12
has '^      5.1 サーバ等の管理 \*  \[v2.taisaku.5.1\]$'
run 0 --db "$DB" toc --format json
lines 12
has '^{"id":"v2","kind":"node","title":"例文","volume":2,"number":"第2編","level":"volume"'
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
