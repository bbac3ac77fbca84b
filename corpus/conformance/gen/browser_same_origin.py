"""browser/same-origin.jsonl: no CORS at all for same-origin requests.

Sources: Fetch §4.1 Main fetch (request's origin same origin with the URL's
origin: scheme fetch with response tainting "basic"; no preflight, no CORS
check; basic filtered response hides only Set-Cookie/Set-Cookie2), HTML
"same origin" (scheme, host, port tuple), URL Standard (scheme and host
lower-cased, default port dropped, userinfo not part of the origin).
Decisions page: Browser mode "URL origin", "Same origin".
"""

from .common import (DECISIONS, F_MAIN, FORBIDDEN_REQUEST, acao, breq, brw, resp)

FILE = "browser/same-origin.jsonl"

D_URL = DECISIONS + ": Browser mode (URL origin)"
D_SAME = DECISIONS + ": Browser mode (Same origin)"
S = f"{F_MAIN} (same-origin: basic tainting); {D_SAME}"


def same(method="GET", headers=(), credentials=None, origin="https://app.example",
         url="https://app.example/x", names=(), response=True):
    exp = {"needs_preflight": False, "preflight": None, "cors_check": None,
           "exposed_headers": sorted(set(names)) if response else None, "outcome": "allowed"}
    return breq(method, headers, credentials, origin, url), exp


