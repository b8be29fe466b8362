#!/usr/bin/env bash
# Builds lte-soak with lte-dialer and lte-modem-sim and runs it: CYCLES connect -> online -> drop
# -> redial cycles of the daemon against the simulator, with VmRSS / Private_Dirty / fd samples
# and a FLAT or GROWING verdict (exit 0 / 1). Default 1000 cycles; a short run (e.g. 50) for CI.
# Further arguments go to lte-soak (--every N, --warmup N, --margin-kb K, --margin-pct P).
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-1000}
shift || true
build=${BUILD_DIR:-build-soak}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLTE_BUILD_TESTS=ON -DLTE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "${JOBS:-2}" --target lte-soak lte-dialer lte-modem-sim
exec "$build/tests/lte-soak" "$cycles" "$@"
