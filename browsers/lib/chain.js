// Protocol v1.1 in the browser: redirect chains (mode `browser` with `hops`)
// and sessions (mode `browser-session`).
//
// How they are played (see browsers/README.md, "Redirect chains and
// sessions"): a chain's URLs and Location values are sent to Chromium
// exactly as the case gives them (relative, malformed and odd locations are
// what is tested, so they cannot be rewritten to carry a routing token).
// Each chain, and each session, therefore gets a browser context of its own
// (a fresh CORS-preflight cache) whose proxy is a loopback server of its
// own, in script mode: that server answers the requests of the fetch in the
// order they arrive, whatever their URL. Hop i's answer goes to the i-th
// request that is not a preflight; a preflight (OPTIONS with
// Access-Control-Request-Method) gets the preflight_response of the hop it
// precedes. A request the case gives no answer for is answered anyway (403
// to a preflight, a permissive 200 otherwise) and recorded as unscripted:
// that is where the oracle says `incomplete`.
//
// Observations, per hop (from the server's log) and per fetch (from the
// page), and the answer fields they are compared with:
//   hops[i].url              the URL the request reached (proxy target)
//   hops[i].method           the request's method (301/302/303 rewrites)
//   hops[i].origin_header    its Origin header, or null ("null" once tainted)
//   hops[i].preflight        whether a preflight was sent for the hop (none
//                            when the oracle's cache says `hit`), with its
//                            Access-Control-Request-Method/-Headers
//   hops[i].removed_headers  of the tracked names (Authorization and the
//                            request-body headers the case sets), which ones
//                            stopped being sent at this hop
//   outcome / error_hop      threw: forbidden-request; resolved: allowed, or
//                            opaque-redirect when response.type is
//                            "opaqueredirect"; rejected: blocked-preflight
//                            when the last request was a preflight, else
//                            blocked-response or blocked-redirect at the last
//                            hop reached (told apart by Chromium's console
//                            message "blocked by CORS policy" when the last
//                            answer is a redirect status; otherwise it can
//                            only be the CORS check); an unscripted request:
//                            incomplete, with needs {hop, what, url}
//   final                    response.url (the last hop's URL for an opaque
//                            redirect, whose response.url is ""),
//                            response.redirected (redirect_count > 0),
//                            response.status, response.type
//   exposed_headers          as for one exchange (lib/observe.js), over the
//                            response header names of every hop
// Not compared: credentials_sent and tainting (no cookie is set; the type of
// the final response shows the tainting), cors_check and error codes
// (implied by the outcome and error_hop), hops[i].status (the server's own
// answer), max-age values, cache_after.

import { toByteString, fromByteString } from './bytes.js';
import { SAFELISTED_RESPONSE_NAMES, pageOriginFor } from './plan.js';
import { headerValue, FALLBACK_PREFLIGHT, fallbackActual } from './server.js';

export const REDIRECT_STATUSES = Object.freeze([301, 302, 303, 307, 308]);
/** Request headers whose presence on each hop is compared: the ones a redirect may delete. */
export const TRACKED_HEADERS = Object.freeze([
  'authorization', 'content-encoding', 'content-language', 'content-location', 'content-type',
]);

/** Is this line a v1.1 chain or session (as opposed to a v1 exchange)? */
export function kindOf(c) {
  if (!c || typeof c !== 'object') return null;
  if (c.mode === 'browser-session') return 'session';
  if (c.mode !== 'browser') return null;
  if (c.hops !== undefined) return 'chain';
  if (c.request && typeof c.request === 'object' && c.request.redirect !== undefined) return 'chain';
  return 'v1';
}

/** The fetches of a chain case (one) or of a session, each {t, request, hops}. */
export function fetchesOf(c) {
  const hopsOf = (f) => (Array.isArray(f.hops) ? f.hops : [{ preflight_response: f.preflight_response, response: f.response }]);
  if (c.mode === 'browser-session') return c.fetches.map((f) => ({ t: f.t, request: f.request, hops: hopsOf(f) }));
  return [{ t: 0, request: c.request, hops: hopsOf(c) }];
}

/** The chain answers of a case's fetches, in order. */
export function answersOf(c, answer) {
  return c.mode === 'browser-session' ? answer.fetches : [answer];
}

// Every scripted answer also says `Cache-Control: no-store`, so that Chromium's HTTP cache never answers a
// request of a chain (a 301 or 308 is cacheable by default, and the fetches use cache mode "default" for the
// preflight cache's sake). Cache-Control is a CORS-safelisted response-header name, so exposed_headers is
// unchanged; a case that gives its own Cache-Control keeps it (both are sent).
export const NO_STORE = Object.freeze(['Cache-Control', 'no-store']);

