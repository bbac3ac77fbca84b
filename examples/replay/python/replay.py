"""Replay corsproof's server-mode conformance vectors against server.py and
have corsproof judge every observed answer (oracle protocol, "Mode audit").

As a report:

    python3 replay.py [--corsproof PATH] [--vectors DIR] [--out DIR]
                      [--max-cases N] [--timeout S] [--baseline FILE]

As part of a project's test suite (stdlib unittest; CORSPROOF names the
binary, CORS_BASELINE an optional file of accepted "ID CODE" lines):

    CORSPROOF=/path/to/corsproof python3 -m unittest replay

Steps: read DIR/*.jsonl (default: corpus/conformance/server of this repo);
keep the server-mode cases whose policy is valid and expressible by the
middleware, counting every skipped case with its reason; per distinct policy
start the server on 127.0.0.1 (ephemeral port), send each case's request
(exact method, headers in order, duplicates kept) on its own connection,
record status and headers, stop the server; write OUT/python-audit.jsonl
({"id","mode":"audit","policy","request","observed"}) and pipe it to
`corsproof eval`; print findings per code. When the binary has no audit mode
yet, fall back to comparing with each vector's `expect` and say so.

Exit status: 0 done (findings are results); 1 with --baseline, an
error-level finding not in the baseline, or a baseline line no longer found;
2 usage or setup error.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import time
import unittest
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server  # noqa: E402  (the server under test, next to this file)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
TOKEN = set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


# ---- Loading and skipping -----------------------------------------------------

def load_vectors(directory):
    cases = []
    for f in sorted(Path(directory).glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                cases.append(json.loads(line))
    return cases


def header_values(headers, name):
    return [v for n, v in headers if n.lower() == name.lower()]


def skip_reason(case):
    """Why this case cannot be replayed against the middleware, or None."""
    if case.get("mode") != "server":
        return "not a server-mode case"
    err = case.get("expect", {}).get("error")
    if err:
        return "invalid case (expects %s): no server to configure" % err["code"]
    try:
        _, unsupported = server.cors_from_policy(case["policy"])
    except server.Unsupported as e:
        return str(e)
    if "allow_private_network" in unsupported and any(
            v.strip(" \t") == "true"
            for v in header_values(case["request"]["headers"], "Access-Control-Request-Private-Network")):
        return ("private network preflight under allow_private_network: true "
                "(the middleware has no Private Network Access support)")
    for n, v in case["request"]["headers"]:
        if not n or set(n) - TOKEN:
            return "header name %r cannot be sent" % n
        if any(c in v for c in "\0\r\n"):
            return "header value with NUL/CR/LF cannot be sent"
    if not case["request"]["method"] or set(case["request"]["method"]) - TOKEN:
        return "method is not a token"
    return None


# ---- Sending one request ------------------------------------------------------

def send(port, request, timeout):
    """Send one request exactly; return (observed, None) or (None, error)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        # putrequest/putheader send the method as given (no upper-casing)
        # and one header line per call, so order and duplicates are kept.
        # Values go out as their UTF-8 bytes (the protocol's rule).
        conn.putrequest(request["method"], "/", skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "127.0.0.1:%d" % port)
        for name, value in request["headers"]:
            conn.putheader(name, value.encode("utf-8"))
        conn.putheader("Connection", "close")
        conn.endheaders()
        resp = conn.getresponse()
        resp.read(1 << 20)
        # getheaders() keeps order and duplicates; http.client decodes the
        # bytes as latin-1, so re-encode to get the bytes back.
        headers = [[n, v.encode("latin-1").decode("utf-8", "replace")] for n, v in resp.getheaders()]
        return {"status": resp.status, "headers": headers}, None
    except (OSError, http.client.HTTPException) as e:
        return None, "%s: %s" % (type(e).__name__, e)
    finally:
        conn.close()


# ---- Judging ------------------------------------------------------------------

def run_corsproof(binary, text):
    try:
        r = subprocess.run([binary, "eval"], input=text, capture_output=True, text=True,
                           encoding="utf-8", timeout=60)
    except OSError as e:
        raise SystemExit("replay.py: cannot run %s: %s" % (binary, e))
    if r.returncode == 2:
        raise SystemExit("replay.py: %s eval: usage error: %s" % (binary, r.stderr.strip()))
    return [json.loads(line) for line in r.stdout.splitlines() if line]


