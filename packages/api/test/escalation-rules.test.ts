import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import {
  completeForm,
  dataReview,
  draftOnRelease,
  type Person,
  reviewed,
  signOffs,
} from '../../../test/review-fixtures.ts';

/**
 * Issue 13/15 rules of escalation, over the real database: a withdrawn review takes no escalation step (SPEC 3,
 * withdrawn is final); a decided escalation is final for its areas (SPEC 9, the policy's "record the final
 * decision"; raising is the open escalation's own step); only an area in dispute is escalated.
 */
const { c } = castPerFile();

const verdict = async (
  who: Person,
  key: string,
  action: string,
  m: { area?: string; escalationId?: number },
) =>
  (await who.caller.review.get({ review: key })).allowedActions.find(
    (v) =>
      v.action === action &&
      (m.area === undefined || v.area === m.area) &&
      (m.escalationId === undefined || v.escalationId === m.escalationId),
  );
const inboxNow = async (who: Person, key: string) =>
  (await who.caller.inbox.mine()).now.filter((s) => s.key === key).map((s) => `${s.step}:${s.area ?? ''}`);

/** Privacy/Technical approves, Data rejects; the proposer escalates Data with Data's facilitator. */
async function dataEscalated() {
  const r = await reviewed(c, 3);
  await signOffs(c, r.key, {
    privacy_technical: 'approved',
    data: { decision: 'rejected', risk: 'high', rationale: 'Domains seen by few users identify them.' },
  });
  const e = await c.proposer.caller.escalation.open({
    review: r.key,
    facilitatorId: c.facilitators.data.id,
    areas: ['data'],
    question: 'May the site list ship with a threshold of 50 users?',
  });
  return { r, e, target: { review: r.key, escalationId: e.id } };
}

describe('a withdrawn review takes no escalation step (SPEC 3: withdrawn is final)', () => {
  it('every escalation command is refused with the reason, and allowedActions says the same', async () => {
    const { r, target } = await dataEscalated();
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'Ship with the threshold.' });
    const m = await c.facilitators.data.caller.escalation.scheduleMeeting({
      ...target,
      scheduledAt: '2026-12-10T16:00:00Z',
      agenda: 'Decide.',
    });
    await c.proposer.caller.review.withdraw({ review: r.key });
    const withdrawn = /withdrawn/;
    // Each command is called in turn (a refusal must not let the next one see a changed escalation).
    const refused = [
      () => c.facilitators.data.caller.escalation.writePaper({ ...target, body: 'Do not ship.' }),
      () => c.facilitators.data.caller.escalation.share(target),
      () => c.owner.caller.escalation.comment({ ...target, body: 'Late.' }),
      () =>
        c.facilitators.data.caller.escalation.scheduleMeeting({
          ...target,
          scheduledAt: '2026-12-11T16:00:00Z',
          agenda: 'Again.',
        }),
      () =>
        c.facilitators.data.caller.escalation.recordMeeting({ ...target, meetingId: m.id, notes: 'Held.' }),
      () => c.owner.caller.escalation.raise(target),
      () =>
        c.owner.caller.escalation.decide({ ...target, decision: { decision: 'proceed', rationale: 'ok' } }),
    ];
    for (const call of refused) {
      const o = await outcome(call());
      expect(o.code).toBe('PRECONDITION_FAILED');
      expect(o.message).toMatch(withdrawn);
    }
    // Nothing was written: the papers are not shared and the escalation is still open at its level.
    const [e] = await c.proposer.caller.escalation.list({ review: r.key });
    expect(e).toMatchObject({ state: 'open', level: 'product_owner', papersShared: false });
    expect(e?.meetings.map((x) => x.state)).toEqual(['scheduled']);
    for (const [who, action] of [
      [c.facilitators.data, 'write_position_paper'],
      [c.facilitators.data, 'share_position_papers'],
      [c.facilitators.data, 'schedule_escalation_meeting'],
      [c.facilitators.data, 'record_escalation_meeting'],
      [c.owner, 'raise_escalation'],
      [c.owner, 'decide_escalation'],
      [c.owner, 'comment_on_escalation'],
    ] as const) {
      const v = await verdict(who, r.key, action, { escalationId: target.escalationId });
      expect(v, action).toMatchObject({ allowed: false });
      expect(v?.reason, action).toMatch(withdrawn);
    }
  });
});

