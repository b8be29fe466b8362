#!/bin/bash
# packaging/ppp-hook, the DNS hook pppd runs as lte-dialer's ip-up-script/ip-down-script, in each of
# the three places it can hand the network's DNS servers to (systemd-resolved, resolvconf, a plain
# /etc/resolv.conf), with stand-ins for resolvectl and resolvconf that record their calls, and
# /etc/ppp's own ip-up/ip-down after it. The system lane (scripts/e2e-system.sh) runs the real ones.
# usage: ppp-hook-test.sh [HOOK]   Exit status: the number of failed checks.
set -u
hook=$(realpath "${1:-$(dirname "$0")/../../packaging/ppp-hook}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect() { # expect DESCRIPTION ACTUAL WANTED
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got [$2], want [$3]"; fi
}

mkdir -p "$work/bin" "$work/ppp" "$work/run"
ln -s "$hook" "$work/bin/ip-up"
ln -s "$hook" "$work/bin/ip-down"
# The stand-ins' own text: expanded when they run, not here.
# shellcheck disable=SC2016
for s in ip-up ip-down; do  # the system's own scripts: record what they saw
  printf '#!/bin/sh\necho "%s $* USEPEERDNS=${USEPEERDNS:-unset}" >>"%s/system-scripts"\n' "$s" "$work" >"$work/ppp/$s"
  chmod +x "$work/ppp/$s"
done
printf '#!/bin/sh\necho "resolvectl $*" >>"%s/calls"\n' "$work" >"$work/bin/resolvectl"
# shellcheck disable=SC2016
printf '#!/bin/sh\necho "resolvconf $* <$(tr "\\n" ";")>" >>"%s/calls"\n' "$work" >"$work/bin/resolvconf"
# shellcheck disable=SC2016
printf '#!/bin/sh\necho "ip $*" >>"%s/calls"\n[ "$3" = show ] && cat "%s/routes" 2>/dev/null\nexit 0\n' "$work" "$work" >"$work/bin/ip"
chmod +x "$work/bin/resolvectl" "$work/bin/resolvconf" "$work/bin/ip"

run() { # run ip-up|ip-down [ENV...]: the hook as pppd runs it for ppp0
  local script=$1
  shift
  env -i PATH="$work/bin:/usr/bin:/bin" LTE_PPP_DIR="$work/ppp" LTE_RESOLV_CONF="$work/resolv.conf" \
    LTE_RESOLVED_SOCKET="$work/run/resolve.sock" LTE_RESOLVECTL="$work/bin/resolvectl" \
    LTE_RESOLVCONF="$work/no-resolvconf" LTE_RESOLVCONF_RUN="$work/run/resolvconf" LTE_IP="$work/bin/ip" DNS1=10.64.64.1 DNS2=10.64.64.9 USEPEERDNS=1 "$@" \
    "$work/bin/$script" ppp0 /dev/ttyUSB3 115200 10.64.64.2 10.64.64.1 "" 2>>"$work/stderr"
}

# A plain resolv.conf: the network's servers first, the system's lines kept, all of ours gone at down.
printf '# from the LAN\nsearch lan\nnameserver 192.0.2.1\n' >"$work/resolv.conf"
original=$(cat "$work/resolv.conf")
run ip-up
expect "plain: servers in front, each after its marker line" "$(head -4 "$work/resolv.conf")" \
  "$(printf '# lte-dialer ppp0\nnameserver 10.64.64.1\n# lte-dialer ppp0\nnameserver 10.64.64.9')"
