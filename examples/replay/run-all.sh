#!/usr/bin/env bash
# Replays corsproof's server-mode conformance vectors against the two example
# servers (Express + cors, Python http.server + hand-written middleware) over
# loopback and audits every answer with `corsproof eval`.
#
#   bash examples/replay/run-all.sh [PATH/TO/corsproof]
#
# The binary: the argument, else $CORSPROOF, else the newest
# of build/{release,dev}/cli/corsproof, then of any build/*/cli/corsproof
# of this repository, else `corsproof` on PATH.
# Needs node >= 20 with npm (deps installed with `npm ci` when node_modules is
# missing) and python3 >= 3.8. Everything listens on 127.0.0.1 only, every
# request has a 2 s timeout, and each server is stopped by the script that
# started it. Reports go to examples/replay/{express,python}/out/.
#
# Exit status: 0 both replays ran (findings are results, not failures);
# 1 a replay could not run; 2 no corsproof binary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

bin="${1:-${CORSPROOF:-}}"
if [[ -z "$bin" ]]; then
  bin="$(ls -t "$repo"/build/release/cli/corsproof "$repo"/build/dev/cli/corsproof 2>/dev/null | head -n 1 || true)"
fi
if [[ -z "$bin" ]]; then
  bin="$(ls -t "$repo"/build/*/cli/corsproof 2>/dev/null | head -n 1 || true)"
fi
if [[ -z "$bin" ]]; then
  bin="$(command -v corsproof || true)"
fi
if [[ -z "$bin" || ! -x "$bin" ]]; then
  echo "run-all.sh: no corsproof binary (pass its path, set CORSPROOF, or build one: cmake --preset release && cmake --build --preset release)" >&2
  exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
echo "corsproof: $bin ($("$bin" --version 2>/dev/null || echo 'version unknown'))"

status=0

echo "== express (cors npm package) =="
if [[ ! -d "$here/express/node_modules" ]]; then
  (cd "$here/express" && timeout 90 npm ci --no-audit --no-fund --loglevel=error)
fi
(cd "$here/express" && timeout 60 node replay.js --corsproof "$bin") || status=1

echo "== python (http.server + hand-written middleware) =="
(cd "$here/python" && timeout 60 python3 replay.py --corsproof "$bin") || status=1

exit "$status"
