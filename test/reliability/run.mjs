// `npm run test:reliability`: runs the reliability suite, then prints its figures as one table and the
// closing line CI reads ("N passed, N failed").
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const dir = '.test-results/reliability';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const out = `${dir}/vitest.json`;
const run = spawnSync(
  'npx',
  ['vitest', 'run', 'test/reliability', '--reporter=default', '--reporter=json', `--outputFile=${out}`],
  { stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed =
    r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
} catch {
  failed = 1;
}
const figures = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'vitest.json' && !f.includes('observed'))
  .flatMap((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')));
const order = ['load', 'faults', 'hostile', 'security'];
figures.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
const rows = figures.map((f) => [f.section, f.name, String(f.value), f.ok ? 'ok' : 'KNOWN BUG']);
const head = ['area', 'figure', 'value', ''];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
console.log('\nReliability and security figures');
console.log(line(head));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const code = run.status ?? 1;
if (code !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(code);
