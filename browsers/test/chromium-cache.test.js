// The model of Chromium's preflight cache used to explain session differences.
import test from 'node:test';
import assert from 'node:assert/strict';

import { ChromiumPreflightCache, chromiumMaxAge, predictSession } from '../lib/chromium-cache.js';

const A = 'https://app.example';
const U = 'https://api.example/x';
const pr = (...h) => ({ status: 204, headers: [['Access-Control-Allow-Origin', A], ...h] });
const look = (c, o) => c.lookup({ origin: A, url: U, credentials: false, method: 'GET', headers: [], now: 1, ...o });

test('max-age: 5 without a valid value, capped at 7200, nothing for a negative one', () => {
  assert.equal(chromiumMaxAge([]), 5);
  assert.equal(chromiumMaxAge([['Access-Control-Max-Age', 'abc']]), 5);
  assert.equal(chromiumMaxAge([['Access-Control-Max-Age', '600']]), 600);
  assert.equal(chromiumMaxAge([['Access-Control-Max-Age', '86400']]), 7200);
  assert.equal(chromiumMaxAge([['Access-Control-Max-Age', '-1']]), 0);
  const c = new ChromiumPreflightCache();
  c.store({ origin: A, url: U, credentials: false, answer: pr(['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '-1']), now: 0 });
  assert.equal(look(c, { method: 'PUT', now: 0 }), null);
});

test('a new preflight replaces the entry: an earlier method is forgotten', () => {
  const c = new ChromiumPreflightCache();
  c.store({ origin: A, url: U, credentials: false, answer: pr(['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '600']), now: 0 });
  assert.ok(look(c, { method: 'PUT' }));
  c.store({ origin: A, url: U, credentials: false, answer: pr(['Access-Control-Allow-Methods', 'DELETE'], ['Access-Control-Max-Age', '600']), now: 2 });
  assert.equal(look(c, { method: 'PUT', now: 3 }), null);
});

test('an insufficient lookup erases the entry', () => {
  const c = new ChromiumPreflightCache();
  c.store({ origin: A, url: U, credentials: false, answer: pr(['Access-Control-Allow-Methods', 'PUT, DELETE'], ['Access-Control-Max-Age', '600']), now: 0 });
  assert.equal(look(c, { method: 'PATCH' }), null);
  assert.equal(look(c, { method: 'PUT' }), null); // gone
});

test('expiry, credentials, wildcards and Authorization', () => {
  const c = new ChromiumPreflightCache();
  c.store({ origin: A, url: U, credentials: false, answer: pr(['Access-Control-Allow-Headers', '*']), now: 0 });
  assert.ok(look(c, { headers: ['x-a'], now: 4.9 }));
  assert.equal(look(c, { headers: ['authorization'], now: 4.9 }), null);
  c.store({ origin: A, url: U, credentials: false, answer: pr(['Access-Control-Allow-Methods', '*']), now: 0 });
  assert.equal(look(c, { method: 'PUT', credentials: true }), null); // uncredentialed entry, credentialed request
  c.store({ origin: A, url: U, credentials: true, answer: pr(['Access-Control-Allow-Methods', '*']), now: 0 });
  assert.equal(look(c, { method: 'PUT', credentials: true }), null); // * is no wildcard for a credentialed request
  c.store({ origin: A, url: U, credentials: true, answer: pr(['Access-Control-Allow-Methods', 'PUT']), now: 0 });
  assert.ok(look(c, { method: 'PUT', credentials: false }));
  assert.equal(look(c, { method: 'PUT', now: 5 }), null); // 5 is not before 0 + 5
});

// A fake `corsproof eval` for one-fetch chains: one hop, preflight path when the method is PUT;
// a hop without preflight_response is incomplete.
async function fakeEval(c) {
  const h = c.hops[0];
  const preflight = c.request.method === 'PUT';
  if (preflight && !h.preflight_response) {
    return { outcome: 'incomplete', hops: [{ url: U, origin_header: A, preflight: { method: 'PUT', request_headers: null, ok: false, cache: 'miss' } }] };
  }
  return { outcome: 'allowed', hops: [{ url: U, origin_header: A, preflight: preflight ? { method: 'PUT', request_headers: null, ok: true, cache: 'miss' } : null }] };
}

test('a session judged fetch by fetch: a Chromium hit gets the cached answer and reports hit', async () => {
  const put = (t, p) => ({ t, request: { origin: A, url: U, method: 'PUT' }, hops: [{ preflight_response: p, response: { status: 200, headers: [] } }] });
  const session = { mode: 'browser-session', fetches: [put(0, pr(['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '600'])), put(1, undefined)] };
  const p = await predictSession(session, fakeEval);
  assert.equal(p.fetches[0].hops[0].preflight.cache, 'miss');
  assert.equal(p.fetches[1].outcome, 'allowed');
  assert.equal(p.fetches[1].hops[0].preflight.cache, 'hit');
  // The same with max-age -1: Chromium caches nothing, so the second fetch needs its (missing) preflight answer.
  session.fetches[0].hops[0].preflight_response = pr(['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '-1']);
  const q = await predictSession(session, fakeEval);
  assert.equal(q.fetches[1].outcome, 'incomplete');
});
