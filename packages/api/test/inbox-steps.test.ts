import { beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import {
  approveAllAreas,
  completeForm,
  dataReview,
  type Person,
  reviewed,
  signOffs,
  submittedReview,
} from '../../../test/review-fixtures.ts';

/**
 * Issue 13, "tried as a new user would": every role's inbox is built from core's open steps, what I can do
 * now apart from what comes to me once others act (`inbox.mine` now / coming / counts).
 */
const { t, c } = castPerFile();
let requester: Person;
let engineeringOwner: Person;
beforeAll(async () => {
  requester = await person(t.db, 'requester@example.com');
  engineeringOwner = await person(t.db, 'eo@example.com');
});

const now = async (who: Person, key: string) =>
  (await who.caller.inbox.mine()).now.filter((s) => s.key === key).map((s) => s.step);
const coming = async (who: Person, key: string) =>
  (await who.caller.inbox.mine()).coming.filter((s) => s.key === key);

/** A draft created by the proposer for `requester`, with `engineeringOwner` accountable. */
const draft = (category: 1 | 2 | 3 | 4 = 3) =>
  c.proposer.caller.review.create({
    productId: c.productId,
    title: `Inbox steps (category ${category})`,
    channels: [{ channel: 'release', defaultState: 'off' }],
    requesterId: requester.id,
    engineeringOwnerId: engineeringOwner.id,
    form: completeForm(category),
    visibility: 'public',
  });

const sensitive = async () => {
  const r = await draft(3);
  await c.proposer.caller.review.submit({ review: r.key });
  await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
  return r;
};

describe("the proposer's inbox (creator, requester, engineering owner) no longer says nothing waits", () => {
  it('a draft waits for them to submit it', async () => {
    const r = await draft();
    for (const who of [c.proposer, requester, engineeringOwner])
      expect(await now(who, r.key)).toEqual(['submit']);
    const item = (await c.proposer.caller.inbox.mine()).now.find((s) => s.key === r.key)!;
    expect(item).toMatchObject({
      action: 'submit',
      label: 'Submit the request to a data steward',
      waitsOn: [],
      productName: expect.any(String),
      title: r.title,
    });
    expect(item.label).not.toMatch(/[A-Z]{3,}_|_/);
  });

  it('an incomplete draft waits for them to complete the form, naming what is missing; submitting comes after (as review.get allows)', async () => {
    const { analysis: _, ...form } = completeForm(2);
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Inbox steps (incomplete)',
      channels: [{ channel: 'release', defaultState: 'off' }],
      requesterId: requester.id,
      form,
      visibility: 'public',
    });
    const box = await requester.caller.inbox.mine();
    expect(box.now.filter((s) => s.key === r.key).map((s) => [s.step, s.action, s.label])).toEqual([
      ['complete_request_form', 'edit_documentation', 'Complete the request form: answer question 10'],
    ]);
    expect(box.coming.filter((s) => s.key === r.key).map((s) => [s.step, s.waitsOn])).toEqual([
      ['submit', ['the request form completed']],
    ]);
    const view = await requester.caller.review.get({ review: r.key });
    const verdict = (action: string) => view.allowedActions.find((v) => v.action === action);
    expect(verdict('edit_documentation')?.allowed).toBe(true);
    expect(verdict('submit')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('question 10'),
    });
    // Completed, submitting is theirs now.
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: 1,
      form: completeForm(2),
    });
    expect(await now(requester, r.key)).toEqual(['submit']);
  });

  it('a returned review waits for them to revise and resubmit it', async () => {
    const r = await draft(2);
    await c.proposer.caller.review.submit({ review: r.key });
    await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review-') });
    for (const who of [c.proposer, requester, engineeringOwner])
      expect(await now(who, r.key)).toEqual(['resubmit']);
  });

  it('a missing announcement waits for them', async () => {
    const r = await sensitive();
    expect(await now(c.proposer, r.key)).toContain('announce');
    expect(await now(requester, r.key)).toContain('announce');
  });

  it('a mitigation a facilitator requested waits for them', async () => {
    const r = await sensitive();
    const m = await c.facilitators.data.caller.mitigation.request({
      review: r.key,
      area: 'data',
      kind: 'technical_control',
      description: 'Drop rare domains.',
    });
    const items = (await engineeringOwner.caller.inbox.mine()).now.filter((s) => s.mitigationId === m.id);
    expect(items).toMatchObject([{ step: 'propose_mitigation', action: 'move_mitigation', area: 'data' }]);
  });

  it('a mitigation an escalation decision requires waits for them', async () => {
    const r = await sensitive();
    await signOffs(c, r.key, {
      data: { decision: 'rejected', risk: 'high', rationale: 'The URL is not needed.' },
    });
    // A rejection waits for the proposer to escalate it.
    expect(await now(c.proposer, r.key)).toContain('open_escalation');
    const e = await c.proposer.caller.escalation.open({
      review: r.key,
      facilitatorId: c.facilitators.data.id,
      areas: ['data'],
      question: 'Is the URL needed?',
    });
    const target = { review: r.key, escalationId: e.id };
    expect(await now(requester, r.key)).toContain('write_position_paper');
    expect((await coming(c.owner, r.key)).map((s) => s.step)).toEqual(['decide_escalation']);
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'Keep it.' });
    await c.facilitators.data.caller.escalation.writePaper({ ...target, body: 'Drop it.' });
    await c.facilitators.data.caller.escalation.share(target);
    expect(await now(c.owner, r.key)).toEqual(['decide_escalation']);
    await c.owner.caller.escalation.decide({
      ...target,
      decision: {
        decision: 'proceed_with_mitigations',
        rationale: 'Keep it, shortened.',
        mitigations: [{ area: 'data', kind: 'technical_control', description: 'Keep the eTLD+1 only.' }],
      },
    });
    expect(await now(c.proposer, r.key)).toContain('propose_mitigation');
    expect(await now(c.owner, r.key)).toEqual([]);
  });

  it('a question from Legal/Trust (changes requested) waits for them to revise the documentation', async () => {
    const r = await sensitive();
    await signOffs(c, r.key, {
      privacy_technical: 'approved',
      data: 'approved',
      legal_trust: {
        decision: 'changes_requested',
        risk: 'medium',
        rationale: 'Which partner receives the data?',
      },
    });
    expect(await now(c.proposer, r.key)).toContain('revise_documentation');
    // Legal decides again once the proposer has revised: coming to Legal, not now.
    expect(await now(c.facilitators.legal_trust, r.key)).toEqual([]);
    expect(await coming(c.facilitators.legal_trust, r.key)).toMatchObject([
      { step: 'record_sign_off', area: 'legal_trust', waitsOn: ["the proposer's revised documentation"] },
    ]);
  });

  it('a review that may ship waits for them to mark it shipped', async () => {
    const r = await reviewed(c, 2);
    expect(await now(c.proposer, r.key)).toEqual(['mark_shipped']);
  });
});

