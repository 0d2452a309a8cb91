import { verifyChain } from '@signoff/core';
import { auditLink, readStream, verifyAuditChains } from '@signoff/db';
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { createTestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import {
  approveAllAreas,
  type Cast,
  cast,
  completeForm,
  dataReview,
  draftOnRelease,
  reviewed,
  signOffs,
  submittedReview,
} from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();

const blockers = async (
  who: Cast['proposer'],
  review: string,
  channel: 'release' | 'pre_release' = 'release',
) =>
  (await who.caller.gate.canShip({ review, channel })).blockers.map(
    (b) => b.code + (b.area ? `:${b.area}` : ''),
  );

describe('documentation revisions', () => {
  it('every save is a new revision; an edit based on an old one is a CONFLICT naming the current revision', async () => {
    const r = await draftOnRelease(c, 'Draft', { questionsAnswered: 'first' });
    expect(r.key).toBe(`DR-${r.id}`);
    expect(r.currentRevision).toBe(1);
    const saved = await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: 1,
      form: { questionsAnswered: 'second' },
    });
    expect(saved.revision).toBe(2);
    const stale = await outcome(
      c.proposer.caller.review.saveDocumentation({
        review: r.key,
        baseRevision: 1,
        form: { questionsAnswered: 'lost?' },
      }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/revision 2/);
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.form.questionsAnswered).toBe('second');
    expect(view.revisions.map((x) => x.number)).toEqual([1, 2]);
    const diff = await c.proposer.caller.review.diff({ review: r.key, from: 1, to: 2 });
    expect(diff.changes).toEqual([
      expect.objectContaining({ path: 'questionsAnswered', before: 'first', after: 'second' }),
    ]);
    const first = await c.proposer.caller.review.revision({ review: r.key, number: 1 });
    expect(first.form.questionsAnswered).toBe('first');
  });

  it('only the proposer edits the documentation', async () => {
    const r = await submittedReview(c, 2);
    const res = await outcome(
      c.outsider.caller.review.saveDocumentation({ review: r.key, baseRevision: 1, form: {} }),
    );
    expect(res.code).toBe('FORBIDDEN');
  });

  it('bad input names the field and changes nothing', async () => {
    const res = await outcome(
      c.proposer.caller.review.create({
        productId: c.productId,
        title: '',
        channels: [{ channel: 'release', defaultState: 'off' }],
        visibility: 'public',
      }),
    );
    expect(res.code).toBe('BAD_REQUEST');
    const { count } = await t.db
      .selectFrom('reviews')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('title', '=', '')
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
    const noReason = await outcome(
      c.proposer.caller.review.create({
        productId: c.productId,
        title: 'Private without reason',
        channels: [{ channel: 'release', defaultState: 'off' }],
        visibility: 'private',
      } as never),
    );
    expect(noReason.code).toBe('BAD_REQUEST');
  });
});

describe('submission and the steward review', () => {
  it('an incomplete form is refused with the missing fields; the status stays draft', async () => {
    const r = await draftOnRelease(c, 'Incomplete', { questionsAnswered: 'only this' });
    const res = await outcome(c.proposer.caller.review.submit({ review: r.key }));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toMatch(/whyMozillaNeedsIt/);
    expect((await c.proposer.caller.review.get({ review: r.key })).status).toBe('draft');
  });

  it('category 1/2 with data-review+ approves; the gate then allows shipping and the proposer marks it shipped', async () => {
    const r = await reviewed(c, 2);
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.status).toBe('approved');
    expect(view.category).toBe(2);
    expect(await blockers(c.proposer, r.key)).toEqual([]);
    const shipped = await c.proposer.caller.review.markShipped({ review: r.key });
    expect(shipped.status).toBe('shipped');
  });

  it('data-review- returns the request with its questions; the proposer revises and resubmits', async () => {
    const r = await reviewed(c, 2, { outcome: 'data-review-' });
    let view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.status).toBe('returned');
    expect(view.stewardReviews[0]?.returnedQuestions).toEqual([
      { field: 'analysis', note: 'Who analyses it, and how often?' },
    ]);
    expect(await blockers(c.proposer, r.key)).toContain('STEWARD_REJECTED');
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: 1,
      form: completeForm(2, { analysis: 'The data team.' }),
    });
    await c.proposer.caller.review.resubmit({ review: r.key });
    view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.status).toBe('submitted');
  });

  it('only a steward reviews, and never their own request', async () => {
    const r = await submittedReview(c, 2);
    expect(
      (await outcome(c.outsider.caller.steward.recordReview({ review: r.key, dataReview: dataReview() })))
        .code,
    ).toBe('FORBIDDEN');
  });

  it('category 3 starts the sensitive review', async () => {
    const r = await reviewed(c, 3);
    expect((await c.proposer.caller.review.get({ review: r.key })).status).toBe('sensitive_review');
    expect(await blockers(c.proposer, r.key)).toEqual([
      'SIGNOFF_MISSING:privacy_technical',
      'SIGNOFF_MISSING:data',
      'SIGNOFF_MISSING:legal_trust',
      'SIGNOFF_MISSING:security',
      'ANNOUNCEMENT_MISSING',
    ]);
  });
});

