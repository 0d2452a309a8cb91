import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;

// The compiled output must run on plain Node: no TypeScript loader, no "source" export condition.
const plainEnv = (extra: Record<string, string>) => {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
};

/** turbo builds each workspace (the server and the gate CLI and what they depend on); returns turbo's summary. */
const build = async () =>
  (
    await run(
      'npx',
      ['turbo', 'run', 'build', '--filter=@signoff/server...', '--filter=@signoff/gate-cli...'],
      { cwd: ROOT, env: plainEnv({ TURBO_TELEMETRY_DISABLED: '1' }), maxBuffer: 10_000_000 },
    )
  ).stdout;

describe('the built server', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('turbo builds every workspace once; an unchanged workspace is not built again', async () => {
    await build();
    const again = await build();
    expect(again).toMatch(/Cached:\s+(\d+) cached, \1 total/);
  }, 600_000);

  it('serves from dist/ with plain node, and the command line tools run compiled too', async () => {
    const child = spawn(process.execPath, ['apps/server/dist/main.js'], {
      cwd: ROOT,
      env: plainEnv({ DATABASE_URL: t.url, PORT: '0', LOG_LEVEL: 'warn', MAIL_WORKER: 'off' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          output += c.toString();
          const m = /running at (http:\/\/\S+)/.exec(output);
          if (m) resolve(m[1]!);
        });
        child.stderr.on('data', (c: Buffer) => {
          output += c.toString();
        });
        child.once('exit', (code) => reject(new Error(`the built server exited (${code}):\n${output}`)));
      });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true });
      const me = await fetch(`${url}/trpc/auth.me`);
      expect(me.status).toBe(401);
      const gate = await fetch(`${url}/api/v1/gate/reviews/DR-1?channel=release`);
      expect(gate.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    const env = plainEnv({ DATABASE_URL: t.url, LOG_LEVEL: 'silent' });
    const people = await run(process.execPath, ['apps/server/dist/cli/admin.js', 'list-people'], {
      cwd: ROOT,
      env,
    });
    expect(people.stdout).toMatch(/admin@signoff\.local/);
    const verified = await run(process.execPath, ['apps/server/dist/cli/audit-verify.js'], {
      cwd: ROOT,
      env,
    });
    expect(verified.stdout).toMatch(/^audit chains verified/);
    const gateCli = await run(process.execPath, ['apps/gate-cli/bin/signoff-gate.js', '--help'], {
      cwd: ROOT,
      env,
    });
    expect(gateCli.stdout).toMatch(/^usage: signoff-gate check/);
  }, 120_000);
});
