import { type Actor, AREAS, type Area, CATEGORIES, REVIEW_STATUSES } from '@signoff/core';
import { type Db, PREPARED } from '@signoff/db';
import { type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { waitingOn } from './inbox-steps.ts';
import { reviewSummarySchema } from './review-schemas.ts';
import { readFreshStepSummaries } from './step-summary.ts';
import { visibleTo } from './visible-to.ts';

export { visibleTo };

export const listReviewsInput = z.object({
  status: z.array(z.enum(REVIEW_STATUSES)).max(REVIEW_STATUSES.length).optional(),
  productId: z.number().int().positive().optional(),
  category: z.literal(CATEGORIES).optional(),
  /** Sensitive reviews whose sign-off in this area is missing, stale or not yet approved. */
  areaWaiting: z.enum(AREAS).optional(),
  /** Reviews where the signed-in person has something to do. */
  needsMyAction: z.boolean().optional(),
  /** Matches the title, the key (DR-42) or an external reference (bug number, link). */
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const listReviewsOutput = z.object({
  items: z.array(reviewSummarySchema.extend({ waitingAreas: z.array(z.enum(AREAS)) })),
  nextCursor: z.number().nullable(),
});

/** Areas of a sensitive review whose latest sign-off is missing, stale, or not an approval
 * (`approved_areas` is kept by the database: migrations/0010). */
export const waitingAreasSql = sql<Area[]>`CASE WHEN r.status = 'sensitive_review' THEN ARRAY(
  SELECT a FROM unnest(${sql.val([...AREAS])}::text[]) WITH ORDINALITY AS t(a, i)
  WHERE NOT t.a = ANY(r.approved_areas) ORDER BY i) ELSE ARRAY[]::text[] END`;

export async function listReviews(
  db: Db,
  actor: Actor,
  input: z.infer<typeof listReviewsInput>,
  opts: { now?: Date } = {},
) {
  let q = db
    .selectFrom('reviews as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .selectAll('r')
    .select('p.name as product_name')
    .select(waitingAreasSql.as('waiting_areas'))
    .where(visibleTo(actor));
  if (input.status?.length) q = q.where('r.status', 'in', input.status);
  if (input.productId) q = q.where('r.product_id', '=', input.productId);
  if (input.category) q = q.where('r.category', '=', input.category);
  if (input.cursor) q = q.where('r.id', '<', input.cursor);
  if (input.q) {
    const text = input.q;
    const id = /^(?:DR-)?(\d{1,15})$/i.exec(text)?.[1];
    q = q.where(
      sql<SqlBool>`(r.title ILIKE ${`%${text.replace(/[%_\\]/g, '\\$&')}%`}
        OR r.id = ${id ? Number(id) : -1}
        OR EXISTS (SELECT 1 FROM external_refs e WHERE e.review_id = r.id AND e.value = ${text}))`,
    );
  }
  if (input.areaWaiting)
    q = q.where(
      sql<SqlBool>`r.status = 'sensitive_review' AND NOT ${input.areaWaiting} = ANY(r.approved_areas)`,
    );
  const ordered = (x: typeof q) =>
    x
      // Planning this query costs more than running it, and it runs on every inbox refresh.
      .modifyFront(PREPARED)
      .orderBy('r.id', 'desc')
      .limit(input.limit + 1);
  // Core decides who acts: its stored summary of each review's open steps (migrations/0034), read fresh.
  const rows = input.needsMyAction
    ? await readFreshStepSummaries(db, opts.now ?? new Date(), (stale) =>
        ordered(q.where(waitingOn(actor)))
          .select(stale.as('steps_stale'))
          .execute(),
      )
    : await ordered(q).execute();
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      key: r.key,
      title: r.title,
      status: r.status,
      productId: r.product_id,
      productName: r.product_name,
      category: r.category,
      visibility: r.visibility,
      currentRevision: r.current_revision,
      proposerId: r.proposer_id,
      updatedAt: r.updated_at.toISOString(),
      waitingAreas: r.waiting_areas,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