function answerBytes(r) {
  if (!r || typeof r !== 'object') return null;
  return { status: r.status, headers: [...(r.headers || []).map(([n, v]) => [toByteString(n), toByteString(v)]), [...NO_STORE]] };
}

// ---------------------------------------------------------------- time

/**
 * The max-age values (seconds) a preflight answer can mean: the Fetch
 * Standard's (delta-seconds, else 5) and Chromium's (capped at 7200, a
 * negative value 0, else 5). Both are thresholds a schedule must respect.
 */
export function maxAgeThresholds(preflightResponse) {
  const out = new Set();
  if (!preflightResponse || !Array.isArray(preflightResponse.headers)) return out;
  const values = preflightResponse.headers.filter(([n]) => String(n).toLowerCase() === 'access-control-max-age')
    .map(([, v]) => String(v).trim());
  // Fetch's default (5) when there is no value, more than one, or one that is no delta-seconds (-1 included).
  if (values.length !== 1 || !/^[0-9]+$/.test(values[0])) out.add(5);
  for (const v of values) {
    if (/^[0-9]+$/.test(v)) {
      out.add(Number(v));
      out.add(Math.min(Number(v), 7200));
    } else if (/^-[0-9]+$/.test(v)) {
      out.add(0);
    }
  }
  return out;
}

/**
 * Real-time offsets (seconds from the session's start) at which to play
 * fetches at case times `ts`, such that every (earlier fetch, later fetch,
 * max-age threshold) keeps its side: when t_j - t_i >= θ (an entry stored
 * by fetch i has expired at fetch j) then r_j - r_i >= θ + slack, and when
 * t_j - t_i < θ (still live) then r_j - r_i <= θ - slack. Solved as a system
 * of difference constraints (Bellman-Ford), earliest times. Returns
 * {offsets} or {reason} when no schedule exists or it is longer than
 * `budget` seconds.
 */
export function schedule(ts, thresholds, { budget = 12, slack = 0.3 } = {}) {
  const n = ts.length;
  // edges[i] = [[j, w]]: r_j <= r_i + w
  const edges = Array.from({ length: n }, () => []);
  const th = [...thresholds].filter((x) => x > 0).sort((a, b) => a - b);
  for (let j = 1; j < n; j++) {
    edges[j].push([j - 1, 0]); // r_{j-1} <= r_j (fetches run in order)
    for (let i = 0; i < j; i++) {
      const d = ts[j] - ts[i];
      for (const θ of th) {
        if (d >= θ) edges[j].push([i, -(θ + slack)]); // r_i <= r_j - θ - slack
        else edges[i].push([j, θ - slack]); // r_j <= r_i + θ - slack
      }
    }
  }
  // Earliest solution with r_0 = 0: r_j = -dist(j -> 0). Distances to 0: Bellman-Ford on reversed edges.
  const dist = new Array(n).fill(Infinity);
  dist[0] = 0;
  for (let round = 0; round <= n; round++) {
    let changed = false;
    for (let u = 0; u < n; u++) {
      for (const [v, w] of edges[u]) { // u -> v with weight w: dist(u) <= w + dist(v)
        if (dist[v] + w < dist[u]) { dist[u] = dist[v] + w; changed = true; }
      }
    }
    if (!changed) break;
    if (round === n) return { reason: 'its time steps cannot be kept apart in real time: a max-age boundary would be crossed on one side and not on the other' };
  }
  if (dist.some((d) => d === Infinity)) return { reason: 'unreachable fetch in the schedule (harness bug)' };
  const offsets = dist.map((d) => Math.max(0, -d));
  const total = offsets[n - 1];
  if (total > budget) {
    return { reason: `keeping its max-age boundaries needs ${total.toFixed(1)} s of real time (more than the job's ${budget} s per session)` };
  }
  return { offsets };
}

// ---------------------------------------------------------------- plans

/**
 * The plan for a chain or session case, given corsproof's answer. Returns
 * {checkable: false, category, reason} or {checkable: true, pageOrigin,
 * httpOrigins, fetches: [{t, at, spec, hops}]}.
 */
