"""What the Spark and Ray examples share: manifest rows in chunks, page files read as the CLI
reads them, one `koen_align.align_batch` call per chunk with the manifest's sample as batch
evidence, and OUT_DIR/pairs.jsonl, audit.jsonl, audit-inline.jsonl and summary.json written in
the CLI's format and in manifest order.

`read_pages` and `align_chunk` run on the workers: the examples ship this file to them (Spark:
`SparkContext.addPyFile`; Ray: `runtime_env={"py_modules": [...]}`), so a cluster's workers
need only the koen_align wheel installed.

Batch evidence: the CLI's `batch` command learns blocks recurring across documents (the sites'
templates) and word associations (self-training) from the first --sample-size documents of the
manifest (2,000 by default), then aligns every document with them. The examples do the same:
the driver reads those documents' pages once and sends them to the workers (a Spark broadcast,
a Ray object), and every `align_batch` call gets them as `evidence=`; koen_align learns from them
once per worker process. So the output is the CLI's, whatever the chunking.
"""

import json
import os
import tempfile


def jsonl(record):
    """A record as the CLI writes it: serde_json's compact form, UTF-8 left as it is."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def chunks(rows, chunk_size):
    """Near-equal contiguous chunks of at most `chunk_size` rows (at least one chunk)."""
    k = max(1, -(-len(rows) // max(1, chunk_size)))
    return [rows[i * len(rows) // k:(i + 1) * len(rows) // k] for i in range(k)]


def manifest_rows(manifest):
    """The good rows of `koen_align.read_manifest`, numbered: {"idx", "id", and "ko_path" +
    "en_path" or "page_path", "input", "encoding"} (absent keys are None)."""
    rows = []
    for idx, row in enumerate(manifest):
        if "error" in row:
            continue
        rows.append({"idx": idx, "id": row["id"], "ko_path": row.get("ko"), "en_path": row.get("en"),
                     "page_path": row.get("page"), "input": row.get("input"), "encoding": row.get("encoding")})
    return rows


def _read_file(path):
    with open(path, "rb") as f:
        return f.read()


def read_pages(row):
    """A manifest row with its files' bytes (keys "ko", "en" or "page"), or with "error" if a
    file cannot be read (worded as the CLI words it). Decoding is left to koen_align, which
    decodes bytes exactly as the CLI decodes files."""
    out = dict(row, ko=None, en=None, page=None, error=None)
    try:
        for key in ("ko", "en", "page"):
            path = row[f"{key}_path"]
            if path is not None:
                try:
                    out[key] = _read_file(path)
                except OSError as e:
                    # Rust's io::Error text, as in the CLI's "PATH: cannot read: ..." messages.
                    detail = f"{os.strerror(e.errno)} (os error {e.errno})" if e.errno else str(e)
                    raise ValueError(f"{path}: cannot read: {detail}") from e
    except ValueError as e:
        out["error"] = str(e)
    return out


def batch_row(r):
    """A row with its pages (from `read_pages`) as an `align_batch` row."""
    row = {"id": r["id"]}
    for key in ("ko", "en", "page"):
        if r[key] is not None:
            row[key] = r[key]
            row[f"{key}_path"] = r[f"{key}_path"]
    for key in ("input", "encoding"):
        if r.get(key) is not None:
            row[key] = r[key]
    return row


def evidence_rows(rows, sample_size):
    """The CLI's sample: the readable ones among the first `sample_size` manifest rows, with
    their pages, as `align_batch` rows (read here, on the driver)."""
    read = (read_pages(r) for r in rows if r["idx"] < sample_size)
    return [batch_row(r) for r in read if r["error"] is None]


def align_chunk(koen_align, rows, options, evidence):
    """Aligns the readable rows of a chunk with one `align_batch` call, the manifest's sample
    as evidence, and returns one dict per row, {"idx", "pairs", "audit", "audit_inline",
    "document"}: the row's lines of pairs.jsonl, audit.jsonl (removed blocks) and
    audit-inline.jsonl (stripped fragments), each a string of whole lines, and its summary
    entry (JSON)."""
    readable = [r for r in rows if r["error"] is None]
    result = koen_align.align_batch([batch_row(r) for r in readable], evidence=evidence, threads=1, **options)
    out = []
    # align_batch returns the records one document after another, in input order; a
    # document's records carry its id, which tells where the next document's start.
    cursor = {"pairs": 0, "audit": 0}
    for row, doc in zip(readable, result["documents"]):
        lines = {}
        for file in ("pairs", "audit"):
            records, start = result[file], cursor[file]
            while cursor[file] < len(records) and records[cursor[file]]["id"] == row["id"]:
                cursor[file] += 1
            lines[file] = [jsonl(r) + "\n" for r in records[start:cursor[file]]]
        # The audit records carry their scope: whole blocks go to audit.jsonl, stripped
        # fragments to audit-inline.jsonl, as the CLI writes them.
        audit = result["audit"][cursor["audit"] - len(lines["audit"]):cursor["audit"]]
        out.append({"idx": row["idx"], "pairs": "".join(lines["pairs"]),
                    "audit": "".join(line for r, line in zip(audit, lines["audit"]) if r["scope"] == "block"),
                    "audit_inline": "".join(line for r, line in zip(audit, lines["audit"]) if r["scope"] != "block"),
                    "document": jsonl(doc)})
    if any(cursor[f] != len(result[f]) for f in cursor):
        raise RuntimeError("align_batch records out of step with its documents")
    for row in rows:
        if row["error"] is not None:
            out.append({"idx": row["idx"], "pairs": "", "audit": "", "audit_inline": "",
                        "document": jsonl(failed_document(row["id"], row["error"]))})
    return out


def failed_document(doc_id, error):
    """A failed document's summary entry, as the CLI writes it."""
    return {"id": doc_id, "status": "failed", "error": error, "ko_blocks": 0, "en_blocks": 0, "removed_blocks": 0,
            "stripped_fragments": 0, "pairs": {}, "replaced_bytes": 0}


