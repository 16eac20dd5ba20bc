#!/usr/bin/env bash
# Builds affinity with sanitizers, in a build directory of its own, and runs the tests there.
#   scripts/sanitize.sh asan   ASan + UBSan in build-asan/: the whole suite (unit, rules, e2e; the
#                              e2e tests spawn the sanitized server built in the same directory)
#   scripts/sanitize.sh tsan   TSan in build-tsan/: the tests labelled `concurrency` only
#   scripts/sanitize.sh all    both, one after the other
# Any sanitizer report fails: the runtimes halt on the first error and exit non-zero. ASan and TSan
# reports go to files under <build dir>/sanitizer-logs/ (the server's included, which its test only
# sees as a dead server), printed and counted as a failure at the end; UBSan's go to standard error
# (GCC's UBSan ignores log_path next to ASan): the test output, or the server log its test prints.
# JOBS (default 2) sets the build and test parallelism; extra ctest arguments go in CTEST_ARGS
# (e.g. CTEST_ARGS="-R e2e.Lifecycle").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs="${JOBS:-2}"

# Prints "<stage>: <seconds> s" after running the command, keeping its exit status.
timed() {
  local stage=$1 start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  echo "== ${stage}: $((SECONDS - start)) s (exit ${rc})"
  return "$rc"
}

# Fails (after printing them) if any sanitizer wrote a report under $1.
check_logs() {
  local logs=$1 found=0 f
  for f in "$logs"/*; do
    [ -e "$f" ] || continue
    found=1
    echo "---- sanitizer report $f"
    cat "$f"
  done
  if [ "$found" = 1 ]; then
    echo "== sanitizer reports found in $logs"
    return 1
  fi
}

# Debug (assertions on) at -O1 with line tables only: sanitizers at -O2 -g compile several times
# slower with GCC (UBSan most of all) and -O1 keeps the run time near -O2's; -g1 is enough for
# symbolized stack traces. No spaces inside these values: build.sh splits CMAKE_ARGS on them.
flags="-DCMAKE_CXX_FLAGS=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-O1 -DAFFINITY_BUILD_BENCH=OFF"

run_asan() {
  local dir=build-asan rc=0
  # float-cast-overflow: GCC's "undefined" leaves out a double cast beyond its integer type.
  timed "asan build" env BUILD_DIR="$dir" BUILD_TYPE=Debug \
    CMAKE_ARGS="-DAFFINITY_SANITIZE=address,undefined,float-cast-overflow $flags" \
    CMAKE_BUILD_PARALLEL_LEVEL="$jobs" scripts/build.sh
  local logs="$root/$dir/sanitizer-logs"
  rm -rf "$logs" && mkdir -p "$logs"
  # detect_leaks: LeakSanitizer runs here (it needs ptrace-like access to the process, which the
  # sandbox allows); every test process and every server that exits normally is checked for leaks.
  # strict_init_order/check_initialization_order: static initialisation order bugs. Not
  # detect_stack_use_after_return: its fake stacks made the rule property tests 5x slower (> 4 min).
  local asan="halt_on_error=1:abort_on_error=0:detect_leaks=1"
  asan+=":check_initialization_order=1:strict_init_order=1:print_summary=1:log_path=$logs/asan"
  # --timeout is for the tests without a TIMEOUT of their own (unit, rules: the rule property tests
  # take 1-2 min here); the e2e tests keep their 60 s, 3x what the slowest takes under ASan.
  # shellcheck disable=SC2086  # CTEST_ARGS holds several arguments
  timed "asan tests" env ASAN_OPTIONS="$asan" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 240 ${CTEST_ARGS:-} || rc=1
  check_logs "$logs" || rc=1
  return "$rc"
}

run_tsan() {
  local dir=build-tsan rc=0
  # Only what the `concurrency` tests need: their executables and the server they spawn
  # (tests/CMakeLists.txt: affinity_label_test).
  timed "tsan build" env BUILD_DIR="$dir" BUILD_TYPE=Debug \
    CMAKE_ARGS="-DAFFINITY_SANITIZE=thread $flags" \
    CMAKE_BUILD_PARALLEL_LEVEL="$jobs" scripts/build.sh concurrency_tests
  local logs="$root/$dir/sanitizer-logs"
  rm -rf "$logs" && mkdir -p "$logs"
  local tsan="halt_on_error=1:second_deadlock_stack=1:history_size=4:log_path=$logs/tsan"
  tsan+=":suppressions=$root/scripts/tsan.supp"
  # TSan needs a fixed layout of the address space; kernels with many bits of mmap randomisation
  # (vm.mmap_rnd_bits > 28) make it fail with "unexpected memory mapping". Running without
  # address randomisation avoids that wherever it occurs.
  # (Not needed on this machine's kernel, with vm.mmap_rnd_bits = 28; harmless where it is not.)
  local norand=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then norand=(setarch "$(uname -m)" -R); fi
  # The rule property tests (engine_test) run one thread but take 4 min under TSan; the ASan stage
  # runs them, and MaterializerTest covers the materialiser's threads here.
  local slow="RuleMaterialisationPropertyTest|RuleRuntimeTest.IncrementalProductChangesEqualAFull"
  # shellcheck disable=SC2086  # CTEST_ARGS holds several arguments
  timed "tsan tests" env TSAN_OPTIONS="$tsan" \
    "${norand[@]}" ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300 \
    -L concurrency -E "$slow" ${CTEST_ARGS:-} || rc=1
  check_logs "$logs" || rc=1
  return "$rc"
}

case "${1:-}" in
  asan) run_asan ;;
  tsan) run_tsan ;;
  all)
    rc=0
    run_asan || rc=1
    run_tsan || rc=1
    exit "$rc"
    ;;
  *)
    echo "usage: $0 asan|tsan|all" >&2
    exit 2
    ;;
esac
