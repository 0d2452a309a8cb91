import {
  type Actor,
  AREAS,
  type Area,
  blockerSchema,
  CHANNELS,
  evaluateCanShip,
  REVIEW_STATUSES,
} from '@signoff/core';
import { type Db, loadReviewFacts } from '@signoff/db';
import { sql } from 'kysely';
import { z } from 'zod';
import { inboxStepSchema, inboxStepsOf } from '../inbox-steps.ts';
import { personProcedure, router } from '../trpc.ts';
import { visibleTo } from '../visible-to.ts';

/**
 * What waits for the signed-in person, in a fixed number of queries whatever the number of reviews: the
 * open steps core names them owner of (now, and coming once others act: read from core's stored summary,
 * migrations/0034), and their own reviews with what still blocks them. Only reviews the person may see
 * (SPEC 10) appear. (The per-kind lists of sign-offs, mitigations, escalations and the steward queue, which
 * restated core's rules in SQL, are gone: every kind is a step of `now` or `coming`.)
 */

const area = z.enum(AREAS);
const iso = (d: Date) => d.toISOString();
/** How many of each kind the inbox lists (the oldest waits first). */
const LIMIT = 100;

const reviewHead = {
  reviewId: z.number(),
  key: z.string(),
  title: z.string(),
  productName: z.string(),
};

export const inboxOutput = z.object({
  /** My own reviews (proposer, requester or engineering owner) still on their way, with the gate's verdict. */
  myReviews: z.array(
    z.object({
      ...reviewHead,
      status: z.enum(REVIEW_STATUSES),
      category: z.number().nullable(),
      updatedAt: z.string(),
      canShip: z.boolean(),
      channels: z.array(
        z.object({ channel: z.enum(CHANNELS), canShip: z.boolean(), blockers: z.array(blockerSchema) }),
      ),
    }),
  ),
  /** What I can do now, from core's open steps (every role: proposer's side, steward, facilitator, reviewer,
   * escalation party, decision maker), the oldest first. */
  now: z.array(inboxStepSchema),
  /** What comes to me once others act (each says what it waits on). */
  coming: z.array(inboxStepSchema),
  counts: z.object({ now: z.number(), coming: z.number() }),
  generatedAt: z.string(),
});
export type Inbox = z.infer<typeof inboxOutput>;

export const dashboardOutput = z.object({
  total: z.number(),
  byStatus: z.array(z.object({ status: z.enum(REVIEW_STATUSES), count: z.number() })),
  /** From submission to each area's first approving sign-off, averaged over the reviews that have one. */
  signOffDays: z.array(
    z.object({
      area,
      averageDays: z.number().nullable(),
      medianDays: z.number().nullable(),
      reviews: z.number(),
    }),
  ),
});

/** My own reviews (proposer, requester or engineering owner) still on their way, with the gate's verdict. */
async function myReviews(db: Db, actor: Actor, now: Date, limit: number): Promise<Inbox['myReviews']> {
  const me = actor.personId;
  const rows = await db
    .selectFrom('reviews as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['r.id', 'r.key', 'r.title', 'r.status', 'r.category', 'r.updated_at', 'p.name as product_name'])
    .where((eb) =>
      eb.or([
        eb('r.proposer_id', '=', me),
        eb('r.requester_id', '=', me),
        eb('r.engineering_owner_id', '=', me),
      ]),
    )
    .where('r.status', 'not in', ['withdrawn', 'shipped'])
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
  const facts = await loadReviewFacts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const f = facts.get(r.id);
    const channels = (f?.channels ?? []).map((c) => {
      const result = evaluateCanShip(f!, c.channel, now);
      return { channel: c.channel, canShip: result.canShip, blockers: result.blockers };
    });
    return {
      reviewId: r.id,
      key: r.key,
      title: r.title,
      productName: r.product_name,
      status: r.status,
      category: r.category,
      updatedAt: iso(r.updated_at),
      canShip: channels.length > 0 && channels.every((c) => c.canShip),
      channels,
    };
  });
}

