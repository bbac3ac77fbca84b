"""server/preflight.jsonl: classification and the preflight checks.

Sources: W3C CORS §6.2 (preflight processing model), Fetch "CORS protocol"
(what a preflight answer must contain), oracle protocol "Mode server", and the
decisions page "Classification", "Preflight checks and bounds", "The answer".
"""

from .common import (DECISIONS, ORIGIN, VARY_ORIGIN, VARY_PF, VARY_PF_STAR, act_ok,
                     answer_headers, pf_denied, pf_ok, policy, preflight_req, srv)

FILE = "server/preflight.jsonl"

D_CLASS = DECISIONS + ": Classification"
D_CHECK = DECISIONS + ": Preflight checks and bounds"
D_ANS = DECISIONS + ": The answer"
W62 = "W3C CORS §6.2"
P_ORDER = "oracle protocol: checks run in the W3C order"

BASE = policy([ORIGIN], allow_methods=["PUT", "DELETE", "PATCH"],
              allow_headers=["content-type", "x-api-key"])


def ok(acam, acah=None, status=204, **kw):
    return pf_ok(answer_headers(acao=ORIGIN, acam=acam, acah=acah, vary=VARY_PF, **kw),
                 status=status)


def cases():
    out = []

    def add(cid, pol, expect, spec, method="PUT", acrh=None, extra=(), bug=None,
            http_method="OPTIONS", headers=None):
        hs = headers if headers is not None else preflight_req(ORIGIN, method, acrh, extra)
        out.append(srv("srv-pf-" + cid, pol, http_method, hs, expect, spec=spec, bug=bug))

    # --- classification --------------------------------------------------------
    add("class-1", BASE, ok("PUT"), f"{D_CLASS}; {W62}")
    for i, m in enumerate(["options", "Options", "OPTIONs"], 1):
        add(f"class-actual-{i}", BASE,
            act_ok(answer_headers(acao=ORIGIN, vary=VARY_ORIGIN)),
            f"{D_CLASS} (method byte-exactly OPTIONS)", http_method=m,
            bug="case-insensitive preflight detection")
    add("class-no-acrm-1", BASE, act_ok(answer_headers(acao=ORIGIN, vary=VARY_ORIGIN)),
        f"{D_CLASS} (OPTIONS without ACRM is actual)", headers=[["Origin", ORIGIN]])
    add("class-no-origin-1", BASE,
        {"kind": "not-cors", "allowed": True, "headers": [VARY_ORIGIN]},
        f"{D_CLASS}; oracle protocol: not-cors", headers=[["Access-Control-Request-Method", "PUT"]])
    add("class-no-origin-2", policy(["*"]), {"kind": "not-cors", "allowed": True, "headers": []},
        f"{D_CLASS}; oracle protocol: not-cors (no Vary for *)",
        headers=[["Access-Control-Request-Method", "PUT"]])
    add("class-post-1", BASE, act_ok(answer_headers(acao=ORIGIN, vary=VARY_ORIGIN)),
        D_CLASS, http_method="POST")
    add("class-name-case-1", BASE, ok("PUT"), f"{D_CLASS}; {DECISIONS}: Names",
        headers=[["origin", ORIGIN], ["ACCESS-CONTROL-REQUEST-METHOD", "PUT"]])

    # --- Access-Control-Request-Method ------------------------------------------
    bad_acrm = ["", "   ", "PUT DELETE", "PUT,DELETE", "PUT;", "\"PUT\"", "P\u00dcT", "(PUT)",
                "PUT/1", "PU\tT"]
    for i, m in enumerate(bad_acrm, 1):
        add(f"acrm-bad-{i}", BASE, pf_denied("malformed-request-method"),
            f"{D_CHECK}; {W62} step 3", method=m)
    add("acrm-repeated-1", BASE, pf_denied("malformed-request-method"), D_CHECK,
        headers=preflight_req(ORIGIN, "PUT", extra=[["Access-Control-Request-Method", "PUT"]]))
    add("acrm-repeated-2", BASE, pf_denied("malformed-request-method"), D_CHECK,
        headers=preflight_req(ORIGIN, "PUT", extra=[["access-control-request-method", "DELETE"]]))
    add("acrm-trim-1", BASE, ok("PUT"), "oracle protocol: request values trimmed", method=" PUT\t")
    STARM = policy([ORIGIN], allow_methods=["*"])
    add("acrm-tchar-1", STARM, pf_ok(answer_headers(acao=ORIGIN, acam="*", vary=VARY_PF)),
        f"{D_CHECK}; RFC 9110 token", method="!#$%&'*+-.^_`|~Az09")

    # --- method case and normalization --------------------------------------------
    mcase = [  # (allow_methods, requested, allowed?)
        (["PATCH"], "PATCH", True), (["PATCH"], "patch", False),
        (["patch"], "patch", True), (["patch"], "PATCH", False),
        (["put"], "PUT", True), (["Delete"], "DELETE", True), (["options"], "OPTIONS", True),
        (["PUT"], "put", False), (["put"], "put", False), (["Egg"], "Egg", True),
        (["Egg"], "egg", False), (["head"], "HEAD", True), (["PROPFIND"], "propfind", False),
    ]
    for i, (am, m, allowed) in enumerate(mcase, 1):
        pol = policy([ORIGIN], allow_methods=am)
        add(f"method-case-{i}", pol, ok(m) if allowed else pf_denied("method-not-allowed"),
            "oracle protocol: allow_methods (six methods upper-cased on load); " + D_CHECK,
            method=m, bug=None if allowed else "case-insensitive method comparison")

    # --- safelisted methods pass --------------------------------------------------
    ONLY_DELETE = policy([ORIGIN], allow_methods=["DELETE"])
    for i, m in enumerate(["GET", "HEAD", "POST"], 1):
        add(f"safelisted-{i}", ONLY_DELETE, ok(m),
            "oracle protocol: safelisted method passes whatever allow_methods says", method=m)
    for i, m in enumerate(["get", "Post", "head"], 1):
        add(f"safelisted-case-{i}", ONLY_DELETE, pf_denied("method-not-allowed"),
            f"{D_CHECK} (GET, HEAD, POST byte-exact)", method=m)
    DEFAULT = policy([ORIGIN])
    add("default-methods-1", DEFAULT, pf_denied("method-not-allowed"),
        "oracle protocol: allow_methods default GET, HEAD, POST")
    add("default-methods-2", DEFAULT, ok("POST"), "oracle protocol: allow_methods default",
        method="POST")
    add("options-not-safelisted-1", DEFAULT, pf_denied("method-not-allowed"),
        "Fetch: CORS-safelisted method (OPTIONS is not)", method="OPTIONS",
        bug="OPTIONS treated as safelisted")

    # --- * in allow_methods ----------------------------------------------------------
    STARM_C = policy([ORIGIN], allow_methods=["*"], allow_credentials=True)
    for i, m in enumerate(["PROPFIND", "patch", "GET"], 1):
        add(f"star-methods-{i}", STARM, pf_ok(answer_headers(acao=ORIGIN, acam="*", vary=VARY_PF)),
            f"{D_CHECK}; {D_ANS} item 3", method=m)
        add(f"star-methods-cred-{i}", STARM_C,
            pf_ok(answer_headers(acao=ORIGIN, acac=True, acam=m, vary=VARY_PF)),
            f"Fetch: CORS protocol and credentials (* literal); {D_ANS} item 3", method=m,
            bug="wildcard methods with credentials")

    # --- Access-Control-Request-Headers parsing --------------------------------------
    acrh_ok = [("content-type", "content-type"),
               (" content-type ,  x-api-key ", "content-type, x-api-key"),
               ("content-type,,x-api-key", "content-type, x-api-key"),
               (",content-type,", "content-type"), ("\tx-api-key\t", "x-api-key"),
               ("Content-Type, X-API-KEY", "Content-Type, X-API-KEY")]
    for i, (v, echo) in enumerate(acrh_ok, 1):
        add(f"acrh-ok-{i}", BASE, ok("PUT", echo), f"{D_CHECK} (#field-name, OWS, empty elements); "
            f"{D_ANS} item 4", acrh=v, bug="strict list parsing" if "," in v else None)
    for i, v in enumerate(["", ",,, ", " "], 1):
        add(f"acrh-empty-{i}", BASE, ok("PUT"), f"{D_CHECK}; {D_ANS} item 4 (no names, no ACAH)",
            acrh=v)
    add("acrh-repeated-1", BASE, ok("PUT", "content-type, x-api-key"),
        "oracle protocol: repeated ACRH headers are one list",
        extra=[["Access-Control-Request-Headers", "content-type"],
               ["Access-Control-Request-Headers", "x-api-key"]])
    add("acrh-repeated-2", BASE, ok("PUT", "x-api-key"), D_CHECK,
        extra=[["Access-Control-Request-Headers", "x-api-key"],
               ["Access-Control-Request-Headers", ""]])
    bad_acrh = ["x a", "x-a;q=1", "\"x-a\"", "x-\u00e9", "x-a/b", "x:a", "x-a x-b", "x-a\tx-b",
                "content-type, (x)", "x-a,{}", "x=1"]
    for i, v in enumerate(bad_acrh, 1):
        add(f"acrh-bad-{i}", BASE, pf_denied("malformed-request-headers"),
            f"{D_CHECK}; {W62} step 4", acrh=v)
    add("acrh-bad-repeated-1", BASE, pf_denied("malformed-request-headers"), D_CHECK,
        extra=[["Access-Control-Request-Headers", "content-type"],
               ["Access-Control-Request-Headers", "bad header"]])

    # --- bounds: 64 names, 4096 bytes ------------------------------------------------
    STARH = policy([ORIGIN], allow_methods=["PUT"], allow_headers=["*"])
    star_ok = pf_ok(answer_headers(acao=ORIGIN, acam="PUT", acah="*", vary=VARY_PF))
    names = [f"x-h{i}" for i in range(1, 66)]
    add("bound-names-64", STARH, star_ok, f"{D_CHECK} (at most 64 names)", acrh=",".join(names[:64]))
    add("bound-names-65", STARH, pf_denied("malformed-request-headers"),
        f"{D_CHECK} (65 names refused)", acrh=",".join(names))
    add("bound-names-64-empties", STARH, star_ok, f"{D_CHECK} (non-empty names counted)",
        acrh=",,".join(names[:64]) + ",,")
    add("bound-names-split-64", STARH, star_ok, D_CHECK,
        extra=[["Access-Control-Request-Headers", ",".join(names[:32])],
               ["Access-Control-Request-Headers", ",".join(names[32:64])]])
    add("bound-names-split-65", STARH, pf_denied("malformed-request-headers"), D_CHECK,
        extra=[["Access-Control-Request-Headers", ",".join(names[:33])],
               ["Access-Control-Request-Headers", ",".join(names[33:65])]])
    for n, allowed in [(4096, True), (4097, False)]:
        k = 40
        width = (n - (k - 1)) // k
        big = [f"x-{i:02d}-" + "a" * (width - 5) for i in range(k)]
        big[-1] += "b" * (n - (k - 1) - width * k)
        v = ",".join(big)
        assert len(v) == n and len(big[0]) == width
        add(f"bound-bytes-{n}", STARH, star_ok if allowed else pf_denied("malformed-request-headers"),
            f"{D_CHECK} (at most 4096 bytes)", acrh=v)
    two = [f"x-{i:02d}-" + "c" * 94 for i in range(20)]   # 20 x 100 bytes + 19 commas
    add("bound-bytes-split-ok", STARH, star_ok, D_CHECK,
        extra=[["Access-Control-Request-Headers", ",".join(two[:10])],
               ["Access-Control-Request-Headers", ",".join(two[10:])]])
    three = [f"x-{i:02d}-" + "d" * 204 for i in range(20)]  # 2 x (10 x 209 + 9) = 4198 bytes
    add("bound-bytes-split-over", STARH, pf_denied("malformed-request-headers"), D_CHECK,
        extra=[["Access-Control-Request-Headers", ",".join(three[:10])],
               ["Access-Control-Request-Headers", ",".join(three[10:])]])

    # --- header check: first refused name, in request order ---------------------------
    refused = [("x-other", "x-other"), ("content-type, x-other, x-more", "x-other"),
               ("x-zzz, x-aaa", "x-zzz"), ("X-Other", "X-Other"), (" x-other ", "x-other"),
               ("x-api-key,, X-Nope ,content-type", "X-Nope")]
    for i, (v, d) in enumerate(refused, 1):
        add(f"header-refused-{i}", BASE, pf_denied("header-not-allowed", detail=d),
            "oracle protocol: header-not-allowed detail (first refused, request order); "
            + D_CHECK, acrh=v)
    add("header-refused-repeated-1", BASE, pf_denied("header-not-allowed", detail="x-nope"),
        D_CHECK, extra=[["Access-Control-Request-Headers", "x-api-key"],
                        ["Access-Control-Request-Headers", "x-nope"]])
    UPPER = policy([ORIGIN], allow_methods=["PUT"], allow_headers=["X-API-KEY"])
    add("header-case-1", UPPER, ok("PUT", "x-api-key"),
        "oracle protocol: allow_headers matched case-insensitively", acrh="x-api-key")

    # --- safelisted-looking names are checked like any other --------------------------
    # A browser names Content-Type, Accept, Accept-Language, Content-Language
    # or Range in Access-Control-Request-Headers only when its value makes it
    # CORS-unsafe (Fetch "CORS-unsafe request-header names"), so a server that
    # lets these names through whatever its policy says grants what it must
    # refuse.
    NO_SAFE = policy([ORIGIN], allow_methods=["PUT"], allow_headers=["x-api-key"])
    NO_HEADERS = policy([ORIGIN], allow_methods=["PUT"])
    S_SAFE = ("Fetch: CORS-unsafe request-header names (a safelisted name with an unsafe "
              "value is requested); " + D_CHECK)
    for i, name in enumerate(["content-type", "accept", "accept-language", "content-language",
                              "range", "Content-Type"], 1):
        add(f"safelisted-name-refused-{i}", NO_SAFE,
            pf_denied("header-not-allowed", detail=name), S_SAFE, acrh=name,
            bug="safelisted-looking names always allowed")
    add("safelisted-name-refused-mixed-1", NO_SAFE,
        pf_denied("header-not-allowed", detail="content-type"), S_SAFE,
        acrh="content-type,x-api-key", bug="safelisted-looking names always allowed")
    for i, name in enumerate(["content-type", "accept"], 1):
        add(f"safelisted-name-refused-default-{i}", NO_HEADERS,
            pf_denied("header-not-allowed", detail=name), S_SAFE + " (no allow_headers)",
            acrh=name, bug="safelisted-looking names always allowed")

    # --- * in allow_headers, Authorization ---------------------------------------------
    STARH_C = policy([ORIGIN], allow_methods=["PUT"], allow_headers=["*"], allow_credentials=True)
    add("star-headers-1", STARH, star_ok, f"{D_ANS} item 4", acrh="x-anything, content-type")
    add("star-headers-cred-1", STARH_C,
        pf_ok(answer_headers(acao=ORIGIN, acac=True, acam="PUT",
                             acah="x-anything, content-type", vary=VARY_PF)),
        f"Fetch: CORS protocol and credentials; {D_ANS} item 4", acrh="x-anything, content-type",
        bug="wildcard headers with credentials")
    # The same in browser spelling (lower case, sorted, bare commas): audit
    # mode judges requests no browser sends at warning level only.
    add("star-headers-cred-2", STARH_C,
        pf_ok(answer_headers(acao=ORIGIN, acac=True, acam="PUT",
                             acah="content-type, x-anything", vary=VARY_PF)),
        f"Fetch: CORS protocol and credentials; {D_ANS} item 4", acrh="content-type,x-anything",
        bug="wildcard headers with credentials")
    for i, (v, d) in enumerate([("authorization", "authorization"),
                                ("x-a, Authorization", "Authorization"),
                                ("authorization,x-a", "authorization")], 1):
        add(f"star-authorization-{i}", STARH, pf_denied("header-not-allowed", detail=d),
            "oracle protocol: Authorization never covered by *; Fetch: CORS non-wildcard "
            "request-header name", acrh=v, bug="wildcard covers Authorization")
    add("star-authorization-cred-1", STARH_C,
        pf_denied("header-not-allowed", detail="authorization"),
        "oracle protocol: Authorization never covered by *", acrh="authorization")
    STARH_AUTH = policy([ORIGIN], allow_methods=["PUT"], allow_headers=["*", "authorization"])
    add("star-authorization-listed-1", STARH_AUTH,
        ok("PUT", "x-a, authorization"), f"{D_ANS} item 4 (authorization requested: echo)",
        acrh="x-a, authorization")
    add("star-authorization-listed-2", STARH_AUTH, star_ok, f"{D_ANS} item 4", acrh="x-a")
    add("authorization-listed-1", policy([ORIGIN], allow_methods=["PUT"],
                                         allow_headers=["Authorization"]),
        ok("PUT", "authorization"), "oracle protocol: Authorization listed by name",
        acrh="authorization")
    add("authorization-default-1", BASE, pf_denied("header-not-allowed", detail="authorization"),
        "oracle protocol: every requested header must be allowed", acrh="authorization")

    # --- check order ----------------------------------------------------------------------
    PN = policy([ORIGIN], allow_methods=["PUT"], allow_headers=["x-api-key"])
    pna = [["Access-Control-Request-Private-Network", "true"]]
    order = [
        ("acrm-before-acrh", "PUT DELETE", "bad header", (), "malformed-request-method"),
        ("acrh-before-method", "PROPFIND", "bad header", (), "malformed-request-headers"),
        ("method-before-header", "PROPFIND", "x-nope", (), "method-not-allowed"),
        ("header-before-pna", "PUT", "x-nope", pna, "header-not-allowed"),
        ("method-before-pna", "PROPFIND", None, pna, "method-not-allowed"),
        ("acrh-before-pna", "PUT", "a b", pna, "malformed-request-headers"),
    ]
    for cid, m, v, extra, reason in order:
        add("order-" + cid, PN, pf_denied(reason), P_ORDER, method=m, acrh=v, extra=extra)
    add("order-origin-first", PN, pf_denied("origin-not-allowed"), P_ORDER,
        headers=preflight_req("https://evil.example", "PUT DELETE", "bad header"))

    # --- private network ---------------------------------------------------------------------
    PNA_ON = policy([ORIGIN], allow_methods=["PUT"], allow_private_network=True)
    add("pna-denied-1", policy([ORIGIN], allow_methods=["PUT"]),
        pf_denied("private-network-not-allowed"), D_CHECK + " (private network)", extra=pna)
    add("pna-denied-2", policy([ORIGIN], allow_methods=["PUT"]),
        pf_denied("private-network-not-allowed"), D_CHECK + " (value trimmed)",
        extra=[["Access-Control-Request-Private-Network", " true\t"]])
    add("pna-ok-1", PNA_ON, ok("PUT", acapn=True), f"{D_CHECK}; {D_ANS} item 5", extra=pna)
    add("pna-not-asked-1", policy([ORIGIN], allow_methods=["PUT"]), ok("PUT"),
        D_CHECK + " (only the value true asks)",
        extra=[["Access-Control-Request-Private-Network", "false"]])
    add("pna-not-asked-2", PNA_ON, ok("PUT"), f"{D_ANS} item 5 (only preflights that asked)")

    # --- status and max-age ------------------------------------------------------------------
    S200 = policy([ORIGIN], allow_methods=["PUT"], preflight_status=200)
    add("status-200", S200, ok("PUT", status=200), "oracle protocol: preflight_status")
    add("status-204", policy([ORIGIN], allow_methods=["PUT"], preflight_status=204),
        ok("PUT"), "oracle protocol: preflight_status")
    add("status-denied-403", S200, pf_denied("method-not-allowed"),
        f"{D_ANS} (403 when denied)", method="DELETE")
    for i, ma in enumerate([0, 600, 86400, 2147483647], 1):
        add(f"max-age-{i}", policy([ORIGIN], allow_methods=["PUT"], max_age=ma),
            ok("PUT", acma=ma), f"W3C CORS §6.2 step 8; {D_ANS} item 6")
    add("max-age-denied-1", policy([ORIGIN], allow_methods=["PUT"], max_age=600),
        pf_denied("method-not-allowed"), "oracle protocol: denied requests get no "
        "Access-Control-Allow-* header; " + D_ANS, method="DELETE")

    # --- full answers ---------------------------------------------------------------------------
    CRED = policy([ORIGIN], allow_methods=["PUT"], allow_headers=["content-type"],
                  allow_credentials=True, max_age=60, expose_headers=["x-request-id"])
    add("full-cred-1", CRED,
        pf_ok(answer_headers(acao=ORIGIN, acac=True, acam="PUT", acah="content-type", acma=60,
                             vary=VARY_PF)),
        f"W3C CORS §6.2 steps 7-10; {D_ANS} (no ACEH on preflights)", acrh="content-type")
    add("full-cred-denied-1", CRED, pf_denied("header-not-allowed", detail="x-nope"),
        f"{D_ANS} (denied: Vary only)", acrh="x-nope")
    ALLSTAR = policy(["*"], allow_methods=["*"], allow_headers=["*"])
    add("full-star-1", ALLSTAR,
        pf_ok(answer_headers(acao="*", acam="*", acah="*", vary=VARY_PF_STAR)),
        D_ANS, method="DELETE", acrh="x-a, x-b",
        headers=preflight_req("https://any.example", "DELETE", "x-a, x-b"))
    add("full-star-auth-1", ALLSTAR, pf_denied("header-not-allowed", vary=VARY_PF_STAR,
                                                 detail="authorization"),
        "oracle protocol: Authorization never covered by *",
        headers=preflight_req("https://any.example", "DELETE", "authorization"))
    return out
