import { execFile } from 'node:child_process';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { createHttpServer } from '../src/http-server.ts';

const run = promisify(execFile);

describe('the HTTP server', () => {
  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    server = createHttpServer({
      db: t.db,
      pool: t.pool,
      log: pino({ level: 'silent' }),
      config: { CORS_ORIGINS: ['http://allowed.example'], SESSION_TTL_HOURS: 12 },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await t.drop();
  });

  it('answers /healthz and /readyz with security headers and a request id', async () => {
    const h = await fetch(`${base}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ ok: true });
    expect(h.headers.get('x-content-type-options')).toBe('nosniff');
    expect(h.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const r = await fetch(`${base}/readyz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe('abc-123');
  });

  it('reports 503 on /readyz while migrations are pending', async () => {
    const empty = await createTestDatabase({ migrated: false });
    const s = createHttpServer({
      db: empty.db,
      pool: empty.pool,
      log: pino({ level: 'silent' }),
      config: { CORS_ORIGINS: [], SESSION_TTL_HOURS: 1 },
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).reason).toBe('migrations pending');
    } finally {
      await new Promise((r) => s.close(r));
      await empty.drop();
    }
  });

  it('serves tRPC with bearer tokens, and names the field on bad input', async () => {
    const p = await person(t.db, 'http@example.com');
    const me = await fetch(`${base}/trpc/auth.me`, { headers: { authorization: `Bearer ${p.token}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).result.data.email).toBe('http@example.com');
    const anon = await fetch(`${base}/trpc/auth.me`);
    expect(anon.status).toBe(401);
    const bad = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nope', password: 'x' }),
    });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.message).toMatch(/^email: /);
    expect(body.error.data.issues[0]).toMatchObject({ field: 'email' });
  });

  it('allows cross-origin requests only from configured origins', async () => {
    const ok = await fetch(`${base}/healthz`, { headers: { origin: 'http://allowed.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
    const other = await fetch(`${base}/healthz`, { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${base}/trpc/auth.me`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example' },
    });
    expect(preflight.status).toBe(403);
  });

  it('answers unknown routes with 404 JSON', async () => {
    const res = await fetch(`${base}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
  });

  it('the admin command creates a person and a gate token that authenticates', async () => {
    const env = { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' };
    const tsx = `${PROJECT_ROOT}node_modules/.bin/tsx`;
    const admin = `${PROJECT_ROOT}apps/server/src/cli/admin.ts`;
    await run(
      tsx,
      [
        admin,
        'create-user',
        '--email',
        'cli@example.com',
        '--name',
        'Cli',
        '--password',
        'cli-password-1',
        '--role',
        'steward',
        '--area',
        'data',
      ],
      { env },
    );
    const { stdout } = await run(
      tsx,
      [admin, 'create-token', '--email', 'cli@example.com', '--scope', 'gate:read'],
      { env },
    );
    const token = stdout.trim();
    expect(token).toMatch(/^sot_/);
    const { resolvePrincipal } = await import('@signoff/api');
    const principal = await resolvePrincipal(t.db, `Bearer ${token}`, new Date());
    expect(principal).toMatchObject({ kind: 'token', scopes: ['gate:read'] });
    const bad = await run(tsx, [admin, 'create-user', '--email', 'x', '--name', 'X', '--password', 'pw'], {
      env,
    }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/email: /);
  }, 60_000);
});
