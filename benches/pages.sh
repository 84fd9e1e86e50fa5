#!/usr/bin/env bash
# Real web pages: koen-align against the `rs-trafilatura` crate (a peer, called only as a library from
# benches/peers/rs-trafilatura/, its own workspace) on the 40 pages of ../shared/eval/pages-dev, quality
# and speed in one run.
#
# Speed: ROUNDS alternating rounds (koen-align, peer, koen-align, peer, ...), each one whole process
# over all 40 pages, single-threaded, timed from outside (wall clock, start-up included); min and
# median ms per page are printed. Like with like: `koen-align batch --threads 1` reads, decodes, finds
# the main text, detects languages, aligns and writes pairs.jsonl + audits; the peer reads, extracts
# and writes pairs.jsonl. The peer's own extraction-only time (its stderr) is printed as well.
# Quality: both outputs scored with ../shared/eval/score_pages.py (the benchmark's shingle P/R/F1).
# Skipped, with the reason printed, when ../shared/eval/pages-dev is absent.
#
# Usage: benches/pages.sh [ROUNDS]        (default 5)
# Env:   PEER_TARGET_DIR  where the peer is built (default target/peers; the peer's first build
#                         downloads its crates and takes a minute or two)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
eval_dir=../shared/eval
set_dir=$eval_dir/pages-dev
if [ ! -f "$set_dir/manifest.tsv" ]; then
  echo "pages.sh: skipped: $set_dir/manifest.tsv not found (the shared evaluation set is not beside this checkout)"
  exit 0
fi
manifest=$set_dir/manifest.tsv
pages=$(($(wc -l < "$manifest") - 1))

peer_target=${PEER_TARGET_DIR:-target/peers}
CARGO_TARGET_DIR=$peer_target cargo build --release --quiet --manifest-path benches/peers/rs-trafilatura/Cargo.toml
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Copies, so a rebuild while the benchmark runs does not change what it measures.
cp "${CARGO_TARGET_DIR:-target}/release/koen-align" "$work/koen-align"
cp "$peer_target/release/peer" "$work/peer"

now_ns() { date +%s%N; }
# Times are written in ms ("12345e-3" = 12.345 ms: microseconds, read as floats by Python).
: > "$work/times.tsv"
for ((r = 1; r <= rounds; r++)); do
  rm -rf "$work/ka" "$work/peer-out"
  t0=$(now_ns)
  "$work/koen-align" batch "$manifest" --out "$work/ka" -q --threads 1 2> "$work/ka.err" \
    || { cat "$work/ka.err" >&2; exit 1; }
  t1=$(now_ns)
  "$work/peer" "$manifest" "$work/peer-out" 2> "$work/peer.err" || { cat "$work/peer.err" >&2; exit 1; }
  t2=$(now_ns)
  extract_ms=$(sed -n 's/^extract: min \([0-9.]*\) ms total.*/\1/p' "$work/peer.err")
  printf 'koen-align\t%s\npeer\t%s\npeer-extract\t%s\n' \
    "$(((t1 - t0) / 1000))e-3" "$(((t2 - t1) / 1000))e-3" "$extract_ms" >> "$work/times.tsv"
done
tail -1 "$work/ka.err"
head -1 "$work/peer.err"

python3 - "$work/times.tsv" "$pages" "$rounds" <<'PY'
import statistics, sys
from collections import defaultdict
path, pages, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ms = defaultdict(list)
for line in open(path):
    name, v = line.rstrip("\n").split("\t")
    ms[name].append(float(v))
label = {
    "koen-align": "koen-align batch --threads 1 (whole process: read, main text, languages, align, write)",
    "peer": "rs-trafilatura peer (whole process: read, extract, write)",
    "peer-extract": "rs-trafilatura extraction only (inside the peer process)",
}
print(f"{pages} pages, {rounds} alternating rounds, ms per page (min / median):")
for k in ("koen-align", "peer", "peer-extract"):
    v = ms[k]
    print(f"  {min(v) / pages:7.2f} / {statistics.median(v) / pages:7.2f}  {label[k]}")
PY

echo "scores (score_pages.py, last round's outputs):"
printf '  koen-align:     %s\n' "$(python3 "$eval_dir/score_pages.py" "$set_dir" "$work/ka")"
printf '  rs-trafilatura: %s\n' "$(python3 "$eval_dir/score_pages.py" "$set_dir" "$work/peer-out")"
