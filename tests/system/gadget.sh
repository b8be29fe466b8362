#!/bin/bash
# gadget.sh create NAME SERIAL [VID:PID] | remove NAME: a USB device through the kernel's gadget stack
# (dummy_hcd + configfs), for the system lane's guest. The default is a SIMCom SIM7600 (1e0e:9001)
# in its interface layout: 0 diagnostics, 1 NMEA, 2 AT, 3 modem (PPP), 4 audio. Debian 6.1's option
# driver binds 1e0e:9001 on every interface but the reserved 5 and 6 (RSVD(5) | RSVD(6)), so the
# host sees ttyUSB<n>.. with the AT port at interface 2 and the modem at 3, as with the real module.
# One difference: dummy_hcd has four bulk endpoint pairs with fixed numbers, and the gadget core
# numbers a fifth from 1 again, so the kernel drops interface 4's duplicate endpoints and the
# audio port gets no ttyUSB (on the real module it is ttyUSB4, which no dialer uses).
# Interfaces 1 to 4 are serial functions (gser.nmea, gser.at, gser.modem, gser.audio; lte-modem-sim
# --gadget serves at and modem on /dev/ttyGS*); 0 is a loopback function, which the option driver
# binds all the same: the kernel has 8 gadget serial ports, and two modems must fit. (One loopback
# per gadget: its instances share static endpoint descriptors, a second one duplicates endpoints.)
# Another VID:PID makes a one-port squatter (a loopback) that takes a ttyUSB number.
set -euo pipefail
cfg=/sys/kernel/config/usb_gadget
cmd=$1 name=$2
g=$cfg/$name
case $cmd in
  create)
    serial=$3 id=${4:-1e0e:9001}
    modprobe -a libcomposite usb_f_serial usb_f_ss_lb
    mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
    mkdir "$g"
    echo "0x${id%:*}" >"$g/idVendor"
    echo "0x${id#*:}" >"$g/idProduct"
    echo 0x0318 >"$g/bcdDevice"
    echo 0x0200 >"$g/bcdUSB"
    mkdir "$g/strings/0x409"
    echo "SimTech, Incorporated" >"$g/strings/0x409/manufacturer"
    echo "SimTech, Incorporated" >"$g/strings/0x409/product"
    echo "$serial" >"$g/strings/0x409/serialnumber"
    mkdir -p "$g/configs/c.1/strings/0x409"
    echo "Configuration" >"$g/configs/c.1/strings/0x409/configuration"
    echo 500 >"$g/configs/c.1/MaxPower"
    if [ "$id" = 1e0e:9001 ]; then functions=(Loopback.diag gser.nmea gser.at gser.modem gser.audio)
    else functions=(Loopback.a); fi
    for f in "${functions[@]}"; do  # linked in interface order
      mkdir "$g/functions/$f"
      ln -s "$g/functions/$f" "$g/configs/c.1/"
    done
    ;;
  plug) echo "$3" >"$g/UDC" ;;
  unplug) [ -z "$(cat "$g/UDC")" ] || echo "" >"$g/UDC" ;;
  remove)
    [ -d "$g" ] || exit 0
    [ -z "$(cat "$g/UDC")" ] || echo "" >"$g/UDC"
    for l in "$g"/configs/c.1/*.*; do [ -L "$l" ] && rm "$l"; done
    rmdir "$g/configs/c.1/strings/0x409" "$g/configs/c.1" "$g"/functions/* "$g/strings/0x409" "$g"
    ;;
  *) echo "usage: $0 create NAME SERIAL [VID:PID] | plug NAME UDC | unplug NAME | remove NAME" >&2; exit 2 ;;
esac
