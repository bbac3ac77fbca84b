// corsproof's answers: one `corsproof eval` process per batch of cases,
// cases on standard input (ids replaced by their index so that cases from
// different files never collide), answers read back in order.

import { spawn } from 'node:child_process';

export function evalCases(bin, cases) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['eval'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) {
        reject(new Error(`${bin} eval exited ${code}: ${Buffer.concat(err).toString()}`));
        return;
      }
      const lines = Buffer.concat(out).toString('utf8').split('\n').filter((l) => l.trim() !== '');
      if (lines.length !== cases.length) {
        reject(new Error(`${bin} eval answered ${lines.length} of ${cases.length} cases`));
        return;
      }
      resolve(lines.map((l) => JSON.parse(l)));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(cases.map((c, i) => JSON.stringify({ ...c, id: String(i) }) + '\n').join(''));
  });
}
