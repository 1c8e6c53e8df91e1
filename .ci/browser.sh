#!/usr/bin/env bash
# Browser end-to-end test of `dyad serve` (docs/serve.md): installs Debian's Chromium when
# missing, vendors the page's libraries with `npm ci` in web/ (playwright-core drives the
# system Chromium; no browser is downloaded), builds the release binary with the libraries
# embedded, and runs web/test/e2e.mjs. Screenshots: $CARGO_TARGET_DIR/browser-artifacts/
# (target/browser-artifacts/ by default). Exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
if [ ! -x /usr/bin/chromium ]; then
  echo "browser.sh: installing Debian's chromium"
  $SUDO apt-get install -y chromium || { $SUDO apt-get update && $SUDO apt-get install -y chromium; }
fi

(cd web && npm ci --no-audit --no-fund)

TARGET="${CARGO_TARGET_DIR:-target}"
DYAD_WEB_REQUIRE_VENDOR=1 cargo build --release -p dyad-cli
node web/test/e2e.mjs --bin "$TARGET/release/dyad" --artifacts "$TARGET/browser-artifacts"
