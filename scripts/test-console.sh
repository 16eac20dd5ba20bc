#!/usr/bin/env bash
# The console's tests: TypeScript check, lint and build of web/, its unit tests, then the browser tests
# (web/e2e, node --test) driving Debian's headless chromium against the real server, each test
# on a fresh demo data directory. Screenshots of every page go to build/console-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --browser
./scripts/build.sh affinity
./scripts/build-web.sh --check
export AFFINITY_BIN="$PWD/build/src/cli/affinity"
export SCREENSHOT_DIR="$PWD/build/console-screenshots"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
rm -rf "$SCREENSHOT_DIR"
mkdir -p "$SCREENSHOT_DIR"
cd web
npm run --silent test:unit
npm run --silent test:browser