describe('area sign-offs', () => {
  it('legal/trust and security wait for privacy/technical and data; the refusal says so', async () => {
    const r = await reviewed(c, 3);
    const early = await outcome(
      c.facilitators.legal_trust.caller.signOff.record({
        review: r.key,
        area: 'legal_trust',
        risk: 'low',
        decision: 'approved',
        rationale: 'ok',
      }),
    );
    expect(early.code).toBe('PRECONDITION_FAILED');
    expect(early.message).toMatch(
      /until Privacy\/Technical Review \(Office of the Firefox CTO\) and Data Review \(Data\) have approved the current revision/,
    );
    await approveAllAreas(c, r.key);
    expect(await blockers(c.proposer, r.key)).toEqual(['ANNOUNCEMENT_MISSING']);
  });

  it('only a facilitator of the area signs off; the proposer never does', async () => {
    const r = await reviewed(c, 3);
    const wrongArea = await outcome(
      c.facilitators.data.caller.signOff.record({
        review: r.key,
        area: 'privacy_technical',
        risk: 'low',
        decision: 'approved',
        rationale: 'x',
      }),
    );
    expect(wrongArea.code).toBe('FORBIDDEN');
    const noRationale = await outcome(
      c.facilitators.data.caller.signOff.record({
        review: r.key,
        area: 'data',
        risk: 'low',
        decision: 'approved',
        rationale: '   ',
      }),
    );
    expect(noRationale.code).toBe('BAD_REQUEST');
    expect(
      (await c.proposer.caller.review.get({ review: r.key })).areas.every((a) => a.state === 'missing'),
    ).toBe(true);
  });

  it('the proposer who is also a facilitator cannot sign off their own review', async () => {
    const { person } = await import('../../../test/callers.ts');
    const dual = await person(t.db, 'dual@example.com', { areas: ['data'] });
    const r = await dual.caller.review.create({
      productId: c.productId,
      title: 'Self review',
      channels: [{ channel: 'release', defaultState: 'off' }],
      visibility: 'public',
      form: completeForm(3),
    });
    await dual.caller.review.submit({ review: r.key });
    await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview() });
    const self = await outcome(
      dual.caller.signOff.record({
        review: r.key,
        area: 'data',
        risk: 'low',
        decision: 'approved',
        rationale: 'mine',
      }),
    );
    expect(self.code).toBe('FORBIDDEN');
    expect(self.message).toMatch(/proposer's side of a review .* never judges it/);
  });

  it('a data requester who facilitates data cannot sign off the review naming them (issue 14, hole 1)', async () => {
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Requested by a facilitator',
      channels: [{ channel: 'release', defaultState: 'off' }],
      visibility: 'public',
      requesterId: c.facilitators.data.id,
      form: completeForm(3),
    });
    await c.proposer.caller.review.submit({ review: r.key });
    await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview() });
    const self = await outcome(
      c.facilitators.data.caller.signOff.record({
        review: r.key,
        area: 'data',
        risk: 'low',
        decision: 'approved',
        rationale: 'my own request',
      }),
    );
    expect(self.code).toBe('FORBIDDEN');
    expect(self.message).toContain("proposer's side");
  });

  it('a revision adding a category-4 measurement waits for a steward to re-categorise (issue 14, hole 2)', async () => {
    const r = await reviewed(c, 3);
    await approveAllAreas(c, r.key);
    const view = await c.proposer.caller.review.get({ review: r.key });
    const base = completeForm(3);
    const form = {
      ...base,
      measurements: [
        ...(base.measurements ?? []),
        {
          name: 'sidebar.account_email',
          description: 'The signed-in email.',
          category: 4 as const,
          trackingBug: '1800009',
        },
      ],
    };
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: view.currentRevision,
      form,
    });
    for (const area of ['privacy_technical', 'data', 'legal_trust', 'security'] as const)
      await c.facilitators[area].caller.signOff.reconfirm({ review: r.key, area });
    // Before: every area re-confirmed in one step and the gate let it ship as category 3.
    expect(await blockers(c.proposer, r.key)).toContain('STEWARD_RECATEGORISATION_PENDING');
    const below = await outcome(
      c.steward.caller.steward.recategorise({ review: r.key, category: 3, reason: 'still 3' }),
    );
    expect(below.code).toBe('PRECONDITION_FAILED');
    expect(below.message).toContain('highest measurement is category 4');
    expect(
      (await outcome(c.proposer.caller.steward.recategorise({ review: r.key, category: 4, reason: 'x' })))
        .code,
    ).toBe('FORBIDDEN');
    await c.steward.caller.steward.recategorise({
      review: r.key,
      category: 4,
      reason: 'An email is category 4.',
    });
    const after = await blockers(c.proposer, r.key);
    expect(after).not.toContain('STEWARD_RECATEGORISATION_PENDING');
    expect((await c.proposer.caller.review.get({ review: r.key })).category).toBe(4);
    // Correcting the measurement's category, with its reason, allows the lower category.
    const r2 = await reviewed(c, 3);
    const v2 = await c.proposer.caller.review.get({ review: r2.key });
    await c.proposer.caller.review.saveDocumentation({
      review: r2.key,
      baseRevision: v2.currentRevision,
      form,
    });
    const corrected = await c.steward.caller.steward.recategorise({
      review: r2.key,
      category: 3,
      reason: 'mis-filed measurement',
      corrections: [
        { measurement: 'sidebar.account_email', category: 3, reason: 'Only a hash of the domain is sent.' },
      ],
    });
    const doc = await c.proposer.caller.review.get({ review: r2.key });
    expect(doc.currentRevision).toBe(corrected.revision);
    expect(doc.form.measurements?.find((m) => m.name === 'sidebar.account_email')).toMatchObject({
      category: 3,
      categoryReason: 'Only a hash of the domain is sent.',
    });
    expect(await blockers(c.proposer, r2.key)).not.toContain('STEWARD_RECATEGORISATION_PENDING');
  });

  it('a new revision makes earlier sign-offs stale; one action re-confirms', async () => {
    const r = await reviewed(c, 3);
    await approveAllAreas(c, r.key);
    const view = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: view.currentRevision,
      form: completeForm(3, { analysis: 'Also the privacy team.' }),
    });
    expect(await blockers(c.proposer, r.key)).toEqual([
      'SIGNOFF_STALE:privacy_technical',
      'SIGNOFF_STALE:data',
      'SIGNOFF_STALE:legal_trust',
      'SIGNOFF_STALE:security',
      'ANNOUNCEMENT_MISSING',
    ]);
    // Order still applies: legal_trust cannot re-confirm before privacy/technical and data.
    expect(
      (
        await outcome(
          c.facilitators.legal_trust.caller.signOff.reconfirm({ review: r.key, area: 'legal_trust' }),
        )
      ).code,
    ).toBe('PRECONDITION_FAILED');
    for (const area of ['privacy_technical', 'data', 'legal_trust', 'security'] as const)
      await c.facilitators[area].caller.signOff.reconfirm({ review: r.key, area });
    const after = await c.proposer.caller.review.get({ review: r.key });
    expect(after.areas.map((a) => a.state)).toEqual(['current', 'current', 'current', 'current']);
    expect(after.areas[0]?.history).toHaveLength(2);
  });

  it('facilitators add reviewers, who comment in their area; outsiders cannot', async () => {
    const r = await reviewed(c, 3);
    await c.facilitators.security.caller.signOff.addReviewer({
      review: r.key,
      area: 'security',
      email: c.outsider.email,
    });
    await c.outsider.caller.signOff.comment({
      review: r.key,
      area: 'security',
      body: 'Is the eTLD+1 hashed?',
    });
    expect(
      (await outcome(c.outsider.caller.signOff.comment({ review: r.key, area: 'data', body: 'x' }))).code,
    ).toBe('FORBIDDEN');
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.areas.find((a) => a.area === 'security')?.reviewers.map((x) => x.email)).toEqual([
      c.outsider.email,
    ]);
    expect(view.comments.map((x) => x.body)).toEqual(['Is the eTLD+1 hashed?']);
  });
});

