#!/bin/sh
# The smallest guest test: scripts/e2e-uml.sh boots it first to learn whether User-Mode-Linux runs
# on this host at all (Debian 12's UML 6.1 dies at init on some hosts, e.g. with AMX state).
echo "E2E: the guest runs ($(uname -r))"
