#!/usr/bin/env bash
# fuzz/run_ci.sh — the fuzz step of CI (called by scripts/test.sh).
#
# 1. builds the libFuzzer targets with the preset FUZZ_PRESET (default `fuzz`;
#    scripts/test.sh passes `asan`, the same configuration it has just built
#    and tested, so nothing is compiled twice);
# 2. fuzzes each target for FUZZ_SECONDS (default 20), FUZZ_PARALLEL (default
#    2) at a time, starting from its corpus (corpus/fuzz/<target>/); new
#    inputs go to a scratch directory, never into the repository. libFuzzer
#    first runs every corpus input once (its INITED line), however long that
#    takes, so a seed that fails its check fails the target here too; there
#    is no separate replay pass (ctest's fuzz_replay_<target> is one, and
#    scripts/test.sh has just run it on this same build).
# Exits non-zero when a build fails or a fuzzer finds a crash
# (the reproducer is left in fuzz/work/ci/artifacts/<target>/ and the log in
# fuzz/work/ci/<target>.log; fuzz/README.md says how to reproduce it).
#
# Known core bugs awaiting a fix can be skipped with CORSPROOF_FUZZ_TOLERATE
# (comma-separated ids, fuzz/README.md "Known issues"); CI leaves it unset.
# Each target's last status line (exec/s, cov, ft, corpus) is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
parallel=${FUZZ_PARALLEL:-2}
preset=${FUZZ_PRESET:-fuzz}
work=fuzz/work/ci
rm -rf "$work"
mkdir -p "$work/artifacts"
start=$(date +%s)
stamp() { echo "== fuzz [$(( $(date +%s) - start ))s] $*"; }

stamp "configure + build (preset $preset)"
cmake --preset "$preset" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
targets=$(cat "build/$preset/fuzz/fuzz_targets.txt")
# shellcheck disable=SC2086
cmake --build --preset "$preset" --target $targets
bin=build/$preset/fuzz

failed=()

fuzz_one() {
  local t=$1 max_len
  max_len=$(sed -n 's/^max_len = //p' "fuzz/$t.options")
  mkdir -p "$work/corpus/$t" "$work/artifacts/$t"
  "$bin/$t" -dict=fuzz/cors.dict -max_len="$max_len" -max_total_time="$seconds" -timeout=25 \
    -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" \
    "$work/corpus/$t" "corpus/fuzz/$t" >"$work/$t.log" 2>&1
}

stamp "fuzz each target for ${seconds}s, ${parallel} at a time"
declare -A pids=()
for t in $targets; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do sleep 1; done
  fuzz_one "$t" &
  pids[$t]=$!
done
for t in $targets; do
  if wait "${pids[$t]}"; then
    echo "ok   $t: $(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" | tail -n 1)"
  else
    echo "FAIL fuzz $t (log: $work/$t.log, reproducer: $(ls "$work/artifacts/$t/" 2>/dev/null | head -n 1))"
    grep -a -A8 "corsproof fuzz check failed\|ERROR: " "$work/$t.log" | head -20 || true
    failed+=("fuzz:$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  stamp "FAILED: ${failed[*]}"
  exit 1
fi
stamp "all fuzz targets clean"
