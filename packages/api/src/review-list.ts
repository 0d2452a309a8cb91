import { type Actor, AREAS, type Area, CATEGORIES, REVIEW_STATUSES } from '@signoff/core';
import { type Db, PREPARED } from '@signoff/db';
import { type Expression, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { reviewSummarySchema } from './review-schemas.ts';

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

/** SPEC 10 in SQL, the same rule as core's canSeeReview: lists never show what a read would refuse. */
export function visibleTo(actor: Actor | null): Expression<SqlBool> {
  if (actor && (actor.isAdmin || actor.isSteward || actor.executiveRole !== null)) return sql<SqlBool>`true`;
  if (!actor) return sql<SqlBool>`(r.visibility = 'public' OR r.status = 'shipped')`;
  const me = actor.personId;
  const facilitates = actor.facilitatorAreas.length > 0;
  return sql<SqlBool>`(r.visibility = 'public' OR r.status = 'shipped'
    OR r.proposer_id = ${me} OR r.requester_id = ${me} OR r.engineering_owner_id = ${me}
    OR EXISTS (SELECT 1 FROM products p WHERE p.id = r.product_id AND p.owner_id = ${me})
    OR EXISTS (SELECT 1 FROM area_reviewers ar WHERE ar.review_id = r.id AND ar.person_id = ${me})
    OR EXISTS (SELECT 1 FROM steward_reviews sr WHERE sr.review_id = r.id AND sr.steward_id = ${me})
    OR ${
      facilitates
        ? // Every review with a sign-off is category 3/4 for good (sign-offs exist only in the sensitive
          // review, after the steward's last word), so a facilitator's own sign-offs add nothing here.
          sql<SqlBool>`r.category >= 3`
        : sql<SqlBool>`EXISTS (SELECT 1 FROM sign_offs so WHERE so.review_id = r.id AND so.facilitator_id = ${me})`
    })`;
}

/** Areas of a sensitive review whose latest sign-off is missing, stale, or not an approval
 * (`approved_areas` is kept by the database: migrations/0010). */
export const waitingAreasSql = sql<Area[]>`CASE WHEN r.status = 'sensitive_review' THEN ARRAY(
  SELECT a FROM unnest(${sql.val([...AREAS])}::text[]) WITH ORDINALITY AS t(a, i)
  WHERE NOT t.a = ANY(r.approved_areas) ORDER BY i) ELSE ARRAY[]::text[] END`;

export async function listReviews(db: Db, actor: Actor, input: z.infer<typeof listReviewsInput>) {
  const me = actor.personId;
  const myAreas = actor.facilitatorAreas;
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
  if (input.needsMyAction) {
    // The inbox rule is the database function inbox_review_ids (migrations/0011). With no other filter it
    // needs only this page's worth of matches from each branch; with others, every match.
    const onlyInbox =
      !input.status?.length && !input.productId && !input.category && !input.q && !input.areaWaiting;
    const lim = onlyInbox ? input.limit + 1 : null;
    q = q.where(
      sql<SqlBool>`r.id = ANY(ARRAY(SELECT inbox_review_ids(${me}, ${sql.val(myAreas)}::text[], ${actor.isSteward},
        ${input.cursor ?? null}::bigint, ${lim}::integer)))`,
    );
  }
  const rows = await q
    // Planning this query costs more than running it, and it runs on every inbox refresh.
    .modifyFront(PREPARED)
    .orderBy('r.id', 'desc')
    .limit(input.limit + 1)
    .execute();
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
