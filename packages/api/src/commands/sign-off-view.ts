import {
  type Actor,
  type Area,
  areasResolvedByEscalation,
  DomainError,
  type SignOffFact,
} from '@signoff/core';
import { type Db, type insertSignOff, listEscalations, type listSignOffs } from '@signoff/db';
import { loadVisibleReview } from '../review-access.ts';

/**
 * The precedent must name another review the facilitator can read (issue 14, hole 5): a private review they
 * cannot see is refused exactly as one that does not exist, so the refusal tells nothing about it.
 */
export async function assertReadablePrecedent(
  db: Db,
  actor: Actor,
  reviewId: number,
  precedentId: number | null,
): Promise<void> {
  if (precedentId === null) return;
  const refuse = (why: string) => {
    throw new DomainError('VALIDATION', `precedentReviewId: ${why}`, { field: 'precedentReviewId' });
  };
  if (precedentId === reviewId) refuse('a review is not its own precedent; name an earlier review');
  await loadVisibleReview(db, precedentId, actor).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === 'NOT_FOUND')
      refuse(`DR-${precedentId} is not a review you can read; name one you can open`);
    throw e;
  });
}

/** The areas escalations of the review resolved with `proceed` (they count as approved for the order). */
export async function resolvedAreas(db: Db, reviewId: number): Promise<Area[]> {
  const rows = await listEscalations(db, reviewId);
  return [
    ...areasResolvedByEscalation(
      rows.map((e) => ({
        id: e.id,
        state: e.state,
        decision: e.decision,
        areas: e.areas,
      })),
    ),
  ];
}

/** The sign-offs of a review as the rules see them. */
export const signOffFacts = (rows: Awaited<ReturnType<typeof listSignOffs>>): SignOffFact[] =>
  rows.map((s) => ({
    area: s.area,
    revision: s.revision,
    risk: s.risk,
    decision: s.decision,
    trustApproval: s.trust_approval,
  }));

export const signOffView = (s: Awaited<ReturnType<typeof insertSignOff>>, name: string) => ({
  id: s.id,
  area: s.area,
  revision: s.revision,
  facilitatorId: s.facilitator_id,
  facilitatorName: name,
  risk: s.risk,
  decision: s.decision,
  rationale: s.rationale,
  precedentReviewId: s.precedent_review_id,
  precedentKey: precedentKey(s.precedent_review_id),
  trustApproval: s.trust_approval,
  createdAt: s.created_at.toISOString(),
});

/** The precedent as the product shows reviews: `DR-9`. */
export const precedentKey = (id: number | null): string | null => (id === null ? null : `DR-${id}`);
