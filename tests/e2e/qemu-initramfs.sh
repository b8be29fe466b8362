#!/usr/bin/env bash
# Builds the QEMU guest's initramfs: static busybox, tests/e2e/qemu-init.sh as /init, and the
# kernel modules that mount the host's root over virtio-9p, in dependency order.
# usage: tests/e2e/qemu-initramfs.sh OUT.cpio KERNEL_VERSION [INIT MODULE...]
#   INIT and MODULEs replace the init script and the module list (tests/system boots an ext4 disk).
set -euo pipefail
out=$(realpath -m "$1")
kver=$2
moddir=/lib/modules/$kver
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,proc,dev,newroot,modules}
cp /bin/busybox "$root/bin/busybox"
install -m 0755 "${3:-$here/qemu-init.sh}" "$root/init"
modules=(virtio_pci 9pnet_virtio 9p)
[ $# -gt 3 ] && modules=("${@:4}")

declare -A seen=()
order=()
add_module() {   # add_module NAME: its dependencies first, then itself
  local line path dep
  line=$(grep -E "(^|/)$1\.ko(\.xz|\.zst)?:" "$moddir/modules.dep") || return 0  # built in
  path=${line%%:*}
  [ -n "${seen[$path]:-}" ] && return 0
  for dep in ${line#*:}; do add_module "$(basename "$dep" | sed -E 's/\.ko(\.xz|\.zst)?$//')"; done
  seen[$path]=1
  order+=("$path")
}
for m in "${modules[@]}"; do add_module "$m"; done
for path in "${order[@]}"; do
  name=$(basename "$path")
  case $name in  # busybox insmod takes plain .ko only
    *.ko.xz) xz -dc "$moddir/$path" >"$root/modules/${name%.xz}"; name=${name%.xz} ;;
    *.ko.zst) zstd -qdc "$moddir/$path" >"$root/modules/${name%.zst}"; name=${name%.zst} ;;
    *) cp "$moddir/$path" "$root/modules/$name" ;;
  esac
  echo "$name" >>"$root/modules/order"
done
(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet) >"$out"
