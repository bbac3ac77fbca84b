#!/usr/bin/env bash
# The real-browser agreement job (issue #14; v1.1 chains and sessions, issue
# #12): plays every browser-mode case of corpus/conformance/ (one exchanges,
# redirect chains, browser-session sessions) and a generated sample of one
# exchanges in headless Chromium and compares what Chromium did with
# `corsproof eval` (see browsers/README.md).
#
#   bash scripts/browser-truth.sh [browsers/run.js options, e.g. --random 500 --verbose]
#
# Installs what is missing (scripts/install-browser-deps.sh), builds the
# corsproof binary (dev preset, target corsproof) unless CORSPROOF_BIN names
# one, runs the harness's unit tests, then the job. The line before its last
# is the v1.1 part alone,
#   chains and sessions: N agree, M differ (K documented deviations, U unexplained)
# and its last line counts everything played (one exchanges, chains, sessions),
#   N agree, M differ (K documented deviations, U unexplained)
# and it exits non-zero when U > 0.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-browser-deps.sh

bin="${CORSPROOF_BIN:-}"
if [ -z "$bin" ]; then
  cmake --preset dev >/dev/null
  cmake --build --preset dev --target corsproof -j "$(nproc 2>/dev/null || echo 2)"
  bin=build/dev/cli/corsproof
fi
if [ ! -x "$bin" ]; then
  echo "browser-truth: no corsproof binary at $bin" >&2
  exit 2
fi

(cd browsers && node --test test/)
node browsers/run.js --corsproof "$bin" "$@"
