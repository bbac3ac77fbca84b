#!/usr/bin/env python3
"""Writes cli/tests/fixtures/json-semantics.jsonl: one line per JSON rule the
oracle's case reader must apply exactly as Boost.JSON does (duplicate keys,
key order, escapes, UTF-8, surrogates, numbers, nesting depth, trailing data,
null for optional members, header pairs, unknown keys).

    python3 cli/tests/make_json_semantics.py   # from the repository root

json-semantics.expected holds the answers of the oracle as it was before the
simdjson reader (main at d4cc99a, Boost.JSON only): the test
cli.eval.fixture.json-semantics checks they have not changed by one byte.
Regenerate the expected file only with an oracle known to be right.
"""
import os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures"))
import json
P = '{"allow_origins":["https://a.example"]}'
R = '{"method":"GET","headers":[["Origin","https://a.example"]]}'
BR = '{"origin":"https://a.example","url":"https://api.example/x","method":"GET"}'
def srv(id, rest=None, policy=P, request=R):
    return '{"id":"%s","mode":"server","policy":%s,"request":%s%s}' % (id, policy, request, rest or "")
def nest(n, inner="1"):
    return "[" * n + inner + "]" * n
lines = [
  # duplicate keys: the last value wins, the key keeps its first place
  '{"id":"dup-mode","mode":"browser","mode":"server","policy":%s,"request":%s}' % (P, R),
  '{"id":"dup-request-bad-then-good","mode":"server","policy":%s,"request":5,"request":%s}' % (P, R),
  '{"id":"dup-request-good-then-bad","mode":"server","policy":%s,"request":%s,"request":5}' % (P, R),
  '{"id":"dup-policy-bad-then-good","mode":"server","policy":{"allow_origins":"x"},"policy":%s,"request":%s}' % (P, R),
  '{"id":"dup-policy-good-then-bad","mode":"server","policy":%s,"policy":{"allow_origins":"x"},"request":%s}' % (P, R),
  '{"id":"dup-policy-first-too-deep","mode":"server","policy":{"x":%s},"policy":%s,"request":%s}' % (nest(31), P, R),
  srv("dup-method", request='{"method":"PUT","headers":[["Origin","https://a.example"]],"method":"GET"}'),
  srv("dup-headers", request='{"method":"GET","headers":[["Origin","https://b.example"]],"headers":[["Origin","https://a.example"]]}'),
  srv("dup-unknown-keys-order", request='{"y":1,"method":"GET","x":2,"y":3}'),
  '{"id":5,"id":"dup-id-bad-then-good","mode":"server","policy":%s,"request":%s}' % (P, R),
  '{"id":"dup-id-good-then-bad","id":7,"mode":"server","policy":%s,"request":%s}' % (P, R),
  '{"id":"dup-status","mode":"browser","request":%s,"response":{"status":99999,"headers":[],"status":200}}' % BR,
  # key order
  '{"id":"mode-last","request":%s,"policy":%s,"mode":"server"}' % (R, P),
  '{"request":%s,"id":"browser-mode-last","response":{"headers":[],"status":200},"mode":"browser"}' % BR,
  '{"policy":5,"request":5,"mode":"server","id":"errors-in-key-order"}',
  # escapes
  '{"\\u0069d":"escaped-keys","m\\u006fde":"server","p\\u006flicy":%s,"request":{"m\\u0065thod":"GET","headers":[]}}' % P,
  srv("escaped-values", request='{"method":"G\\u0045T","headers":[["\\u004frigin","https:\\/\\/a.example"]]}'),
  srv("escaped-policy", policy='{"allow_origins":["https:\\/\\/a.example"]}'),
  srv(r'id with \n newline \t tab \u0001 \u001f \u007f \u00e9 \ud83d\ude00 \"quote\" \\ slash \/'),
  srv("raw utf-8: é € 😀 \x7f"),
  srv("lone-high-surrogate \\ud800"),
  srv("lone-low-surrogate \\udc00"),
  srv("high-then-ascii \\ud800\\u0041"),
  srv("bad-escape \\x"),
  # numbers
  '{"id":"status-minus-zero","mode":"browser","request":%s,"response":{"status":-0,"headers":[]}}' % BR,
  '{"id":"status-1e3","mode":"browser","request":%s,"response":{"status":1e3,"headers":[]}}' % BR,
  '{"id":"status-200.0","mode":"browser","request":%s,"response":{"status":200.0,"headers":[]}}' % BR,
  '{"id":"status-1000","mode":"browser","request":%s,"response":{"status":1000,"headers":[]}}' % BR,
  '{"id":"status-minus-1","mode":"browser","request":%s,"response":{"status":-1,"headers":[]}}' % BR,
  '{"id":"status-uint64-max","mode":"audit","policy":%s,"request":%s,"observed":{"status":18446744073709551615}}' % (P, R),
  '{"id":"status-beyond-uint64","mode":"audit","policy":%s,"request":%s,"observed":{"status":18446744073709551616}}' % (P, R),
  '{"id":"status-int64-min","mode":"audit","policy":%s,"request":%s,"observed":{"status":-9223372036854775808}}' % (P, R),
  '{"id":"status-beyond-int64","mode":"audit","policy":%s,"request":%s,"observed":{"status":-9223372036854775809}}' % (P, R),
  '{"id":"status-1e400","mode":"browser","request":%s,"response":{"status":1e400,"headers":[]}}' % BR,
  '{"id":"status-string","mode":"browser","request":%s,"response":{"status":"200","headers":[]}}' % BR,
  '{"id":"status-leading-zero","mode":"browser","request":%s,"response":{"status":0200,"headers":[]}}' % BR,
  srv("max-age-1e3", policy='{"allow_origins":["https://a.example"],"max_age":1e3}'),
  srv("max-age-minus-zero", policy='{"allow_origins":["https://a.example"],"max_age":-0}'),
  srv("max-age-2^31", policy='{"allow_origins":["https://a.example"],"max_age":2147483648}'),
  srv("max-age-2^64", policy='{"allow_origins":["https://a.example"],"max_age":18446744073709551616}'),
  srv("max-age-1e400", policy='{"allow_origins":["https://a.example"],"max_age":1e400}'),
  srv("ignored-big-numbers", rest=',"note":[1e400,-1e400,123456789012345678901234567890,-0.0,0.5e-400]'),
  srv("ignored-bad-number", rest=',"note":01'),
  srv("ignored-bad-number-2", rest=',"note":1.'),
  srv("ignored-literal", rest=',"note":[true,false,null]'),
  srv("ignored-bad-literal", rest=',"note":nul'),
  # depth: Boost.JSON allows 32 levels in all
  srv("depth-32", rest=',"note":%s' % nest(31)),
  srv("depth-33", rest=',"note":%s' % nest(32)),
  srv("depth-33-in-request", request='{"method":"GET","headers":[[%s,"x"]]}' % nest(29)),
  srv("depth-32-in-request", request='{"method":"GET","headers":[[%s,"x"]]}' % nest(28)),
  '{"id":%s,"mode":"server"}' % nest(31),
  '{"id":%s,"mode":"server"}' % nest(30),
  srv("depth-in-policy", policy='{"allow_origins":["https://a.example"],"x":%s}' % nest(30)),
  srv("too-deep-in-policy", policy='{"allow_origins":["https://a.example"],"x":%s}' % nest(31)),
  # structure
  srv("trailing-data") + " x",
  srv("two-objects") + srv("second"),
  "\ufeff" + srv("byte-order-mark"),
  " \t" + srv("whitespace") + " \t\r",
  '{ "id" : "spaces" , "mode" : "server" , "policy" : { "allow_origins" : [ "https://a.example" ] } , "request" : { "method" : "GET" , "headers" : [ [ "Origin" , "https://a.example" ] ] } }',
  '{}', '[]', '"case"', 'null', '42', '-0', 'true',
  srv("truncated")[:-5],
  '{"id":"trailing-comma","mode":"server",}',
  '{"id":"missing-value","mode":}',
  '{"id" "missing-colon"}',
  # null for optional members; null where an object is required
  '{"id":"nulls","mode":"browser","request":{"origin":"https://a.example","url":"https://api.example/x","method":"GET","headers":null,"credentials":null,"private_network":null},"preflight_response":null,"response":null}',
  '{"id":null,"mode":"server"}',
  '{"id":"null-observed","mode":"audit","policy":%s,"request":%s,"observed":null}' % (P, R),
  '{"id":"null-policy","mode":"server","policy":null,"request":%s}' % R,
  '{"id":"null-request","mode":"server","policy":%s,"request":null}' % P,
  '{"id":"null-method","mode":"server","policy":%s,"request":{"method":null}}' % P,
  '{"id":"null-mode","mode":null}',
  '{"id":"null-status","mode":"browser","request":%s,"response":{"status":null}}' % BR,
  # header pairs
  srv("pair-of-three", request='{"method":"GET","headers":[["Origin","https://a.example","x"]]}'),
  srv("pair-with-number", request='{"method":"GET","headers":[["Origin",1e3]]}'),
  srv("pair-with-object", request='{"method":"GET","headers":[{"Origin":"https://a.example"}]}'),
  srv("pair-long", request='{"method":"GET","headers":[["%s",5]]}' % ("é" * 150)),
  srv("pair-escapes", request='{"method":"GET","headers":[["a\\u0000b\\n",null]]}'),
  srv("headers-object", request='{"method":"GET","headers":{"Origin":"https://a.example"}}'),
  srv("headers-string", request='{"method":"GET","headers":"Origin: https://a.example"}'),
  # unknown keys, wrong types, modes
  srv("server-request-origin", request='{"method":"GET","origin":"https://a.example"}'),
  '{"id":"browser-request-unknown","mode":"browser","request":{"origin":"https://a.example","url":"u","method":"GET","body":"x"}}',
  '{"id":"response-unknown","mode":"browser","request":%s,"response":{"status":200,"body":""}}' % BR,
  '{"id":"observed-unknown","mode":"audit","policy":%s,"request":%s,"observed":{"status":200,"Headers":[]}}' % (P, R),
  '{"id":"mode-case","mode":"Server"}',
  '{"id":"mode-number","mode":5}',
  '{"id":"mode-escaped-unknown","mode":"se\\u0072ver\\u0000"}',
  '{"id":"credentials-value","mode":"browser","request":{"origin":"https://a.example","url":"u","method":"GET","credentials":"always\\n"}}',
  '{"id":"credentials-type","mode":"browser","request":{"origin":"https://a.example","url":"u","method":"GET","credentials":true}}',
  '{"id":"private-network-type","mode":"browser","request":{"origin":"https://a.example","url":"u","method":"GET","private_network":"yes"}}',
  '{"id":"audit-no-observed","mode":"audit","policy":%s,"request":%s}' % (P, R),
  '{"id":"policy-in-browser-mode","mode":"browser","policy":{"allow_origins":[1e400]},"request":%s}' % BR,
  # a value followed by ":" (simdjson skips a string it was not asked to read as if it were a key)
  srv("colon-after-ignored-value", rest=',"note":{"a":"b":"c"}'),
  srv("colon-after-ignored-string", rest=',"note":"a":"b"'),
  srv("colon-after-method", request='{"method":"GET":"x","headers":[]}'),
  srv("colon-after-header-value", request='{"method":"GET","headers":[["Origin","https://a.example":"x"]]}'),
  '{"id":"colon-after-status","mode":"browser","request":%s,"response":{"status":"status":204,"headers":[]},"response":{"status":200}}' % BR,
  '{"":"","mode":"browser","request":{"origin":"","url":"","method":"","headers":[]},"":{"":"":""[[""]""]]},"":"":""[[""""][""""]]}}',
  srv("colon-in-policy", policy='{"allow_origins":["https://a.example":"x"]}'),
]
with open("json-semantics.jsonl", "wb") as f:
    for l in lines:
        f.write(l.encode("utf-8") + b"\n")
    # raw bytes that are not UTF-8, and raw control characters
    f.write(srv("invalid-utf8-\xff").encode("latin-1").replace(b"\xc3\xbf", b"\xff") + b"\n")
    f.write(srv("overlong").encode() .replace(b"overlong", b"overlong\xc0\x80") + b"\n")
    f.write(srv("surrogate-bytes").encode().replace(b"surrogate-bytes", b"surrogate\xed\xa0\x80") + b"\n")
    f.write(srv("beyond-10ffff").encode().replace(b"beyond-10ffff", b"beyond\xf4\x90\x80\x80") + b"\n")
    f.write(srv("truncated-sequence").encode().replace(b"truncated-sequence", b"truncated\xe2\x82") + b"\n")
    f.write(srv("ignored", rest=',"note":"x"').encode().replace(b'"note":"x"', b'"note":"\xfe"') + b"\n")
    f.write(srv("raw-control").encode().replace(b"raw-control", b"raw\x01control") + b"\n")
    f.write(srv("raw-tab").encode().replace(b"raw-tab", b"raw\ttab") + b"\n")
    f.write(b'{"id":"nul-outside",\x00"mode":"server"}\n')
    f.write(b'{"id":"form-feed",\x0c"mode":"server"}\n')
