#!/bin/sh
# man-example.sh — the example in guidenav-content(5) is real: extract it,
# load it with `guidenav check`, and build an index from it.
set -u
: "${GUIDENAV:?}" "${SOURCE_ROOT:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-man.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
mkdir "$T/c"
awk '/^\.\\" BEGIN EXAMPLE/ {f = 1; next} /^\.\\" END EXAMPLE/ {f = 0} f' \
  "$SOURCE_ROOT/man/guidenav-content.5" >"$T/c/example.yaml"
pass=0 fail=0
if [ "$(wc -l <"$T/c/example.yaml")" -gt 50 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: example not found" >&2; fi
if "$GUIDENAV" check -c "$T/c" >"$T/out" 2>&1 && grep -q '^ok: 1 files, 4 nodes' "$T/out"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL: the man page example does not load:" >&2; cat "$T/out" >&2
fi
if "$GUIDENAV" build -c "$T/c" -o "$T/x.db" 2>/dev/null && "$GUIDENAV" --db "$T/x.db" refs v2.taisaku.5.1 | grep -q 'revision    m13.3'; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL: the example's index lacks its links" >&2
fi
printf '%d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ]
