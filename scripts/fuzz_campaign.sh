#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for a set time, one after the other, and prints the
# executions, speed, corpus size and crashes of each (see docs/reliability.md).
#
#   scripts/fuzz_campaign.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s, all targets)
#
# Environment:
#   FUZZ_SANITIZER  address|none (default none: the crates are safe Rust, and without ASan the
#                   targets run about twice as fast; overflow checks and debug assertions are
#                   on either way)
#   FUZZ_LOG_DIR    where each target's libFuzzer log goes (default fuzz/artifacts/logs)
#   FUZZ_RSS_MB     libFuzzer's -rss_limit_mb (default 2048)
#   FUZZ_TIMEOUT    libFuzzer's -timeout, seconds per input (default 10)
#
# One libFuzzer process per target, one worker, so it takes one core: the machine is shared.
# Stable Rust only: cargo-fuzz's nightly flags are accepted through RUSTC_BOOTSTRAP=1.
# Crash inputs land in fuzz/artifacts/TARGET/; replay one with
#   fuzz/target/x86_64-unknown-linux-gnu/release/TARGET fuzz/artifacts/TARGET/crash-…
# and, once fixed, keep it in fuzz/regressions/TARGET/ (replayed by
# `cargo test --manifest-path fuzz/Cargo.toml`).
set -uo pipefail
cd "$(dirname "$0")/.."

SECS=${1:-60}
shift || true
ALL_TARGETS=(ingest_html ingest_page text_segment tag_parse tag_conllu jsonl_line pipeline petrarch store_query)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
SAN=${FUZZ_SANITIZER:-none}
LOGS=${FUZZ_LOG_DIR:-fuzz/artifacts/logs}
RSS=${FUZZ_RSS_MB:-2048}
TIMEOUT=${FUZZ_TIMEOUT:-10}

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz from crates.io" >&2
    cargo install cargo-fuzz --locked >&2 || exit 2
fi

echo "building fuzz targets (sanitizer: $SAN)" >&2
if [ $# -eq 0 ]; then
    RUSTC_BOOTSTRAP=1 cargo fuzz build -s "$SAN" >&2 || { echo "build failed" >&2; exit 2; }
else
    for t in "${TARGETS[@]}"; do
        RUSTC_BOOTSTRAP=1 cargo fuzz build -s "$SAN" "$t" >&2 || { echo "build failed" >&2; exit 2; }
    done
fi
BIN=fuzz/target/x86_64-unknown-linux-gnu/release
mkdir -p "$LOGS"

# Extra seeds for the dictionary loader from the public Phoenix dictionaries, when ../shared
# has them: 4 KB pieces with the kind byte the target expects (never committed).
PETR_EXTRA=""
if [ -d ../shared/data/petrarch/dictionaries ]; then
    PETR_EXTRA=$(mktemp -d)
    python3 - "$PETR_EXTRA" <<'EOF'
import os, sys
src = "../shared/data/petrarch/dictionaries"
out = sys.argv[1]
kinds = {"actors": 0, "agents": 1, "CAMEO": 2, "discards": 3}
for f in sorted(os.listdir(src)):
    k = next((v for n, v in kinds.items() if n in f), None)
    if k is None:
        continue
    data = open(os.path.join(src, f), "rb").read()
    for i in range(0, min(len(data), 64 * 1024), 4096):
        piece = data[i:i + 4096]
        cut = piece.rfind(b"\n")
        for hi in (0, 0x80):
            with open(os.path.join(out, f"{f}.{i}.{hi}"), "wb") as w:
                w.write(bytes([k | hi]) + piece[: cut + 1 if cut > 0 else len(piece)])
EOF
fi

# Longest input per target: large enough for real pages and dictionary excerpts, small
# enough for thousands of executions per second (the 100 MB, 100,000-deep and
# million-token cases are the malformed-input test's job).
max_len_of() {
    case $1 in
        ingest_html | ingest_page | petrarch | tag_conllu) echo 16384 ;;
        *) echo 8192 ;;
    esac
}

printf '%-14s %8s %12s %9s %8s %8s  %s\n' target seconds executions exec/s corpus crashes result
TOTAL_CRASHES=0
for t in "${TARGETS[@]}"; do
    corpus=fuzz/corpus/$t
    arts=fuzz/artifacts/$t
    mkdir -p "$corpus" "$arts"
    before=$(find "$arts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    extra=()
    [ -d "fuzz/seeds/$t" ] && extra+=("fuzz/seeds/$t")
    # Our example and test pages seed the page readers directly (not copied into fuzz/seeds).
    case "$t" in ingest_html|ingest_page|pipeline) extra+=(testdata/ingest examples) ;; esac
    [ "$t" = petrarch ] && [ -n "$PETR_EXTRA" ] && extra+=("$PETR_EXTRA")
    log=$LOGS/$t.$(date +%Y%m%d-%H%M%S).log
    start=$(date +%s)
    "$BIN/$t" "$corpus" "${extra[@]}" \
        -max_total_time="$SECS" -timeout="$TIMEOUT" -rss_limit_mb="$RSS" \
        -max_len="$(max_len_of "$t")" -print_final_stats=1 \
        -artifact_prefix="$arts/" >"$log" 2>&1
    rc=$?
    took=$(($(date +%s) - start))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    if [ -z "$execs" ]; then
        # A crash ends the run before the final stats: take the last status line.
        execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
        speed=$(grep -o 'exec/s: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    fi
    after=$(find "$arts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    new=$((after - before))
    TOTAL_CRASHES=$((TOTAL_CRASHES + new))
    result=ok
    [ $rc -ne 0 ] && result="FAILED (exit $rc, see $log)"
    printf '%-14s %8s %12s %9s %8s %8s  %s\n' "$t" "$took" "${execs:-0}" "${speed:-0}" \
        "$(find "$corpus" -type f | wc -l)" "$new" "$result"
done
[ -n "$PETR_EXTRA" ] && rm -rf "$PETR_EXTRA"
echo "new crash/timeout/oom inputs: $TOTAL_CRASHES (in fuzz/artifacts/TARGET/)"
[ "$TOTAL_CRASHES" -eq 0 ]
