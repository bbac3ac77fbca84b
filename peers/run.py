#!/usr/bin/python3
"""The peer matrix: audit, fuzz and replay every peer adapter through --server-cmd.

Run through peers/run.sh (see peers/README.md). For each peer in
peers/peers.json:
  - `corsproof audit --server-cmd CMD --policy P --json` for each policy in
    peers/policies/;
  - `corsproof fuzz --server-cmd CMD --policy P --seed S --requests N --json`
    for each policy (fixed seed: the same library gives the same report);
  - `corsproof replay --server-cmd CMD --json VECTORS` (default: the shipped
    corpus/conformance).
The results go to build/peers/run.json; peers/matrix.py writes docs/peers.md
from them. An adapter that cannot express a policy (exit 3) is no failure;
corsproof itself re-runs a policy refused only for preflight_status with the
other status. A run fails (exit 1) when corsproof exits 2 (an adapter that
does not start, print its port, answer or stop) or crashes.

--ci: one quick pass for CI (see peers/README.md): fewer requests, the
replay of corpus/conformance/server limited to the policies the peer can
express (CI_POLICY_FILTERS), and the finding classes compared with
peers/ci/PEER.expected (a regression check of corsproof and the library).
"""

import argparse
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS_DIR = os.path.join(ROOT, 'peers')
OUT_DIR = os.path.join(ROOT, 'build', 'peers')
sys.path.insert(0, PEERS_DIR)
import smoke  # noqa: E402  (corsproof_binary, peer_version)

STATUS_NOTE = re.compile(r'runs the policy with preflight_status (\d+)')

# --ci: replay only the policies the peer can express (--policy-filter), so
# that no adapter start is spent on a refusal.
CI_POLICY_FILTERS = {
    'starlette': ['max_age!=null', 'allow_private_network!=true', 'allow_methods!=["*"]'],
}


def server_cmd(peer):
    """The peers.json command as a --server-cmd (run from the repository root)."""
    return ' '.join(a if a == '{policy}' else shlex.quote(a) for a in peer['command'])


def run_corsproof(args, timeout):
    t0 = time.monotonic()
    try:
        r = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {'exit': None, 'error': 'timed out after %ds' % timeout, 'seconds': timeout}
    except OSError as e:
        return {'exit': None, 'error': 'cannot run %s: %s' % (args[0], e), 'seconds': 0}
    out = {'exit': r.returncode, 'seconds': round(time.monotonic() - t0, 2),
           'stderr': r.stderr.decode('utf-8', 'replace').strip()}
    m = STATUS_NOTE.search(out['stderr'])
    if m:
        out['preflight_status_used'] = int(m.group(1))
    if r.returncode in (0, 1):
        try:
            out['report'] = json.loads(r.stdout)
        except ValueError as e:
            out['exit'] = None
            out['error'] = 'not JSON: %s' % e
    elif r.returncode == 3:
        out['not_expressible'] = out['stderr'].split('exited 3 for this policy: ', 1)[-1]
    else:
        out['error'] = out['stderr'] or 'exit %d' % r.returncode
    return out


def classes_of(task):
    """{(severity, code, kind): count} of one run."""
    c = {}
    rep = task.get('report')
    if not rep:
        return c
    if task['what'] == 'audit':
        items = [(f['severity'], f['code'], p.get('kind')) for p in rep.get('probes', []) for f in p.get('findings', [])]
        for k in items:
            c[k] = c.get(k, 0) + 1
    elif task['what'] == 'fuzz':
        for f in rep.get('findings', []):
            c[(f['severity'], f['code'], f['kind'])] = f['hits']
    else:
        for v in rep.get('vectors', []):
            for f in v.get('findings', []):
                k = (f['severity'], f['code'], v.get('kind'))
                c[k] = c.get(k, 0) + 1
    return c


