"""Builders for the protocol v1.1 vectors: redirect chains (mode `browser` with
`hops`) and sessions (mode `browser-session`).

Like common.py, these helpers only assemble JSON.  Every expected value is
passed in by the generator that calls them, written by hand next to the rule
it cites; nothing here computes a hop, a taint, a cache state or a verdict.
`...` (Ellipsis) means "not pinned": the key is left out of `expect`.

Also here: `well_formed(case)`, the input check every generated v1.1 case
must pass (the protocol's input rules, not CORS logic), run by the
generators before they return their cases.
"""

from .common import ORIGIN, _finish

O = ORIGIN                                  # the page's origin
A1 = "https://app.example/a"                # resources on the page's own origin
A2 = "https://app.example/b"
A3 = "https://app.example/c"
B1 = "https://api.example/x"                # a foreign origin
B2 = "https://api.example/y"
B3 = "https://api.example/w"
BO = "https://api.example"                  # B's own origin (a wrong ACAO value)
C1 = "https://cdn.example/z"                # another foreign origin
C2 = "https://cdn.example/v"
BP = "https://api.example:8443/p"           # same site as B, another origin
D = "https://other.example"                 # another page origin

# Fetch Standard section names (numbering of whatwg/fetch commit 586cd2a4).
F_REQ_TAINT = "Fetch §2.2.5 Requests: redirect-taint, serializing a request origin"
F_LOC = "Fetch §2.2.6 Responses: location URL"
F_OPAQUE_REDIR = "Fetch §2.2.6 Responses: opaque-redirect filtered response (status 0)"
F_REDIR_STATUS = "Fetch §2.2.3 Statuses: redirect status (301, 302, 303, 307, 308)"
F_BODY_HDR = "Fetch §2.2.2 Headers: request-body-header name"
F_NON_WILDCARD = "Fetch §2.2.2 Headers: CORS non-wildcard request-header name"
F_ORIGIN_HDR = "Fetch §3.2 Origin header: append a request `Origin` header"
F_MAIN = "Fetch §4.1 Main fetch"
F_MAIN_PATH = "Fetch §4.1 Main fetch step 12 (same origin and basic / preflight branch / otherwise)"
F_MAIN_CLEAR = "Fetch §4.1 Main fetch step 12, preflight branch (network error: clear cache entries)"
F_HTTP = "Fetch §4.4 HTTP fetch"
F_HTTP_PF = "Fetch §4.4 HTTP fetch step 4.1 (preflight unless method/header-name cache entry matches)"
F_HTTP_CORS = "Fetch §4.4 HTTP fetch step 4.4 (CORS check on every cors response, 3xx included)"
F_HTTP_MODE = "Fetch §4.4 HTTP fetch step 6.3 (redirect mode switch)"
F_REDIR = "Fetch §4.5 HTTP-redirect fetch"
F_NOC = "Fetch §4.6 HTTP-network-or-cache fetch (includeCredentials)"
F_PF = "Fetch §4.8 CORS-preflight fetch"
F_PF_WRITE = "Fetch §4.8 CORS-preflight fetch steps 7.12-7.15 (update or create cache entries)"
F_CACHE = "Fetch §4.9 CORS-preflight cache"
F_CACHE_MATCH = "Fetch §4.9 CORS-preflight cache: cache entry match"
F_CACHE_METHOD = "Fetch §4.9 CORS-preflight cache: method cache entry match"
F_CACHE_HEADER = "Fetch §4.9 CORS-preflight cache: header-name cache entry match"
F_CACHE_CLEAR = "Fetch §4.9 CORS-preflight cache: clear cache entries"
F_CACHE_EXPIRY = "Fetch §4.9 CORS-preflight cache (entries removed after max-age seconds)"
F_CHECK = "Fetch §4.10 CORS check"
URL_PARSE = "URL Standard §4.4 URL parsing"
URL_SER = "URL Standard §4.5 URL serializing"
URL_CREDS = "URL Standard §4.1 URL representation: includes credentials"
URL_HOST = "URL Standard §3.5 Host parsing"
URL_ORIGIN = "URL Standard §4.7 Origin"
P11 = "oracle protocol: v1.1"
P_CHAIN = P11 + " A redirect chain"
P_SESSION = P11 + " A session"

REDIRECTS = [301, 302, 303, 307, 308]

# --------------------------------------------------------------------------- input


def hdrs(pairs):
    return [list(p) for p in pairs]


