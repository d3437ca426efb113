#!/bin/sh
# check-man-keys.sh — the KEYS section of man/guidenav.1 (between the lines
# `.\" BEGIN KEYS` and `.\" END KEYS`) must be exactly what
# `guidenav --keys-roff` prints, which is generated from tui/keys.c.
set -u
: "${GUIDENAV:?}" "${SOURCE_ROOT:?}"
man="$SOURCE_ROOT/man/guidenav.1"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-keys.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
if ! grep -q '^\.\\" BEGIN KEYS$' "$man" || ! grep -q '^\.\\" END KEYS$' "$man"; then
  echo "FAIL: $man has no '.\\\" BEGIN KEYS' / '.\\\" END KEYS' lines"
  exit 1
fi
sed -n '/^\.\\" BEGIN KEYS$/,/^\.\\" END KEYS$/p' "$man" | sed '1d;$d' >"$tmp/man"
"$GUIDENAV" --keys-roff >"$tmp/gen" || { echo "FAIL: guidenav --keys-roff failed"; exit 1; }
if ! diff -u "$tmp/man" "$tmp/gen"; then
  echo "FAIL: the KEYS section of man/guidenav.1 is not the generated key table."
  echo "Refresh it from the source folder with a built guidenav:"
  echo "  tests/update-man-keys.sh BUILD/guidenav"
  exit 1
fi
echo "1 passed, 0 failed"
