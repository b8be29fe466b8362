#!/usr/bin/env bash
# test-debs.sh: install out/debs/lte-dialer_*_amd64.deb into a fresh Debian 12 root (debootstrap minbase,
# cached in build-pkg/root-amd64) and run it there; run the arm64 (and armhf) programs under qemu-user
# against a root of their runtime Depends. Prints each check; exits non-zero on the first failure.
# Needs root (debootstrap, chroot). Each step is time-boxed.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
checks=0
pass() { checks=$((checks + 1)); echo "  ok: $*"; }
fail() { echo "  FAIL: $*" >&2; exit 1; }
need() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1"
}

amd64_deb=$(ls out/debs/lte-dialer_*_amd64.deb 2>/dev/null | head -n1 || true)
[ -n "$amd64_deb" ] || fail "no out/debs/lte-dialer_*_amd64.deb: run scripts/build-debs.sh amd64 first"

root=$top/build-pkg/root-amd64
# The pristine root is kept (scripts/e2e-system.sh builds its image from it too); each run tests in a
# fresh copy of it.
packaging/debootstrap-root.sh "$root" build-pkg/debootstrap.log || fail "debootstrap"
work=$top/build-pkg/root-amd64-test
rm -rf "$work"
cp -a "$root" "$work"
cp /etc/resolv.conf "$work/etc/resolv.conf"
mount -t proc proc "$work/proc"
trap 'umount "$work/proc" 2>/dev/null || true' EXIT
in_root() { timeout 300 chroot "$work" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

echo "test-debs: $(basename "$amd64_deb") in a fresh bookworm root"
cp "$amd64_deb" "$work/tmp/"
in_root apt-get -qq update
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "/tmp/$(basename "$amd64_deb")" > build-pkg/test-install.log 2>&1 \
  || { tail -20 build-pkg/test-install.log; fail "apt install ./$(basename "$amd64_deb")"; }
pass "apt-get install ./$(basename "$amd64_deb") (Depends resolved from Debian 12, maintainer scripts ran)"
in_root dpkg -s ppp >/dev/null || fail "ppp not installed"
pass "ppp installed as a dependency"
in_root getent group lte-dialer >/dev/null || fail "postinst did not create the group lte-dialer"
pass "group lte-dialer created (the units' Group=, for control.group)"

for f in /usr/bin/lte-dialer /usr/bin/lte-modem-sim /usr/share/bash-completion/completions/lte-dialer \
         /usr/share/man/man1/lte-dialer.1.gz /usr/share/man/man1/lte-modem-sim.1.gz \
         /usr/share/doc/lte-dialer/copyright /usr/share/doc/lte-dialer/changelog.gz; do
  [ -e "$work$f" ] || fail "$f missing"
done
pass "binaries, man pages, bash completion, copyright and changelog in place"
for f in /lib/systemd/system/lte-dialer.service /lib/systemd/system/lte-dialer@.service \
         /lib/udev/rules.d/70-lte-dialer.rules /etc/lte-dialer/config.yaml; do
  if [ -e "systemd/$(basename "$f")" ] || [ -e "config/$(basename "$f")" ]; then
    [ -e "$work$f" ] || fail "$f missing"
    pass "$f installed"
  else
    echo "  skip: $f (not in the source tree yet)"
  fi
done
if [ -e "$work/etc/lte-dialer/config.yaml" ]; then
  mode=$(stat -c %a "$work/etc/lte-dialer/config.yaml")
  [ "$mode" = 600 ] || fail "/etc/lte-dialer/config.yaml has mode $mode, want 600"
  in_root dpkg-query -W -f='${Conffiles}' lte-dialer | grep -q /etc/lte-dialer/config.yaml \
    || fail "/etc/lte-dialer/config.yaml is not a conffile"
  pass "/etc/lte-dialer/config.yaml is a conffile with mode 600"
fi
ls "$work/usr/share/lte-dialer/sequences/"*.yaml >/dev/null 2>&1 || fail "no shipped sequences"
pass "sequences: $(cd "$work/usr/share/lte-dialer/sequences" && echo *.yaml)"
ls "$work/usr/share/lte-dialer/profiles/"*.yaml >/dev/null 2>&1 && \
  pass "profiles: $(cd "$work/usr/share/lte-dialer/profiles" && echo *.yaml)"
[ -e "$work/etc/systemd/system/multi-user.target.wants/lte-dialer.service" ] \
  && fail "the package enabled the service"
pass "service not enabled by the package"

# The programs as a user first meets them: version, the shipped configuration validated, the simulator.
run_cli() { # label, runner...
  local label=$1; shift
  local out
  out=$("$@" /usr/bin/lte-dialer --version 2>&1) || fail "$label: lte-dialer --version exited $?: $out"
  grep -q "$(dpkg-deb -f "$amd64_deb" Version)" <<<"$out" || fail "$label: --version printed '$out'"
  pass "$label: lte-dialer --version → $out"
  out=$("$@" /usr/bin/lte-dialer check-config 2>&1) || fail "$label: check-config exited $?: $out"
  pass "$label: lte-dialer check-config → $(head -n1 <<<"$out")"
  out=$("$@" /usr/bin/lte-modem-sim --help 2>&1) || fail "$label: lte-modem-sim --help exited $?"
  pass "$label: lte-modem-sim --help"
}
run_cli "amd64 chroot" in_root
need bash-completion
bash tests/package/completion-test.sh "$work" | sed 's/^/  /' || fail "bash completion"
pass "bash completion: subcommands, per-subcommand flags from --help, enumerated values"

in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq lte-dialer > build-pkg/test-purge.log 2>&1 \
  || { tail -20 build-pkg/test-purge.log; fail "apt-get purge lte-dialer"; }
[ ! -e "$work/etc/lte-dialer" ] || fail "/etc/lte-dialer left after purge"
[ ! -e "$work/usr/bin/lte-dialer" ] || fail "/usr/bin/lte-dialer left after purge"
pass "apt-get purge removes the programs and /etc/lte-dialer"

# Foreign arches: the packaged binary under qemu-user, chrooted into a root of the package's runtime
# Depends, ppp included: check-config checks that pppd.path is there.
for arch in arm64 armhf; do
  deb=$(ls out/debs/lte-dialer_*_"$arch".deb 2>/dev/null | head -n1 || true)
  [ -n "$deb" ] || { echo "  skip: no $arch package"; continue; }
  case $arch in arm64) qemu="qemu-aarch64-static" ;; armhf) qemu="qemu-arm-static" ;; esac
  need qemu-user-static
  echo "test-debs: $(basename "$deb") under $qemu"
  depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/(.*)//' -e 's/|.*//' -e 's/ //g')
  # shellcheck disable=SC2086
  timeout 600 packaging/make-sysroot.sh "$arch" "$top/build-pkg/root-$arch" $depends >/dev/null \
    || fail "runtime root for $arch"
  froot=$top/build-pkg/root-$arch-test
  rm -rf "$froot"; cp -a "$top/build-pkg/root-$arch" "$froot"
  # Keep the root's usrmerge links: /lib/systemd in the package must not replace the /lib symlink.
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$froot"
  pass "$arch: package and its Depends ($(echo $depends)) unpacked"
  # chroot rather than qemu -L: qemu-user does not apply -L to statx (armhf glibc's stat), so the
  # program would look for its own files on the host.
  cp "$(command -v "$qemu")" "$froot/qemu-static"
  run_in_qemu() { timeout 120 chroot "$froot" /qemu-static "$@"; }
  run_cli "$arch qemu" run_in_qemu
  rm -rf "$froot"
done
echo "test-debs: $checks checks passed"
