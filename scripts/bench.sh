#!/usr/bin/env bash
# Builds lte-bench with lte-dialer and lte-modem-sim (Release) and runs it: lte-dialer vs pppd's
# chat vs wvdial against the simulated modem, one run, figures and PASS/MISS printed.
# Arguments go to lte-bench (e.g. --rounds 20 for finer figures; --help lists them).
# A default run takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
# What this lane needs beyond the build (idempotent; quiet when all is there).
bash scripts/setup.sh wvdial >/dev/null
build=${BUILD_DIR:-build-bench}
# -Wno-restrict: GCC 12 at -O3 reports a false -Wrestrict inside std::string (GCC bug 105329).
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DLTE_BUILD_TESTS=OFF -DLTE_BUILD_BENCH=ON \
      -DCMAKE_CXX_FLAGS=-Wno-restrict >/dev/null
cmake --build "$build" -j "${JOBS:-2}" --target lte-bench lte-dialer lte-modem-sim
exec "$build/bench/lte-bench" "$@"