COUNTS = ("ko_blocks", "en_blocks", "removed_blocks", "stripped_fragments", "replaced_bytes")


def summary_of(documents, run):
    """summary.json as the CLI builds it: what made the folder (`koen_align.run_info`), totals
    over the ok documents, then every entry."""
    totals = {"documents": len(documents), "ok": 0, "failed": 0}
    totals.update((key, 0) for key in ("ko_blocks", "en_blocks", "removed_blocks", "stripped_fragments"))
    totals.update(pairs={}, replaced_bytes=0)
    for doc in documents:
        if doc["status"] != "ok":
            totals["failed"] += 1
            continue
        totals["ok"] += 1
        for key in COUNTS:
            totals[key] += doc.get(key, 0)
        for kind, n in doc["pairs"].items():
            totals["pairs"][kind] = totals["pairs"].get(kind, 0) + n
    totals["pairs"] = dict(sorted(totals["pairs"].items()))
    return {"run": run, "totals": totals, "documents": documents}


def _write_atomically(path, chunks_of_text):
    """Writes to a temporary file beside `path`, then renames it into place."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=f".{os.path.basename(path)}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for text in chunks_of_text:
                f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_output(out_dir, manifest, results, run):
    """Writes pairs.jsonl, audit.jsonl, audit-inline.jsonl and summary.json in manifest order.

    `manifest` is `koen_align.read_manifest`'s list; `results` holds `align_chunk`'s dicts for
    its good rows, in any order, `idx` being the row's position in `manifest`. Returns the
    summary.
    """
    by_idx = {r["idx"]: r for r in results}
    documents = []
    for idx, row in enumerate(manifest):
        if "error" in row:
            documents.append(failed_document(row["id"], row["error"]))
        elif idx in by_idx:
            documents.append(json.loads(by_idx[idx]["document"]))
        else:
            raise RuntimeError(f"no result for manifest row {row['line']} ({row['id']})")
    ordered = [by_idx[i] for i in sorted(by_idx)]
    os.makedirs(out_dir, exist_ok=True)
    _write_atomically(os.path.join(out_dir, "pairs.jsonl"), (r["pairs"] for r in ordered))
    _write_atomically(os.path.join(out_dir, "audit.jsonl"), (r["audit"] for r in ordered))
    _write_atomically(os.path.join(out_dir, "audit-inline.jsonl"), (r["audit_inline"] for r in ordered))
    summary = summary_of(documents, run)
    _write_atomically(os.path.join(out_dir, "summary.json"), [json.dumps(summary, ensure_ascii=False, indent=2)])
    return summary


def add_options(parser):
    """The CLI's `batch` options that the examples pass on to `align_batch`."""
    parser.add_argument("--chunk-size", type=int, default=256,
                        help="documents per align_batch call, one partition or task each (default: 256)")
    parser.add_argument("--sample-size", type=int, default=2000,
                        help="documents at the start of the manifest that batch evidence is learnt from (default: 2000)")
    parser.add_argument("--level", choices=["paragraph", "sentence"], default="paragraph")
    parser.add_argument("--min-score", type=float, default=0.0)
    parser.add_argument("--rules", help="extra boilerplate rules (as the CLI's --rules)")
    parser.add_argument("--dict", help="a user dictionary in hunalign format (as the CLI's --dict)")
    parser.add_argument("--input", choices=["auto", "text", "html"], default="auto")
    parser.add_argument("--blocks", choices=["auto", "lines", "paragraphs"], default="auto")
    parser.add_argument("--encoding", help="the input files' encoding (a label such as euc-kr, or auto)")
    parser.add_argument("--keep-boilerplate", action="store_true",
                        help="remove nothing, but still audit what would have been removed")
    parser.add_argument("--no-self-train", action="store_true",
                        help="do not learn word associations from the sample's confident pairs")