def req(url, method="GET", headers=(), credentials=None, origin=O, redirect=None):
    """A v1.1 `request`: the v1 fields, plus `redirect` when given."""
    r = {"origin": origin, "url": url, "method": method, "headers": hdrs(headers)}
    if credentials is not None:
        r["credentials"] = credentials
    if redirect is not None:
        r["redirect"] = redirect
    return r


def res(status=200, headers=()):
    return {"status": status, "headers": hdrs(headers)}


def cors_headers(acao=None, acac=False, extra=()):
    hs = []
    if acao is not None:
        hs.append(["Access-Control-Allow-Origin", acao])
    if acac:
        hs.append(["Access-Control-Allow-Credentials", "true"])
    return hs + hdrs(extra)


def ok(acao=None, acac=False, extra=(), status=200):
    """A final (non-redirect) response, with ACAO/ACAC when given."""
    return res(status, cors_headers(acao, acac, extra))


def r3(status, location, acao=None, acac=False, extra=()):
    """A redirect response; `location` None means no Location header."""
    hs = cors_headers(acao, acac)
    if location is not None:
        hs.append(["Location", location])
    return res(status, hs + hdrs(extra))


def pre(acao=O, methods=None, headers=None, max_age=None, acac=False, status=204, extra=()):
    """A preflight response."""
    hs = cors_headers(acao, acac)
    if methods is not None:
        hs.append(["Access-Control-Allow-Methods", methods])
    if headers is not None:
        hs.append(["Access-Control-Allow-Headers", headers])
    if max_age is not None:
        hs.append(["Access-Control-Max-Age", str(max_age)])
    return res(status, hs + hdrs(extra))


def hop(response, preflight=None, url=None):
    """One element of `hops`: what the server answers to one request."""
    h = {}
    if url is not None:
        h["url"] = url
    if preflight is not None:
        h["preflight_response"] = preflight
    h["response"] = response
    return h


def chain(cid, request, hops, expect, spec=None, bug=None, **top):
    case = {"id": cid, "mode": "browser", "request": request, "hops": hops}
    case.update(top)
    return _finish(case, spec, bug, expect)


def fetch(t, request, hops=None, preflight_response=None, response=None):
    """One fetch of a session: a chain (`hops`) or the v1 shape."""
    f = {"t": t, "request": request}
    if hops is not None:
        f["hops"] = hops
    if preflight_response is not None:
        f["preflight_response"] = preflight_response
    if response is not None:
        f["response"] = response
    return f


def session(cid, fetches, expect, spec=None, bug=None, report_cache=None):
    case = {"id": cid, "mode": "browser-session", "fetches": fetches}
    if report_cache is not None:
        case["report_cache"] = report_cache
    return _finish(case, spec, bug, expect)


# ------------------------------------------------------------------------ expected

def _pin(d, **kw):
    for k, v in kw.items():
        if v is not ...:
            d[k] = v
    return d


def H(url=..., method=..., origin=..., taint=..., creds=..., removed=..., pf=..., status=...,
      cors=..., redir=...):
    """Expected `hops[i]`; only the keys given are compared."""
    return _pin({}, url=url, method=method, origin_header=origin, tainting=taint,
                credentials_sent=creds, removed_headers=removed, preflight=pf, status=status,
                cors_check=cors, redirect=redir)


CORS_OK = {"ok": True, "error": None}


def CORS_ERR(code):
    return {"ok": False, "error": code}


def CORS_FAIL():
    """The CORS check fails; which code is not pinned."""
    return {"ok": False}


def FOLLOW(location):
    return {"location": location, "followed": True, "error": None}


NO_LOCATION = {"location": None, "followed": False, "error": None}
NOT_FOLLOWED = {"followed": False}
MANUAL = {"followed": False, "error": None}


def RERR(code, location=...):
    return _pin({"followed": False, "error": code}, location=location)


def PF(method=..., request_headers=..., max_age=..., cache=..., ok=True, error=None):
    """Expected preflight object of a preflight that was sent and passed."""
    return _pin({}, method=method, request_headers=request_headers, ok=ok, error=error,
                max_age=max_age, cache=cache)


def PF_FAIL(method=..., request_headers=..., error=..., cache=...):
    """Expected preflight object of a preflight that was sent and failed."""
    d = _pin({}, method=method, request_headers=request_headers)
    d["ok"] = False
    d = _pin(d, error=error)
    d["max_age"] = None
    return _pin(d, cache=cache)


HIT = {"cache": "hit"}


def FINAL(url, redirect_count, status, type_):
    return {"url": url, "redirect_count": redirect_count, "status": status, "type": type_}


