#!/usr/bin/env bash
# Document pairing at crawl scale: `koen-align pair` on one folder of N Korean and N English HTML pages
# under opaque names, timed (wall, CPU, peak RSS, pages/s) and scored against the crawl's gold pairs.
#
# The crawl (benches/pairing_crawl.py, fixed seed: same N, same crawl) builds its articles from corpus/'s
# eight, with the code sentences of benches/throughput.sh: every content block gets a sentence of its own
# (`... agenda item BQXA.`, the same code in both editions), so no block recurs across pages, while the
# page chrome (nav, teasers, footer of one site template per language) recurs as on a real site. Each
# article's blocks are <p> (the headline <h1>); about 20% of the Korean pages are EUC-KR, declared in a
# <meta>. About 8% of the articles are only in Korean and 8% only in English (each side has N pages: pairs
# plus orphans); about 1% have a near-duplicate: a second copy of one edition in the site's mobile view.
# Articles (PAIRING_ARTICLES):
#   mixed       (default) a base document gives the headline, its boilerplate blocks and its bead slots;
#               each body slot gets a bead drawn from all eight documents' body beads (same editions: 1-1
#               for 1-1, 1-0 for 1-0, ...), so two articles share few paragraphs (topic salad, but distinct
#               articles, as in a real crawl).
#   throughput  exactly as throughput.sh: article i is document i % 8 plus its codes, so about N/8
#               articles share all their text but the code sentences (about 86% of a text fingerprint):
#               a pairer that finds near-duplicates rightly calls them copies of one another, and the
#               scores then measure that, not pairing.
# Scores: precision, recall and F1 of OUT/manifest.tsv against gold.tsv, with the rule of
# ../shared/eval/score_pairing.py (rows in order; a row reusing an already used page is wrong; that
# scorer is run too when it is there, and must agree); then the same with a near-duplicate's copy
# counted as its original (either copy is a right answer), the orphans left unpaired, and the
# near-duplicates listed in unpaired.tsv as duplicates (a row mentioning "duplicate").
#
# Usage: benches/pairing.sh [N]        (default 10000; `benches/pairing.sh 2000` for a quick run)
# Env:   PAIRING_ARTICLES=mixed|throughput  how articles are built (above; default mixed)
#        PAIRING_KEEP=DIR  keep the crawl (DIR/set: crawl/, gold.tsv, duplicates.tsv, orphans.tsv,
#                          pages.tsv, stats.json) and pair's output (DIR/out) after the run
# Exit:  0 measured; 1 pair failed (or wrote no manifest); 2 bad usage, or this build has no `pair`
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
if ! [[ $n =~ ^[0-9]+$ ]] || [ "$n" -lt 20 ] || ! [[ ${PAIRING_ARTICLES:-mixed} =~ ^(mixed|throughput)$ ]]; then
  echo "usage: [PAIRING_ARTICLES=mixed|throughput] benches/pairing.sh [N]   (N >= 20 pages a side; default 10000)" >&2
  exit 2
fi
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A copy, so a rebuild while the benchmark runs does not change what it measures.
cp "${CARGO_TARGET_DIR:-target}/release/koen-align" "$work/koen-align"
bin=$work/koen-align
set_dir=$work/set
out=$work/out
keep() {
  if [ -n "${PAIRING_KEEP:-}" ]; then
    mkdir -p "$PAIRING_KEEP"
    rm -rf "$PAIRING_KEEP/set" "$PAIRING_KEEP/out"
    cp -r "$set_dir" "$PAIRING_KEEP/set"
    [ ! -d "$out" ] || cp -r "$out" "$PAIRING_KEEP/out"
    echo "pairing.sh: kept the crawl and the output in $PAIRING_KEEP"
  fi
}

