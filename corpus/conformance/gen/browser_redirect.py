"""browser/redirect-*.jsonl: one fetch() through a redirect chain (protocol v1.1,
mode `browser` with `hops`).

Sources: Fetch §4.1 Main fetch (path per hop: same origin and still basic ->
basic; otherwise cors, with a preflight when the hop's *current* method or
header list asks for one; a network error on the preflight branch clears the
cache), §4.4 HTTP fetch (preflight unless the cache covers it; the CORS check on
every cors response, 3xx included; then the redirect mode), §4.5 HTTP-redirect
fetch (location URL, HTTP(S) scheme, 20-redirect limit, userinfo, 301/302 POST
and 303 rewrite to GET with the request-body headers deleted, Authorization
deleted across origins), §4.6 HTTP-network-or-cache fetch (credentials: include,
or same-origin while basic), §3.2 Origin header, §2.2.5 redirect-taint and
serializing a request origin, §2.2.6 location URL and opaque-redirect filtered
response, §4.8 CORS-preflight fetch, §4.9 CORS-preflight cache (the hops of
one chain share the cache), §4.10 CORS check; URL Standard §4.4 (Location
parsed relative to the hop's URL), §4.5, §4.1 (includes credentials).
shared/fetch-redirect-cache-digest.md §1 and the web-platform-tests of its §5
(numbers in `spec` are rows of that table).  Oracle protocol v1.1 "A redirect
chain".

Expected answers are written by hand from those texts, one vector at a time;
the helpers in chain.py only assemble JSON.  Where the sources leave a field
open, it is not in `expect` (see README "deliberately not pinned").
"""

from .common import DECISIONS, SAFE7
from .chain import (A1, A2, A3, B1, B2, BAD_CASE, BO, BP, C1, CORS_ERR, CORS_OK, E,
                    F_BODY_HDR, F_CACHE_MATCH, F_CHECK, F_HTTP_CORS, F_HTTP_MODE, F_HTTP_PF, F_LOC,
                    F_MAIN_PATH, F_NOC, F_NON_WILDCARD, F_OPAQUE_REDIR, F_ORIGIN_HDR, F_PF, F_PF_WRITE,
                    F_REDIR, F_REDIR_STATUS, F_REQ_TAINT, FINAL, FOLLOW, H, HIT, MANUAL,
                    NEEDS, NO_LOCATION, NOT_FOLLOWED, O, P_CHAIN, PF, PF_FAIL, REDIRECTS, RERR,
                    URL_CREDS, URL_HOST, URL_ORIGIN, URL_PARSE, URL_SER, chain, checked, hop,
                    ok, pre, r3, req, res)

WPT = "WPT (digest §5 row {})"
D_SAME = DECISIONS + ": Browser mode (Same origin: basic responses expose every name but Set-Cookie)"
TAINT = f"{F_REQ_TAINT}; {F_MAIN_PATH}; {F_ORIGIN_HDR}; {F_NOC}"
NULL = "null"


def wpt(*rows):
    return "WPT, digest §5 row" + ("s " if len(rows) > 1 else " ") + ", ".join(map(str, rows))


def safe_plus(*names):
    """SAFE7 plus the given lower-case names, sorted (the v1 exposed_headers form)."""
    return sorted(set(SAFE7) | set(names))


# ============================================================ redirect-taint.jsonl

