#!/usr/bin/env bash
# debian-mirror.sh url|sources [ARCH]: the Debian mirror the host's apt already uses, so a sysroot or a
# debootstrap root fetches from the same place (deb822 sources.list.d/*.sources or one-line sources.list).
set -euo pipefail
# grep exits 2 for a sources file that does not exist; only the lines found matter.
lines=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null || true)
url=$(grep -oE 'https?://[^ ]+/debian/?$|https?://[^ ]+/debian/? ' <<<"$lines" | head -n1 | tr -d ' ' | sed 's|/$||' || true)
url=${url:-http://deb.debian.org/debian}
case ${1:-url} in
  url) echo "$url" ;;
  sources)
    arch=$2
    echo "deb [arch=$arch] $url bookworm main"
    echo "deb [arch=$arch] $url bookworm-updates main"
    # Security updates must match the host's versions of the same packages (e.g. libc6).
    sec=$(grep -oE 'https?://[^ ]+/debian-security' <<<"$lines" | head -n1 || true)
    [ -n "$sec" ] && echo "deb [arch=$arch] $sec bookworm-security main"
    ;;
esac
