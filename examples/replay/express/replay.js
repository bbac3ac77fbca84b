'use strict';
// Replays corsproof's server-mode conformance vectors against the Express +
// `cors` app of server.js, over loopback, and has corsproof judge every
// observed answer (oracle protocol, "Mode audit").
//
//   node replay.js [--corsproof PATH] [--vectors DIR] [--out DIR]
//                  [--max-cases N] [--timeout-ms MS] [--no-audit] [--cors-defaults]
//
// 1. reads DIR/*.jsonl (default: corpus/conformance/server of this repo);
//    keeps the server-mode cases whose policy is valid (an `expect` that is
//    an error has no server to configure) and that the cors options can
//    express, counting every skipped case with its reason;
// 2. per distinct policy: starts the app on 127.0.0.1 (ephemeral port),
//    sends each case's request (exact method, header list in order,
//    duplicates kept) on a fresh connection, records status and response
//    headers, stops the app;
// 3. writes OUT/express-audit.jsonl: one
//    {"id","mode":"audit","policy","request","observed":{"status","headers"}}
//    case per request, and pipes it to `corsproof eval`;
// 4. prints a summary (findings per code and severity) and writes
//    OUT/express-report.txt (every finding) and OUT/express-answers.jsonl.
//
// When the corsproof binary does not answer audit cases yet, it falls back to
// comparing the observed CORS headers with each vector's `expect` (see
// compareWithExpect) and says so.
//
// --cors-defaults leaves cors' own defaults for methods and allowed headers in
// place where the policy sets none (see server.js) and names the output files
// express-defaults-*.
//
// Exit status: 0 the run completed (findings are results, not failures);
// 2 usage or setup error.

const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { spawnSync } = require('child_process');
const { corsOptionsFromPolicy, start, Unsupported } = require('./server');

const REPO = path.resolve(__dirname, '..', '..', '..');

function parseArgs(argv) {
  const a = {
    corsproof: process.env.CORSPROOF || 'corsproof',
    vectors: path.join(REPO, 'corpus', 'conformance', 'server'),
    out: path.join(__dirname, 'out'),
    maxCases: 2000,
    timeoutMs: 2000,
    audit: true,
    corsDefaults: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const k = argv[i];
    if (k === '--corsproof') a.corsproof = argv[++i];
    else if (k === '--vectors') a.vectors = argv[++i];
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--max-cases') a.maxCases = Number(argv[++i]);
    else if (k === '--timeout-ms') a.timeoutMs = Number(argv[++i]);
    else if (k === '--no-audit') a.audit = false;
    else if (k === '--cors-defaults') a.corsDefaults = true;
    else {
      process.stderr.write('usage: node replay.js [--corsproof PATH] [--vectors DIR] [--out DIR] [--max-cases N] [--timeout-ms MS] [--no-audit] [--cors-defaults]\n');
      process.exit(2);
    }
  }
  return a;
}

// ---- Loading and skipping ---------------------------------------------------

function loadVectors(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  const cases = [];
  for (const f of files) {
    const lines = fs.readFileSync(path.join(dir, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const c = JSON.parse(line);
      c.file = f;
      c.line = i + 1;
      cases.push(c);
    });
  }
  return cases;
}

function headerValues(headers, name) {
  const n = name.toLowerCase();
  return headers.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
}

const trimOws = (v) => v.replace(/^[ \t]+|[ \t]+$/g, '');

// JSON with object keys sorted: one key per distinct policy, whatever the
// order its keys were written in.
function canonicalJson(v) {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// Why this case cannot be replayed against cors, or null.
function skipReason(c) {
  if (c.mode !== 'server') return 'not a server-mode case';
  if (c.expect && c.expect.error) return `invalid case (expects ${c.expect.error.code}): no server to configure`;
  let translated;
  try {
    translated = corsOptionsFromPolicy(c.policy);
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    throw e;
  }
  if (translated.unsupported.includes('allow_private_network')
      && headerValues(c.request.headers, 'Access-Control-Request-Private-Network').some((v) => trimOws(v) === 'true')) {
    return 'private network preflight under allow_private_network: true (cors has no Private Network Access support)';
  }
  for (const [n, v] of c.request.headers) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(n)) return `header name ${JSON.stringify(n)} cannot be sent`;
    if (/[\0\r\n]/.test(v)) return `header value with NUL/CR/LF cannot be sent`;
  }
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(c.request.method)) return 'method is not a token';
  return null;
}

// ---- Sending one request ----------------------------------------------------

// Header values are JSON strings; the protocol sends their UTF-8 bytes.
// Node writes header strings as latin1 (one byte per code unit), so a UTF-8
// value is handed over as its bytes spelled in latin1, and answers are read
// back the same way.
const toWire = (s) => Buffer.from(s, 'utf8').toString('latin1');
const fromWire = (s) => Buffer.from(s, 'latin1').toString('utf8');

function pairs(flat) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([fromWire(flat[i]), fromWire(flat[i + 1])]);
  return out;
}

