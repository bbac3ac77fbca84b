#!/usr/bin/env node
// The real-browser agreement job (issue #14): every browser-mode case of
// the conformance corpus, plus a generated sample, played in headless
// Chromium and compared with `corsproof eval`. See browsers/README.md.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

import { loadBrowserCases } from './lib/cases.js';
import { evalCases } from './lib/oracle.js';
import { planCase } from './lib/plan.js';
import { observe, differences, project } from './lib/observe.js';
import { loadDeviations, matches, applyEffects } from './lib/deviations.js';
import { ScriptedServer, FALLBACK_PREFLIGHT } from './lib/server.js';
import { makeCertificate } from './lib/cert.js';
import { launch, playBatches } from './lib/chromium.js';
import { generateCases } from './lib/generate.js';
import { planChainRows, playChainRows, explainChainRows, projectRow } from './lib/chainjob.js';
import { headBoundCases, judgeHeadBound, PROBE_ID, PROBE_ORIGIN } from './lib/headbound.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

const HELP = `Usage: node browsers/run.js --corsproof BIN [options]

Plays every browser-mode case in headless Chromium (Debian's chromium,
driven by playwright-core) and compares what Chromium did with corsproof's
answer: the one-exchange cases (protocol v1.0) and the redirect chains and
sessions (v1.1), then checks one claim of corsproof's against Chromium, the
response head bound (one line, "response head bound: ..."; see below).
"chains and sessions: N agree, M differ (K documented deviations, U unexplained)"
gives the v1.1 part alone; the last line counts everything played (the
response head bound counts once, as agreeing or as unexplained):
"N agree, M differ (K documented deviations, U unexplained)";
exit 1 when U > 0, 2 on a usage or harness error.

Response head bound: corsproof answers too-large for a response whose header
names and values total more than 262,144 bytes, because Chromium fails any
response head over 256 KiB (kMaxHeaderBufSize, net/http/http_stream_parser.h:
ERR_RESPONSE_HEADERS_TOO_BIG). Two cross-origin GETs check it: a 250 KiB head
that Chromium must read and corsproof allow, and one with 262,145 bytes of
names and values that Chromium must fail and corsproof answer too-large.

Options:
  --corsproof BIN   the corsproof binary (required)
  --corpus PATH     case files or folders (repeatable; default corpus/conformance)
  --random N        generated cases to add (default 3000; 0 for none)
  --seed S          generator seed (default 20261122)
  --pages P         pages playing at once (default 4)
  --batch B         cases per page load (default 150)
  --only ID         play only the cases with this id (repeatable; for debugging);
                    the response head bound runs only with --only ${PROBE_ID}
  --chain-workers W chains/sessions played at once, each in its own browser
                    context with its own loopback proxy (default 3)
  --session-budget S  longest real time a session may take, seconds (default 12);
                    a longer one is listed as not checkable
  --no-chains       play the one-exchange cases only (and the response head bound)
  --no-head-bound   skip the response head bound probe
  --report FILE     write every row (case, corsproof, Chromium, verdict) as JSON Lines
  --verbose         print every difference, explained ones too
  -h, --help        this text
`;

