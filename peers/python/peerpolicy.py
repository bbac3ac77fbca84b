"""Shared by the Python adapters (docs/adapters.md).

Reads the policy file, refuses what a library cannot express (exit 3) and
malformed files (exit 2), turns origin entries into what the libraries take
(strings, compiled patterns), and prints the port line. No CORS decision is
made here: the libraries make them.
"""

import json
import re
import sys

KEYS = ('allow_origins', 'allow_methods', 'allow_headers', 'expose_headers',
        'allow_credentials', 'max_age', 'allow_private_network', 'preflight_status')

# Fetch's "normalize a method": these six are upper-cased, nothing else.
NORMALIZED_METHODS = ('DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT')

PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
CLASS_ESCAPES = 'dDwWsS'


def die(status, message):
    sys.stderr.write(message + '\n')
    sys.stderr.flush()
    sys.exit(status)


def not_expressible(field, why):
    """Exit 3: the policy is valid but this library cannot express one field."""
    die(3, 'not expressible: %s: %s' % (field, why))


def malformed(why):
    die(2, 'malformed policy: %s' % why)


class Origins:
    def __init__(self):
        self.any = False
        self.null = False
        self.exact = []
        self.wildcards = []  # (scheme, suffix, port or None)
        self.regexes = []    # the RE2 patterns, without "re:"


class Policy:
    pass


WILDCARD = re.compile(r'([a-z][a-z0-9+.-]*)://\*\.([^:/*]+)(?::([0-9]+))?', re.ASCII)
REPEAT = re.compile(r'\{([0-9]+)(,([0-9]*))?\}', re.ASCII)


def _string_list(p, key, default):
    if key not in p:
        return list(default)
    v = p[key]
    if not isinstance(v, list) or not all(isinstance(s, str) and s for s in v):
        malformed('%s must be an array of non-empty strings' % key)
    return v


def load(argv):
    """The policy file named by argv[1], checked for shape (exit 2) and
    normalized. The finer rules (canonical origins, RE2 compilation) are
    corsproof's: it only hands adapters policies it accepted."""
    if len(argv) != 2:
        die(2, 'usage: ADAPTER POLICY.json')
    try:
        with open(argv[1], 'rb') as f:
            text = f.read()
    except OSError as e:
        die(2, 'cannot read %s: %s' % (argv[1], e.strerror))
    try:
        p = json.loads(text)
    except ValueError as e:
        malformed('not JSON: %s' % e)
    if not isinstance(p, dict):
        malformed('not a JSON object')
    for k in p:
        if k not in KEYS:
            malformed('unknown key "%s"' % k)
    if 'allow_origins' not in p:
        malformed('allow_origins is required')
    entries = _string_list(p, 'allow_origins', [])
    if not entries:
        malformed('allow_origins must not be empty')

    def boolean(k):
        if k not in p:
            return False
        if not isinstance(p[k], bool):
            malformed('%s must be true or false' % k)
        return p[k]

    pol = Policy()
    pol.methods = [m.upper() if m.upper() in NORMALIZED_METHODS else m
                   for m in _string_list(p, 'allow_methods', ['GET', 'HEAD', 'POST'])]
    pol.headers = _string_list(p, 'allow_headers', [])
    pol.expose = _string_list(p, 'expose_headers', [])
    pol.credentials = boolean('allow_credentials')
    pol.private_network = boolean('allow_private_network')
    pol.max_age = None
    if 'max_age' in p:
        v = p['max_age']
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 2147483647:
            malformed('max_age must be an integer 0..2147483647')
        pol.max_age = v
    pol.preflight_status = 204
    if 'preflight_status' in p:
        v = p['preflight_status']
        if isinstance(v, bool) or v not in (200, 204):
            malformed('preflight_status must be 200 or 204')
        pol.preflight_status = v

    o = Origins()
    for e in entries:
        if e == '*':
            o.any = True
        elif e == 'null':
            o.null = True
        elif e.startswith('re:'):
            o.regexes.append(e[3:])
        elif '*' in e:
            m = WILDCARD.fullmatch(e)
            if not m:
                malformed('allow_origins entry "%s" is not scheme://*.suffix[:port]' % e)
            o.wildcards.append((m.group(1), m.group(2), m.group(3)))
        else:
            o.exact.append(e)
    if o.any and len(entries) != 1:
        malformed('"*" must be the only allow_origins entry')
    if o.any and pol.credentials:
        malformed('"*" origins with allow_credentials: true')
    pol.origins = o
    return pol


