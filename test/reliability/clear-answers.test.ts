// Clear answers instead of internal errors (issue 12, Low): each of these once answered 500 or did the
// wrong thing quietly. The real HTTP server on port 0, with a debug logger whose lines are kept.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../apps/server/src/http-server.ts';
import { restRoutes } from '../../apps/server/src/routes.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { type GateScene, gateScene, gateToken } from '../gate-fixtures.ts';
import { completeForm } from '../review-fixtures.ts';
import { figure, trpc, writeFigures } from './harness.ts';

let t: TestDatabase;
let g: GateScene;
let gate: string;
let base: string;
let server: http.Server;
const logLines: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  g = await gateScene(t.db);
  gate = await gateToken(t.db, g.cast.admin.email);
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  server = createHttpServer({
    db: t.db,
    pool: t.pool,
    log: pino({ level: 'debug' }, sink),
    config: { CORS_ORIGINS: ['app://signoff'], SESSION_TTL_HOURS: 12 },
    restRoutes: restRoutes(),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((r) => {
    server?.close(() => r());
    server?.closeAllConnections();
  });
  await t?.drop();
  writeFigures('clear-answers');
});

const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
let checked = 0;

describe('input that once answered 500', () => {
  it('JSON nested 10,000 deep: 400 naming the limit, on mutations (sign-in included) and the REST batch', async () => {
    for (const [path, token] of [
      ['auth.signIn', null],
      ['signOff.comment', g.cast.proposer.token],
    ] as const) {
      const res = await fetch(`${base}/trpc/${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: `{"email":${deep(10_000)}}`,
      });
      checked++;
      expect(res.status, path).toBe(400);
      expect(await res.text()).toMatch(/nested more than 64 levels/);
    }
    const rest = await fetch(`${base}/api/v1/gate/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gate}` },
      body: `{"items":${deep(10_000)}}`,
    });
    checked++;
    expect(rest.status).toBe(400);
    expect(await rest.text()).toMatch(/nested more than 64 levels/);
  });

  it('malformed percent-encoding in a path: 400', async () => {
    for (const path of ['/%FF', '/api/v1/gate/reviews/%E0%A4%A', '/trpc/review.get%E0', '/api/v1/%']) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${gate}` } });
      checked++;
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/percent-encoded/);
    }
  });

  it('integers of 2^31 and above: 400 naming the field', async () => {
    const token = g.cast.proposer.token;
    const revision = await trpc(
      base,
      'review.revision',
      'query',
      { review: g.blocked.key, number: 2 ** 31 },
      token,
    );
    const diff = await trpc(
      base,
      'review.diff',
      'query',
      { review: g.blocked.key, from: 1, to: 2 ** 53 },
      token,
    );
    checked += 2;
    expect([revision.status, revision.message]).toEqual([
      400,
      'number: must be between -2147483648 and 2147483647',
    ]);
    expect([diff.status, diff.message]).toEqual([400, 'to: must be between -2147483648 and 2147483647']);
  });

  it('a lone UTF-16 surrogate, in a form field and in a title: 400 naming the field, nothing stored', async () => {
    const token = g.cast.proposer.token;
    const saved = await trpc(
      base,
      'review.saveDocumentation',
      'mutation',
      { review: g.blocked.key, baseRevision: 1, form: { ...completeForm(3), questionsAnswered: 'a\uD800b' } },
      token,
    );
    const created = await trpc(
      base,
      'review.create',
      'mutation',
      {
        productId: g.cast.productId,
        title: 'Broken \uDC00 title',
        channels: [{ channel: 'release', defaultState: 'off' }],
        visibility: 'public',
        form: { questionsAnswered: 'x' },
      },
      token,
    );
    checked += 2;
    expect([saved.status, saved.message]).toEqual([
      400,
      'form.questionsAnswered: must not contain a lone UTF-16 surrogate (it is not valid Unicode text)',
    ]);
    expect([created.status, created.message]).toEqual([
      400,
      'title: must not contain a lone UTF-16 surrogate (it is not valid Unicode text)',
    ]);
    const titles = await t.db
      .selectFrom('reviews')
      .select('title')
      .where('title', 'like', 'Broken%')
      .execute();
    expect(titles).toEqual([]);
    // A surrogate pair (an emoji) is text like any other.
    const emoji = await trpc(
      base,
      'signOff.comment',
      'mutation',
      { review: g.blocked.key, area: 'data', body: 'looks fine 👍' },
      token,
    );
    expect(emoji.status).toBe(200);
  });
});

describe('answers that carried the wrong headers or logs', () => {
  it('tRPC answers with private data say Cache-Control: no-store and keep Vary: origin', async () => {
    const res = await fetch(
      `${base}/trpc/review.get?input=${encodeURIComponent(JSON.stringify({ review: g.hidden.key }))}`,
      { headers: { authorization: `Bearer ${g.cast.proposer.token}`, origin: 'app://signoff' } },
    );
    checked++;
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('app://signoff');
  });

  it('debug logs name the path of a GET, never its input', async () => {
    const marker = 'SEARCH-TERM-THAT-MUST-NOT-BE-LOGGED';
    await trpc(base, 'review.list', 'query', { q: marker }, g.cast.proposer.token);
    checked++;
    await new Promise((r) => setTimeout(r, 50));
    const lines = logLines.filter((l) => l.includes('review.list'));
    expect(lines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(marker);
    figure(
      'hostile',
      'clear answers (deep JSON, bad encoding, big integers, surrogates, headers, logs)',
      `${checked} checked, 0 × 500`,
    );
  });
});
