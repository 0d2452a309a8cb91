import { readFileSync } from 'node:fs';
import { BLOCKER_CODES, BLOCKER_ORDER } from '@signoff/core';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const scripts = Object.keys(
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts,
);

describe('the README stays true to the code', () => {
  it('lists every blocker code, in the order the gate reports them, with its description', () => {
    const section = readme.slice(readme.indexOf('### Blocker codes'), readme.indexOf('### Benchmark'));
    const table = [...section.matchAll(/^\| `([A-Z_]+)` +\| (.+?) +\|$/gm)].map((m) => [m[1], m[2]]);
    expect(table.map(([code]) => code)).toEqual(BLOCKER_ORDER);
    for (const [code, text] of table) expect(text).toBe(BLOCKER_CODES[code as keyof typeof BLOCKER_CODES]);
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    for (const name of named) expect(scripts, `npm run ${name}`).toContain(name);
  });
});
