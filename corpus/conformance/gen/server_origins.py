"""server/origins.jsonl: how a policy's allow_origins matches a request Origin.

Sources: W3C CORS §6.1 step 2 / §6.2 step 2 (origin must be in the list,
case-sensitive), oracle protocol v1.1 "Policy object" (entry kinds; `*`
matches null; a request Origin is well formed when it is what the URL
Standard's origin serialization produces), the URL Standard (§3.5 host
parser, §3.6 host serializer, §4.7 origin; whatwg/url 6ae8486), decisions
page "Server mode / Origins" (well-formedness, wildcard and re: matching,
multiple Origin headers).
"""

from .common import (DECISIONS, VARY_ORIGIN, VARY_PF, VARY_PF_STAR, act_denied,
                     act_ok, answer_headers, pf_denied, pf_ok, policy,
                     preflight_req, srv)

FILE = "server/origins.jsonl"

W3C_LIST = "W3C CORS §6.1 step 2 (origin not in list: case-sensitive match)"
P_EXACT = "oracle protocol: allow_origins exact entry (byte-for-byte)"
D_ORIG = DECISIONS + ": Origins"
D_WF = DECISIONS + ": Origins (well-formed Origin)"
D_MULTI = DECISIONS + ": Origins (multiple Origin headers)"
D_WILD = DECISIONS + ": Origins (wildcard scheme://*.suffix[:port])"
D_RE = DECISIONS + ": Origins (re: anchored RE2, never null)"
D_STAR = "oracle protocol v1.1: \"*\" matches every origin, null included; " + DECISIONS + ": Origins"
D_CANON = ("oracle protocol v1.1: a request Origin is well formed when it is what the URL Standard's "
           "origin serialization produces; " + DECISIONS + ": Origins (well formed, read literally)")
URL_HOST = "URL Standard §3.5 host parser"
URL_DOMAIN = "URL Standard §3.3 domain parser and §3.2 forbidden domain code point"
URL_IPV4 = "URL Standard §3.5 ends in a number checker and IPv4 parser, §3.6 IPv4 serializer"
URL_IPV6 = "URL Standard §3.5 IPv6 parser, §3.6 IPv6 serializer"
URL_ORIGIN = "URL Standard §4.7 origin (file: opaque)"
NONCANON = " (superseded: non-canonical was once well formed)"
D_TRIM = DECISIONS + ": Bytes and values (trimming)"

EXACT = policy(["https://app.example"])
STAR = policy(["*"])


def ok_exact(origin):
    return act_ok(answer_headers(acao=origin, vary=VARY_ORIGIN))


def ok_star():
    return act_ok(answer_headers(acao="*"))


def get(origin):
    return [["Origin", origin]]


