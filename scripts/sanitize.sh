#!/usr/bin/env bash
# The sanitizer lane: builds the unit and simulator test lanes with LTE_SANITIZE=ON (GCC
# AddressSanitizer + UndefinedBehaviorSanitizer, see cmake/Warnings.cmake) in build-asan and
# runs CTest there. Fails on any failing test and on any sanitizer report, including one from a
# child process (lte-modem-sim, lte-dialer) whose exit status no test looks at: every report is
# written under $build/sanitizer-reports and printed here.
#   scripts/sanitize.sh [extra ctest arguments, e.g. -R test_at]
#   ASAN_BUILD_DIR    build directory (default build-asan); JOBS parallelism (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
# What this lane needs beyond the build (idempotent; quiet when all is there).
bash scripts/setup.sh --tests clang libclang-rt-14-dev >/dev/null
build=${ASAN_BUILD_DIR:-build-asan}
jobs=${JOBS:-2}

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLTE_SANITIZE=ON -DLTE_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$jobs"

reports="$PWD/$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
# log_path sends each process's report to its own file, so a child's report is not lost.
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"

status=0
ctest --test-dir "$build" --output-on-failure -j "$jobs" "$@" || status=$?

shopt -s nullglob
found=("$reports"/*)
if ((${#found[@]})); then
    echo "sanitize: ${#found[@]} sanitizer report(s):" >&2
    for f in "${found[@]}"; do
        echo "==== $f" >&2
        head -n 60 "$f" >&2
    done
    exit 1
fi
if ((status != 0)); then
    echo "sanitize: tests failed (exit $status)" >&2
    exit "$status"
fi
echo "sanitize: no sanitizer report"
