#!/usr/bin/env bash
# The real-pppd lane: lte-dialer against lte-modem-sim with REAL pppd and REAL kernel PPP on both
# ends, inside User-Mode-Linux (the host kernel needs neither PPP nor KVM).
# usage: scripts/e2e-uml.sh [TIMEOUT_S]     (default 240; the whole boot + test is time-boxed)
# env: BUILD_DIR (default build, as scripts/test.sh): built here if needed (only lte-dialer and lte-modem-sim);
#      E2E_SKIP_BUILD=1: use BUILD_DIR's binaries as they are;
#      GUEST_TEST (default tests/e2e/guest-dialer.sh); JOBS (default 2).
# The guest sees the host's / read-only (hostfs) and runs the binaries from BUILD_DIR; it writes
# only to BUILD_DIR/e2e-uml/ (console.log, guest/*.log). Exit status = the guest test's
# (the number of failed checks); 124 on timeout; 125 when the guest printed no result.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
timeout_s=${1:-240}
build=$(realpath -m "${BUILD_DIR:-build}")
guest_test=$(realpath "${GUEST_TEST:-tests/e2e/guest-dialer.sh}")
start_ns=$(date +%s%N)
elapsed() { local ms=$((($(date +%s%N) - start_ns) / 1000000)); printf '%d.%03d s' $((ms / 1000)) $((ms % 1000)); }

missing=()
for f in /usr/bin/linux.uml /bin/busybox /usr/sbin/pppd /usr/lib/uml/modules /usr/bin/socat; do
  [ -e "$f" ] || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e-uml: missing ${missing[*]} (scripts/setup.sh installs user-mode-linux busybox-static ppp socat)" >&2
  exit 2
fi

if [ "${E2E_SKIP_BUILD:-0}" = 1 ]; then
  for b in lte-dialer lte-modem-sim; do
    [ -x "$build/$b" ] || { echo "e2e-uml: E2E_SKIP_BUILD=1 but $build/$b is missing" >&2; exit 2; }
  done
else
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
  fi
  cmake --build "$build" -j "${JOBS:-2}" --target lte-dialer lte-modem-sim >/dev/null || {
    echo "e2e-uml: build failed (cmake --build $build --target lte-dialer lte-modem-sim)" >&2; exit 2; }
  echo "e2e-uml: built in $(elapsed)"
fi

out=$build/e2e-uml
rm -rf "$out"
mkdir -p "$out/guest" "$out/uml"
log=$out/console.log
boot_ns=$(date +%s%N)
# TMPDIR: UML backs its memory with a file there; /dev/shm keeps that off the disk.
TMPDIR=/dev/shm timeout -k 5 "$timeout_s" /usr/bin/linux.uml \
  mem=256M umid="e2e-uml-$$" uml_dir="$out/uml" \
  root=/dev/root rootfstype=hostfs rootflags=/ ro \
  init="$repo/tests/e2e/uml-init.sh" e2e.test="$guest_test" e2e.dir="$out" e2e.bin="$build" e2e.repo="$repo" \
  con=null ssl=null con0=null,fd:1 console=tty0 quiet \
  </dev/null >"$log" 2>&1
uml_rc=$?
rm -rf "$out/uml"
boot_ms=$((($(date +%s%N) - boot_ns) / 1000000))

rc=$(grep -a -o 'E2E-RESULT: rc=[0-9]*' "$log" | tail -1 | cut -d= -f2)
if [ "$uml_rc" -eq 124 ]; then
  echo "e2e-uml: TIMEOUT after ${timeout_s} s" >&2
  rc=124
elif [ -z "$rc" ]; then
  echo "e2e-uml: the guest printed no E2E-RESULT line (linux.uml exit $uml_rc)" >&2
  rc=125
fi
grep -a 'STEP ' "$log"
if [ "$rc" -ne 0 ]; then
  echo "==== guest console ($log)"
  cat -v "$log"
  for f in "$out"/guest/*.log; do
    [ -f "$f" ] && { echo "==== $f (last 60 lines)"; tail -n 60 "$f"; }
  done
fi
printf 'e2e-uml: rc=%s, UML boot+test %d.%03d s, total %s (logs: %s)\n' \
  "$rc" $((boot_ms / 1000)) $((boot_ms % 1000)) "$(elapsed)" "$out"
exit "$rc"
