#!/bin/sh
# content.sh — the shape of the bundled content (issue 3): it validates, all
# four volumes, every 対策基準 chapter in 第2編 and 第3編 with its
# counterpart, all twelve revision points of the 13th meeting each linked to
# nodes and found by phrases of the summary, every checklist item linked,
# every node with provenance, and the size floors.
# Also: the command line's text output on all of it fits 80 columns in a pipe.
# Needs: $GUIDENAV, $SOURCE_ROOT, $BUILD_ROOT (guideline.db built there),
# $COLS_CHECK (tests/cols.c).
set -u
: "${GUIDENAV:?}" "${SOURCE_ROOT:?}" "${BUILD_ROOT:?}" "${COLS_CHECK:?}"
DB=$BUILD_ROOT/guideline.db
T=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-content.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*" >&2; }
g() { "$GUIDENAV" --db "$DB" "$@"; }
atleast() { if [ "$1" -ge "$2" ]; then ok; else bad "$3: $1 < $2"; fi; }

"$GUIDENAV" check -c "$SOURCE_ROOT/content" >"$T/check" 2>&1 && ok || bad "check fails: $(head -5 "$T/check")"

# The index beside the binary is found with no flags and no environment.
env -u GUIDENAV_DB "$GUIDENAV" show v1 >/dev/null 2>&1 && ok || bad "default index not found beside the program"

g toc --format json >"$T/toc" || bad "toc"
for v in 1 2 3 4; do
  grep -q "^{\"id\":\"v$v\",\"kind\":\"node\",[^}]*\"level\":\"volume\"" "$T/toc" && ok || bad "volume $v missing"
done
nodes=$(wc -l <"$T/toc")
atleast "$nodes" 150 "guideline nodes"
# every node has a provenance confidence from the four marks
n_prov=$(grep -c '"confidence":"\(seen\|derived\|background\|unverified\)"' "$T/toc")
[ "$n_prov" -eq "$nodes" ] && ok || bad "$((nodes - n_prov)) nodes without provenance"

# size floors, from the summary line of check
summary=$(cat "$T/check")
chars=$(printf '%s' "$summary" | sed -n 's/.*(\([0-9]*\) characters of body text).*/\1/p')
nterms=$(printf '%s' "$summary" | sed -n 's/.*, \([0-9]*\) terms$/\1/p')
atleast "${nterms:-0}" 40 "glossary terms"
atleast "$chars" 100000 "characters in node bodies"

# 対策基準 chapters 1–10 in both volumes, each with its counterpart
for c in 1 2 3 4 5 6 7 8 9 10; do
  g show "v2.taisaku.$c" --format json >"$T/c" 2>/dev/null || { bad "v2.taisaku.$c missing"; continue; }
  grep -q "\"counterpart\":\"v3.taisaku.$c\"" "$T/c" && ok || bad "v2.taisaku.$c has no counterpart v3.taisaku.$c"
done
# every 第2編 対策基準 section has its 解説
for id in $(grep -o '"id":"v2\.taisaku\.[0-9]*\.[0-9]*"' "$T/toc" | cut -d'"' -f4); do
  g show "$id" --format json | grep -q "\"counterpart\":\"v3${id#v2}\"" && ok || bad "$id has no 解説 counterpart"
done

# twelve revision points, each touching at least one node
g points --format json >"$T/points"
[ "$(grep -c '"kind":"point"' "$T/points")" -eq 12 ] && ok || bad "not 12 revision points"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
  grep "\"id\":\"m13.$i\"" "$T/points" | grep -q '"nodes":\["' && ok || bad "point m13.$i links no node"
done
# a phrase of each point of the summary lands on that point
while IFS='|' read -r phrase point; do
  g search "\"$phrase\"" kind:point --format json >"$T/s" 2>/dev/null
  grep -q "\"id\":\"$point\"" "$T/s" && ok || bad "search '$phrase' does not find $point"
done <<'PHRASES'
ISMAPに登録されているサービスに係る責任範囲を正確に見極める|m13.1
ISMAPの保証範囲について、誤解を生まないように周知|m13.1
自治体側の主体的な指導が必要|m13.2
調整役を担うことについて伝わるように案文を検討|m13.2
責任分界点やSLAが適正か確認する必要がある|m13.3
公表する範囲を明確化することが望ましい|m13.4
基本方針レベルで公表することを想定|m13.4
特定秘密の保護に関する法律での扱いについて補足|m13.5
住民情報が3Aに含まれるのではないか|m13.5
第4編を本編に統一する作業|m13.6
構成全体の見直しについては追って検討|m13.6
国・地方ネットワークの将来像及び実現シナリオ|m13.7
デジタル庁と調査研究実証に向け話し合いを始めている|m13.7
システム間連携部分の品質管理|m13.8
コンビニ交付の誤交付事案があるため|m13.8
契約不適合に基づく請求権|m13.9
SQLインジェクション事件の裁判例|m13.9
重過失がある場合|m13.9
不利な契約を避けるべき|m13.9
アクセス制御やデータ暗号化等が保証されていない事例|m13.10
ISMAP登録サービスの言明対象を正確に確認すべき|m13.10
パッケージソフトの留意事項は請負事業者の知見を借りつつ|m13.11
地方公共団体に意見照会を行う|m13.12
PHRASES