def cases():
    out = []
    body = [["Content-Type", "text/html"], ["X-Secret", "1"], ["Set-Cookie", "a=1"],
            ["Set-Cookie2", "b=2"], ["x-secret", "2"]]
    body_names = ["content-type", "x-secret"]

    def add(cid, spec, bug=None, response_headers=body, names=body_names, **kw):
        response = kw.pop("response", True)
        r, exp = same(names=names, response=response, **kw)
        out.append(brw("brw-same-" + cid, r, None,
                       resp(200, response_headers) if response else None, exp,
                       spec=spec, bug=bug))

    add("get-1", S, bug="CORS applied to same-origin request")
    add("put-unsafe-1", S, method="PUT", headers=[["X-A", "1"], ["Authorization", "Bearer t"],
                                                   ["Content-Type", "application/json"]],
        bug="CORS applied to same-origin request")
    add("patch-1", S, method="patch")
    add("credentials-1", S, credentials="include")
    add("no-acao-1", S, response_headers=[["X-A", "1"]], names=["x-a"])
    add("acao-other-1", S, response_headers=[acao("https://other.example")],
        names=["access-control-allow-origin"], bug="CORS applied to same-origin request")
    add("no-response-1", f"{S}; {DECISIONS}: Browser mode (No response)", method="DELETE",
        response=False)
    for i, url in enumerate(["https://APP.example/x", "HTTPS://app.example/x",
                             "https://app.example:443/x", "https://app.example",
                             "https://app.example/?q=1#f"], 1):
        add(f"url-{i}", f"{S}; {D_URL}", method="PUT", url=url,
            bug="URL origin not normalized" if i <= 3 else None)
    add("port-1", f"{S}; {D_URL}", origin="http://localhost:8080",
        url="http://localhost:8080/api", method="PUT")
    add("port-2", f"{S}; {D_URL}", origin="http://localhost", url="http://localhost:80/api",
        method="PUT")
    add("port-3", f"{S}; {D_URL}", origin="https://app.example",
        url="https://app.example:443/api", method="DELETE")

    # The URL Standard's host parser, as fetch() runs it (Request constructor
    # step 5.1): IPv4 numbers, IPv6 compression, percent-decoding.
    for cid, origin, url in [("ipv4-short", "http://127.0.0.1", "http://127.1/x"),
                             ("ipv4-hex", "http://127.0.0.1:8080", "http://0x7f.0.0.1:8080/x"),
                             ("ipv4-decimal", "http://127.0.0.1", "http://2130706433/x"),
                             ("ipv4-octal", "https://10.0.0.1", "https://012.0.0.01/x"),
                             ("ipv6", "http://[::1]", "http://[0:0:0:0:0:0:0:1]/x"),
                             ("ipv6-mapped", "http://[::ffff:102:304]", "http://[::FFFF:1.2.3.4]/x"),
                             ("percent-host", "https://app.example", "https://app%2Eexample/x")]:
        add(f"url-host-{cid}", f"{S}; URL Standard §3.5 host parsing; {D_URL}", method="PUT",
            origin=origin, url=url, bug="URL host not parsed as the URL Standard does")

    # --- cross-origin look-alikes: CORS applies --------------------------------------------------
    cross = [("scheme", "https://app.example", "http://app.example/x"),
             ("port", "https://app.example", "https://app.example:8443/x"),
             ("subdomain", "https://app.example", "https://api.app.example/x"),
             ("parent", "https://api.app.example", "https://app.example/x"),
             ("default-port-other-scheme", "http://app.example", "https://app.example:80/x"),
             ("trailing-dot", "https://app.example", "https://app.example./x")]
    for cid, origin, url in cross:
        out.append(brw(f"brw-same-cross-{cid}", breq("GET", origin=origin, url=url), None,
                       resp(200, [["X-A", "1"]]),
                       {"needs_preflight": False, "cors_check": {"ok": False,
                                                                 "error": "acao-missing"},
                        "exposed_headers": None, "outcome": "blocked-response"},
                       spec=f"{F_MAIN}; Fetch §4.10 CORS check; {D_URL}",
                       bug="same-origin check ignores scheme or port"))
    out.append(brw("brw-same-cross-put-1", breq("PUT", url="http://app.example/x"),
                   resp(204, [acao(), ["Access-Control-Allow-Methods", "PUT"]]),
                   resp(200, [acao()]),
                   {"needs_preflight": True, "outcome": "allowed"}, spec=f"{F_MAIN}; {D_URL}"))

    # --- fetch() still refuses forbidden requests -------------------------------------------------
    out.append(brw("brw-same-forbidden-method-1", breq("TRACE", url="https://app.example/x"),
                   None, resp(200, []), dict(FORBIDDEN_REQUEST),
                   spec=f"Fetch §5.4 Request class; {DECISIONS}: Browser mode (Forbidden request)"))
    out.append(brw("brw-same-forbidden-value-1",
                   breq("GET", [["X-A", "a\nb"]], url="https://app.example/x"),
                   None, resp(200, []), dict(FORBIDDEN_REQUEST),
                   spec=f"Fetch §5.1 Headers class; {DECISIONS}: Browser mode (Forbidden request)"))
    # A URL with credentials (userinfo) makes the Request constructor throw,
    # same-origin or not (Fetch §5.4 Request class: "If parsedURL includes
    # credentials, then throw a TypeError").
    for i, url in enumerate(["https://user:pw@app.example/x", "https://user@app.example/x",
                             "https://:pw@api.example/x", "https://user@api.example/x"], 1):
        out.append(brw(f"brw-same-url-credentials-{i}", breq("GET", url=url), None,
                       resp(200, [acao()]), dict(FORBIDDEN_REQUEST),
                       spec="Fetch §5.4 Request class (URL that includes credentials throws)",
                       bug="URL credentials accepted"))
    # An http(s) URL that the URL Standard refuses: a host that ends in a
    # number but is no IPv4 address, forbidden host code points, an
    # unclosed IPv6 address. The Request constructor throws (step 5.2).
    for i, url in enumerate(["http://foo.bar.255/x", "https://1.2.3.4.5/x", "https://a<b.example/x",
                             "http://[::1/x"], 1):
        out.append(brw(f"brw-same-url-unparsable-{i}", breq("GET", url=url), None,
                       resp(200, [acao()]), dict(FORBIDDEN_REQUEST),
                       spec=f"Fetch §5.4 Request class step 5.2; URL Standard §3.5 host parsing; {D_URL}",
                       bug="URL the URL Standard refuses accepted"))
    # A URL without scheme://host is no URL (the text null included): the
    # Request constructor throws, whatever the request origin and length.
    for i, (origin, url) in enumerate([("null", "null"), ("https://app.example", "/x"),
                                        ("https://app.example", "a" * 2000)], 1):
        out.append(brw(f"brw-same-url-not-absolute-{i}", breq("GET", origin=origin, url=url), None,
                       resp(200, [acao()]), dict(FORBIDDEN_REQUEST),
                       spec=f"Fetch §5.4 Request class step 5.2; {D_URL}",
                       bug="URL null taken for the opaque origin" if url == "null" else None))
    # Port 0 is not the default port of a scheme that has none.
    out.append(brw("brw-same-cross-port-zero-1",
                   breq("GET", origin="chrome-extension://abcdef", url="chrome-extension://abcdef:0/x"),
                   None, resp(200, []),
                   {"needs_preflight": False, "cors_check": {"ok": False, "error": "acao-missing"},
                    "exposed_headers": None, "outcome": "blocked-response"},
                   spec=f"URL Standard default port; {D_URL}"))
    return out
