import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { type GateServer, gateToken, startGateServer } from '../../../test/gate-fixtures.ts';
import { realMetricsYaml, withoutMetric, withSensitivity } from '../../../test/glean-text.ts';
import { type Cast, cast as castOf } from '../../../test/review-fixtures.ts';
import { isMetricsYaml, systemOf } from '../src/code-review-cli.ts';

// The command from its sources (bin/signoff-gate.js runs the compiled dist/; test/built-server.test.ts runs that).
const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const exec = promisify(execFile);
const FOG = realMetricsYaml('firefox-toolkit-components-glean-metrics.yaml');
const METRICS = 'toolkit/components/glean/metrics.yaml';

let t: TestDatabase;
let server: GateServer;
let c: Cast;
let repo: string;
let intakeToken: string;
let gate: string;
let reviewer: Awaited<ReturnType<typeof person>>;

const git = (...args: string[]) => exec('git', args, { cwd: repo });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real command, spawned in the temporary checkout as a CI job runs it. */
async function signoffGate(args: string[], token: string): Promise<Run> {
  const env = { ...process.env, SIGNOFF_SERVER: server.base, SIGNOFF_TOKEN: token };
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', TSX, ENTRY, ...args], {
      env,
      cwd: repo,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  c = await castOf(t.db);
  reviewer = await person(t.db, 'cli-reviewer@example.com');
  // The token as an admin makes it: `npm run admin -- create-token --scope intake:write` (from its sources).
  const admin = await exec(
    process.execPath,
    [
      '--import',
      'tsx',
      'apps/server/src/cli/admin.ts',
      'create-token',
      '--email',
      c.admin.email,
      '--scope',
      'intake:write',
      '--name',
      'phab bot',
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' } },
  );
  intakeToken = admin.stdout.trim();
  gate = await gateToken(t.db, c.admin.email);
  server = await startGateServer(t);

  // A temporary git repository: main has the metrics.yaml without one metric; `feature` adds it back;
  // `typo` changes only a README.
  repo = await mkdtemp(join(tmpdir(), 'signoff-intake-'));
  await chmod(repo, 0o755);
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.email', 'patch-author@example.com');
  await git('config', 'user.name', 'Patch Author');
  await mkdir(join(repo, 'toolkit/components/glean'), { recursive: true });
  await writeFile(join(repo, METRICS), withoutMetric(FOG, 'failed_idle_registration'));
  await writeFile(join(repo, 'README.md'), 'hello\n');
  await git('add', '.');
  await git('commit', '-q', '-m', 'Initial');
  await git('checkout', '-q', '-b', 'feature');
  await writeFile(join(repo, METRICS), FOG);
  await git('commit', '-q', '-am', 'Bug 1694739 - Record failed idle registrations');
  await git('checkout', '-q', '-b', 'sensitive');
  await writeFile(join(repo, METRICS), withSensitivity(FOG, 'initializations', ['stored_content']));
  await git('commit', '-q', '-am', 'Bug 1662123 - initializations are stored content now');
  await git('checkout', '-q', 'main');
  await git('checkout', '-q', '-b', 'typo');
  await writeFile(join(repo, 'README.md'), 'hello, world\n');
  await git('commit', '-q', '-am', 'Fix a typo');
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
  if (repo) await rm(repo, { recursive: true, force: true });
});

describe('signoff-gate intake', () => {
  it('reads both versions of the changed metrics.yaml from git and posts them', async () => {
    expect(intakeToken).toMatch(/^sot_/);
    const r = await signoffGate(
      [
        'intake',
        '--repository',
        'mozilla-central',
        '--revision',
        'D200001',
        '--base',
        'main',
        '--head',
        'feature',
        '--reviewer',
        reviewer.email,
      ],
      intakeToken,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [head, ...lines] = r.stdout.trim().split('\n');
    expect(head).toBe(
      'D200001 needs data classification (needs-data-classification): 1 added, 0 changed, 0 removed in 1 metrics.yaml file(s); suggested level low.',
    );
    expect(lines).toEqual(['added   fog.failed_idle_registration (technical)']);
    // The head commit's subject and author were taken.
    const row = await t.db
      .selectFrom('code_revisions')
      .select(['title', 'author_email', 'system'])
      .where('revision', '=', 'D200001')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      title: 'Bug 1694739 - Record failed idle registrations',
      author_email: 'patch-author@example.com',
      system: 'phabricator',
    });
  });

  it('a change without metrics needs no classification; the same for any code-review system', async () => {
    const r = await signoffGate(
      [
        'intake',
        '--system',
        'github',
        '--repository',
        'mozilla/gecko-dev',
        '--revision',
        '17',
        '--base',
        'main',
        '--head',
        'typo',
      ],
      intakeToken,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^17 needs no data classification \(not_needed\): 0 added, 0 changed, 0 removed in 0/,
    );
  });

  it('exits 2 with one line for a token without intake:write, or a base git does not know', async () => {
    const wrong = await signoffGate(
      [
        'intake',
        '--repository',
        'mozilla-central',
        '--revision',
        'D200009',
        '--base',
        'main',
        '--head',
        'feature',
      ],
      gate,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^signoff-gate: the token may not use intake .*\(403\).*intake:write/);
    const base = await signoffGate(
      ['intake', '--repository', 'mozilla-central', '--revision', 'D200009', '--base', 'nope'],
      intakeToken,
    );
    expect(base.code).toBe(2);
    expect(base.stderr).toMatch(/^signoff-gate: git merge-base failed/);
    const missing = await signoffGate(['intake', '--revision', 'D1', '--base', 'main'], intakeToken);
    expect(missing).toMatchObject({ code: 2, stderr: 'signoff-gate: missing --repository\n' });
  });
});

