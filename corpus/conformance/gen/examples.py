"""corpus/examples/: small illustrative cases, no expectations.

What `corsproof eval corpus/examples/*.jsonl` shows a newcomer.  Every line is
a valid case.
"""

from .common import (API, ORIGIN, acao, breq, brw, policy, preflight_req, resp,
                     srv)

POLICY = policy(["https://app.example", "https://*.example.com"],
                allow_methods=["GET", "POST", "PUT", "PATCH"],
                allow_headers=["content-type", "x-api-key"],
                expose_headers=["x-request-id"], max_age=600)

CRED_POLICY = policy(["https://app.example"], allow_methods=["GET", "POST", "PUT"],
                     allow_headers=["content-type"], allow_credentials=True)

STAR_POLICY = policy(["*"], allow_methods=["GET", "POST", "PUT"], allow_headers=["*"])

SERVER = [
    srv("ex-srv-1", POLICY, "OPTIONS",
        preflight_req(ORIGIN, "PUT", "content-type, x-api-key")),
    srv("ex-srv-2", POLICY, "OPTIONS", preflight_req(ORIGIN, "DELETE")),
    srv("ex-srv-3", POLICY, "OPTIONS", preflight_req(ORIGIN, "POST", "x-debug")),
    srv("ex-srv-4", POLICY, "GET", [["Origin", "https://evil.example"]]),
    srv("ex-srv-5", POLICY, "GET", [["Origin", "https://shop.example.com"]]),
    srv("ex-srv-6", CRED_POLICY, "POST",
        [["Origin", ORIGIN], ["Cookie", "session=1"]]),
    srv("ex-srv-7", STAR_POLICY, "GET", [["Origin", "https://anyone.example"]]),
    srv("ex-srv-8", POLICY, "GET", [["Accept", "*/*"]]),
]

BROWSER = [
    brw("ex-brw-1", breq("GET"),
        response=resp(200, [acao(), ["Content-Type", "application/json"],
                            ["X-Request-Id", "42"]])),
    brw("ex-brw-2", breq("PUT", [["Content-Type", "application/json"]]),
        preflight_response=resp(204, [acao(), ["Access-Control-Allow-Methods", "PUT"],
                                      ["Access-Control-Allow-Headers", "content-type"],
                                      ["Access-Control-Max-Age", "600"]]),
        response=resp(200, [acao(), ["Access-Control-Expose-Headers", "x-request-id"],
                            ["X-Request-Id", "42"]])),
    brw("ex-brw-3", breq("GET"),
        response=resp(200, [acao("https://other.example")])),
    brw("ex-brw-4", breq("GET", [["Authorization", "Bearer abc"]]),
        preflight_response=resp(204, [acao("*"), ["Access-Control-Allow-Headers", "*"]])),
    brw("ex-brw-5", breq("CONNECT")),
    brw("ex-brw-6", breq("GET", credentials="include"),
        response=resp(200, [acao("*"), ["Access-Control-Allow-Credentials", "true"]])),
    brw("ex-brw-7", breq("DELETE", url="https://app.example/items/1"),
        response=resp(204, [["Set-Cookie", "a=1"], ["X-Trace", "t"]])),
    brw("ex-brw-8", breq("POST", [["Content-Type", "text/plain;charset=utf-8"],
                                  ["Cookie", "dropped=1"]]),
        response=resp(200, [acao()])),
]

# Protocol 1.1: redirect chains (mode browser with hops) and sessions.


def chain(cid, method, url, hops, headers=(), redirect=None, credentials=None):
    request = {"origin": ORIGIN, "url": url, "method": method, "headers": [list(h) for h in headers]}
    if credentials is not None:
        request["credentials"] = credentials
    if redirect is not None:
        request["redirect"] = redirect
    return {"id": cid, "mode": "browser", "request": request, "hops": hops}


def answer(status, headers):
    return {"status": status, "headers": [list(h) for h in headers]}


