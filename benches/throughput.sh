#!/usr/bin/env bash
# Throughput of a large batch: documents/s, MB/s and peak RSS at 1 and 2 threads, with bad
# inputs mixed in, and for comparison the PyPI package `galechurch` aligning the same blocks
# (alignment only, its compiled core called from Python).
#
# The articles are built from corpus/'s eight, each one distinct: every content block (gold
# paragraph beads, paired or not) gets a sentence of its own (`... agenda item BQXA.`), so no article text recurs
# across documents. (Plain copies would let the batch's template detection remove every
# repeated paragraph as the site's template, and flatter the figures: real batches do not
# repeat their articles.) The page chrome still recurs, as on a real site.
# Usage: benches/throughput.sh [DOCS ...]   (default: 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy, so a rebuild while the benchmark runs does not change what it measures.
cp target/release/koen-align "$work/koen-align"
bin=$work/koen-align
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)

# Bad inputs, one of each kind the batch must survive.
mkdir -p "$work/bad"
: > "$work/bad/empty.txt"
printf '\x00\x01\x02binary\x00' > "$work/bad/binary.txt"
printf 'caf\xe9 cr\xe8me br\xfbl\xe9e\n' > "$work/bad/latin1.txt"
printf 'This page has no Korean at all.\n\nNot one line.\n' > "$work/bad/english.txt"
python3 -c "import sys; sys.stdout.write('가' * 3500000)" > "$work/bad/huge-block.txt"
python3 -c "import sys; sys.stdout.write(''.join(f'문단 {i}입니다.\n\n' for i in range(100000)))" > "$work/bad/many-blocks.txt"

docs=(corpus/docs/*)
for n in "${sizes[@]}"; do
  m="$work/m$n.tsv"
  python3 - "$work/docs$n" "$n" "$m" "${docs[@]}" <<'PY'
import json, os, sys
out, n, manifest, docs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
rows = open(manifest, "w", encoding="utf-8")
rows.write("id\tko\ten\n")
pages = []
for d in docs:
    gold = json.load(open(os.path.join(d, "gold.json"), encoding="utf-8"))
    pages.append((open(os.path.join(d, "ko.txt"), encoding="utf-8").read(), open(os.path.join(d, "en.txt"), encoding="utf-8").read(),
                  gold["beads"]))
def code(k):
    # A letter code (base 26, at least four letters): template keys fold digit runs, so a
    # number would not make blocks distinct; an acronym in both editions is realistic.
    letters = ""
    for _ in range(4):
        k, r = divmod(k, 26)
        letters = chr(65 + r) + letters
    while k:
        k, r = divmod(k, 26)
        letters = chr(65 + r) + letters
    return letters
for i in range(n):
    ko, en, beads = pages[i % len(pages)]
    for k, b in enumerate(beads):
        for j, kb in enumerate(b["ko"]):
            c = code(i * 1000 + k * 10 + j)
            ko = ko.replace(kb, f"{kb} 이 사안은 {c} 안건으로 다뤄졌다.", 1)
        for j, eb in enumerate(b["en"]):
            c = code(i * 1000 + k * 10 + j)
            en = en.replace(eb, f"{eb} The matter was handled as agenda item {c}.", 1)
    d = os.path.join(out, f"{i // 1000:04d}", f"doc{i:06d}")
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "ko.txt"), "w", encoding="utf-8").write(ko)
    open(os.path.join(d, "en.txt"), "w", encoding="utf-8").write(en)
    rows.write(f"doc{i:06d}\t{d}/ko.txt\t{d}/en.txt\n")
PY
  {
    en="$PWD/${docs[0]}/en.txt"; ko="$PWD/${docs[0]}/ko.txt"
    printf 'bad-missing\t%s/nope.txt\t%s\n' "$work" "$en"
    printf 'bad-empty\t%s/bad/empty.txt\t%s\n' "$work" "$en"
    printf 'bad-binary\t%s/bad/binary.txt\t%s\n' "$work" "$en"
    printf 'bad-latin1\t%s/bad/latin1.txt\t%s\n' "$work" "$en"
    printf 'bad-no-korean\t%s/bad/english.txt\t%s\n' "$work" "$en"
    printf 'bad-no-english\t%s\t%s\n' "$ko" "$ko"
    printf 'bad-huge-block\t%s/bad/huge-block.txt\t%s\n' "$work" "$en"
    printf 'bad-many-blocks\t%s/bad/many-blocks.txt\t%s\n' "$work" "$en"
    printf 'bad-row-without-files\n'
  } >> "$m"
  bytes=$(find "$work/docs$n" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  mb=$(python3 -c "print($bytes / 1e6)")
  for t in 1 2; do
    out="$work/out-$n-$t"
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" batch "$m" --out "$out" --threads "$t" -q 2>/dev/null
    read -r secs rss < "$work/time"
    python3 - "$out/summary.json" "$n" "$secs" "$rss" "$mb" "$t" <<'PY'
import json, sys
summary, n, secs, rss, mb, t = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
s = json.load(open(summary))
docs = s["documents"]
good = [d for d in docs if not d["id"].startswith("bad-") and not d["id"].startswith("line ")]
bad = [d for d in docs if d["id"].startswith("bad-") or d["id"].startswith("line ")]
assert s["totals"]["documents"] == n + 9 == len(docs), "every manifest row is accounted for"
assert all(d["status"] == "ok" for d in good), "all good documents ok"
assert all(d["status"] == "failed" and d.get("error") for d in bad), "no bad document ok"
print(f"| koen-align batch | {n} | {t} | {secs:.2f} s | {n / secs:,.0f} | {mb / secs:.2f} | {rss / 1024:.0f} MB | {len(good)} ok, {len(bad)} failed |")
PY
  done
  python3 - "$m" "$n" "$mb" <<'PY'
import sys, time
m, n, mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
try:
    import galechurch
except ImportError:
    print("| galechurch | - | - | not installed (pip install galechurch) | | | | |"); sys.exit()
rows = [l.rstrip("\n").split("\t") for l in open(m)][1:]
rows = [r for r in rows if len(r) == 3 and not r[0].startswith("bad-")]
# Alignment only: the pages are read and cut into blocks before the clock starts.
docs = []
for _, ko, en in rows:
    k = [b.strip() for b in open(ko, encoding="utf-8").read().split("\n\n") if b.strip()]
    e = [b.strip() for b in open(en, encoding="utf-8").read().split("\n\n") if b.strip()]
    docs.append((k, e))
t0 = time.time()
for k, e in docs:
    galechurch.align(k, e, mean_xy=0.53)
secs = time.time() - t0
print(f"| galechurch.align per document (alignment only) | {n} | 1 | {secs:.2f} s | {n / secs:,.0f} | {mb / secs:.2f} | | |")
# Its compiled core on every document at once (block lengths precomputed), as its batch mode runs.
try:
    from galechurch import _core
    from galechurch._lengths import char_length
    from galechurch.core import resolve_bead_costs
    tasks = [([char_length(s) for s in k], [char_length(s) for s in e]) for k, e in docs]
    costs = resolve_bead_costs(None)
    for jobs in (1, 2):
        t0 = time.time()
        _core.align_many(tasks, costs, 0.53, 6.8, 50_000_000, jobs)
        secs = time.time() - t0
        print(f"| galechurch core align_many (alignment only) | {n} | {jobs} | {secs:.2f} s | {n / secs:,.0f} | {mb / secs:.2f} | | |")
except (ImportError, AttributeError, TypeError) as err:
    print(f"| galechurch core align_many | - | - | not available ({err}) | | | | |")
PY
done