def E(outcome, hops=..., error_hop=..., final=..., needs_preflight=..., preflight=...,
      cors_check=..., exposed=..., needs=...):
    """Expected chain answer (top level)."""
    return _pin({}, needs_preflight=needs_preflight, preflight=preflight,
                cors_check=cors_check, exposed_headers=exposed, outcome=outcome,
                error_hop=error_hop, needs=needs, final=final, hops=hops)


def NEEDS(hop_index, what, url):
    return {"hop": hop_index, "what": what, "url": url}


def ENTRY(origin, url, credentials, method=..., header=..., max_age=..., stored_at=...):
    """Expected `cache_after` element."""
    return _pin({"origin": origin, "url": url, "credentials": credentials},
                method=method, header=header, max_age=max_age, stored_at=stored_at)


BAD_CASE = {"error": {"code": "bad-case"}}


# ------------------------------------------------------------------ well-formedness

def _pairs(v):
    return isinstance(v, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in v)


def _response(v):
    return (isinstance(v, dict) and set(v) <= {"status", "headers"}
            and isinstance(v.get("status"), int) and not isinstance(v.get("status"), bool)
            and _pairs(v.get("headers")))


def _request(r):
    if not isinstance(r, dict):
        return "request is not an object"
    for k in ("origin", "url", "method"):
        if not isinstance(r.get(k), str):
            return f"request.{k} missing or not a string"
    if not _pairs(r.get("headers")):
        return "request.headers is not a list of pairs"
    if r.get("credentials", "same-origin") not in ("omit", "same-origin", "include"):
        return "bad credentials"
    if r.get("redirect", "follow") not in ("follow", "error", "manual"):
        return "bad redirect"
    extra = set(r) - {"origin", "url", "method", "headers", "credentials", "redirect",
                      "private_network"}
    return f"unknown request keys {sorted(extra)}" if extra else None


def _exchange(c, where):
    """A chain case or a session fetch: `hops`, or the v1 shape."""
    err = _request(c.get("request"))
    if err:
        return f"{where}: {err}"
    if "hops" in c:
        if "response" in c or "preflight_response" in c:
            return f"{where}: hops together with a top-level response"
        if not isinstance(c["hops"], list):
            return f"{where}: hops is not an array"
        for i, h in enumerate(c["hops"]):
            if not isinstance(h, dict) or set(h) - {"url", "preflight_response", "response"}:
                return f"{where}: hops[{i}] has unknown keys"
            if not _response(h.get("response")):
                return f"{where}: hops[{i}].response malformed"
            if "preflight_response" in h and not _response(h["preflight_response"]):
                return f"{where}: hops[{i}].preflight_response malformed"
            if "url" in h and not isinstance(h["url"], str):
                return f"{where}: hops[{i}].url not a string"
    else:
        for k in ("response", "preflight_response"):
            if k in c and not _response(c[k]):
                return f"{where}: {k} malformed"
    return None


def well_formed(case):
    """None when `case` is a well-formed v1.1 input, else what is wrong.
    Cases that expect an error answer are not checked."""
    if "error" in case.get("expect", {}):
        return None
    mode = case.get("mode")
    if mode == "browser":
        if "hops" not in case:
            return "browser case without hops (v1 shape belongs to the v1 files)"
        return _exchange(case, case["id"])
    if mode == "browser-session":
        fs = case.get("fetches")
        if not isinstance(fs, list):
            return "fetches is not an array"
        if "report_cache" in case and not isinstance(case["report_cache"], bool):
            return "report_cache not a boolean"
        last = None
        for i, f in enumerate(fs):
            if not isinstance(f, dict) or set(f) - {"t", "request", "hops", "preflight_response",
                                                      "response"}:
                return f"fetches[{i}] has unknown keys"
            t = f.get("t")
            if isinstance(t, bool) or not isinstance(t, (int, float)) or t < 0:
                return f"fetches[{i}].t is not a non-negative number"
            if last is not None and t < last:
                return f"fetches[{i}].t decreases"
            last = t
            err = _exchange(f, f"{case['id']} fetches[{i}]")
            if err:
                return err
        return None
    return f"unexpected mode {mode!r}"


def checked(cases):
    """Raise when a generated case is malformed; ids must start as announced."""
    for c in cases:
        err = well_formed(c)
        if err:
            raise AssertionError(f"{c['id']}: {err}")
        if not c.get("spec") and not c.get("bug"):
            raise AssertionError(f"{c['id']}: neither spec nor bug")
    return cases

