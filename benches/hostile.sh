#!/usr/bin/env bash
# Hostile inputs, the ones a crawl meets sooner or later: devices and FIFOs in a manifest, pages
# that make an HTML parser explode, pages lying about their charset, oversized files, odd
# manifests and stream input. Each case runs alone (status, wall time, peak RSS), then all the
# page cases run in one batch at 2 threads beside ordinary documents (peak RSS, wall time, and
# whether summary.json accounts for every row).
#
#   bash benches/hostile.sh [BINARY]      (default: target/release/koen-align, built if missing)
#
# Every run is bounded from outside so that an old binary cannot take the machine down: 60 s
# (`timeout`) and 8 GB of address space (`prlimit --as`). A run that hits a bound is reported as
# such ("killed at 60 s", "out of memory"). Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/koen-align}
if [ ! -x "$bin" ]; then
  cargo build --release --quiet
fi
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
limit_s=60
limit_as=$((8 << 30))

# ---- the inputs -------------------------------------------------------------------------------
python3 - "$work" <<'PY'
import os, sys
w = sys.argv[1]
os.makedirs(f"{w}/p", exist_ok=True)
def put(name, data):
    with open(f"{w}/p/{name}", "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
ko = "정부는 16일 수출이 5개월 연속 늘었다고 밝혔다. 반도체와 자동차 수출이 크게 늘었다."
en = "The government said on the 16th that exports rose for a fifth straight month, led by chips and cars."
# Ordinary pages, to show the others are untouched.
for i in range(8):
    put(f"ok{i}-ko.txt", f"{ko} ({i})\n\n수입은 {i}% 줄었다.\n")
    put(f"ok{i}-en.txt", f"{en} ({i})\n\nImports fell {i} percent.\n")
# Unclosed formatting elements with distinct attributes inside a first paragraph, then many
# paragraphs (~240 kB): the parser reopens every one of them in each later paragraph.
fmt = "".join(f'<b class="c{i}"><i id="i{i}"><u title="t{i}">' for i in range(2000))
paras = "".join(f"<p>Exports rose {i}.</p>" for i in range(2500))
put("formatting.html", f"<html><body><p>{fmt}{en}</p>{paras}</body></html>")
# 100,000 nested divs (~1.1 MB).
put("nested.html", "<html><body>" + "<div>" * 100_000 + f"<p>{en}</p>" + "</div>" * 100_000 + "</body></html>")
# Charsets that lie: UTF-8 Korean declaring EUC-KR, EUC-KR declaring UTF-8.
page = f"<html><head><meta charset=\"{{}}\"></head><body><p>{ko}</p><p>{ko}</p></body></html>"
put("utf8-says-euckr.html", page.format("euc-kr"))
put("euckr-says-utf8.html", page.format("utf-8").encode("euc-kr"))
# A 30 MB page.
put("huge.txt", (en + "\n\n") * (30_000_000 // (len(en) + 2)))
PY
mkfifo "$work/p/fifo.html"
{
  printf 'id\tko\ten\n'
  for i in 0 1 2 3 4 5 6 7; do printf 'ok%s\tp/ok%s-ko.txt\tp/ok%s-en.txt\n' "$i" "$i" "$i"; done
  printf 'dev-zero\t/dev/zero\tp/ok0-en.txt\n'
  printf 'dev-urandom\t/dev/urandom\tp/ok0-en.txt\n'
  printf 'fifo\tp/fifo.html\tp/ok0-en.txt\n'
  printf 'formatting\tp/ok0-ko.txt\tp/formatting.html\n'
  printf 'nested\tp/ok0-ko.txt\tp/nested.html\n'
  printf 'utf8-says-euckr\tp/utf8-says-euckr.html\tp/ok0-en.txt\n'
  printf 'euckr-says-utf8\tp/euckr-says-utf8.html\tp/ok0-en.txt\n'
  printf 'huge\tp/ok0-ko.txt\tp/huge.txt\n'
  printf '\tp/ok1-ko.txt\tp/ok1-en.txt\n'
  printf 'ok3\tp/ok2-ko.txt\tp/ok2-en.txt\n'
} > "$work/all.tsv"

# ---- one bounded run: prints status, wall seconds, peak MB -------------------------------------
run() { # label stdin-file cmd...
  local label=$1 input=$2; shift 2
  local t=$work/time.txt
  local status=0
  rm -f "$t"
  (cd "$work" && timeout -s KILL "$limit_s" prlimit --as="$limit_as" /usr/bin/time -f '%e %M' -o "$t" "$@" \
    < "$input" > "$work/out.txt" 2> "$work/err.txt") || status=$?
  local wall=- rss=- what
  # GNU time writes nothing when it is killed along with the command.
  if [ -s "$t" ]; then read -r wall rss < <(tail -1 "$t") || true; fi
  case $status in
    0) what="exit 0" ;;
    137) what="killed at ${limit_s} s"; wall=$limit_s ;;
    134) what="abort (out of memory?)" ;;
    *) what="exit $status" ;;
  esac
  local msg
  msg=$( (grep -v '^\s*$' "$work/err.txt" || true) | tail -1 | cut -c1-110)
  if [ "$rss" != "-" ]; then rss=$((rss / 1024)); fi
  printf '%-22s %-24s %7s s %7s MB  %s\n' "$label" "$what" "$wall" "$rss" "$msg"
}

