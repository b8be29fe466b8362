#!/bin/busybox sh
# PID 1 inside User-Mode-Linux, booted by scripts/e2e-uml.sh.
# Root fs = the host's "/" through hostfs, READ-ONLY: the guest runs the binaries just built.
# Everything writable is tmpfs; only the host folder e2e.dir= is mounted back read-write (logs).
BB=/bin/busybox
$BB mount -t proc proc /proc
arg() { $BB sed -n "s/.*e2e\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
E2E_DIR=$(arg dir)
# The host's /dev must never be visible: hostfs device nodes would open HOST devices.
$BB grep -q '^devtmpfs /dev ' /proc/mounts || $BB mount -t devtmpfs devtmpfs /dev
$BB mount -t sysfs sysfs /sys
$BB mkdir -p /dev/pts /dev/shm
$BB mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
$BB mount -t tmpfs tmpfs /run            # /var/run and /var/lock point here on Debian
$BB mount -t tmpfs tmpfs /tmp
# Keep Debian's /etc/ppp/options (auth, lock, crtscts, modem) for the test: the dialer must not
# depend on it. Secrets and resolv.conf go to a guest-private tmpfs over /etc/ppp.
[ -f /etc/ppp/options ] && $BB cp /etc/ppp/options /run/debian-ppp-options
$BB mount -t tmpfs tmpfs /etc/ppp
$BB mount -t tmpfs tmpfs /root
$BB mkdir -p /run/lock
# A checkout under /tmp or /root (CI clones anywhere) is hidden by those tmpfs mounts: mount it back.
for dir in "$(arg repo)" "$(arg bin)"; do
    [ -n "$dir" ] && [ ! -d "$dir" ] && $BB mkdir -p "$dir" && $BB mount -t hostfs hostfs "$dir" -o "$dir"
done
$BB mount -t hostfs hostfs "$E2E_DIR" -o "$E2E_DIR"    # host folder, read-write
# The UML kernel's modules, where modprobe -d looks (the host may have no /lib/modules to mount on)
$BB mkdir -p /run/modroot/lib && $BB ln -s /usr/lib/uml/modules /run/modroot/lib/modules
# busybox applets first in PATH: the guest scripts are written for busybox ash
$BB mkdir -p /run/bb && $BB --install -s /run/bb
export PATH=/run/bb:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
hostname uml-e2e
ip link set lo up
for m in ppp_async ppp_deflate bsd_comp; do /sbin/modprobe -d /run/modroot $m || echo "E2E: modprobe $m FAILED"; done
export E2E_OUT="$E2E_DIR/guest" E2E_BIN=$(arg bin)
mkdir -p "$E2E_OUT"
TEST=$(arg test)
echo "E2E: kernel $(uname -r) (UML), running $TEST"
sh "$TEST"
echo "E2E-RESULT: rc=$?"
sync
poweroff -f