def taint_cases():
    out = []

    def add(cid, request, hops, expect, spec, bug=None):
        out.append(chain("brw-redir-" + cid, request, hops, expect, spec=spec, bug=bug))

    # --- the digest §1.3 table, GET, default credentials (same-origin), every redirect status
    for s in REDIRECTS:
        n = REDIRECTS.index(s) + 1
        add(f"taint-a-b-{n}", req(A1), [hop(r3(s, B1)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None, FOLLOW(B1)),
                    H(B1, "GET", O, "cors", False, [], None, 200, CORS_OK, None)]),
            f"{TAINT}; {wpt(3, 38)}", bug="Origin or credentials wrong after a same-origin hop")
        add(f"taint-b-b-{n}", req(B1), [hop(r3(s, B2, O)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, FOLLOW(B2)),
                    H(B2, "GET", O, "cors", False, [], None, 200, CORS_OK, None)]),
            f"{TAINT}; {wpt(1, 39)}", bug="Origin nulled on a redirect within one foreign origin")
        add(f"taint-b-c-{n}", req(B1), [hop(r3(s, C1, O)), hop(ok(NULL))],
            E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, FOLLOW(C1)),
                    H(C1, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
            f"{TAINT}; {wpt(2, 61)}", bug="Origin not nulled after a foreign-to-foreign redirect")
        add(f"taint-b-a-{n}", req(B1), [hop(r3(s, A1, O)), hop(ok("*"))],
            E("allowed", error_hop=None, final=FINAL(A1, 1, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, FOLLOW(A1)),
                    H(A1, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
            f"{TAINT}; {wpt(4, 40, 49)}", bug="tainting reset to basic on return to the page's origin")
        add(f"taint-a-a-b-{n}", req(A1), [hop(r3(s, A2)), hop(r3(s, B1)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(B1, 2, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None, FOLLOW(A2)),
                    H(A2, "GET", None, "basic", True, [], None, s, None, FOLLOW(B1)),
                    H(B1, "GET", O, "cors", False, [], None, 200, CORS_OK, None)]),
            TAINT, bug="same-origin hops CORS-checked")
        add(f"taint-a-b-a-b-{n}", req(A1),
            [hop(r3(s, B1)), hop(r3(s, A2, O)), hop(r3(s, B2, NULL)), hop(ok(NULL))],
            E("allowed", error_hop=None, final=FINAL(B2, 3, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None, FOLLOW(B1)),
                    H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, FOLLOW(A2)),
                    H(A2, "GET", NULL, "cors", False, [], None, s, CORS_OK, FOLLOW(B2)),
                    H(B2, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
            TAINT, bug="taint not sticky")
        add(f"taint-b-c-b-{n}", req(B1), [hop(r3(s, C1, O)), hop(r3(s, B2, NULL)), hop(ok(NULL))],
            E("allowed", error_hop=None, final=FINAL(B2, 2, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, FOLLOW(C1)),
                    H(C1, "GET", NULL, "cors", False, [], None, s, CORS_OK, FOLLOW(B2)),
                    H(B2, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
            TAINT, bug="taint cleared on return to the first foreign origin")
        add(f"taint-b-site-{n}", req(B1), [hop(r3(s, BP, O)), hop(ok(NULL))],
            E("allowed", error_hop=None, final=FINAL(BP, 1, 200, "cors"), needs_preflight=False,
              preflight=None, cors_check=CORS_OK, exposed=SAFE7,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, FOLLOW(BP)),
                    H(BP, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
            f"{TAINT} (same site, other origin: the cors question is origin, not site)",
            bug="same-site redirect not tainting")
        add(f"taint-a-a-{n}", req(A1), [hop(r3(s, A2)), hop(ok(extra=[["X-A", "1"]]))],
            E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"), needs_preflight=False,
              preflight=None, cors_check=None, exposed=["x-a"],
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None, FOLLOW(A2)),
                    H(A2, "GET", None, "basic", True, [], None, 200, None, None)]),
            f"{TAINT}; {D_SAME}", bug="CORS applied to a same-origin redirect")

    # Hop 0's URL origin is the URL Standard's: http://127.1/ is the page's
    # own origin http://127.0.0.1 (IPv4 number parsing), so no CORS at all.
    add("taint-ipv4-short-1", req("http://127.1/a", origin="http://127.0.0.1"),
        [hop(r3(302, "http://127.0.0.1/b")), hop(ok(extra=[["X-A", "1"]]))],
        E("allowed", error_hop=None, final=FINAL("http://127.0.0.1/b", 1, 200, "basic"),
          needs_preflight=False, preflight=None, cors_check=None, exposed=["x-a"],
          hops=[H("http://127.0.0.1/a", "GET", None, "basic", True, [], None, 302, None,
                  FOLLOW("http://127.0.0.1/b")),
                H("http://127.0.0.1/b", "GET", None, "basic", True, [], None, 200, None, None)]),
        f"{TAINT}; URL Standard §3.5 host parsing; {DECISIONS}: Browser mode (URL origin)",
        bug="request URL origin not parsed as the URL Standard does")
    add("taint-a-b-a-303-1", req(A1), [hop(r3(303, B1)), hop(r3(303, A2, O)), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(A2, 2, 200, "cors"), cors_check=CORS_OK,
          hops=[H(A1, "GET", None, "basic", True, [], None, 303, None, FOLLOW(B1)),
                H(B1, "GET", O, "cors", False, [], None, 303, CORS_OK, FOLLOW(A2)),
                H(A2, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
        f"{TAINT}; {wpt(49)} (page -> remote -> page: type cors)",
        bug="tainting reset to basic on return to the page's origin")

    # --- the Origin header on basic hops: sent for methods other than GET/HEAD --------------
    TP = [["Content-Type", "text/plain"]]
    OH = f"{F_ORIGIN_HDR} (mode cors: no referrer-policy step); {F_REDIR} step 12"
    add("origin-post-1", req(A1, "POST", TP), [hop(r3(307, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, "POST", O, "basic", True, [], None, 307, None, FOLLOW(A2)),
                H(A2, "POST", O, "basic", True, [], None, 200, None, None)]),
        f"{OH}; {wpt(37)} (its 307/308 POST subtest expects no Origin: not followed, see digest)",
        bug="Origin omitted on a same-origin POST")
    add("origin-post-2", req(A1, "POST", TP), [hop(r3(308, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, "POST", O, "basic", True, [], None, 308, None, FOLLOW(A2)),
                H(A2, "POST", O, "basic", True, [], None, 200, None, None)]),
        OH, bug="Origin omitted on a same-origin POST")
    for i, s in enumerate([301, 302, 303], 3):
        add(f"origin-post-{i}", req(A1, "POST", TP), [hop(r3(s, A2)), hop(ok())],
            E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
              hops=[H(A1, "POST", O, "basic", True, [], None, s, None, FOLLOW(A2)),
                    H(A2, "GET", None, "basic", True, ["content-type"], None, 200, None, None)]),
            f"{OH}; {wpt(37)}", bug="Origin kept after the method became GET")
    add("origin-post-6", req(A1, "POST", TP), [hop(r3(307, B1)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
          hops=[H(A1, "POST", O, "basic", True, [], None, 307, None, FOLLOW(B1)),
                H(B1, "POST", O, "cors", False, [], None, 200, CORS_OK, None)]),
        f"{OH}; {TAINT}; {wpt(38)}")
    add("origin-post-7", req(A1, "POST", TP), [hop(r3(303, B1)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
          hops=[H(A1, "POST", O, "basic", True, [], None, 303, None, FOLLOW(B1)),
                H(B1, "GET", O, "cors", False, ["content-type"], None, 200, CORS_OK, None)]),
        f"{OH}; {TAINT}; {wpt(38)}", bug="no Origin on a cors GET")
    add("origin-post-8", req(B1, "POST", TP), [hop(r3(307, A1, O)), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(A1, 1, 200, "cors"),
          hops=[H(B1, "POST", O, "cors", False, [], None, 307, CORS_OK, FOLLOW(A1)),
                H(A1, "POST", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
        f"{TAINT}; {wpt(40)}")
    add("origin-post-9", req(B1, "POST", TP), [hop(r3(307, B2, O)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, "POST", O, "cors", False, [], None, 307, CORS_OK, FOLLOW(B2)),
                H(B2, "POST", O, "cors", False, [], None, 200, CORS_OK, None)]),
        f"{TAINT}; {wpt(39)}")
    add("origin-post-10", req(B1, "POST", TP), [hop(r3(308, C1, O)), hop(ok(NULL))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, "POST", O, "cors", False, [], None, 308, CORS_OK, FOLLOW(C1)),
                H(C1, "POST", NULL, "cors", False, [], None, 200, CORS_OK, None)]),
        TAINT)
    add("origin-head-1", req(A1, "HEAD"), [hop(r3(302, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, "HEAD", None, "basic", True, [], None, 302, None, FOLLOW(A2)),
                H(A2, "HEAD", None, "basic", True, [], None, 200, None, None)]),
        OH, bug="Origin sent on a same-origin HEAD")
    add("origin-head-2", req(A1, "HEAD"), [hop(r3(307, B1)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
          hops=[H(A1, "HEAD", None, "basic", True, [], None, 307, None, FOLLOW(B1)),
                H(B1, "HEAD", O, "cors", False, [], None, 200, CORS_OK, None)]),
        f"{OH}; {TAINT}")
    add("origin-delete-1", req(A1, "DELETE"), [hop(r3(307, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, "DELETE", O, "basic", True, [], None, 307, None, FOLLOW(A2)),
                H(A2, "DELETE", O, "basic", True, [], None, 200, None, None)]),
        OH)
    add("origin-put-1", req(A1, "PUT"), [hop(r3(302, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, "PUT", O, "basic", True, [], None, 302, None, FOLLOW(A2)),
                H(A2, "PUT", O, "basic", True, [], None, 200, None, None)]),
        f"{OH} (302 rewrites only POST)", bug="302 rewrites every method to GET")
    add("origin-post-11", req(A1, "POST", TP), [hop(r3(307, A2)), hop(r3(307, B1)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 2, 200, "cors"),
          hops=[H(A1, "POST", O, "basic", True, [], None, 307, None, FOLLOW(A2)),
                H(A2, "POST", O, "basic", True, [], None, 307, None, FOLLOW(B1)),
                H(B1, "POST", O, "cors", False, [], None, 200, CORS_OK, None)]),
        f"{OH}; {TAINT}")

    # --- an opaque page origin: its serialization is already `null` ---------------------------
    NP = "oracle protocol: request origin null (opaque); " + F_REQ_TAINT
    add("origin-opaque-1", req(B1, origin=NULL), [hop(r3(302, C1, NULL)), hop(ok(NULL))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, "GET", NULL, "cors", False, [], None, 302, CORS_OK, FOLLOW(C1)),
                H(C1, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]), NP)
    add("origin-opaque-2", req(B1, origin=NULL), [hop(r3(302, B2, NULL)), hop(ok(NULL))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, "GET", NULL, "cors", False, [], None, 302, CORS_OK, FOLLOW(B2)),
                H(B2, "GET", NULL, "cors", False, [], None, 200, CORS_OK, None)]), NP)
    add("origin-opaque-3", req(B1, origin=NULL), [hop(r3(302, C1, "*")), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, origin=NULL, cors=CORS_OK), H(C1, origin=NULL, cors=CORS_OK)]), NP)
    add("origin-opaque-4", req(B1, origin=NULL), [hop(r3(302, C1, NULL)), hop(ok(O))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-mismatch"),
          exposed=None,
          hops=[H(B1, cors=CORS_OK, redir=FOLLOW(C1)),
                H(C1, origin=NULL, cors=CORS_ERR("acao-mismatch"))]), f"{NP}; {F_CHECK} step 4")

    # --- the CORS check on redirect responses ---------------------------------------------------
    CC = f"{F_HTTP_CORS}; {F_CHECK}"
    for s in REDIRECTS:
        n = REDIRECTS.index(s) + 1
        add(f"cors-3xx-missing-{n}", req(B1), [hop(r3(s, B2)), hop(ok(O))],
            E("blocked-response", error_hop=0, final=None, needs_preflight=False, preflight=None,
              cors_check=CORS_ERR("acao-missing"), exposed=None,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_ERR("acao-missing"),
                      NOT_FOLLOWED)]),
            f"{CC}; {wpt(60)}", bug="CORS check skipped on redirect responses")
        add(f"cors-3xx-own-origin-{n}", req(B1), [hop(r3(s, B2, BO)), hop(ok(O))],
            E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acao-mismatch"),
              exposed=None,
              hops=[H(B1, status=s, cors=CORS_ERR("acao-mismatch"), redir=NOT_FOLLOWED)]),
            f"{CC} step 4; {wpt(62)}", bug="redirect accepted with the server's own origin as ACAO")
    add("cors-3xx-star-1", req(B1), [hop(r3(302, B2, "*")), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, cors=CORS_OK, redir=FOLLOW(B2)), H(B2, origin=O, cors=CORS_OK)]),
        f"{CC} step 3")
    add("cors-3xx-star-cred-1", req(B1, credentials="include"),
        [hop(r3(302, B2, "*", acac=True)), hop(ok(O, acac=True))],
        E("blocked-response", error_hop=0, final=None,
          cors_check=CORS_ERR("acao-wildcard-with-credentials"),
          hops=[H(B1, creds=True, status=302, cors=CORS_ERR("acao-wildcard-with-credentials"),
                  redir=NOT_FOLLOWED)]),
        f"{CC} step 3", bug="ACAO * accepted on a credentialed redirect")
    add("cors-3xx-acac-1", req(B1, credentials="include"),
        [hop(r3(302, B2, O)), hop(ok(O, acac=True))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acac-not-true"),
          hops=[H(B1, status=302, cors=CORS_ERR("acac-not-true"), redir=NOT_FOLLOWED)]),
        f"{CC} steps 6-8", bug="ACAC not required on a credentialed redirect")
    add("cors-3xx-cred-ok-1", req(B1, credentials="include"),
        [hop(r3(302, B2, O, acac=True)), hop(ok(O, acac=True))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, origin=O, creds=True, cors=CORS_OK, redir=FOLLOW(B2)),
                H(B2, origin=O, creds=True, cors=CORS_OK)]), CC)
    add("cors-3xx-null-untainted-1", req(B1), [hop(r3(302, C1, NULL)), hop(ok(NULL))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acao-mismatch"),
          hops=[H(B1, origin=O, status=302, cors=CORS_ERR("acao-mismatch"), redir=NOT_FOLLOWED)]),
        f"{CC} step 4 (the 3xx is judged with the origin of its own hop); {wpt(60)}",
        bug="redirect response judged with the next hop's origin")
    add("cors-3xx-multiple-1", req(B1),
        [hop(res(302, [["Access-Control-Allow-Origin", O], ["Access-Control-Allow-Origin", O],
                       ["Location", B2]])), hop(ok(O))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acao-multiple"),
          hops=[H(B1, status=302, cors=CORS_ERR("acao-multiple"), redir=NOT_FOLLOWED)]),
        f"{CC}; Fetch §2.2.2 Headers: get (values combined)")
    add("cors-3xx-trim-1", req(B1), [hop(r3(302, B2, " https://app.example\t")), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, cors=CORS_OK, redir=FOLLOW(B2)), H(B2, cors=CORS_OK)]),
        f"{CC}; {DECISIONS}: Bytes and values (response values trimmed)")
    add("cors-3xx-case-1", req(B1), [hop(r3(302, B2, "https://APP.example")), hop(ok(O))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acao-mismatch"),
          hops=[H(B1, cors=CORS_ERR("acao-mismatch"), redir=NOT_FOLLOWED)]),
        f"{CC} step 4 (byte comparison)", bug="case-insensitive ACAO comparison")
    # a tainted hop is judged against `null`
    TC = f"{CC} step 4; {F_REQ_TAINT}"
    add("cors-tainted-origin-1", req(B1), [hop(r3(302, C1, O)), hop(ok(O))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-mismatch"),
          exposed=None,
          hops=[H(B1, "GET", O, "cors", False, [], None, 302, CORS_OK, FOLLOW(C1)),
                H(C1, "GET", NULL, "cors", False, [], None, 200, CORS_ERR("acao-mismatch"), None)]),
        f"{TC}; {wpt(61)}", bug="tainted hop judged with the page's origin")
    add("cors-tainted-missing-1", req(B1), [hop(r3(302, C1, O)), hop(ok())],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-missing"),
          hops=[H(B1, cors=CORS_OK, redir=FOLLOW(C1)),
                H(C1, origin=NULL, status=200, cors=CORS_ERR("acao-missing"), redir=None)]),
        f"{TC}; {wpt(61)}")
    add("cors-tainted-star-1", req(B1), [hop(r3(302, C1, O)), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, cors=CORS_OK), H(C1, origin=NULL, cors=CORS_OK)]), f"{TC}; {wpt(61)}")
    add("cors-tainted-upper-1", req(B1), [hop(r3(302, C1, O)), hop(ok("NULL"))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-mismatch"),
          hops=[H(B1, cors=CORS_OK), H(C1, origin=NULL, cors=CORS_ERR("acao-mismatch"))]),
        f"{TC} (byte comparison)")
    add("cors-tainted-cred-1", req(B1, credentials="include"),
        [hop(r3(302, C1, O, acac=True)), hop(ok(NULL, acac=True))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, origin=O, creds=True, cors=CORS_OK),
                H(C1, origin=NULL, creds=True, cors=CORS_OK)]),
        f"{TC} (ACAO null with ACAC true passes a credentialed tainted hop)")
    add("cors-tainted-cred-2", req(B1, credentials="include"),
        [hop(r3(302, C1, O, acac=True)), hop(ok("*", acac=True))],
        E("blocked-response", error_hop=1, final=None,
          cors_check=CORS_ERR("acao-wildcard-with-credentials"),
          hops=[H(B1, cors=CORS_OK), H(C1, cors=CORS_ERR("acao-wildcard-with-credentials"))]),
        f"{CC} step 3")
    add("cors-tainted-cred-3", req(B1, credentials="include"),
        [hop(r3(302, C1, O, acac=True)), hop(ok(NULL))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acac-not-true"),
          hops=[H(B1, cors=CORS_OK), H(C1, cors=CORS_ERR("acac-not-true"))]),
        f"{CC} steps 6-8")
    add("cors-tainted-3xx-1", req(B1), [hop(r3(302, C1, O)), hop(r3(302, B2, O)), hop(ok(NULL))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-mismatch"),
          hops=[H(B1, cors=CORS_OK, redir=FOLLOW(C1)),
                H(C1, origin=NULL, status=302, cors=CORS_ERR("acao-mismatch"),
                  redir=NOT_FOLLOWED)]),
        f"{TC}; {F_HTTP_CORS}", bug="tainted redirect response judged with the page's origin")
    add("cors-tainted-3xx-2", req(B1), [hop(r3(302, C1, O)), hop(r3(302, B2, NULL)), hop(ok())],
        E("blocked-response", error_hop=2, final=None, cors_check=CORS_ERR("acao-missing"),
          hops=[H(B1, cors=CORS_OK, redir=FOLLOW(C1)), H(C1, cors=CORS_OK, redir=FOLLOW(B2)),
                H(B2, origin=NULL, status=200, cors=CORS_ERR("acao-missing"))]), TC)
    add("cors-back-origin-1", req(B1), [hop(r3(302, A1, O)), hop(ok(O))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-mismatch"),
          hops=[H(B1, cors=CORS_OK, redir=FOLLOW(A1)),
                H(A1, "GET", NULL, "cors", False, [], None, 200, CORS_ERR("acao-mismatch"), None)]),
        f"{TC}; {wpt(59)}", bug="tainting reset on return to the page's origin")
    add("cors-back-missing-1", req(B1), [hop(r3(302, A1, O)), hop(ok())],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-missing"),
          hops=[H(B1, cors=CORS_OK), H(A1, taint="cors", cors=CORS_ERR("acao-missing"))]),
        f"{TC}; {wpt(59)}", bug="response on the page's origin not CORS-checked after a redirect")
    add("cors-back-null-1", req(B1), [hop(r3(302, A1, O)), hop(ok(NULL))],
        E("allowed", error_hop=None, final=FINAL(A1, 1, 200, "cors"),
          hops=[H(B1, cors=CORS_OK), H(A1, origin=NULL, taint="cors", cors=CORS_OK)]),
        f"{TC}; {wpt(59)}")
    # a same-origin (basic) 3xx is not CORS-checked
    add("cors-basic-3xx-1", req(A1),
        [hop(r3(302, B1, "https://evil.example")), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
          hops=[H(A1, taint="basic", cors=None, redir=FOLLOW(B1)), H(B1, origin=O, cors=CORS_OK)]),
        f"{F_HTTP_CORS} (only cors responses); {wpt(57)}",
        bug="same-origin redirect response CORS-checked")
    add("cors-basic-3xx-2", req(A1, credentials="include"),
        [hop(r3(302, B1, "*")), hop(ok(O, acac=True))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
          hops=[H(A1, taint="basic", creds=True, cors=None, redir=FOLLOW(B1)),
                H(B1, origin=O, creds=True, cors=CORS_OK)]),
        f"{F_HTTP_CORS} (only cors responses); {wpt(57)}")
    add("cors-a-b-null-1", req(A1), [hop(r3(302, B1)), hop(ok(NULL))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-mismatch"),
          hops=[H(A1, cors=None), H(B1, origin=O, cors=CORS_ERR("acao-mismatch"))]),
        f"{TC}; {wpt(58)}", bug="first cross-origin hop treated as tainted")
    add("cors-a-b-missing-1", req(A1), [hop(r3(302, B1)), hop(ok())],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-missing"),
          exposed=None, hops=[H(A1, cors=None), H(B1, cors=CORS_ERR("acao-missing"))]),
        f"{TC}; {wpt(58)}", bug="redirected request not CORS-checked at the new origin")
    add("cors-a-b-star-1", req(A1), [hop(r3(302, B1)), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
          hops=[H(A1, cors=None), H(B1, cors=CORS_OK)]), f"{TC}; {wpt(57)}")
    add("cors-status-404-1", req(B1), [hop(r3(302, B2, O)), hop(ok(O, status=404))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 404, "cors"),
          hops=[H(B1, cors=CORS_OK), H(B2, status=404, cors=CORS_OK, redir=None)]),
        f"{CC} (any status)")
    add("cors-status-500-1", req(B1), [hop(r3(302, B2, O)), hop(ok(status=500))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acao-missing"),
          hops=[H(B1, cors=CORS_OK), H(B2, status=500, cors=CORS_ERR("acao-missing"))]),
        f"{CC} (any status)")

    # --- credentials per hop -----------------------------------------------------------------
    KR = f"{F_NOC}; {F_MAIN_PATH}"
    aba = [hop(r3(302, B1)), hop(r3(302, A2, O)), hop(ok(NULL))]
    for i, creds, sent in [(1, "omit", [False, False, False]),
                           (2, "same-origin", [True, False, False]),
                           (3, None, [True, False, False])]:
        add(f"creds-a-b-a-{i}", req(A1, credentials=creds), aba,
            E("allowed", error_hop=None, final=FINAL(A2, 2, 200, "cors"),
              hops=[H(A1, origin=None, taint="basic", creds=sent[0]),
                    H(B1, origin=O, taint="cors", creds=sent[1]),
                    H(A2, origin=NULL, taint="cors", creds=sent[2])]),
            f"{KR}; {F_REQ_TAINT}", bug="cookies sent again on return to the page's origin"
            if sent[0] else "cookies sent with credentials omit")
    add("creds-a-b-a-4", req(A1, credentials="include"),
        [hop(r3(302, B1)), hop(r3(302, A2, O, acac=True)), hop(ok(NULL, acac=True))],
        E("allowed", error_hop=None, final=FINAL(A2, 2, 200, "cors"),
          hops=[H(A1, origin=None, taint="basic", creds=True, cors=None),
                H(B1, origin=O, taint="cors", creds=True, cors=CORS_OK),
                H(A2, origin=NULL, taint="cors", creds=True, cors=CORS_OK)]),
        f"{KR}; {F_CHECK}")
    add("creds-b-c-1", req(B1, credentials="include"),
        [hop(r3(301, C1, O, acac=True)), hop(ok(NULL, acac=True))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, creds=True), H(C1, creds=True)]), f"{KR}; {wpt(20)}")
    add("creds-a-a-1", req(A1, credentials="omit"), [hop(r3(302, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, taint="basic", creds=False), H(A2, taint="basic", creds=False)]), KR)
    add("creds-a-a-2", req(A1, credentials="include"), [hop(r3(302, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, taint="basic", creds=True), H(A2, taint="basic", creds=True)]), KR)
    add("creds-a-a-a-1", req(A1), [hop(r3(302, A2)), hop(r3(307, A3)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A3, 2, 200, "basic"),
          hops=[H(A1, creds=True), H(A2, creds=True), H(A3, creds=True)]), KR)
    add("creds-b-a-1", req(B1), [hop(r3(302, A1, O)), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(A1, 1, 200, "cors"),
          hops=[H(B1, taint="cors", creds=False), H(A1, taint="cors", creds=False)]),
        f"{KR} (a cors hop to the page's origin sends no cookies in same-origin mode)",
        bug="cookies sent to the page's origin on a tainted hop")
    add("creds-a-b-a-5", req(A1, credentials="include"),
        [hop(r3(302, B1)), hop(r3(302, A2, O, acac=True)), hop(ok(NULL))],
        E("blocked-response", error_hop=2, final=None, cors_check=CORS_ERR("acac-not-true"),
          hops=[H(A1, creds=True), H(B1, creds=True, cors=CORS_OK),
                H(A2, origin=NULL, creds=True, cors=CORS_ERR("acac-not-true"))]),
        f"{F_CHECK} steps 6-8")
    add("creds-a-b-1", req(A1, credentials="include"), [hop(r3(302, B1)), hop(ok(O))],
        E("blocked-response", error_hop=1, final=None, cors_check=CORS_ERR("acac-not-true"),
          hops=[H(A1, creds=True, cors=None), H(B1, creds=True, cors=CORS_ERR("acac-not-true"))]),
        f"{F_CHECK} steps 6-8", bug="ACAC not required after a same-origin hop")
    add("creds-b-c-pf-1", req(B1, "GET", [["X-A", "1"]], credentials="include"),
        [hop(r3(301, C1, O, acac=True), pre(O, headers="x-a", acac=True)),
         hop(ok(NULL, acac=True), pre(NULL, headers="x-a", acac=True))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, origin=O, creds=True, pf=PF("GET", "x-a", 5, "miss"), cors=CORS_OK),
                H(C1, origin=NULL, creds=True, pf=PF("GET", "x-a", 5, "miss"), cors=CORS_OK)]),
        f"{KR}; {F_PF}; {wpt(21)}")

    # --- what the final response exposes ------------------------------------------------------
    FX = "oracle protocol: exposed_headers of the final response; Fetch §4.1 Main fetch step 14"
    add("final-expose-1", req(A1),
        [hop(r3(302, B1)),
         hop(ok(O, extra=[["Access-Control-Expose-Headers", "x-a"], ["X-A", "1"], ["X-B", "2"]]))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"), exposed=safe_plus("x-a")),
        FX)
    add("final-expose-2", req(B1),
        [hop(r3(302, B2, O, extra=[["Access-Control-Expose-Headers", "x-b"], ["X-B", "1"]])),
         hop(ok(O, extra=[["X-B", "2"]]))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"), exposed=SAFE7),
        FX, bug="exposure taken from a redirect response")
    add("final-expose-3", req(A1),
        [hop(r3(302, A2)), hop(ok(extra=[["Set-Cookie", "a=1"], ["X-A", "1"]]))],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"), exposed=["x-a"]),
        f"{FX}; {D_SAME}")
    add("final-expose-4", req(A1),
        [hop(r3(302, B1)), hop(r3(302, A2, O)),
         hop(ok(NULL, extra=[["Access-Control-Expose-Headers", "*"], ["X-A", "1"]]))],
        E("allowed", error_hop=None, final=FINAL(A2, 2, 200, "cors"),
          exposed=safe_plus("access-control-allow-origin", "access-control-expose-headers",
                            "x-a")),
        f"{FX} (CORS-filtered: tainting stays cors on the page's origin)",
        bug="basic filtering after returning to the page's origin")
    add("final-expose-5", req(B1), [hop(r3(302, A1, O)), hop(ok("*", extra=[["X-A", "1"]]))],
        E("allowed", error_hop=None, final=FINAL(A1, 1, 200, "cors"), exposed=SAFE7),
        f"{FX}; {wpt(49)}", bug="basic filtering after returning to the page's origin")
    return checked(out)


# ============================================================ redirect-modes.jsonl

AQ = "https://app.example/d/e/f?q=1"


def mode_cases():
    out = []

    def add(cid, request, hops, expect, spec, bug=None):
        out.append(chain("brw-redir-" + cid, request, hops, expect, spec=spec, bug=bug))

    # --- redirect: "error" ----------------------------------------------------------------------
    ER = f"{F_HTTP_MODE}: error -> network error; {wpt(22, 43)}"
    for s in REDIRECTS:
        n = REDIRECTS.index(s) + 1
        add(f"mode-error-basic-{n}", req(A1, redirect="error"), [hop(r3(s, A2)), hop(ok())],
            E("blocked-redirect", error_hop=0, final=None, needs_preflight=False, preflight=None,
              cors_check=None, exposed=None,
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None,
                      RERR("redirect-disallowed"))]),
            ER, bug="redirect mode error ignored")
        add(f"mode-error-cors-{n}", req(B1, redirect="error"), [hop(r3(s, B2, O)), hop(ok(O))],
            E("blocked-redirect", error_hop=0, final=None, needs_preflight=False, preflight=None,
              cors_check=CORS_OK, exposed=None,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK,
                      RERR("redirect-disallowed"))]),
            ER, bug="redirect mode error ignored")
    add("mode-error-nolocation-1", req(A1, redirect="error"), [hop(r3(302, None))],
        E("blocked-redirect", error_hop=0, final=None,
          hops=[H(A1, status=302, redir=RERR("redirect-disallowed"))]),
        f"{F_HTTP_MODE} (the mode is switched on before Location is read); {F_REDIR_STATUS}",
        bug="3xx without Location delivered under redirect mode error")
    add("mode-error-nolocation-2", req(B1, redirect="error"), [hop(r3(307, None, O))],
        E("blocked-redirect", error_hop=0, final=None, cors_check=CORS_OK,
          hops=[H(B1, status=307, cors=CORS_OK, redir=RERR("redirect-disallowed"))]),
        f"{F_HTTP_MODE}; {F_REDIR_STATUS}")
    add("mode-error-cors-first-1", req(B1, redirect="error"), [hop(r3(302, B2))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acao-missing"),
          hops=[H(B1, status=302, cors=CORS_ERR("acao-missing"), redir=NOT_FOLLOWED)]),
        f"{F_HTTP_CORS} before step 6.3; oracle protocol v1.1 (preflight, CORS check, then redirect)",
        bug="redirect checks before the CORS check")
    add("mode-error-data-1", req(A1, redirect="error"), [hop(r3(302, "data:,x"))],
        E("blocked-redirect", error_hop=0, final=None,
          hops=[H(A1, redir=RERR("redirect-disallowed"))]), f"{ER}; {wpt(44, 45)}")
    add("mode-error-invalidurl-1", req(A1, redirect="error"), [hop(r3(302, "invalidurl:"))],
        E("blocked-redirect", error_hop=0, final=None,
          hops=[H(A1, redir=RERR("redirect-disallowed"))]), f"{ER}; {wpt(44)}")
    add("mode-error-200-1", req(B1, redirect="error"), [hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 200, "cors"),
          hops=[H(B1, status=200, cors=CORS_OK, redir=None)]), F_HTTP_MODE)
    add("mode-error-300-1", req(B1, redirect="error"), [hop(r3(300, B2, O))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 300, "cors"),
          hops=[H(B1, status=300, cors=CORS_OK, redir=None)]), f"{F_REDIR_STATUS}; {F_HTTP_MODE}",
        bug="300 treated as a redirect status")
    add("mode-error-preflight-1", req(B1, "PUT", redirect="error"),
        [hop(r3(307, B2, O), pre(O, "PUT")), hop(ok(O))],
        E("blocked-redirect", error_hop=0, final=None, needs_preflight=True,
          preflight=PF("PUT", None, 5), cors_check=CORS_OK,
          hops=[H(B1, "PUT", O, "cors", False, [], PF("PUT", None, 5, "miss"), 307, CORS_OK,
                  RERR("redirect-disallowed"))]),
        f"{F_HTTP_PF}; {F_HTTP_MODE}")

    # --- redirect: "manual" ---------------------------------------------------------------------
    MA = f"{F_HTTP_MODE}: manual -> opaque-redirect filtered response; {F_OPAQUE_REDIR}"
    for s in REDIRECTS:
        n = REDIRECTS.index(s) + 1
        add(f"mode-manual-basic-{n}", req(A1, redirect="manual"), [hop(r3(s, A2)), hop(ok())],
            E("opaque-redirect", error_hop=None, final=FINAL(A1, 0, 0, "opaqueredirect"),
              needs_preflight=False, preflight=None, cors_check=None,
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None, MANUAL)]),
            f"{MA}; {wpt(23)}", bug="manual redirect followed")
        add(f"mode-manual-cors-{n}", req(B1, redirect="manual"), [hop(r3(s, B2, O)), hop(ok(O))],
            E("opaque-redirect", error_hop=None, final=FINAL(B1, 0, 0, "opaqueredirect"),
              needs_preflight=False, preflight=None, cors_check=CORS_OK,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, MANUAL)]),
            f"{MA}; {wpt(24)}", bug="manual redirect followed")
    add("mode-manual-no-acao-1", req(B1, redirect="manual"), [hop(r3(302, B2))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acao-missing"),
          exposed=None, hops=[H(B1, status=302, cors=CORS_ERR("acao-missing"))]),
        f"{F_HTTP_CORS} before step 6.3; {wpt(28)}",
        bug="opaque-redirect returned without the CORS check")
    add("mode-manual-acac-1", req(B1, credentials="include", redirect="manual"),
        [hop(r3(302, B2, O))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acac-not-true"),
          hops=[H(B1, creds=True, cors=CORS_ERR("acac-not-true"))]),
        f"{F_HTTP_CORS} before step 6.3")
    for i, (loc, why) in enumerate([(None, wpt(42)), ("data:,x", wpt(44, 45)),
                                    ("invalidurl:", wpt(44)),
                                    ("https://[::1/y", "Location not parsed in manual mode"),
                                    ("https://u:p@cdn.example/z", "userinfo not examined")], 1):
        start = A1 if i <= 3 else B1
        add(f"mode-manual-location-{i}", req(start, redirect="manual"),
            [hop(r3(302, loc, O if start == B1 else None))],
            E("opaque-redirect", error_hop=None, final=FINAL(start, 0, 0, "opaqueredirect"),
              hops=[H(start, status=302, redir=MANUAL)]),
            f"{MA} (HTTP-redirect fetch never runs); {why}",
            bug="Location validated under redirect mode manual")
    add("mode-manual-empty-location-1", req(A1, redirect="manual"), [hop(r3(301, ""))],
        E("opaque-redirect", error_hop=None, final=FINAL(A1, 0, 0, "opaqueredirect"),
          hops=[H(A1, status=301, redir=MANUAL)]), f"{MA}; {wpt(46)}")
    add("mode-manual-two-locations-1", req(A1, redirect="manual"),
        [hop(res(302, [["Location", "/y"], ["Location", "/z"]]))],
        E("opaque-redirect", error_hop=None, final=FINAL(A1, 0, 0, "opaqueredirect"),
          hops=[H(A1, redir=MANUAL)]), MA)
    add("mode-manual-200-1", req(B1, redirect="manual"), [hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 200, "cors"), exposed=SAFE7,
          hops=[H(B1, status=200, redir=None)]), F_HTTP_MODE)
    add("mode-manual-300-1", req(A1, redirect="manual"), [hop(r3(300, A2))],
        E("allowed", error_hop=None, final=FINAL(A1, 0, 300, "basic"),
          hops=[H(A1, status=300, redir=None)]), f"{F_REDIR_STATUS}; {F_HTTP_MODE}")
    add("mode-manual-preflight-1", req(B1, "PUT", [["X-A", "1"]], redirect="manual"),
        [hop(r3(307, B2, O), pre(O, "PUT", "x-a", 600)), hop(ok(O))],
        E("opaque-redirect", error_hop=None, final=FINAL(B1, 0, 0, "opaqueredirect"),
          needs_preflight=True, preflight=PF("PUT", "x-a", 600), cors_check=CORS_OK,
          hops=[H(B1, "PUT", O, "cors", False, [], PF("PUT", "x-a", 600, "miss"), 307, CORS_OK,
                  MANUAL)]),
        f"{F_HTTP_PF}; {MA}")
    add("mode-manual-tainted-never-1", req(B1, redirect="manual"),
        [hop(r3(302, C1, O)), hop(ok(NULL))],
        E("opaque-redirect", error_hop=None, final=FINAL(B1, 0, 0, "opaqueredirect"),
          hops=[H(B1, origin=O, redir=MANUAL)]), MA, bug="manual redirect followed")

    # --- statuses that are not redirect statuses -------------------------------------------------
    NR = f"{F_REDIR_STATUS} (other 3xx are final responses); {F_LOC} step 1"
    for i, s in enumerate([300, 305, 306], 1):
        add(f"status-not-redirect-{i}", req(B1), [hop(r3(s, B2, O)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(B1, 0, s, "cors"), exposed=SAFE7,
              hops=[H(B1, "GET", O, "cors", False, [], None, s, CORS_OK, None)]),
            NR, bug=f"{s} with Location followed")
    add("status-not-redirect-4", req(A1), [hop(r3(300, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A1, 0, 300, "basic"),
          hops=[H(A1, status=300, cors=None, redir=None)]), NR)
    add("status-not-redirect-5", req(B1), [hop(r3(201, B2, O)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 201, "cors"),
          hops=[H(B1, status=201, redir=None)]), NR, bug="Location followed on a 201")

    # --- Location: missing, repeated, relative, absolute ------------------------------------------
    LOC = f"{F_LOC}; {URL_PARSE}; {URL_SER}"
    for s in REDIRECTS:
        n = REDIRECTS.index(s) + 1
        add(f"loc-missing-{n}", req(A1), [hop(r3(s, None)), hop(ok())],
            E("allowed", error_hop=None, final=FINAL(A1, 0, s, "basic"), needs_preflight=False,
              preflight=None, cors_check=None,
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None, NO_LOCATION)]),
            f"{F_REDIR} step 4 (no Location: the 3xx is the response); {wpt(41)}",
            bug="3xx without Location treated as an error")
    add("loc-missing-6", req(B1), [hop(r3(303, None, O, extra=[["X-A", "1"]]))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 303, "cors"), needs_preflight=False,
          preflight=None, cors_check=CORS_OK, exposed=SAFE7,
          hops=[H(B1, "GET", O, "cors", False, [], None, 303, CORS_OK, NO_LOCATION)]),
        f"{F_REDIR} step 4; {wpt(41)}")
    add("loc-missing-7", req(B1), [hop(r3(302, None))],
        E("blocked-response", error_hop=0, final=None, cors_check=CORS_ERR("acao-missing"),
          hops=[H(B1, cors=CORS_ERR("acao-missing"))]), f"{F_HTTP_CORS}")
    add("loc-repeated-1", req(A1), [hop(res(302, [["Location", "/y"], ["Location", "/y"]])),
                                    hop(ok())],
        E("blocked-redirect", error_hop=0, final=None,
          hops=[H(A1, status=302, redir=RERR("redirect-location-invalid"))]),
        f"{F_LOC} step 2; Fetch §2.2.2 Headers: extract header list values step 2 (Location allows "
        "a single header)", bug="identical duplicate Location headers followed (Chromium)")
    add("loc-repeated-2", req(A1), [hop(res(302, [["Location", "/y"], ["Location", "/z"]])),
                                    hop(ok())],
        E("blocked-redirect", error_hop=0, final=None,
          hops=[H(A1, status=302, redir=RERR("redirect-location-invalid"))]),
        f"{F_LOC} step 2; Fetch §2.2.2 Headers: extract header list values step 2",
        bug="first Location header used")
    add("loc-repeated-3", req(B1), [hop(res(307, [["Access-Control-Allow-Origin", O],
                                                 ["Location", B2], ["Location", B2]])), hop(ok(O))],
        E("blocked-redirect", error_hop=0, final=None, cors_check=CORS_OK,
          hops=[H(B1, status=307, cors=CORS_OK, redir=RERR("redirect-location-invalid"))]),
        f"{F_LOC} step 2")

    same_origin = [
        ("/y", "https://app.example/y", None),
        ("y", "https://app.example/d/e/y", "relative Location resolved against the origin"),
        ("../y", "https://app.example/d/y", None),
        ("./y", "https://app.example/d/e/y", None),
        (".", "https://app.example/d/e/", None),
        ("..", "https://app.example/d/", None),
        ("?r=2", "https://app.example/d/e/f?r=2", None),
        ("#g", "https://app.example/d/e/f?q=1#g", None),
        ("", "https://app.example/d/e/f?q=1", "empty Location ignored (Chromium)"),
        ("/d/./e/../y", "https://app.example/d/y", None),
        ("/a/%2e%2E/y", "https://app.example/y", "percent-encoded dot segments kept"),
        ("https:y", "https://app.example/d/e/y", "same-scheme Location without slashes parsed "
         "as an authority"),
        ("https://APP.EXAMPLE/Y", "https://app.example/Y", "origin compared on the raw Location"),
        ("HTTPS://app.example/y", "https://app.example/y", "origin compared on the raw Location"),
        ("https://app.example:443/y", "https://app.example/y", "default port not dropped"),
        ("  /y\t", "https://app.example/y", "Location value not trimmed"),
        ("/y,z", "https://app.example/y,z", "Location split on commas"),
        ("/y?a=1&b=%20", "https://app.example/y?a=1&b=%20", None),
        ("https://app.example/y#", "https://app.example/y#", None),
    ]
    for i, (loc, url, bug) in enumerate(same_origin, 1):
        # corsproof decisions: hop URLs and final.url without their fragment;
        # redirect.location keeps it.
        bare = url.split("#", 1)[0]
        add(f"loc-same-{i}", req(AQ), [hop(r3(302, loc)), hop(ok())],
            E("allowed", error_hop=None, final=FINAL(bare, 1, 200, "basic"),
              hops=[H(AQ, "GET", None, "basic", True, [], None, 302, None, FOLLOW(url)),
                    H(bare, "GET", None, "basic", True, [], None, 200, None, None)]),
            f"{LOC} (relative to the hop's URL {AQ})", bug=bug)
    cross = [
        ("//cdn.example/z", "https://cdn.example/z", "scheme-relative Location mishandled"),
        ("///cdn.example/z", "https://cdn.example/z",
         "extra slashes of a special-scheme URL kept (RFC 3986 resolution)"),
        ("https://api.example/x", B1, None),
        ("http://app.example/y", "http://app.example/y", "scheme ignored in the origin check"),
        ("https://app.example:8443/y", "https://app.example:8443/y", "port ignored in the origin check"),
        ("https://app.example./y", "https://app.example./y",
         "trailing dot of a host dropped before the origin check"),
        ("http:cdn.example/z", "http://cdn.example/z", None),
        ("https://0x7f.1/y", "https://127.0.0.1/y", "IPv4 host not normalized"),
        ("https://API.example:443/x", B1, None),
    ]
    for i, (loc, url, bug) in enumerate(cross, 1):
        add(f"loc-cross-{i}", req(AQ), [hop(r3(302, loc)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(url, 1, 200, "cors"),
              hops=[H(AQ, "GET", None, "basic", True, [], None, 302, None, FOLLOW(url)),
                    H(url, "GET", O, "cors", False, [], None, 200, CORS_OK, None)]),
            f"{LOC}; {URL_HOST}; {URL_ORIGIN}", bug=bug)
    # `final` is left out: Response's url getter excludes the fragment, the URL list keeps it.
    FR = f"{F_LOC} step 4 (no fragment: the request's fragment); {F_REDIR} step 3"
    for i, (loc, url) in enumerate([("/y", "https://app.example/y#f1"),
                                    ("/y#f2", "https://app.example/y#f2"),
                                    ("/y#", "https://app.example/y#")], 1):
        add(f"loc-fragment-{i}", req("https://app.example/a#f1"), [hop(r3(302, loc)), hop(ok())],
            E("allowed", error_hop=None,
              hops=[H("https://app.example/a", redir=FOLLOW(url)), H(url.split("#")[0])]),
            FR + "; corsproof decisions: hop URLs are serialized without their fragment "
                 "(the request sent), the Location keeps it",
            bug="fragment dropped on redirect" if i == 1 else None)
    add("loc-fragment-4", req("https://app.example/a#f1"), [hop(r3(302, "//cdn.example/z")),
                                                           hop(ok(O))],
        E("allowed", error_hop=None,
          hops=[H("https://app.example/a", redir=FOLLOW("https://cdn.example/z#f1")),
                H("https://cdn.example/z", origin=O)]),
        FR + "; corsproof decisions: hop URLs are serialized without their fragment")
    add("loc-hop-base-1", req(B1), [hop(r3(302, "/y", O)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, redir=FOLLOW(B2)), H(B2, origin=O, taint="cors")]),
        f"{F_LOC} step 3 (parsed with the response's URL)",
        bug="relative Location resolved against the page URL")
    add("loc-hop-base-2", req(A1),
        [hop(r3(302, "https://api.example/d/e")), hop(r3(302, "f", O)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL("https://api.example/d/f", 2, 200, "cors"),
          hops=[H(A1, redir=FOLLOW("https://api.example/d/e")),
                H("https://api.example/d/e", redir=FOLLOW("https://api.example/d/f")),
                H("https://api.example/d/f", origin=O)]),
        f"{F_LOC} step 3 (each hop's own URL is the base)",
        bug="relative Location resolved against the first URL")
    invalid = ["https://[::1/y", "https://app.example:99999/y", "https://:443/y",
               "http://999.999.999.999/", "https://a%00b.example/", "https://app.example:x/y",
               "http://[1:2]/", "https://"]
    for i, loc in enumerate(invalid, 1):
        add(f"loc-invalid-{i}", req(A1), [hop(r3(302, loc)), hop(ok())],
            E("blocked-redirect", error_hop=0, final=None, exposed=None, cors_check=None,
              hops=[H(A1, "GET", None, "basic", True, [], None, 302, None,
                      RERR("redirect-location-invalid"))]),
            f"{F_LOC} step 3 (URL parser failure); {F_REDIR} step 5; {URL_PARSE}; {URL_HOST}",
            bug="unparsable Location passed on")
    add("loc-invalid-9", req(B1), [hop(r3(308, "https://[::1/y", O)), hop(ok(O))],
        E("blocked-redirect", error_hop=0, final=None, cors_check=CORS_OK,
          hops=[H(B1, status=308, cors=CORS_OK, redir=RERR("redirect-location-invalid"))]),
        f"{F_REDIR} step 5")
    # Open: Location values the URL parser accepts but the URI-reference grammar does not
    # (whatwg/fetch#883).  Only what both readings agree on is pinned.
    for i, loc in enumerate(["\\\\cdn.example\\z", "/\\cdn.example/z", "/a b", "/\u00e9", "/a|b"], 1):
        add(f"loc-open-{i}", req(A1), [hop(r3(302, loc)), hop(ok("*"))],
            E(..., needs_preflight=False, preflight=None),
            f"{F_LOC} step 2 (extract header list values: URI-reference ABNF) vs {URL_PARSE}; "
            "whatwg/fetch#883 (open): outcome not pinned")

    # --- Location schemes --------------------------------------------------------------------------
    SC = f"{F_REDIR} step 6 (HTTP(S) scheme only); {wpt(44, 45, 47, 48)}"
    schemes = ["data:text/plain,hi", "mailto:a@app.example", "about:blank", "about:unicorn",
               "blob:https://app.example/0c2a6f4e-6a4f-4a8e-9d3a-2f1f4b6c9e11",
               "javascript:alert(1)", "ftp://app.example/y", "ws://app.example/y",
               "wss://app.example/y", "file:///etc/passwd", "facetime:user@app.example",
               "invalidurl:", "foo://app.example/y"]
    for i, loc in enumerate(schemes, 1):
        add(f"scheme-basic-{i}", req(A1), [hop(r3(302, loc)), hop(ok())],
            E("blocked-redirect", error_hop=0, final=None, exposed=None,
              hops=[H(A1, "GET", None, "basic", True, [], None, 302, None,
                      RERR("redirect-scheme", loc))]),
            SC, bug="redirect to a non-HTTP(S) scheme followed")
    for i, loc in enumerate(["data:text/plain,hi", "ws://api.example/y", "about:blank"], 1):
        add(f"scheme-cors-{i}", req(B1), [hop(r3(307, loc, O)), hop(ok(O))],
            E("blocked-redirect", error_hop=0, final=None, cors_check=CORS_OK,
              hops=[H(B1, status=307, cors=CORS_OK, redir=RERR("redirect-scheme", loc))]), SC)
    for i, (loc, url) in enumerate([("HTTP://cdn.example/z", "http://cdn.example/z"),
                                    ("hTTps://cdn.example/z", "https://cdn.example/z")], 1):
        add(f"scheme-case-{i}", req(A1), [hop(r3(302, loc)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(url, 1, 200, "cors"),
              hops=[H(A1, redir=FOLLOW(url)), H(url, origin=O)]),
            f"{URL_PARSE} (scheme lower-cased); {F_REDIR} step 6",
            bug="scheme compared case-sensitively")

    # --- userinfo in the location --------------------------------------------------------------------
    UI = f"{F_REDIR} steps 9-10; {URL_CREDS}"
    add("userinfo-none-1", req(A1), [hop(r3(302, B2)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(A1, redir=FOLLOW(B2)), H(B2, origin=O)]), f"{UI}; {wpt(5)}")
    for i, (loc, ser) in enumerate([("https://user:password@api.example/y",
                                     "https://user:password@api.example/y"),
                                    ("https://user:@api.example/y", "https://user@api.example/y"),
                                    ("https://:password@api.example/y",
                                     "https://:password@api.example/y"),
                                    ("https://user@api.example/y", "https://user@api.example/y")], 1):
        add(f"userinfo-a-b-{i}", req(A1), [hop(r3(302, loc)), hop(ok(O))],
            E("blocked-redirect", error_hop=0, final=None, exposed=None,
              hops=[H(A1, "GET", None, "basic", True, [], None, 302, None,
                      RERR("redirect-credentials", ser))]),
            f"{F_REDIR} step 9; {URL_CREDS}; {URL_SER}; {wpt(6, 7, 8)}",
            bug="userinfo in a cross-origin redirect followed")
    for i, (loc, url) in enumerate([("https://@api.example/y", B2),
                                    ("https://:@api.example/y", B2)], 1):
        add(f"userinfo-empty-{i}", req(A1), [hop(r3(302, loc)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(url, 1, 200, "cors"),
              hops=[H(A1, redir=FOLLOW(url)), H(url, origin=O)]),
            f"{UI} (empty username and password: no credentials)",
            bug="a bare @ counted as credentials")
    for i, loc in enumerate(["https://user:password@app.example/a", "https://user:@app.example/a",
                             "https://:password@app.example/a"], 1):
        add(f"userinfo-b-a-{i}", req(B1), [hop(r3(302, loc, O)), hop(ok("*"))],
            E("blocked-redirect", error_hop=0, final=None, cors_check=CORS_OK,
              hops=[H(B1, status=302, cors=CORS_OK, redir=RERR("redirect-credentials"))]),
            f"{F_REDIR} step 10 (tainting is cors); {wpt(9)}",
            bug="userinfo back to the page's origin followed")
    add("userinfo-b-b-1", req(B1), [hop(r3(302, "https://user:password@api.example/y", O)),
                                    hop(ok(O))],
        E("blocked-redirect", error_hop=0, final=None,
          hops=[H(B1, redir=RERR("redirect-credentials"))]), f"{F_REDIR} step 9; {wpt(10)}")
    add("userinfo-b-c-1", req(B1), [hop(r3(302, "https://user:password@cdn.example/z", O)),
                                    hop(ok(NULL))],
        E("blocked-redirect", error_hop=0, final=None,
          hops=[H(B1, redir=RERR("redirect-credentials"))]), f"{F_REDIR} step 9; {wpt(11)}")
    add("userinfo-a-a-1", req(A1), [hop(r3(302, "https://user:password@app.example/b")),
                                    hop(ok())],
        E("allowed", error_hop=None,
          final=FINAL("https://user:password@app.example/b", 1, 200, "basic"),
          hops=[H(A1, redir=FOLLOW("https://user:password@app.example/b")),
                H("https://user:password@app.example/b", "GET", None, "basic", True, [], None,
                  200, None, None)]),
        f"{UI} (same origin as the page and still basic: allowed)",
        bug="userinfo refused on a same-origin redirect")
    add("userinfo-a-a-2", req(A1), [hop(r3(302, "https://u:p@app.example/b")), hop(r3(302, "c")),
                                    hop(ok())],
        E("allowed", error_hop=None, final=FINAL("https://u:p@app.example/c", 2, 200, "basic"),
          hops=[H(A1), H("https://u:p@app.example/b", redir=FOLLOW("https://u:p@app.example/c")),
                H("https://u:p@app.example/c", taint="basic")]),
        f"{UI}; {URL_PARSE} (a relative URL keeps the base's userinfo)")
    add("userinfo-a-a-b-1", req(A1), [hop(r3(302, "https://u:p@app.example/b")),
                                      hop(r3(302, B2)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B2, 2, 200, "cors"),
          hops=[H(A1), H("https://u:p@app.example/b", taint="basic", redir=FOLLOW(B2)),
                H(B2, origin=O, taint="cors")]), UI)
    add("userinfo-a-b-a-1", req(A1), [hop(r3(302, B1)),
                                      hop(r3(302, "https://u:p@app.example/b", O)), hop(ok(NULL))],
        E("blocked-redirect", error_hop=1, final=None,
          hops=[H(A1, redir=FOLLOW(B1)), H(B1, cors=CORS_OK, redir=RERR("redirect-credentials"))]),
        f"{F_REDIR} step 10 (tainting cors)")
    add("userinfo-a-a-b-2", req(A1), [hop(r3(302, "https://u:p@app.example/b")),
                                      hop(r3(302, "https://u:p@api.example/y")), hop(ok(O))],
        E("blocked-redirect", error_hop=1, final=None,
          hops=[H(A1), H("https://u:p@app.example/b", taint="basic",
                         redir=RERR("redirect-credentials", "https://u:p@api.example/y"))]),
        f"{F_REDIR} step 9")

    # --- the 20-redirect limit ---------------------------------------------------------------------
    LIM = f"{F_REDIR} steps 7-8 (count 20 -> network error, before the increment); {wpt(29, 30)}"

    def loop(n, url, acao=None, status=302):
        return [hop(r3(status, url, acao)) for _ in range(n)]

    mid = [{} for _ in range(19)]
    add("limit-cors-20-1", req(B1), loop(20, B1, O) + [hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 20, 200, "cors"),
          hops=[H(B1, redir=FOLLOW(B1))] + mid + [H(B1, status=200, cors=CORS_OK, redir=None)]),
        LIM, bug="redirect limit below 20")
    add("limit-cors-21-1", req(B1), loop(21, B1, O) + [hop(ok(O))],
        E("blocked-redirect", error_hop=20, final=None, cors_check=CORS_OK, exposed=None,
          hops=[H(B1, redir=FOLLOW(B1))] + mid +
               [H(B1, "GET", O, "cors", False, [], None, 302, CORS_OK,
                  RERR("redirect-limit", B1))]),
        LIM, bug="redirect limit above 20 (off by one)")
    add("limit-basic-20-1", req(A1), loop(20, A1) + [hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A1, 20, 200, "basic"),
          hops=[H(A1, redir=FOLLOW(A1))] + mid + [H(A1, status=200, redir=None)]), LIM)
    add("limit-basic-21-1", req(A1), loop(21, A1) + [hop(ok())],
        E("blocked-redirect", error_hop=20, final=None, cors_check=None,
          hops=[H(A1)] + mid + [H(A1, taint="basic", status=302, redir=RERR("redirect-limit"))]),
        LIM)
    cyc = [hop(r3(REDIRECTS[i % 5], B1, O)) for i in range(21)]
    add("limit-statuses-20-1", req(B1), cyc[:20] + [hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 20, 200, "cors")),
        f"{LIM} (every redirect status counts)")
    add("limit-statuses-21-1", req(B1), cyc + [hop(ok(O))],
        E("blocked-redirect", error_hop=20, final=None,
          hops=[{}] * 20 + [H(B1, status=301, redir=RERR("redirect-limit"))]),
        f"{LIM} (every redirect status counts)", bug="only 302 counted toward the limit")
    add("limit-mixed-20-1", req(A1), [hop(r3(302, B1))] + loop(19, B1, O) + [hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 20, 200, "cors")),
        f"{LIM} (one count across origins)")
    add("limit-mixed-21-1", req(A1), [hop(r3(302, B1))] + loop(20, B1, O) + [hop(ok(O))],
        E("blocked-redirect", error_hop=20, final=None,
          hops=[H(A1, taint="basic")] + mid + [H(B1, taint="cors", redir=RERR("redirect-limit"))]),
        f"{LIM} (one count across origins)", bug="redirect count reset on an origin change")
    add("limit-21st-no-acao-1", req(B1), loop(20, B1, O) + [hop(r3(302, B1)), hop(ok(O))],
        E("blocked-response", error_hop=20, final=None, cors_check=CORS_ERR("acao-missing"),
          hops=[{}] * 20 + [H(B1, status=302, cors=CORS_ERR("acao-missing"))]),
        f"{F_HTTP_CORS} before the redirect steps", bug="limit checked before the CORS check")
    add("limit-21st-no-location-1", req(B1), loop(20, B1, O) + [hop(r3(302, None, O))],
        E("allowed", error_hop=None, final=FINAL(B1, 20, 302, "cors"),
          hops=[{}] * 20 + [H(B1, status=302, redir=NO_LOCATION)]),
        f"{F_REDIR} step 4 before step 7", bug="limit checked before the Location")
    add("limit-21st-scheme-1", req(B1), loop(20, B1, O) + [hop(r3(302, "data:,x", O))],
        E("blocked-redirect", error_hop=20, final=None,
          hops=[{}] * 20 + [H(B1, redir=RERR("redirect-scheme"))]), f"{F_REDIR} step 6 before 7")
    add("limit-21st-invalid-1", req(B1), loop(20, B1, O) + [hop(r3(302, "https://[::1/", O))],
        E("blocked-redirect", error_hop=20, final=None,
          hops=[{}] * 20 + [H(B1, redir=RERR("redirect-location-invalid"))]),
        f"{F_REDIR} step 5 before 7")
    add("limit-21st-userinfo-1", req(B1),
        loop(20, B1, O) + [hop(r3(302, "https://u:p@cdn.example/z", O))],
        E("blocked-redirect", error_hop=20, final=None,
          hops=[{}] * 20 + [H(B1, redir=RERR("redirect-limit"))]),
        f"{F_REDIR} step 7 before step 9")
    add("limit-20th-userinfo-1", req(B1),
        loop(19, B1, O) + [hop(r3(302, "https://u:p@cdn.example/z", O)), hop(ok(O))],
        E("blocked-redirect", error_hop=19, final=None,
          hops=[{}] * 19 + [H(B1, redir=RERR("redirect-credentials"))]), f"{F_REDIR} step 9")
    add("limit-empty-location-1", req(B1), loop(22, "", O, status=301),
        E("blocked-redirect", error_hop=20, final=None,
          hops=[H(B1, redir=FOLLOW(B1))] + mid + [H(B1, redir=RERR("redirect-limit", B1))]),
        f"{F_LOC} (an empty value resolves to the response's URL); {LIM}; {wpt(46)}",
        bug="empty Location ignored (Chromium)")
    add("limit-preflight-loop-1", req(B1, "PUT"),
        [hop(r3(307, B1, O), pre(O, "PUT", max_age=600))] + loop(19, B1, O, 307) + [hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 20, 200, "cors"),
          hops=[H(B1, pf=PF("PUT", None, 600, "miss"))] + [H(B1, pf=HIT)] * 20),
        f"{LIM}; {F_HTTP_PF} (the hops of one chain share the cache); {P_CHAIN}")
    return checked(out)