def audit_available(binary):
    """Does this corsproof answer audit cases? (It says so by answering one.)"""
    probe = {"id": "audit-probe", "mode": "audit", "policy": {"allow_origins": ["*"]},
             "request": {"method": "GET", "headers": []}, "observed": {"status": 200, "headers": []}}
    answers = run_corsproof(binary, json.dumps(probe) + "\n")
    if answers and isinstance(answers[0].get("conforms"), bool):
        return True, None
    return False, json.dumps(answers[0]) if answers else "no answer"


LIST_HEADERS = {"vary", "access-control-allow-methods", "access-control-allow-headers",
                "access-control-expose-headers"}


def cors_headers(headers):
    grouped = defaultdict(list)
    for n, v in headers:
        k = n.lower()
        if k.startswith("access-control-") or k == "vary":
            grouped[k].append(v)
    out = {}
    for k, vs in grouped.items():
        if k in LIST_HEADERS:
            items = [x.strip(" \t") for x in ",".join(vs).split(",") if x.strip(" \t")]
            if k == "vary":
                items = [x.lower() for x in items]
            out[k] = ", ".join(sorted(set(items)))
        else:
            out[k] = " | ".join(v.strip(" \t") for v in vs)
    return out


def compare_with_expect(case, observed):
    """Fallback without audit mode: the conformance README's comparison
    against corsproof's canonical answer (textual differences, not verdicts:
    listing every allowed method instead of echoing one shows up here)."""
    exp, got, diffs = case["expect"], cors_headers(observed["headers"]), []
    if exp.get("allowed") is False:
        diffs += ["denied, but answered %s: %s" % (k, v) for k, v in got.items()
                  if k.startswith("access-control-allow-")]
    if exp.get("kind") == "preflight" and "status" in exp:
        ok = 200 <= observed["status"] < 300
        if exp.get("allowed") and not ok:
            diffs.append("status: expected %s, got %s" % (exp["status"], observed["status"]))
    if "headers" in exp:
        want = cors_headers(exp["headers"])
        for k, v in want.items():
            if k not in got:
                diffs.append("missing %s: %s" % (k, v))
            elif got[k] != v:
                diffs.append("%s: expected %s, got %s" % (k, v, got[k]))
        diffs += ["extra %s: %s" % (k, v) for k, v in got.items()
                  if k not in want and not (exp.get("allowed") is False and k.startswith("access-control-allow-"))]
    return diffs


# ---- The replay ---------------------------------------------------------------

