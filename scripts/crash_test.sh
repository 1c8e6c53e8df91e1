#!/usr/bin/env bash
# Crash test for the event store (issue 6).
#
# Generates N pages (default 1200) from examples/ceasefire-talks.txt with variations (other
# countries, days, towns, view counters; some byte-identical copies, many near-reprints that
# must cluster into one event), ingests them once cleanly, then ingests them into a second
# database while SIGKILLing `dyad ingest` at random moments KILLS times (default 20), then runs
# it once more to completion. The two databases must hold exactly the same events and mentions:
# the GDELT export (all columns but DATEADDED, the wall-clock time of ingest) and the JSONL
# export (every event with every mention, its article and spans) are compared byte for byte.
#
#   scripts/crash_test.sh                 # uses target/release/dyad (cargo build --release)
#   DYAD=path/to/dyad N=1000 KILLS=30 SEED=7 scripts/crash_test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DYAD=${DYAD:-${CARGO_TARGET_DIR:-target}/release/dyad}
N=${N:-1200}
KILLS=${KILLS:-20}
SEED=${SEED:-$$}
BATCH=${BATCH:-16}
[ -x "$DYAD" ] || { echo "crash_test: no dyad binary at $DYAD (cargo build --release)" >&2; exit 2; }
RANDOM=$SEED
work=$(mktemp -d "${TMPDIR:-/tmp}/dyad-crash.XXXXXX")
trap 'rm -rf "$work"' EXIT
pages=$work/pages
mkdir -p "$pages"

# --- pages -------------------------------------------------------------------------------
countries=(Ethiopia Eritrea Kenya Sudan Somalia Uganda Egypt Nigeria Rwanda Tanzania)
towns=(Badme Zalambessa Tsorona Humera Bure)
src=examples/ceasefire-talks.txt
variants=$(( N / 4 ))
for ((i = 0; i < N; i++)); do
    v=$(( i % variants ))
    a=${countries[$(( v % 10 ))]}
    b=${countries[$(( (v / 10 + v + 1) % 10 ))]}
    [ "$a" = "$b" ] && b=Eritrea
    day=$(( v % 28 + 1 ))
    town=${towns[$(( v % 5 ))]}
    f=$pages/$(printf 'page-%05d.txt' "$i")
    if (( i % 50 == 49 )); then
        # A byte-identical copy of an earlier page: must add nothing.
        cp "$pages/$(printf 'page-%05d.txt' $(( i - 7 )))" "$f"
        continue
    fi
    sed -e "s/Ethiopia/@A@/g; s/Eritrea/@B@/g; s/@A@/$a/g; s/@B@/$b/g" \
        -e "s/Mar 11, 2024/Mar $day, 2024/" -e "s/Badme/$town/g" \
        -e "s/^12 views3 comments/$(( i * 7 % 1000 )) views$(( i % 9 )) comments/" \
        "$src" > "$f"
done
echo "crash_test: $N pages in $pages ($variants variants; seed $SEED)"

# --- one clean run -----------------------------------------------------------------------
clean=$work/clean.db
t0=$(date +%s.%N)
"$DYAD" ingest "$pages" --db "$clean" --date 2024-03-12 --batch "$BATCH" 2> "$work/clean.log"
t1=$(date +%s.%N)
clean_secs=$(echo "$t1 - $t0" | bc)
echo "crash_test: clean run ${clean_secs}s: $(grep -o '[0-9]* documents added.*' "$work/clean.log" | head -1)"

# --- killed runs -------------------------------------------------------------------------
crash=$work/crash.db
# Start-up (dictionaries, model) takes part of every run: measure it on one page, then
# kill each run at start-up + a random 0..(work)/KILLS ms, so the kills spread over about half
# the ingest and land mid-batch, mid-coding and mid-commit; the final run does the rest.
s0=$(date +%s.%N)
"$DYAD" ingest "$src" --db "$work/one.db" 2>/dev/null
s1=$(date +%s.%N)
start_ms=$(echo "($s1 - $s0) * 1000 / 1" | bc)
work_ms=$(echo "$clean_secs * 1000 / 1 - $start_ms" | bc)
(( work_ms < 200 )) && work_ms=200
max_ms=$(( work_ms / KILLS + 1 ))
echo "crash_test: start-up ${start_ms} ms, work ${work_ms} ms; kills at start-up + 0..${max_ms} ms"
interrupted=0
for ((k = 1; k <= KILLS; k++)); do
    "$DYAD" ingest "$pages" --db "$crash" --date 2024-03-12 --batch "$BATCH" 2> "$work/run-$k.log" &
    pid=$!
    ms=$(( start_ms + RANDOM % max_ms ))
    sleep "$(printf '%d.%03d' $(( ms / 1000 )) $(( ms % 1000 )))"
    if kill -9 "$pid" 2>/dev/null; then
        interrupted=$(( interrupted + 1 ))
        how="killed after ${ms} ms"
    else
        how="had finished before ${ms} ms"
    fi
    wait "$pid" 2>/dev/null || true
    stored=$("$DYAD" query --db "$crash" --agg day --format jsonl 2>/dev/null \
        | python3 -c 'import sys,json; print(sum(json.loads(l)["mentions"] for l in sys.stdin))' 2>/dev/null || echo '?')
    echo "crash_test: run $k $how; mentions stored so far: $stored"
done
"$DYAD" ingest "$pages" --db "$crash" --date 2024-03-12 --batch "$BATCH" 2> "$work/final.log"
echo "crash_test: final run: $(grep -o '[0-9]* documents added.*' "$work/final.log" | head -1)"

# --- compare -----------------------------------------------------------------------------
for db in clean crash; do
    "$DYAD" export --db "$work/$db.db" --format gdelt 2>/dev/null | cut -f1-59,61 > "$work/$db.gdelt"
    "$DYAD" export --db "$work/$db.db" --format jsonl 2>/dev/null > "$work/$db.jsonl"
done
events=$(wc -l < "$work/clean.gdelt")
mentions=$(python3 -c 'import sys,json; print(sum(len(json.loads(l)["mentions"]) for l in open(sys.argv[1])))' "$work/clean.jsonl")
multi=$(awk -F'\t' '$32 > 1' "$work/clean.gdelt" | wc -l)
echo "crash_test: clean: $events events, $mentions mentions, $multi events with more than one mention"
if cmp -s "$work/clean.gdelt" "$work/crash.gdelt" && cmp -s "$work/clean.jsonl" "$work/crash.jsonl" \
   && (( events > 0 )); then
    echo "crash_test: PASS: $interrupted of $KILLS runs killed mid-way; event tables identical"
else
    echo "crash_test: FAIL: event tables differ" >&2
    diff <(sort "$work/clean.gdelt") <(sort "$work/crash.gdelt") | head -20 >&2 || true
    trap - EXIT
    echo "crash_test: kept $work" >&2
    exit 1
fi
