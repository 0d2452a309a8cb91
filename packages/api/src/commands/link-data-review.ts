import {
  bugOfMetrics,
  categoryOfSensitivity,
  codeRevisionRefSchema,
  contentHash,
  DomainError,
  draftFromRevisionMetrics,
  draftRequestFormSchema,
  type ExternalRefKind,
  type MetricChange,
  metricsToClassify,
} from '@signoff/core';
import {
  type CodeRevisionRow,
  type Db,
  insertGleanImport,
  insertReview,
  insertRevision,
  updateCodeRevision,
  updateReview,
} from '@signoff/db';
import { z } from 'zod';
import { classificationOf, revisionLabel } from '../landing.ts';
import { checkNewReviewParties } from '../review-access.ts';
import { channelRequestSchema, idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import type { Audit } from '../write.ts';
import { codeRevisionCommand, stream } from './code-revision-command.ts';
import { codeRevisionView } from './code-revision-view.ts';
import { type PersonContext, visibleReview } from './review-command.ts';

const newReviewSchema = z.object({
  productId: z.number().int().positive(),
  channels: z
    .array(channelRequestSchema)
    .min(1)
    .max(2)
    .default([
      { channel: 'release', defaultState: 'off' },
      { channel: 'pre_release', defaultState: 'off' },
    ]),
});

export const linkSchema = {
  /** An existing data review, by key. */
  review: reviewRefSchema.optional(),
  /** Or a new draft prefilled from the revision's metrics. */
  newReview: newReviewSchema.optional(),
};

/** The metrics a new data review is drafted from, as the Glean import records them. */
const importedMetrics = (metrics: readonly MetricChange[]) =>
  metrics.map((m) => ({
    name: m.name,
    file: m.file,
    line: m.line,
    type: m.type,
    dataSensitivity: m.dataSensitivity,
    category: categoryOfSensitivity(m.dataSensitivity),
    expires: m.expires,
    notificationEmails: m.notificationEmails,
    bugs: m.bugs,
  }));

/**
 * Links a high revision to a data review: an existing one the actor may see, or a new draft prefilled from
 * the revision's metrics (as the Glean import drafts one). The review names the revision as a code_review
 * reference.
 */
export async function linkReview(
  trx: Db,
  ctx: PersonContext,
  audit: Audit,
  row: CodeRevisionRow,
  link: { review?: string | number | undefined; newReview?: z.output<typeof newReviewSchema> | undefined },
): Promise<number> {
  const label = revisionLabel(row);
  const ref: { kind: ExternalRefKind; value: string } = {
    kind: 'code_review',
    value: (row.link ?? label).slice(0, 500),
  };
  if (row.review_id !== null)
    throw new DomainError('CONFLICT', `${label} is already linked to DR-${row.review_id}.`, {
      field: 'review',
    });
  let reviewId: number;
  let key: string;
  if (link.review !== undefined) {
    const review = await visibleReview({ ...ctx, db: trx }, link.review);
    reviewId = review.id;
    key = review.key;
    await trx
      .insertInto('external_refs')
      .values({ review_id: review.id, ...ref })
      .execute();
  } else {
    const input = link.newReview!;
    const personId = ctx.principal.id;
    const product = await checkNewReviewParties(trx, {
      productId: input.productId,
      engineeringOwnerId: null,
    });
    const metrics = metricsToClassify(row.metrics);
    const form = draftRequestFormSchema.parse(draftFromRevisionMetrics(label, metrics));
    const bug = bugOfMetrics(metrics);
    const created = await insertReview(trx, {
      productId: product.id,
      title: `Data collection in ${label}: ${row.title}`.slice(0, 300),
      proposerId: personId,
      requesterId: personId,
      engineeringOwnerId: null,
      runsInExperiments: false,
      visibility: 'public',
      privateReason: null,
      channels: input.channels,
      externalRefs: bug ? [ref, { kind: 'bug', value: bug }] : [ref],
    });
    const rev = await insertRevision(trx, {
      reviewId: created.id,
      number: 1,
      authorId: personId,
      content: form,
      contentHash: contentHash(form),
      at: ctx.now(),
    });
    await updateReview(trx, created.id, { current_revision: rev.number }, ctx.now());
    if (bug)
      await insertGleanImport(trx, {
        reviewId: created.id,
        bug,
        revision: rev.number,
        files: row.files.map((f) => ({ name: f.path, sha256: f.after ?? f.before ?? '' })),
        metrics: importedMetrics(metrics),
        importedBy: personId,
        at: ctx.now(),
      });
    await audit({
      action: 'review.created',
      reviewId: created.id,
      subject: created.key,
      after: {
        title: created.title,
        productId: product.id,
        fromCodeRevision: label,
        contentHash: rev.content_hash,
      },
    });
    reviewId = created.id;
    key = created.key;
  }
  await updateCodeRevision(trx, row.id, { review_id: reviewId }, ctx.now());
  await audit({
    action: 'classification.linked',
    stream: stream(row),
    subject: label,
    after: { review: key },
  });
  await audit({ action: 'classification.linked', reviewId, subject: key, after: { codeRevision: label } });
  return reviewId;
}

export const linkDataReviewInput = codeRevisionRefSchema.extend({
  ...linkSchema,
  idempotencyKey: idempotencyKeySchema,
});

/** Links a high revision to a data review, by its author, a reviewer or a data steward. */
const link = codeRevisionCommand(
  'classification.linkReview',
  async ({ ctx, trx, audit, row, facts, state, label }, input: z.output<typeof linkDataReviewInput>) => {
    const email = ctx.principal.email.toLowerCase();
    const involved =
      ctx.principal.isSteward || row.author_email === email || facts.reviewers.some((r) => r.email === email);
    if (!involved)
      throw new DomainError(
        'FORBIDDEN',
        `Only the author, a reviewer or a data steward may link ${label} to a data review.`,
      );
    if (state.level !== 'high')
      throw new DomainError(
        'RULE_VIOLATION',
        `review: only a data-classification-high revision is linked to a data review; ${label} is ${classificationOf(state)}.`,
        { field: 'review' },
      );
    await linkReview(trx, ctx, audit, row, input);
  },
);

export const linkDataReview = async (opts: {
  ctx: PersonContext;
  input: z.output<typeof linkDataReviewInput>;
}) => {
  if ((opts.input.review === undefined) === (opts.input.newReview === undefined))
    throw new DomainError('VALIDATION', 'review: name an existing review or ask for a new one (newReview).', {
      field: 'review',
    });
  await link(opts);
  return codeRevisionView(opts.ctx, opts.input);
};