def replay(binary, vectors, out_dir, max_cases=2000, timeout=2.0):
    """Run everything; return a dict with the counts, findings and lines."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cases = load_vectors(vectors)
    skipped = defaultdict(list)
    by_policy = {}
    kept = 0
    for c in cases:
        why = skip_reason(c)
        if why is None and kept >= max_cases:
            why = "over --max-cases"
        if why:
            skipped[why].append(c["id"])
            continue
        kept += 1
        by_policy.setdefault(json.dumps(c["policy"], sort_keys=True), []).append(c)

    t0 = time.monotonic()
    results = []
    for group in by_policy.values():
        srv = server.start(group[0]["policy"])
        try:
            port = srv.server_address[1]
            for c in group:
                observed, error = send(port, c["request"], timeout)
                results.append((c, observed, error))
        finally:
            server.stop(srv)
    seconds = time.monotonic() - t0

    answered = [(c, o) for c, o, e in results if e is None]
    failed = [(c, e) for c, _, e in results if e is not None]
    audit_lines = [json.dumps({"id": c["id"], "mode": "audit", "policy": c["policy"],
                               "request": c["request"], "observed": o}, ensure_ascii=False)
                   for c, o in answered]
    audit_file = out_dir / "python-audit.jsonl"
    audit_file.write_text("".join(l + "\n" for l in audit_lines), encoding="utf-8")

    lines = ["vectors: %d server-mode lines in %s" % (len(cases), vectors),
             "replayed: %d cases against %d server instances (http.server + Cors) in %.1f s; "
             "%d answered, %d without answer" % (len(results), len(by_policy), seconds, len(answered), len(failed)),
             "skipped: %d" % sum(len(v) for v in skipped.values())]
    for why, ids in sorted(skipped.items(), key=lambda kv: -len(kv[1])):
        lines.append("  %4d  %s%s" % (len(ids), why, " (%s)" % ", ".join(ids) if len(ids) <= 6 else ""))
    lines += ["  no answer: %s: %s" % (c["id"], e) for c, e in failed]
    lines.append("audit cases: %s" % audit_file)

    report, findings = [], []  # findings: (id, severity, code)
    ok, why = audit_available(binary)
    if ok:
        answers = run_corsproof(binary, "".join(l + "\n" for l in audit_lines))
        (out_dir / "python-answers.jsonl").write_text(
            "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in answers), encoding="utf-8")
        judged = [a for a in answers if "error" not in a]
        errors = [a for a in answers if "error" in a]
        by_code = defaultdict(list)
        for a in judged:
            for f in a["findings"]:
                by_code["%s %s" % (f["severity"], f["code"])].append(a["id"])
                findings.append((a["id"], f["severity"], f["code"]))
                report.append("%s %s %s: %s" % (a["id"], f["severity"], f["code"], f["detail"]))
        report += ["%s %s: %s" % (a["id"], a["error"]["code"], a["error"]["message"]) for a in errors]
        lines.append("corsproof eval (audit): %d judged, %d conform, %d do not; %d error answers" % (
            len(judged), sum(a["conforms"] for a in judged), sum(not a["conforms"] for a in judged), len(errors)))
        lines.append("findings per code (cases):")
        for k in sorted(by_code):
            lines.append("  %4d  %s  e.g. %s" % (len(by_code[k]), k, ", ".join(by_code[k][:3])))
    else:
        lines.append("corsproof eval has no audit mode here (%s); FALLBACK: comparing with each vector's expect" % why)
        differing = 0
        for c, o in answered:
            diffs = compare_with_expect(c, o)
            differing += bool(diffs)
            report += ["%s %s" % (c["id"], d) for d in diffs]
        lines.append("  %d match expect, %d differ (textual differences, not verdicts)" % (
            len(answered) - differing, differing))
    report_file = out_dir / "python-report.txt"
    report_file.write_text("".join(l + "\n" for l in report), encoding="utf-8")
    lines.append("report: %s" % report_file)
    return {"audit": ok, "lines": lines, "findings": findings, "failed": failed}


def baseline_problems(findings, baseline_file):
    """Error-level findings not in the baseline, and baseline lines not found."""
    accepted = set()
    for line in Path(baseline_file).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            accepted.add(tuple(line.split()[:2]))
    errors = {(i, code) for i, sev, code in findings if sev == "error"}
    new = sorted(errors - accepted)
    gone = sorted(accepted - errors)
    return (["new finding: %s %s" % x for x in new]
            + ["baseline line no longer found (remove it): %s %s" % x for x in gone])


def default_binary():
    return os.environ.get("CORSPROOF", "corsproof")


class CorsConformance(unittest.TestCase):
    """What a project's own test suite would run: replay the vectors, audit
    the answers, fail on error-level findings not accepted in a baseline."""

    def test_server_vectors_audit(self):
        result = replay(default_binary(), REPO / "corpus/conformance/server", HERE / "out")
        if not result["audit"]:
            self.skipTest("this corsproof has no audit mode yet")
        self.assertEqual(result["failed"], [], "requests without an answer")
        baseline = os.environ.get("CORS_BASELINE")
        if baseline:
            problems = baseline_problems(result["findings"], baseline)
        else:
            problems = ["%s error %s" % (i, code) for i, sev, code in result["findings"] if sev == "error"]
        self.assertEqual(problems, [], "\n".join(problems))


def main(argv):
    ap = argparse.ArgumentParser(description="Replay corsproof server vectors against server.py and audit the answers.")
    ap.add_argument("--corsproof", default=default_binary())
    ap.add_argument("--vectors", default=str(REPO / "corpus/conformance/server"))
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--max-cases", type=int, default=2000)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--baseline", help='file of accepted "ID CODE" lines; exit 1 on any difference')
    args = ap.parse_args(argv)
    result = replay(args.corsproof, args.vectors, args.out, args.max_cases, args.timeout)
    print("\n".join(result["lines"]))
    if args.baseline:
        if not result["audit"]:
            print("baseline: not checked (no audit mode)")
            return 0
        problems = baseline_problems(result["findings"], args.baseline)
        print("\n".join(problems) if problems else "baseline: no new error findings")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