/** Everything waiting for `actor`: my reviews and my steps, side by side, in a fixed number of queries. */
/** The inbox of `actor`; `limit` items of each kind at most (the oldest waits first). */
export async function inboxOf(
  db: Db,
  actor: Actor,
  now: Date,
  reminderDays: number,
  limit = LIMIT,
): Promise<Inbox> {
  const [mine, steps] = await Promise.all([
    myReviews(db, actor, now, limit),
    // Core's stored steps (migrations/0034) in one indexed query.
    inboxStepsOf(db, actor, now, reminderDays, limit),
  ]);
  return {
    myReviews: mine,
    now: steps.now,
    coming: steps.coming,
    counts: { now: steps.now.length, coming: steps.coming.length },
    generatedAt: iso(now),
  };
}

/** Reviews by status, and days to sign-off per area, over the reviews `actor` may see: two queries. */
export async function dashboardOf(db: Db, actor: Actor): Promise<z.infer<typeof dashboardOutput>> {
  const visible = visibleTo(actor);
  const [counts, days] = await Promise.all([
    db
      .selectFrom('reviews as r')
      .select(['r.status', (eb) => eb.fn.countAll<number>().as('count')])
      .where(visible)
      .groupBy('r.status')
      .execute(),
    sql<{ area: Area; average_days: number | null; median_days: number | null; reviews: number }>`
      SELECT s.area,
             avg(s.days)::float8 AS average_days,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days)::float8 AS median_days,
             count(*)::int AS reviews
        FROM (
          SELECT so.area, greatest(0, extract(epoch FROM min(so.created_at) - r.submitted_at) / 86400) AS days
            FROM sign_offs so
            JOIN reviews r ON r.id = so.review_id
           WHERE so.decision = 'approved' AND r.submitted_at IS NOT NULL
             AND r.status IN ('sensitive_review', 'approved', 'shipped')
             AND ${visible}
           GROUP BY so.review_id, so.area, r.submitted_at) s
       GROUP BY s.area`.execute(db),
  ]);
  const count = new Map(counts.map((c) => [c.status, Number(c.count)]));
  const perArea = new Map(days.rows.map((d) => [d.area, d]));
  return {
    total: counts.reduce((n, c) => n + Number(c.count), 0),
    byStatus: REVIEW_STATUSES.map((status) => ({ status, count: count.get(status) ?? 0 })),
    signOffDays: AREAS.map((a) => {
      const d = perArea.get(a);
      return {
        area: a,
        averageDays: d?.average_days ?? null,
        medianDays: d?.median_days ?? null,
        reviews: d?.reviews ?? 0,
      };
    }),
  };
}

export const facilitatorsOutput = z.array(
  z.object({ area, people: z.array(z.object({ id: z.number(), name: z.string() })) }),
);

export const inboxRouter = router({
  /** What waits for me: sign-offs, mitigations, escalation steps, the steward queue, and my own reviews. */
  mine: personProcedure
    .input(z.object({}).strict().optional())
    .output(inboxOutput)
    .query(({ ctx }) => {
      const actor = ctx.actor;
      const load = () => inboxOf(ctx.db, actor, ctx.now(), ctx.settings.reminderDays, LIMIT);
      // Kept until a change to what it reads, and at most a minute: overdue marks move with the clock
      // (generatedAt says when the answer was made).
      return ctx.cache ? ctx.cache.list(JSON.stringify(['inbox.mine', actor]), load, 60_000) : load();
    }),

  /** Aggregates for the dashboard (no per-review requests). */
  dashboard: personProcedure
    .input(z.object({}).strict().optional())
    .output(dashboardOutput)
    .query(({ ctx }) => dashboardOf(ctx.db, ctx.actor)),

  /** The active facilitators of each area: whom an escalation may name as the facilitator working with them. */
  facilitators: personProcedure
    .input(z.object({}).strict().optional())
    .output(facilitatorsOutput)
    .query(async ({ ctx }) => {
      const rows = await ctx.db
        .selectFrom('area_facilitators as f')
        .innerJoin('people as p', 'p.id', 'f.person_id')
        .select(['f.area', 'p.id', 'p.display_name'])
        .where('p.active', '=', true)
        .orderBy('p.display_name')
        .execute();
      return AREAS.map((a) => ({
        area: a,
        people: rows.filter((r) => r.area === a).map((r) => ({ id: r.id, name: r.display_name })),
      }));
    }),
});
