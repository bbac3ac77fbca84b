// The v1.1 part of the job: redirect chains and sessions played in
// Chromium (lib/chain.js says how) and compared with corsproof's answers,
// differences explained by the documented deviations as for one exchange
// (a deviation's effect edits the case; corsproof's answer for the edited
// case must equal what Chromium did, field for field).

import { planChain, observeChain, caseDifferences, ChainScript, projectChain, answersOf, fetchesOf } from './chain.js';
import { playChains } from './chromium.js';
import { ScriptedServer } from './server.js';
import { evalCases } from './oracle.js';
import { matches, applyEffects } from './deviations.js';
import { predictSession } from './chromium-cache.js';

/** Plans every row (row.answer set); returns {played, notExchanges, notCheckable}. */
export function planChainRows(rows, { budget }) {
  const notExchanges = rows.filter((r) => r.answer.error);
  const rest = rows.filter((r) => !r.answer.error);
  for (const r of rest) r.plan = planChain(r.case, r.answer, { budget });
  return { notExchanges, notCheckable: rest.filter((r) => !r.plan.checkable), played: rest.filter((r) => r.plan.checkable) };
}

function observeRow(r) {
  r.observed = r.played.results.map((x, j) => {
    if (x.result.harnessError) return { outcome: 'harness-error', detail: x.result.harnessError, hops: [] };
    return observeChain(r.plan.fetches[j], x.result, x.log, x.console);
  });
  r.timingMissed = r.played.timingMissed;
  r.diff = caseDifferences(r.case, r.observed, r.answer, r.plan);
}

/** Plays the rows in Chromium; sets r.observed, r.diff, r.timingMissed. Retries timeouts and harness errors once. */
export async function playChainRows(browser, rows, { key, cert, pageHtml, workers, onDone }) {
  const servers = [];
  try {
    for (let i = 0; i < workers; i++) {
      const server = new ScriptedServer({ key, cert, pageHtml });
      servers.push({ server, port: await server.listen() });
    }
    const makeScript = (hops) => new ChainScript(hops);
    await playChains(browser, servers, rows, { makeScript, onDone });
    rows.forEach(observeRow);
    const again = rows.filter((r) => r.timingMissed ||
      r.observed.some((o) => o.outcome === 'timeout' || o.outcome === 'harness-error'));
    if (again.length) {
      await playChains(browser, servers, again, { makeScript, onDone });
      again.forEach(observeRow);
    }
    return again;
  } finally {
    for (const { server } of servers) await server.close();
  }
}

/** Explains differing rows with the deviations (sets r.explainedBy, r.matching). */
export async function explainChainRows(bin, differing, deviations) {
  const attempts = [];
  for (const r of differing) {
    r.matching = deviations.filter((d) => matches(d.match, r.case));
    for (const d of r.matching) attempts.push({ row: r, ids: [d.id], effect: d.effect });
    if (r.matching.length > 1) {
      const effect = {};
      for (const d of r.matching) {
        for (const [k, v] of Object.entries(d.effect)) {
          effect[k] = Array.isArray(effect[k]) && Array.isArray(v) ? [...effect[k], ...v] : v;
        }
      }
      attempts.push({ row: r, ids: r.matching.map((d) => d.id), effect });
    }
  }
  const edited = attempts.map((a) => applyEffects(a.effect, a.row.case));
  // Plain edits: one `corsproof eval` for all. A session judged against Chromium's preflight cache
  // (effect chromium_preflight_cache): fetch by fetch, see lib/chromium-cache.js.
  const viaModel = (a, i) => edited[i] && a.effect.chromium_preflight_cache && edited[i].mode === 'browser-session';
  const toEval = edited.filter((e, i) => e && !viaModel(attempts[i], i));
  const predicted = toEval.length ? await evalCases(bin, toEval) : [];
  const evalOne = async (c) => (await evalCases(bin, [c]))[0];
  let k = 0;
  for (let i = 0; i < attempts.length; i++) {
    const a = attempts[i];
    if (!edited[i]) continue;
    const p = viaModel(a, i) ? await predictSession(edited[i], evalOne) : predicted[k++];
    if (p && !p.error && a.effect.drop_empty_locations) keepIgnoredLocation(a.row.case, p);
    if (a.row.explainedBy || !p || p.error) continue;
    if (caseDifferences(edited[i], a.row.observed, p, a.row.plan).length === 0) {
      a.row.explainedBy = a.ids;
      a.row.predicted = p;
    }
  }
}

// drop_empty_locations removes the header so that Fetch does not follow it; Chromium ignores it for
// redirecting but still delivers it: on a basic (same-origin) final response the page reads it.
function keepIgnoredLocation(c, p) {
  answersOf(c, p).forEach((a, j) => {
    if (!a.final || a.final.type !== 'basic' || !Array.isArray(a.exposed_headers)) return;
    const f = fetchesOf(c)[j];
    const last = f.hops[a.hops.length - 1];
    const hs = (last && last.response && last.response.headers) || [];
    if (hs.some(([n, v]) => String(n).toLowerCase() === 'location' && String(v).trim() === '')) {
      a.exposed_headers = [...new Set([...a.exposed_headers, 'location'])].sort();
    }
  });
}

/** A short, comparable view of a row for the report: corsproof's projected answer per fetch. */
export function projectRow(r) {
  return answersOf(r.case, r.answer).map((a, j) => projectChain(a, r.plan.fetches[j].tracked));
}
