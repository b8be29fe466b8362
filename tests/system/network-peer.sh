#!/bin/sh
# The network behind a simulated modem's data port in the system lane, started by lte-modem-sim
# --ppp-peer for each data call with its stdin/stdout bridged to the call's bytes.
# usage: network-peer.sh DIR   DIR/net holds "LOCAL REMOTE" (the network's and the dialer's
# addresses); the call's pppd pid goes to DIR/peer.pid, its log to DIR/peer-<call>.log.
# As in the real-pppd lane (tests/e2e/guest-peer.sh): its own network namespace, `silent`, `notty`.
# Here it also serves DNS at its address: the name lte-e2e.test exists only on this network, so
# resolving it proves the network's DNS servers reached the guest's resolver.
# Both ends are in one guest and both pppds run /etc/ppp/ip-up; this one's ipparam says who it is.
W=$1
read -r net_ip peer_ip <"$W/net"
n=$(($(cat "$W/calls" 2>/dev/null || echo 0) + 1))
echo "$n" >"$W/calls"
echo $$ >"$W/peer.pid"   # unshare, sh and pppd exec in place: this pid becomes pppd's
export net_ip peer_ip W n
# shellcheck disable=SC2016  # expanded by the inner shell, inside the new namespace
exec unshare -n sh -c '
  ip link set lo up
  dnsmasq --keep-in-foreground --user=root --no-resolv --no-hosts --bind-dynamic \
      --listen-address="$net_ip" --address=/lte-e2e.test/198.51.100.7 --log-queries \
      --log-facility="$W/dns-$n.log" --pid-file= &
  exec /usr/sbin/pppd notty nodetach silent local nocrtscts nolock auth require-pap name isp \
      "$net_ip:$peer_ip" ms-dns "$net_ip" lcp-echo-interval 0 nodefaultroute noproxyarp noipv6 \
      ipparam lte-e2e-network logfile "$W/peer-$n.log" debug'
