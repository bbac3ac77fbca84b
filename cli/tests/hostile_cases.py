#!/usr/bin/env python3
"""Hostile oracle input lines, derived from valid cases, for comparing two
`corsproof eval` builds answer for answer (cli/tests/compare_answers.sh).

    hostile_cases.py SEED_FILE... --count 200000 [--seed 1] > OUT.jsonl

Every line of the SEED_FILEs that is a JSON object is a seed. Each output line
is one seed with one to three mutations, chosen to reach every reading rule of
the case reader and every difference between JSON libraries:

- a value anywhere replaced by another type or an edge value (-0, 1e3, 2.0,
  1e400, integers beyond 64 bits, 999/1000, null, strings with escapes,
  300-byte strings with multi-byte characters, arrays and objects, nesting
  around Boost.JSON's depth limit of 32);
- keys deleted, added, duplicated (both orders of a good and a bad value),
  reordered ("mode" last), written with escapes ("\\u0069d");
- header pairs of the wrong shape, status out of range, unknown modes;
- raw text: truncation, a byte inserted or replaced (invalid UTF-8, control
  characters, quotes, brackets), JSON-looking fragments that break the
  structure (`:""` after a string value, `"":`, `]]`), trailing data, a byte
  order mark, whitespace between tokens.

The output is deterministic for a given seed and input.
"""
import argparse
import json
import random
import sys

# An object with possibly repeated keys: a list of (key, value) pairs.
class Obj:
    def __init__(self, pairs):
        self.pairs = pairs


def to_obj(v):
    if isinstance(v, dict):
        return Obj([(k, to_obj(x)) for k, x in v.items()])
    if isinstance(v, list):
        return [to_obj(x) for x in v]
    return v


class Raw:
    """JSON text written as is (numbers Python cannot hold, escaped strings)."""
    def __init__(self, text):
        self.text = text


def dump_string(s, rng=None):
    text = json.dumps(s, ensure_ascii=False)
    if rng is not None and rng.random() < 0.3:  # escapes that mean the same string
        out = []
        for ch in text[1:-1]:
            r = rng.random()
            if ch.isascii() and ch.isalnum() and r < 0.2:
                out.append("\\u%04x" % ord(ch))
            elif ch == "/" and r < 0.5:
                out.append("\\/")
            else:
                out.append(ch)
        text = '"' + "".join(out) + '"'
    return text


def dump(v, rng, ws=False):
    sp = (lambda: rng.choice(["", " ", "\t", "\r", "  "])) if ws else (lambda: "")
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, Obj):
        parts = [sp() + dump_string(k, rng) + sp() + ":" + sp() + dump(x, rng, ws) + sp() for k, x in v.pairs]
        return "{" + ",".join(parts) + "}" if parts else "{" + sp() + "}"
    if isinstance(v, list):
        return "[" + ",".join(sp() + dump(x, rng, ws) + sp() for x in v) + "]"
    if isinstance(v, str):
        return dump_string(v, rng)
    return json.dumps(v)


def nested(n, inner="[]"):
    return Raw("[" * n + inner + "]" * n)


def weird_values(rng):
    return [
        0, 5, -1, 200, 204, 999, 1000, 65536, Raw("-0"), Raw("-0.0"), Raw("1e3"), Raw("2.0"), Raw("204.0"),
        Raw("1E2"), Raw("1e400"), Raw("-1e400"), Raw("123456789012345678901234567890"),
        Raw("18446744073709551615"), Raw("18446744073709551616"), Raw("9223372036854775808"),
        Raw("-9223372036854775808"), Raw("-9223372036854775809"), Raw("0.5e-400"),
        "", "x", "GET", "OPTIONS", "omit", "include", "same-origin", "server", "browser", "audit", "null", "*",
        "https://a.example", Raw('"\\u0000"'), Raw('"a\\nb"'), Raw('"\\ud83d\\ude00"'), Raw('"\\"quoted\\""'),
        "é" * 150, "x" * 199 + "é", "€" * 70, "\u2028", True, False, None, [], {}, ["a"], ["a", "b"],
        ["a", "b", "c"], [["a", "b"]], [["a", 1]], [["Origin", "https://a.example"], "x"], [[None, "b"]],
        Obj([("a", 1)]), Obj([("status", 204)]), Obj([("status", 204), ("headers", [])]),
        nested(rng.randint(1, 5)), nested(29), nested(30), nested(31), nested(32),
        Raw("[" * 28 + '{"a":[[1]]}' + "]" * 28), Raw('{"a":' * 30 + "1" + "}" * 30),
    ]


def paths(v, prefix=()):
    """Every (container, key-or-index) position in v."""
    out = []
    if isinstance(v, Obj):
        for i, (k, x) in enumerate(v.pairs):
            out.append((v, i))
            out.extend(paths(x, prefix + (k,)))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out.append((v, i))
            out.extend(paths(x, prefix + (i,)))
    return out


def objects(v):
    out = []
    if isinstance(v, Obj):
        out.append(v)
        for _, x in v.pairs:
            out.extend(objects(x))
    elif isinstance(v, list):
        for x in v:
            out.extend(objects(x))
    return out


KEYS = ["id", "mode", "policy", "request", "response", "preflight_response", "observed", "method", "headers",
        "origin", "url", "credentials", "private_network", "status", "allow_origins", "max_age", "expect", "note"]


def set_at(container, i, value):
    if isinstance(container, Obj):
        k, _ = container.pairs[i]
        container.pairs[i] = (k, value)
    else:
        container[i] = value


