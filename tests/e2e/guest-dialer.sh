#!/bin/sh
# The real-pppd lane, run INSIDE User-Mode-Linux or QEMU (busybox ash) by tests/e2e/guest-init.sh.
# lte-dialer (daemon) dials lte-modem-sim; for each data call the simulator starts a network-side
# pppd (scripts/network-peer.sh) in its own network namespace; real kernel PPP on both ends.
# Checks: ppp0 up with the assigned address, DNS from the peer, ping across the link, AT commands
# through the daemon while online, redial after the network's pppd dies (CHAP first, PAP then) and
# after the modem drops the call, clean SIGTERM, no pppd left, password never in argv or the log.
# env: E2E_BIN (dir with lte-dialer, lte-modem-sim), E2E_OUT (writable host dir for logs).
# Prints STEP lines; exit status = number of failed checks (0: all passed).
set -u
BIN=${E2E_BIN:?E2E_BIN not set}
OUT=${E2E_OUT:?E2E_OUT not set}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
W=/tmp/e2e                 # sockets and pty links (tmpfs; hostfs cannot hold sockets)
SOCK=$W/dialer.sock
FAILS=0
DIALER="" SIM="" WATCH=""

ts() { awk '{printf "%6.1f", $1}' /proc/uptime; }
say() { echo "[$(ts)] $*"; }
pass() { say "STEP $1: PASS ${2:-}"; }
fail() { say "STEP $1: FAIL ${2:-}"; FAILS=$((FAILS + 1)); }
uptime_s() { read -r _up _ </proc/uptime; echo "${_up%.*}"; }
# wait_for SECONDS CMD...: poll every 250 ms until a deadline (UML syscalls are slow, so the
# deadline is on the clock, not a count of tries; callers give headroom)
wait_for() {
    _end=$(($(uptime_s) + $1)); shift
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        [ "$(uptime_s)" -lt $_end ] || return 1
        usleep 250000
    done
}

status_json() { "$BIN/lte-dialer" status --json --socket "$SOCK" 2>/dev/null; }
json_num() { status_json | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
json_str() { status_json | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
online_with() {   # online_with MIN_CONNECTS: state online, at least that many connects
    s=$(status_json) || return 1
    case $s in *'"state":"online"'*) ;; *) return 1 ;; esac
    c=$(echo "$s" | sed -n 's/.*"connects":\([0-9]*\).*/\1/p')
    [ "${c:-0}" -ge "$1" ]
}
local_ip_up() { ip -4 addr show ppp0 2>/dev/null | grep -q 'inet 10\.64\.64\.2 '; }
sim_ctl() { echo "$1" | socat -t 5 - "UNIX-CONNECT:$W/sim.ctl"; }
our_pppds() {   # pids of pppd processes lte-dialer started (the peer's are notty)
    for p in $(pidof pppd); do
        tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q 'linkname' && echo "$p"
    done
}

