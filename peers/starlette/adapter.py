#!/usr/bin/python3
"""corsproof peer: Starlette's CORSMiddleware under uvicorn (docs/adapters.md).

Usage: /usr/bin/python3 peers/starlette/adapter.py POLICY.json
"""

import os
import socket
import sys
from importlib.metadata import version

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'python'))
import peerpolicy as pp  # noqa: E402

LABEL = 'starlette %s (uvicorn %s)' % (version('starlette'), version('uvicorn'))
pp.version_flag(sys.argv, LABEL)
pol = pp.load(sys.argv)

if pol.private_network:
    pp.not_expressible('allow_private_network', 'CORSMiddleware has no Private Network Access option')
if pol.max_age is None:
    pp.not_expressible('max_age', 'CORSMiddleware always sends Access-Control-Max-Age (600 by default); '
                       'it cannot leave it out')

# Exact entries ("null" included) go to allow_origins (compared with `in`);
# wildcards and re: entries become one allow_origin_regex (fullmatch).
o = pol.origins
if o.any:
    allow_origins, allow_origin_regex = ['*'], None
else:
    allow_origins = list(o.exact) + (['null'] if o.null else [])
    alternatives = [pp.wildcard_pattern(w) for w in o.wildcards] + pp.regex_patterns(pol)
    # (?a): \d, \w and \s are ASCII, as in RE2.
    allow_origin_regex = '(?a)' + '|'.join('(?:%s)' % a for a in alternatives) if alternatives else None

# Checked last (docs/adapters.md, "Writing a new adapter").
if pol.preflight_status != 200:
    pp.not_expressible('preflight_status', 'CORSMiddleware always answers an accepted preflight with 200')

from starlette.middleware.cors import CORSMiddleware  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
import uvicorn  # noqa: E402


async def ok(scope, receive, send):
    await PlainTextResponse('ok', status_code=200)(scope, receive, send)


app = CORSMiddleware(ok,
                     allow_origins=allow_origins,
                     allow_origin_regex=allow_origin_regex,
                     allow_methods=pol.methods,
                     allow_headers=pol.headers,
                     allow_credentials=pol.credentials,
                     expose_headers=pol.expose,
                     max_age=pol.max_age)

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
# Accepted connections inherit TCP_NODELAY: uvicorn writes the head and the
# body of an answer separately, and without it Nagle's algorithm and the
# client's delayed ACK add 40 ms to every keep-alive request (corsproof fuzz:
# 75 requests/s instead of 417). Transport only; no CORS header changes.
sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
sock.bind(('127.0.0.1', 0))
sock.listen(128)
pp.announce(sock.getsockname()[1], LABEL)
# uvicorn stops on SIGTERM/SIGINT and exits 0.
server = uvicorn.Server(uvicorn.Config(app, lifespan='off', access_log=False, log_level='warning'))
server.run(sockets=[sock])
