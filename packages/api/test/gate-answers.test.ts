import { checkCanShip, type Principal } from '@signoff/api';
import { ChangeFeedCache } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { reviewed } from '../../../test/review-fixtures.ts';

/** The gate answers from cached facts; what depends on the date (an expiry) is decided at each question. */
const { t, c } = castPerFile();
let cache: ChangeFeedCache<Principal>;
const quiet = { warn: () => undefined, info: () => undefined };
beforeAll(async () => {
  cache = new ChangeFeedCache<Principal>(t.url, quiet, { db: t.db });
  await cache.start();
});
afterAll(async () => {
  await cache.stop();
});

describe('gate answers from cached facts', () => {
  it('a cached review is shippable the day before its expiry and expired at midnight UTC', async () => {
    const r = await reviewed(c, 2);
    const gate: Principal = { kind: 'token', tokenId: 1, personId: c.owner.id, scopes: ['gate:read'] };
    const facts = await vi.waitFor(async () => {
      const f = (await cache.reviewFacts(t.db, [r.id])).get(r.id);
      // Served from memory (the same object) once the creation's notifications are in.
      expect((await cache.reviewFacts(t.db, [r.id])).get(r.id)).toBe(f);
      return f!;
    });
    const expires = facts.collectionExpires!;
    expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const dayBefore = new Date(Date.parse(`${expires}T00:00:00Z`) - 1);
    const ask = (now: Date) => checkCanShip(t.db, gate, [{ review: r.key, channel: 'release' }], now, cache);
    const [first] = await ask(new Date(dayBefore.getTime() - 3_600_000));
    const [again] = await ask(dayBefore);
    expect(first).toMatchObject({ canShip: true, blockers: [] });
    expect(again).toMatchObject({ canShip: true, evaluatedAt: dayBefore.toISOString() });
    const [expired] = await ask(new Date(`${expires}T00:00:00Z`));
    expect(expired).toMatchObject({ canShip: false, blockers: [{ code: 'COLLECTION_EXPIRED' }] });
  });
});
