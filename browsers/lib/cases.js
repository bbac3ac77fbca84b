// Reading browser-mode cases from JSON Lines files.

import fs from 'node:fs';
import path from 'node:path';

import { kindOf } from './chain.js';

function listJsonl(p) {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  return fs.readdirSync(p, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const full = path.join(p, e.name);
      if (e.isDirectory()) return listJsonl(full);
      return e.name.endsWith('.jsonl') ? [full] : [];
    });
}

/**
 * Every line of the JSON Lines files under `roots` whose kind (chain.js
 * kindOf: `v1`, a one-exchange browser case; `chain`, mode browser with
 * `hops` or `request.redirect`; `session`, mode browser-session) is one of
 * `kinds`. Returns [{source, id, case, kind}], source being "file:line"
 * relative to `base`.
 */
export function loadBrowserCases(roots, base = process.cwd(), kinds = ['v1']) {
  const out = [];
  for (const root of roots) {
    for (const file of listJsonl(root)) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        let c;
        try {
          c = JSON.parse(line);
        } catch {
          return;
        }
        if (c === null || typeof c !== 'object' || Array.isArray(c) || !kinds.includes(kindOf(c))) return;
        const source = `${path.relative(base, file)}:${i + 1}`;
        out.push({ source, id: typeof c.id === 'string' ? c.id : source, case: c, kind: kindOf(c) });
      });
    }
  }
  return out;
}