# =========================================================== redirect-methods.jsonl

def method_cases():
    out = []

    def add(cid, request, hops, expect, spec, bug=None):
        out.append(chain("brw-redir-" + cid, request, hops, expect, spec=spec, bug=bug))

    # --- method rewriting on a same-origin (basic) chain, every redirect status ------------------
    BODY = [["Content-Type", "application/json"], ["Content-Language", "en"]]
    RB = ["content-language", "content-type"]
    # method: {status: (method after, removed headers, Origin header of hop 1)}
    table = {
        "GET": {301: ("GET", [], None), 302: ("GET", [], None), 303: ("GET", [], None),
                307: ("GET", [], None), 308: ("GET", [], None)},
        "HEAD": {301: ("HEAD", [], None), 302: ("HEAD", [], None), 303: ("HEAD", [], None),
                 307: ("HEAD", [], None), 308: ("HEAD", [], None)},
        "POST": {301: ("GET", RB, None), 302: ("GET", RB, None), 303: ("GET", RB, None),
                 307: ("POST", [], O), 308: ("POST", [], O)},
        "PUT": {301: ("PUT", [], O), 302: ("PUT", [], O), 303: ("GET", RB, None),
                307: ("PUT", [], O), 308: ("PUT", [], O)},
        "DELETE": {301: ("DELETE", [], O), 302: ("DELETE", [], O), 303: ("GET", RB, None),
                   307: ("DELETE", [], O), 308: ("DELETE", [], O)},
        "TESTING": {301: ("TESTING", [], O), 302: ("TESTING", [], O), 303: ("GET", RB, None),
                    307: ("TESTING", [], O), 308: ("TESTING", [], O)},
        "patch": {301: ("patch", [], O), 302: ("patch", [], O), 303: ("GET", RB, None),
                  307: ("patch", [], O), 308: ("patch", [], O)},
    }
    first_origin = {"GET": None, "HEAD": None, "POST": O, "PUT": O, "DELETE": O, "TESTING": O,
                    "patch": O}
    MR = f"{F_REDIR} step 12; {F_BODY_HDR}; {F_ORIGIN_HDR}; {wpt(31, 32, 33, 34, 35)}"
    for m, row in table.items():
        for s, (after, removed, origin1) in row.items():
            bug = None
            if m == "POST" and s in (301, 302, 303):
                bug = "POST kept on 301/302/303"
            elif s == 303 and m not in ("GET", "HEAD"):
                bug = "303 rewrites only POST"
            elif m == "HEAD" and s == 303:
                bug = "303 rewrites HEAD to GET"
            elif s in (301, 302) and m != "POST" and m not in ("GET", "HEAD"):
                bug = "301/302 rewrite every method to GET"
            elif s in (307, 308) and m == "POST":
                bug = "307/308 rewrite POST to GET"
            add(f"method-{m.lower()}-{s}", req(A1, m, BODY), [hop(r3(s, A2)), hop(ok())],
                E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
                  hops=[H(A1, m, first_origin[m], "basic", True, [], None, s, None, FOLLOW(A2)),
                        H(A2, after, origin1, "basic", True, removed, None, 200, None, None)]),
                MR, bug=bug)
    NORM = f"Fetch §2.2.1 Methods: normalize (at Request construction); {F_REDIR} step 12"
    for i, (m, s, after, removed) in enumerate([("post", 301, "GET", ["content-type"]),
                                                ("Post", 302, "GET", ["content-type"]),
                                                ("pOsT", 307, "POST", [])], 1):
        add(f"method-normalized-{i}", req(A1, m, [["Content-Type", "text/plain"]]),
            [hop(r3(s, A2)), hop(ok())],
            E("allowed", error_hop=None,
              hops=[H(A1, method="POST"), H(A2, method=after, removed=removed)]),
            NORM, bug="method compared before normalization")
    add("method-body-headers-1", req(A1, "POST", [["Content-Encoding", "gzip"],
                                                   ["Content-Language", "en"],
                                                   ["Content-Location", "/l"],
                                                   ["Content-Type", "text/plain"], ["X-A", "1"]]),
        [hop(r3(303, A2)), hop(ok())],
        E("allowed", error_hop=None,
          hops=[H(A1, method="POST", removed=[]),
                H(A2, method="GET", removed=["content-encoding", "content-language",
                                             "content-location", "content-type"])]),
        f"{F_REDIR} step 12.2; {F_BODY_HDR}; {wpt(32)}",
        bug="only Content-Type deleted on a method rewrite")
    add("method-body-headers-2", req(A1, "POST", [["Content-Type", "text/plain"],
                                                   ["Content-Type", "text/html"]]),
        [hop(r3(302, A2)), hop(ok())],
        E("allowed", error_hop=None, hops=[H(A1, method="POST"), H(A2, method="GET")]),
        f"{F_REDIR} step 12.2 (header list delete removes every copy)")

    # --- method rewriting and the preflight of the next hop ---------------------------------------
    JSON = [["Content-Type", "application/json"]]
    RP = f"{F_MAIN_PATH}; {F_HTTP_PF}; {F_REDIR} step 12; digest §1.5"
    for s in REDIRECTS:
        n = REDIRECTS.index(s) + 1
        rewritten = s in (301, 302, 303)
        h1 = (H(B2, "GET", O, "cors", False, ["content-type"], None, 200, CORS_OK, None)
              if rewritten else
              H(B2, "POST", O, "cors", False, [], PF("POST", "content-type", 5, "miss"), 200,
                CORS_OK, None))
        add(f"pfhop-post-json-{n}", req(B1, "POST", JSON),
            [hop(r3(s, B2, O), pre(O, headers="content-type")),
             hop(ok(O), None if rewritten else pre(O, headers="content-type"))],
            E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
              needs_preflight=not rewritten,
              preflight=None if rewritten else PF("POST", "content-type", 5),
              hops=[H(B1, "POST", O, "cors", False, [], PF("POST", "content-type", 5, "miss"), s,
                      CORS_OK, FOLLOW(B2)), h1]),
            RP, bug="preflight decided once for the whole chain")
        h1 = (H(B1, "GET", O, "cors", False, ["content-type"], None, 200, CORS_OK, None)
              if rewritten else
              H(B1, "POST", O, "cors", False, [], PF("POST", "content-type", 5, "miss"), 200,
                CORS_OK, None))
        add(f"pfhop-a-post-json-{n}", req(A1, "POST", JSON),
            [hop(r3(s, B1)), hop(ok(O), None if rewritten else pre(O, headers="content-type"))],
            E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
              hops=[H(A1, "POST", O, "basic", True, [], None, s, None, FOLLOW(B1)), h1]),
            f"{RP}; digest §1.7", bug="no preflight when a same-origin request turns cross-origin")
    add("pfhop-put-json-1", req(B1, "PUT", JSON),
        [hop(r3(302, B2, O), pre(O, "PUT", "content-type")),
         hop(ok(O), pre(O, "PUT", "content-type"))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("PUT", "content-type", 5, "miss")),
                H(B2, method="PUT", removed=[], pf=PF("PUT", "content-type", 5, "miss"))]),
        f"{RP} (302 keeps PUT and its body headers)", bug="302 rewrites PUT to GET")
    add("pfhop-put-json-2", req(B1, "PUT", JSON),
        [hop(r3(303, B2, O), pre(O, "PUT", "content-type")), hop(ok(O))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("PUT", "content-type", 5, "miss")),
                H(B2, method="GET", removed=["content-type"], pf=None)]), RP)
    add("pfhop-put-x-1", req(B1, "PUT", [["X-A", "1"]]),
        [hop(r3(303, B2, O), pre(O, "PUT", "x-a")), hop(ok(O), pre(O, headers="x-a"))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("PUT", "x-a", 5, "miss")),
                H(B2, method="GET", removed=[], pf=PF("GET", "x-a", 5, "miss"))]),
        f"{RP} (the preflight asks for the hop's current method)",
        bug="preflight of a later hop built from the original request")
    add("pfhop-put-x-2", req(B1, "PUT", [["X-A", "1"]]),
        [hop(r3(302, B2, O), pre(O, "PUT", "x-a")), hop(ok(O), pre(O, "PUT", "x-a"))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("PUT", "x-a", 5, "miss")), H(B2, pf=PF("PUT", "x-a", 5, "miss"))]),
        RP)
    add("pfhop-a-put-1", req(A1, "PUT"), [hop(r3(302, B1)), hop(ok(O), pre(O, "PUT"))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"), needs_preflight=True,
          preflight=PF("PUT", None, 5),
          hops=[H(A1, "PUT", O, "basic", True, [], None, 302, None, FOLLOW(B1)),
                H(B1, "PUT", O, "cors", False, [], PF("PUT", None, 5, "miss"), 200, CORS_OK, None)]),
        f"{RP}; digest §1.7", bug="no preflight when a same-origin request turns cross-origin")
    XW = [["X-W3C", "1"]]
    for s in REDIRECTS:
        n = REDIRECTS.index(s) + 1
        add(f"pfhop-a-b-xw3c-{n}", req(A1, "GET", XW),
            [hop(r3(s, B1)), hop(ok(O), pre(O, headers="x-w3c"))],
            E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
              hops=[H(A1, "GET", None, "basic", True, [], None, s, None, FOLLOW(B1)),
                    H(B1, "GET", O, "cors", False, [], PF("GET", "x-w3c", 5, "miss"), 200,
                      CORS_OK, None)]),
            f"{RP}; {wpt(12)}", bug="no preflight when a same-origin request turns cross-origin")
    add("pfhop-a-b-xw3c-fail-1", req(A1, "GET", XW),
        [hop(r3(302, B1)), hop(ok(O), pre(O))],
        E("blocked-preflight", error_hop=1, final=None, needs_preflight=True,
          preflight=PF_FAIL("GET", "x-w3c", "header-not-allowed"), exposed=None,
          hops=[H(A1, redir=FOLLOW(B1)),
                H(B1, "GET", O, "cors", False, [],
                  PF_FAIL("GET", "x-w3c", "header-not-allowed", "miss"))]),
        f"{F_PF} step 7.7; {wpt(13)}")
    add("pfhop-b-a-xw3c-1", req(B1, "GET", XW),
        [hop(r3(302, A1, O), pre(O, headers="x-w3c")), hop(ok("*"), pre("*", headers="x-w3c"))],
        E("allowed", error_hop=None, final=FINAL(A1, 1, 200, "cors"),
          hops=[H(B1, origin=O, pf=PF("GET", "x-w3c", 5, "miss")),
                H(A1, "GET", NULL, "cors", False, [], PF("GET", "x-w3c", 5, "miss"), 200,
                  CORS_OK, None)]),
        f"{RP}; {F_REQ_TAINT}; {wpt(14)} (a preflight to the page's own origin)",
        bug="no preflight to the page's own origin after a redirect")
    add("pfhop-b-c-xw3c-1", req(B1, "GET", XW),
        [hop(r3(302, C1, O), pre(O, headers="x-w3c")), hop(ok(NULL), pre(NULL, headers="x-w3c"))],
        E("allowed", error_hop=None, final=FINAL(C1, 1, 200, "cors"),
          hops=[H(B1, origin=O, pf=PF("GET", "x-w3c", 5, "miss")),
                H(C1, origin=NULL, pf=PF("GET", "x-w3c", 5, "miss"), cors=CORS_OK)]),
        f"{RP}; {wpt(15)}")
    add("pfhop-b-c-xw3c-2", req(B1, "GET", XW),
        [hop(r3(302, C1, O), pre(O, headers="x-w3c")), hop(ok(NULL), pre(O, headers="x-w3c"))],
        E("blocked-preflight", error_hop=1, final=None,
          preflight=PF_FAIL("GET", "x-w3c", "acao-mismatch"),
          hops=[H(B1, pf=PF("GET", "x-w3c", 5, "miss")),
                H(C1, origin=NULL, pf=PF_FAIL("GET", "x-w3c", "acao-mismatch", "miss"))]),
        f"{F_PF} step 7 (CORS check with the tainted origin); {F_REQ_TAINT}",
        bug="tainted preflight judged with the page's origin")
    add("pfhop-b-first-fail-1", req(B1, "GET", XW),
        [hop(r3(302, B2, O), pre(O)), hop(ok(O), pre(O, headers="x-w3c"))],
        E("blocked-preflight", error_hop=0, final=None,
          hops=[H(B1, pf=PF_FAIL("GET", "x-w3c", "header-not-allowed", "miss"))]),
        f"{F_PF} step 7.7; {wpt(16)}")
    for i, ps in enumerate([302, 307], 1):
        add(f"pfhop-preflight-3xx-{i}", req(B1, "PUT"),
            [hop(ok(O), res(ps, [["Access-Control-Allow-Origin", O],
                                 ["Access-Control-Allow-Methods", "PUT"], ["Location", B2]]))],
            E("blocked-preflight", error_hop=0, final=None,
              preflight=PF_FAIL("PUT", None, "preflight-status"),
              hops=[H(B1, pf=PF_FAIL("PUT", None, "preflight-status", "miss"))]),
            f"{F_PF} step 7 (ok status) / 8; {wpt(17)}", bug="preflight redirect followed")
    add("pfhop-after-preflight-1", req(B1, "PUT"),
        [hop(r3(302, B2, O), pre(O, "PUT")), hop(ok(O), pre(O, "PUT"))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, pf=PF("PUT", None, 5, "miss"), redir=FOLLOW(B2)),
                H(B2, pf=PF("PUT", None, 5, "miss"), cors=CORS_OK)]),
        f"{RP} (redirects after a preflight are followed since 2016); {wpt(18)}",
        bug="redirect after a preflight refused (W3C CORS 2014)")
    add("pfhop-same-url-hit-1", req(B1, "PUT"), [hop(r3(307, B1, O), pre(O, "PUT")), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
          hops=[H(B1, pf=PF("PUT", None, 5, "miss")), H(B1, pf=HIT, cors=CORS_OK)]),
        f"{F_HTTP_PF}; {F_PF_WRITE}; {P_CHAIN} (the hops of one chain share the cache)",
        bug="cache not shared between the hops of a chain")
    add("pfhop-same-url-max-age-0-1", req(B1, "PUT"),
        [hop(r3(307, B1, O), pre(O, "PUT", max_age=0)), hop(ok(O), pre(O, "PUT", max_age=0))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("PUT", None, 0, "miss")), H(B1, pf=PF("PUT", None, 0, "miss"))]),
        f"{F_HTTP_PF}; {P_CHAIN} (max-age 0 is never reused)", bug="max-age 0 entry reused")
    add("pfhop-same-url-query-1", req(B1, "PUT"),
        [hop(r3(307, B1 + "?n=1", O), pre(O, "PUT")), hop(ok(O), pre(O, "PUT"))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("PUT", None, 5, "miss")),
                H(B1 + "?n=1", pf=PF("PUT", None, 5, "miss"))]),
        f"{F_CACHE_MATCH} (the URL is compared whole, query included)",
        bug="cache keyed by origin or path only")
    add("pfhop-b-c-b-1", req(B1, "PUT"),
        [hop(r3(307, C1, O), pre(O, "PUT")), hop(r3(307, B1, NULL), pre(NULL, "PUT")),
         hop(ok(NULL), pre(NULL, "PUT"))],
        E("allowed", error_hop=None, final=FINAL(B1, 2, 200, "cors"),
          hops=[H(B1, origin=O, pf=PF("PUT", None, 5, "miss")),
                H(C1, origin=NULL, pf=PF("PUT", None, 5, "miss")),
                H(B1, origin=NULL, pf=PF("PUT", None, 5, "miss"))]),
        f"{F_CACHE_MATCH} (byte-serialized origin: null on a tainted hop); {F_REQ_TAINT}",
        bug="tainted hop served by an untainted cache entry")
    add("pfhop-a-b-b-1", req(A1, "PUT"),
        [hop(r3(302, B1)), hop(r3(307, B1, O), pre(O, "PUT")), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 2, 200, "cors"),
          hops=[H(A1, pf=None), H(B1, pf=PF("PUT", None, 5, "miss")), H(B1, pf=HIT)]),
        f"{F_HTTP_PF}; {P_CHAIN}")
    add("pfhop-max-age-600-1", req(B1, "DELETE", [["X-A", "1"]]),
        [hop(r3(308, B1, O), pre(O, "DELETE", "x-a", 600)), hop(ok(O))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("DELETE", "x-a", 600, "miss")), H(B1, pf=HIT)]),
        f"{F_HTTP_PF}; {P_CHAIN}")
    add("pfhop-method-fail-1", req(A1, "DELETE"), [hop(r3(307, B1)), hop(ok(O), pre(O, "PUT"))],
        E("blocked-preflight", error_hop=1, final=None,
          preflight=PF_FAIL("DELETE", None, "method-not-allowed"),
          hops=[H(A1, method="DELETE", pf=None),
                H(B1, method="DELETE", pf=PF_FAIL("DELETE", None, "method-not-allowed", "miss"))]),
        f"{F_PF} step 7.5")
    add("pfhop-cred-fail-1", req(A1, "PUT", credentials="include"),
        [hop(r3(302, B1)), hop(ok(O, acac=True), pre(O, "PUT"))],
        E("blocked-preflight", error_hop=1, final=None,
          preflight=PF_FAIL("PUT", None, "acac-not-true"),
          hops=[H(A1, creds=True), H(B1, creds=True, pf=PF_FAIL("PUT", None, "acac-not-true",
                                                                  "miss"))]),
        f"{F_PF} step 7 (CORS check with the request's credentials mode)")
    add("pfhop-status-200-1", req(A1, "PUT"), [hop(r3(302, B1)), hop(ok(O), pre(O, "PUT",
                                                                                 status=200))],
        E("allowed", error_hop=None, hops=[H(A1), H(B1, pf=PF("PUT", None, 5, "miss"))]),
        f"{F_PF} step 7 (ok status)")

    # --- Authorization across origins ----------------------------------------------------------------
    AU = [["Authorization", "Bearer t"]]
    AZ = f"{F_REDIR} step 13; {F_NON_WILDCARD}"
    add("auth-a-a-1", req(A1, "GET", AU), [hop(r3(302, A2)), hop(ok())],
        E("allowed", error_hop=None, final=FINAL(A2, 1, 200, "basic"),
          hops=[H(A1, removed=[]), H(A2, taint="basic", removed=[], pf=None)]),
        f"{AZ} (same origin: kept); {wpt(54)}", bug="Authorization dropped on a same-origin redirect")
    for i, s in enumerate([302, 307], 1):
        add(f"auth-a-b-{i}", req(A1, "GET", AU), [hop(r3(s, B1)), hop(ok(O))],
            E("allowed", error_hop=None, final=FINAL(B1, 1, 200, "cors"),
              hops=[H(A1, removed=[]),
                    H(B1, "GET", O, "cors", False, ["authorization"], None, 200, CORS_OK, None)]),
            f"{AZ}; digest §1.7 (removed before the preflight decision)",
            bug="Authorization forwarded across origins")
    add("auth-a-b-x-1", req(A1, "GET", AU + [["X-A", "1"]]),
        [hop(r3(302, B1)), hop(ok(O), pre(O, headers="x-a"))],
        E("allowed", error_hop=None,
          hops=[H(A1), H(B1, removed=["authorization"], pf=PF("GET", "x-a", 5, "miss"))]),
        f"{AZ}; {F_PF} steps 4-5 (ACRH built from the current header list)",
        bug="removed Authorization still in Access-Control-Request-Headers")
    add("auth-b-b-1", req(B1, "GET", AU),
        [hop(r3(302, B2, O), pre(O, headers="authorization")),
         hop(ok(O), pre(O, headers="authorization"))],
        E("allowed", error_hop=None, final=FINAL(B2, 1, 200, "cors"),
          hops=[H(B1, pf=PF("GET", "authorization", 5, "miss")),
                H(B2, removed=[], pf=PF("GET", "authorization", 5, "miss"))]),
        f"{AZ} (current URL and location same origin: kept); {wpt(54)}")
    add("auth-b-a-1", req(B1, "GET", AU),
        [hop(r3(302, A1, O), pre(O, headers="authorization")), hop(ok("*"))],
        E("allowed", error_hop=None, final=FINAL(A1, 1, 200, "cors"),
          hops=[H(B1, pf=PF("GET", "authorization", 5, "miss")),
                H(A1, "GET", NULL, "cors", False, ["authorization"], None, 200, CORS_OK, None)]),
        f"{AZ} (compared with the current URL, not the page); {wpt(55)}",
        bug="Authorization kept when returning to the page's origin")
    add("auth-b-c-1", req(B1, "GET", AU),
        [hop(r3(302, C1, O), pre(O, headers="authorization")), hop(ok(NULL))],
        E("allowed", error_hop=None,
          hops=[H(B1), H(C1, origin=NULL, removed=["authorization"], pf=None)]), AZ)
    add("auth-b-site-1", req(B1, "GET", AU),
        [hop(r3(302, BP, O), pre(O, headers="authorization")), hop(ok(NULL))],
        E("allowed", error_hop=None, hops=[H(B1), H(BP, removed=["authorization"], pf=None)]),
        f"{AZ} (another port is another origin)", bug="Authorization kept on a same-host redirect")
    add("auth-b-upper-1", req(B1, "GET", AU),
        [hop(r3(302, "https://API.EXAMPLE/y", O), pre(O, headers="authorization")),
         hop(ok(O), pre(O, headers="authorization"))],
        E("allowed", error_hop=None,
          hops=[H(B1), H(B2, removed=[], pf=PF("GET", "authorization", 5, "miss"))]),
        f"{AZ}; {URL_PARSE} (the location's origin, after parsing)",
        bug="origin compared on the raw Location")
    add("auth-a-a-b-1", req(A1, "GET", AU), [hop(r3(302, A2)), hop(r3(302, B1)), hop(ok(O))],
        E("allowed", error_hop=None,
          hops=[H(A1, removed=[]), H(A2, removed=[]), H(B1, removed=["authorization"], pf=None)]),
        AZ)
    add("auth-b-c-put-1", req(B1, "PUT", AU),
        [hop(r3(307, C1, O), pre(O, "PUT", "authorization")), hop(ok(NULL), pre(NULL, "PUT"))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("PUT", "authorization", 5, "miss")),
                H(C1, removed=["authorization"], pf=PF("PUT", None, 5, "miss"))]),
        f"{AZ}; {F_PF} steps 3-5")
    add("auth-b-c-post-json-1", req(B1, "POST", AU + JSON),
        [hop(r3(303, C1, O), pre(O, headers="authorization, content-type")), hop(ok(NULL))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("POST", "authorization,content-type", 5, "miss")),
                H(C1, method="GET", pf=None)]),
        f"{AZ}; {F_REDIR} step 12 (both deletions; the order of removed_headers is not pinned)")
    add("auth-a-b-a-1", req(A1, "GET", AU), [hop(r3(302, B1)), hop(r3(302, A2, O)), hop(ok(NULL))],
        E("allowed", error_hop=None,
          hops=[H(A1, removed=[]), H(B1, removed=["authorization"]), H(A2, pf=None)]),
        f"{AZ} (once deleted it never comes back)")
    add("auth-b-c-x-1", req(B1, "GET", AU + [["X-A", "1"]]),
        [hop(r3(302, C1, O), pre(O, headers="authorization,x-a")),
         hop(ok(NULL), pre(NULL, headers="x-a"))],
        E("allowed", error_hop=None,
          hops=[H(B1, pf=PF("GET", "authorization,x-a", 5, "miss")),
                H(C1, origin=NULL, removed=["authorization"], pf=PF("GET", "x-a", 5, "miss"))]),
        f"{AZ}; {F_PF} steps 4-5")
    return checked(out)



