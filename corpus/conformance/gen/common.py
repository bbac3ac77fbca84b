"""Shared builders for the corsproof conformance vectors.

Every expectation in this package is written by hand from the Fetch Standard,
the W3C CORS server model, docs/protocol.md and
docs/protocol-decisions.md.  These helpers only assemble JSON objects; they
contain no CORS logic of their own beyond spelling out the decisions page's
header list for server answers.
"""

ORIGIN = "https://app.example"
API = "https://api.example/resource"

# The seven CORS-safelisted response-header names (Fetch), sorted.
SAFE7 = ["cache-control", "content-language", "content-length", "content-type",
         "expires", "last-modified", "pragma"]

VARY_ORIGIN = ["Vary", "Origin"]
VARY_PF = ["Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]
VARY_PF_STAR = ["Vary", "Access-Control-Request-Method, Access-Control-Request-Headers"]

DECISIONS = "corsproof decisions"


def _finish(case, spec, bug, expect):
    if spec:
        case["spec"] = spec
    if bug:
        case["bug"] = bug
    if expect is not None:
        case["expect"] = expect
    return case


# ---------------------------------------------------------------- server mode

def policy(origins, **kw):
    p = {"allow_origins": list(origins) if not isinstance(origins, str) else [origins]}
    p.update(kw)
    return p


def srv(cid, pol, method, headers, expect=None, spec=None, bug=None):
    case = {"id": cid, "mode": "server", "policy": pol,
            "request": {"method": method, "headers": [list(h) for h in headers]}}
    return _finish(case, spec, bug, expect)


def preflight_req(origin=ORIGIN, method="PUT", acrh=None, extra=()):
    """Headers of a preflight request: Origin, ACRM, optional ACRH, extras."""
    hs = []
    if origin is not None:
        hs.append(["Origin", origin])
    if method is not None:
        hs.append(["Access-Control-Request-Method", method])
    if acrh is not None:
        hs.append(["Access-Control-Request-Headers", acrh])
    hs.extend([list(h) for h in extra])
    return hs


def answer_headers(acao=None, acac=False, acam=None, acah=None, acapn=False,
                   acma=None, aceh=None, vary=None):
    """The decisions page's header list ('The answer', items 1-8)."""
    hs = []
    if acao is not None:
        hs.append(["Access-Control-Allow-Origin", acao])
    if acac:
        hs.append(["Access-Control-Allow-Credentials", "true"])
    if acam is not None:
        hs.append(["Access-Control-Allow-Methods", acam])
    if acah is not None:
        hs.append(["Access-Control-Allow-Headers", acah])
    if acapn:
        hs.append(["Access-Control-Allow-Private-Network", "true"])
    if acma is not None:
        hs.append(["Access-Control-Max-Age", str(acma)])
    if aceh is not None:
        hs.append(["Access-Control-Expose-Headers", aceh])
    if vary is not None:
        hs.append(list(vary))
    return hs


def pf_ok(headers, status=204):
    return {"kind": "preflight", "allowed": True, "reason": "ok", "status": status,
            "headers": headers}


def pf_denied(reason, vary=VARY_PF, detail=None, headers=True):
    e = {"kind": "preflight", "allowed": False, "reason": reason, "status": 403}
    if headers:
        e["headers"] = [list(vary)] if vary else []
    if detail is not None:
        e["detail"] = detail
    return e


def act_ok(headers):
    return {"kind": "actual", "allowed": True, "reason": "ok", "headers": headers}


def act_denied(reason, vary=VARY_ORIGIN, headers=True):
    e = {"kind": "actual", "allowed": False, "reason": reason}
    if headers:
        e["headers"] = [list(vary)] if vary else []
    return e


BAD_POLICY = {"error": {"code": "bad-policy"}}
BAD_CASE = {"error": {"code": "bad-case"}}


# --------------------------------------------------------------- browser mode

def breq(method="GET", headers=(), credentials=None, origin=ORIGIN, url=API,
         private_network=None):
    r = {"origin": origin, "url": url, "method": method,
         "headers": [list(h) for h in headers]}
    if credentials is not None:
        r["credentials"] = credentials
    if private_network is not None:
        r["private_network"] = private_network
    return r


def resp(status=200, headers=()):
    return {"status": status, "headers": [list(h) for h in headers]}


def brw(cid, request, preflight_response=None, response=None, expect=None,
        spec=None, bug=None):
    case = {"id": cid, "mode": "browser", "request": request}
    if preflight_response is not None:
        case["preflight_response"] = preflight_response
    if response is not None:
        case["response"] = response
    return _finish(case, spec, bug, expect)


def pf(method=None, request_headers=..., ok=None, error=..., max_age=...,
       **extra):
    """Expected `preflight` object; only the keys given are compared."""
    d = {}
    if method is not None:
        d["method"] = method
    if request_headers is not ...:
        d["request_headers"] = request_headers
    if ok is not None:
        d["ok"] = ok
    if error is not ...:
        d["error"] = error
    if max_age is not ...:
        d["max_age"] = max_age
    d.update(extra)
    return d


def acao(origin=ORIGIN):
    return ["Access-Control-Allow-Origin", origin]


def ok_preflight_headers(origin=ORIGIN, methods=None, headers=None, creds=False,
                         extra=()):
    """A preflight response that grants what is asked."""
    hs = [acao(origin)]
    if creds:
        hs.append(["Access-Control-Allow-Credentials", "true"])
    if methods is not None:
        hs.append(["Access-Control-Allow-Methods", methods])
    if headers is not None:
        hs.append(["Access-Control-Allow-Headers", headers])
    hs.extend([list(h) for h in extra])
    return hs


FORBIDDEN_REQUEST = {"needs_preflight": False, "preflight": None, "cors_check": None,
                     "exposed_headers": None, "outcome": "forbidden-request"}


# Fetch Standard section names (numbering of whatwg/fetch commit 586cd2a4).
F_METHODS = "Fetch §2.2.1 Methods"
F_SAFE_REQ = "Fetch §2.2.2 Headers: CORS-safelisted request-header"
F_UNSAFE_BYTE = "Fetch §2.2.2 Headers: CORS-unsafe request-header byte"
F_UNSAFE_NAMES = "Fetch §2.2.2 Headers: CORS-unsafe request-header names"
F_FORBIDDEN = "Fetch §2.2.2 Headers: forbidden request-header"
F_NON_WILDCARD = "Fetch §2.2.2 Headers: CORS non-wildcard request-header name"
F_SAFE_RESP = "Fetch §2.2.2 Headers: CORS-safelisted response-header name"
F_EXTRACT = "Fetch §2.2.2 Headers: extract header list values"
F_OK_STATUS = "Fetch §2.2.3 Statuses: ok status"
F_SYNTAX = "Fetch §3.3.4 HTTP new-header syntax"
F_CREDS = "Fetch §3.3.5 CORS protocol and credentials"
F_FETCH = "Fetch §4 Fetching: fetch (UA-added Accept)"
F_MAIN = "Fetch §4.1 Main fetch"
F_PF = "Fetch §4.8 CORS-preflight fetch"
F_CHECK = "Fetch §4.10 CORS check"
F_HEADERS_CLASS = "Fetch §5.1 Headers class: validate, append"
F_REQUEST_CLASS = "Fetch §5.4 Request class: new Request(input, init)"
MIME_PARSE = "MIME Sniffing §4.4 parse a MIME type"
