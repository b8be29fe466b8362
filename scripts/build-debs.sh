#!/usr/bin/env bash
# build-debs.sh [amd64|arm64|armhf|all]: Debian packages of lte-dialer into out/debs/, each checked with
# lintian (errors fail the build). Cross builds use Debian's cross compilers and a target sysroot made by
# packaging/make-sysroot.sh, so the host's own -dev packages are never touched. Installs its own tools.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
want=${1:-all}
case $want in
  all) arches=(amd64 arm64 armhf) ;;
  amd64 | arm64 | armhf) arches=("$want") ;;
  *) echo "usage: $0 [amd64|arm64|armhf|all]" >&2; exit 2 ;;
esac

host_arch=$(dpkg --print-architecture)
triple_of() { case $1 in arm64) echo aarch64-linux-gnu ;; armhf) echo arm-linux-gnueabihf ;; esac; }
toolchain_of() { case $1 in arm64) echo aarch64 ;; armhf) echo armhf ;; esac; }

# Host tools only (all of them amd64 or arch-independent packages).
tools=(build-essential cmake pkg-config dpkg-dev lintian scdoc file gzip)
tools+=(libboost-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev libsystemd-dev libre2-dev)
for a in "${arches[@]}"; do
  [ "$a" = "$host_arch" ] || tools+=("g++-$(triple_of "$a")" qemu-user-static)
done
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-debs: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

mkdir -p out/debs build-pkg
summary=()
for arch in "${arches[@]}"; do
  start=$SECONDS
  build=build-pkg/build-$arch
  # The targets are built just below; cpack then packages them without its own -j1 rebuild of "all".
  args=(-DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX=/usr -DLTE_BUILD_TESTS=OFF
        -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON)
  if [ "$arch" != "$host_arch" ]; then
    packaging/make-sysroot.sh "$arch" "$top/build-pkg/sysroot-$arch"
    args+=(-DCMAKE_TOOLCHAIN_FILE="$top/packaging/toolchain-$(toolchain_of "$arch").cmake"
           -DLTE_SYSROOT="$top/build-pkg/sysroot-$arch")
  fi
  # Debian's hardening and optimisation flags for the target arch (PIE, RELRO, fortify, stack protector).
  export DEB_HOST_ARCH=$arch DEB_BUILD_MAINT_OPTIONS=hardening=+all
  cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
  ldflags=$(dpkg-buildflags --get LDFLAGS)
  unset DEB_HOST_ARCH DEB_BUILD_MAINT_OPTIONS
  # armhf: GCC notes every std::vector growth "changed in GCC 7.1"; the whole program shares one ABI.
  [ "$arch" = armhf ] && cxxflags+=" -Wno-psabi"
  cmake -S . -B "$build" "${args[@]}" -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >/dev/null
  cmake --build "$build" -j2 --target lte-dialer lte-modem-sim package-docs
  rm -f "$build"/*.deb
  (cd "$build" && cpack -G DEB >/dev/null)
  deb=$(ls "$build"/lte-dialer_*_"$arch".deb)
  cp "$deb" out/debs/
  deb=out/debs/$(basename "$deb")
  lintian --no-tag-display-limit "$deb" > "$deb.lintian.txt" 2>&1 || true
  errors=$(grep -c '^E:' "$deb.lintian.txt" || true)
  warnings=$(grep -c '^W:' "$deb.lintian.txt" || true)
  summary+=("$(basename "$deb"): $((SECONDS - start))s, lintian ${errors} errors ${warnings} warnings")
  echo "build-debs: ${summary[-1]}"
  echo "  Depends: $(dpkg-deb -f "$deb" Depends)"
  sed 's/^/  /' "$deb.lintian.txt"
  [ "$errors" = 0 ] || { echo "build-debs: lintian errors in $deb" >&2; exit 1; }
  tests/package/check-deb.sh "$deb"
done
printf 'build-debs: %s\n' "${summary[@]}"
