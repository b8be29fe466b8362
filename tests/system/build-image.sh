#!/usr/bin/env bash
# build-image.sh DEB DIR KERNEL_VERSION: the system lane's guest, cached in DIR as
#   DIR/base-<key>.img     ext4 disk: Debian 12 with systemd as PID 1, udev, ppp, iproute2, ModemManager,
#                          what the package DEB depends on, the resolvers to switch to offline, and the
#                          modules of the host's Debian kernel KERNEL_VERSION that the lane loads;
#   DIR/initrd-<key>.cpio  a busybox initramfs that mounts it (tests/system/initramfs-init.sh).
# The key hashes everything the image is made of, so a changed package list or kernel rebuilds it
# and a rerun reuses it. Prints the image's path. Needs root (chroot) and the pristine debootstrap
# root of packaging/debootstrap-root.sh. The package itself is NOT installed here: the lane installs
# it in the booted guest, with apt, as the README says.
set -euo pipefail
deb=$(realpath "$1") dir=$(realpath -m "$2") kver=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# What a Raspberry Pi OS system has that matters to a dialer: systemd and udev, ModemManager (it
# grabs modem ports unless told not to), ppp with Debian's /etc/ppp scripts, iproute2; then what
# the lane itself needs: dnsmasq for the network side's DNS, socat for the simulator's control socket.
packages=(systemd systemd-sysv udev dbus kmod ppp iproute2 modemmanager procps psmisc iputils-ping
          dnsmasq-base socat)
# The resolver managers the lane switches to while offline, fetched now with their dependencies.
resolvers=(resolvconf systemd-resolved)
# The modules the lane loads (udev loads option itself when the modem appears).
modules=(dummy_hcd libcomposite usb_f_serial usb_f_ss_lb option cdc_acm ppp_async ppp_deflate bsd_comp
         dummy 9pnet_virtio 9p autofs4)
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/(.*)//' -e 's/|.*//' -e 's/ //g' | grep . | sort)
key=$( { echo "$kver"; echo "${packages[*]} ${resolvers[*]} ${modules[*]}"; echo "$depends";
         cat "$0" "$here"/image/* "$here/initramfs-init.sh" "$repo/tests/e2e/qemu-initramfs.sh"; } |
       sha256sum | cut -c1-16)
img=$dir/base-$key.img
initrd=$dir/initrd-$key.cpio
if [ -f "$img" ] && [ -f "$initrd" ]; then echo "$img"; exit 0; fi

mkdir -p "$dir"
rm -f "$dir"/base-*.img "$dir"/initrd-*.cpio  # an older key's: never used again
pristine=$repo/build-pkg/root-amd64
"$repo/packaging/debootstrap-root.sh" "$pristine" "$repo/build-pkg/debootstrap.log" >&2
"$repo/tests/e2e/qemu-initramfs.sh" "$initrd" "$kver" "$here/initramfs-init.sh" \
  virtio_pci virtio_blk crc32c_generic ext4 >&2

root=$dir/root.tmp
cleanup() { umount "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
rm -rf "$root"
cp -a "$pristine" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"  # nothing starts inside the chroot
chmod +x "$root/usr/sbin/policy-rc.d"
log=$dir/image-apt.log
{
  in_root apt-get update -qq
  # shellcheck disable=SC2086  # the Depends words
  in_root apt-get install -y -qq --no-install-recommends "${packages[@]}" $depends
  for r in "${resolvers[@]}"; do
    mkdir -p "$root/var/cache/lte-e2e/$r/partial"
    in_root apt-get install -y -qq --no-install-recommends --download-only \
      -o Dir::Cache::archives="/var/cache/lte-e2e/$r" "$r"
    rm -rf "$root/var/cache/lte-e2e/$r/partial" "$root/var/cache/lte-e2e/$r/lock"
  done
  in_root apt-get clean
} >"$log" 2>&1 || { tail -30 "$log" >&2; echo "build-image: apt failed (log: $log)" >&2; exit 1; }
rm -f "$root/usr/sbin/policy-rc.d"
rm -rf "$root"/var/lib/apt/lists/*

# A Pi's own settings: its hostname, the user pi, the LAN's resolver in a plain /etc/resolv.conf
# (as Debian's installer leaves it), the disk as root file system.
echo pi >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tpi\n' >"$root/etc/hosts"
printf '# written by the DHCP client of the LAN (tests/system: an address that leads nowhere)\nnameserver 192.0.2.1\n' \
  >"$root/etc/resolv.conf"
printf '/dev/vda / ext4 rw,noatime 0 1\n' >"$root/etc/fstab"
in_root useradd -m -s /bin/bash pi
in_root useradd -m -s /bin/bash visitor
in_root systemd-machine-id-setup >/dev/null
# Boot time under TCG: nothing runs that a dialer test does not need.
in_root systemctl mask --quiet apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
  e2scrub_reap.service fstrim.timer systemd-tmpfiles-clean.timer getty@tty1.service serial-getty@ttyS0.service \
  console-getty.service systemd-pstore.service ldconfig.service systemd-journal-catalog-update.service \
  systemd-update-utmp.service systemd-update-utmp-runlevel.service
install -m 0644 "$here/image/lte-e2e.service" "$root/etc/systemd/system/lte-e2e.service"
install -m 0755 "$here/image/lte-e2e-boot" "$root/usr/local/sbin/lte-e2e-boot"
in_root systemctl enable --quiet lte-e2e.service

# The host kernel's modules the lane needs, with their dependencies, and an index for modprobe.
for m in "${modules[@]}"; do modprobe -S "$kver" --show-depends "$m"; done |
  awk '$1 == "insmod" {print $2}' | sort -u | while read -r ko; do
    mkdir -p "$root$(dirname "$ko")"
    cp "$ko" "$root$ko"
  done
cp /lib/modules/"$kver"/modules.{order,builtin,builtin.modinfo} "$root/lib/modules/$kver/"
depmod -b "$root" "$kver"

cleanup  # /proc must not go into the image
size_mb=$(( $(du -sm "$root" | cut -f1) * 3 / 2 + 200 ))
mkfs.ext4 -q -F -L lte-e2e -d "$root" "$img.tmp" "${size_mb}M" >&2
mv "$img.tmp" "$img"
rm -rf "$root"
echo "$img"
