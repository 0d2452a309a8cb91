import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  assertFormCompleteForSubmission,
  BLOCKER_ORDER,
  BLOCKER_STEPS,
  blocker,
  evaluateCanShip,
  mitigationStep,
  newlyReady,
  openSteps,
  ownersOf,
  type ReviewFacts,
  type ReviewPeople,
  stepLabel,
  stepsFor,
  waitsOnLabels,
} from '../src/index.ts';
import {
  actor,
  approvedSignOff,
  completeForm,
  domainError,
  ENGINEERING_OWNER,
  engineeringOwner,
  facilitator,
  PRODUCT_OWNER as OWNER,
  PROPOSER,
  reviewPeople as people,
  proposer,
  REQUESTER,
  shippableSensitive,
  steward,
} from './fixtures.ts';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const sensitive = (overrides: Partial<ReviewFacts> = {}) =>
  shippableSensitive({ signOffs: [], ...overrides });
const step = (facts: ReviewFacts, p: ReviewPeople, action: string, area?: string) =>
  openSteps(facts, p, NOW).find((s) => s.action === action && (area === undefined || s.area === area));
const verdictOf = (
  facts: ReviewFacts,
  p: ReviewPeople,
  who: ReturnType<typeof actor>,
  action: string,
  area?: string,
) =>
  allowedActions(facts, p, who, NOW).find(
    (v) => v.action === action && (area === undefined || v.area === area),
  );

describe('every gate blocker has an owner and an action', () => {
  it('from the table, except where nobody can clear it', () => {
    for (const code of BLOCKER_ORDER) {
      const b = blocker(code, 'x', 'data');
      if (BLOCKER_STEPS[code] === null) expect([b.owner, b.action]).toEqual([null, null]);
      else expect(b.owner?.role).toBe(BLOCKER_STEPS[code]?.role);
    }
  });
  it('a missing sign-off belongs to the facilitators of its area; Trust approval to legal_trust', () => {
    expect(blocker('SIGNOFF_MISSING', 'x', 'security').owner).toEqual({
      role: 'facilitator',
      area: 'security',
    });
    expect(blocker('TRUST_APPROVAL_MISSING', 'x').owner).toEqual({
      role: 'facilitator',
      area: 'legal_trust',
    });
  });
  it('an open mitigation belongs to whoever moves it next', () => {
    expect(mitigationStep({ area: 'data', state: 'requested' })).toMatchObject({
      role: 'proposer',
      action: 'propose_mitigation',
    });
    expect(mitigationStep({ area: 'data', state: 'proposed' })).toMatchObject({
      role: 'proposer',
      action: 'implement_mitigation',
    });
    expect(mitigationStep({ area: 'data', state: 'implemented' })).toMatchObject({
      role: 'facilitator',
      action: 'judge_mitigation',
    });
    expect(mitigationStep({ area: 'data', state: 'rejected' })).toMatchObject({
      role: 'proposer',
      action: 'revise_mitigation',
    });
    const r = evaluateCanShip(
      sensitive({ mitigations: [{ id: 8, area: 'data', kind: 'other', state: 'implemented' }] }),
      'release',
      NOW,
    );
    expect(r.blockers.find((b) => b.code === 'MITIGATION_OPEN')).toMatchObject({
      owner: { role: 'facilitator', area: 'data' },
      action: 'judge_mitigation',
      mitigationId: 8,
    });
  });
  it('an announcement not sent is the proposer’s; one queued is the outbox’s', () => {
    const none = evaluateCanShip(sensitive({ announcement: { state: 'none' } }), 'release', NOW);
    const queued = evaluateCanShip(sensitive({ announcement: { state: 'queued' } }), 'release', NOW);
    expect(none.blockers.find((b) => b.code === 'ANNOUNCEMENT_MISSING')?.owner).toEqual({ role: 'proposer' });
    expect(queued.blockers.find((b) => b.code === 'ANNOUNCEMENT_MISSING')?.action).toBe(
      'deliver_announcement',
    );
  });
});

