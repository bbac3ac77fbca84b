#!/usr/bin/env bash
# Audit every peer adapter (peers/peers.json) with every policy in
# peers/policies/ and print a summary table; peers/smoke.py does the work.
#   bash peers/smoke.sh [--peer NAME]... [--policy FILE]... [--report] [-v]
# --report writes build/peers/smoke.md (docs/peers.md: bash peers/run.sh). Uses $CORSPROOF_BIN, or
# build/dev/cli/corsproof (built with the dev preset when missing).
# Exit 1 only when an adapter fails to start, print its port, stay up or stop.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 peers/smoke.py "$@"
