#!/bin/sh
# bench/navbench.sh [BUILD_DIR] — the navigator's speed (issue 5 item 8).
#
# Drives the built guidenav in its test mode (GUIDENAV_SCRIPT: curses draws
# its full output, sent to /dev/null, with no tty) on the bundled index
# BUILD_DIR/guideline.db, 80x24, Japanese, and reads the program's own
# measurements (:stats): the first screen (from nav_run's start to the first
# screen written), and for every keystroke the time from reading the key to
# the screen being written (a burst — an input method's word — counts as one
# keystroke).  Two scripts: browsing (tree, reader, scrolling, next/previous
# section, counterpart, references, points, checklists, help, resizes) and
# incremental search (a query typed character by character, deleted, typed
# again; opening hits; n/N).  Also the whole process from exec to exit for a
# start that quits at once.  RUNS repetitions (default 5); the medians of
# the per-run figures are printed, ending with one line
#   NAVRESULT first_screen_ms=… start_process_ms=… browse_key_p50_ms=…
#     browse_key_p99_ms=… search_key_p50_ms=… search_key_p99_ms=…
#     key_max_ms=… max_rss_kb=…
# SCALE=N (needs python3-yaml) also measures an index of the content scaled
# N times with bench/gen.py.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$(pwd)/$BUILD ;; esac
RUNS=${RUNS:-5}
say() { printf '%s\n' "$*" >&2; }

if [ ! -f "$BUILD/build.ninja" ]; then
  say "navbench: configuring $BUILD"
  meson setup "$BUILD" "$ROOT" >/dev/null
