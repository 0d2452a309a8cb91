import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import {
  approveAllAreas,
  type Cast,
  cast,
  completeForm,
  type Person,
  reviewed,
  submittedReview,
} from '../../../test/review-fixtures.ts';

/**
 * `review.list({ needsMyAction })` — the inbox — is the database function inbox_review_ids (migrations/0011):
 * five branches, each cut at one page. Each branch is checked on its own, and every person's inbox equals
 * the rule written as one plain filter over all reviews, whole and walked a page at a time.
 */
let t: TestDatabase;
let c: Cast;
const keys: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
  // A draft and a returned review of the proposer's.
  keys.draft = (
    await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'A draft',
      channels: [{ channel: 'release', defaultState: 'off' }],
      externalRefs: [],
      form: completeForm(2),
      visibility: 'public',
    })
  ).key;
  keys.submitted = (await submittedReview(c, 2)).key;
  // Sensitive, nobody has signed off.
  keys.sensitive = (await reviewed(c, 3)).key;
  // Sensitive, privacy/technical has approved: it waits for the other three only.
  keys.privacyDone = (await reviewed(c, 3)).key;
  await c.facilitators.privacy_technical.caller.signOff.record({
    review: keys.privacyDone,
    area: 'privacy_technical',
    risk: 'low',
    decision: 'approved',
    rationale: 'Low risk.',
  });
  // Approved by all four, then a mitigation requested by data: waiting on the proposer.
  keys.requested = (await reviewed(c, 3)).key;
  const m = await c.facilitators.data.caller.mitigation.request({
    review: keys.requested,
    area: 'data',
    kind: 'technical_control',
    description: 'Drop rare domains.',
  });
  // ... and another whose mitigation the proposer has implemented: waiting on data's acceptance.
  keys.implemented = (await reviewed(c, 3)).key;
  const m2 = await c.facilitators.data.caller.mitigation.request({
    review: keys.implemented,
    area: 'data',
    kind: 'technical_control',
    description: 'Drop rare domains.',
  });
  await c.proposer.caller.mitigation.proposeRequested({ review: keys.implemented, mitigationId: m2.id });
  const view = await c.proposer.caller.review.get({ review: keys.implemented });
  await c.proposer.caller.mitigation.implement({
    review: keys.implemented,
    mitigationId: m2.id,
    revision: view.currentRevision,
  });
  await approveAllAreas(c, keys.implemented);
  expect(m.state).toBe('requested');
  // Approved by all four areas: nobody's business any more.
  keys.done = (await reviewed(c, 3)).key;
  await approveAllAreas(c, keys.done);
});
afterAll(() => t.drop());

const inbox = async (who: Person, extra: { status?: 'sensitive_review'[] } = {}) =>
  (await who.caller.review.list({ needsMyAction: true, limit: 100, ...extra })).items.map((i) => i.key);

/** The inbox rule as one plain filter (the form it had before the function), for every review. */
async function reference(who: Person): Promise<string[]> {
  const me = await t.pool.query<{ is_steward: boolean; areas: string[] }>(
    `SELECT p.is_steward, coalesce(array_agg(f.area) FILTER (WHERE f.area IS NOT NULL), '{}') AS areas
       FROM people p LEFT JOIN area_facilitators f ON f.person_id = p.id WHERE p.id = $1 GROUP BY p.id`,
    [who.id],
  );
  const { is_steward, areas } = me.rows[0]!;
  const { rows } = await t.pool.query<{ key: string }>(
    `SELECT r.key FROM reviews r WHERE
        (r.status = 'sensitive_review' AND r.proposer_id <> $1 AND cardinality($2::text[]) > 0
         AND NOT r.approved_areas @> $2::text[])
        OR (r.status = 'submitted' AND $3 AND r.proposer_id <> $1)
        OR (r.proposer_id = $1 AND r.status IN ('draft', 'returned'))
        OR EXISTS (SELECT 1 FROM mitigations m WHERE m.review_id = r.id AND m.state = 'implemented'
                   AND m.area = ANY($2::text[]) AND r.proposer_id <> $1)
        OR (r.proposer_id = $1 AND EXISTS (SELECT 1 FROM mitigations m WHERE m.review_id = r.id AND m.state = 'requested'))
      ORDER BY r.id DESC`,
    [who.id, areas, is_steward],
  );
  return rows.map((r) => r.key);
}

describe('the inbox (review.list needsMyAction)', () => {
  it('shows the proposer their drafts and the mitigations asked of them', async () => {
    const mine = await inbox(c.proposer);
    expect(mine).toContain(keys.draft);
    expect(mine).toContain(keys.requested);
    expect(mine).not.toContain(keys.sensitive);
    expect(mine).not.toContain(keys.implemented);
  });

  it('shows a steward the submitted reviews', async () => {
    expect(await inbox(c.steward)).toEqual([keys.submitted]);
  });

  it('shows a facilitator the sensitive reviews their area has not approved', async () => {
    const privacy = await inbox(c.facilitators.privacy_technical);
    expect(privacy).toContain(keys.sensitive);
    expect(privacy).not.toContain(keys.privacyDone);
    expect(await inbox(c.facilitators.security)).toEqual(
      expect.arrayContaining([keys.sensitive, keys.privacyDone]),
    );
  });

  it('shows a facilitator an implemented mitigation of their area, even once the area has approved', async () => {
    expect(await inbox(c.facilitators.data)).toContain(keys.implemented);
    expect(await inbox(c.facilitators.security)).not.toContain(keys.implemented);
  });

  it('shows nobody a review all four areas approved, and an outsider nothing', async () => {
    for (const who of [c.proposer, c.steward, ...Object.values(c.facilitators)])
      expect(await inbox(who)).not.toContain(keys.done);
    expect(await inbox(c.outsider)).toEqual([]);
  });

  it('equals the plain rule for everyone, whole and a page at a time', async () => {
    for (const who of [c.proposer, c.steward, c.outsider, ...Object.values(c.facilitators)]) {
      const expected = await reference(who);
      expect(await inbox(who)).toEqual(expected);
      const walked: string[] = [];
      let cursor: number | undefined;
      for (let page = 0; page < 20; page++) {
        const r = await who.caller.review.list({
          needsMyAction: true,
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        walked.push(...r.items.map((i) => i.key));
        if (r.nextCursor === null) break;
        cursor = r.nextCursor;
      }
      expect(walked).toEqual(expected);
    }
  });

  it('combines with the other filters', async () => {
    const all = await inbox(c.proposer);
    const statuses = await t.pool.query<{ key: string }>(
      `SELECT key FROM reviews WHERE key = ANY($1) AND status = 'sensitive_review' ORDER BY id DESC`,
      [all],
    );
    const sensitiveOnly = await inbox(c.proposer, { status: ['sensitive_review'] });
    expect(sensitiveOnly.length).toBeGreaterThan(0);
    expect(sensitiveOnly.length).toBeLessThan(all.length);
    expect(sensitiveOnly).toEqual(statuses.rows.map((r) => r.key));
  });
});