export function planChain(c, answer, { budget = 12 } = {}) {
  const fetches = fetchesOf(c);
  if (fetches.some((f) => f.request && f.request.private_network === true)) {
    return {
      checkable: false, category: 'private-network',
      reason: 'Chromium 156 sends no Private Network Access preflight; see browsers/README.md "Private network"',
    };
  }
  const origins = [...new Set(fetches.map((f) => f.request.origin))];
  if (origins.length > 1) {
    return {
      checkable: false, category: 'partition',
      reason: 'fetches from several page origins: Chromium keys its preflight cache by network isolation key (the ' +
        'top-level site), one partition per page origin, while the oracle keeps one partition per session ' +
        '(protocol.md section 10, Out of scope)',
    };
  }
  const pageOrigin = pageOriginFor(origins[0]);
  if (pageOrigin === null) {
    return { checkable: false, category: 'origin', reason: `no page here can have the origin ${JSON.stringify(origins[0])}` };
  }
  for (const f of fetches) {
    let u = null;
    try { u = new URL(f.request.url); } catch { /* fetch() refuses it, as the oracle does */ }
    if (u && u.protocol !== 'http:' && u.protocol !== 'https:') {
      return {
        checkable: false, category: 'scheme',
        reason: `fetch() sends nothing over the network for a ${u.protocol} URL; the oracle judges hop 0 like https`,
      };
    }
  }
  let offsets = [0];
  const thresholds = new Set();
  if (fetches.length > 1) {
    for (const f of fetches) for (const h of f.hops) for (const x of maxAgeThresholds(h && h.preflight_response)) thresholds.add(x);
    const s = schedule(fetches.map((f) => f.t), thresholds, { budget });
    if (!s.offsets) return { checkable: false, category: 'time', reason: `session time: ${s.reason}` };
    offsets = s.offsets;
  }
  const positive = [...thresholds].filter((x) => x > 0);
  // Per pair (earlier fetch i, this fetch j): the thresholds an entry of fetch i must have crossed at j, and those it must not.
  const sides = (j) => {
    const mustExpire = [];
    const mustStayLive = [];
    for (let i = 0; i < j; i++) {
      const d = fetches[j].t - fetches[i].t;
      mustExpire.push(positive.filter((x) => d >= x));
      mustStayLive.push(positive.filter((x) => d < x));
    }
    return { mustExpire, mustStayLive };
  };
  const httpOrigins = new Set();
  const answers = answersOf(c, answer);
  for (const a of answers) {
    for (const h of (a && a.hops) || []) {
      try { const u = new URL(h.url); if (u.protocol === 'http:') httpOrigins.add(u.origin); } catch { /* no URL */ }
    }
  }
  for (const f of fetches) {
    try { const u = new URL(f.request.url); if (u.protocol === 'http:') httpOrigins.add(u.origin); } catch { /* refused */ }
  }
  return {
    checkable: true,
    pageOrigin,
    httpOrigins: [...httpOrigins],
    fetches: fetches.map((f, j) => {
      const req = f.request;
      const names = new Set();
      for (const h of f.hops) for (const [n] of (h && h.response && h.response.headers) || []) names.add(String(n).toLowerCase());
      return {
        t: f.t,
        at: offsets[j],
        ...sides(j),
        hops: f.hops.map((h) => ({ preflight: answerBytes(h && h.preflight_response), actual: answerBytes(h && h.response) })),
        tracked: [...new Set((req.headers || []).map(([n]) => String(n).toLowerCase()))].filter((n) => TRACKED_HEADERS.includes(n)).sort(),
        spec: {
          url: req.url,
          init: {
            method: toByteString(req.method),
            headers: (req.headers || []).map(([n, v]) => [toByteString(n), toByteString(v)]),
            credentials: req.credentials || 'same-origin',
            redirect: req.redirect || 'follow',
          },
          names: [...names].map(toByteString),
        },
      };
    }),
  };
}

// ---------------------------------------------------------------- the server's script

/** Answers one fetch's requests in order of arrival (see the top of this file). */
export class ChainScript {
  constructor(hops) {
    this.hops = hops;
    this.cursor = 0;
    this.log = [];
  }

  answer(req, url) {
    if (isPageNoise(req, url)) return null;
    const isPreflight = req.method === 'OPTIONS' && headerValue(req.headers, 'access-control-request-method') !== null;
    const hop = this.hops[this.cursor];
    const entry = { hop: this.cursor, method: req.method, url: url.href, preflight: isPreflight, headers: req.headers, scripted: true };
    let a = hop ? (isPreflight ? hop.preflight : hop.actual) : null;
    if (!isPreflight) this.cursor++;
    if (!a) {
      entry.scripted = false;
      a = isPreflight ? FALLBACK_PREFLIGHT : fallbackActual(req);
    }
    this.log.push(entry);
    return a;
  }
}

