import { describe, expect, it } from 'vitest';
import {
  allowedReviewMoves,
  assertMayEditDocumentation,
  blocker,
  moveReview,
  nextStatusAfterResubmit,
  nextStatusAfterShip,
  nextStatusAfterStewardReview,
  nextStatusAfterSubmit,
  nextStatusAfterWithdraw,
  REVIEW_MOVES,
  REVIEW_STATUSES,
  type ReviewMove,
  type ReviewStatus,
} from '../src/index.ts';
import { REVIEW_STATUS_WORDS } from '../src/vocabulary.ts';
import { domainError, engineeringOwner, outsider, proposer, review, steward } from './fixtures.ts';

const LEGAL: Record<ReviewMove, Partial<Record<ReviewStatus, ReviewStatus>>> = {
  submit: { draft: 'submitted' },
  resubmit: { returned: 'submitted' },
  approve: { submitted: 'approved' },
  start_sensitive_review: { submitted: 'sensitive_review' },
  return: { submitted: 'returned' },
  ship: { approved: 'shipped', sensitive_review: 'shipped' },
  withdraw: {
    draft: 'withdrawn',
    submitted: 'withdrawn',
    returned: 'withdrawn',
    sensitive_review: 'withdrawn',
    approved: 'withdrawn',
  },
};

describe('review status: every move from every status', () => {
  for (const move of Object.keys(REVIEW_MOVES) as ReviewMove[]) {
    for (const status of REVIEW_STATUSES) {
      const target = LEGAL[move][status];
      it(`${move} from ${status}: ${target ?? 'refused'}`, () => {
        if (target) {
          expect(moveReview(status, move)).toBe(target);
        } else {
          const e = domainError(() => moveReview(status, move));
          expect(e.code).toBe('RULE_VIOLATION');
          expect(e.message).toContain(REVIEW_STATUS_WORDS[status]);
          expect(e.message).not.toMatch(/_/);
          expect(e.details).toEqual({ current: status, move, allowed: allowedReviewMoves(status) });
        }
      });
    }
  }

  it('names the allowed moves in the refusal', () => {
    const e = domainError(() => moveReview('returned', 'submit'));
    expect(e.message).toBe(
      'A review that is returned for changes cannot be submitted; it can be resubmitted or be withdrawn.',
    );
    expect(domainError(() => moveReview('shipped', 'withdraw')).message).toContain('it can no longer change');
  });
});

describe('review status: who moves it', () => {
  it('the proposer (or engineering owner) submits, resubmits and withdraws', () => {
    expect(nextStatusAfterSubmit({ actor: proposer, review: review('draft') })).toBe('submitted');
    expect(nextStatusAfterSubmit({ actor: engineeringOwner, review: review('draft') })).toBe('submitted');
    expect(nextStatusAfterResubmit({ actor: proposer, review: review('returned') })).toBe('submitted');
    expect(nextStatusAfterWithdraw({ actor: proposer, review: review('sensitive_review') })).toBe(
      'withdrawn',
    );
  });

  it('anyone else is refused', () => {
    for (const actor of [outsider, steward, { ...outsider, isAdmin: true }]) {
      expect(domainError(() => nextStatusAfterSubmit({ actor, review: review('draft') })).code).toBe(
        'FORBIDDEN',
      );
      expect(domainError(() => nextStatusAfterWithdraw({ actor, review: review('draft') })).code).toBe(
        'FORBIDDEN',
      );
      expect(domainError(() => nextStatusAfterResubmit({ actor, review: review('returned') })).code).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('withdraw is refused once final', () => {
    for (const status of ['shipped', 'withdrawn'] as const) {
      expect(
        domainError(() => nextStatusAfterWithdraw({ actor: proposer, review: review(status) })).code,
      ).toBe('RULE_VIOLATION');
    }
  });

  it('submit only from draft, resubmit only from returned', () => {
    expect(
      domainError(() => nextStatusAfterSubmit({ actor: proposer, review: review('returned') })).code,
    ).toBe('RULE_VIOLATION');
    expect(
      domainError(() => nextStatusAfterResubmit({ actor: proposer, review: review('draft') })).code,
    ).toBe('RULE_VIOLATION');
  });
});

describe('steward outcome', () => {
  it('category 1/2 with data-review+ approves; 3/4 start the sensitive review; data-review- returns', () => {
    expect(nextStatusAfterStewardReview('submitted', 'data-review+', 1)).toBe('approved');
    expect(nextStatusAfterStewardReview('submitted', 'data-review+', 2)).toBe('approved');
    expect(nextStatusAfterStewardReview('submitted', 'data-review+', 3)).toBe('sensitive_review');
    expect(nextStatusAfterStewardReview('submitted', 'data-review+', 4)).toBe('sensitive_review');
    for (const c of [1, 2, 3, 4] as const) {
      expect(nextStatusAfterStewardReview('submitted', 'data-review-', c)).toBe('returned');
    }
  });

  it('only a submitted review gets a steward outcome', () => {
    expect(domainError(() => nextStatusAfterStewardReview('draft', 'data-review+', 1)).code).toBe(
      'RULE_VIOLATION',
    );
  });
});

describe('mark shipped', () => {
  const yes = { canShip: true, blockers: [] };
  const no = {
    canShip: false,
    blockers: [blocker('SIGNOFF_MISSING', 'x', 'data')],
  };

  it('approved or sensitive_review with canShip → shipped', () => {
    expect(nextStatusAfterShip({ actor: proposer, review: review('approved'), gate: yes })).toBe('shipped');
    expect(nextStatusAfterShip({ actor: proposer, review: review('sensitive_review'), gate: yes })).toBe(
      'shipped',
    );
  });

  it('refused while the gate blocks, with the blockers', () => {
    const e = domainError(() =>
      nextStatusAfterShip({ actor: proposer, review: review('sensitive_review'), gate: no }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.message).toBe('The review cannot be marked shipped yet: x.');
    expect(e.details.blockers).toEqual(no.blockers);
  });

  it('refused from other statuses and for other people', () => {
    for (const status of ['draft', 'submitted', 'returned', 'shipped', 'withdrawn'] as const) {
      expect(
        domainError(() => nextStatusAfterShip({ actor: proposer, review: review(status), gate: yes })).code,
      ).toBe('RULE_VIOLATION');
    }
    expect(
      domainError(() => nextStatusAfterShip({ actor: outsider, review: review('approved'), gate: yes })).code,
    ).toBe('FORBIDDEN');
  });
});

describe('editing documentation', () => {
  it('the proposer edits until approval', () => {
    for (const status of ['draft', 'submitted', 'returned', 'sensitive_review'] as const) {
      expect(() => assertMayEditDocumentation({ actor: proposer, review: review(status) })).not.toThrow();
    }
    for (const status of ['approved', 'shipped', 'withdrawn'] as const) {
      expect(
        domainError(() => assertMayEditDocumentation({ actor: proposer, review: review(status) })).code,
      ).toBe('RULE_VIOLATION');
    }
    expect(
      domainError(() => assertMayEditDocumentation({ actor: outsider, review: review('draft') })).code,
    ).toBe('FORBIDDEN');
  });
});
