#!/usr/bin/env python3
"""Pair a crawl's Korean and English pages with PySpark.

    python examples/spark_pair.py CRAWL [CRAWL ...] OUT_DIR [--master local[2]] [--partitions N] [--threshold X]

Finds which Korean page and which English page of a crawl are editions of one article, as
`koen-align pair CRAWL --out OUT_DIR` does, with the per-page work done by Spark's executors.
CRAWL is what `SparkContext.binaryFiles` takes: a folder (its files; Hadoop skips names
starting with `.` or `_`), a file, or a glob such as `crawl/*/*.html`. Writes
OUT_DIR/manifest.tsv (id, ko, en, score: ready for `koen-align batch`), unpaired.tsv (every
page read without a counterpart, and why), unread.tsv (every page that could not be read as an
edition, with the library's message) and summary.json. Needs the koen_align wheel, pyspark and
Java.

How the work is split:
- the executors read the pages (`binaryFiles`) and compute each one's signature with
  `koen_align.page_signature(data=bytes, name=path)`: its edition and the evidence that
  survives translation. A signature depends on its page alone, so where it is computed does
  not matter; this is the reading and cleaning, the bulk of the work;
- the driver collects the signatures (a few KB each) and joins them with
  `koen_align.pair_signatures`: the rarity of each piece of evidence is a property of the whole
  crawl, so the join needs every signature in one place.

Signatures stay Python objects in an RDD, never a DataFrame: their keys are unsigned 64-bit
integers, and a Spark LongType column is signed (half the keys would not fit).

Unlike `koen-align pair`, the join has no articles at hand to align a doubtful candidate with,
so scores are on the evidence scale and --threshold defaults to the library's threshold for
evidence alone (`summary.json` says which was used).
"""

import argparse
import json
import os
import sys
import time
from urllib.parse import unquote, urlparse


def local_name(uri):
    """binaryFiles names a local file `file:/path`; a manifest for `koen-align batch` needs the
    path. Other schemes (hdfs://, s3a://) are kept as they are."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def signature_or_error(item):
    """A Spark map over (uri, bytes): ("ok", signature) or ("unread", {"page", "error"}). A page
    that cannot be read as an edition (no text, not Korean or English) is reported, not fatal."""
    import koen_align

    uri, data = item
    name = local_name(uri)
    try:
        return "ok", koen_align.page_signature(data=data, name=name)
    except koen_align.KoenAlignError as e:
        return "unread", {"page": name, "error": str(e)}


def one_line(text):
    """A value for a TSV cell: tabs and line breaks would break the row."""
    return " ".join(part for part in text.replace("\r", "\n").replace("\t", "\n").split("\n") if part)


def cell(value, form="{}"):
    """A TSV cell for an optional value: blank for None, as the CLI leaves it."""
    return "" if value is None else form.format(value)


def write_tsv(path, header, rows):
    """Writes a TSV atomically (a reader never sees half a file)."""
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(one_line(str(cell)) for cell in row) + "\n")
    os.replace(tmp, path)


def write_output(out_dir, result, unread):
    """OUT_DIR/manifest.tsv and unpaired.tsv in the CLI's columns, unread.tsv, summary.json."""
    os.makedirs(out_dir, exist_ok=True)
    summary_path = os.path.join(out_dir, "summary.json")
    # As the CLI: summary.json is removed first and written last, so it vouches for the rest.
    if os.path.exists(summary_path):
        os.remove(summary_path)
    write_tsv(os.path.join(out_dir, "manifest.tsv"), ["id", "ko", "en", "score"],
              [(p["id"], p["ko"], p["en"], f"{p['score']:.4f}") for p in result["pairs"]])
    write_tsv(os.path.join(out_dir, "unpaired.tsv"), ["page", "edition", "reason", "other", "score", "detail"],
              [(u["page"], u["edition"] or "-", u["reason"], cell(u["other"]), cell(u["score"], "{:.4f}"), u["detail"])
               for u in result["unpaired"]])
    write_tsv(os.path.join(out_dir, "unread.tsv"), ["page", "error"], [(u["page"], u["error"]) for u in unread])
    summary = dict(result["summary"], pages=result["summary"]["pages"] + len(unread), unread=len(unread))
    with open(summary_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    os.replace(summary_path + ".tmp", summary_path)
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description="Pair a crawl's Korean and English pages with PySpark.")
    parser.add_argument("crawl", nargs="+", help="folders, files or globs of pages (as binaryFiles takes them)")
    parser.add_argument("out_dir")
    parser.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    parser.add_argument("--partitions", type=int, default=None,
                        help="minimum partitions for reading the pages (default: Spark's)")
    parser.add_argument("--threshold", type=float, default=None,
                        help="the evidence score a pair needs, in [0, 1] (default: the library's)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    import koen_align

    if args.master.startswith("local"):
        # Everything runs on this machine: keep Spark's driver on loopback, and run the Python
        # workers with this interpreter (the one koen_align is installed in).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .appName("koen-align-pair")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        sc = spark.sparkContext
        # binaryFiles takes a comma-separated list of paths and globs; folders are made
        # absolute so that executors in another working folder find them too.
        paths = ",".join(p if "://" in p else os.path.abspath(p) for p in args.crawl)
        pages = sc.binaryFiles(paths, minPartitions=args.partitions)
        # The executors compute the signatures, a partition's pages one after another in its
        # task (Spark runs one task per core, so the library starts no threads of its own).
        read = pages.map(signature_or_error).collect()
    finally:
        spark.stop()

    signatures = [value for status, value in read if status == "ok"]
    unread = sorted((value for status, value in read if status == "unread"), key=lambda u: u["page"])
    # The join, on the driver: every signature at once (rarity is a property of the crawl).
    result = koen_align.pair_signatures(signatures, threshold=args.threshold)
    summary = write_output(args.out_dir, result, unread)
    print(f"spark_pair: {summary['pages']} pages ({summary['korean']} Korean, {summary['english']} English, "
          f"{len(unread)} unread): {summary['pairs']} pairs written to {os.path.join(args.out_dir, 'manifest.tsv')} "
          f"in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
