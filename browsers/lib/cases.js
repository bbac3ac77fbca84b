// Reading browser-mode cases from JSON Lines files.

import fs from 'node:fs';
import path from 'node:path';

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
 * Every line of the JSON Lines files under `roots` that is an object with
 * "mode": "browser" (v1: no `hops`). Returns [{source, id, case}], source
 * being "file:line" relative to `base`.
 */
export function loadBrowserCases(roots, base = process.cwd()) {
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
        if (c === null || typeof c !== 'object' || Array.isArray(c) || c.mode !== 'browser' || c.hops !== undefined) return;
        const source = `${path.relative(base, file)}:${i + 1}`;
        out.push({ source, id: typeof c.id === 'string' ? c.id : source, case: c });
      });
    }
  }
  return out;
}
