#!/usr/bin/env bash
# The main job in one command: build lte-dialer and dial. With no modem attached it starts the
# bundled modem simulator (lte-modem-sim) on pseudo-terminals and dials that; with a SIMCom or
# Quectel modem on USB it dials the modem.
#   APN (default soracom.io), USER/PASSWORD (default none) and MODEM=sim|real|auto (default auto).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
apn=${APN:-soracom.io}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target lte-dialer lte-modem-sim >/dev/null

modem=${MODEM:-auto}
if [ "$modem" = auto ]; then
  modem=sim
  for v in /sys/bus/usb/devices/*/idVendor; do
    case "$(cat "$v" 2>/dev/null)" in 1e0e|2c7c) modem=real ;; esac
  done
fi

creds=()
[ -n "${USER_NAME:-}" ] && creds+=(--user "$USER_NAME")
if [ -n "${PASSWORD:-}" ]; then export LTE_DIALER_PASSWORD=$PASSWORD; fi

if [ "$modem" = real ]; then
  echo "demo: a modem is attached: dialling it (Ctrl-C hangs up)"
  exec "$build/lte-dialer" connect --apn "$apn" "${creds[@]}" --profile auto
fi

dir=$(mktemp -d /tmp/lte-dialer-demo.XXXXXX)
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$build/lte-modem-sim" --at-link "$dir/at" --data-link "$dir/data" --attach-time 3 --boot-urcs \
  --latency 20 --fragment --urc-noise --transcript "$dir/transcript.log" >"$dir/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do grep -q READY "$dir/sim.out" 2>/dev/null && break; sleep 0.05; done
echo "demo: no modem attached: lte-modem-sim simulates a SIMCom SIM7600 ($(cat "$dir/sim.out"))"
echo "demo: it needs 3 s to register, answers in fragments and sprinkles URCs, like the real thing."
echo "demo: the simulator has no network behind its data port, so pppd is not started (--dial-only)."
echo
"$build/lte-dialer" connect --apn "$apn" "${creds[@]}" --profile sim7600 \
  --at-port "$dir/at" --data-port "$dir/data" --dial-only
