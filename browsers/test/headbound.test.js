// The response head bound probe: exact sizes of what is played, and the verdict.
import test from 'node:test';
import assert from 'node:assert/strict';

import {
  namesValuesBytes, rawHeadBytes, filler, answerWithRawHead, answerWithNamesValues, headBoundCases, judgeHeadBound,
  CHROMIUM_MAX_HEAD_BYTES, CORSPROOF_MAX_NAMES_VALUES,
} from '../lib/headbound.js';
import { serializeAnswer } from '../lib/server.js';
import { differences } from '../lib/observe.js';

test('the two bounds are the numbers the probe is about', () => {
  assert.equal(CHROMIUM_MAX_HEAD_BYTES, 262144);
  assert.equal(CORSPROOF_MAX_NAMES_VALUES, 262144);
});

test('sizes: names and values in UTF-8 bytes; the raw head as the server writes it', () => {
  assert.equal(namesValuesBytes([['A', 'b'], ['X-É', 'é']]), 1 + 1 + 4 + 2);
  // "HTTP/1.1 200 OK\r\n" 17 + "Content-Length: 0\r\n" 19 + "A: b\r\n" 6 + "\r\n" 2
  assert.equal(rawHeadBytes({ status: 200, headers: [['A', 'b']] }), 44);
  // A case Content-Length: no added line, and the body is not part of the head.
  assert.equal(rawHeadBytes({ status: 200, headers: [['Content-Length', '3']] }), 17 + 19 + 2);
  assert.equal(serializeAnswer({ status: 200, headers: [['Content-Length', '3']] }, 'GET').bytes.length, 41);
});

test('filler: exact totals, values at most 8192 bytes, none empty', () => {
  // One header: "X-Fill-1" (8 bytes) and a 92-byte value.
  assert.deepEqual(filler(100, 0).map(([n, v]) => [n, v.length]), [['X-Fill-1', 92]]);
  // 8 + 8192 + 5 would leave 5 bytes, too few for "X-Fill-2" and one byte
  // (9): the first value gives 4 bytes to the second header.
  assert.deepEqual(filler(8 + 8192 + 5, 0).map(([n, v]) => [n, v.length]), [['X-Fill-1', 8188], ['X-Fill-2', 1]]);
  // With ": " and CRLF counted (4 bytes a header).
  assert.deepEqual(filler(2 * (8 + 4 + 8192), 4).map(([n, v]) => [n, v.length]), [['X-Fill-1', 8192], ['X-Fill-2', 8192]]);
  for (const budget of [9, 10, 8200, 8201, 8209, 8210, 20000, 262145]) {
    const h = filler(budget, 0);
    assert.equal(namesValuesBytes(h), budget, `budget ${budget}`);
    assert.ok(h.every(([, v]) => v.length >= 1 && v.length <= 8192));
  }
  assert.throws(() => filler(8, 0), /less than the smallest header/);
});

test('answers of a given raw head and of given names and values', () => {
  const a = answerWithRawHead(100000);
  assert.equal(rawHeadBytes(a), 100000);
  assert.equal(serializeAnswer(a, 'GET').bytes.length, 100000);
  assert.deepEqual(a.headers[0], ['Access-Control-Allow-Origin', '*']);
  const b = answerWithNamesValues(50000);
  assert.equal(namesValuesBytes(b.headers), 50000);
});

test('the probe\'s two cases: exact sizes, inside corsproof\'s other bounds', () => {
  const [within, beyond] = headBoundCases();
  assert.equal(within.name, 'within');
  assert.deepEqual(within.sizes, { raw_head: 256000, names_values: 255830, headers: 33 });
  assert.equal(serializeAnswer(within.case.response, 'GET').bytes.length, 256000); // no body: the head is everything
  assert.equal(beyond.name, 'beyond');
  assert.deepEqual(beyond.sizes, { raw_head: 262315, names_values: 262145, headers: 33 });
  assert.equal(serializeAnswer(beyond.case.response, 'GET').bytes.length, 262315);
  for (const c of [within, beyond]) {
    const h = c.case.response.headers;
    assert.equal(c.case.mode, 'browser');
    assert.equal(c.case.request.method, 'GET');
    assert.equal(c.case.request.origin, 'https://app.example');
    assert.notEqual(new URL(c.case.request.url).origin, c.case.request.origin); // cross-origin
    assert.equal(c.case.response.status, 200);
    assert.deepEqual(h[0], ['Access-Control-Allow-Origin', '*']);
    assert.equal(new Set(h.map(([n]) => n.toLowerCase())).size, h.length);
    assert.ok(h.length <= 256);
    assert.ok(h.every(([n, v]) => n.length <= 256 && v.length <= 8192));
    assert.ok(JSON.stringify(c.case).length < 1048576); // corsproof's line limit
  }
});