expect "plain: the system's lines kept" "$(tail -n +5 "$work/resolv.conf")" "$original"
run ip-up  # a second up (redial) does not stack
expect "plain: a redial does not add lines twice" "$(grep -c 'lte-dialer ppp0' "$work/resolv.conf")" 2
expect "plain: no value carries a comment (resolv.conf(5))" "$(grep -c '^nameserver .*#' "$work/resolv.conf")" 0
inode=$(stat -c %i "$work/resolv.conf")
run ip-down
expect "plain: down restores the system's file" "$(cat "$work/resolv.conf")" "$original"
expect "plain: edited in place (a read-only /etc allows no rename)" "$(stat -c %i "$work/resolv.conf")" "$inode"
expect "system scripts ran after the hook, without USEPEERDNS" "$(cat "$work/system-scripts")" \
  "$(printf 'ip-up ppp0 /dev/ttyUSB3 115200 10.64.64.2 10.64.64.1  USEPEERDNS=unset\nip-up ppp0 /dev/ttyUSB3 115200 10.64.64.2 10.64.64.1  USEPEERDNS=unset\nip-down ppp0 /dev/ttyUSB3 115200 10.64.64.2 10.64.64.1  USEPEERDNS=unset')"

# resolvconf installed but /etc/resolv.conf not its file: it would hand the servers to nobody.
: >"$work/calls"
run ip-up LTE_RESOLVCONF="$work/bin/resolvconf"
run ip-down LTE_RESOLVCONF="$work/bin/resolvconf"
expect "resolvconf not in charge: the plain file is edited, resolvconf left alone" "$(cat "$work/calls")" ""
expect "resolvconf not in charge: the file is the system's again after down" "$(cat "$work/resolv.conf")" "$original"

# resolvconf in charge (/etc/resolv.conf links to its file): it gets the servers under its own name.
mkdir -p "$work/run/resolvconf"
mv "$work/resolv.conf" "$work/run/resolvconf/resolv.conf"
ln -s "$work/run/resolvconf/resolv.conf" "$work/resolv.conf"
: >"$work/calls"
run ip-up LTE_RESOLVCONF="$work/bin/resolvconf"
run ip-down LTE_RESOLVCONF="$work/bin/resolvconf"
expect "resolvconf: -a with the servers, -d at down" "$(cat "$work/calls")" \
  "$(printf 'resolvconf -a ppp0.lte-dialer <nameserver 10.64.64.1;nameserver 10.64.64.9;>\nresolvconf -d ppp0.lte-dialer -f <>')"
expect "resolvconf: resolv.conf untouched" "$(cat "$work/resolv.conf")" "$original"

# systemd-resolved running (its varlink socket exists): per-link DNS, the link a default DNS route.
: >"$work/calls"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$work/run/resolve.sock"
run ip-up LTE_RESOLVCONF="$work/bin/resolvconf"
run ip-down LTE_RESOLVCONF="$work/bin/resolvconf"
expect "resolved: dns and default-route on ppp0, revert at down" "$(cat "$work/calls")" \
  "$(printf 'resolvectl dns ppp0 10.64.64.1 10.64.64.9\nresolvectl default-route ppp0 yes\nresolvectl revert ppp0')"

# The default route: added with the configured metric when pppd added none (Debian 12's pppd does
# not beside another one), left alone when pppd did; nothing without LTE_DEFAULT_ROUTE_METRIC.
rm -f "$work/run/resolve.sock"  # resolvconf again, not systemd-resolved
: >"$work/calls"
run ip-up USEPEERDNS= LTE_DEFAULT_ROUTE_METRIC=700
expect "route: added beside the others when pppd did not" "$(cat "$work/calls")" \
  "$(printf 'ip -4 route show default dev ppp0\nip -4 route add default dev ppp0 metric 700')"
: >"$work/calls"
echo "default dev ppp0 scope link metric 700" >"$work/routes"
run ip-up USEPEERDNS= LTE_DEFAULT_ROUTE_METRIC=700
expect "route: left alone when pppd added it" "$(cat "$work/calls")" "ip -4 route show default dev ppp0"
: >"$work/calls"
run ip-up DNS2=10.64.64.1 LTE_RESOLVCONF="$work/bin/resolvconf"
expect "no route without a metric; DNS2 repeating DNS1 is not handed on twice" "$(cat "$work/calls")" \
  "resolvconf -a ppp0.lte-dialer <nameserver 10.64.64.1;>"

