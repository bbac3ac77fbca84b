#!/usr/bin/python3
"""Write docs/peers.md from the results of peers/run.py (build/peers/run.json).

    /usr/bin/python3 peers/matrix.py [RESULTS.json] [OUT.md]

Run by `bash peers/run.sh` after a full run. The page is generated: edit this
script, not the page.
"""

import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEVERITY_ORDER = {'error': 0, 'warning': 1}
KIND_ORDER = {'preflight': 0, 'actual': 1, 'not-cors': 2}

# What a finding class says about the library, in the protocol's terms.
PHRASES = {
    ('grants-denied-request', 'preflight'): 'grants preflights the policy refuses{reasons}',
    ('grants-denied-request', 'actual'): 'lets pages read answers to requests the policy refuses{reasons}',
    ('denies-allowed-request', 'preflight'): 'fails preflights the policy allows{errors}',
    ('denies-allowed-request', 'actual'): 'leaves the CORS headers off actual requests the policy allows{errors}',
    ('missing-vary-origin', 'actual'): 'leaves `Vary: Origin` off answers that depend on the origin',
    ('missing-vary-origin', 'not-cors'): 'leaves `Vary: Origin` off answers to requests without `Origin`',
    ('reflects-unlisted-origin', None): 'echoes origins the policy does not list',
    ('star-covers-authorization', None): 'lets `Access-Control-Allow-Headers: *` stand for `Authorization`',
    ('acam-missing-requested-method', None): 'leaves a method the policy allows out of `Access-Control-Allow-Methods`',
    ('acah-missing-requested-header', None): 'leaves headers the policy allows out of `Access-Control-Allow-Headers`',
    ('wildcard-with-credentials', None): 'answers `Access-Control-Allow-Origin: *` with credentials',
    ('duplicate-header', None): 'repeats a single-valued `Access-Control-*` header',
    ('invalid-max-age', None): 'sends an `Access-Control-Max-Age` that is not delta-seconds',
    ('max-age-differs', None): 'sends another `Access-Control-Max-Age` than the policy\'s',
    ('expose-header-missing', None): 'does not expose every name of `expose_headers`',
    ('exposes-unlisted-header', None): 'exposes names the policy does not',
}


# Readings of the findings, written from the reproducers of the run they
# name (the version string): shown only while the peer's version is that
# one, so an upgraded library never carries a stale reading.
NOTES = {
    ('express', 'express 5.3.0 + cors 2.8.6'):
        'sends the configured lists as they are: `allow_headers: ["*"]` becomes `Access-Control-Allow-Headers: *`, '
        'which never covers `Authorization` and, with credentials, is a literal name (credentialed preflights for '
        'other headers fail too); `allow_methods: ["*"]` with credentials becomes a literal `*` method.',
    ('fastify', 'fastify 5.12.8 + @fastify/cors 11.4.3'):
        'sends the configured lists as they are, like `cors`: `*` in `allow_headers` never covers `Authorization` and '
        'is a literal name with credentials, as is `*` in `allow_methods`.',
    ('koa', 'koa 3.3.0 + @koa/cors 5.0.0'):
        'reflects `Access-Control-Request-Headers` when `allow_headers` is empty (the `defaults` policy grants any '
        'requested header); answers an `OPTIONS` request without `Access-Control-Request-Method` with no CORS header '
        'at all; and, like the other Node libraries, sends `*` lists as they are.',
    ('hono', 'hono 4.13.19 + @hono/node-server 2.1.9'):
        'reflects `Access-Control-Request-Headers` when `allow_headers` is empty (the `defaults` policy grants any '
        'requested header), and sends `*` lists as they are, like the other Node libraries.',
    ('flask', 'flask 2.2.2 + flask-cors 3.0.10 (waitress 2.1.2)'):
        'leaves `Vary: Origin` off refusals; answers a preflight for a safelisted method it does not list (`HEAD`) '
        'without `Access-Control-Allow-Headers`, so the requested headers fail; upper-cases requested methods (`Egg` is answered `EGG`, which browsers compare case-sensitively); '
        'with `allow_headers: ["*"]` mirrors `authorization`.',
    ('starlette', 'starlette 0.26.1 (uvicorn 0.17.6)'):
        'leaves `Vary: Origin` off refusals and off answers without `Origin`; refuses preflights for a safelisted '
        'method it does not list (`HEAD`, status 400); always allows `Accept`, `Accept-Language`, '
        '`Content-Language` and `Content-Type` in preflights, listed or not. Most conformance vectors\' policies '
        'have no `max_age`, which it cannot leave out, so the replay covers few of them.',
    ('rs-cors', 'go 1.19.8 net/http + rs/cors 1.7.0'):
        'checks the method of actual requests too (an actual `HEAD` it does not list gets no CORS header); '
        'refuses preflights for a safelisted method it does not list (`HEAD`); always allows `OPTIONS` as a requested '
        'method; upper-cases requested methods (`Egg` answered `EGG`); does not echo a requested `*` header under '
        '`allow_headers: ["*"]`.',
}


