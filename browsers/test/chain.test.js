// Redirect chains and sessions (protocol v1.1): plans, the session schedule,
// the in-order script, observations and their comparison with an answer.
import test from 'node:test';
import assert from 'node:assert/strict';

import {
  kindOf, fetchesOf, maxAgeThresholds, schedule, planChain, ChainScript, observeChain, projectChain,
  chainDifferences, classifyRedirectFailure, NO_STORE,
} from '../lib/chain.js';
import { SAFELISTED_RESPONSE_NAMES } from '../lib/plan.js';

const A = 'https://app.example';
const acao = (v = A) => ['Access-Control-Allow-Origin', v];

test('kinds: v1 exchange, chain (hops or request.redirect), session', () => {
  assert.equal(kindOf({ mode: 'browser', request: { url: 'x' } }), 'v1');
  assert.equal(kindOf({ mode: 'browser', request: {}, hops: [] }), 'chain');
  assert.equal(kindOf({ mode: 'browser', request: { redirect: 'manual' } }), 'chain');
  assert.equal(kindOf({ mode: 'browser-session', fetches: [] }), 'session');
  assert.equal(kindOf({ mode: 'server' }), null);
});

test('a v1-shaped session fetch is one hop', () => {
  const f = fetchesOf({ mode: 'browser-session', fetches: [{ t: 3, request: { url: 'u' }, preflight_response: { status: 204 }, response: { status: 200 } }] });
  assert.deepEqual(f, [{ t: 3, request: { url: 'u' }, hops: [{ preflight_response: { status: 204 }, response: { status: 200 } }] }]);
});

test('max-age thresholds: the spec value and Chromium\'s (cap 7200, negative 0), 5 when absent or invalid', () => {
  const m = (v) => [...maxAgeThresholds({ headers: v === undefined ? [] : [['Access-Control-Max-Age', v]] })].sort((a, b) => a - b);
  assert.deepEqual(m(undefined), [5]);
  assert.deepEqual(m('600'), [600]);
  assert.deepEqual(m('86400'), [7200, 86400]);
  assert.deepEqual(m('-1'), [0, 5]);
  assert.deepEqual(m('abc'), [5]);
});

test('schedule: short gaps that cross no boundary are compressed; a crossed boundary is waited for', () => {
  // max-age 600, fetches at 0, 10, 20, 30: nothing expires, nothing to wait for.
  const s1 = schedule([0, 10, 20, 30], new Set([600]));
  assert.deepEqual(s1.offsets, [0, 0, 0, 0]);
  // default 5 s, second fetch at 5: the entry must have expired, so at least 5 s + slack later.
  const s2 = schedule([0, 5], new Set([5]), { slack: 0.3 });
  assert.ok(s2.offsets[1] >= 5.3 && s2.offsets[1] < 5.4, String(s2.offsets));
  // 4.999 < 5: still live, and it may be played at once.
  assert.deepEqual(schedule([0, 4.999], new Set([5])).offsets, [0, 0]);
});

test('schedule: boundaries that cannot all be kept, and a schedule over budget, are refused with a reason', () => {
  // max-age 1 at 0, 0.5 and 1 with slack 0.4: fetch 2 must be >= 1.4 after fetch 0 yet <= 0.6 after fetch 1,
  // and fetch 1 <= 0.6 after fetch 0.
  const s = schedule([0, 0.5, 1], new Set([1]), { slack: 0.4 });
  assert.equal(s.offsets, undefined);
  assert.match(s.reason, /cannot be kept apart/);
  const far = schedule([0, 600], new Set([600]), { budget: 12 });
  assert.match(far.reason, /600\.3 s of real time/);
});

