// The preflight of BM_ServerPreflight_Exact/16 (bench/bench_server.cpp)
// through the npm `cors` package (Express's CORS middleware), called
// directly with a request and a response object that keep only what it
// reads and writes: the same 16 exact origins, methods, headers,
// credentials and max-age, the request's origin the ninth (app8). Prints one
// JSON object: nanoseconds of CPU time per preflight over a timed loop of at
// least --seconds (default 1), after a warm-up.
//
// `cors` comes from peers/node (its committed package-lock.json;
// `bash peers/install.sh node` installs it).
'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');

const peerRequire = createRequire(path.join(__dirname, '..', '..', '..', 'peers', 'node', 'package.json'));
const cors = peerRequire('cors');
const corsVersion = peerRequire('cors/package.json').version;

let seconds = 1;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--seconds' && i + 1 < process.argv.length) seconds = Number(process.argv[++i]);
  else {
    console.error(`usage: node bench.js [--seconds S]`);
    process.exit(2);
  }
}
if (!(seconds > 0)) {
  console.error('--seconds must be a positive number');
  process.exit(2);
}

const origins = [];
for (let i = 0; i < 16; i++) origins.push(`https://app${i}.example.com`);
const middleware = cors({
  origin: origins,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['content-type', 'x-api-key'],
  exposedHeaders: ['x-request-id'],
  credentials: true,
  maxAge: 600,
});

const req = {
  method: 'OPTIONS',
  url: '/v1/items/42',
  headers: {
    origin: 'https://app8.example.com',
    'access-control-request-method': 'PUT',
    'access-control-request-headers': 'content-type,x-api-key',
  },
};
// A response object reused from one preflight to the next (its headers
// emptied), as corsproof writes into a buffer the caller owns.
const res = {
  statusCode: 200,
  headers: new Map(),
  setHeader(name, value) { this.headers.set(name.toLowerCase(), value); },
  getHeader(name) { return this.headers.get(name.toLowerCase()); },
  end() {},
};
const next = () => { throw new Error('cors passed the preflight on instead of answering it'); };

function once() {
  res.headers.clear();
  res.statusCode = 200;
  middleware(req, res, next);
}

// The answer must be the allowed preflight corsproof's row measures.
once();
const h = res.headers;
if (h.get('access-control-allow-origin') !== 'https://app8.example.com' ||
    h.get('access-control-allow-credentials') !== 'true' ||
    !String(h.get('access-control-allow-methods')).includes('PUT') ||
    !String(h.get('access-control-allow-headers')).includes('x-api-key') ||
    String(h.get('access-control-max-age')) !== '600') {
  console.error(`cors did not allow the preflight: ${JSON.stringify([...h])}`);
  process.exit(1);
}

for (let i = 0; i < 200000; i++) once();  // warm-up: let V8 optimise
let iterations = 0;
const batch = 100000;
const start = process.cpuUsage();
const wallStart = process.hrtime.bigint();
let cpuMicros = 0;
do {
  for (let i = 0; i < batch; i++) once();
  iterations += batch;
  const used = process.cpuUsage(start);
  cpuMicros = used.user + used.system;
} while (cpuMicros < seconds * 1e6);
const wallNs = Number(process.hrtime.bigint() - wallStart);
console.log(JSON.stringify({
  peer: `cors ${corsVersion} (Node.js ${process.versions.node})`,
  ns_per_op: (cpuMicros * 1000) / iterations,
  wall_ns_per_op: wallNs / iterations,
  iterations,
}));
