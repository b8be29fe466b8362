#!/usr/bin/env bash
# The whole job against the bundled simulator, run by scripts/demo.sh inside its own network and
# mount namespaces (unshare --net --mount) where the kernel has PPP: lte-modem-sim with a mobile
# network behind its data port (scripts/network-peer.sh: a network-side pppd and its DNS), the
# dialer as the daemon, then online status, a ping and a name resolved across ppp0, a drop and
# the redial, and a clean stop. Nothing of the machine's own changes: ppp0, its routes, /etc/ppp
# and the resolver exist only in these namespaces, which vanish with the last of its processes.
# usage: scripts/demo-online.sh BUILD_DIR APN   (as root, already inside the namespaces)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=$1
apn=$2
net_ip=10.64.64.1
name=lte-dialer.demo name_ip=198.51.100.7 # exists only on the simulated network's DNS

dir=$(mktemp -d /tmp/lte-dialer-demo.XXXXXX)
sim_pid="" dialer_pid=""
cleanup() {
  [ -n "$dialer_pid" ] && kill "$dialer_pid" 2>/dev/null
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
say() { echo "demo: $*"; }
fail() {
  say "FAILED: $*; the dialer's log ends:"
  tail -n 20 "$dir/dialer.log" >&2
  exit 1
}
status_json() { "$build/lte-dialer" status --json --socket "$dir/sock" 2>/dev/null; }
json_num() { status_json | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
state() { status_json | sed -n 's/.*"state":"\([^"]*\)".*/\1/p'; }
children() { # children PID COMM: the pids of PID's children named COMM
  local p stat
  for p in /proc/[0-9]*; do
    stat=$(cat "$p/stat" 2>/dev/null) || continue
    set -- "$1" "$2" ${stat#*) }
    if [ "${4:-}" = "$1" ] && [ "$(cat "$p/comm" 2>/dev/null)" = "$2" ]; then echo "${p#/proc/}"; fi
  done
}
# wait_online SECONDS CONNECTS: print each state the daemon passes through until it is online
# with at least CONNECTS connects
wait_online() {
  local end=$((SECONDS + $1)) last="" now
  while [ $SECONDS -lt "$end" ]; do
    now=$(state)
    if [ -n "$now" ] && [ "$now" != "$last" ]; then
      say "  state: $now"
      last=$now
    fi
    [ "$now" = online ] && [ "$(json_num connects)" -ge "$2" ] && return 0
    sleep 0.3
  done
  return 1
}

# This namespace's own /etc/ppp (secrets, and resolv.conf, which pppd's usepeerdns writes) and
# resolver: /etc/resolv.conf shows /etc/ppp/resolv.conf, and names are looked up by plain DNS (the
# machine's nsswitch.conf may send them to a systemd-resolved outside this namespace).
mount -t tmpfs -o mode=0755 tmpfs /etc/ppp
: >/etc/ppp/resolv.conf
mount --bind /etc/ppp/resolv.conf /etc/resolv.conf
printf 'hosts: files dns\n' >"$dir/nsswitch.conf"
mount --bind "$dir/nsswitch.conf" /etc/nsswitch.conf
ip link set lo up

# The network: PAP with SORACOM's well-known credentials, addresses, and its DNS.
printf '%s 10.64.64.2\n' "$net_ip" >"$dir/net"
echo pap >"$dir/peer-auth"
echo "$name $name_ip" >"$dir/dns"
(umask 077 && printf '"sora" * "sora" *\n' >/etc/ppp/pap-secrets)
cat >"$dir/config.yaml" <<EOF
modem:
  profile: sim7600
  at_port: $dir/at
  data_port: $dir/data
apn: $apn
user: sora
password: sora
auth: pap
pppd:
  lcp_echo_interval: 2 # a dropped call is noticed within ~6 s
  lcp_echo_failure: 3
reconnect:
  backoff_initial: 1s
EOF
chmod 0600 "$dir/config.yaml"

"$build/lte-modem-sim" --at-link "$dir/at" --data-link "$dir/data" --attach-time 3 --boot-urcs \
  --latency 20 --fragment --urc-noise --control "$dir/sim.ctl" \
  --ppp-peer "sh $repo/scripts/network-peer.sh $dir" >"$dir/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do grep -q READY "$dir/sim.out" 2>/dev/null && break; sleep 0.05; done
grep -q READY "$dir/sim.out" || fail "lte-modem-sim did not start: $(cat "$dir/sim.out")"
say "no modem attached: lte-modem-sim simulates a SIMCom SIM7600 with a mobile network behind it"
say "(its own pppd and DNS at $net_ip). It needs 3 s to register, answers in fragments, sprinkles URCs."
say "starting the daemon: lte-dialer run (as systemd would), control socket $dir/sock"
STATE_DIRECTORY="$dir" "$build/lte-dialer" run --config "$dir/config.yaml" --socket "$dir/sock" >"$dir/dialer.log" 2>&1 &
dialer_pid=$!
wait_online 90 1 || fail "not online within 90 s"
echo
"$build/lte-dialer" status --socket "$dir/sock"
echo
say "ping $net_ip (the network side) across ppp0:"
ping -c 3 -W 5 "$net_ip" || fail "no ping reply across ppp0"
echo
say "resolving $name with the DNS server the network gave over PPP ($(grep nameserver /etc/resolv.conf | tr '\n' ' '| sed 's/ $//')):"
getent hosts "$name" || fail "$name did not resolve"
echo
say "the modem drops the call (the simulator's NO CARRIER); the daemon notices and redials:"
echo drop | socat -t 5 - "UNIX-CONNECT:$dir/sim.ctl" >/dev/null
wait_online 90 2 || fail "not online again within 90 s after the drop"
pppds=$(children "$dialer_pid" pppd)
say "online again: connects=$(json_num connects) reconnects=$(json_num reconnects)"
ping -c 1 -W 5 "$net_ip" >/dev/null || fail "no ping reply after the redial"
say "ping after the redial: ok"
echo
say "stopping the daemon (SIGTERM, as systemctl stop does)"
kill -TERM "$dialer_pid"
rc=0
wait "$dialer_pid" || rc=$?
dialer_pid=""
[ "$rc" -eq 0 ] || fail "lte-dialer exited $rc on SIGTERM"
left=$(ip -o link show ppp0 2>/dev/null || true)
[ -z "$left" ] || fail "ppp0 still there after the stop: $left"
for p in $pppds; do [ ! -d "/proc/$p" ] || fail "pppd $p still running after the stop"; done
say "stopped: exit 0, no pppd left, ppp0 gone"
