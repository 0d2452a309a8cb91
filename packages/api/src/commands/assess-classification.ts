import {
  assertMayAssess,
  CLASSIFICATION_TAGS,
  classificationState,
  codeRevisionRefSchema,
  composeClassificationMail,
  DomainError,
  metricsToClassify,
} from '@signoff/core';
import { addStewardReviewers, insertAssessment, updateCodeRevision } from '@signoff/db';
import { z } from 'zod';
import { idempotencyKeySchema } from '../review-schemas.ts';
import {
  codeRevisionCommand,
  notifyEmails,
  revisionLink,
  stewardEmails,
  stream,
} from './code-revision-command.ts';
import { codeRevisionView, levelSchema } from './code-revision-view.ts';
import { linkReview, linkSchema } from './link-data-review.ts';
import type { PersonContext } from './review-command.ts';

export const assessClassificationInput = codeRevisionRefSchema.extend({
  level: levelSchema,
  comment: z.string().trim().min(1, 'explain the choice in a comment').max(10_000),
  ...linkSchema,
  idempotencyKey: idempotencyKeySchema,
});
type Input = z.output<typeof assessClassificationInput>;

const assess = codeRevisionCommand(
  'classification.assess',
  async ({ ctx, trx, audit, row, facts, state: before, label }, input: Input) => {
    const email = ctx.principal.email.toLowerCase();
    const role = assertMayAssess({
      email,
      level: input.level,
      revision: {
        label,
        authorEmail: row.author_email,
        reviewerEmails: facts.reviewers.map((r) => r.email),
        tagged: before.tagged,
      },
      metrics: metricsToClassify(row.metrics),
    });
    const wantsLink = input.review !== undefined || input.newReview !== undefined;
    const inserted = await insertAssessment(trx, {
      codeRevisionId: row.id,
      round: row.round,
      personId: ctx.principal.id,
      email,
      role,
      level: input.level,
      comment: input.comment,
      at: ctx.now(),
    });
    const after = classificationState(before.tagged, [
      ...facts.assessments,
      { email, role, level: input.level, comment: input.comment, at: inserted.created_at.toISOString() },
    ]);
    if (wantsLink && after.level !== 'high')
      throw new DomainError(
        'RULE_VIOLATION',
        `review: only a ${CLASSIFICATION_TAGS.high} revision is linked to a data review; ${label} would be ${after.level}.`,
        { field: 'review' },
      );
    await audit({
      action: 'classification.assessed',
      stream: stream(row),
      subject: label,
      before: { level: before.level, settled: before.settled },
      after: {
        role,
        level: input.level,
        comment: input.comment,
        round: row.round,
        revisionLevel: after.level,
        settled: after.settled,
        disagreement: after.disagreement,
      },
    });
    let current = row;
    // A settled round is classified: bringing the same metrics again does not reopen it.
    if (after.settled)
      current = await updateCodeRevision(
        trx,
        row.id,
        {
          classified_fingerprints: [
            ...new Set([...row.classified_fingerprints, ...row.round_fingerprints]),
          ].sort(),
        },
        ctx.now(),
      );
    const wentHigh = after.level === 'high' && before.level !== 'high';
    const stewards = wentHigh ? await stewardEmails(trx) : [];
    if (wentHigh) {
      // "For high sensitivity data collection, the data-stewards group will be added as a blocking reviewer."
      await addStewardReviewers(trx, row.id, stewards);
      await audit({
        action: 'classification.high',
        stream: stream(row),
        subject: label,
        after: { disagreement: after.disagreement, blockingReviewers: stewards },
      });
    }
    const reviewId = wantsLink ? await linkReview(trx, ctx, audit, current, input) : current.review_id;
    if (wentHigh)
      await notifyEmails(
        trx,
        ctx,
        stewards,
        composeClassificationMail(
          { kind: 'went_high', review: reviewId === null ? null : `DR-${reviewId}` },
          { label, title: row.title, link: revisionLink(ctx, row) },
        ),
        reviewId,
      );
  },
);

/**
 * The author's or a reviewer's assessment: low, high or unnecessary, with a comment. Disagreement makes
 * the revision high; a high one goes to the data stewards (blocking reviewers), and may be linked to a
 * data review at once (an existing one, or a new draft from its metrics).
 */
export const assessClassification = async (opts: { ctx: PersonContext; input: Input }) => {
  if (opts.input.review !== undefined && opts.input.newReview !== undefined)
    throw new DomainError('VALIDATION', 'review: name an existing review or ask for a new one, not both.', {
      field: 'review',
    });
  await assess(opts);
  return codeRevisionView(opts.ctx, opts.input);
};
