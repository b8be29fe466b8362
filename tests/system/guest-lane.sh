#!/bin/bash
# The system lane inside its booted guest (Debian 12, systemd as PID 1), started at every boot by
# lte-e2e.service (tests/system/image/). Boot 1 installs the package with apt as the README says and
# runs the checks up to a reboot; boot 2 checks that the dialer came back by itself, then purges.
# The modems are real USB devices through the kernel's gadget stack (tests/system/gadget.sh) served
# by the packaged lte-modem-sim --gadget, with a network-side pppd and DNS behind each data call
# (scripts/network-peer.sh). Every check prints one "STEP <name>: PASS|FAIL (detail)" line to
# the console and to $OUT/steps.log; the host (scripts/e2e-system.sh) counts them.
# shellcheck disable=SC2317  # the helpers run through wait_for/check, which shellcheck cannot follow
set -u
REPO=/run/lte-e2e/repo
OUT=/run/lte-e2e/out
HERE=$REPO/tests/system
STATE=/var/lib/lte-e2e # on the guest's disk: survives the reboot
CFG=/etc/lte-dialer/config.yaml
mkdir -p "$STATE"
phase=$(cat "$STATE/phase" 2>/dev/null || echo 1)
# The whole journal as it happens, for the host to read even if this boot never finishes.
journalctl -f -q -o short-monotonic >"$OUT/journal-live-$phase.log" 2>&1 &