describe('a decided escalation is final for its areas (SPEC 9; the policy: "record the final decision")', () => {
  it('after do_not_ship nobody is offered to escalate the rejection again, and opening one is refused', async () => {
    const { r, target } = await dataEscalated();
    await c.facilitators.data.caller.escalation.writePaper({ ...target, body: 'Do not ship.' });
    await c.facilitators.data.caller.escalation.share(target);
    await c.owner.caller.escalation.decide({
      ...target,
      decision: { decision: 'do_not_ship', rationale: 'Not worth the risk.' },
    });
    expect(await inboxNow(c.proposer, r.key)).not.toContain('open_escalation:data');
    const gate = await c.proposer.caller.gate.canShip({ review: r.key, channel: 'release' });
    // The rejection stays on record, but nobody can clear it any more.
    expect(gate.blockers.find((b) => b.code === 'SIGNOFF_REJECTED')).toMatchObject({
      area: 'data',
      owner: null,
      action: null,
    });
    const again = await outcome(
      c.proposer.caller.escalation.open({
        review: r.key,
        facilitatorId: c.facilitators.data.id,
        areas: ['data'],
        question: 'Once more?',
      }),
    );
    expect(again.code).toBe('PRECONDITION_FAILED');
    expect(again.message).toMatch(/decided: do not ship.*final/);
    const v = await verdict(c.proposer, r.key, 'open_escalation', { area: 'data' });
    expect(v).toMatchObject({ allowed: false, reason: again.message });
    // Raising is the open escalation's own step: a decided one is not raised.
    expect((await verdict(c.owner, r.key, 'raise_escalation', target))?.allowed ?? false).toBe(false);
    expect((await outcome(c.owner.caller.escalation.raise(target))).code).toBe('PRECONDITION_FAILED');
    expect((await c.proposer.caller.escalation.list({ review: r.key })).length).toBe(1);
  });

  it('the screens tour: while the Data escalation is open the proposer is not asked to escalate Data', async () => {
    // The tour's DR-1 step by step: returned once and resubmitted; Privacy/Technical approves, Data rejects at
    // high risk and requests a mitigation the proposer implements; Privacy/Technical requests another; a
    // discussion is scheduled; the proposer escalates Data, the papers are shared and commented on; the
    // announcement is sent.
    const proposer = c.proposer.caller;
    const data = c.facilitators.data.caller;
    const privacy = c.facilitators.privacy_technical.caller;
    const s = await proposer.review.create({
      productId: c.productId,
      title: 'Cookie breakage reports by site',
      channels: [
        { channel: 'release', defaultState: 'off' },
        { channel: 'pre_release', defaultState: 'on' },
      ],
      externalRefs: [{ kind: 'bug', value: '1900001' }],
      visibility: 'public',
      form: completeForm(3),
    });
    await proposer.review.submit({ review: s.key });
    await c.steward.caller.steward.recordReview({ review: s.key, dataReview: dataReview('data-review-') });
    const returned = await proposer.review.get({ review: s.key });
    await proposer.review.saveDocumentation({
      review: s.key,
      baseRevision: returned.currentRevision,
      form: {
        ...returned.form,
        analysis: 'The web compatibility team triages the top domains every Monday.',
      },
    });
    await proposer.review.resubmit({ review: s.key });
    await c.steward.caller.steward.recordReview({ review: s.key, dataReview: dataReview('data-review+') });
    await signOffs(c, s.key, {
      privacy_technical: { decision: 'approved', risk: 'medium', rationale: 'Only the eTLD+1 is sent.' },
      data: { decision: 'rejected', risk: 'high', rationale: 'Domains seen by few users identify them.' },
    });
    const m1 = await data.mitigation.request({
      review: s.key,
      area: 'data',
      kind: 'technical_control',
      description: 'Drop domains seen fewer than 50 times before upload.',
    });
    await proposer.mitigation.proposeRequested({ review: s.key, mitigationId: m1.id });
    const current = await proposer.review.get({ review: s.key });
    await proposer.mitigation.implement({
      review: s.key,
      mitigationId: m1.id,
      revision: current.currentRevision,
    });
    await privacy.mitigation.request({
      review: s.key,
      area: 'privacy_technical',
      kind: 'ux_notice',
      description: 'Say in the breakage reporter that the site is sent.',
    });
    await proposer.discussion.schedule({
      review: s.key,
      area: 'data',
      scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      attendeeIds: [c.facilitators.data.id, c.proposer.id],
      agenda: 'Is a threshold of 50 enough?',
    });
    const before = await inboxNow(c.proposer, s.key);
    expect(before).toContain('open_escalation:data');
    const e = await proposer.escalation.open({
      review: s.key,
      facilitatorId: c.facilitators.data.id,
      areas: ['data'],
      question: 'May the site list ship with a threshold of 50 users?',
    });
    const target = { review: s.key, escalationId: e.id };
    await proposer.escalation.writePaper({ ...target, body: 'Ship with the threshold.' });
    await data.escalation.writePaper({ ...target, body: 'Do not ship: 50 is too low.' });
    await data.escalation.share(target);
    await c.owner.caller.escalation.comment({ ...target, body: 'What does the threshold buy us?' });
    await proposer.announcement.send({ review: s.key });
    const now = await inboxNow(c.proposer, s.key);
    expect(now).toContain('comment_on_escalation:');
    expect(now.filter((x) => x.startsWith('open_escalation'))).toEqual([]);
    expect((await verdict(c.proposer, s.key, 'open_escalation', { area: 'data' }))?.reason).toMatch(
      /escalation of Data Review \(Data\) is open/,
    );
  });
});

