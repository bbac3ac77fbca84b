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

EXAMPLES = {"server.jsonl": SERVER, "browser.jsonl": BROWSER}

assert API and ORIGIN
