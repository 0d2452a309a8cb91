import { describe, expect, it } from 'vitest';
import {
  areasRequiringDiscussion,
  areasResolvedByEscalation,
  assertMayCommentOnEscalation,
  assertMayDecideEscalation,
  assertMayManageMeeting,
  assertMayOpenEscalation,
  assertMayRaise,
  assertMayRecordMeeting,
  assertMaySharePapers,
  assertMayWritePositionPaper,
  assertReplyInEscalationThread,
  escalationDecisionSchema,
  hasHeldDiscussion,
  heldForAreas,
  mayReadPositionPaper,
  moveDiscussion,
  nextEscalationLevel,
  scheduleDiscussionSchema,
  whyNotInDispute,
} from '../src/index.ts';
import { actor, approvedSignOff, domainError, facilitator, outsider, proposer, review } from './fixtures.ts';

const sensitive = review('sensitive_review');
/** Legal/Trust rejected the current revision: an area in dispute. */
const inDispute = {
  currentRevision: 2,
  signOffs: [approvedSignOff('legal_trust', 2, { decision: 'rejected' })],
  mitigations: [],
  escalations: [],
};

describe('discussions', () => {
  it('scheduled → held or cancelled', () => {
    const sec = facilitator('security');
    expect(
      moveDiscussion({
        actor: proposer,
        review: sensitive,
        discussion: { area: 'security', state: null },
        move: 'schedule',
      }),
    ).toBe('scheduled');
    expect(
      moveDiscussion({
        actor: sec,
        review: sensitive,
        discussion: { area: 'security', state: 'scheduled' },
        move: 'hold',
      }),
    ).toBe('held');
    expect(
      moveDiscussion({
        actor: proposer,
        review: sensitive,
        discussion: { area: 'security', state: 'scheduled' },
        move: 'cancel',
      }),
    ).toBe('cancelled');
  });

  it('illegal moves name the state and the allowed moves', () => {
    const e = domainError(() =>
      moveDiscussion({
        actor: proposer,
        review: sensitive,
        discussion: { area: null, state: 'held' },
        move: 'cancel',
      }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.details).toEqual({ current: 'held', allowed: [] });
    const e2 = domainError(() =>
      moveDiscussion({
        actor: proposer,
        review: sensitive,
        discussion: { area: null, state: 'scheduled' },
        move: 'schedule',
      }),
    );
    expect(e2.details).toEqual({ current: 'scheduled', allowed: ['hold', 'cancel'] });
  });

  it('only a facilitator of the area records it held; outsiders do nothing', () => {
    expect(
      domainError(() =>
        moveDiscussion({
          actor: proposer,
          review: sensitive,
          discussion: { area: 'data', state: 'scheduled' },
          move: 'hold',
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        moveDiscussion({
          actor: facilitator('security'),
          review: sensitive,
          discussion: { area: 'data', state: 'scheduled' },
          move: 'hold',
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        moveDiscussion({
          actor: outsider,
          review: sensitive,
          discussion: { area: null, state: null },
          move: 'schedule',
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      moveDiscussion({
        actor: facilitator('data'),
        review: sensitive,
        discussion: { area: null, state: 'scheduled' },
        move: 'hold',
      }),
    ).toBe('held');
  });

  it('high risk needs a held discussion of that area or of the whole review', () => {
    const signOffs = [
      approvedSignOff('security', 2, { risk: 'high' }),
      approvedSignOff('data', 2, { risk: 'medium' }),
    ];
    expect(areasRequiringDiscussion(signOffs)).toEqual(['security']);
    expect(hasHeldDiscussion([{ area: 'security', state: 'held' }], 'security')).toBe(true);
    expect(hasHeldDiscussion([{ area: null, state: 'held', heldForAreas: ['security'] }], 'security')).toBe(
      true,
    );
    expect(hasHeldDiscussion([{ area: 'security', state: 'scheduled' }], 'security')).toBe(false);
    expect(hasHeldDiscussion([{ area: 'data', state: 'held' }], 'security')).toBe(false);
  });

  it('a whole-review discussion counts only for the areas its recorder facilitates (issue 14, hole 4)', () => {
    const dataFacilitator = facilitator('data');
    expect(heldForAreas(dataFacilitator, null)).toEqual(['data']);
    expect(heldForAreas(dataFacilitator, 'data')).toEqual(['data']);
    const both = actor(77, { facilitatorAreas: ['security', 'privacy_technical'] });
    expect(heldForAreas(both, null)).toEqual(['privacy_technical', 'security']);
    const recorded = [
      { area: null, state: 'held' as const, heldForAreas: heldForAreas(dataFacilitator, null) },
    ];
    expect(hasHeldDiscussion(recorded, 'data')).toBe(true);
    expect(hasHeldDiscussion(recorded, 'security')).toBe(false);
  });

  it('the schedule schema wants a time with offset and an agenda', () => {
    expect(
      scheduleDiscussionSchema.safeParse({
        area: null,
        scheduledAt: '2025-03-01T10:00:00Z',
        attendeeIds: [1],
        agenda: 'Risk',
      }).success,
    ).toBe(true);
    expect(
      scheduleDiscussionSchema.safeParse({
        area: null,
        scheduledAt: 'tomorrow',
        attendeeIds: [],
        agenda: 'Risk',
      }).success,
    ).toBe(false);
  });
});

describe('escalations', () => {
  const owner = actor(70);
  const cpo = actor(71, { executiveRole: 'cpo' });
  const ceo = actor(72, { executiveRole: 'ceo' });

  it('only the decision maker of the current level decides', () => {
    const at = (level: 'product_owner' | 'cpo' | 'ceo') => ({
      state: 'open' as const,
      level,
      reviewStatus: 'sensitive_review' as const,
    });
    expect(() =>
      assertMayDecideEscalation({
        actor: owner,
        escalation: at('product_owner'),
        productOwnerId: 70,
        review: review('sensitive_review'),
      }),
    ).not.toThrow();
    expect(() =>
      assertMayDecideEscalation({
        actor: cpo,
        escalation: at('cpo'),
        productOwnerId: 70,
        review: review('sensitive_review'),
      }),
    ).not.toThrow();
    expect(() =>
      assertMayDecideEscalation({
        actor: ceo,
        escalation: at('ceo'),
        productOwnerId: 70,
        review: review('sensitive_review'),
      }),
    ).not.toThrow();
    expect(
      domainError(() =>
        assertMayDecideEscalation({
          actor: cpo,
          escalation: at('product_owner'),
          productOwnerId: 70,
          review: review('sensitive_review'),
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        assertMayDecideEscalation({
          actor: owner,
          escalation: at('cpo'),
          productOwnerId: 70,
          review: review('sensitive_review'),
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        assertMayDecideEscalation({
          actor: cpo,
          escalation: at('ceo'),
          productOwnerId: 70,
          review: review('sensitive_review'),
        }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        assertMayDecideEscalation({
          actor: owner,
          escalation: { state: 'decided', level: 'product_owner', reviewStatus: 'sensitive_review' },
          productOwnerId: 70,
          review: review('sensitive_review'),
        }),
      ).code,
    ).toBe('RULE_VIOLATION');
  });

  it('nothing is decided on a withdrawn review (SPEC 3: withdrawn is final), and the reason says so', () => {
    const e = domainError(() =>
      assertMayDecideEscalation({
        actor: owner,
        escalation: { state: 'open', level: 'product_owner', reviewStatus: 'withdrawn' },
        productOwnerId: 70,
        review: review('withdrawn'),
      }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.message).toBe(
      'The proposer withdrew this review, and withdrawn is final: its escalation takes no further step.',
    );
  });

  it('every step of an escalation on a withdrawn review is refused, with the same reason', () => {
    const process = {
      state: 'open' as const,
      level: 'product_owner' as const,
      areas: ['legal_trust' as const],
      openedBy: proposer.personId,
      facilitatorId: 22,
      papersShared: true,
      reviewStatus: 'withdrawn' as const,
    };
    const parties = { review: review('withdrawn'), reviewerIds: [], productOwnerId: 70 };
    const fac = actor(22, { facilitatorAreas: ['legal_trust'] });
    for (const step of [
      () => assertMayWritePositionPaper(proposer, { ...process, papersShared: false }, parties),
      () => assertMaySharePapers(fac, { ...process, papersShared: false }, 1),
      () => assertMayCommentOnEscalation(owner, process, { ...parties, productOwnerId: 70 }),
      () => assertMayManageMeeting(fac, process),
      () => assertMayRecordMeeting(fac, process, { state: 'scheduled' }),
      () => assertMayRaise(fac, process, 70),
    ])
      expect(domainError(step).message).toMatch(/withdrew this review, and withdrawn is final/);
    // The same steps on the review before it was withdrawn are allowed.
    expect(() => assertMayRaise(fac, { ...process, reviewStatus: 'sensitive_review' }, 70)).not.toThrow();
  });

  it('only an area in dispute is escalated (SPEC 9), and a decided escalation is final for its areas', () => {
    const facts = (over: Partial<typeof inDispute> & Record<string, unknown> = {}) => ({
      ...inDispute,
      ...over,
    });
    expect(whyNotInDispute(facts(), 'legal_trust')).toBeNull();
    expect(
      whyNotInDispute(
        facts({ signOffs: [approvedSignOff('legal_trust', 2, { decision: 'changes_requested' })] }),
        'legal_trust',
      ),
    ).toBeNull();
    // A mitigation the area asked for (not taken up yet), or rejected, is a dispute about which mitigations
    // are appropriate; one proposed or implemented is agreed, one accepted or withdrawn settled.
    for (const state of ['requested', 'rejected'] as const)
      expect(
        whyNotInDispute(facts({ mitigations: [{ area: 'security', state }] as never }), 'security'),
        state,
      ).toBeNull();
    for (const state of ['proposed', 'implemented', 'accepted', 'withdrawn'] as const)
      expect(
        whyNotInDispute(facts({ mitigations: [{ area: 'security', state }] as never }), 'security'),
        state,
      ).toBe(
        'Security Review (Office of the CSO) has not signed off yet and has no mitigation in dispute: there is nothing to escalate.',
      );
    expect(whyNotInDispute(facts({ signOffs: [approvedSignOff('data', 2)] }), 'data')).toBe(
      'Data Review (Data) approved the current revision and has no mitigation in dispute: there is nothing to escalate.',
    );
    // A rejection on an earlier revision is stale: the area re-confirms first.
    expect(whyNotInDispute(facts({ currentRevision: 3 }), 'legal_trust')).toBe(
      'Legal/Trust Review (Legal) signed off on an earlier revision only and has no mitigation in dispute: there is nothing to escalate.',
    );
    const escalated = (state: 'open' | 'decided', decision: 'proceed' | 'do_not_ship' | null) =>
      whyNotInDispute(
        facts({ escalations: [{ id: 1, state, decision, areas: ['legal_trust', 'security'] }] as never }),
        'legal_trust',
      );
    expect(escalated('open', null)).toBe(
      'The escalation of Legal/Trust Review (Legal) and Security Review (Office of the CSO) is open; it waits for its decision.',
    );
    expect(escalated('decided', 'do_not_ship')).toMatch(/decided: do not ship\. The decision is final\.$/);
    expect(escalated('decided', 'proceed')).toMatch(/decided to proceed\. The decision is final\.$/);
    // assertMayOpenEscalation refuses with the same reason, after who may and with whom.
    const open = (areas: ('legal_trust' | 'security')[]) =>
      domainError(() =>
        assertMayOpenEscalation({
          actor: proposer,
          review: sensitive,
          actorReviewerAreas: [],
          areas,
          facilitator: { personId: 22, facilitatorAreas: ['legal_trust', 'security'] },
          disputes: inDispute,
        }),
      );
    expect(open(['legal_trust', 'security'])).toMatchObject({
      code: 'RULE_VIOLATION',
      message: whyNotInDispute(inDispute, 'security'),
    });
  });

  it('levels: product owner → CPO → CEO, then no further', () => {
    expect(nextEscalationLevel('product_owner')).toBe('cpo');
    expect(nextEscalationLevel('cpo')).toBe('ceo');
    expect(domainError(() => nextEscalationLevel('ceo')).code).toBe('RULE_VIOLATION');
  });

  it('opened by the proposer or a reviewer/facilitator of a disputed area, with a facilitator of one', () => {
    const base = {
      review: sensitive,
      actorReviewerAreas: [],
      areas: ['legal_trust' as const],
      facilitator: { personId: 22, facilitatorAreas: ['legal_trust' as const] },
      disputes: inDispute,
    };
    expect(() => assertMayOpenEscalation({ ...base, actor: proposer })).not.toThrow();
    expect(() =>
      assertMayOpenEscalation({ ...base, actor: outsider, actorReviewerAreas: ['legal_trust'] }),
    ).not.toThrow();
    expect(domainError(() => assertMayOpenEscalation({ ...base, actor: outsider })).code).toBe('FORBIDDEN');
    expect(domainError(() => assertMayOpenEscalation({ ...base, actor: proposer, areas: [] })).code).toBe(
      'VALIDATION',
    );
    expect(
      domainError(() =>
        assertMayOpenEscalation({
          ...base,
          actor: proposer,
          facilitator: { personId: 23, facilitatorAreas: ['security'] },
        }),
      ).details,
    ).toEqual({ field: 'facilitatorId' });
    expect(
      domainError(() => assertMayOpenEscalation({ ...base, actor: proposer, review: review('approved') }))
        .code,
    ).toBe('RULE_VIOLATION');
  });

  it('proceed and proceed_with_mitigations resolve the disputed areas; do_not_ship and open do not', () => {
    const resolved = areasResolvedByEscalation([
      { id: 1, state: 'decided', decision: 'proceed', areas: ['security'] },
      { id: 2, state: 'decided', decision: 'proceed_with_mitigations', areas: ['data'] },
      { id: 3, state: 'decided', decision: 'do_not_ship', areas: ['legal_trust'] },
      { id: 4, state: 'open', decision: null, areas: ['privacy_technical'] },
    ]);
    expect([...resolved].sort()).toEqual(['data', 'security']);
  });

  it('proceed_with_mitigations must name its mitigations', () => {
    expect(
      escalationDecisionSchema.safeParse({ decision: 'proceed_with_mitigations', rationale: 'ok' }).success,
    ).toBe(false);
    expect(
      escalationDecisionSchema.safeParse({
        decision: 'proceed_with_mitigations',
        rationale: 'ok',
        mitigations: [{ area: 'data', kind: 'ux_notice', description: 'Show a notice' }],
      }).success,
    ).toBe(true);
    expect(escalationDecisionSchema.safeParse({ decision: 'do_not_ship', rationale: '' }).success).toBe(
      false,
    );
  });
});

describe('who may read a position paper', () => {
  it('before sharing, only its author; once shared, whoever may read the escalation', () => {
    expect(mayReadPositionPaper(false, 7, 7)).toBe(true);
    expect(mayReadPositionPaper(false, 7, 8)).toBe(false);
    expect(mayReadPositionPaper(false, 7, null)).toBe(false);
    expect(mayReadPositionPaper(true, 7, 8)).toBe(true);
  });
});

describe('escalation comment threads', () => {
  it('a reply answers a comment of the same escalation', () => {
    expect(() => assertReplyInEscalationThread({ escalationId: 4 }, { escalationId: 4 })).not.toThrow();
  });
  it('a reply to a comment of another escalation, or to no comment, is refused naming replyTo', () => {
    const other = domainError(() => assertReplyInEscalationThread({ escalationId: 5 }, { escalationId: 4 }));
    expect(other.code).toBe('VALIDATION');
    expect(other.details).toMatchObject({ field: 'replyTo' });
    expect(other.message).toMatch(/another escalation/);
    const missing = domainError(() => assertReplyInEscalationThread(undefined, { escalationId: 4 }));
    expect(missing.details).toMatchObject({ field: 'replyTo' });
    expect(missing.message).toMatch(/does not exist/);
  });
});
