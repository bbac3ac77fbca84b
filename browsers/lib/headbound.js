// The response head bound probe: the pure part (answers of a given size,
// their sizes, the two cases, the verdict). run.js plays it.
//
// corsproof answers `too-large` for a browser-mode response whose header
// names and values total more than 262,144 bytes (max_response_header_bytes,
// core/include/corsproof/browser.hpp). The reason given is Chromium's own
// limit: HttpStreamParser reads a response head into a buffer of at most
// kMaxHeaderBufSize = 256 KiB (declared in Chromium's
// net/http/http_stream_parser.h, checked in http_stream_parser.cc) and fails
// the request with ERR_RESPONSE_HEADERS_TOO_BIG when the end of the head is
// not within it. The probe asks Chromium and corsproof the same two
// questions:
//   - "within": a raw head of exactly 250 KiB (256,000 bytes), names and
//     values under corsproof's bound: Chromium must read it (fetch resolves,
//     status 200) and corsproof must answer `allowed`;
//   - "beyond": names and values one byte over corsproof's bound (262,145
//     bytes), so the raw head is over 256 KiB too: Chromium must fail it
//     (fetch rejects, ERR_RESPONSE_HEADERS_TOO_BIG) and corsproof must answer
//     the error `too-large`.
// Both answers stay inside corsproof's other bounds (at most 256 headers,
// values of at most 8192 bytes), so the total is the only thing tested.
//
// "Raw head" here is what the loopback server writes for the answer
// (lib/server.js, serializeAnswer): the status line, the `Content-Length: 0`
// line it adds, every `name: value` line, each ending in CRLF, and the final
// CRLF. That is what Chromium's buffer has to hold.

import { serializeAnswer } from './server.js';

/** Chromium's kMaxHeaderBufSize (net/http/http_stream_parser.h): 256 KiB. */
export const CHROMIUM_MAX_HEAD_BYTES = 256 * 1024;
/** corsproof's max_response_header_bytes (core/include/corsproof/browser.hpp). */
export const CORSPROOF_MAX_NAMES_VALUES = 262144;
/** corsproof's max_header_value_bytes and max_browser_response_headers. */
export const MAX_VALUE_BYTES = 8192;
export const MAX_HEADERS = 256;

/** The "within" answer's raw head: 250 KiB, clearly under Chromium's 256 KiB. */
export const WITHIN_RAW_HEAD_BYTES = 250 * 1024;
/** The "beyond" answer's names and values: one byte over corsproof's bound. */
export const BEYOND_NAMES_VALUES_BYTES = CORSPROOF_MAX_NAMES_VALUES + 1;

export const PROBE_ID = 'response-head-bound';
export const PROBE_ORIGIN = 'https://app.example';
const PROBE_URL = 'https://api.example/head-bound/';
const BASE_HEADERS = Object.freeze([Object.freeze(['Access-Control-Allow-Origin', '*'])]);

/** The header names and values of a list together, in bytes (UTF-8, as the protocol counts them). */
export function namesValuesBytes(headers) {
  let n = 0;
  for (const [name, value] of headers) n += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  return n;
}

/** The bytes of the head the loopback server writes for `answer` to a GET, final CRLF included. */
export function rawHeadBytes(answer) {
  const bytes = serializeAnswer(answer, 'GET').bytes;
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('serializeAnswer wrote no end of head');
  return end + 4;
}

/**
 * Filler headers `X-Fill-1: vvv...`, `X-Fill-2: ...` whose costs add up to
 * exactly `budget` bytes, a header's cost being its name, its value and
 * `perHeader` bytes more (0 to count names and values, 4 to count ": " and
 * CRLF as well). Values are as long as allowed (8192 bytes), the last ones
 * shortened so that the total is exact and no value is empty.
 */
export function filler(budget, perHeader) {
  const out = [];
  let left = budget;
  for (let i = 1; left > 0; i++) {
    const name = `X-Fill-${i}`;
    const fixed = name.length + perHeader;
    if (left < fixed + 1) throw new Error(`filler: ${left} bytes left, less than the smallest header (${fixed + 1})`);
    let v = Math.min(MAX_VALUE_BYTES, left - fixed);
    // If what would be left cannot hold one more header (its name, its
    // overhead and a one-byte value), leave exactly that much instead.
    const rest = left - fixed - v;
    const smallestNext = `X-Fill-${i + 1}`.length + perHeader + 1;
    if (rest > 0 && rest < smallestNext) v -= smallestNext - rest;
    out.push([name, 'v'.repeat(v)]);
    left -= fixed + v;
  }
  return out;
}

function checked(answer, what) {
  if (answer.headers.length > MAX_HEADERS) throw new Error(`${what}: ${answer.headers.length} headers, more than ${MAX_HEADERS}`);
  for (const [n, v] of answer.headers) {
    if (v.length > MAX_VALUE_BYTES) throw new Error(`${what}: ${n} has ${v.length} bytes, more than ${MAX_VALUE_BYTES}`);
  }
  return answer;
}

/** status 200, `Access-Control-Allow-Origin: *` and filler: a raw head of exactly `rawHead` bytes. */
export function answerWithRawHead(rawHead) {
  const fixed = rawHeadBytes({ status: 200, headers: [...BASE_HEADERS] });
  const answer = { status: 200, headers: [...BASE_HEADERS.map((h) => [...h]), ...filler(rawHead - fixed, 4)] };
  if (rawHeadBytes(answer) !== rawHead) throw new Error(`raw head ${rawHeadBytes(answer)} bytes, wanted ${rawHead}`);
  return checked(answer, 'answerWithRawHead');
}

