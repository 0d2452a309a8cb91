// Issue 13: one loader of the whole review (whole-review.ts) serves review.get, the export and the
// transparency page; each surface projects from it, and the public one keeps only public fields.
import { readFileSync } from 'node:fs';
import { findReview } from '@signoff/db';
import { describe, expect, it } from 'vitest';
import { anonymousCaller } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { approveAllAreas, escalateSecurity, inDispute, reviewed } from '../../../test/review-fixtures.ts';
import { publicReviewOf } from '../src/transparency-view.ts';
import { loadWholeReview } from '../src/whole-review.ts';

const { t, c } = castPerFile();

/** Words written only where the public may not read them: none may reach the transparency page. */
const SECRET = {
  privateReason: 'Partnership not yet public.',
  comment: 'SECRET-area-comment',
  question: 'SECRET-escalation-question',
  paper: 'SECRET-paper-shared',
  draft: 'SECRET-paper-draft',
  escalationComment: 'SECRET-escalation-comment',
  agenda: 'SECRET-meeting-agenda',
  notes: 'SECRET-meeting-notes',
  discussionAgenda: 'SECRET-discussion-agenda',
  reply: 'SECRET-mitigation-reply',
};

/** A private review with everything that is not public, then shipped (so the public may read its page). */
async function reviewWithEverything() {
  const r = await reviewed(c, 3, { private: true });
  await c.facilitators.security.caller.signOff.addReviewer({
    review: r.key,
    area: 'security',
    email: c.outsider.email,
  });
  await c.outsider.caller.signOff.comment({ review: r.key, area: 'security', body: SECRET.comment });
  const m = await c.facilitators.data.caller.mitigation.request({
    review: r.key,
    area: 'data',
    kind: 'ux_notice',
    description: 'Tell users before the first upload.',
  });
  await c.proposer.caller.mitigation.proposeRequested({
    review: r.key,
    mitigationId: m.id,
    description: SECRET.reply,
  });
  await c.proposer.caller.discussion.schedule({
    review: r.key,
    area: 'privacy_technical',
    scheduledAt: '2026-12-03T15:00:00Z',
    attendeeIds: [c.facilitators.privacy_technical.id],
    agenda: SECRET.discussionAgenda,
  });
  const { e, target } = await escalateSecurity(c, r.key, SECRET.question);
  await c.proposer.caller.escalation.writePaper({ ...target, body: SECRET.paper });
  await c.facilitators.security.caller.escalation.share(target);
  await c.owner.caller.escalation.comment({ ...target, body: SECRET.escalationComment });
  const meeting = await c.facilitators.security.caller.escalation.scheduleMeeting({
    ...target,
    scheduledAt: '2026-12-10T16:00:00Z',
    agenda: SECRET.agenda,
  });
  await c.facilitators.security.caller.escalation.recordMeeting({
    ...target,
    meetingId: meeting.id,
    notes: SECRET.notes,
  });
  await c.owner.caller.escalation.decide({
    ...target,
    decision: { decision: 'proceed', rationale: 'The owner rules.' },
  });
  // A second escalation whose paper stays its author's draft (on another area: a decided one is final).
  await inDispute(c, r.key, 'privacy_technical');
  const e2 = await c.proposer.caller.escalation.open({
    review: r.key,
    facilitatorId: c.facilitators.privacy_technical.id,
    areas: ['privacy_technical'],
    question: 'A second question.',
  });
  await c.proposer.caller.escalation.writePaper({ review: r.key, escalationId: e2.id, body: SECRET.draft });
  await approveAllAreas(c, r.key);
  return { r, e, e2 };
}

/** Shipped (the gate's blockers are not this test's subject): a private review's page becomes public. */
const shipped = (id: number) =>
  t.db
    .updateTable('reviews')
    .set({ status: 'shipped', shipped_at: new Date() })
    .where('id', '=', id)
    .execute();

describe('the whole-review loader', () => {
  it('holds everything stored about the review; review.get, the export and the public page agree on what they share', async () => {
    const { r } = await reviewWithEverything();
    const row = (await findReview(t.db, r.id))!;
    const whole = await loadWholeReview(t.db, row, new Date());
    const all = JSON.stringify({ ...whole, names: [...whole.names] });
    for (const secret of Object.values(SECRET)) expect(all).toContain(secret);

    const view = await c.proposer.caller.review.get({ review: r.key });
    const doc = await c.proposer.caller.export.json({ review: r.key });
    // A private review is public once shipped.
    await shipped(r.id);
    const page = await anonymousCaller(t.db).transparency.get({ review: r.key });
    expect(view.mitigations.map((m) => m.description)).toEqual(doc.mitigations.map((m) => m.description));
    expect(doc.review.collectionPeriod.expires).toBe(whole.collectionPeriod.expires);
    expect(doc.escalations.map((x) => x.question)).toEqual([SECRET.question, 'A second question.']);
    expect(page.mitigations.map((m) => m.description)).toEqual(doc.mitigations.map((m) => m.description));
    expect(page.collectionPeriod.expires).toBe(doc.review.collectionPeriod.expires);
    expect(page.signOffs.map((s) => [s.area, s.decision])).toEqual(
      view.areas.map((a) => [a.area, a.current?.decision]),
    );
    expect(page.escalations.map((x) => x.decision)).toEqual(doc.escalations.map((x) => x.decision));
  });

  it('the public page never carries a private field: not from the projection, not over the API', async () => {
    const { r } = await reviewWithEverything();
    const row = (await findReview(t.db, r.id))!;
    const projected = JSON.stringify(publicReviewOf(await loadWholeReview(t.db, row, new Date())));
    const emails = [c.proposer, c.owner, c.outsider, c.steward, ...Object.values(c.facilitators)].map(
      (p) => p.email,
    );
    for (const secret of [...Object.values(SECRET), ...emails]) expect(projected).not.toContain(secret);
    expect(projected).toContain('The owner rules.');

    // Over the API, once the private review has shipped and so became public.
    await shipped(r.id);
    const page = JSON.stringify(await anonymousCaller(t.db).transparency.get({ review: r.key }));
    for (const secret of [...Object.values(SECRET), ...emails]) expect(page).not.toContain(secret);
    expect(page).toContain('The owner rules.');
  });

  it('is the only loader: no surface lists a review’s rows of its own', () => {
    for (const file of ['review-view.ts', 'review-export-document.ts', 'transparency-view.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(source, file).toMatch(/loadWholeReview\(/);
      expect(
        source.match(
          /\blist(?!PublicReviews)[A-Z]\w*|readStream|loadReviewFacts|reviewChannels|collectionPeriodOf/g,
        ),
        file,
      ).toBeNull();
    }
  });
});
