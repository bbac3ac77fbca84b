"""browser/forbidden.jsonl: forbidden request-headers (dropped silently),
forbidden methods and invalid names/values (fetch() throws).

Sources: Fetch §2.2.2 "forbidden request-header" (names, proxy-/sec- prefixes,
the X-HTTP-Method-Override family split with "get, decode, and split"),
§2.2.1 "forbidden method", §5.1 Headers "validate"/"append" (normalize the
value, throw on a bad name or value, then drop forbidden pairs), §5.4 Request
constructor (method must be a method and not forbidden).  Decisions page:
Browser mode "Forbidden request".
"""

from .common import (DECISIONS, F_FORBIDDEN, F_HEADERS_CLASS, F_METHODS, F_REQUEST_CLASS,
                     FORBIDDEN_REQUEST, acao, breq, brw, pf, resp)

FILE = "browser/forbidden.jsonl"

D_FORB = DECISIONS + ": Browser mode (Forbidden request)"
SPLIT = "Fetch §2.2.2 Headers: get, decode, and split"

NAMES = ["Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
         "Access-Control-Request-Method", "Connection", "Content-Length", "Cookie", "Cookie2",
         "Date", "DNT", "Expect", "Host", "Keep-Alive", "Origin", "Referer", "Set-Cookie", "TE",
         "Trailer", "Transfer-Encoding", "Upgrade", "Via"]


