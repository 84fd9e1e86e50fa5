#!/usr/bin/env bash
# Writes every reference output of a koen-align binary into one folder, so two builds can be
# compared byte for byte (a refactor must not change a pair, a removal or a score):
#   bash benches/identical.sh BINARY OUT_DIR
#   diff -r OUT_A OUT_B && echo identical
# Runs the shared dev sets (text, HTML and bilingual manifests; paragraph and sentence level)
# when ../shared is beside the checkout, the bundled corpus/, the seed page, the real pages of
# pages-dev, and align, stream and --keep-boilerplate on corpus/ documents. Summaries are
# left out of the comparison only where they name a path that differs between runs.
set -euo pipefail
bin=$(realpath "$1")
out=$(realpath -m "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$repo/../shared/eval
rm -rf "$out"
mkdir -p "$out"
keep() { # copy the compared files of one run
  local from=$1 to=$2
  mkdir -p "$to"
  for f in pairs.jsonl audit.jsonl audit-inline.jsonl summary.json pairs.tsv pairs.ko pairs.en; do
    [ -f "$from/$f" ] && cp "$from/$f" "$to/$f"
  done
  rm -rf "$from"
}
run() { # name manifest extra-args...
  local name=$1 manifest=$2; shift 2
  "$bin" batch "$manifest" --out "$out/tmp" -q "$@" >/dev/null 2>&1 || true
  keep "$out/tmp" "$out/$name"
}
if [ -d "$shared" ]; then
  for set in ntrex-dev park-dev; do
    for m in manifest manifest-html manifest-mixed; do
      run "$set-$m-paragraph" "$shared/$set/$m.tsv"
      run "$set-$m-sentence" "$shared/$set/$m.tsv" --level sentence
    done
  done
  run pages-dev "$shared/pages-dev/manifest.tsv"
  "$bin" align --page "$shared/../data/seed-page/ajp-korea-peru-2024-11-17.txt" --id seed --out "$out/seed" >/dev/null 2>&1 || true
  "$bin" align --page "$shared/../data/seed-page/ajp-korea-peru-2024-11-17.txt" --id seed --level sentence > "$out/seed-sentence.jsonl" 2>/dev/null || true
fi
run corpus "$repo/corpus/manifest.tsv"
run corpus-sentence "$repo/corpus/manifest.tsv" --level sentence
run corpus-keep "$repo/corpus/manifest.tsv" --keep-boilerplate
run corpus-tsv "$repo/corpus/manifest.tsv" --format tsv --min-score 0.5
run corpus-moses "$repo/corpus/manifest.tsv" --format moses
run corpus-alone "$repo/corpus/manifest.tsv" --sample-size 0 --no-self-train
doc=$repo/corpus/docs/ko-en-001-semiconductor-exports
"$bin" align --ko "$doc/ko.txt" --en "$doc/en.txt" > "$out/align-stdout.jsonl" 2>"$out/align-stderr.txt" || true
# stream: every corpus document as one JSON line, plus one bad line
python3 - "$repo/corpus" > "$out/stream-in.jsonl" <<'PY'
import json, sys, pathlib
base = pathlib.Path(sys.argv[1])
for line in (base / "manifest.tsv").read_text().splitlines()[1:]:
    i, ko, en = line.split("\t")
    print(json.dumps({"id": i, "ko": (base / ko).read_text(), "en": (base / en).read_text()}, ensure_ascii=False))
print('{"id": "bad"}')
PY
"$bin" stream --audit "$out/stream-audit.jsonl" < "$out/stream-in.jsonl" > "$out/stream-out.jsonl" 2>"$out/stream-err.txt" || true
rm "$out/stream-in.jsonl"
echo "reference outputs of $bin in $out: $(find "$out" -type f | wc -l) files"
