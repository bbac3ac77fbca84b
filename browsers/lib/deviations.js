// Documented deviations: places where Chromium 156 does not do what the
// Fetch Standard says, as listed in browsers/deviations.json.
//
// A deviation has a `match` (which cases it can explain, decided from the
// case alone) and an `effect` (what Chromium does instead, stated as an edit
// of the case that makes the Fetch Standard's answer equal Chromium's
// behaviour: "drop User-Agent", "join repeated headers", ...). A difference
// between Chromium and corsproof is explained by a deviation only when the
// case matches it AND corsproof's answer for the edited case equals what
// Chromium did, field for field. So a deviation never explains "any
// difference": only the one its effect predicts, on the cases it names.
//
// A header selector (used by matchers and effects alike):
//   {names: [...], value_pattern?: "JS regex", flags?: "i", integer_at_least?: "N"}
//   selects a request header whose name is one of `names` (ASCII
//   case-insensitive) and whose value, trimmed of HTTP whitespace as Headers
//   normalizes it, matches the pattern (when given) and contains a run of
//   digits worth at least N (when given).
// Matchers (every key of one object must hold):
//   request_header: selector or [selector...]   some request header is selected (by any)
//   repeated_request_header: true         some name occurs twice or more
//   credentials: ["omit", ...]            the request's credentials mode (default same-origin)
//   preflight_response_list_element: {name, element}
//        the preflight response has header `name` one of whose comma-separated
//        elements (trimmed) equals `element`
//   all: [matcher...], any: [matcher...], not: matcher
// Effects (applied in this order, whatever order they are written in):
//   drop_request_headers: [names]             remove every such request header
//   join_repeated_request_headers: true       combine each repeated name into its first
//                                             occurrence, values joined with ", "
//   safelist_request_headers: [selector...]   Chromium treats the selected headers of at
//        most 128 bytes as CORS-safelisted: each becomes Content-Language with a value
//        of as many bytes of "a", which the Fetch Standard safelists and counts toward
//        the 1024-byte total exactly as Chromium counts the original
//   unsafe_request_headers: [selector...]     Chromium treats the selected headers as
//        CORS-unsafe: a `"` (a CORS-unsafe request-header byte) is appended to each
//        value, which keeps the name and makes the Fetch Standard refuse to safelist it
//   add_preflight_response_headers: [[name, value]...]
//
// Redirect chains and sessions (protocol v1.1; each applies to the case's
// chain, or to every fetch of a session):
// Matchers:
//   kind: ["chain", "session"]            the case's kind (lib/chain.js kindOf)
//   redirect_mode: ["manual", ...]        some fetch's request.redirect (default follow)
//   location: {empty | repeated: "identical"|"different" | userinfo | unparsable | contains: "c"}
//        some hop answer has Location headers like that (unparsable: against request.url)
//   redirect_without_location: true       some hop answer has a redirect status and no Location
//   hops_at_least: N                      some fetch lists at least N hops
//   max_age_outside: [lo, hi]             some preflight answer's Access-Control-Max-Age is an
//                                         integer below lo or above hi
// Effects (applied after the ones above, in this order):
//   set_redirect_mode: "follow"           every fetch's request.redirect
//   dedupe_identical_locations: true      repeated identical Location headers become one
//   drop_empty_locations: true            Location headers whose value is empty are removed
//   refuse_userinfo_locations: true       a Location with a username or password becomes
//        "data:,", a location Fetch refuses at the same redirect step (the page cannot tell
//        one redirect error from another)
//   percent_encode_in_locations: ["|"]    those characters of Location values become %XX
//   set_hop_response_header: {hop, name, value}  replaces that header of hop `hop`'s answer
//   chromium_preflight_cache: true        sessions: the fetches are judged one by one against
//        Chromium's preflight cache (lib/chromium-cache.js) instead of Fetch's; see chainjob.js

import { kindOf, REDIRECT_STATUSES } from './chain.js';

const HTTP_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

const lower = (s) => String(s).toLowerCase();
const trimmed = (v) => String(v).replace(HTTP_WS, '');

export function selects(sel, name, value) {
  if (!sel.names.map(lower).includes(lower(name))) return false;
  const v = trimmed(value);
  if (sel.value_pattern !== undefined && !new RegExp(sel.value_pattern, sel.flags || '').test(v)) return false;
  if (sel.integer_at_least !== undefined) {
    const min = BigInt(sel.integer_at_least);
    if (!(v.match(/[0-9]+/g) || []).some((d) => BigInt(d) >= min)) return false;
  }
  return true;
}

