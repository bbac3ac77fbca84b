#!/usr/bin/env bash
# End-to-end: `corsproof audit --http` against the project's own test server
# (the core behind cpp-httplib) on 127.0.0.1, conforming and broken.
# Usage: audit_http.sh CORSPROOF TEST_SERVER POLICY BREAK_MODE EXPECTED_EXIT [EXPECTED_CODE]
set -uo pipefail
corsproof=$1 server=$2 policy=$3 mode=$4 expected_exit=$5 expected_code=${6:-}
out=$(mktemp)
"$server" --policy "$policy" --port 0 --break "$mode" --lifetime 60 >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out" "$out.report"' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(grep -oE '[0-9]+' "$out" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "test server did not report a port"; cat "$out"; exit 1; }
"$corsproof" audit --http "http://127.0.0.1:$port/resource" --policy "$policy" >"$out.report"
status=$?
tail -3 "$out.report"
[ "$status" -eq "$expected_exit" ] || { echo "expected exit $expected_exit, got $status"; cat "$out.report"; exit 1; }
if [ -n "$expected_code" ] && ! grep -q " $expected_code:" "$out.report"; then
  echo "expected a $expected_code finding"; exit 1
fi
echo "audit --http against --break $mode: exit $status as expected"
