#!/usr/bin/env bash
# CI for the Python bindings: install the package into a virtual environment exactly as the
# README says (`pip install ./python` from the checkout's root: pip builds the abi3 wheel
# from source, maturin being the build backend in python/pyproject.toml), with what the tests
# need, build the CLI the engine tests compare against, and run pytest on python/tests. Run
# from anywhere: `bash python/ci.sh`.
#
# Environment:
#   KOEN_ALIGN_CI_RAY=0   do not install ray[data] (test_ray.py then skips). Default: install it;
#                         its wheel is ~80 MB (pyspark's sdist is ~450 MB), it installs in ~10 s
#                         and its tests take ~35 s.
#   CARGO_TARGET_DIR      where cargo builds, the wheel's build under pip included (default:
#                         the checkout's target/, shared with the root crate's release build
#                         so dependencies compile once).
#   PYTHON                the interpreter to make the virtual environment with (default: python3).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
# No usage reports from Ray (the machine has no network beyond package registries).
export RAY_USAGE_STATS_ENABLED=0

echo "== python: virtual environment (at ${SECONDS}s)"
venv=$repo/python/.venv
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py=$venv/bin/python
# As `activate` does: the venv's python and pip first on PATH.
export PATH=$venv/bin:$PATH
export VIRTUAL_ENV=$venv
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet pytest pyspark 'pandas<3' pyarrow
if [ "${KOEN_ALIGN_CI_RAY:-1}" != 0 ]; then
    "$py" -m pip install --quiet 'ray[data]'
fi

echo "== python: Java for Spark (at ${SECONDS}s)"
if ! command -v java >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq default-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

echo "== python: the CLI the engine tests compare against (at ${SECONDS}s)"
cargo build --release --quiet

echo "== python: pip install ./python, as the README says (at ${SECONDS}s)"
# The README's own words, from the checkout's root (the cd above); pip builds the wheel and
# replaces an installed one of the same version, so each run tests this checkout's code.
pip install ./python

echo "== python: tests (at ${SECONDS}s)"
export KOEN_ALIGN_CLI=$CARGO_TARGET_DIR/release/koen-align
"$py" -m pytest -q -rs python/tests
