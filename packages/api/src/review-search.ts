import {
  type Actor,
  AREAS,
  CATEGORIES,
  CHANNELS,
  evaluateCanShip,
  PIPELINE_STAGES,
  REVIEW_STATUSES,
  type ReviewFacts,
} from '@signoff/core';
import { type ChangeFeedCache, type Db, loadReviewFacts } from '@signoff/db';
import { type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { waitingOn } from './inbox-steps.ts';
import { waitingInStage } from './review-flow.ts';
import { visibleTo, waitingAreasSql } from './review-list.ts';
import { reviewSummarySchema } from './review-schemas.ts';
import { readFreshStepSummaries } from './step-summary.ts';

/** The orders a list of reviews can be read in. `relevance` needs a search text. */
export const SEARCH_SORTS = ['updated', 'created', 'key', 'title', 'relevance'] as const;

/**
 * "Find anything" (issue 15): every review the signed-in person may see (the visibility rule of
 * review.list and a single read), by full-text search and filters, in a chosen order, a page at a time.
 */
export const searchReviewsInput = z
  .object({
    /** Words of the key (DR-42), the title, the product or the current documentation (PostgreSQL's web search syntax: "a phrase", -not, or). */
    q: z.string().trim().min(1).max(200).optional(),
    status: z.array(z.enum(REVIEW_STATUSES)).min(1).max(REVIEW_STATUSES.length).optional(),
    productId: z.number().int().positive().optional(),
    category: z.literal(CATEGORIES).optional(),
    /** Sensitive reviews whose sign-off in this area is missing, stale or not an approval. */
    areaWaiting: z.enum(AREAS).optional(),
    /** Reviews waiting in this stage of the pipeline now (the dashboard's flow counts by the same rule). */
    stage: z.enum(PIPELINE_STAGES).optional(),
    /** Reviews with an open step the signed-in person owns (the inbox's rule). */
    blockedOnMe: z.boolean().optional(),
    sort: z.enum(SEARCH_SORTS).default('updated'),
    /** Default: newest or most relevant first; by key or title, A to Z. */
    order: z.enum(['asc', 'desc']).optional(),
    offset: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.sort === 'relevance' && !v.q)
      ctx.addIssue({
        code: 'custom',
        path: ['sort'],
        message: 'sorting by relevance needs a search text (q)',
      });
  });
export type SearchReviewsInput = z.infer<typeof searchReviewsInput>;

const gateSummary = z.object({
  channel: z.enum(CHANNELS),
  canShip: z.boolean(),
  /** The gate's blockers on this channel, in its words. */
  blockers: z.array(z.string()),
});

export const searchReviewsOutput = z.object({
  items: z.array(
    reviewSummarySchema.extend({
      waitingAreas: z.array(z.enum(AREAS)),
      /** The gate's answer on each channel the review covers. */
      gate: z.array(gateSummary),
    }),
  ),
  /** How many reviews match, on every page. */
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
});
export type SearchReviewsOutput = z.infer<typeof searchReviewsOutput>;

interface Row {
  id: number;
  key: string;
  title: string;
  status: (typeof REVIEW_STATUSES)[number];
  product_id: number;
  product_name: string;
  category: number | null;
  visibility: 'public' | 'private';
  current_revision: number;
  proposer_id: number;
  updated_at: Date;
  waiting_areas: (typeof AREAS)[number][];
  total: string;
}

// The same expressions as the GIN indexes of migrations/0022: PostgreSQL uses an index only for its exact expression.
const documentText = sql`jsonb_to_tsvector('english'::regconfig, v.content, '["string"]'::jsonb)`;
const keyAndTitle = sql`(to_tsvector('simple'::regconfig, 'DR-' || r.id::text) || to_tsvector('english'::regconfig, r.title))`;

/**
 * The reviews that match `text`, each with a rank: by the current revision's documentation, by key and
 * title (ranked higher), by product name, or by the review's key or id given alone. Each branch uses an index.
 */
