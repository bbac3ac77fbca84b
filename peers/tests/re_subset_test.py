#!/usr/bin/python3
"""Checks the claim behind the adapters' `re:` rule: a pattern the subset
accepts means the same in RE2 (corsproof's core), JavaScript and Python.

1. The two subset checkers (peers/node/peer.js, peers/python/peerpolicy.py)
   give the expected verdict on every pattern of PATTERNS.
2. For every accepted pattern and every well-formed origin of ORIGINS, the
   core (`corsproof eval`, server mode), a JavaScript RegExp built as the Node
   adapters build it, Python's fullmatch as Starlette runs it and re.match as
   Flask-CORS runs it, and Go's regexp as the rs/cors adapter builds it all
   agree on "allowed".

    /usr/bin/python3 peers/tests/re_subset_test.py   (needs node, go optional, corsproof)

Prints `N passed, M failed` and exits 1 on any failure.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'peers', 'python'))
import peerpolicy  # noqa: E402

# (pattern, accepted by the subset)
PATTERNS = [
    (r'^https://[a-z0-9-]+\.example\.org$', True),
    (r'https://(app|www)\.example\.com(:\d{2,5})?', True),
    (r'https?://[^/:]+\.example\.net', True),
    (r'https://.*\.example\.com', True),
    (r'https://[\w-]+\.example\.com', True),
    (r'https://a\.example(?::8443)?', True),
    (r'https://x{1,3}\.example', True),
    (r'https://[a-]+\.example', True),
    (r'https://[-a]+\.example', True),
    (r'https://[\-.a-z]+\.example', True),
    (r'null|https://a\.example', True),
    (r'https://a+?\.example', True),
    (r'(?i)https://app\.example', False),
    (r'https://(?P<sub>[a-z]+)\.example', False),
    (r'https://(?=a)[a-z]+\.example', False),
    (r'https://[[:alpha:]]+\.example', False),
    (r'https://[]a]\.example', False),
    (r'https://\pL+\.example', False),
    (r'https://a\.example\z', False),
    (r'https://\Qa.example\E', False),
    (r'https://a{,3}\.example', False),
    (r'https://a{\.example', False),
    (r'https://a}\.example', False),
    (r'https://a++\.example', False),
    (r'https://\bapp\.example', False),
    (r'https://(a)\1\.example', False),
    (r'https://\x61\.example', False),
    ('https://caf\u00e9\\.example', False),
    (r'https://a\.example(', False),
    (r'https://[\d-z]\.example', False),
]

ORIGINS = [
    'https://app.example.org', 'https://a-b.example.org', 'https://example.org', 'https://a.b.example.org',
    'https://app.example.org.evil.test', 'http://app.example.org', 'https://app.example.com',
    'https://www.example.com', 'https://www.example.com:8443', 'https://app.example.com:1',
    'https://evilapp.example.com', 'https://a.example.net', 'http://a.example.net', 'https://a.example',
    'https://a.example:8443', 'https://xx.example', 'https://xxxx.example', 'https://-.example',
    'https://aaa.example', 'https://under_score.example.com', 'https://.example.com', 'null',
    'https://x.example', 'https://z.example', 'https://1.example', 'https://a.example.com',
]


def node_subset(patterns):
    script = ("const p=require(process.argv[1]);const a=JSON.parse(require('fs').readFileSync(0,'utf8'));"
              "process.stdout.write(JSON.stringify(a.map(x=>p.reSubsetProblem(x))))")
    r = subprocess.run(['node', '-e', script, os.path.join(ROOT, 'peers', 'node', 'peer.js')],
                       input=json.dumps(patterns), capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


def node_matches(pairs):
    script = ("const p=require(process.argv[1]);const a=JSON.parse(require('fs').readFileSync(0,'utf8'));"
              "process.stdout.write(JSON.stringify(a.map(([r,o])=>p.reEntryRegExp(r).test(o))))")
    r = subprocess.run(['node', '-e', script, os.path.join(ROOT, 'peers', 'node', 'peer.js')],
                       input=json.dumps(pairs), capture_output=True, text=True, check=True)
    return json.loads(r.stdout)


GO_PROGRAM = '''package main

import (
	"encoding/json"
	"os"
	"regexp"
)

func main() {
	var pairs [][2]string
	if err := json.NewDecoder(os.Stdin).Decode(&pairs); err != nil {
		panic(err)
	}
	out := make([]bool, len(pairs))
	for i, p := range pairs {
		// As peers/rs-cors/main.go: "null" is only matched by a "null" entry.
		out[i] = p[1] != "null" && regexp.MustCompile("^(?:"+p[0]+")$").MatchString(p[1])
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}
'''


def go_matches(pairs):
    if not shutil.which('go'):
        return None
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, 'main.go')
        with open(src, 'w') as f:
            f.write(GO_PROGRAM)
        env = dict(os.environ, GO111MODULE='off', GOPROXY='off')
        r = subprocess.run(['go', 'run', src], input=json.dumps(pairs), capture_output=True, text=True,
                           env=env, check=True)
    return json.loads(r.stdout)


def core_allows(bin_path, pairs):
    lines = []
    for i, (p, o) in enumerate(pairs):
        lines.append(json.dumps({'id': str(i), 'mode': 'server', 'policy': {'allow_origins': ['re:' + p]},
                                 'request': {'method': 'GET', 'headers': [['Origin', o]]}}))
    r = subprocess.run([bin_path, 'eval'], input='\n'.join(lines) + '\n', capture_output=True, text=True)
    answers = [json.loads(l) for l in r.stdout.splitlines()]
    return [(a.get('allowed'), a.get('reason'), a.get('error')) for a in answers]


def main():
    bin_path = os.environ.get('CORSPROOF_BIN') or os.path.join(ROOT, 'build', 'dev', 'cli', 'corsproof')
    passed, failed = 0, 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print('FAIL ' + what)

    pats = [p for p, _ in PATTERNS]
    js = node_subset(pats)
    for (p, want), j in zip(PATTERNS, js):
        py = peerpolicy.re_subset_problem(p)
        check((j is None) == want, 'node subset %r: expected %s, got %r' % (p, 'accepted' if want else 'refused', j))
        check((py is None) == want, 'python subset %r: expected %s, got %r' % (p, 'accepted' if want else 'refused', py))

    accepted = [p for p, want in PATTERNS if want]
    pairs = [(p, o) for p in accepted for o in ORIGINS]
    core = core_allows(bin_path, pairs)
    js = node_matches(pairs)
    go = go_matches(pairs)
    for i, (p, o) in enumerate(pairs):
        allowed, reason, error = core[i]
        if error:
            check(False, 'core refused %r: %s' % (p, error))
            continue
        if reason == 'malformed-origin':
            continue  # the core never matches a malformed origin; the libraries are not asked to agree there
        src = peerpolicy.re_entry_source(p)  # as the adapters build it
        starlette = re.compile('(?a)(?:%s)' % src).fullmatch(o) is not None
        flask = re.match(re.compile(src + r'\Z', re.ASCII), o) is not None
        got = {'js': js[i], 'starlette': starlette, 'flask-cors': flask}
        if go is not None:
            got['go'] = go[i]
        for engine, v in got.items():
            check(v == allowed, '%s %r on %r: core %s, %s %s' % (engine, p, o, allowed, engine, v))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
