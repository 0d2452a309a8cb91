import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import {
  type GateScene,
  type GateServer,
  gateScene,
  gateToken,
  startGateServer,
  tokenWithScope,
} from '../../../test/gate-fixtures.ts';
import { blockerLine, runGateCli } from '../src/gate-cli.ts';

// The command's entry from its sources (bin/signoff-gate.js runs the compiled dist/; test/built-server.test.ts runs that).
const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const exec = promisify(execFile);

let t: TestDatabase;
let server: GateServer;
let s: GateScene;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase();
  s = await gateScene(t.db);
  token = await gateToken(t.db, s.cast.admin.email);
  server = await startGateServer(t);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real command, as a CI job would. */
async function gate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env, SIGNOFF_SERVER: server.base, SIGNOFF_TOKEN: token, ...env };
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
      env: base,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const oneLine = (r: Run) => {
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^signoff-gate: /);
};

describe('signoff-gate check', () => {
  it('exits 0 when the review may ship', async () => {
    const r = await gate(['check', s.ready.key, '--channel', 'release']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`${s.ready.key} may ship on release (revision 1).\n`);
  });

  it('exits 1 when blocked, one blocker per line: CODE [area] message', async () => {
    const r = await gate(['check', String(s.blocked.id), '--channel', 'pre_release']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const [head, ...lines] = r.stdout.trim().split('\n');
    expect(head).toBe(`${s.blocked.key} may not ship on pre_release (revision 1): 5 blocker(s)`);
    expect(lines).toEqual([
      ...['privacy_technical', 'data', 'legal_trust', 'security'].map((area) =>
        expect.stringMatching(
          new RegExp(
            `^SIGNOFF_MISSING \\[${area}\\] .+ has not signed off\\. \\(facilitator of ${area}: record sign off\\)$`,
          ),
        ),
      ),
      expect.stringMatching(/^ANNOUNCEMENT_MISSING [^[]/),
    ]);
  });

  it('--json prints the API answer, with the same exit status', async () => {
    const ok = await gate(['check', s.signed.key, '--channel', 'release', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ reviewId: s.signed.id, canShip: true, blockers: [] });
    const blocked = await gate(['check', s.draft.key, '--channel', 'release', '--json']);
    expect(blocked.code).toBe(1);
    const body = JSON.parse(blocked.stdout);
    expect(body.canShip).toBe(false);
    expect(body.blockers.map((b: { code: string }) => b.code)).toContain('NOT_SUBMITTED');
  });

  it('takes --server and --token over the environment', async () => {
    const r = await gate(
      ['check', s.ready.key, '--channel', 'release', '--server', server.base, '-t', token],
      {
        SIGNOFF_SERVER: 'http://127.0.0.1:2',
        SIGNOFF_TOKEN: 'sot_wrong',
      },
    );
    expect(r.code).toBe(0);
  });

  it('exits 2 with one line on stderr for an unknown review', async () => {
    const r = await gate(['check', 'DR-999999', '--channel', 'release']);
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.stderr).toMatch(/DR-999999 not found/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a bad token, a token without gate:read, or none', async () => {
    const bad = await gate(['check', s.ready.key, '--channel', 'release'], { SIGNOFF_TOKEN: 'sot_bogus' });
    expect(bad.code).toBe(2);
    oneLine(bad);
    expect(bad.stderr).toMatch(/refused the token \(401\)/);
    const other = await tokenWithScope(t.db, s.cast.admin.id, 'reports:read');
    const scoped = await gate(['check', s.ready.key, '--channel', 'release'], { SIGNOFF_TOKEN: other });
    expect(scoped.code).toBe(2);
    expect(scoped.stderr).toMatch(/403.*gate:read/);
    const none = await gate(['check', s.ready.key, '--channel', 'release'], { SIGNOFF_TOKEN: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no token/);
  });

  it('exits 2 when the server cannot be reached', async () => {
    const port = await closedPort();
    const r = await gate([
      'check',
      s.ready.key,
      '--channel',
      'release',
      '--server',
      `http://127.0.0.1:${port}`,
    ]);
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('exits 2 on bad arguments, naming what is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [['check', s.ready.key], /missing --channel \(release or pre_release\)/],
      [['check', s.ready.key, '--channel', 'beta'], /--channel must be release or pre_release, not "beta"/],
      [['check', '--channel', 'release'], /missing <review>/],
      [['ship', s.ready.key], /unknown command "ship"/],
      [[], /missing command/],
      [['check', s.ready.key, '--channel', 'release', '--bogus'], /bogus/],
      [['check', s.ready.key, '--channel', 'release', '--server', 'ftp://x'], /--server must be an http/],
      [['check', 'nonsense!', '--channel', 'release'], /refused the request \(400\): review: /],
    ];
    const runs = await Promise.all(cases.map(([args]) => gate(args)));
    for (const [i, [args, reason]] of cases.entries()) {
      const r = runs[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r);
      expect(r.stderr, args.join(' ')).toMatch(reason);
    }
  }, 120_000);

  it('prints usage with --help and exits 0', async () => {
    const r = await gate(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: signoff-gate check <review> --channel/);
  });
});

describe('signoff-gate lookup', () => {
  it('prints the keys of the reviews naming a bug', async () => {
    const r = await gate(['lookup', '1900777']);
    expect(r).toMatchObject({ code: 0, stdout: `${s.signed.key}\n` });
  });
});

describe('how it is installed', () => {
  it('runs as `npm run gate --` (which builds it first) and `npx signoff-gate` from the root', async () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      SIGNOFF_SERVER: server.base,
      SIGNOFF_TOKEN: token,
    };
    delete env.NODE_OPTIONS; // the compiled command, on plain node
    const npm = await exec('npm', ['run', '-s', 'gate', '--', 'check', s.ready.key, '-c', 'release'], {
      cwd: ROOT,
      env,
    });
    expect(npm.stdout).toMatch(/may ship on release/);
    const npx = await exec('npx', ['--no-install', 'signoff-gate', 'check', s.ready.key, '-c', 'release'], {
      cwd: ROOT,
      env,
    });
    expect(npx.stdout).toMatch(/may ship on release/);
    const blocked = await exec('npm', ['run', '-s', 'gate', '--', 'check', s.blocked.key, '-c', 'release'], {
      cwd: ROOT,
      env,
    }).catch((e) => e);
    expect(blocked.code).toBe(1);
  }, 600_000);
});

describe('runGateCli in process', () => {
  it('treats an answer that is not the gate shape as an error', async () => {
    const lines: string[] = [];
    const code = await runGateCli(['check', 'DR-1', '-c', 'release'], {
      env: { SIGNOFF_TOKEN: 'sot_x' },
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      fetch: async () => new Response(JSON.stringify({ hello: 'world' }), { status: 200 }),
    });
    expect(code).toBe(2);
    expect(lines).toEqual([expect.stringMatching(/does not recognise/)]);
  });

  it('formats a blocker without an area without brackets', () => {
    expect(
      blockerLine({ code: 'WITHDRAWN', message: 'DR-1 was withdrawn.', owner: null, action: null }),
    ).toBe('WITHDRAWN DR-1 was withdrawn.');
  });

  it('says who clears a blocker and how', () => {
    expect(
      blockerLine({
        code: 'SIGNOFF_MISSING',
        message: 'Security has not signed off.',
        area: 'security',
        owner: { role: 'facilitator', area: 'security' },
        action: 'record_sign_off',
      }),
    ).toBe(
      'SIGNOFF_MISSING [security] Security has not signed off. (facilitator of security: record sign off)',
    );
  });
});

/** A port nothing listens on: bound, then released. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
