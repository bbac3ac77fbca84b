"""browser/safelisted-headers.jsonl: which request headers force a preflight.

Sources: Fetch §2.2.2 "CORS-safelisted request-header" (128-byte cap, Accept,
Accept-Language, Content-Language, Content-Type, Range), "CORS-unsafe
request-header byte", "CORS-unsafe request-header names" (1024-byte total,
duplicates counted separately), MIME Sniffing "parse a MIME type", Fetch
"parse a single range header value", Fetch "fetch" (UA-added Accept: */*).
Decisions page: Bytes and values, UA headers, Duplicates.

Byte families avoid NUL, LF and CR (those make fetch() throw; see
forbidden.jsonl) and non-ASCII in length cases (UTF-8 vs isomorphic).
"""

from .common import (DECISIONS, F_FETCH, F_SAFE_REQ, F_UNSAFE_BYTE, F_UNSAFE_NAMES,
                     MIME_PARSE, acao, breq, brw, pf, resp)

FILE = "browser/safelisted-headers.jsonl"

UNSAFE_BYTES = set(range(0x00, 0x20)) - {0x09} | {0x22, 0x28, 0x29, 0x3A, 0x3C, 0x3E, 0x3F,
                                                  0x40, 0x5B, 0x5C, 0x5D, 0x7B, 0x7D, 0x7F}
LANG_BYTES = set(range(0x30, 0x3A)) | set(range(0x41, 0x5B)) | set(range(0x61, 0x7B)) | \
    {0x20, 0x2A, 0x2C, 0x2D, 0x2E, 0x3B, 0x3D}
FAMILY = [b for b in range(0x01, 0x80) if b not in (0x0A, 0x0D)]
F_RANGE = "Fetch §2.2.2 Headers: parse a single range header value (allowWhitespace false)"
D_BYTES = DECISIONS + ": Bytes and values"
D_UA = DECISIONS + ": Browser mode (UA headers: Accept */* added, no Accept-Language)"
D_DUP = DECISIONS + ": Browser mode (Duplicates count separately)"


