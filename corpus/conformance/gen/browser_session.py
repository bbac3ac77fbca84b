"""browser/session-*.jsonl: fetches that share a CORS-preflight cache (protocol
v1.1, mode `browser-session`).

Sources: Fetch §4.9 CORS-preflight cache (one entry per method or header
name, keyed by network partition key, byte-serialized request origin -- `null`
on a tainted hop --, URL and credentials; cache entry match: a credentialed
entry serves every request, a non-credentialed one only requests whose
credentials mode is not include; method match byte-exact or `*`; header-name
match case-insensitive, or `*` unless the name is Authorization; entries are
removed max-age seconds after they were stored; clear cache entries), §4.8
CORS-preflight fetch step 7 (only a successful preflight writes; every listed
method and header name is written; an existing match has its max-age set, a
new entry is created otherwise; max-age defaults to 5), §4.4 HTTP fetch step
4.1 (a preflight unless every needed item matches), §4.1 Main fetch step 12 (a
network error on the preflight branch clears the entries of the request's
origin and current URL), §2.2.5 serializing a request origin.  Oracle protocol
v1.1 "A session" (t non-decreasing; usable iff t < s + m; no browser cap).
shared/fetch-redirect-cache-digest.md §2 (its S1-S7 sequences, §2.8 literal
quirks) and the web-platform-tests of its §5.

Expected answers are written by hand, fetch by fetch.  See README for what is
not pinned (the preflight object's other fields on a hit, `stored_at` of an
entry whose max-age a later preflight changed, ...).
"""

from .common import DECISIONS
from .chain import (A1, B1, B2, BAD_CASE, C1, C2, CORS_ERR, D, E, ENTRY, F_CACHE,
                    F_CACHE_CLEAR, F_CACHE_EXPIRY, F_CACHE_HEADER, F_CACHE_MATCH, F_CACHE_METHOD,
                    F_HTTP_PF, F_MAIN_CLEAR, F_PF, F_PF_WRITE, F_REQ_TAINT, H, HIT, MANUAL, NEEDS,
                    O, P_CHAIN, P_SESSION, PF, PF_FAIL, RERR, checked, fetch, hop, ok, pre, r3, req, session)

NULL = "null"
X = [["X-A", "1"]]
AU = [["Authorization", "Bearer t"]]
S_SEQ = "digest §2.9 sequence {}"
QUIRK = "literal-spec quirk (digest §2.8 item {}): the protocol implements Fetch as written"


def miss(method, rh, max_age=5, outcome="allowed"):
    return E(outcome, hops=[H(pf=PF(method, rh, max_age, "miss"))])


def partial(method, rh, max_age=5):
    return E("allowed", hops=[H(pf=PF(method, rh, max_age, "partial"))])


def hit(outcome="allowed"):
    return E(outcome, hops=[H(pf=HIT)])


def put_x(t, url=B1, max_age=600, **kw):
    """PUT + X-A to `url`, granted for max_age; the actual response passes."""
    return fetch(t, req(url, "PUT", X, **kw), [hop(ok(O), pre(O, "PUT", "x-a", max_age))])


def put_x_again(t, url=B1, **kw):
    """The same request with no preflight answer (a hit is expected)."""
    return fetch(t, req(url, "PUT", X, **kw), [hop(ok(O))])


def put(t, url=B1, max_age=600, origin=O, **kw):
    return fetch(t, req(url, "PUT", origin=origin, **kw),
                 [hop(ok(origin), pre(origin, "PUT", max_age=max_age))])


def put_again(t, url=B1, origin=O, response=None, **kw):
    return fetch(t, req(url, "PUT", origin=origin, **kw), [hop(response or ok(origin))])


# ============================================================= session-cache.jsonl

