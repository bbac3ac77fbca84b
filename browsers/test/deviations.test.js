// The documented deviations: matchers are narrow, effects say exactly what Chromium does.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { matches, applyEffects, loadDeviations, selects } from '../lib/deviations.js';

const file = JSON.parse(fs.readFileSync(new URL('../deviations.json', import.meta.url), 'utf8'));
const deviations = loadDeviations(file);
const byId = Object.fromEntries(deviations.map((d) => [d.id, d]));

const mk = (headers, extra = {}) => ({
  mode: 'browser',
  request: { origin: 'https://app.example', url: 'https://api.example/r', method: 'GET', headers, ...extra },
  preflight_response: { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']] },
  response: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] },
});

test('deviations.json: every entry has the documented fields and a unique id', () => {
  assert.ok(deviations.length >= 5);
  for (const d of deviations) for (const f of ['id', 'rule', 'chromium', 'why', 'spec', 'match', 'effect']) assert.ok(d[f], `${d.id}.${f}`);
});

test('loadDeviations refuses unknown matchers and effects', () => {
  const bad = (d) => () => loadDeviations({ deviations: [{ id: 'x', rule: 'r', chromium: 'c', why: 'w', spec: 's', match: {}, effect: {}, ...d }] });
  assert.throws(bad({ match: { anything: true } }), /unknown matcher/);
  assert.throws(bad({ effect: { anything: true } }), /unknown effect/);
  assert.throws(() => loadDeviations({ deviations: [{ id: 'x' }] }), /lacks/);
});

test('no deviation matches a plain case', () => {
  const plain = mk([['Accept', 'application/json'], ['X-Api-Key', 'k'], ['Content-Type', 'text/plain']]);
  for (const d of deviations) assert.equal(matches(d.match, plain), false, d.id);
});

test('user-agent-not-forbidden: matches User-Agent only, and drops it', () => {
  const d = byId['user-agent-not-forbidden'];
  const c = mk([['user-agent', 'x'], ['X-A', '1']]);
  assert.equal(matches(d.match, c), true);
  assert.deepEqual(applyEffects(d.effect, c).request.headers, [['X-A', '1']]);
  assert.equal(matches(d.match, mk([['User-Agents', 'x']])), false);
});

test('client-hints-safelisted: only the values Chromium accepts, renamed to a same-length safelisted header', () => {
  const d = byId['client-hints-safelisted'];
  for (const [n, v] of [['DPR', '2.5'], ['Device-Memory', '8'], ['Width', '100'], ['RTT', '50'], ['ECT', 'slow-2g'], ['Save-Data', 'ON'], ['Downlink', ' 1.5 ']]) {
    assert.equal(matches(d.match, mk([[n, v]])), true, `${n}: ${v}`);
  }
  for (const [n, v] of [['DPR', '.5'], ['DPR', '2,3'], ['Width', '1.5'], ['ECT', '5g'], ['ECT', '4G'], ['Save-Data', 'off'], ['Lang', 'en']]) {
    assert.equal(matches(d.match, mk([[n, v]])), false, `${n}: ${v}`);
  }
  const e = applyEffects(d.effect, mk([['DPR', '2.5'], ['DPR', 'x'], ['X-A', '1']]));
  assert.deepEqual(e.request.headers, [['Content-Language', 'aaa'], ['DPR', 'x'], ['X-A', '1']]);
});

test('a safelisted hint longer than 128 bytes stays as it is (Chromium checks the length first)', () => {
  const d = byId['client-hints-safelisted'];
  const long = '1'.repeat(129);
  assert.deepEqual(applyEffects(d.effect, mk([['Width', long]])).request.headers, [['Width', long]]);
});

test('repeated-request-headers-joined: joins values with ", " at the first occurrence', () => {
  const d = byId['repeated-request-headers-joined'];
  const c = mk([['Accept', 'a'], ['X-A', '1'], ['accept', ' b ']]);
  assert.equal(matches(d.match, c), true);
  assert.deepEqual(applyEffects(d.effect, c).request.headers, [['Accept', 'a, b'], ['X-A', '1']]);
  assert.equal(matches(d.match, mk([['Accept', 'a'], ['Accept-Language', 'b']])), false);
});

test('wildcard-covers-authorization: needs Authorization, a * element and credentials not include', () => {
  const d = byId['wildcard-covers-authorization'];
  assert.equal(matches(d.match, mk([['Authorization', 'x']])), true);
  assert.equal(matches(d.match, mk([['Authorization', 'x']], { credentials: 'include' })), false);
  assert.equal(matches(d.match, mk([['X-A', 'x']])), false);
  const noStar = mk([['Authorization', 'x']]);
  noStar.preflight_response.headers[1] = ['Access-Control-Allow-Headers', 'x-*'];
  assert.equal(matches(d.match, noStar), false);
  const e = applyEffects(d.effect, mk([['Authorization', 'x']]));
  assert.deepEqual(e.preflight_response.headers.at(-1), ['Access-Control-Allow-Headers', 'authorization']);
});

