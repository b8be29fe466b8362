#!/usr/bin/env bash
# The code as .clang-format and .clang-tidy want it. Fails on the first file clang-format would change
# (fix: clang-format -i FILE), on any shellcheck warning in a shell script, and on any clang-tidy
# finding in src/ (each printed with its check name).
#   scripts/lint.sh            all three
#   scripts/lint.sh format     clang-format and shellcheck only (seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
# What this lane needs beyond the build (idempotent; quiet when all is there).
bash scripts/setup.sh --tests clang-format clang-tidy shellcheck >/dev/null
what=${1:-all}
build=${LINT_BUILD_DIR:-build-lint}

mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' '*.h')
echo "lint: clang-format on ${#sources[@]} files"
clang-format --dry-run --Werror "${sources[@]}"
# Every tracked shell script, by its first line: the maintainer scripts and the ppp hook have no .sh.
mapfile -t scripts < <(git ls-files | while read -r f; do
    [ -f "$f" ] && head -c 64 "$f" | head -n1 | grep -qE '^#!.*\b(ba|da)?sh\b' && echo "$f"
done)
echo "lint: shellcheck on ${#scripts[@]} scripts"
shellcheck -S warning "${scripts[@]}"
[ "$what" = format ] && exit 0

# clang-tidy reads the compile commands; GCC-only warning flags mean nothing to it.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
mapfile -t units < <(git ls-files 'src/*.cpp')
echo "lint: clang-tidy on ${#units[@]} files of src/"
# Boost 1.74 finds clang's coroutines only in libc++; libstdc++'s <coroutine> works (scripts/fuzz.sh).
# .clang-tidy makes every finding an error, so clang-tidy (and run-clang-tidy after it) fails on one.
status=0
run-clang-tidy -quiet -p "$build" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option \
    -extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1 -extra-arg=-DBOOST_ASIO_HAS_STD_COROUTINE=1 \
    "${units[@]}" >"$build/clang-tidy.log" 2>&1 || status=$?
if ((status != 0)) || grep -qE 'warning:|error:' "$build/clang-tidy.log"; then
    sed 's/\x1b\[[0-9;]*m//g' "$build/clang-tidy.log" | grep -E 'warning:|error:' | sort -u | head -n 60
    echo "lint: clang-tidy found problems (exit $status; full log: $build/clang-tidy.log)" >&2
    exit 1
fi
echo "lint: clean"