def phrase(code, kind, reasons, errors):
    p = PHRASES.get((code, kind)) or PHRASES.get((code, None)) or '`%s` on %s requests' % (code, kind)
    r = ' (%s)' % ', '.join('`%s`' % x for x in sorted(reasons)) if reasons else ''
    e = ' (browsers fail with %s)' % ', '.join('`%s`' % x for x in sorted(errors)) if errors else ''
    return p.format(reasons=r, errors=e)


def md(text):
    return str(text).replace('|', '\\|').replace('\n', ' ')


def code_span(text):
    t = md(text).replace('`', "'")
    return '`%s`' % t if t.strip() else '`""`'


def show_request(req):
    parts = [code_span(req['method'])]
    parts += [code_span('%s: %s' % (n, v)) for n, v in req['headers']]
    return ' '.join(parts)


def cors_only(headers):
    return [(n, v) for n, v in headers if n.lower().startswith('access-control-') or n.lower() == 'vary']


def show_answer(status, headers):
    hs = cors_only(headers)
    return ' '.join([code_span(status)] + [code_span('%s: %s' % (n, v)) for n, v in hs]) + (
        '' if hs else ' (no CORS header)')


def policy_reason(detail):
    m = re.search(r'the policy (?:denies|does not allow) .*? \(([a-z-]+)(?::|\))', detail)
    return m.group(1) if m else None


def browser_error(detail):
    m = re.search(r'\[([a-z-]+)\]', detail)
    return m.group(1) if m else None


def is_artefact(code, origin, policy):
    """corsproof's open point: Origin null under a "*" policy (v1.1 makes "*" match it)."""
    return policy.get('allow_origins') == ['*'] and code in ('grants-denied-request', 'reflects-unlisted-origin') \
        and origin == 'null'


def origin_of(req):
    return next((v for n, v in req['headers'] if n.lower() == 'origin'), None)


def collect(peer, policies):
    """{(severity, code, kind, artefact): class} over audit, fuzz and replay."""
    classes = {}

    def cls(sev, code, kind, art):
        return classes.setdefault((sev, code, kind, art), {
            'audit': 0, 'audit_policies': [], 'fuzz': 0, 'fuzz_policies': [], 'replay': 0, 'replay_ids': [],
            'reasons': set(), 'errors': set(), 'example': None, 'example_size': None})

    def consider(c, size, example):
        if c['example_size'] is None or size < c['example_size']:
            c['example_size'], c['example'] = size, example

    for t in peer['tasks']:
        rep = t.get('report')
        if not rep:
            continue
        pol = policies.get(t['policy'], {}) if t['policy'] else None
        if t['what'] == 'audit':
            for p in rep.get('probes', []):
                for f in p.get('findings', []):
                    art = is_artefact(f['code'], origin_of(p['request']), pol)
                    c = cls(f['severity'], f['code'], p.get('kind'), art)
                    c['audit'] += 1
                    if t['policy'] not in c['audit_policies']:
                        c['audit_policies'].append(t['policy'])
                    if policy_reason(f['detail']):
                        c['reasons'].add(policy_reason(f['detail']))
                    if browser_error(f['detail']):
                        c['errors'].add(browser_error(f['detail']))
                    obs = p.get('observed', {})
                    consider(c, (2, len(p['request']['headers']), len(json.dumps(p['request']))), {
                        'source': 'audit probe `%s`, policy `%s`' % (p['id'], t['policy']),
                        'request': p['request'], 'status': obs.get('status'), 'headers': obs.get('headers', []),
                        'detail': f['detail']})
        elif t['what'] == 'fuzz':
            for f in rep.get('findings', []):
                m = f['minimal']
                art = is_artefact(f['code'], origin_of(m['request']), pol)
                c = cls(f['severity'], f['code'], f['kind'], art)
                c['fuzz'] += f['hits']
                if t['policy'] not in c['fuzz_policies']:
                    c['fuzz_policies'].append(t['policy'])
                if not m['expected']['allowed']:
                    c['reasons'].add(m['expected']['reason'])
                if browser_error(f['detail']):
                    c['errors'].add(browser_error(f['detail']))
                consider(c, (1, len(m['request']['headers']), len(json.dumps(m['request']))), {
                    'source': 'fuzz, policy `%s` (seed %s, shrunk from %s)' % (
                        t['policy'], rep.get('seed'), f['first_request']['id']),
                    'request': m['request'], 'status': m['observed']['status'], 'headers': m['observed']['headers'],
                    'expected': m['expected'], 'detail': f['detail']})
        else:
            pols = {json.dumps(p['policy'], sort_keys=True): p['policy'] for p in rep.get('policies', [])}
            by_id = {}
            for p in rep.get('policies', []):
                for vid in p['vectors']:
                    by_id[vid] = p['policy']
            for v in rep.get('vectors', []):
                for f in v.get('findings', []):
                    art = is_artefact(f['code'], origin_of(v['request']), by_id.get(v['id'], {}))
                    c = cls(f['severity'], f['code'], v.get('kind'), art)
                    c['replay'] += 1
                    c['replay_ids'].append(v['id'])
                    if policy_reason(f['detail']):
                        c['reasons'].add(policy_reason(f['detail']))
                    if browser_error(f['detail']):
                        c['errors'].add(browser_error(f['detail']))
                    obs = v.get('observed', {})
                    consider(c, (3, len(v['request']['headers']), len(json.dumps(v['request']))), {
                        'source': 'replay vector `%s`' % v['id'], 'request': v['request'],
                        'status': obs.get('status'), 'headers': obs.get('headers', []), 'detail': f['detail']})
            del pols
    return classes


