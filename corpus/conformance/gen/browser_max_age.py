"""browser/max-age.jsonl: preflight.max_age, the spec value before any UA cap.

Sources: Fetch §4.8 CORS-preflight fetch steps 7.8-7.9 (extract
Access-Control-Max-Age; failure or null -> 5), §2.2.2 extract header list
values (a single-valued header given twice is failure), §3.3.4
(Access-Control-Max-Age = delta-seconds = 1*DIGIT), RFC 9111 §1.2.2
(delta-seconds overflow -> 2147483648).  Decisions page "max-age": 5 when
absent, repeated or not 1*DIGIT; above 2^31 reported as 2^31; null when the
preflight failed.
"""

from .common import DECISIONS, F_EXTRACT, F_PF, F_SYNTAX, acao, breq, brw, pf, resp

FILE = "browser/max-age.jsonl"

D_MA = DECISIONS + ": Browser mode (max-age)"
RFC = "RFC 9111 §1.2.2 (delta-seconds overflow)"


def cases():
    out = []
    grant = [acao(), ["Access-Control-Allow-Methods", "PUT"]]

    def add(cid, values, max_age, spec, bug=None, extra_grant=True):
        hs = (grant if extra_grant else [acao()]) + \
            [["Access-Control-Max-Age", v] for v in values]
        ok = extra_grant
        exp = {"needs_preflight": True,
               "preflight": pf("PUT", None, ok=ok, error=None if ok else "method-not-allowed",
                               max_age=max_age),
               "outcome": "allowed" if ok else "blocked-preflight"}
        out.append(brw("brw-maxage-" + cid, breq("PUT"), resp(204, hs),
                       resp(200, [acao()]) if ok else None, exp, spec=spec, bug=bug))

    S = f"{F_PF} steps 7.8-7.9; {F_SYNTAX}"
    add("absent", [], 5, f"{S}; {D_MA}", bug="non-spec default max-age")
    for v, n in [("600", 600), ("0", 0), ("1", 1), ("86400", 86400), ("7200", 7200),
                 ("7201", 7201), ("007", 7), ("00000000000000000000000000600", 600)]:
        add(f"value-{v[:12]}", [v], n, f"{S}; {D_MA} (no UA cap)",
            bug="UA cap reported as spec value" if n > 7200 else
            "overflow detection by digit count" if len(v) > 20 else None)
    for i, (v, n) in enumerate([(" 600 ", 600), ("\t10", 10), ("10\t ", 10)], 1):
        add(f"trim-{i}", [v], n, f"{S}; {DECISIONS}: Bytes and values (trimming)")
    invalid = ["-1", "abc", "1.5", "+5", "10, 20", "", "1e3", "0x10", "5 s", "6 0", "\u0661",
               "600,", ",600", "5;", "\"5\"", "-0", "NaN", "Infinity"]
    for i, v in enumerate(invalid, 1):
        add(f"invalid-{i}", [v], 5, f"{S}; {D_MA} (not 1*DIGIT -> 5)",
            bug="-1 treated as no-cache" if v == "-1" else "lenient max-age parsing")
    add("repeated-same", ["10", "10"], 5, f"{F_EXTRACT} step 2; {D_MA}",
        bug="first max-age header wins")
    add("repeated-differ", ["10", "20"], 5, f"{F_EXTRACT} step 2; {D_MA}",
        bug="first max-age header wins")
    for v in ["2147483647", "2147483648", "2147483649", "4294967296", "9223372036854775807",
              "9223372036854775808", "18446744073709551616", "99999999999999999999999999"]:
        add(f"big-{v}", [v], min(int(v), 2147483648), f"{S}; {RFC}; {D_MA} (saturate at 2^31)",
            bug="integer overflow in max-age parsing" if int(v) > 2147483648 else None)
    add("failed-preflight", ["600"], None, f"{D_MA} (null when the preflight failed)",
        extra_grant=False)
    add("failed-preflight-absent", [], None, f"{D_MA} (null when the preflight failed)",
        extra_grant=False)
    out.append(brw("brw-maxage-cred-1", breq("PUT", credentials="include"),
                   resp(204, grant + [["Access-Control-Allow-Credentials", "true"],
                                      ["Access-Control-Max-Age", "120"]]),
                   resp(200, [acao(), ["Access-Control-Allow-Credentials", "true"]]),
                   {"needs_preflight": True, "preflight": pf("PUT", None, ok=True, max_age=120),
                    "outcome": "allowed"}, spec=S))
    return out