const SAFE = ['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma'];
const allowed = { needs_preflight: false, preflight: null, outcome: 'allowed', exposed_headers: SAFE };
const sizes = (rawHead, namesValues) => ({ raw_head: rawHead, names_values: namesValues, headers: 33 });
const expected = () => ({
  within: { sizes: sizes(256000, 255830), answer: allowed, observed: allowed, status: 200, failures: [] },
  beyond: {
    sizes: sizes(262315, 262145),
    answer: { id: '1', error: { code: 'too-large', message: '...' } },
    observed: { needs_preflight: false, preflight: null, outcome: 'blocked-response', exposed_headers: null },
    failures: ['net::ERR_RESPONSE_HEADERS_TOO_BIG'],
  },
});

test('verdict: the expected behaviour agrees, in one line', () => {
  const v = judgeHeadBound(expected(), differences);
  assert.deepEqual(v, {
    ok: true,
    problems: [],
    line: 'response head bound: Chromium read a 250.0 KiB head and failed a 256.2 KiB one ' +
      '(net::ERR_RESPONSE_HEADERS_TOO_BIG); corsproof: allowed, too-large (agree)',
  });
});

test('verdict: each unexpected behaviour is a problem', () => {
  const chromiumReads = expected();
  chromiumReads.beyond.observed = allowed;
  chromiumReads.beyond.failures = [];
  let v = judgeHeadBound(chromiumReads, differences);
  assert.equal(v.ok, false);
  assert.match(v.line, /Chromium read a 250\.0 KiB head and read a 256\.2 KiB one; corsproof: allowed, too-large \(UNEXPECTED\)$/);
  assert.match(v.problems[0], /did not fail the 256\.2 KiB head/);

  const otherError = expected();
  otherError.beyond.failures = ['net::ERR_FAILED'];
  v = judgeHeadBound(otherError, differences);
  assert.deepEqual(v.problems, ['Chromium failed the 256.2 KiB head, but not with ERR_RESPONSE_HEADERS_TOO_BIG (network errors seen: net::ERR_FAILED)']);

  const corsproofAllows = expected();
  corsproofAllows.beyond.answer = allowed;
  v = judgeHeadBound(corsproofAllows, differences);
  assert.deepEqual(v.problems, ['corsproof answered allowed for names and values of 262145 bytes (expected the error too-large)']);

  const withinFails = expected();
  withinFails.within.observed = { ...withinFails.beyond.observed };
  withinFails.within.status = undefined;
  v = judgeHeadBound(withinFails, differences);
  assert.equal(v.ok, false);
  assert.match(v.line, /Chromium failed a 250\.0 KiB head/);

  const corsproofRefusesWithin = expected();
  corsproofRefusesWithin.within.answer = { id: '0', error: { code: 'too-large', message: '...' } };
  assert.match(judgeHeadBound(corsproofRefusesWithin, differences).problems[0], /corsproof answered too-large for the 250\.0 KiB head/);

  const exposedDiffer = expected();
  exposedDiffer.within.observed = { ...allowed, exposed_headers: [...SAFE, 'x-fill-1'] };
  assert.deepEqual(judgeHeadBound(exposedDiffer, differences).problems, ['the 250.0 KiB head: Chromium and corsproof differ in exposed_headers']);

  const wrongSizes = expected();
  wrongSizes.beyond.sizes = sizes(262144, 261974);
  assert.equal(judgeHeadBound(wrongSizes, differences).problems[0], 'harness: the "beyond" answer is not beyond both bounds');
});
