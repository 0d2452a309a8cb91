import { describe, expect, it } from 'vitest';
import {
  assertCanSeeReview,
  assertMayAddReviewer,
  assertMayComment,
  canSeeReview,
  chainHash,
  GENESIS_HASH,
  isPublic,
  type VisibilityFacts,
  verifyChain,
  visibilitySchema,
} from '../src/index.ts';
import { actor, domainError, facilitator, outsider, proposer, review } from './fixtures.ts';

const privateReview: VisibilityFacts = {
  visibility: 'private',
  status: 'submitted',
  category: null,
  participantIds: [1, 2, 30],
  decisionMakerIds: [70],
};

describe('canSeeReview (SPEC 10)', () => {
  it('a public review is seen by everyone, the public included', () => {
    expect(canSeeReview(null, { ...privateReview, visibility: 'public' })).toBe(true);
    expect(canSeeReview(outsider, { ...privateReview, visibility: 'public' })).toBe(true);
  });

  it('a private review: participants, stewards, decision makers, admins only', () => {
    expect(canSeeReview(null, privateReview)).toBe(false);
    expect(canSeeReview(outsider, privateReview)).toBe(false);
    expect(canSeeReview(facilitator('data'), privateReview)).toBe(false);
    expect(canSeeReview(proposer, privateReview)).toBe(true);
    expect(canSeeReview(actor(30), privateReview)).toBe(true);
    expect(canSeeReview(actor(70), privateReview)).toBe(true);
    expect(canSeeReview(actor(80, { isSteward: true }), privateReview)).toBe(true);
    expect(canSeeReview(actor(81, { isAdmin: true }), privateReview)).toBe(true);
    expect(canSeeReview(actor(82, { executiveRole: 'ceo' }), privateReview)).toBe(true);
  });

  it('facilitators take part in a private sensitive review', () => {
    const sensitive = { ...privateReview, status: 'sensitive_review' as const, category: 3 as const };
    expect(canSeeReview(facilitator('security'), sensitive)).toBe(true);
    expect(canSeeReview(facilitator('security'), { ...sensitive, category: 2 })).toBe(false);
  });

  it('shipped makes it public', () => {
    expect(isPublic({ visibility: 'private', status: 'shipped' })).toBe(true);
    expect(canSeeReview(null, { ...privateReview, status: 'shipped' })).toBe(true);
  });

  it('outsiders get NOT_FOUND, never FORBIDDEN', () => {
    const e = domainError(() => assertCanSeeReview(outsider, privateReview));
    expect(e.code).toBe('NOT_FOUND');
    expect(() => assertCanSeeReview(proposer, privateReview)).not.toThrow();
  });

  it('private needs a reason', () => {
    expect(visibilitySchema.safeParse({ visibility: 'private' }).success).toBe(false);
    expect(visibilitySchema.safeParse({ visibility: 'private', privateReason: 'Partnership' }).success).toBe(
      true,
    );
    expect(visibilitySchema.safeParse({ visibility: 'public' }).success).toBe(true);
  });
});

describe('reviewers and comments', () => {
  it('a facilitator adds reviewers to their own area, never the proposer', () => {
    const ctx = { area: 'data' as const, review: review('sensitive_review'), reviewerId: 40 };
    expect(() => assertMayAddReviewer({ ...ctx, actor: facilitator('data') })).not.toThrow();
    expect(domainError(() => assertMayAddReviewer({ ...ctx, actor: facilitator('security') })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      domainError(() => assertMayAddReviewer({ ...ctx, actor: facilitator('data'), reviewerId: 1 })).code,
    ).toBe('VALIDATION');
    expect(
      domainError(() =>
        assertMayAddReviewer({ ...ctx, review: review('approved'), actor: facilitator('data') }),
      ).code,
    ).toBe('RULE_VIOLATION');
  });

  it('facilitators and reviewers of the area, and the proposer, comment', () => {
    const ctx = { area: 'data' as const, review: review('sensitive_review') };
    expect(() =>
      assertMayComment({ ...ctx, actor: facilitator('data'), actorReviewerAreas: [] }),
    ).not.toThrow();
    expect(() => assertMayComment({ ...ctx, actor: outsider, actorReviewerAreas: ['data'] })).not.toThrow();
    expect(() => assertMayComment({ ...ctx, actor: proposer, actorReviewerAreas: [] })).not.toThrow();
    expect(
      domainError(() => assertMayComment({ ...ctx, actor: outsider, actorReviewerAreas: ['security'] })).code,
    ).toBe('FORBIDDEN');
  });
});

describe('audit chain (SPEC 13)', () => {
  const contents = [
    {
      seq: 1,
      action: 'review.created',
      actorId: 1,
      at: '2025-01-01T00:00:00.000Z',
      before: null,
      after: { title: 'A' },
    },
    {
      seq: 2,
      action: 'review.submitted',
      actorId: 1,
      at: '2025-01-02T00:00:00.000Z',
      before: null,
      after: null,
    },
    {
      seq: 3,
      action: 'signoff.recorded',
      actorId: 20,
      at: '2025-01-03T00:00:00.000Z',
      before: null,
      after: { risk: 'low' },
    },
  ];
  const build = () => {
    let prevHash = GENESIS_HASH;
    return contents.map((content) => {
      const hash = chainHash(prevHash, content);
      const link = { prevHash, hash, content: structuredClone(content) };
      prevHash = hash;
      return link;
    });
  };

  it('chainHash is sha256 hex over the previous hash and the canonical JSON', () => {
    const h = chainHash(GENESIS_HASH, { b: 1, a: 2 });
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { a: 2, b: 1 })).toBe(h);
    expect(chainHash('1'.repeat(64), { a: 2, b: 1 })).not.toBe(h);
  });

  it('an intact chain verifies', () => {
    expect(verifyChain(build())).toBeNull();
    expect(verifyChain([])).toBeNull();
  });

  it('an altered event is the first broken one', () => {
    const chain = build();
    (chain[1]!.content as { actorId: number }).actorId = 99;
    expect(verifyChain(chain)).toMatchObject({ index: 1, reason: 'hash', event: chain[1] });
  });

  it('a removed event breaks the link of the next one', () => {
    const chain = build();
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ index: 1, reason: 'link' });
  });

  it('a rehashed altered event still breaks the next link', () => {
    const chain = build();
    chain[0]!.content = { ...chain[0]!.content, after: { title: 'B' } };
    chain[0]!.hash = chainHash(chain[0]!.prevHash, chain[0]!.content);
    expect(verifyChain(chain)).toMatchObject({ index: 1, reason: 'link' });
  });

  it('a forged first event (wrong genesis) is caught', () => {
    const chain = build();
    chain[0]!.prevHash = 'f'.repeat(64);
    expect(verifyChain(chain)).toMatchObject({ index: 0, reason: 'link' });
  });
});