# checklists: sizes, and every item links a node
g checklist show self --format json >"$T/self"
atleast "$(wc -l <"$T/self")" 60 "self-assessment items"
g checklist show vendor --format json >"$T/vendor"
atleast "$(wc -l <"$T/vendor")" 10 "vendor items"
[ "$(grep -c '"nodes":\["' "$T/self")" -eq "$(wc -l <"$T/self")" ] && ok || bad "a self item links no node"
[ "$(grep -c '"points":\["m13' "$T/vendor")" -eq "$(wc -l <"$T/vendor")" ] && ok || bad "a vendor item links no point"
# the self-assessment covers every 対策基準 chapter
for c in 1 2 3 4 5 6 7 8 9 10; do
  grep -q "\"nodes\":\[[^]]*\"v2\.taisaku\.$c[.\"]" "$T/self" && ok || bad "no self item checks chapter $c"
done

# glossary: the core terms exist
for t in term.ciso term.csirt term.ismap term.ismap-liu term.lgwan; do
  g show "$t" >/dev/null 2>&1 && ok || bad "glossary term $t missing"
done

# issue 3's cross-references: 基本方針 6 names every 対策基準 chapter,
# 基本方針 7 and 対策基準 10.1/10.2 refer to each other
g refs v2.kihon.6 >"$T/r6"
for c in 1 2 3 4 5 6 7 8 9 10; do
  grep -q "^out see         v2\.taisaku\.$c " "$T/r6" && ok || bad "基本方針 6 does not refer to 対策基準 $c"
done
g refs v2.kihon.7 >"$T/r7"
for s in 10.1 10.2; do
  grep -q "v2\.taisaku\.$s " "$T/r7" && ok || bad "基本方針 7 and 対策基準 $s are not linked"
done

# the auditor's path from 第2編 5.1: its 解説, its checklist items, points
g refs 第2編 5.1 >"$T/r"
grep -q '^out counterpart v3.taisaku.5.1 ' "$T/r" && ok || bad "5.1 does not reach its 解説"
g show 第2編 5.1 --format json | grep -q '"items":\["self\.' && ok || bad "5.1 has no checklist item"
g refs 第2編 9.3 | grep -q '^in  revision    m13\.' && ok || bad "9.3 has no revision point"

# Text output fits 80 columns in a pipe (ambiguous characters such as ○
# counted as two): every record shown, every node's links, the listings,
# searches, and a walkthrough with long notes.
ids=$(sed 's/^{"id":"\([^"]*\)".*/\1/' "$T/toc")
others=$(cat "$T/self" "$T/vendor" | sed 's/^{"id":"\([^"]*\)".*/\1/')
others="$others $(g points --format json | sed 's/^{"id":"\([^"]*\)".*/\1/')"
others="$others $(sed -n 's/^  - id: \(term\.[^ ]*\)$/\1/p' "$SOURCE_ROOT/content/glossary.yaml")"
{
  for id in $ids; do g show "$id"; g refs "$id"; done
  for id in $others m13 self vendor; do g show "$id"; done
  g toc; g points; g checklist list; g checklist show self; g checklist show vendor
  for q in 監査 責任分界点 クラウド SLA サーバ 鍵 ISMAP ログ 委託 "情報 セキュリティ" 管理 \
           "kind:item 確認" "kind:point 検討" "kind:term 情報"; do
    # shellcheck disable=SC2086
    g search $q
  done
  S=$T/state.db
  g --state "$S" walk new self --name "令和7年度 情報セキュリティ内部監査（本庁舎及び出先機関を含む全所属）"
  g --state "$S" walk set w1 1-1 ○ --note "短い備考"
  g --state "$S" walk set w1 1-2 na --note "本団体では該当する情報資産がないため対象外とした。次回の見直しで改めて確認する。"
  g --state "$S" walk set w1 1-3 × --note "$(printf '%s' "用語の定義が関係規程の間で食い違っている。" "用語の定義が関係規程の間で食い違っている。")"
  g --state "$S" walk show w1
  g --state "$S" walk list
} >"$T/text" 2>&1
"$COLS_CHECK" 80 "$T/text" >"$T/wide" && ok || bad "text lines wider than 80 columns: $(head -c 1000 "$T/wide")"
atleast "$(wc -l <"$T/text")" 10000 "lines of text output checked"

printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
