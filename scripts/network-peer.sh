#!/bin/sh
# The mobile network behind lte-modem-sim's data port: started by `lte-modem-sim --ppp-peer` for
# each data call, with its stdin/stdout bridged to the call's bytes; the network-side pppd, as an
# operator's would be. Used by scripts/demo.sh and the real-pppd lane (tests/e2e). POSIX sh: the
# lane's guest runs it under busybox.
# usage: network-peer.sh DIR [LOGDIR]
#   DIR/net        "LOCAL REMOTE": the network's address and the one it gives the dialer
#   DIR/peer-auth  pap or chap: what the network demands (secrets in /etc/ppp/*-secrets); default pap
#   DIR/dns        optional "NAME ADDRESS": the network serves DNS at LOCAL, NAME resolving to ADDRESS
#                  (dnsmasq); the name exists only there, so resolving it proves the network's DNS
#                  reached the dialer's resolver
# The call's pppd pid goes to DIR/peer.pid, its log to LOGDIR/peer-<call number>.log (LOGDIR
# defaults to DIR), dnsmasq's to LOGDIR/dns-<call>.log.
# - its own network namespace (unshare -n): in the dialer's, both ends would be local addresses
#   and no packet would cross the link;
# - `silent`: it waits for the dialer's first LCP frame instead of talking into a tty whose pppd
#   has not switched it to PPP yet (those bytes would be lost); `notty`: its link is this pipe pair;
# - `noipv6`: an IPv4-only network, like many; `ipparam` tells Debian's ip-up scripts who it is.
W=$1
LOGS=${2:-$1}
read -r net_ip peer_ip <"$W/net"
auth=$(cat "$W/peer-auth" 2>/dev/null || echo pap)
n=$(($(cat "$W/peer-calls" 2>/dev/null || echo 0) + 1))
echo "$n" >"$W/peer-calls"
dns_name="" dns_addr=""
[ -f "$W/dns" ] && read -r dns_name dns_addr <"$W/dns"
echo $$ >"$W/peer.pid" # unshare, sh and pppd exec in place: this pid becomes pppd's
export net_ip peer_ip auth n dns_name dns_addr LOGS
# shellcheck disable=SC2016  # expanded by the inner shell, inside the new namespace
exec unshare -n sh -c '
  ip link set lo up
  if [ -n "$dns_name" ]; then
    dnsmasq --keep-in-foreground --user=root --no-resolv --no-hosts --bind-dynamic \
        --listen-address="$net_ip" --address="/$dns_name/$dns_addr" --log-queries \
        --log-facility="$LOGS/dns-$n.log" --pid-file= &
  fi
  exec /usr/sbin/pppd notty nodetach silent local nocrtscts nolock auth "require-$auth" name isp \
      "$net_ip:$peer_ip" ms-dns "$net_ip" lcp-echo-interval 0 nodefaultroute noproxyarp noipv6 \
      ipparam lte-dialer-network logfile "$LOGS/peer-$n.log" debug'