describe('openSteps: who acts next', () => {
  it('a draft waits for the proposer’s side to submit it', () => {
    const s = step(sensitive({ status: 'draft', category: null, stewardOutcome: null }), people(), 'submit');
    expect(s).toMatchObject({
      owner: { role: 'proposer', personIds: [PROPOSER, REQUESTER, ENGINEERING_OWNER] },
      ready: true,
    });
  });
  it('a submitted review waits for any data steward who is not on the proposer’s side', () => {
    const s = step(
      sensitive({ status: 'submitted', category: null, stewardOutcome: null }),
      people({ stewardIds: [10, PROPOSER] }),
      'record_steward_review',
    );
    expect(s?.owner.personIds).toEqual([10]);
  });
  it('legal_trust and security wait for privacy_technical and data (SPEC 5), naming them', () => {
    const s = step(sensitive(), people(), 'record_sign_off', 'legal_trust');
    expect(s).toMatchObject({ ready: false, owner: { personIds: [22] } });
    expect(s?.waitsFor).toEqual([
      { action: 'record_sign_off', area: 'privacy_technical' },
      { action: 'record_sign_off', area: 'data' },
    ]);
    expect(step(sensitive(), people(), 'record_sign_off', 'data')?.ready).toBe(true);
    const afterFirst = sensitive({
      signOffs: [approvedSignOff('privacy_technical', 2), approvedSignOff('data', 2)],
    });
    expect(step(afterFirst, people(), 'record_sign_off', 'legal_trust')?.ready).toBe(true);
  });
  it('a facilitator on the proposer’s side is never an owner of a sign-off', () => {
    const s = step(
      sensitive(),
      people({
        facilitators: {
          privacy_technical: [20, ENGINEERING_OWNER],
          data: [21],
          legal_trust: [22],
          security: [23],
        },
      }),
      'record_sign_off',
      'privacy_technical',
    );
    expect(s?.owner.personIds).toEqual([20]);
  });
  it('an area that asked for changes: the proposer revises now, the area decides again after', () => {
    const facts = sensitive({ signOffs: [approvedSignOff('data', 2, { decision: 'changes_requested' })] });
    expect(step(facts, people(), 'revise_documentation')).toMatchObject({
      ready: true,
      owner: { role: 'proposer' },
    });
    expect(step(facts, people(), 'record_sign_off', 'data')).toMatchObject({
      ready: false,
      waitsFor: [{ action: 'revise_documentation' }],
    });
  });
  it('an escalation: parties write papers, then the opener shares them, then the decision maker decides', () => {
    const facts = shippableSensitive({
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }],
    });
    const e = {
      id: 5,
      level: 'product_owner' as const,
      openedBy: PROPOSER,
      facilitatorId: 21,
      papersShared: false,
      paperAuthorIds: [],
      commenterIds: [],
    };
    const before = openSteps(facts, people({ escalations: [e] }), NOW);
    expect(before.find((s) => s.action === 'write_position_paper')?.owner.personIds).toEqual([
      PROPOSER,
      REQUESTER,
      ENGINEERING_OWNER,
      21,
    ]);
    expect(before.find((s) => s.action === 'share_position_papers')).toMatchObject({ ready: false });
    expect(before.find((s) => s.action === 'decide_escalation')).toMatchObject({
      ready: false,
      owner: { personIds: [OWNER] },
    });
    const shared = openSteps(
      facts,
      people({ escalations: [{ ...e, papersShared: true, paperAuthorIds: [PROPOSER], level: 'cpo' }] }),
      NOW,
    );
    expect(shared.find((s) => s.action === 'decide_escalation')).toMatchObject({
      ready: true,
      owner: { personIds: [40] },
    });
    expect(shared.find((s) => s.action === 'comment_on_escalation')?.owner.personIds).toContain(21);
  });
  it('a rejection: the proposer may escalate it; once escalated, the escalation’s steps replace that step', () => {
    const rejected = sensitive({
      signOffs: [approvedSignOff('security', 2, { decision: 'rejected' })],
    });
    expect(step(rejected, people(), 'open_escalation', 'security')).toMatchObject({
      ready: true,
      owner: { personIds: [PROPOSER, REQUESTER, ENGINEERING_OWNER] },
    });
    const escalated = sensitive({
      signOffs: [approvedSignOff('security', 2, { decision: 'rejected' })],
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['security'] }],
    });
    expect(step(escalated, people(), 'open_escalation')).toBeUndefined();
  });
  it('after do_not_ship the rejection is final: nobody is asked to escalate it again (SPEC 9)', () => {
    const decided = sensitive({
      signOffs: [
        approvedSignOff('security', 2, { decision: 'rejected' }),
        approvedSignOff('data', 2, { decision: 'changes_requested' }),
      ],
      escalations: [{ id: 5, state: 'decided', decision: 'do_not_ship', areas: ['security', 'data'] }],
    });
    const steps = openSteps(decided, people(), NOW);
    expect(steps.filter((s) => s.action === 'open_escalation')).toEqual([]);
    // Nor revise for an area whose objection is final, nor decide that area again after a revision.
    expect(steps.filter((s) => s.area === 'data' || s.area === 'security')).toEqual([]);
    const gate = evaluateCanShip(decided, 'release', NOW);
    expect(
      gate.blockers
        .filter((b) => b.area === 'security' || b.area === 'data')
        .map((b) => [b.code, b.owner, b.action]),
    ).toEqual([
      ['CHANGES_REQUESTED', null, null],
      ['SIGNOFF_REJECTED', null, null],
    ]);
    expect(gate.blockers.find((b) => b.code === 'DECISION_DO_NOT_SHIP')).toMatchObject({ owner: null });
    const v = verdictOf(decided, people(), proposer, 'open_escalation', 'security');
    expect(v).toMatchObject({ allowed: false });
    expect(v?.reason).toMatch(/decided: do not ship\. The decision is final\./);
  });
  it('open_escalation per area: only an area in dispute, with the reason in words for the others', () => {
    const rejected = sensitive({
      signOffs: [
        approvedSignOff('privacy_technical', 2),
        approvedSignOff('security', 2, { decision: 'rejected' }),
      ],
    });
    const verdicts = allowedActions(rejected, people(), proposer, NOW).filter(
      (v) => v.action === 'open_escalation',
    );
    expect(verdicts.map((v) => [v.area, v.allowed])).toEqual([
      ['privacy_technical', false],
      ['data', false],
      ['legal_trust', false],
      ['security', true],
    ]);
    expect(verdicts.find((v) => v.area === 'legal_trust')?.reason).toBe(
      'Legal/Trust Review (Legal) has not signed off yet and has no mitigation in dispute: there is nothing to escalate.',
    );
    expect(verdicts.find((v) => v.area === 'privacy_technical')?.reason).toMatch(
      /approved the current revision/,
    );
  });
  it('a withdrawn review: its open escalation’s actions are refused, saying withdrawn is final (SPEC 3)', () => {
    const e = {
      id: 5,
      level: 'product_owner' as const,
      openedBy: PROPOSER,
      facilitatorId: 21,
      papersShared: true,
      paperAuthorIds: [PROPOSER],
      commenterIds: [],
    };
    const facts = (status: 'sensitive_review' | 'withdrawn') =>
      sensitive({ status, escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }] });
    const of = (status: 'sensitive_review' | 'withdrawn', who: ReturnType<typeof actor>) =>
      allowedActions(facts(status), people({ escalations: [e] }), who, NOW, {
        discussions: [],
        meetings: [{ id: 9, escalationId: 5, state: 'scheduled' }],
      }).filter((v) => v.escalationId === 5);
    expect(of('sensitive_review', actor(OWNER)).find((v) => v.action === 'decide_escalation')?.allowed).toBe(
      true,
    );
    for (const who of [actor(OWNER), facilitator('data'), proposer]) {
      const vs = of('withdrawn', who);
      expect(vs.map((v) => v.action).sort()).toEqual([
        'comment_on_escalation',
        'decide_escalation',
        'raise_escalation',
        'record_escalation_meeting',
        'schedule_escalation_meeting',
        'share_position_papers',
        'write_position_paper',
      ]);
      for (const v of vs) {
        expect(v.allowed, v.action).toBe(false);
        expect(v.reason, v.action).toBe(
          'The proposer withdrew this review, and withdrawn is final: its escalation takes no further step.',
        );
      }
    }
  });
  it('a withdrawn review has no open step, not even of an escalation left open on it (SPEC 3)', () => {
    const e = {
      id: 5,
      level: 'product_owner' as const,
      openedBy: 21,
      facilitatorId: 21,
      papersShared: false,
      paperAuthorIds: [],
      commenterIds: [],
    };
    const escalated = (status: 'sensitive_review' | 'withdrawn') =>
      openSteps(
        sensitive({ status, escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }] }),
        people({ escalations: [e] }),
        NOW,
      );
    expect(escalated('sensitive_review').map((s) => s.action)).toContain('write_position_paper');
    expect(escalated('withdrawn')).toEqual([]);
  });
  it('nothing blocks: the proposer marks it shipped', () => {
    expect(step(shippableSensitive(), people(), 'mark_shipped')?.owner.personIds).toContain(PROPOSER);
  });
  it('stepsFor: what I can do now, and what comes to me once others act', () => {
    const steps = openSteps(sensitive({ announcement: { state: 'none' } }), people(), NOW);
    expect(stepsFor(steps, 22).now).toEqual([]);
    expect(stepsFor(steps, 22).later.map((s) => s.action)).toEqual(['record_sign_off']);
    expect(stepsFor(steps, 21).now.map((s) => s.area)).toContain('data');
    expect(stepsFor(steps, PROPOSER).now.map((s) => s.action)).toContain('announce');
  });
});

