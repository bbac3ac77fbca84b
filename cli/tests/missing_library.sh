#!/bin/sh
# cli/tests/missing_library.sh — a library corsproof loads when it first needs
# it (ICU for a URL host that is not ASCII, libpsl for lint;
# corsproof/on_demand_library.hpp) cannot be loaded: the process ends with
# status 127 and a message naming the library, and `eval` first writes the
# answers to the lines before the one that needed it (a regular file is
# answered 64 KiB at a time, so without that they were lost).
#
#   missing_library.sh BIN FIXTURES
#
# The library is "missing" through LD_LIBRARY_PATH: a directory holding an
# empty file of the library's soname, which dlopen finds first and cannot
# load. The sonames are the ones the binary asks for (its strings).
set -u
bin=$1 fx=$2
fail() { echo "FAIL: $*"; exit 1; }

icu=$(grep -ao 'libicuuc\.so\.[0-9][0-9]*' "$bin" | head -n 1)
psl=$(grep -ao 'libpsl\.so\.[0-9][0-9]*' "$bin" | head -n 1)
[ -n "$icu" ] || fail "no libicuuc soname in $bin"
[ -n "$psl" ] || fail "no libpsl soname in $bin"

dir=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/lib"
: >"$dir/lib/$icu"
: >"$dir/lib/$psl"

# The ASCII cases of eval-good.jsonl, then a case whose URL host is not
# ASCII, then the ASCII cases again.
before=$(grep -c . "$fx/eval-good.jsonl")
{ cat "$fx/eval-good.jsonl"; head -n 1 "$fx/idn-hosts.jsonl"; cat "$fx/eval-good.jsonl"; } >"$dir/in.jsonl"
"$bin" eval "$fx/eval-good.jsonl" >"$dir/expected" 2>/dev/null
[ "$(grep -c . "$dir/expected")" -eq "$before" ] || fail "eval-good.jsonl: not $before answers with ICU present"
"$bin" eval "$dir/in.jsonl" >/dev/null 2>&1 || fail "the input is not answered with ICU present"

LD_LIBRARY_PATH="$dir/lib" "$bin" eval "$dir/in.jsonl" >"$dir/out" 2>"$dir/err"
status=$?
[ "$status" -eq 127 ] || fail "eval with $icu missing: exit status $status, not 127"
grep -q "^corsproof: cannot load ICU ($icu), needed for a URL host that is not ASCII: " "$dir/err" ||
  fail "eval with $icu missing: no message on standard error: $(cat "$dir/err")"
cmp -s "$dir/out" "$dir/expected" ||
  fail "eval with $icu missing: standard output is not the $before answers before the line that needs ICU: $(head -c 300 "$dir/out")"

LD_LIBRARY_PATH="$dir/lib" "$bin" lint "$fx/../../../lint/tests/fixtures/dangerous-policy.json" >"$dir/out" 2>"$dir/err"
status=$?
[ "$status" -eq 127 ] || fail "lint with $psl missing: exit status $status, not 127"
grep -q "^corsproof: cannot load libpsl ($psl), needed to lint a policy: " "$dir/err" ||
  fail "lint with $psl missing: no message on standard error: $(cat "$dir/err")"
echo "ok: eval wrote the $before answers before the line that needs ICU, then exit 127; lint exit 127"