def cases():
    out = []

    def dropped(cid, headers, spec, bug=None, method="GET"):
        """Every pair is forbidden: no preflight for a safelisted method."""
        out.append(brw("brw-forbidden-" + cid, breq(method, headers), None, resp(200, [acao()]),
                       {"needs_preflight": False, "outcome": "allowed"}, spec=spec, bug=bug))

    def kept(cid, headers, acrh, spec, bug=None):
        pre = resp(204, [acao(), ["Access-Control-Allow-Headers", acrh]])
        out.append(brw("brw-forbidden-" + cid, breq("GET", headers), pre, resp(200, [acao()]),
                       {"needs_preflight": True, "preflight": pf("GET", acrh, ok=True),
                        "outcome": "allowed"}, spec=spec, bug=bug))

    def thrown(cid, method, headers, spec, bug=None):
        out.append(brw("brw-forbidden-" + cid, breq(method, headers), None, resp(200, [acao()]),
                       dict(FORBIDDEN_REQUEST), spec=spec, bug=bug))

    # --- forbidden names, dropped before the CORS decision ----------------------------------
    values = {"Origin": "https://evil.example", "Host": "api.example", "Content-Length": "5",
              "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "x-a",
              "Date": "Thu, 01 Jan 2026 00:00:00 GMT", "Referer": "https://app.example/"}
    for name in NAMES:
        v = values.get(name, "x")
        dropped("name-" + name.lower(), [[name, v]], f"{F_FORBIDDEN}; {F_HEADERS_CLASS}",
                bug="forbidden header triggers preflight")
        dropped("name-upper-" + name.lower(), [[name.upper(), v]], F_FORBIDDEN)
    for i, name in enumerate(["Proxy-Authorization", "proxy-x", "PROXY-", "Sec-Fetch-Mode",
                              "sec-", "SEC-CH-UA", "Sec-Foo-Bar"], 1):
        dropped(f"prefix-{i}", [[name, "x"]], f"{F_FORBIDDEN} (proxy-/sec- prefix)")
    dropped("many-1", [[n, "1"] for n in ["Cookie", "Sec-X", "Proxy-Y", "DNT", "Via"]], F_FORBIDDEN)
    dropped("long-cookie-1", [["Cookie", "c" * 2000]], f"{F_FORBIDDEN} (never counted)")

    # --- lookalikes that are ordinary (CORS-unsafe) names ----------------------------------
    for name in ["Sec", "Secret", "Proxy", "Proxyx", "X-Sec-Foo", "X-Proxy-Foo", "Cookies",
                 "Hosts", "Origin2", "Set-Cookie2", "Keep-Alive2", "Content-Length2", "Dates",
                 "X-Forwarded-For", "Forwarded", "Authorization", "User-Agent", "Accept-Charsets"]:
        kept("lookalike-" + name.lower(), [[name, "x"]], name.lower(), F_FORBIDDEN,
             bug="forbidden list too wide")
    out.append(brw("brw-forbidden-with-unsafe-method-1", breq("PUT", [["Cookie", "a=1"]]),
                   resp(204, [acao(), ["Access-Control-Allow-Methods", "PUT"]]), resp(200, [acao()]),
                   {"needs_preflight": True, "preflight": pf("PUT", None, ok=True),
                    "outcome": "allowed"}, spec=F_FORBIDDEN))
    kept("mixed-1", [["Cookie", "a=1"], ["X-A", "1"], ["Sec-B", "2"]], "x-a", F_FORBIDDEN)

    # --- X-HTTP-Method-Override family ---------------------------------------------------------
    fam_drop = [("X-HTTP-Method-Override", "CONNECT"), ("X-HTTP-Method-Override", "connect"),
                ("X-HTTP-Method-Override", "TRACE"), ("X-HTTP-Method-Override", "Track"),
                ("X-HTTP-Method-Override", "get, Trace"), ("X-HTTP-Method-Override", "PUT,CONNECT"),
                ("X-HTTP-Method-Override", " trace "), ("X-HTTP-Method-Override", "GET, ,TRACK"),
                ("x-http-method-override", "connect"), ("X-HTTP-Method", "TRACE"),
                ("X-Method-Override", "get, Trace"), ("X-METHOD-OVERRIDE", "track"),
                ("X-HTTP-Method", "\"a,b\", TRACE")]
    for i, (n, v) in enumerate(fam_drop, 1):
        dropped(f"override-drop-{i}", [[n, v]], f"{F_FORBIDDEN} (value-dependent); {SPLIT}",
                bug="X-HTTP-Method-Override forbidden-method bypass")
    fam_keep = [("X-HTTP-Method-Override", "PUT"), ("X-HTTP-Method-Override", "DELETE, PATCH"),
                ("X-HTTP-Method-Override", "CONNECTX"), ("X-HTTP-Method-Override", "TRACE;"),
                ("X-HTTP-Method-Override", "\"TRACE\""), ("X-HTTP-Method-Override", "TRACE TRACK"),
                ("X-HTTP-Method", "PATCH"), ("X-Method-Override", "DELETE"),
                ("X-HTTP-Method-Override", "\"a,TRACE\""), ("X-HTTP-Method-Override", "")]
    for i, (n, v) in enumerate(fam_keep, 1):
        kept(f"override-keep-{i}", [[n, v]], n.lower(), f"{F_FORBIDDEN} (value-dependent); {SPLIT}",
             bug="X-HTTP-Method-Override forbidden for every value" if i <= 2 else None)

    # --- forbidden methods ----------------------------------------------------------------------
    for m in ["CONNECT", "connect", "Connect", "TRACE", "trace", "TRACK", "track", "tRaCk"]:
        thrown(f"method-{m}", m, [], f"{F_METHODS} (forbidden method); {F_REQUEST_CLASS}; {D_FORB}",
               bug="case-sensitive forbidden-method check" if m != m.upper() else None)
    # --- methods that are not tokens -----------------------------------------------------------------
    for i, m in enumerate(["", "GET POST", "GET ", " GET", "G(T", "GET\n", "G\u00e9T", "GET/1",
                           "@", "PUT,", "\"PUT\""], 1):
        thrown(f"method-not-token-{i}", m, [], f"{F_METHODS} (a method is a token); "
               f"{F_REQUEST_CLASS}; {D_FORB}")

    # --- header names that are not tokens ----------------------------------------------------------------
    for i, n in enumerate(["X A", "", "X:A", "X-\u00e9", "(x)", "X\tA", "Cookie ", " Accept",
                           "X-A\n", "{x}"], 1):
        thrown(f"name-not-token-{i}", "GET", [[n, "1"]], f"{F_HEADERS_CLASS} (header name); {D_FORB}")

    # --- values with NUL, CR or LF after normalization ------------------------------------------------
    bad_values = [("X-A", "a\u0000b"), ("X-A", "a\rb"), ("X-A", "a\nb"), ("X-A", "a\r\nb"),
                  ("X-A", "a\u0000"), ("X-A", "\u0000"), ("Accept", "text/html\n, */*"),
                  ("Cookie", "a\nb"), ("Content-Type", "text/plain\r\nX: y"),
                  ("Sec-Fetch-Site", "none\u0000")]
    for i, (n, v) in enumerate(bad_values, 1):
        thrown(f"value-{i}", "GET", [[n, v]],
               f"{F_HEADERS_CLASS} (header value: no NUL, CR, LF; validated before the "
               f"forbidden check); {D_FORB}", bug="header injection accepted")
    # Leading and trailing HTTP whitespace (incl. CR, LF) is stripped first: fine.
    kept("value-stripped-1", [["X-A", "\nx\r\n"]], "x-a", f"{F_HEADERS_CLASS} (normalize)")
    out.append(brw("brw-forbidden-value-stripped-2", breq("GET", [["Accept", "\r\n*/*\n"]]),
                   None, resp(200, [acao()]), {"needs_preflight": False, "outcome": "allowed"},
                   spec=f"{F_HEADERS_CLASS} (normalize)"))
    thrown("order-1", "CONNECT", [["X A", "1"]], D_FORB)
    thrown("with-preflight-response-1", "TRACE", [],
           f"{F_REQUEST_CLASS}; {D_FORB}")
    out[-1]["preflight_response"] = resp(204, [acao(), ["Access-Control-Allow-Methods", "TRACE"]])
    return out
