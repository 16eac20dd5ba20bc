#!/usr/bin/env bash
# Configures and builds affinity into build/ (Release with debug info by default).
set -euo pipefail
cd "$(dirname "$0")/.."
type="${BUILD_TYPE:-RelWithDebInfo}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
cmake --build build
