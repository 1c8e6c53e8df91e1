#!/usr/bin/env bash
# The server, killed and restarted under load, loses no acknowledged write (issue 10, part 4).
#
#   scripts/serve_restart.sh [--kills 10] [--seed 1] [--writers 4] [--readers 4] [--events 20000]
#
# Makes a small synthetic store (examples/synth, kept in $CARGO_TARGET_DIR/load/) and works on
# a copy of it: starts `dyad serve` with a token, runs writer clients that POST distinct
# generated documents to /api/ingest (each until acknowledged; an answer lost to a kill means
# the document is sent again) and reader clients (examples/restart.rs), SIGKILLs the server
# --kills times at seeded random moments (0.3–3 s apart) and starts it again each time, then
# checks the store: every document that got a 2xx answer is there exactly once. Prints PASS or
# FAIL with the counts; the exit status is 1 on FAIL.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"
kills=10 seed=1 writers=4 readers=4 events=20000 port=18095
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --writers) writers="$2"; shift 2 ;;
    --readers) readers="$2"; shift 2 ;;
    --events) events="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$here"
# (Two commands: with --example, cargo builds only those examples, not the dyad binary.)
cargo build --release -q -p dyad-cli
cargo build --release -q -p dyad-serve --example synth --example restart
rel="$CARGO_TARGET_DIR/release"
base="$CARGO_TARGET_DIR/load/restart-base-$events.db"
mkdir -p "$CARGO_TARGET_DIR/load"
[ -f "$base" ] || "$rel/examples/synth" --db "$base" --events "$events" >/dev/null
work="$(mktemp -d)"
db="$work/events.db"
cp "$base" "$db"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/token"
log="$work/serve.log"
pid=""
start_server() {
  "$rel/dyad" serve --db "$db" --bind "127.0.0.1:$port" --token-file "$work/token" \
    --refresh 0.5 >>"$log" 2>&1 &
  pid=$!
}
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "${clients:-}" ] && kill "$clients" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ready() {
  for _ in $(seq 1 400); do
    curl -sf "http://127.0.0.1:$port/api/info" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
start_server
ready || { cat "$log" >&2; exit 1; }
# Seeded moments: bash's RANDOM repeats its sequence for a given seed.
RANDOM=$seed
gaps=()
total=0
for _ in $(seq 1 "$kills"); do
  g=$((300 + RANDOM % 2700))
  gaps+=("$g")
  total=$((total + g))
done
# The clients run through all kills and restarts, and a few seconds after the last one.
seconds=$(( (total / 1000) + kills * 3 + 5 ))
"$rel/examples/restart" run --addr "127.0.0.1:$port" --token-file "$work/token" \
  --out "$work/acked.tsv" --writers "$writers" --readers "$readers" --seconds "$seconds" \
  --seed "$seed" >"$work/run.txt" 2>"$work/run.err" &
clients=$!
t0=$(date +%s.%N)
restarts=0
for g in "${gaps[@]}"; do
  sleep "$(awk -v g="$g" 'BEGIN { printf "%.3f", g / 1000 }')"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  start_server
  ready || { echo "the server did not come back:" >&2; tail -5 "$log" >&2; exit 1; }
  restarts=$((restarts + 1))
done
wait "$clients"
clients=""
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
pid=""
cat "$work/run.txt"
t1=$(date +%s.%N)
verdict="$("$rel/examples/restart" check --db "$db" --acked "$work/acked.tsv")" && rc=0 || rc=$?
echo "$verdict"
printf 'serve_restart: %s kills (seed %s), %s restarts, %s writers + %s readers, %.0f s, load %s\n' \
  "$kills" "$seed" "$restarts" "$writers" "$readers" "$(echo "$t1 - $t0" | bc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
exit "$rc"
