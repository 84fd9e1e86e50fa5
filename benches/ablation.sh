#!/usr/bin/env bash
# What each alignment signal adds: paragraph and sentence F1 (shared score.py) with one
# signal switched off at a time. Usage: benches/ablation.sh [SET_DIR ...]
# (default: the shared ntrex-dev and park-dev sets beside the checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/koen-align
score=../shared/eval/score.py
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(../shared/eval/ntrex-dev ../shared/eval/park-dev)
configs=(
  "full|"
  "no lexicon|--without lexicon"
  "no names|--without names"
  "no anchors|--without anchors"
  "no length|--without length"
  "no self-training|--no-self-train"
  "paragraph DP only|--strategy paragraph"
  "length + anchors only, paragraph DP|--strategy paragraph --without lexicon,names --no-self-train"
)
printf '| configuration |'; for s in "${sets[@]}"; do printf ' %s paragraph | %s sentence |' "$(basename "$s")" "$(basename "$s")"; done; echo
printf '| --- |'; for s in "${sets[@]}"; do printf ' --- | --- |'; done; echo
for c in "${configs[@]}"; do
  name=${c%%|*}; args=${c#*|}
  printf '| %s |' "$name"
  for s in "${sets[@]}"; do
    for level in paragraph sentence; do
      out=$(mktemp -d)
      # shellcheck disable=SC2086
      $bin batch "$s/manifest.tsv" --out "$out" --level $level $args 2>/dev/null
      f1=$(python3 "$score" "$s" "$out" --level $level | python3 -c 'import json,sys; print(json.load(sys.stdin)["f1"])')
      printf ' %s |' "$f1"
      rm -rf "$out"
    done
  done
  echo
done
