import { areaSchema, assertMayOpenEscalation, DomainError } from '@signoff/core';
import { facilitatorAreas, findPersonById, insertEscalation, loadReviewFacts } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { announceStep, escalationSubject, summaryOfEscalation } from './escalation-step.ts';
import { reviewCommand } from './review-command.ts';

export const openEscalationInput = z.object({
  review: reviewRefSchema,
  facilitatorId: z.number().int().positive(),
  areas: z.array(areaSchema).min(1).max(4),
  question: z.string().trim().min(1).max(10_000),
  idempotencyKey: idempotencyKeySchema,
});

/** "The proposer or any reviewer should work with one of the facilitators to escalate." */
export const openEscalation = reviewCommand(
  'escalation.open',
  async ({ ctx, trx, audit, actor, review, ref }, input: z.infer<typeof openEscalationInput>) => {
    const facilitator = await findPersonById(trx, input.facilitatorId);
    if (!facilitator?.active)
      throw new DomainError('VALIDATION', `facilitatorId: no active person ${input.facilitatorId}`, {
        field: 'facilitatorId',
      });
    const mine = await trx
      .selectFrom('area_reviewers')
      .select('area')
      .where('review_id', '=', review.id)
      .where('person_id', '=', actor.personId)
      .execute();
    const areas = [...new Set(input.areas)];
    // Which areas are in dispute: the review's sign-offs, mitigations and escalations (its gate facts).
    const facts = (await loadReviewFacts(trx, [review.id])).get(review.id);
    if (!facts) throw new DomainError('NOT_FOUND', `${review.key} has no facts`, { field: 'review' });
    assertMayOpenEscalation({
      actor,
      review: ref,
      actorReviewerAreas: mine.map((m) => m.area),
      areas,
      facilitator: {
        personId: facilitator.id,
        facilitatorAreas: await facilitatorAreas(trx, facilitator.id),
      },
      disputes: facts,
    });
    const e = await insertEscalation(trx, {
      reviewId: review.id,
      openedBy: actor.personId,
      facilitatorId: facilitator.id,
      areas,
      question: input.question,
      at: ctx.now(),
    });
    await announceStep(trx, ctx, review, e, 'opened');
    await audit({
      action: 'escalation.opened',
      reviewId: review.id,
      subject: escalationSubject(review, e),
      after: summaryOfEscalation(e),
    });
    return summaryOfEscalation(e);
  },
);
