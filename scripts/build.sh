#!/usr/bin/env bash
# Configures and builds affinity into build/ (optimised, with debug info).
#   scripts/build.sh            everything: server, CLI, tests, benchmarks
#   scripts/build.sh affinity   only the named targets
set -euo pipefail
cd "$(dirname "$0")/.."
type="${BUILD_TYPE:-RelWithDebInfo}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
if [ $# -gt 0 ]; then
  cmake --build build --target "$@"
else
  cmake --build build
fi
