#!/bin/sh
# tmux-smoke.sh FIXTURE_DB — the navigator on a real pty, under tmux: start,
# search in Japanese (the word arrives as one burst, as from an input
# method), open a hit, resize to 40x12 and back, help, quit; then start again
# and stop it with Ctrl-C, with SIGTERM and with SIGABRT (a fatal error).
# Each time the terminal must be restored (alternate screen off).  Then the
# command line on a 50-column terminal: its text fits the width.  Skipped
# (exit 77) where tmux is missing.
set -u
fixture=$1
: "${GUIDENAV:?GUIDENAV must name the built program}"
if ! command -v tmux >/dev/null 2>&1; then
  echo "SKIP: tmux is not installed, so the real-terminal smoke test cannot run"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-tmux.XXXXXX") || exit 99
# A private socket inside the temp folder: nothing is left in /tmp/tmux-UID,
# and no other tmux server on the machine can answer.
T="tmux -S $tmp/sock -f /dev/null"
cleanup() { $T kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

# One server for the whole test, kept alive by a session that only sleeps,
# so the navigator's sessions come and go without the server exiting and
# starting again each time.  A tmux server can lose a race with its own
# start-up ("server exited unexpectedly", seen once in CI on a loaded
# machine), so starting it is tried a few times; if tmux cannot keep a
# server running here at all, that is the environment, not guidenav: skip.
n=0
until $T new-session -d -s hold -x 80 -y 24 "exec sleep 3600" 2>"$tmp/tmux.err"; do
  n=$((n + 1))
  if [ "$n" -ge 5 ]; then
    echo "SKIP: tmux cannot start a server here: $(cat "$tmp/tmux.err")"
    exit 77
  fi
  $T kill-server >/dev/null 2>&1
  sleep 0.5
done
$T set-option -g exit-empty off >/dev/null 2>&1
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; echo "--- screen:"; screen; echo "---"; }
screen() { $T capture-pane -p -t smoke 2>/dev/null; }
wait_for() {   # TEXT [tenths]
  n=0
  while [ "$n" -lt "${2:-100}" ]; do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
    n=$((n + 1))
  done
  return 1
}
wait_exit() {
  n=0
  while [ "$n" -lt 100 ]; do
    [ -s "$tmp/exit" ] && return 0
    sleep 0.1
    n=$((n + 1))
  done
  return 1
}
start() {
  rm -f "$tmp/exit"
  cat >"$tmp/run.sh" <<RUN
#!/bin/sh
trap '' INT
env -i PATH=/usr/bin:/bin HOME="$tmp/home" XDG_STATE_HOME="$tmp/home/state" \
  LC_ALL=C.UTF-8 LANGUAGE=ja TERM="\$TERM" NO_COLOR=1 TZ=UTC \
  "$GUIDENAV" --db "$fixture"
echo "\$?" >"$tmp/exit"
RUN
  chmod +x "$tmp/run.sh"
  $T new-session -d -s smoke -x 80 -y 24 "$tmp/run.sh" 2>"$tmp/tmux.err" ||
    { echo "FAIL: tmux new-session: $(cat "$tmp/tmux.err")"; exit 1; }
  $T set-option -t smoke remain-on-exit on >/dev/null
}
alt_off() { [ "$($T display-message -p -t smoke '#{alternate_on}')" = 0 ]; }

# 1. start, search, open, resize, help, quit
start
if wait_for "[要約・公式本文ではありません]"; then ok; else bad "the first screen did not appear"; fi
$T send-keys -t smoke /
wait_for "検索:" 30 || bad "the search view did not open"
$T send-keys -t smoke -l "責任分界点"
if wait_for "件" && screen | grep -qF "9.3 外部サービス"; then ok; else bad "no search results for 責任分界点"; fi
$T send-keys -t smoke Down Down Enter
if wait_for "[本文]"; then ok; else bad "Enter did not open a hit in the reader"; fi
$T resize-window -t smoke -x 40 -y 12
sleep 0.3
if wait_for "目次 [本文] 参照" && [ "$(screen | wc -l)" -le 12 ]; then ok; else bad "the screen is not redrawn at 40x12 (one pane at a time)"; fi
$T resize-window -t smoke -x 20 -y 6
sleep 0.2
$T resize-window -t smoke -x 80 -y 24
if wait_for "[本文]" && wait_for "参照"; then ok; else bad "the screen did not come back at 80x24"; fi
$T send-keys -t smoke '?'
if wait_for "ヘルプ" && wait_for "1行下へ"; then ok; else bad "the help did not open"; fi
$T send-keys -t smoke q
sleep 0.2
$T send-keys -t smoke q
if wait_exit && [ "$(cat "$tmp/exit")" = 0 ]; then ok; else bad "q did not quit with status 0"; fi
if alt_off; then ok; else bad "the terminal was not restored after q"; fi
$T kill-session -t smoke

