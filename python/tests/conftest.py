"""Helpers shared by the engine tests (test_spark.py, test_ray.py).

The engines' output is checked against
- the CLI: `koen-align batch MANIFEST --out DIR` (the binary is `$KOEN_ALIGN_CLI`, else
  target/release/koen-align in the checkout; those checks skip when it is not built), and
- the installed bindings in this process: `koen_align.align_batch` over the manifest's rows.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import koen_align

REPO = Path(__file__).resolve().parents[2]
CORPUS_MANIFEST = REPO / "corpus" / "manifest.tsv"
# No usage reports from Ray: this machine reaches no network beyond the package registries.
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def jsonl_line(record):
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def output(out_dir):
    """(pairs, audit, summary) of an output folder, parsed; audit is audit.jsonl's removed
    blocks followed by audit-inline.jsonl's stripped fragments."""
    out_dir = Path(out_dir)
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    audit = read_jsonl(out_dir / "audit.jsonl") + read_jsonl(out_dir / "audit-inline.jsonl")
    return read_jsonl(out_dir / "pairs.jsonl"), audit, summary


def bindings_reference(manifest, chunk_sizes=None, **options):
    """pairs and audit records of a manifest's good rows aligned in this process, with one
    `align_batch` call per chunk of consecutive rows (one call for all rows by default), each
    learning its batch evidence from its own rows."""
    rows = []
    for row in koen_align.read_manifest(manifest):
        if "error" in row:
            continue
        try:
            pages = {key: Path(row[key]).read_bytes() for key in ("ko", "en", "page") if key in row}
        except OSError:
            continue  # an unreadable file: the engines report the document as failed
        batch_row = {"id": row["id"], **pages, **{f"{key}_path": row[key] for key in pages}}
        batch_row.update((key, row[key]) for key in ("input", "encoding") if key in row)
        rows.append(batch_row)
    sizes = chunk_sizes or [len(rows)]
    assert sum(sizes) == len(rows)
    pairs, audit, start = [], [], 0
    for size in sizes:
        out = koen_align.align_batch(rows[start:start + size], **options)
        pairs += out["pairs"]
        audit += out["audit"]
        start += size
    # As the engines write them: removed blocks (audit.jsonl), then stripped fragments.
    audit = [a for a in audit if a["scope"] == "block"] + [a for a in audit if a["scope"] != "block"]
    return pairs, audit


def cli_batch(manifest, out_dir, *flags):
    """Runs the CLI's `batch` command; skips the test when the CLI is not built."""
    cli = os.environ.get("KOEN_ALIGN_CLI") or str(REPO / "target" / "release" / "koen-align")
    if not (os.path.isfile(cli) and os.access(cli, os.X_OK)):
        pytest.skip("the koen-align CLI is not built (cargo build --release, or set KOEN_ALIGN_CLI)")
    run = subprocess.run([cli, "batch", str(manifest), "--out", str(out_dir), *flags],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"koen-align batch failed:\n{run.stderr}"
    return Path(out_dir)


def run_example(script, manifest, out_dir, *args, timeout=900):
    """Runs examples/SCRIPT on a manifest; fails the test with its output if it fails."""
    run = subprocess.run(
        [sys.executable, str(REPO / "examples" / script), str(manifest), str(out_dir), *args],
        capture_output=True, text=True, timeout=timeout,
    )
    assert run.returncode == 0, f"{script} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
    return Path(out_dir)


def check_same_files(engine_dir, cli_dir):
    """The engine wrote what the CLI wrote: the same records and summary (parsed), and the same
    bytes in pairs.jsonl, audit.jsonl and audit-inline.jsonl (summary.json's layout is the CLI's
    own business)."""
    assert output(engine_dir) == output(cli_dir)
    for name in ("pairs.jsonl", "audit.jsonl", "audit-inline.jsonl"):
        assert (Path(engine_dir) / name).read_bytes() == (Path(cli_dir) / name).read_bytes(), name


def bad_manifest(tmp_path):
    """A manifest mixing good rows (corpus documents) with every kind of bad one."""
    docs = REPO / "corpus" / "docs"
    first, second = sorted(p for p in docs.iterdir() if p.is_dir())[:2]
    (tmp_path / "empty.txt").write_text("\n \n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("café au lait".encode("latin-1"))
    rows = [
        ("first", first / "ko.txt", first / "en.txt"),
        ("missing-file", first / "ko.txt", tmp_path / "no-such-file.txt"),
        ("bad-row", first / "ko.txt", None),
        ("empty-page", tmp_path / "empty.txt", first / "en.txt"),
        ("not-utf8", first / "ko.txt", tmp_path / "latin1.txt"),
        ("second", second / "ko.txt", second / "en.txt"),
    ]
    lines = ["id\tko\ten"] + ["\t".join(str(f) for f in row if f is not None) for row in rows]
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def check_bad_manifest_output(manifest, out_dir):
    pairs, audit, summary = output(out_dir)
    status = [(d["id"], d["status"]) for d in summary["documents"]]
    assert status == [
        ("first", "ok"), ("missing-file", "failed"), ("bad-row", "failed"),
        ("empty-page", "failed"), ("not-utf8", "failed"), ("second", "ok"),
    ]
    errors = {d["id"]: d.get("error", "") for d in summary["documents"]}
    assert errors["missing-file"].startswith(f"{manifest.parent / 'no-such-file.txt'}: cannot read: ")
    assert errors["bad-row"].startswith(f"{manifest}:4: ")
    assert errors["empty-page"] == f"{manifest.parent / 'empty.txt'}: the page has no text"
    assert errors["not-utf8"].startswith(f"{manifest.parent / 'latin1.txt'}: not valid UTF-8")
    assert summary["totals"]["documents"] == 6 and summary["totals"]["ok"] == 2
    assert (pairs, audit) == bindings_reference(manifest)
    assert pairs[0]["id"] == "first" and pairs[-1]["id"] == "second"
