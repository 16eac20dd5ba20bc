#!/usr/bin/env bash
# Builds every libFuzzer target and runs each for SECONDS (CI: a short run per target):
#   scripts/fuzz-smoke.sh SECONDS
# One summary line per target (executions, rate, corpus size, crash or not; see scripts/fuzz.sh);
# exits non-zero when any target crashed, leaked or timed out. Needs the Debian packages clang and
# libclang-rt-14-dev (scripts/install-deps.sh installs them); installs nothing itself.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:?usage: scripts/fuzz-smoke.sh SECONDS}"
dir="${FUZZ_BUILD_DIR:-build-fuzz}"
targets=()
for f in fuzz/*_fuzzer.cpp; do
  name="$(basename "$f" .cpp)"
  targets+=("${name%_fuzzer}")
done

BUILD_DIR="$dir" \
  CMAKE_ARGS="-DAFFINITY_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DAFFINITY_BUILD_BENCH=OFF -DAFFINITY_BUILD_TESTS=OFF" \
  scripts/build.sh fuzzers >/dev/null

failed=()
for t in "${targets[@]}"; do
  FUZZ_NO_BUILD=1 FUZZ_BUILD_DIR="$dir" scripts/fuzz.sh "$t" "$seconds" || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-smoke: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}"
  exit 1
fi
echo "fuzz-smoke: all ${#targets[@]} targets ran ${seconds} s each without a crash"
