#!/usr/bin/env bash
# End-to-end: `corsproof audit --http` against the project's own test server
# (the core behind cpp-httplib) on 127.0.0.1, conforming and broken.
# Usage: audit_http.sh CORSPROOF TEST_SERVER POLICY BREAK_MODE EXPECTED_EXIT [EXPECTED_CODE]
# Environment:
#   SERVER_ARGS  more test-server arguments (e.g. --require-header X-Token:t)
#   AUDIT_ARGS   more `corsproof audit` arguments (e.g. --header X-Token:t)
#   DEAD=1       stop the server before auditing: nothing listens on the port
#   REPRODUCE=1  run every `reproduce: curl ...` line of the report and check
#                that the server answers it (and that it is one per code)
set -uo pipefail
corsproof=$1 server=$2 policy=$3 mode=$4 expected_exit=$5 expected_code=${6:-}
out=$(mktemp)
# shellcheck disable=SC2086  # word lists
"$server" --policy "$policy" --port 0 --break "$mode" --lifetime 60 ${SERVER_ARGS:-} >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out" "$out.report" "$out.err" "$out.curl"' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(grep -oE '[0-9]+' "$out" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "test server did not report a port"; cat "$out"; exit 1; }
if [ "${DEAD:-0}" = 1 ]; then
  kill "$pid"; wait "$pid" 2>/dev/null
fi
start=$(date +%s)
# shellcheck disable=SC2086
"$corsproof" audit --http "http://127.0.0.1:$port/resource" --policy "$policy" ${AUDIT_ARGS:-} >"$out.report" 2>"$out.err"
status=$?
tail -3 "$out.report"; cat "$out.err"
[ "$status" -eq "$expected_exit" ] || { echo "expected exit $expected_exit, got $status"; cat "$out.report"; exit 1; }
if [ -n "$expected_code" ] && ! grep -qE "^(error|warning) $expected_code \([0-9]+ probes?\): " "$out.report" &&
   ! grep -q "$expected_code" "$out.err"; then
  echo "expected a $expected_code finding (or message)"; exit 1
fi
if [ "${DEAD:-0}" = 1 ]; then
  [ $(( $(date +%s) - start )) -le 5 ] || { echo "took more than 5 s to say nothing listens"; exit 1; }
  [ ! -s "$out.report" ] || { echo "expected no report on stdout"; cat "$out.report"; exit 1; }
  [ "$(wc -l < "$out.err")" -eq 1 ] || { echo "expected one line on stderr"; exit 1; }
fi
if [ "${REPRODUCE:-0}" = 1 ]; then
  groups=$(grep -cE '^(error|warning) [a-z-]+ \([0-9]+ probes?\): ' "$out.report")
  curls=$(grep -c '^  reproduce: curl ' "$out.report")
  [ "$groups" -gt 0 ] && [ "$groups" -eq "$curls" ] || { echo "expected one curl per finding code ($groups codes, $curls curls)"; exit 1; }
  lines=$(grep -c . "$out.report")
  [ "$lines" -eq $(( groups * 3 + 1 )) ] || { echo "expected 3 lines per code and a summary, got $lines lines"; exit 1; }
  grep '^  reproduce: curl ' "$out.report" | sed 's/^  reproduce: //' | while IFS= read -r cmd; do
    bash -c "$cmd" >"$out.curl" 2>&1 || { echo "curl failed: $cmd"; cat "$out.curl"; exit 1; }
    head -1 "$out.curl" | grep -qE '^HTTP/1\.[01] [0-9]{3}' || { echo "no HTTP answer to: $cmd"; cat "$out.curl"; exit 1; }
  done || exit 1
  # The reflect-origin finding reproduced: the curl answer echoes the probe's unlisted origin.
  if [ "$mode" = reflect-origin ]; then
    cmd=$(grep -A2 '^error reflects-unlisted-origin ' "$out.report" | sed -n 's/^  reproduce: //p')
    origin=$(printf '%s' "$cmd" | grep -oE "Origin: [^']+" | head -1 | cut -c9-)
    bash -c "$cmd" | tr -d '\r' | grep -qi "^access-control-allow-origin: $origin\$" ||
      { echo "the curl command did not reproduce the echo of $origin"; exit 1; }
  fi
fi
echo "audit --http against --break $mode: exit $status as expected"
