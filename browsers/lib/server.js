// The loopback side of the harness: one HTTP proxy on 127.0.0.1 that IS
// every origin the cases use. Chromium is started with --proxy-server
// pointing here (and --proxy-bypass-list=<-loopback>, so that even
// localhost goes through it), so nothing is resolved or fetched off this
// machine, whatever host or port a case URL names:
//   - `GET http://host:port/path` (absolute form) is answered directly;
//   - `CONNECT host:port` is answered `200`, then the tunnel is terminated
//     here with TLS (a self-signed certificate made at run time, which
//     Chromium accepts with --ignore-certificate-errors) and the HTTPS
//     requests inside it are answered the same way.
// Requests are parsed and answers written byte for byte (no HTTP library
// rewrites, validates or adds a header the case did not give, except the
// framing header Content-Length when the case has none).
//
// What is answered is scripted per URL: a route is registered under a
// unique token that appears as the first path segment (`/__cp/TOKEN/...`),
// and holds, per kind of request, the answer to send (`preflight`: an
// OPTIONS request carrying Access-Control-Request-Method; `actual`:
// anything else; `byMethod` answers take precedence) and a log of every
// request that reached it. A v1 case is one route. A v1.1 redirect chain or
// session is played in script mode instead (setScript, lib/chain.js): the
// URLs and Location values of a chain cannot be rewritten to carry a token
// (relative and malformed locations are what is being tested), so each
// chain gets a server and a browser context of its own and the script
// answers by order of arrival.

import net from 'node:net';
import tls from 'node:tls';