t0=$(date +%s.%N)
stamp() { awk -v t0="$t0" -v t="$(date +%s.%N)" 'BEGIN {printf "%6.1f", t - t0}'; }
say() { echo "[$(stamp)] $*"; }
step() { # step NAME PASS|FAIL DETAIL...
    local name=$1 verdict=$2
    shift 2
    echo "STEP $name: $verdict${*:+ ($*)}" | tee -a "$OUT/steps.log"
}
check() { # check NAME DETAIL CMD...: PASS when CMD succeeds
    local name=$1 detail=$2
    shift 2
    if "$@"; then step "$name" PASS "$detail"; else step "$name" FAIL "$detail"; fi
}
wait_for() { # wait_for SECONDS CMD...: poll every 200 ms until CMD succeeds or the time is up
    local end=$(($(date +%s) + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$end" ] || return 1
        sleep 0.2
    done
}
unit_prop() { systemctl show -P "$2" "$1"; }
status_json() { lte-dialer status --json ${1:+--socket "$1"} 2>/dev/null; }
json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",]*\).*/\1/p"; }
online() { status_json "${1:-}" | grep -q '"state":"online"'; }
connects() { status_json | json_field connects; }
our_pppds() { pgrep -f "^/usr/sbin/pppd .*linkname" || true; }
journal_since() { journalctl -q -u "$1" --since "@$2" -o cat; }

# ---- the modems: a gadget each, served by lte-modem-sim, with the network behind it
modem_dir() { echo "/run/lte-e2e/modem-$1"; }
sim_ctl() { echo "$2" | socat -t 5 - "UNIX-CONNECT:$(modem_dir "$1")/ctl"; }
start_modem() { # start_modem NAME UDC LOCAL_IP REMOTE_IP
    local name=$1 d
    d=$(modem_dir "$name")
    mkdir -p "$d"
    echo "$3 $4" >"$d/net"
    echo "lte-e2e.test 198.51.100.7" >"$d/dns" # a name that exists only on this modem's network
    [ -d "/sys/kernel/config/usb_gadget/sim7600$name" ] || "$HERE/gadget.sh" create "sim7600$name" "E2E000$name"
    # A transient unit, so the "modem" outlives this script's steps and logs to the journal.
    systemd-run --quiet --unit "lte-e2e-modem-$name" --property KillMode=mixed \
        /usr/bin/lte-modem-sim --gadget "/sys/kernel/config/usb_gadget/sim7600$name" --udc "$2" \
        --attach-time 3 --boot-urcs --reset-time 3 --control "$d/ctl" \
        --transcript "$OUT/sim-$name-transcript.log" --ppp-peer "$REPO/scripts/network-peer.sh $d"
    wait_for 20 test -S "$d/ctl"
}
usb_ports_of() { # usb_ports_of SERIAL: the ttyUSB names of that modem's interfaces, in order
    local t
    for t in /sys/class/tty/ttyUSB*; do
        [ -e "$t" ] || continue
        udevadm info -q property -p "$t" | grep -qx "ID_SERIAL_SHORT=$1" && echo "${t##*/}"
    done | sort -V | tr '\n' ' '
}
port_of() { # port_of SERIAL IFNUM: /dev/ttyUSB<n> of that interface
    local t
    for t in /sys/class/tty/ttyUSB*; do
        [ -e "$t" ] || continue
        udevadm info -q property -p "$t" | grep -qx "ID_SERIAL_SHORT=$1" &&
            udevadm info -q property -p "$t" | grep -qx "ID_USB_INTERFACE_NUM=$2" && echo "/dev/${t##*/}"
    done
}
# Interfaces 0-3 as ttyUSB: the audio port (4) has none on dummy_hcd (tests/system/gadget.sh).
four_ports() { [ "$(usb_ports_of "$1" | wc -w)" -eq 4 ]; }

write_peer_secrets() { # the network's view of the subscriber (PAP)
    printf '"%s" * "%s" *\n' "$1" "$2" >/etc/ppp/pap-secrets
}
set_key() { # set_key KEY VALUE: a top-level key of config.yaml, replaced in place
    sed -i "s|^$1:.*|$1: $2|" "$CFG"
}

dump() {
    say "---- systemctl status lte-dialer*"
    systemctl --no-pager status 'lte-dialer*' 2>&1 | tail -40
    say "---- journal (lte-dialer*, last 60)"
    journalctl -q --no-pager -u 'lte-dialer*' -n 60 -o short-monotonic
    say "---- ip addr / route"
    ip addr
    ip route
    say "---- resolv.conf"
    cat /etc/resolv.conf
}

finish() {
    local passed failed
    passed=$(grep -c ': PASS' "$OUT/steps.log")
    failed=$(grep -c ': FAIL' "$OUT/steps.log")
    [ "$failed" -eq 0 ] || dump >"$OUT/dump-$phase.log" 2>&1
    journalctl -q --no-pager -b -o short-monotonic >"$OUT/journal-$phase.log" 2>&1
    say "guest: $passed passed, $failed failed"
    echo "E2E-DONE" >>"$OUT/steps.log"
    sync
    systemctl poweroff --force
    exit 0
}

if [ "$phase" = 1 ]; then
    : >"$OUT/steps.log"
    say "boot 1: kernel $(uname -r), systemd $(systemctl --version | head -1 | cut -d' ' -f2)"
    step boot PASS "systemd is PID 1, $(systemctl is-system-running 2>&1), up $(cut -d' ' -f1 /proc/uptime) s"

    # ---- install as the README says
    debs=("$REPO"/out/debs/lte-dialer_*_amd64.deb)
    deb=${debs[0]}
    cp "$deb" /root/
    if (cd /root && apt-get install -y -qq "./$(basename "$deb")") >"$OUT/apt-install.log" 2>&1; then
        step install PASS "apt install ./$(basename "$deb")"
    else
        step install FAIL "$(tail -3 "$OUT/apt-install.log" | tr '\n' ' ')"
        finish
    fi
    check install-layout "units, udev rule, group, disabled" sh -c \
        'test -f /lib/systemd/system/lte-dialer.service -a -f /lib/udev/rules.d/70-lte-dialer.rules &&
         getent group lte-dialer >/dev/null && ! systemctl is-enabled --quiet lte-dialer'

    # ---- the LAN: another interface already holds the default route (eth0 on a Pi, by DHCP)
    modprobe dummy
    ip link add lan0 type dummy && ip link set lan0 up
    ip addr add 192.0.2.10/24 dev lan0
    ip route add default via 192.0.2.1 dev lan0 metric 100

    # ---- the modem, plugged in after the package: udev and ModemManager see it arrive
    modprobe dummy_hcd num=2
    write_peer_secrets sora sora
    start_modem a dummy_udc.0 10.64.64.1 10.64.64.2
    if wait_for 30 four_ports E2E000a; then
        at=$(port_of E2E000a 02)
        step usb-modem PASS "1e0e:9001 bound by option: $(usb_ports_of E2E000a), AT interface 02 = $at"
    else
        step usb-modem FAIL "ports of E2E000a: '$(usb_ports_of E2E000a)'; $(dmesg | grep -i -E 'option|gadget|usb' | tail -5 | tr '\n' ' ')"
        finish
    fi
    mm_ignore=$(udevadm info -q property -n "$at" | grep -c '^ID_MM_DEVICE_IGNORE=1$')
    check udev-rule "ID_MM_DEVICE_IGNORE=1 on $at" test "$mm_ignore" -eq 1

    # ---- enable --now with the shipped config plus only the APN (profile: auto is shipped)
    set_key apn iot.e2e
    grep -q '^  profile: auto' "$CFG" || step config FAIL "the shipped config has no 'profile: auto'"
    start=$(date +%s)
    systemctl enable --now lte-dialer >"$OUT/enable.log" 2>&1 &
    enable_pid=$!
    seen=""
    while kill -0 "$enable_pid" 2>/dev/null; do
        st=$(unit_prop lte-dialer ActiveState)
        text=$(unit_prop lte-dialer StatusText)
        [ "$st" = activating ] && [ -n "$text" ] && case $seen in *"$text"*) ;; *) seen="$seen${seen:+ | }$text" ;; esac
        [ $(($(date +%s) - start)) -lt 120 ] || break
        sleep 0.2
    done
    if kill -0 "$enable_pid" 2>/dev/null; then
        kill "$enable_pid"
        enable_rc=124 # still waiting for READY=1 after 120 s
    else
        wait "$enable_pid"
        enable_rc=$?
    fi
    check activating-status "while dialing: $seen" test -n "$seen"
    check enable-now "systemctl enable --now returned $enable_rc after $(($(date +%s) - start)) s, $(unit_prop lte-dialer ActiveState)" \
        test "$enable_rc" -eq 0 -a "$(unit_prop lte-dialer ActiveState)" = active
    auto_line=$(journalctl -u lte-dialer --no-pager | grep -m1 'profile auto:')
    check profile-auto "${auto_line:-no 'profile auto:' line in the journal}" test "${auto_line##*: }" = sim7600
    check ppp0-address "$(ip -4 -o addr show ppp0 2>&1 | awk '{print $4}')" sh -c 'ip -4 addr show ppp0 | grep -q "inet 10.64.64.2 "'
    check apn-written "modem: $(sim_ctl a state)" sh -c "echo 'state' | socat -t 5 - UNIX-CONNECT:$(modem_dir a)/ctl | grep -q 'apn=\"iot.e2e\"'"

    # ---- routes: the LAN's default stays, the cellular one is added beside it
    routes=$(ip route show default | tr '\n' ';')
    check default-route "$routes" sh -c 'ip route show default | grep -q "dev ppp0" && ip route show default | grep -q "dev lan0"'

    # ---- DNS with the plain /etc/resolv.conf of a Debian install
    dns_check() { # dns_check NAME: lte-e2e.test exists only on the cellular network
        local got
        got=$(timeout 20 getent hosts lte-e2e.test 2>&1)
        check "$1" "getent hosts lte-e2e.test -> '${got:-nothing}'; resolv.conf: $(grep -v '^#' /etc/resolv.conf | tr '\n' ';'); journal: $(journalctl -u lte-dialer --no-pager -o cat | grep 'ppp hook:' | tail -1)" \
            sh -c "echo '$got' | grep -q '^198.51.100.7 '"
    }
    dns_check dns-plain

    # ---- ... with resolvconf, then with systemd-resolved (installed offline: the guest has no
    #      network but the cellular one; build-image.sh fetched them)
    redial() { # a new call, so that pppd's hook runs against the resolver now installed
        local c
        c=$(connects)
        sim_ctl a drop >/dev/null
        wait_for 90 sh -c "[ \"\$(lte-dialer status --json 2>/dev/null | grep -o '\"connects\":[0-9]*' | cut -d: -f2)\" -gt $c ]" &&
            wait_for 30 online
    }
    # resolvconf in charge: /etc/resolv.conf its file (installed offline by dpkg, it is not linked yet).
    # The unit's namespace holds /etc/resolv.conf as it was at start (the generator's ReadWritePaths
    # for a plain file bind-mounts the file, not the name), so a resolver installed under a running
    # dialer counts from its next start, as the README says: restart, as a user would (or reboot).
    if dpkg -i /var/cache/lte-e2e/resolvconf/*.deb >"$OUT/resolvconf-install.log" 2>&1 &&
        ln -sf ../run/resolvconf/resolv.conf /etc/resolv.conf && resolvconf --enable-updates &&
        systemctl restart lte-dialer && wait_for 90 online; then
        dns_check dns-resolvconf
    else
        step dns-resolvconf FAIL "resolvconf install or redial failed: $(tail -2 "$OUT/resolvconf-install.log" | tr '\n' ' ')"
    fi
    dpkg --purge resolvconf >>"$OUT/resolvconf-install.log" 2>&1
    # dbus learns resolved's policy only on a reload: before it, resolved runs without its bus name
    if dpkg -i /var/cache/lte-e2e/systemd-resolved/*.deb >"$OUT/resolved-install.log" 2>&1 &&
        systemctl reload dbus && systemctl restart systemd-resolved &&
        systemctl is-active --quiet systemd-resolved && redial; then
        dns_check dns-resolved
    else
        step dns-resolved FAIL "systemd-resolved install or redial failed: $(tail -2 "$OUT/resolved-install.log" | tr '\n' ' ')"
    fi

    # ---- the control socket for group members only
    usermod -aG lte-dialer pi
    sed -i 's|^# control:|control:|; s|^#   group: lte-dialer|  group: lte-dialer|' "$CFG"
    systemctl restart lte-dialer
    check restart-online "after systemctl restart" wait_for 60 online
    out=$(runuser -u pi -- lte-dialer status 2>&1)
    check status-as-group-member "pi: $(echo "$out" | head -2 | tr '\n' ' ')" sh -c "echo '$out' | grep -qi online"
    out=$(runuser -u pi -- lte-dialer at AT+CSQ 2>&1)
    check at-as-group-member "pi: $(echo "$out" | tr '\n' ' ')" sh -c "echo '$out' | grep -q '+CSQ:'"
    out=$(runuser -u visitor -- lte-dialer status 2>&1)
    rc=$?
    refused() { [ "$rc" -ne 0 ] && grep -qi -E 'permission denied|not allowed|refused' <<<"$out"; }
    check refused-outside-group "visitor (exit $rc): $(echo "$out" | head -2 | tr '\n' ' ')" refused

    # ---- the journal carries the structured fields
    fields=$(journalctl -u lte-dialer -o json --no-pager | grep -o '"LTE_[A-Z_]*"' | sort -u | tr -d '"' | tr '\n' ' ')
    check journal-fields "$fields" sh -c "echo '$fields' | grep -q LTE_STATE"

    # ---- reload: a key that needs no redial is applied without dropping the link
    before_connects=$(connects)
    before_pppd=$(our_pppds)
    since=$(date +%s)
    set_key log_level debug
    systemctl reload lte-dialer
    sleep 3
    lte-dialer at AT+CSQ >/dev/null 2>&1 # traffic the daemon logs at debug level
    check reload-keeps-link "connects $before_connects -> $(connects), pppd $before_pppd -> $(our_pppds)" \
        sh -c "[ '$(connects)' = '$before_connects' ] && [ '$(our_pppds)' = '$before_pppd' ] && ip link show ppp0 >/dev/null"
    check reload-applies-log-level "debug lines after reload: $(journal_since lte-dialer "$since" | grep -c -i debug)" \
        sh -c "journalctl -q -u lte-dialer --since @$since -o json | grep -q '\"PRIORITY\":\"7\"'"

    # ---- log_level trace: the password is nowhere in the journal
    pw="e2e-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    write_peer_secrets sora "$pw"
    set_key password "\"$pw\""
    set_key log_level trace
    since=$(date +%s)
    systemctl restart lte-dialer
    if wait_for 60 online; then
        leaks=$(journalctl -q --no-pager -o json --since "@$since" | grep -c -F "$pw")
        lines=$(journal_since lte-dialer "$since" | wc -l)
        check password-not-in-journal "online with a new password at trace level; $lines lines, $leaks with the password" \
            test "$leaks" -eq 0 -a "$lines" -gt 20
    else
        step password-not-in-journal FAIL "not online after the password change"
    fi
    set_key log_level info
    systemctl reload lte-dialer

    # ---- kill -9 while online: systemd restarts it, it takes the modem back from data mode
    pid=$(unit_prop lte-dialer MainPID)
    restarts=$(unit_prop lte-dialer NRestarts)
    kill -9 "$pid"
    if wait_for 30 sh -c "[ \$(systemctl show -P NRestarts lte-dialer) -gt $restarts ]" && wait_for 90 online; then
        n=$(our_pppds | wc -w)
        stale=""
        for l in /run/lock/LCK..*; do
            [ -e "$l" ] || continue
            kill -0 "$(tr -d ' \n' <"$l")" 2>/dev/null || stale="$stale ${l##*/}"
        done
        check kill-9-recovers "restarted by systemd, online, $n pppd, stale locks:${stale:- none}" \
            test "$n" -eq 1 -a -z "$stale"
    else
        step kill-9-recovers FAIL "NRestarts $(unit_prop lte-dialer NRestarts), state $(status_json | json_field state)"
    fi

    # ---- watchdog: a stopped daemon is killed and restarted by systemd
    mkdir -p /run/systemd/system/lte-dialer.service.d
    printf '[Service]\nWatchdogSec=4\n' >/run/systemd/system/lte-dialer.service.d/watchdog.conf
    systemctl daemon-reload
    systemctl restart lte-dialer
    if wait_for 60 online; then
        restarts=$(unit_prop lte-dialer NRestarts)
        since=$(date +%s)
        kill -STOP "$(unit_prop lte-dialer MainPID)"
        if wait_for 30 sh -c "[ \$(systemctl show -P NRestarts lte-dialer) -gt $restarts ]" && wait_for 90 online; then
            check watchdog "$(journalctl -q -u lte-dialer --since "@$since" -o cat | grep -i -m1 watchdog)" \
                sh -c "journalctl -q -u lte-dialer --since @$since -o cat | grep -qi 'watchdog timeout'"
        else
            step watchdog FAIL "NRestarts $(unit_prop lte-dialer NRestarts), state $(status_json | json_field state)"
        fi
    else
        step watchdog FAIL "not online with WatchdogSec=4"
    fi
    rm -r /run/systemd/system/lte-dialer.service.d
    systemctl daemon-reload

    # ---- the modem resets through the ladder: its USB device goes away and comes back
    sed -i 's|^  redial_attempts:.*|  redial_attempts: 0|; s|^  radio_cycle_attempts:.*|  radio_cycle_attempts: 0|' "$CFG"
    systemctl restart lte-dialer
    if wait_for 60 online; then
        c=$(connects)
        sim_ctl a drop >/dev/null
        if wait_for 120 sh -c "[ \"\$(lte-dialer status --json 2>/dev/null | grep -o '\"connects\":[0-9]*' | cut -d: -f2)\" -gt $c ]" &&
            wait_for 30 online; then
            check ladder-reset "AT+CFUN=1,1 sent: $(grep -c 'AT+CFUN=1,1' "$OUT/sim-a-transcript.log"), ports $(usb_ports_of E2E000a)" \
                grep -q 'AT+CFUN=1,1' "$OUT/sim-a-transcript.log"
        else
            step ladder-reset FAIL "not online again: $(status_json)"
        fi
    else
        step ladder-reset FAIL "not online before the drop"
    fi

    # ---- unplugged and plugged in again while online, on new ttyUSB numbers: another USB serial
    #      device (a GPS stick, say) took the old ones meanwhile
    old=$(usb_ports_of E2E000a)
    c=$(connects)
    sim_ctl a vanish >/dev/null
    wait_for 20 sh -c "[ -z \"\$(ls /sys/bus/usb-serial/devices 2>/dev/null)\" ]"
    "$HERE/gadget.sh" create squatter E2E000s 1e0e:9100
    "$HERE/gadget.sh" plug squatter dummy_udc.1
    wait_for 20 test -e /dev/ttyUSB0
    sim_ctl a return >/dev/null
    if wait_for 30 four_ports E2E000a && wait_for 120 sh -c "[ \"\$(lte-dialer status --json 2>/dev/null | grep -o '\"connects\":[0-9]*' | cut -d: -f2)\" -gt $c ]" && wait_for 30 online; then
        new=$(usb_ports_of E2E000a)
        check usb-replug "ports $old-> $new, online again" test "$old" != "$new"
    else
        step usb-replug FAIL "ports now '$(usb_ports_of E2E000a)', $(status_json)"
    fi
    # the ports were found again because udev said so, not at the next poll
    back=$(journalctl -u lte-dialer --no-pager -o cat | grep "the modem's ports are back" | tail -1)
    check ports-by-udev-event "${back:-no 'ports are back' line in the journal}" grep -q 'udev tty event' <<<"$back"
    "$HERE/gadget.sh" remove squatter

    # ---- ModemManager: never on our ports with the package's rule; on them without it
    mm_modems() { mmcli -L 2>&1 | grep -c '/Modem/'; }
    check mm-ignores "ModemManager $(systemctl is-active ModemManager), modems it knows: $(mm_modems)" \
        test "$(systemctl is-active ModemManager)" = active -a "$(mm_modems)" -eq 0
    systemctl stop lte-dialer
    mv /lib/udev/rules.d/70-lte-dialer.rules /root/
    udevadm control --reload-rules
    lines_before=$(wc -l <"$OUT/sim-a-transcript.log")
    sim_ctl a vanish >/dev/null
    sleep 1
    sim_ctl a return >/dev/null
    if wait_for 60 sh -c "tail -n +$((lines_before + 1)) '$OUT/sim-a-transcript.log' | grep -q ' < AT'"; then
        step mm-probes-without-rule PASS "ModemManager sent: $(tail -n +$((lines_before + 1)) "$OUT/sim-a-transcript.log" | grep ' < AT' | head -3 | awk '{print $NF}' | tr '\n' ' ')"
    else
        step mm-probes-without-rule FAIL "no AT from ModemManager within 60 s; mmcli: $(mmcli -L 2>&1 | tr '\n' ' ')"
    fi
    mv /root/70-lte-dialer.rules /lib/udev/rules.d/
    udevadm control --reload-rules
    sim_ctl a vanish >/dev/null
    sleep 1
    systemctl restart ModemManager # forgets the modem it took
    sim_ctl a return >/dev/null
    wait_for 30 four_ports E2E000a

    # ---- a broken config.yaml: exit 2, not restarted, the journal names file:line:column
    cp "$CFG" /root/config.yaml.good
    printf 'apn: [unclosed\n' >>"$CFG"
    since=$(date +%s)
    systemctl start lte-dialer
    sleep 8
    where=$(journal_since lte-dialer "$since" | grep -o -m1 '/etc/lte-dialer/config.yaml:[0-9]*:[0-9]*')
    check broken-config "$(unit_prop lte-dialer ActiveState), status $(unit_prop lte-dialer ExecMainStatus), restarts $(unit_prop lte-dialer NRestarts), journal: $where" \
        test "$(unit_prop lte-dialer ActiveState)" = failed -a "$(unit_prop lte-dialer ExecMainStatus)" = 2 -a -n "$where"
    cp /root/config.yaml.good "$CFG"
    systemctl reset-failed lte-dialer

    # ---- two modems, one instance each: lte-dialer@a and lte-dialer@b
    start_modem b dummy_udc.1 10.64.65.1 10.64.65.2
    wait_for 30 four_ports E2E000b
    for m in a b; do
        sed -e "s|^  profile: auto|  profile: sim7600\n  at_port: $(ls /dev/serial/by-id/*E2E000"$m"-if02*)\n  data_port: $(ls /dev/serial/by-id/*E2E000"$m"-if03*)|" \
            /root/config.yaml.good >"/etc/lte-dialer/$m.yaml"
        chmod 600 "/etc/lte-dialer/$m.yaml"
    done
    systemctl start lte-dialer@a lte-dialer@b
    if wait_for 90 online /run/lte-dialer/a.sock && wait_for 90 online /run/lte-dialer/b.sock; then
        ipa=$(status_json /run/lte-dialer/a.sock | json_field ip)
        ipb=$(status_json /run/lte-dialer/b.sock | json_field ip)
        check two-modems "a: $ipa, b: $ipb, $(our_pppds | wc -w) pppd, links: $(ip -o link show type ppp | awk '{print $2}' | tr '\n' ' ')" \
            test "$ipa" = 10.64.64.2 -a "$ipb" = 10.64.65.2
    else
        step two-modems FAIL "a: $(status_json /run/lte-dialer/a.sock | json_field state), b: $(status_json /run/lte-dialer/b.sock | json_field state)"
    fi
    systemctl stop lte-dialer@a lte-dialer@b
    sim_ctl b vanish >/dev/null

    # ---- systemctl stop: pppd gone, the call hung up, the ports released; on the way the hardened
    # unit writes the metrics textfile into node_exporter's directory and its counters into its
    # StateDirectory (ProtectSystem=strict forbids every other place)
    mkdir -p /var/lib/prometheus/node-exporter
    printf 'metrics:\n  textfile: /var/lib/prometheus/node-exporter/lte-dialer.prom\n' >>"$CFG"
    prom=/var/lib/prometheus/node-exporter/lte-dialer.prom
    systemctl start lte-dialer
    if wait_for 90 online; then
        check metrics-textfile "$prom: $(grep -E '^lte_dialer_(up|connects_total) ' "$prom" 2>/dev/null | tr '\n' ' ')" \
            grep -qx 'lte_dialer_up 1' "$prom"
        lines_before=$(wc -l <"$OUT/sim-a-transcript.log")
        systemctl stop lte-dialer
        sleep 1
        check counters-state "$(cut -c1-160 /var/lib/lte-dialer/counters.json 2>&1); $(grep -x 'lte_dialer_up 0' "$prom")" \
            sh -c "grep -q '\"connects\":[1-9]' /var/lib/lte-dialer/counters.json && grep -qx 'lte_dialer_up 0' $prom"
        hung=$(tail -n +$((lines_before + 1)) "$OUT/sim-a-transcript.log" | grep -c -E 'ATH|call down')
        holders=$(fuser /dev/ttyUSB* 2>/dev/null | wc -w)
        check stop "pppd left: $(our_pppds | wc -w), hang-up lines: $hung, port holders: $holders, locks: $(find /run/lock -name 'LCK..*' | wc -l)" \
            sh -c "[ -z '$(our_pppds)' ] && [ $hung -gt 0 ] && [ $holders -eq 0 ] && ! ls /run/lock/LCK..* >/dev/null 2>&1"
    else
        step stop FAIL "not online before the stop"
    fi

    # ---- reboot: the enabled daemon must come back online by itself
    echo 2 >"$STATE/phase"
    say "rebooting"
    sync
    systemctl reboot
    exit 0
