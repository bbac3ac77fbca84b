#!/usr/bin/env bash
# Pre-release benchmark runner: builds the release preset, runs the suite with
# repetitions (aggregates only), the end-to-end oracle run when the corsproof
# binary is built, writes one JSON, prints the table and the targets, and,
# given a baseline JSON, the change per benchmark (exit 1 on a regression
# beyond the threshold). See bench/README.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/run.sh [options] [-- extra benchmark flags]
  --baseline FILE     compare with this earlier result (exit 1 on a regression). Suite rows
                      found slower are run again (same settings, after --wait-quiet's
                      wait); the rerun clears a row only when it reads within half the
                      threshold
  --no-rerun          with --baseline: judge on the first run alone
  --threshold PCT     slowdown that counts as a regression (default 10)
  --metric real|cpu   time compared against the baseline (default cpu)
  --repetitions N     repetitions per benchmark (default 10)
  --min-time S        --benchmark_min_time per repetition (default 0.1)
  --filter REGEX      only these benchmarks (--benchmark_filter)
  --out FILE          result JSON (default bench/results/<date>-<commit>.json)
  --build-dir DIR     binary dir (default build/release, the preset's)
  -D VAR=VALUE        extra cache variable for the configure step (repeatable)
  --no-build          use the binaries already in the build dir
  --no-e2e            skip the end-to-end corsproof eval run
  --e2e-count N       cases per end-to-end file (default 100000)
  --cpu N             pin the suite (taskset) and the e2e run (e2e.py, which pins itself so
                      that taskset's own start is not counted) to CPU N (default: no
                      pinning for the suite, CPU 0 for e2e)
  --wait-quiet NS     before the suite and again before the e2e run, wait until two
                      calibration readings in a row (BM_Calibration_FixedWork, 5 repetitions)
                      have a mean of at most NS ns and a CV under 2 % (bench/wait_quiet.py);
                      pick NS a few per cent above the baseline's calibration median
  --wait-max MIN      give up waiting after MIN minutes and run anyway, saying so (default 20)
  --no-interleave     run each benchmark's repetitions back to back (by default they are
                      interleaved at random across the run, so that a slow spell of a shared
                      machine lands on a few repetitions of many rows, not on every
                      repetition of a few; the medians absorb it)
USAGE
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
baseline="" threshold=10 metric=cpu reps=10 min_time=0.1 filter="" out="" build_dir="$root/build/release"
build=1 e2e=1 e2e_count=100000 cpu="" cmake_defs=() interleave=true wait_below="" wait_max=20 rerun=1
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --baseline) baseline="$2"; shift 2 ;;
    --threshold) threshold="$2"; shift 2 ;;
    --metric) metric="$2"; shift 2 ;;
    --repetitions) reps="$2"; shift 2 ;;
    --min-time) min_time="$2"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    -D) cmake_defs+=("-D$2"); shift 2 ;;
    -D*) cmake_defs+=("$1"); shift ;;
    --no-build) build=0; shift ;;
    --no-e2e) e2e=0; shift ;;
    --no-rerun) rerun=0; shift ;;
    --e2e-count) e2e_count="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    --no-interleave) interleave=false; shift ;;
    --wait-quiet) wait_below="$2"; shift 2 ;;
    --wait-max) wait_max="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ $build -eq 1 ]]; then
  cmake --preset release -B "$build_dir" -DCORSPROOF_BENCH=ON "${cmake_defs[@]}" >/dev/null
  cmake --build "$build_dir" --target corsproof_bench
  if cmake --build "$build_dir" --target help | grep -q '^corsproof:'; then
    cmake --build "$build_dir" --target corsproof corsproof_e2e_floor
  fi
fi
bench_bin="$build_dir/bench/corsproof_bench"
cli_bin="$(find "$build_dir" -path '*/cli/*' -name corsproof -type f -perm -u+x 2>/dev/null | head -n1 || true)"
[[ -x "$bench_bin" ]] || { echo "run.sh: no $bench_bin (build first)" >&2; exit 2; }

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$root" diff --quiet HEAD 2>/dev/null; then commit="$commit-dirty"; fi
if [[ -z "$out" ]]; then
  mkdir -p "$here/results"
  out="$here/results/$(date -u +%Y%m%dT%H%M%SZ)-$commit.json"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

pin=()
[[ -n "$cpu" ]] && command -v taskset >/dev/null && pin=(taskset -c "$cpu")

