#!/usr/bin/env bash
# Installs dependencies, builds the server and the web console, creates the demo data directory on
# first run and serves it: the console at http://localhost:8080/, the API under /v1.
#   PORT (default 8080) and DATA (default ./data) may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh affinity
./scripts/build-web.sh
data="${DATA:-./data}"
[ -f "$data/affinity.db" ] || ./build/src/cli/affinity demo --data "$data"
exec ./build/src/cli/affinity serve --data "$data" --port "${PORT:-8080}" "$@"
