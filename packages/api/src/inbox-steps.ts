import {
  type Actor,
  actsNow,
  type OpenStep,
  openSteps,
  REVIEW_ACTIONS,
  type ReviewFacts,
  STEP_ACTIONS,
  STEP_REVIEW_ACTION,
  stepLabel,
  stepsFor,
  waitsOnLabels,
} from '@signoff/core';
import { type Db, loadReviewFacts, loadReviewPeopleOf } from '@signoff/db';
import { sql } from 'kysely';
import { z } from 'zod';
import { visibleTo } from './visible-to.ts';

/** How the facts of many reviews are read: from the server's cache when it has one. */
export type FactsLoader = (db: Db, ids: readonly number[]) => Promise<Map<number, ReviewFacts>>;
export const factsFrom = (cache?: { reviewFacts: FactsLoader }): FactsLoader =>
  cache ? (db, ids) => cache.reviewFacts(db, ids) : loadReviewFacts;

/**
 * The reviews where `actor` may have a step to take now, newest first, below `before` (SQL for speed:
 * migrations/0023). A superset: core's openSteps decides; the property test holds that it misses none.
 */
export async function candidateReviewIds(
  db: Db,
  actor: Actor,
  before: number | null,
  lim: number | null,
): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    SELECT inbox_review_ids(${actor.personId}, ${sql.val([...actor.facilitatorAreas])}::text[], ${actor.isSteward},
      ${actor.executiveRole ?? ''}, ${before}::bigint, ${lim}::integer) AS id`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * Sensitive reviews where one of my areas has not approved the current revision (not my own): where a sign-off
 * may come to me once others act (the ordering, changes the proposer makes first), newest first.
 */
export async function comingCandidateIds(db: Db, actor: Actor, lim: number): Promise<number[]> {
  if (actor.facilitatorAreas.length === 0) return [];
  const me = actor.personId;
  const rows = await db
    .selectFrom('reviews as r')
    .select('r.id')
    .where('r.status', '=', 'sensitive_review')
    .where(
      sql<boolean>`r.proposer_id <> ${me} AND r.requester_id <> ${me} AND r.engineering_owner_id IS DISTINCT FROM ${me}
        AND NOT r.approved_areas @> ${sql.val([...actor.facilitatorAreas])}::text[]`,
    )
    .orderBy('r.id', 'desc')
    .limit(lim)
    .execute();
  return rows.map((r) => r.id);
}

/** Of `ids`, the reviews `actor` may see (SPEC 10), in the order given. */
export async function visibleIds(db: Db, actor: Actor, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('reviews as r')
    .select('r.id')
    .where('r.id', 'in', [...ids])
    .where(visibleTo(actor))
    .execute();
  const seen = new Set(rows.map((r) => r.id));
  return ids.filter((id) => seen.has(id));
}

/** Every open step of each review (core's openSteps over its facts and people), in three queries. */
export async function openStepsOf(
  db: Db,
  ids: readonly number[],
  now: Date,
  facts: FactsLoader = loadReviewFacts,
): Promise<Map<number, OpenStep[]>> {
  const out = new Map<number, OpenStep[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('reviews')
    .select(['id', 'product_id', 'proposer_id', 'requester_id', 'engineering_owner_id'])
    .where('id', 'in', [...ids])
    .execute();
  const [f, people] = await Promise.all([facts(db, ids), loadReviewPeopleOf(db, rows)]);
  for (const id of ids) {
    const rf = f.get(id);
    const rp = people.get(id);
    if (rf && rp) out.set(id, openSteps(rf, rp, now));
  }
  return out;
}

/** Of `ids`, those where `actor` has a step to take now (core decides), in the order given. */
export async function actingNow(
  db: Db,
  actor: Actor,
  ids: readonly number[],
  now: Date,
  facts?: FactsLoader,
): Promise<number[]> {
  const steps = await openStepsOf(db, ids, now, facts);
  return ids.filter((id) => actsNow(steps.get(id) ?? [], actor.personId));
}

export const inboxStepSchema = z.object({
  reviewId: z.number(),
  key: z.string(),
  title: z.string(),
  productName: z.string(),
  /** Core's step (OpenStep.action): what closes it. */
  step: z.enum(STEP_ACTIONS),
  /** The review action (allowedActions) that takes it. */
  action: z.enum(REVIEW_ACTIONS),
  area: z.string().nullable(),
  mitigationId: z.number().nullable(),
  escalationId: z.number().nullable(),
  /** What to do, in plain words. */
  label: z.string(),
  /** What it waits on first, in plain words; empty for what can be done now. */
  waitsOn: z.array(z.string()),
  /** Since when it waits (for "coming": since when the step is open). */
  waitingSince: z.string(),
  /** Waiting longer than the reminder period (settings.reminderDays). */
  overdue: z.boolean(),
});
export type InboxStep = z.infer<typeof inboxStepSchema>;

interface HeadRow {
  id: number;
  key: string;
  title: string;
  product_name: string;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
  sensitive_review_at: Date | null;
  revision_at: Date | null;
}

/**
 * What `actor` can do now and what comes to them once others act, over the reviews `ids` (core's openSteps
 * and stepsFor; the oldest waits first), each with when it began to wait.
 */
export async function inboxStepsOf(
  db: Db,
  actor: Actor,
  ids: readonly number[],
  now: Date,
  reminderDays: number,
  facts?: FactsLoader,
): Promise<{ now: InboxStep[]; coming: InboxStep[] }> {
  if (ids.length === 0) return { now: [], coming: [] };
  const [steps, heads, mitigations, escalations] = await Promise.all([
    openStepsOf(db, ids, now, facts),
    db
      .selectFrom('reviews as r')
      .innerJoin('products as p', 'p.id', 'r.product_id')
      .leftJoin('revisions as v', (j) =>
        j.onRef('v.review_id', '=', 'r.id').onRef('v.number', '=', 'r.current_revision'),
      )
      .select([
        'r.id',
        'r.key',
        'r.title',
        'p.name as product_name',
        'r.created_at',
        'r.updated_at',
        'r.submitted_at',
        'r.sensitive_review_at',
        'v.created_at as revision_at',
      ])
      .where('r.id', 'in', [...ids])
      .execute() as Promise<HeadRow[]>,
    db
      .selectFrom('mitigations')
      .select(['id', 'updated_at'])
      .where('review_id', 'in', [...ids])
      .execute(),
    db
      .selectFrom('escalations')
      .select(['id', 'created_at', 'papers_shared_at'])
      .where('review_id', 'in', [...ids])
      .where('state', '=', 'open')
      .execute(),
  ]);
  const headOf = new Map(heads.map((h) => [h.id, h]));
  const mitigationAt = new Map(mitigations.map((m) => [m.id, m.updated_at]));
  const escalationAt = new Map(escalations.map((e) => [e.id, e.papers_shared_at ?? e.created_at]));
  const sinceOf = (h: HeadRow, s: OpenStep): Date => {
    if (s.mitigationId !== undefined) return mitigationAt.get(s.mitigationId) ?? h.updated_at;
    if (s.escalationId !== undefined) return escalationAt.get(s.escalationId) ?? h.updated_at;
    switch (s.action) {
      case 'submit':
        return h.created_at;
      case 'record_steward_review':
        return h.submitted_at ?? h.updated_at;
      case 'reconfirm_sign_off':
        return h.revision_at ?? h.updated_at;
      case 'record_sign_off':
      case 'announce':
      case 'deliver_announcement':
      case 'hold_discussion':
        return h.sensitive_review_at ?? h.submitted_at ?? h.updated_at;
      default:
        return h.updated_at;
    }
  };
  const period = reminderDays * 86_400_000;
  const item = (h: HeadRow, s: OpenStep): InboxStep => {
    const since = sinceOf(h, s);
    return {
      reviewId: h.id,
      key: h.key,
      title: h.title,
      productName: h.product_name,
      step: s.action,
      action: STEP_REVIEW_ACTION[s.action],
      area: s.area ?? null,
      mitigationId: s.mitigationId ?? null,
      escalationId: s.escalationId ?? null,
      label: stepLabel(s),
      waitsOn: waitsOnLabels(s),
      waitingSince: since.toISOString(),
      overdue: s.ready && now.getTime() - since.getTime() > period,
    };
  };
  const out = { now: [] as InboxStep[], coming: [] as InboxStep[] };
  for (const id of ids) {
    const h = headOf.get(id);
    if (!h) continue;
    const mine = stepsFor(steps.get(id) ?? [], actor.personId);
    out.now.push(...mine.now.map((s) => item(h, s)));
    out.coming.push(...mine.later.map((s) => item(h, s)));
  }
  const oldestFirst = (a: InboxStep, b: InboxStep) => a.waitingSince.localeCompare(b.waitingSince);
  out.now.sort(oldestFirst);
  out.coming.sort(oldestFirst);
  return out;
}