tty_state() {   # a tty's line discipline (0 N_TTY, 3 N_PPP) and its unread input / unsent output
    python3 -c 'import fcntl, os, struct, sys, termios
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
q = lambda req: struct.unpack("i", fcntl.ioctl(fd, req, b"\0" * 4))[0]
d = q(termios.TIOCGETD)
print("ldisc", d, "unread", q(termios.FIONREAD), "unsent", q(termios.TIOCOUTQ)) if d == 0 else print("ldisc", d)' "$1" 2>&1
}
fd_flags() {   # pid: the open flags (octal) of its fds on ptys
    for f in /proc/"$1"/fd/*; do
        t=$(readlink "$f") || continue
        case $t in /dev/pts/*|/dev/ptmx) echo "fd ${f##*/} $t $(grep flags "/proc/$1/fdinfo/${f##*/}" | tr -s '\t ' ' ')" ;; esac
    done
}
exited() { [ ! -d "/proc/$1" ] || grep -q ') Z ' "/proc/$1/stat"; }   # gone, or a zombie not yet waited for
no_pppd_of_ours() { [ -z "$(our_pppds)" ]; }
# A diagnostic for the log: once lte-dialer's pppd is gone the data tty must be back in N_TTY (0)
# and readable by the dialer, or it cannot read the modem's replies there.
after_pppd_exit() {
    command -v python3 >/dev/null && wait_for 30 no_pppd_of_ours || return 0
    say "lte-dialer's pppd has exited; $W/data: $(tty_state "$W/data"); lte-dialer's ptys: $(fd_flags "$DIALER" | tr '\n' ';')"
}
dump() {
    say "---- status: $(status_json)"
    command -v python3 >/dev/null && say "---- $W/data: $(tty_state "$W/data")"
    [ -n "$DIALER" ] && say "---- lte-dialer's ptys: $(fd_flags "$DIALER" | tr '\n' ';')"
    [ -n "$SIM" ] && say "---- lte-modem-sim's ptys: $(fd_flags "$SIM" | tr '\n' ';')"
    say "---- ip addr:"; ip addr 2>&1
    say "---- ps:"; ps 2>&1 | grep -v ' \[' 
    for f in "$OUT"/dialer.log "$OUT"/sim.log "$OUT"/sim-transcript.log "$OUT"/peer-*.log; do
        [ -f "$f" ] && { say "---- $f (last 40 lines)"; tail -n 40 "$f"; }
    done
}
cleanup() {
    [ -n "$DIALER" ] && kill "$DIALER" 2>/dev/null
    [ -n "$SIM" ] && kill "$SIM" 2>/dev/null
    [ -n "$WATCH" ] && kill "$WATCH" 2>/dev/null
    [ -n "$DIALER" ] && wait "$DIALER" 2>/dev/null
    [ -n "$SIM" ] && wait "$SIM" 2>/dev/null
}
abort() { fail "$1" "${2:-}"; dump; cleanup; say "FAILURES=$FAILS (aborted)"; exit "$FAILS"; }

mkdir -p "$W"
say "kernel $(uname -r); /dev/ppp: $(ls -l /dev/ppp 2>&1)"
[ -c /dev/ppp ] || abort setup "no /dev/ppp in the guest (ppp_async module not loaded?)"
for b in lte-dialer lte-modem-sim; do [ -x "$BIN/$b" ] || abort setup "$BIN/$b missing"; done

# Debian's /etc/ppp/options (auth, lock, crtscts, modem) as a real system has it: lte-dialer's
# pppd must work despite it. guest-init.sh saved it before covering /etc/ppp with tmpfs.
if [ -f /run/debian-ppp-options ]; then
    cp /run/debian-ppp-options /etc/ppp/options
    say "/etc/ppp/options: $(grep -v '^#' /etc/ppp/options | grep . | tr '\n' ' ')"
else : >/etc/ppp/options; fi

# A password nobody else uses, so any occurrence of it is a leak.
PW="e2e-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$PW" >"$W/pw.pattern"   # grep -f: the password never is a grep argument
umask 077
printf '"sora" * "%s" *\n' "$PW" >/etc/ppp/pap-secrets
printf '"sora" * "%s" *\n' "$PW" >/etc/ppp/chap-secrets
cat >"$W/config.yaml" <<EOF
modem:
  profile: sim7600
  at_port: $W/at
  data_port: $W/data
apn: soracom.io
user: sora
password: "$PW"
auth: auto
timeouts:
  command: 10s
  registration: 60s
  connect: 30s
  ppp_up: 60s
pppd:
  options: [debug]          # packet trace: PAP/CHAP lines must still hide the password
  lcp_echo_interval: 2      # a dropped call is noticed within ~6 s
  lcp_echo_failure: 3
  holdoff: 1s
reconnect:
  backoff_initial: 1s
  backoff_max: 4s
log_level: debug
insecure_permissions: false
EOF
umask 022

# Watch every process's argv for the password for the whole run.
(
    while [ ! -e "$W/stop-watch" ]; do
        if cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' '\n' | grep -qFf "$W/pw.pattern"; then
            for f in /proc/[0-9]*/cmdline; do
                tr '\0' '\n' <"$f" 2>/dev/null | grep -qFf "$W/pw.pattern" &&
                    echo "pid ${f#/proc/} $(tr '\0' ' ' <"$f" | cut -d' ' -f1)" >>"$W/leaks"
            done
        fi
        usleep 300000
    done
) &
WATCH=$!

# 1. the simulated modem; each data call gets a network-side pppd (CHAP first)
echo chap >"$W/peer-auth"
echo "10.64.64.1 10.64.64.2" >"$W/net"
"$BIN/lte-modem-sim" --at-link "$W/at" --data-link "$W/data" --attach-time 1 --boot-urcs \
    --control "$W/sim.ctl" --transcript "$OUT/sim-transcript.log" --ppp-peer "sh $REPO/scripts/network-peer.sh $W $OUT" >"$OUT/sim.log" 2>&1 &
