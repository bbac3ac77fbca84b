"""browser/methods.jsonl: method normalization, safelisted methods and the
preflight's method check against Access-Control-Allow-Methods.

Sources: Fetch "Methods" (normalize: only DELETE GET HEAD OPTIONS POST PUT are
upper-cased; CORS-safelisted method = GET, HEAD, POST), Fetch "CORS-preflight
fetch" (ACRM is the request's method; method check is byte-exact, or
safelisted, or `*` without credentials).  Digest §2, §6 step 4.
"""

from .common import (SAFE7, acao, breq, brw, ok_preflight_headers, pf, resp)

FILE = "browser/methods.jsonl"

F_NORM = "Fetch §2.2.1 Methods: normalize"
F_SAFE = "Fetch §2.2.1 Methods: CORS-safelisted method"
F_PF = "Fetch §4.8 CORS-preflight fetch (method check)"
F_ACRM = "Fetch §4.8 CORS-preflight fetch step 3 (Access-Control-Request-Method)"
CRED_OK = [acao(), ["Access-Control-Allow-Credentials", "true"]]


def allowed_pf(method, request_headers=None, max_age=5):
    return {"needs_preflight": True,
            "preflight": pf(method, request_headers, ok=True, error=None, max_age=max_age),
            "cors_check": {"ok": True, "error": None}, "exposed_headers": SAFE7,
            "outcome": "allowed"}


def blocked_pf(error, method=None):
    return {"needs_preflight": True,
            "preflight": pf(method, ok=False, error=error, max_age=None),
            "outcome": "blocked-preflight"}


def cases():
    out = []

    def add(cid, request, expect, spec, pre=None, response=None, bug=None):
        out.append(brw("brw-method-" + cid, request, pre, response, expect, spec=spec, bug=bug))

    # --- safelisted after normalization: no preflight --------------------------------------
    for m in ["GET", "get", "Get", "gEt", "HEAD", "head", "POST", "post", "pOsT"]:
        add(f"safelisted-{m}", breq(m), {"needs_preflight": False, "cors_check": {"ok": True,
            "error": None}, "outcome": "allowed"}, f"{F_NORM}; {F_SAFE}",
            response=resp(200, [acao()]),
            bug="case-sensitive safelisted method check" if m not in ("GET", "HEAD", "POST")
            else None)

    # --- non-safelisted: preflight with the normalized method --------------------------------
    norm = [("PUT", "PUT"), ("put", "PUT"), ("Put", "PUT"), ("DELETE", "DELETE"),
            ("delete", "DELETE"), ("OPTIONS", "OPTIONS"), ("options", "OPTIONS"),
            ("patch", "patch"), ("Patch", "Patch"), ("PATCH", "PATCH"), ("Egg", "Egg"),
            ("CHICKEN", "CHICKEN"), ("propfind", "propfind"), ("*", "*"),
            ("CONNECTX", "CONNECTX"), ("TRACES", "TRACES"), ("GETS", "GETS"),
            ("!#$%&'*+-.^_`|~", "!#$%&'*+-.^_`|~")]
    for i, (m, n) in enumerate(norm, 1):
        bug = None
        if m == "patch":
            bug = "upper-casing every method"
        elif m in ("OPTIONS", "options"):
            bug = "OPTIONS treated as safelisted"
        add(f"normalize-{i}", breq(m), allowed_pf(n), f"{F_NORM}; {F_ACRM}",
            pre=resp(204, ok_preflight_headers(methods=n)), response=resp(200, [acao()]), bug=bug)

    # --- ACAM matching (no credentials) ------------------------------------------------------
    acam = [  # (request method, ACAM value or None for absent, allowed?)
        ("put", "put", False), ("put", "PUT", True), ("put", "*", True),
        ("patch", "PATCH", False), ("PATCH", "patch", False), ("patch", "patch", True),
        ("patch", "*", True), ("Egg", "egg", False), ("Egg", "EGG", False), ("Egg", "Egg", True),
        ("delete", "Delete", False), ("delete", "DELETE", True), ("options", "options", False),
        ("options", "OPTIONS", True), ("PUT", "GET, PUT", True), ("PUT", "GET", False),
        ("PUT", None, False), ("PUT", "", False), ("PUT", "GET, HEAD, POST", False),
        ("PUT", "PUT, *", True), ("PUT", " PUT ", True), ("PUT", "DELETE,PUT,", True),
        ("PUT", "*, DELETE", True), ("PUT", "PUTS", False), ("PUT", "PU", False),
    ]
    for i, (m, am, allowed) in enumerate(acam, 1):
        n = m.upper() if m.upper() in ("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT") else m
        extra = [] if am is None else [["Access-Control-Allow-Methods", am]]
        pre = resp(204, [acao()] + extra)
        if allowed:
            add(f"acam-{i}", breq(m), allowed_pf(n), f"{F_PF}; {F_NORM}", pre=pre,
                response=resp(200, [acao()]))
        else:
            add(f"acam-{i}", breq(m), blocked_pf("method-not-allowed", n),
                f"{F_PF} (byte-exact match)", pre=pre, bug="case-insensitive ACAM comparison"
                if am and am.lower() == n.lower() else None)

    # --- * and credentials ----------------------------------------------------------------------
    add("star-cred-1", breq("PUT", credentials="include"), blocked_pf("method-not-allowed", "PUT"),
        f"{F_PF}; Fetch §3.3.5 CORS protocol and credentials (* is literal)",
        pre=resp(204, CRED_OK + [["Access-Control-Allow-Methods", "*"]]),
        bug="wildcard methods with credentials")
    add("star-cred-2", breq("PUT", credentials="include"), allowed_pf("PUT"), F_PF,
        pre=resp(204, CRED_OK + [["Access-Control-Allow-Methods", "PUT"]]),
        response=resp(200, CRED_OK))
    add("star-cred-3", breq("PUT", credentials="include"), allowed_pf("PUT"), F_PF,
        pre=resp(204, CRED_OK + [["Access-Control-Allow-Methods", "*, PUT"]]),
        response=resp(200, CRED_OK))
    add("star-same-origin-mode-1", breq("PUT", credentials="same-origin"), allowed_pf("PUT"),
        f"{F_PF} (same-origin credentials on a cross-origin request: not include)",
        pre=resp(204, [acao(), ["Access-Control-Allow-Methods", "*"]]),
        response=resp(200, [acao()]))
    add("star-omit-1", breq("DELETE", credentials="omit"), allowed_pf("DELETE"), F_PF,
        pre=resp(204, [acao(), ["Access-Control-Allow-Methods", "*"]]),
        response=resp(200, [acao()]))

    # --- safelisted method preflighted for a header: ACAM irrelevant (but must parse) ----------
    for i, (m, am) in enumerate([("GET", None), ("GET", "DELETE"), ("POST", ""),
                                 ("HEAD", "PUT"), ("get", "get")], 1):
        n = m.upper()
        extra = [] if am is None else [["Access-Control-Allow-Methods", am]]
        add(f"safelisted-preflighted-{i}", breq(m, [["X-A", "1"]]), allowed_pf(n, "x-a"),
            f"{F_PF} (safelisted method passes); {F_ACRM} (ACRM sent for GET too)",
            pre=resp(204, [acao(), ["Access-Control-Allow-Headers", "x-a"]] + extra),
            response=resp(200, [acao()]))
    return out
