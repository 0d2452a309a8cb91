// The landing check kept in the server's change-notified cache: a hit does not touch the database, and a
// committed change to the revision, or to its linked review's gate facts, is seen at once.
import { checkLanding, type Principal, warmLandingFacts } from '@signoff/api';
import { ChangeFeedCache, createDb } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { callerWithToken, person, systemCaller } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { realMetricsYaml, withoutMetric } from '../../../test/glean-text.ts';
import { dataReview, submittedReview } from '../../../test/review-fixtures.ts';

const quiet = { warn: () => undefined, info: () => undefined };
const FOG = realMetricsYaml('firefox-toolkit-components-glean-metrics.yaml');
const ref = { system: 'phabricator', repository: 'mozilla-central', revision: 'D400001' };
const token: Principal = { kind: 'token', tokenId: 1, personId: 1, scopes: ['gate:read'] };

const { t, c } = castPerFile();
let cache: ChangeFeedCache<Principal>;
beforeAll(async () => {
  cache = new ChangeFeedCache<Principal>(t.url, quiet, { db: t.db });
  await cache.start();
});
afterAll(async () => {
  await cache.stop();
});

const deadDb = () => createDb('postgres://nobody:none@127.0.0.1:1/none', { error: () => undefined }).db;
const land = (db = t.db) => checkLanding(db, token, ref, 'pre_release', new Date(), cache);

describe('the landing check with the cache', () => {
  it('serves from memory, and sees an assessment and the linked review change as soon as they commit', async () => {
    const reviewer = await person(t.db, 'cache-reviewer@example.com');
    const bot = await systemCaller(t.db).admin.createToken({
      email: c.admin.email,
      scopes: ['intake:write'],
    });
    await (await callerWithToken(t.db, bot.token)).classification.intake({
      ...ref,
      title: 'Cached',
      author: c.proposer.email,
      reviewers: [reviewer.email],
      files: [{ path: 'metrics.yaml', before: withoutMetric(FOG, 'initializations'), after: FOG }],
    });
    await vi.waitFor(async () => {
      const first = await land();
      expect(first?.classification).toBe('needed');
      expect((await land(deadDb()))?.blockers).toEqual(first?.blockers);
    });
    // Another server's write (no cache in its context): only the notification tells this one.
    const review = await submittedReview(c, 2);
    await reviewer.caller.classification.assess({
      ...ref,
      level: 'high',
      comment: 'By choice.',
      review: review.key,
    });
    await vi.waitFor(async () => {
      const a = await land();
      expect(a?.blockers.map((b) => b.code)).toEqual(['DATA_REVIEW_PENDING']);
      expect(a?.review?.blockers.map((b) => b.code)).toContain('STEWARD_REVIEW_PENDING');
    });
    await c.steward.caller.steward.recordReview({
      review: review.key,
      dataReview: dataReview('data-review+'),
    });
    await vi.waitFor(async () =>
      expect(await land()).toMatchObject({ canLand: true, classification: 'high' }),
    );
  });

  it('warms every revision at start, so the first checks on every channel do not touch the database', async () => {
    const bot = await systemCaller(t.db).admin.createToken({
      email: c.admin.email,
      scopes: ['intake:write'],
    });
    const intake = await callerWithToken(t.db, bot.token);
    const refs = ['D400101', 'D400102', 'D400103'].map((revision) => ({ ...ref, revision }));
    for (const r of refs)
      await intake.classification.intake({
        ...r,
        title: `Warm ${r.revision}`,
        author: c.proposer.email,
        reviewers: [],
        files: [{ path: 'metrics.yaml', before: withoutMetric(FOG, 'initializations'), after: FOG }],
      });
    const revisions = await t.db.selectFrom('code_revisions').select('id').execute();
    let warmed = 0;
    const warming: ChangeFeedCache<Principal> = new ChangeFeedCache<Principal>(t.url, quiet, {
      db: t.db,
      warm: true,
      warmAlso: async () => {
        warmed = await warmLandingFacts(t.db, warming);
      },
    });
    try {
      await warming.start();
      await vi.waitFor(() => expect(warming.status().warm).toBe(true));
      expect(warmed).toBe(revisions.length);
      const dead = deadDb();
      for (const r of refs)
        for (const channel of ['pre_release', 'release'] as const)
          expect((await checkLanding(dead, token, r, channel, new Date(), warming))?.classification).toBe(
            'needed',
          );
    } finally {
      await warming.stop();
    }
  });
});