def options_of(args):
    """align_batch's keyword options from `add_options`' arguments (paths made absolute, so
    that workers find the files whatever their working folder). The flags are the CLI's
    (`--dict`, `--input`); the keywords are the bindings' (`dictionary`, `input_kind`)."""
    options = {"level": args.level, "min_score": args.min_score, "input_kind": args.input, "blocks": args.blocks,
               "keep_boilerplate": args.keep_boilerplate, "self_train": not args.no_self_train}
    if args.encoding:
        options["encoding"] = args.encoding
    if args.rules:
        options["rules"] = os.path.abspath(args.rules)
    if args.dict:
        options["dictionary"] = os.path.abspath(args.dict)
    return options


def prepare(koen_align, args):
    """The driver's work before any engine starts: the options (bad options, rules or
    dictionary fail here, with the library's message), the manifest, its good rows, the
    sample's pages as evidence, and the rows cut into chunks. Returns
    (options, manifest, evidence, chunks)."""
    options = options_of(args)
    koen_align.align_batch([], **options)
    manifest = koen_align.read_manifest(os.path.abspath(args.manifest))
    rows = manifest_rows(manifest)
    return options, manifest, evidence_rows(rows, args.sample_size), chunks(rows, args.chunk_size)


def report(name, summary, out_dir, seconds):
    """The CLI's closing lines on stderr."""
    import sys

    t = summary["totals"]
    print(
        f"{name}: {t['documents']} documents: {t['ok']} ok, {t['failed']} failed; "
        f"{sum(t['pairs'].values())} pairs written to {out_dir} in {seconds:.1f}s",
        file=sys.stderr,
    )
    for doc in summary["documents"]:
        if doc["status"] == "failed":
            print(f"  failed {doc['id']}: {doc['error']}", file=sys.stderr)