def task(peer, what, policy=None):
    return next((t for t in peer['tasks'] if t['what'] == what and t['policy'] == policy), None)


def cell(t):
    if t is None:
        return '-'
    if t.get('error') or t['exit'] is None:
        return '**FAIL**'
    if t['exit'] == 3:
        return 'n/e'
    rep = t['report']
    mark = '\\*' if t.get('preflight_status_used') else ''
    if t['what'] == 'audit':
        s = rep['summary']
        e, w = s.get('errors', 0), s.get('warnings', 0)
    else:
        fs = rep.get('findings', [])
        e = sum(1 for f in fs if f['severity'] == 'error')
        w = len(fs) - e
    return ('ok' if e == 0 and w == 0 else '%dE %dW' % (e, w)) + mark


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build', 'peers', 'run.json')
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, 'docs', 'peers.md')
    with open(src) as f:
        res = json.load(f)
    policies = {}
    for p in res['policies']:
        with open(os.path.join(ROOT, p)) as f:
            policies[os.path.basename(p)[:-5]] = json.load(f)
    names = list(policies)
    per_peer = [(e, collect(e, policies)) for e in res['peers']]

    out = []
    w = out.append
    w('# Peers: what corsproof finds in seven CORS implementations')
    w('')
    w('Generated by `bash peers/run.sh` (`peers/run.py` runs corsproof, `peers/matrix.py` writes this page')
    w('from `build/peers/run.json`); edit the generators, not this page. Every peer adapter in `peers/`')
    w('is started through `--server-cmd` (the adapter interface, [adapters.md](adapters.md)) and checked')
    w('three ways:')
    w('')
    w('- **audit**: `corsproof audit` with each policy of `peers/policies/` (%s): the fixed probes;' %
      ', '.join('`%s`' % n for n in names))
    w('- **fuzz**: `corsproof fuzz --seed %s --requests %s --concurrency %s` with each policy: generated requests,' % (
        res['seed'], res['requests'], res['concurrency']))
    w('  each distinct finding shrunk to a minimal request (the same seed against the same library gives the')
    w('  same report);')
    w('- **replay**: `corsproof replay` of the server-mode conformance vectors (%s), one adapter start per' %
      ', '.join('`%s`' % v for v in res['vectors']))
    w('  policy.')
    w('')
    w('Every answer is judged by the audit mode (`audit/README.md`): what a browser does with the answer,')
    w('against what the policy grants. A finding class is a code, its severity and the request kind')
    w('(preflight, actual, or a request without `Origin`). Warnings are about requests no browser sends')
    w('(two `Origin` headers, an untidy `Access-Control-Request-Headers`, a forbidden header name) or')
    w('about cache lifetimes and exposed headers. corsproof: `%s`; the whole run took %s s.' % (
        res.get('corsproof', '?'), res.get('elapsed_s', '?')))
    w('')
    w('How the adapters map a policy onto each library: [adapters.md](adapters.md) and each')
    w('`peers/<name>/README.md`, which also explains where findings come from in the library\'s code.')
    w('')

    w('## Summary')
    w('')
    w('| peer | library and version | audit: policies ok / with findings / n/e | fuzz: distinct errors, warnings | replay: vectors conforming / answered (n/e) |')
    w('| --- | --- | --- | --- | --- |')
    for e, classes in per_peer:
        audits = [t for t in e['tasks'] if t['what'] == 'audit']
        a_ok = sum(1 for t in audits if t['exit'] == 0)
        a_f = sum(1 for t in audits if t['exit'] == 1)
        a_ne = sum(1 for t in audits if t['exit'] == 3)
        fuzz_classes = {k for k, c in classes.items() if c['fuzz'] and not k[3]}
        fe = sum(1 for k in fuzz_classes if k[0] == 'error')
        fw = len(fuzz_classes) - fe
        rp = task(e, 'replay')
        if rp and rp.get('report'):
            s = rp['report']['summary']
            replay = '%d / %d (%d)' % (s['conforming'], s['answered'], s['vectors_not_expressible'])
        else:
            replay = cell(rp)
        w('| [%s](#%s) | %s | %d / %d / %d | %d, %d | %s |' % (
            e['name'], e['name'], md(e.get('version') or 'not installed'), a_ok, a_f, a_ne, fe, fw, replay))
    w('')
    w('### What each library gets wrong')
    w('')
    w('Under the protocol\'s rules (a class is listed when any of the three runs found it; † classes,')
    w('corsproof\'s own open point below, are left out):')
    w('')
    for e, classes in per_peer:
        errs, warns = [], []
        for (sev, code, kind, art), c in sorted(classes.items(), key=lambda kv: (
                SEVERITY_ORDER.get(kv[0][0], 2), kv[0][1], KIND_ORDER.get(kv[0][2], 3))):
            if art:
                continue
            if sev == 'error':
                text = phrase(code, kind, c['reasons'], c['errors'])
                target = errs
            else:
                text = phrase(code, kind, (), ())
                target = warns
            if text not in target:
                target.append(text)
        text = '; '.join(errs) + '.' if errs else 'no error-level finding.'
        if warns:
            text += ' Warnings (mostly on requests no browser sends): ' + '; '.join(warns) + '.'
        note = NOTES.get((e['name'], e.get('version')))
        if note:
            text += ' In short: it ' + note
        w('- **%s** (%s): %s' % (e['name'], md(e.get('version') or '?'), text[0].upper() + text[1:]))
    w('')

    w('## Policies and peers')
    w('')
    w('Each cell: audit / fuzz.')
    w('')
    w('| policy | ' + ' | '.join(e['name'] for e, _ in per_peer) + ' |')
    w('| --- |' + ' --- |' * len(per_peer))
    for n in names:
        row = []
        for e, _ in per_peer:
            a, f = task(e, 'audit', n), task(e, 'fuzz', n)
            row.append('n/e' if a and a['exit'] == 3 else '%s / %s' % (cell(a), cell(f)))
        w('| `%s` | %s |' % (n, ' | '.join(row)))
    w('')
    w('`ok`: every answer conforms. `NE MW`: audit: N error and M warning findings (one probe can give')
    w('several); fuzz: N and M distinct finding classes. `n/e`: the adapter exited 3, the library cannot')
    w('express the policy (the reason is in the peer\'s section). `*`: the library has one fixed preflight')
    w('status, so corsproof ran the policy with `preflight_status` set to it (the audit judges 200 and 204')
    w('alike). `FAIL`: the adapter did not start, answer or stop (run.sh fails).')
    w('')

    w('## corsproof\'s own open point')
    w('')
    w('† `grants-denied-request` and `reflects-unlisted-origin` for `Origin: null` under a `"*"` policy:')
    w('protocol v1.1 says `"*"` matches every origin, `null` included, and the libraries answer')
    w('`Access-Control-Allow-Origin: *` to it. corsproof\'s core still applies v1\'s rule (`null` only when')
    w('listed; `docs/protocol-decisions.md`), so it calls these answers grants. They are findings about')
    w('corsproof, not about the libraries, and go away when the core moves to v1.1.')
    w('')

    w('## Per library')
    for e, classes in per_peer:
        w('')
        w('### %s' % e['name'])
        w('')
        w('%s: **%s**. Server command: %s. Adapter and option mapping: [peers/%s/README.md](../peers/%s/README.md).' % (
            md(e['library']), md(e.get('version') or 'not installed'), code_span(e['command']), e['name'], e['name']))
        w('')
        swapped = sorted({t['preflight_status_used'] for t in e['tasks'] if t.get('preflight_status_used')})
        if swapped:
            w('The library has a fixed preflight status: corsproof ran policies asking for another one with '
              '`preflight_status: %s` (marked `*`).' % ', '.join(str(s) for s in swapped))
            w('')
        ne = [t for t in e['tasks'] if t['what'] == 'audit' and t['exit'] == 3]
        if ne:
            w('Not expressible (exit 3):')
            w('')
            for t in ne:
                w('- `%s`: %s' % (t['policy'], md(t['not_expressible'])))
            w('')
        rp = task(e, 'replay')
        if rp and rp.get('report'):
            s = rp['report']['summary']
            w('Replay: %d vectors answered over %d policies, %d conforming, %d failed; %d vectors (%d policies) '
              'not expressible; %d skipped (bad policies, requests HTTP/1.1 cannot carry, uncommon methods).' % (
                  s['answered'], s['policies_run'], s['conforming'], s['failed'], s['vectors_not_expressible'],
                  s['policies_not_expressible'], s['skipped']))
            reasons = {}
            for p in rp['report'].get('policies', []):
                if p['state'] == 'not-expressible':
                    why = p.get('message', '').splitlines()[0] if p.get('message') else '?'
                    why = re.sub(r'^(not expressible: [a-z_]+: [^:]*).*$', r'\1', why)
                    reasons[why] = reasons.get(why, 0) + len(p['vectors'])
            if reasons:
                w('Not expressible in the replay: ' + '; '.join(
                    '%s (%d vectors)' % (md(k), n) for k, n in sorted(reasons.items(), key=lambda kv: -kv[1])) + '.')
            w('')
        fails = [t for t in e['tasks'] if t.get('error') or t['exit'] is None]
        for t in fails:
            w('- **FAIL** %s `%s`: %s' % (t['what'], t['policy'] or '-', md(t.get('error'))))
        if fails:
            w('')
        if not classes:
            w('No finding.')
            continue
        w('| finding class | audit probes | fuzz requests | replay vectors | one minimal reproducer |')
        w('| --- | --- | --- | --- | --- |')
        for (sev, code, kind, art), c in sorted(classes.items(), key=lambda kv: (
                kv[0][3], SEVERITY_ORDER.get(kv[0][0], 2), kv[0][1], KIND_ORDER.get(kv[0][2], 3))):
            ex = c['example']
            repro = '%s: %s → %s' % (ex['source'], show_request(ex['request']),
                                     show_answer(ex['status'], ex['headers']))
            if ex.get('expected'):
                x = ex['expected']
                want = ' '.join(([code_span(x['status'])] if 'status' in x else []) +
                                [code_span('%s: %s' % (n, v)) for n, v in cors_only(x['headers'])])
                repro += '; the policy %s: %s' % ('allows it' if x['allowed'] else 'refuses it (`%s`)' % x['reason'],
                                                  want or '(no CORS header)')
            ids = c['replay_ids']
            replay = '%d (%s%s)' % (c['replay'], ', '.join('`%s`' % i for i in ids[:2]), ', ...' if len(ids) > 2 else '') \
                if c['replay'] else '0'
            w('| %s `%s` on %s%s | %s | %s | %s | %s |' % (
                sev, code, kind, ' †' if art else '',
                '%d (%s)' % (c['audit'], ', '.join('`%s`' % p for p in c['audit_policies'])) if c['audit'] else '0',
                '%d (%s)' % (c['fuzz'], ', '.join('`%s`' % p for p in c['fuzz_policies'])) if c['fuzz'] else '0',
                replay, repro))
    w('')
    with open(dst, 'w') as f:
        f.write('\n'.join(out))
    print('matrix: wrote %s' % os.path.relpath(dst, ROOT))


if __name__ == '__main__':
    main()
