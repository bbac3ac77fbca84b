#!/usr/bin/env python3
"""Deterministic oracle case files for the end-to-end benchmark (bench/e2e.py).

    gen_cases.py server  100000 OUT.jsonl [--seed 1] [--policies 24]
    gen_cases.py browser 100000 OUT.jsonl [--seed 1]
    gen_cases.py audit   100000 OUT.jsonl [--seed 1] [--policies 24]

JSON Lines per docs/protocol.md (v1 modes), one case a line, every case
valid (so every answer is a decision, never an `error` answer). The same
arguments always give byte-identical files (Python's `random.Random(seed)`,
no set or dict-order dependence, no clock).

The server mix is what a conformance run or a CORS middleware audit sends: a
pool of policies (exact lists of 1..64 origins, wildcard and `re:` patterns,
`*`, credentials, `*` methods/headers, private network), each case carrying
its policy object in full as the protocol requires; requests are mostly
preflights (allowed and denied for every reason) and actual requests, with
the headers a browser sends. The oracle may cache compiled policies (the
pool is smaller than its cache); --policies raises the pool.

The audit mix takes the server mix's policy and request and adds what a
real server answered (`observed`): mostly what a careful CORS middleware
sends (the origin echoed, `Vary: Origin`, the policy's methods, the requested
headers), and the usual mistakes (`*` with credentials, a reflected origin,
`Vary` missing, no CORS headers at all, an error status), among the headers
any response carries.
"""
import argparse
import json
import random
import sys

UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/126.0.0.0 Safari/537.36")
SAFELISTED_METHODS = ["GET", "HEAD", "POST"]
OTHER_METHODS = ["PUT", "DELETE", "PATCH", "OPTIONS"]
HEADER_NAMES = ["content-type", "x-api-key", "authorization", "x-request-id", "x-csrf-token",
                "x-requested-with", "if-match", "x-trace-id"]


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


# ---- server mode --------------------------------------------------------------

# Policy kinds in a pool of 24: mostly a few exact origins, then wildcards,
# `re:`, `*`, exact+null, and one long exact list.
KIND_PATTERN = [0, 2, 3, 0, 4, 5, 0, 2, 0, 3, 1, 0, 2, 4, 0, 5, 2, 0, 3, 4, 0, 2, 5, 0]


