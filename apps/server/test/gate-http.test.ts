import { BLOCKER_ORDER, canShipResultSchema } from '@signoff/core';
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
import { gateCheckOutputSchema } from '../src/gate-routes.ts';

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

const get = (path: string, bearer: string | null = token) =>
  fetch(`${server.base}/api/v1${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
const post = (path: string, body: unknown, bearer: string | null = token) =>
  fetch(`${server.base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('GET /api/v1/gate/reviews/{review}', () => {
  it('answers 200 with the SPEC 11 shape when the review may ship, by key or by id', async () => {
    const byKey = await get(`/gate/reviews/${s.ready.key}?channel=release`);
    expect(byKey.status).toBe(200);
    expect(byKey.headers.get('content-type')).toMatch(/^application\/json/);
    const body = canShipResultSchema.parse(await byKey.json());
    expect(body).toMatchObject({ reviewId: s.ready.id, channel: 'release', canShip: true, blockers: [] });
    expect(Object.keys(body).sort()).toEqual(
      ['blockers', 'canShip', 'channel', 'evaluatedAt', 'reviewId', 'revision'].sort(),
    );
    const byId = await get(`/gate/reviews/${s.signed.id}?channel=pre_release`);
    expect(byId.status).toBe(200);
    expect(await byId.json()).toMatchObject({ reviewId: s.signed.id, channel: 'pre_release', canShip: true });
  });

  it('answers 200 with canShip false and the blockers in the stable order when it may not ship', async () => {
    const res = await get(`/gate/reviews/${s.blocked.key.toLowerCase()}?channel=release`);
    expect(res.status).toBe(200);
    const body = canShipResultSchema.parse(await res.json());
    expect(body.canShip).toBe(false);
    expect(body.blockers.map((b) => `${b.code}${b.area ? `:${b.area}` : ''}`)).toEqual([
      'SIGNOFF_MISSING:privacy_technical',
      'SIGNOFF_MISSING:data',
      'SIGNOFF_MISSING:legal_trust',
      'SIGNOFF_MISSING:security',
      'ANNOUNCEMENT_MISSING',
    ]);
    const order = body.blockers.map((b) => BLOCKER_ORDER.indexOf(b.code));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const draft = await (await get(`/gate/reviews/${s.draft.key}?channel=release`)).json();
    expect(draft.blockers.map((b: { code: string }) => b.code)).toContain('NOT_SUBMITTED');
  });

  it('answers 400 naming `channel` and its allowed values when it is missing or wrong', async () => {
    for (const q of ['', '?channel=beta', '?channel=', '?chanel=release']) {
      const res = await get(`/gate/reviews/${s.ready.key}${q}`);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('VALIDATION');
      expect(body.error.message).toMatch(/^channel: /);
      expect(body.error.message).toContain('release');
      expect(body.error.message).toContain('pre_release');
      expect(body.error.issues[0].field).toBe('channel');
    }
    const badRef = await get('/gate/reviews/not-a-review?channel=release');
    expect(badRef.status).toBe(400);
    expect((await badRef.json()).error.message).toMatch(/^review: /);
  });

  it('answers 404 for an unknown review', async () => {
    for (const ref of ['DR-999999', '999999']) {
      const res = await get(`/gate/reviews/${ref}?channel=release`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('NOT_FOUND');
    }
  });

  it('answers 404 to a person who may not see a private review, as for an unknown one', async () => {
    const res = await get(`/gate/reviews/${s.hidden.key}?channel=release`, s.cast.outsider.token);
    expect(res.status).toBe(404);
    const own = await get(`/gate/reviews/${s.hidden.key}?channel=release`, s.cast.proposer.token);
    expect(own.status).toBe(200);
  });

  it('answers 401 without a valid token, and 403 for a token without gate:read', async () => {
    for (const bearer of [null, 'sot_not-a-real-token', 'garbage']) {
      const res = await get(`/gate/reviews/${s.ready.key}?channel=release`, bearer);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    }
    const other = await tokenWithScope(t.db, s.cast.admin.id, 'reports:read');
    const res = await get(`/gate/reviews/${s.ready.key}?channel=release`, other);
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/gate:read/);
    // Authentication is checked before the input, so an anonymous caller learns nothing from a 400.
    expect((await get(`/gate/reviews/${s.ready.key}?channel=beta`, null)).status).toBe(401);
  });

  it('refuses a gate:read token on anything else, and other methods with 405', async () => {
    const trpc = await fetch(`${server.base}/trpc/review.list?input=${encodeURIComponent('{}')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(trpc.status).toBe(403);
    const wrongMethod = await post(`/gate/reviews/${s.ready.key}?channel=release`, {});
    expect(wrongMethod.status).toBe(405);
  });
});

describe('POST /api/v1/gate/check', () => {
  it('answers each item in order, unknown reviews with a NOT_FOUND item', async () => {
    const res = await post('/gate/check', {
      items: [
        { review: s.ready.key, channel: 'release' },
        { review: s.blocked.id, channel: 'pre_release' },
        { review: 'DR-999999', channel: 'release' },
        { review: String(s.signed.id), channel: 'release' },
      ],
    });
    expect(res.status).toBe(200);
    const { results } = gateCheckOutputSchema.parse(await res.json());
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ reviewId: s.ready.id, canShip: true });
    expect(results[1]).toMatchObject({ reviewId: s.blocked.id, channel: 'pre_release', canShip: false });
    expect(results[2]).toMatchObject({ review: 'DR-999999', error: { code: 'NOT_FOUND' } });
    expect(results[3]).toMatchObject({ reviewId: s.signed.id, canShip: true });
  });

  it('takes 1,000 items and refuses 1,001 with a 400 naming `items`', async () => {
    const items = (n: number) =>
      Array.from({ length: n }, () => ({ review: s.ready.key, channel: 'release' }));
    const ok = await post('/gate/check', { items: items(1000) });
    expect(ok.status).toBe(200);
    expect((await ok.json()).results).toHaveLength(1000);
    const tooMany = await post('/gate/check', { items: items(1001) });
    expect(tooMany.status).toBe(400);
    const body = await tooMany.json();
    expect(body.error.message).toMatch(/^items: /);
    expect(body.error.message).toMatch(/1000/);
  });

  it('answers 400 naming the field for bad items, empty lists and bodies that are not JSON', async () => {
    const bad = await post('/gate/check', { items: [{ review: s.ready.key, channel: 'nightly' }] });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.message).toMatch(/^items\.0\.channel: /);
    expect(body.error.issues[0].field).toBe('items.0.channel');
    expect((await (await post('/gate/check', { items: [] })).json()).error.message).toMatch(/^items: /);
    expect((await (await post('/gate/check', {})).json()).error.message).toMatch(/^items: /);
    const notJson = await post('/gate/check', '{"items": [');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(/JSON/);
  });

  it('answers 401 and 403 like the single route', async () => {
    const items = [{ review: s.ready.key, channel: 'release' }];
    expect((await post('/gate/check', { items }, null)).status).toBe(401);
    const other = await tokenWithScope(t.db, s.cast.admin.id, 'reports:read');
    expect((await post('/gate/check', { items }, other)).status).toBe(403);
  });
});

describe('GET /api/v1/gate/lookup', () => {
  it('finds reviews by bug number', async () => {
    const res = await get('/gate/lookup?bug=1900777');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reviews: [{ reviewId: s.signed.id, key: s.signed.key }] });
    expect(await (await get('/gate/lookup?bug=42')).json()).toEqual({ reviews: [] });
  });

  it('hides reviews a person may not see', async () => {
    const res = await get('/gate/lookup?bug=1900888', s.cast.outsider.token);
    expect(await res.json()).toEqual({ reviews: [] });
    const own = await get('/gate/lookup?bug=1900888', s.cast.proposer.token);
    expect((await own.json()).reviews).toHaveLength(1);
  });

  it('answers 400 naming `bug`, and 401 without a token', async () => {
    for (const q of ['', '?bug=abc', '?bug=']) {
      const res = await get(`/gate/lookup${q}`);
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.message).toMatch(/^bug: /);
    }
    expect((await get('/gate/lookup?bug=1', null)).status).toBe(401);
  });
});

describe('GET /api/v1/ping', () => {
  it('answers without a token', async () => {
    const res = await get('/ping', null);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
