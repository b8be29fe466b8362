#!/usr/bin/env bash
# check-deb.sh DEB...: static checks of a built lte-dialer package: layout, modes, conffiles, Depends,
# and that no maintainer script enables or starts the daemon. Prints each check; exits 1 on a failure.
set -euo pipefail
failures=0
ok() { echo "  ok: $*"; }
bad() { echo "  FAIL: $*"; failures=$((failures + 1)); }
src=$(cd "$(dirname "$0")/../.." && pwd)

for deb in "$@"; do
  echo "check-deb: $(basename "$deb")"
  listing=$(dpkg-deb -c "$deb")
  has() { grep -qE " \.$1\$" <<<"$listing"; }
  for f in /usr/bin/lte-dialer /usr/bin/lte-modem-sim /usr/share/man/man1/lte-dialer.1.gz \
           /usr/share/man/man1/lte-modem-sim.1.gz /usr/share/man/man5/lte-dialer.yaml.5.gz \
           /usr/share/doc/lte-dialer/examples/hook-example /usr/share/bash-completion/completions/lte-dialer \
           /usr/share/doc/lte-dialer/copyright /usr/share/doc/lte-dialer/changelog.gz \
           /usr/lib/sysusers.d/lte-dialer.conf /usr/lib/modules-load.d/lte-dialer.conf; do
    has "$f" && ok "$f" || bad "$f missing"
  done
  for f in "$src"/config/sequences/*.yaml "$src"/config/profiles/*.yaml; do
    [ -e "$f" ] || continue
    rel=/usr/share/lte-dialer/$(basename "$(dirname "$f")")/$(basename "$f")
    has "$rel" || bad "$rel missing"
  done
  ok "every config/sequences and config/profiles file shipped"
  for hook in ip-up ip-down; do  # pppd's DNS hook, one script under two names (packaging/ppp-hook)
    grep -qE "^-rwxr-xr-x root/root .* \./usr/libexec/lte-dialer/$hook\$" <<<"$listing" &&
      ok "/usr/libexec/lte-dialer/$hook executable" || bad "/usr/libexec/lte-dialer/$hook missing or not 0755"
  done
  grep -qE "^-rwxr-xr-x root/root .* \./lib/systemd/system-generators/lte-dialer-resolv\$" <<<"$listing" &&
    ok "/lib/systemd/system-generators/lte-dialer-resolv executable" || bad "the resolv.conf generator missing or not 0755"
  for pair in systemd/lte-dialer.service:/lib/systemd/system/lte-dialer.service \
              systemd/lte-dialer@.service:/lib/systemd/system/lte-dialer@.service \
              systemd/70-lte-dialer.rules:/lib/udev/rules.d/70-lte-dialer.rules; do
    [ -e "$src/${pair%%:*}" ] || { echo "  skip: ${pair%%:*} not written yet"; continue; }
    has "${pair#*:}" && ok "${pair#*:}" || bad "${pair#*:} missing"
  done
  if [ -e "$src/config/config.yaml" ]; then
    grep -qE '^-rw------- root/root .* \./etc/lte-dialer/config\.yaml$' <<<"$listing" \
      && ok "/etc/lte-dialer/config.yaml root:root 0600" || bad "/etc/lte-dialer/config.yaml not root:root 0600"
    dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles 2>/dev/null | grep -qx /etc/lte-dialer/config.yaml \
      && ok "config.yaml is a conffile" || bad "config.yaml not in conffiles"
  fi
  depends=$(dpkg-deb -f "$deb" Depends)
  for d in ppp libc6 libstdc++6 libyaml-cpp0.7 libsystemd0 libre2-9; do
    grep -qE "(^|, )${d//+/\\+}( |,|$)" <<<"$depends" && ok "Depends: $d" || bad "Depends lacks $d ($depends)"
  done
  arch=$(dpkg-deb -f "$deb" Architecture)
  case $arch in amd64) want='x86-64' ;; arm64) want='ARM aarch64' ;; armhf) want='ARM, EABI5' ;; esac
  tmp=$(mktemp -d)
  dpkg-deb -x "$deb" "$tmp"
  file -L "$tmp/usr/bin/lte-dialer" | grep -q "$want" && ok "lte-dialer is a $arch binary" || bad "lte-dialer not $arch"
  file -L "$tmp/usr/bin/lte-dialer" | grep -q stripped && ! file -L "$tmp/usr/bin/lte-dialer" | grep -q 'not stripped' \
    && ok "stripped" || bad "lte-dialer not stripped"
  dpkg-deb -e "$deb" "$tmp/DEBIAN"
  if grep -nE '(systemctl|deb-systemd-invoke|deb-systemd-helper)[^#]* (enable|start|restart)( |$)' \
       "$tmp"/DEBIAN/postinst "$tmp"/DEBIAN/prerm "$tmp"/DEBIAN/postrm; then
    bad "a maintainer script enables or starts the daemon"
  else
    ok "no maintainer script enables or starts the daemon"
  fi
  grep -q 'daemon-reload' "$tmp/DEBIAN/postinst" && grep -q 'udevadm control --reload-rules' "$tmp/DEBIAN/postinst" \
    && ok "postinst reloads systemd and udev" || bad "postinst does not reload systemd and udev"
  rm -rf "$tmp"
done
echo "check-deb: $failures failed"
[ "$failures" = 0 ]
