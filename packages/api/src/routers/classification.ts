import { createHash } from 'node:crypto';
import {
  assertMayAssess,
  bugOfMetrics,
  CHANNELS,
  CLASSIFICATION_LEVELS,
  type CodeRevisionRef,
  canonicalJson,
  categoryOfSensitivity,
  changedMetricsFileSchema,
  classificationState,
  codeRevisionRefSchema,
  composeClassificationMail,
  contentHash,
  DATA_SENSITIVITIES,
  DomainError,
  diffMetricsFiles,
  draftFromRevisionMetrics,
  draftRequestFormSchema,
  GLEAN_LIMITS,
  intakeFingerprints,
  isTaggedNeedsClassification,
  LANDING_BLOCKER_ORDER,
  type MetricChange,
  metricsToClassify,
  nextClassificationRound,
  suggestedLevel,
} from '@signoff/core';
import {
  addStewardReviewers,
  type CodeRevisionRow,
  type Db,
  enqueueMail,
  findCodeRevision,
  insertAssessment,
  insertCodeRevision,
  insertGleanImport,
  insertReview,
  insertRevision,
  listAssessments,
  listCodeRevisionReviewers,
  listTaggedCodeRevisions,
  loadLandingFacts,
  lockCodeRevision,
  replaceIntakeReviewers,
  updateCodeRevision,
  updateCodeRevisionIntake,
  updateReview,
} from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { checkLanding, classificationOf, revisionLabel, stateOfFacts } from '../landing.ts';
import { checkNewReviewParties, loadVisibleReview, requireActor } from '../review-access.ts';
import { channelRequestSchema, idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { emailSchema } from '../schemas.ts';
import { personProcedure, router, scopedProcedure } from '../trpc.ts';
import { type Audit, write } from '../write.ts';

const sensitivity = z.enum(DATA_SENSITIVITIES as [string, ...string[]]);
const metricChangeSchema = z.object({
  name: z.string(),
  change: z.enum(['added', 'changed', 'removed']),
  file: z.string(),
  line: z.number(),
  type: z.string(),
  dataSensitivity: z.array(sensitivity),
  category: z.number().nullable(),
  dataSensitivityBefore: z.array(sensitivity).nullable(),
  changedFields: z.array(z.string()),
  fingerprint: z.string().nullable(),
  description: z.string(),
  bugs: z.array(z.string()),
  expires: z.string(),
  notificationEmails: z.array(z.string()),
});
const metricsDiffSchema = z.object({
  added: z.array(metricChangeSchema),
  changed: z.array(metricChangeSchema),
  removed: z.array(metricChangeSchema),
});
const levelSchema = z.enum(CLASSIFICATION_LEVELS);
const classificationSchema = z.enum(['not_needed', 'needed', 'low', 'high', 'unnecessary']);

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

export const landingAnswerSchema = codeRevisionRefSchema.extend({
  channel: z.enum(CHANNELS),
  canLand: z.boolean(),
  classification: classificationSchema,
  suggestedLevel: z.enum(['low', 'high']).nullable(),
  blockers: z.array(
    z.object({
      code: z.enum(LANDING_BLOCKER_ORDER as [string, ...string[]]),
      message: z.string(),
      owner: z.object({ role: z.enum(['author', 'reviewer', 'data_steward']), emails: z.array(z.string()) }),
    }),
  ),
  review: z
    .object({
      key: z.string(),
      canShip: z.boolean(),
      blockers: z.array(z.object({ code: z.string(), message: z.string(), area: z.string().optional() })),
    })
    .optional(),
  evaluatedAt: z.string(),
});

export const landingQuerySchema = codeRevisionRefSchema.extend({
  /** Landing in mozilla-central ships to Nightly: pre_release unless said otherwise. */
  channel: z.enum(CHANNELS).default('pre_release'),
});

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

const linkSchema = {
  /** An existing data review, by key. */
  review: reviewRefSchema.optional(),
  /** Or a new draft prefilled from the revision's metrics. */
  newReview: newReviewSchema.optional(),
};

const revisionViewSchema = codeRevisionRefSchema.extend({
  title: z.string(),
  link: z.string().nullable(),
  author: z.string(),
  reviewers: z.array(z.object({ email: z.string(), blocking: z.boolean(), dataSteward: z.boolean() })),
  metrics: metricsDiffSchema,
  files: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  manualTag: z.boolean(),
  round: z.number(),
  intakes: z.number(),
  classification: classificationSchema,
  level: levelSchema.nullable(),
  disagreement: z.boolean(),
  settled: z.boolean(),
  needsClassification: z.boolean(),
  suggestedLevel: z.enum(['low', 'high']).nullable(),
  assessments: z.array(
    z.object({
      id: z.number(),
      round: z.number(),
      current: z.boolean(),
      email: z.string(),
      displayName: z.string(),
      role: z.enum(['author', 'reviewer']),
      level: levelSchema,
      comment: z.string(),
      createdAt: z.string(),
    }),
  ),
  review: z.object({ key: z.string(), title: z.string(), status: z.string() }).nullable(),
  landing: landingAnswerSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const sha256 = (text: string | null) =>
  text === null ? null : createHash('sha256').update(text).digest('hex');
const stream = (row: { id: number }) => `code-revision:${row.id}`;

const notFound = (ref: CodeRevisionRef) =>
  new DomainError(
    'NOT_FOUND',
    `Revision ${revisionLabel(ref)} was never taken in (POST /api/v1/intake/revisions).`,
  );

const revisionLink = (ctx: Pick<Context, 'settings'>, r: CodeRevisionRef) =>
  `${ctx.settings.publicUrl.replace(/\/$/, '')}/revisions/${encodeURIComponent(r.system)}/${encodeURIComponent(r.repository)}/${encodeURIComponent(r.revision)}`;

/**
 * Mail to people by email in the caller's transaction: known people who turned notifications off or were
 * deactivated get none; people unknown to the product (recorded by email) are told too, since code review
 * knows them. The actor is not told of their own action.
 */
async function notifyEmails(
  trx: Db,
  ctx: Context,
  emails: readonly string[],
  mail: { subject: string; text: string },
  reviewId: number | null,
) {
  const actor = ctx.principal?.kind === 'person' ? ctx.principal.email.toLowerCase() : null;
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))].filter((e) => e !== actor);
  if (wanted.length === 0) return;
  const known = await trx
    .selectFrom('people')
    .select(['email', 'active', 'notifications'])
    .where('email', 'in', wanted)
    .execute();
  const quiet = new Set(known.filter((p) => !p.active || !p.notifications).map((p) => p.email.toLowerCase()));
  for (const email of wanted.filter((e) => !quiet.has(e)))
    await enqueueMail(trx, {
      kind: 'notification',
      to: [email],
      subject: mail.subject,
      text: mail.text,
      reviewId,
      messageIdDomain: ctx.settings.messageIdDomain,
    });
}

