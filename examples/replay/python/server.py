"""A small stdlib HTTP server with a typical hand-written CORS middleware.

    python3 server.py --policy policy.json [--port N] [--lifetime SECONDS]

listens on 127.0.0.1 only (port N, or an ephemeral one), prints the port
alone on the first stdout line and exits after --lifetime seconds (default
60) or on SIGTERM/SIGINT.

The middleware (class Cors) is written the way CORS code is commonly written
by hand in Python web projects, not the way corsproof answers: a list of
exact origins plus one optional full-match regular expression, a preflight
that checks origin, method and headers and answers 400 with a plain-text
reason when one fails, the allowed methods and headers listed in full,
"*" in allow_headers meaning "mirror what was asked for", and Vary: Origin
added where the answer names the request's origin. Nothing here is meant to
be wrong on purpose; replay.py finds out what is.

As a module: Cors, cors_from_policy(policy) and start(policy, port=0).
"""

import argparse
import json
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Fetch upper-cases these six methods; corsproof's policy loader does too.
NORMALIZED_METHODS = {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"}


class Unsupported(Exception):
    """A policy feature this middleware cannot express."""


class Cors:
    """The hand-written CORS middleware."""

    def __init__(self, allow_origins=(), allow_origin_regex=None, allow_methods=("GET",),
                 allow_headers=(), expose_headers=(), allow_credentials=False, max_age=None,
                 preflight_status=204):
        self.allow_all_origins = "*" in allow_origins
        self.allow_origins = set(allow_origins)
        self.allow_origin_regex = re.compile(allow_origin_regex) if allow_origin_regex else None
        self.allow_methods = list(allow_methods)
        self.allow_all_headers = "*" in allow_headers
        self.allow_headers = [h.lower() for h in allow_headers]
        self.expose_headers = list(expose_headers)
        self.allow_credentials = allow_credentials
        self.max_age = max_age
        self.preflight_status = preflight_status

    def is_allowed_origin(self, origin):
        if self.allow_all_origins:
            return True
        if origin in self.allow_origins:
            return True
        return bool(self.allow_origin_regex and self.allow_origin_regex.fullmatch(origin))

    def preflight(self, headers):
        """(status, [(name, value)], body) for an OPTIONS preflight."""
        origin = headers.get("Origin")
        requested_method = headers.get("Access-Control-Request-Method")
        requested_headers = headers.get("Access-Control-Request-Headers")
        out = [("Access-Control-Allow-Methods", ", ".join(self.allow_methods))]
        if self.max_age is not None:
            out.append(("Access-Control-Max-Age", str(self.max_age)))
        if self.allow_credentials:
            out.append(("Access-Control-Allow-Credentials", "true"))
        failures = []
        if self.is_allowed_origin(origin):
            if self.allow_all_origins and not self.allow_credentials:
                out.append(("Access-Control-Allow-Origin", "*"))
            else:
                out.append(("Access-Control-Allow-Origin", origin))
                out.append(("Vary", "Origin"))
        else:
            failures.append("origin")
        if requested_method not in self.allow_methods and "*" not in self.allow_methods:
            failures.append("method")
        if requested_headers:
            if self.allow_all_headers:
                out.append(("Access-Control-Allow-Headers", requested_headers))
            else:
                for h in requested_headers.split(","):
                    if h.strip().lower() not in self.allow_headers:
                        failures.append("headers")
                        break
                if self.allow_headers:
                    out.append(("Access-Control-Allow-Headers", ", ".join(self.allow_headers)))
        if failures:
            return 400, out, "Disallowed CORS " + ", ".join(failures) + "\n"
        return self.preflight_status, out, ""

    def simple(self, headers):
        """[(name, value)] to add to an actual (non-preflight) response."""
        origin = headers.get("Origin")
        if not self.is_allowed_origin(origin):
            return []
        out = []
        if self.allow_all_origins and not self.allow_credentials:
            out.append(("Access-Control-Allow-Origin", "*"))
        else:
            out.append(("Access-Control-Allow-Origin", origin))
            out.append(("Vary", "Origin"))
        if self.allow_credentials:
            out.append(("Access-Control-Allow-Credentials", "true"))
        if self.expose_headers:
            out.append(("Access-Control-Expose-Headers", ", ".join(self.expose_headers)))
        return out


def _wildcard_regex(entry):
    """scheme://*.suffix[:port] as a regex: one or more labels, then .suffix."""
    m = re.fullmatch(r"([a-z][a-z0-9+.-]*)://\*\.([^:/]+)(?::(\d+))?", entry)
    scheme, suffix, port = m.groups()
    return (re.escape(scheme) + "://(?:[a-z0-9_-]+\\.)+" + re.escape(suffix)
            + (re.escape(":" + port) if port else ""))


# RE2 syntax that Python's re does not read the same way.
_RE2_ONLY = re.compile(r"\\[zCQEpP]|\[\[:")


def cors_from_policy(policy):
    """A corsproof policy object -> (Cors, unsupported feature names).

    Exact origins and "null" go to allow_origins (compared with ==); wildcard
    subdomains and re: patterns become one full-match regular expression.
    allow_private_network is not supported by the middleware (it never answers
    Access-Control-Allow-Private-Network) and is returned as unsupported.
    Raises Unsupported when a pattern cannot be expressed in Python's re.
    """
    exact, patterns = [], []
    for entry in policy["allow_origins"]:
        if entry.startswith("re:"):
            p = entry[3:]
            if _RE2_ONLY.search(p):
                raise Unsupported("re: pattern uses RE2-only syntax: " + p)
            try:
                re.compile(p)
            except re.error:
                raise Unsupported("re: pattern is not a Python regular expression: " + p) from None
            patterns.append("(?:" + p + ")")
        elif "://*." in entry:
            patterns.append("(?:" + _wildcard_regex(entry) + ")")
        else:
            exact.append(entry)
    methods = [m.upper() if m.upper() in NORMALIZED_METHODS else m
               for m in policy.get("allow_methods", ["GET", "HEAD", "POST"])]
    cors = Cors(
        allow_origins=exact,
        allow_origin_regex="|".join(patterns) or None,
        allow_methods=methods,
        allow_headers=policy.get("allow_headers", []),
        expose_headers=policy.get("expose_headers", []),
        allow_credentials=policy.get("allow_credentials", False),
        max_age=policy.get("max_age"),
        preflight_status=policy.get("preflight_status", 204),
    )
    unsupported = ["allow_private_network"] if policy.get("allow_private_network") else []
    return cors, unsupported


class Handler(BaseHTTPRequestHandler):
    cors = None  # set per server by make_handler
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def handle_any(self):
        if "Origin" not in self.headers:  # not a CORS request
            status, headers, body = 200, [("X-Request-Id", "replay")], "ok\n"
        elif self.command == "OPTIONS" and "Access-Control-Request-Method" in self.headers:
            status, headers, body = self.cors.preflight(self.headers)
        else:
            status, headers, body = 200, self.cors.simple(self.headers), "ok\n"
            headers.append(("X-Request-Id", "replay"))
        data = body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    # Every method reaches handle_any (do_GET, do_PATCH, do_PROPFIND, ...).
    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.handle_any
        raise AttributeError(name)


def start(policy, port=0):
    """Serve the policy on 127.0.0.1 in a background thread. Returns the
    server; server.server_address[1] is the port; call stop(server)."""
    cors, _ = cors_from_policy(policy)
    handler = type("PolicyHandler", (Handler,), {"cors": cors})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def stop(server):
    server.shutdown()
    server.server_close()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policy", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=60)
    args = ap.parse_args(argv)
    with open(args.policy, encoding="utf-8") as f:
        policy = json.load(f)
    for feature in cors_from_policy(policy)[1]:
        print("server.py: %s is not supported by the middleware; ignored" % feature, file=sys.stderr)
    server = start(policy, args.port)
    print(server.server_address[1], flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait(args.lifetime)
    stop(server)


if __name__ == "__main__":
    main(sys.argv[1:])
