#!/usr/bin/env python3
"""cli/tests/one_hop_chains.py — does a one-hop chain answer as protocol 1.0?

    one_hop_chains.py CORSPROOF FILE...

Every mode-browser case of the FILEs (one-exchange shape) is answered twice
by CORSPROOF: as it is (protocol 1.0) and as a chain of one hop (the same
case with "request.redirect": "follow", which v11-decisions.md makes a
one-hop chain built from the top-level preflight_response and response).
The chain's answer must have the 1.0 answer's fields with the same values
(needs_preflight, preflight, cors_check, exposed_headers, outcome, detail),
and an error answer must stay an error answer with the same code. Not
comparable, and counted apart: a case without "response" (1.0 judges the
preflight alone, a chain is incomplete there) and one whose response has a
redirect status (a chain follows it). Exit 1 on any difference.
"""
import json
import subprocess
import sys

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
FIELDS = ["needs_preflight", "preflight", "cors_check", "exposed_headers", "outcome", "detail"]


def answers(binary, cases):
    text = "".join(json.dumps(c) + "\n" for c in cases)
    p = subprocess.run([binary, "eval"], input=text.encode(), capture_output=True, check=False)
    out = [json.loads(line) for line in p.stdout.decode().splitlines()]
    if len(out) != len(cases):
        sys.exit(f"one_hop_chains: {len(out)} answers for {len(cases)} cases")
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary = sys.argv[1]
    cases = []
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    c = json.loads(line)
                except ValueError:
                    continue
                if (isinstance(c, dict) and c.get("mode") == "browser" and "hops" not in c
                        and isinstance(c.get("request"), dict) and "redirect" not in c["request"]):
                    cases.append(c)
    chains = []
    for c in cases:
        d = json.loads(json.dumps(c))
        d["request"]["redirect"] = "follow"
        chains.append(d)
    same = different = apart = 0
    for c, v1, chain in zip(cases, answers(binary, cases), answers(binary, chains)):
        response = c.get("response")
        if response is None or (isinstance(response, dict) and response.get("status") in REDIRECT_STATUSES):
            apart += 1
            continue
        if "error" in v1 or "error" in chain:
            ok = "error" in v1 and "error" in chain and v1["error"]["code"] == chain["error"]["code"]
        else:
            ok = all(v1.get(k) == chain.get(k) for k in FIELDS) and "hops" in chain and len(chain["hops"]) <= 1
        if ok:
            same += 1
        else:
            different += 1
            print(f"DIFFERENT {c.get('id')}:\n  1.0:   {json.dumps(v1)}\n  chain: {json.dumps(chain)}")
    print(f"{same} cases answer alike, {different} differ, {apart} not comparable"
          " (no response, or a redirect status)")
    return 1 if different or same == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
