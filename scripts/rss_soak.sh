#!/usr/bin/env bash
# Issue 10: memory stays flat. Streams generated news pages (html, scraped page and text, by
# turns) as JSONL into one release `dyad code --jsonl -` and reads its RSS after 1,000,
# 2,000, 5,000 and every tenth of the run; fails if RSS after the last page is more than 5 %
# above RSS after 1,000.
#
#   scripts/rss_soak.sh [PAGES]        (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
export DYAD_SOAK_PAGES=${1:-100000}
cargo test --release -p dyad-cli --test malformed --no-run
echo "load before: $(uptime)"
cargo test --release -p dyad-cli --test malformed -- --ignored --exact rss_soak --nocapture
echo "load after: $(uptime)"