describe('the owners of open steps: who mail goes to (SPEC 15)', () => {
  const withEo = people({
    facilitators: {
      privacy_technical: [20, ENGINEERING_OWNER],
      data: [21, 24],
      legal_trust: [22],
      security: [23, 21],
    },
  });
  it('ownersOf: everyone who must act on the chosen steps, once each, never the proposer’s side as judge', () => {
    const steps = openSteps(sensitive({ announcement: { state: 'none' } }), withEo, NOW);
    const signOffs = (s: (typeof steps)[number]) => s.action === 'record_sign_off';
    expect(ownersOf(steps, (s) => signOffs(s) && s.ready).sort()).toEqual([20, 21, 24]);
    expect(ownersOf(steps, (s) => signOffs(s) && !s.ready).sort()).toEqual([21, 22, 23]);
    expect(ownersOf(steps, (s) => s.action === 'announce')).toEqual([PROPOSER, REQUESTER, ENGINEERING_OWNER]);
    expect(ownersOf(steps, () => false)).toEqual([]);
  });
  it('newlyReady: Legal/Trust and Security become ready once Privacy/Technical and Data approved', () => {
    const before = openSteps(
      sensitive({ signOffs: [approvedSignOff('privacy_technical', 2)] }),
      people(),
      NOW,
    );
    const after = openSteps(
      sensitive({ signOffs: [approvedSignOff('privacy_technical', 2), approvedSignOff('data', 2)] }),
      people(),
      NOW,
    );
    expect(
      newlyReady(before, after)
        .filter((s) => s.action === 'record_sign_off')
        .map((s) => s.area),
    ).toEqual(['legal_trust', 'security']);
    // A step ready before and after is not new; nothing is new without a change.
    expect(newlyReady(after, after)).toEqual([]);
    expect(newlyReady(before, after).some((s) => s.action === 'announce')).toBe(false);
  });
  it('newlyReady: a step that just opened counts as well (the caller decides which it announces)', () => {
    const draft = openSteps(
      sensitive({ status: 'draft', category: null, stewardOutcome: null }),
      people(),
      NOW,
    );
    expect(newlyReady([], draft).map((s) => s.action)).toEqual(['submit']);
  });
});

