"""browser/preflight-checks.jsonl: judging the preflight response.

Sources: Fetch §4.8 CORS-preflight fetch step 7 (CORS check with the actual
request's credentials mode, ok status), its sub-steps (extract ACAM and ACAH
as #method / #field-name lists; method check; CORS non-wildcard name
Authorization; header check with `*` only without credentials), §2.2.3 ok
status (200-299), §3.3.4 HTTP new-header syntax, §3.3.5 CORS protocol and
credentials, RFC 9110 §5.6.1 (#list: OWS, empty elements).  WPT
fetch/api/cors/cors-preflight-star.any.js.  Error precedence: oracle protocol
and decisions page "Error order", pinned only where Fetch's step order ranks
the failures (see README).
"""

from .common import (DECISIONS, F_CREDS, F_EXTRACT, F_NON_WILDCARD, F_OK_STATUS, F_PF,
                     F_SYNTAX, SAFE7, acao, breq, brw, pf, resp)

FILE = "browser/preflight-checks.jsonl"

D_ORDER = DECISIONS + ": Browser mode (Error order); oracle protocol: error order"
LIST = "RFC 9110 §5.6.1 (#list: OWS, empty elements)"
CRED = ["Access-Control-Allow-Credentials", "true"]


def cases():
    out = []

    def run(cid, request, pre_status, pre_headers, error, spec, bug=None, response=True,
            acrm="PUT", acrh="x-a"):
        """error None: the preflight passes; a code: it fails with that code;
        ...: it fails and the code is not pinned (Fetch does not rank)."""
        if error is None:
            exp = {"needs_preflight": True,
                   "preflight": pf(acrm, acrh, ok=True, error=None, max_age=5),
                   "cors_check": {"ok": True, "error": None}, "exposed_headers": SAFE7,
                   "outcome": "allowed"}
        elif error is ...:
            exp = {"needs_preflight": True, "preflight": pf(acrm, acrh, ok=False, max_age=None),
                   "exposed_headers": None, "outcome": "blocked-preflight"}
        else:
            exp = {"needs_preflight": True,
                   "preflight": pf(acrm, acrh, ok=False, error=error, max_age=None),
                   "exposed_headers": None, "outcome": "blocked-preflight"}
        creds = request.get("credentials") == "include"
        actual = resp(200, [acao()] + ([CRED] if creds else []))
        out.append(brw("brw-pfcheck-" + cid, request, resp(pre_status, pre_headers),
                       actual if response else None, exp, spec=spec, bug=bug))

    put = breq("PUT", [["X-A", "1"]])
    put_c = breq("PUT", [["X-A", "1"]], credentials="include")
    grant = [acao(), ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "x-a"]]

    # --- status -------------------------------------------------------------------------
    for s in [200, 201, 204, 206, 299]:
        run(f"status-{s}", put, s, grant, None, f"{F_PF} step 7; {F_OK_STATUS}")
    for s in [199, 300, 301, 302, 304, 307, 308, 400, 401, 403, 404, 405, 500, 503]:
        run(f"status-{s}", put, s, grant, "preflight-status", f"{F_PF} step 7; {F_OK_STATUS}",
            bug="preflight redirect followed" if 300 <= s < 400 else
            "preflight status not checked" if s >= 400 else "1xx treated as ok")

    # --- ACAM parsing -----------------------------------------------------------------------
    def with_acam(*values, acah="x-a"):
        return [acao()] + [["Access-Control-Allow-Methods", v] for v in values] + \
            [["Access-Control-Allow-Headers", acah]]

    acam_ok = [("PUT",), ("GET, ,PUT",), (",PUT,",), (" PUT ",), ("PUT,",), ("GET,PUT",),
               ("GET ,\tPUT",), ("GET", "PUT"), ("PUT", ""), (",,,", "PUT")]
    for i, vs in enumerate(acam_ok, 1):
        run(f"acam-ok-{i}", put, 204, with_acam(*vs), None, f"{F_EXTRACT}; {F_SYNTAX}; {LIST}",
            bug="strict list parsing")
    acam_bad = [("PUT DELETE",), ("PUT;",), ("\"PUT\"",), ("PUT/1",), ("PUT, GET POST",),
                ("(PUT)",), ("PUT;q=1",), ("PUT", "bad method"), ("PUT\u000b",), ("PUT,{}",)]
    for i, vs in enumerate(acam_bad, 1):
        run(f"acam-bad-{i}", put, 204, with_acam(*vs), "acam-invalid",
            f"{F_PF} step 7.3; {F_EXTRACT}; {F_SYNTAX}",
            bug="lenient ACAM parsing" if i != 8 else "only first ACAM header parsed")
    run("acam-bad-safelisted-1", breq("GET", [["X-A", "1"]]), 204,
        with_acam("Bad method name"), "acam-invalid",
        f"{F_PF} step 7.3 (ACAM must parse even for a safelisted method)",
        bug="ACAM ignored for safelisted method", acrm="GET")

    # --- ACAH parsing -----------------------------------------------------------------------
    def with_acah(*values):
        return [acao(), ["Access-Control-Allow-Methods", "PUT"]] + \
            [["Access-Control-Allow-Headers", v] for v in values]

    acah_ok = [("x-a",), ("X-A",), ("x-b, ,x-a",), (",x-a,",), (" x-a ",), ("x-b", "x-a"),
               ("x-a,",), ("\tx-b ,x-a",)]
    for i, vs in enumerate(acah_ok, 1):
        run(f"acah-ok-{i}", put, 204, with_acah(*vs), None, f"{F_EXTRACT}; {F_SYNTAX}; {LIST}",
            bug="case-sensitive ACAH comparison" if vs == ("X-A",) else None)
    acah_bad = [("x-a x-b",), ("x-a;",), ("\"x-a\"",), ("x-a/b",), ("x:a",), ("x-a, (b)",),
                ("x-a", "bad header"), ("x-a=1",)]
    for i, vs in enumerate(acah_bad, 1):
        run(f"acah-bad-{i}", put, 204, with_acah(*vs), "acah-invalid",
            f"{F_PF} step 7.3; {F_EXTRACT}; {F_SYNTAX}", bug="lenient ACAH parsing")
    run("acah-bad-unused-1", breq("PUT"), 204,
        [acao(), ["Access-Control-Allow-Methods", "PUT"],
         ["Access-Control-Allow-Headers", "bad header"]], "acah-invalid",
        f"{F_PF} step 7.3 (ACAH must parse even when no header is requested)", acrh=None)

    # --- header check ---------------------------------------------------------------------------
    hdr = [(None, "header-not-allowed"), ("", "header-not-allowed"), ("x-b", "header-not-allowed"),
           ("x-aa", "header-not-allowed"), ("x-", "header-not-allowed"), ("X-A", None),
           ("*", None), ("x-b, *", None)]
    for i, (v, err) in enumerate(hdr, 1):
        hs = [acao(), ["Access-Control-Allow-Methods", "PUT"]]
        if v is not None:
            hs.append(["Access-Control-Allow-Headers", v])
        run(f"header-{i}", put, 204, hs, err, f"{F_PF} step 7.7")
    run("header-two-1", breq("PUT", [["X-A", "1"], ["X-B", "2"]]), 204, grant,
        "header-not-allowed", f"{F_PF} step 7.7", acrh="x-a,x-b")
    run("header-content-type-1", breq("POST", [["Content-Type", "application/json"]]), 204,
        [acao(), ["Access-Control-Allow-Headers", "Content-Type"]], None, f"{F_PF} step 7.7",
        acrm="POST", acrh="content-type")
    run("header-content-type-2", breq("POST", [["Content-Type", "application/json"]]), 204,
        [acao()], "header-not-allowed", f"{F_PF} step 7.7", acrm="POST", acrh="content-type")

    # --- * with and without credentials ---------------------------------------------------------
    run("star-headers-omit-1", put, 204,
        [acao(), ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "*"]],
        None, f"{F_PF} step 7.7; {F_CREDS}")
    run("star-headers-cred-1", put_c, 204,
        [acao(), CRED, ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "*"]],
        "header-not-allowed", f"{F_PF} step 7.7; {F_CREDS} (* is literal)",
        bug="wildcard headers with credentials")
    run("star-headers-cred-2", put_c, 204,
        [acao(), CRED, ["Access-Control-Allow-Methods", "PUT"],
         ["Access-Control-Allow-Headers", "*, x-a"]], None, f"{F_PF} step 7.7")
    star_req = breq("*", [["*", "1"]], credentials="include")
    run("star-literal-cred-1", star_req, 204,
        [acao(), CRED, ["Access-Control-Allow-Methods", "*"], ["Access-Control-Allow-Headers", "*"]],
        None, f"{F_CREDS}; WPT fetch/api/cors/cors-preflight-star.any.js", acrm="*", acrh="*")
    run("star-literal-omit-1", breq("*", [["*", "1"]]), 204,
        [acao(), ["Access-Control-Allow-Methods", "*"], ["Access-Control-Allow-Headers", "*"]],
        None, f"{F_PF} step 7.5, 7.7", acrm="*", acrh="*")
    run("star-literal-cred-2", star_req, 204,
        [acao(), CRED, ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "*"]],
        "method-not-allowed", f"{F_PF} step 7.5", acrm="*", acrh="*")
    run("star-literal-cred-3", breq("PUT", [["X-A", "1"], ["*", "1"]], credentials="include"), 204,
        [acao(), CRED, ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "*"]],
        "header-not-allowed", f"{F_PF} step 7.7; {F_CREDS}", acrh="*,x-a")

    # --- Authorization ---------------------------------------------------------------------------
    auth = breq("PUT", [["Authorization", "Bearer t"]])
    auth_c = breq("PUT", [["Authorization", "Bearer t"]], credentials="include")

    def g(acah, creds=False):
        hs = [acao()] + ([CRED] if creds else []) + [["Access-Control-Allow-Methods", "PUT"]]
        if acah is not None:
            hs.append(["Access-Control-Allow-Headers", acah])
        return hs

    A = f"{F_PF} step 7.6; {F_NON_WILDCARD}"
    run("auth-star-1", auth, 204, g("*"), "authorization-not-allowed", A,
        bug="wildcard covers Authorization", acrh="authorization")
    run("auth-star-cred-1", auth_c, 204, g("*", True), "authorization-not-allowed", A,
        acrh="authorization")
    for i, v in enumerate(["authorization", "Authorization", "*, Authorization", "AUTHORIZATION"], 1):
        run(f"auth-listed-{i}", auth, 204, g(v), None, A, acrh="authorization")
    run("auth-listed-cred-1", auth_c, 204, g("authorization", True), None, A, acrh="authorization")
    run("auth-absent-1", auth, 204, g(None), "authorization-not-allowed", f"{A}; {D_ORDER}",
        acrh="authorization")
    run("auth-other-1", auth, 204, g("x-a"), "authorization-not-allowed", f"{A}; {D_ORDER}",
        acrh="authorization")
    auth_x = breq("PUT", [["Authorization", "Bearer t"], ["X-A", "1"]])
    run("auth-x-1", auth_x, 204, g("authorization"), "header-not-allowed", f"{F_PF} step 7.7",
        acrh="authorization,x-a")
    run("auth-x-2", auth_x, 204, g("x-a"), "authorization-not-allowed",
        f"{F_PF} steps 7.6 before 7.7; {D_ORDER}", acrh="authorization,x-a")
    run("auth-x-3", auth_x, 204, g("*"), "authorization-not-allowed", f"{A}; {D_ORDER}",
        acrh="authorization,x-a")
    run("auth-x-4", auth_x, 204, g("*, authorization"), None, A, acrh="authorization,x-a")

    # --- CORS check on the preflight (credentials mode of the actual request) --------------------
    P = f"{F_PF} step 7 (CORS check with the request's credentials mode); Fetch §4.10 CORS check"
    run("cors-acao-missing-1", put, 204, grant[1:], "acao-missing", P)
    run("cors-acao-mismatch-1", put, 204, [acao("https://other.example")] + grant[1:],
        "acao-mismatch", P)
    run("cors-acao-star-omit-1", put, 204, [acao("*")] + grant[1:], None, P)
    run("cors-acao-star-cred-1", put_c, 204, [acao("*"), CRED] + grant[1:],
        "acao-wildcard-with-credentials", P, bug="ACAO * with credentials")
    run("cors-acac-missing-1", put_c, 204, grant, "acac-not-true", P,
        bug="preflight judged without credentials")
    run("cors-acac-upper-1", put_c, 204, [acao(), ["Access-Control-Allow-Credentials", "True"]]
        + grant[1:], "acac-not-true", P)
    run("cors-cred-ok-1", put_c, 204, [acao(), CRED] + grant[1:], None, P)
    run("cors-acac-ignored-omit-1", put, 204,
        [acao(), ["Access-Control-Allow-Credentials", "nope"]] + grant[1:], None,
        f"{P} (ACAC ignored without credentials)")

    run("cors-acao-trim-1", put, 204, [acao(" *\t ")] + grant[1:], None,
        f"{P}; {DECISIONS}: Bytes and values (response values trimmed)")
    run("cors-null-origin-1", breq("PUT", [["X-A", "1"]], origin="null"), 204,
        [acao("null")] + grant[1:], None, f"{P} (opaque origin serializes as null)")
    out[-1]["response"] = resp(200, [acao("null")])
    run("cors-null-origin-2", breq("PUT", [["X-A", "1"]], origin="null"), 204,
        [acao("NULL")] + grant[1:], "acao-mismatch", f"{P} (byte comparison)")

    # --- error order (pinned where Fetch's steps rank the failures) -------------------------------
    O = f"{F_PF} step order; {D_ORDER}"
    run("order-cors-before-acam", put, 204, [["Access-Control-Allow-Methods", "PUT DELETE"]],
        "acao-missing", O)
    run("order-status-before-acam", put, 500, with_acam("PUT DELETE"), "preflight-status", O)
    run("order-status-before-acah", put, 302, with_acah("bad header"), "preflight-status", O)
    run("order-acam-before-method", put, 204, with_acam("GET POST"), "acam-invalid", O)
    run("order-acah-before-method", put, 204,
        [acao(), ["Access-Control-Allow-Methods", "GET"], ["Access-Control-Allow-Headers", "a b"]],
        "acah-invalid", O)
    run("order-method-before-auth", auth, 204, [acao()], "method-not-allowed", O,
        acrh="authorization")
    run("order-method-before-header", put, 204, [acao()], "method-not-allowed", O)
    run("order-acac-before-acam", put_c, 204, [acao()] + with_acam("a b")[1:], "acac-not-true", O)
    # Doubles Fetch does not rank (digest §6): only the failure is pinned.
    run("double-acao-status", put, 403, grant[1:], ..., f"{F_PF} step 7 (unranked double)")
    run("double-acao-mismatch-status", put, 500, [acao("https://x.example")] + grant[1:], ...,
        f"{F_PF} step 7 (unranked double)")
    run("double-acac-status", put_c, 404, grant, ..., f"{F_PF} step 7 (unranked double)")
    run("double-acam-acah", put, 204,
        [acao(), ["Access-Control-Allow-Methods", "a b"], ["Access-Control-Allow-Headers", "c d"]],
        ..., f"{F_PF} step 7.3 (unranked double)")

    # --- no actual response: only the preflight stage --------------------------------------------
    out.append(brw("brw-pfcheck-no-response-ok", put, resp(204, grant), None,
                   {"needs_preflight": True, "preflight": pf("PUT", "x-a", ok=True, error=None),
                    "cors_check": None, "exposed_headers": None, "outcome": "allowed"},
                   spec=DECISIONS + ": Browser mode (No response)"))
    out.append(brw("brw-pfcheck-no-response-blocked", put, resp(204, grant[:1]), None,
                   {"needs_preflight": True, "preflight": pf("PUT", "x-a", ok=False,
                                                             error="method-not-allowed"),
                    "cors_check": None, "exposed_headers": None, "outcome": "blocked-preflight"},
                   spec=DECISIONS + ": Browser mode (No response)"))
    # Preflight passes, actual response fails its own CORS check.
    out.append(brw("brw-pfcheck-then-response-fails", put, resp(204, grant),
                   resp(200, [acao("https://other.example")]),
                   {"needs_preflight": True, "preflight": pf("PUT", "x-a", ok=True, error=None),
                    "cors_check": {"ok": False, "error": "acao-mismatch"},
                    "exposed_headers": None, "outcome": "blocked-response"},
                   spec="Fetch §4.10 CORS check (runs on the actual response separately)", bug="preflight success trusted for the response"))
    return out