// Node's http client upper-cases every method (`patch` goes out as `PATCH`),
// so methods it would rewrite go over a plain socket instead.
function send(port, request, timeoutMs) {
  if (request.method.toUpperCase() !== request.method) return sendRaw(port, request, timeoutMs);
  return new Promise((resolve) => {
    // An array of headers (rawHeaders format: name, value, name, value...)
    // keeps order, case and duplicates. With an array Node adds no Host
    // header, so the replay adds it (HTTP/1.1 requires one).
    const flat = ['Host', `127.0.0.1:${port}`];
    for (const [n, v] of request.headers) flat.push(n, toWire(v));
    let done = false;
    const finish = (r) => { if (!done) { done = true; resolve(r); } };
    const req = http.request({
      host: '127.0.0.1', port, path: '/', method: request.method, headers: flat,
      agent: false, timeout: timeoutMs,
    }, (res) => {
      const observed = { status: res.statusCode, headers: pairs(res.rawHeaders) };
      res.resume();
      res.on('end', () => finish({ observed }));
      res.on('error', (e) => finish({ error: e.message }));
    });
    req.on('timeout', () => { req.destroy(new Error(`no answer within ${timeoutMs} ms`)); });
    req.on('error', (e) => finish({ error: e.message }));
    req.end();
  });
}

function sendRaw(port, request, timeoutMs) {
  return new Promise((resolve) => {
    let head = `${request.method} / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`;
    for (const [n, v] of request.headers) head += `${n}: ${toWire(v)}\r\n`;
    head += 'Connection: close\r\n\r\n';
    const chunks = [];
    let size = 0;
    let done = false;
    const sock = net.connect({ host: '127.0.0.1', port });
    const finish = (r) => { if (!done) { done = true; sock.destroy(); resolve(r); } };
    sock.setTimeout(timeoutMs, () => finish({ error: `no answer within ${timeoutMs} ms` }));
    sock.on('connect', () => sock.write(head, 'latin1'));
    sock.on('data', (d) => {
      chunks.push(d);
      size += d.length;
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0) finish({ observed: parseHead(text.slice(0, end)) });
      else if (size > 65536) finish({ error: 'response head over 64 KiB' });
    });
    sock.on('end', () => finish({ error: 'connection closed before a complete response head' }));
    sock.on('error', (e) => finish({ error: e.message }));
  });
}

function parseHead(text) {
  const lines = text.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1] ?? 0);
  const headers = [];
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers.push([fromWire(l.slice(0, i)), fromWire(trimOws(l.slice(i + 1)))]);
  }
  return { status, headers };
}

// ---- Judging ----------------------------------------------------------------

function runCorsproof(bin, input) {
  const r = spawnSync(bin, ['eval'], { input, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 60000 });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message}`);
  if (r.status === 2) throw new Error(`${bin} eval: usage error: ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

// Does this corsproof answer audit cases? (It says so by answering one.)
function auditAvailable(bin) {
  const probe = JSON.stringify({
    id: 'audit-probe', mode: 'audit', policy: { allow_origins: ['*'] },
    request: { method: 'GET', headers: [] }, observed: { status: 200, headers: [] },
  });
  const [answer] = runCorsproof(bin, `${probe}\n`);
  return answer && typeof answer.conforms === 'boolean' ? { ok: true } : { ok: false, why: JSON.stringify(answer) };
}

// Fallback when audit mode is not available: the conformance README's
// comparison, done semantically but still against corsproof's canonical
// answer (so an implementation that lists every allowed method instead of
// echoing the requested one shows a difference here that audit mode would
// not report). Returns a list of difference strings.
const LIST_HEADERS = new Set(['vary', 'access-control-allow-methods', 'access-control-allow-headers',
  'access-control-expose-headers']);
function corsHeaders(headers) {
  const m = new Map();
  for (const [n, v] of headers) {
    const k = n.toLowerCase();
    if (!k.startsWith('access-control-') && k !== 'vary') continue;
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(v);
  }
  const norm = new Map();
  for (const [k, vs] of m) {
    if (LIST_HEADERS.has(k)) {
      const items = vs.join(',').split(',').map(trimOws).filter((x) => x !== '');
      const set = k === 'vary' ? items.map((x) => x.toLowerCase()) : items;
      norm.set(k, [...new Set(set)].sort().join(', '));
    } else {
      norm.set(k, vs.map(trimOws).join(' | '));
    }
  }
  return norm;
}
function compareWithExpect(c, observed) {
  const diffs = [];
  const exp = c.expect;
  const got = corsHeaders(observed.headers);
  if (exp.allowed === false) {
    for (const k of got.keys()) {
      if (k.startsWith('access-control-allow-')) diffs.push(`denied, but answered ${k}: ${got.get(k)}`);
    }
  }
  if (exp.kind === 'preflight' && exp.status !== undefined) {
    const ok2xx = observed.status >= 200 && observed.status < 300;
    if (exp.allowed && !ok2xx) diffs.push(`status: expected ${exp.status}, got ${observed.status}`);
    if (!exp.allowed && ok2xx && got.has('access-control-allow-origin')) {
      diffs.push(`status: expected a non-2xx denial, got ${observed.status}`);
    }
  }
  if (exp.headers) {
    const want = corsHeaders(exp.headers);
    for (const [k, v] of want) {
      if (!got.has(k)) diffs.push(`missing ${k}: ${v}`);
      else if (got.get(k) !== v) diffs.push(`${k}: expected ${v}, got ${got.get(k)}`);
    }
    for (const [k, v] of got) if (!want.has(k) && !(exp.allowed === false && k.startsWith('access-control-allow-'))) diffs.push(`extra ${k}: ${v}`);
  }
  return diffs;
}

