// From a browser-mode case to what the harness plays: the page to load (its
// origin), the fetch() the page makes, and the scripted answers of the URL
// it fetches. Also decides up front which cases no browser here can play
// ("not checkable"), with the reason.
//
// A plan is deliberately general, so that protocol v1.1 (redirect chains,
// `browser-session`) fits without a new shape: a plan has a page origin, a
// list of routes (one per URL the browser will request, each with its
// scripted answers) and a list of fetches the page makes in order. A v1
// case is one route and one fetch.

import { toByteString } from './bytes.js';

export const SAFELISTED_RESPONSE_NAMES = Object.freeze([
  'cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma',
]);

/** The origin a browser's page would have, or null when no page can have `origin` here. */
export function pageOriginFor(origin) {
  if (origin === 'null') return 'null';
  let u;
  try {
    u = new URL(origin);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.origin === origin ? origin : null;
}

/**
 * Rewrite a case URL so that it is unique to this case (the preflight cache
 * and the HTTP cache are keyed by URL) and routed to it: the token becomes
 * the first path segment, the case's own path and query follow. A URL that
 * fetch() must refuse (unparsable, relative, with credentials) is kept as
 * it is, so that Chromium refuses it too.
 */
export function routedUrl(url, token) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return { url, routed: false };
  }
  if (u.username !== '' || u.password !== '') return { url, routed: false };
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { url, routed: false, scheme: u.protocol };
  return { url: `${u.protocol}//${u.host}/__cp/${token}${u.pathname}${u.search}`, routed: true, origin: u.origin };
}

function answerOf(r) {
  if (!r || typeof r !== 'object') return null;
  return {
    status: r.status,
    headers: (r.headers || []).map(([n, v]) => [toByteString(n), toByteString(v)]),
  };
}

/**
 * The plan for case `c` (the n-th case of the run). Returns
 * {checkable: false, reason, category} when the case cannot be played here.
 */
export function planCase(c, n) {
  const req = c.request;
  if (req.private_network === true) {
    return {
      checkable: false, category: 'private-network',
      reason: 'Chromium 156 sends no Private Network Access preflight (Local Network Access asks the user instead); ' +
        'see browsers/README.md "Private network"',
    };
  }
  const pageOrigin = pageOriginFor(req.origin);
  if (pageOrigin === null) {
    return {
      checkable: false, category: 'origin',
      reason: `no page here can have the origin ${JSON.stringify(req.origin)} (only http(s) origins in the form a ` +
        'browser serializes them, and the opaque origin null)',
    };
  }
  const token = `c${n}`;
  const target = routedUrl(req.url, token);
  if (target.scheme) {
    return {
      checkable: false, category: 'scheme',
      reason: `fetch() sends nothing over the network for a ${target.scheme} URL; the oracle judges it like https ` +
        '(docs/protocol-decisions.md, Browser mode, URL origin)',
    };
  }
  const responseNames = c.response ? [...new Set(c.response.headers.map(([name]) => name.toLowerCase()))] : [];
  return {
    checkable: true,
    token,
    pageOrigin,
    routes: [{ token, answers: { preflight: answerOf(c.preflight_response), actual: answerOf(c.response) } }],
    fetches: [{
      url: target.url,
      token: target.routed ? token : null,
      init: {
        method: toByteString(req.method),
        headers: (req.headers || []).map(([name, value]) => [toByteString(name), toByteString(value)]),
        credentials: req.credentials || 'same-origin',
      },
      // The names the page checks for readability: the case's response header names.
      names: responseNames.map(toByteString),
      hasResponse: !!c.response,
    }],
  };
}
