"""browser/cors-check.jsonl: the CORS check on the actual response.

Sources: Fetch §4.10 CORS check (get ACAO; `*` only without credentials; byte
comparison with the serialized request origin; ACAC exactly `true` with
credentials), §2.2.2 header list "get" (duplicates joined with ", "),
§3.2 Origin header (serialization, `null`), §3.3.4 (ACAC is case-sensitive
`true`).  Digest §8 table and §14 items 7-10, 24.  Decisions page: trimming,
"Error order" (acao-missing, acao-multiple, acao-wildcard-with-credentials,
acao-mismatch, acac-not-true).
"""

from .common import DECISIONS, F_CHECK, SAFE7, breq, brw, resp

FILE = "browser/cors-check.jsonl"

D_TRIM = DECISIONS + ": Bytes and values (response values trimmed of SP/TAB)"
D_ORDER = DECISIONS + ": Browser mode (Error order, CORS-check codes)"
GET_JOIN = "Fetch §2.2.2 Headers: get (values joined with \", \")"
ORIGIN_SER = "Fetch §3.2 Origin header (byte-serialized origin)"


def cases():
    out = []

    def add(cid, acao_values, error, spec, credentials=None, origin="https://app.example",
            acac=None, status=200, bug=None, url="https://api.example/resource"):
        hs = [["Access-Control-Allow-Origin", v] for v in acao_values]
        hs += [["Access-Control-Allow-Credentials", v] for v in (acac or [])]
        if error is None:
            exp = {"needs_preflight": False, "cors_check": {"ok": True, "error": None},
                   "exposed_headers": SAFE7, "outcome": "allowed"}
        else:
            exp = {"needs_preflight": False, "cors_check": {"ok": False, "error": error},
                   "exposed_headers": None, "outcome": "blocked-response"}
        out.append(brw("brw-cors-" + cid, breq("GET", credentials=credentials, origin=origin,
                                               url=url),
                       None, resp(status, hs), exp, spec=spec, bug=bug))

    O = "https://app.example"
    # --- without credentials ------------------------------------------------------------------
    add("star-1", ["*"], None, f"{F_CHECK} step 3")
    add("star-trim-1", [" *  "], None, f"{F_CHECK}; {D_TRIM}", bug="response values not trimmed")
    add("star-trim-2", ["\t*"], None, f"{F_CHECK}; {D_TRIM}")
    add("star-acac-ignored-1", ["*"], None, f"{F_CHECK} step 3", acac=["true"])
    add("star-same-origin-mode-1", ["*"], None,
        f"{F_CHECK} (credentials mode same-origin is not include)", credentials="same-origin")
    add("star-omit-1", ["*"], None, F_CHECK, credentials="omit")
    add("exact-1", [O], None, f"{F_CHECK} step 4")
    add("exact-trim-1", [" https://app.example "], None, f"{F_CHECK}; {D_TRIM}",
        bug="response values not trimmed")
    add("exact-trim-2", ["\thttps://app.example\t "], None, f"{F_CHECK}; {D_TRIM}")
    add("exact-acac-ignored-1", [O], None, f"{F_CHECK} step 5 (ACAC ignored)", acac=["nope"])
    mism = [("slash", "https://app.example/", "ACAO normalized before comparison"),
            ("upper", "HTTPS://APP.EXAMPLE", "case-insensitive ACAO comparison"),
            ("upper-host", "https://APP.example", "case-insensitive ACAO comparison"),
            ("port-443", "https://app.example:443", "ACAO normalized before comparison"),
            ("port-other", "https://app.example:8443", None),
            ("scheme", "http://app.example", "scheme ignored in origin check"),
            ("empty", "", None), ("null", "null", "null ACAO accepted for tuple origin"),
            ("dot", "https://app.example.", None), ("inner-space", "https:// app.example", None),
            ("quoted", "\"https://app.example\"", None), ("quoted-star", "\"*\"", None),
            ("prefix", "https://app.example.evil.test", "prefix/suffix origin match"),
            ("suffix", "https://evilapp.example", "prefix/suffix origin match"),
            ("host-only", "app.example", None), ("star-dot", "*.example", None),
            ("double-star", "**", None)]
    for cid, v, bug in mism:
        add(f"mismatch-{cid}", [v], "acao-mismatch", f"{F_CHECK} step 4; {ORIGIN_SER}", bug=bug)
    add("missing-1", [], "acao-missing", f"{F_CHECK} step 2")
    add("missing-acac-only-1", [], "acao-missing", f"{F_CHECK} step 2", acac=["true"])

    # --- several values ----------------------------------------------------------------------------
    multi = [("two-same", [O, O]), ("two-star", ["*", "*"]), ("star-and-origin", ["*", O]),
             ("list", [O + ", " + O]), ("list-star", ["*, *"]), ("trailing-comma", [O + ","]),
             ("with-empty", [O, ""]), ("list-other", ["https://a.example, " + O])]
    for cid, vs in multi:
        add(f"multiple-{cid}", vs, "acao-multiple", f"{F_CHECK}; {GET_JOIN}; {D_ORDER}",
            bug="first ACAO header wins")

    # --- with credentials -------------------------------------------------------------------------
    C = "include"
    add("cred-ok-1", [O], None, f"{F_CHECK} steps 4-7", credentials=C, acac=["true"])
    add("cred-ok-trim-1", [O], None, f"{F_CHECK}; {D_TRIM}", credentials=C, acac=[" true\t"])
    add("cred-star-1", ["*"], "acao-wildcard-with-credentials", f"{F_CHECK} step 3",
        credentials=C, acac=["true"], bug="ACAO * with credentials")
    add("cred-star-2", ["*"], "acao-wildcard-with-credentials", f"{F_CHECK}; {D_ORDER}",
        credentials=C)
    add("cred-star-multi-1", ["*, *"], "acao-multiple", D_ORDER, credentials=C, acac=["true"])
    add("cred-mismatch-1", ["https://other.example"], "acao-mismatch", f"{F_CHECK}; {D_ORDER}",
        credentials=C)
    for i, v in enumerate(["True", "TRUE", "\"true\"", "1", "yes", "", "true,", "t rue",
                           "true;"], 1):
        add(f"cred-acac-{i}", [O], "acac-not-true", f"{F_CHECK} step 7; Fetch §3.3.4 (case-sensitive "
            "true)", credentials=C, acac=[v], bug="lenient ACAC comparison")
    add("cred-acac-missing-1", [O], "acac-not-true", f"{F_CHECK} step 7", credentials=C)
    add("cred-acac-twice-1", [O], "acac-not-true", f"{F_CHECK} step 6; {GET_JOIN}",
        credentials=C, acac=["true", "true"], bug="first ACAC header wins")

    # --- opaque (null) request origin -------------------------------------------------------------
    N = "null"
    add("null-1", [N], None, f"{F_CHECK}; {ORIGIN_SER} (opaque origin serializes as null)", origin=N)
    add("null-cred-1", [N], None, F_CHECK, origin=N, credentials=C, acac=["true"])
    add("null-star-1", ["*"], None, F_CHECK, origin=N)
    add("null-star-cred-1", ["*"], "acao-wildcard-with-credentials", F_CHECK, origin=N,
        credentials=C, acac=["true"])
    for i, v in enumerate(["NULL", "Null", O, " null "], 1):
        add(f"null-{i + 1}", [v], None if v == " null " else "acao-mismatch", F_CHECK, origin=N,
            bug="case-insensitive null comparison" if v in ("NULL", "Null") else None)

    # --- other origins ---------------------------------------------------------------------------------
    add("port-1", ["http://localhost:8080"], None, F_CHECK, origin="http://localhost:8080")
    add("port-2", ["http://localhost"], "acao-mismatch", F_CHECK, origin="http://localhost:8080")
    add("ipv6-1", ["http://[::1]:8080"], None, F_CHECK, origin="http://[::1]:8080")

    # --- a comma inside a well-formed origin ------------------------------------------------------------
    # The URL Standard keeps "," in a domain, so an origin may contain one:
    # Fetch compares the combined value with the request origin first.
    COMMA = ("Fetch §4.10 CORS check step 4 (the combined value against the request origin); URL Standard §3.2 "
             f"(a comma is no forbidden domain code point); {D_ORDER}")
    AC = "https://a,b.example"
    add("comma-origin-1", [AC], None, COMMA, origin=AC, bug="ACAO split on commas before comparison")
    add("comma-origin-2", [AC], None, COMMA, origin=AC, credentials=C, acac=["true"],
        bug="ACAO split on commas before comparison")
    add("comma-origin-3", [" " + AC + "\t"], None, f"{COMMA}; {D_TRIM}", origin=AC)
    add("comma-origin-4", ["https://a,c.example"], "acao-multiple", COMMA, origin=AC)
    add("comma-origin-5", ["https://a", "b.example"], "acao-multiple", f"{COMMA}; {GET_JOIN}", origin=AC)
    add("comma-origin-6", [AC, AC], "acao-multiple", f"{COMMA}; {GET_JOIN}", origin=AC,
        bug="first ACAO header wins")
    add("comma-origin-7", ["*"], None, f"{F_CHECK} step 3", origin=AC)
    add("comma-origin-8", ["https://a"], "acao-mismatch", COMMA, origin=AC)

    # --- the actual response may have any status ------------------------------------------------------
    for s in [201, 204, 400, 404, 500]:
        add(f"status-{s}", [O], None, f"{F_CHECK} (no status condition on the actual response)",
            status=s, bug="actual response status checked like a preflight")
    add("status-404-blocked", ["https://other.example"], "acao-mismatch", F_CHECK, status=404)
    return out