/**
 * Requests the browser makes on its own for the page (not part of any
 * fetch): the favicon, and anything whose fetch metadata says it is not a
 * fetch() (Sec-Fetch-Dest other than "empty", Sec-Fetch-Mode other than
 * "cors"; the headers are absent on an http URL not treated as secure).
 */
export function isPageNoise(req, url) {
  if (url.pathname === '/favicon.ico') return true;
  const dest = headerValue(req.headers, 'sec-fetch-dest');
  const mode = headerValue(req.headers, 'sec-fetch-mode');
  return (dest !== null && dest !== 'empty') || (mode !== null && mode !== 'cors');
}

// ---------------------------------------------------------------- observation

const sortedUnique = (names) => [...new Set(names)].sort();
const normUrl = (u) => { try { return new URL(u).href; } catch { return u; } };

/**
 * What Chromium did for one fetch.
 * @param f       the plan's fetch ({spec, tracked})
 * @param result  the page's result ({threw} | {status, type, url, redirected, readable} | {rejected} | {timeout})
 * @param log     the script's log (ChainScript.log)
 * @param consoleLines the page's console messages during the fetch
 */
export function observeChain(f, result, log, consoleLines = []) {
  const obs = { outcome: null, error_hop: null, needs: null, final: null, hops: [], exposed_headers: null };
  let pending = null;
  for (const e of log) {
    if (e.preflight) {
      if (pending) obs.hops.push(hopOf(pending, null, f.tracked));
      pending = e;
    } else {
      obs.hops.push(hopOf(pending, e, f.tracked));
      pending = null;
    }
    if (!e.scripted && !obs.needs) {
      obs.needs = { hop: e.hop, what: e.preflight ? 'preflight_response' : 'response', url: normUrl(e.url) };
    }
  }
  if (pending) obs.hops.push(hopOf(pending, null, f.tracked));
  const last = log.length ? log[log.length - 1] : null;
  if (result.threw !== undefined) {
    obs.outcome = log.length ? 'forbidden-request-but-sent' : 'forbidden-request';
    obs.detail = result.threw;
  } else if (obs.needs) {
    obs.outcome = 'incomplete';
  } else if (result.timeout) {
    obs.outcome = 'timeout';
  } else if (result.rejected !== undefined) {
    obs.detail = result.rejected;
    if (consoleLines.length) obs.console = consoleLines.map((l) => l.slice(0, 300));
    if (!last) {
      obs.outcome = 'blocked-before-network';
    } else {
      obs.error_hop = obs.hops.length - 1;
      if (last.preflight) {
        obs.outcome = 'blocked-preflight';
      } else {
        const hop = f.hops ? f.hops[last.hop] : null;
        const status = hop && hop.actual ? hop.actual.status : null;
        obs.outcome = REDIRECT_STATUSES.includes(status) ? classifyRedirectFailure(consoleLines) : 'blocked-response';
      }
    }
  } else {
    obs.outcome = result.type === 'opaqueredirect' ? 'opaque-redirect' : 'allowed';
    const lastHop = obs.hops.length ? obs.hops[obs.hops.length - 1] : null;
    obs.final = {
      url: result.type === 'opaqueredirect' ? (lastHop ? lastHop.url : null) : normUrl(result.url),
      redirected: result.redirected,
      status: result.status,
      type: result.type,
    };
    const readable = result.readable.map((n) => fromByteString(n).toLowerCase());
    obs.exposed_headers = result.type === 'cors' ? sortedUnique([...SAFELISTED_RESPONSE_NAMES, ...readable]) : sortedUnique(readable);
  }
  return obs;
}

/**
 * A fetch rejected after a redirect-status answer: the page sees only "Failed
 * to fetch"; Chromium's console says whether the response's CORS check
 * failed (its message names the Access-Control-Allow-* header that was
 * wrong) or a redirect step did (net::ERR_TOO_MANY_REDIRECTS,
 * ERR_INVALID_REDIRECT, ERR_UNSAFE_REDIRECT, a redirect:"error" ERR_FAILED,
 * "Redirect location ... contains a username and password", "Cross origin
 * requests are only supported for protocol schemes").
 */
export function classifyRedirectFailure(consoleLines) {
  return consoleLines.some((l) => /blocked by CORS policy/.test(l) && /'Access-Control-Allow-[A-Za-z-]+'/.test(l))
    ? 'blocked-response' : 'blocked-redirect';
}

