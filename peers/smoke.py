#!/usr/bin/python3
"""Start every peer adapter with every smoke policy and audit it.

Run through peers/smoke.sh (see peers/README.md). For each peer in
peers/peers.json and each policy in peers/policies/*.json: start the adapter,
read its port line, run `corsproof audit --http http://127.0.0.1:PORT/
--policy P --json`, record the exit status and the findings, stop the adapter
(SIGTERM, SIGKILL after 2 s) and check that nothing of it is left. Findings are
the point and never fail the run; an adapter that does not start, prints no
port, crashes, or needs SIGKILL does (exit 1).

An adapter that cannot express a policy exits 3 (docs/adapters.md). When the
only field it names is preflight_status (which the audit does not judge: a 200
and a 204 preflight both conform), the run is repeated once with a copy of the
policy that asks for the other status, and marked with `*`.
"""

import argparse
import concurrent.futures
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS_DIR = os.path.join(ROOT, 'peers')
OUT_DIR = os.path.join(ROOT, 'build', 'peers')
PORT_TIMEOUT = 10.0   # seconds to wait for the port line
STOP_GRACE = 2.0      # seconds between SIGTERM and SIGKILL
AUDIT_TIMEOUT = 120.0


class Failure(Exception):
    pass


def corsproof_binary():
    env = os.environ.get('CORSPROOF_BIN')
    if env:
        if not os.access(env, os.X_OK):
            sys.exit('smoke: CORSPROOF_BIN=%s is not an executable' % env)
        return env
    path = os.path.join(ROOT, 'build', 'dev', 'cli', 'corsproof')
    if not os.access(path, os.X_OK):
        print('smoke: building corsproof (dev preset)...', file=sys.stderr, flush=True)
        subprocess.run(['cmake', '--preset', 'dev'], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(['cmake', '--build', '--preset', 'dev', '--target', 'corsproof', '-j2'],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return path


def command(peer, policy_path):
    return [policy_path if a == '{policy}' else a for a in peer['command']]


def peer_version(peer):
    try:
        r = subprocess.run(command(peer, '--version'), cwd=ROOT, capture_output=True, text=True, timeout=20)
    except OSError as e:
        return None, str(e)
    if r.returncode != 0 or not r.stdout.strip():
        return None, (r.stderr.strip().splitlines() or ['exit %d' % r.returncode])[-1]
    return r.stdout.strip(), None


def read_port(proc, deadline):
    """The first stdout line, or None when the process ends or time runs out."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf = b''
    try:
        while b'\n' not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                return None
            chunk = os.read(proc.stdout.fileno(), 256)
            if not chunk:
                return None
            buf += chunk
    finally:
        sel.close()
    line = buf.split(b'\n', 1)[0].strip()
    return int(line) if line.isdigit() and 0 < int(line) < 65536 else line.decode('utf-8', 'replace')


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def stop(proc, run):
    """SIGTERM, SIGKILL after STOP_GRACE; then nothing of the group may be left."""
    t0 = time.monotonic()
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(STOP_GRACE)
            run['stop'] = 'sigterm'
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            run['stop'] = 'sigkill'
    run['stop_s'] = round(time.monotonic() - t0, 3)
    run['stop_exit'] = proc.returncode
    deadline = time.monotonic() + STOP_GRACE
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    if group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGKILL)
        run['leftover'] = True
    proc.stdout.close()


def last_line(path):
    with open(path, 'rb') as f:
        lines = [l for l in f.read().decode('utf-8', 'replace').splitlines() if l.strip()]
    return lines[-1] if lines else ''


def run_one(peer, policy_path, bin_path, log_path):
    run = {'outcome': None}
    t0 = time.monotonic()
    with open(log_path, 'wb') as log:
        proc = subprocess.Popen(command(peer, policy_path), cwd=ROOT, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=log, start_new_session=True)
    try:
        port = read_port(proc, t0 + PORT_TIMEOUT)
        run['startup_s'] = round(time.monotonic() - t0, 3)
        if not isinstance(port, int):
            try:
                proc.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                pass
            rc = proc.poll()
            run['adapter_exit'] = rc
            if rc == 3:
                run['outcome'] = 'not-expressible'
                run['reason'] = last_line(log_path)
                return run
            run['outcome'] = 'fail'
            if rc is None:
                run['reason'] = ('no port line within %gs' % PORT_TIMEOUT if port is None
                                 else 'first line is not a port: %r' % port)
            else:
                run['reason'] = 'exited %d before printing a port: %s' % (rc, last_line(log_path))
            return run
        run['port'] = port
        url = 'http://127.0.0.1:%d/' % port
        try:
            a = subprocess.run([bin_path, 'audit', '--http', url, '--policy', policy_path, '--json'],
                               capture_output=True, timeout=AUDIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            run['outcome'] = 'fail'
            run['reason'] = 'corsproof audit did not finish in %gs' % AUDIT_TIMEOUT
            return run
        run['audit_exit'] = a.returncode
        if proc.poll() is not None:
            run['outcome'] = 'fail'
            run['reason'] = 'the adapter died during the audit (exit %d): %s' % (proc.returncode, last_line(log_path))
            return run
        if a.returncode not in (0, 1):
            run['outcome'] = 'fail'
            run['reason'] = 'corsproof audit exited %d: %s' % (a.returncode, a.stderr.decode('utf-8', 'replace').strip())
            return run
        report = json.loads(a.stdout)
        run['summary'] = report.get('summary', {})
        run['findings'] = [
            {'probe': p['id'], 'kind': p.get('kind'), 'code': f['code'], 'severity': f['severity'], 'detail': f['detail']}
            for p in report.get('probes', []) for f in p.get('findings', [])]
        failed = [p['id'] for p in report.get('probes', []) if 'transport_error' in p]
        if failed:
            run['outcome'] = 'fail'
            run['reason'] = '%d probes got no answer (first: %s)' % (len(failed), failed[0])
            return run
        run['outcome'] = 'conforms' if report.get('conforms') else 'findings'
        return run
    finally:
        if proc.stdout and not proc.stdout.closed:
            stop(proc, run)
        run['total_s'] = round(time.monotonic() - t0, 3)
        if run.get('stop') == 'sigkill' or run.get('leftover'):
            why = ('did not stop within %gs of SIGTERM' % STOP_GRACE if run.get('stop') == 'sigkill'
                   else 'processes left after it stopped')
            run['reason'] = run['reason'] + '; ' + why if run['outcome'] == 'fail' else why
            run['outcome'] = 'fail'


def status_variant(policy_path, tmpdir, peer_name):
    with open(policy_path) as f:
        p = json.load(f)
    p['preflight_status'] = 200 if p.get('preflight_status', 204) == 204 else 204
    path = os.path.join(tmpdir, '%s--%s-status%d.json' % (peer_name, os.path.basename(policy_path)[:-5],
                                                          p['preflight_status']))
    with open(path, 'w') as f:
        json.dump(p, f, indent=2)
    return path, p['preflight_status']


def cell(run):
    o = run['outcome']
    mark = '*' if run.get('variant') else ''
    if o == 'conforms':
        return 'ok' + mark
    if o == 'findings':
        s = run['summary']
        return '%dE %dW%s' % (s.get('errors', 0), s.get('warnings', 0), mark)
    if o == 'not-expressible':
        return 'n/e'
    return 'FAIL'


def main():
    ap = argparse.ArgumentParser(description='Audit every peer adapter with every smoke policy.')
    ap.add_argument('--peer', action='append', help='only this peer (repeatable)')
    ap.add_argument('--policy', action='append', help='only this policy file (repeatable)')
    ap.add_argument('--report', action='store_true',
                    help='write build/peers/smoke.md from the results (docs/peers.md comes from peers/run.sh)')
    ap.add_argument('-v', '--verbose', action='store_true', help='print each finding')
    ap.add_argument('-j', '--jobs', type=int, default=2, choices=range(1, 9), metavar='N',
                    help='adapters audited at the same time (default 2)')
    args = ap.parse_args()
    if args.report and (args.peer or args.policy):
        ap.error('--report needs the full run (no --peer, no --policy): the page covers every peer and policy')

    with open(os.path.join(PEERS_DIR, 'peers.json')) as f:
        peers = json.load(f)['peers']
    if args.peer:
        unknown = set(args.peer) - {p['name'] for p in peers}
        if unknown:
            sys.exit('smoke: unknown peer(s): %s' % ', '.join(sorted(unknown)))
        peers = [p for p in peers if p['name'] in args.peer]
    pdir = os.path.join(PEERS_DIR, 'policies')
    policies = args.policy or sorted(os.path.join(pdir, f) for f in os.listdir(pdir) if f.endswith('.json'))
    policies = [os.path.abspath(p) for p in policies]

    bin_path = corsproof_binary()
    cv = subprocess.run([bin_path, '--version'], capture_output=True, text=True).stdout.strip()
    os.makedirs(os.path.join(OUT_DIR, 'logs'), exist_ok=True)
    tmpdir = tempfile.mkdtemp(prefix='corsproof-smoke-')
    results = {'corsproof': cv, 'policies': [os.path.relpath(p, ROOT) for p in policies], 'peers': []}
    failures = []
    t_all = time.monotonic()
    jobs = []
    for peer in peers:
        version, why = peer_version(peer)
        entry = {'name': peer['name'], 'library': peer['library'], 'version': version, 'runs': []}
        results['peers'].append(entry)
        if version is None:
            failures.append('%s: cannot run the adapter (%s); run peers/install.sh' % (peer['name'], why))
            print('%-10s cannot run: %s' % (peer['name'], why), file=sys.stderr)
            continue
        jobs += [(peer, entry, pol) for pol in policies]

    def job(peer, pol):
        name = os.path.basename(pol)[:-5]
        log_path = os.path.join(OUT_DIR, 'logs', '%s--%s.log' % (peer['name'], name))
        run = run_one(peer, pol, bin_path, log_path)
        if run['outcome'] == 'not-expressible' and ': preflight_status:' in ' ' + run['reason']:
            first_reason = run['reason']
            vpath, status = status_variant(pol, tmpdir, peer['name'])
            run = run_one(peer, vpath, bin_path, log_path)
            run['variant'] = 'preflight_status %d' % status
            run['variant_because'] = first_reason
        run['policy'] = name
        return run

    # At most args.jobs adapters at a time (each run has its own port and log).
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [(peer, entry, pool.submit(job, peer, pol)) for peer, entry, pol in jobs]
        for peer, entry, fut in futures:
            run = fut.result()
            entry['runs'].append(run)
            name = run['policy']
            line = '%-10s %-16s %-9s' % (peer['name'], name, cell(run))
            if run['outcome'] == 'not-expressible':
                line += ' ' + run['reason']
            elif run['outcome'] == 'fail':
                line += ' ' + run['reason']
                failures.append('%s / %s: %s' % (peer['name'], name, run['reason']))
            else:
                codes = sorted({f['code'] for f in run['findings'] if f['severity'] == 'error'})
                if codes:
                    line += ' ' + ' '.join(codes)
            print(line, flush=True)
            if args.verbose:
                for f in run.get('findings', []):
                    print('    %s %s %s: %s' % (f['probe'], f['severity'], f['code'], f['detail']))
    results['elapsed_s'] = round(time.monotonic() - t_all, 1)
    with open(os.path.join(OUT_DIR, 'smoke.json'), 'w') as f:
        json.dump(results, f, indent=1)

    # The summary table: one row per policy, one column per peer.
    names = [p['name'] for p in results['peers']]
    rows = [['policy'] + names]
    for pol in results['policies']:
        name = os.path.basename(pol)[:-5]
        row = [name]
        for e in results['peers']:
            r = next((r for r in e['runs'] if r['policy'] == name), None)
            row.append(cell(r) if r else '-')
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print()
    for r in rows:
        print('  '.join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print('\nok: conforms; NE MW: error and warning findings; n/e: the library cannot express the policy (exit 3);')
    print('*: run with the other preflight_status (the library has a fixed one); FAIL: the adapter failed.')
    for e in results['peers']:
        codes = {}
        for r in e['runs']:
            for f in r.get('findings', []):
                codes[(f['severity'], f['code'])] = codes.get((f['severity'], f['code']), 0) + 1
        if codes:
            print('%-10s %s' % (e['name'], ', '.join('%s %s x%d' % (s, c, n) for (s, c), n in sorted(codes.items()))))
    print('\nstart-up (spawn to port line), median over the runs that served:')
    for e in results['peers']:
        starts = sorted(r['startup_s'] for r in e['runs'] if 'port' in r)
        if starts:
            print('  %-10s %.3fs' % (e['name'], starts[len(starts) // 2]))
    print('\n%d runs in %.1fs (results: %s)' % (sum(len(e['runs']) for e in results['peers']), results['elapsed_s'],
                                              os.path.relpath(os.path.join(OUT_DIR, 'smoke.json'), ROOT)))
    if args.report:
        subprocess.run([sys.executable, os.path.join(PEERS_DIR, 'report.py')], check=True)
    if failures:
        print('\nsmoke: %d failure(s):' % len(failures), file=sys.stderr)
        for f in failures:
            print('  ' + f, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