describe('facilitators, stewards and reviewers', () => {
  it('Legal/Trust and Security see their sign-off as coming, not now, until privacy/technical and data approve', async () => {
    const r = await sensitive();
    for (const area of ['legal_trust', 'security'] as const) {
      const f = c.facilitators[area];
      expect(await now(f, r.key)).toEqual([]);
      const [item] = await coming(f, r.key);
      expect(item).toMatchObject({ step: 'record_sign_off', action: 'record_sign_off', area });
      expect(item?.waitsOn).toEqual(['the Privacy/Technical sign-off', 'the Data sign-off']);
    }
    expect(await now(c.facilitators.privacy_technical, r.key)).toEqual(['record_sign_off']);
    expect(await now(c.facilitators.data, r.key)).toEqual(['record_sign_off']);
    await signOffs(c, r.key, { privacy_technical: 'approved', data: 'approved' });
    expect(await now(c.facilitators.legal_trust, r.key)).toEqual(['record_sign_off']);
    expect(await coming(c.facilitators.security, r.key)).toEqual([]);
    const inbox = await c.facilitators.security.caller.inbox.mine();
    expect(inbox.counts).toEqual({ now: inbox.now.length, coming: inbox.coming.length });
  });

  it('a steward sees a submitted review now; its proposer does not', async () => {
    const r = await submittedReview(c, 2);
    expect(await now(c.steward, r.key)).toEqual(['record_steward_review']);
    expect(await now(c.proposer, r.key)).toEqual([]);
  });

  it('an implemented mitigation waits for its area to judge it', async () => {
    const r = await sensitive();
    const m = await c.facilitators.data.caller.mitigation.request({
      review: r.key,
      area: 'data',
      kind: 'ux_notice',
      description: 'Tell users.',
    });
    await c.proposer.caller.mitigation.proposeRequested({ review: r.key, mitigationId: m.id });
    const v = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.mitigation.implement({
      review: r.key,
      mitigationId: m.id,
      revision: v.currentRevision,
    });
    await approveAllAreas(c, r.key);
    expect(
      (await c.facilitators.data.caller.inbox.mine()).now.filter((s) => s.mitigationId === m.id),
    ).toMatchObject([
      {
        step: 'judge_mitigation',
        label: 'Accept or reject the Data mitigation (a UX change that makes users aware of the risk)',
      },
    ]);
  });
});

describe('a review an escalation decided not to ship (SPEC 9: do_not_ship blocks for good)', () => {
  it('asks nothing more of anyone: no sign-off, announcement or mitigation in any inbox; the gate still says why', async () => {
    const r = await sensitive();
    const target = { review: r.key };
    await c.facilitators.data.caller.signOff.record({
      ...target,
      area: 'data',
      risk: 'high',
      decision: 'rejected',
      rationale: 'Too much.',
    });
    const everyone = [
      c.proposer,
      requester,
      engineeringOwner,
      c.steward,
      c.owner,
      ...Object.values(c.facilitators),
    ];
    // Before the decision the other areas' sign-offs and the announcement wait on someone.
    expect(await now(c.facilitators.privacy_technical, r.key)).toEqual(['record_sign_off']);
    expect(await now(c.proposer, r.key)).toContain('announce');
    expect((await coming(c.facilitators.security, r.key)).map((s) => s.step)).toEqual(['record_sign_off']);
    const e = await c.proposer.caller.escalation.open({
      ...target,
      facilitatorId: c.facilitators.data.id,
      areas: ['data'],
      question: 'Is it enough?',
    });
    const esc = { ...target, escalationId: e.id };
    await c.proposer.caller.escalation.writePaper({ ...esc, body: 'It is.' });
    await c.proposer.caller.escalation.share(esc);
    await c.owner.caller.escalation.decide({
      ...esc,
      decision: { decision: 'do_not_ship', rationale: 'Not this way.' },
    });
    for (const who of everyone) {
      const box = await who.caller.inbox.mine();
      expect([who.email, [...box.now, ...box.coming].filter((s) => s.key === r.key)]).toEqual([
        who.email,
        [],
      ]);
    }
    expect((await c.proposer.caller.review.get(target)).openSteps).toEqual([]);
    const gate = await c.proposer.caller.gate.canShip({ ...target, channel: 'release' });
    expect(gate.blockers.map((b) => b.code)).toContain('DECISION_DO_NOT_SHIP');
    // Nobody is named as able to clear any of them ("Nobody can clear this: it is final" on the review page).
    expect(gate.blockers.filter((b) => b.owner !== null)).toEqual([]);
  });
});
