// Runs every workspace's tests in one vitest run (one PostgreSQL for the run) and ends with
// the plain line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

// Static checks first; each counts as one test in the closing line.
const checks = [
  ['typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['lint', ['biome', 'ci', '.']],
];
let checksPassed = 0;
let checksFailed = 0;
for (const [name, args] of checks) {
  const r = spawnSync('npx', args, { stdio: 'inherit' });
  if (r.status === 0) checksPassed++;
  else {
    checksFailed++;
    console.error(`check failed: ${name}`);
  }
}

const out = '.test-results/vitest.json';
mkdirSync('.test-results', { recursive: true });
rmSync(out, { force: true });
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed =
    r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
} catch {
  failed = Math.max(1, failed);
}
let code = run.status ?? 1;
if (code !== 0 && failed === 0) failed = 1; // a run that failed outside any test still counts as failed
if (failed > 0) code = code || 1; // and a run with a failed test never exits 0 (a full run on 2 failures did)
if (checksFailed > 0) code = code || 1;
console.log(`${passed + checksPassed} passed, ${failed + checksFailed} failed`);
process.exit(code);
