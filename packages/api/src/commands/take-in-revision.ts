import { createHash } from 'node:crypto';
import {
  canonicalJson,
  changedMetricsFileSchema,
  codeRevisionRefSchema,
  composeClassificationMail,
  DomainError,
  diffMetricsFiles,
  GLEAN_LIMITS,
  intakeFingerprints,
  isTaggedNeedsClassification,
  metricsToClassify,
  nextClassificationRound,
  suggestedLevel,
} from '@signoff/core';
import {
  type CodeRevisionRow,
  insertCodeRevision,
  loadLandingFacts,
  lockCodeRevision,
  replaceIntakeReviewers,
  updateCodeRevisionIntake,
} from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { classificationOf, revisionLabel, stateOfFacts } from '../landing.ts';
import { emailSchema } from '../schemas.ts';
import { write } from '../write.ts';
import { lockOrThrow, notifyEmails, revisionLink, stream } from './code-revision-command.ts';
import { classificationSchema, metricsDiffSchema } from './code-revision-view.ts';

export const intakeInputSchema = codeRevisionRefSchema.extend({
  title: z.string().trim().min(1).max(500),
  link: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  /** The patch author's email. */
  author: emailSchema,
  /** The revision's reviewers by email (people unknown to the product are recorded by email). */
  reviewers: z.array(emailSchema).max(50).default([]),
  /** The bot (or a person) tags the revision needs-data-classification by hand. */
  needsClassification: z.boolean().default(false),
  /** The changed Glean metrics.yaml files, each with its text before and after the change. */
  files: z.array(changedMetricsFileSchema).max(GLEAN_LIMITS.files).default([]),
});

export const intakeOutputSchema = codeRevisionRefSchema.extend({
  needsClassification: z.boolean(),
  classification: classificationSchema,
  suggestedLevel: z.enum(['low', 'high']).nullable(),
  metrics: metricsDiffSchema,
  round: z.number(),
  /** A new diff brought metrics not yet classified: earlier assessments no longer count. */
  reopened: z.boolean(),
  /** The same intake as the last one: nothing was written. */
  unchanged: z.boolean(),
});

const sha256 = (text: string | null) =>
  text === null ? null : createHash('sha256').update(text).digest('hex');

/**
 * Intake from a code-review bot or CI: the revision and its changed metrics.yaml files (before and
 * after). Works out the metrics added, changed and removed, whether the revision needs classification,
 * and the level their data_sensitivity suggests. The same intake again writes nothing; a new diff that
 * brings metrics not yet classified opens a new classification round.
 */
export const takeInRevision = ({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.output<typeof intakeInputSchema>;
}) => {
  // The code-review system is the source of a revision's author and reviewers: a bot's token, or an admin.
  const p = ctx.principal;
  if (p?.kind === 'person' && !p.isAdmin)
    throw new DomainError(
      'FORBIDDEN',
      'Revisions are taken in by a code-review bot with a token of scope intake:write (or by an admin).',
    );
  const ref = { system: input.system, repository: input.repository, revision: input.revision };
  const diff = diffMetricsFiles(input.files);
  const incoming = intakeFingerprints(diff, input.needsClassification);
  const reviewers = [...new Set(input.reviewers)].filter((r) => r !== input.author).sort();
  const files = input.files.map((f) => ({
    path: f.path,
    before: sha256(f.before),
    after: sha256(f.after),
  }));
  const intakeHash = createHash('sha256')
    .update(
      canonicalJson({
        title: input.title,
        link: input.link,
        author: input.author,
        reviewers,
        manual: input.needsClassification,
        files,
      }),
    )
    .digest('hex');
  const label = revisionLabel(ref);
  const answer = (
    row: CodeRevisionRow,
    facts: Awaited<ReturnType<typeof loadLandingFacts>>,
    extra: { reopened: boolean; unchanged: boolean },
  ) => {
    const state = stateOfFacts(facts!);
    return {
      ...ref,
      needsClassification: state.needsClassification,
      classification: classificationOf(state),
      suggestedLevel: suggestedLevel(metricsToClassify(row.metrics)),
      metrics: row.metrics,
      round: row.round,
      ...extra,
    };
  };
  return write(ctx, async (trx, audit) => {
    let row = await lockCodeRevision(trx, ref);
    if (row && row.intake_hash === intakeHash)
      return answer(row, await loadLandingFacts(trx, ref), { reopened: false, unchanged: true });
    const values = {
      title: input.title,
      link: input.link,
      authorEmail: input.author,
      metrics: diff,
      files,
      manualTag: input.needsClassification,
      intakeHash,
    };
    let reopened: boolean;
    const first = row
      ? undefined
      : await insertCodeRevision(trx, ref, { ...values, round: 1, roundFingerprints: incoming }, ctx.now());
    if (first) {
      row = first;
      reopened = isTaggedNeedsClassification(incoming);
    } else {
      // Another intake of the same revision may have inserted it first: lock it and take this one as a resend.
      row ??= await lockOrThrow(trx, ref);
      const next = nextClassificationRound(
        {
          round: row.round,
          fingerprints: row.round_fingerprints,
          classified: row.classified_fingerprints,
        },
        incoming,
      );
      reopened = next.reopened;
      row = await updateCodeRevisionIntake(
        trx,
        row.id,
        { ...values, round: next.round, roundFingerprints: next.fingerprints },
        ctx.now(),
      );
    }
    await replaceIntakeReviewers(trx, row.id, reviewers);
    const facts = await loadLandingFacts(trx, ref);
    const result = answer(row, facts, { reopened, unchanged: false });
    await audit({
      action: first ? 'revision.taken_in' : 'revision.taken_in_again',
      stream: stream(row),
      subject: label,
      after: {
        title: row.title,
        author: row.author_email,
        reviewers,
        files,
        added: diff.added.map((m) => m.name),
        changed: diff.changed.map((m) => m.name),
        removed: diff.removed.map((m) => m.name),
        manualTag: input.needsClassification,
        round: row.round,
        needsClassification: result.needsClassification,
      },
    });
    if (reopened && result.needsClassification)
      await notifyEmails(
        trx,
        ctx,
        [row.author_email, ...reviewers],
        composeClassificationMail(
          { kind: 'needs_classification', suggested: result.suggestedLevel },
          { label, title: row.title, link: revisionLink(ctx, ref) },
        ),
        row.review_id,
      );
    return result;
  });
};
