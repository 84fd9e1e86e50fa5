"""examples/spark_align.py in local[2]: the CLI's output, from Spark.

Uses the installed koen_align (nothing is built here). Skipped when pyspark or Java is missing;
the comparisons with the CLI skip when the CLI is not built.

Every partition's `align_batch` call learns its batch evidence (blocks recurring across
documents, self-training) from the manifest's first --sample-size documents, as
`koen-align batch` does, so the files must be the CLI's, byte for byte, whatever the chunking.
"""

import shutil

import pytest

from conftest import (CORPUS_MANIFEST, bad_manifest, bindings_reference, check_bad_manifest_output,
                      check_same_files, cli_batch, jsonl_line, output, run_example)

pytest.importorskip("pyspark", reason="pyspark is not installed")
pytest.importorskip("pyarrow", reason="pyarrow is not installed")
pytest.importorskip("pandas", reason="pandas is not installed")
if shutil.which("java") is None:
    pytest.skip("Java is not installed (Spark needs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory):
    return run_example("spark_align.py", CORPUS_MANIFEST, tmp_path_factory.mktemp("spark-corpus"), "--master", "local[2]")


def test_spark_writes_what_the_cli_batch_writes(corpus_out, tmp_path):
    check_same_files(corpus_out, cli_batch(CORPUS_MANIFEST, tmp_path / "cli"))


def test_spark_writes_what_the_bindings_give(corpus_out):
    pairs, audit = bindings_reference(CORPUS_MANIFEST)
    assert len({p["id"] for p in pairs}) == 8
    assert output(corpus_out)[:2] == (pairs, audit)
    # Line for line the CLI's format: compact JSON, keys in the CLI's order, UTF-8 as is.
    assert (corpus_out / "pairs.jsonl").read_text(encoding="utf-8") == "".join(jsonl_line(p) + "\n" for p in pairs)


def test_spark_reports_bad_rows_and_goes_on(tmp_path):
    manifest = bad_manifest(tmp_path)
    out = run_example("spark_align.py", manifest, tmp_path / "out", "--master", "local[2]")
    check_bad_manifest_output(manifest, out)
    check_same_files(out, cli_batch(manifest, tmp_path / "cli"))


def test_spark_chunks_and_samples_as_the_cli_does(tmp_path):
    # Three partitions, evidence from the first five documents, sentence pairs.
    flags = ["--level", "sentence", "--sample-size", "5"]
    out = run_example("spark_align.py", CORPUS_MANIFEST, tmp_path / "out", "--master", "local[2]", "--chunk-size", "3",
                      *flags)
    check_same_files(out, cli_batch(CORPUS_MANIFEST, tmp_path / "cli", *flags))
