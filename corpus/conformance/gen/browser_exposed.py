"""browser/exposed-headers.jsonl: which response header names a page can read.

Sources: Fetch §4.1 Main fetch (CORS-exposed header-name list from
Access-Control-Expose-Headers; `*` without credentials exposes every name;
failure exposes nothing extra), §2.2.2 CORS-safelisted response-header name
(seven names, never Set-Cookie/Set-Cookie2), §3.3.4 (#field-name).
Oracle protocol `exposed_headers` and decisions page "exposed_headers":
lower-cased, sorted, the seven always listed, plus exposed names that occur
in the response.
"""

from .common import DECISIONS, F_MAIN, F_SAFE_RESP, F_SYNTAX, SAFE7, acao, breq, brw, resp

FILE = "browser/exposed-headers.jsonl"

D_EXP = DECISIONS + ": Browser mode (exposed_headers)"
S = f"{F_MAIN} (CORS-exposed header-name list); {F_SAFE_RESP}; {D_EXP}"
CRED = ["Access-Control-Allow-Credentials", "true"]


def cases():
    out = []

    def add(cid, response_headers, extra_names, spec=S, credentials=None, bug=None):
        creds = credentials == "include"
        hs = [acao()] + ([CRED] if creds else []) + [list(h) for h in response_headers]
        exp = {"cors_check": {"ok": True, "error": None},
               "exposed_headers": sorted(set(SAFE7) | set(extra_names)), "outcome": "allowed"}
        out.append(brw("brw-expose-" + cid, breq("GET", credentials=credentials), None,
                       resp(200, hs), exp, spec=spec, bug=bug))

    XA = ["X-A", "1"]
    XB = ["X-B", "2"]
    SC = ["Set-Cookie", "s=1"]
    E = "Access-Control-Expose-Headers"
    ACAO_N = "access-control-allow-origin"
    ACEH_N = "access-control-expose-headers"

    add("none-1", [["Content-Type", "text/plain"], XA], [], bug="unexposed header readable")
    add("safelisted-absent-1", [], [], f"{D_EXP} (the seven are always listed)")
    add("name-1", [XA, [E, "x-a"]], ["x-a"])
    add("name-case-1", [["x-a", "1"], [E, "X-A"]], ["x-a"])
    add("name-not-present-1", [XA, [E, "x-a, x-b"]], ["x-a"], f"{S} (only names that occur)")
    add("name-missing-1", [[E, "x-missing"]], [])
    add("trim-1", [XA, [E, " x-a "]], ["x-a"])
    add("empty-elements-1", [XA, XB, [E, "x-a,,x-b,"]], ["x-a", "x-b"], f"{S}; {F_SYNTAX}",
        bug="strict list parsing")
    add("two-headers-1", [XA, XB, [E, "x-a"], [E, "x-b"]], ["x-a", "x-b"], f"{S}; Fetch §2.2.2 "
        "Headers: extract header list values")
    add("already-safelisted-1", [["Content-Type", "text/plain"], [E, "Content-Type"]], [])
    # --- * ---------------------------------------------------------------------------------
    add("star-omit-1", [XA, SC, [E, "*"]], [ACAO_N, ACEH_N, "x-a"],
        f"{S} (* exposes every name, Access-Control-* included)",
        bug="wildcard expose omits Access-Control-* names")
    add("star-same-origin-mode-1", [XA, [E, "*"]], [ACAO_N, ACEH_N, "x-a"], S,
        credentials="same-origin")
    add("star-dup-1", [XA, ["x-a", "2"], [E, "*"]], [ACAO_N, ACEH_N, "x-a"], S)
    add("star-and-name-1", [XA, XB, [E, "*, x-a"]], [ACAO_N, ACEH_N, "x-a", "x-b"], S)
    add("star-cred-1", [XA, [E, "*"]], [], f"{S}; Fetch §3.3.5 (* literal with credentials)",
        credentials="include", bug="wildcard expose with credentials")
    add("star-cred-literal-1", [XA, ["*", "1"], [E, "*"]], ["*"],
        f"{S} (* matches a header named *)", credentials="include")
    add("star-cred-named-1", [XA, XB, [E, "*, x-a"]], ["x-a"], S, credentials="include")
    add("cred-name-1", [XA, [E, "x-a"]], ["x-a"], S, credentials="include")
    # --- Set-Cookie never ---------------------------------------------------------------------
    add("set-cookie-1", [XA, SC, [E, "set-cookie, x-a"]], ["x-a"],
        f"{S} (forbidden response-header names)", bug="Set-Cookie exposed")
    add("set-cookie2-1", [["Set-Cookie2", "a=1"], [E, "Set-Cookie2"]], [], S,
        bug="Set-Cookie exposed")
    add("set-cookie-star-1", [SC, ["Set-Cookie2", "a"], [E, "*"]], [ACAO_N, ACEH_N], S,
        bug="Set-Cookie exposed")
    # --- invalid lists expose nothing extra ------------------------------------------------------
    for i, v in enumerate(["x-a x-b", "x-a, x b", "///", "x-a;", "\"x-a\"", "x-a, (b)"], 1):
        add(f"invalid-{i}", [XA, XB, [E, v]], [],
            f"{S} (extraction failure)", bug="partial ACEH parsing")
    add("invalid-two-headers-1", [XA, [E, "x-a"], [E, "bad value"]], [],
        f"{S}; Fetch §2.2.2 Headers: extract header list values (any failure)",
        bug="partial ACEH parsing")
    # --- preflighted request ------------------------------------------------------------------------
    out.append(brw("brw-expose-preflighted-1", breq("PUT"),
                   resp(204, [acao(), ["Access-Control-Allow-Methods", "PUT"],
                              [E, "x-from-preflight"]]),
                   resp(200, [acao(), XA, ["X-From-Preflight", "1"], [E, "x-a"]]),
                   {"exposed_headers": sorted(SAFE7 + ["x-a"]), "outcome": "allowed"},
                   spec=f"{S} (only the actual response's ACEH counts)"))
    return out