test('plans: several page origins, private network and a long session are not checkable', () => {
  const f = (origin, t) => ({ t, request: { origin, url: 'https://api.example/x', method: 'GET' }, response: { status: 200, headers: [acao()] } });
  const ans = { fetches: [] };
  assert.equal(planChain({ mode: 'browser-session', fetches: [f(A, 0), f('https://other.example', 1)] }, ans).category, 'partition');
  const pn = f(A, 0);
  pn.request.private_network = true;
  assert.equal(planChain({ mode: 'browser-session', fetches: [pn] }, ans).category, 'private-network');
  const pr = (ma) => ({ status: 204, headers: [acao(), ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', ma]] });
  const put = (t, ma) => ({ t, request: { origin: A, url: 'https://api.example/x', method: 'PUT' }, preflight_response: pr(ma), response: { status: 200, headers: [acao()] } });
  const long = planChain({ mode: 'browser-session', fetches: [put(0, '600'), put(600, '600')] }, ans);
  assert.equal(long.category, 'time');
  const ok = planChain({ mode: 'browser-session', fetches: [put(0, '600'), put(1, '600')] }, ans);
  assert.equal(ok.checkable, true);
  assert.deepEqual(ok.fetches[1].mustStayLive, [[600]]);
  assert.deepEqual(ok.fetches[1].mustExpire, [[]]);
});

test('plans: every scripted answer also says Cache-Control: no-store; the redirect mode goes to fetch()', () => {
  const c = {
    mode: 'browser', request: { origin: A, url: 'https://api.example/x', method: 'GET', redirect: 'manual', headers: [['Authorization', 'x']] },
    hops: [{ response: { status: 302, headers: [acao(), ['Location', '/y']] } }],
  };
  const p = planChain(c, { hops: [{ url: 'https://api.example/x' }] });
  assert.equal(p.checkable, true);
  assert.deepEqual(p.fetches[0].hops[0].actual.headers.at(-1), [...NO_STORE]);
  assert.equal(p.fetches[0].hops[0].preflight, null);
  assert.equal(p.fetches[0].spec.init.redirect, 'manual');
  assert.deepEqual(p.fetches[0].tracked, ['authorization']);
});

const req = (method, url, headers = []) => ({ method, target: url, headers });
const hopsScript = () => new ChainScript([
  { preflight: { status: 204, headers: [['P', '0']] }, actual: { status: 307, headers: [['A', '0']] } },
  { preflight: null, actual: { status: 200, headers: [['A', '1']] } },
]);

test('the script answers in order of arrival, a preflight with its hop\'s preflight answer', () => {
  const s = hopsScript();
  const u = new URL('https://api.example/x');
  assert.deepEqual(s.answer(req('OPTIONS', u.href, [['Access-Control-Request-Method', 'PUT']]), u).headers, [['P', '0']]);
  assert.deepEqual(s.answer(req('PUT', u.href), u).headers, [['A', '0']]);
  assert.deepEqual(s.answer(req('PUT', u.href), new URL('https://api.example/y')).headers, [['A', '1']]);
  assert.deepEqual(s.log.map((e) => [e.hop, e.preflight, e.scripted]), [[0, true, true], [0, false, true], [1, false, true]]);
});

test('the script marks what the case did not give as unscripted, and ignores the page\'s favicon', () => {
  const s = hopsScript();
  const u = new URL('https://api.example/x');
  assert.equal(s.answer(req('GET', u.href), new URL('https://app.example/favicon.ico')), null);
  assert.equal(s.answer(req('GET', u.href, [['Sec-Fetch-Mode', 'navigate'], ['Sec-Fetch-Dest', 'document']]), u), null);
  assert.equal(s.answer(req('GET', u.href, [['Sec-Fetch-Mode', 'no-cors'], ['Sec-Fetch-Dest', 'empty']]), u), null);
  s.answer(req('PUT', u.href), u);
  const a = s.answer(req('OPTIONS', u.href, [['Access-Control-Request-Method', 'PUT']]), u); // hop 1 has no preflight answer
  assert.equal(a.status, 403);
  assert.equal(s.log.at(-1).scripted, false);
  assert.equal(s.log.length, 2);
});

// Log entries as ChainScript writes them.
const entry = (hop, method, url, headers, { preflight = false, scripted = true } = {}) => ({ hop, method, url, preflight, headers, scripted });
const pf = (hop, url, origin, acrm, acrh) => entry(hop, 'OPTIONS', url, [['Origin', origin], ['Access-Control-Request-Method', acrm],
  ...(acrh ? [['Access-Control-Request-Headers', acrh]] : [])], { preflight: true });
const planFetch = (statuses, tracked = []) => ({
  tracked, hops: statuses.map((s) => ({ preflight: null, actual: { status: s, headers: [] } })),
});

test('observation: hops from the log, the preflight attached to the hop it precedes, Origin null after a taint', () => {
  const log = [
    pf(0, 'https://api.example:443/x', A, 'PUT'),
    entry(0, 'PUT', 'https://api.example/x', [['Origin', A], ['Content-Type', 'text/plain']]),
    entry(1, 'GET', 'https://cdn.example/z', [['Origin', 'null']]),
  ];
  const o = observeChain(planFetch([303, 200], ['content-type']), { status: 200, type: 'cors', url: 'https://cdn.example/z', redirected: true, readable: [] }, log);
  assert.equal(o.outcome, 'allowed');
  assert.deepEqual(o.hops.map((h) => [h.url, h.method, h.origin_header, h.preflight, h.sent]), [
    ['https://api.example/x', 'PUT', A, { method: 'PUT', request_headers: null }, ['content-type']],
    ['https://cdn.example/z', 'GET', 'null', null, []],
  ]);
  assert.deepEqual(o.final, { url: 'https://cdn.example/z', redirected: true, status: 200, type: 'cors' });
  assert.deepEqual(o.exposed_headers, [...SAFELISTED_RESPONSE_NAMES].sort());
});

test('observation: rejected after a preflight alone is blocked-preflight at that hop', () => {
  const log = [entry(0, 'GET', 'https://api.example/x', [['Origin', A]]), pf(1, 'https://api.example/y', A, 'GET', 'x-a')];
  const o = observeChain(planFetch([307, 200]), { rejected: 'TypeError: Failed to fetch' }, log);
  assert.equal(o.outcome, 'blocked-preflight');
  assert.equal(o.error_hop, 1);
  assert.equal(o.hops[1].method, null);
});

test('observation: a rejection after a redirect answer is told apart by the console', () => {
  assert.equal(classifyRedirectFailure(["Access to fetch at 'x' from origin 'y' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present"]), 'blocked-response');
  assert.equal(classifyRedirectFailure(["... blocked by CORS policy: Redirect location '' contains a username and password"]), 'blocked-redirect');
  assert.equal(classifyRedirectFailure(['Failed to load resource: net::ERR_TOO_MANY_REDIRECTS']), 'blocked-redirect');
  const log = [entry(0, 'GET', 'https://api.example/x', [['Origin', A]])];
  assert.equal(observeChain(planFetch([200]), { rejected: 'x' }, log).outcome, 'blocked-response');
  assert.equal(observeChain(planFetch([302]), { rejected: 'x' }, log, ['net::ERR_UNSAFE_REDIRECT']).outcome, 'blocked-redirect');
});

test('observation: an unscripted request is incomplete with needs; an opaque redirect\'s URL is its hop\'s', () => {
  const log = [entry(0, 'GET', 'https://app.example/a', []), entry(1, 'GET', 'https://api.example/x', [['Origin', A]], { scripted: false })];
  const o = observeChain(planFetch([302]), { status: 200, type: 'cors', url: 'https://api.example/x', redirected: true, readable: [] }, log);
  assert.equal(o.outcome, 'incomplete');
  assert.deepEqual(o.needs, { hop: 1, what: 'response', url: 'https://api.example/x' });
  const m = observeChain(planFetch([302]), { status: 0, type: 'opaqueredirect', url: '', redirected: false, readable: [] }, [log[0]]);
  assert.equal(m.outcome, 'opaque-redirect');
  assert.equal(m.final.url, 'https://app.example/a');
  assert.deepEqual(m.exposed_headers, []);
});

// A corsproof chain answer, as `corsproof eval` gives it (the fields the projection reads).
const answer = () => ({
  outcome: 'allowed', error_hop: null,
  final: { url: 'https://api.example/y', redirect_count: 1, status: 200, type: 'cors' },
  exposed_headers: [...SAFELISTED_RESPONSE_NAMES].sort(),
  hops: [
    { url: 'https://api.example/x', method: 'PUT', origin_header: A, removed_headers: [],
      preflight: { method: 'PUT', request_headers: null, ok: true, cache: 'miss' } },
    { url: 'https://api.example/y', method: 'GET', origin_header: A, removed_headers: ['content-type'],
      preflight: { method: 'GET', request_headers: 'x-a', ok: true, cache: 'hit' } },
  ],
});
const observed = () => ({
  outcome: 'allowed', error_hop: null, needs: null,
  final: { url: 'https://api.example/y', redirected: true, status: 200, type: 'cors' },
  exposed_headers: [...SAFELISTED_RESPONSE_NAMES].sort(),
  hops: [
    { url: 'https://api.example/x', method: 'PUT', origin_header: A, preflight: { method: 'PUT', request_headers: null }, sent: ['content-type'] },
    { url: 'https://api.example/y', method: 'GET', origin_header: A, preflight: null, sent: [] },
  ],
});

test('comparison: a matching observation has no differences (a cache hit sends no preflight; removed headers are not sent)', () => {
  assert.deepEqual(chainDifferences(observed(), projectChain(answer(), ['content-type'])), []);
});

test('comparison: each observable field can differ', () => {
  const p = projectChain(answer(), ['content-type']);
  const o1 = observed();
  o1.hops[1].preflight = { method: 'GET', request_headers: 'x-a' }; // Chromium missed the cache
  assert.deepEqual(chainDifferences(o1, p), ['hops[1].preflight']);
  const o2 = observed();
  o2.hops[1].sent = ['content-type']; // the header survived the method change
  assert.deepEqual(chainDifferences(o2, p), ['hops[1].sent']);
  const o3 = observed();
  o3.hops[1].origin_header = 'null';
  o3.final.redirected = false;
  assert.deepEqual(chainDifferences(o3, p), ['final.redirected', 'hops[1].origin_header']);
  const o4 = { ...observed(), outcome: 'blocked-redirect', error_hop: 0, final: null, exposed_headers: null, hops: [observed().hops[0]] };
  assert.deepEqual(chainDifferences(o4, p), ['outcome', 'error_hop', 'final.url', 'final.redirected', 'final.status', 'final.type',
    'exposed_headers', 'hops.length']);
});

test('comparison: for incomplete, nothing after the missing answer is judged', () => {
  const a = answer();
  a.outcome = 'incomplete';
  a.final = null;
  a.exposed_headers = null;
  a.needs = { hop: 1, what: 'response', url: 'https://api.example/y' };
  const o = observed();
  o.outcome = 'incomplete';
  o.final = null;
  o.exposed_headers = null;
  o.needs = { hop: 1, what: 'response', url: 'https://api.example/y' };
  o.hops[1].sent = ['whatever'];
  o.hops.push({ url: 'https://elsewhere.example/', method: 'GET', origin_header: 'null', preflight: null, sent: [] });
  assert.deepEqual(chainDifferences(o, projectChain(a, ['content-type'])), []);
  o.needs = { hop: 1, what: 'preflight_response', url: 'https://api.example/y' };
  assert.deepEqual(chainDifferences(o, projectChain(a, ['content-type'])), ['needs']);
});
