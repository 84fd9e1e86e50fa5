#!/usr/bin/env python3
"""Align a koen-align manifest with Ray Data.

    python examples/ray_align.py MANIFEST OUT_DIR [--address ADDRESS] [--num-cpus 2] [--chunk-size 256] [--sample-size 2000]
        [--level paragraph|sentence] [--min-score X] [--rules FILE] [--dict FILE]
        [--input auto|text|html] [--blocks auto|lines|paragraphs] [--encoding LABEL] [--keep-boilerplate]
        [--no-self-train]

The same job as spark_align.py with Ray Data's `map_batches`: reads a manifest like the CLI's,
aligns every document and writes OUT_DIR/pairs.jsonl, OUT_DIR/audit.jsonl and
OUT_DIR/summary.json in the CLI's format and in manifest order. Needs the koen_align wheel and
`ray[data]`.

- The driver reads the manifest (`koen_align.read_manifest`, the CLI's reader), reads the
  pages of its first --sample-size documents (the CLI's sample for batch evidence) into the
  object store, and cuts the rows into chunks of at most --chunk-size contiguous rows: a
  Dataset with one item per chunk.
- `map_batches` (one chunk a call) reads the chunk's page files on a worker and aligns them
  with one `koen_align.align_batch(..., evidence=sample, threads=1)` call (Ray runs one task
  per CPU, so the library starts no threads). On a cluster the paths must be visible to every
  worker.
- The driver collects one row per document and writes the files in manifest order.

Without --address a local Ray instance with --num-cpus CPUs (default 2) is started. The output
is the CLI's whatever the chunking, as with spark_align.py.
"""

import argparse
import json
import os
import sys
import time

import koen_align

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import koen_align_output as ko_out  # noqa: E402


def align_chunks(batch, options, sample):
    """map_batches (pyarrow): chunks (their rows as JSON) -> one row per document; `sample`
    holds the batch evidence (an object reference)."""
    import pyarrow as pa
    import ray

    import koen_align_output

    evidence = ray.get(sample[0])
    docs = []
    for chunk in batch.column("rows").to_pylist():
        rows = [koen_align_output.read_pages(row) for row in json.loads(chunk)]
        docs += koen_align_output.align_chunk(koen_align, rows, options, evidence)
    return pa.Table.from_pylist(docs, schema=pa.schema([
        ("idx", pa.int64()), ("pairs", pa.string()), ("audit", pa.string()), ("audit_inline", pa.string()),
        ("document", pa.string()),
    ]))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Align a koen-align manifest with Ray Data (map_batches).")
    parser.add_argument("manifest")
    parser.add_argument("out_dir")
    parser.add_argument("--address", help="a running Ray cluster (default: start a local one)")
    parser.add_argument("--num-cpus", type=int, default=2, help="CPUs of the local Ray instance (default: 2)")
    ko_out.add_options(parser)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    options, manifest, evidence, chunks = ko_out.prepare(koen_align, args)
    chunks = [chunk for chunk in chunks if chunk]

    import ray

    # The workers import koen_align_output, shipped with the job.
    runtime_env = {"py_modules": [ko_out]}
    if args.address:
        ray.init(address=args.address, runtime_env=runtime_env, log_to_driver=False)
    else:
        ray.init(num_cpus=args.num_cpus, include_dashboard=False, runtime_env=runtime_env,
                 log_to_driver=False, configure_logging=False)
    try:
        ray.data.DataContext.get_current().enable_progress_bars = False
        results = []
        if chunks:
            # In a list, so that Ray hands the reference itself to the function.
            sample = [ray.put(evidence)]
            items = [{"rows": json.dumps(chunk)} for chunk in chunks]
            ds = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
                align_chunks, fn_kwargs={"options": options, "sample": sample}, batch_format="pyarrow", batch_size=1
            )
            results = ds.take_all()
    finally:
        ray.shutdown()

    summary = ko_out.write_output(args.out_dir, manifest, results, koen_align.run_info(**options))
    ko_out.report("ray_align", summary, args.out_dir, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
