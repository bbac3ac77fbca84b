#!/usr/bin/env bash
# fuzz/campaign.sh — the long fuzz campaign: every libFuzzer target for a
# budget of CPU seconds (not wall seconds), one at a time, then its new inputs
# merged into corpus/fuzz/<target>/. fuzz/README.md "Current figures" has the
# last campaign's table and how to reproduce it.
#
#   bash fuzz/campaign.sh                        # every target, 1800 CPU-s each
#   CPU_SECONDS=60 TARGETS="max_age_parse" bash fuzz/campaign.sh
#
# Environment:
#   PRESET       build preset of the binaries (default asan: clang, libFuzzer,
#                ASan + UBSan); the script configures and builds the targets
#   CPU_SECONDS  CPU budget of each target (default 1800): the fuzzer's user +
#                system time from /proc/PID/stat, all its threads; the run is
#                stopped with SIGINT once it has used that much (libFuzzer's
#                -max_total_time counts wall time, which on a shared machine
#                says little about how much fuzzing was done)
#   TARGETS      the targets (default: all, build/$PRESET/fuzz/fuzz_targets.txt);
#                an entry may carry its own budget, `target:seconds`
#                (`TARGETS="max_age_parse:1800 token_list_bounds:600"`), to top
#                up a target that an earlier run already fuzzed from the same
#                committed corpus
#   BIN          directory of already built fuzzer binaries: no configure and
#                no build (two campaigns at once, or binaries kept while the
#                work tree's build directory is rebuilt)
#   NICE         niceness of the fuzzer (default 19)
#   MERGE        1 (default): after each run, `-merge=1` its new inputs into
#                corpus/fuzz/<target>/ (only those that add coverage features);
#                0: leave them in the work directory
#   WORK         work directory (default fuzz/work/campaign, ignored by git)
#   STATUS_FILE  also write the progress table there (default: none), followed
#                by $WORK/notes.md when that file exists
#
# Per target it leaves, in $WORK/<target>/: new/ (the run's corpus, reused as
# an extra seed directory when the script is run again), artifacts/ (crash-*,
# timeout-*, oom-*, leak-* reproducers), fuzz.log, merge.log, and a line in
# $WORK/results.tsv: target, execs, cpu_s, execs/cpu-s, libFuzzer's exec/s
# (executions per wall second), cov, ft, crashes, corpus files and bytes
# before/after the merge, the end status. $WORK/results.md is the same as a
# Markdown table. A crash stops that target (the reproducer is in artifacts/;
# fuzz/README.md "Reproduce a crash") and the campaign goes on with the next.
set -euo pipefail
shopt -s extglob
cd "$(dirname "$0")/.."
preset=${PRESET:-asan}
budget=${CPU_SECONDS:-1800}
niceness=${NICE:-19}
merge=${MERGE:-1}
work=${WORK:-fuzz/work/campaign}
status_file=${STATUS_FILE:-}
mkdir -p "$work"
results=$work/results.tsv
progress=$work/progress.md
hz=$(getconf CLK_TCK)

log() { echo "== campaign [$(date '+%F %T')] $*"; }

if [ -n "${BIN:-}" ]; then
  bin=$BIN
  [ -d "$bin" ] || { echo "campaign: BIN=$bin is not a directory" >&2; exit 2; }
  targets=${TARGETS:-$(cat "$bin/fuzz_targets.txt")}
  commit=$(cat "$bin/commit" 2>/dev/null || echo "binaries in $bin")
else
  cmake --preset "$preset" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
  targets=${TARGETS:-$(cat "build/$preset/fuzz/fuzz_targets.txt")}
  # shellcheck disable=SC2086
  nice -n 10 cmake --build --preset "$preset" --target ${targets//:+([0-9])/} >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
  bin=build/$preset/fuzz
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (+ uncommitted changes)')"
fi
for t in $targets; do
  [ -x "$bin/${t%%:*}" ] || { echo "campaign: no fuzzer $bin/${t%%:*}" >&2; exit 2; }
done

# CPU seconds (user + system, every thread) of a live process, or empty.
cpu_seconds() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # Fields after the command name (which may hold spaces): utime is 14, stime 15.
  stat=${stat##*) }
  awk -v hz="$hz" '{ printf "%.1f", ($12 + $13) / hz }' <<<"$stat"
}

# The state letter of a process (R, S, Z, ...), or empty.
proc_state() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  echo "${stat%% *}"
}

corpus_files() { find "$1" -type f | wc -l; }
corpus_bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

