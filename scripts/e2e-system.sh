#!/usr/bin/env bash
# The system lane: the amd64 package installed with apt on a booted Debian 12 (systemd as PID 1,
# udev, ModemManager, Debian's ppp scripts) under QEMU with Debian's own kernel, a USB modem that
# the kernel itself sees (dummy_hcd + configfs gadget, bound by the option driver), real pppd under
# the hardened unit, and a network with its own DNS behind the modem. tests/system/guest-lane.sh
# runs the checks inside; this script builds what it needs, boots the guest and counts its STEPs.
# usage: scripts/e2e-system.sh [TIMEOUT_S]   (default 900: the guest's two boots and all checks)
# env: E2E_REUSE_DEB=1  use out/debs/lte-dialer_*_amd64.deb as it is (CI: the packages lane made it);
#                       otherwise scripts/build-debs.sh amd64 builds it (incremental).
# Caches in build-pkg/: the debootstrap root (shared with scripts/test-debs.sh) and the guest image
# (build-pkg/system/base-<key>.img, rebuilt only when what it is made of changes).
# Needs root. Exit status: 0 when every STEP passed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
repo=$PWD
timeout_s=${1:-900}
dir=$repo/build-pkg/system
out=$dir/out
t_start=$(date +%s)
t_phase=$t_start
phase_done() { # phase_done NAME: prints the phase's time
  local now
  now=$(date +%s)
  echo "e2e-system: $1 in $((now - t_phase)) s"
  t_phase=$now
}
die() { echo "e2e-system: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

mkdir -p "$out"  # a fresh checkout has no build-pkg yet
# Everything from Debian 12's registry: QEMU and the kernel the guest boots (its modules go into
# the image), mkfs.ext4 -d for the image.
bash scripts/setup.sh qemu-system-x86 linux-image-amd64 e2fsprogs debootstrap >"$repo/build-pkg/e2e-system-setup.log" 2>&1 ||
  { cat "$repo/build-pkg/e2e-system-setup.log" >&2; die "scripts/setup.sh failed"; }
phase_done "packages (setup.sh)"

if [ "${E2E_REUSE_DEB:-0}" != 1 ]; then
  bash scripts/build-debs.sh amd64 >"$repo/build-pkg/e2e-system-debs.log" 2>&1 ||
    { tail -30 "$repo/build-pkg/e2e-system-debs.log" >&2; die "scripts/build-debs.sh amd64 failed"; }
fi
debs=(out/debs/lte-dialer_*_amd64.deb)
deb=${debs[0]}
[ -f "$deb" ] || die "no out/debs/lte-dialer_*_amd64.deb (scripts/build-debs.sh amd64)"
phase_done "package $(basename "$deb")"

kver=$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tail -1)
if [ -z "$kver" ] || [ ! -d "/lib/modules/$kver" ]; then die "no Debian kernel in /boot (linux-image-amd64)"; fi
img=$(tests/system/build-image.sh "$deb" "$dir" "$kver") || die "building the guest image failed"
initrd=${img/base-/initrd-}
initrd=${initrd%.img}.cpio
phase_done "guest image $(basename "$img") (kernel $kver)"

rm -rf "$out"
mkdir -p "$out"
console=$out/console.log
# TCG: this host's /dev/kvm (if any) cannot run a stock kernel. No network device: the guest's
# only links are the PPP calls inside it. The disk is a snapshot: the image stays pristine, and
# the guest's reboot (QEMU resets the machine, same process) keeps what boot 1 wrote.
timeout -k 10 "$timeout_s" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 1024 \
  -nographic -nodefaults -serial stdio -monitor none \
  -kernel "/boot/vmlinuz-$kver" -initrd "$initrd" \
  -append "console=ttyS0 quiet loglevel=3 systemd.show_status=error panic=-1 mitigations=off" \
  -drive "file=$img,format=raw,if=virtio,snapshot=on" \
  -virtfs "local,path=$repo,mount_tag=repo,security_model=none,readonly=on,multidevs=remap" \
  -virtfs "local,path=$out,mount_tag=out,security_model=none" \
  </dev/null >"$console" 2>&1
qemu_rc=$?
phase_done "guest (two boots and the checks)"

steps=$out/steps.log
touch "$steps"
grep '^STEP ' "$steps"
if ! grep -q '^E2E-DONE' "$steps"; then
  [ "$qemu_rc" -eq 124 ] && why="timed out after ${timeout_s} s" || why="QEMU exited $qemu_rc"
  echo "STEP guest-finished: FAIL ($why before the last check; console: $console)" | tee -a "$steps"
fi
passed=$(grep -c '^STEP .*: PASS' "$steps")
failed=$(grep -c '^STEP .*: FAIL' "$steps")
if [ "$failed" -gt 0 ]; then
  echo "==== guest console (last 80 lines of $console)"
  tail -n 80 "$console" | cat -v
  for f in "$out"/dump-*.log; do [ -f "$f" ] && { echo "==== $f"; cat "$f"; }; done
fi
echo "e2e-system: total $(($(date +%s) - t_start)) s (logs: $out)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
