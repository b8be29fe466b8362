#!/usr/bin/env bash
# The main job in one command: build lte-dialer and dial. With a SIMCom or Quectel modem on USB it
# dials the modem. With none it starts the bundled modem simulator (lte-modem-sim) and, where the
# kernel has PPP and we are root, a mobile network behind it: the daemon goes online (pppd, an
# address, DNS, a ping), survives a drop, and stops cleanly, all inside namespaces of its own
# (scripts/demo-online.sh). Without kernel PPP it says so and stops at CONNECT (--dial-only).
#   APN (default soracom.io), USER_NAME/PASSWORD (default none; the simulated network takes
#   sora/sora), MODEM=sim|real|auto (default auto), BUILD_DIR (default build),
#   SKIP_BUILD=1 (use BUILD_DIR's binaries as they are: the real-pppd lane's read-only guest).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
apn=${APN:-soracom.io}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # A first configure leaves the tests out: they need scripts/test.sh's packages, the demo does not.
  tests=()
  [ -f "$build/CMakeCache.txt" ] || tests=(-DLTE_BUILD_TESTS=OFF)
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${tests[@]}" >/dev/null
  cmake --build "$build" -j "$(nproc)" --target lte-dialer lte-modem-sim >/dev/null
fi

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

# Why the whole job cannot run here, or nothing when it can.
no_online_reason() {
  [ "$(id -u)" -eq 0 ] || { echo "it is not running as root (pppd and the namespaces need root)"; return; }
  [ -x /usr/sbin/pppd ] || { echo "pppd is not installed (scripts/setup.sh installs ppp)"; return; }
  [ -c /dev/ppp ] || modprobe -q ppp_async 2>/dev/null || true
  [ -c /dev/ppp ] || { echo "this kernel has no PPP (no /dev/ppp, and modprobe ppp_async failed)"; return; }
  local tool
  for tool in unshare dnsmasq socat ip ping getent; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/setup.sh installs it)"; return; }
  done
}
why=$(no_online_reason)
if [ -z "$why" ]; then
  exec unshare --net --mount --propagation private bash scripts/demo-online.sh "$build" "$apn"
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
echo "demo: $why, so the demo stops at CONNECT (--dial-only); as root on a kernel with PPP (a Pi, a laptop) it goes online."
echo
"$build/lte-dialer" connect --apn "$apn" "${creds[@]}" --profile sim7600 \
  --at-port "$dir/at" --data-port "$dir/data" --dial-only
