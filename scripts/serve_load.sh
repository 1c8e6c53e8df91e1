#!/usr/bin/env bash
# The server under load on loopback (issue 10, part 5): 200 concurrent clients x 60 s of mixed
# queries with writes -> 0 errors; meanwhile an oversize body gets 413 and a write without
# the token or with a wrong one 401.
#
#   scripts/serve_load.sh [--db FILE] [--clients 200] [--seconds 60] [--keep]
#
# Works on a copy of the store (default: the 1M-event store of docs/serve.md,
# $CARGO_TARGET_DIR/load/events-1m.db, made by examples/synth) because the mix writes: it
# starts `dyad serve` on the copy with a token and a 1 MiB body limit, runs the load
# generator (crates/serve/examples/load.rs, `--mix mixed`: filtered, text, paging, article,
# event, facets, unfiltered and ingest requests), and while it runs sends the three refused
# requests. Prints the load generator's table and one summary line starting with PASS or FAIL;
# the exit status is 1 on FAIL. --keep keeps the copy (the default deletes it).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"
db="$CARGO_TARGET_DIR/load/events-1m.db"
clients=200 seconds=60 keep=0 port=18094
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f "$db" ] || { echo "no store at $db: build it with examples/synth (docs/serve.md)" >&2; exit 2; }
cd "$here"
# (Two commands: with --example, cargo builds only that example, not the dyad binary.)
cargo build --release -q -p dyad-cli
cargo build --release -q -p dyad-serve --example load
rel="$CARGO_TARGET_DIR/release"
mkdir -p "$CARGO_TARGET_DIR/load"
work="$(mktemp -d "$CARGO_TARGET_DIR/load/serve-load.XXXXXX")"
cp "$db" "$work/events.db"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/token"
# A 64 KiB file descriptor limit is plenty; 200 clients need 200 sockets.
ulimit -n 4096 2>/dev/null || true
"$rel/dyad" serve --db "$work/events.db" --bind "127.0.0.1:$port" --token-file "$work/token" \
  --max-body 1048576 >"$work/serve.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ "$keep" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 1200); do
  curl -sf "http://127.0.0.1:$port/api/info" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done
la0="$(cut -d' ' -f1 /proc/loadavg)"
"$rel/examples/load" --addr "127.0.0.1:$port" --clients "$clients" --seconds "$seconds" \
  --mix mixed --token-file "$work/token" >"$work/load.txt" 2>"$work/load.err" &
load=$!
# Under load (a third of the way in): the refused requests.
sleep "$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s / 3 }')"
url="http://127.0.0.1:$port/api/ingest"
doc='{"id": "refused", "text": "Russia criticized Ukraine on Monday."}'
head -c 2000000 /dev/zero | tr '\0' 'a' | sed 's/^/{"id": "big", "text": "/; s/$/"}/' >"$work/big.json"
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$@"; }
big="$(code -H "Authorization: Bearer $(cat "$work/token")" -H 'Content-Type: application/json' \
  --data-binary "@$work/big.json" "$url")"
none="$(code -H 'Content-Type: application/json' --data "$doc" "$url")"
wrong="$(code -H 'Authorization: Bearer not-the-token-at-all' -H 'Content-Type: application/json' \
  --data "$doc" "$url")"
rc=0
wait "$load" || rc=$?
la1="$(cut -d' ' -f1 /proc/loadavg)"
cat "$work/load.txt"
line="$(grep 'requests/s' "$work/load.txt" || echo 'no result')"
verdict=PASS
{ [ "$rc" = 0 ] && [ "$big" = 413 ] && [ "$none" = 401 ] && [ "$wrong" = 401 ]; } || verdict=FAIL
echo "$verdict serve_load: $clients clients x ${seconds} s mixed: $line; oversize body $big (413 expected), no token $none, wrong token $wrong (401 expected); load average $la0 -> $la1"
[ "$verdict" = PASS ]
