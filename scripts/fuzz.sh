#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) in build-fuzz with clang and runs each for
# SECONDS_PER_TARGET (default 20), one after the other. Fails on any crash, sanitizer report,
# leak or slow input; prints per-target execs and coverage (cov:/ft: of libFuzzer's final line).
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
#   FUZZ_RUNS=N       also stop a target after N executions (whichever comes first)
#   FUZZ_TARGETS="a b" run only these targets (default: all of tests/fuzz)
#   FUZZ_FORK=N       libFuzzer's -fork=N: N worker processes on one corpus, execs counted together
#                     (a long run on all cores; workers are restarted, so none slows with age)
#   FUZZ_BUILD_DIR    build directory (default build-fuzz)
# New corpus entries go to $FUZZ_BUILD_DIR/corpus/<target>; the seeds in tests/fuzz/corpus
# are only read, so a run leaves the source tree as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
# What this lane needs beyond the build (idempotent; quiet when all is there).
bash scripts/setup.sh clang libclang-rt-14-dev >/dev/null
seconds=${1:-20}
build=${FUZZ_BUILD_DIR:-build-fuzz}

# The layers the targets link get coverage and sanitizers too; tests/fuzz adds -fsanitize=fuzzer.
# Boost 1.74 looks for clang's coroutines only in libc++'s <experimental/coroutine>; clang 14
# with libstdc++'s <coroutine> works, so say so (the sequence engine is written with awaitables).
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
flags+=" -DBOOST_ASIO_HAS_CO_AWAIT=1 -DBOOST_ASIO_HAS_STD_COROUTINE=1"
# clang 14's -fsanitize=function cannot emit coroutine frames ("Cannot represent a difference
# across sections"); it only checks calls through mistyped function pointers, so leave it out.
flags+=" -fno-sanitize=function"
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DLTE_FUZZ=ON -DLTE_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS="$flags" >/dev/null
# tests/fuzz/CMakeLists.txt lists the targets that exist in this tree.
read -r -a targets <<<"${FUZZ_TARGETS:-$(cat "$build/fuzz-targets.txt")}"
cmake --build "$build" -j "${JOBS:-2}" --target "${targets[@]}"

mkdir -p "$build/fuzz-logs" "$build/artifacts"
failed=()
rows=()
for t in "${targets[@]}"; do
    work="$build/corpus/$t"
    mkdir -p "$work"
    seeds=()
    [[ -d tests/fuzz/corpus/$t ]] && seeds=("tests/fuzz/corpus/$t")
    case $t in
        fuzz_line_framer | fuzz_at_channel | fuzz_parse | fuzz_control_request) dict=(-dict=tests/fuzz/dict/at.dict) ;;
        fuzz_cmux_frame) dict=(-dict=tests/fuzz/dict/cmux.dict) ;;
        *) dict=(-dict=tests/fuzz/dict/yaml.dict) ;;
    esac
    log="$build/fuzz-logs/$t.log"
    echo "== $t: ${seconds}s${FUZZ_RUNS:+ or $FUZZ_RUNS runs}" >&2
    status=0
    "$build/tests/fuzz/$t" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} ${FUZZ_FORK:+-fork="$FUZZ_FORK"} \
        -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$t-" "${dict[@]}" "$work" "${seeds[@]}" >"$log" 2>&1 || status=$?
    # The last status line carries the totals: "#N DONE cov: C ft: F ... exec/s: R", or with
    # FUZZ_FORK "#N: cov: C ft: F corp: K exec/s R ...".
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    rate=$(sed -nE 's/.* exec\/s:? ([0-9]+).*/\1/p' <<<"$last")
    verdict=ok
    if ((status != 0)); then
        verdict="FAILED (exit $status)"
        failed+=("$t")
        echo "---- $t failed; log: $log" >&2
        grep -E 'ERROR|runtime error|SUMMARY|Test unit written|artifact' "$log" | head -n 20 >&2 || true
    fi
    rows+=("$(printf '%-22s %12s %8s %8s %8s  %s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${rate:-?}" "$verdict")")
done

printf '%-22s %12s %8s %8s %8s  %s\n' target execs cov ft exec/s result
printf '%s\n' "${rows[@]}"
if ((${#failed[@]})); then
    echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]} (reproduce: $build/tests/fuzz/<target> <artifact>)" >&2
    exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${seconds}s without a crash"
