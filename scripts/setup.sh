#!/usr/bin/env bash
# Installs what lte-dialer needs from Debian 12's packages. Idempotent. Runs as root, or through
# sudo otherwise.
#   scripts/setup.sh                building, running, and the demo (scripts/demo.sh)
#   scripts/setup.sh --tests        also what CTest needs (scripts/test.sh passes it itself)
#   scripts/setup.sh [...] PKG...   further packages: each heavier lane names its own
#                                   (lint.sh, sanitize.sh, fuzz.sh, build-debs.sh, e2e-uml.sh, ...)
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config
  libboost-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev libsystemd-dev libre2-dev
  # run: real pppd; the demo's mobile network behind the simulator (its pppd in a network
  # namespace, its DNS, the simulator's control socket, a ping across the link)
  ppp socat dnsmasq-base iproute2 iputils-ping kmod util-linux
)
if [ "${1:-}" = --tests ]; then
  shift
  # gsm0710muxd (with the D-Bus daemon it talks through): an independent 27.010 initiator that the
  # simulator's CMUX responder is checked against
  # prometheus-node-exporter: the real exporter that serves (and judges) the metrics textfile
  packages+=(libgtest-dev libgmock-dev procps gsm0710muxd dbus-daemon dbus-bin prometheus-node-exporter)
fi
packages+=("$@")

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
