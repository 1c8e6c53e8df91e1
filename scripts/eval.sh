#!/usr/bin/env bash
# Builds the release binary, runs every evaluation suite in ../shared/eval (run_all.sh) and
# records the summary lines, with the date and commit, in docs/accuracy.md.
#
# Usage: scripts/eval.sh [--no-write]     (from the repo root; needs ../shared)
#   EVAL_OUT=DIR keeps inputs, outputs and full scorer reports in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${DYAD_SHARED:-../shared}"
if [ ! -x "$SHARED/eval/run_all.sh" ] && [ ! -f "$SHARED/eval/run_all.sh" ]; then
  echo "eval: $SHARED/eval/run_all.sh not found; nothing to measure" >&2
  exit 0
fi
cargo build --release --quiet
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "uncommitted")
dirty=$(git status --porcelain 2>/dev/null | grep -v '^??' | head -n 1 || true)
[ -n "$dirty" ] && commit="$commit+changes"
today=$(date -u +%Y-%m-%d)
lines=$(bash "$SHARED/eval/run_all.sh" ./target/release/dyad)
lines="$lines
plover_gsr: $(python3 scripts/score_plover.py --shared "$SHARED" | tail -n 1)"
echo "$lines"
if [ "${1:-}" = "--no-write" ]; then exit 0; fi
{
  echo "# dyad accuracy"
  echo
  echo "Written by \`scripts/eval.sh\` (\`../shared/eval/run_all.sh\` on the release build). Newest run first;"
  echo "every change that moves accuracy adds a run."
  echo
  echo "## $today, commit $commit"
  echo
  echo '```'
  echo "$lines"
  echo '```'
  echo
  if [ -f docs/accuracy.md ]; then
    sed -n '/^## /,$p' docs/accuracy.md
  fi
} > docs/accuracy.md.new
mv docs/accuracy.md.new docs/accuracy.md
echo "eval: wrote docs/accuracy.md" >&2
