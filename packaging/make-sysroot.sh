#!/usr/bin/env bash
# make-sysroot.sh ARCH DIR [PACKAGE...]: a cross sysroot with the target arch's -dev packages, built by a private apt
# (its own lists, cache and empty dpkg status) so the host's dpkg database and amd64 packages stay untouched.
# Also writes DIR.admin/: a dpkg admin dir listing the sysroot's files, shlibs and symbols, so
# dpkg-shlibdeps (packaging/cross-shlibdeps.sh) can compute Depends for the target arch.
# Idempotent: a sysroot whose stamp matches the package list is reused.
set -euo pipefail
arch=$1 root=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# The packages default to the build's; scripts/test-debs.sh names a package's runtime Depends instead.
packages=(libc6-dev libstdc++-12-dev libgcc-12-dev libboost-dev libspdlog-dev libfmt-dev libcli11-dev
          libyaml-cpp-dev libsystemd-dev libre2-dev)
[ $# -gt 0 ] && packages=("$@")
stamp="$root/.lte-sysroot-stamp"
want="$arch ${packages[*]} $(sha256sum < "$0" | cut -c1-16)"  # a changed script remakes the sysroot
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "sysroot: $root reused"; exit 0
fi

apt_dir="$root.apt"
admin="$root.admin"
rm -rf "$root" "$admin"
mkdir -p "$root" "$admin/info" "$apt_dir"/{lists/partial,cache/archives/partial}
: > "$apt_dir/status"
# Same Debian mirror and suites as the host's own apt.
"$here/debian-mirror.sh" sources "$arch" > "$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status"
          -o "Dir::Cache=$apt_dir/cache" -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
          -o Debug::NoLocking=1 -o Acquire::Retries=3 -o APT::Install-Recommends=0 -o Acquire::Languages=none)
# A mirror mid-sync answers with a short index now and then: try again, and in the end build from the
# point release without the security suite (the sysroot only supplies headers, libraries and symbols).
for try in 1 2 3; do
  apt-get "${apt_opts[@]}" -qq update && break
  if [ "$try" = 3 ]; then
    echo "sysroot: $arch security index unavailable; using bookworm and bookworm-updates only" >&2
    sed -i '/-security/d' "$apt_dir/sources.list"
    apt-get "${apt_opts[@]}" -qq update
  fi
  sleep $((try * 10))
done
apt-get "${apt_opts[@]}" -qq -y --download-only install "${packages[@]}"

multiarch=$(dpkg-architecture -a"$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)
for deb in "$apt_dir"/cache/archives/*.deb; do
  dpkg-deb -x "$deb" "$root"
  pkg=$(dpkg-deb -f "$deb" Package)
  # dpkg names a package's info files pkg:arch only when it is Multi-Arch: same.
  [ "$(dpkg-deb -f "$deb" Multi-Arch)" = same ] && info=$pkg:$arch || info=$pkg
  ctl=$(mktemp -d)
  dpkg-deb -e "$deb" "$ctl"
  for f in shlibs symbols; do [ -f "$ctl/$f" ] && cp "$ctl/$f" "$admin/info/$info.$f"; done
  # The file list names paths inside the sysroot, the paths dpkg-shlibdeps finds the libraries at; /lib
  # paths are listed under /usr/lib too, as the sysroot is usrmerged below.
  dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -e 's|^\./|/|' -e 's|/$||' -e '/^$/d' -e "s|^/|$root/|" \
    | awk -v r="$root" '{ print } index($0, r "/lib") == 1 { print r "/usr" substr($0, length(r) + 1) }' \
    > "$admin/info/$info.list"
  { dpkg-deb -f "$deb" Package Version Architecture Multi-Arch Maintainer Description
    echo "Status: install ok installed"; echo; } | grep -v '^Multi-Arch: *$' >> "$admin/status"
  rm -rf "$ctl"
done
touch "$admin/available"
echo 1 > "$admin/info/format"  # multiarch-qualified info file names
# Debian's .so links are often absolute (/lib/...); make them relative, inside the sysroot.
find "$root" -type l -lname '/*' | while read -r link; do
  ln -sfnr "$root$(readlink "$link")" "$link"
done
# Bookworm is usrmerged; the -dev debs ship files under both /lib and /usr/lib.
for d in lib lib64; do
  [ -d "$root/$d" ] && [ ! -L "$root/$d" ] && { cp -a "$root/$d/." "$root/usr/$d/" && rm -rf "${root:?}/$d"; }
  [ -e "$root/usr/$d" ] && ln -sfn "usr/$d" "$root/$d"
done
echo "$want" > "$stamp"
echo "sysroot: $root ready ($multiarch, $(ls "$apt_dir"/cache/archives/*.deb | wc -l) packages)"
