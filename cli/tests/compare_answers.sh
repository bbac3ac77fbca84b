#!/usr/bin/env bash
# cli/tests/compare_answers.sh — do two `corsproof` builds answer every line
# byte for byte the same?
#
#   compare_answers.sh OLD_BIN NEW_BIN FILE...
#   compare_answers.sh --snapshot DIR NEW_BIN
#
# Runs `BIN eval FILE` with both builds for every FILE (each on its own, so
# line numbers restart) and compares standard output and the exit status.
# Prints one line per file and exits 1 at the first difference, showing the
# first differing answers. Not part of ctest (it needs a second build): used
# when the oracle's reading or writing changes, e.g. over all the inputs at
# hand and generated ones:
#
#   git worktree add /tmp/old <commit> && cmake -S /tmp/old -B /tmp/old/build ... 
#   python3 bench/gen_cases.py server 100000 /tmp/server.jsonl     # also browser, audit
#   python3 cli/tests/hostile_cases.py corpus/conformance/*/*.jsonl corpus/examples/*.jsonl \
#       cli/tests/fixtures/*.jsonl --count 200000 > /tmp/hostile.jsonl
#   cli/tests/compare_answers.sh /tmp/old/build/cli/corsproof build/release/cli/corsproof \
#       corpus/conformance/*/*.jsonl corpus/conformance/errors/not-json.txt corpus/examples/*.jsonl \
#       cli/tests/fixtures/*.jsonl corpus/fuzz/oracle_every_line_answered/* /tmp/server.jsonl ... /tmp/hostile.jsonl
#
# --snapshot DIR: the old build's answers were recorded once, with the inputs
# (cli/tests/v1-snapshot: protocol 1.0 cases and corsproof 0.1.0's answers,
# gzipped; MANIFEST lists NAME EXIT ANSWERS ORIGINAL-PATH). Every recorded
# input is answered by NEW_BIN and compared with the recorded answers byte
# for byte, after DIR/REWRITES.sed (the error messages that name the v1.1
# additions, each line explained there). Part of ctest (cli.v1-answers).
set -u
if [ "${1:-}" = --snapshot ] && [ $# -eq 3 ]; then
  dir=$2 new=$3
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/corsproof-snapshot.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  files=0 answers=0
  while read -r name rc n path; do
    gzip -dc "$dir/$name.gz" > "$tmp/in"
    gzip -dc "$dir/$name.answers.gz" | sed -f "$dir/REWRITES.sed" > "$tmp/old"
    "$new" eval "$tmp/in" > "$tmp/new" 2> "$tmp/new.err"
    new_rc=$?
    if [ "$rc" != "$new_rc" ] || ! cmp -s "$tmp/old" "$tmp/new"; then
      echo "DIFFERENT $path (recorded as $name): exit $rc vs $new_rc"
      diff <(cat -n "$tmp/old") <(cat -n "$tmp/new") | head -10
      exit 1
    fi
    [ "$(wc -l < "$tmp/new")" = "$n" ] || { echo "DIFFERENT $path: $(wc -l < "$tmp/new") answers, recorded $n"; exit 1; }
    files=$((files + 1))
    answers=$((answers + n))
  done < "$dir/MANIFEST"
  [ "$files" -gt 0 ] || { echo "no recorded file in $dir/MANIFEST"; exit 1; }
  echo "identical: $files files, $answers answers"
  exit 0
fi
if [ $# -lt 3 ]; then
  sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
old=$1 new=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/corsproof-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
files=0 answers=0
for f in "$@"; do
  "$old" eval "$f" > "$tmp/old" 2> "$tmp/old.err"
  old_rc=$?
  "$new" eval "$f" > "$tmp/new" 2> "$tmp/new.err"
  new_rc=$?
  n=$(wc -l < "$tmp/old")
  if [ "$old_rc" != "$new_rc" ] || ! cmp -s "$tmp/old" "$tmp/new"; then
    echo "DIFFERENT $f: exit $old_rc vs $new_rc"
    diff <(cat -n "$tmp/old") <(cat -n "$tmp/new") | head -10
    exit 1
  fi
  echo "same  $f: $n answers, exit $old_rc"
  files=$((files + 1))
  answers=$((answers + n))
done
echo "identical: $files files, $answers answers"