function hopOf(preflight, actual, tracked) {
  const first = actual || preflight;
  const origin = headerValue(first.headers, 'origin');
  const hop = {
    url: normUrl(first.url),
    method: actual ? actual.method : null,
    origin_header: origin === null ? null : fromByteString(origin),
    preflight: null,
    sent: null,
  };
  if (preflight) {
    const acrh = headerValue(preflight.headers, 'access-control-request-headers');
    hop.preflight = {
      method: fromByteString(headerValue(preflight.headers, 'access-control-request-method')),
      request_headers: acrh === null ? null : fromByteString(acrh),
    };
  }
  if (actual) {
    const present = new Set(actual.headers.map(([n]) => n.toLowerCase()));
    hop.sent = tracked.filter((n) => present.has(n));
  }
  return hop;
}

// ---------------------------------------------------------------- comparison

/**
 * corsproof's chain answer for one fetch, reduced to what the page and the
 * server can observe (the shape observeChain returns).
 */
export function projectChain(a, tracked) {
  const p = { outcome: a.outcome, error_hop: null, needs: null, final: null, hops: [], exposed_headers: null };
  if (a.error) return { ...p, outcome: 'error' };
  if (/^blocked-/.test(a.outcome)) p.error_hop = a.error_hop;
  if (a.outcome === 'incomplete') p.needs = { hop: a.needs.hop, what: a.needs.what, url: normUrl(a.needs.url) };
  if (a.final) {
    p.final = { url: normUrl(a.final.url), redirected: a.final.redirect_count > 0, status: a.final.status, type: a.final.type };
  }
  if (a.outcome === 'allowed' || a.outcome === 'opaque-redirect') p.exposed_headers = a.exposed_headers;
  const sent = new Set(tracked);
  (a.hops || []).forEach((h, i) => {
    for (const n of h.removed_headers || []) sent.delete(n);
    const lastBlockedAtPreflight = a.outcome === 'blocked-preflight' && i === a.error_hop;
    const preflightMissing = a.outcome === 'incomplete' && i === a.needs.hop && a.needs.what === 'preflight_response';
    const actualSent = !lastBlockedAtPreflight && !preflightMissing;
    const preflightSent = h.preflight !== null && h.preflight.cache !== 'hit';
    p.hops.push({
      url: normUrl(h.url),
      method: actualSent ? h.method : null,
      origin_header: h.origin_header,
      preflight: preflightSent ? { method: h.preflight.method, request_headers: h.preflight.request_headers } : null,
      sent: actualSent ? tracked.filter((n) => sent.has(n)) : null,
    });
  });
  return p;
}

const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);

/** The fields in which an observation (observeChain) and a projected answer (projectChain) differ. */
export function chainDifferences(o, p) {
  const out = [];
  if (o.outcome !== p.outcome) out.push('outcome');
  if (o.error_hop !== p.error_hop) out.push('error_hop');
  if (!same(o.needs, p.needs)) out.push('needs');
  if (!same(o.final, p.final)) {
    for (const k of ['url', 'redirected', 'status', 'type']) {
      if (!o.final || !p.final || o.final[k] !== p.final[k]) out.push(`final.${k}`);
    }
  }
  if (!same(o.exposed_headers, p.exposed_headers)) out.push('exposed_headers');
  // For an incomplete chain, what comes after the missing answer is not judged.
  const n = p.outcome === 'incomplete' && p.needs ? p.needs.hop + 1 : Math.max(o.hops.length, p.hops.length);
  if (p.outcome !== 'incomplete' && o.hops.length !== p.hops.length) out.push('hops.length');
  for (let i = 0; i < n; i++) {
    const x = o.hops[i];
    const y = p.hops[i];
    if (!x || !y) continue;
    const incompleteHere = p.outcome === 'incomplete' && p.needs && i === p.needs.hop;
    for (const k of ['url', 'method', 'origin_header', 'preflight', 'sent']) {
      if (incompleteHere && (k === 'method' || k === 'sent')) continue;
      if (!same(x[k], y[k])) out.push(`hops[${i}].${k}`);
    }
  }
  return out;
}

/** Differences of a whole case (chain: one fetch; session: every fetch, prefixed). */
export function caseDifferences(c, observations, answer, plan) {
  if (answer.error) return ['answer'];
  const answers = answersOf(c, answer);
  const out = [];
  answers.forEach((a, j) => {
    const d = chainDifferences(observations[j], projectChain(a, plan.fetches[j].tracked));
    out.push(...(c.mode === 'browser-session' ? d.map((x) => `fetches[${j}].${x}`) : d));
  });
  return out;
}
