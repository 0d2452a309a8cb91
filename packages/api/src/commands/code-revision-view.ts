import {
  CHANNELS,
  CLASSIFICATION_LEVELS,
  type CodeRevisionRef,
  codeRevisionRefSchema,
  DATA_SENSITIVITIES,
  DomainError,
  LANDING_BLOCKER_ORDER,
  metricsToClassify,
  suggestedLevel,
} from '@signoff/core';
import {
  type CodeRevisionRow,
  findCodeRevision,
  listAssessments,
  listCodeRevisionReviewers,
  listTaggedCodeRevisions,
  loadLandingFacts,
} from '@signoff/db';
import { z } from 'zod';
import { checkLanding, classificationOf, stateOfFacts } from '../landing.ts';
import { notFound } from './code-revision-command.ts';
import { type PersonContext, visibleReview } from './review-command.ts';

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
export const metricsDiffSchema = z.object({
  added: z.array(metricChangeSchema),
  changed: z.array(metricChangeSchema),
  removed: z.array(metricChangeSchema),
});
export const levelSchema = z.enum(CLASSIFICATION_LEVELS);
export const classificationSchema = z.enum(['not_needed', 'needed', 'low', 'high', 'unnecessary']);

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

export const revisionViewSchema = codeRevisionRefSchema.extend({
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

/** A revision's page: its metrics diff, the assessments with their comments, the linked review, landing. */
export async function revisionView(ctx: PersonContext, row: CodeRevisionRow) {
  const [reviewers, assessments, facts, landing] = await Promise.all([
    listCodeRevisionReviewers(ctx.db, row.id),
    listAssessments(ctx.db, row.id),
    loadLandingFacts(ctx.db, row),
    checkLanding(ctx.db, ctx.principal, row, 'pre_release', ctx.now()),
  ]);
  const state = stateOfFacts(facts!);
  let review: { key: string; title: string; status: string } | null = null;
  if (row.review_id !== null) {
    const r = await visibleReview(ctx, row.review_id).catch(() => null);
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

/** The page of the revision `ref` (after a command: what it committed). */
export async function codeRevisionView(ctx: PersonContext, ref: CodeRevisionRef) {
  const row = await findCodeRevision(ctx.db, ref);
  if (!row) throw notFound(ref);
  return revisionView(ctx, row);
}

export const queueItemSchema = codeRevisionRefSchema.extend({
  classification: classificationSchema,
  suggestedLevel: z.enum(['low', 'high']).nullable(),
  metrics: z.number(),
  review: z.string().nullable(),
});

/** The data stewards' queue: revisions that need classification, and high ones. */
export const classificationQueue = async ({ ctx }: { ctx: PersonContext }) => {
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
};