export function matches(m, c) {
  const req = c.request || {};
  const headers = Array.isArray(req.headers) ? req.headers : [];
  for (const [key, arg] of Object.entries(m)) {
    let ok;
    switch (key) {
      case 'request_header': {
        const sels = Array.isArray(arg) ? arg : [arg];
        ok = headers.some(([n, v]) => sels.some((sel) => selects(sel, n, v)));
        break;
      }
      case 'repeated_request_header': {
        const seen = headers.map(([n]) => lower(n));
        ok = (new Set(seen).size !== seen.length) === arg;
        break;
      }
      case 'credentials':
        ok = arg.includes(req.credentials || 'same-origin');
        break;
      case 'preflight_response_list_element': {
        const pr = c.preflight_response;
        ok = !!pr && (pr.headers || []).some(([n, v]) => lower(n) === lower(arg.name) &&
          String(v).split(',').some((e) => e.replace(/^[ \t]+|[ \t]+$/g, '') === arg.element));
        break;
      }
      case 'kind':
        ok = arg.includes(kindOf(c));
        break;
      case 'redirect_mode':
        ok = chainsOf(c).some((f) => arg.includes((f.request && f.request.redirect) || 'follow'));
        break;
      case 'location':
        ok = chainsOf(c).some((f) => hopAnswers(f).some((r) => locationMatches(arg, locationsOf(r), f.request)));
        break;
      case 'redirect_without_location':
        ok = chainsOf(c).some((f) => hopAnswers(f).some((r) => REDIRECT_STATUSES.includes(r.status) && locationsOf(r).length === 0)) === arg;
        break;
      case 'hops_at_least':
        ok = chainsOf(c).some((f) => Array.isArray(f.hops) && f.hops.length >= arg);
        break;
      case 'max_age_outside':
        ok = chainsOf(c).some((f) => (Array.isArray(f.hops) ? f.hops : [f]).some((h) => h && h.preflight_response &&
          (h.preflight_response.headers || []).some(([n, v]) => lower(n) === 'access-control-max-age' &&
            /^-?[0-9]+$/.test(trimmed(v)) && (Number(trimmed(v)) < arg[0] || Number(trimmed(v)) > arg[1]))));
        break;
      case 'all':
        ok = arg.every((x) => matches(x, c));
        break;
      case 'any':
        ok = arg.some((x) => matches(x, c));
        break;
      case 'not':
        ok = !matches(arg, c);
        break;
      default:
        throw new Error(`deviations.json: unknown matcher "${key}"`);
    }
    if (!ok) return false;
  }
  return true;
}

const EFFECT_ORDER = [
  'drop_request_headers', 'join_repeated_request_headers', 'safelist_request_headers', 'unsafe_request_headers',
  'add_preflight_response_headers',
  'set_redirect_mode', 'dedupe_identical_locations', 'drop_empty_locations', 'refuse_userinfo_locations',
  'percent_encode_in_locations', 'set_hop_response_header', 'chromium_preflight_cache',
];

// The chains of a case: the case itself, or each fetch of a session.
function chainsOf(c) {
  if (c && c.mode === 'browser-session') return Array.isArray(c.fetches) ? c.fetches.filter((f) => f && typeof f === 'object') : [];
  return c && typeof c === 'object' ? [c] : [];
}
// The hop answers (responses) of one chain, a v1-shaped fetch included.
function hopAnswers(f) {
  const hops = Array.isArray(f.hops) ? f.hops : [{ response: f.response }];
  return hops.filter((h) => h && h.response && typeof h.response === 'object').map((h) => h.response);
}
const locationsOf = (r) => (r.headers || []).filter(([n]) => lower(n) === 'location').map(([, v]) => trimmed(v));

function locationMatches(m, locs, request) {
  if (!locs.length) return false;
  if (m.empty) return locs.some((l) => l === '');
  if (m.repeated === 'identical') return locs.length > 1 && locs.every((l) => l === locs[0]);
  if (m.repeated === 'different') return locs.length > 1 && locs.some((l) => l !== locs[0]);
  if (m.userinfo) {
    return locs.some((l) => {
      try { const u = new URL(l, request && request.url); return u.username !== '' || u.password !== ''; } catch { return false; }
    });
  }
  if (m.unparsable) {
    return locs.some((l) => { try { new URL(l, request && request.url); return false; } catch { return true; } });
  }
  if (m.contains !== undefined) return locs.some((l) => l.includes(m.contains));
  throw new Error(`deviations.json: unknown location matcher ${JSON.stringify(m)}`);
}

function editHopAnswers(out, edit) {
  for (const f of chainsOf(out)) {
    if (Array.isArray(f.hops)) {
      f.hops.forEach((h, i) => { if (h && h.response && Array.isArray(h.response.headers)) h.response.headers = edit(h.response.headers, i, f); });
    } else if (f.response && Array.isArray(f.response.headers)) {
      f.response.headers = edit(f.response.headers, 0, f);
    }
  }
}

