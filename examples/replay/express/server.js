'use strict';
// An Express app whose CORS handling is the `cors` npm package, configured
// from a corsproof policy object (docs/protocol.md, "Policy object").
//
//   node server.js --policy policy.json [--port N] [--lifetime SECONDS] [--cors-defaults]
//
// listens on 127.0.0.1 only (port N, or an ephemeral one when N is 0 or not
// given), prints the port alone on the first stdout line, and exits after
// --lifetime seconds (default 60) or on SIGTERM/SIGINT. --cors-defaults: see
// corsOptionsFromPolicy.
//
// As a module: corsOptionsFromPolicy(policy, {corsDefaults}) and
// start(policy, {port, corsDefaults}).

const express = require('express');
const cors = require('cors');

// Fetch upper-cases these six methods (and corsproof's policy loader does
// too); every other method is case-sensitive.
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

function normalizeMethod(m) {
  return NORMALIZED_METHODS.has(m.toUpperCase()) ? m.toUpperCase() : m;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// RE2 syntax that JavaScript's RegExp does not read the same way.
const RE2_ONLY = /\(\?P<|\(\?[imsU-]+[:)]|\\[zACQEpP]|\[\[:/;

// One `allow_origins` entry as what `cors` accepts in its `origin` array: a
// string (compared with ===) or a RegExp (tested with .test()).
function originMatcher(entry) {
  if (entry.startsWith('re:')) {
    const pattern = entry.slice(3);
    if (RE2_ONLY.test(pattern)) {
      throw new Unsupported(`re: pattern uses RE2-only syntax: ${pattern}`);
    }
    try {
      // corsproof anchors re: patterns at both ends (whole-origin match);
      // cors calls .test(), which searches, so the adapter anchors them.
      return new RegExp(`^(?:${pattern})$`);
    } catch (e) {
      throw new Unsupported(`re: pattern is not a JavaScript RegExp: ${pattern}`);
    }
  }
  const wildcard = /^([a-z][a-z0-9+.-]*):\/\/\*\.([^:/]+)(?::(\d+))?$/.exec(entry);
  if (wildcard) {
    // scheme://*.suffix[:port]: one or more labels of [a-z0-9_-] before the
    // suffix, exactly that port spelling (docs/protocol-decisions.md).
    const [, scheme, suffix, port] = wildcard;
    const portPart = port === undefined ? '' : `:${port}`;
    return new RegExp(`^${escapeRegExp(scheme)}://(?:[a-z0-9_-]+\\.)+${escapeRegExp(suffix)}${escapeRegExp(portPart)}$`);
  }
  // An exact origin, or "null": cors compares strings with ===, which is
  // corsproof's byte-for-byte match.
  return entry;
}

class Unsupported extends Error {}

// A corsproof policy -> { options, unsupported }.
//   options:     the `cors` options object
//   unsupported: policy features `cors` cannot express; a case whose request
//                depends on one of them must be skipped. Currently only
//                "allow_private_network" (cors has no Private Network Access
//                support: it never sends Access-Control-Allow-Private-Network).
// Throws Unsupported when the policy as a whole cannot be expressed.
//
// With { corsDefaults: true }, allow_methods and allow_headers are passed
// only when the policy sets them, so cors' own defaults apply otherwise (as
// in an app that never set them): methods GET,HEAD,PUT,PATCH,POST,DELETE and
// Access-Control-Allow-Headers reflecting whatever the preflight asks for.
function corsOptionsFromPolicy(policy, { corsDefaults = false } = {}) {
  const origins = policy.allow_origins;
  const options = {
    origin: origins.length === 1 && origins[0] === '*' ? '*' : origins.map(originMatcher),
    // cors' default is GET,HEAD,PUT,PATCH,POST,DELETE; the policy's is GET,HEAD,POST.
    methods: (policy.allow_methods ?? ['GET', 'HEAD', 'POST']).map(normalizeMethod),
    // Given explicitly: without allowedHeaders, cors reflects whatever the
    // preflight asks for. An empty list sends no Access-Control-Allow-Headers.
    allowedHeaders: policy.allow_headers ?? [],
    exposedHeaders: policy.expose_headers ?? [],
    credentials: policy.allow_credentials === true,
    preflightContinue: false,
    optionsSuccessStatus: policy.preflight_status ?? 204,
  };
  if (corsDefaults) {
    if (policy.allow_methods === undefined) delete options.methods;
    if (policy.allow_headers === undefined) delete options.allowedHeaders;
  }
  if (policy.max_age !== undefined) options.maxAge = policy.max_age;
  const unsupported = [];
  if (policy.allow_private_network === true) unsupported.push('allow_private_network');
  return { options, unsupported };
}

function createApp(policy, translation = {}) {
  const { options } = corsOptionsFromPolicy(policy, translation);
  const app = express();
  app.use(cors(options));
  app.use((req, res) => {
    res.set('X-Request-Id', 'replay');
    res.type('text/plain').send('ok\n');
  });
  return app;
}

// Starts the app on 127.0.0.1. Resolves to { port, close() }; close() stops
// accepting, drops open connections and resolves when the server is closed.
function start(policy, { port = 0, corsDefaults = false } = {}) {
  const app = createApp(policy, { corsDefaults });
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      server.keepAliveTimeout = 1000;
      resolve({
        port: server.address().port,
        close: () => new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

function usage() {
  process.stderr.write('usage: node server.js --policy POLICY.json [--port N] [--lifetime SECONDS] [--cors-defaults]\n');
  process.exit(2);
}

async function main(argv) {
  let policyFile;
  let port = 0;
  let lifetime = 60;
  let corsDefaults = false;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--policy') policyFile = argv[++i];
    else if (a === '--port') port = Number(argv[++i]);
    else if (a === '--lifetime') lifetime = Number(argv[++i]);
    else if (a === '--cors-defaults') corsDefaults = true;
    else usage();
  }
  if (!policyFile || !Number.isInteger(port) || port < 0 || port > 65535 || !(lifetime > 0)) usage();
  const policy = JSON.parse(require('fs').readFileSync(policyFile, 'utf8'));
  const { unsupported } = corsOptionsFromPolicy(policy);
  for (const f of unsupported) process.stderr.write(`server.js: ${f} is not expressible with cors; ignored\n`);
  const srv = await start(policy, { port, corsDefaults });
  process.stdout.write(`${srv.port}\n`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setTimeout(stop, lifetime * 1000).unref();
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`server.js: ${e.message}\n`);
    process.exit(1);
  });
}

module.exports = { corsOptionsFromPolicy, createApp, start, Unsupported };