/** status 200, `Access-Control-Allow-Origin: *` and filler: names and values of exactly `total` bytes. */
export function answerWithNamesValues(total) {
  const answer = { status: 200, headers: [...BASE_HEADERS.map((h) => [...h]), ...filler(total - namesValuesBytes(BASE_HEADERS), 0)] };
  if (namesValuesBytes(answer.headers) !== total) throw new Error(`names and values ${namesValuesBytes(answer.headers)} bytes, wanted ${total}`);
  return checked(answer, 'answerWithNamesValues');
}

/** What one answer measures. */
export function sizesOf(answer) {
  return { raw_head: rawHeadBytes(answer), names_values: namesValuesBytes(answer.headers), headers: answer.headers.length };
}

/**
 * The probe's two browser-mode cases, as `corsproof eval` reads them and
 * planCase plays them: a cross-origin GET from PROBE_ORIGIN, no request
 * header, no preflight.
 */
export function headBoundCases() {
  const make = (name, response) => ({
    name,
    sizes: sizesOf(response),
    case: {
      id: `${PROBE_ID}-${name}`,
      mode: 'browser',
      request: { origin: PROBE_ORIGIN, url: `${PROBE_URL}${name}`, method: 'GET', headers: [] },
      response,
    },
  });
  return [
    make('within', answerWithRawHead(WITHIN_RAW_HEAD_BYTES)),
    make('beyond', answerWithNamesValues(BEYOND_NAMES_VALUES_BYTES)),
  ];
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const TOO_BIG = 'ERR_RESPONSE_HEADERS_TOO_BIG';

function chromiumVerb(o) {
  if (o.outcome === 'allowed') return 'read';
  if (o.outcome === 'blocked-response' || o.outcome === 'blocked-preflight' || o.outcome === 'blocked-before-network') return 'failed';
  return `${o.outcome} on`;
}

const corsproofSays = (answer) => (answer.error ? answer.error.code : answer.outcome);

/**
 * The verdict. `within` and `beyond`: {sizes, answer (corsproof's), observed
 * (lib/observe.js), status (the page's response status, when it resolved),
 * failures (Chromium's network error texts for the URL)}; `differences`:
 * observe.js's comparison, for the exchange corsproof judges. Returns
 * {ok, line, problems}: `line` is the one summary line, `problems` what was
 * not as expected (empty when ok).
 */
export function judgeHeadBound({ within, beyond }, differences) {
  const problems = [];
  if (within.sizes.raw_head >= CHROMIUM_MAX_HEAD_BYTES || within.sizes.names_values > CORSPROOF_MAX_NAMES_VALUES) {
    problems.push('harness: the "within" answer is not within both bounds');
  }
  if (beyond.sizes.names_values <= CORSPROOF_MAX_NAMES_VALUES || beyond.sizes.raw_head <= CHROMIUM_MAX_HEAD_BYTES) {
    problems.push('harness: the "beyond" answer is not beyond both bounds');
  }
  if (within.observed.outcome !== 'allowed' || within.status !== 200) {
    problems.push(`Chromium did not read the ${kib(within.sizes.raw_head)} head (expected fetch() to resolve with status 200)`);
  }
  if (within.answer.error || within.answer.outcome !== 'allowed') {
    problems.push(`corsproof answered ${corsproofSays(within.answer)} for the ${kib(within.sizes.raw_head)} head (expected allowed)`);
  } else if (within.observed.outcome === 'allowed') {
    const d = differences(within.observed, within.answer);
    if (d.length) problems.push(`the ${kib(within.sizes.raw_head)} head: Chromium and corsproof differ in ${d.join(', ')}`);
  }
  if (beyond.observed.outcome !== 'blocked-response') {
    problems.push(`Chromium did not fail the ${kib(beyond.sizes.raw_head)} head after receiving the request ` +
      `(expected fetch() to reject, ${TOO_BIG}); observed ${beyond.observed.outcome}`);
  } else if (!beyond.failures.some((f) => f.includes(TOO_BIG))) {
    problems.push(`Chromium failed the ${kib(beyond.sizes.raw_head)} head, but not with ${TOO_BIG} ` +
      `(network errors seen: ${beyond.failures.length ? beyond.failures.join(', ') : 'none'})`);
  }
  if (!beyond.answer.error || beyond.answer.error.code !== 'too-large') {
    problems.push(`corsproof answered ${corsproofSays(beyond.answer)} for names and values of ${beyond.sizes.names_values} bytes (expected the error too-large)`);
  }
  const ok = problems.length === 0;
  const err = beyond.failures.find((f) => f.includes(TOO_BIG)) || beyond.failures[0];
  const line = `response head bound: Chromium ${chromiumVerb(within.observed)} a ${kib(within.sizes.raw_head)} head and ` +
    `${chromiumVerb(beyond.observed)} a ${kib(beyond.sizes.raw_head)} one${err ? ` (${err})` : ''}; ` +
    `corsproof: ${corsproofSays(within.answer)}, ${corsproofSays(beyond.answer)} (${ok ? 'agree' : 'UNEXPECTED'})`;
  return { ok, line, problems };
}
