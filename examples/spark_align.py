#!/usr/bin/env python3
"""Align a koen-align manifest with PySpark.

    python examples/spark_align.py MANIFEST OUT_DIR [--master local[2]] [--chunk-size 256] [--sample-size 2000]
        [--level paragraph|sentence] [--min-score X] [--rules FILE] [--dict FILE]
        [--input auto|text|html] [--blocks auto|lines|paragraphs] [--encoding LABEL] [--keep-boilerplate]
        [--no-self-train]

Reads a manifest like the CLI's (a TSV whose header names `id`, `ko` and `en`, or `id` and
`page`; paths relative to the manifest's folder), aligns every document inside Spark with
`mapInArrow`, and writes OUT_DIR/pairs.jsonl, audit.jsonl, audit-inline.jsonl and summary.json in
the CLI's format and in manifest order. Needs the koen_align wheel, pyspark, pyarrow and
pandas, and Java.

How the work is split:
- the driver reads the manifest with `koen_align.read_manifest` (the CLI's reader), reads the
  pages of its first --sample-size documents (the CLI's sample for batch evidence) and
  broadcasts them, and cuts the rows into chunks of at most --chunk-size contiguous rows, one
  Spark partition each: a DataFrame of (idx, id, paths);
- the executors read the page files (mapInArrow), giving the DataFrame
  (idx, id, paths, ko, en, page, error) with each page's bytes. On a cluster the paths must be
  visible to every executor (a shared file system); with `local[N]` they are;
- a second mapInArrow hands each partition's rows to one `koen_align.align_batch(...,
  evidence=sample, threads=1)` call, which decodes the bytes as the CLI decodes files, learns
  the batch evidence from the sample (once per worker process) and aligns the chunk with it
  (Spark already runs one task per core, so the library starts no threads);
- the driver collects one row per document (its JSON lines) and writes the files, which suits
  the 10^4-10^5 documents of a corpus; a far larger job would write with `DataFrame.write`.

So the output is the CLI's, byte for byte in pairs.jsonl and audit.jsonl, whatever the
chunking (see koen_align_output).
"""

import argparse
import os
import sys
import time

import koen_align

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import koen_align_output as ko_out  # noqa: E402

PATHS = [("idx", "long"), ("id", "string"), ("ko_path", "string"), ("en_path", "string"), ("page_path", "string"),
         ("input", "string"), ("encoding", "string")]
PAGES = PATHS + [("ko", "binary"), ("en", "binary"), ("page", "binary"), ("error", "string")]
# One row per document: its lines of pairs.jsonl, audit.jsonl and audit-inline.jsonl, and its
# summary entry.
DOCS = [("idx", "long"), ("pairs", "string"), ("audit", "string"), ("audit_inline", "string"), ("document", "string")]


def ddl(columns):
    return ", ".join(f"{name} {kind}" for name, kind in columns)


def arrow_schema(columns):
    import pyarrow as pa

    types = {"long": pa.int64(), "string": pa.string(), "binary": pa.binary()}
    return pa.schema([(name, types[kind]) for name, kind in columns])


def read_pages(batches):
    """mapInArrow: rows with paths -> the same rows with the pages' bytes (or an error)."""
    import pyarrow as pa

    import koen_align_output

    for batch in batches:
        rows = [koen_align_output.read_pages(row) for row in batch.to_pylist()]
        yield pa.RecordBatch.from_pylist(rows, schema=arrow_schema(PAGES))


def aligner(options, sample):
    """mapInArrow: a partition's rows with their pages -> one row per document, from one
    `align_batch` call for the whole partition (its Arrow batches gathered first); `sample` is
    the broadcast batch evidence."""

    def align_partition(batches):
        import pyarrow as pa

        import koen_align_output

        rows = [row for batch in batches for row in batch.to_pylist()]
        if rows:
            docs = koen_align_output.align_chunk(koen_align, rows, options, sample.value)
            yield pa.RecordBatch.from_pylist(docs, schema=arrow_schema(DOCS))

    return align_partition


def main(argv=None):
    parser = argparse.ArgumentParser(description="Align a koen-align manifest with PySpark (mapInArrow).")
    parser.add_argument("manifest")
    parser.add_argument("out_dir")
    parser.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    ko_out.add_options(parser)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    options, manifest, evidence, chunks = ko_out.prepare(koen_align, args)

    if args.master.startswith("local"):
        # Everything runs on this machine: keep Spark's driver on loopback, and run the Python
        # workers with this interpreter (the one koen_align is installed in), not whichever
        # `python3` comes first on PATH.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .appName("koen-align")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark.sparkContext.addPyFile(ko_out.__file__)
        sample = spark.sparkContext.broadcast(evidence)
        # One partition per chunk: each partition is one chunk list, flattened in place.
        rdd = spark.sparkContext.parallelize(chunks, len(chunks)).flatMap(
            lambda chunk: [tuple(row[name] for name, _ in PATHS) for row in chunk]
        )
        paths = spark.createDataFrame(rdd, ddl(PATHS))
        pages = paths.mapInArrow(read_pages, ddl(PAGES))
        docs = pages.mapInArrow(aligner(options, sample), ddl(DOCS))
        results = [row.asDict() for row in docs.collect()]
    finally:
        spark.stop()

    summary = ko_out.write_output(args.out_dir, manifest, results, koen_align.run_info(**options))
    ko_out.report("spark_align", summary, args.out_dir, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