SIM=$!
wait_for 20 grep -q '^READY' "$OUT/sim.log" || abort simulator "lte-modem-sim did not print READY"
pass simulator "$(grep '^READY' "$OUT/sim.log")"

# 2. the daemon
STATE_DIRECTORY="$W" "$BIN/lte-dialer" run --config "$W/config.yaml" --socket "$SOCK" >"$OUT/dialer.log" 2>&1 &
DIALER=$!
T0=$(awk '{print $1}' /proc/uptime)

# 3. online: address, DNS, ping across the link
wait_for 90 online_with 1 || abort online "lte-dialer did not reach online within 90 s"
T1=$(awk '{print $1}' /proc/uptime)
pass online "after $(echo "$T1 $T0" | awk '{printf "%.1f", $1 - $2}') s"
if local_ip_up; then pass address "$(ip -4 addr show ppp0 | grep inet | sed 's/^ *//')"
else fail address "ppp0 has no 10.64.64.2: $(ip -4 addr show ppp0 2>&1 | tr '\n' ' ')"; fi
ip=$(json_str ip)
[ "$ip" = 10.64.64.2 ] && pass status-ip "status shows ip $ip" || fail status-ip "status ip: '$ip'"
case $(status_json) in
    *'"dns":["10.64.64.1"'*) pass dns "status shows the peer's DNS 10.64.64.1" ;;
    *) fail dns "status: $(status_json)" ;;
esac
# pppd 2.4.9 logs no "succeeded" line as the CHAP authenticator: look for its packets instead
if grep -q 'rcvd \[CHAP Response .*name = "sora"' "$OUT/peer-1.log" 2>/dev/null &&
    grep -q 'sent \[CHAP Success' "$OUT/peer-1.log"; then
    pass chap "the network authenticated sora by CHAP"
else fail chap "no CHAP Response from sora answered by Success in peer-1.log"; fi
if ping -c 1 -W 5 10.64.64.1 >/dev/null; then pass ping "10.64.64.1 answers across ppp0"
else fail ping "ping 10.64.64.1 failed"; fi

# The session's bytes are the real kernel's counters of ppp0 (the ping's among them)
rx=$(json_num session_received_bytes); tx=$(json_num session_sent_bytes)
[ "${rx:-0}" -gt 0 ] && [ "${tx:-0}" -gt 0 ] && pass session-bytes "ppp0 received $rx, sent $tx bytes" ||
    fail session-bytes "status: $(status_json)"

# 4. AT commands through the daemon while PPP is up
csq=$("$BIN/lte-dialer" at AT+CSQ --socket "$SOCK" 2>&1)
case $csq in *'+CSQ:'*OK*) pass at-while-online "$(echo "$csq" | tr '\n' ' ')" ;;
             *) fail at-while-online "lte-dialer at AT+CSQ: $csq" ;; esac

# 5a. the network's pppd dies (it sends LCP TermReq, then the call ends); the next call
#     authenticates by PAP
echo pap >"$W/peer-auth"
kill -TERM "$(cat "$W/peer.pid")"
say "killed the network-side pppd"
after_pppd_exit
if wait_for 90 online_with 2 && wait_for 20 local_ip_up; then
    pass redial-after-peer-exit "reconnects=$(json_num reconnects) connects=$(json_num connects)"
    [ "$(json_num reconnects)" -ge 1 ] && pass reconnects-counted || fail reconnects-counted "$(status_json)"
    grep -q 'PAP peer authentication succeeded for sora' "$OUT/peer-2.log" 2>/dev/null &&
        pass pap "the network authenticated sora by PAP" || fail pap "no PAP success in peer-2.log"
    ping -c 1 -W 5 10.64.64.1 >/dev/null && pass ping-after-redial || fail ping-after-redial
else
    abort redial-after-peer-exit "not online again within 90 s"
fi

