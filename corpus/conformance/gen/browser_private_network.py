"""browser/private-network.jsonl: the decisions page's Private Network Access
extension (Chromium's, outside Fetch).

Source: decisions page, Browser mode "Private network": request field
"private_network": true forces a preflight carrying
Access-Control-Request-Private-Network: true; the preflight response must
carry Access-Control-Allow-Private-Network: true (trimmed, exact), else
private-network-not-allowed, checked after the header checks; the output's
preflight has "private_network": true.  Repeated response headers are
combined with ", " first (oracle protocol, Mode browser).
"""

from .common import DECISIONS, SAFE7, acao, breq, brw, pf, resp

FILE = "browser/private-network.jsonl"

D_PNA = DECISIONS + ": Browser mode (Private network)"
ACAPN = "Access-Control-Allow-Private-Network"
CRED = ["Access-Control-Allow-Credentials", "true"]


def cases():
    out = []

    def add(cid, request, pre_headers, error, spec=D_PNA, acrm="GET", acrh=None, status=204,
            bug=None):
        if error is None:
            exp = {"needs_preflight": True,
                   "preflight": pf(acrm, acrh, ok=True, error=None, private_network=True),
                   "cors_check": {"ok": True, "error": None}, "exposed_headers": SAFE7,
                   "outcome": "allowed"}
        else:
            exp = {"needs_preflight": True,
                   "preflight": pf(acrm, acrh, ok=False, error=error, max_age=None,
                                   private_network=True),
                   "exposed_headers": None, "outcome": "blocked-preflight"}
        creds = request.get("credentials") == "include"
        out.append(brw("brw-pna-" + cid, request, resp(status, pre_headers),
                       resp(200, [acao()] + ([CRED] if creds else [])), exp, spec=spec, bug=bug))

    get = breq("GET", private_network=True)
    add("get-ok-1", get, [acao(), [ACAPN, "true"]], None, f"{D_PNA} (forces a preflight)")
    add("get-ok-trim-1", get, [acao(), [ACAPN, " true\t"]], None,
        f"{D_PNA}; {DECISIONS}: Bytes and values (trimming)")
    for i, v in enumerate([None, "TRUE", "True", "false", "", "1", "\"true\""], 1):
        hs = [acao()] + ([] if v is None else [[ACAPN, v]])
        add(f"get-denied-{i}", get, hs, "private-network-not-allowed", f"{D_PNA} (exact true)")
    add("get-denied-twice-1", get, [acao(), [ACAPN, "true"], [ACAPN, "true"]],
        "private-network-not-allowed", f"{D_PNA}; oracle protocol: repeated response headers "
        "combined with \", \"")
    put = breq("PUT", [["X-A", "1"]], private_network=True)
    grant = [acao(), ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Allow-Headers", "x-a"]]
    add("put-ok-1", put, grant + [[ACAPN, "true"]], None, acrm="PUT", acrh="x-a")
    add("put-denied-1", put, grant, "private-network-not-allowed", acrm="PUT", acrh="x-a")
    O = f"{D_PNA} (checked after the header checks); {DECISIONS}: Browser mode (Error order)"
    add("order-header-first", put, grant[:2], "header-not-allowed", O, acrm="PUT", acrh="x-a")
    add("order-method-first", put, [acao(), ["Access-Control-Allow-Headers", "x-a"]],
        "method-not-allowed", O, acrm="PUT", acrh="x-a")
    add("order-cors-first", put, grant[1:], "acao-missing", O, acrm="PUT", acrh="x-a")
    add("order-status-first", put, grant, "preflight-status", O, acrm="PUT", acrh="x-a",
        status=403)
    add("order-acah-first", put, grant[:2] + [["Access-Control-Allow-Headers", "a b"]],
        "acah-invalid", O, acrm="PUT", acrh="x-a")
    auth = breq("GET", [["Authorization", "t"]], private_network=True)
    add("order-auth-first", auth, [acao(), ["Access-Control-Allow-Headers", "*"]],
        "authorization-not-allowed", O, acrh="authorization")
    cred = breq("GET", credentials="include", private_network=True)
    add("cred-ok-1", cred, [acao(), CRED, [ACAPN, "true"]], None)
    add("cred-denied-1", cred, [acao(), [ACAPN, "true"]], "acac-not-true", O)
    out.append(brw("brw-pna-not-requested-1", breq("GET", private_network=False), None,
                   resp(200, [acao()]), {"needs_preflight": False, "outcome": "allowed"},
                   spec=D_PNA))
    out.append(brw("brw-pna-not-requested-2", breq("PUT"),
                   resp(204, [acao(), ["Access-Control-Allow-Methods", "PUT"]]),
                   resp(200, [acao()]),
                   {"needs_preflight": True, "preflight": pf("PUT", None, ok=True, error=None),
                    "outcome": "allowed"}, spec=f"{D_PNA} (no ACAPN needed when not asked)"))
    return out
