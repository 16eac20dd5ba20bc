#!/usr/bin/env bash
# Configures and builds affinity (optimised, with debug info).
#   scripts/build.sh            everything: server, CLI, tests, benchmarks, into build/
#   scripts/build.sh affinity   only the named targets
# BUILD_DIR (default build) and BUILD_TYPE (default RelWithDebInfo) may be set; extra CMake
# options go in CMAKE_ARGS. ccache, when installed, caches compiles outside the checkout
# (~/.cache/ccache), relocatably, so a fresh clone in another folder hits the same cache.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BUILD_DIR:-build}"
type="${BUILD_TYPE:-RelWithDebInfo}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
# shellcheck disable=SC2086
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" ${CMAKE_ARGS:-} >/dev/null
if [ $# -gt 0 ]; then
  cmake --build "$dir" --target "$@"
else
  cmake --build "$dir"
fi