// ---- Main -------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.out, { recursive: true });
  const all = loadVectors(args.vectors);
  const skipped = new Map();
  const byPolicy = new Map();
  let kept = 0;
  for (const c of all) {
    const why = skipReason(c);
    if (why) {
      skipped.set(why, (skipped.get(why) || []).concat(c.id));
      continue;
    }
    if (kept >= args.maxCases) {
      skipped.set('over --max-cases', (skipped.get('over --max-cases') || []).concat(c.id));
      continue;
    }
    kept += 1;
    const key = canonicalJson(c.policy);
    if (!byPolicy.has(key)) byPolicy.set(key, []);
    byPolicy.get(key).push(c);
  }

  const t0 = Date.now();
  const results = [];
  for (const [, cases] of byPolicy) {
    const srv = await start(cases[0].policy, { corsDefaults: args.corsDefaults });
    try {
      for (const c of cases) {
        results.push({ c, ...(await send(srv.port, c.request, args.timeoutMs)) });
      }
    } finally {
      await srv.close();
    }
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);

  const failed = results.filter((r) => r.error);
  const answered = results.filter((r) => !r.error);
  const auditLines = answered.map(({ c, observed }) => JSON.stringify({
    id: c.id, mode: 'audit', policy: c.policy, request: c.request, observed,
  }));
  const name = args.corsDefaults ? 'express-defaults' : 'express';
  const auditFile = path.join(args.out, `${name}-audit.jsonl`);
  fs.writeFileSync(auditFile, auditLines.map((l) => `${l}\n`).join(''));

  const skippedTotal = [...skipped.values()].reduce((n, ids) => n + ids.length, 0);
  const out = [];
  out.push(`vectors: ${all.length} server-mode lines in ${args.vectors}`);
  out.push(`replayed: ${results.length} cases against ${byPolicy.size} app instances (Express + cors${args.corsDefaults ? ', cors defaults kept' : ''}) in ${seconds} s; ${answered.length} answered, ${failed.length} without answer`);
  out.push(`skipped: ${skippedTotal}`);
  for (const [why, ids] of [...skipped].sort((a, b) => b[1].length - a[1].length)) {
    out.push(`  ${String(ids.length).padStart(4)}  ${why}${ids.length <= 6 ? ` (${ids.join(', ')})` : ''}`);
  }
  for (const r of failed) out.push(`  no answer: ${r.c.id}: ${r.error}`);
  out.push(`audit cases: ${auditFile}`);

  const report = [];
  const audit = args.audit ? auditAvailable(args.corsproof) : { ok: false, why: '--no-audit' };
  if (audit.ok) {
    const answers = runCorsproof(args.corsproof, auditLines.map((l) => `${l}\n`).join(''));
    fs.writeFileSync(path.join(args.out, `${name}-answers.jsonl`), answers.map((a) => `${JSON.stringify(a)}\n`).join(''));
    const errors = answers.filter((a) => a.error);
    const judged = answers.filter((a) => !a.error);
    const byCode = new Map();
    for (const a of judged) {
      for (const f of a.findings) {
        const k = `${f.severity} ${f.code}`;
        if (!byCode.has(k)) byCode.set(k, []);
        byCode.get(k).push(a.id);
        report.push(`${a.id} ${f.severity} ${f.code}: ${f.detail}`);
      }
    }
    for (const a of errors) report.push(`${a.id} ${a.error.code}: ${a.error.message}`);
    out.push(`corsproof eval (audit): ${judged.length} judged, ${judged.filter((a) => a.conforms).length} conform, ${judged.filter((a) => !a.conforms).length} do not; ${errors.length} error answers`);
    out.push('findings per code (cases):');
    for (const [k, ids] of [...byCode].sort((a, b) => a[0].localeCompare(b[0]))) {
      out.push(`  ${String(ids.length).padStart(4)}  ${k}  e.g. ${ids.slice(0, 3).join(', ')}`);
    }
  } else {
    out.push(`corsproof eval has no audit mode here (${audit.why}); FALLBACK: comparing with each vector's expect`);
    let differing = 0;
    for (const { c, observed } of answered) {
      const diffs = compareWithExpect(c, observed);
      if (diffs.length) differing += 1;
      for (const d of diffs) report.push(`${c.id} ${d}`);
    }
    out.push(`  ${answered.length - differing} match expect, ${differing} differ (textual differences, not verdicts: see ${path.join(args.out, `${name}-report.txt`)})`);
  }
  fs.writeFileSync(path.join(args.out, `${name}-report.txt`), report.map((l) => `${l}\n`).join(''));
  out.push(`report: ${path.join(args.out, `${name}-report.txt`)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`replay.js: ${e.stack || e.message}\n`);
  process.exit(2);
});