# ============================================================= redirect-input.jsonl

def input_cases():
    out = []

    def add(cid, request, hops, expect, spec, bug=None, **top):
        out.append(chain("brw-redir-" + cid, request, hops, expect, spec=spec, bug=bug, **top))

    INC = f"{P_CHAIN}: outcome incomplete, needs"
    add("incomplete-1", req(A1), [hop(r3(302, B1))],
        E("incomplete", needs=NEEDS(1, "response", B1)), INC)
    add("incomplete-2", req(B1), [], E("incomplete", needs=NEEDS(0, "response", B1)),
        f"{INC} (no hop given at all)")
    add("incomplete-3", req(B1, "PUT"), [hop(ok(O))],
        E("incomplete", needs=NEEDS(0, "preflight_response", B1)), INC)
    add("incomplete-4", req(A1, "PUT"), [hop(r3(307, B1)), hop(ok(O))],
        E("incomplete", needs=NEEDS(1, "preflight_response", B1)),
        f"{INC}; digest §1.7 (the first cross-origin hop needs the preflight)")
    add("incomplete-5", req(B1, "PUT"), [hop(r3(307, B1, O), pre(O, "PUT", max_age=0)), hop(ok(O))],
        E("incomplete", needs=NEEDS(1, "preflight_response", B1)),
        f"{INC}; {F_HTTP_PF} (max-age 0: no entry usable)")
    add("incomplete-6", req(B1), [hop(r3(302, B1, O)) for _ in range(20)],
        E("incomplete", needs=NEEDS(20, "response", B1)), INC)
    add("incomplete-7", req(A1), [hop(r3(302, "/y?z"))],
        E("incomplete", needs=NEEDS(1, "response", "https://app.example/y?z")),
        f"{INC} (the URL the oracle computes)")
    add("incomplete-8", req(A1, "GET", [["X-A", "1"]]), [hop(r3(302, "https://cdn.example/z")),
                                                         hop(ok(O))],
        E("incomplete", needs=NEEDS(1, "preflight_response", C1)), INC)
    PU = f"{P_CHAIN}: preflight_response is used only when hop i needs a preflight"
    add("input-preflight-unused-1", req(B1), [hop(ok(O), pre(O, "PUT"))],
        E("allowed", error_hop=None, needs_preflight=False, preflight=None,
          hops=[H(B1, pf=None, cors=CORS_OK)]), PU)
    add("input-preflight-unused-2", req(A1, "PUT"), [hop(ok(), pre(BO))],
        E("allowed", error_hop=None, needs_preflight=False, preflight=None,
          hops=[H(A1, taint="basic", pf=None)]), PU)
    add("input-preflight-unused-3", req(B1, "PUT"),
        [hop(r3(307, B1, O), pre(O, "PUT")), hop(ok(O), res(500, []))],
        E("allowed", error_hop=None, hops=[H(B1, pf=PF("PUT", None, 5, "miss")), H(B1, pf=HIT)]),
        f"{PU}; {P_CHAIN} (shared cache)")

    URLC = f"{P_CHAIN}: url given and different from the computed URL -> bad-case"
    add("url-mismatch-1", req(B1), [hop(ok(O), url="https://api.example/other")], BAD_CASE, URLC)
    add("url-mismatch-2", req(B1), [hop(r3(302, B2, O), url=B1), hop(ok(O), url=C1)], BAD_CASE,
        URLC)
    add("url-mismatch-3", req(A1), [hop(r3(302, "/y")), hop(ok(), url="/y")], BAD_CASE,
        f"{URLC} (the computed URL is absolute)")
    add("url-mismatch-4", req(A1), [hop(r3(302, B1)), hop(r3(302, A2, O), url=B1),
                                    hop(ok(NULL), url=A3)], BAD_CASE, URLC)
    add("url-match-1", req(AQ), [hop(r3(302, "../b?z"), url=AQ),
                                 hop(ok(), url="https://app.example/d/b?z")],
        E("allowed", error_hop=None, hops=[H(AQ), H("https://app.example/d/b?z")]),
        f"{P_CHAIN}: url; {URL_PARSE}")
    add("url-match-2", req(A1), [hop(r3(302, B1), url=A1), hop(r3(302, A2, O), url=B1),
                                 hop(ok(NULL), url=A2)],
        E("allowed", error_hop=None, final=FINAL(A2, 2, 200, "cors"),
          hops=[H(A1), H(B1), H(A2)]), f"{P_CHAIN}: url")
    BEY = f"{P_CHAIN}: hops beyond the end of the chain are ignored"
    add("url-beyond-end-1", req(B1), [hop(ok(O), url=B1), hop(ok(O), url="https://nowhere.example/")],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 200, "cors"), hops=[H(B1)]),
        f"{BEY} (their url is not checked)")
    add("url-beyond-end-2", req(B1), [hop(r3(302, B2)), hop(ok(O), url="https://nowhere.example/")],
        E("blocked-response", error_hop=0, final=None, hops=[H(B1, cors=CORS_ERR("acao-missing"))]),
        f"{BEY} (their url is not checked)")
    add("url-beyond-end-3", req(B1, redirect="manual"),
        [hop(r3(302, B2, O)), hop(ok(O), url="https://nowhere.example/")],
        E("opaque-redirect", error_hop=None, hops=[H(B1, redir=MANUAL)]), BEY)

    add("beyond-end-1", req(B1), [hop(ok(O)), hop(ok(O)), hop(r3(302, B2))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 200, "cors"), hops=[H(B1, status=200)]),
        BEY, bug="every given hop processed")
    add("beyond-end-2", req(B1), [hop(r3(302, None, O)), hop(ok(O))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 302, "cors"),
          hops=[H(B1, redir=NO_LOCATION)]), BEY)
    add("beyond-end-3", req(A1), [hop(r3(302, "data:,x")), hop(ok())],
        E("blocked-redirect", error_hop=0, hops=[H(A1, redir=RERR("redirect-scheme"))]), BEY)
    add("beyond-end-4", req(B1, "PUT"), [hop(ok(O), pre(O)), hop(ok(O), pre(O, "PUT"))],
        E("blocked-preflight", error_hop=0,
          hops=[H(B1, pf=PF_FAIL("PUT", None, "method-not-allowed", "miss"))]), BEY)

    BC = P_CHAIN + " (input)"
    add("input-hops-and-response-1", req(B1), [hop(ok(O))], BAD_CASE,
        f"{BC}: giving both hops and a top-level response is bad-case", response=ok(O))
    add("input-hops-and-response-2", req(B1), [], BAD_CASE,
        f"{BC}: giving both hops and a top-level response is bad-case", response=ok(O))
    for i, v in enumerate(["follow-all", "Follow", 1, True], 1):
        r = req(B1)
        r["redirect"] = v
        add(f"input-redirect-{i}", r, [hop(ok(O))], BAD_CASE,
            f"{BC}: redirect is follow, error or manual; oracle protocol: Transport (wrong type)")
    bad_hops = [("hops-object", {"response": ok(O)}), ("hops-string", "302"),
                ("hop-string", ["302"]), ("hop-status-string", [{"response": {"status": "200",
                                                                               "headers": []}}]),
                ("hop-headers-object", [{"response": {"status": 200, "headers": {"A": "b"}}}]),
                ("hop-url-number", [{"url": 1, "response": ok(O)}])]
    for cid, hv in bad_hops:
        out.append({"id": f"brw-redir-input-{cid}-1", "mode": "browser", "request": req(B1),
                    "hops": hv, "spec": f"{BC}; oracle protocol: Transport (wrong type)",
                    "expect": BAD_CASE})

    V1 = (f"{P_CHAIN}: the v1 fields describe the final hop; oracle protocol v1 Mode browser "
          "(a one-hop chain answers like the v1 shape)")
    add("one-hop-1", req(B1, "PUT", [["X-A", "1"]]),
        [hop(ok(O), pre(O, "PUT", "x-a", 600))],
        E("allowed", error_hop=None, final=FINAL(B1, 0, 200, "cors"), needs_preflight=True,
          preflight=PF("PUT", "x-a", 600), cors_check=CORS_OK, exposed=SAFE7,
          hops=[H(B1, "PUT", O, "cors", False, [], PF("PUT", "x-a", 600, "miss"), 200, CORS_OK,
                  None)]), V1)
    add("one-hop-2", req(B1), [hop(ok())],
        E("blocked-response", error_hop=0, final=None, needs_preflight=False, preflight=None,
          cors_check=CORS_ERR("acao-missing"), exposed=None,
          hops=[H(B1, "GET", O, "cors", False, [], None, 200, CORS_ERR("acao-missing"), None)]), V1)
    add("one-hop-3", req(B1, "PUT"), [hop(ok(O), pre(O, "GET"))],
        E("blocked-preflight", error_hop=0, final=None, needs_preflight=True,
          preflight=PF_FAIL("PUT", None, "method-not-allowed"), exposed=None), V1)
    add("one-hop-4", req(A1, "PUT", [["X-A", "1"]]), [hop(ok(extra=[["X-A", "1"]]))],
        E("allowed", error_hop=None, final=FINAL(A1, 0, 200, "basic"), needs_preflight=False,
          preflight=None, cors_check=None, exposed=["x-a"],
          hops=[H(A1, "PUT", O, "basic", True, [], None, 200, None, None)]), f"{V1}; {D_SAME}")
    add("one-hop-forbidden-1", req(B1, "CONNECT"), [hop(ok(O))],
        E("forbidden-request", needs_preflight=False, preflight=None, cors_check=None,
          exposed=None), f"{V1}; Fetch §5.4 Request class (forbidden method)")
    return checked(out)


FILES = {
    "browser/redirect-taint.jsonl": taint_cases,
    "browser/redirect-modes.jsonl": mode_cases,
    "browser/redirect-methods.jsonl": method_cases,
    "browser/redirect-input.jsonl": input_cases,
}
