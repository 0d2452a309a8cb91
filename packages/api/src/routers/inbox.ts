import {
  type Actor,
  AREAS,
  type Area,
  blockerSchema,
  CHANNELS,
  ESCALATION_LEVELS,
  type EscalationLevel,
  evaluateCanShip,
  MITIGATION_KINDS,
  REVIEW_STATUSES,
} from '@signoff/core';
import { type Db, loadReviewFacts } from '@signoff/db';
import { sql } from 'kysely';
import { z } from 'zod';
import { inboxStepSchema, inboxStepsOf } from '../inbox-steps.ts';
import { personProcedure, router } from '../trpc.ts';
import { visibleTo } from '../visible-to.ts';

/**
 * What waits for the signed-in person, in a fixed number of queries whatever the number of reviews:
 * sign-offs in their areas (missing, stale, changes requested), mitigations awaiting their acceptance,
 * escalations awaiting their paper, comment or decision, submitted reviews awaiting a steward, and their
 * own reviews with what still blocks them. Only reviews the person may see (SPEC 10) appear.
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
const waiting = {
  /** Since when it waits for this person. */
  waitingSince: z.string(),
  /** Waiting longer than the reminder period (settings.reminderDays). */
  overdue: z.boolean(),
};

export const INBOX_SIGN_OFF_STATES = ['missing', 'stale', 'changes_requested'] as const;
export const ESCALATION_AWAITING = ['paper', 'comment', 'decision'] as const;

