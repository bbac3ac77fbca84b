// A deterministic random sample of browser-mode cases (protocol v1), wider
// than bench/gen_cases.py's benchmark mix (which is left untouched: the
// benchmarks rely on its output). The same (count, seed) always gives the
// same cases (own PRNG, no clock, no Math.random).
//
// Every case is an exchange the oracle answers (never `bad-case`): it always
// carries a preflight_response (used only when a preflight is needed) and
// never asks for private network access (Chromium here cannot check it).
// The mix: page origins (https, http, other ports, subdomains, the opaque
// origin), cross-origin and same-origin URLs, methods (safelisted, other,
// lower-case, custom, now and then forbidden or not a token), request
// headers from safelisted, unsafe, forbidden and Chromium-specific pools
// (values near the 128-byte limit, padded, repeated names, non-ASCII), and
// answers that pass or fail every check (status, Allow-Origin,
// Allow-Credentials, Allow-Methods, Allow-Headers, Expose-Headers).

// mulberry32: small, fast, good enough for test-case mixing.
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    sample: (xs, k) => {
      const pool = [...xs];
      const out = [];
      while (out.length < k && pool.length) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      return out;
    },
  };
  return r;
}

const PAGE_ORIGINS = [
  'https://app.example', 'https://app.example', 'https://app.example', 'https://www.shop.example',
  'https://app.example:8443', 'http://app.example', 'http://localhost:3000', 'null',
];
const API_ORIGINS = ['https://api.example', 'https://api.example', 'https://api.example:8443', 'http://api.example',
  'http://api.example:8080', 'https://cdn.api.example'];
const PATHS = ['/v1/items', '/v1/items/42?expand=owner', '/resource', '/a/b/c.json', '/', '/search?q=x%20y'];

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT', 'PUT', 'DELETE', 'PATCH', 'patch', 'put',
  'delete', 'options', 'OPTIONS', 'get', 'Post', 'PROPFIND', 'Egg', 'X-CUSTOM'];
const BAD_METHODS = ['CONNECT', 'TRACE', 'track', 'GET POST', 'G(T', ''];

const pad = (s, n) => s + 'a'.repeat(Math.max(0, n - s.length));

// [name, value generator] pools.
const SAFELISTED = [
  ['Accept', (r) => r.pick(['*/*', 'application/json', 'text/html, application/xhtml+xml;q=0.9', 'image/*',
    pad('application/json;x=', r.pick([127, 128, 129])), 'text/"quoted"', 'text/plain\u00e9'])],
  ['Accept-Language', (r) => r.pick(['en-US,en;q=0.9', 'de', 'fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5', 'en_US',
    'en\tUS', 'en:US', 'en/US', 'en-US;q=0.5,*', '\u00e9',
    pad('en-', r.pick([127, 128, 129])), '', 'zh-Hant-TW'])],
  ['Content-Language', (r) => r.pick(['en', 'de-DE', 'mi, en', 'en/US', pad('x-', r.pick([128, 129]))])],
  ['Content-Type', (r) => r.pick(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=something', 'application/json', 'TEXT/PLAIN', 'text/plain; charset="utf-8"',
    'text/plain;garbage', 'text/plain, application/json', 'text /plain', 'application/csp-report',
    'text/plain ;charset=x', '\ttext/plain', 'text/plain\t;a=b', 'multipart/form-data;boundary="x"',
    'application/x-www-form-urlencoded;', 'text/plain;charset=utf-8,text/html', 'text/plain;;;', 'text/plain;a',
    'text/plain;=b', 'text/plain/x', 'text/', '/plain', 'text/plain;a=\u00e9', 'Multipart/Form-Data',
    pad('text/plain;a=', r.pick([128, 129]))])],
  ['Range', (r) => r.pick(['bytes=0-', 'bytes=0-499', 'bytes=200-1000', 'bytes=-500', 'bytes=5-1', 'bytes=0-1,2-3',
    'bytes = 0-1', 'BYTES=0-1', 'items=0-1'])],
];
const UNSAFE = [
  ['X-Api-Key', (r) => `k-${r.int(1e9)}`],
  ['X-Request-Id', (r) => `${r.int(1e9).toString(16)}`],
  ['X-Requested-With', () => 'XMLHttpRequest'],
  ['Authorization', (r) => r.pick(['Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln', 'Basic dXNlcjpwYXNz'])],
  ['Cache-Control', (r) => r.pick(['no-cache', 'max-age=0'])],
  ['If-None-Match', () => '"abc"'],
  ['X-Trace', (r) => pad('t', r.pick([10, 128, 129, 600]))],
  ['X-HTTP-Method-Override', (r) => r.pick(['PUT', 'DELETE'])],
  ['Last-Event-ID', () => 'abc123'],
];
// Headers Chromium treats differently from the Fetch Standard (browsers/deviations.json).
const CHROMIUM_SPECIFIC = [
  ['User-Agent', () => 'corsproof-harness/1.0'],
  ['DPR', (r) => r.pick(['2', '1.5', '2x'])],
  ['Width', (r) => r.pick(['100', '100.5'])],
  ['Save-Data', (r) => r.pick(['on', 'ON', 'off'])],
  ['ECT', (r) => r.pick(['4g', '5g', 'slow-2g'])],
  ['RTT', (r) => r.pick(['50', '5e1'])],
  ['Intervention', (r) => r.pick(['x', '<y>'])],
  ['Range', (r) => r.pick(['bytes=9223372036854775806-', 'bytes=0-9223372036854775807'])],
];
const FORBIDDEN = [
  ['Cookie', () => 'a=1'], ['Origin', () => 'https://evil.example'], ['Referer', () => 'https://x.example/'],
  ['Sec-Fetch-Mode', () => 'no-cors'], ['Proxy-Authorization', () => 'x'], ['Host', () => 'other.example'],
  ['Content-Length', () => '5'], ['X-HTTP-Method-Override', () => 'TRACE'], ['Accept-Encoding', () => 'identity'],
  ['Keep-Alive', () => '1'],
];