const REASONS = {
  100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  206: 'Partial Content', 300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The answer a route gives to a preflight the case did not script (see plan.js, FALLBACK_PREFLIGHT). */
export const FALLBACK_PREFLIGHT = Object.freeze({ status: 403, headers: [] });

const ROUTE_RE = /^\/__cp\/([A-Za-z0-9_-]+)\//;
const PAGE_PREFIX = '/__corsproof__/page';
const MAX_HEAD = 256 * 1024;
const MAX_BODY_SENT = 8 * 1024 * 1024;

function headerValue(headers, lowerName) {
  const v = headers.filter(([n]) => n.toLowerCase() === lowerName).map(([, x]) => x);
  return v.length ? v.join(', ') : null;
}

/**
 * Serialize one HTTP/1.1 answer. `headers` are byte strings (Latin-1),
 * written exactly as given, in order, duplicates kept. Returns the bytes and
 * whether the connection must close after them.
 */
export function serializeAnswer(answer, requestMethod) {
  const status = answer.status;
  const headers = answer.headers;
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] || 'Status'}`];
  let close = false;
  const noBody = requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304;
  let bodyLength = 0;
  const cls = headers.filter(([n]) => n.toLowerCase() === 'content-length').map(([, v]) => v.trim());
  if (cls.length) {
    // The case gives the framing. A consistent decimal length gets a body of
    // that many bytes; anything else is sent as is and the connection closes.
    if (cls.every((v) => /^[0-9]{1,9}$/.test(v) && v === cls[0]) && Number(cls[0]) <= MAX_BODY_SENT) {
      bodyLength = noBody ? 0 : Number(cls[0]);
    } else {
      close = true;
    }
  } else if (!noBody) {
    lines.push('Content-Length: 0');
  }
  for (const [n, v] of headers) {
    lines.push(`${n}: ${v}`);
    if (n.toLowerCase() === 'connection' && /close/i.test(v)) close = true;
  }
  if (status < 200) close = true; // an informational answer with nothing after it
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  return { bytes: bodyLength ? Buffer.concat([head, Buffer.alloc(bodyLength, 0x78)]) : head, close };
}

/**
 * Parse one request head (up to, not including, the blank line) read as
 * Latin-1. Header values are trimmed of SP/TAB as HTTP parsing does.
 */
export { headerValue };

export function parseRequestHead(head) {
  const lines = head.split('\r\n');
  const [method = '', target = '', version = ''] = lines[0].split(' ');
  const headers = [];
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    headers.push([line.slice(0, i), line.slice(i + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { method, target, version, headers };
}

export class ScriptedServer {
  /** @param {{key: string, cert: string, pageHtml?: string}} options */
  constructor({ key, cert, pageHtml, pageHeaders }) {
    this.secureContext = tls.createSecureContext({ key, cert });
    this.routes = new Map();
    this.pageHtml = pageHtml || '<!doctype html><meta charset="utf-8"><title>corsproof</title>';
    this.pageHeaders = pageHeaders || [];
    this.unrouted = []; // requests that matched no route and no page: a harness bug or a stray request
    this.script = null; // see setScript
    this.sockets = new Set();
    this.server = net.createServer((socket) => this.#accept(socket, null));
  }

  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve(this.server.address().port));
    });
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Register a route. `answers`: {preflight?, actual?, byMethod?: {METHOD: answer}},
   * each answer {status, headers: [[name, value]...]} in byte strings.
   */
  addRoute(token, answers) {
    const route = { answers, log: [] };
    this.routes.set(token, route);
    return route;
  }

  removeRoute(token) {
    this.routes.delete(token);
  }

  /**
   * Script mode (v1.1 chains and sessions): while a script is set, every
   * request that is not the page is answered by it, whatever its URL, so a
   * chain's URLs and Location headers are played exactly as the case gives
   * them. One server (one proxy port, one browser context) plays one chain
   * or session at a time. `null` goes back to routes.
   */
  setScript(script) {
    this.script = script;
  }

  #accept(socket, tunnel) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    if (socket.setNoDelay) socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    const onData = (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > MAX_HEAD) socket.destroy();
          return;
        }
        const req = parseRequestHead(buf.subarray(0, end).toString('latin1'));
        const te = headerValue(req.headers, 'transfer-encoding');
        if (te !== null) { // fetch() with no body never sends one; refuse rather than misparse
          socket.end('HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          return;
        }
        const cl = Number(headerValue(req.headers, 'content-length') || 0);
        if (buf.length < end + 4 + cl) return;
        buf = buf.subarray(end + 4 + cl);
        if (tunnel === null && req.method === 'CONNECT') {
          socket.removeListener('data', onData);
          socket.pause();
          if (buf.length) socket.unshift(buf);
          socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
          const inner = new tls.TLSSocket(socket, {
            isServer: true, secureContext: this.secureContext, ALPNProtocols: ['http/1.1'],
          });
          this.#accept(inner, { scheme: 'https', authority: req.target });
          return;
        }
        const { bytes, close } = this.#answer(req, tunnel);
        socket.write(bytes);
        if (close) {
          socket.removeListener('data', onData);
          socket.end();
          return;
        }
      }
    };
    socket.on('data', onData);
  }

  #answer(req, tunnel) {
    let url;
    try {
      if (tunnel) url = new URL(`${tunnel.scheme}://${tunnel.authority}${req.target}`);
      else if (req.target.startsWith('/')) url = new URL(`http://${headerValue(req.headers, 'host')}${req.target}`); // direct, not proxied
      else url = new URL(req.target);
    } catch {
      return serializeAnswer({ status: 400, headers: [] }, req.method);
    }
    if (this.script && !(url.pathname.startsWith(PAGE_PREFIX) && req.method === 'GET')) {
      const a = this.script.answer(req, url); // null: not part of the fetch (the page's favicon)
      if (a) return serializeAnswer(a, req.method);
    }
    const m = ROUTE_RE.exec(url.pathname);
    const route = m && this.routes.get(m[1]);
    if (route) {
      const isPreflight = req.method === 'OPTIONS' && headerValue(req.headers, 'access-control-request-method') !== null;
      route.log.push({ method: req.method, url: url.href, preflight: isPreflight, headers: req.headers });
      const a = route.answers;
      const answer = isPreflight
        ? (a.preflight || FALLBACK_PREFLIGHT)
        : ((a.byMethod && a.byMethod[req.method]) || a.actual || fallbackActual(req));
      return serializeAnswer(answer, req.method);
    }
    if (url.pathname.startsWith(PAGE_PREFIX) && req.method === 'GET') {
      const body = Buffer.from(this.pageHtml, 'utf8');
      const extra = this.pageHeaders.map(([n, v]) => `${n}: ${v}\r\n`).join('');
      const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n' +
        `${extra}Content-Length: ${body.length}\r\n\r\n`;
      return { bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]), close: false };
    }
    if (url.pathname !== '/favicon.ico') this.unrouted.push({ method: req.method, url: url.href });
    return serializeAnswer({ status: 404, headers: [] }, req.method);
  }
}

// A case without `response` is judged at the preflight stage only; whatever
// reaches the actual stage gets a permissive answer so that the page sees it.
export function fallbackActual(req) {
  const origin = headerValue(req.headers, 'origin');
  const headers = [['X-Corsproof-Fallback', '1']];
  if (origin !== null) headers.push(['Access-Control-Allow-Origin', origin], ['Access-Control-Allow-Credentials', 'true']);
  return { status: 200, headers };
}