echo "binary: $bin"
echo "== each case alone (status, wall, peak RSS, last line of stderr)"
for id in dev-zero dev-urandom fifo formatting nested utf8-says-euckr euckr-says-utf8 huge; do
  { printf 'id\tko\ten\n'; grep -P "^$id\t" "$work/all.tsv"; } > "$work/one.tsv"
  rm -rf "$work/o1"
  run "$id" /dev/null "$bin" batch one.tsv --out o1 -q --threads 1
done
{ printf '\xef\xbb\xbf'; printf 'id\tko\ten\nbom\tp/ok0-ko.txt\tp/ok0-en.txt\n'; } > "$work/bom.tsv"
rm -rf "$work/o1"; run "manifest with BOM" /dev/null "$bin" batch bom.tsv --out o1 -q
rm -rf "$work/o1"; run "manifest /dev/zero" /dev/null "$bin" batch /dev/zero --out o1 -q
run "stream < /dev/zero" /dev/zero "$bin" stream
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
ko = open(f"{w}/p/ok0-ko.txt", encoding="utf-8").read(); en = open(f"{w}/p/ok0-en.txt", encoding="utf-8").read()
with open(f"{w}/stream.jsonl", "wb") as f:
    f.write((json.dumps({"id": "a", "ko": ko, "en": en}) + "\n").encode())
    f.write(b'{"id": "bad", "ko": "\xff\xfe", "en": "x"}\n')
    f.write((json.dumps({"id": "c", "ko": ko, "en": en}) + "\n").encode())
PY
run "stream, bad UTF-8 line" "$work/stream.jsonl" "$bin" stream
echo "   documents written by that stream: $(cut -c1-12 "$work/out.txt" | grep -o '"id":"[^"]*"' | sort -u | tr '\n' ' ')"

echo "== every case in one batch, 2 threads, beside ordinary documents"
rm -rf "$work/all"
run "one batch" /dev/null "$bin" batch all.tsv --out all -q --threads 2
if [ -f "$work/all/summary.json" ]; then
  python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
rows = [l for l in open(f"{w}/all.tsv", encoding="utf-8").read().splitlines()[1:] if l]
s = json.load(open(f"{w}/all/summary.json", encoding="utf-8"))
docs = s["documents"]
print(f"   summary.json: {len(docs)} of {len(rows)} rows accounted for; {s['totals']['ok']} ok, {s['totals']['failed']} failed")
for d in docs:
    if d["status"] != "ok":
        print(f"     failed {d['id'] or '(no id)'}: {d.get('error', '')[:100]}")
PY
else
  echo "   no summary.json: the batch did not finish"
fi