test('range-position-64-bit: from 2^63 - 1 on, and the value is made CORS-unsafe, name kept', () => {
  const d = byId['range-position-64-bit'];
  assert.equal(matches(d.match, mk([['Range', 'bytes=9223372036854775807-']])), true);
  assert.equal(matches(d.match, mk([['Range', 'bytes=0-99999999999999999999']])), true);
  assert.equal(matches(d.match, mk([['Range', 'bytes=9223372036854775806-']])), false);
  assert.equal(matches(d.match, mk([['Range', 'bytes=00000000000000000000001-2']])), false);
  const e = applyEffects(d.effect, mk([['Range', 'bytes=9223372036854775807-']]));
  assert.deepEqual(e.request.headers, [['Range', 'bytes=9223372036854775807-"']]);
});

test('selectors trim the value as Headers does and compare names case-insensitively', () => {
  assert.equal(selects({ names: ['dpr'], value_pattern: '^2$' }, 'DPR', '\t2 '), true);
  assert.equal(selects({ names: ['dpr'], value_pattern: '^2$' }, 'DPRX', '2'), false);
});

test('effects never change the case they are given', () => {
  const c = mk([['User-Agent', 'x']]);
  const before = JSON.stringify(c);
  applyEffects(byId['user-agent-not-forbidden'].effect, c);
  assert.equal(JSON.stringify(c), before);
});

// Redirect chains and sessions (protocol v1.1).
const chain = (hops, extra = {}) => ({
  mode: 'browser',
  request: { origin: 'https://app.example', url: 'https://app.example/a', method: 'GET', headers: [], ...extra },
  hops,
});
const redirect = (status, ...locations) => ({ response: { status, headers: locations.map((l) => ['Location', l]) } });
const ok200 = { response: { status: 200, headers: [] } };
const chainMatches = (c) => deviations.filter((d) => matches(d.match, c)).map((d) => d.id).sort();

test('no chain deviation matches a plain chain, and only the cache model matches a session', () => {
  assert.deepEqual(chainMatches(chain([redirect(302, '/y'), ok200])), []);
  assert.deepEqual(chainMatches({ mode: 'browser-session', fetches: [{ t: 0, ...chain([redirect(302, '/y'), ok200]) }] }), ['chromium-preflight-cache']);
});

test('identical-locations-followed: identical copies only, and they become one', () => {
  const c = chain([redirect(302, '/y', '/y'), ok200]);
  assert.deepEqual(chainMatches(c), ['identical-locations-followed']);
  assert.deepEqual(chainMatches(chain([redirect(302, '/y', '/z'), ok200])), []);
  assert.deepEqual(applyEffects(byId['identical-locations-followed'].effect, c).hops[0].response.headers, [['Location', '/y']]);
});

test('redirect-error-needs-location and manual-redirect-location-checked: the mode and the Location decide', () => {
  assert.deepEqual(chainMatches(chain([{ response: { status: 307, headers: [] } }], { redirect: 'error' })), ['redirect-error-needs-location']);
  assert.deepEqual(chainMatches(chain([redirect(307, '/y')], { redirect: 'error' })), []);
  assert.deepEqual(chainMatches(chain([redirect(302, 'https://[::1/y')], { redirect: 'manual' })), ['manual-redirect-location-checked']);
  assert.deepEqual(chainMatches(chain([redirect(302, '/y', '/z')], { redirect: 'manual' })), ['manual-redirect-location-checked']);
  assert.deepEqual(chainMatches(chain([redirect(302, '/y')], { redirect: 'manual' })), []);
  const s = { mode: 'browser-session', fetches: [{ t: 0, ...chain([redirect(302, '/y')], { redirect: 'manual' }) }] };
  assert.equal(applyEffects({ set_redirect_mode: 'follow' }, s).fetches[0].request.redirect, 'follow');
});

test('empty-location-ignored, userinfo-location-refused, pipe-percent-encoded-in-path: their edits', () => {
  const e = chain([{ response: { status: 302, headers: [['X', '1'], ['Location', '  ']] } }]);
  assert.deepEqual(chainMatches(e), ['empty-location-ignored']);
  assert.deepEqual(applyEffects(byId['empty-location-ignored'].effect, e).hops[0].response.headers, [['X', '1']]);
  const u = chain([redirect(302, 'https://u:p@app.example/b'), ok200]);
  assert.deepEqual(chainMatches(u), ['userinfo-location-refused']);
  assert.deepEqual(applyEffects(byId['userinfo-location-refused'].effect, u).hops[0].response.headers, [['Location', 'data:,']]);
  const p = chain([redirect(302, '/a|b'), ok200]);
  assert.deepEqual(chainMatches(p), ['pipe-percent-encoded-in-path']);
  assert.deepEqual(applyEffects(byId['pipe-percent-encoded-in-path'].effect, p).hops[0].response.headers, [['Location', '/a%7Cb']]);
});

test('redirect-limit-before-cors-check: 21 hops or more; hop 20 gets a passing Access-Control-Allow-Origin', () => {
  const hop = { response: { status: 302, headers: [['Access-Control-Allow-Origin', 'https://x.example'], ['Location', '/x']] } };
  const c = chain(Array.from({ length: 21 }, () => structuredClone(hop)));
  assert.deepEqual(chainMatches(c), ['redirect-limit-before-cors-check']);
  assert.deepEqual(chainMatches(chain(Array.from({ length: 20 }, () => structuredClone(hop)))), []);
  const out = applyEffects(byId['redirect-limit-before-cors-check'].effect, c);
  assert.deepEqual(out.hops[20].response.headers, [['Location', '/x'], ['Access-Control-Allow-Origin', '*']]);
  assert.deepEqual(out.hops[19].response.headers, hop.response.headers);
});
