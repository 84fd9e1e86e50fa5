"""examples/ray_align.py with a local Ray instance of 2 CPUs: the CLI's output, from Ray (see
test_spark.py). Skipped when ray[data] is not installed.
"""

import pytest

from conftest import (CORPUS_MANIFEST, bad_manifest, bindings_reference, check_bad_manifest_output,
                      check_same_files, cli_batch, output, run_example)

pytest.importorskip("ray.data", reason="ray[data] is not installed")


def test_ray_writes_what_the_cli_batch_writes(tmp_path):
    out = run_example("ray_align.py", CORPUS_MANIFEST, tmp_path / "out", "--num-cpus", "2")
    assert output(out)[:2] == bindings_reference(CORPUS_MANIFEST)
    check_same_files(out, cli_batch(CORPUS_MANIFEST, tmp_path / "cli"))


def test_ray_reports_bad_rows_and_goes_on(tmp_path):
    manifest = bad_manifest(tmp_path)
    out = run_example("ray_align.py", manifest, tmp_path / "out", "--num-cpus", "2")
    check_bad_manifest_output(manifest, out)


def test_ray_chunks_and_samples_as_the_cli_does(tmp_path):
    flags = ["--sample-size", "5", "--no-self-train"]
    out = run_example("ray_align.py", CORPUS_MANIFEST, tmp_path / "out", "--num-cpus", "2", "--chunk-size", "3", *flags)
    check_same_files(out, cli_batch(CORPUS_MANIFEST, tmp_path / "cli", *flags))
