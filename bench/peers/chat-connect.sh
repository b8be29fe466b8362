#!/bin/sh
# The connect script a pppd user writes for an LTE modem, run the way pppd runs its `connect`
# script: stdin and stdout are the modem's data tty, already in raw mode.
# chat cannot wait for an unsolicited +CEREG, so registration is polled with a fixed pause.
# Usage: chat-connect.sh APN [PAUSE_SECONDS]
set -u
apn=$1
pause=${2:-1}
chat=${CHAT:-/usr/sbin/chat}

"$chat" -t 5 ABORT ERROR ABORT 'SIM PIN' ABORT 'SIM PUK' \
    '' AT OK ATE0 OK 'AT+CPIN?' OK "AT+CGDCONT=1,\"IP\",\"$apn\"" OK || exit 1

# Roaming (0,5: the SIM is a roaming one) ends the loop; searching, denied, unknown go round again.
# The expect is the status itself, not the OK after it: an ABORT leaves that OK unread in the tty,
# and the next poll's chat would take it for its own answer and dial before registration.
tries=0
until "$chat" -t 5 ABORT ERROR ABORT '0,0' ABORT '0,2' ABORT '0,3' ABORT '0,4' '' 'AT+CEREG?' '0,5'; do
    tries=$((tries + 1))
    [ "$tries" -lt 180 ] || exit 2
    sleep "$pause"
done

exec "$chat" -t 30 ABORT BUSY ABORT 'NO CARRIER' ABORT 'NO DIALTONE' ABORT ERROR '' 'ATD*99***1#' CONNECT
