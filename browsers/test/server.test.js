// The loopback proxy: answers written byte for byte, requests logged per route,
// plain proxied HTTP and CONNECT + TLS alike.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import { ScriptedServer, serializeAnswer, parseRequestHead, FALLBACK_PREFLIGHT } from '../lib/server.js';
import { makeCertificate } from '../lib/cert.js';

test('answers keep order, duplicates, spacing and odd bytes; framing is added only when missing', () => {
  const { bytes, close } = serializeAnswer({
    status: 204,
    headers: [['Access-Control-Allow-Origin', ' *  '], ['Access-Control-Allow-Methods', 'PUT\u000b'], ['Access-Control-Allow-Origin', 'x']],
  }, 'OPTIONS');
  assert.equal(bytes.toString('latin1'),
    'HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin:  *  \r\nAccess-Control-Allow-Methods: PUT\u000b\r\nAccess-Control-Allow-Origin: x\r\n\r\n');
  assert.equal(close, false);
  const ok = serializeAnswer({ status: 200, headers: [['X-A', '1']] }, 'GET').bytes.toString('latin1');
  assert.match(ok, /^HTTP\/1\.1 200 OK\r\nContent-Length: 0\r\nX-A: 1\r\n\r\n$/);
  const sized = serializeAnswer({ status: 200, headers: [['Content-Length', '3']] }, 'GET').bytes.toString('latin1');
  assert.ok(sized.endsWith('\r\n\r\nxxx'));
  assert.equal(serializeAnswer({ status: 199, headers: [] }, 'OPTIONS').close, true);
});

test('request heads: values trimmed of SP/TAB, names as sent', () => {
  const r = parseRequestHead('OPTIONS /__cp/c1/x HTTP/1.1\r\nOrigin:  null \r\nAccess-Control-Request-Method:\tPUT');
  assert.equal(r.method, 'OPTIONS');
  assert.equal(r.target, '/__cp/c1/x');
  assert.deepEqual(r.headers, [['Origin', 'null'], ['Access-Control-Request-Method', 'PUT']]);
});

function readAnswer(socket) {
  return new Promise((resolve, reject) => {
    let buf = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      buf += d;
      const end = buf.indexOf('\r\n\r\n');
      if (end >= 0) {
        const m = /Content-Length: (\d+)/i.exec(buf.slice(0, end));
        if (buf.length >= end + 4 + (m ? Number(m[1]) : 0)) {
          socket.removeAllListeners('data');
          resolve(buf);
        }
      }
    });
    socket.on('error', reject);
  });
}

test('proxy: routes answer preflights and actual requests, over plain HTTP and inside CONNECT tunnels', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsproof-server-test-'));
  const server = new ScriptedServer({ ...makeCertificate(dir), pageHtml: '<p>page</p>' });
  const port = await server.listen();
  try {
    const route = server.addRoute('t1', {
      preflight: { status: 204, headers: [['Access-Control-Allow-Origin', 'https://app.example']] },
      actual: { status: 200, headers: [['X-Case', 'yes'], ['X-Case', 'twice']] },
    });

    // Plain HTTP through the proxy (absolute-form request target).
    const plain = net.connect(port, '127.0.0.1');
    plain.write('GET http://api.example:8080/__cp/t1/x HTTP/1.1\r\nHost: api.example:8080\r\nOrigin: https://app.example\r\n\r\n');
    const a1 = await readAnswer(plain);
    assert.match(a1, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(a1, /X-Case: yes\r\nX-Case: twice\r\n/);
    // Same connection, kept alive: the page, then an unknown path.
    plain.write('GET http://app.example/__corsproof__/page/1 HTTP/1.1\r\nHost: app.example\r\n\r\n');
    assert.match(await readAnswer(plain), /<p>page<\/p>$/);
    plain.write('GET http://app.example/elsewhere HTTP/1.1\r\nHost: app.example\r\n\r\n');
    assert.match(await readAnswer(plain), /^HTTP\/1\.1 404 /);
    plain.destroy();

    // HTTPS: CONNECT, then TLS terminated by the proxy.
    const raw = net.connect(port, '127.0.0.1');
    raw.write('CONNECT api.example:443 HTTP/1.1\r\nHost: api.example:443\r\n\r\n');
    assert.match(await readAnswer(raw), /^HTTP\/1\.1 200 /);
    const secure = tls.connect({ socket: raw, servername: 'api.example', rejectUnauthorized: false });
    await new Promise((resolve) => secure.once('secureConnect', resolve));
    secure.write('OPTIONS /__cp/t1/x HTTP/1.1\r\nHost: api.example\r\nOrigin: https://app.example\r\n' +
      'Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: x-a\r\n\r\n');
    const a2 = await readAnswer(secure);
    assert.match(a2, /^HTTP\/1\.1 204 No Content\r\nAccess-Control-Allow-Origin: https:\/\/app\.example\r\n\r\n$/);
    secure.destroy();

    assert.deepEqual(route.log.map((r) => [r.method, r.preflight, r.url]), [
      ['GET', false, 'http://api.example:8080/__cp/t1/x'],
      ['OPTIONS', true, 'https://api.example/__cp/t1/x'],
    ]);
    assert.deepEqual(server.unrouted, [{ method: 'GET', url: 'http://app.example/elsewhere' }]);

    // A route without a scripted preflight answers the documented fallback.
    server.addRoute('t2', { actual: { status: 200, headers: [] } });
    const again = net.connect(port, '127.0.0.1');
    again.write('OPTIONS http://api.example/__cp/t2/ HTTP/1.1\r\nHost: api.example\r\nAccess-Control-Request-Method: PUT\r\n\r\n');
    assert.match(await readAnswer(again), new RegExp(`^HTTP/1\\.1 ${FALLBACK_PREFLIGHT.status} `));
    again.destroy();
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
