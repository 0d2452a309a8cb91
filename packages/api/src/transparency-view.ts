import {
  AREAS,
  announcementState,
  CATEGORIES,
  CATEGORY_LABELS,
  CHANNELS,
  DEFAULT_STATES,
  DomainError,
  draftRequestFormSchema,
  isAnnouncementDone,
  REVIEW_STATUSES,
  type ReviewStatus,
  STEWARD_OUTCOMES,
} from '@signoff/core';
import { announcementRecord, type Db, findReview, parseReviewRef, type ReviewRow } from '@signoff/db';
import { type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { loadWholeReview, type WholeReview } from './whole-review.ts';

/**
 * Transparency: "We make our decisions about data collection public and accessible." Without signing in,
 * anyone reads the public reviews and their decisions. A private review never appears until it is shipped
 * ("These reviews will be made public once the actual data collection begins"); a draft is not yet a review.
 */
const PUBLIC_SQL = sql<SqlBool>`((r.visibility = 'public' OR r.status = 'shipped') AND r.status <> 'draft')`;
const PUBLIC_STATUSES = REVIEW_STATUSES.filter((s) => s !== 'draft');

const isPublicReview = (row: ReviewRow) =>
  row.status !== 'draft' && (row.visibility === 'public' || row.status === 'shipped');

const iso = (d: Date) => d.toISOString();
const category = z.literal(CATEGORIES).nullable();

export const publicSummarySchema = z.object({
  key: z.string(),
  title: z.string(),
  product: z.string(),
  status: z.enum(REVIEW_STATUSES),
  category,
  categoryLabel: z.string().nullable(),
  stewardOutcome: z.enum(STEWARD_OUTCOMES).nullable(),
  submittedAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const publicReviewSchema = publicSummarySchema.extend({
  channels: z.array(z.object({ channel: z.enum(CHANNELS), defaultState: z.enum(DEFAULT_STATES) })),
  runsInExperiments: z.boolean(),
  collectionPeriod: z.object({
    expires: z.string().nullable(),
    description: z.string(),
    expired: z.boolean(),
  }),
  /** The documentation as it stands (the current revision). */
  documentation: z.object({ revision: z.number(), form: draftRequestFormSchema }),
  stewardDecisions: z.array(
    z.object({
      outcome: z.enum(STEWARD_OUTCOMES),
      category: z.number(),
      steward: z.string(),
      review: z.string().nullable(),
      decidedAt: z.string(),
    }),
  ),
  /** The sign-off that counts in each area (category 3 and 4). */
  signOffs: z.array(
    z.object({
      area: z.enum(AREAS),
      decision: z.string(),
      risk: z.string(),
      rationale: z.string(),
      trustApproval: z.boolean(),
      revision: z.number(),
      current: z.boolean(),
      facilitator: z.string(),
      decidedAt: z.string(),
    }),
  ),
  mitigations: z.array(
    z.object({ area: z.enum(AREAS), kind: z.string(), description: z.string(), state: z.string() }),
  ),
  announcement: z.object({ done: z.boolean(), archiveLinks: z.array(z.string()) }),
  escalations: z.array(
    z.object({
      areas: z.array(z.enum(AREAS)),
      level: z.string(),
      state: z.string(),
      decision: z.string().nullable(),
      rationale: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
  renewals: z.array(
    z.object({
      newExpires: z.string(),
      state: z.string(),
      outcome: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
});
export type PublicReview = z.infer<typeof publicReviewSchema>;

const summary = (row: ReviewRow, product: string): z.infer<typeof publicSummarySchema> => ({
  key: row.key,
  title: row.title,
  product,
  status: row.status,
  category: row.category,
  categoryLabel: row.category === null ? null : CATEGORY_LABELS[row.category],
  stewardOutcome: row.steward_outcome,
  submittedAt: row.submitted_at ? iso(row.submitted_at) : null,
  shippedAt: row.shipped_at ? iso(row.shipped_at) : null,
  updatedAt: iso(row.updated_at),
});

/** The public page of a review; NOT_FOUND for anything that is not public. */
export async function publicReview(db: Db, ref: string | number, now: Date): Promise<PublicReview> {
  const id = parseReviewRef(ref);
  const row = id === null ? undefined : await findReview(db, id);
  if (!row || !isPublicReview(row)) throw new DomainError('NOT_FOUND', 'Review not found.');
  return publicReviewOf(await loadWholeReview(db, row, now));
}

/**
 * The public page projected from the whole review: only what the policy makes public (the documentation
 * and the decisions). Comments, position papers, escalation comments and meetings, discussions, the
 * timeline, reviewers, mitigation threads, the private reason and everyone's email stay out.
 */
export function publicReviewOf(whole: WholeReview): PublicReview {
  const {
    row,
    product,
    channels,
    form,
    collectionPeriod: period,
    stewardReviews,
    signOffs,
    mitigations,
    announcements,
    escalations,
    renewals,
  } = whole;
  const name = (id: number) => whole.names.get(id) ?? '';
  const latest = new Map<string, (typeof signOffs)[number]>();
  for (const s of signOffs) latest.set(s.area, s);
  return {
    ...summary(row, product),
    channels: channels.map((c) => ({
      channel: c.channel,
      defaultState: c.default_state,
    })),
    runsInExperiments: row.runs_in_experiments,
    collectionPeriod: { expires: period.expires, description: period.description, expired: period.expired },
    documentation: { revision: row.current_revision, form: draftRequestFormSchema.parse(form) },
    stewardDecisions: stewardReviews.map((s) => ({
      outcome: s.outcome,
      category: s.category,
      steward: name(s.steward_id),
      review: s.comment,
      decidedAt: iso(s.created_at),
    })),
    signOffs: AREAS.flatMap((area) => {
      const s = latest.get(area);
      return s
        ? [
            {
              area: area,
              decision: s.decision,
              risk: s.risk,
              rationale: s.rationale,
              trustApproval: s.trust_approval,
              revision: s.revision,
              current: s.revision === row.current_revision,
              facilitator: name(s.facilitator_id),
              decidedAt: iso(s.created_at),
            },
          ]
        : [];
    }),
    mitigations: mitigations.map((m) => ({
      area: m.area,
      kind: m.kind,
      description: m.description,
      state: m.state,
    })),
    announcement: {
      done: isAnnouncementDone(announcementState(announcements.map(announcementRecord))),
      archiveLinks: announcements.flatMap((a) => (a.archive_link ? [a.archive_link] : [])),
    },
    // Position papers and comments are the parties' working documents; the public sees the decisions.
    escalations: escalations.map((e) => ({
      areas: e.areas,
      level: e.level,
      state: e.state,
      decision: e.decision,
      rationale: e.rationale,
      decidedAt: e.decided_at ? iso(e.decided_at) : null,
    })),
    renewals: renewals
      .filter((n) => n.state !== 'withdrawn')
      .map((n) => ({
        newExpires: n.new_expires,
        state: n.state,
        outcome: n.outcome,
        decidedAt: n.decided_at ? iso(n.decided_at) : null,
      })),
  };
}

export const publicListInput = z.object({
  status: z
    .array(z.enum(PUBLIC_STATUSES as [ReviewStatus, ...ReviewStatus[]]))
    .max(REVIEW_STATUSES.length)
    .optional(),
  productId: z.number().int().positive().optional(),
  category: z.literal(CATEGORIES).optional(),
  /** Matches the title or the key (DR-42). */
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export const publicListOutput = z.object({
  items: z.array(publicSummarySchema.extend({ id: z.number() })),
  nextCursor: z.number().nullable(),
});

/** Public reviews, newest first, a page at a time (`nextCursor` continues). */
export async function listPublicReviews(
  db: Db,
  input: z.infer<typeof publicListInput>,
): Promise<z.infer<typeof publicListOutput>> {
  let q = db
    .selectFrom('reviews as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .selectAll('r')
    .select('p.name as product_name')
    .where(PUBLIC_SQL);
  if (input.status?.length) q = q.where('r.status', 'in', input.status);
  if (input.productId) q = q.where('r.product_id', '=', input.productId);
  if (input.category) q = q.where('r.category', '=', input.category);
  if (input.cursor) q = q.where('r.id', '<', input.cursor);
  if (input.q) {
    const id = /^(?:DR-)?(\d{1,15})$/i.exec(input.q)?.[1];
    q = q.where(
      sql<SqlBool>`(r.title ILIKE ${`%${input.q.replace(/[%_\\]/g, '\\$&')}%`} OR r.id = ${id ? Number(id) : -1})`,
    );
  }
  const rows = await q
    .orderBy('r.id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({ id: r.id, ...summary(r, r.product_name) })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
