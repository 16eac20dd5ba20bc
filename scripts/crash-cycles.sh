#!/usr/bin/env bash
# Kills the real server with SIGKILL at random moments during a bulk product import, rule
# materialisation, a mining job and order intake, CYCLES times each (default 20), and checks after
# every restart that everything acknowledged is there exactly once and nothing is half applied
# (tests/e2e/crash_cycles.hpp). Prints per scenario: cycles, kills before / after the
# acknowledgement, items acknowledged and found, duplicates, missing, half applied (all three must
# be 0) and wall time. Exits non-zero on any violation.
#   scripts/crash-cycles.sh [CYCLES]     SEED=n to repeat a run's kill schedule (it prints its seed);
#                                        SCENARIO=import|rules|mining|intake for one scenario
# Builds only what it needs (crash_cycles and affinity) in BUILD_DIR (default build), with at most
# CMAKE_BUILD_PARALLEL_LEVEL (default 2) compiles at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles="${1:-20}"
dir="${BUILD_DIR:-build}"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
./scripts/build.sh crash_cycles affinity
args=("${SCENARIO:-all}" "$cycles")
[ -n "${SEED:-}" ] && args+=("$SEED")
exec "$dir/tests/e2e/crash_cycles" "${args[@]}" --gtest_brief=1