/** Returns the edited case, or null when the effect cannot be stated for this case. */
export function applyEffects(effects, c) {
  const out = structuredClone(c);
  const req = out.request && typeof out.request === 'object' ? out.request : { headers: [] };
  req.headers = Array.isArray(req.headers) ? req.headers : [];
  for (const k of Object.keys(effects)) if (!EFFECT_ORDER.includes(k)) throw new Error(`deviations.json: unknown effect "${k}"`);
  for (const key of EFFECT_ORDER) {
    if (!(key in effects)) continue;
    const arg = effects[key];
    switch (key) {
      case 'drop_request_headers': {
        const set = new Set(arg.map(lower));
        req.headers = req.headers.filter(([n]) => !set.has(lower(n)));
        break;
      }
      case 'join_repeated_request_headers': {
        const joined = [];
        const at = new Map();
        for (const [n, v] of req.headers) {
          if (at.has(lower(n))) {
            joined[at.get(lower(n))][1] += `, ${trimmed(v)}`;
          } else {
            at.set(lower(n), joined.length);
            joined.push([n, trimmed(v)]);
          }
        }
        req.headers = joined;
        break;
      }
      case 'safelist_request_headers':
        req.headers = req.headers.map(([n, v]) => {
          const bytes = Buffer.byteLength(trimmed(v));
          return arg.some((sel) => selects(sel, n, v)) && bytes <= 128 ? ['Content-Language', 'a'.repeat(bytes)] : [n, v];
        });
        break;
      case 'unsafe_request_headers':
        req.headers = req.headers.map(([n, v]) => (arg.some((sel) => selects(sel, n, v)) ? [n, `${trimmed(v)}"`] : [n, v]));
        break;
      case 'add_preflight_response_headers':
        if (!out.preflight_response) return null;
        out.preflight_response.headers = [...(out.preflight_response.headers || []), ...arg];
        break;
      case 'set_redirect_mode':
        for (const f of chainsOf(out)) if (f.request && typeof f.request === 'object') f.request.redirect = arg;
        break;
      case 'dedupe_identical_locations':
        editHopAnswers(out, (hs) => {
          const locs = locationsOf({ headers: hs });
          if (locs.length < 2 || !locs.every((l) => l === locs[0])) return hs;
          let seen = false;
          return hs.filter(([n]) => { if (lower(n) !== 'location') return true; if (seen) return false; seen = true; return true; });
        });
        break;
      case 'drop_empty_locations':
        editHopAnswers(out, (hs) => hs.filter(([n, v]) => !(lower(n) === 'location' && trimmed(v) === '')));
        break;
      case 'refuse_userinfo_locations':
        editHopAnswers(out, (hs, i, f) => hs.map(([n, v]) => (lower(n) === 'location' && locationMatches({ userinfo: true }, [trimmed(v)], f.request)
          ? [n, 'data:,'] : [n, v])));
        break;
      case 'percent_encode_in_locations':
        editHopAnswers(out, (hs) => hs.map(([n, v]) => (lower(n) === 'location'
          ? [n, [...String(v)].map((ch) => (arg.includes(ch) ? `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : ch)).join('')]
          : [n, v])));
        break;
      case 'set_hop_response_header':
        editHopAnswers(out, (hs, i) => (i !== arg.hop ? hs
          : [...hs.filter(([n]) => lower(n) !== lower(arg.name)), [arg.name, arg.value]]));
        break;
      case 'chromium_preflight_cache':
        break; // not an edit: lib/chainjob.js judges the session fetch by fetch (see there)
      default:
        break;
    }
  }
  return out;
}

/** Validates the file's shape; throws with a clear message when it is wrong. */
export function loadDeviations(json) {
  if (!json || !Array.isArray(json.deviations)) throw new Error('deviations.json: expected {"deviations": [...]}');
  const ids = new Set();
  for (const d of json.deviations) {
    for (const f of ['id', 'rule', 'chromium', 'why', 'spec', 'match', 'effect']) {
      if (d[f] === undefined) throw new Error(`deviations.json: deviation ${d.id || '?'} lacks "${f}"`);
    }
    if (ids.has(d.id)) throw new Error(`deviations.json: duplicate id ${d.id}`);
    ids.add(d.id);
    // Run the matcher and the effect once on an empty case so that unknown keys fail now, not mid-run.
    const probe = { request: { headers: [] }, preflight_response: { status: 204, headers: [] } };
    matches(d.match, probe);
    applyEffects(d.effect, probe);
  }
  return json.deviations;
}
