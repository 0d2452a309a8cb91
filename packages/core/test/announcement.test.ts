import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/actor.ts';
import { assertMayAnnounce } from '../src/announcement.ts';
import type { ReviewStatus } from '../src/review-status.ts';

const proposer: Actor = {
  personId: 1,
  isAdmin: false,
  isSteward: false,
  facilitatorAreas: [],
  executiveRole: null,
};
const other: Actor = { ...proposer, personId: 2 };
const review = (status: ReviewStatus) => ({ status, proposerId: 1, engineeringOwnerId: null });

describe('announcement', () => {
  it('the proposer announces a submitted or sensitive review', () => {
    expect(() => assertMayAnnounce({ actor: proposer, review: review('sensitive_review') })).not.toThrow();
    expect(() => assertMayAnnounce({ actor: proposer, review: review('submitted') })).not.toThrow();
  });
  it('nobody else announces it', () => {
    expect(() => assertMayAnnounce({ actor: other, review: review('sensitive_review') })).toThrow(
      /Only the proposer/,
    );
  });
  it.each(['draft', 'shipped', 'withdrawn'] as const)('a %s review is not announced', (status) => {
    expect(() => assertMayAnnounce({ actor: proposer, review: review(status) })).toThrow(
      /cannot be announced/,
    );
  });
});
