#!/usr/bin/env bash
# Runs `lte-dialer run` for SECONDS (default 180) against hostile modems and fails if its memory
# grows: lte-modem-sim alternates, every PHASE_SECONDS (default 30), between
#   endless   a reply of 4000-byte lines that never ends (--fault endless=AT+CSQ) and a line that
#             never ends (--fault endless-line=AT+CGMR), both asked through `lte-dialer at` in a loop
#             (and AT+CSQ by the daemon's own signal poll), and
#   garbage   random bytes on the AT port forever (--fault garbage-stream).
# The daemon stays up throughout (the modem "vanishes" and comes back between phases). VmRSS (from
# /proc/PID/status) is sampled every SAMPLE_SECONDS (default 5); the baseline is the highest sample
# of the first full endless+garbage round, and any later sample over baseline + RSS_BOUND_KB
# (default 8192) fails the run (exit 1). So does a run in which the daemon never reported an
# overflow (the faults did not strike) or did not stop on SIGTERM.
# LTE_DIALER / LTE_MODEM_SIM: binaries to use (CTest passes them); otherwise they are built in
# BUILD_DIR (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-180}
phase=${PHASE_SECONDS:-30}
sample=${SAMPLE_SECONDS:-5}
bound_kb=${RSS_BOUND_KB:-8192}
if [ -n "${LTE_DIALER:-}" ] && [ -n "${LTE_MODEM_SIM:-}" ]; then
  dialer=$LTE_DIALER sim=$LTE_MODEM_SIM
else
  build=${BUILD_DIR:-build}
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j "${JOBS:-2}" --target lte-dialer lte-modem-sim >/dev/null
  dialer=$build/lte-dialer sim=$build/lte-modem-sim
fi

dir=$(mktemp -d /tmp/lte-soak-hostile.XXXXXX)
sim_pid="" daemon_pid=""
cleanup() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

start_sim() {
  "$sim" --at-link "$dir/at" --data-link "$dir/data" --attach-time 0.3 "$@" >"$dir/sim.out" 2>&1 &
  sim_pid=$!
  for _ in $(seq 200); do grep -q READY "$dir/sim.out" 2>/dev/null && return; sleep 0.05; done
  echo "soak-hostile: lte-modem-sim did not start: $(cat "$dir/sim.out")" >&2
  exit 1
}
stop_sim() {
  kill "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$daemon_pid/status"; }

echo up >"$dir/pppd-script"
cat >"$dir/config.yaml" <<EOF
modem:
  profile: sim7600
  at_port: $dir/at
  data_port: $dir/data
apn: soracom.io
pppd:
  path: $PWD/tests/fixtures/fake-pppd
  options: ["ipparam $dir/pppd-script"]
reconnect:
  backoff_initial: 1s
  backoff_max: 2s
log_level: info
EOF
chmod 600 "$dir/config.yaml"

start_sim --fault endless=AT+CSQ --fault endless-line=AT+CGMR
STATE_DIRECTORY="$dir" "$dialer" run --config "$dir/config.yaml" --socket "$dir/control.sock" >"$dir/daemon.log" 2>&1 &
daemon_pid=$!

start=$SECONDS next_phase=$((SECONDS + phase)) next_sample=$SECONDS
kind=endless baseline="" first="" last="" peak=0 samples=0 failed=0
echo "soak-hostile: ${seconds} s, phases of ${phase} s, bound baseline + ${bound_kb} kB"
printf '%6s %-8s %10s\n' "t/s" phase "VmRSS kB"
while ((SECONDS - start < seconds)); do
  kill -0 "$daemon_pid" 2>/dev/null || { echo "soak-hostile: the daemon died" >&2; tail -20 "$dir/daemon.log" >&2; exit 1; }
  if ((SECONDS >= next_phase)); then
    stop_sim
    if [ "$kind" = endless ]; then kind=garbage; start_sim --fault garbage-stream
    else kind=endless; start_sim --fault endless=AT+CSQ --fault endless-line=AT+CGMR; fi
    next_phase=$((SECONDS + phase))
  fi
  if [ "$kind" = endless ]; then
    timeout 40 "$dialer" at AT+CSQ --socket "$dir/control.sock" >/dev/null 2>&1 || true
    timeout 40 "$dialer" at AT+CGMR --socket "$dir/control.sock" >/dev/null 2>&1 || true
  fi
  if ((SECONDS >= next_sample)); then
    rss=$(rss_kb)
    samples=$((samples + 1))
    [ -z "$first" ] && first=$rss
    last=$rss
    printf '%6d %-8s %10d\n' $((SECONDS - start)) "$kind" "$rss"
    if ((SECONDS - start < 2 * phase)); then
      ((rss > peak)) && peak=$rss
    else
      [ -z "$baseline" ] && baseline=$peak
      if ((rss > baseline + bound_kb)); then
        echo "soak-hostile: VmRSS $rss kB is over baseline $baseline kB + $bound_kb kB" >&2
        failed=1
      fi
    fi
    next_sample=$((SECONDS + sample))
  fi
  sleep 0.5
done
[ -z "$baseline" ] && baseline=$peak

overflows=$(grep -c "reply from the modem to" "$dir/daemon.log" || true)
kill -TERM "$daemon_pid"
for _ in $(seq 100); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$daemon_pid" 2>/dev/null; then
  echo "soak-hostile: the daemon ignored SIGTERM for 10 s" >&2
  failed=1
fi
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=
echo "soak-hostile: VmRSS start $first kB, baseline $baseline kB, end $last kB ($((last - first)) kB over the run);" \
  "$overflows overflow reports, $samples samples"
if ((overflows == 0)); then
  echo "soak-hostile: the daemon never reported an overflow: the faults did not strike" >&2
  tail -20 "$dir/daemon.log" >&2
  failed=1
fi
((failed == 0)) && echo "soak-hostile: FLAT" || echo "soak-hostile: GROWING or FAILED"
exit "$failed"
