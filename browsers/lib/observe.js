// What Chromium did, mapped onto the oracle's answer fields, and the
// comparison with corsproof's answer.
//
// Observations:
//   - from the page: fetch() threw before any network activity (the
//     Request constructor refused), or it resolved (status, response type,
//     which of the case's response header names the page can read), or it
//     rejected;
//   - from the loopback server: every request that reached the case's URL,
//     the preflight (OPTIONS with Access-Control-Request-Method) told apart
//     from the actual request.
// Mapping (protocol, mode browser):
//   needs_preflight        a preflight reached the server
//   preflight.method       its Access-Control-Request-Method
//   preflight.request_headers  its Access-Control-Request-Headers, or null
//   outcome                threw: forbidden-request; resolved: allowed;
//                          rejected with a preflight and no actual request:
//                          blocked-preflight; rejected after the actual
//                          request reached the server: blocked-response;
//                          (a case without `response` is judged at the
//                          preflight stage only: allowed once the actual
//                          request was sent)
//   exposed_headers        for a `cors` response: the seven CORS-safelisted
//                          response-header names plus every case response
//                          header name the page can read; for a `basic`
//                          (same-origin) response: the names it can read;
//                          null when blocked or when the case has no response
// Outcomes no oracle answer has: `blocked-before-network` (rejected and no
// request reached the server), `timeout`.

import { SAFELISTED_RESPONSE_NAMES } from './plan.js';
import { fromByteString } from './bytes.js';

function header(headers, lowerName) {
  const v = headers.filter(([n]) => n.toLowerCase() === lowerName).map(([, x]) => x);
  return v.length ? v.join(', ') : null;
}

const sortedUnique = (names) => [...new Set(names)].sort();

/**
 * @param fetchSpec the plan's fetch ({names, hasResponse})
 * @param result    the page's result ({threw} | {status, type, readable} | {rejected} | {timeout})
 * @param log       the route's request log (server side)
 */
export function observe(fetchSpec, result, log) {
  const preflights = log.filter((r) => r.preflight);
  const actuals = log.filter((r) => !r.preflight);
  const obs = { needs_preflight: false, preflight: null, outcome: null, exposed_headers: null };
  if (result.threw !== undefined) {
    obs.outcome = log.length ? 'forbidden-request-but-sent' : 'forbidden-request';
    obs.detail = result.threw;
    return obs;
  }
  if (preflights.length) {
    const p = preflights[0];
    obs.needs_preflight = true;
    const acrh = header(p.headers, 'access-control-request-headers');
    obs.preflight = {
      method: fromByteString(header(p.headers, 'access-control-request-method')),
      request_headers: acrh === null ? null : fromByteString(acrh),
    };
  }
  if (result.timeout) {
    obs.outcome = 'timeout';
  } else if (!fetchSpec.hasResponse) {
    // Only the preflight stage is judged: it passed once the actual request went out.
    obs.outcome = actuals.length ? 'allowed' : (preflights.length ? 'blocked-preflight' : 'blocked-before-network');
  } else if (result.rejected !== undefined) {
    obs.outcome = actuals.length ? 'blocked-response' : (preflights.length ? 'blocked-preflight' : 'blocked-before-network');
    obs.detail = result.rejected;
  } else {
    obs.outcome = 'allowed';
    const readable = result.readable.map((n) => fromByteString(n).toLowerCase());
    obs.exposed_headers = result.type === 'cors'
      ? sortedUnique([...SAFELISTED_RESPONSE_NAMES, ...readable])
      : sortedUnique(readable);
    obs.response_type = result.type;
  }
  if (result.console) obs.console = result.console;
  return obs;
}

/** The compared fields of an oracle answer (or of an observation). */
export function project(answer) {
  return {
    needs_preflight: answer.needs_preflight,
    preflight: answer.preflight ? { method: answer.preflight.method, request_headers: answer.preflight.request_headers } : null,
    outcome: answer.outcome,
    exposed_headers: answer.exposed_headers === undefined ? null : answer.exposed_headers,
  };
}

/** The fields in which an observation and an oracle answer differ (empty: they agree). */
export function differences(observation, answer) {
  const o = project(observation);
  const a = project(answer);
  const out = [];
  if (o.needs_preflight !== a.needs_preflight) out.push('needs_preflight');
  if ((o.preflight === null) !== (a.preflight === null)) {
    out.push('preflight');
  } else if (o.preflight) {
    if (o.preflight.method !== a.preflight.method) out.push('preflight.method');
    if (o.preflight.request_headers !== a.preflight.request_headers) out.push('preflight.request_headers');
  }
  if (o.outcome !== a.outcome) out.push('outcome');
  if (JSON.stringify(o.exposed_headers) !== JSON.stringify(a.exposed_headers)) out.push('exposed_headers');
  return out;
}