def re_subset_problem(p):
    """Whether an RE2 pattern means the same in Python's re (with re.ASCII) and
    in JavaScript (no `u` flag) on the strings the core ever matches against
    (well-formed origins: printable ASCII, no spaces). None when it does, else
    why not. The subset is the one peers/node/peer.js accepts; see there."""
    i, n, depth, can_repeat = 0, len(p), 0, False
    while i < n:
        c = p[i]
        if not 0x21 <= ord(c) <= 0x7e:
            return 'character U+%04x (only printable ASCII is read the same way)' % ord(c)
        if c == '\\':
            d = p[i + 1] if i + 1 < n else None
            if d is None:
                return 'trailing backslash'
            if d not in PUNCT and d not in CLASS_ESCAPES:
                return 'escape \\%s' % d
            i += 2
            can_repeat = True
        elif c == '[':
            i += 1
            if i < n and p[i] == '^':
                i += 1
            if i < n and p[i] == ']':
                return '`]` first in a class (a literal in RE2, an empty class in JavaScript)'
            items, prev_single = 0, False
            while True:
                if i >= n:
                    return 'unterminated class'
                e = p[i]
                if not 0x21 <= ord(e) <= 0x7e:
                    return 'character U+%04x in a class' % ord(e)
                if e == ']':
                    i += 1
                    break
                if e == '[':
                    return '`[` inside a class (POSIX classes in RE2)'
                if e == '\\':
                    d = p[i + 1] if i + 1 < n else None
                    if d is None:
                        return 'trailing backslash'
                    if d in PUNCT:
                        prev_single = True
                    elif d in CLASS_ESCAPES:
                        prev_single = False
                    else:
                        return 'escape \\%s in a class' % d
                    i += 2
                elif e == '-' and items > 0 and i + 1 < n and p[i + 1] != ']':
                    if not prev_single:
                        return 'a range from a class escape'
                    f = p[i + 1]
                    if f == '\\':
                        d = p[i + 2] if i + 2 < n else None
                        if d is None or d not in PUNCT:
                            return 'a range to a class escape'
                        i += 3
                    else:
                        if f == '[':
                            return '`[` inside a class (POSIX classes in RE2)'
                        i += 2
                    prev_single = False
                else:
                    prev_single = True
                    i += 1
                items += 1
            can_repeat = True
        elif c == '(':
            if p[i + 1:i + 2] == '?':
                if p[i + 2:i + 3] != ':':
                    return 'group syntax `(?` other than `(?:`'
                i += 3
            else:
                i += 1
            depth += 1
            can_repeat = False
        elif c == ')':
            if depth == 0:
                return 'unbalanced `)`'
            depth -= 1
            i += 1
            can_repeat = True
        elif c in '*+?{':
            if not can_repeat:
                return 'repetition `%s` with nothing to repeat' % c
            if c == '{':
                m = REPEAT.match(p, i)
                if not m:
                    return 'a `{` that is not a counted repetition {n}, {n,} or {n,m}'
                if int(m.group(1)) > 1000 or (m.group(3) and int(m.group(3)) > 1000):
                    return 'a repetition count over 1000 (RE2 refuses it)'
                i = m.end()
            else:
                i += 1
            if i < n and p[i] == '?':
                i += 1
            if i < n and p[i] in '*+?{':
                return 'a repeated repetition (possessive in Python, an error in RE2)'
            can_repeat = False
        elif c == '}':
            return 'a stray `}`'
        elif c in '|^$':
            i += 1
            can_repeat = False
        else:
            i += 1
            can_repeat = True
    if depth != 0:
        return 'unbalanced `(`'
    return None


def wildcard_pattern(w):
    """A wildcard as Python regex source, for a full match: one or more labels
    of [a-z0-9_-] (docs/protocol-decisions.md, "Origins"), then the suffix and
    the port spelling."""
    scheme, suffix, port = w
    return '%s://(?:[a-z0-9_-]+\\.)+%s%s' % (
        re.escape(scheme), re.escape(suffix), re.escape(':' + port) if port else '')


def re_entry_source(r):
    """An re: entry's pattern as the Python regex source the adapters give the
    libraries, to be matched in full (fullmatch, or followed by \\Z): it never
    matches `null` (re: entries never match the opaque origin; only a "null"
    entry does). Compile it with re.ASCII, or prefix (?a)."""
    return '(?!null\\Z)(?:%s)' % r


def regex_patterns(pol, engine='Python'):
    """The re: entries as re_entry_source() regex source, or exit 3 when one is
    not known to mean the same as in RE2."""
    out = []
    for r in pol.origins.regexes:
        why = re_subset_problem(r)
        if why:
            not_expressible('allow_origins', 're:%s: not known to mean the same in RE2 and %s: %s' % (r, engine, why))
        out.append(re_entry_source(r))
    return out


def announce(port, label):
    """The port alone on the first line of standard output, flushed."""
    sys.stdout.write('%d\n' % port)
    sys.stdout.flush()
    sys.stderr.write('%s listening on 127.0.0.1:%d\n' % (label, port))
    sys.stderr.flush()


def version_flag(argv, label):
    if len(argv) == 2 and argv[1] == '--version':
        print(label)
        sys.exit(0)
