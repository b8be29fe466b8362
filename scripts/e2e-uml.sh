#!/usr/bin/env bash
# The real-pppd lane: lte-dialer against lte-modem-sim with REAL pppd and REAL kernel PPP on both
# ends, inside User-Mode-Linux, or QEMU where UML cannot boot (the host kernel needs neither PPP
# nor KVM).
# usage: scripts/e2e-uml.sh [TIMEOUT_S]     (default 240; the whole boot + test is time-boxed)
# env: BUILD_DIR (default build, as scripts/test.sh): built here if needed (only lte-dialer and lte-modem-sim);
#      E2E_SKIP_BUILD=1: use BUILD_DIR's binaries as they are;
#      GUEST_TEST (default tests/e2e/guest-dialer.sh); JOBS (default 2);
#      E2E_VM=auto|uml|qemu (default auto: UML if a smoke boot of it works here, else QEMU, whose
#      packages, qemu-system-x86 and Debian's kernel, this script installs when missing).
# The guest sees the host's / read-only (UML: hostfs; QEMU: virtio-9p) and runs the binaries from
# BUILD_DIR; it writes only to BUILD_DIR/e2e-uml/ (console.log, guest/*.log). Exit status = the
# guest test's (the number of failed checks); 124 on timeout; 125 when the guest printed no result.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
repo=$(pwd)
timeout_s=${1:-240}
build=$(realpath -m "${BUILD_DIR:-build}")
guest_test=$(realpath "${GUEST_TEST:-tests/e2e/guest-dialer.sh}")
start_ns=$(date +%s%N)
elapsed() { local ms=$((($(date +%s%N) - start_ns) / 1000000)); printf '%d.%03d s' $((ms / 1000)) $((ms % 1000)); }

# What this lane needs beyond the build (idempotent; quiet when all is there).
bash scripts/setup.sh --tests user-mode-linux busybox-static >/dev/null  # --tests: BUILD_DIR is configured with them
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
mkdir -p "$out/guest"
log=$out/console.log
guest_args() {  # the kernel command line's part for tests/e2e/guest-init.sh
  echo "e2e.test=$1 e2e.dir=$out e2e.bin=$build e2e.repo=$repo"
}

boot_uml() {  # boot_uml TEST TIMEOUT_S LOG
  mkdir -p "$out/uml"
  # TMPDIR: UML backs its memory with a file there; /dev/shm keeps that off the disk.
  # shellcheck disable=SC2046  # guest_args is several kernel arguments
  TMPDIR=/dev/shm timeout -k 5 "$2" /usr/bin/linux.uml \
    mem=256M umid="e2e-uml-$$" uml_dir="$out/uml" \
    root=/dev/root rootfstype=hostfs rootflags=/ ro \
    init="$repo/tests/e2e/guest-init.sh" e2e.vm=uml $(guest_args "$1") \
    con=null ssl=null con0=null,fd:1 console=tty0 quiet \
    </dev/null >"$3" 2>&1
  local rc=$?
  rm -rf "$out/uml"
  return $rc
}

install_qemu() {  # not in setup.sh's list: only this fallback needs an amd64 kernel
  echo "e2e-uml: making sure qemu-system-x86 and linux-image-amd64 are installed (log: $out/apt.log)"
  bash "$repo/scripts/setup.sh" qemu-system-x86 linux-image-amd64 >"$out/apt.log" 2>&1 ||
    { cat "$out/apt.log" >&2; return 1; }
}

boot_qemu() {  # boot_qemu TEST TIMEOUT_S LOG
  local kver
  kver=$(cd /boot && ls vmlinuz-* 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -1)
  [ -n "$kver" ] && [ -d "/lib/modules/$kver" ] || { echo "e2e-uml: no kernel in /boot for QEMU" >&2; return 2; }
  "$repo/tests/e2e/qemu-initramfs.sh" "$out/initramfs.cpio" "$kver" || return 2
  # TCG: this host's /dev/kvm (if any) is paravirtual and cannot run a stock kernel.
  timeout -k 5 "$2" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 768 \
    -nographic -no-reboot -nodefaults -serial stdio -monitor none \
    -kernel "/boot/vmlinuz-$kver" -initrd "$out/initramfs.cpio" \
    -append "console=ttyS0 quiet panic=-1 e2e.vm=qemu e2e.init=$repo/tests/e2e/guest-init.sh $(guest_args "$1")" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$out,mount_tag=e2eout,security_model=none" \
    </dev/null >"$3" 2>&1
}

vm=${E2E_VM:-auto}
if [ "$vm" = auto ]; then
  vm=uml
  (boot_uml "$repo/tests/e2e/guest-smoke.sh" 60 "$out/uml-smoke.log") 2>/dev/null  # quiet: it may abort
  if ! grep -aq 'E2E-RESULT: rc=0' "$out/uml-smoke.log"; then
    why=$(grep -a -m1 -E 'fp regs|segfault|Kernel panic' "$out/uml-smoke.log" | tr -d '\r')
    echo "e2e-uml: User-Mode-Linux does not boot on this host (${why:-no result}, see $out/uml-smoke.log); using QEMU"
    vm=qemu
  fi
fi
[ "$vm" = qemu ] && { install_qemu || exit 2; }

boot_ns=$(date +%s%N)
"boot_$vm" "$guest_test" "$timeout_s" "$log"
vm_rc=$?
boot_ms=$((($(date +%s%N) - boot_ns) / 1000000))

rc=$(grep -a -o 'E2E-RESULT: rc=[0-9]*' "$log" | tail -1 | cut -d= -f2)
if [ "$vm_rc" -eq 124 ]; then
  echo "e2e-uml: TIMEOUT after ${timeout_s} s" >&2
  rc=124
elif [ -z "$rc" ]; then
  echo "e2e-uml: the guest printed no E2E-RESULT line ($vm exit $vm_rc)" >&2
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
printf 'e2e-uml: rc=%s, %s boot+test %d.%03d s, total %s (logs: %s)\n' \
  "$rc" "$vm" $((boot_ms / 1000)) $((boot_ms % 1000)) "$(elapsed)" "$out"
exit "$rc"
