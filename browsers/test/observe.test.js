// The mapping from what Chromium did to the oracle's fields, and the comparison.
import test from 'node:test';
import assert from 'node:assert/strict';

import { observe, differences, project } from '../lib/observe.js';
import { SAFELISTED_RESPONSE_NAMES } from '../lib/plan.js';

const spec = { names: ['x-a', 'x-b', 'set-cookie', 'content-type'], hasResponse: true };
const preflight = (acrm, acrh) => ({
  method: 'OPTIONS', preflight: true,
  headers: [['Origin', 'https://app.example'], ['Access-Control-Request-Method', acrm],
    ...(acrh === undefined ? [] : [['Access-Control-Request-Headers', acrh]])],
});
const actual = (method) => ({ method, preflight: false, headers: [['Origin', 'https://app.example']] });

test('a throw before any request is forbidden-request, with nothing else', () => {
  const o = observe(spec, { threw: 'TypeError: Invalid name' }, []);
  assert.deepEqual(project(o), { needs_preflight: false, preflight: null, outcome: 'forbidden-request', exposed_headers: null });
});

test('a throw after a request reached the server is not forbidden-request', () => {
  const o = observe(spec, { threw: 'TypeError' }, [actual('GET')]);
  assert.notEqual(o.outcome, 'forbidden-request');
});

test('preflight seen, actual seen, resolved cors: allowed, ACRM/ACRH as sent, seven safelisted plus readable', () => {
  const o = observe(spec, { status: 200, type: 'cors', readable: ['x-b', 'content-type'] }, [preflight('PUT', 'x-a,x-b'), actual('PUT')]);
  assert.equal(o.needs_preflight, true);
  assert.deepEqual(o.preflight, { method: 'PUT', request_headers: 'x-a,x-b' });
  assert.equal(o.outcome, 'allowed');
  assert.deepEqual(o.exposed_headers, [...SAFELISTED_RESPONSE_NAMES, 'x-b'].sort());
});

test('a preflight without Access-Control-Request-Headers maps to request_headers null', () => {
  const o = observe(spec, { status: 200, type: 'cors', readable: [] }, [preflight('DELETE'), actual('DELETE')]);
  assert.deepEqual(o.preflight, { method: 'DELETE', request_headers: null });
});

test('rejected with a preflight and no actual request: blocked-preflight, exposed null', () => {
  const o = observe(spec, { rejected: 'TypeError: Failed to fetch' }, [preflight('PUT')]);
  assert.equal(o.outcome, 'blocked-preflight');
  assert.equal(o.exposed_headers, null);
  assert.equal(o.needs_preflight, true);
});

test('rejected after the actual request reached the server: blocked-response', () => {
  assert.equal(observe(spec, { rejected: 'x' }, [actual('GET')]).outcome, 'blocked-response');
  assert.equal(observe(spec, { rejected: 'x' }, [preflight('PUT'), actual('PUT')]).outcome, 'blocked-response');
});

test('rejected with nothing at the server is no oracle outcome', () => {
  const o = observe(spec, { rejected: 'x' }, []);
  assert.equal(o.outcome, 'blocked-before-network');
});

test('a basic (same-origin) response lists only the names the page reads, not the seven', () => {
  const o = observe(spec, { status: 200, type: 'basic', readable: ['x-a', 'content-type'] }, [actual('GET')]);
  assert.deepEqual(o.exposed_headers, ['content-type', 'x-a']);
  assert.equal(o.needs_preflight, false);
});

test('a case without response is judged at the preflight stage only', () => {
  const noResponse = { names: [], hasResponse: false };
  const passed = observe(noResponse, { status: 200, type: 'cors', readable: [] }, [preflight('PUT'), actual('PUT')]);
  assert.equal(passed.outcome, 'allowed');
  assert.equal(passed.exposed_headers, null);
  const failed = observe(noResponse, { rejected: 'x' }, [preflight('PUT')]);
  assert.equal(failed.outcome, 'blocked-preflight');
});

test('a timeout is no oracle outcome', () => {
  assert.equal(observe(spec, { timeout: true }, [preflight('PUT')]).outcome, 'timeout');
});

test('header bytes read off the wire come back as the JSON string (UTF-8)', () => {
  const o = observe(spec, { status: 200, type: 'cors', readable: [] }, [preflight('G\u00c3\u00a9T'), actual('x')]);
  assert.equal(o.preflight.method, 'GéT');
});

const answer = {
  needs_preflight: true, preflight: { method: 'PUT', request_headers: 'x-a', ok: true, error: null, max_age: 5 },
  cors_check: { ok: true, error: null }, exposed_headers: [...SAFELISTED_RESPONSE_NAMES], outcome: 'allowed',
};
const agreeing = { needs_preflight: true, preflight: { method: 'PUT', request_headers: 'x-a' }, outcome: 'allowed',
  exposed_headers: [...SAFELISTED_RESPONSE_NAMES] };

test('differences: none when every compared field agrees (extra oracle fields are not compared)', () => {
  assert.deepEqual(differences(agreeing, answer), []);
});

test('differences: each compared field is seen', () => {
  assert.deepEqual(differences({ ...agreeing, needs_preflight: false, preflight: null }, answer), ['needs_preflight', 'preflight']);
  assert.deepEqual(differences({ ...agreeing, preflight: { method: 'put', request_headers: 'x-a' } }, answer), ['preflight.method']);
  assert.deepEqual(differences({ ...agreeing, preflight: { method: 'PUT', request_headers: 'x-a,x-b' } }, answer), ['preflight.request_headers']);
  assert.deepEqual(differences({ ...agreeing, preflight: { method: 'PUT', request_headers: null } }, answer), ['preflight.request_headers']);
  assert.deepEqual(differences({ ...agreeing, outcome: 'blocked-response', exposed_headers: null }, answer), ['outcome', 'exposed_headers']);
  assert.deepEqual(differences({ ...agreeing, exposed_headers: [...SAFELISTED_RESPONSE_NAMES, 'x-a'].sort() }, answer), ['exposed_headers']);
});