# The progress table: results so far plus the running target.
write_progress() {
  {
    echo "# fuzz campaign: $(date '+%F %T'), budget ${CPU_SECONDS:-1800} CPU-s per target unless the target says otherwise, preset $preset, built from $commit"
    echo
    echo "| target | execs | CPU s | execs/CPU-s | exec/s (wall) | cov | ft | crashes | corpus files | corpus bytes | end |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
    if [ -f "$results" ]; then
      awk -F'\t' 'NR > 1 { printf "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s → %s | %s → %s | %s |\n",
        $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' "$results"
    fi
    if [ -n "${1:-}" ]; then echo; echo "running: $1"; fi
    if [ -f "$work/notes.md" ]; then echo; cat "$work/notes.md"; fi
  } >"$progress"
  if [ -n "$status_file" ]; then cp "$progress" "$status_file"; fi
}

[ -f "$results" ] || printf 'target\texecs\tcpu_s\texecs_per_cpu_s\texec_per_s_wall\tcov\tft\tcrashes\tfiles_before\tfiles_after\tbytes_before\tbytes_after\tend\n' >"$results"

fuzz_one() {
  local t=${1%%:*} budget=$budget max_len dict pid cpu=0 now_cpu end=budget crashes=0 rc=0
  [ "$t" = "$1" ] || budget=${1#*:}
  local dir=$work/$t
  max_len=$(sed -n 's/^max_len = //p' "fuzz/$t.options")
  dict=fuzz/$(sed -n 's/^dict = //p' "fuzz/$t.options")
  mkdir -p "$dir/new" "$dir/artifacts"
  log "$t: fuzzing for $budget CPU-s (max_len $max_len, dict $dict)"
  nice -n "$niceness" "$bin/$t" -dict="$dict" -max_len="$max_len" -timeout=25 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    "$dir/new" "corpus/fuzz/$t" >"$dir/fuzz.log" 2>&1 &
  pid=$!
  trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; exit 130' INT TERM
  local last_report=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 10
    # Gone (stopped from outside, or ended): keep the last reading.
    now_cpu=$(cpu_seconds "$pid")
    [ -n "$now_cpu" ] || break
    cpu=$now_cpu
    if awk -v c="$cpu" -v b="$budget" 'BEGIN { exit !(c >= b) }'; then
      kill -INT "$pid" 2>/dev/null || true
      break
    fi
    if [ $(( $(date +%s) - last_report )) -ge 300 ]; then
      last_report=$(date +%s)
      write_progress "$t, ${cpu} CPU-s of $budget; $( (grep -a -E '^#[0-9]+' "$dir/fuzz.log" || true) | tail -n 1 | tr -s '\t ' ' ')"
    fi
  done
  # Until it has exited: a zombie's /proc/PID/stat still has its total CPU time.
  while [ -n "$(cpu_seconds "$pid")" ] && [ "$(proc_state "$pid")" != Z ]; do
    sleep 0.2
  done
  local final
  final=$(cpu_seconds "$pid")
  cpu=${final:-$cpu}
  wait "$pid" || rc=$?
  trap - INT TERM
  # libFuzzer exits 72 when interrupted (our SIGINT): the budget was used up.
  if [ "$rc" -eq 72 ]; then end=budget; elif [ "$rc" -eq 0 ]; then end="done"; else end="exit-$rc"; fi
  crashes=$(find "$dir/artifacts" -type f | wc -l)
  local execs wall_rate last cov ft
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -n 1)
  wall_rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/fuzz.log" | tail -n 1)
  last=$( (grep -a -E '^#[0-9]+' "$dir/fuzz.log" || true) | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  execs=${execs:-$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$last")}
  local per_cpu
  per_cpu=$(awk -v e="${execs:-0}" -v c="$cpu" 'BEGIN { printf "%d", (c > 0 ? e / c : 0) }')
  log "$t: $end after $cpu CPU-s, $execs execs ($per_cpu per CPU-s, ${wall_rate:-?} per wall s), cov $cov ft $ft, $crashes reproducer(s)"

  local fb bb fa ba
  fb=$(corpus_files "corpus/fuzz/$t")
  bb=$(corpus_bytes "corpus/fuzz/$t")
  if [ "$merge" = 1 ]; then
    log "$t: merging $(corpus_files "$dir/new") new inputs into corpus/fuzz/$t ($fb files)"
    "$bin/$t" -merge=1 -max_len="$max_len" -timeout=25 -rss_limit_mb=2560 \
      "corpus/fuzz/$t" "$dir/new" >"$dir/merge.log" 2>&1 || log "$t: merge failed (see $dir/merge.log)"
  fi
  fa=$(corpus_files "corpus/fuzz/$t")
  ba=$(corpus_bytes "corpus/fuzz/$t")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "${execs:-0}" "$cpu" "$per_cpu" \
    "${wall_rate:-}" "$cov" "$ft" "$crashes" "$fb" "$fa" "$bb" "$ba" "$end" >>"$results"
  write_progress
}

for t in $targets; do
  fuzz_one "$t"
done
cp "$progress" "$work/results.md"
log "done: $work/results.md"
