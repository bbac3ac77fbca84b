// Chromium 156's CORS-preflight cache, as a model the harness uses to
// explain session differences (deviation `chromium-preflight-cache`,
// browsers/deviations.json). It is not corsproof's cache and shares nothing
// with it: corsproof follows the Fetch Standard (core/include/corsproof/
// preflight_cache.hpp); this file writes down what Chromium does instead
// (services/network/cors/preflight_cache.cc, preflight_result.cc):
//
//   - one entry per (origin, URL) (the network isolation key is fixed: one
//     page origin per session), holding the allowed methods, the allowed
//     header names (lower case), whether the preflight was credentialed,
//     and an expiry time; each successful preflight REPLACES the entry;
//   - a lookup that finds the entry expired, or insufficient for the request
//     (a method or header it does not allow, or a credentialed request and an
//     uncredentialed entry), ERASES it and is a miss;
//   - `*` in the methods or headers allows every method / header name for a
//     request that is not credentialed, nothing for a credentialed one; a
//     cached `*` does not cover Authorization (observed: brw-session-star-1,
//     fetch 2 sends its preflight), although a `*` in the preflight answer
//     itself does (deviation wildcard-covers-authorization); GET, HEAD and
//     POST are always allowed;
//   - max-age: 5 seconds without a valid value; a negative value caches
//     nothing; values above 7200 are 7200;
//   - no entry is removed when a fetch ends in a network error;
//   - a redirect-tainted hop (Origin: null on a page that is not opaque)
//     neither reads nor writes the cache.

const lower = (s) => String(s).toLowerCase();
const trim = (s) => String(s).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
const SAFELISTED_METHODS = ['GET', 'HEAD', 'POST'];

function listValues(headers, name) {
  const values = (headers || []).filter(([n]) => lower(n) === name).map(([, v]) => String(v));
  return values.join(',').split(',').map(trim).filter((x) => x !== '');
}

/** Chromium's max-age in seconds for a preflight answer's headers. */
export function chromiumMaxAge(headers) {
  const values = (headers || []).filter(([n]) => lower(n) === 'access-control-max-age').map(([, v]) => trim(v));
  if (values.length !== 1 || !/^-?[0-9]+$/.test(values[0])) return 5;
  const n = Number(values[0]);
  if (n < 0) return 0;
  return Math.min(n, 7200);
}

export class ChromiumPreflightCache {
  constructor() {
    this.entries = new Map(); // `${origin} ${url}` -> {methods, headers, credentials, expiry, answer}
  }

  /**
   * Is the request covered? A miss erases what it found. `headers`: the
   * CORS-unsafe request-header names, lower case.
   */
  lookup({ origin, url, credentials, method, headers, now }) {
    const key = `${origin} ${url}`;
    const e = this.entries.get(key);
    if (!e) return null;
    const ok = now < e.expiry &&
      (!credentials || e.credentials) &&
      (SAFELISTED_METHODS.includes(method) || e.methods.includes(method) || (!credentials && e.methods.includes('*'))) &&
      headers.every((h) => e.headers.includes(lower(h)) || (!credentials && lower(h) !== 'authorization' && e.headers.includes('*')));
    if (!ok) {
      this.entries.delete(key);
      return null;
    }
    return e;
  }

  /** A successful preflight replaces the entry. `answer`: the case's preflight_response. */
  store({ origin, url, credentials, answer, now }) {
    const maxAge = chromiumMaxAge(answer.headers);
    const key = `${origin} ${url}`;
    if (maxAge <= 0) {
      this.entries.delete(key);
      return;
    }
    this.entries.set(key, {
      methods: listValues(answer.headers, 'access-control-allow-methods'),
      headers: listValues(answer.headers, 'access-control-allow-headers').map(lower),
      credentials,
      expiry: now + maxAge,
      answer,
    });
  }
}

/**
 * corsproof's answer for a session as Chromium's cache would shape it: each
 * fetch is judged by `corsproof eval` ALONE (an empty Fetch cache, so every
 * hop on the preflight path sends its preflight), and where the Chromium
 * model holds an entry covering the hop, the hop is given the preflight
 * answer that created the entry (it passed then, for a request the entry
 * covers) and its `preflight.cache` is reported `hit` (nothing sent). The
 * model is then updated with the preflights that were sent and passed.
 * `evalOne(case)` returns corsproof's answer for one chain case.
 * Returns {fetches: [...]} or null when the session cannot be judged so.
 */
export async function predictSession(session, evalOne) {
  const cache = new ChromiumPreflightCache();
  const out = [];
  for (const f of session.fetches) {
    const req = f.request;
    const credentials = req.credentials === 'include';
    const opaquePage = req.origin === 'null';
    const hops = Array.isArray(f.hops) ? f.hops : [{ preflight_response: f.preflight_response, response: f.response }];
    const hits = new Map(); // hop index -> entry
    const decided = new Set();
    let a = null;
    for (let round = 0; round < 2 * hops.length + 2; round++) {
      const edited = {
        id: 'chromium-cache', mode: 'browser', request: { ...req, redirect: req.redirect || 'follow' },
        hops: hops.map((h, k) => (hits.has(k) ? { ...h, preflight_response: hits.get(k).answer } : h)),
      };
      a = await evalOne(edited);
      if (!a || a.error) return null;
      let changed = false;
      for (let k = 0; k < a.hops.length && !changed; k++) {
        const h = a.hops[k];
        if (!h.preflight || decided.has(k)) continue;
        decided.add(k);
        const tainted = h.origin_header === 'null' && !opaquePage;
        if (tainted) continue;
        const entry = cache.lookup({
          origin: h.origin_header, url: h.url, credentials, method: h.preflight.method,
          headers: h.preflight.request_headers ? h.preflight.request_headers.split(',') : [], now: f.t,
        });
        if (entry) {
          hits.set(k, entry);
          changed = true; // judge again with the cached answer at this hop
        }
      }
      if (!changed) break;
    }
    // Chromium writes the entries of the preflights it sent and that passed.
    a.hops.forEach((h, k) => {
      if (!h.preflight) return;
      if (hits.has(k)) {
        h.preflight = { ...h.preflight, cache: 'hit' };
        return;
      }
      const tainted = h.origin_header === 'null' && !opaquePage;
      if (!tainted && h.preflight.ok && hops[k] && hops[k].preflight_response) {
        cache.store({ origin: h.origin_header, url: h.url, credentials, answer: hops[k].preflight_response, now: f.t });
      }
    });
    out.push(a);
  }
  return { fetches: out };
}