fi

# ---- boot 2
say "boot 2: up $(cut -d' ' -f1 /proc/uptime) s"
# The modem is not plugged in yet: the boot must finish without waiting for the dialer to get online.
multi_user_up() { [ "$(unit_prop multi-user.target ActiveState)" = active ]; }
wait_for 60 multi_user_up
# profile auto with no modem yet: the daemon waits for one (and says so) rather than fail into restarts.
check boot-not-held "multi-user.target $(unit_prop multi-user.target ActiveState), lte-dialer $(unit_prop lte-dialer ActiveState): $(unit_prop lte-dialer StatusText)" \
    test "$(unit_prop multi-user.target ActiveState)" = active -a "$(unit_prop lte-dialer ActiveState)" = activating \
    -a "$(unit_prop lte-dialer StatusText)" = "waiting for a modem on USB"
modprobe dummy_hcd num=2
start_modem a dummy_udc.0 10.64.64.1 10.64.64.2
if wait_for 120 online; then
    check reboot-online "online by itself after the reboot: $(status_json | json_field ip), restarts $(unit_prop lte-dialer NRestarts)" \
        test "$(unit_prop lte-dialer NRestarts)" = 0
else
    step reboot-online FAIL "not online 120 s after the modem appeared: $(unit_prop lte-dialer StatusText)"
fi

# ---- apt purge leaves nothing of ours behind
apt-get purge -y -qq lte-dialer >"$OUT/apt-purge.log" 2>&1
left=""
for f in /usr/bin/lte-dialer /usr/bin/lte-modem-sim /etc/lte-dialer /lib/systemd/system/lte-dialer.service \
    /lib/systemd/system/lte-dialer@.service /lib/udev/rules.d/70-lte-dialer.rules /usr/share/lte-dialer \
    /run/lte-dialer /var/lib/lte-dialer /var/lib/prometheus/node-exporter/lte-dialer.prom \
    /etc/systemd/system/multi-user.target.wants/lte-dialer.service; do
    [ -e "$f" ] && left="$left $f"
done
getent group lte-dialer >/dev/null && left="$left group:lte-dialer"
[ -n "$(our_pppds)" ] && left="$left pppd"
ip link show ppp0 >/dev/null 2>&1 && left="$left ppp0"
check purge "left:${left:- nothing}" test -z "$left"
finish
