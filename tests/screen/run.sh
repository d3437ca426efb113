#!/bin/sh
# run.sh CASE FIXTURE_DB — one screen test of the navigator.
#
# Runs the built guidenav ($GUIDENAV) in its test mode (GUIDENAV_SCRIPT: no
# tty, curses draws into a virtual screen) on the fixture index, with the
# keystroke script tests/screen/CASE.keys (then CASE.2.keys, ... with the
# same state folder: a restart), and compares every dump the scripts write
# with the golden files in tests/screen/CASE/.  The environment is pinned
# here; a script's header may set more:
#   # env: NAME=VALUE ...     extra environment (e.g. LANGUAGE=ja COLUMNS=40)
#   # args: ...               arguments before the implied `open`
#   # exit: N                 the expected exit status (default 0)
#   # stderr: TEXT            text expected on standard error
#   # db: FILE                another index instead of FIXTURE_DB: FILE is
#                             named relative to FIXTURE_DB's folder (the
#                             build's tests folder), e.g. a later edition
# To accept new screens after a deliberate change:
#   GUIDENAV_UPDATE_GOLDEN=1 meson test -C BUILD --suite screen
# then review `git diff tests/screen`.
set -u
case_name=$1
fixture=$2
here=$(cd "$(dirname "$0")" && pwd)
: "${GUIDENAV:?GUIDENAV must name the built program}"

work=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-screen.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/home" "$work/out"

status=0
run=1
for keys in "$here/$case_name.keys" "$here/$case_name".[0-9].keys; do
  [ -f "$keys" ] || continue
  extra_env=$(sed -n 's/^# env: //p' "$keys")
  extra_args=$(sed -n 's/^# args: //p' "$keys")
  want_exit=$(sed -n 's/^# exit: //p' "$keys")
  want_err=$(sed -n 's/^# stderr: //p' "$keys")
  db=$(sed -n 's/^# db: //p' "$keys")
  db=${db:+$(dirname "$fixture")/$db}
  # shellcheck disable=SC2086
  (cd "$work/out" && env -i PATH="/usr/bin:/bin" HOME="$work/home" \
      XDG_STATE_HOME="$work/home/state" XDG_CONFIG_HOME="$work/home/config" \
      XDG_DATA_HOME="$work/home/data" LC_ALL=C.UTF-8 LANGUAGE=en TERM=xterm \
      NO_COLOR=1 TZ=UTC LINES=24 COLUMNS=80 GUIDENAV_SCRIPT="$keys" \
      GUIDENAV_DUMP_DIR="$work/out" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
      UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" $extra_env \
      "$GUIDENAV" --db "${db:-$fixture}" $extra_args) 2>"$work/stderr.$run"
  rc=$?
  if [ "$rc" != "${want_exit:-0}" ]; then
    echo "FAIL: $case_name run $run: exit status $rc, want ${want_exit:-0}"
    cat "$work/stderr.$run"
    status=1
  fi
  if [ -n "$want_err" ] && ! grep -qF -- "$want_err" "$work/stderr.$run"; then
    echo "FAIL: $case_name run $run: stderr lacks \"$want_err\":"
    cat "$work/stderr.$run"
    status=1
  elif [ -z "$want_err" ] && [ -s "$work/stderr.$run" ]; then
    echo "FAIL: $case_name run $run: unexpected stderr:"
    cat "$work/stderr.$run"
    status=1
  fi
  run=$((run + 1))
done

golden="$here/$case_name"
if [ -n "${GUIDENAV_UPDATE_GOLDEN:-}" ]; then
  rm -rf "$golden"
  mkdir -p "$golden"
  if [ -n "$(ls "$work/out")" ]; then
    cp "$work/out"/* "$golden"/
  fi
  echo "updated $golden"
  exit $status
fi

for f in "$work/out"/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  if [ ! -f "$golden/$name" ]; then
    echo "FAIL: $case_name: no golden file $golden/$name for this dump:"
    cat "$f"
    status=1
  elif ! diff -u "$golden/$name" "$f"; then
    echo "FAIL: $case_name: $name differs from the golden file (diff above: - golden, + now)"
    status=1
  fi
done
for g in "$golden"/*; do
  [ -f "$g" ] || continue
  [ -f "$work/out/$(basename "$g")" ] || { echo "FAIL: $case_name: $(basename "$g") was not written"; status=1; }
done
if [ "$status" != 0 ]; then
  echo "If the change is deliberate, refresh the goldens with"
  echo "  GUIDENAV_UPDATE_GOLDEN=1 meson test -C BUILD --suite screen"
  echo "and review git diff tests/screen."
else
  echo "ok: $case_name"
fi
exit $status
