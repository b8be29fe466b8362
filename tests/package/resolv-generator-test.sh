#!/bin/bash
# packaging/resolv-generator, the systemd generator that lets the units write /etc/resolv.conf only
# when it is a plain file: its drop-ins for both units, and none for resolvconf's or
# systemd-resolved's link (named in ReadWritePaths=, the link's target would be bind-mounted onto
# itself and resolvconf's rename onto it fails). The system lane runs it under the real systemd.
# usage: resolv-generator-test.sh [GENERATOR]   Exit status: the number of failed checks.
set -u
gen=$(realpath "${1:-$(dirname "$0")/../../packaging/resolv-generator}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
expect() { # expect DESCRIPTION ACTUAL WANTED
  if [ "$2" = "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: got [$2], want [$3]"; fails=$((fails + 1)); fi
}
generate() { # generate OUT_DIR: the generator as systemd runs it, against $work/resolv.conf
  mkdir -p "$1"
  LTE_RESOLV_CONF="$work/resolv.conf" sh "$gen" "$1" "$1.early" "$1.late"
}
settings() { # the ReadWritePaths lines the drop-ins in DIR give each unit
  for unit in lte-dialer.service lte-dialer@.service; do
    echo "$unit: $(cat "$1/$unit.d/"*.conf 2>/dev/null | grep '^ReadWritePaths=' | tr '\n' ' ')"
  done
}

printf 'nameserver 192.0.2.1\n' >"$work/resolv.conf"
generate "$work/plain"
expect "plain file: both units may write it" "$(settings "$work/plain")" \
  "$(printf 'lte-dialer.service: ReadWritePaths=-/etc/resolv.conf \nlte-dialer@.service: ReadWritePaths=-/etc/resolv.conf ')"
expect "plain file: the drop-in is a [Service] section" "$(grep -c '^\[Service\]$' "$work/plain/lte-dialer.service.d/"*.conf)" 1

mkdir -p "$work/run/resolvconf"
mv "$work/resolv.conf" "$work/run/resolvconf/resolv.conf"
ln -s "$work/run/resolvconf/resolv.conf" "$work/resolv.conf"
generate "$work/link"
expect "resolvconf's link: no drop-in" "$(find "$work/link" -type f | wc -l)" 0

rm "$work/resolv.conf"
generate "$work/none"
expect "no resolv.conf at all: no drop-in" "$(find "$work/none" -type f | wc -l)" 0

echo "resolv-generator-test: $fails failed"
exit "$fails"
