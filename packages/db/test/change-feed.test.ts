import type { Principal } from '@signoff/api';
import { resolvePrincipal } from '@signoff/api';
import { ChangeFeedCache, createDb, enqueueMail, recordMailSent } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCaller } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { type Cast, cast, reviewed } from '../../../test/review-fixtures.ts';

const quiet = { warn: () => undefined, info: () => undefined };
let t: TestDatabase;
let c: Cast;
let cache: ChangeFeedCache<Principal>;
beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
  cache = new ChangeFeedCache<Principal>(t.url, quiet);
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
