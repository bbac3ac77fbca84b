"""errors/bad-lines.jsonl: lines that are JSON objects but not valid cases;
errors/not-json.txt: lines that cannot carry an expectation at all.

Source: oracle protocol "Transport" (a bad line never stops the run: not
JSON, not an object, unknown mode, missing field, field of the wrong type,
invalid policy -> error answer with code bad-json, bad-case or bad-policy),
decisions page Browser mode ("Missing preflight_response when a preflight is
needed: bad-case").
"""

from .common import BAD_CASE, BAD_POLICY, DECISIONS, ORIGIN, breq, policy, resp

FILE = "errors/bad-lines.jsonl"

P = "oracle protocol: Transport (bad lines)"

NOT_JSON = [
    '{"id": "truncated", "mode": "server"',
    "not json at all",
    "{'id': 'single-quotes', 'mode': 'server'}",
    '{"id": "trailing-comma", "mode": "server",}',
    '{"id": "bare-word", "mode": server}',
    "[1, 2]",
    '"a string"',
    "42",
    "null",
    "true",
]

TEXT_FILES = {"errors/not-json.txt": "\n".join(NOT_JSON) + "\n"}

GOOD_POLICY = policy([ORIGIN])
GOOD_SERVER_REQ = {"method": "GET", "headers": [["Origin", ORIGIN]]}


