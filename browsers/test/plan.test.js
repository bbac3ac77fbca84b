// From a case to what the harness plays.
import test from 'node:test';
import assert from 'node:assert/strict';

import { planCase, routedUrl, pageOriginFor } from '../lib/plan.js';
import { toByteString, fromByteString } from '../lib/bytes.js';

const base = {
  mode: 'browser',
  request: { origin: 'https://app.example', url: 'https://api.example/r?q=1#frag', method: 'PUT', headers: [['X-A', 'é']] },
  preflight_response: { status: 204, headers: [['Access-Control-Allow-Origin', 'https://app.example']] },
  response: { status: 200, headers: [['X-A', '1'], ['x-a', '2'], ['Set-Cookie', 'a=1']] },
};

test('a case URL gets its own path, origin, path and query kept, fragment dropped', () => {
  assert.deepEqual(routedUrl('https://api.example/r?q=1#f', 'c7'),
    { url: 'https://api.example/__cp/c7/r?q=1', routed: true, origin: 'https://api.example' });
  assert.equal(routedUrl('https://APP.example:443', 'c1').url, 'https://app.example/__cp/c1/');
  assert.equal(routedUrl('http://localhost:8080/x', 'c1').url, 'http://localhost:8080/__cp/c1/x');
});

test('URLs fetch() must refuse are kept as they are', () => {
  for (const u of ['/x', 'null', 'https://user@api.example/x', 'https://:pw@api.example/x']) {
    assert.deepEqual(routedUrl(u, 'c1'), { url: u, routed: false });
  }
  assert.equal(routedUrl('ws://api.example/x', 'c1').scheme, 'ws:');
});

test('page origins: only what a browser serializes', () => {
  assert.equal(pageOriginFor('https://app.example'), 'https://app.example');
  assert.equal(pageOriginFor('http://[::1]:8080'), 'http://[::1]:8080');
  assert.equal(pageOriginFor('null'), 'null');
  assert.equal(pageOriginFor('https://APP.example'), null);
  assert.equal(pageOriginFor('https://app.example:443'), null);
  assert.equal(pageOriginFor('chrome-extension://abcdef'), null);
});

test('a plan: one route with both answers, one fetch with byte-string headers and the response names', () => {
  const p = planCase(base, 3);
  assert.equal(p.checkable, true);
  assert.equal(p.pageOrigin, 'https://app.example');
  assert.equal(p.routes.length, 1);
  assert.equal(p.routes[0].token, 'c3');
  assert.equal(p.routes[0].answers.preflight.status, 204);
  assert.deepEqual(p.routes[0].answers.actual.headers[0], ['X-A', '1']);
  const f = p.fetches[0];
  assert.equal(f.url, 'https://api.example/__cp/c3/r?q=1');
  assert.deepEqual(f.init, { method: 'PUT', headers: [['X-A', '\u00c3\u00a9']], credentials: 'same-origin' });
  assert.deepEqual(f.names, ['x-a', 'set-cookie']);
  assert.equal(f.hasResponse, true);
});

test('credentials are passed through; a case without response says so', () => {
  const c = structuredClone(base);
  c.request.credentials = 'include';
  delete c.response;
  const f = planCase(c, 1).fetches[0];
  assert.equal(f.init.credentials, 'include');
  assert.equal(f.hasResponse, false);
  assert.deepEqual(f.names, []);
});

test('not checkable: private network, an origin no page has, a non-http(s) URL', () => {
  const pn = structuredClone(base);
  pn.request.private_network = true;
  assert.equal(planCase(pn, 1).category, 'private-network');
  const ext = structuredClone(base);
  ext.request.origin = 'chrome-extension://abcdef';
  assert.equal(planCase(ext, 1).category, 'origin');
  const ws = structuredClone(base);
  ws.request.url = 'wss://api.example/x';
  assert.equal(planCase(ws, 1).category, 'scheme');
});

test('byte strings: UTF-8 bytes one code unit each, and back', () => {
  assert.equal(toByteString('aé'), 'a\u00c3\u00a9');
  assert.equal(fromByteString('a\u00c3\u00a9'), 'aé');
  assert.equal(fromByteString('\u00ff'), '\u00ff'); // not UTF-8: left as bytes
});