describe('allowedActions: the same rules that refuse the writes', () => {
  it('legal_trust may not sign off before its turn, and is told why', () => {
    const v = verdictOf(
      sensitive(),
      people(),
      facilitator('legal_trust', 22),
      'record_sign_off',
      'legal_trust',
    );
    expect(v?.allowed).toBe(false);
    expect(v?.reason).toContain(
      'until Privacy/Technical Review (Office of the Firefox CTO) and Data Review (Data) have approved',
    );
    expect(
      verdictOf(sensitive(), people(), facilitator('data', 21), 'record_sign_off', 'data')?.allowed,
    ).toBe(true);
  });
  it('the proposer’s side (creator, requester, engineering owner) never judges the collection', () => {
    const p = people();
    for (const who of [
      actor(PROPOSER, { facilitatorAreas: ['data'], isSteward: true }),
      actor(REQUESTER, { facilitatorAreas: ['data'] }),
      actor(ENGINEERING_OWNER, { facilitatorAreas: ['data'] }),
    ]) {
      const v = verdictOf(sensitive(), p, who, 'record_sign_off', 'data');
      expect(v?.allowed).toBe(false);
      expect(v?.reason).toMatch(/proposer's side .* may not sign off/);
    }
    const submitted = sensitive({ status: 'submitted', category: null, stewardOutcome: null });
    expect(
      verdictOf(submitted, p, actor(PROPOSER, { isSteward: true }), 'record_steward_review')?.allowed,
    ).toBe(false);
    expect(verdictOf(submitted, p, steward, 'record_steward_review')?.allowed).toBe(true);
  });
  it('only the proposer’s side submits, edits and announces', () => {
    const draft = sensitive({ status: 'draft', category: null, stewardOutcome: null });
    expect(verdictOf(draft, people(), proposer, 'submit')?.allowed).toBe(true);
    expect(verdictOf(draft, people(), engineeringOwner, 'edit_documentation')?.allowed).toBe(true);
    expect(verdictOf(draft, people(), actor(REQUESTER), 'submit')?.allowed).toBe(true);
    const v = verdictOf(draft, people(), facilitator('data'), 'submit');
    expect(v).toMatchObject({ allowed: false, reason: expect.stringContaining('Only the proposer') });
  });
  it('submit and resubmit: refused while the request form is incomplete, naming what is missing in words', () => {
    const draft = sensitive({ status: 'draft', category: null, stewardOutcome: null });
    const submitWith = (form: Parameters<typeof allowedActions>[4] extends infer R ? R : never) =>
      allowedActions(draft, people(), proposer, NOW, form).find((v) => v.action === 'submit');
    const full = completeForm();
    expect(submitWith({ discussions: [], meetings: [], form: full })).toMatchObject({ allowed: true });
    const gaps = {
      ...full,
      analysis: '',
      measurements: [{ ...full.measurements[0]!, trackingBug: '' }],
      implementationDetails: undefined,
    };
    expect(submitWith({ discussions: [], meetings: [], form: gaps })).toEqual({
      action: 'submit',
      allowed: false,
      reason:
        'The request form is not complete: answer the tracking bug of measurement 1 and question 10 before it goes to a data steward.',
    });
    // The same rule the submit command applies (missingForSubmission), so the button and the write agree.
    expect(domainError(() => assertFormCompleteForSubmission(gaps)).details).toMatchObject({
      missing: ['measurements[0].trackingBug', 'analysis'],
    });
    const returned = sensitive({ status: 'returned', stewardOutcome: 'data-review-' });
    const resubmit = allowedActions(returned, people(), proposer, NOW, {
      discussions: [],
      meetings: [],
      form: { ...full, questionsAnswered: ' ' },
    }).find((v) => v.action === 'resubmit');
    expect(resubmit?.reason).toBe(
      'The request form is not complete: answer question 1 before it goes to a data steward.',
    );
  });
  it('marking shipped is refused with the blockers named', () => {
    const v = verdictOf(sensitive(), people(), proposer, 'mark_shipped');
    expect(v?.allowed).toBe(false);
    expect(v?.reason).toContain('has not signed off');
    expect(v?.reason).not.toContain('SIGNOFF_MISSING');
    expect(verdictOf(shippableSensitive(), people(), proposer, 'mark_shipped')?.allowed).toBe(true);
  });
  it('only the decision maker of the current level decides, and not before the papers are shared', () => {
    const facts = shippableSensitive({
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }],
    });
    const e = {
      id: 5,
      level: 'product_owner' as const,
      openedBy: PROPOSER,
      facilitatorId: 21,
      papersShared: false,
      paperAuthorIds: [PROPOSER],
      commenterIds: [],
    };
    const ownerActor = actor(OWNER);
    expect(verdictOf(facts, people({ escalations: [e] }), ownerActor, 'decide_escalation')?.reason).toContain(
      'after the position papers are shared',
    );
    expect(
      verdictOf(
        facts,
        people({ escalations: [{ ...e, papersShared: true }] }),
        ownerActor,
        'decide_escalation',
      )?.allowed,
    ).toBe(true);
    expect(
      verdictOf(
        facts,
        people({ escalations: [{ ...e, papersShared: true }] }),
        actor(40, { executiveRole: 'cpo' }),
        'decide_escalation',
      )?.allowed,
    ).toBe(false);
    // A product owner who proposed the collection does not decide its escalation.
    const own = people({ escalations: [{ ...e, papersShared: true }], productOwnerId: PROPOSER });
    expect(verdictOf(facts, own, proposer, 'decide_escalation')?.reason).toMatch(
      /may not decide its escalation/,
    );
  });
  it('a mitigation: the proposer implements, the area’s facilitator judges', () => {
    const facts = sensitive({ mitigations: [{ id: 8, area: 'data', kind: 'other', state: 'implemented' }] });
    const moves = (who: ReturnType<typeof actor>) =>
      allowedActions(facts, people(), who, NOW)
        .filter((v) => v.action === 'move_mitigation' && v.allowed)
        .map((v) => v.move);
    expect(moves(facilitator('data', 21))).toEqual(['accept', 'reject']);
    expect(moves(proposer)).toEqual(['withdraw']);
    expect(moves(actor(ENGINEERING_OWNER, { facilitatorAreas: ['data'] }))).toEqual(['withdraw']);
  });
});