def main():
    ap = argparse.ArgumentParser(description='audit, fuzz and replay every peer adapter; write docs/peers.md')
    ap.add_argument('--peer', action='append', help='only this peer (repeatable)')
    ap.add_argument('--policy', action='append', help='only this policy file (repeatable)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--requests', type=int, default=2000, help='fuzz requests per policy (default 2000)')
    ap.add_argument('--concurrency', type=int, default=8)
    ap.add_argument('--vectors', action='append', help='replay these vector files/directories (default corpus/conformance)')
    ap.add_argument('--no-install', action='store_true', help='do not run peers/install.sh first')
    ap.add_argument('--no-report', action='store_true', help='do not rewrite docs/peers.md')
    ap.add_argument('--ci', action='store_true', help='the quick CI pass (see the module doc)')
    ap.add_argument('-j', '--jobs', type=int, default=2, choices=range(1, 9), metavar='N',
                    help='corsproof runs at the same time (default 2)')
    args = ap.parse_args()

    with open(os.path.join(PEERS_DIR, 'peers.json')) as f:
        peers = json.load(f)['peers']
    if args.peer:
        unknown = set(args.peer) - {p['name'] for p in peers}
        if unknown:
            sys.exit('run: unknown peer(s): %s' % ', '.join(sorted(unknown)))
        peers = [p for p in peers if p['name'] in args.peer]
    pdir = os.path.join(PEERS_DIR, 'policies')
    policies = [os.path.abspath(p) for p in (args.policy or sorted(
        os.path.join(pdir, f) for f in os.listdir(pdir) if f.endswith('.json')))]
    vectors = args.vectors or [os.path.join(ROOT, 'corpus', 'conformance')]
    requests = args.requests
    if args.ci:
        requests = min(requests, 1000)
        if not args.vectors:
            vectors = [os.path.join(ROOT, 'corpus', 'conformance', 'server')]
    full = not (args.peer or args.policy or args.vectors or args.ci or args.requests != 2000 or args.seed != 1)

    t_all = time.monotonic()
    if not args.no_install:
        parts = sorted({'node' if p['command'][0] == 'node' else 'go' if p['name'] == 'rs-cors' else
                        'starlette' if p['name'] == 'starlette' else 'python' for p in peers})
        print('run: bash peers/install.sh %s' % ' '.join(parts), flush=True)
        subprocess.run(['bash', os.path.join(PEERS_DIR, 'install.sh')] + parts, check=True)
    t_install = time.monotonic() - t_all
    bin_path = smoke.corsproof_binary()
    cv = subprocess.run([bin_path, '--version'], capture_output=True, text=True).stdout.strip()

    results = {'corsproof': cv, 'seed': args.seed, 'requests': requests, 'concurrency': args.concurrency,
               'policies': [os.path.relpath(p, ROOT) for p in policies],
               'vectors': [os.path.relpath(v, ROOT) for v in vectors], 'peers': []}
    tasks = []
    failures = []
    for peer in peers:
        version, why = smoke.peer_version(peer)
        entry = {'name': peer['name'], 'library': peer['library'], 'version': version,
                 'command': server_cmd(peer), 'tasks': []}
        results['peers'].append(entry)
        if version is None:
            failures.append('%s: cannot run the adapter (%s); run peers/install.sh' % (peer['name'], why))
            continue
        cmd = entry['command']
        for pol in policies:
            name = os.path.basename(pol)[:-5]
            tasks.append((entry, {'what': 'audit', 'policy': name},
                          [bin_path, 'audit', '--server-cmd', cmd, '--policy', pol, '--json'], 300))
            tasks.append((entry, {'what': 'fuzz', 'policy': name},
                          [bin_path, 'fuzz', '--server-cmd', cmd, '--policy', pol, '--seed', str(args.seed),
                           '--requests', str(requests), '--concurrency', str(args.concurrency),
                           '--time', '300', '--json'], 600))
        filters = []
        for f in CI_POLICY_FILTERS.get(peer['name'], []) if args.ci else []:
            filters += ['--policy-filter', f]
        tasks.append((entry, {'what': 'replay', 'policy': None},
                      [bin_path, 'replay', '--server-cmd', cmd, '--json', '--concurrency', '2'] + filters + vectors,
                      1800))

    def job(t):
        entry, task, argv, timeout = t
        task.update(run_corsproof(argv, timeout))
        return entry, task

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for entry, task in pool.map(job, tasks):
            entry['tasks'].append(task)
            label = '%-10s %-6s %-16s' % (entry['name'], task['what'], task['policy'] or '-')
            if task.get('error') or task['exit'] is None:
                failures.append('%s: %s' % (label.strip(), task.get('error')))
                print('%s FAIL %s' % (label, task.get('error')), flush=True)
            elif task['exit'] == 3:
                print('%s n/e  %s' % (label, task['not_expressible']), flush=True)
            else:
                c = classes_of(task)
                errs = sorted({k[1] for k in c if k[0] == 'error'})
                mark = '*' if task.get('preflight_status_used') else ''
                print('%s %-4s %5.1fs %s' % (label, ('ok' if task['exit'] == 0 else '%dE' % sum(
                    1 for k in c if k[0] == 'error')) + mark, task['seconds'], ' '.join(errs)), flush=True)
    results['elapsed_s'] = round(time.monotonic() - t_all, 1)
    results['install_s'] = round(t_install, 1)
    os.makedirs(OUT_DIR, exist_ok=True)
    out_json = os.path.join(OUT_DIR, 'run-ci.json' if args.ci else 'run.json')
    with open(out_json, 'w') as f:
        json.dump(results, f, indent=1)
    print('run: %d corsproof runs in %.1fs (install %.1fs); results: %s' % (
        len(tasks), results['elapsed_s'], results['install_s'], os.path.relpath(out_json, ROOT)))

    if args.ci:
        for e in results['peers']:
            expected_path = os.path.join(PEERS_DIR, 'ci', '%s.expected' % e['name'])
            got = sorted({'%s %s %s %s %s' % (t['what'], t['policy'] or '-', s, c, k)
                          for t in e['tasks'] for (s, c, k) in classes_of(t)} |
                         {'%s %s n/e' % (t['what'], t['policy'] or '-') for t in e['tasks'] if t['exit'] == 3})
            if not os.path.exists(expected_path):
                failures.append('%s: no %s; the classes found were:\n  %s' % (
                    e['name'], os.path.relpath(expected_path, ROOT), '\n  '.join(got)))
                continue
            with open(expected_path) as f:
                want = sorted(l.strip() for l in f if l.strip() and not l.startswith('#'))
            if got != want:
                missing = [w for w in want if w not in got]
                extra = [g for g in got if g not in want]
                failures.append('%s: the finding classes differ from %s\n  missing: %s\n  new: %s' % (
                    e['name'], os.path.relpath(expected_path, ROOT), missing or 'none', extra or 'none'))
            else:
                print('run: %s: %d finding classes as expected (%s)' % (
                    e['name'], len(got), os.path.relpath(expected_path, ROOT)))
    elif not args.no_report:
        if full:
            subprocess.run([sys.executable, os.path.join(PEERS_DIR, 'matrix.py'), out_json], check=True)
        else:
            print('run: docs/peers.md is only rewritten by the full run (no --peer/--policy/--vectors/--seed/--requests)')
    if failures:
        print('\nrun: %d failure(s):' % len(failures), file=sys.stderr)
        for f in failures:
            print('  ' + f, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
