#!/usr/bin/env bash
# Issue 10, bounded CI mode: the generated hostile corpus (1,000+ small documents by path and
# as JSONL lines, plus the large cases: a 100 MB page, 100,000-deep nesting, a million-token
# sentence, 10,000 quotes…) through a release `dyad code`. Every input must give one record
# or error record, nothing may panic, peak RSS must stay at or under 1 GiB.
# Takes under 3 minutes on 2 cores once built (docs/reliability.md has the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release -p dyad-cli --test malformed --no-run
start=$(date +%s)
cargo test --release -p dyad-cli --test malformed -- --include-ignored --skip rss_soak --nocapture
echo "malformed-input run: $(($(date +%s) - start)) s (after the build)"