def cases():
    out = []

    def add(cid, case, expect, spec=P):
        c = {"id": "err-" + cid}
        c.update(case)
        c["spec"] = spec
        c["expect"] = expect
        out.append(c)

    srv = {"mode": "server", "policy": GOOD_POLICY, "request": GOOD_SERVER_REQ}

    def srv_with(**kw):
        c = dict(srv)
        c.update(kw)
        return {k: v for k, v in c.items() if v is not None}

    # --- mode ---------------------------------------------------------------------------
    add("mode-unknown", srv_with(mode="proxy"), BAD_CASE, f"{P}: unknown mode")
    add("mode-upper", srv_with(mode="SERVER"), BAD_CASE, f"{P}: unknown mode")
    add("mode-missing", {"policy": GOOD_POLICY, "request": GOOD_SERVER_REQ}, BAD_CASE,
        f"{P}: missing field")
    add("mode-number", srv_with(mode=1), BAD_CASE, f"{P}: wrong type")
    # --- server fields --------------------------------------------------------------------
    add("server-no-request", srv_with(request=None), BAD_CASE, f"{P}: missing field")
    add("server-no-policy", srv_with(policy=None), BAD_CASE, f"{P}: missing field")
    add("server-no-method", srv_with(request={"headers": [["Origin", ORIGIN]]}), BAD_CASE,
        f"{P}: missing field")
    add("server-method-number", srv_with(request={"method": 7, "headers": []}), BAD_CASE,
        f"{P}: wrong type")
    add("server-headers-string", srv_with(request={"method": "GET", "headers": "Origin: x"}),
        BAD_CASE, f"{P}: wrong type")
    add("server-headers-object", srv_with(request={"method": "GET", "headers": {"Origin": ORIGIN}}),
        BAD_CASE, f"{P}: wrong type (header lists are arrays of pairs)")
    add("server-pair-three", srv_with(request={"method": "GET", "headers": [["Origin", ORIGIN, "x"]]}),
        BAD_CASE, f"{P}: wrong type (pair)")
    add("server-pair-one", srv_with(request={"method": "GET", "headers": [["Origin"]]}), BAD_CASE,
        f"{P}: wrong type (pair)")
    add("server-pair-number", srv_with(request={"method": "GET", "headers": [["Origin", 1]]}),
        BAD_CASE, f"{P}: wrong type (value)")
    add("server-pair-null-name", srv_with(request={"method": "GET", "headers": [[None, "x"]]}),
        BAD_CASE, f"{P}: wrong type (name)")
    add("server-pair-joined", srv_with(request={"method": "GET", "headers": ["Origin: x"]}),
        BAD_CASE, f"{P}: wrong type (pair is not a pre-joined string)")
    add("server-bad-policy", srv_with(policy={"allow_origins": []}), BAD_POLICY,
        f"{P}: invalid policy")
    add("server-bad-policy-credentials", srv_with(policy={"allow_origins": ["*"],
                                                          "allow_credentials": True}),
        BAD_POLICY, f"{P}: invalid policy")
    # --- browser fields -----------------------------------------------------------------------
    def brw(**kw):
        c = {"mode": "browser", "request": breq("GET"), "response": resp(200, [])}
        c.update(kw)
        return {k: v for k, v in c.items() if v is not None}

    def req_without(key):
        r = breq("GET")
        r.pop(key)
        return r

    add("browser-no-request", brw(request=None), BAD_CASE, f"{P}: missing field")
    for key in ["origin", "url", "method"]:
        add(f"browser-no-{key}", brw(request=req_without(key)), BAD_CASE, f"{P}: missing field")
    r = breq("GET")
    r["credentials"] = "always"
    add("browser-credentials-value", brw(request=r), BAD_CASE,
        "oracle protocol: credentials is omit, same-origin or include")
    r = breq("GET")
    r["credentials"] = True
    add("browser-credentials-type", brw(request=r), BAD_CASE, f"{P}: wrong type")
    r = breq("GET")
    r["headers"] = [["X-A", {"v": 1}]]
    add("browser-header-object", brw(request=r), BAD_CASE, f"{P}: wrong type")
    r = breq("GET")
    r["private_network"] = "yes"
    add("browser-private-network-type", brw(request=r), BAD_CASE,
        f"{P}: wrong type; {DECISIONS}: Browser mode (Private network)")
    add("browser-no-preflight-response", brw(request=breq("PUT")), BAD_CASE,
        f"{DECISIONS}: Browser mode (Missing preflight_response when a preflight is needed)")
    add("browser-no-preflight-response-header", brw(request=breq("GET", [["X-A", "1"]])),
        BAD_CASE, f"{DECISIONS}: Browser mode (Missing preflight_response)")
    add("browser-preflight-status-string",
        brw(request=breq("PUT"), preflight_response={"status": "204", "headers": []}),
        BAD_CASE, f"{P}: wrong type")
    add("browser-response-headers-string",
        brw(response={"status": 200, "headers": "Access-Control-Allow-Origin: *"}), BAD_CASE,
        f"{P}: wrong type")
    add("browser-request-array", brw(request=["GET", ORIGIN]), BAD_CASE, f"{P}: wrong type")
    # A request origin is an origin: anything else describes no exchange.
    for i, o in enumerate(["https://app.example,https://app.example", "https://app.example/", "",
                           "app.example", "http://[1]", "Null"], 1):
        add(f"browser-request-origin-{i}", brw(request=breq("GET", origin=o)), BAD_CASE,
            f"{DECISIONS}: Browser mode (Request origin: a serialized origin or null)")
    # ... and exactly the URL Standard's origin serialization: a browser never
    # sends a non-canonical spelling (oracle protocol v1.1 "well formed").
    canon = ("oracle protocol v1.1: well formed = what the URL Standard's origin serialization "
             f"produces; {DECISIONS}: Browser mode (Request origin)")
    for cid, o, why in [("upper-case", "HTTPS://APP.EXAMPLE", "URL Standard §4.4 scheme and host lower-cased"),
                        ("default-port", "https://app.example:443", "URL Standard §4.4 port state"),
                        ("port-leading-zero", "http://localhost:08080", "URL Standard §4.4 port state"),
                        ("ipv4-shorthand", "http://127.1", "URL Standard §3.5 IPv4 parser, §3.6 IPv4 serializer"),
                        ("ipv4-not-a-host", "http://foo.bar.255", "URL Standard §3.5 IPv4 parser"),
                        ("ipv6-dotted", "http://[::FFFF:1.2.3.4]", "URL Standard §3.6 IPv6 serializer"),
                        ("ipv6-full", "http://[0:0:0:0:0:0:0:1]", "URL Standard §3.6 IPv6 serializer"),
                        ("file", "file://host", "URL Standard §4.7 origin (file: opaque, sent as null)"),
                        ("forbidden-code-point", "https://a^b.example", "URL Standard §3.2 forbidden domain "
                         "code point")]:
        add(f"browser-request-origin-{cid}", brw(request=breq("GET", origin=o)), BAD_CASE, f"{canon}; {why}")
    return out