fi
meson compile -C "$BUILD" >/dev/null
GN=$BUILD/guidenav
DB=$BUILD/guideline.db
[ -x "$GN" ] && [ -f "$DB" ] || { say "navbench: no $GN or $DB"; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-navbench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

# ---- the scripts ------------------------------------------------------------
{
  i=0; while [ $i -lt 30 ]; do echo j; i=$((i + 1)); done
  echo '<Right>'; echo j; echo '<Right>'; echo j; echo '<Enter>'
  i=0; while [ $i -lt 40 ]; do echo j; i=$((i + 1)); done
  echo '<Space>'; echo '<Space>'; echo b; echo g; echo G
  i=0; while [ $i -lt 30 ]; do echo ']'; i=$((i + 1)); done
  i=0; while [ $i -lt 10 ]; do echo '['; i=$((i + 1)); done
  i=0; while [ $i -lt 10 ]; do echo t; i=$((i + 1)); done
  echo '<Tab>'; echo j; echo j; echo '<Enter>'; echo h; echo l; echo h
  echo '<Tab>'; echo '<Tab>'
  echo ':v2.taisaku.9.3<Enter>'; echo p; echo j; echo j; echo a; echo '<Esc>'
  echo c; echo '<Enter>'; echo j; echo j; echo j; echo '<Esc>'; echo '<Esc>'
  echo '?'; echo '<Space>'; echo '<Space>'; echo q
  echo ':resize 40x12'; echo j; echo '<Tab>'; echo j; echo ':resize 80x24'
  echo A; echo j; echo A
  echo ':stats browse.stats'
} > "$WORK/browse.keys"
{
  echo /
  for w in 責 任 分 界 点; do echo "$w"; done
  i=0; while [ $i -lt 5 ]; do echo '<BS>'; i=$((i + 1)); done
  for w in Ｓ Ｌ Ａ; do echo "$w"; done
  echo '<C-u>'; echo 'クラウド'; echo '<C-u>'
  for w in 委 託 先; do echo "$w"; done
  echo '<C-u>'; echo 'ｸﾗｳﾄﾞ'; echo '<C-u>'; echo '3A'; echo '<C-u>'
  echo 責任分界点; echo '<Down>'; echo '<Down>'; echo '<Enter>'
  i=0; while [ $i -lt 10 ]; do echo n; i=$((i + 1)); done
  i=0; while [ $i -lt 5 ]; do echo N; i=$((i + 1)); done
  echo /; echo '<C-u>'
  for w in 情 報 セ キ ュ リ テ ィ; do echo "$w"; done
  echo '<Enter>'; echo n; echo n
  echo ':stats search.stats'
} > "$WORK/search.keys"
echo ':stats start.stats' > "$WORK/start.keys"

run() {   # DB SCRIPT OUTDIR
  mkdir -p "$3"
  (cd "$3" && env -i PATH=/usr/bin:/bin HOME="$WORK/home" XDG_STATE_HOME="$WORK/home/state" \
     LC_ALL=C.UTF-8 LANGUAGE=ja TERM=xterm-256color LINES=24 COLUMNS=80 \
     GUIDENAV_SCRIPT="$2" GUIDENAV_DUMP_DIR="$3" "$GN" --db "$1")
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2"; }
median() { sort -n | awk '{a[NR] = $1} END {if (NR) print a[int((NR + 1) / 2)]; else print 0}'; }

measure() {   # DB LABEL
  db=$1 label=$2
  : > "$WORK/$label.rows"
  r=0
  while [ $r -lt "$RUNS" ]; do
    rm -rf "$WORK/home"
    t0=$(date +%s%N)
    run "$db" "$WORK/start.keys" "$WORK/o"
    t1=$(date +%s%N)
    run "$db" "$WORK/browse.keys" "$WORK/o"
    run "$db" "$WORK/search.keys" "$WORK/o"
    echo "$(field first_screen_ms "$WORK/o/start.stats") $(( (t1 - t0) / 1000 )) \
$(field key_p50_ms "$WORK/o/browse.stats") $(field key_p99_ms "$WORK/o/browse.stats") \
$(field key_p50_ms "$WORK/o/search.stats") $(field key_p99_ms "$WORK/o/search.stats") \
$(field key_max_ms "$WORK/o/browse.stats") $(field key_max_ms "$WORK/o/search.stats") \
$(field max_rss_kb "$WORK/o/search.stats") $(field keys "$WORK/o/browse.stats") \
$(field keys "$WORK/o/search.stats")" >> "$WORK/$label.rows"
    r=$((r + 1))
  done
  col() { awk -v c="$1" '{print $c}' "$WORK/$label.rows" | median; }
  first=$(col 1); proc_us=$(col 2)
  proc=$(awk -v u="$proc_us" 'BEGIN {printf "%.1f", u / 1000}')
  bmax=$(col 7); smax=$(col 8)
  kmax=$(awk -v a="$bmax" -v b="$smax" 'BEGIN {print (a > b) ? a : b}')
  say "$label: first screen $first ms (whole process, start to exit: $proc ms);"
  say "  browsing: $(col 10) keys, p50 $(col 3) ms, p99 $(col 4) ms, max $bmax ms"
  say "  search:   $(col 11) keys, p50 $(col 5) ms, p99 $(col 6) ms, max $smax ms; peak RSS $(col 9) KiB"
  echo "first_screen_ms=$first start_process_ms=$proc browse_key_p50_ms=$(col 3)" \
       "browse_key_p99_ms=$(col 4) search_key_p50_ms=$(col 5) search_key_p99_ms=$(col 6)" \
       "key_max_ms=$kmax max_rss_kb=$(col 9)"
}

say "navbench: $RUNS runs on $DB"
res=$(measure "$DB" bundled)
if [ -n "${SCALE:-}" ]; then
  say "navbench: generating ${SCALE}x content"
  python3 "$ROOT/bench/gen.py" "$ROOT/content" "$WORK/c$SCALE" "$SCALE" &&
  "$GN" build -c "$WORK/c$SCALE" -o "$WORK/c$SCALE.db" >/dev/null 2>&1 &&
  measure "$WORK/c$SCALE.db" "x$SCALE" | sed "s/^/NAVRESULT_${SCALE}X /"
fi
echo "NAVRESULT $res"
