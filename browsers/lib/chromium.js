// Driving Debian's Chromium with playwright-core (executablePath; playwright
// never downloads a browser here). One browser, one fresh profile, one
// context; several pages play batches of plans concurrently, each batch one
// page load followed by many fetch() calls in that page.

import { chromium } from 'playwright-core';
import fs from 'node:fs';

/** Debian's real binary; /usr/bin/chromium is a shell wrapper that adds flags of its own (extensions, network). */
export function findChromium() {
  for (const p of [process.env.CHROMIUM_BIN, '/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('Chromium not found: install Debian\'s chromium package (bash scripts/install-browser-deps.sh) or set CHROMIUM_BIN');
}

/** The launch flags. `secureHttpOrigins`: http origins to treat as secure, so that https pages may fetch them. */
export function launchArgs(proxyPort, secureHttpOrigins) {
  const args = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
    '--disable-dev-shm-usage',
    '--disable-features=OptimizationHints,MediaRouter,Translate',
    // Every host, loopback included, goes to the harness's proxy on 127.0.0.1: nothing is resolved or sent elsewhere.
    `--proxy-server=http://127.0.0.1:${proxyPort}`, '--proxy-bypass-list=<-loopback>',
    '--ignore-certificate-errors',
  ];
  if (secureHttpOrigins.length) args.push(`--unsafely-treat-insecure-origin-as-secure=${secureHttpOrigins.join(',')}`);
  return args;
}

export async function launch(proxyPort, secureHttpOrigins) {
  // Playwright starts the browser with a fresh temporary --user-data-dir and removes it on close.
  return chromium.launch({
    executablePath: findChromium(), headless: true, args: launchArgs(proxyPort, secureHttpOrigins), timeout: 60000,
  });
}

// Runs in the page. `plans` is a list of fetch sequences: the fetches of one
// plan run one after the other (a v1 case has one; a v1.1 session will have
// several), plans run `concurrency` at a time. Every fetch: the Request
// constructor first (a throw there is a request fetch() refuses before any
// network activity), then fetch() itself, then which of the case's response
// header names the page can read.
/* c8 ignore start */
export async function pageRunner({ plans, timeoutMs, concurrency }) {
  const results = new Array(plans.length);
  let next = 0;
  async function one(s) {
    const ctl = new AbortController();
    let request;
    try {
      request = new Request(s.url, {
        method: s.init.method, headers: s.init.headers, credentials: s.init.credentials,
        mode: 'cors', cache: 'no-store', redirect: 'follow', signal: ctl.signal,
      });
    } catch (e) {
      return { threw: String(e) };
    }
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      const res = await fetch(request);
      const readable = [];
      for (const n of s.names) {
        try { if (res.headers.has(n)) readable.push(n); } catch { /* not a header name: never readable */ }
      }
      try { await res.arrayBuffer(); } catch { /* the body does not matter */ }
      return { status: res.status, type: res.type, readable };
    } catch (e) {
      return ctl.signal.aborted ? { timeout: true } : { rejected: String(e) };
    } finally {
      clearTimeout(timer);
    }
  }
  async function worker() {
    while (next < plans.length) {
      const i = next++;
      const out = [];
      for (const s of plans[i]) out.push(await one(s));
      results[i] = out;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return results;
}
/* c8 ignore stop */

const TOKEN_IN_TEXT = /\/__cp\/([A-Za-z0-9_-]+)\//;

/**
 * Play `batches` ([{pageOrigin, plans}]) on `pages` concurrent pages.
 * Returns, per plan token, {results: [page result per fetch], logs: [route log per route],
 * console: [console lines naming the token's URL], failures: [network error texts of its failed requests]}.
 */
export async function playBatches(browser, server, batches, { pages = 4, timeoutMs = 15000, concurrency = 16, onBatch } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, serviceWorkers: 'block' });
  const consoleByToken = new Map();
  const failuresByToken = new Map(); // Chromium's network error text per failed request (net::ERR_...)
  const out = new Map();
  let nextBatch = 0;
  let pageSerial = 0;
  async function worker() {
    const page = await context.newPage();
    page.on('console', (m) => {
      const t = TOKEN_IN_TEXT.exec(m.text());
      if (t) {
        if (!consoleByToken.has(t[1])) consoleByToken.set(t[1], []);
        consoleByToken.get(t[1]).push(m.text());
      }
    });
    page.on('requestfailed', (req) => {
      const t = TOKEN_IN_TEXT.exec(req.url());
      const f = req.failure();
      if (t && f) {
        if (!failuresByToken.has(t[1])) failuresByToken.set(t[1], []);
        failuresByToken.get(t[1]).push(f.errorText);
      }
    });
    while (nextBatch < batches.length) {
      const batch = batches[nextBatch++];
      for (const plan of batch.plans) for (const r of plan.routes) server.addRoute(r.token, r.answers);
      let results;
      try {
        const url = batch.pageOrigin === 'null'
          ? 'data:text/html,<!doctype html><title>corsproof (opaque origin)</title>'
          : `${batch.pageOrigin}/__corsproof__/page/${++pageSerial}`;
        await page.goto(url, { waitUntil: 'load', timeout: 30000 });
        results = await page.evaluate(pageRunner, { plans: batch.plans.map((p) => p.fetches), timeoutMs, concurrency });
      } catch (e) {
        const harnessError = String(e).split('\n')[0];
        results = batch.plans.map((p) => p.fetches.map(() => ({ harnessError })));
      }
      batch.plans.forEach((plan, i) => {
        out.set(plan.token, {
          results: results[i],
          logs: plan.routes.map((r) => server.routes.get(r.token).log),
        });
        for (const r of plan.routes) server.removeRoute(r.token);
      });
      if (onBatch) onBatch(batch.plans.length);
    }
    await page.close();
  }
  await Promise.all(Array.from({ length: Math.min(pages, batches.length) }, worker));
  await context.close();
  // Console lines and network errors arrive asynchronously; attach them once every page is done.
  for (const [token, entry] of out) {
    entry.console = consoleByToken.get(token) || [];
    entry.failures = failuresByToken.get(token) || [];
  }
  return out;
}