function requestHeaders(r) {
  const headers = [];
  const n = r.pick([0, 0, 1, 1, 1, 2, 2, 3, 4, 5]);
  for (let i = 0; i < n; i++) {
    const x = r.next();
    const pool = x < 0.5 ? SAFELISTED : x < 0.83 ? UNSAFE : x < 0.88 ? CHROMIUM_SPECIFIC : FORBIDDEN;
    const [name, gen] = r.pick(pool);
    let value = gen(r);
    if (r.chance(0.05)) value = ` ${value}\t`;
    headers.push([r.chance(0.1) ? name.toLowerCase() : name, value]);
    if (r.chance(0.06)) headers.push([name, gen(r)]); // a repeated name
  }
  return headers;
}

// What a server might answer for Access-Control-Allow-Origin.
function acao(r, origin, cred) {
  const x = r.next();
  if (x < 0.55) return [origin];
  if (x < 0.72) return ['*'];
  if (x < 0.76) return [];
  if (x < 0.8) return ['null'];
  if (x < 0.84) return [origin === 'null' ? 'null ' : `${origin}/`];
  if (x < 0.88) return [origin.toUpperCase()];
  if (x < 0.92) return [origin, origin];
  if (x < 0.95) return [` ${origin} `];
  if (x < 0.97) return [`${origin}, https://other.example`];
  return [cred ? '*' : 'https://other.example'];
}

function acac(r, cred) {
  const x = r.next();
  if (!cred) return x < 0.3 ? ['true'] : [];
  if (x < 0.82) return ['true'];
  return r.pick([[], ['True'], ['true', 'true'], [' true '], ['1']]);
}

function unsafeNamesGuess(headers) {
  // A rough guess of what a server would list (the names the page set); the
  // oracle decides what is really needed, this only makes passing likely.
  return [...new Set(headers.map(([n]) => n.toLowerCase()))];
}