def cases():
    out = []

    def add(cid, pol, origin, expect, spec=None, bug=None, method="GET"):
        out.append(srv("srv-origin-" + cid, pol, method, get(origin), expect,
                       spec=spec, bug=bug))

    # --- exact entries -----------------------------------------------------
    add("exact-1", EXACT, "https://app.example", ok_exact("https://app.example"), P_EXACT)
    for i, o in enumerate(["https://APP.example", "HTTPS://app.example",
                           "https://App.Example", "HTTPS://APP.EXAMPLE"], 1):
        add(f"case-{i}", EXACT, o, act_denied("malformed-origin"),
            f"{D_CANON}; URL Standard §4.4 (scheme lower-cased), §3.3 domain parser (lower-cased)" + NONCANON,
            bug="case-insensitive origin comparison")
    add("default-port-1", EXACT, "https://app.example:443", act_denied("malformed-origin"),
        f"{D_CANON}; URL Standard §4.4 port state (default port dropped)" + NONCANON,
        bug="origin normalization before comparison")
    add("default-port-2", EXACT, "https://app.example:0443", act_denied("malformed-origin"),
        f"{D_CANON}; URL Standard §4.4 port state (a number, serialized without leading zeros)" + NONCANON)
    add("other-port-1", EXACT, "https://app.example:8443", act_denied("origin-not-allowed"),
        W3C_LIST)
    add("scheme-1", EXACT, "http://app.example", act_denied("origin-not-allowed"), W3C_LIST,
        bug="scheme ignored in origin check")
    add("scheme-2", EXACT, "wss://app.example", act_denied("origin-not-allowed"), W3C_LIST)
    add("trailing-dot-1", EXACT, "https://app.example.", act_denied("origin-not-allowed"),
        f"{P_EXACT}; {D_WF}")
    add("trim-1", EXACT, " https://app.example\t", ok_exact("https://app.example"),
        f"{D_TRIM}; oracle protocol: request header values trimmed")
    add("trim-2", EXACT, "\t\t https://app.example  ", ok_exact("https://app.example"),
        D_TRIM)

    LOCAL = policy(["http://localhost:8080"])
    add("port-1", LOCAL, "http://localhost:8080", ok_exact("http://localhost:8080"), P_EXACT)
    add("port-2", LOCAL, "http://localhost", act_denied("origin-not-allowed"), W3C_LIST)
    add("port-3", LOCAL, "http://localhost:80", act_denied("malformed-origin"),
        f"{D_CANON}; URL Standard §4.4 port state (default port dropped)" + NONCANON)
    add("port-4", LOCAL, "http://localhost:08080", act_denied("malformed-origin"),
        f"{D_CANON}; URL Standard §4.4 port state (no leading zeros)" + NONCANON)
    add("port-5", LOCAL, "http://localhost:65535", act_denied("origin-not-allowed"), D_WF)

    IPS = policy(["http://127.0.0.1:3000", "http://[::1]:3000"])
    add("ipv4-1", IPS, "http://127.0.0.1:3000", ok_exact("http://127.0.0.1:3000"), D_WF)
    add("ipv6-1", IPS, "http://[::1]:3000", ok_exact("http://[::1]:3000"), D_WF)
    add("ipv6-2", IPS, "http://[0:0:0:0:0:0:0:1]:3000", act_denied("malformed-origin"),
        f"{D_CANON}; {URL_IPV6} (compressed)" + NONCANON)
    add("ipv4-2", IPS, "http://127.0.0.2:3000", act_denied("origin-not-allowed"), W3C_LIST)
    # Bracketed hosts are RFC 3986 IPv6address (the URL Standard's IPv6 parser).
    D_V6 = f"{D_WF}; RFC 3986 §3.2.2 IPv6address; URL Standard IPv6 parser"
    for i, o in enumerate(["http://[1]", "http://[.]", "http://[:]", "http://[1:2]",
                           "http://[1::2::3]", "http://[1:2:3:4:5:6:7:8:9]", "http://[::1.2.3.04]",
                           "http://[12345::]", "http://[::1:]"], 1):
        add(f"ipv6-malformed-{i}", STAR, o, act_denied("malformed-origin", vary=None), D_V6)
    for i, o in enumerate(["http://[::]", "http://[1:2:3:4:5:6:7:0]", "http://[::ffff:102:304]"], 1):
        add(f"ipv6-wellformed-{i}", STAR, o, ok_star(), f"{D_V6}; {URL_IPV6}")
    # Port 0 is nobody's default port: it is part of the origin.
    ZERO = policy(["chrome-extension://abcdef:0"])
    add("port-zero-1", ZERO, "chrome-extension://abcdef:0", ok_exact("chrome-extension://abcdef:0"),
        f"{P_EXACT}; URL Standard default port (none for this scheme)")
    add("port-zero-2", ZERO, "chrome-extension://abcdef", act_denied("origin-not-allowed"), W3C_LIST)

    # --- null ----------------------------------------------------------------
    WITH_NULL = policy(["https://app.example", "null"])
    add("null-listed-1", WITH_NULL, "null", ok_exact("null"),
        "oracle protocol: \"null\" entry")
    add("null-listed-2", WITH_NULL, "null ", ok_exact("null"), D_TRIM)
    add("null-unlisted-1", EXACT, "null", act_denied("origin-not-allowed"),
        "oracle protocol: \"null\" only matched when listed", bug="null origin allowed")
    # Protocol v1.1: "*" matches every origin, null included: a public
    # resource answers ACAO * (Fetch CORS check step 3 accepts * for an
    # opaque origin without credentials), with no Vary.
    F_STAR = "Fetch §4.10 CORS check step 3 (* without credentials)"
    add("null-star-1", STAR, "null", ok_star(), f"{D_STAR}; {F_STAR}")
    out.append(srv("srv-origin-null-star-2", STAR, "OPTIONS",
                   preflight_req("null", "GET"),
                   pf_ok(answer_headers(acao="*", acam="GET", vary=VARY_PF_STAR)), f"{D_STAR}; {F_STAR}"))
    STAR_ALL = policy(["*"], allow_methods=["*"], allow_headers=["*"], expose_headers=["x-request-id"])
    out.append(srv("srv-origin-null-star-3", STAR_ALL, "OPTIONS",
                   preflight_req("null", "DELETE", acrh="x-a, content-type"),
                   pf_ok(answer_headers(acao="*", acam="*", acah="*", vary=VARY_PF_STAR)),
                   f"{D_STAR}; {DECISIONS}: The answer (items 1, 3, 4, 8)"))
    out.append(srv("srv-origin-null-star-4", STAR_ALL, "POST", get("null"),
                   act_ok(answer_headers(acao="*", aceh="x-request-id")),
                   f"{D_STAR}; {DECISIONS}: The answer (items 1, 7, 8)"))
    add("null-star-5", STAR, " null\t", ok_star(), f"{D_STAR}; {D_TRIM}")
    for i, o in enumerate(["Null", "NULL", "nul", "null null"], 1):
        add(f"null-spelling-{i}", WITH_NULL, o, act_denied("malformed-origin"),
            f"{D_WF} (null is exact bytes)")
    add("null-re-1", policy(["re:.*"]), "null", act_denied("origin-not-allowed"), D_RE)
    add("null-re-2", policy(["re:null"]), "null", act_denied("origin-not-allowed"), D_RE)
    add("null-wild-1", policy(["https://*.example.com"]), "null",
        act_denied("origin-not-allowed"), D_RE)

    # An IP address is never a subdomain: no wildcard matches it.
    NUMERIC_INSIDE = policy(["https://*.1.example", "https://*.0.1x"])
    add("wild-ip-1", NUMERIC_INSIDE, "https://10.0.0.1", act_denied("origin-not-allowed"),
        f"{D_WILD}; URL Standard ends in a number")
    add("wild-ip-2", NUMERIC_INSIDE, "https://0.1.example", ok_exact("https://0.1.example"), D_WILD)
    add("wild-ip-3", NUMERIC_INSIDE, "https://10.0.1x", ok_exact("https://10.0.1x"), D_WILD)

    # --- * -------------------------------------------------------------------
    add("star-1", STAR, "https://anyone.example", ok_star(),
        "W3C CORS §6.1 step 3 (ACAO * allowed without credentials)")
    add("star-2", STAR, "http://localhost:1234", ok_star(), D_STAR)
    add("star-3", STAR, "HTTPS://UPPER.EXAMPLE", act_denied("malformed-origin", vary=None),
        f"{D_CANON}; {DECISIONS}: The answer (Vary absent for * without credentials)" + NONCANON)
    add("star-4", STAR, "https://a.example/", act_denied("malformed-origin", vary=None),
        f"{D_WF}; {DECISIONS}: The answer (Vary absent for * without credentials)")

    # --- wildcard subdomains -------------------------------------------------
    W = policy(["https://*.example.com"])
    wild_ok = ["https://a.example.com", "https://a.b.example.com", "https://a-b.example.com",
               "https://a_b.example.com", "https://0.example.com",
               "https://x.y.z.example.com"]
    for i, o in enumerate(wild_ok, 1):
        add(f"wild-ok-{i}", W, o, ok_exact(o), D_WILD)
    wild_no = [("https://example.com", "wildcard matches the bare suffix"),
               ("https://evilexample.com", "suffix match without dot"),
               ("https://xexample.com", "suffix match without dot"),
               ("https://a.example.com.evil.test", "prefix match"),
               ("https://example.com.evil.test", "prefix match"),
               ("https://a.example.com:8443", "wildcard ignores port"),
               ("https://a.example.com:443", "origin normalization before comparison"),
               ("http://a.example.com", "scheme ignored in origin check"),
               ("https://A.example.com", "case-insensitive origin comparison"),
               ("https://a.Example.com", "case-insensitive origin comparison"),
               ("https://a.example.co", None),
               ("https://a.example.comx", "suffix match without anchor")]
    # Non-canonical spellings (":443", upper case) are malformed before any
    # wildcard is tried.
    noncanonical = {"https://a.example.com:443", "https://A.example.com", "https://a.Example.com"}
    for i, (o, bug) in enumerate(wild_no, 1):
        if o in noncanonical:
            add(f"wild-no-{i}", W, o, act_denied("malformed-origin"), f"{D_CANON}; {D_WILD}" + NONCANON,
                bug=bug)
        else:
            add(f"wild-no-{i}", W, o, act_denied("origin-not-allowed"), D_WILD, bug=bug)
    add("wild-malformed-2", W, "https://a.example.com/", act_denied("malformed-origin"), D_WF)
    # Empty labels: the URL Standard's host parser accepts them (the domain
    # parser does not verify DNS lengths), so the origin is well formed; a
    # wildcard never matches it.
    D_EMPTY = ("oracle protocol v1.1: an empty DNS label is accepted by the host parser, a wildcard "
               f"never matches it; {URL_DOMAIN} (beStrict false)")
    add("wild-empty-label-1", W, "https://a..example.com", act_denied("origin-not-allowed"),
        f"{D_EMPTY}; {D_WILD}")
    add("wild-empty-label-2", W, "https://.example.com", act_denied("origin-not-allowed"),
        f"{D_EMPTY}; {D_WILD}")
    add("empty-label-1", EXACT, "https://.app.example", act_denied("origin-not-allowed"), D_EMPTY)
    add("empty-label-2", EXACT, "https://app..example", act_denied("origin-not-allowed"), D_EMPTY)
    add("empty-label-3", policy(["https://.example.com"]), "https://.example.com",
        ok_exact("https://.example.com"), f"{D_EMPTY}; {P_EXACT}")
    add("empty-label-4", STAR, "https://a..b", ok_star(), f"{D_EMPTY}; {D_STAR}")
    add("empty-label-5", STAR, "https://.", ok_star(), f"{D_EMPTY}; {D_STAR}")
    out.append(srv("srv-origin-empty-label-6", policy(["https://*.example.com"]), "OPTIONS",
                   preflight_req("https://x..example.com", "GET"),
                   pf_denied("origin-not-allowed"), f"{D_EMPTY}; {D_WILD}"))
    WP = policy(["https://*.example.com:8443"])
    add("wild-port-1", WP, "https://a.example.com:8443", ok_exact("https://a.example.com:8443"),
        D_WILD)
    for i, o in enumerate(["https://a.example.com", "https://a.example.com:08443",
                           "https://a.example.com:9443", "https://example.com:8443"], 2):
        if o.endswith(":08443"):
            add(f"wild-port-{i}", WP, o, act_denied("malformed-origin"), f"{D_CANON}; {D_WILD}" + NONCANON)
        else:
            add(f"wild-port-{i}", WP, o, act_denied("origin-not-allowed"), D_WILD)
    WL = policy(["http://*.localhost:3000"])
    add("wild-local-1", WL, "http://api.localhost:3000", ok_exact("http://api.localhost:3000"),
        D_WILD)
    add("wild-local-2", WL, "http://localhost:3000", act_denied("origin-not-allowed"), D_WILD)

    # --- malformed origins ---------------------------------------------------
    malformed = [
        ("https://app.example/", "trailing slash"), ("https://app.example/path", "path"),
        ("https://user@app.example", "userinfo"), ("https://u:p@app.example", "userinfo"),
        ("https://app.example?x=1", "query"), ("https://app.example#f", "fragment"),
        ("", "empty"), ("   ", "empty after trimming"),
        ("https://app.example, https://app.example", "comma"),
        ("https://app.example,https://evil.example", "comma"),
        ("app.example", "no scheme"), ("https://", "no host"), ("https:/app.example", "one slash"),
        ("https//app.example", "no colon"), ("https://app .example", "inner space"),
        ("https://app\t.example", "inner tab"), ("https://app.example:", "empty port"),
        ("https://app.example:65536", "port above 65535"),
        ("https://app.example:123456", "six-digit port"), ("https://app.example:-1", "port sign"),
        ("https://app.example:8a", "port letter"), ("https://app.example:443:443", "two ports"),
        ("1https://app.example", "scheme starts with digit"), ("https://[::1", "open bracket"),
        ("https://ex\u00e4mple.com", "non-ASCII host"), ("https://app%2eexample", "percent"),
        ("*", "star"), ("https://app.example:443.evil.test", "port with text"),
    ]
    for i, (o, why) in enumerate(malformed, 1):
        add(f"malformed-{i}", EXACT, o, act_denied("malformed-origin"), f"{D_WF}: {why}")
    out.append(srv("srv-origin-malformed-pf-1", EXACT, "OPTIONS",
                   preflight_req("https://app.example/", "PUT"),
                   pf_denied("malformed-origin"), D_WF))
    # Length bound: at most 1024 bytes.  Labels of 63 bytes keep the host a
    # plain DNS name.
    for n, exp in [(1024, True), (1025, False)]:
        rest = n - len("https://")
        labels = ["a" * 63] * (rest // 64) + ["b" * (rest % 64)]
        o = "https://" + ".".join(labels)
        assert len(o) == n and all(0 < len(x) <= 63 for x in labels)
        add(f"length-{n}", STAR, o, ok_star() if exp else act_denied("malformed-origin", vary=None),
            f"{D_WF} (longer than 1024 bytes is malformed)")

    # --- multiple Origin headers ----------------------------------------------
    multi = [
        [["Origin", "https://app.example"], ["Origin", "https://app.example"]],
        [["Origin", "https://app.example"], ["Origin", "https://evil.example"]],
        [["Origin", "https://app.example"], ["origin", "https://app.example"]],
        [["Origin", "https://app.example"], ["Origin", ""]],
        [["Origin", "https://app.example/"], ["Origin", "null"]],
    ]
    for i, hs in enumerate(multi, 1):
        out.append(srv(f"srv-origin-multiple-{i}", EXACT, "GET", hs,
                       act_denied("multiple-origins"), D_MULTI,
                       bug="first Origin header wins"))
    out.append(srv("srv-origin-multiple-star-1", STAR, "GET",
                   [["Origin", "https://a.example"], ["Origin", "https://b.example"]],
                   act_denied("multiple-origins", vary=None), D_MULTI))
    out.append(srv("srv-origin-multiple-pf-1", EXACT, "OPTIONS",
                   [["Origin", "https://app.example"], ["Origin", "https://app.example"],
                    ["Access-Control-Request-Method", "PUT"]],
                   pf_denied("multiple-origins"), D_MULTI))

    # --- reflection and prefix/suffix bypasses ---------------------------------
    CRED = policy(["https://app.example"], allow_credentials=True)
    for i, (pol, o) in enumerate([(EXACT, "https://evil.example"),
                                  (CRED, "https://evil.example"), (CRED, "null"),
                                  (EXACT, "https://attacker.test")], 1):
        add(f"reflection-{i}", pol, o, act_denied("origin-not-allowed"), W3C_LIST,
            bug="origin reflection")
    bypass = ["https://app.example.evil.test", "https://evilapp.example",
              "https://app.examplex", "https://app.exampl", "https://xapp.example",
              "https://app.example.com"]
    for i, o in enumerate(bypass, 1):
        add(f"bypass-{i}", EXACT, o, act_denied("origin-not-allowed"), W3C_LIST,
            bug="prefix/suffix origin match")

    # --- re: patterns ------------------------------------------------------------
    R1 = policy(["re:https://app\\.example"])
    add("re-anchor-1", R1, "https://app.example", ok_exact("https://app.example"), D_RE)
    for i, o in enumerate(["https://app.example.evil", "https://app.example:8443",
                           "xhttps://app.example"], 2):
        add(f"re-anchor-{i}", R1, o, act_denied("origin-not-allowed"), D_RE,
            bug="unanchored regex")
    add("re-anchor-5", R1, "https://APP.example", act_denied("malformed-origin"),
        f"{D_CANON}; oracle protocol: check order (malformed before the list)" + NONCANON)
    add("re-anchor-trim-1", R1, " https://app.example ", ok_exact("https://app.example"),
        f"{D_RE} (after trimming)")
    R2 = policy(["re:^https://app.example.com$"])
    for i, o in enumerate(["https://app.example.com", "https://appxexample.com",
                           "https://app-example.com", "https://app.examplexcom"], 1):
        add(f"re-dot-{i}", R2, o, ok_exact(o), D_RE, bug="unescaped regex dot")
    R3 = policy(["re:^https://[a-z0-9-]+\\.example\\.org$"])
    add("re-class-1", R3, "https://a-1.example.org", ok_exact("https://a-1.example.org"), D_RE)
    for i, o in enumerate(["https://a.b.example.org", "https://example.org",
                           "https://a.example.org.evil"], 2):
        add(f"re-class-{i}", R3, o, act_denied("origin-not-allowed"), D_RE)
    add("re-class-5", R3, "https://A.example.org", act_denied("malformed-origin"),
        f"{D_CANON}; oracle protocol: check order (malformed before the list)" + NONCANON)
    R4 = policy(["re:https://a\\.example|https://b\\.example"])
    add("re-alt-1", R4, "https://a.example", ok_exact("https://a.example"), D_RE)
    add("re-alt-2", R4, "https://b.example", ok_exact("https://b.example"), D_RE)
    for i, o in enumerate(["https://a.example.evil", "xhttps://b.example",
                           "https://a.example:1"], 3):
        add(f"re-alt-{i}", R4, o, act_denied("origin-not-allowed"),
            f"{D_RE} (the whole origin must match, alternation included)",
            bug="regex anchoring applied to one alternative")
    R5 = policy(["re:.*\\.example\\.net"])
    add("re-suffix-1", R5, "https://a.example.net", ok_exact("https://a.example.net"), D_RE)
    add("re-suffix-2", R5, "https://a.example.net.evil", act_denied("origin-not-allowed"), D_RE)
    add("re-suffix-3", R5, "https://example.net", act_denied("origin-not-allowed"), D_RE)
    add("re-malformed-1", policy(["re:.*"]), "https://a.example/",
        act_denied("malformed-origin"), f"{D_WF}; oracle protocol: check order")
    add("re-any-1", policy(["re:.*"]), "http://x", ok_exact("http://x"), D_RE)

    # --- mixed policy (protocol example) --------------------------------------------
    MIX = policy(["https://app.example", "https://*.example.com",
                  "re:^https://[a-z0-9-]+\\.example\\.org$", "null"])
    for i, o in enumerate(["https://app.example", "https://a.example.com",
                           "https://b.example.org", "null"], 1):
        add(f"mixed-ok-{i}", MIX, o, ok_exact(o), "oracle protocol: Policy object example")
    for i, o in enumerate(["https://example.com", "https://a.b.example.org",
                           "http://app.example"], 1):
        add(f"mixed-no-{i}", MIX, o, act_denied("origin-not-allowed"),
            "oracle protocol: Policy object example")

    # --- hosts as the URL Standard parses and serializes them ---------------------------
    # IPv4: a host that ends in a number is an IPv4 address; well formed only
    # as the IPv4 serializer writes it; no host at all when the IPv4 parser
    # fails.
    V4 = policy(["http://127.0.0.1:3999", "https://127.0.0.1:90", "http://1.2.3.4"])
    add("ipv4-canonical-1", V4, "http://127.0.0.1:3999", ok_exact("http://127.0.0.1:3999"),
        f"{D_CANON}; {URL_IPV4}")
    add("ipv4-canonical-2", STAR, "http://0.0.0.0", ok_star(), f"{D_CANON}; {URL_IPV4}")
    add("ipv4-canonical-3", STAR, "http://255.255.255.255:65535", ok_star(), f"{D_CANON}; {URL_IPV4}")
    ipv4_noncanonical = [
        ("127.1:3999", "1 to 4 parts, the last fills the rest"),
        ("127.0.0.1.:90", "a trailing empty part is dropped"),
        ("0x7f.0.0.1:3999", "hex part"),
        ("0177.0.0.1:3999", "octal part"),
        ("01.2.3.4", "leading zero: octal"),
        ("2130706433:3999", "one number"),
        ("0X7F.1:3999", "upper-case hex prefix"),
        ("127.0.1:3999", "three parts"),
    ]
    for i, (host, why) in enumerate(ipv4_noncanonical, 1):
        scheme = "https" if host.endswith(":90") else "http"
        add(f"ipv4-noncanonical-{i}", V4, f"{scheme}://{host}", act_denied("malformed-origin"),
            f"{D_CANON}; {URL_IPV4}: {why}", bug="origin normalization before comparison")
    ipv4_not_a_host = [
        ("foo.bar.255", "ends in a number, 'foo' is no IPv4 number"),
        ("127.0.0.1.1", "five parts"),
        ("256.0.0.1", "a part above 255"),
        ("1.16777216", "the last part above its room"),
        ("4294967296", "above 2^32 - 1"),
        ("09", "8 and 9 are no octal digits"),
        ("1..2", "an empty inner part"),
        ("a.0x", "0x is a number (zero), 'a' is none"),
    ]
    for i, (host, why) in enumerate(ipv4_not_a_host, 1):
        add(f"ipv4-not-a-host-{i}", EXACT, f"http://{host}", act_denied("malformed-origin"),
            f"{D_WF}; {URL_IPV4}: {why}")
    add("ipv4-not-a-number-1", STAR, "http://1.2.3.4x", ok_star(),
        f"{D_STAR}; URL Standard §3.5 ends in a number checker (4x is no number: a domain)")
    add("ipv4-not-a-number-2", STAR, "http://0x1g", ok_star(),
        f"{D_STAR}; URL Standard §3.5 ends in a number checker (0x1g is no number: a domain)")
    add("ipv4-non-special-1", policy(["chrome-extension://1.2.3"]), "chrome-extension://1.2.3",
        ok_exact("chrome-extension://1.2.3"),
        f"{DECISIONS}: Origins (non-special schemes: no IPv4 parsing); URL Standard §3.5 host parser "
        "(isOpaque)")

    # IPv6: well formed only as the IPv6 serializer writes it.
    V6 = policy(["http://[2001:4860:4860::8888]:90", "http://[::ffff:102:304]", "http://[1::2:0:0:3:4]"])
    add("ipv6-canonical-1", V6, "http://[2001:4860:4860::8888]:90",
        ok_exact("http://[2001:4860:4860::8888]:90"), f"{D_CANON}; {URL_IPV6}")
    add("ipv6-canonical-2", V6, "http://[1::2:0:0:3:4]", ok_exact("http://[1::2:0:0:3:4]"),
        f"{D_CANON}; {URL_IPV6} (the first of two longest zero runs)")
    ipv6_noncanonical = [
        ("[2001:4860:4860:0000:0000:0000:0000:8888]:90", "not compressed, leading zeros"),
        ("[2001:4860:4860:0:0:0:0:8888]:90", "not compressed"),
        ("[2001:4860:4860:0::8888]:90", "part of the zero run spelled out"),
        ("[::ffff:1.2.3.4]", "never the dotted IPv4 tail"),
        ("[::FFFF:102:304]", "lower-case hex"),
        ("[1:0:0:2::3:4]", "not the first longest run"),
        ("[2001:4860:4860:0:0:0:0:8888]", "no port, not compressed"),
        ("[0:0::1]", "leading zero pieces spelled out"),
    ]
    for i, (host, why) in enumerate(ipv6_noncanonical, 1):
        add(f"ipv6-noncanonical-{i}", V6, f"http://{host}", act_denied("malformed-origin"),
            f"{D_CANON}; {URL_IPV6}: {why}", bug="origin normalization before comparison")

    # Domain code points: everything but the forbidden domain code points,
    # lower case; nothing beyond ASCII.
    HB = policy(["https://a!$,;=~_.example", "https://a'b.example"])
    add("host-bytes-1", HB, "https://a!$,;=~_.example", ok_exact("https://a!$,;=~_.example"),
        f"{D_CANON}; {URL_DOMAIN}")
    add("host-bytes-2", HB, "https://a'b.example", ok_exact("https://a'b.example"), f"{D_CANON}; {URL_DOMAIN}")
    for i, o in enumerate(["https://*.example", "https://a&b.example", "https://(a)+{b}.example",
                           "https://a\"b`c.example", "https://a,b.example"], 3):
        add(f"host-bytes-{i}", STAR, o, ok_star(), f"{D_STAR}; {URL_DOMAIN}")
    add("host-bytes-8", EXACT, "https://a,b.example", act_denied("origin-not-allowed"),
        f"{D_CANON}; {URL_DOMAIN} (a comma is a domain code point)")
    for i, (o, why) in enumerate([("https://a^b.example", "^"), ("https://a|b.example", "|"),
                                  ("https://a<b>.example", "< >"), ("https://a\\b.example", "\\"),
                                  ("https://a\u007fb.example", "DEL"), ("https://a\u0001b.example", "C0 control"),
                                  ("https://a%62.example", "%")], 1):
        add(f"host-forbidden-{i}", STAR, o, act_denied("malformed-origin", vary=None),
            f"{D_WF}; {URL_DOMAIN}: {why} is a forbidden domain code point")
    add("host-non-ascii-1", STAR, "https://b\u00fccher.example", act_denied("malformed-origin", vary=None),
        f"{D_CANON}; URL Standard §3.3 domain parser (a non-ASCII domain serializes as Punycode)")
    add("host-punycode-1", STAR, "https://xn--bcher-kva.example", ok_star(), f"{D_CANON}; {URL_DOMAIN}")
    add("host-punycode-2", STAR, "https://XN--bcher-kva.example", act_denied("malformed-origin", vary=None),
        f"{D_CANON}; {URL_DOMAIN} (lower-cased)")
    add("host-punycode-3", STAR, "http://xn--f", ok_star(),
        f"{D_STAR}; {URL_DOMAIN}: for an ASCII domain a Unicode ToASCII failure is a validation error only "
        "(whatwg/url a8d5ca3)")
    add("host-non-special-1", policy(["chrome-extension://abcdef"]), "chrome-extension://ABCDEF",
        act_denied("malformed-origin"), f"{DECISIONS}: Origins (non-special schemes: lower case only)")
    add("host-non-special-2", STAR, "chrome-extension://a!b", act_denied("malformed-origin", vary=None),
        f"{DECISIONS}: Origins (non-special schemes: ALPHA / DIGIT / - . _ ~)")

    # file: URLs have an opaque origin; a browser sends null, never file://.
    for i, o in enumerate(["file://host", "file:///etc/passwd", "file://", "FILE://host"], 1):
        add(f"file-{i}", STAR, o, act_denied("malformed-origin", vary=None), f"{D_CANON}; {URL_ORIGIN}")

    # --- preflight versions of the origin check -------------------------------------
    out.append(srv("srv-origin-pf-ok-1", EXACT, "OPTIONS", preflight_req(method="GET"),
                   pf_ok(answer_headers(acao="https://app.example", acam="GET", vary=VARY_PF)),
                   f"W3C CORS §6.2; {DECISIONS}: The answer"))
    out.append(srv("srv-origin-pf-denied-1", EXACT, "OPTIONS",
                   preflight_req("https://evil.example", "GET"),
                   pf_denied("origin-not-allowed"), "W3C CORS §6.2 step 2",
                   bug="origin reflection"))
    out.append(srv("srv-origin-pf-star-1", STAR, "OPTIONS",
                   preflight_req("https://x.example", "POST"),
                   pf_ok(answer_headers(acao="*", acam="POST", vary=VARY_PF_STAR)),
                   f"W3C CORS §6.2 step 7; {DECISIONS}: The answer (Vary)"))
    return out