def make_policy(rng, i):
    """The i-th policy of the pool; its allowed origins are returned with it."""
    kind = KIND_PATTERN[i % len(KIND_PATTERN)]
    domain = "site%d.example" % i
    origins = []
    allowed = []  # origins a request may use to be allowed
    if kind == 0:    # a few exact origins
        n = rng.choice([1, 2, 4, 8])
        origins = ["https://app%d.%s" % (k, domain) for k in range(n)]
        allowed = list(origins)
    elif kind == 1:  # a large exact list
        n = rng.choice([32, 64])
        origins = ["https://t%d.%s" % (k, domain) for k in range(n)]
        allowed = origins[:: max(1, n // 16)]
    elif kind == 2:  # wildcard subdomains plus one exact origin
        origins = ["https://*.%s" % domain, "https://*.cdn.%s:8443" % domain, "https://admin.%s" % domain]
        allowed = ["https://eu.%s" % domain, "https://a.b.%s" % domain, "https://x.cdn.%s:8443" % domain,
                   "https://admin.%s" % domain]
    elif kind == 3:  # re: patterns
        origins = ["re:https://[a-z0-9-]+\\.%s" % domain.replace(".", "\\."),
                   "re:https://(staging|qa)-[0-9]+\\.preview\\.%s" % domain.replace(".", "\\.")]
        allowed = ["https://shop.%s" % domain, "https://qa-17.preview.%s" % domain]
    elif kind == 4:  # any origin
        origins = ["*"]
        allowed = ["https://anyone%d.example.net" % k for k in range(4)]
    else:            # exact origins plus null
        origins = ["https://app.%s" % domain, "http://localhost:3000", "null"]
        allowed = ["https://app.%s" % domain, "http://localhost:3000", "null"]
    credentials = kind != 4 and rng.random() < 0.6
    policy = {"allow_origins": origins}
    r = rng.random()
    if r < 0.15:
        policy["allow_methods"] = ["*"]
    elif r < 0.9:
        policy["allow_methods"] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"][: rng.randint(3, 6)]
    if rng.random() < 0.15 and not credentials:
        policy["allow_headers"] = ["*"]
    else:
        policy["allow_headers"] = HEADER_NAMES[: rng.randint(1, 5)]
    if rng.random() < 0.5:
        policy["expose_headers"] = ["x-request-id", "etag"][: rng.randint(1, 2)]
    if credentials:
        policy["allow_credentials"] = True
    if rng.random() < 0.7:
        policy["max_age"] = rng.choice([5, 600, 3600, 7200, 86400])
    if rng.random() < 0.1:
        policy["allow_private_network"] = True
    if rng.random() < 0.2:
        policy["preflight_status"] = 200
    return policy, allowed


def browser_headers(rng):
    h = [["Host", "api.example.com"], ["User-Agent", UA], ["Accept", "*/*"],
         ["Accept-Language", "en-US,en;q=0.9"], ["Accept-Encoding", "gzip, deflate, br, zstd"]]
    if rng.random() < 0.5:
        h += [["Sec-Fetch-Mode", "cors"], ["Sec-Fetch-Site", "cross-site"], ["Sec-Fetch-Dest", "empty"]]
    return h


def server_case(rng, pool, n):
    policy, allowed = pool[rng.randrange(len(pool))]
    r = rng.random()
    origin = rng.choice(allowed)
    # What the policy grants, so that most preflights ask for it.
    listed = [m for m in policy.get("allow_methods", ["GET", "HEAD", "POST"]) if m not in SAFELISTED_METHODS]
    method = rng.choice(listed) if listed and listed != ["*"] else rng.choice(["PUT", "DELETE", "POST", "PATCH"])
    names = policy.get("allow_headers", [])
    names = HEADER_NAMES[:4] if names == ["*"] else names
    requested = ",".join(rng.sample(names, rng.randint(0, min(3, len(names)))))
    headers = browser_headers(rng)
    if r < 0.45:    # preflight the policy allows
        kind = "preflight"
    elif r < 0.60:  # preflight denied: unknown origin / method / header / malformed / PNA
        kind = "preflight"
        why = rng.randrange(5)
        if why == 0:
            origin = "https://evil%d.attacker.test" % rng.randrange(100)
        elif why == 1:
            method = rng.choice(["PROPFIND", "MKCOL", "patch"])
        elif why == 2:
            requested = "content-type,x-not-listed-%d" % rng.randrange(10)
        elif why == 3:
            origin = rng.choice([origin + "/", origin.upper(), "https://user@%s" % origin[8:], ""])
        else:
            headers.append(["Access-Control-Request-Private-Network", "true"])
    elif r < 0.90:  # actual request
        kind = "actual"
        if rng.random() < 0.2:
            origin = "https://evil%d.attacker.test" % rng.randrange(100)
    elif r < 0.97:  # not CORS
        kind = "not-cors"
    else:           # multiple origins
        kind = "multiple"
    if kind == "preflight":
        headers.append(["Origin", origin])
        headers.append(["Access-Control-Request-Method", method])
        if requested:
            headers.append(["Access-Control-Request-Headers", requested])
        req = {"method": "OPTIONS", "headers": headers}
    elif kind == "actual":
        headers.append(["Origin", origin])
        if rng.random() < 0.5:
            headers.append(["Content-Type", "application/json"])
        req = {"method": rng.choice(["GET", "POST", "PUT", "DELETE"]), "headers": headers}
    elif kind == "not-cors":
        req = {"method": "GET", "headers": headers}
    else:
        headers += [["Origin", origin], ["Origin", "https://other.example"]]
        req = {"method": "GET", "headers": headers}
    return {"id": "s%d" % n, "mode": "server", "policy": policy, "request": req}


def gen_server(count, seed, policies):
    rng = random.Random(seed)
    pool = [make_policy(rng, i) for i in range(policies)]
    for n in range(1, count + 1):
        yield server_case(rng, pool, n)


# ---- audit mode -----------------------------------------------------------------

def observed_answer(rng, policy, req):
    """What a server (careful or not) answered to `req`."""
    names = [n.lower() for n, _ in req["headers"]]
    origin = next((v for n, v in req["headers"] if n == "Origin"), None)
    preflight = req["method"] == "OPTIONS" and "access-control-request-method" in names
    credentials = policy.get("allow_credentials", False)
    style = rng.random()
    h = [["Date", "Tue, 01 Jul 2025 12:00:00 GMT"], ["Server", "nginx"]]
    if origin is not None and style < 0.9:
        if style < 0.55:    # careful: echo the origin, Vary: Origin
            acao = origin
            h.append(["Vary", "Origin"])
        elif style < 0.7:   # `*` (with credentials: a mistake)
            acao = "*"
        elif style < 0.8:   # reflects any origin, forgets Vary
            acao = origin
        else:               # a fixed origin from the policy
            acao = policy["allow_origins"][0]
        h.append(["Access-Control-Allow-Origin", acao])
        if credentials or rng.random() < 0.1:
            h.append(["Access-Control-Allow-Credentials", "true"])
        if preflight:
            methods = policy.get("allow_methods", ["GET", "HEAD", "POST"])
            h.append(["Access-Control-Allow-Methods", ", ".join(methods)])
            requested = next((v for n, v in req["headers"] if n == "Access-Control-Request-Headers"), None)
            if requested:
                h.append(["Access-Control-Allow-Headers", requested if rng.random() < 0.8 else "content-type"])
            if "max_age" in policy:
                h.append(["Access-Control-Max-Age", str(policy["max_age"]) if rng.random() < 0.9 else "-1"])
        elif "expose_headers" in policy:
            h.append(["Access-Control-Expose-Headers", ", ".join(policy["expose_headers"])])
    if preflight:
        status = policy.get("preflight_status", 204) if rng.random() < 0.9 else rng.choice([200, 403])
        h.append(["Content-Length", "0"])
    else:
        status = rng.choice([200, 200, 200, 201, 304, 404])
        h += [["Content-Type", "application/json"], ["Content-Length", str(rng.randrange(10, 100000))],
              ["Cache-Control", "no-store"], ["X-Request-Id", "%032x" % rng.getrandbits(128)]]
    return {"status": status, "headers": h}


def well_formed_origins(req):
    return all(v and v == v.lower() and not v.endswith("/") and "@" not in v
               for n, v in req["headers"] if n == "Origin")


def gen_audit(count, seed, policies):
    rng = random.Random(seed)
    pool = [make_policy(rng, i) for i in range(policies)]
    for n in range(1, count + 1):
        case = server_case(rng, pool, n)
        while not well_formed_origins(case["request"]):  # audit judges only what a browser can send
            case = server_case(rng, pool, n)
        case["id"] = "a%d" % n
        case["mode"] = "audit"
        case["observed"] = observed_answer(rng, case["policy"], case["request"])
        yield case


# ---- browser mode ---------------------------------------------------------------

def response(rng, origin, credentials, acah=None, acam=None, status=200, expose=None, preflight=False):
    h = [["Date", "Tue, 01 Jul 2025 12:00:00 GMT"], ["Server", "nginx"]]
    if origin is not None:
        h.append(["Access-Control-Allow-Origin", origin])
    if credentials:
        h.append(["Access-Control-Allow-Credentials", "true"])
    if acam is not None:
        h.append(["Access-Control-Allow-Methods", acam])
    if acah is not None:
        h.append(["Access-Control-Allow-Headers", acah])
    if preflight:
        h.append(["Access-Control-Max-Age", rng.choice(["600", "7200", "86400", "abc"])])
        h.append(["Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"])
        h.append(["Content-Length", "0"])
    else:
        h += [["Content-Type", "application/json"], ["Content-Length", str(rng.randrange(10, 100000))],
              ["Cache-Control", "no-store"], ["X-Request-Id", "%032x" % rng.getrandbits(128)],
              ["ETag", '"%08x"' % rng.getrandbits(32)], ["Vary", "Origin"]]
        if expose is not None:
            h.append(["Access-Control-Expose-Headers", expose])
        h.append(["Set-Cookie", "sid=%08x; Secure; HttpOnly" % rng.getrandbits(32)])
    return {"status": status, "headers": h}


def browser_case(rng, n):
    origin = "https://app%d.example" % rng.randrange(50)
    url = "https://api.example.com/v1/items/%d?expand=owner" % rng.randrange(10000)
    r = rng.random()
    credentials = rng.choice(["omit", "same-origin", "include"])
    cred = credentials == "include"
    acao = origin if cred or rng.random() < 0.5 else "*"
    case = {"id": "b%d" % n, "mode": "browser"}
    if r < 0.35:    # simple GET/POST, no preflight
        method = rng.choice(["GET", "POST"])
        headers = [["Accept", "application/json"], ["Accept-Language", "en-US,en;q=0.9"]]
        if method == "POST":
            headers.append(["Content-Type", "text/plain;charset=UTF-8"])
        req = {"origin": origin, "url": url, "method": method, "headers": headers, "credentials": credentials}
        case["request"] = req
        case["response"] = response(rng, acao if rng.random() < 0.9 else "https://other.example", cred,
                                    expose=rng.choice([None, "x-request-id", "*", "etag, x-request-id"]))
    elif r < 0.85:  # preflighted PUT/DELETE/PATCH with JSON and an API key
        method = rng.choice(["PUT", "DELETE", "PATCH", "post"])
        headers = [["Accept", "application/json"], ["Content-Type", "application/json"],
                   ["X-Api-Key", "k-%010d" % rng.randrange(10 ** 10)]]
        if rng.random() < 0.3:
            headers.append(["Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"])
        req = {"origin": origin, "url": url, "method": method, "headers": headers, "credentials": credentials}
        acah = rng.choice(["content-type, x-api-key", "content-type, x-api-key, authorization", "*",
                           "content-type"])
        acam = rng.choice(["GET, POST, PUT, DELETE, PATCH", "*", method.upper(), "PUT"])
        case["request"] = req
        case["preflight_response"] = response(rng, acao, cred, acah=acah, acam=acam,
                                              status=rng.choice([204, 204, 200, 403]), preflight=True)
        if rng.random() < 0.8:
            case["response"] = response(rng, acao, cred, expose="x-request-id")
    elif r < 0.95:  # same origin
        req = {"origin": "https://api.example.com", "url": url, "method": rng.choice(["GET", "PUT"]),
               "headers": [["Content-Type", "application/json"]], "credentials": credentials}
        case["request"] = req
        case["response"] = response(rng, None, False)
    else:           # private network / forbidden method
        if rng.random() < 0.5:
            req = {"origin": origin, "url": "http://192.168.1.10/api", "method": "GET", "headers": [],
                   "credentials": credentials, "private_network": True}
            pr = response(rng, acao, cred, acam="GET", preflight=True, status=204)
            if rng.random() < 0.7:
                pr["headers"].append(["Access-Control-Allow-Private-Network", "true"])
            case["request"] = req
            case["preflight_response"] = pr
        else:
            case["request"] = {"origin": origin, "url": url, "method": rng.choice(["CONNECT", "TRACE"]),
                               "headers": [], "credentials": credentials}
    return case


def gen_browser(count, seed):
    rng = random.Random(seed)
    for n in range(1, count + 1):
        yield browser_case(rng, n)


def write(mode, count, path, seed=1, policies=24):
    if mode == "server":
        cases = gen_server(count, seed, policies)
    elif mode == "audit":
        cases = gen_audit(count, seed, policies)
    else:
        cases = gen_browser(count, seed)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for c in cases:
            f.write(dumps(c))
            f.write("\n")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["server", "browser", "audit"])
    ap.add_argument("count", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--policies", type=int, default=24, help="server mode: distinct policies in the pool")
    a = ap.parse_args(argv)
    write(a.mode, a.count, a.out, a.seed, a.policies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
