#!/usr/bin/env bash
# debootstrap-root.sh ROOT LOG: a pristine Debian 12 (bookworm, minbase) root at ROOT, made once and kept:
# scripts/test-debs.sh installs the package into copies of it, scripts/e2e-system.sh builds its image
# from it. Fetches from the mirror the host's apt uses. Needs root.
set -euo pipefail
root=$1 log=$2
[ -x "$root/usr/bin/apt-get" ] && exit 0
here=$(cd "$(dirname "$0")" && pwd)
dpkg-query -W -f='${Status}' debootstrap 2>/dev/null | grep -q 'install ok installed' ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
mirror=$("$here/debian-mirror.sh" url)
echo "debootstrap: bookworm from $mirror into $root"
rm -rf "$root"
mkdir -p "$(dirname "$log")"
if ! timeout 900 debootstrap --variant=minbase bookworm "$root" "$mirror" >"$log" 2>&1; then
  tail -20 "$log" >&2
  rm -rf "$root"
  echo "debootstrap failed (log: $log)" >&2
  exit 1
fi
