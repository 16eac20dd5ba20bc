#!/usr/bin/env bash
# Builds one libFuzzer target (into build-fuzz/, with clang, ASan and UBSan) and runs it:
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#   scripts/fuzz.sh condition 600
# TARGET is a file stem of fuzz/<TARGET>_fuzzer.cpp: condition csv product_import order_import
# intake_adapter json_fields http. The corpus lives in build-fuzz/corpus/TARGET (kept between runs,
# seeded each run by fuzz/seeds.sh); crash inputs are written to build-fuzz/artifacts/TARGET/ and
# the committed regression inputs of fuzz/regressions/TARGET are run first. Prints one line:
#   condition: 1234567 executions in 600 s (2057/s), corpus 1830 inputs, no crash
# and, on a crash, the libFuzzer report and the file to reproduce it with
# (build-fuzz/fuzz/TARGET_fuzzer FILE). Exits non-zero on a crash, a leak or a timeout.
# FUZZ_NO_BUILD=1 skips the build (scripts/fuzz-smoke.sh builds every target once first).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]" >&2
  exit 2
fi
target="$1"
seconds="$2"
shift 2
dir="${FUZZ_BUILD_DIR:-build-fuzz}"
if [ ! -f "fuzz/${target}_fuzzer.cpp" ]; then
  echo "scripts/fuzz.sh: no target '$target' (fuzz/${target}_fuzzer.cpp)" >&2
  exit 2
fi

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  BUILD_DIR="$dir" \
    CMAKE_ARGS="-DAFFINITY_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DAFFINITY_BUILD_BENCH=OFF -DAFFINITY_BUILD_TESTS=OFF" \
    scripts/build.sh "${target}_fuzzer" >/dev/null
fi

corpus="$dir/corpus/$target"
artifacts="$dir/artifacts/$target"
log="$dir/logs/$target.log"
mkdir -p "$corpus" "$artifacts" "$(dirname "$log")" "fuzz/regressions/$target"
fuzz/seeds.sh "$target" "$corpus"

flags=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -print_final_stats=1
       -artifact_prefix="$artifacts/")
case "$target" in
  condition) flags+=(-dict=fuzz/dict/condition.dict -max_len=8192) ;;
  http) flags+=(-dict=fuzz/dict/http.dict -max_len=65536) ;;
  csv) flags+=(-max_len=65536) ;;
  *) flags+=(-dict=fuzz/dict/json.dict -max_len=65536) ;;
esac

status=0
started=$SECONDS
# The regression inputs are a second, read-only corpus: each is run before fuzzing starts.
"$dir/fuzz/${target}_fuzzer" "${flags[@]}" "$@" "$corpus" "fuzz/regressions/$target" \
  >"$log" 2>&1 || status=$?

elapsed=$((SECONDS - started))
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
execs="$(stat number_of_executed_units)"
rate="$(stat average_exec_per_sec)"
inputs="$(find "$corpus" -type f | wc -l)"
if [ "$status" -eq 0 ]; then
  outcome="no crash"
else
  artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)"
  kind="$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)[^(]*' "$log" ||
          grep -m1 -oE 'runtime error: .*' "$log" || echo "exit $status")"
  outcome="FAILED: $kind${artifact:+; reproduce: $dir/fuzz/${target}_fuzzer $artifact}"
fi
echo "$target: ${execs:-0} executions in $elapsed s (${rate:-0}/s), corpus $inputs inputs, $outcome"
if [ "$status" -ne 0 ]; then
  echo "--- $log (last 60 lines)"
  tail -60 "$log"
fi
exit "$status"
