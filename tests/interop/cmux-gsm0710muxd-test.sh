#!/bin/bash
# lte-modem-sim's 27.010 responder against an initiator that is not ours: Debian's gsm0710muxd
# (pyneo's muxer, written for the Openmoko's TI Calypso modem). It sends its AT set-up and
# AT+CMUX=0,0,5,127, opens DLCI 0 and, for each channel asked for over D-Bus, a DLCI with a pty in
# front; AT commands through those ptys must come back answered by the simulated modem.
# gsm0710muxd wants the D-Bus system bus: a private one plays it (DBUS_SYSTEM_BUS_ADDRESS).
# Its channel close is not 27.010's DISC but a CLD inside the channel's UIH, which no modem we know
# answers; so the check stops at open channels and answers.
# usage: cmux-gsm0710muxd-test.sh LTE_MODEM_SIM   Exit status: the number of failed checks.
set -u
sim_bin=$1
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fails=0
expect() { # expect DESCRIPTION CMD...
  if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; fails=$((fails + 1)); fi
}
for tool in gsm0710muxd dbus-daemon dbus-send; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "FAIL: $tool is missing: scripts/setup.sh --tests installs gsm0710muxd and dbus"; exit 1; }
done
PATH=$PATH:/usr/sbin

cat >"$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$work/bus.conf" --nofork --nopidfile 2>"$work/bus.log" &
pids+=($!)
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$work/bus

"$sim_bin" --single-port --cmux --at-link "$work/uart" --attach-time 0.2 --transcript "$work/transcript" \
  >"$work/sim.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "$work/uart" ] && [ -S "$work/bus" ] && break; sleep 0.1; done

gsm0710muxd -s "$work/uart" -m basic -f 127 -l "$work/muxd.log" >"$work/muxd.out" 2>&1 &
pids+=($!)
muxer() { # muxer METHOD ARGS...: a call on gsm0710muxd's D-Bus interface, its reply's string
  dbus-send --system --print-reply --type=method_call --dest=org.pyneo.mux /org/pyneo/Muxer \
    "org.pyneo.Powered.$1" "${@:2}" 2>/dev/null | sed -n 's/.*string "\(.*\)"/\1/p'
}
for _ in $(seq 50); do dbus-send --system --print-reply --dest=org.pyneo.mux /org/pyneo/Muxer \
  org.freedesktop.DBus.Peer.Ping >/dev/null 2>&1 && break; sleep 0.1; done
muxer SetPower string:lte boolean:true >/dev/null
channel() { # channel: a pty of a new DLCI, once the muxer is muxing (its watchdog starts it)
  local dev=""
  for _ in $(seq 60); do
    dev=$(muxer GetDevice string:lte)
    dev=${dev#file://}
    [ -n "$dev" ] && break
    sleep 1
  done
  echo "$dev"
}
# A channel lives while its pty is open: gsm0710muxd closes the DLCI when the last fd goes.
ask() { # ask FD COMMAND: what the modem answers through the channel open on FD
  printf '%s\r' "$2" >&"$1"
  timeout 2 cat <&"$1" | tr -d '\r' | tr '\n' ' '
}

first=$(channel)
expect "gsm0710muxd's set-up reached the modem: AT+CMUX=0,0,5,127 answered, mux on with N1 127" \
  grep -q 'CMUX on, N1 127' "$work/transcript"
expect "a first channel was opened (SABM/UA) and has a pty: '$first'" test -c "$first"
exec 3<>"$first"
stty raw -echo <&3
answer=$(ask 3 AT+CGMM)
expect "AT+CGMM through gsm0710muxd's first channel: '$answer'" grep -q 'SIM7600G-H *OK' <<<"$answer"
second=$(channel)
expect "a second channel: '$second'" test -c "$second" -a "$second" != "$first"
exec 4<>"$second"
stty raw -echo <&4
answer=$(ask 4 AT+CSQ)
expect "AT+CSQ through the second channel: '$answer'" grep -q '+CSQ: [0-9]*,[0-9]* *OK' <<<"$answer"
answer=$(ask 3 AT)
expect "the first channel still answers: '$answer'" grep -q 'OK' <<<"$answer"
exec 3>&- 4>&-
if [ "$fails" -ne 0 ]; then
  echo "---- gsm0710muxd's log"; tail -40 "$work/muxd.log"
  echo "---- the simulator's transcript"; tail -40 "$work/transcript"
fi
exit "$fails"
