#!/usr/bin/env bash
# The peer matrix: install what is missing (peers/install.sh), then run
# `corsproof audit`, `corsproof fuzz` (fixed seed) and `corsproof replay`
# against every peer adapter through --server-cmd, and write docs/peers.md.
# peers/run.py does the work; peers/matrix.py writes the page.
#   bash peers/run.sh [--peer NAME]... [--policy FILE]... [--seed N] [--requests N] [--vectors PATH]... [--ci]
# Uses $CORSPROOF_BIN, or build/dev/cli/corsproof (built with the dev preset
# when missing). Exit 1 when an adapter fails to start, answer or stop.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 peers/run.py "$@"
