#!/usr/bin/env bash
# Installs dependencies, builds, creates the demo data directory on first run and serves it.
#   PORT (default 8080) and DATA (default ./data) may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh affinity
data="${DATA:-./data}"
[ -f "$data/affinity.db" ] || ./build/src/cli/affinity demo --data "$data"
exec ./build/src/cli/affinity serve --data "$data" --port "${PORT:-8080}" "$@"
