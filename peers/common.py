"""What the peer scripts share: choosing the peers and policies of a run and
the failure summary that ends it (run.py, smoke.py); reading a results file
with its policies and writing a Markdown page (matrix.py, report.py)."""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The first line of both pages (docs/peers.md, build/peers/smoke.md).
PAGE_TITLE = '# Peers: what corsproof finds in seven CORS implementations'


def md(text):
    """Text for a table cell."""
    return str(text).replace('|', '\\|').replace('\n', ' ')


def load_results(src):
    """The results JSON at `src`, and its policies by name (file name without .json), in its order."""
    with open(src) as f:
        res = json.load(f)
    policies = {}
    for p in res['policies']:
        with open(os.path.join(ROOT, p)) as f:
            policies[os.path.basename(p)[:-5]] = json.load(f)
    return res, policies


def write_page(dst, lines, who):
    """Writes the page's lines to `dst` and says so as `who`."""
    with open(dst, 'w') as f:
        f.write('\n'.join(lines))
    print('%s: wrote %s' % (who, os.path.relpath(dst, ROOT)))


def peers_and_policies(peer_names, policy_paths, who):
    """The peers of peers/peers.json (only those named in `peer_names` when
    given: an unknown name ends the run, as `who`) and the policy files
    (`policy_paths`, else every one in peers/policies/), as absolute paths."""
    with open(os.path.join(ROOT, 'peers', 'peers.json')) as f:
        peers = json.load(f)['peers']
    if peer_names:
        unknown = set(peer_names) - {p['name'] for p in peers}
        if unknown:
            sys.exit('%s: unknown peer(s): %s' % (who, ', '.join(sorted(unknown))))
        peers = [p for p in peers if p['name'] in peer_names]
    pdir = os.path.join(ROOT, 'peers', 'policies')
    policies = policy_paths or sorted(os.path.join(pdir, f) for f in os.listdir(pdir) if f.endswith('.json'))
    return peers, [os.path.abspath(p) for p in policies]


def exit_status(failures, who):
    """0 when there is no failure; else lists them on stderr as `who` and returns 1."""
    if not failures:
        return 0
    print('\n%s: %d failure(s):' % (who, len(failures)), file=sys.stderr)
    for f in failures:
        print('  ' + f, file=sys.stderr)
    return 1
