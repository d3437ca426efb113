#!/bin/sh
# edited-fixture.sh GUIDENAV FIXTURES OUT — build the index of the nav
# fixture (FIXTURES/nav) with FIXTURES/nav-edited/checklists.yaml in place
# of its checklist: the same guideline, a later checklist, so that answers
# recorded against the first go stale (screen test walk-stale).
set -eu
bin=$1
fixtures=$2
out=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guidenav-edited.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$fixtures"/nav/*.yaml "$tmp"/
cp "$fixtures"/nav-edited/checklists.yaml "$tmp"/checklists.yaml
"$bin" build -c "$tmp" -o "$out"