function matchesOf(text: string) {
  const id = /^(?:DR-)?(\d{1,15})$/i.exec(text)?.[1];
  return sql<{ id: number; rank: number }>`(
    SELECT m.id, sum(m.rank)::float8 AS rank FROM (
      SELECT v.review_id AS id, ts_rank(${documentText}, q.q) AS rank
        FROM revisions v JOIN reviews r ON r.id = v.review_id AND r.current_revision = v.number,
             websearch_to_tsquery('english', ${text}) AS q(q)
       WHERE ${documentText} @@ q.q
      UNION ALL
      SELECT r.id, 2 * ts_rank(${keyAndTitle}, q.q)
        FROM reviews r, websearch_to_tsquery('english', ${text}) AS q(q)
       WHERE ${keyAndTitle} @@ q.q
      UNION ALL
      SELECT r.id, 1 FROM reviews r JOIN products p ON p.id = r.product_id
       WHERE to_tsvector('english'::regconfig, p.name) @@ websearch_to_tsquery('english', ${text})
      UNION ALL
      SELECT r.id, 10 FROM reviews r WHERE r.id = ${id ? Number(id) : -1}
    ) m GROUP BY m.id)`;
}

/**
 * One page of matching reviews in two queries whatever their number: the page with its total, then the
 * gate's facts of the page's reviews (one query, or the cache).
 */
export async function searchReviews(
  db: Db,
  actor: Actor,
  input: SearchReviewsInput,
  now: Date,
  cache?: Pick<ChangeFeedCache<unknown>, 'reviewFacts'>,
): Promise<SearchReviewsOutput> {
  let q = db
    .selectFrom('reviews as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select([
      'r.id',
      'r.key',
      'r.title',
      'r.status',
      'r.product_id',
      'p.name as product_name',
      'r.category',
      'r.visibility',
      'r.current_revision',
      'r.proposer_id',
      'r.updated_at',
    ])
    .select(waitingAreasSql.as('waiting_areas'))
    .select(sql<string>`count(*) OVER ()`.as('total'))
    .where(visibleTo(actor));
  const text = input.q;
  if (text) q = q.innerJoin(matchesOf(text).as('m'), 'm.id', 'r.id');
  if (input.status) q = q.where('r.status', 'in', input.status);
  if (input.productId) q = q.where('r.product_id', '=', input.productId);
  if (input.category) q = q.where('r.category', '=', input.category);
  if (input.areaWaiting)
    q = q.where(
      sql<SqlBool>`r.status = 'sensitive_review' AND NOT ${input.areaWaiting} = ANY(r.approved_areas)`,
    );
  if (input.stage) q = q.where(waitingInStage(input.stage));
  // The inbox's rule: a step to take now in core's stored summary (migrations/0035 reviews_waiting_on).
  if (input.blockedOnMe) q = q.where(waitingOn(actor));
  const desc = (input.order ?? (input.sort === 'key' || input.sort === 'title' ? 'asc' : 'desc')) === 'desc';
  const dir = desc ? sql.raw('DESC') : sql.raw('ASC');
  const by = {
    updated: sql`r.updated_at`,
    created: sql`r.created_at`,
    key: sql`r.id`,
    title: sql`lower(r.title)`,
    relevance: sql`m.rank`,
  }[input.sort];
  const page = q
    .orderBy(sql`${by} ${dir}`)
    .orderBy('r.id', desc ? 'desc' : 'asc')
    .limit(input.limit)
    .offset(input.offset);
  const rows = (input.blockedOnMe
    ? await readFreshStepSummaries(db, now, (stale) => page.select(stale.as('steps_stale')).execute())
    : await page.execute()) as unknown as Row[];
  const ids = rows.map((r) => r.id);
  const facts: Map<number, ReviewFacts> = cache
    ? await cache.reviewFacts(db, ids)
    : await loadReviewFacts(db, ids);
  return {
    items: rows.map((r) => {
      const f = facts.get(r.id);
      return {
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
        gate: f
          ? f.channels.map((c) => {
              const g = evaluateCanShip(f, c.channel, now);
              return { channel: c.channel, canShip: g.canShip, blockers: g.blockers.map((b) => b.message) };
            })
          : [],
      };
    }),
    // With no row on this page, the total is not known from it: a page past the end says 0 (rare, harmless).
    total: rows[0] ? Number(rows[0].total) : 0,
    offset: input.offset,
    limit: input.limit,
  };
}
