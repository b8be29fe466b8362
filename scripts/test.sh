#!/usr/bin/env bash
# Builds lte-dialer with its tests and runs every CTest lane (unit, simulator, fault matrix,
# replay, packaging hooks). Ends with CTest's summary. The heavier lanes have scripts of their
# own (.ci/run runs them): lint.sh, sanitize.sh, fuzz.sh, e2e-uml.sh, build-debs.sh, test-debs.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# What the tests need beyond the build (idempotent; quiet when all is there).
bash scripts/setup.sh --tests >/dev/null
build=${BUILD_DIR:-build}
jobs=$(nproc)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLTE_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