def mutate_tree(doc, rng):
    kind = rng.randrange(10)
    ps = paths(doc)
    objs = objects(doc)
    if kind <= 2 and ps:      # replace a value
        c, i = rng.choice(ps)
        set_at(c, i, rng.choice(weird_values(rng)))
    elif kind == 3 and ps:    # delete a member or element
        c, i = rng.choice(ps)
        if isinstance(c, Obj):
            del c.pairs[i]
        else:
            del c[i]
    elif kind == 4 and objs:  # add a key
        o = rng.choice(objs)
        o.pairs.insert(rng.randint(0, len(o.pairs)), (rng.choice(KEYS + ["x", "unknown"]), rng.choice(weird_values(rng))))
    elif kind == 5 and objs:  # duplicate a key, the copy before or after, with another value
        o = rng.choice(objs)
        if o.pairs:
            i = rng.randrange(len(o.pairs))
            k, v = o.pairs[i]
            other = rng.choice(weird_values(rng) + [v])
            if rng.random() < 0.5:
                o.pairs.insert(i, (k, other))
            else:
                o.pairs.insert(rng.randint(i + 1, len(o.pairs)), (k, other))
    elif kind == 6 and objs:  # reorder keys
        o = rng.choice(objs)
        if rng.random() < 0.5:
            o.pairs.sort(key=lambda kv: kv[0] == "mode")
        else:
            rng.shuffle(o.pairs)
    elif kind == 7 and objs:  # a header pair of the wrong shape, or many headers
        for o in objs:
            for j, (k, v) in enumerate(o.pairs):
                if k == "headers" and isinstance(v, list):
                    r = rng.random()
                    if r < 0.6 and v:
                        v[rng.randrange(len(v))] = rng.choice(weird_values(rng))
                    elif r < 0.8:
                        v.extend([["X-Many-%d" % n, "v"] for n in range(rng.choice([250, 257, 300]))])
                    else:
                        v.append([rng.choice(["Origin", "Access-Control-Request-Method", "Vary"]),
                                  rng.choice(["", "x" * 9000, "GET", "https://b.example"])])
                    return
    elif kind == 8 and objs:  # mode / status / credentials edge values
        for o in objs:
            for j, (k, v) in enumerate(o.pairs):
                if k in ("mode", "status", "credentials", "private_network", "id") and rng.random() < 0.5:
                    o.pairs[j] = (k, rng.choice(weird_values(rng) + ["Server", "BROWSER", "server "]))
                    return
    else:                     # a nested value at some depth
        if ps:
            c, i = rng.choice(ps)
            set_at(c, i, nested(rng.choice([29, 30, 31, 32, 33])))


# JSON-looking fragments that break the structure where a value was expected
# (the kind of line a reader that skips what it does not need may miss).
FRAGMENTS = [b':""', b'"":', b'":"', b',""', b'[""]', b'"":""', b':1', b':"x":', b'[[', b']]', b'}{', b'{}',
             b',', b':', b'""', b'"x"', b'1', b'null', b'true', b'[', b']', b'{', b'}']


def mutate_text(text, rng):
    b = text.encode("utf-8", "surrogatepass")  # seeds may hold lone surrogates
    kind = rng.randrange(8)
    pos = rng.randint(0, len(b))
    junk = [b"\x80", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xff", b"\x00", b"\x01",
            b"\x1f", b"\x7f", b'"', b"\\", b"{", b"}", b"[", b"]", b",", b":", b" ", b"\t", b"\r", b"x", b"1"]
    if kind == 0:
        b = b[:pos]
    elif kind == 1:
        b = b[:pos] + rng.choice(junk) + b[pos:]
    elif kind == 2 and b:
        pos = min(pos, len(b) - 1)
        b = b[:pos] + rng.choice(junk) + b[pos + 1:]
    elif kind == 3:
        b = b + rng.choice([b" x", b"}", b",", b" ", b"\t", b"\r", b"{}", b" null", b"\xef\xbb\xbf"])
    elif kind == 4:
        b = rng.choice([b"\xef\xbb\xbf", b" ", b"\t", b"\r", b"[", b"x"]) + b
    elif kind == 5:
        b = rng.choice([b"[]", b"\"case\"", b"42", b"null", b"true", b"{}", b"[{}]", b"", b" \t\r", b"-0"])
    elif kind == 6:  # a fragment right after a quote, or anywhere
        quotes = [i + 1 for i, c in enumerate(b) if c == 0x22]
        if quotes and rng.random() < 0.7:
            pos = rng.choice(quotes)
        b = b[:pos] + rng.choice(FRAGMENTS) + b[pos:]
    else:  # a key written with an escape
        for k in (b'"id"', b'"mode"', b'"request"', b'"method"', b'"status"'):
            if k in b and rng.random() < 0.5:
                esc = b'"\\u00' + (b"%02x" % k[1]) + k[2:]
                b = b.replace(k, esc, 1)
                break
    return b.replace(b"\n", b" ")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seeds", nargs="+")
    ap.add_argument("--count", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    seeds = []
    for path in a.seeds:
        with open(path, "rb") as f:
            for line in f:
                try:
                    v = json.loads(line)
                except (ValueError, UnicodeDecodeError):
                    continue
                if isinstance(v, dict):
                    seeds.append(v)
    if not seeds:
        print("hostile_cases.py: no JSON object among the seed lines", file=sys.stderr)
        return 2
    out = sys.stdout.buffer
    for _ in range(a.count):
        doc = to_obj(json.loads(json.dumps(rng.choice(seeds))))
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            mutate_tree(doc, rng)
        text = dump(doc, rng, ws=rng.random() < 0.1)
        line = mutate_text(text, rng) if rng.random() < 0.25 else text.encode("utf-8", "surrogatepass")
        out.write(line.replace(b"\n", b" ") + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