function preflightResponse(r, origin, method, headers, cred) {
  const h = [];
  for (const v of acao(r, origin, cred)) h.push(['Access-Control-Allow-Origin', v]);
  for (const v of acac(r, cred)) h.push(['Access-Control-Allow-Credentials', v]);
  const m = r.next();
  const acam = m < 0.45 ? method.toUpperCase() === method ? method : r.pick([method, method.toUpperCase()])
    : m < 0.6 ? 'GET, POST, PUT, DELETE, PATCH' : m < 0.72 ? '*' : m < 0.78 ? method.toLowerCase()
      : m < 0.8 ? 'PUT DELETE' : m < 0.82 ? '' : m < 0.84 ? `,${method},` : m < 0.86 ? `GET,\t${method}`
        : m < 0.88 ? `"${method}"` : null;
  if (acam !== null) h.push(['Access-Control-Allow-Methods', acam]);
  const names = unsafeNamesGuess(headers);
  const a = r.next();
  const acah = a < 0.5 ? names.join(r.pick([', ', ','])) : a < 0.62 ? '*' : a < 0.7 ? r.sample(names, Math.max(0, names.length - 1)).join(', ')
    : a < 0.74 ? `*, ${names.join(', ')}` : a < 0.78 ? 'x y' : a < 0.82 ? names.map((n) => n.toUpperCase()).join(',') : null;
  if (acah !== null) h.push(['Access-Control-Allow-Headers', acah]);
  if (r.chance(0.4)) h.push(['Access-Control-Max-Age', r.pick(['600', '7200', '86400', '-1', 'abc', '0'])]);
  if (r.chance(0.5)) h.push(['Vary', 'Origin']);
  const status = r.pick([204, 204, 204, 200, 200, 201, 299, 300, 304, 400, 403, 404, 500]);
  return { status, headers: h };
}

function actualResponse(r, origin, cred) {
  const h = [];
  for (const v of acao(r, origin, cred)) h.push(['Access-Control-Allow-Origin', v]);
  for (const v of acac(r, cred)) h.push(['Access-Control-Allow-Credentials', v]);
  h.push(['Content-Type', r.pick(['application/json', 'text/plain; charset=utf-8'])]);
  const extra = r.sample([['X-Request-Id', `${r.int(1e9)}`], ['ETag', '"e1"'], ['X-Secret', 's'], ['Set-Cookie', 'sid=1; Secure'],
    ['Cache-Control', 'no-store'], ['Last-Modified', 'Tue, 01 Jul 2025 12:00:00 GMT'], ['X-RateLimit-Remaining', '9']], r.int(4));
  h.push(...extra);
  const e = r.next();
  const present = extra.map(([n]) => n.toLowerCase());
  const aceh = e < 0.3 ? null : e < 0.5 ? present.join(', ') : e < 0.62 ? '*' : e < 0.68 ? 'x-request-id etag'
    : e < 0.74 ? 'set-cookie, x-secret' : e < 0.8 ? `*, ${present.join(', ')}` : e < 0.86 ? ',x-request-id,,' : 'X-REQUEST-ID, ETag';
  if (aceh !== null) h.push(['Access-Control-Expose-Headers', aceh]);
  if (r.chance(0.03)) h.push(['X-Request-Id', 'second']);
  return { status: r.pick([200, 200, 200, 201, 204, 400, 404, 500]), headers: h };
}

export function generateCase(r, n, seed) {
  const origin = r.pick(PAGE_ORIGINS);
  const sameOrigin = origin !== 'null' && r.chance(0.08);
  const url = (sameOrigin ? origin : r.pick(API_ORIGINS)) + r.pick(PATHS);
  const method = r.chance(0.03) ? r.pick(BAD_METHODS) : r.pick(METHODS);
  const credentials = r.pick([undefined, 'omit', 'same-origin', 'include', 'include']);
  const cred = credentials === 'include';
  const headers = requestHeaders(r);
  const request = { origin, url, method, headers };
  if (credentials !== undefined) request.credentials = credentials;
  const c = { id: `gen-${seed}-${n}`, mode: 'browser', request };
  c.preflight_response = preflightResponse(r, origin, method, headers, cred);
  if (!r.chance(0.05)) c.response = actualResponse(r, origin, cred);
  return c;
}

export function generateCases(count, seed) {
  const r = prng(seed);
  const out = [];
  for (let n = 1; n <= count; n++) out.push(generateCase(r, n, seed));
  return out;
}