describe('the sensitive review to the end', () => {
  it('category 3 default-off on release ships after sign-offs and the announcement', async () => {
    const r = await reviewed(c, 3, { bug: '1900001' });
    await approveAllAreas(c, r.key);
    await c.proposer.caller.announcement.recordManual({
      review: r.key,
      archiveLink: 'https://groups.google.com/a/mozilla.com/g/data-review/c/abc',
    });
    expect(await blockers(c.proposer, r.key, 'release')).toEqual([]);
    expect(await blockers(c.proposer, r.key, 'pre_release')).toEqual([]);
    const lookup = await c.proposer.caller.gate.lookup({ bug: '1900001' });
    expect(lookup.reviews.map((x) => x.key)).toContain(r.key);
    expect((await c.proposer.caller.review.markShipped({ review: r.key })).status).toBe('shipped');
  });

  it('category 3 default-on needs Trust approval on release and an accepted mitigation on pre-release', async () => {
    const r = await reviewed(c, 3, { defaultState: 'on' });
    await approveAllAreas(c, r.key);
    await c.proposer.caller.announcement.recordManual({
      review: r.key,
      archiveLink: 'https://example.com/a',
    });
    expect(await blockers(c.proposer, r.key, 'release')).toEqual(['TRUST_APPROVAL_MISSING']);
    expect(await blockers(c.proposer, r.key, 'pre_release')).toEqual(['DEFAULT_STATE_INELIGIBLE']);
    expect((await outcome(c.proposer.caller.review.markShipped({ review: r.key }))).code).toBe(
      'PRECONDITION_FAILED',
    );
  });

  it('mitigations move through their states; an illegal move names the allowed ones; open ones block', async () => {
    const r = await reviewed(c, 3);
    const m = await c.facilitators.privacy_technical.caller.mitigation.request({
      review: r.key,
      area: 'privacy_technical',
      kind: 'technical_control',
      description: 'Send only the eTLD+1.',
    });
    expect(m.state).toBe('requested');
    const illegal = await outcome(
      c.facilitators.privacy_technical.caller.mitigation.accept({ review: r.key, mitigationId: m.id }),
    );
    expect(illegal.code).toBe('PRECONDITION_FAILED');
    expect(illegal.details).toMatchObject({ current: 'requested', allowed: ['propose', 'withdraw'] });
    expect(await blockers(c.proposer, r.key)).toContain('MITIGATION_OPEN:privacy_technical');
    await c.proposer.caller.mitigation.proposeRequested({ review: r.key, mitigationId: m.id });
    const view = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.mitigation.implement({
      review: r.key,
      mitigationId: m.id,
      revision: view.currentRevision,
    });
    expect(
      (await outcome(c.proposer.caller.mitigation.accept({ review: r.key, mitigationId: m.id }))).code,
    ).toBe('FORBIDDEN');
    const accepted = await c.facilitators.privacy_technical.caller.mitigation.accept({
      review: r.key,
      mitigationId: m.id,
      note: 'Good.',
    });
    expect(accepted.state).toBe('accepted');
    expect(await blockers(c.proposer, r.key)).not.toContain('MITIGATION_OPEN:privacy_technical');
  });

  it('a high risk needs a held live discussion', async () => {
    const r = await reviewed(c, 3);
    await signOffs(c, r.key, {
      privacy_technical: {
        decision: 'approved',
        risk: 'high',
        rationale: 'High risk, approved subject to discussion.',
      },
    });
    expect(await blockers(c.proposer, r.key)).toContain('DISCUSSION_REQUIRED:privacy_technical');
    const d = await c.proposer.caller.discussion.schedule({
      review: r.key,
      area: 'privacy_technical',
      scheduledAt: '2026-12-03T15:00:00Z',
      attendeeIds: [c.facilitators.privacy_technical.id],
      agenda: 'Risk of domain collection.',
    });
    expect(
      (
        await outcome(
          c.proposer.caller.discussion.hold({ review: r.key, discussionId: d.id, notes: 'n', outcome: 'o' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await c.facilitators.privacy_technical.caller.discussion.hold({
      review: r.key,
      discussionId: d.id,
      notes: 'Discussed.',
      outcome: 'Proceed.',
    });
    expect(await blockers(c.proposer, r.key)).not.toContain('DISCUSSION_REQUIRED:privacy_technical');
  });

  it("a whole-review discussion recorded by another area's facilitator does not clear the area (issue 14, hole 4)", async () => {
    const r = await reviewed(c, 3);
    await signOffs(c, r.key, {
      privacy_technical: {
        decision: 'approved',
        risk: 'high',
        rationale: 'High risk, approved subject to discussion.',
      },
    });
    const schedule = () =>
      c.proposer.caller.discussion.schedule({
        review: r.key,
        area: null,
        scheduledAt: '2026-12-03T15:00:00Z',
        attendeeIds: [c.facilitators.security.id],
        agenda: 'The whole review.',
      });
    const alone = await schedule();
    await c.facilitators.security.caller.discussion.hold({
      review: r.key,
      discussionId: alone.id,
      notes: 'Security alone.',
      outcome: 'Fine by security.',
    });
    expect(await blockers(c.proposer, r.key)).toContain('DISCUSSION_REQUIRED:privacy_technical');
    const withArea = await schedule();
    await c.facilitators.privacy_technical.caller.discussion.hold({
      review: r.key,
      discussionId: withArea.id,
      notes: 'Privacy/technical present.',
      outcome: 'Proceed.',
    });
    expect(await blockers(c.proposer, r.key)).not.toContain('DISCUSSION_REQUIRED:privacy_technical');
  });

  it('the precedent is named as DR-n, must be a review the facilitator can read, and is shown on the sign-off (issue 14, hole 5)', async () => {
    const earlier = await reviewed(c, 3);
    // Category 2: not a sensitive review, so facilitators take no part in it.
    const secret = await reviewed(c, 2, { private: true });
    const r = await reviewed(c, 3);
    const record = (precedentReviewId: string | number | null) =>
      c.facilitators.privacy_technical.caller.signOff.record({
        review: r.key,
        area: 'privacy_technical',
        risk: 'low',
        decision: 'approved',
        rationale: 'Clear precedent.',
        precedentReviewId,
      });
    // Not silently dropped: a key the product does not show is refused, naming the field.
    const garbage = await outcome(record('review nine'));
    expect(garbage).toMatchObject({ code: 'BAD_REQUEST' });
    expect(garbage.message).toMatch(/precedentReviewId/);
    // A private review the facilitator cannot read is refused exactly like one that does not exist.
    const hidden = await outcome(record(secret.key));
    expect(hidden.code).toBe('BAD_REQUEST');
    expect(hidden.message).toContain(`${secret.key} is not a review you can read`);
    expect((await outcome(record('DR-999999999'))).message).toContain(
      'DR-999999999 is not a review you can read',
    );
    expect((await outcome(record(r.key))).message).toMatch(/not its own precedent/);
    const s = await record(earlier.key);
    expect(s).toMatchObject({ precedentReviewId: earlier.id, precedentKey: earlier.key });
    const view = await c.outsider.caller.review.get({ review: r.key });
    expect(view.areas.find((a) => a.area === 'privacy_technical')?.current).toMatchObject({
      precedentKey: earlier.key,
    });
  });

  it('review form Q7/Q9 escalate to Trust and Legal: the review waits for their answer and the gate says so (issue 14)', async () => {
    const r = await submittedReview(c, 2);
    const base = dataReview('data-review+');
    const recorded = await c.steward.caller.steward.recordReview({
      review: r.key,
      dataReview: {
        ...base,
        answers: {
          ...base.answers,
          newIdentifiers: { answer: 'yes', note: 'A new client id.' },
          privacyNoticeCoverage: { answer: 'unsure' },
          thirdPartyTool: { answer: 'yes', note: 'A vendor SDK.' },
        },
      },
    });
    expect(recorded.legalTrustReasons).toEqual(['new_identifiers', 'third_party_tool']);
    const gate = await c.proposer.caller.gate.canShip({ review: r.key, channel: 'release' });
    expect(gate.blockers).toMatchObject([
      {
        code: 'LEGAL_TRUST_ANSWER_PENDING',
        owner: { role: 'facilitator', area: 'legal_trust' },
        action: 'answer_legal_trust',
      },
    ]);
    // Only Trust and Legal answer it.
    const refused = await outcome(
      c.facilitators.security.caller.steward.answerLegalTrust({ review: r.key, answer: 'Fine.' }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(await blockers(c.proposer, r.key)).toEqual(['LEGAL_TRUST_ANSWER_PENDING']);
    await c.facilitators.legal_trust.caller.steward.answerLegalTrust({
      review: r.key,
      answer: 'Covered by the privacy notice; the vendor has a data processing agreement.',
    });
    expect(await blockers(c.proposer, r.key)).toEqual([]);
    const again = await outcome(
      c.facilitators.legal_trust.caller.steward.answerLegalTrust({ review: r.key, answer: 'Again.' }),
    );
    expect(again.message).toMatch(/no question waiting/);
  });

  it('withdrawn blocks for good', async () => {
    const r = await reviewed(c, 3);
    expect((await outcome(c.outsider.caller.review.withdraw({ review: r.key }))).code).toBe('FORBIDDEN');
    await c.proposer.caller.review.withdraw({ review: r.key });
    expect(await blockers(c.proposer, r.key)).toEqual(['WITHDRAWN']);
    const again = await outcome(c.proposer.caller.review.withdraw({ review: r.key }));
    expect(again.code).toBe('PRECONDITION_FAILED');
  });
});

describe('visibility', () => {
  it('a private review does not exist for outsiders: reads, lists, search, gate', async () => {
    const r = await reviewed(c, 3, { private: true, bug: '1999999' });
    expect((await outcome(c.outsider.caller.review.get({ review: r.key }))).code).toBe('NOT_FOUND');
    expect((await outcome(c.outsider.caller.review.get({ review: 999_999 }))).code).toBe('NOT_FOUND');
    const listed = await c.outsider.caller.review.list({ q: r.key });
    expect(listed.items).toEqual([]);
    expect((await c.outsider.caller.gate.lookup({ bug: '1999999' })).reviews).toEqual([]);
    expect((await outcome(c.outsider.caller.gate.canShip({ review: r.key, channel: 'release' }))).code).toBe(
      'NOT_FOUND',
    );
    // Participants see it.
    expect((await c.proposer.caller.review.get({ review: r.key })).visibility).toBe('private');
    expect((await c.owner.caller.review.list({ q: r.key })).items.map((x) => x.key)).toEqual([r.key]);
    expect((await c.steward.caller.review.get({ review: r.key })).key).toBe(r.key);
  });

  it('becomes public when shipped, with an audit event', async () => {
    const r = await reviewed(c, 3, { private: true });
    await approveAllAreas(c, r.key);
    await c.proposer.caller.announcement.recordManual({
      review: r.key,
      archiveLink: 'https://example.com/private',
    });
    const shipped = await c.proposer.caller.review.markShipped({ review: r.key });
    expect(shipped.visibility).toBe('public');
    expect((await c.outsider.caller.review.get({ review: r.key })).status).toBe('shipped');
    const timeline = (await c.proposer.caller.review.get({ review: r.key })).timeline.map((e) => e.action);
    expect(timeline.slice(-2)).toEqual(['review.shipped', 'review.made_public']);
  });
});

describe('lists and the inbox', () => {
  it('filters by status and area waiting, paginates with a cursor, and shows what needs my action', async () => {
    const local = await createTestDatabase();
    try {
      const k = await cast(local.db, '-list');
      const a = await reviewed(k, 3);
      const b = await reviewed(k, 3);
      const d = await reviewed(k, 2);
      await signOffs(k, a.key, { privacy_technical: 'approved' });
      const waiting = await k.facilitators.privacy_technical.caller.review.list({
        areaWaiting: 'privacy_technical',
      });
      expect(waiting.items.map((x) => x.key)).toEqual([b.key]);
      const inbox = await k.facilitators.privacy_technical.caller.review.list({ needsMyAction: true });
      expect(inbox.items.map((x) => x.key)).toEqual([b.key]);
      const approved = await k.proposer.caller.review.list({ status: ['approved'] });
      expect(approved.items.map((x) => x.key)).toEqual([d.key]);
      const page1 = await k.proposer.caller.review.list({ limit: 2 });
      expect(page1.items.map((x) => x.key)).toEqual([d.key, b.key]);
      const page2 = await k.proposer.caller.review.list({ limit: 2, cursor: page1.nextCursor! });
      expect(page2.items.map((x) => x.key)).toEqual([a.key]);
      expect(page2.nextCursor).toBeNull();
      // A new revision makes the approval stale: the area waits for the review again.
      const view = await k.proposer.caller.review.get({ review: a.key });
      await k.proposer.caller.review.saveDocumentation({
        review: a.key,
        baseRevision: view.currentRevision,
        form: { ...view.form, analysis: 'Revised.' },
      });
      const again = await k.facilitators.privacy_technical.caller.review.list({
        areaWaiting: 'privacy_technical',
      });
      expect(again.items.map((x) => x.key)).toEqual([b.key, a.key]);
      expect(again.items.find((x) => x.key === a.key)?.waitingAreas).toEqual([
        'privacy_technical',
        'data',
        'legal_trust',
        'security',
      ]);
    } finally {
      await local.drop();
    }
  });
});

describe('idempotency, concurrency and the audit trail', () => {
  it('a repeated idempotency key writes once and returns the first result', async () => {
    const r = await submittedReview(c, 2);
    await c.steward.caller.steward.recordReview({
      review: r.key,
      dataReview: dataReview('data-review-', { returnedQuestions: [{ field: 'analysis', note: 'x' }] }),
    });
    const key = 'save-once-1234';
    const input = {
      review: r.key,
      baseRevision: 1,
      form: completeForm(2, { analysis: 'x' }),
      idempotencyKey: key,
    };
    const first = await c.proposer.caller.review.saveDocumentation(input);
    const second = await c.proposer.caller.review.saveDocumentation(input);
    expect(second).toEqual(first);
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.revisions).toHaveLength(2);
    expect(view.timeline.filter((e) => e.action === 'documentation.revised')).toHaveLength(1);
  });

  it('concurrent edits on one base revision: exactly one wins, the others get CONFLICT', async () => {
    const r = await submittedReview(c, 2);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        outcome(
          c.proposer.caller.review.saveDocumentation({
            review: r.key,
            baseRevision: 1,
            form: completeForm(2, { analysis: `edit ${i}` }),
          }),
        ),
      ),
    );
    expect(results.filter((x) => x.code === 'OK')).toHaveLength(1);
    expect(results.filter((x) => x.code === 'CONFLICT')).toHaveLength(7);
    expect((await c.proposer.caller.review.get({ review: r.key })).currentRevision).toBe(2);
  });

  it('every review chain verifies, and a tampered event is detected', async () => {
    const report = await verifyAuditChains(t.db, verifyChain);
    expect(report.broken).toBeNull();
    expect(report.streams).toBeGreaterThan(5);
    const events = (await readStream(t.db, `review:${(await submittedReview(c, 2)).id}`)).map(auditLink);
    expect(events.map((e) => e.content.action)).toEqual(['review.created', 'review.submitted']);
    const tampered = events.map((l, i) =>
      i === 1 ? { ...l, content: { ...l.content, action: 'forged' } } : l,
    );
    expect(verifyChain(tampered)).toMatchObject({ index: 1, reason: 'hash' });
  });
});
