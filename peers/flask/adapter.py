#!/usr/bin/python3
"""corsproof peer: Flask with Flask-CORS, served by waitress (docs/adapters.md).

Usage: /usr/bin/python3 peers/flask/adapter.py POLICY.json
"""

import os
import re
import signal
import sys
from importlib.metadata import version

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
import peerpolicy as pp  # noqa: E402

LABEL = 'flask %s + flask-cors %s (waitress %s)' % (version('flask'), version('flask-cors'), version('waitress'))
pp.version_flag(sys.argv, LABEL)
pol = pp.load(sys.argv)

# Flask-CORS reads a string holding any of these as a regular expression.
REGEX_CHARS = set('*\\]?$^[()')

if pol.private_network:
    pp.not_expressible('allow_private_network', 'Flask-CORS has no Private Network Access option')
if '*' in pol.methods:
    pp.not_expressible('allow_methods', 'Flask-CORS has no "any method": "*" would be a method named *')
for h in pol.headers:
    if h != '*' and REGEX_CHARS & set(h):
        pp.not_expressible('allow_headers', '"%s": Flask-CORS would read this name as a regular expression' % h)

# Origins: Flask-CORS compares plain strings case-insensitively, so every
# entry is given as a compiled pattern, which it matches with re.match
# (case-sensitive, anchored at the start; \Z anchors the end).
if pol.origins.any:
    origins, send_wildcard = '*', True
else:
    o = pol.origins
    origins = [re.compile(re.escape(e) + r'\Z') for e in o.exact]
    if o.null:
        origins.append(re.compile(r'null\Z'))
    origins += [re.compile(pp.wildcard_pattern(w) + r'\Z', re.ASCII) for w in o.wildcards]
    origins += [re.compile(r + r'\Z', re.ASCII) for r in pp.regex_patterns(pol)]
    send_wildcard = False

# Checked last (docs/adapters.md, "Writing a new adapter").
if pol.preflight_status != 200:
    pp.not_expressible('preflight_status', 'Flask-CORS only adds headers; the preflight answer is the '
                       "application's own 200 (it has no status option)")

from flask import Flask, Response  # noqa: E402
from flask_cors import CORS  # noqa: E402
from waitress.server import create_server  # noqa: E402

app = Flask(__name__)
ALL = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']


@app.route('/', defaults={'path': ''}, methods=ALL)
@app.route('/<path:path>', methods=ALL)
def ok(path):
    return Response('ok', status=200, mimetype='text/plain')


CORS(app,
     origins=origins,
     send_wildcard=send_wildcard,
     methods=pol.methods,
     allow_headers=pol.headers,
     expose_headers=pol.expose or None,
     supports_credentials=pol.credentials,
     # A string: Flask-CORS drops a falsy value, so the number 0 would be lost.
     max_age=None if pol.max_age is None else str(pol.max_age))

server = create_server(app, host='127.0.0.1', port=0, threads=4)


def stop(signum, frame):
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
pp.announce(int(server.effective_port), LABEL)
server.run()