export const inboxOutput = z.object({
  signOffs: z.array(
    z.object({
      ...reviewHead,
      ...waiting,
      area,
      state: z.enum(INBOX_SIGN_OFF_STATES),
      currentRevision: z.number(),
      /** The revision of the stale or changes-requested sign-off; null when none was recorded. */
      signedRevision: z.number().nullable(),
      /** Areas that must approve the current revision first (SPEC 5 ordering); empty when free to sign. */
      waitsFor: z.array(area),
    }),
  ),
  mitigations: z.array(
    z.object({
      ...reviewHead,
      ...waiting,
      mitigationId: z.number(),
      area,
      kind: z.enum(MITIGATION_KINDS),
      description: z.string(),
      implementedRevision: z.number().nullable(),
    }),
  ),
  escalations: z.array(
    z.object({
      ...reviewHead,
      ...waiting,
      escalationId: z.number(),
      areas: z.array(area),
      level: z.enum(ESCALATION_LEVELS),
      question: z.string(),
      awaiting: z.enum(ESCALATION_AWAITING),
    }),
  ),
  /** Submitted reviews waiting for a data steward (stewards only). */
  stewardQueue: z.array(z.object({ ...reviewHead, ...waiting })),
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

const areas = (a: readonly Area[]) => sql.val([...a]);

/** Reviews `me` does not act for: the proposer's side never judges its own collection (assertNotProposerSide). */
const notProposerSide = (me: number) =>
  sql<boolean>`(r.proposer_id <> ${me} AND r.requester_id <> ${me} AND r.engineering_owner_id IS DISTINCT FROM ${me})`;

interface SignOffRow {
  review_id: number;
  key: string;
  title: string;
  product_name: string;
  current_revision: number;
  sensitive_review_at: Date | null;
  submitted_at: Date | null;
  revision_at: Date | null;
  area: Area;
  revision: number | null;
  decision: string | null;
  signed_at: Date | null;
}

/** The latest sign-off of every area of each sensitive review I may sign (one row per review and area). */
async function signOffRows(db: Db, actor: Actor, limit: number): Promise<SignOffRow[]> {
  if (actor.facilitatorAreas.length === 0) return [];
  const { rows } = await sql<SignOffRow>`
    SELECT r.id AS review_id, r.key, r.title, p.name AS product_name, r.current_revision,
           r.sensitive_review_at, r.submitted_at, rv.created_at AS revision_at,
           t.area, s.revision, s.decision, s.created_at AS signed_at
      FROM reviews r
      JOIN products p ON p.id = r.product_id
      LEFT JOIN revisions rv ON rv.review_id = r.id AND rv.number = r.current_revision
      CROSS JOIN unnest(${areas(AREAS)}::text[]) AS t(area)
      LEFT JOIN LATERAL (
        SELECT so.revision, so.decision, so.created_at FROM sign_offs so
         WHERE so.review_id = r.id AND so.area = t.area ORDER BY so.id DESC LIMIT 1) s ON true
     WHERE r.status = 'sensitive_review'
       -- The proposer's side never judges its own collection (core: assertNotProposerSide).
       AND r.proposer_id <> ${actor.personId} AND r.requester_id <> ${actor.personId}
       AND r.engineering_owner_id IS DISTINCT FROM ${actor.personId}
       -- Only reviews where one of my areas has not approved the current revision (migrations/0010):
       -- the page must not fill up with reviews that wait for nobody in my areas.
       AND NOT r.approved_areas @> ${areas(actor.facilitatorAreas)}::text[]
       AND ${visibleTo(actor)}
     ORDER BY r.id
     LIMIT ${limit * AREAS.length}`.execute(db);
  return rows;
}

/** SPEC 5: legal/trust and security wait for privacy/technical and data to approve the current revision. */
const ORDER_FIRST: readonly Area[] = ['privacy_technical', 'data'];

function signOffItems(rows: SignOffRow[], actor: Actor, overdue: (d: Date) => boolean): Inbox['signOffs'] {
  const byReview = new Map<number, SignOffRow[]>();
  for (const r of rows) byReview.set(r.review_id, [...(byReview.get(r.review_id) ?? []), r]);
  const out: Inbox['signOffs'] = [];
  for (const reviewRows of byReview.values()) {
    const approved = new Set(
      reviewRows
        .filter((r) => r.decision === 'approved' && r.revision === r.current_revision)
        .map((r) => r.area),
    );
    for (const r of reviewRows) {
      if (!actor.facilitatorAreas.includes(r.area)) continue;
      const state =
        r.revision === null
          ? 'missing'
          : r.revision !== r.current_revision
            ? 'stale'
            : r.decision === 'changes_requested'
              ? 'changes_requested'
              : null;
      if (!state) continue;
      const since =
        state === 'missing'
          ? (r.sensitive_review_at ?? r.submitted_at ?? r.revision_at)
          : state === 'stale'
            ? r.revision_at
            : r.signed_at;
      const at = since ?? new Date(0);
      out.push({
        reviewId: r.review_id,
        key: r.key,
        title: r.title,
        productName: r.product_name,
        area: r.area,
        state,
        currentRevision: r.current_revision,
        signedRevision: r.revision,
        waitsFor: ORDER_FIRST.includes(r.area) ? [] : ORDER_FIRST.filter((a) => !approved.has(a)),
        waitingSince: iso(at),
        overdue: overdue(at),
      });
    }
  }
  return out.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
}

async function mitigationItems(db: Db, actor: Actor, overdue: (d: Date) => boolean, limit: number) {
  if (actor.facilitatorAreas.length === 0) return [];
  const rows = await db
    .selectFrom('mitigations as m')
    .innerJoin('reviews as r', 'r.id', 'm.review_id')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select([
      'm.id',
      'm.area',
      'm.kind',
      'm.description',
      'm.implemented_revision',
      'm.updated_at',
      'r.id as review_id',
      'r.key',
      'r.title',
      'p.name as product_name',
    ])
    .where('m.state', '=', 'implemented')
    .where(sql<boolean>`m.area = ANY(${areas(actor.facilitatorAreas)}::text[])`)
    .where(notProposerSide(actor.personId))
    .where('r.status', 'not in', ['withdrawn', 'shipped'])
    .where(visibleTo(actor))
    .orderBy('m.updated_at')
    .limit(limit)
    .execute();
  return rows.map((m) => ({
    reviewId: m.review_id,
    key: m.key,
    title: m.title,
    productName: m.product_name,
    mitigationId: m.id,
    area: m.area,
    kind: m.kind,
    description: m.description,
    implementedRevision: m.implemented_revision,
    waitingSince: iso(m.updated_at),
    overdue: overdue(m.updated_at),
  }));
}

interface EscalationRow {
  id: number;
  review_id: number;
  key: string;
  title: string;
  product_name: string;
  areas: Area[];
  level: EscalationLevel;
  question: string;
  created_at: Date;
  papers_shared_at: Date | null;
  deciding: boolean;
  party: boolean;
  involved: boolean;
  wrote_paper: boolean;
  commented: boolean;
}

/**
 * Open escalations where I have a step to take (SPEC 9): the parties (the proposer, the opener, the
 * facilitator working with them) write their papers until they are shared; then everyone involved
 * comments, and the decision maker of the current level decides.
 */
async function escalationItems(db: Db, actor: Actor, overdue: (d: Date) => boolean, limit: number) {
  const me = actor.personId;
  const { rows } = await sql<EscalationRow>`
    SELECT * FROM (
      SELECT e.id, e.review_id, r.key, r.title, p.name AS product_name, e.areas, e.level, e.question,
             e.created_at, e.papers_shared_at,
             ((e.level = 'product_owner' AND p.owner_id = ${me}) OR e.level = ${actor.executiveRole ?? ''}) AS deciding,
             (r.proposer_id = ${me} OR r.engineering_owner_id IS NOT DISTINCT FROM ${me}
                OR e.opened_by = ${me} OR e.facilitator_id = ${me}) AS party,
             (e.areas && ${areas(actor.facilitatorAreas)}::text[]
                OR EXISTS (SELECT 1 FROM area_reviewers ar WHERE ar.review_id = r.id AND ar.person_id = ${me}
                             AND ar.area = ANY(e.areas))) AS involved,
             EXISTS (SELECT 1 FROM position_papers pp WHERE pp.escalation_id = e.id AND pp.author_id = ${me}) AS wrote_paper,
             EXISTS (SELECT 1 FROM escalation_comments c WHERE c.escalation_id = e.id AND c.author_id = ${me}) AS commented
        FROM escalations e
        JOIN reviews r ON r.id = e.review_id
        JOIN products p ON p.id = r.product_id
       WHERE e.state = 'open' AND ${visibleTo(actor)}) x
     -- A step is mine to take (the same rule as 'awaiting' below), so the page holds only those.
     WHERE (x.papers_shared_at IS NOT NULL AND x.deciding)
        OR (x.papers_shared_at IS NULL AND x.party AND NOT x.wrote_paper)
        OR (x.papers_shared_at IS NOT NULL AND NOT x.deciding AND (x.party OR x.involved) AND NOT x.commented)
     ORDER BY x.id
     LIMIT ${limit}`.execute(db);
  const out: Inbox['escalations'] = [];
  for (const e of rows) {
    const shared = e.papers_shared_at !== null;
    const awaiting =
      shared && e.deciding
        ? 'decision'
        : !shared && e.party && !e.wrote_paper
          ? 'paper'
          : shared && !e.deciding && (e.party || e.involved) && !e.commented
            ? 'comment'
            : null;
    if (!awaiting) continue;
    const since = e.papers_shared_at ?? e.created_at;
    out.push({
      reviewId: e.review_id,
      key: e.key,
      title: e.title,
      productName: e.product_name,
      escalationId: e.id,
      areas: e.areas,
      level: e.level,
      question: e.question,
      awaiting,
      waitingSince: iso(since),
      overdue: overdue(since),
    });
  }
  return out;
}

async function stewardQueue(db: Db, actor: Actor, overdue: (d: Date) => boolean, limit: number) {
  if (!actor.isSteward) return [];
  const rows = await db
    .selectFrom('reviews as r')
    .innerJoin('products as p', 'p.id', 'r.product_id')
    .select(['r.id', 'r.key', 'r.title', 'p.name as product_name', 'r.submitted_at', 'r.updated_at'])
    .where('r.status', '=', 'submitted')
    .where(notProposerSide(actor.personId))
    .orderBy('r.submitted_at')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const since = r.submitted_at ?? r.updated_at;
    return {
      reviewId: r.id,
      key: r.key,
      title: r.title,
      productName: r.product_name,
      waitingSince: iso(since),
      overdue: overdue(since),
    };
  });
}

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

/** Everything waiting for `actor`: at most six queries, run side by side. */
/** The inbox of `actor`; `limit` items of each kind at most (the oldest waits first). */
export async function inboxOf(
  db: Db,
  actor: Actor,
  now: Date,
  reminderDays: number,
  limit = LIMIT,
): Promise<Inbox> {
  const overdue = (d: Date) => now.getTime() - d.getTime() > reminderDays * 86_400_000;
  const [signOffs, mitigations, escalations, queue, mine, steps] = await Promise.all([
    signOffRows(db, actor, limit),
    mitigationItems(db, actor, overdue, limit),
    escalationItems(db, actor, overdue, limit),
    stewardQueue(db, actor, overdue, limit),
    myReviews(db, actor, now, limit),
    // Core's stored steps (migrations/0034) in one indexed query.
    inboxStepsOf(db, actor, now, reminderDays, limit),
  ]);
  return {
    signOffs: signOffItems(signOffs, actor, overdue),
    mitigations,
    escalations,
    stewardQueue: queue,
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
