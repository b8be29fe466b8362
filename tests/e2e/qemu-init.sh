#!/bin/busybox sh
# shellcheck shell=dash
# PID 1 of the QEMU guest's initramfs (tests/e2e/qemu-initramfs.sh): loads the 9p modules, mounts
# the host's "/" (9p share "hostroot", read-only) and hands over to tests/e2e/guest-init.sh there.
BB=/bin/busybox
$BB mount -t proc proc /proc
$BB mount -t devtmpfs devtmpfs /dev
while read -r m; do $BB insmod "/modules/$m" || echo "E2E: insmod $m FAILED"; done </modules/order
$BB mkdir -p /newroot
# cache=loose: the root is read-only for the whole run, and binaries load much faster cached.
if ! $BB mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro hostroot /newroot; then
    echo "E2E: cannot mount the host's root over 9p"; echo "E2E-RESULT: rc=125"; $BB poweroff -f
fi
init=$($BB sed -n 's/.*e2e\.init=\([^ ]*\).*/\1/p' /proc/cmdline)
$BB umount /dev
$BB umount /proc
exec $BB switch_root /newroot /bin/busybox sh "$init"
