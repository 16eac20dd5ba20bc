#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test. The stages, each in a build directory of its
# own so that each builds only what it needs (ccache keeps the compiles outside the checkout):
#   1. the whole suite (unit, data-driven rules, end to end over real sockets)   build/
#   2. the whole suite again under AddressSanitizer + UBSan                      build-asan/
#   3. the concurrency tests under ThreadSanitizer                               build-tsan/
#   4. every libFuzzer target for FUZZ_SECONDS (default 20) from its seeds       build-fuzz/
#   5. the console: typecheck, lint, build, browser tests in headless chromium   build/ + web/dist
#      against the real server (screenshots in build/console-screenshots/)
# Every stage runs even when an earlier one failed; the exit code is non-zero if any failed.
# STAGES="suite asan" runs only those.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || exit 1
stages="${STAGES:-suite console asan tsan fuzz}"
failed=()
summary=()

stage() {
  local name=$1 start=$SECONDS rc=0
  shift
  echo "=== stage ${name}"
  "$@" || rc=$?
  summary+=("$(printf '%-6s %5d s  %s' "$name" $((SECONDS - start)) \
    "$([ "$rc" = 0 ] && echo passed || echo FAILED)")")
  [ "$rc" = 0 ] || failed+=("$name")
}

suite() {
  ./scripts/build.sh &&
    ctest --test-dir build --output-on-failure -j "$(nproc)" --timeout 300
}

for s in $stages; do
  case "$s" in
    suite) stage suite suite ;;
    asan) stage asan ./scripts/sanitize.sh asan ;;
    tsan) stage tsan ./scripts/sanitize.sh tsan ;;
    fuzz) stage fuzz ./scripts/fuzz-smoke.sh "${FUZZ_SECONDS:-20}" ;;
    console) stage console ./scripts/test-console.sh ;;
    *) echo "unknown stage '$s' (suite, console, asan, tsan, fuzz)"; exit 2 ;;
  esac
done

echo "=== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED stages: ${failed[*]}"
  exit 1
fi
