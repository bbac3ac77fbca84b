#!/usr/bin/env bash
# End-to-end: `corsproof fuzz`, `corsproof replay` and `--server-cmd`
# against the project's own test server, through the binary.
# Usage: fuzz_http.sh CORSPROOF TEST_SERVER REPO_ROOT SCENARIO
set -uo pipefail
corsproof=$1 server=$2 root=$3 scenario=$4
policy=$root/audit/tests/fixtures/e2e-credentialed-policy.json
# five policies, 24 server vectors from corpus/conformance/server/actual.jsonl
actual=$root/cli/tests/fixtures/replay-vectors.jsonl
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/out "$tmp"/err; do [ -f "$f" ] && { echo "--- $f"; head -c 4000 "$f"; }; done; exit 1; }
expect_exit() { [ "$status" -eq "$1" ] || fail "expected exit $1, got $status"; }
has() { grep -qE -- "$2" "$tmp/$1" || fail "expected /$2/ in $1"; }
run() { "$corsproof" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
srv() { printf "%q --lifetime 120 %s{policy}" "$server" "${1:-}"; }  # a --server-cmd for the test server

start_server() {  # start_server MODE: the test server in the background, its port in $port
  "$server" --policy "$policy" --break "$1" --lifetime 60 >"$tmp/port" 2>&1 &
  pids+=($!)
  port=""
  for _ in $(seq 1 100); do
    port=$(grep -oE '^[0-9]+' "$tmp/port" | head -1)
    [ -n "$port" ] && return
    sleep 0.1
  done
  fail "test server did not report a port"
}

case "$scenario" in
  fuzz-found)  # a finding, its minimal request, its curl command, --out replayed offline
    start_server no-vary-on-denial
    run fuzz --http "http://127.0.0.1:$port/x" --policy "$policy" --seed 1 --requests 1500 --out "$tmp/cases.jsonl"
    expect_exit 1
    has out '^error missing-vary-origin on actual requests \([0-9]+ of 1500 requests; first: g6\)$'
    has out '^  minimal request: GET; Origin: https://app\.tenant\.example\.or$'
    has out '^summary: 1500 requests .* with seed 1 .*; does not conform$'
    cmd=$(sed -n 's/^  reproduce: //p' "$tmp/out" | head -1)
    [ "$cmd" = "curl -sS -i -H 'Origin: https://app.tenant.example.or' 'http://127.0.0.1:$port/x'" ] ||
      fail "unexpected reproducer: $cmd"
    bash -c "$cmd" | tr -d '\r' >"$tmp/curl" || fail "curl failed"
    head -1 "$tmp/curl" | grep -q '^HTTP/1.1 200' || fail "no answer to the reproducer"
    ! grep -qi '^vary:' "$tmp/curl" || fail "the reproducer's answer has Vary: the finding did not reproduce"
    head -1 "$tmp/cases.jsonl" | grep -q '"id":"min-missing-vary-origin-actual","mode":"audit"' ||
      fail "--out: the minimal exchange is not first"
    lines=$(wc -l <"$tmp/cases.jsonl")
    [ "$lines" -gt 10 ] || fail "--out: only $lines lines"
    "$corsproof" check "$tmp/cases.jsonl" >"$tmp/check" 2>&1 || { cat "$tmp/check"; fail "check of --out failed"; }
    grep -qx "$lines passed, 0 failed" "$tmp/check" || fail "check: $(tail -1 "$tmp/check")"
    "$corsproof" eval --fail-on nonconforming "$tmp/cases.jsonl" >"$tmp/answers" 2>/dev/null
    [ $? -eq 1 ] || fail "eval --fail-on nonconforming of --out should exit 1"
    [ "$(wc -l <"$tmp/answers")" -eq "$lines" ] || fail "eval: one answer per case"
    ;;
  fuzz-clean)  # the conforming server, through --server-cmd, text and JSON
    run fuzz --server-cmd "$(srv)" --policy "$policy" --seed 3 --requests 3000
    expect_exit 0
    has out '^summary: 3000 requests \(\+0 shrinking\) to http://127\.0\.0\.1:[0-9]+/ with seed 3 .* 0 failed; 0 distinct errors, 0 distinct warnings; conforms$'
    [ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "expected only the summary line"
    run fuzz --server-cmd "$(srv '--break wildcard-credentials ')" --policy "$policy" --seed 3 --requests 300 --json
    expect_exit 1
    python3 - "$tmp/out" <<'EOF' || fail "--json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["conforms"] is False and r["seed"] == 3 and r["summary"]["requests"] == 300, r["summary"]
codes = {(f["severity"], f["code"], f["kind"]) for f in r["findings"]}
assert ("error", "wildcard-with-credentials", "actual") in codes, codes
f = [f for f in r["findings"] if f["code"] == "wildcard-with-credentials" and f["kind"] == "actual"][0]
req = f["minimal"]["request"]
assert req["method"] == "GET" and len(req["headers"]) == 1, req  # shrunk to one allowed origin
assert req["headers"][0][1] in ("https://app.example.com", "https://app.partner.example", "https://app.tenant.example.org"), req
assert ["Access-Control-Allow-Origin", "*"] in f["minimal"]["observed"]["headers"]
assert f["minimal"]["expected"]["allowed"] is True
assert f["reproduce"].startswith("curl -sS -i -H 'Origin: " + req["headers"][0][1] + "' ")
EOF
    ;;
  fuzz-interrupt)  # Ctrl-C prints what was found so far
    start_server no-vary-on-denial
    "$corsproof" fuzz --http "http://127.0.0.1:$port/" --policy "$policy" --seed 5 --requests 100000000 --time 60 \
      >"$tmp/out" 2>"$tmp/err" &
    fz=$!
    pids+=($fz)
    sleep 1.5
    kill -INT "$fz"
    wait "$fz"
    status=$?
    expect_exit 1
    has out '^error missing-vary-origin on actual requests'
    has out '; interrupted; does not conform$'
    ;;
  fuzz-not-expressible)  # the adapter exits 3: exit 3 and its reason
    run fuzz --server-cmd 'echo "not expressible: allow_private_network: no option" >&2; exit 3; : {policy}' \
      --policy "$policy" --requests 10
    expect_exit 3
    has err '^corsproof fuzz: not expressible: --server-cmd .* exited 3 for this policy: not expressible: allow_private_network: no option$'
    ;;
  fuzz-bad-server-cmd)  # no port line; a port nothing answers on; exits early
    run fuzz --server-cmd 'echo hello; : {policy}' --policy "$policy" --requests 10
    expect_exit 2
    has err "^corsproof fuzz: --server-cmd 'echo hello; : \{policy\}': its first line of output is not a port number: \"hello\""
    run fuzz --server-cmd 'echo "listening soon" >&2; echo 1; exec sleep 30; : {policy}' --policy "$policy" --requests 10
    expect_exit 2
    has err 'no answer from http://127\.0\.0\.1:1/'
    has err "--server-cmd 'echo \"listening soon\" >&2; echo 1; exec sleep 30; : \{policy\}': was running but did not answer; its standard error ends with:"
    has err '^  \| listening soon$'
    run audit --server-cmd 'echo "cannot bind" >&2; exit 1; : {policy}' --policy "$policy"
    expect_exit 2
    has err 'exited with status 1 before printing its port; its standard error ends with:'
    ;;
  fuzz-usage)
    run fuzz --http http://127.0.0.1:1/ --server-cmd x --policy "$policy"
    expect_exit 2
    has err 'give exactly one of --http URL and --server-cmd CMD'
    run fuzz --http http://192.0.2.1/ --policy "$policy"
    expect_exit 2
    has err 'refused: 192\.0\.2\.1 is not a loopback host'
    run fuzz --http http://127.0.0.1:1/ --policy "$policy" --concurrency 0
    expect_exit 2
    run fuzz --http http://127.0.0.1:1/ --policy "$root/no-such-policy.json"
    expect_exit 2
    run fuzz --help
    expect_exit 0
    has out 'Shrinking|shrunk'
    ;;
  audit-server-cmd)
    run audit --server-cmd "$(srv)" --policy "$policy"
    expect_exit 0
    has out '^summary: .* conforms$'
    run audit --server-cmd "$(srv '--break reflect-origin ')" --policy "$policy"
    expect_exit 1
    has out '^error reflects-unlisted-origin '
    ;;
  replay-self-test)
    run replay --self-test "$actual"
    expect_exit 0
    has out '^summary: [0-9]+ vectors replayed through --server-cmd .*: ([0-9]+) answered, \1 conforming, 0 not conforming, 0 failed; 0 errors, 0 warnings; .*; conforms$'
    ;;
  replay-broken)
    run replay --server-cmd "$(srv '--break no-vary ')" "$actual"
    expect_exit 1
    has out '^error missing-vary-origin \([0-9]+ vectors\): '
    has out '^  reproduce: curl '
    has out 'does not conform$'
    run replay --server-cmd "$(srv '--break no-vary ')" --json "$actual"
    expect_exit 1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["summary"]["errors"] > 0; assert any(f["code"]=="missing-vary-origin" for v in r["vectors"] for f in v.get("findings",[]))' "$tmp/out" || fail "--json"
    ;;
  replay-not-expressible)  # exit 3 for some policies is no failure; --policy-filter skips before starting
    wrapper="grep -q '\"allow_private_network\":true' {policy} && { echo 'not expressible: allow_private_network: no option' >&2; exit 3; }; exec $(srv)"
    run replay --server-cmd "$wrapper" "$actual"
    expect_exit 0
    has out '; not expressible: [1-9][0-9]* vectors \(1 policies\); '
    run replay --server-cmd "$wrapper" -v "$actual"
    has out '^not expressible \([0-9]+ vectors, srv-act-method-1, \.\.\.\): not expressible: allow_private_network: no option$'
    run replay --server-cmd "$(srv)" --policy-filter 'allow_private_network!=true' --policy-filter 'allow_credentials!=true' "$actual"
    expect_exit 0
    has out '; filtered out: [1-9][0-9]* vectors \([1-9][0-9]* policies\); '
    run replay --server-cmd "$(srv)" --policy-filter 'allow_private_network' "$actual"
    expect_exit 2
    has err 'expected FIELD=JSON or FIELD!=JSON'
    run replay --server-cmd "$(srv)" "$tmp/nothing-here"
    expect_exit 2
    ;;
  *)
    echo "unknown scenario $scenario"; exit 2;;
esac
echo "$scenario: ok"
