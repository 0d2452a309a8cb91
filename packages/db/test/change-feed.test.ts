import type { Principal } from '@signoff/api';
import { createCaller, createContextInner, resolvePrincipal } from '@signoff/api';
import { ChangeFeedCache, createDb, enqueueMail, recordMailSent } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCaller } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { type Cast, cast, type Person, reviewed } from '../../../test/review-fixtures.ts';

const quiet = { warn: () => undefined, info: () => undefined };
let t: TestDatabase;
let c: Cast;
let cache: ChangeFeedCache<Principal>;
beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
  cache = new ChangeFeedCache<Principal>(t.url, quiet, { db: t.db });
  await cache.start();
});
afterAll(async () => {
  await cache.stop();
  await t.drop();
});

/** A database handle whose every query fails (nothing listens on port 1): proves an answer came from memory. */
const deadDb = async () => createDb('postgres://nobody:none@127.0.0.1:1/none', { error: () => undefined }).db;

describe('the change-notified cache', () => {
  it('serves facts from memory until a committed change to the review evicts them', async () => {
    expect(cache.listening).toBe(true);
    const r = await reviewed(c, 3);
    // Once the notifications of its creation are in, a hit does not touch the database.
    await vi.waitFor(async () => {
      const first = (await cache.reviewFacts(t.db, [r.id])).get(r.id);
      expect(first?.signOffs).toEqual([]);
      expect((await cache.reviewFacts(await deadDb(), [r.id])).get(r.id)).toBe(first);
    });
    await c.facilitators.data.caller.signOff.record({
      review: r.key,
      area: 'data',
      risk: 'low',
      decision: 'approved',
      rationale: 'ok',
    });
    await vi.waitFor(async () =>
      expect((await cache.reviewFacts(t.db, [r.id])).get(r.id)?.signOffs).toHaveLength(1),
    );
  });

  it('is evicted by writes that bypass the API too (the triggers are in the database)', async () => {
    const r = await reviewed(c, 2);
    expect((await cache.reviewFacts(t.db, [r.id])).get(r.id)?.status).toBe('approved');
    await t.pool.query(`UPDATE reviews SET status = 'withdrawn' WHERE id = $1`, [r.id]);
    await vi.waitFor(async () =>
      expect((await cache.reviewFacts(t.db, [r.id])).get(r.id)?.status).toBe('withdrawn'),
    );
  });

  it('sees an announcement delivered by the mail worker', async () => {
    const r = await reviewed(c, 3);
    await c.proposer.caller.announcement.send({ review: r.key });
    expect((await cache.reviewFacts(t.db, [r.id])).get(r.id)?.announcement.state).toBe('queued');
    const mail = await t.db
      .selectFrom('announcements')
      .select('mail_id')
      .where('review_id', '=', r.id)
      .executeTakeFirstOrThrow();
    await t.pool.query(`UPDATE outbox SET state = 'sending', attempts = 1 WHERE id = $1`, [mail.mail_id]);
    await recordMailSent(t.db, { mailId: mail.mail_id!, attempt: 1, response: '250 ok' });
    await vi.waitFor(async () =>
      expect((await cache.reviewFacts(t.db, [r.id])).get(r.id)?.announcement.state).toBe('sent'),
    );
    expect(enqueueMail).toBeTypeOf('function');
  });

  it('forgets principals when a token is revoked', async () => {
    const sys = systemCaller(t.db);
    const { id, token } = await sys.admin.createToken({ email: c.outsider.email, scopes: ['gate:read'] });
    await vi.waitFor(async () => {
      expect(await resolvePrincipal(t.db, `Bearer ${token}`, new Date(), cache)).toMatchObject({
        kind: 'token',
      });
      expect(await resolvePrincipal(await deadDb(), `Bearer ${token}`, new Date(), cache)).toMatchObject({
        kind: 'token',
      });
    });
    await sys.admin.revokeToken({ id });
    await vi.waitFor(async () =>
      expect(await resolvePrincipal(t.db, `Bearer ${token}`, new Date(), cache)).toBeNull(),
    );
  });

  it('loads every review at start when told to warm, then answers all of them from memory', async () => {
    const r = await reviewed(c, 3);
    const warming = new ChangeFeedCache<Principal>(t.url, quiet, { db: t.db, warm: true, warmBatch: 2 });
    try {
      await warming.start();
      await vi.waitFor(() => expect(warming.status().warm).toBe(true));
      const ids = (await t.db.selectFrom('reviews').select('id').execute()).map((x) => x.id);
      expect(ids.length).toBeGreaterThan(2);
      expect(warming.status()).toMatchObject({
        listening: true,
        reviews: ids.length,
        warm: true,
        stale: false,
        reason: null,
      });
      const fromMemory = await warming.reviewFacts(await deadDb(), ids);
      expect([...fromMemory.keys()].sort()).toEqual([...ids].sort());
      expect(fromMemory.get(r.id)?.status).toBe('sensitive_review');
      // A change still evicts a warmed review.
      await t.pool.query(`UPDATE reviews SET status = 'withdrawn' WHERE id = $1`, [r.id]);
      await vi.waitFor(() => expect(warming.status().reviews).toBe(ids.length - 1));
      expect((await warming.reviewFacts(t.db, [r.id])).get(r.id)?.status).toBe('withdrawn');
    } finally {
      await warming.stop();
    }
    expect(warming.status()).toMatchObject({ listening: false, reviews: 0, warm: false, stale: true });
  });

  it('stays listening past its staleness bound while its heartbeats come back', async () => {
    const beating = new ChangeFeedCache<Principal>(t.url, quiet, { db: t.db, maxStalenessMs: 500 });
    try {
      await beating.start();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(beating.status()).toMatchObject({ listening: true, stale: false, maxStalenessMs: 500 });
      expect(beating.status().heartbeatAgeMs).toBeLessThanOrEqual(500);
    } finally {
      await beating.stop();
    }
  });

  it('goes dark when its heartbeats do not come back within the bound, and reads the database', async () => {
    // Heartbeats sent into another database never reach this LISTEN connection: a broken path.
    const other = await createTestDatabase();
    const deaf = new ChangeFeedCache<Principal>(t.url, quiet, { db: other.db, maxStalenessMs: 500 });
    // The review is made first: on a loaded machine making it can take longer than the 500 ms bound.
    const r = await reviewed(c, 2);
    try {
      await deaf.start();
      expect(deaf.listening).toBe(true);
      await deaf.reviewFacts(t.db, [r.id]);
      await vi.waitFor(() => expect(deaf.status()).toMatchObject({ listening: false, stale: true }), {
        timeout: 5_000,
      });
      expect(deaf.status().reason).toMatch(/heartbeat|LISTEN|connection/);
      // Nothing is answered from memory: a dead database handle fails.
      await expect(deaf.reviewFacts(await deadDb(), [r.id])).rejects.toThrow();
    } finally {
      await deaf.stop();
      await other.drop();
    }
  });

  it('keeps at most maxFacts reviews', async () => {
    const small = new ChangeFeedCache<Principal>(t.url, quiet, { db: t.db, warm: true, maxFacts: 2 });
    try {
      await small.start();
      await vi.waitFor(() => expect(small.status().warm).toBe(true));
      expect(small.status().reviews).toBe(2);
      const ids = (await t.db.selectFrom('reviews').select('id').execute()).map((x) => x.id);
      expect((await small.reviewFacts(t.db, ids)).size).toBe(ids.length);
      expect(small.status().reviews).toBe(2);
    } finally {
      await small.stop();
    }
  });

  it('keeps a list answer until a table lists read changes, or who people are', async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.list('k', load)).toBe(1);
    expect(await cache.list('k', load)).toBe(1);
    const r = await reviewed(c, 2);
    await vi.waitFor(async () => expect(await cache.list('k', load)).toBeGreaterThan(1));
    const after = loads;
    expect(await cache.list('k', load)).toBe(after);
    // A product renamed behind the API's back: product names are in every list row.
    await t.pool.query(`UPDATE products SET name = name || ' (renamed)' WHERE id = $1`, [c.productId]);
    await vi.waitFor(async () => expect(await cache.list('k', load)).toBeGreaterThan(after));
    const before = loads;
    await systemCaller(t.db).admin.createUser({
      email: 'newcomer@example.com',
      displayName: 'Newcomer',
      password: 'a long enough password',
      roles: [],
      areas: ['data'],
    });
    await vi.waitFor(async () => expect(await cache.list('k', load)).toBeGreaterThan(before));
    expect(r.key).toMatch(/^DR-/);
  });

  it("serves a cached inbox, and a caller's own write empties it at once", async () => {
    const viaCache = async (who: Person, db = t.db) =>
      createCaller(
        createContextInner({
          db,
          principal: await resolvePrincipal(t.db, `Bearer ${who.token}`, new Date()),
          cache,
        }),
      );
    const privacy = await viaCache(c.facilitators.privacy_technical);
    const privacyNoDatabase = await viaCache(c.facilitators.privacy_technical, await deadDb());
    const r = await reviewed(c, 3);
    await vi.waitFor(async () =>
      expect((await privacy.review.list({ needsMyAction: true })).items.map((i) => i.key)).toContain(r.key),
    );
    const cached = await privacy.review.list({ needsMyAction: true });
    expect(await privacyNoDatabase.review.list({ needsMyAction: true })).toEqual(cached);
    await privacy.signOff.record({
      review: r.key,
      area: 'privacy_technical',
      risk: 'low',
      decision: 'approved',
      rationale: 'Low risk.',
    });
    // No waiting for the notification: the write told this process's cache when it committed.
    expect((await privacy.review.list({ needsMyAction: true })).items.map((i) => i.key)).not.toContain(r.key);
  });

  it('shares one load among callers that miss together, but not across a change', async () => {
    let loads = 0;
    let release = () => undefined as void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const load = async () => {
      const n = ++loads;
      await gate;
      return n;
    };
    const together = [cache.list('flight', load), cache.list('flight', load), cache.list('flight', load)];
    // A write committed by this process in the meantime: a caller after it must not get the older load.
    cache.committed([], false);
    const after = cache.list('flight', load);
    release();
    expect(await Promise.all(together)).toEqual([1, 1, 1]);
    expect(await after).toBe(2);
    expect(loads).toBe(2);
  });

  it('keeps landing answers apart from lists: 2,000 lists at most, many more landing answers', async () => {
    let loads = 0;
    const load = async () => ++loads;
    for (let i = 0; i < 2_500; i++) {
      await cache.list(`bucket-list-${i}`, load);
      await cache.list(`bucket-land-${i}`, load, Number.POSITIVE_INFINITY, 'landing');
    }
    expect(loads).toBe(5_000);
    // The oldest list answers went; every landing answer stayed.
    await cache.list('bucket-list-0', load);
    expect(loads).toBe(5_001);
    await cache.list('bucket-land-0', load, Number.POSITIVE_INFINITY, 'landing');
    expect(loads).toBe(5_001);
  });

  it('keeps a time-dependent list answer at most its ttl', async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.list('ttl', load, 50)).toBe(1);
    expect(await cache.list('ttl', load, 50)).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(await cache.list('ttl', load, 50)).toBe(2);
  });

  it('keeps the desktop inbox until a table it reads changes, escalations and mail included', async () => {
    const principal = await resolvePrincipal(t.db, `Bearer ${c.facilitators.data.token}`, new Date());
    const inboxVia = async (db: typeof t.db) =>
      createCaller(createContextInner({ db, principal, cache })).inbox.mine();
    await reviewed(c, 3);
    const first = await vi.waitFor(async () => {
      const a = await inboxVia(t.db);
      expect(await inboxVia(await deadDb())).toEqual(a);
      return a;
    });
    expect(first.now.length).toBeGreaterThan(0);
    for (const table of ['escalations', 'position_papers', 'escalation_comments', 'outbox', 'revisions']) {
      // A statement-level trigger fires even when no row changes.
      await t.pool.query(`DELETE FROM ${table} WHERE false`);
      await vi.waitFor(async () => expect(inboxVia(await deadDb())).rejects.toThrow());
      await inboxVia(t.db);
      expect(await inboxVia(await deadDb())).toMatchObject({ now: first.now });
    }
  });

  it('caches nothing while its connection is lost, and listens again by itself', async () => {
    const r = await reviewed(c, 2);
    await cache.reviewFacts(t.db, [r.id]);
    await t.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()`,
    );
    await vi.waitFor(() => expect(cache.listening).toBe(false));
    await expect(cache.reviewFacts(await deadDb(), [r.id])).rejects.toThrow();
    await vi.waitFor(() => expect(cache.listening).toBe(true), { timeout: 10_000 });
  });
});