# 2. Ctrl-C
start
wait_for "[要約・公式本文ではありません]" || bad "second start"
$T send-keys -t smoke C-c
if wait_exit; then ok; else bad "Ctrl-C did not stop the navigator"; fi
if alt_off; then ok; else bad "the terminal was not restored after Ctrl-C"; fi
$T kill-session -t smoke

# 3 and 4: a signal sent to the navigator (not to the shell that runs it)
# stops it with 128 + the signal, the terminal restored.  SIGABRT stands for
# a fatal error (an out-of-memory abort): restored, then the signal goes on.
signalled() {   # SIGNAL STATUS
  start
  wait_for "[要約・公式本文ではありません]" || bad "start before SIG$1"
  pid=$($T display-message -p -t smoke '#{pane_pid}')
  gpid=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' | head -n 1)
  [ -n "$gpid" ] && kill -"$1" "$gpid" 2>/dev/null
  if wait_exit && [ "$(cat "$tmp/exit")" = "$2" ]; then ok; else bad "SIG$1 did not end the navigator with status $2"; fi
  if alt_off; then ok; else bad "the terminal was not restored after SIG$1"; fi
  $T kill-session -t smoke
}
signalled TERM 143
signalled ABRT 134

# 5. the command line on a terminal: its text fits the terminal's width (50
# columns here), wrapped by guidenav itself.  capture-pane -J joins the lines
# that the terminal had to wrap, so a line too wide shows as one; the same
# output piped is 80 columns wide, which these commands do exceed 50 with.
cli_all() {   # the commands, each run as "$@" COMMAND...
  "$@" show v2.taisaku.5.1
  "$@" show v3.taisaku.9.3
  "$@" search 責任分界点
  "$@" toc
  "$@" checklist show cl
  "$@" points
  "$@" refs v2.taisaku.5.1
}
{
  echo '#!/bin/sh'
  echo "gn() { env -i PATH=/usr/bin:/bin HOME='$tmp/home' LC_ALL=C.UTF-8 TERM=\"\$TERM\" NO_COLOR=1 '$GUIDENAV' --db '$fixture' \"\$@\"; }"
  cli_all echo gn
  echo "echo done >'$tmp/exit'"
} >"$tmp/cli.sh"
chmod +x "$tmp/cli.sh"
rm -f "$tmp/exit"
$T set-option -g history-limit 10000 >/dev/null 2>&1
$T new-session -d -s cli -x 50 -y 24 "$tmp/cli.sh" 2>"$tmp/tmux.err" ||
  { echo "FAIL: tmux new-session: $(cat "$tmp/tmux.err")"; exit 1; }
$T set-option -t cli remain-on-exit on >/dev/null
if wait_exit; then ok; else bad "the CLI commands did not finish on the terminal"; fi
$T capture-pane -p -J -S - -t cli >"$tmp/tty.txt"
if grep -q "責任分界点" "$tmp/tty.txt" && grep -q "v2.taisaku.5.1" "$tmp/tty.txt"; then ok; else
  fail=$((fail + 1)); echo "FAIL: the CLI output is not on the terminal:"; cat "$tmp/tty.txt"
fi
if [ -n "${COLS_CHECK:-}" ]; then
  if "$COLS_CHECK" 50 "$tmp/tty.txt" >"$tmp/wide.txt"; then ok; else
    fail=$((fail + 1)); echo "FAIL: CLI lines wider than the 50-column terminal:"; cat "$tmp/wide.txt"
  fi
  cli_all "$GUIDENAV" --db "$fixture" >"$tmp/pipe.txt" 2>&1
  if "$COLS_CHECK" 80 "$tmp/pipe.txt" >/dev/null && ! "$COLS_CHECK" 50 "$tmp/pipe.txt" >/dev/null; then
    ok
  else
    fail=$((fail + 1)); echo "FAIL: piped, the CLI output should be 80 columns (more than 50) wide"
  fi
fi
$T kill-session -t cli

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