function parse() {
  const { values } = parseArgs({
    options: {
      corsproof: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      random: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '20261122' },
      pages: { type: 'string', default: '4' },
      batch: { type: 'string', default: '150' },
      only: { type: 'string', multiple: true },
      'chain-workers': { type: 'string', default: '3' },
      'session-budget': { type: 'string', default: '12' },
      'no-chains': { type: 'boolean', default: false },
      'no-head-bound': { type: 'boolean', default: false },
      report: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const int = (name) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer, got ${values[name]}`);
    return v;
  };
  if (!values.corsproof) throw new Error('--corsproof BIN is required');
  return {
    corsproof: path.resolve(values.corsproof),
    corpus: (values.corpus || [path.join(repo, 'corpus/conformance')]).map((p) => path.resolve(p)),
    random: int('random'), seed: int('seed'), pages: Math.max(1, int('pages')), batch: Math.max(1, int('batch')),
    only: values.only ? new Set(values.only) : null, report: values.report, verbose: values.verbose,
    chainWorkers: Math.max(1, int('chain-workers')), sessionBudget: int('session-budget'), chains: !values['no-chains'],
    headBound: !values['no-head-bound'] && (!values.only || values.only.includes(PROBE_ID)),
  };
}

const short = (x) => JSON.stringify(x);

async function main() {
  const opts = parse();
  const t0 = Date.now();
  const log = (s) => process.stderr.write(`browser-truth: ${s}\n`);

  // 1. The cases: the corpus, then the generated sample.
  let rows = loadBrowserCases(opts.corpus, repo).map((r) => ({ ...r, origin: 'corpus' }));
  const corpusCount = rows.length;
  if (opts.random) {
    rows.push(...generateCases(opts.random, opts.seed).map((c) => ({ source: `generated(seed ${opts.seed})`, id: c.id, case: c, origin: 'generated' })));
  }
  if (opts.only) rows = rows.filter((r) => opts.only.has(r.id));
  log(`${rows.length} browser-mode cases (${corpusCount} from the corpus, ${rows.length - corpusCount > 0 ? rows.length - corpusCount : 0} generated)`);

  // The v1.1 cases: redirect chains and sessions (corpus only).
  let chainRows = opts.chains ? loadBrowserCases(opts.corpus, repo, ['chain', 'session']) : [];
  if (opts.only) chainRows = chainRows.filter((r) => opts.only.has(r.id));
  if (opts.chains) {
    log(`${chainRows.filter((r) => r.kind === 'chain').length} redirect chains, ${chainRows.filter((r) => r.kind === 'session').length} sessions (v1.1, from the corpus)`);
  }

  // 2. corsproof's answers.
  const answers = await evalCases(opts.corsproof, rows.map((r) => r.case));
  rows.forEach((r, i) => { r.answer = answers[i]; });
  const notExchanges = rows.filter((r) => r.answer.error);
  let played = rows.filter((r) => !r.answer.error);
  const chainAnswers = chainRows.length ? await evalCases(opts.corsproof, chainRows.map((r) => r.case)) : [];
  chainRows.forEach((r, i) => { r.answer = chainAnswers[i]; });
  // The response head bound probe: two cases, asked of corsproof like the others.
  const probe = opts.headBound ? headBoundCases() : [];
  const probeAnswers = probe.length ? await evalCases(opts.corsproof, probe.map((p) => p.case)) : [];
  probe.forEach((p, i) => { p.answer = probeAnswers[i]; });

  // 3. Plans; some cases cannot be played here.
  played.forEach((r, i) => { r.plan = planCase(r.case, i); });
  const notCheckable = played.filter((r) => !r.plan.checkable);
  played = played.filter((r) => r.plan.checkable);
  const chainPart = planChainRows(chainRows, { budget: opts.sessionBudget });

  // 4. Play them.
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsproof-browser-'));
  const { key, cert } = makeCertificate(workdir);
  const server = new ScriptedServer({
    key, cert,
    // <base href="about:blank">: a relative case URL must not resolve against the page (the oracle judges it as no URL).
    pageHtml: '<!doctype html><meta charset="utf-8"><base href="about:blank"><title>corsproof browser harness</title>',
  });
  const port = await server.listen();
  const secureHttp = [...new Set(played.flatMap((r) => r.plan.fetches.map((f) => {
    try { const u = new URL(f.url); return u.protocol === 'http:' ? u.origin : null; } catch { return null; }
  })).filter(Boolean)), ...chainPart.played.flatMap((r) => r.plan.httpOrigins)].sort();
  const browser = await launch(port, [...new Set(secureHttp)]);
  log(`Chromium ${browser.version()} via playwright-core, loopback proxy 127.0.0.1:${port}`);
  let done = 0;
  let lastProgress = 0;
  let total = played.length;
  let what = 'cases';
  const progress = (n) => {
    done += n;
    const now = Date.now();
    if (now - lastProgress > 2000 || done === total) {
      lastProgress = now;
      log(`played ${done}/${total} ${what} (${((now - t0) / 1000).toFixed(0)} s)`);
    }
  };
  // What Chromium did with a one-fetch plan, from playBatches' outcome for it.
  const observedOf = (plan, o) => {
    const result = o.results[0];
    return result.harnessError
      ? { needs_preflight: null, preflight: null, outcome: 'harness-error', exposed_headers: null, detail: result.harnessError }
      : observe(plan.fetches[0], result, o.logs[0]);
  };
  const playRows = async (list) => {
    const byOrigin = new Map();
    for (const r of list) {
      if (!byOrigin.has(r.plan.pageOrigin)) byOrigin.set(r.plan.pageOrigin, []);
      byOrigin.get(r.plan.pageOrigin).push(r.plan);
    }
    const batches = [];
    for (const [pageOrigin, plans] of byOrigin) {
      for (let i = 0; i < plans.length; i += opts.batch) batches.push({ pageOrigin, plans: plans.slice(i, i + opts.batch) });
    }
    const outcome = await playBatches(browser, server, batches, { pages: opts.pages, onBatch: progress });
    for (const r of list) {
      const o = outcome.get(r.plan.token);
      r.observed = observedOf(r.plan, o);
      if (o.console.length) r.observed.console = o.console;
      r.diff = differences(r.observed, r.answer);
    }
  };
  // The probe's two fetches, from one page of PROBE_ORIGIN like any batch; each
  // times out after 15 s, and a timed-out or failed play is played once more.
  const playProbe = async (attempt) => {
    probe.forEach((p) => { p.plan = planCase(p.case, `hb${attempt}-${p.name}`); });
    const outcome = await playBatches(browser, server, [{ pageOrigin: PROBE_ORIGIN, plans: probe.map((p) => p.plan) }],
      { pages: 1, timeoutMs: 15000 });
    for (const p of probe) {
      const o = outcome.get(p.plan.token);
      p.observed = observedOf(p.plan, o);
      p.status = o.results[0].status;
      p.failures = o.failures;
    }
  };
  let retried = [];
  let headBound = null;
  try {
    await playRows(played);
    // A fetch that timed out or a page that failed is played once more (new URL), so that a
    // loaded machine does not fail the job; any other difference stands as observed.
    retried = played.filter((r) => r.observed.outcome === 'timeout' || r.observed.outcome === 'harness-error');
    if (retried.length) {
      log(`playing ${retried.length} timed-out or failed cases again`);
      total += retried.length;
      retried.forEach((r, i) => { r.plan = planCase(r.case, `retry${i}`); });
      await playRows(retried);
    }
    if (probe.length) {
      const t1 = Date.now();
      await playProbe(0);
      if (probe.some((p) => p.observed.outcome === 'timeout' || p.observed.outcome === 'harness-error')) await playProbe(1);
      const [within, beyond] = probe;
      headBound = judgeHeadBound({ within, beyond }, differences);
      log(`response head bound: played in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    }
    if (chainPart.played.length) {
      done = 0;
      lastProgress = 0;
      total = chainPart.played.length;
      what = 'chains and sessions';
      const t1 = Date.now();
      chainPart.retried = await playChainRows(browser, chainPart.played, {
        key, cert, pageHtml: server.pageHtml, workers: opts.chainWorkers, onDone: progress,
      });
      chainPart.seconds = (Date.now() - t1) / 1000;
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  const stray = server.unrouted;

  // 5. Compare (done as each batch came back: r.observed, r.diff).
  const differing = played.filter((r) => r.diff.length);

  // 6. Explain the differences with the documented deviations.
  const deviations = loadDeviations(JSON.parse(fs.readFileSync(path.join(here, 'deviations.json'), 'utf8')));
  const withFallback = (c) => {
    // What the server answered to a preflight the case did not script.
    if (!c.preflight_response) return { ...c, preflight_response: FALLBACK_PREFLIGHT };
    return c;
  };
  const attempts = []; // {row, ids: deviation ids, effect: their effects together}
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
  const edited = attempts.map((a) => { const e = applyEffects(a.effect, a.row.case); return e ? withFallback(e) : null; });
  const toEval = edited.filter(Boolean);
  const predicted = toEval.length ? await evalCases(opts.corsproof, toEval) : [];
  let k = 0;
  attempts.forEach((a, i) => {
    if (!edited[i]) return;
    const p = predicted[k++];
    if (a.row.explainedBy) return;
    if (!p.error && differences(a.row.observed, p).length === 0) {
      a.row.explainedBy = a.ids;
      a.row.predicted = p;
    }
  });

  const chainDiffering = chainPart.played.filter((r) => r.diff.length);
  if (chainDiffering.length) await explainChainRows(opts.corsproof, chainDiffering, deviations);
  const chainDocumented = chainDiffering.filter((r) => r.explainedBy);
  const chainUnexplained = chainDiffering.filter((r) => !r.explainedBy);

  // 7. Report.
  const agree = played.length - differing.length;
  const documented = differing.filter((r) => r.explainedBy);
  const unexplained = differing.filter((r) => !r.explainedBy);
  const byDeviation = new Map();
  for (const r of [...documented, ...chainDocumented]) {
    const key2 = r.explainedBy.join(' + ');
    byDeviation.set(key2, (byDeviation.get(key2) || 0) + 1);
  }
  if (opts.report) {
    const lines = rows.map((r) => JSON.stringify({
      id: r.id, source: r.source,
      verdict: r.answer.error ? 'not-an-exchange' : !r.plan.checkable ? 'not-checkable'
        : !r.diff.length ? 'agree' : r.explainedBy ? 'documented-deviation' : 'unexplained',
      reason: r.plan && !r.plan.checkable ? r.plan.reason : undefined,
      corsproof: r.answer.error ? r.answer : project(r.answer),
      chromium: r.observed, differs_in: r.diff, explained_by: r.explainedBy,
    }));
    for (const r of chainRows) {
      lines.push(JSON.stringify({
        id: r.id, source: r.source, kind: r.kind,
        verdict: r.answer.error ? 'not-an-exchange' : !r.plan.checkable ? 'not-checkable'
          : !r.diff.length ? 'agree' : r.explainedBy ? 'documented-deviation' : 'unexplained',
        reason: r.plan && !r.plan.checkable ? r.plan.reason : undefined,
        corsproof: r.answer.error ? r.answer : r.plan.checkable ? projectRow(r) : undefined,
        chromium: r.observed, differs_in: r.diff, explained_by: r.explainedBy,
      }));
    }
    if (headBound) {
      lines.push(JSON.stringify({
        id: PROBE_ID, source: 'browsers/lib/headbound.js', kind: 'probe',
        verdict: headBound.ok ? 'agree' : 'unexplained', problems: headBound.problems,
        fetches: probe.map((p) => ({
          name: p.name, sizes: p.sizes, corsproof: p.answer.error ? p.answer : project(p.answer),
          chromium: { ...p.observed, status: p.status, failures: p.failures },
        })),
      }));
    }
    fs.writeFileSync(opts.report, lines.join('\n') + '\n');
  }
  const out = (s) => process.stdout.write(s + '\n');
  out(`browser-mode cases: ${rows.length} (corpus ${rows.filter((r) => r.origin === 'corpus').length}, generated ${rows.filter((r) => r.origin === 'generated').length})`);
  if (notExchanges.length) out(`not exchanges (corsproof answers "error", e.g. bad-case): ${notExchanges.length}`);
  if (notCheckable.length) {
    const cats = new Map();
    for (const r of notCheckable) {
      const c = cats.get(r.plan.category) || { n: 0, reason: r.plan.reason, ids: [] };
      c.n++;
      c.ids.push(r.id);
      cats.set(r.plan.category, c);
    }
    out(`not checkable here: ${notCheckable.length} (never counted as agreement)`);
    for (const [cat, c] of cats) out(`  ${cat}: ${c.n}: ${c.reason} [${c.ids.slice(0, 6).join(', ')}${c.ids.length > 6 ? ', ...' : ''}]`);
  }
  if (retried.length) out(`played twice (timed out or failed the first time): ${retried.length}`);
  if (stray.length) {
    const hosts = [...new Set(stray.map((x) => { try { return new URL(x.url).host; } catch { return x.url; } }))].sort();
    out(`requests Chromium made that no case asked for (answered 404 by the loopback proxy, nothing left the machine): ${stray.length} (${hosts.join(', ')})`);
  }
  if (documented.length || chainDocumented.length) {
    out(`documented deviations (browsers/deviations.json): ${documented.length + chainDocumented.length}`);
    for (const [ids, n] of [...byDeviation].sort()) out(`  ${ids}: ${n}`);
  }
  if (opts.verbose) {
    for (const r of documented) out(`explained ${r.id} by ${r.explainedBy.join(' + ')}: corsproof ${short(project(r.answer))}; chromium ${short(project(r.observed))}`);
  }
  for (const r of unexplained) {
    out(`UNEXPLAINED ${r.id} (${r.source}) differs in ${r.diff.join(', ')}`);
    out(`  corsproof: ${short(project(r.answer))}`);
    out(`  chromium:  ${short({ ...project(r.observed), ...(r.observed.detail ? { detail: r.observed.detail } : {}) })}`);
    if (r.observed.console) out(`  console:   ${r.observed.console.join(' | ').slice(0, 400)}`);
    if (r.matching && r.matching.length) out(`  matching deviations that do not predict it: ${r.matching.map((d) => d.id).join(', ')}`);
  }
  if (headBound) {
    out(headBound.line);
    if (!headBound.ok) {
      out(`UNEXPLAINED ${PROBE_ID} (browsers/lib/headbound.js): ${headBound.problems.join('; ')}`);
      for (const p of probe) {
        out(`  ${p.name}: raw head ${p.sizes.raw_head} bytes, names and values ${p.sizes.names_values} bytes, ${p.sizes.headers} headers`);
        out(`    corsproof: ${short(p.answer.error ? p.answer.error : project(p.answer))}`);
        out(`    chromium:  ${short({ ...project(p.observed), status: p.status, ...(p.observed.detail ? { detail: p.observed.detail } : {}), failures: p.failures })}`);
      }
    }
  }
  if (opts.chains) {
    const cp = chainPart;
    out(`redirect chains and sessions (v1.1): ${chainRows.length} (${chainRows.filter((r) => r.kind === 'chain').length} chains, ` +
      `${chainRows.filter((r) => r.kind === 'session').length} sessions), played ${cp.played.length}` +
      (cp.seconds !== undefined ? ` in ${cp.seconds.toFixed(1)} s` : ''));
    if (cp.notExchanges.length) out(`  not exchanges (corsproof answers "error", e.g. bad-case): ${cp.notExchanges.length}`);
    if (cp.notCheckable.length) {
      const cats = new Map();
      for (const r of cp.notCheckable) {
        const key3 = `${r.plan.category}: ${r.plan.reason}`;
        if (!cats.has(key3)) cats.set(key3, []);
        cats.get(key3).push(r.id);
      }
      out(`  not checkable here: ${cp.notCheckable.length} (never counted as agreement)`);
      for (const [k3, ids] of cats) out(`    ${k3} [${ids.join(', ')}]`);
    }
    if (cp.retried && cp.retried.length) out(`  played twice (timed out, failed, or missed its schedule the first time): ${cp.retried.length}`);
    const missed = cp.played.filter((r) => r.timingMissed);
    if (missed.length) out(`  missed their schedule twice (their differences stand as observed): ${missed.map((r) => r.id).join(', ')}`);
    if (opts.verbose) {
      for (const r of chainDocumented) out(`explained ${r.id} by ${r.explainedBy.join(' + ')}: differs in ${r.diff.join(', ')}`);
    }
    for (const r of chainUnexplained) {
      out(`UNEXPLAINED ${r.id} (${r.source}) differs in ${r.diff.join(', ')}`);
      out(`  corsproof: ${short(projectRow(r))}`);
      out(`  chromium:  ${short(r.observed)}`);
      if (r.matching && r.matching.length) out(`  matching deviations that do not predict it: ${r.matching.map((d) => d.id).join(', ')}`);
    }
    out(`chains and sessions: ${cp.played.length - chainDiffering.length} agree, ${chainDiffering.length} differ ` +
      `(${chainDocumented.length} documented deviations, ${chainUnexplained.length} unexplained)`);
  }
  out(`wall time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The response head bound counts once: agreeing, or differing and unexplained.
  const probeAgrees = headBound && headBound.ok ? 1 : 0;
  const probeDiffers = headBound && !headBound.ok ? 1 : 0;
  const allAgree = agree + chainPart.played.length - chainDiffering.length + probeAgrees;
  const allDocumented = documented.length + chainDocumented.length;
  const allUnexplained = unexplained.length + chainUnexplained.length + probeDiffers;
  out(`${allAgree} agree, ${differing.length + chainDiffering.length + probeDiffers} differ (${allDocumented} documented deviations, ${allUnexplained} unexplained)`);
  return allUnexplained ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`browser-truth: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
