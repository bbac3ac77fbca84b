#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): install what is missing,
# then
#   1. the dev preset (g++): build everything, run every test;
#   2. the asan preset (clang, ASan + UBSan, libFuzzer targets): build
#      everything, run every test again (every fuzz corpus replayed);
#   3. fuzz/run_ci.sh on that same build: fuzz each target for
#      FUZZ_SECONDS (default 20) from its corpus (the corpora were replayed
#      through these same libFuzzer binaries by ctest in step 2);
#   4. scripts/browser-truth.sh with the dev build's corsproof: every
#      browser-mode case (one exchanges, redirect chains, sessions) played in
#      headless Chromium and compared (installs Debian's chromium and
#      browsers/node_modules when missing; about two minutes);
#   5. the peer smoke: peers/run.sh --ci --peer starlette (installs
#      python3-starlette and python3-uvicorn when missing), corsproof audit,
#      fuzz and replay through --server-cmd against one real CORS library,
#      its finding classes compared with peers/ci/starlette.expected;
#   6. the peer benchmark smoke: bench/peers/run.py --quick on the dev build
#      (installs Debian's Go and rs/cors and peers/node's npm packages when
#      missing): rs/cors and the npm `cors` package must allow the preflight
#      corsproof's BM_ServerPreflight_Exact/16 measures, and the table prints.
# Property tests run with a fixed RapidCheck budget (RC_PARAMS below; a
# quarter of it under the asan preset, ASAN_RC_PARAMS).
# Every step prints its elapsed time; the whole run takes about 20 minutes on
# a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stamp() { echo "== [$(( $(date +%s) - start ))s] $*"; }

bash scripts/install-deps.sh
export RC_PARAMS="${RC_PARAMS:-max_success=2000 seed=20261122}"
jobs=$(nproc 2>/dev/null || echo 2)

# The property tests run their full budget under g++ (dev); under ASan +
# UBSan, which look for memory and undefined-behaviour errors rather than for
# more counterexamples, a quarter of it (same seed), which keeps CI under 25
# minutes on 2 cores.
asan_rc_params="${ASAN_RC_PARAMS:-max_success=500 seed=20261122}"
for preset in dev asan; do
  stamp "configure + build ($preset)"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  stamp "ctest ($preset)"
  if [[ $preset == asan ]]; then
    RC_PARAMS="$asan_rc_params" ctest --preset "$preset" -j "$jobs"
  else
    ctest --preset "$preset" -j "$jobs"
  fi
done

stamp "fuzz (fuzz/run_ci.sh on the asan build)"
FUZZ_PRESET=asan bash fuzz/run_ci.sh

stamp "browser agreement (scripts/browser-truth.sh: corsproof vs headless Chromium)"
CORSPROOF_BIN=build/dev/cli/corsproof bash scripts/browser-truth.sh
stamp "peer smoke (peers/run.sh --ci --peer starlette: --server-cmd, audit, fuzz, replay)"
CORSPROOF_BIN=build/dev/cli/corsproof bash peers/run.sh --ci --peer starlette
stamp "peer benchmark smoke (bench/peers/run.py --quick: rs/cors and npm cors on the same preflight)"
python3 bench/peers/run.py --quick --build-dir build/dev
stamp "all tests passed"
