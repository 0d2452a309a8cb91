import {
  type Area,
  areasResolvedByEscalation,
  type EscalationDecision,
  type EscalationState,
  type SignOffFact,
} from '@signoff/core';
import { type Db, type insertSignOff, listEscalations, type listSignOffs } from '@signoff/db';

/** The areas escalations of the review resolved with `proceed` (they count as approved for the order). */
export async function resolvedAreas(db: Db, reviewId: number): Promise<Area[]> {
  const rows = await listEscalations(db, reviewId);
  return [
    ...areasResolvedByEscalation(
      rows.map((e) => ({
        id: e.id,
        state: e.state as EscalationState,
        decision: e.decision as EscalationDecision | null,
        areas: e.areas as Area[],
      })),
    ),
  ];
}

/** The sign-offs of a review as the rules see them. */
export const signOffFacts = (rows: Awaited<ReturnType<typeof listSignOffs>>): SignOffFact[] =>
  rows.map((s) => ({
    area: s.area as Area,
    revision: s.revision,
    risk: s.risk as SignOffFact['risk'],
    decision: s.decision as SignOffFact['decision'],
    trustApproval: s.trust_approval,
  }));

export const signOffView = (s: Awaited<ReturnType<typeof insertSignOff>>, name: string) => ({
  id: s.id,
  area: s.area as Area,
  revision: s.revision,
  facilitatorId: s.facilitator_id,
  facilitatorName: name,
  risk: s.risk as SignOffFact['risk'],
  decision: s.decision as SignOffFact['decision'],
  rationale: s.rationale,
  precedentReviewId: s.precedent_review_id,
  trustApproval: s.trust_approval,
  createdAt: s.created_at.toISOString(),
});
