#!/bin/sh
# gen-many.sh DIR N — write a content set of N sections that all contain the
# word 監査, for the test that the search view reaches every hit of a term
# that matches more than one page of the ranking.
set -eu
dir=$1
n=$2
mkdir -p "$dir"
cat >"$dir/guideline.yaml" <<'YAML'
guideline:
  title: 試験用ガイドライン（多数の節）
  edition: 令和7年3月版
  publisher: 試験
  source: https://example.invalid/
  disclaimer: これは試験用の架空の要約であり、公式の本文ではない。
  disclaimer_en: A made-up test summary, not the official text.
nodes:
  - id: v2
    kind: volume
    volume: 2
    number: 第2編
    title: 例文
    provenance: {edition: 令和7年3月版, confidence: background}
    children:
      - id: v2.c5
        kind: chapter
        number: "5"
        title: 監査の章
        provenance: {edition: 令和7年3月版, confidence: derived}
        children:
YAML
i=1
while [ "$i" -le "$n" ]; do
  cat <<YAML
          - id: v2.c5.$i
            kind: section
            number: "5.$i"
            title: 節$i
            provenance: {edition: 令和7年3月版, confidence: derived}
            body: 第$i節では、監査の記録を保存する。
YAML
  i=$((i + 1))
done >>"$dir/guideline.yaml"