# 5b. the modem drops the call (NO CARRIER on the data port; pppd sees its LCP echoes unanswered)
r=$(sim_ctl drop)
say "simulator: drop -> $r"
after_pppd_exit
if wait_for 90 online_with 3 && wait_for 20 local_ip_up; then
    pass redial-after-drop "reconnects=$(json_num reconnects) connects=$(json_num connects)"
    [ "$(json_num reconnects)" -ge 2 ] && pass reconnects-counted-2 || fail reconnects-counted-2 "$(status_json)"
    ping -c 1 -W 5 10.64.64.1 >/dev/null && pass ping-after-drop || fail ping-after-drop
    # two ended sessions (pppd's own count or the last reading of ppp0) and the one under way
    period=$(json_num period_received_bytes); now=$(json_num session_received_bytes)
    [ "${period:-0}" -gt "${now:-0}" ] && [ "$(json_num period_drops)" -ge 2 ] &&
        pass period-bytes "received $period bytes in the period, $now in this session, drops $(json_num period_drops)" ||
        fail period-bytes "status: $(status_json)"
else
    abort redial-after-drop "not online again within 90 s"
fi

# 6. SIGTERM: exit 0 within a few seconds, no pppd of ours left, ppp0 gone
pppds=$(our_pppds | tr '\n' ' ' | sed 's/ $//')
T0=$(awk '{print $1}' /proc/uptime)
kill -TERM "$DIALER"
if wait_for 15 exited "$DIALER"; then
    wait "$DIALER"; rc=$?
    DIALER=""
    took=$(awk -v t0="$T0" '{printf "%.1f", $1 - t0}' /proc/uptime)
    [ $rc -eq 0 ] && pass sigterm "exit 0, $took s after SIGTERM" || fail sigterm "exit status $rc"
else
    fail sigterm "lte-dialer still running 15 s after SIGTERM"
fi
left=$(our_pppds | tr '\n' ' ')
[ -z "$left" ] && pass no-pppd-left "pppd ($pppds) gone" || fail no-pppd-left "still running: $left"
wait_for 10 sh -c '! ip link show ppp0' && pass ppp0-gone || fail ppp0-gone "$(ip link show ppp0 2>&1)"

# the password: never in any argv, never in the daemon's log (which did log the session)
touch "$W/stop-watch"; wait "$WATCH"; WATCH=""
[ -s "$W/leaks" ] && fail password-argv "password in /proc/*/cmdline: $(sort -u "$W/leaks" | tr '\n' ';')" ||
    pass password-argv "never in /proc/*/cmdline"
if grep -qFf "$W/pw.pattern" "$OUT/dialer.log"; then fail password-log "the password is in the daemon's log"
elif ! grep -q 'online' "$OUT/dialer.log"; then fail password-log "the daemon's log is empty or lacks the session"
else pass password-log "not in the daemon's log ($(wc -l <"$OUT/dialer.log") lines)"; fi

[ $FAILS -eq 0 ] || dump
cleanup
DIALER="" SIM=""

# 7. the README's demo, as a newcomer runs it on a kernel with PPP: online, a ping and a name
#    across ppp0, a drop and the redial, a clean stop, and nothing of it left behind
demo_rc=0
SKIP_BUILD=1 BUILD_DIR=$BIN timeout 240 bash "$REPO/scripts/demo.sh" >"$OUT/demo.log" 2>&1 || demo_rc=$?
demo_has() { grep -q -- "$1" "$OUT/demo.log"; }
if [ $demo_rc -eq 0 ] && demo_has 'state: online' && demo_has 'bytes from 10.64.64.1' &&
    demo_has '^198.51.100.7 *lte-dialer.demo' && demo_has 'online again: connects=2' &&
    demo_has 'stopped: exit 0, no pppd left, ppp0 gone'; then
    pass demo "scripts/demo.sh: online, ping, DNS, redial, clean stop"
else
    fail demo "scripts/demo.sh exit $demo_rc; its output ends: $(tail -n 8 "$OUT/demo.log" | tr '\n' ';')"
fi
left=$(for p in $(pidof pppd dnsmasq lte-modem-sim lte-dialer); do tr '\0' ' ' <"/proc/$p/cmdline"; echo; done)
[ -z "$left" ] && pass demo-left-nothing "no pppd, dnsmasq, simulator or dialer running" ||
    fail demo-left-nothing "still running: $left"
ls -d /tmp/lte-dialer-demo.* >/dev/null 2>&1 && fail demo-temp-gone "$(ls -d /tmp/lte-dialer-demo.*)" ||
    pass demo-temp-gone "no /tmp/lte-dialer-demo.* left"

say "FAILURES=$FAILS"
exit $FAILS
