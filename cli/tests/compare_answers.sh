#!/usr/bin/env bash
# cli/tests/compare_answers.sh — do two `corsproof` builds answer every line
# byte for byte the same?
#
#   compare_answers.sh OLD_BIN NEW_BIN FILE...
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
set -u
if [ $# -lt 3 ]; then
  sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
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
