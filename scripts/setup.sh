#!/usr/bin/env bash
# Installs everything lte-dialer needs to build, test and run, from Debian 12's packages.
# Idempotent. Runs as root, or through sudo otherwise.
# Arguments name further packages a lane needs only sometimes (scripts/e2e-uml.sh's QEMU fallback).
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config
  libboost-dev libspdlog-dev libfmt-dev libcli11-dev libyaml-cpp-dev libsystemd-dev libre2-dev
  libgtest-dev libgmock-dev
  # runtime: real pppd (and chat for the benchmark peers)
  ppp
  # tests: pty bridging, the real-pppd lane under User-Mode-Linux, the benchmark peer
  socat user-mode-linux busybox-static kmod iproute2 iputils-ping procps wvdial
  # lanes: sanitizers and fuzzing (clang's libFuzzer), lint
  clang libclang-rt-14-dev clang-format clang-tidy
  # packaging
  dpkg-dev lintian help2man file
  "$@"
)

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
