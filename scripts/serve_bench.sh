#!/usr/bin/env bash
# Load run of `dyad serve` with the server's CPU time per request (issue 7).
#
#   scripts/serve_bench.sh [--bin DYAD] [--load LOAD] [--db FILE] [--clients N] [--seconds S]
#                          [--mix filtered] [--cache N] [--port P]
#
# Starts DYAD serve on FILE (read-only), waits until it answers, runs the load generator
# (crates/serve/examples/load.rs) against it and prints one summary line with requests/s,
# p50/p90/p99, errors, the server's CPU time (user + system, from /proc) per request, and the
# load average before and after. Defaults: the release binaries of $CARGO_TARGET_DIR (or
# target/), the 1M-event store of docs/serve.md, 50 clients, 60 s, the filtered mix, cache on.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$here/target}"
bin="$target/release/dyad"
load="$target/release/examples/load"
db="$target/load/events-1m.db"
clients=50 seconds=60 mix=filtered cache=4096 port=18093
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --load) load="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --mix) mix="$2"; shift 2 ;;
    --cache) cache="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$db" ] || { echo "no store at $db (build it with examples/synth, docs/serve.md)" >&2; exit 2; }
log="$(mktemp)"
"$bin" serve --db "$db" --bind "127.0.0.1:$port" --cache "$cache" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/api/info" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
# utime + stime of the server, in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
uticks() { awk '{print $14}' "/proc/$pid/stat"; }
tck="$(getconf CLK_TCK)"
la0="$(cut -d' ' -f1 /proc/loadavg)"
t0="$(ticks)"
u0="$(uticks)"
out="$("$load" --addr "127.0.0.1:$port" --clients "$clients" --seconds "$seconds" --mix "$mix" 2>&1)" || true
t1="$(ticks)"
u1="$(uticks)"
la1="$(cut -d' ' -f1 /proc/loadavg)"
echo "$out"
all="$(echo "$out" | grep '^| \*\*all\*\*')"
n="$(echo "$all" | awk -F'|' '{gsub(/ /,"",$3); print $3}')"
summary="$(echo "$out" | grep 'requests/s')"
echo "$all" | awk -F'|' -v n="$n" -v dt="$((t1 - t0))" -v du="$((u1 - u0))" -v tck="$tck" -v la0="$la0" -v la1="$la1" \
  -v bin="$bin" -v mix="$mix" -v c="$clients" -v cache="$cache" -v s="$summary" '{
    gsub(/ /, "", $4); gsub(/ /, "", $5); gsub(/ /, "", $6);
    cpu = (n > 0) ? dt * 1000.0 / tck / n : 0;
    printf "SUMMARY bin=%s mix=%s clients=%d cache=%s | %s | p50 %s p90 %s p99 %s ms | server CPU %.3f ms/request (%d ticks, %d user) | load %s -> %s\n",
      bin, mix, c, cache, s, $4, $5, $6, cpu, dt, du, la0, la1 }'
