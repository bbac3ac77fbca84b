"""server/policy.jsonl: policy loading, invalid policies (`bad-policy`) and
valid policies at the edges.

Sources: oracle protocol "Policy object" (entry kinds, canonical spelling,
`*` alone, `*` with credentials, RE2, preflight_status 200/204, max_age
non-negative) and decisions page "Policy loading (bad-policy)" (bounds,
unknown keys, wildcard form, max_age range).
"""

from .common import (BAD_POLICY, DECISIONS, ORIGIN, VARY_ORIGIN, VARY_PF, act_denied,
                     act_ok, answer_headers, pf_ok, policy, preflight_req, srv)

FILE = "server/policy.jsonl"

P_POL = "oracle protocol: Policy object"
D_POL = DECISIONS + ": Policy loading (bad-policy)"


def long_origin(n):
    rest = n - len("https://")
    labels = ["a" * 63] * (rest // 64) + ["b" * (rest % 64)]
    o = "https://" + ".".join(labels)
    assert len(o) == n
    return o


def cases():
    out = []
    req = [["Origin", ORIGIN]]

    def bad(cid, pol, spec, bug=None):
        out.append(srv("srv-policy-bad-" + cid, pol, "GET", req, BAD_POLICY, spec=spec, bug=bug))

    def bad_origins(cid, origins, spec, bug=None, **kw):
        p = {"allow_origins": origins}
        p.update(kw)
        bad(cid, p, spec, bug)

    # --- allow_origins shape ---------------------------------------------------------------
    bad("origins-missing", {"allow_methods": ["GET"]}, f"{P_POL}: allow_origins required")
    bad_origins("origins-empty", [], f"{P_POL}: allow_origins non-empty")
    bad_origins("origins-string", ORIGIN, f"{D_POL}: allow_origins is an array of strings")
    bad_origins("origins-number", [1], D_POL)
    bad_origins("origins-null-entry", [None], D_POL)
    bad_origins("origins-nested", [[ORIGIN]], D_POL)

    # --- non-canonical exact entries --------------------------------------------------------------
    noncanon = [("upper-scheme", "HTTPS://app.example"), ("upper-host", "https://App.example"),
                ("https-443", "https://app.example:443"), ("http-80", "http://app.example:80"),
                ("ws-80", "ws://app.example:80"), ("wss-443", "wss://app.example:443"),
                ("ftp-21", "ftp://app.example:21"), ("trailing-slash", "https://app.example/"),
                ("path", "https://app.example/api"), ("userinfo", "https://user@app.example"),
                ("query", "https://app.example?x=1"), ("fragment", "https://app.example#x"),
                ("no-scheme", "app.example"), ("empty", ""), ("no-host", "https://"),
                ("null-upper", "NULL"), ("trailing-space", "https://app.example "),
                ("leading-space", " https://app.example")]
    for cid, e in noncanon:
        bad_origins("noncanonical-" + cid, [e], f"{P_POL}: exact entry must be canonical; {D_POL}",
                    bug="silent origin normalization")
    bad_origins("noncanonical-among-good", [ORIGIN, "https://Other.example"], D_POL)

    # --- exact entries spelled as browsers serialize them: hosts (URL Standard
    # §3.5 host parser, §3.6 host serializer, §4.7 origin) ----------------------
    P_HOST = (f"{P_POL}: exact entry in the form a browser serializes; URL Standard §3.5 host parser, "
              f"§3.6 host serializer; {D_POL}")
    hosts = [("ipv4-shorthand", "http://127.1:3999", "IPv4 parser: the last part fills the rest"),
             ("ipv4-trailing-dot", "https://127.0.0.1.:90", "IPv4 parser: a trailing empty part"),
             ("ipv4-hex", "http://0x7f.0.0.1", "IPv4 number parser: hex"),
             ("ipv4-octal", "http://0177.0.0.1", "IPv4 number parser: octal"),
             ("ipv4-one-number", "http://2130706433", "IPv4 parser: one part"),
             ("ipv4-not-a-host", "http://foo.bar.255:6060", "ends in a number, IPv4 parser fails"),
             ("ipv4-five-parts", "https://127.0.0.1.1", "IPv4 parser: more than four parts"),
             ("ipv4-above-255", "http://1.2.3.256", "IPv4 parser: the last part above 255"),
             ("ipv6-full", "http://[2001:4860:4860:0000:0000:0000:0000:8888]:90", "IPv6 serializer: compressed"),
             ("ipv6-dotted", "http://[::ffff:1.2.3.4]", "IPv6 serializer: never a dotted tail"),
             ("ipv6-upper", "http://[::A]", "IPv6 serializer: lower-case hex"),
             ("ipv6-single-zero", "http://[1:2:3:4:5:6:7::]", "IPv6 serializer: a single zero piece"),
             ("forbidden-code-point", "https://a^b.example", "§3.2 forbidden domain code point"),
             ("percent", "https://a%2eb.example", "§3.2 forbidden domain code point (%)"),
             ("non-ascii", "https://b\u00fccher.example", "§3.3 domain parser (serialized as Punycode)"),
             ("file", "file://host", "§4.7 origin: file URLs are opaque, browsers send null"),
             ("file-path", "file:///srv/app", "§4.7 origin: file URLs are opaque, browsers send null"),
             ("star-in-host", "https://a*b.example", "\"*\" is policy syntax outside scheme://*.suffix")]
    for cid, e, why in hosts:
        bad_origins("host-" + cid, [e], f"{P_HOST} ({why})", bug="silent origin normalization")
    for i, w in enumerate(["https://*..example.com", "https://*.a..example.com", "https://*.example.com..",
                           "https://*.a.b*c.example"], 1):
        bad_origins(f"wildcard-empty-label-{i}" if i < 4 else "wildcard-second-star", [w],
                    f"{D_POL}: wildcard suffix of non-empty labels (one trailing dot allowed), one \"*\"")

    # --- * rules ---------------------------------------------------------------------------------------
    bad_origins("star-not-alone-1", ["*", ORIGIN], f"{P_POL}: * must be the only entry")
    bad_origins("star-not-alone-2", [ORIGIN, "*"], f"{P_POL}: * must be the only entry")
    bad_origins("star-not-alone-3", ["*", "null"], f"{P_POL}: * must be the only entry")
    bad_origins("star-credentials", ["*"], f"{P_POL}: * with allow_credentials",
                bug="ACAO * with credentials", allow_credentials=True)

    # --- re: ----------------------------------------------------------------------------------------------
    for i, pat in enumerate(["(", "[a-", "(a)\\1", "(?=x)", "a{2,1}", "*", "(?<!x)y"], 1):
        bad_origins(f"regex-{i}", ["re:" + pat], f"{P_POL}: re: pattern must compile under RE2")

    # --- wildcards -------------------------------------------------------------------------------------------
    wild = ["https://*example.com", "https://*.", "https://*.*.example.com",
            "https://a.*.example.com", "https://*.example.com:443", "http://*.example.com:80",
            "https://*.Example.com", "https://*.example.com/", "*.example.com", "https://*",
            "https://*.example.com:", "https://*.127.0.0.1", "https://*.[::1]",
            "https://**.example.com", "https://*.example.*", "HTTPS://*.example.com",
            # suffixes that end in a number (URL Standard "ends in a number checker")
            "https://*.0.1", "https://*.01.2.3.4", "https://*.256.2.3.4", "https://*.a.0x1f",
            "https://*.example.1", "https://*.a.1."]
    for i, w in enumerate(wild, 1):
        bad_origins(f"wildcard-{i}", [w], f"{D_POL}: wildcard scheme://*.suffix[:port]")

    # --- entry length ---------------------------------------------------------------------------------------
    bad_origins("origin-length-1025", [long_origin(1025)], f"{D_POL}: entries at most 1024 bytes")
    o1024 = long_origin(1024)
    out.append(srv("srv-policy-origin-length-1024", policy([o1024]), "GET", [["Origin", o1024]],
                   act_ok(answer_headers(acao=o1024, vary=VARY_ORIGIN)),
                   f"{D_POL}: entries at most 1024 bytes"))

    # --- methods, headers -------------------------------------------------------------------------------------
    def bad_field(cid, key, value, spec):
        bad(cid, policy([ORIGIN], **{key: value}), spec)

    for i, v in enumerate([["GET POST"], [""], ["GET,POST"], "GET", [1], ["G\u00c9T"],
                           ["GET", None]], 1):
        bad_field(f"methods-{i}", "allow_methods", v, f"{P_POL}: allow_methods are tokens; {D_POL}")
    bad_field("methods-257", "allow_methods", [f"M{i}" for i in range(257)],
              f"{D_POL}: at most 256 methods")
    for i, v in enumerate([["x a"], ["x:a"], [""], "x-a", [True], ["x-\u00e9"]], 1):
        bad_field(f"headers-{i}", "allow_headers", v, f"{P_POL}: allow_headers are field names")
    bad_field("headers-257", "allow_headers", [f"x-{i}" for i in range(257)],
              f"{D_POL}: at most 256 headers")
    for i, v in enumerate([["x,y"], ["x y"], [""], "x-a"], 1):
        bad_field(f"expose-{i}", "expose_headers", v, f"{P_POL}: expose_headers are field names")
    bad_field("expose-257", "expose_headers", [f"x-{i}" for i in range(257)],
              f"{D_POL}: at most 256 expose headers")
    for key in ["allow_methods", "allow_headers", "expose_headers"]:
        bad_field(f"{key}-name-1025", key, ["n" * 1025], f"{D_POL}: each name at most 1024 bytes")

    # --- scalars -------------------------------------------------------------------------------------------------
    for i, v in enumerate(["true", 1, "yes"], 1):
        bad_field(f"credentials-{i}", "allow_credentials", v, f"{P_POL}: allow_credentials boolean")
    for i, v in enumerate([-1, 2147483648, 1.5, "600", True, -0.5], 1):
        bad_field(f"max-age-{i}", "max_age", v, f"{P_POL}: max_age non-negative integer; "
                  f"{D_POL}: max_age 0..2147483647")
    for i, v in enumerate([301, 205, 404, 0, "204", 200.5], 1):
        bad_field(f"preflight-status-{i}", "preflight_status", v,
                  f"{P_POL}: preflight_status 200 or 204")
    for i, v in enumerate(["yes", 1], 1):
        bad_field(f"private-network-{i}", "allow_private_network", v,
                  f"{P_POL}: allow_private_network boolean")

    # --- unknown keys ------------------------------------------------------------------------------------------------
    for i, k in enumerate(["allow_origin", "allowOrigins", "max-age", "vary", "comment",
                           "Allow_Origins"], 1):
        p = policy([ORIGIN])
        p[k] = [ORIGIN] if "rigin" in k else 1
        bad(f"unknown-key-{i}", p, f"{D_POL}: unknown policy keys", bug="typo in policy key "
            "silently ignored")

    # --- valid edges: the policy loads and is applied ------------------------------------------------
    def good(cid, pol, method, headers, expect, spec):
        out.append(srv("srv-policy-ok-" + cid, pol, method, headers, expect, spec=spec))

    good("wildcard-one-label", policy(["https://*.com"]), "GET", [["Origin", "https://a.com"]],
         act_ok(answer_headers(acao="https://a.com", vary=VARY_ORIGIN)),
         f"{D_POL}: suffix of at least one label (dangerous but valid; see lint)")
    good("methods-256", policy([ORIGIN], allow_methods=[f"M{i}" for i in range(255)] + ["PUT"]),
         "OPTIONS", preflight_req(ORIGIN, "PUT"),
         pf_ok(answer_headers(acao=ORIGIN, acam="PUT", vary=VARY_PF)), f"{D_POL}: at most 256")
    good("headers-256", policy([ORIGIN], allow_methods=["PUT"],
                               allow_headers=[f"x-{i}" for i in range(256)]),
         "OPTIONS", preflight_req(ORIGIN, "PUT", "x-255"),
         pf_ok(answer_headers(acao=ORIGIN, acam="PUT", acah="x-255", vary=VARY_PF)),
         f"{D_POL}: at most 256")
    good("duplicate-methods", policy([ORIGIN], allow_methods=["PUT", "PUT", "put"]),
         "OPTIONS", preflight_req(ORIGIN, "PUT"),
         pf_ok(answer_headers(acao=ORIGIN, acam="PUT", vary=VARY_PF)), f"{D_POL}: duplicates accepted")
    good("null-with-credentials", policy(["null"], allow_credentials=True), "GET",
         [["Origin", "null"]], act_ok(answer_headers(acao="null", acac=True, vary=VARY_ORIGIN)),
         f"{P_POL}: \"null\" entry (dangerous but valid; see lint)")
    good("regex-ok", policy(["re:^https://app\\.example$"]), "GET", req,
         act_ok(answer_headers(acao=ORIGIN, vary=VARY_ORIGIN)), f"{P_POL}: re: entry")
    good("ipv6", policy(["https://[2001:db8::1]"]), "GET", [["Origin", "https://[2001:db8::1]"]],
         act_ok(answer_headers(acao="https://[2001:db8::1]", vary=VARY_ORIGIN)),
         f"{P_POL}: exact entry")
    good("max-age-0", policy([ORIGIN], max_age=0, allow_methods=["PUT"]), "OPTIONS",
         preflight_req(ORIGIN, "PUT"),
         pf_ok(answer_headers(acao=ORIGIN, acam="PUT", acma=0, vary=VARY_PF)),
         f"{P_POL}: max_age non-negative")
    good("port-non-default", policy(["https://app.example:8443", "http://app.example:443"]), "GET",
         [["Origin", "http://app.example:443"]],
         act_ok(answer_headers(acao="http://app.example:443", vary=VARY_ORIGIN)),
         f"{D_POL}: only the scheme's own default port is non-canonical")
    good("ws-origin", policy(["wss://app.example"]), "GET", [["Origin", "https://app.example"]],
         act_denied("origin-not-allowed"), P_POL)
    P_HOST_OK = (f"{P_POL}: exact entry in the form a browser serializes; URL Standard §3.5 host parser, "
                 f"§3.6 host serializer")
    for cid, e in [("ipv4", "http://127.0.0.1:3999"), ("ipv6-compressed", "http://[2001:4860:4860::8888]:90"),
                   ("ipv6-mapped", "http://[::ffff:102:304]"), ("empty-label", "https://.example.com"),
                   ("empty-inner-label", "https://a..example.com"), ("trailing-dot", "https://example.com."),
                   ("domain-code-points", "https://a!$,;=~'.example"),
                   ("punycode-lower-cased-only", "http://xn--f")]:
        good("host-" + cid, policy([e]), "GET", [["Origin", e]],
             act_ok(answer_headers(acao=e, vary=VARY_ORIGIN)),
             P_HOST_OK + (" (whatwg/url a8d5ca3: an ASCII domain's ToASCII failure is a validation error "
                          "only)" if cid.startswith("punycode") else ""))
    good("wildcard-trailing-dot", policy(["https://*.example.com."]), "GET",
         [["Origin", "https://a.example.com."]],
         act_ok(answer_headers(acao="https://a.example.com.", vary=VARY_ORIGIN)),
         f"{D_POL}: wildcard suffix may end with one trailing dot")
    return out
