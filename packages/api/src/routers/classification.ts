import { codeRevisionRefSchema, DomainError } from '@signoff/core';
import { z } from 'zod';
import { assessClassification, assessClassificationInput } from '../commands/assess-classification.ts';
import {
  classificationQueue,
  codeRevisionView,
  landingAnswerSchema,
  landingQuerySchema,
  queueItemSchema,
  revisionViewSchema,
} from '../commands/code-revision-view.ts';
import { linkDataReview, linkDataReviewInput } from '../commands/link-data-review.ts';
import { intakeInputSchema, intakeOutputSchema, takeInRevision } from '../commands/take-in-revision.ts';
import { checkLanding, revisionLabel } from '../landing.ts';
import { personProcedure, router, scopedProcedure } from '../trpc.ts';

/** Code review (SPEC 14): intake, data classification, the stewards' queue and the landing check. */
export const classificationRouter = router({
  /** A code-review bot or CI takes a revision in, with its changed metrics.yaml files (before and after). */
  intake: scopedProcedure('intake:write')
    .input(intakeInputSchema)
    .output(intakeOutputSchema)
    .mutation(takeInRevision),
  /** The author's or a reviewer's assessment: low, high or unnecessary, with a comment. */
  assess: personProcedure
    .input(assessClassificationInput)
    .output(revisionViewSchema)
    .mutation(assessClassification),
  /** Links a high revision to a data review: an existing one by key, or a new draft from its metrics. */
  linkReview: personProcedure.input(linkDataReviewInput).output(revisionViewSchema).mutation(linkDataReview),
  /** A revision's page: its metrics diff, the assessments with their comments, the linked review, landing. */
  revision: personProcedure
    .input(codeRevisionRefSchema)
    .output(revisionViewSchema)
    .query(({ ctx, input }) => codeRevisionView(ctx, input)),
  /** The data stewards' queue: revisions that need classification, and high ones. */
  queue: personProcedure.output(z.array(queueItemSchema)).query(classificationQueue),
  /** "May this revision land?" with a gate:read token or a session: the landing check (SPEC 14). */
  land: scopedProcedure('gate:read')
    .input(landingQuerySchema)
    .output(landingAnswerSchema)
    .query(async ({ ctx, input }) => {
      const { channel, ...ref } = input;
      const answer = await checkLanding(ctx.db, ctx.principal, ref, channel, ctx.now(), ctx.cache);
      if (!answer) throw new DomainError('NOT_FOUND', `Revision ${revisionLabel(ref)} was never taken in.`);
      return answer;
    }),
});