# --wait-quiet: a shared VM's slow spells last minutes; start each part in a
# quiet one, or say that none came.
wait_quiet() {
  [[ -n "$wait_below" ]] || return 0
  local cpu_args=()
  [[ -n "$cpu" ]] && cpu_args=(--cpu "$cpu")
  echo "== waiting for a quiet machine before the $1 (calibration <= $wait_below ns, at most $wait_max min)"
  local rc=0
  python3 "$here/wait_quiet.py" "$bench_bin" --below "$wait_below" --max-minutes "$wait_max" "${cpu_args[@]}" || rc=$?
  case $rc in
    0) ;;
    3) echo "run.sh: the $1 starts without a quiet spell (see the calibration readings above)" >&2 ;;
    *) echo "run.sh: --wait-quiet failed (status $rc)" >&2; exit 2 ;;
  esac
}
# The suite's settings, for the run and for the rerun of rows found slower.
run_args=(--benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true
          --benchmark_enable_random_interleaving="$interleave" --benchmark_min_time="$min_time"
          --benchmark_out_format=json)
args=("${run_args[@]}" --benchmark_out="$tmp/suite.json")
[[ -n "$filter" ]] && args+=(--benchmark_filter="$filter")
wait_quiet suite
echo "== suite: $bench_bin (${reps} repetitions, min time ${min_time}s, interleaved: $interleave)"
"${pin[@]}" "$bench_bin" "${args[@]}" "${extra[@]}"
inputs=("$tmp/suite.json")

if [[ $e2e -eq 1 ]]; then
  if [[ -n "$cli_bin" ]]; then
    wait_quiet "end-to-end run"
    echo "== end to end: $cli_bin eval ($e2e_count cases per mode)"
    floor_args=()
    [[ -x "$build_dir/bench/corsproof_e2e_floor" ]] && floor_args=(--floor "$build_dir/bench/corsproof_e2e_floor")
    python3 "$here/e2e.py" "$cli_bin" --count "$e2e_count" --cpu "${cpu:-0}" --json "$tmp/e2e.json" \
      --workdir "$tmp/e2e" "${floor_args[@]}" || echo "run.sh: the end-to-end run failed (see above)" >&2
    [[ -s "$tmp/e2e.json" ]] && inputs+=("$tmp/e2e.json")
  else
    echo "== end to end: skipped (no corsproof binary in $build_dir; build with CORSPROOF_CLI=ON)"
  fi
fi

python3 "$here/results.py" merge "$out" "${inputs[@]}"
echo "== results: $out"
python3 "$here/results.py" table "$out"
echo
python3 "$here/results.py" targets "$out"
if [[ -n "$baseline" ]]; then
  echo
  echo "== against $baseline"
  rc=0
  python3 "$here/results.py" compare "$baseline" "$out" --threshold "$threshold" --metric "$metric" \
    --flagged "$tmp/flagged.txt" || rc=$?
  # A shared machine's slow spell lands on a few rows of one run; a change
  # that made a row slower shows again. The rows found slower run once more.
  if [[ $rc -eq 1 && $rerun -eq 1 && -s "$tmp/flagged.txt" ]]; then
    rerun_out="${out%.json}.rerun.json"
    echo
    echo "== $(wc -l <"$tmp/flagged.txt") suite row(s) slower than the baseline: running them again"
    wait_quiet rerun
    # With the calibration row, for the rerun's own reading of the machine.
    echo "BM_Calibration_FixedWork" >>"$tmp/flagged.txt"
    rerun_rc=0
    "${pin[@]}" "$bench_bin" "${run_args[@]}" --benchmark_out="$rerun_out" \
      --benchmark_filter="$(python3 "$here/results.py" filter "$tmp/flagged.txt")" "${extra[@]}" >/dev/null ||
      rerun_rc=$?
    if [[ $rerun_rc -ne 0 || ! -s "$rerun_out" ]]; then
      echo "run.sh: the rerun $([[ $rerun_rc -ne 0 ]] && echo "exited with status $rerun_rc" ||
        echo "wrote no results") (see above): the comparison above stands" >&2
      exit "$rc"
    fi
    echo "== against $baseline, with the rerun ($rerun_out)"
    rc=0
    python3 "$here/results.py" compare "$baseline" "$out" --threshold "$threshold" --metric "$metric" \
      --rerun "$rerun_out" || rc=$?
  fi
  exit $rc
fi
