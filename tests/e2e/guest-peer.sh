#!/bin/sh
# The network side of a data call, started by lte-modem-sim --ppp-peer for each call with its
# stdin/stdout bridged to the call's bytes. Runs in the guest (busybox ash).
# usage: guest-peer.sh WORKDIR LOGDIR   (WORKDIR/peer-auth: pap or chap, what the network demands;
# the call's pppd pid goes to WORKDIR/peer.pid, its log to LOGDIR/peer-<call number>.log)
# - its own network namespace (unshare -n): in the dialer's namespace both ends would be local
#   addresses and pings would never cross the link;
# - `silent`: it waits for the dialer's first LCP frame instead of talking into a tty whose pppd
#   has not switched it to PPP yet (those bytes would be lost);
# - `notty`: its link is this stdin/stdout pipe pair, not a tty;
# - `noipv6`: the UML kernel has no IPv6; an IPv4-only network, like many.
W=$1 LOGS=$2
auth=$(cat "$W/peer-auth" 2>/dev/null || echo pap)
n=$(($(cat "$W/peer-calls" 2>/dev/null || echo 0) + 1))
echo "$n" > "$W/peer-calls"
echo $$ > "$W/peer.pid"   # unshare and pppd exec in place: this pid becomes pppd's
exec unshare -n /usr/sbin/pppd notty nodetach silent local nocrtscts nolock \
    auth "require-$auth" name isp 10.64.64.1:10.64.64.2 ms-dns 10.64.64.1 \
    lcp-echo-interval 0 nodefaultroute noproxyarp noipv6 \
    logfile "$LOGS/peer-$n.log" debug
