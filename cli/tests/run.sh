#!/bin/sh
# cli/tests/run.sh — runs the `corsproof` binary once and checks what it did.
#
#   run.sh [CHECK...] -- BIN ARGS...
#
# CHECKs:
#   --require PATH        skip the test (prints CORSPROOF-SKIP) when PATH is absent
#   --exit N              the exit status must be N
#   --lines N             standard output must have N lines
#   --answers-per-case    standard output must have one line per non-blank input
#                         line (inputs: the --stdin file, else the FILE arguments)
#   --all-errors          every output line must be an error answer
#   --stdout FILE         standard output must equal FILE
#   --stdout-regex RE     some output line must match RE (grep -E)
#   --stderr-regex RE     some line of standard error must match RE
#   --stdin FILE          standard input (default: /dev/null)
#   --generate-large PATH write a 3-line case file whose 2nd line is over 1 MiB
#   --mkdir DIR           create an empty directory first
# In ARGS, `--glob PATTERN` expands to the matching files and `--exclude NAME`
# drops files of that base name from the expansion.
set -u

expect_exit= lines= per_case= all_errors= stdout_file= stdout_re= stderr_re= stdin=/dev/null
while [ $# -gt 0 ]; do
  case $1 in
    --require) if [ ! -e "$2" ]; then echo "CORSPROOF-SKIP: $2 is absent"; exit 0; fi; shift 2 ;;
    --exit) expect_exit=$2; shift 2 ;;
    --lines) lines=$2; shift 2 ;;
    --answers-per-case) per_case=1; shift ;;
    --all-errors) all_errors=1; shift ;;
    --stdout) stdout_file=$2; shift 2 ;;
    --stdout-regex) stdout_re=$2; shift 2 ;;
    --stderr-regex) stderr_re=$2; shift 2 ;;
    --stdin) stdin=$2; shift 2 ;;
    --generate-large)
      mkdir -p "$(dirname "$2")"
      {
        echo '{"id":"small-1","mode":"server","policy":{"allow_origins":["*"]},"request":{"method":"GET","headers":[]}}'
        printf '{"id":"huge","mode":"server","note":"'
        head -c 1100000 /dev/zero | tr '\0' 'a'
        echo '"}'
        echo '{"id":"small-2","mode":"server","policy":{"allow_origins":["*"]},"request":{"method":"GET","headers":[]}}'
      } > "$2"
      shift 2 ;;
    --mkdir) rm -rf "$2"; mkdir -p "$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "run.sh: unknown check $1" >&2; exit 2 ;;
  esac
done

bin=$1; shift
# Expand --glob / --exclude into the final argument list.
exclude=
files=
set_args() {
  args_file=$(mktemp) || exit 2
  while [ $# -gt 0 ]; do
    case $1 in
      --glob) pattern=$2; shift 2
        for f in $pattern; do
          [ -e "$f" ] || continue
          printf '%s\n' "$f" >> "$args_file.glob"
        done ;;
      --exclude) exclude="$exclude $2"; shift 2 ;;
      *) printf '%s\n' "$1" >> "$args_file"; shift ;;
    esac
  done
  if [ -f "$args_file.glob" ]; then
    while IFS= read -r f; do
      skip=
      for x in $exclude; do [ "$(basename "$f")" = "$x" ] && skip=1; done
      [ -n "$skip" ] || printf '%s\n' "$f" >> "$args_file"
    done < "$args_file.glob"
    rm -f "$args_file.glob"
  fi
}
set_args "$@"

out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err" "$args_file"' EXIT

# Run BIN with the collected arguments (one a line, no newlines in them).
set --
while IFS= read -r a; do set -- "$@" "$a"; done < "$args_file"
"$bin" "$@" < "$stdin" > "$out" 2> "$err"
status=$?

fail=0
report() { echo "FAIL: $*"; fail=1; }

if [ -n "$expect_exit" ] && [ "$status" != "$expect_exit" ]; then
  report "exit status $status, expected $expect_exit"
fi
nout=$(wc -l < "$out" | tr -d ' ')
if [ -n "$lines" ] && [ "$nout" != "$lines" ]; then
  report "$nout output lines, expected $lines"
fi
if [ -n "$per_case" ]; then
  if [ "$stdin" != /dev/null ]; then
    ncase=$(grep -cv '^[[:space:]]*$' "$stdin")
  else
    ncase=0
    for a in "$@"; do
      if [ -f "$a" ]; then
        n=$(grep -cv '^[[:space:]]*$' "$a")
        ncase=$((ncase + n))
      fi
    done
  fi
  [ "$nout" = "$ncase" ] || report "$nout answers for $ncase cases"
fi
if [ -n "$all_errors" ]; then
  nerr=$(grep -c '^{"id":"[^"]*","error":{"code":"\(bad-json\|bad-case\|bad-policy\|too-large\)","message":' "$out")
  [ "$nerr" = "$nout" ] || report "only $nerr of $nout answers are error answers"
fi
if [ -n "$stdout_file" ] && ! diff -u "$stdout_file" "$out"; then
  report "standard output differs from $stdout_file"
fi
if [ -n "$stdout_re" ] && ! grep -Eq -- "$stdout_re" "$out"; then
  report "no output line matches $stdout_re"
fi
if [ -n "$stderr_re" ] && ! grep -Eq -- "$stderr_re" "$err"; then
  report "no stderr line matches $stderr_re"
fi

if [ $fail -ne 0 ]; then
  echo "--- command: $bin $*"
  echo "--- stdout (first 40 lines):"; head -n 40 "$out"
  echo "--- stderr:"; cat "$err"
  exit 1
fi
echo "ok: $bin $* (exit $status, $nout lines)"
exit 0
