import { actsNow, openSteps } from '@signoff/core';
import { loadReviewFacts, loadReviewPeopleOf } from '@signoff/db';
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
 * `review.list({ needsMyAction })` — the inbox — and `review.search({ blockedOnMe })` list the reviews where core's
 * stored open steps (migrations/0034, read by reviews_waiting_on of 0035) give the person a step to take now. Each
 * role is checked on its own, and every person's answer equals core's over all reviews, whole and walked a page
 * at a time.
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

/** The inbox rule as core says it: every review where the person has an open step to take now. */
async function reference(who: Person): Promise<string[]> {
  const rows = await t.db.selectFrom('reviews').selectAll().orderBy('id', 'desc').execute();
  const ids = rows.map((r) => r.id);
  const [facts, people] = await Promise.all([loadReviewFacts(t.db, ids), loadReviewPeopleOf(t.db, rows)]);
  const now = new Date();
  return rows
    .filter((r) => actsNow(openSteps(facts.get(r.id)!, people.get(r.id)!, now), who.id))
    .map((r) => r.key);
}

describe('the inbox (review.list needsMyAction)', () => {
  it('shows the proposer their drafts and the mitigations asked of them', async () => {
    const mine = await inbox(c.proposer);
    expect(mine).toContain(keys.draft);
    expect(mine).toContain(keys.requested);
    // Sensitive reviews wait for their announcement, which is the proposer's to send (issue 13).
    expect(mine).toContain(keys.sensitive);
    expect(mine).toContain(keys.implemented);
    expect(mine).not.toContain(keys.submitted);
  });

  it('shows a steward the submitted reviews', async () => {
    expect(await inbox(c.steward)).toEqual([keys.submitted]);
  });

  it('shows a facilitator the sensitive reviews their area has not approved', async () => {
    const privacy = await inbox(c.facilitators.privacy_technical);
    expect(privacy).toContain(keys.sensitive);
    expect(privacy).not.toContain(keys.privacyDone);
    // Security signs after privacy/technical and data approve (SPEC 5): not yet its turn (issue 13).
    expect(await inbox(c.facilitators.security)).not.toContain(keys.sensitive);
    expect(await inbox(c.facilitators.security)).not.toContain(keys.privacyDone);
  });

  it('shows a facilitator an implemented mitigation of their area, even once the area has approved', async () => {
    expect(await inbox(c.facilitators.data)).toContain(keys.implemented);
    expect(await inbox(c.facilitators.security)).not.toContain(keys.implemented);
  });

  it('shows no judge a review all four areas approved, and an outsider nothing', async () => {
    for (const who of [c.steward, ...Object.values(c.facilitators)])
      expect(await inbox(who)).not.toContain(keys.done);
    expect(await inbox(c.outsider)).toEqual([]);
  });

  it("equals core's open steps for everyone, whole and a page at a time", async () => {
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
      const blocked = await who.caller.review.search({
        blockedOnMe: true,
        sort: 'key',
        order: 'desc',
        limit: 100,
      });
      expect(blocked.items.map((i) => i.key)).toEqual(expected);
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
