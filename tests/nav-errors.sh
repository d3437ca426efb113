#!/bin/sh
# nav-errors.sh FIXTURE_DB — the navigator's refusals, before it touches
# the terminal: a damaged index is exit 3 with SQLite's message (not an
# empty tree), and the refusal of a non-UTF-8 locale is readable in that
# locale's own character set (checked with a generated ja_JP.eucJP locale
# where localedef can make one).
set -u
fixture=$1
: "${GUIDENAV:?GUIDENAV must name the built program}"
T=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-naverr.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
printf ':dump-screen x.screen\n' >"$T/k.keys"
nav() {
  env -i PATH=/usr/bin:/bin HOME="$T" XDG_STATE_HOME="$T/state" TERM=xterm \
    LC_ALL="${NAV_LC_ALL-C.UTF-8}" LANG="${NAV_LANG:-}" LANGUAGE="${NAV_LANGUAGE:-}" \
    LOCPATH="${NAV_LOCPATH:-}" GUIDENAV_SCRIPT="$T/k.keys" GUIDENAV_DUMP_DIR="$T" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
    "$GUIDENAV" "$@"
}

# 1. pages of the node table zeroed (pages 5-12 of the fixture)
cp "$fixture" "$T/damaged.db"
dd if=/dev/zero of="$T/damaged.db" bs=4096 seek=4 count=8 conv=notrunc 2>/dev/null
nav --db "$T/damaged.db" >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" = 3 ]; then ok; else bad "damaged index: exit $rc, want 3"; fi
if grep -q 'damaged.db: .*malformed' "$T/err"; then ok; else bad "damaged index: $(cat "$T/err")"; fi
if [ ! -e "$T/x.screen" ]; then ok; else bad "damaged index: the navigator started anyway"; fi
nav --db "$T/damaged.db" open v2.taisaku.5.1 >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" = 3 ]; then ok; else bad "damaged index, open ID: exit $rc, want 3 ($(cat "$T/err"))"; fi

# 2. a Japanese EUC-JP locale: the refusal in EUC-JP; English in ASCII ones
NAV_LC_ALL=C nav --db "$fixture" >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" = 2 ] && grep -q 'needs a UTF-8 locale' "$T/err"; then ok; else bad "C locale: exit $rc: $(cat "$T/err")"; fi
mkdir -p "$T/loc"
# (localedef exits 1 for mere warnings: the locale folder tells)
if command -v localedef >/dev/null 2>&1 && command -v iconv >/dev/null 2>&1 &&
   { localedef -i ja_JP -f EUC-JP "$T/loc/ja_JP.eucJP" >/dev/null 2>&1 || true; } &&
   [ -f "$T/loc/ja_JP.eucJP/LC_CTYPE" ]; then
  NAV_LC_ALL= NAV_LANG=ja_JP.eucJP NAV_LOCPATH="$T/loc" nav --db "$fixture" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" = 2 ]; then ok; else bad "EUC-JP: exit $rc, want 2"; fi
  if iconv -f EUC-JP -t UTF-8 "$T/err" >"$T/err.utf8" 2>/dev/null &&
     grep -q 'UTF-8 のロケールが必要です（現在の文字コード: EUC-JP）' "$T/err.utf8"; then ok
  else bad "EUC-JP: the refusal is not Japanese in EUC-JP: $(od -c "$T/err" | head -3)"; fi
else
  echo "note: localedef cannot make ja_JP.eucJP here; the EUC-JP case is not run"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
