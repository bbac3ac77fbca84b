#!/usr/bin/env bash
# The whole test suite: install what is missing, then build and run every
# test under the dev preset (g++) and again under the asan preset (ASan +
# UBSan), then replay and briefly fuzz every fuzz target under clang.
# Property tests run with a fixed RapidCheck budget (RC_PARAMS below).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stamp() { echo "== [$(( $(date +%s) - start ))s] $*"; }

bash scripts/install-deps.sh
export RC_PARAMS="${RC_PARAMS:-max_success=2000 seed=20261122}"

for preset in dev asan; do
  stamp "configure + build ($preset)"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  stamp "ctest ($preset)"
  ctest --preset "$preset"
done

if [ -f fuzz/run_ci.sh ]; then
  stamp "fuzz: replay corpora and fuzz each target briefly"
  bash fuzz/run_ci.sh
fi
stamp "all tests passed"