docs=(corpus/docs/*)
python3 benches/pairing_crawl.py --articles "${PAIRING_ARTICLES:-mixed}" "$set_dir" "$n" "${docs[@]}" > "$work/stats.json"
python3 - "$work/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"crawl ({s['articles_built']} articles): {s['pages']:,} pages ({s['ko_pages']:,} ko, {s['en_pages']:,} en; {s['bytes'] / 1e6:.1f} MB) from "
      f"{s['articles']:,} articles: {s['pairs']:,} in both editions, {s['ko_without_en']:,} only ko, "
      f"{s['en_without_ko']:,} only en, {s['duplicates']:,} near-duplicate copies; {s['euc_kr_pages']:,} EUC-KR pages")
PY

if ! "$bin" pair --help > /dev/null 2>&1; then
  echo "pairing.sh: this build of koen-align has no \`pair\` subcommand (\`koen-align pair --help\` failed):" \
       "the crawl was built, nothing was run or scored." >&2
  keep
  exit 2
fi

rc=0
/usr/bin/time -f '%e %U %S %M' -o "$work/time" \
  "$bin" pair "$set_dir/crawl" --out "$out" --threads 2 -q 2> "$work/pair.err" || rc=$?
# GNU time puts "Command exited with non-zero status N" (or "terminated by signal") before its line.
secs=0 user=0 sys=0 rss=0
read -r secs user sys rss < <(tail -n 1 "$work/time") || true
if [ "$rc" -ne 0 ]; then
  echo "pairing.sh: \`koen-align pair\` failed (exit status $rc); the end of its stderr:" >&2
  tail -n 20 "$work/pair.err" >&2
fi

shared=""
if [ "$rc" -eq 0 ] && [ -f "$out/manifest.tsv" ] && [ -f ../shared/eval/score_pairing.py ]; then
  shared=$(python3 ../shared/eval/score_pairing.py "$set_dir" "$out/manifest.tsv") || shared="failed"
fi

status=0
python3 - "$set_dir" "$out" "$rc" "$secs" "$user" "$sys" "$rss" "$shared" <<'PY' || status=$?
import collections, json, os, re, sys

set_dir, out, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
secs, user, sys_s, rss_kb, shared = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]), sys.argv[8]


def tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\r\n") for l in f]
    header = lines[0].split("\t") if lines else []
    return header, [dict(zip(header, l.split("\t"))) for l in lines[1:] if l]


stats = json.load(open(os.path.join(set_dir, "stats.json")))
_, pages = tsv(os.path.join(set_dir, "pages.tsv"))
lang = {p["page"]: p["lang"] for p in pages}
gold = {(r["ko"], r["en"]) for r in tsv(os.path.join(set_dir, "gold.tsv"))[1]}
dups = tsv(os.path.join(set_dir, "duplicates.tsv"))[1]
orphans = [r["page"] for r in tsv(os.path.join(set_dir, "orphans.tsv"))[1]]
canon = {d["page"]: d["original"] for d in dups}

table = [("pages (ko + en)", f"{stats['pages']:,} ({stats['ko_pages']:,} + {stats['en_pages']:,}; "
                             f"{stats['duplicates']} near-duplicate copies, {stats['euc_kr_pages']:,} EUC-KR)"),
         (f"articles ({stats['articles_built']}): paired / only ko / only en",
          f"{stats['pairs']:,} / {stats['ko_without_en']:,} / {stats['en_without_ko']:,}"),
         ("`koen-align pair` exit status", str(rc)),
         ("wall time", f"{secs:.2f} s"),
         ("CPU time (user + sys)", f"{user + sys_s:.2f} s ({(user + sys_s) / secs if secs else 0:.2f} cores busy, --threads 2)"),
         ("peak RSS", f"{rss_kb / 1024:.0f} MB"),
         ("throughput", f"{stats['pages'] / secs if secs else 0:,.0f} pages/s, {stats['bytes'] / 1e6 / secs if secs else 0:.2f} MB/s")]
failed = rc != 0
manifest = os.path.join(out, "manifest.tsv")
if not failed and not os.path.isfile(manifest):
    table.append(("manifest.tsv", "missing"))
    failed = True
if not failed:
    header, mrows = tsv(manifest)
    if header[:4] != ["id", "ko", "en", "score"]:
        table.append(("manifest.tsv header", "\\t".join(header) + " (expected id\\tko\\ten\\tscore)"))
    pred = [(os.path.basename(r.get("ko", "")), os.path.basename(r.get("en", ""))) for r in mrows]
    pred = [(k, e) for k, e in pred if k and e]

    def score(pairs, key):
        seen, tp = set(), 0
        for k, e in pairs:
            k, e = key(k), key(e)
            if k in seen or e in seen:
                continue
            seen.update((k, e))
            tp += (k, e) in gold
        p = tp / len(pairs) if pairs else 0.0
        r = tp / len(gold) if gold else 0.0
        return tp, p, r, (2 * p * r / (p + r) if p + r else 0.0)

    tp, p, r, f = score(pred, lambda x: x)
    tp2, p2, r2, f2 = score(pred, lambda x: canon.get(x, x))
    table.append(("predicted pairs / gold pairs", f"{len(pred):,} / {len(gold):,}"))
    table.append(("correct pairs", f"{tp:,}"))
    table.append(("precision / recall / F1", f"{p:.4f} / {r:.4f} / {f:.4f}"))
    table.append(("... a near-duplicate copy counted as its original", f"{p2:.4f} / {r2:.4f} / {f2:.4f} ({tp2:,} correct)"))
    if shared:
        try:
            s = json.loads(shared)
            agree = (s["predicted"], s["correct"]) == (len(pred), tp)
            table.append(("../shared/eval/score_pairing.py", f"P {s['precision']} R {s['recall']} F1 {s['f1']}"
                          + ("" if agree else f" (DISAGREES: predicted {s['predicted']}, correct {s['correct']})")))
        except (ValueError, KeyError):
            table.append(("../shared/eval/score_pairing.py", f"unreadable: {shared[:80]}"))
    else:
        table.append(("../shared/eval/score_pairing.py", "not found: inline scorer only"))
    counts = collections.Counter(x for pair in pred for x in pair)
    table.append(("pages in more than one predicted pair", f"{sum(1 for c in counts.values() if c > 1):,}"))
    wrong_side = sum((lang.get(k) != "ko") + (lang.get(e) != "en") for k, e in pred)
    unknown = sum((k not in lang) + (e not in lang) for k, e in pred)
    table.append(("manifest cells holding a page of the other language", f"{wrong_side - unknown:,}"
                  + (f" (+ {unknown} not a crawl page)" if unknown else "")))
    paired = set(counts)

    unpaired_path = os.path.join(out, "unpaired.tsv")
    if os.path.isfile(unpaired_path):
        uheader, urows = tsv(unpaired_path)
        if not uheader or uheader[0] != "page":
            table.append(("unpaired.tsv header", "\\t".join(uheader) + " (expected to start with page)"))
        unpaired = {}
        for u in urows:
            unpaired[os.path.basename(u.get("page", ""))] = "\t".join(v for v in u.values() if v)
        flagged = {x for x, row in unpaired.items() if "duplicate" in row.lower()}
        table.append(("orphans left unpaired (listed in unpaired.tsv)",
                      f"{sum(1 for o in orphans if o not in paired):,} / {len(orphans):,} "
                      f"({sum(1 for o in orphans if o in unpaired):,})"))
        listed = right = 0
        for d in dups:
            copies = (d["page"], d["original"])
            if any(x in flagged for x in copies):
                listed += 1
            in_pairs = [x for x in copies if x in paired]
            other = [x for x in copies if x not in paired]
            orphan = d["original"] in orphans
            if orphan:
                right += not in_pairs and any(x in flagged for x in copies)
            else:
                # one copy in a right pair, the other listed as a duplicate
                right += len(in_pairs) == 1 and other[0] in flagged and any(
                    (canon.get(k, k), canon.get(e, e)) in gold and in_pairs[0] in (k, e) for k, e in pred)
        table.append(("near-duplicates listed as duplicate in unpaired.tsv", f"{listed} / {len(dups)} "
                      f"({right} handled right: one copy paired rightly, the other listed as a duplicate)"))
        dup_pages = {x for d in dups for x in (d["page"], d["original"])}
        table.append(("pages listed as duplicate that are not", f"{len(flagged - dup_pages):,}"))
        table.append(("pages in neither manifest nor unpaired.tsv", f"{sum(1 for x in lang if x not in paired and x not in unpaired):,}"))
        table.append(("pages in both manifest and unpaired.tsv", f"{len(paired & set(unpaired)):,}"))
        stray = sum(1 for x in unpaired if x not in lang)
        if stray:
            table.append(("unpaired.tsv rows naming no crawl page", f"{stray:,}"))
        col = "reason" if "reason" in uheader else (uheader[1] if len(uheader) > 1 else None)
        if col:
            why = collections.Counter(re.sub(r"\d+(\.\d+)?", "N", re.sub(r"\S+\.html\b", "FILE", u.get(col, ""))).strip()[:60]
                                      for u in urows)
            table.append((f"unpaired.tsv `{col}`", "; ".join(f"{w or '(empty)'}: {c:,}" for w, c in why.most_common(5))))
    else:
        table.append(("unpaired.tsv", "missing"))
    summary = os.path.join(out, "summary.json")
    try:
        json.load(open(summary, encoding="utf-8"))
        table.append(("summary.json", "valid JSON"))
    except (OSError, ValueError) as err:
        table.append(("summary.json", f"missing or invalid ({err.__class__.__name__})"))

print(f"\n| koen-align pair, N = {stats['n']:,} a side, --threads 2 | |")
print("| --- | --- |")
for k, v in table:
    print(f"| {k} | {v} |")
sys.exit(1 if failed else 0)
PY
keep
exit "$status"
