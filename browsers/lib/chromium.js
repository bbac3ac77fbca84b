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
 * Returns, per plan token, {results: [page result per fetch], console: [...]}.
 */
export async function playBatches(browser, server, batches, { pages = 4, timeoutMs = 15000, concurrency = 16, onBatch } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, serviceWorkers: 'block' });
  const consoleByToken = new Map();
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
  // Console lines arrive asynchronously; attach them once every page is done.
  for (const [token, entry] of out) entry.console = consoleByToken.get(token) || [];
  return out;
}