describe('signoff-gate land-check', () => {
  it('exits 1 while the revision needs classification, printing each blocker with its owner', async () => {
    const r = await signoffGate(
      ['land-check', 'D200001', '--system', 'phabricator', '--repository', 'mozilla-central'],
      gate,
    );
    expect(r.code).toBe(1);
    const [head, line] = r.stdout.trim().split('\n');
    expect(head).toBe('D200001 may not land on pre_release: 1 blocker(s)');
    expect(line).toMatch(
      /^NEEDS_DATA_CLASSIFICATION D200001 .* changes data collection .*\(owner reviewer: cli-reviewer@example.com\)$/,
    );
  });

  it('exits 0 once a reviewer classified it low, and for a revision without metrics', async () => {
    await reviewer.caller.classification.assess({
      system: 'phabricator',
      repository: 'mozilla-central',
      revision: 'D200001',
      level: 'low',
      comment: 'A boolean about FOG itself: technical data.',
    });
    const low = await signoffGate(
      ['land-check', 'D200001', '--system', 'phabricator', '--repository', 'mozilla-central'],
      gate,
    );
    expect(low).toMatchObject({
      code: 0,
      stdout: 'D200001 may land on pre_release (data classification: low).\n',
    });
    const none = await signoffGate(
      ['land-check', '17', '--system', 'github', '--repository', 'mozilla/gecko-dev', '--channel', 'release'],
      gate,
    );
    expect(none).toMatchObject({
      code: 0,
      stdout: '17 may land on release (data classification: not_needed).\n',
    });
  });

  it('a high revision lists DATA_REVIEW_PENDING and its review’s own blockers; --json prints the answer', async () => {
    const intake = await signoffGate(
      [
        'intake',
        '--repository',
        'mozilla-central',
        '--revision',
        'D200002',
        '--base',
        'main',
        '--head',
        'sensitive',
        '--reviewer',
        reviewer.email,
      ],
      intakeToken,
    );
    expect(intake.stdout).toMatch(/suggested level high/);
    expect(intake.stdout).toMatch(/changed fog.initializations \(stored_content\): data_sensitivity/);
    const high = await reviewer.caller.classification.assess({
      system: 'phabricator',
      repository: 'mozilla-central',
      revision: 'D200002',
      level: 'high',
      comment: 'Stored content.',
      newReview: { productId: c.productId },
    });
    const key = high.review?.key;
    const r = await signoffGate(
      ['land-check', 'D200002', '--system', 'phabricator', '--repository', 'mozilla-central'],
      gate,
    );
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^DATA_REVIEW_PENDING .* \(owner data_steward: steward@example.com\)$/);
    expect(lines.slice(2)).toContainEqual(expect.stringMatching(new RegExp(`^  ${key} NOT_SUBMITTED `)));
    const json = await signoffGate(
      ['land-check', 'D200002', '--system', 'phabricator', '--repository', 'mozilla-central', '--json'],
      gate,
    );
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      canLand: false,
      classification: 'high',
      review: { key },
    });
  });

  it('exits 2 for a revision never taken in, a bad channel, or missing arguments', async () => {
    const unknown = await signoffGate(
      ['land-check', 'D9', '--system', 'phabricator', '--repository', 'x'],
      gate,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/revision D9 .*not found.*\(404\)/);
    const channel = await signoffGate(
      ['land-check', 'D1', '--system', 'p', '--repository', 'x', '-c', 'beta'],
      gate,
    );
    expect(channel).toMatchObject({
      code: 2,
      stderr: 'signoff-gate: --channel must be release or pre_release, not "beta"\n',
    });
    expect((await signoffGate(['land-check', 'D1', '--repository', 'x'], gate)).stderr).toBe(
      'signoff-gate: missing --system\n',
    );
  });
});

describe('helpers', () => {
  it('knows metrics.yaml files and the usual systems', () => {
    expect(isMetricsYaml('toolkit/components/glean/metrics.yaml')).toBe(true);
    expect(isMetricsYaml('toolkit/components/glean/tests/test_metrics.yaml')).toBe(true);
    expect(isMetricsYaml('toolkit/pings.yaml')).toBe(false);
    expect(isMetricsYaml('toolkit/mymetrics.yaml')).toBe(false);
    expect(systemOf('D123', undefined)).toBe('phabricator');
    expect(systemOf('42', undefined)).toBe('github');
    expect(systemOf('abc', 'gitlab')).toBe('gitlab');
    expect(() => systemOf('abc', undefined)).toThrow(/missing --system/);
  });
});
