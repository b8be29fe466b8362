#!/usr/bin/env bash
# completion-test.sh DIR: the packaged bash completion (DIR/usr/share/bash-completion/completions/lte-dialer)
# completes subcommands, each subcommand's flags (read from DIR/usr/bin/lte-dialer) and enumerated values.
set -uo pipefail
dir=$1
source /usr/share/bash-completion/bash_completion
source "$dir/usr/share/bash-completion/completions/lte-dialer"
PATH=$dir/usr/bin:$PATH
failures=0
expect() { # want, words...
  local want=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _lte_dialer
  if [ "${COMPREPLY[*]}" = "$want" ]; then echo "  ok: [$*] → $want"
  else echo "  FAIL: [$*] → '${COMPREPLY[*]}', want '$want'"; failures=$((failures + 1)); fi
}
expect "connect run status at down up info check-config" lte-dialer ""
expect "down" lte-dialer "do"
expect "check-config" lte-dialer ch
expect "--apn --at-port --auth" lte-dialer connect --a
expect "none pap chap auto" lte-dialer connect --auth ""
expect "--help --json --reset-counters --socket --watch" lte-dialer status --
expect "ipv4v6" lte-dialer run --pdp-type ipv4v
echo "completion-test: $failures failed"
[ "$failures" = 0 ]
