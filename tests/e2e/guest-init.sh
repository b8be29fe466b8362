#!/bin/busybox sh
# shellcheck shell=dash
# PID 1 of the real-pppd lane's guest, booted by scripts/e2e-uml.sh under User-Mode-Linux
# (e2e.vm=uml) or QEMU (e2e.vm=qemu, after tests/e2e/qemu-init.sh mounted the root).
# Root fs = the host's "/" READ-ONLY (UML: hostfs; QEMU: 9p): the guest runs the binaries just
# built. Everything writable is tmpfs; only the host folder e2e.dir= is mounted back read-write.
BB=/bin/busybox
$BB mount -t proc proc /proc
arg() { $BB sed -n "s/.*e2e\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
E2E_DIR=$(arg dir)
VM=$(arg vm)
# The host's /dev must never be visible: hostfs device nodes would open HOST devices.
$BB grep -q '^devtmpfs /dev ' /proc/mounts || $BB mount -t devtmpfs devtmpfs /dev
$BB mount -t sysfs sysfs /sys
$BB mkdir -p /dev/pts /dev/shm
$BB mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
$BB mount -t tmpfs tmpfs /run            # /var/run and /var/lock point here on Debian
# QEMU: a view of the 9p root that the tmpfs mounts below cannot hide, for mount_host.
[ "$VM" = qemu ] && $BB mkdir -p /run/hostroot && $BB mount --bind / /run/hostroot
$BB mount -t tmpfs tmpfs /tmp
# Keep Debian's /etc/ppp/options (auth, lock, crtscts, modem) for the test: the dialer must not
# depend on it. Secrets and resolv.conf go to a guest-private tmpfs over /etc/ppp.
[ -f /etc/ppp/options ] && $BB cp /etc/ppp/options /run/debian-ppp-options
$BB mount -t tmpfs tmpfs /etc/ppp
$BB mount -t tmpfs tmpfs /root
$BB mkdir -p /run/lock
mount_host() {   # mount_host DIR: the host's DIR at DIR again
    $BB mkdir -p "$1"
    if [ "$VM" = qemu ]; then $BB mount --bind "/run/hostroot$1" "$1"; else $BB mount -t hostfs hostfs "$1" -o "$1"; fi
}
# A checkout under /tmp or /root (CI clones anywhere) is hidden by those tmpfs mounts: mount it back.
for dir in "$(arg repo)" "$(arg bin)"; do
    [ -n "$dir" ] && [ ! -d "$dir" ] && mount_host "$dir"
done
# The host folder for logs, read-write (QEMU exports it as its own 9p share).
if [ "$VM" = qemu ]; then
    $BB mkdir -p "$E2E_DIR" && $BB mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 e2eout "$E2E_DIR"
else
    mount_host "$E2E_DIR"
fi
# busybox applets first in PATH: the guest scripts are written for busybox ash
$BB mkdir -p /run/bb && $BB --install -s /run/bb
export PATH=/run/bb:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
hostname e2e-guest
ip link set lo up
# PPP modules: UML's own (the host may have no /lib/modules); under QEMU the host's Debian kernel's.
if [ "$VM" = qemu ]; then
    modules="-d /"
else
    $BB mkdir -p /run/modroot/lib && $BB ln -s /usr/lib/uml/modules /run/modroot/lib/modules
    modules="-d /run/modroot"
fi
for m in ppp_async ppp_deflate bsd_comp; do /sbin/modprobe $modules $m || echo "E2E: modprobe $m FAILED"; done
E2E_BIN=$(arg bin)
export E2E_OUT="$E2E_DIR/guest" E2E_BIN
mkdir -p "$E2E_OUT"
TEST=$(arg test)
echo "E2E: kernel $(uname -r) ($VM), running $TEST"
sh "$TEST"
echo "E2E-RESULT: rc=$?"
sync
poweroff -f
