import { describe, expect, it } from 'vitest';
import {
  assertMayDecideEscalation,
  assertMayRecordSignOff,
  isOnProposerSide,
  recordStewardReview,
} from '../src/index.ts';
import { actor, completeForm, domainError, ENGINEERING_OWNER, PROPOSER, review } from './fixtures.ts';

// Issue 14, rule hole 1: the data requester, the creator and the engineering owner are all the proposer's
// side; none of them judges the collection, in any area, in the steward review, or as a decision maker.
const REQUESTER = 7;
const withRequester = (status: Parameters<typeof review>[0]) => ({
  ...review(status),
  requesterId: REQUESTER,
});
const sides = [
  ['the creator', PROPOSER],
  ['the data requester', REQUESTER],
  ['the engineering owner', ENGINEERING_OWNER],
] as const;

describe('isOnProposerSide: one predicate for who never judges', () => {
  it.each(sides)('%s is on the proposer side', (_, id) => {
    expect(isOnProposerSide(actor(id), withRequester('sensitive_review'))).toBe(true);
  });
  it('anyone else is not', () => {
    expect(isOnProposerSide(actor(50), withRequester('sensitive_review'))).toBe(false);
  });
});

describe.each(sides)('%s never judges', (_, id) => {
  it('no sign-off in any area, even as its facilitator', () => {
    for (const area of ['privacy_technical', 'data'] as const) {
      const e = domainError(() =>
        assertMayRecordSignOff({
          actor: actor(id, { facilitatorAreas: [area] }),
          area,
          review: withRequester('sensitive_review'),
          signOffs: [],
          currentRevision: 1,
          input: { risk: 'low', decision: 'approved', rationale: 'fine' },
        }),
      );
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toContain("proposer's side");
    }
  });

  it('no steward review, even as a data steward', () => {
    const e = domainError(() =>
      recordStewardReview({
        actor: actor(id, { isSteward: true }),
        review: withRequester('submitted'),
        form: completeForm(),
        input: {} as never,
      }),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain("proposer's side");
  });

  it('no escalation decision, even as the product owner or an executive', () => {
    for (const [who, level] of [
      [actor(id), 'product_owner'],
      [actor(id, { executiveRole: 'cpo' }), 'cpo'],
    ] as const) {
      const e = domainError(() =>
        assertMayDecideEscalation({
          actor: who,
          escalation: { state: 'open', level },
          productOwnerId: id,
          review: withRequester('sensitive_review'),
        }),
      );
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toContain("proposer's side");
    }
  });
});