describe('allowedActions: comments, discussions, escalation meetings and raising (issue 13)', () => {
  const verdictsOf = (
    facts: ReviewFacts,
    p: ReviewPeople,
    who: ReturnType<typeof actor>,
    records: Parameters<typeof allowedActions>[4] = { discussions: [], meetings: [] },
  ) => allowedActions(facts, p, who, NOW, records);
  const one = (
    vs: ReturnType<typeof verdictsOf>,
    action: string,
    m: { area?: string | null; discussionId?: number; meetingId?: number; escalationId?: number } = {},
  ) =>
    vs.find(
      (v) =>
        v.action === action &&
        (m.area === undefined || (m.area === null ? v.area === undefined : v.area === m.area)) &&
        (m.discussionId === undefined || v.discussionId === m.discussionId) &&
        (m.meetingId === undefined || v.meetingId === m.meetingId) &&
        (m.escalationId === undefined || v.escalationId === m.escalationId),
    );

  it('comment_on_area: the area’s facilitators and reviewers and the proposer’s side, during the sensitive review', () => {
    const p = people({ reviewers: [{ area: 'data', personId: 50 }] });
    const data = { area: 'data' };
    expect(one(verdictsOf(sensitive(), p, facilitator('data')), 'comment_on_area', data)?.allowed).toBe(true);
    expect(one(verdictsOf(sensitive(), p, actor(50)), 'comment_on_area', data)?.allowed).toBe(true);
    expect(one(verdictsOf(sensitive(), p, proposer), 'comment_on_area', data)?.allowed).toBe(true);
    expect(one(verdictsOf(sensitive(), p, actor(50)), 'comment_on_area', { area: 'security' })).toMatchObject(
      {
        allowed: false,
        reason: expect.stringContaining(
          'Only the facilitators and reviewers of Security Review (Office of the CSO), and the proposer',
        ),
      },
    );
    expect(one(verdictsOf(sensitive(), p, actor(99)), 'comment_on_area', data)?.allowed).toBe(false);
    const shipped = sensitive({ status: 'shipped' });
    expect(one(verdictsOf(shipped, p, facilitator('data')), 'comment_on_area', data)).toMatchObject({
      allowed: false,
      reason: 'Area comments belong to the sensitive review; this review is shipped.',
    });
  });

  it('schedule_discussion: the proposer or a facilitator of the area; of the whole review, any facilitator', () => {
    const p = people();
    expect(
      one(verdictsOf(sensitive(), p, proposer), 'schedule_discussion', { area: 'security' })?.allowed,
    ).toBe(true);
    expect(
      one(verdictsOf(sensitive(), p, facilitator('data')), 'schedule_discussion', { area: 'data' })?.allowed,
    ).toBe(true);
    expect(
      one(verdictsOf(sensitive(), p, facilitator('data')), 'schedule_discussion', { area: 'security' }),
    ).toMatchObject({
      allowed: false,
      reason: 'Only the proposer or a facilitator of the area may do this.',
    });
    expect(
      one(verdictsOf(sensitive(), p, facilitator('data')), 'schedule_discussion', { area: null })?.allowed,
    ).toBe(true);
    expect(one(verdictsOf(sensitive(), p, actor(99)), 'schedule_discussion', { area: null })?.allowed).toBe(
      false,
    );
    expect(
      one(verdictsOf(sensitive({ status: 'approved' }), p, proposer), 'schedule_discussion', { area: null }),
    ).toMatchObject({
      allowed: false,
      reason: 'Live discussions belong to the sensitive review; this review is approved.',
    });
  });

  it('hold_discussion and cancel_discussion: per scheduled discussion; only a facilitator of its area holds it', () => {
    const records = {
      discussions: [
        { id: 7, area: 'security' as const, state: 'scheduled' as const },
        { id: 8, area: null, state: 'held' as const },
      ],
      meetings: [],
    };
    const p = people();
    const asSecurity = verdictsOf(sensitive(), p, facilitator('security'), records);
    expect(one(asSecurity, 'hold_discussion', { discussionId: 7 })).toMatchObject({
      allowed: true,
      area: 'security',
    });
    expect(one(asSecurity, 'cancel_discussion', { discussionId: 7 })?.allowed).toBe(true);
    const asProposer = verdictsOf(sensitive(), p, proposer, records);
    expect(one(asProposer, 'hold_discussion', { discussionId: 7 })).toMatchObject({
      allowed: false,
      reason: 'Only a facilitator of the area records a discussion as held.',
    });
    expect(one(asProposer, 'cancel_discussion', { discussionId: 7 })?.allowed).toBe(true);
    expect(
      one(verdictsOf(sensitive(), p, facilitator('data'), records), 'cancel_discussion', { discussionId: 7 })
        ?.allowed,
    ).toBe(false);
    // A held discussion has no move left: no verdict about it.
    expect(asSecurity.filter((v) => v.discussionId === 8)).toEqual([]);
  });

  const escalation = {
    id: 5,
    level: 'product_owner' as const,
    openedBy: PROPOSER,
    facilitatorId: 23,
    papersShared: true,
    paperAuthorIds: [PROPOSER, 23],
    commenterIds: [],
  };
  const open = sensitive({ escalations: [{ id: 5, state: 'open', decision: null, areas: ['security'] }] });
  const meetings = {
    discussions: [],
    meetings: [
      { id: 3, escalationId: 5, state: 'scheduled' },
      { id: 4, escalationId: 5, state: 'held' },
    ],
  };

  it('schedule_escalation_meeting and record_escalation_meeting: the escalating party or the facilitator working with them', () => {
    const p = people({ escalations: [escalation] });
    for (const who of [proposer, facilitator('security')]) {
      const vs = verdictsOf(open, p, who, meetings);
      expect(one(vs, 'schedule_escalation_meeting', { escalationId: 5 })?.allowed).toBe(true);
      expect(one(vs, 'record_escalation_meeting', { meetingId: 3 })).toMatchObject({
        allowed: true,
        escalationId: 5,
      });
      expect(one(vs, 'record_escalation_meeting', { meetingId: 4 })).toBeUndefined(); // held already
    }
    for (const who of [actor(OWNER), actor(REQUESTER), facilitator('data')]) {
      const vs = verdictsOf(open, p, who, meetings);
      expect(one(vs, 'schedule_escalation_meeting', { escalationId: 5 })).toMatchObject({
        allowed: false,
        reason: 'Only the escalating party or the facilitator working with them arranges the meeting.',
      });
      expect(one(vs, 'record_escalation_meeting', { meetingId: 3 })?.allowed).toBe(false);
    }
  });

  it('raise_escalation: the facilitator or the current decision maker, and not above the CEO', () => {
    const p = people({ escalations: [escalation] });
    expect(one(verdictsOf(open, p, facilitator('security')), 'raise_escalation')?.allowed).toBe(true);
    expect(one(verdictsOf(open, p, actor(OWNER)), 'raise_escalation')?.allowed).toBe(true);
    expect(one(verdictsOf(open, p, proposer), 'raise_escalation')).toMatchObject({
      allowed: false,
      reason: 'Only the facilitator or the current decision maker raises an escalation.',
    });
    const atCeo = people({ escalations: [{ ...escalation, level: 'ceo' }] });
    expect(
      one(verdictsOf(open, atCeo, actor(41, { executiveRole: 'ceo' })), 'raise_escalation'),
    ).toMatchObject({
      allowed: false,
      reason: 'The escalation is already at the CEO; it cannot be raised further.',
    });
  });

  it('a decided escalation offers none of them', () => {
    const decided = sensitive({
      escalations: [{ id: 5, state: 'decided', decision: 'proceed', areas: ['security'] }],
    });
    const vs = verdictsOf(decided, people({ escalations: [escalation] }), facilitator('security'), meetings);
    expect(vs.filter((v) => v.escalationId === 5)).toEqual([]);
  });
});

