import { describe, expect, it } from 'vitest';
import {
  areasRequiringDiscussion,
  areasResolvedByEscalation,
  assertMayDecideEscalation,
  assertMayOpenEscalation,
  assertReplyInEscalationThread,
  escalationDecisionSchema,
  hasHeldDiscussion,
  heldForAreas,
  mayReadPositionPaper,
  moveDiscussion,
  nextEscalationLevel,
  scheduleDiscussionSchema,
} from '../src/index.ts';
import { actor, approvedSignOff, domainError, facilitator, outsider, proposer, review } from './fixtures.ts';

const sensitive = review('sensitive_review');

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
    const at = (level: 'product_owner' | 'cpo' | 'ceo') => ({ state: 'open' as const, level });
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
          escalation: { state: 'decided', level: 'product_owner' },
          productOwnerId: 70,
          review: review('sensitive_review'),
        }),
      ).code,
    ).toBe('RULE_VIOLATION');
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
