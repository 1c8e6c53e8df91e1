#!/usr/bin/env bash
# The Python bindings and the Spark example (docs/python.md):
#   1. the release CLI, the reference every check compares with (or $DYAD_CLI if set);
#   2. the wheel, built with maturin in a build venv;
#   3. a clean venv with the wheel alone: dyad.code gives the CLI's record for the
#      example page and for every page of a small corpus (no pyarrow installed);
#   4. a second venv with pyarrow, pandas and pyspark (installed from PyPI while 1-3 build)
#      and the wheel: the Python tests (records, events tables, errors, the GIL), the Rust
#      unit tests of the bindings;
#   5. examples/spark/code_corpus.py in Spark local[2] over that corpus, from JSONL and
#      from Parquet, its events checked against the CLI's.
# Exits non-zero on the first failure. Needs python3 (>= 3.10) with venv, Java 17+, and
# PyPI. Venvs and the wheel go to $CARGO_TARGET_DIR/python-ci (default target/python-ci).
# Set DYAD_SEED_DIR to a folder with seed.gold.json to check the seed page too.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p "${CARGO_TARGET_DIR:-target}"
TARGET=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
export CARGO_TARGET_DIR=$TARGET
WORK=$TARGET/python-ci
PYTHON=${PYTHON:-python3}
start=$SECONDS
step() { echo "== spark.sh [$((SECONDS - start)) s] $*" >&2; }

command -v java >/dev/null || { echo "spark.sh: Java is needed for Spark" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK/wheels"

step "pyarrow, pandas, pyspark into $WORK/spark (in the background)"
"$PYTHON" -m venv "$WORK/spark"
"$WORK/spark/bin/pip" install -q "pyarrow>=14" "pandas>=1.5,<3" "pyspark==4.3.0" \
    >"$WORK/pip.log" 2>&1 &
pip_pid=$!
trap 'kill $pip_pid 2>/dev/null || true' EXIT

if [[ -z "${DYAD_CLI:-}" ]]; then
    step "release CLI"
    cargo build --release -p dyad-cli
    export DYAD_CLI=$TARGET/release/dyad
fi
# The tests run from bindings/python/tests, so a relative path is made absolute here.
DYAD_CLI=$(cd "$(dirname "$DYAD_CLI")" && pwd)/$(basename "$DYAD_CLI")
[[ -x "$DYAD_CLI" ]] || { echo "no dyad binary at $DYAD_CLI" >&2; exit 1; }
export DYAD_CLI
echo "reference CLI: $DYAD_CLI" >&2

step "wheel (maturin)"
(cd bindings/python && cargo fmt -- --check)
"$PYTHON" -m venv "$WORK/build"
"$WORK/build/bin/pip" install -q "maturin>=1.7,<2"
(cd bindings/python && "$WORK/build/bin/maturin" build --release -o "$WORK/wheels" \
    -i "$WORK/build/bin/python")
WHEEL=$(ls "$WORK"/wheels/dyad-*.whl)

step "clean venv with the wheel alone"
"$PYTHON" -m venv "$WORK/clean"
"$WORK/clean/bin/pip" install -q "$WHEEL"
(cd bindings/python/tests && "$WORK/clean/bin/python" -m unittest -v test_dyad.SingleDocument)

step "waiting for pip"
if ! wait $pip_pid; then
    cat "$WORK/pip.log" >&2
    echo "spark.sh: pip install of pyarrow/pandas/pyspark failed" >&2
    exit 1
fi
trap - EXIT
VPY=$WORK/spark/bin/python
"$WORK/spark/bin/pip" install -q "$WHEEL"

step "python tests"
(cd bindings/python/tests && "$VPY" -m unittest -v test_dyad)

step "rust tests of the bindings"
# The test binary links libpython: build and run it against the venv's interpreter.
PYO3_PYTHON=$VPY LD_LIBRARY_PATH="$("$VPY" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')" \
    cargo test --release --manifest-path bindings/python/Cargo.toml

step "spark local[2]"
PYSPARK_PYTHON=$VPY "$VPY" examples/spark/test_spark.py -v

step "done"