describe('the open steps say only what their owner may do now (issue 13)', () => {
  const draft = (overrides: Partial<ReviewFacts> = {}) =>
    sensitive({ status: 'draft', category: null, stewardOutcome: null, ...overrides });
  it('after do_not_ship a review can never ship: no sign-off, announcement or mitigation is asked of anyone (SPEC 9)', () => {
    const decided = sensitive({
      signOffs: [approvedSignOff('security', 2, { decision: 'rejected' })],
      announcement: { state: 'none' },
      mitigations: [{ id: 8, area: 'data', kind: 'other', state: 'requested' }],
      escalations: [{ id: 5, state: 'decided', decision: 'do_not_ship', areas: ['security'] }],
    });
    // Before the decision the other areas, the announcement and the mitigation all waited on someone.
    const open = { ...decided, escalations: [] };
    expect(openSteps(open, people(), NOW).map((s) => s.action)).toEqual(
      expect.arrayContaining(['record_sign_off', 'announce', 'propose_mitigation']),
    );
    expect(openSteps(decided, people(), NOW)).toEqual([]);
    // The gate still says why, naming nobody who could clear a blocker; the proposer may still withdraw it.
    const gate = evaluateCanShip(decided, 'release', NOW).blockers;
    expect(gate.map((b) => b.code)).toEqual(
      expect.arrayContaining([
        'SIGNOFF_MISSING',
        'ANNOUNCEMENT_MISSING',
        'MITIGATION_OPEN',
        'DECISION_DO_NOT_SHIP',
      ]),
    );
    expect(gate.filter((b) => b.owner !== null || b.action !== null)).toEqual([]);
    expect(verdictOf(decided, people(), proposer, 'withdraw')?.allowed).toBe(true);
  });
  it('an incomplete draft: the proposer completes the form now, naming what is missing; submitting comes after', () => {
    const facts = draft({ submissionMissing: ['analysis', 'measurements[0].trackingBug'] });
    const steps = openSteps(facts, people(), NOW);
    expect(steps.map((s) => [s.action, s.ready, s.waitsFor])).toEqual([
      ['complete_request_form', true, []],
      ['submit', false, [{ action: 'complete_request_form' }]],
    ]);
    expect(stepLabel(steps[0]!, facts)).toBe(
      'Complete the request form: answer question 10 and the tracking bug of measurement 1',
    );
    expect(waitsOnLabels(steps[1]!)).toEqual(['the request form completed']);
    // allowedActions agrees: editing is allowed now, submitting is refused with the same words.
    expect(verdictOf(facts, people(), proposer, 'edit_documentation')?.allowed).toBe(true);
    expect(verdictOf(facts, people(), proposer, 'submit')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('answer question 10 and the tracking bug of measurement 1'),
    });
    // Complete: submitting is the step, and allowed.
    const complete = draft({ submissionMissing: [] });
    expect(openSteps(complete, people(), NOW).map((s) => [s.action, s.ready])).toEqual([['submit', true]]);
    expect(verdictOf(complete, people(), proposer, 'submit')?.allowed).toBe(true);
  });
  it('a returned request with an incomplete form: complete it, then resubmit', () => {
    const facts = sensitive({
      status: 'returned',
      stewardOutcome: 'data-review-',
      signOffs: [],
      submissionMissing: ['analysis'],
    });
    expect(
      openSteps(facts, people(), NOW)
        .filter((s) => s.owner.role === 'proposer')
        .map((s) => [s.action, s.ready]),
    ).toEqual([
      ['complete_request_form', true],
      ['resubmit', false],
    ]);
  });
  it('a draft whose collection period has ended changes it in the form: no renewal is asked before approval', () => {
    const facts = draft({ collectionExpires: '2025-01-31', submissionMissing: [] });
    const steps = openSteps(facts, people(), NOW);
    expect(steps.map((s) => s.action)).toEqual(['submit', 'revise_documentation']);
    expect(steps.find((s) => s.action === 'revise_documentation')?.blocker).toBe('COLLECTION_EXPIRED');
    expect(verdictOf(facts, people(), proposer, 'request_renewal')?.allowed).toBe(false);
    expect(evaluateCanShip(facts, 'release', NOW).blockers.at(-1)?.message).toMatch(
      /change it in the request form \(question 7\)/,
    );
  });
  it('a product owner on the proposer’s side is not asked to decide their own escalation (it goes up a level)', () => {
    const facts = sensitive({ escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }] });
    const p = people({
      productOwnerId: ENGINEERING_OWNER,
      escalations: [
        {
          id: 5,
          level: 'product_owner',
          openedBy: 21,
          facilitatorId: 21,
          papersShared: true,
          paperAuthorIds: [21],
          commenterIds: [],
        },
      ],
    });
    expect(step(facts, p, 'decide_escalation')?.owner.personIds).toEqual([]);
    expect(
      allowedActions(facts, p, engineeringOwner, NOW).find((v) => v.action === 'decide_escalation')?.allowed,
    ).toBe(false);
  });
});