def allow(origin=ORIGIN):
    return ["Access-Control-Allow-Origin", origin]


def to(location):
    return ["Location", location]


CHAINS = [
    # api.example redirects to cdn.example: the chain is tainted, hop 1 sends
    # Origin: null and is allowed for null.
    chain("ex-chain-1", "GET", "https://api.example/a",
          [{"response": answer(302, [allow(), to("https://cdn.example/b")])},
           {"url": "https://cdn.example/b",
            "response": answer(200, [allow("null"), ["Content-Type", "text/plain"]])}]),
    # The same, but cdn.example allows the page's origin: blocked at hop 1.
    chain("ex-chain-2", "GET", "https://api.example/a",
          [{"response": answer(302, [allow(), to("https://cdn.example/b")])},
           {"response": answer(200, [allow()])}]),
    # A JSON POST preflighted at hop 0, answered 303: hop 1 is a GET without
    # the body's Content-Type (removed_headers) and needs no preflight.
    chain("ex-chain-3", "POST", "https://api.example/upload",
          [{"preflight_response": answer(204, [allow(), ["Access-Control-Allow-Headers", "content-type"]]),
            "response": answer(303, [allow(), to("/upload/42")])},
           {"response": answer(200, [allow()])}],
          headers=[["Content-Type", "application/json"]]),
    # A redirect to a data: URL: blocked-redirect (redirect-scheme).
    chain("ex-chain-4", "GET", "https://api.example/a",
          [{"response": answer(302, [allow(), to("data:,hello")])}]),
    # redirect: "manual": the page gets an opaque-redirect response.
    chain("ex-chain-5", "GET", "https://api.example/a",
          [{"response": answer(307, [allow(), to("https://api.example/b")])}], redirect="manual"),
    # The page's own URL redirects to the API and no answer of the API is
    # given: incomplete, and "needs" says which hop needs what.
    chain("ex-chain-6", "PUT", "https://app.example/items/1",
          [{"response": answer(308, [to("https://api.example/items/1")])}]),
]

PUT_PREFLIGHT = answer(204, [allow(), ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Max-Age", "600"]])


def fetch(t, method="PUT", url="https://api.example/x", **rest):
    f = {"t": t, "request": {"origin": ORIGIN, "url": url, "method": method, "headers": []}}
    f.update(rest)
    return f


SESSIONS = [
    # docs/protocol.md section 11: without Access-Control-Max-Age the entry
    # lives 5 s, so at t 5 it is gone and the PUT is preflighted again.
    {"id": "ex-session-1", "mode": "browser-session", "report_cache": True, "fetches": [
        fetch(0, preflight_response=answer(204, [allow(), ["Access-Control-Allow-Methods", "PUT"]]),
              response=answer(200, [allow()])),
        fetch(5, hops=[{"preflight_response": PUT_PREFLIGHT, "response": answer(200, [allow()])}])]},
    # The second PUT comes within max-age: a cache hit, no preflight needed.
    {"id": "ex-session-2", "mode": "browser-session", "fetches": [
        fetch(0, preflight_response=PUT_PREFLIGHT, response=answer(200, [allow()])),
        fetch(60, response=answer(200, [allow()]))]},
    # A fetch on the preflight path that ends in a network error (here its
    # response fails the CORS check) clears the entries of its URL.
    {"id": "ex-session-3", "mode": "browser-session", "report_cache": True, "fetches": [
        fetch(0, preflight_response=PUT_PREFLIGHT, response=answer(200, [allow()])),
        fetch(1, response=answer(500, [])),
        fetch(2, preflight_response=PUT_PREFLIGHT, response=answer(200, [allow()]))]},
]

EXAMPLES = {"server.jsonl": SERVER, "browser.jsonl": BROWSER, "chains.jsonl": CHAINS,
            "sessions.jsonl": SESSIONS}

assert API and ORIGIN
