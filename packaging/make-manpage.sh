#!/usr/bin/env bash
# make-manpage.sh OUT.1 "SHORT DESCRIPTION" INCLUDE.h2m BINARY [EMULATOR...]: a man page from the
# program's own --help/--version (help2man). A cross-built BINARY runs under EMULATOR (qemu-user -L sysroot).
set -euo pipefail
out=$1 desc=$2 include=$3 binary=$4
shift 4
name=$(basename "$binary")
# help2man names the page after the program it runs, so run it through a wrapper of the same name.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$*" "$binary" > "$tmp/$name"
chmod +x "$tmp/$name"
help2man --no-info --no-discard-stderr --name="$desc" --include="$include" --output="$out" "$tmp/$name"
