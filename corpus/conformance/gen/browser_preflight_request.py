"""browser/preflight-request.jsonl: the exact Access-Control-Request-Method
and Access-Control-Request-Headers values a browser sends.

Sources: Fetch §4.8 CORS-preflight fetch steps 3-5 (ACRM = the request's
normalized method; ACRH = the CORS-unsafe request-header names joined with a
bare ","), §2.2.2 "CORS-unsafe request-header names" and "convert header
names to a sorted-lowercase set" (byte-lowercase, de-duplicate, sort by
bytes).  WPT fetch/api/cors/cors-preflight.any.js for the long example.
"""

from .common import (F_METHODS, F_PF, F_UNSAFE_NAMES, SAFE7, acao, breq, brw, pf, resp)

FILE = "browser/preflight-request.jsonl"

F_ACRH = f"{F_PF} step 5 (names joined with bare ',', no combine); {F_UNSAFE_NAMES}"
F_ACRM = f"{F_PF} step 3; {F_METHODS} (normalize)"
SORTED = "Fetch §2.2.2 Headers: convert header names to a sorted-lowercase set"


def cases():
    out = []

    def add(cid, method, headers, acrm, acrh, spec, bug=None, credentials=None):
        pre = [acao(), ["Access-Control-Allow-Methods", acrm]]
        if acrh:
            pre.append(["Access-Control-Allow-Headers", acrh])
        out.append(brw("brw-pfreq-" + cid, breq(method, headers, credentials=credentials),
                       resp(204, pre), resp(200, [acao()]),
                       {"needs_preflight": True,
                        "preflight": pf(acrm, acrh, ok=True, error=None, max_age=5),
                        "cors_check": {"ok": True, "error": None}, "exposed_headers": SAFE7,
                        "outcome": "allowed"}, spec=spec, bug=bug))

    wpt = [["x-test-header1", "test1"], ["x-test-header2", "test2"], ["X-test-header3", "test3"],
           ["x-test-header-b", "test4"], ["x-test-header-D", "test5"],
           ["x-test-header-C", "test6"], ["x-test-header-a", "test7"],
           ["Content-Type", "allowedOrRefused"], ["Accept", "*"], ["Accept-Language", "bzh"],
           ["Content-Language", "eu"]]
    add("wpt-1", "GET", wpt, "GET",
        "content-type,x-test-header-a,x-test-header-b,x-test-header-c,x-test-header-d,"
        "x-test-header1,x-test-header2,x-test-header3",
        f"{F_ACRH}; {SORTED}; WPT fetch/api/cors/cors-preflight.any.js",
        bug="ACRH joined with ', ' or unsorted")
    add("dedup-1", "GET", [["X-A", "1"], ["X-A", "2"], ["x-a", "3"]], "GET", "x-a", SORTED,
        bug="ACRH not de-duplicated")
    add("dedup-2", "GET", [["X-Foo", "1"], ["x-foo", "2"], ["X-FOO", "3"], ["X-Bar", "4"]], "GET",
        "x-bar,x-foo", SORTED)
    add("sort-after-lower-1", "GET", [["X-b", "1"], ["a", "2"]], "GET", "a,x-b", SORTED,
        bug="ACRH sorted before lower-casing")
    add("sort-after-lower-2", "GET", [["Z", "1"], ["b", "2"], ["A", "3"]], "GET", "a,b,z", SORTED,
        bug="ACRH sorted before lower-casing")
    add("sort-bytes-1", "GET", [["xaa", "1"], ["x_a", "1"], ["x0a", "1"], ["x.a", "1"],
                                 ["X-A-B", "1"], ["x-a", "1"]], "GET",
        "x-a,x-a-b,x.a,x0a,x_a,xaa", f"{SORTED} (byte order: - . digits _ letters)")
    add("sort-bytes-2", "GET", [["x~", "1"], ["x#", "1"], ["x!", "1"]], "GET", "x!,x#,x~", SORTED)
    add("sort-bytes-3", "GET", [["a", "1"], ["*", "1"]], "GET", "*,a", SORTED)
    add("lowercase-1", "GET", [["X-CUSTOM", "1"]], "GET", "x-custom", SORTED,
        bug="ACRH not lower-cased")
    add("safelisted-excluded-1", "GET", [["Accept", "text/html"], ["X-A", "1"]], "GET", "x-a",
        F_ACRH, bug="safelisted headers in ACRH")
    add("safelisted-excluded-2", "PUT", [["Content-Type", "text/plain"]], "PUT", None, F_ACRH,
        bug="safelisted headers in ACRH")
    add("safelisted-excluded-3", "PUT", [["Accept-Language", "en"], ["Content-Language", "fr"],
                                         ["Range", "bytes=0-"], ["Accept", "*/*"]], "PUT", None,
        F_ACRH, bug="safelisted headers in ACRH")
    add("unsafe-content-type-1", "POST", [["Content-Type", "application/json"], ["X-A", "1"]], "POST",
        "content-type,x-a", F_ACRH)
    add("unsafe-accept-1", "GET", [["Accept", "(x)"]], "GET", "accept", F_ACRH)
    add("unsafe-and-safe-same-name-1", "GET", [["Accept", "text/html"], ["Accept", "(x)"]], "GET",
        "accept", F_UNSAFE_NAMES)
    add("authorization-1", "GET", [["Authorization", "Bearer x"], ["X-A", "1"]], "GET",
        "authorization,x-a", F_ACRH)
    add("forbidden-excluded-1", "PUT", [["Cookie", "a=1"], ["Sec-X", "1"]], "PUT", None,
        f"{F_ACRH}; Fetch §2.2.2 Headers: forbidden request-header")
    add("forbidden-excluded-2", "GET", [["Cookie", "a=1"], ["X-Z", "1"], ["Origin", "x"]], "GET",
        "x-z", F_ACRH)

    # --- ACRM ------------------------------------------------------------------------------
    for i, (m, acrm) in enumerate([("get", "GET"), ("post", "POST"), ("Head", "HEAD")], 1):
        add(f"acrm-safelisted-{i}", m, [["X-A", "1"]], acrm, "x-a",
            f"{F_ACRM} (sent even for a safelisted method)", bug="ACRM omitted for GET")
    for i, (m, acrm) in enumerate([("patch", "patch"), ("put", "PUT"), ("delete", "DELETE"),
                                   ("Options", "OPTIONS"), ("mKcol", "mKcol"), ("PATCH", "PATCH")],
                                  1):
        add(f"acrm-{i}", m, [], acrm, None, F_ACRM,
            bug="upper-casing every method" if acrm.islower() else None)
    add("acrm-with-headers-1", "delete", [["X-B", "1"], ["Content-Type", "application/xml"]],
        "DELETE", "content-type,x-b", f"{F_ACRM}; {F_ACRH}")
    add("credentials-1", "PUT", [["X-A", "1"]], "PUT", "x-a",
        f"{F_PF} step 1 (the preflight itself carries no credentials; its request values do not "
        "change)", credentials="omit")
    # 1024 overflow puts safelisted names into ACRH.
    add("overflow-1", "GET", [["Accept", "a" * 128]] * 8 + [["Accept-Language", "en"]], "GET",
        "accept,accept-language", F_UNSAFE_NAMES)
    return out