def cases():
    out = []

    def safe(cid, headers, spec, bug=None):
        out.append(brw("brw-safe-" + cid, breq("GET", headers), None, resp(200, [acao()]),
                       {"needs_preflight": False, "outcome": "allowed"}, spec=spec, bug=bug))

    def unsafe(cid, headers, acrh, spec, bug=None):
        pre = resp(204, [acao(), ["Access-Control-Allow-Headers", acrh]])
        out.append(brw("brw-unsafe-" + cid, breq("GET", headers), pre, resp(200, [acao()]),
                       {"needs_preflight": True,
                        "preflight": pf("GET", acrh, ok=True, error=None),
                        "outcome": "allowed"}, spec=spec, bug=bug))

    def judge(cid, name, value, is_safe, spec, bug=None):
        if is_safe:
            safe(cid, [[name, value]], spec, bug)
        else:
            unsafe(cid, [[name, value]], name.lower(), spec, bug)

    # --- Accept -------------------------------------------------------------------------
    for i, v in enumerate(["*/*", "text/html, application/xhtml+xml;q=0.9", "application/json",
                           "", "a\tb", "text/\u00e9", "image/*;q=0.8,*/*;q=0.5", "=;,. -*"], 1):
        judge(f"accept-{i}", "Accept", v, True, f"{F_SAFE_REQ} (accept: no unsafe byte)")
    for b in FAMILY:
        judge(f"accept-byte-{b:02x}", "Accept", "a" + chr(b) + "a", b not in UNSAFE_BYTES,
              F_UNSAFE_BYTE)

    # --- Accept-Language / Content-Language ------------------------------------------------
    for name in ["Accept-Language", "Content-Language"]:
        key = name.split("-")[0].lower()
        for i, v in enumerate(["en-US", "en-US,fr;q=0.8", "", "*", "de-DE, en;q=0.5", "a.b=c"], 1):
            judge(f"{key}-lang-ok-{i}", name, v, True, f"{F_SAFE_REQ} (language bytes)")
        for i, v in enumerate(["en_US", "en/US", "en:US", "en\tUS", "\u00e9", "a+b", "a!b",
                               "a'b", "(en)", "en\"US"], 1):
            judge(f"{key}-lang-bad-{i}", name, v, False, f"{F_SAFE_REQ} (language bytes)",
                  bug="language header byte set too wide")
        for b in FAMILY:
            judge(f"{key}-lang-byte-{b:02x}", name, "a" + chr(b) + "a", b in LANG_BYTES,
                  f"{F_SAFE_REQ} (language bytes)")

    # --- Content-Type --------------------------------------------------------------------------
    ct_safe = ["text/plain", "TEXT/PLAIN", "Text/Plain", "text/plain;charset=utf-8",
               "text/plain; charset=utf-8", "text/plain;", "text/plain;garbage",
               "text/plain;charset=utf-8,text/html", "text/plain;charset=utf-8;", " text/plain ",
               "text/plain\t;x=1", "text/plain ;a=1", "multipart/form-data; boundary=----x",
               "application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED",
               "application/x-www-form-urlencoded;charset=UTF-8", "text/plain;a=b=c",
               "text/plain;;;", "text/plain;=", "text/plain;a=\u00e9"]
    for i, v in enumerate(ct_safe, 1):
        judge(f"content-type-ok-{i}", "Content-Type", v, True, f"{F_SAFE_REQ}; {MIME_PARSE}",
              bug="strict Content-Type parameter handling" if ";" in v else None)
    ct_unsafe = ["application/json", "text/html", "text/plain, application/json", "text/plain,",
                 "text/plain,text/plain", "text /plain", "text\t/plain", "text/", "/plain", "text",
                 "", "text/plain;charset=\"utf-8\"", "text/plain(", "text/plain;a=b?",
                 "text/plain;a=\u007f", "text/plain\u000c", "*/*", "text/plain/x",
                 "application/csp-report", "text/plainx", "text/plain\u00e9",
                 "multipart/form-data;boundary=(x)", "text/plain;a={}", "text/plain;a=@",
                 "text/plain;a=[1]", "application/x-www-form-urlencoded\\", "text/plain:"]
    for i, v in enumerate(ct_unsafe, 1):
        judge(f"content-type-bad-{i}", "Content-Type", v, False, f"{F_SAFE_REQ}; {MIME_PARSE}",
              bug="forgiving Content-Type parser" if "," in v or "/" not in v else None)
    for b in FAMILY:
        judge(f"content-type-param-byte-{b:02x}", "Content-Type", "text/plain;a=" + chr(b) + "b",
              b not in UNSAFE_BYTES, f"{F_UNSAFE_BYTE}; {MIME_PARSE} (parameters never fail)")
    unsafe("content-type-dup-1", [["Content-Type", "application/json"],
                                  ["Content-Type", "text/plain"]], "content-type",
           f"{F_SAFE_REQ} (note: the naive-endpoint example)")
    safe("content-type-dup-2", [["Content-Type", "text/plain"], ["Content-Type", "text/plain"]],
         f"{F_UNSAFE_NAMES}; {D_DUP}", bug="combined duplicate request headers")

    # --- Range ------------------------------------------------------------------------------------
    range_safe = ["bytes=0-", "bytes=0-0", "bytes=200-", "bytes=0-499", "bytes=1-1", "bytes=01-02",
                  "bytes=99999999999999999999-99999999999999999999", " bytes=0-1 "]
    for i, v in enumerate(range_safe, 1):
        judge(f"range-ok-{i}", "Range", v, True, F_RANGE)
    range_bad = ["bytes=-500", "bytes=5-1", "bytes=0-1,2-3", "bytes = 0-1", "bytes= 0-1",
                 "bytes=0 -1", "BYTES=0-1", "Bytes=0-1", "bytes=", "bytes=-", "bytes=a-b",
                 "items=0-1", "bytes=0-1-2", "bytes=0-1;", "bytes:0-1", "bytes0-1", "bytes==0-1",
                 "bytes=99999999999999999999-9999999999999999999", "bytes=+1-2", "bytes=0x1-2"]
    for i, v in enumerate(range_bad, 1):
        judge(f"range-bad-{i}", "Range", v, False, F_RANGE,
              bug="lenient Range parsing" if v != "bytes=-500" else "suffix Range safelisted")

    # --- never safelisted names -----------------------------------------------------------------------
    others = [("Authorization", "Bearer x"), ("X-Foo", "1"), ("User-Agent", "bot/1"),
              ("Cache-Control", "no-cache"), ("Pragma", "no-cache"), ("If-None-Match", "\"x\""),
              ("If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT"), ("DPR", "2"),
              ("Save-Data", "on"), ("Device-Memory", "8"), ("Viewport-Width", "100"),
              ("Width", "100"), ("Downlink", "10"), ("ECT", "4g"), ("RTT", "50"),
              ("Intervention", "x"), ("Last-Event-ID", "abc123"), ("Content-Encoding", "gzip"),
              ("Accept-Ranges", "bytes"), ("Access-Control-Allow-Origin", "*"),
              ("X-Requested-With", "XMLHttpRequest"), ("Content-Disposition", "inline")]
    bugs = {"User-Agent": "User-Agent treated as forbidden",
            "Cache-Control": "Cache-Control treated as safelisted request header",
            "DPR": "Chromium extra safelisted headers", "Save-Data": "Chromium extra safelisted "
            "headers", "Last-Event-ID": "stale WPT Last-Event-ID safelisting",
            "Authorization": "Authorization treated as forbidden"}
    for name, v in others:
        unsafe("name-" + name.lower(), [[name, v]], name.lower(), f"{F_SAFE_REQ} (otherwise)",
               bug=bugs.get(name))

    # --- 128-byte cap ----------------------------------------------------------------------------------
    fill = {"Accept": lambda n: "a" * n, "Accept-Language": lambda n: "a" * n,
            "Content-Language": lambda n: "a" * n,
            "Content-Type": lambda n: "text/plain;a=" + "b" * (n - 13),
            "Range": lambda n: "bytes=" + "0" * 60 + "-" + "0" * (n - 67)}
    for name, f in fill.items():
        for n in (127, 128, 129):
            v = f(n)
            assert len(v) == n
            judge(f"len-{name.lower()}-{n}", name, v, n <= 128,
                  f"{F_SAFE_REQ} step 1 (value longer than 128 bytes)",
                  bug="128-byte limit only on Content-Type" if n == 129 else None)
        judge(f"len-{name.lower()}-normalized", name, "  \t" + f(128) + " \t", True,
              f"{F_SAFE_REQ}; Fetch §5.1 Headers class (normalize before measuring)",
              bug="length measured before normalization")

    # --- 1024-byte total ---------------------------------------------------------------------------------
    A128 = "a" * 128
    AL8 = [["Accept-Language", A128]] * 8
    AL7 = [["Accept-Language", A128]] * 7
    safe("total-explicit-1024", [["Accept", A128]] * 8, f"{F_UNSAFE_NAMES} (1024 is fine); {D_DUP}")
    unsafe("total-explicit-1025", [["Accept", A128]] * 8 + [["Content-Language", "a"]],
           "accept,content-language", f"{F_UNSAFE_NAMES} (over 1024: all safelisted names)")
    safe("total-ua-accept-1024", AL7 + [["Content-Language", "a" * 125]],
         f"{F_UNSAFE_NAMES}; {F_FETCH}; {D_UA}")
    unsafe("total-ua-accept-1025", AL7 + [["Content-Language", "a" * 126]],
           "accept,accept-language,content-language", f"{F_UNSAFE_NAMES}; {F_FETCH}; {D_UA}",
           bug="UA-added Accept not counted")
    safe("total-empty-accept-1024", [["Accept", ""]] + AL8,
         f"{F_UNSAFE_NAMES}; {F_FETCH} (an empty Accept is present: no UA Accept)")
    unsafe("total-empty-accept-1025", [["Accept", ""]] + AL8 + [["Content-Language", "a"]],
           "accept,accept-language,content-language", F_UNSAFE_NAMES)
    unsafe("total-unsafe-not-counted-1", [["Accept", ""]] + AL8 + [["X-Big", "a" * 500]],
           "x-big", f"{F_UNSAFE_NAMES} (unsafe values do not count)",
           bug="unsafe values counted toward 1024")
    unsafe("total-unsafe-not-counted-2", [["Accept", ""]] + AL8 + [["Content-Language", "a" * 129]],
           "content-language", F_UNSAFE_NAMES, bug="unsafe values counted toward 1024")
    safe("total-normalized-1024", [["Accept", ""]] + [["Accept-Language", A128 + "  "]] * 8,
         f"{F_UNSAFE_NAMES}; {D_BYTES}")
    safe("total-forbidden-not-counted", [["Accept", ""]] + AL8 + [["Cookie", A128]],
         f"{F_UNSAFE_NAMES}; Fetch §5.1 Headers class (forbidden pairs dropped first)")
    R128 = "bytes=0-" + "0" * 120
    safe("total-range-1024", [["Accept", ""]] + AL7 + [["Range", R128]], F_UNSAFE_NAMES)
    unsafe("total-range-1025", [["Accept", ""]] + AL7 + [["Range", R128], ["Content-Language", "a"]],
           "accept,accept-language,content-language,range", F_UNSAFE_NAMES)
    safe("total-five-accepts", [["Accept", A128]] * 5, f"{F_UNSAFE_NAMES}; {D_DUP}",
         bug="combined duplicate request headers")
    unsafe("total-ct-mix-1025", [["Accept", A128]] * 7 + [["Content-Type", "text/plain;a=" + "b" * 115],
                                                         ["Accept-Language", "a"]],
           "accept,accept-language,content-type", F_UNSAFE_NAMES)
    return out