# A file an older version edited (the marker after the value) is cleaned up by the next down.
printf 'nameserver 10.64.64.1 # lte-dialer ppp0\n%s\n' "$original" >"$work/old-format.conf"
run ip-down LTE_RESOLV_CONF="$work/old-format.conf"
expect "plain: lines an older version marked go too" "$(cat "$work/old-format.conf")" "$original"

# Without usepeerdns there is nothing to hand on: only the system's scripts run.
: >"$work/calls"
run ip-up USEPEERDNS=
expect "no usepeerdns: no resolver touched" "$(cat "$work/calls")" ""
expect "no usepeerdns: resolv.conf untouched" "$(cat "$work/resolv.conf")" "$original"

# Two instances at once (lte-dialer@a on ppp1, @b on ppp10; ipparam is each one's link name): the
# down of one leaves the other's servers, and the messages say which link spoke.
run_link() { # run_link ip-up|ip-down IFACE IPPARAM [ENV...]
  env -i PATH="$work/bin:/usr/bin:/bin" LTE_PPP_DIR="$work/no-ppp" LTE_RESOLV_CONF="$work/resolv.conf" \
    LTE_RESOLVED_SOCKET="$work/run/resolve.sock" LTE_RESOLVCONF="$work/no-resolvconf" LTE_IP="$work/bin/ip" \
    DNS1=10.64.64.1 USEPEERDNS=1 "${@:4}" "$work/bin/$1" "$2" /dev/ttyUSB3 115200 10.64.64.2 10.64.64.1 "$3" 2>>"$work/stderr"
}
printf 'nameserver 192.0.2.1\n' >"$work/resolv.conf"
: >"$work/stderr"
run_link ip-up ppp1 lte-a
run_link ip-up ppp10 lte-b
run_link ip-down ppp1 lte-a
expect "instances: ppp1's down leaves ppp10's servers" "$(cat "$work/resolv.conf")" \
  "$(printf '# lte-dialer ppp10\nnameserver 10.64.64.1\nnameserver 192.0.2.1')"
expect "instances: messages name the link" "$(grep -c 'ppp hook (lte-b): DNS 10.64.64.1 on ppp10' "$work/stderr")" 1

# The report the daemon waits for before it calls the link online (pppd sends a script's output
# nowhere): ip-up's messages, renamed into place as its last act; a failure says so there too.
report=$work/ip-up.report
run_link ip-up ppp1 lte-a LTE_HOOK_REPORT="$report"
expect "report: what ip-up did, complete only at its end" "$(cat "$report" 2>&1; ls "$report.tmp" 2>/dev/null)" \
  "DNS 10.64.64.1 on ppp1 in $work/resolv.conf"
rm -f "$report" "$work/routes"  # pppd added no route
printf '#!/bin/sh\necho "Failed to set DNS configuration: Link ppp0 not known" >&2\nexit 1\n' >"$work/bin/resolvectl"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$work/run/resolve.sock"
run ip-up LTE_HOOK_REPORT="$report" LTE_DEFAULT_ROUTE_METRIC=700
expect "report: a resolver that refused is named, with its words" "$(cat "$report" 2>&1)" \
  "$(printf 'default route via ppp0, metric 700\nsystemd-resolved did not take the DNS servers for ppp0 (resolvectl: Failed to set DNS configuration: Link ppp0 not known); names may not resolve')"
rm -f "$report" "$work/run/resolve.sock"
run ip-up LTE_HOOK_REPORT="$report" DNS1= DNS2=
expect "report: no DNS from the network is said" "$(cat "$report" 2>&1)" "the network gave no DNS servers"
rm -f "$report"
run ip-down LTE_HOOK_REPORT="$report"
expect "report: ip-down writes none (nobody waits for it)" "$(ls "$report"* 2>/dev/null)" ""

[ "$fails" -eq 0 ] || { echo "---- hook's stderr"; cat "$work/stderr"; }
echo "ppp-hook-test: $fails failed"
exit "$fails"
