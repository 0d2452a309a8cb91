import {
  areaSchema,
  ESCALATION_DECISIONS,
  ESCALATION_LEVELS,
  ESCALATION_STATES,
  type EscalationParties,
  type EscalationProcess,
  ownersOf,
} from '@signoff/core';
import { type Db, type insertEscalation, lockEscalation, productOwnerId, type ReviewRow } from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { notify, proposersOf, stepsOfReview } from '../notify.ts';
import { reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import type { Audit } from '../write.ts';
import { type ReviewCommandScope, reviewPartCommand } from './review-command.ts';

export type EscalationRow = Awaited<ReturnType<typeof insertEscalation>>;

export const processOf = (e: EscalationRow, review: Pick<ReviewRow, 'status'>): EscalationProcess => ({
  reviewStatus: review.status,
  state: e.state,
  level: e.level,
  areas: e.areas,
  openedBy: e.opened_by,
  facilitatorId: e.facilitator_id,
  papersShared: e.papers_shared_at !== null,
});

export async function partiesOf(db: Db, review: ReviewRow, e: EscalationRow): Promise<EscalationParties> {
  const reviewers = await db
    .selectFrom('area_reviewers')
    .select('person_id')
    .where('review_id', '=', review.id)
    .where('area', 'in', e.areas)
    .execute();
  return {
    review: reviewRef(review),
    reviewerIds: reviewers.map((r) => r.person_id),
    productOwnerId: await productOwnerId(db, review.product_id),
  };
}

export const escalationSummary = z.object({
  id: z.number(),
  areas: z.array(areaSchema),
  question: z.string(),
  level: z.enum(ESCALATION_LEVELS),
  state: z.enum(ESCALATION_STATES),
  papersShared: z.boolean(),
  decision: z.enum(ESCALATION_DECISIONS).nullable(),
  rationale: z.string().nullable(),
  openedBy: z.number(),
  facilitatorId: z.number(),
  /** Who recorded the decision and when (null while open). */
  decidedBy: z.number().nullable(),
  decidedAt: z.string().nullable(),
});
export const summaryOfEscalation = (e: EscalationRow): z.infer<typeof escalationSummary> => ({
  id: e.id,
  areas: e.areas,
  question: e.question,
  level: e.level,
  state: e.state,
  papersShared: e.papers_shared_at !== null,
  decision: e.decision,
  rationale: e.rationale,
  openedBy: e.opened_by,
  facilitatorId: e.facilitator_id,
  decidedBy: e.decided_by,
  decidedAt: e.decided_at?.toISOString() ?? null,
});

export const escalationTarget = z.object({
  review: reviewRefSchema,
  escalationId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});

export const escalationSubject = (review: ReviewRow, e: { id: number }) => `${review.key}:escalation:${e.id}`;

/**
 * Tells the parties (the proposer's side, who opened it, the facilitator), the decision makers of the current
 * level, and the owners of the escalation's open steps (e.g. everyone who may comment once papers are shared).
 */
export async function announceStep(trx: Db, ctx: Context, review: ReviewRow, e: EscalationRow, step: string) {
  const level = e.level;
  const decisionMakers =
    level === 'product_owner'
      ? [await productOwnerId(trx, review.product_id)]
      : (
          await trx
            .selectFrom('people')
            .select('id')
            .where('executive_role', '=', level)
            .where('active', '=', true)
            .execute()
        ).map((p) => p.id);
  const owners = ownersOf(await stepsOfReview(trx, ctx, review.id), (s) => s.escalationId === e.id);
  const parties = [...proposersOf(review), e.opened_by, e.facilitator_id];
  await notify(trx, ctx, review, [...parties, ...decisionMakers, ...owners], {
    kind: 'escalation_step',
    escalationId: e.id,
    step,
  });
}

export interface EscalationScope extends ReviewCommandScope {
  escalation: EscalationRow;
  /** The escalation as the rules see it (state, level, areas, parties, papers shared). */
  process: EscalationProcess;
  parties: EscalationParties;
  /** The audit of this escalation: the review's chain, subject `KEY:escalation:<id>` unless another is given. */
  audit: Audit;
}

/**
 * A review command on one of its escalations (SPEC 9): the review locked and loaded by the one pipeline, then the
 * escalation locked too, with its process and parties loaded, and the audit of that escalation handed over.
 */
export const escalationCommand = <I extends z.infer<typeof escalationTarget>, O>(
  procedure: string,
  run: (scope: EscalationScope, input: I) => Promise<O>,
) =>
  reviewPartCommand<I, EscalationRow, O>(
    procedure,
    { field: 'escalationId', noun: 'escalation', lock: lockEscalation },
    async (scope, escalation, input) =>
      run(
        {
          ...scope,
          escalation,
          process: processOf(escalation, scope.review),
          parties: await partiesOf(scope.trx, scope.review, escalation),
          audit: (r) =>
            scope.audit({
              reviewId: scope.review.id,
              subject: escalationSubject(scope.review, escalation),
              ...r,
            }),
        },
        input,
      ),
  );
