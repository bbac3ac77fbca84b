"""server/actual.jsonl: actual (non-preflight) CORS requests and not-cors ones.

Sources: W3C CORS §6.1 (simple/actual requests: origin only, ACAO, ACAC,
ACEH), §6.4 and Fetch "CORS protocol and HTTP caches" (Vary), oracle protocol
"Mode server" (not-cors answers, Vary on denials), decisions page "The answer".
"""

from .common import (DECISIONS, ORIGIN, VARY_ORIGIN, act_denied, act_ok, answer_headers,
                     policy, srv)

FILE = "server/actual.jsonl"

W61 = "W3C CORS §6.1"
D_ANS = DECISIONS + ": The answer"
D_CLASS = DECISIONS + ": Classification (actual requests judged on the origin only)"
P_NOTCORS = "oracle protocol: not-cors (no Access-Control-* header; Vary: Origin when " \
            "answers depend on the origin)"
P_VARY = "oracle protocol: Vary on every answer whose ACAO depends on the origin, denied included"


def cases():
    out = []

    def add(cid, pol, method, headers, expect, spec, bug=None):
        out.append(srv("srv-act-" + cid, pol, method, headers, expect, spec=spec, bug=bug))

    o = [["Origin", ORIGIN]]
    BASE = policy([ORIGIN], allow_methods=["GET", "PUT"], allow_headers=["x-api-key"],
                  max_age=600, allow_private_network=True)
    plain = act_ok(answer_headers(acao=ORIGIN, vary=VARY_ORIGIN))

    # --- the method of an actual request is not checked ---------------------------------
    for i, m in enumerate(["GET", "HEAD", "POST", "DELETE", "PROPFIND", "patch", "OPTIONS"], 1):
        add(f"method-{i}", BASE, m, o, plain, f"{W61}; {D_CLASS}; {D_ANS} (no ACAM/ACMA/ACAPN "
            "on actual answers)")
    add("ignores-acrh-1", BASE, "POST",
        o + [["Access-Control-Request-Headers", "x-nope"], ["X-Nope", "1"]], plain, D_CLASS)
    add("ignores-acrpn-1", BASE, "GET",
        o + [["Access-Control-Request-Private-Network", "true"]], plain, D_CLASS)
    add("ignores-other-headers-1", BASE, "PUT",
        o + [["Authorization", "Bearer x"], ["Content-Type", "application/json"]], plain, D_CLASS)

    # --- expose headers ---------------------------------------------------------------------
    expose = [  # (expose_headers, credentials, expected ACEH or None)
        (["x-request-id"], False, "x-request-id"),
        (["x-request-id", "x-trace"], False, "x-request-id, x-trace"),
        (["X-Request-Id"], True, "X-Request-Id"),
        (["*"], False, "*"),
        (["*"], True, None),
        (["*", "x-a"], True, "x-a"),
        (["x-a", "*"], True, "x-a"),
        (["*", "x-a"], False, "*, x-a"),
        ([], False, None),
        ([], True, None),
    ]
    for i, (eh, cred, aceh) in enumerate(expose, 1):
        pol = policy([ORIGIN], expose_headers=eh, allow_credentials=cred)
        bug = "wildcard expose with credentials" if cred and "*" in eh else None
        add(f"expose-{i}", pol, "GET", o,
            act_ok(answer_headers(acao=ORIGIN, acac=cred, aceh=aceh, vary=VARY_ORIGIN)),
            f"{W61} step 4; {D_ANS} item 7", bug=bug)
    add("expose-star-origin-1", policy(["*"], expose_headers=["x-a", "x-b"]), "GET",
        [["Origin", "https://any.example"]],
        act_ok(answer_headers(acao="*", aceh="x-a, x-b")), f"{W61}; {D_ANS} items 1, 7, 8")

    # --- credentials ------------------------------------------------------------------------
    CRED = policy([ORIGIN, "null"], allow_credentials=True)
    add("cred-1", CRED, "GET", o, act_ok(answer_headers(acao=ORIGIN, acac=True, vary=VARY_ORIGIN)),
        f"{W61} step 3 (ACAO is the origin, ACAC true)", bug="ACAO * with credentials")
    add("cred-2", CRED, "POST", [["Origin", "null"]],
        act_ok(answer_headers(acao="null", acac=True, vary=VARY_ORIGIN)), f"{W61} step 3")
    add("cred-denied-1", CRED, "GET", [["Origin", "https://evil.example"]],
        act_denied("origin-not-allowed"), f"{W61} step 2; {P_VARY}",
        bug="ACAC sent on denied request")
    add("cred-wild-1", policy(["https://*.example.com"], allow_credentials=True), "GET",
        [["Origin", "https://a.example.com"]],
        act_ok(answer_headers(acao="https://a.example.com", acac=True, vary=VARY_ORIGIN)), W61)

    # --- Vary on denials -------------------------------------------------------------------------
    denials = [
        ("wild", policy(["https://*.example.com"]), "https://example.com", "origin-not-allowed"),
        ("re", policy(["re:https://[a-z]+\\.example"]), "https://a.evil", "origin-not-allowed"),
        ("exact", policy([ORIGIN]), "https://evil.example", "origin-not-allowed"),
        ("malformed", policy([ORIGIN]), "https://app.example/", "malformed-origin"),
        ("expose", policy([ORIGIN], expose_headers=["x-a"]), "https://evil.example",
         "origin-not-allowed"),
    ]
    for name, pol, origin, reason in denials:
        add(f"vary-denied-{name}", pol, "GET", [["Origin", origin]], act_denied(reason),
            f"{P_VARY}; {DECISIONS}: The answer item 8", bug="missing Vary: Origin on denial")
    add("vary-denied-multiple", policy([ORIGIN]), "GET",
        [["Origin", ORIGIN], ["Origin", ORIGIN]], act_denied("multiple-origins"), P_VARY)
    add("vary-single-origin-1", policy([ORIGIN]), "GET", o,
        act_ok(answer_headers(acao=ORIGIN, vary=VARY_ORIGIN)),
        f"{DECISIONS}: The answer item 8 (depends on the origin unless * without credentials)")
    add("vary-star-1", policy(["*"]), "GET", [["Origin", "https://any.example"]],
        act_ok(answer_headers(acao="*")), "oracle protocol: Vary absent for * without credentials")

    # --- not-cors -----------------------------------------------------------------------------------
    notcors = [
        ("exact", policy([ORIGIN]), [VARY_ORIGIN]),
        ("star", policy(["*"]), []),
        ("star-expose", policy(["*"], expose_headers=["x-a"], max_age=5), []),
        ("cred", policy([ORIGIN], allow_credentials=True), [VARY_ORIGIN]),
        ("expose", policy([ORIGIN], expose_headers=["x-a"], max_age=600), [VARY_ORIGIN]),
        ("wild", policy(["https://*.example.com"]), [VARY_ORIGIN]),
        ("null", policy(["null"]), [VARY_ORIGIN]),
    ]
    for name, pol, hs in notcors:
        add(f"not-cors-{name}", pol, "GET", [["Accept", "*/*"]],
            {"kind": "not-cors", "allowed": True, "headers": hs},
            f"{P_NOTCORS}; W3C CORS §6.1 step 1", bug="CORS headers on non-CORS response"
            if hs else None)
    for i, (m, hs) in enumerate([("OPTIONS", [["Access-Control-Request-Method", "PUT"]]),
                                 ("POST", []), ("DELETE", [["Access-Control-Request-Headers",
                                                            "x-a"]])], 1):
        add(f"not-cors-method-{i}", policy([ORIGIN], allow_methods=["PUT"]), m, hs,
            {"kind": "not-cors", "allowed": True, "headers": [VARY_ORIGIN]}, P_NOTCORS)
    add("not-cors-referer-1", policy([ORIGIN]), "GET", [["Referer", "https://app.example/"]],
        {"kind": "not-cors", "allowed": True, "headers": [VARY_ORIGIN]},
        f"{P_NOTCORS} (only the Origin header makes a request CORS)")
    return out
