#!/bin/busybox sh
# shellcheck shell=dash
# /init of the system lane's initramfs (made by tests/e2e/qemu-initramfs.sh): loads the modules
# for the virtio disk and ext4, mounts the guest's disk and hands over to systemd as PID 1.
# Debian's own initramfs would do the same after seconds of udev under TCG; this takes a few ms.
BB=/bin/busybox
$BB mount -t proc proc /proc
$BB mount -t devtmpfs devtmpfs /dev
while read -r m; do $BB insmod "/modules/$m" 2>/dev/null || echo "initramfs: insmod $m failed"; done </modules/order
$BB mkdir -p /newroot
i=0
until $BB mount -t ext4 -o rw,noatime /dev/vda /newroot 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 100 ] || { echo "initramfs: cannot mount /dev/vda"; $BB poweroff -f; }
    $BB usleep 50000
done
$BB umount /dev
$BB umount /proc
exec $BB switch_root /newroot /lib/systemd/systemd