// ---------------------------------------------------------------- v1.1: chains and sessions

// Runs in the page: one fetch of a chain or session, with the case's
// `redirect` mode, and what the page can see of its response.
/* c8 ignore start */
export async function chainFetchRunner({ s, timeoutMs }) {
  const ctl = new AbortController();
  let request;
  try {
    request = new Request(s.url, {
      method: s.init.method, headers: s.init.headers, credentials: s.init.credentials,
      // cache "default": Chromium skips its preflight cache for "no-store" and "no-cache" (LOAD_DISABLE_CACHE /
      // LOAD_VALIDATE_CACHE); the HTTP cache stays out of play because every scripted answer says no-store.
      mode: 'cors', cache: 'default', redirect: s.init.redirect, signal: ctl.signal,
    });
  } catch (e) {
    return { threw: String(e) };
  }
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const res = await fetch(request);
    const readable = [];
    for (const n of s.names) {
      try { if (res.headers.has(n)) readable.push(n); } catch { /* not a header name */ }
    }
    try { await res.arrayBuffer(); } catch { /* the body does not matter */ }
    return { status: res.status, type: res.type, url: res.url, redirected: res.redirected, readable };
  } catch (e) {
    return ctl.signal.aborted ? { timeout: true } : { rejected: String(e) };
  } finally {
    clearTimeout(timer);
  }
}
/* c8 ignore stop */

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

/**
 * Play chain and session plans, `servers.length` at a time: each worker owns
 * one loopback server (its own proxy port) and plays one case at a time in a
 * fresh browser context proxied to it, so every case starts with an empty
 * preflight cache and its requests are answered in order by a ChainScript.
 * Session fetches are played at their scheduled offsets (plan.fetches[j].at,
 * seconds); an expired-side constraint is enforced against the real end of
 * the earlier fetch, and the live side is checked afterwards (timing.missed).
 * Sets item.played = {results: [{result, log, console, start, end}], timingMissed}.
 */
export async function playChains(browser, servers, items, { timeoutMs = 15000, makeScript, onDone } = {}) {
  let next = 0;
  let pageSerial = 0;
  async function worker(server, port) {
    let context = null;
    let page = null;
    let cdp = null;
    let pageOrigin = null;
    let consoleLines = [];
    const fresh = async () => {
      if (context) await context.close().catch(() => {});
      context = await browser.newContext({
        ignoreHTTPSErrors: true, serviceWorkers: 'block', proxy: { server: `http://127.0.0.1:${port}` },
      });
      page = await context.newPage();
      page.on('console', (m) => { consoleLines.push(m.text()); });
      cdp = await context.newCDPSession(page);
      pageOrigin = null;
    };
    while (next < items.length) {
      const item = items[next++];
      const plan = item.plan;
      const results = [];
      try {
        if (!context) await fresh();
        if (plan.pageOrigin !== pageOrigin) {
          const url = plan.pageOrigin === 'null'
            ? 'data:text/html,<!doctype html><title>corsproof (opaque origin)</title>'
            : `${plan.pageOrigin}/__corsproof__/page/${++pageSerial}`;
          await page.goto(url, { waitUntil: 'load', timeout: 30000 });
          pageOrigin = plan.pageOrigin;
        }
        // Every case starts with an empty preflight cache (and HTTP cache): this clears both.
        await cdp.send('Network.clearBrowserCache');
        const t0 = Date.now();
        for (let j = 0; j < plan.fetches.length; j++) {
          const f = plan.fetches[j];
          let wait = t0 + f.at * 1000;
          for (let i = 0; i < j; i++) {
            for (const θ of f.mustExpire[i]) wait = Math.max(wait, results[i].end + θ * 1000 + 100);
          }
          const now = Date.now();
          if (wait > now) await sleep(wait - now);
          const script = makeScript(f.hops);
          server.setScript(script);
          consoleLines = [];
          const start = Date.now();
          let result;
          try {
            result = await page.evaluate(chainFetchRunner, { s: f.spec, timeoutMs });
          } catch (e) {
            result = { harnessError: String(e).split('\n')[0] };
          }
          if (result.rejected !== undefined) await sleep(50); // console messages arrive after the rejection
          const end = Date.now();
          server.setScript(null);
          results.push({ result, log: script.log, console: consoleLines, start, end });
          if (result.harnessError) throw new Error(result.harnessError);
        }
      } catch (e) {
        const harnessError = String(e).split('\n')[0];
        while (results.length < plan.fetches.length) results.push({ result: { harnessError }, log: [], console: [], start: 0, end: 0 });
        server.setScript(null);
        await fresh().catch(() => { context = null; });
      }
      // The live side of the schedule, checked against what really happened.
      let timingMissed = null;
      plan.fetches.forEach((f, j) => {
        for (let i = 0; i < j; i++) {
          for (const θ of f.mustStayLive[i]) {
            if ((results[j].start - results[i].start) / 1000 + 0.25 >= θ) timingMissed = `fetch ${j} started too late after fetch ${i} (max-age ${θ})`;
          }
        }
      });
      item.played = { results, timingMissed };
      if (onDone) onDone(1);
    }
    if (context) await context.close().catch(() => {});
  }
  await Promise.all(servers.map(({ server, port }) => worker(server, port)));
}