describe('only an area in dispute is escalated (SPEC 9: "in the case of a dispute")', () => {
  it('an area with no sign-off, or that approved, is not offered, with the reason in words', async () => {
    const { r } = await dataEscalated();
    for (const area of ['legal_trust', 'security', 'privacy_technical'] as const) {
      const v = await verdict(c.proposer, r.key, 'open_escalation', { area });
      expect(v, area).toMatchObject({ allowed: false });
      expect(v?.reason, area).toMatch(/nothing to escalate/);
      const o = await outcome(
        c.proposer.caller.escalation.open({
          review: r.key,
          facilitatorId: c.facilitators[area].id,
          areas: [area],
          question: 'q',
        }),
      );
      expect(o.code, area).toBe('PRECONDITION_FAILED');
      expect(o.message).toBe(v?.reason);
    }
    expect((await c.proposer.caller.escalation.list({ review: r.key })).length).toBe(1);
  });

  it('a rejection, a request for changes or a requested mitigation may be escalated', async () => {
    const r = await reviewed(c, 3);
    await signOffs(c, r.key, {
      privacy_technical: { decision: 'changes_requested', risk: 'medium', rationale: 'Say more.' },
    });
    await c.facilitators.data.caller.mitigation.request({
      review: r.key,
      area: 'data',
      kind: 'technical_control',
      description: 'Drop rare domains.',
    });
    for (const area of ['privacy_technical', 'data'] as const)
      expect((await verdict(c.proposer, r.key, 'open_escalation', { area }))?.allowed, area).toBe(true);
    expect((await verdict(c.proposer, r.key, 'open_escalation', { area: 'security' }))?.allowed).toBe(false);
  });
});

describe('review.get: submitting an incomplete form, and channels the review does not cover (issue 15)', () => {
  it('submit is refused with what is missing in words; the gate is answered only on covered channels', async () => {
    const r = await draftOnRelease(c, 'Search suggestion clicks', {
      questionsAnswered: 'Which suggestions are picked?',
    });
    const view = await c.proposer.caller.review.get({ review: r.key });
    const submit = view.allowedActions.find((v) => v.action === 'submit');
    expect(submit).toMatchObject({ allowed: false });
    expect(submit?.reason).toMatch(/^The request form is not complete: answer question 2, question 3, /);
    expect(submit?.reason).not.toMatch(/[a-z]+[A-Z][a-z]+|\[\d\]/); // no field keys or paths
    // The write says the same (naming the fields, as every validation does).
    const o = await outcome(c.proposer.caller.review.submit({ review: r.key }));
    expect(o.message).toMatch(/^The request form is incomplete: whyMozillaNeedsIt, /);
    expect(view.canShip.map((g) => g.channel)).toEqual(['release']);
    expect(view.channelsNotCovered).toEqual(['pre_release']);
    // The gate itself still answers for the channel not covered.
    const gate = await c.proposer.caller.gate.canShip({ review: r.key, channel: 'pre_release' });
    expect(gate.blockers.map((b) => b.code)).toContain('CHANNEL_NOT_REQUESTED');
    const complete = await reviewed(c, 2);
    expect((await c.proposer.caller.review.get({ review: complete.key })).channelsNotCovered).toEqual([]);
  });
});