def cache_cases():
    out = []

    def add(cid, fetches, answers, spec, bug=None, report=None):
        out.append(session("brw-session-" + cid, fetches, {"fetches": answers}, spec=spec,
                           bug=bug, report_cache=report))

    LOOK = f"{F_HTTP_PF}; {F_CACHE_METHOD}; {F_CACHE_HEADER}"
    # --- miss, hit, partial ----------------------------------------------------------------------
    add("hit-1", [put_x(0), put_x_again(10),
                  fetch(20, req(B1, "DELETE", X), [hop(ok(O), pre(O, "DELETE", "x-a", 600))]),
                  put_x_again(30)],
        [miss("PUT", "x-a", 600), hit(), partial("DELETE", "x-a", 600), hit()],
        f"{LOOK}; {F_PF_WRITE}; {S_SEQ.format('S1')}",
        bug="new preflight replaces the earlier entries (Chromium)")
    add("hit-2", [fetch(0, req(B1, "POST", [["X-Test-Header", "1"]]),
                        [hop(ok(O), pre(O, "POST", "x-test-header", 12000))]),
                  fetch(1, req(B1, "POST", [["X-Test-Header", "2"]]), [hop(ok(O))])],
        [miss("POST", "x-test-header", 12000), hit()],
        f"{LOOK} (names are cached, not values); WPT, digest §5 row 19",
        bug="cache keyed by header values")
    add("hit-3", [fetch(0, req(B1, "GET", X), [hop(ok(O), pre(O, headers="x-a"))]),
                  fetch(1, req(B1, "GET", [["x-A", "2"]]), [hop(ok(O))])],
        [miss("GET", "x-a"), hit()], f"{F_CACHE_HEADER} (byte-case-insensitive)",
        bug="case-sensitive header-name cache")
    add("hit-4", [fetch(0, req(B1, "put"), [hop(ok(O), pre(O, "PUT"))]),
                  fetch(1, req(B1, "PUT"), [hop(ok(O))])],
        [miss("PUT", None), hit()], f"Fetch §2.2.1 Methods: normalize; {F_CACHE_METHOD}")
    add("hit-5", [fetch(0, req(B1, "patch"), [hop(ok(O), pre(O, "patch"))]),
                  fetch(1, req(B1, "PATCH"), [hop(ok(O), pre(O, "PATCH"))])],
        [miss("patch", None), miss("PATCH", None)],
        f"{F_CACHE_METHOD} (method compared byte-exact)", bug="case-insensitive method cache")
    add("hit-6", [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT, DELETE"))]),
                  fetch(1, req(B1, "DELETE"), [hop(ok(O))])],
        [miss("PUT", None), hit()], f"{F_PF_WRITE} (every listed method is cached)",
        bug="only the requested method cached")
    add("hit-7", [fetch(0, req(B1, "GET", X), [hop(ok(O), pre(O, headers="x-a, x-b"))]),
                  fetch(1, req(B1, "GET", [["X-B", "1"]]), [hop(ok(O))])],
        [miss("GET", "x-a"), hit()], f"{F_PF_WRITE} (every listed header name is cached)",
        bug="only the requested headers cached")
    add("hit-8", [put_x(0), fetch(1, req(B2, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("PUT", "x-a", 600), miss("PUT", "x-a")], f"{F_CACHE_MATCH} (URL)",
        bug="cache keyed by origin instead of URL")
    add("hit-9", [put_x(0), fetch(1, req(B1 + "?q=1", "PUT", X), [hop(ok(O),
                                                                   pre(O, "PUT", "x-a"))])],
        [miss("PUT", "x-a", 600), miss("PUT", "x-a")],
        f"{F_CACHE_MATCH} (the URL compared whole, query included)", bug="query ignored in the cache key")
    add("hit-10", [put_x(0), fetch(1, req(B1, "PUT", X, origin=D), [hop(ok(D),
                                                                     pre(D, "PUT", "x-a"))])],
        [miss("PUT", "x-a", 600), miss("PUT", "x-a")], f"{F_CACHE_MATCH} (byte-serialized origin)",
        bug="cache shared between page origins")
    add("hit-11", [put(0), fetch(1, req(B1, "PUT", [["Content-Type", "text/plain"],
                                                    ["Accept", "*/*"]]), [hop(ok(O))])],
        [miss("PUT", None, 600), hit()],
        f"{F_HTTP_PF} (only CORS-unsafe names are looked up)",
        bug="safelisted headers looked up in the cache")
    add("hit-12", [put_x(0, max_age=600), put_x_again(0)], [miss("PUT", "x-a", 600), hit()],
        f"{P_SESSION} (t non-decreasing: equal is allowed); {F_HTTP_PF}")
    add("partial-1", [put(0), fetch(1, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("PUT", None, 600), partial("PUT", "x-a")],
        f"{LOOK}; oracle protocol v1.1 (partial: a full preflight); WPT, digest §5 row 68",
        bug="preflight asks only for the missing names")
    add("partial-2", [put(0), fetch(1, req(B1, "XMETHOD"), [hop(ok(O), pre(O, "XMETHOD"))])],
        [miss("PUT", None, 600), miss("XMETHOD", None)],
        f"{LOOK}; WPT, digest §5 row 67", bug="any cached method accepted")
    add("partial-3", [fetch(0, req(B1, "GET", X), [hop(ok(O), pre(O, headers="x-a"))]),
                      fetch(1, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("GET", "x-a"), partial("PUT", "x-a")], LOOK)
    add("partial-4", [put_x(0),
                      fetch(1, req(B1, "PUT", X + [["X-B", "1"]]),
                            [hop(ok(O), pre(O, "PUT", "x-b"))]),
                      fetch(2, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("PUT", "x-a", 600),
         E("blocked-preflight", error_hop=0,
           hops=[H(pf=PF_FAIL("PUT", "x-a,x-b", "header-not-allowed", "partial"))]),
         miss("PUT", "x-a")],
        f"{F_PF} step 7.7 (the preflight response alone is judged); {F_MAIN_CLEAR}",
        bug="cached names merged into the preflight check")
    add("partial-5", [fetch(0, req(B1, "GET", X + [["X-B", "1"]]),
                            [hop(ok(O), pre(O, headers="x-a, x-b"))]),
                      fetch(1, req(B1, "GET", X + [["X-C", "1"]]),
                            [hop(ok(O), pre(O, headers="x-a, x-c"))])],
        [miss("GET", "x-a,x-b"), partial("GET", "x-a,x-c")], LOOK)

    # --- max-age and expiry --------------------------------------------------------------------
    MA = f"{F_CACHE_EXPIRY}; {P_SESSION} (usable iff t < s + m)"
    add("maxage-default-1", [put_x(0, max_age=None), put_x_again(4)], [miss("PUT", "x-a", 5), hit()],
        f"{MA}; {F_PF} step 7.9 (default 5); {S_SEQ.format('S7')}")
    add("maxage-default-2", [put_x(0, max_age=None),
                             fetch(5, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("PUT", "x-a", 5), miss("PUT", "x-a", 5)], f"{MA}; {S_SEQ.format('S7')}",
        bug="entry usable at t = s + m")
    add("maxage-default-3", [put_x(0, max_age=None), put_x_again(4.999)],
        [miss("PUT", "x-a", 5), hit()], f"{MA} (t is a number of seconds)")
    add("maxage-600-1", [put_x(0), put_x_again(599)], [miss("PUT", "x-a", 600), hit()], MA)
    add("maxage-600-2", [put_x(0), fetch(600, req(B1, "PUT", X),
                                         [hop(ok(O), pre(O, "PUT", "x-a", 600))])],
        [miss("PUT", "x-a", 600), miss("PUT", "x-a", 600)], MA, bug="entry usable at t = s + m")
    add("maxage-0-1", [put_x(0, max_age=0), fetch(0, req(B1, "PUT", X),
                                                  [hop(ok(O), pre(O, "PUT", "x-a", 0))])],
        [miss("PUT", "x-a", 0), miss("PUT", "x-a", 0)],
        f"{MA}; WPT, digest §5 row 64 (max-age 0 is never reused)", bug="max-age 0 entry reused")
    add("maxage-1-1", [put_x(0, max_age=1), put_x_again(0.5),
                       fetch(1, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a", 1))])],
        [miss("PUT", "x-a", 1), hit(), miss("PUT", "x-a", 1)],
        f"{MA}; WPT, digest §5 row 66", bug="a hit refreshes the entry")
    add("maxage-stored-1", [put_x(10, max_age=5), put_x_again(14),
                            fetch(15, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a", 5))])],
        [miss("PUT", "x-a", 5), hit(), miss("PUT", "x-a", 5)], f"{MA} (s is the storing fetch's t)",
        bug="expiry counted from the session start")
    add("maxage-no-cap-1", [put_x(0, max_age=86400), put_x_again(7201)],
        [miss("PUT", "x-a", 86400), hit()], f"{MA}; {P_SESSION} (no browser cap)",
        bug="Chromium's 7200 s cap applied")
    add("maxage-negative-1", [put_x(0, max_age=-1), put_x_again(4)],
        [miss("PUT", "x-a", 5), hit()],
        f"{F_PF} steps 7.8-7.9 (-1 is not delta-seconds: failure -> 5); {QUIRK.format(4)}; "
        "Chromium and WPT cors/preflight-cache.htm do not cache it",
        bug="negative max-age treated as 0")
    add("maxage-negative-2", [put_x(0, max_age=-1),
                              fetch(5, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("PUT", "x-a", 5), miss("PUT", "x-a", 5)], f"{F_PF} steps 7.8-7.9; {QUIRK.format(4)}")
    add("maxage-invalid-1", [put_x(0, max_age="abc"), put_x_again(4)],
        [miss("PUT", "x-a", 5), hit()], f"{F_PF} steps 7.8-7.9 (invalid -> 5)",
        bug="invalid max-age treated as 0")
    add("maxage-repeated-1", [fetch(0, req(B1, "PUT", X),
                                    [hop(ok(O), pre(O, "PUT", "x-a", 600,
                                                    extra=[["Access-Control-Max-Age", "600"]]))]),
                              fetch(10, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("PUT", "x-a", 5), miss("PUT", "x-a", 5)],
        f"{F_PF} steps 7.8-7.9; Fetch §2.2.2 Headers: extract header list values step 2 "
        "(one header only)", bug="first of two Access-Control-Max-Age headers used")
    add("maxage-huge-1", [put_x(0, max_age="99999999999"), put_x_again(1000000)],
        [miss("PUT", "x-a", 2147483648), hit()],
        f"{MA}; {DECISIONS}: Browser mode (max-age above 2^31 reported as 2^31)",
        bug="max-age overflow treated as invalid")
    add("maxage-restore-1", [put_x(0, max_age=None),
                             fetch(5, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a", 600))]),
                             put_x_again(500)],
        [miss("PUT", "x-a", 5), miss("PUT", "x-a", 600), hit()],
        f"{MA}; {F_PF_WRITE} (expired entries are gone: new entries stored at the new t)")
    add("maxage-partial-1", [put(0, max_age=10),
                             fetch(5, req(B1, "GET", X), [hop(ok(O), pre(O, headers="x-a",
                                                                          max_age=100))]),
                             fetch(12, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [miss("PUT", None, 10), miss("GET", "x-a", 100), partial("PUT", "x-a")],
        f"{MA} (each entry expires on its own)")

    # --- credentials ---------------------------------------------------------------------------
    CR = f"{F_CACHE_MATCH} (credentials)"
    cred_put = fetch(0, req(B1, "PUT", credentials="include"),
                     [hop(ok(O, acac=True), pre(O, "PUT", acac=True, max_age=600))])
    add("creds-1", [cred_put, put_again(1)], [miss("PUT", None, 600), hit()],
        f"{CR}: a credentialed entry serves a non-credentialed request; {S_SEQ.format('S2')}",
        bug="credentials compared exactly")
    add("creds-2", [put(0), fetch(1, req(B1, "PUT", credentials="include"),
                                  [hop(ok(O, acac=True), pre(O, "PUT", acac=True))]),
                    put_again(2)],
        [miss("PUT", None, 600), miss("PUT", None), hit()],
        f"{CR}: a non-credentialed entry never serves a credentialed request; "
        f"{S_SEQ.format('S3')}", bug="non-credentialed entry serves a credentialed request")
    add("creds-3", [put(0, credentials="omit"), put_again(1, credentials="same-origin"),
                    put_again(2, credentials="omit")],
        [miss("PUT", None, 600), hit(), hit()],
        f"{CR} (credentials is true only for include)")
    add("creds-4", [cred_put, put_again(1, credentials="omit"),
                    fetch(2, req(B1, "PUT", credentials="include"), [hop(ok(O, acac=True))])],
        [miss("PUT", None, 600), hit(), hit()], CR)

    # --- `*` entries and Authorization -----------------------------------------------------------
    ST = f"{F_CACHE_METHOD}; {F_CACHE_HEADER}"
    add("star-1", [fetch(0, req(B1, "GET", X), [hop(ok(O), pre(O, headers="*"))]),
                   fetch(1, req(B1, "GET", [["X-B", "1"]]), [hop(ok(O))]),
                   fetch(2, req(B1, "GET", AU), [hop(ok(O), pre(O, headers="authorization"))]),
                   fetch(3, req(B1, "GET", AU), [hop(ok(O))]),
                   fetch(4, req(B1, "GET", AU + [["X-C", "1"]]), [hop(ok(O))])],
        [miss("GET", "x-a"), hit(), miss("GET", "authorization"), hit(), hit()],
        f"{ST} (* never matches Authorization); {S_SEQ.format('S4')}",
        bug="wildcard cache entry covers Authorization")
    add("star-2", [fetch(0, req(B1, "GET", X), [hop(ok(O), pre(O, headers="*"))]),
                   fetch(1, req(B1, "GET", AU + [["X-B", "1"]]),
                         [hop(ok(O), pre(O, headers="*, authorization"))])],
        [miss("GET", "x-a"), partial("GET", "authorization,x-b")], ST)
    add("star-3", [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "*"))]),
                   fetch(1, req(B1, "DELETE"), [hop(ok(O))]),
                   fetch(2, req(B1, "PATCH"), [hop(ok(O))]),
                   fetch(3, req(B1, "DELETE", credentials="include"),
                         [hop(ok(O, acac=True), pre(O, "DELETE", acac=True))])],
        [miss("PUT", None), hit(), hit(), miss("DELETE", None)],
        f"{ST}; {F_CACHE_MATCH} (a non-credentialed * entry does not serve include)")
    add("star-cred-method-1",
        [fetch(0, req(B1, "GET", X, credentials="include"),
               [hop(ok(O, acac=True), pre(O, "*", "x-a", acac=True))]),
         fetch(1, req(B1, "PUT", X, credentials="include"), [hop(ok(O, acac=True))])],
        [miss("GET", "x-a"), hit()],
        f"{F_PF_WRITE} (* stored as a method entry); {F_CACHE_METHOD} (* matches any method, "
        f"credentials not consulted); {QUIRK.format(1)}; Chromium preflights here")
    add("star-cred-header-1",
        [fetch(0, req(B1, "GET", X, credentials="include"),
               [hop(ok(O, acac=True), pre(O, headers="*, x-a", acac=True))]),
         fetch(1, req(B1, "GET", [["X-B", "1"]], credentials="include"), [hop(ok(O, acac=True))])],
        [miss("GET", "x-a"), hit()],
        f"{F_PF_WRITE}; {F_CACHE_HEADER}; {QUIRK.format(1)}")
    add("star-cred-fail-1",
        [fetch(0, req(B1, "GET", X, credentials="include"),
               [hop(ok(O, acac=True), pre(O, headers="*", acac=True))]),
         fetch(1, req(B1, "GET", X, credentials="include"),
               [hop(ok(O, acac=True), pre(O, headers="x-a", acac=True))])],
        [E("blocked-preflight", hops=[H(pf=PF_FAIL("GET", "x-a", "header-not-allowed", "miss"))]),
         miss("GET", "x-a")],
        f"{F_PF} step 7.7 (* is literal with credentials; a failed preflight writes nothing)")
    add("star-cred-auth-1",
        [fetch(0, req(B1, "GET", X, credentials="include"),
               [hop(ok(O, acac=True), pre(O, headers="*, x-a", acac=True))]),
         fetch(1, req(B1, "GET", AU, credentials="include"),
               [hop(ok(O, acac=True), pre(O, headers="authorization", acac=True))])],
        [miss("GET", "x-a"), miss("GET", "authorization")], f"{F_CACHE_HEADER}",
        bug="wildcard cache entry covers Authorization")
    add("auth-1", [fetch(0, req(B1, "GET", AU), [hop(ok(O), pre(O, headers="Authorization"))]),
                   fetch(1, req(B1, "GET", AU), [hop(ok(O))]),
                   fetch(2, req(B1, "GET", [["AUTHORIZATION", "Basic x"]]), [hop(ok(O))])],
        [miss("GET", "authorization"), hit(), hit()], f"{F_CACHE_HEADER} (listed by name)")

    # --- tainted origins: entries keyed by `null` --------------------------------------------------
    TK = f"{F_CACHE_MATCH}; {F_REQ_TAINT} (the byte-serialized origin is null on a tainted hop)"

    def tainted(t, origin=O, via=C1, preflight_origin=None):
        po = preflight_origin or origin
        return fetch(t, req(via, "PUT", X, origin=origin),
                     [hop(r3(307, B1, po), pre(po, "PUT", "x-a", 600)),
                      hop(ok(NULL), pre(NULL, "PUT", "x-a", 600))])

    tainted_miss = E("allowed", hops=[H(pf=PF("PUT", "x-a", 600, "miss")),
                                      H(origin=NULL, pf=PF("PUT", "x-a", 600, "miss"))])
    add("taint-1", [tainted(0), fetch(1, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))]),
                    fetch(2, req(C1, "PUT", X), [hop(r3(307, B1, O)), hop(ok(NULL))])],
        [tainted_miss, miss("PUT", "x-a"),
         E("allowed", hops=[H(pf=HIT), H(origin=NULL, pf=HIT)])],
        f"{TK}; {S_SEQ.format('S6')}", bug="tainted preflight cached under the page's origin")
    add("taint-2", [tainted(0), fetch(1, req(B1, "PUT", X, origin=NULL), [hop(ok(NULL))])],
        [tainted_miss, hit()],
        f"{TK}: an opaque-origin page serializes as null too (digest §2.7)")
    add("taint-3", [tainted(0), fetch(1, req(C2, "PUT", X, origin=D),
                                      [hop(r3(307, B1, D), pre(D, "PUT", "x-a")),
                                       hop(ok(NULL))])],
        [tainted_miss, E("allowed", hops=[H(origin=D, pf=PF("PUT", "x-a", 5, "miss")),
                                          H(origin=NULL, pf=HIT)])],
        f"{TK}: tainted requests from different page origins share entries (digest §2.7)")
    add("taint-4", [fetch(0, req(B1, "PUT", X, origin=NULL),
                          [hop(ok(NULL), pre(NULL, "PUT", "x-a", 600))]),
                    fetch(1, req(C1, "PUT", X), [hop(r3(307, B1, O), pre(O, "PUT", "x-a")),
                                                 hop(ok(NULL))])],
        [miss("PUT", "x-a", 600),
         E("allowed", hops=[H(origin=O, pf=PF("PUT", "x-a", 5, "miss")), H(origin=NULL, pf=HIT)])],
        TK)

    # --- redirect chains inside a session ---------------------------------------------------------
    CH = f"{F_HTTP_PF}; {P_SESSION} (the hops of a chain use the session's cache)"
    add("chain-1", [put(0, url=B2), fetch(1, req(A1, "PUT"), [hop(r3(307, B2)), hop(ok(O))])],
        [miss("PUT", None, 600), E("allowed", hops=[H(A1, taint="basic", pf=None),
                                                    H(B2, origin=O, pf=HIT)])], CH)
    add("chain-2", [fetch(0, req(B1, "PUT"), [hop(r3(307, B2, O), pre(O, "PUT", max_age=600)),
                                              hop(ok(O), pre(O, "PUT", max_age=600))]),
                    put_again(1, url=B2), put_again(2, url=B1)],
        [E("allowed", hops=[H(pf=PF("PUT", None, 600, "miss")), H(pf=PF("PUT", None, 600, "miss"))]),
         hit(), hit()], f"{CH} (every hop's successful preflight writes)")
    add("chain-3", [put(0, url=B1), fetch(1, req(C1, "PUT"), [hop(r3(307, B1, O), pre(O, "PUT")),
                                                              hop(ok(NULL), pre(NULL, "PUT"))])],
        [miss("PUT", None, 600),
         E("allowed", hops=[H(pf=PF("PUT", None, 5, "miss")),
                            H(origin=NULL, pf=PF("PUT", None, 5, "miss"))])], f"{CH}; {TK}")
    return checked(out)


# ============================================================ session-writes.jsonl

def write_cases():
    out = []

    def add(cid, fetches, answers, spec, bug=None, report=None):
        out.append(session("brw-session-" + cid, fetches, {"fetches": answers}, spec=spec,
                           bug=bug, report_cache=report))

    def after(answer, entries):
        a = dict(answer)
        a["cache_after"] = entries
        return a

    W = f"{F_PF} step 7 (only a successful preflight writes); {F_PF_WRITE}"
    # --- what writes ------------------------------------------------------------------------------
    add("write-actual-1",
        [fetch(0, req(B1), [hop(ok(O, extra=[["Access-Control-Allow-Methods", "PUT"],
                                              ["Access-Control-Allow-Headers", "x-a"],
                                              ["Access-Control-Max-Age", "600"]]))]),
         fetch(1, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", "x-a"))])],
        [E("allowed", hops=[H(pf=None)]), miss("PUT", "x-a")],
        f"{W} (actual responses never write)", bug="cache written from an actual response")
    add("write-failed-1",
        [fetch(0, req(B1, "PUT", X), [hop(ok(O), pre(O, "PUT", None, 600))]),
         fetch(1, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT"))])],
        [E("blocked-preflight", hops=[H(pf=PF_FAIL("PUT", "x-a", "header-not-allowed", "miss"))]),
         miss("PUT", None)], W, bug="cache written before the preflight checks passed")
    add("write-failed-2",
        [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT", max_age=600, status=500))]),
         fetch(1, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT"))])],
        [E("blocked-preflight", hops=[H(pf=PF_FAIL("PUT", None, "preflight-status", "miss"))]),
         miss("PUT", None)], W, bug="cache written from a non-ok preflight")
    add("write-report-1", [put_x(0)],
        [after(miss("PUT", "x-a", 600),
               [ENTRY(O, B1, False, method="PUT", max_age=600, stored_at=0),
                ENTRY(O, B1, False, header="x-a", max_age=600, stored_at=0)])],
        f"{W}; {P_SESSION} (report_cache, cache_after sorted)", report=True)
    add("write-report-2", [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT, PUT, DELETE", None,
                                                                    60))])],
        [after(miss("PUT", None, 60),
               [ENTRY(O, B1, False, method="DELETE", max_age=60, stored_at=0),
                ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=0)])],
        f"{W} (a repeated method matches the entry just created: one entry)", report=True)
    add("write-report-3", [fetch(0, req(B1, "GET", X), [hop(ok(O), pre(O, headers="x-a, X-A, x-b",
                                                                       max_age=60))])],
        [after(miss("GET", "x-a", 60),
               [ENTRY(O, B1, False, header="x-a", max_age=60, stored_at=0),
                ENTRY(O, B1, False, header="x-b", max_age=60, stored_at=0)])],
        f"{W}; {F_CACHE_HEADER} (X-A matches the x-a entry: one entry)", report=True)
    add("write-report-4", [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "GET, PUT", None, 60))])],
        [after(miss("PUT", None, 60),
               [ENTRY(O, B1, False, method="GET", max_age=60, stored_at=0),
                ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=0)])],
        f"{W} (safelisted methods listed are stored too)", report=True)
    add("write-report-5", [put(0, url=B2, max_age=60), put(3, url=B1, max_age=60)],
        [after(miss("PUT", None, 60), [ENTRY(O, B2, False, method="PUT", max_age=60, stored_at=0)]),
         after(miss("PUT", None, 60), [ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=3),
                                       ENTRY(O, B2, False, method="PUT", max_age=60, stored_at=0)])],
        f"{P_SESSION} (cache_after sorted: by url)", report=True)
    add("write-report-6", [put_x(0, max_age=None), fetch(6, req(B1), [hop(ok(O))])],
        [after(miss("PUT", "x-a", 5), [ENTRY(O, B1, False, method="PUT", max_age=5, stored_at=0),
                                       ENTRY(O, B1, False, header="x-a", max_age=5,
                                             stored_at=0)]),
         after(E("allowed"), [])],
        f"{P_SESSION} (cache_after lists live entries); {F_CACHE_EXPIRY}", report=True)
    add("write-report-7", [put_x(0, max_age=0)],
        [after(miss("PUT", "x-a", 0), [])], f"{P_SESSION} (max-age 0: never live)", report=True)
    add("write-report-8", [put(0, max_age=60),
                           fetch(1, req(B1, "PUT", credentials="include"),
                                 [hop(ok(O, acac=True), pre(O, "PUT", max_age=60, acac=True))])],
        [after(miss("PUT", None, 60), [ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=0)]),
         after(miss("PUT", None, 60), [ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=0),
                                       ENTRY(O, B1, True, method="PUT", max_age=60, stored_at=1)])],
        f"{F_PF_WRITE} (credentials: a new entry beside the old); {P_SESSION} (sorted: false "
        "before true)", report=True)
    add("write-report-9", [fetch(0, req(C1, "PUT"), [hop(r3(307, B1, O), pre(O, "PUT", max_age=60)),
                                                     hop(ok(NULL), pre(NULL, "PUT", max_age=60))])],
        [after(E("allowed"), [ENTRY(O, C1, False, method="PUT", max_age=60, stored_at=0),
                              ENTRY(NULL, B1, False, method="PUT", max_age=60, stored_at=0)])],
        f"{F_REQ_TAINT}; {P_SESSION} (origin null; sorted by origin first)", report=True)
    add("write-report-10", [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "*", max_age=60))])],
        [after(miss("PUT", None, 60), [ENTRY(O, B1, False, method="*", max_age=60, stored_at=0)])],
        f"{F_PF_WRITE} (* is stored as a method entry)", report=True)
    add("write-report-11", [put_x(0, max_age=60), put_x_again(30)],
        [after(miss("PUT", "x-a", 60), [ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=0),
                                        ENTRY(O, B1, False, header="x-a", max_age=60,
                                              stored_at=0)]),
         after(hit(), [ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=0),
                       ENTRY(O, B1, False, header="x-a", max_age=60, stored_at=0)])],
        f"{F_HTTP_PF} (a hit writes nothing)", bug="a hit refreshes the entry", report=True)
    add("write-report-12", [fetch(0, req(B1, "GET", [["X-A", "1"]]),
                                  [hop(ok(O), pre(O, headers="X-A", max_age=60))])],
        [after(miss("GET", "x-a", 60), [ENTRY(O, B1, False, max_age=60, stored_at=0)])],
        f"{F_PF_WRITE} (one header entry; the case it is reported in is not pinned)", report=True)

    # --- updating existing entries: the literal quirks -----------------------------------------------
    add("quirk-star-update-1",
        [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "*", max_age=100))]),
         fetch(10, req(B1, "DELETE", X), [hop(ok(O), pre(O, "DELETE", "x-a", 600))]),
         put_again(150)],
        [after(miss("PUT", None, 100), [ENTRY(O, B1, False, method="*", max_age=100, stored_at=0)]),
         after(partial("DELETE", "x-a", 600),
               [ENTRY(O, B1, False, method="*", max_age=600),
                ENTRY(O, B1, False, header="x-a", max_age=600, stored_at=10)]),
         hit()],
        f"{F_PF_WRITE} (DELETE has a method cache entry match through *: its max-age is set, no "
        f"DELETE entry is created); {QUIRK.format(2)}", report=True)
    add("quirk-star-update-2",
        [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT, *", max_age=60))]),
         fetch(1, req(B1, "DELETE"), [hop(ok(O), pre(O, "*, DELETE", max_age=60))])],
        [after(miss("PUT", None, 60), [ENTRY(O, B1, False, method="*", max_age=60, stored_at=0),
                                       ENTRY(O, B1, False, method="PUT", max_age=60,
                                             stored_at=0)]),
         after(hit(), [ENTRY(O, B1, False, method="*", max_age=60, stored_at=0),
                       ENTRY(O, B1, False, method="PUT", max_age=60, stored_at=0)])],
        f"{F_PF_WRITE} (PUT created before *: two entries); {F_CACHE_METHOD}; {QUIRK.format(2)}",
        report=True)
    add("quirk-star-update-3",
        [fetch(0, req(B1, "PUT"), [hop(ok(O), pre(O, "*, PUT", max_age=60))])],
        [after(miss("PUT", None, 60), [ENTRY(O, B1, False, method="*", max_age=60, stored_at=0)])],
        f"{F_PF_WRITE} (PUT matches the * just created: one entry); {QUIRK.format(2)}",
        report=True)
    add("quirk-cred-update-1",
        [fetch(0, req(B1, "PUT", X, credentials="include"),
               [hop(ok(O, acac=True), pre(O, "PUT", "x-a", 100, acac=True))]),
         fetch(10, req(B1, "PUT", X + [["X-B", "1"]]),
               [hop(ok(O), pre(O, "PUT", "x-a, x-b", 600))]),
         fetch(150, req(B1, "PUT", X, credentials="include"), [hop(ok(O, acac=True))]),
         fetch(150, req(B1, "PUT", [["X-B", "1"]], credentials="include"),
               [hop(ok(O, acac=True), pre(O, "PUT", "x-b", acac=True))])],
        [miss("PUT", "x-a", 100),
         after(partial("PUT", "x-a,x-b", 600),
               [ENTRY(O, B1, False, header="x-b", max_age=600, stored_at=10),
                ENTRY(O, B1, True, method="PUT", max_age=600),
                ENTRY(O, B1, True, header="x-a", max_age=600)]),
         hit(), partial("PUT", "x-b")],
        f"{F_PF_WRITE} (the credentialed entries match a non-credentialed request: their max-age "
        f"is set, nothing new is created for them); {F_CACHE_MATCH}; {QUIRK.format(3)}",
        report=True)

    # --- clearing on a network error --------------------------------------------------------------------
    CL = f"{F_MAIN_CLEAR}; {F_CACHE_CLEAR}"
    no_acao = ok()
    add("clear-actual-1", [put(0), put_again(1, response=no_acao),
                           fetch(2, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT"))])],
        [miss("PUT", None, 600),
         E("blocked-response", error_hop=0, hops=[H(pf=HIT, cors=CORS_ERR("acao-missing"))]),
         miss("PUT", None)],
        f"{CL} (even when the cache skipped the preflight); digest §2.6",
        bug="cache kept after a failed request (Chromium)")
    add("clear-actual-2", [fetch(0, req(B1, "PUT"), [hop(no_acao, pre(O, "PUT", max_age=600))]),
                           fetch(1, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT"))])],
        [E("blocked-response", error_hop=0,
           hops=[H(pf=PF("PUT", None, 600, "miss"), cors=CORS_ERR("acao-missing"))]),
         miss("PUT", None)],
        f"{CL}; {S_SEQ.format('S5')}", bug="cache kept after a failed request (Chromium)")
    add("clear-preflight-1", [put_x(0),
                              fetch(1, req(B1, "PUT", X + [["X-B", "1"]]),
                                    [hop(ok(O), pre(O, "PUT", "x-a"))]),
                              put(2, max_age=5)],
        [miss("PUT", "x-a", 600),
         E("blocked-preflight", hops=[H(pf=PF_FAIL("PUT", "x-a,x-b", "header-not-allowed",
                                                   "partial"))]),
         miss("PUT", None)],
        f"{CL} (a failed preflight clears method and header entries alike)")
    add("clear-404-1", [put(0), put_again(1, response=ok(O, status=404)), put_again(2)],
        [miss("PUT", None, 600), hit(), hit()],
        f"{CL} (a 404 that passes the CORS check is no network error)",
        bug="cache cleared on an error status")
    add("clear-hop1-1",
        [fetch(0, req(B1, "PUT"), [hop(r3(307, B2, O), pre(O, "PUT", max_age=600)),
                                   hop(no_acao, pre(O, "PUT", max_age=600))]),
         put_again(1, url=B1), fetch(2, req(B2, "PUT"), [hop(ok(O), pre(O, "PUT"))])],
        [E("blocked-response", error_hop=1), hit(), miss("PUT", None)],
        f"{CL} (the request's current URL is the failing hop's: earlier URLs keep their entries)")
    add("clear-redirect-1",
        [fetch(0, req(B1, "PUT"), [hop(r3(307, "data:,x", O), pre(O, "PUT", max_age=600))]),
         fetch(1, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT"))])],
        [E("blocked-redirect", error_hop=0, hops=[H(redir=RERR("redirect-scheme"))]),
         miss("PUT", None)],
        f"{CL} (a failed redirect step is a network error of the preflight branch; the URL list "
        "was not extended)")
    add("clear-mode-error-1",
        [fetch(0, req(B1, "PUT", redirect="error"),
               [hop(r3(302, B2, O), pre(O, "PUT", max_age=600))]),
         fetch(1, req(B1, "PUT"), [hop(ok(O), pre(O, "PUT"))])],
        [E("blocked-redirect", error_hop=0, hops=[H(redir=RERR("redirect-disallowed"))]),
         miss("PUT", None)], CL)
    add("clear-manual-1",
        [fetch(0, req(B1, "PUT", redirect="manual"),
               [hop(r3(302, B2, O), pre(O, "PUT", max_age=600))]),
         put_again(1)],
        [E("opaque-redirect", hops=[H(redir=MANUAL)]), hit()],
        f"{CL} (an opaque-redirect is no network error)")
    add("clear-simple-1", [put(0), fetch(1, req(B1), [hop(no_acao)]), put_again(2)],
        [miss("PUT", None, 600), E("blocked-response", hops=[H(pf=None)]), hit()],
        f"{CL} (a fetch that never took the preflight branch clears nothing)",
        bug="cache cleared by a failed simple request")
    add("clear-hop0-branch-1",
        [put(0, url=B2),
         fetch(1, req(B1, "PUT"), [hop(r3(303, B2, O), pre(O, "PUT", max_age=600)),
                                   hop(no_acao)]),
         fetch(2, req(B2, "PUT"), [hop(ok(O), pre(O, "PUT"))]),
         put_again(3, url=B1)],
        [miss("PUT", None, 600),
         E("blocked-response", error_hop=1,
           hops=[H(pf=PF("PUT", None, 600, "miss")), H(B2, method="GET", pf=None)]),
         miss("PUT", None), hit()],
        f"{CL}: hop 0's main fetch took the preflight branch and sees the network error of the "
        "nested hops, then clears with the current URL (hop 1's); literal reading of the "
        "recursion (digest §2.6)")
    add("clear-tainted-1",
        [fetch(0, req(C1, "PUT"), [hop(r3(307, B1, O), pre(O, "PUT", max_age=600)),
                                   hop(ok(NULL), pre(NULL, "PUT", max_age=600))]),
         fetch(1, req(C1, "PUT"), [hop(r3(307, B1, O)), hop(no_acao)]),
         fetch(2, req(C1, "PUT"), [hop(r3(307, B1, O)), hop(ok(NULL), pre(NULL, "PUT"))])],
        [E("allowed"),
         E("blocked-response", error_hop=1, hops=[H(pf=HIT), H(origin=NULL, pf=HIT)]),
         E("allowed", hops=[H(pf=HIT), H(origin=NULL, pf=PF("PUT", None, 5, "miss"))])],
        f"{CL} (cleared under the tainted origin null and the failing URL)")
    add("clear-origin-1",
        [put(0), put(1, origin=D),
         fetch(2, req(B1, "PUT", origin=D), [hop(ok())]),
         put_again(3), fetch(4, req(B1, "PUT", origin=D), [hop(ok(D), pre(D, "PUT"))])],
        [miss("PUT", None, 600), miss("PUT", None, 600), E("blocked-response", hops=[H(pf=HIT)]),
         hit(), miss("PUT", None)], f"{CL} (only the request's own origin)")
    add("clear-creds-1",
        [fetch(0, req(B1, "PUT", credentials="include"),
               [hop(ok(O, acac=True), pre(O, "PUT", max_age=600, acac=True))]),
         put_again(1, response=no_acao),
         fetch(2, req(B1, "PUT", credentials="include"),
               [hop(ok(O, acac=True), pre(O, "PUT", acac=True))])],
        [miss("PUT", None, 600), E("blocked-response", hops=[H(pf=HIT)]), miss("PUT", None)],
        f"{CL} (credentialed entries too)")
    add("clear-hop1-preflight-1",
        [put(0, url=B2),
         fetch(1, req(B1, "PUT", [["X-B", "1"]]),
               [hop(r3(307, B2, O), pre(O, "PUT", "x-b", 600)), hop(ok(O), pre(O, "PUT"))]),
         fetch(2, req(B2, "PUT"), [hop(ok(O), pre(O, "PUT"))]),
         fetch(3, req(B1, "PUT", [["X-B", "1"]]), [hop(ok(O))])],
        [miss("PUT", None, 600),
         E("blocked-preflight", error_hop=1,
           hops=[H(pf=PF("PUT", "x-b", 600, "miss")),
                 H(B2, pf=PF_FAIL("PUT", "x-b", "header-not-allowed", "partial"))]),
         miss("PUT", None), hit()], CL)
    add("clear-report-1", [put_x(0), put_again(1, response=no_acao)],
        [after(miss("PUT", "x-a", 600), [ENTRY(O, B1, False, method="PUT", max_age=600, stored_at=0),
                                         ENTRY(O, B1, False, header="x-a", max_age=600,
                                               stored_at=0)]),
         after(E("blocked-response"), [])], CL, report=True)

    # --- input rules of a session -------------------------------------------------------------------------
    IN = P_SESSION + " (input)"
    add("input-v1-shape-1",
        [fetch(0, req(B1, "PUT", X), preflight_response=pre(O, "PUT", "x-a", 600),
               response=ok(O)),
         fetch(1, req(B1, "PUT", X), response=ok(O))],
        [miss("PUT", "x-a", 600), hit()],
        f"{IN}: a fetch in the v1 shape; its answer always has hops")
    add("input-v1-shape-2",
        [fetch(0, req(B1, "PUT"), preflight_response=pre(O, "PUT", max_age=600), response=ok(O)),
         fetch(1, req(A1, "PUT"), [hop(r3(307, B1)), hop(ok(O))])],
        [miss("PUT", None, 600), E("allowed", hops=[H(A1), H(B1, pf=HIT)])],
        f"{IN}: v1 shape and hops mixed")
    add("input-incomplete-1",
        [put(0, max_age=None), fetch(5, req(B1, "PUT"), [hop(ok(O))])],
        [miss("PUT", None, 5), E("incomplete", needs=NEEDS(0, "preflight_response", B1))],
        f"{IN}; {P_CHAIN}: outcome incomplete")
    add("input-one-fetch-1", [put(0)], [miss("PUT", None, 600)], IN)
    bad = [("t-decreasing", [put(5), put_again(4)]),
           ("t-string", [dict(put(0), t="0")]),
           ("hops-and-response", [dict(put(0), response=ok(O))]),
           ("url-mismatch", [fetch(0, req(B1), [hop(ok(O), url=B2)])]),
           ("fetches-object", {"t": 0})]
    for cid, fs in bad:
        out.append({"id": f"brw-session-input-{cid}-1", "mode": "browser-session", "fetches": fs,
                    "spec": f"{IN}: bad-case ({cid.replace('-', ' ')}); oracle protocol: Transport",
                    "expect": BAD_CASE})
    out.append({"id": "brw-session-input-report-cache-type-1", "mode": "browser-session",
                "fetches": [put(0)], "report_cache": "yes",
                "spec": f"{IN}; oracle protocol: Transport (wrong type)", "expect": BAD_CASE})
    return checked(out)


FILES = {
    "browser/session-cache.jsonl": cache_cases,
    "browser/session-writes.jsonl": write_cases,
}
