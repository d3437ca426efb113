#!/bin/sh
# update-man-keys.sh [GUIDENAV] — replace the KEYS section of man/guidenav.1
# (between `.\" BEGIN KEYS` and `.\" END KEYS`) with `guidenav --keys-roff`.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/guidenav}
man="$here/man/guidenav.1"
tmp=$(mktemp "${TMPDIR:-/tmp}/guidenav-man.XXXXXX")
trap 'rm -f "$tmp" "$tmp.keys"' EXIT
"$bin" --keys-roff >"$tmp.keys"
awk -v keys="$tmp.keys" '
  /^\.\\" BEGIN KEYS$/ { print; while ((getline l < keys) > 0) print l; skip = 1; next }
  /^\.\\" END KEYS$/ { skip = 0 }
  !skip { print }
' "$man" >"$tmp"
cat "$tmp" >"$man"
echo "updated $man"