const stewardEmails = async (db: Db) =>
  (
    await db
      .selectFrom('people')
      .select('email')
      .where('is_steward', '=', true)
      .where('active', '=', true)
      .orderBy('email')
      .execute()
  ).map((p) => p.email.toLowerCase());

async function revisionView(ctx: Context, row: CodeRevisionRow) {
  const [reviewers, assessments, facts, landing] = await Promise.all([
    listCodeRevisionReviewers(ctx.db, row.id),
    listAssessments(ctx.db, row.id),
    loadLandingFacts(ctx.db, row),
    checkLanding(ctx.db, ctx.principal!, row, 'pre_release', ctx.now()),
  ]);
  const state = stateOfFacts(facts!);
  let review: { key: string; title: string; status: string } | null = null;
  if (row.review_id !== null) {
    const r = await loadVisibleReview(ctx.db, row.review_id, requireActor(ctx.principal)).catch(() => null);
    if (r) review = { key: r.key, title: r.title, status: r.status };
  }
  return {
    system: row.system,
    repository: row.repository,
    revision: row.revision,
    title: row.title,
    link: row.link,
    author: row.author_email,
    reviewers,
    metrics: row.metrics,
    files: row.files,
    manualTag: row.manual_tag,
    round: row.round,
    intakes: row.intakes,
    classification: classificationOf(state),
    level: state.level,
    disagreement: state.disagreement,
    settled: state.settled,
    needsClassification: state.needsClassification,
    suggestedLevel: suggestedLevel(metricsToClassify(row.metrics)),
    assessments: assessments.map((a) => ({
      id: a.id,
      round: a.round,
      current: a.round === row.round,
      email: a.email,
      displayName: a.displayName,
      role: a.role,
      level: a.level,
      comment: a.comment,
      createdAt: a.createdAt.toISOString(),
    })),
    review,
    landing: landing!,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

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
async function linkReview(
  trx: Db,
  ctx: Context,
  audit: Audit,
  row: CodeRevisionRow,
  link: { review?: string | number | undefined; newReview?: z.output<typeof newReviewSchema> | undefined },
): Promise<number> {
  const actor = requireActor(ctx.principal);
  const label = revisionLabel(row);
  const ref = { kind: 'code_review', value: (row.link ?? label).slice(0, 500) };
  if (row.review_id !== null)
    throw new DomainError('CONFLICT', `${label} is already linked to DR-${row.review_id}.`, {
      field: 'review',
    });
  let reviewId: number;
  let key: string;
  if (link.review !== undefined) {
    const review = await loadVisibleReview(trx, link.review, actor);
    reviewId = review.id;
    key = review.key;
    await trx
      .insertInto('external_refs')
      .values({ review_id: review.id, ...ref })
      .execute();
  } else {
    const input = link.newReview!;
    const personId = actor.personId;
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
      externalRefs: [ref, ...(bug ? [{ kind: 'bug', value: bug }] : [])],
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

const lockOrThrow = async (trx: Db, ref: CodeRevisionRef) => {
  const row = await lockCodeRevision(trx, ref);
  if (!row) throw notFound(ref);
  return row;
};

export const classificationRouter = router({
  /**
   * Intake from a code-review bot or CI: the revision and its changed metrics.yaml files (before and
   * after). Works out the metrics added, changed and removed, whether the revision needs classification,
   * and the level their data_sensitivity suggests. The same intake again writes nothing.
   */
  intake: scopedProcedure('intake:write')
    .input(intakeInputSchema)
    .output(intakeOutputSchema)
    .mutation(({ ctx, input }) => {
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
          : await insertCodeRevision(
              trx,
              ref,
              { ...values, round: 1, roundFingerprints: incoming },
              ctx.now(),
            );
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
    }),

  /**
   * The author's or a reviewer's assessment: low, high or unnecessary, with a comment. Disagreement makes
   * the revision high; a high one goes to the data stewards (blocking reviewers), and may be linked to a
   * data review here (an existing one, or a new draft from its metrics).
   */
  assess: personProcedure
    .input(
      codeRevisionRefSchema.extend({
        level: levelSchema,
        comment: z.string().trim().min(1, 'explain the choice in a comment').max(10_000),
        ...linkSchema,
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(revisionViewSchema)
    .mutation(async ({ ctx, input }) => {
      const ref = { system: input.system, repository: input.repository, revision: input.revision };
      if (input.review !== undefined && input.newReview !== undefined)
        throw new DomainError(
          'VALIDATION',
          'review: name an existing review or ask for a new one, not both.',
          {
            field: 'review',
          },
        );
      await write(
        ctx,
        async (trx, audit) => {
          const locked = await lockOrThrow(trx, ref);
          const label = revisionLabel(locked);
          const facts = (await loadLandingFacts(trx, ref))!;
          const before = stateOfFacts(facts);
          const role = assertMayAssess({
            email: ctx.principal.email,
            level: input.level,
            revision: {
              label,
              authorEmail: locked.author_email,
              reviewerEmails: facts.reviewers.map((r) => r.email),
              tagged: before.tagged,
            },
            metrics: metricsToClassify(locked.metrics),
          });
          const inserted = await insertAssessment(trx, {
            codeRevisionId: locked.id,
            round: locked.round,
            personId: ctx.principal.id,
            email: ctx.principal.email.toLowerCase(),
            role,
            level: input.level,
            comment: input.comment,
            at: ctx.now(),
          });
          const after = classificationState(before.tagged, [
            ...facts.assessments,
            {
              email: ctx.principal.email.toLowerCase(),
              role,
              level: input.level,
              comment: input.comment,
              at: inserted.created_at.toISOString(),
            },
          ]);
          await audit({
            action: 'classification.assessed',
            stream: stream(locked),
            subject: label,
            before: { level: before.level, settled: before.settled },
            after: {
              role,
              level: input.level,
              comment: input.comment,
              round: locked.round,
              revisionLevel: after.level,
              settled: after.settled,
              disagreement: after.disagreement,
            },
          });
          let current = locked;
          if (after.settled)
            current = await updateCodeRevision(
              trx,
              locked.id,
              {
                classified_fingerprints: [
                  ...new Set([...locked.classified_fingerprints, ...locked.round_fingerprints]),
                ].sort(),
              },
              ctx.now(),
            );
          const wentHigh = after.level === 'high' && before.level !== 'high';
          if (wentHigh) {
            const stewards = await stewardEmails(trx);
            await addStewardReviewers(trx, locked.id, stewards);
            await audit({
              action: 'classification.high',
              stream: stream(locked),
              subject: label,
              after: { disagreement: after.disagreement, blockingReviewers: stewards },
            });
          }
          const wantsLink = input.review !== undefined || input.newReview !== undefined;
          if (wantsLink && after.level !== 'high')
            throw new DomainError(
              'RULE_VIOLATION',
              `review: only a data-classification-high revision is linked to a data review; ${label} is ${after.level}.`,
              { field: 'review' },
            );
          let reviewId = current.review_id;
          if (wantsLink) reviewId = await linkReview(trx, ctx, audit, current, input);
          if (wentHigh)
            await notifyEmails(
              trx,
              ctx,
              await stewardEmails(trx),
              composeClassificationMail(
                { kind: 'went_high', review: reviewId === null ? null : `DR-${reviewId}` },
                { label, title: locked.title, link: revisionLink(ctx, locked) },
              ),
              reviewId,
            );
          return locked.id;
        },
        { key: input.idempotencyKey, procedure: 'classification.assess' },
      );
      return revisionView(ctx, (await findCodeRevision(ctx.db, ref))!);
    }),

  /** Links a high revision to a data review: an existing one by key, or a new draft from its metrics. */
  linkReview: personProcedure
    .input(codeRevisionRefSchema.extend({ ...linkSchema, idempotencyKey: idempotencyKeySchema }))
    .output(revisionViewSchema)
    .mutation(async ({ ctx, input }) => {
      const ref = { system: input.system, repository: input.repository, revision: input.revision };
      if ((input.review === undefined) === (input.newReview === undefined))
        throw new DomainError(
          'VALIDATION',
          'review: name an existing review or ask for a new one (newReview).',
          {
            field: 'review',
          },
        );
      await write(
        ctx,
        async (trx, audit) => {
          const row = await lockOrThrow(trx, ref);
          const facts = (await loadLandingFacts(trx, ref))!;
          const state = stateOfFacts(facts);
          const email = ctx.principal.email.toLowerCase();
          const involved =
            ctx.principal.isSteward ||
            row.author_email === email ||
            facts.reviewers.some((r) => r.email === email);
          if (!involved)
            throw new DomainError(
              'FORBIDDEN',
              `Only the author, a reviewer or a data steward may link ${revisionLabel(row)} to a data review.`,
            );
          if (state.level !== 'high')
            throw new DomainError(
              'RULE_VIOLATION',
              `review: only a data-classification-high revision is linked to a data review; ${revisionLabel(row)} is ${classificationOf(state)}.`,
              { field: 'review' },
            );
          await linkReview(trx, ctx, audit, row, input);
        },
        { key: input.idempotencyKey, procedure: 'classification.linkReview' },
      );
      return revisionView(ctx, (await findCodeRevision(ctx.db, ref))!);
    }),

  /** A revision's page: its metrics diff, the assessments with their comments, the linked review, landing. */
  revision: personProcedure
    .input(codeRevisionRefSchema)
    .output(revisionViewSchema)
    .query(async ({ ctx, input }) => {
      const row = await findCodeRevision(ctx.db, input);
      if (!row) throw notFound(input);
      return revisionView(ctx, row);
    }),

  /** The data stewards' queue: revisions that need classification, and high ones. */
  queue: personProcedure
    .output(
      z.array(
        codeRevisionRefSchema.extend({
          classification: classificationSchema,
          suggestedLevel: z.enum(['low', 'high']).nullable(),
          metrics: z.number(),
          review: z.string().nullable(),
        }),
      ),
    )
    .query(async ({ ctx }) => {
      if (!ctx.principal.isSteward && !ctx.principal.isAdmin)
        throw new DomainError('FORBIDDEN', 'The queue of revisions is for data stewards.');
      const refs = await listTaggedCodeRevisions(ctx.db, 200);
      const out = [];
      for (const ref of refs) {
        const facts = await loadLandingFacts(ctx.db, ref);
        if (!facts) continue;
        const state = stateOfFacts(facts);
        if (!state.needsClassification && state.level !== 'high') continue;
        const metrics = metricsToClassify(facts.metrics);
        out.push({
          ...ref,
          classification: classificationOf(state),
          suggestedLevel: suggestedLevel(metrics),
          metrics: metrics.length,
          review: facts.reviewId === null ? null : `DR-${facts.reviewId}`,
        });
      }
      return out;
    }),

  /** "May this revision land?" with a gate:read token or a session: the landing check (SPEC 14). */
  land: scopedProcedure('gate:read')
    .input(landingQuerySchema)
    .output(landingAnswerSchema)
    .query(async ({ ctx, input }) => {
      const { channel, ...ref } = input;
      const answer = await checkLanding(ctx.db, ctx.principal, ref, channel, ctx.now(), ctx.cache);
      if (!answer) throw notFound(ref);
      return answer;
    }),
});
