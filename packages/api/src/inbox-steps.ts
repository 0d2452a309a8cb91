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
import {
  type Db,
  loadReviewFacts,
  loadStepInputs,
  type ReviewHead,
  reviewIdsSource,
  type StepInputs,
  type StepSource,
} from '@signoff/db';
import { sql } from 'kysely';
import { z } from 'zod';
import { visibleTo } from './visible-to.ts';

/** How the facts of many reviews are read: from the server's cache when it has one. */
export type FactsLoader = (db: Db, ids: readonly number[]) => Promise<Map<number, ReviewFacts>>;
/** The cache's facts; without a cache, undefined: the facts come from PostgreSQL with the rest (loadStepInputs). */
export const factsFrom = (cache?: { reviewFacts: FactsLoader }): FactsLoader | undefined =>
  cache ? (db, ids) => cache.reviewFacts(db, ids) : undefined;

/**
 * The reviews where `actor` may have a step to take now, newest first, below `before` (SQL for speed:
 * migrations/0023), as a source for loadStepInputs. A superset: core's openSteps decides; the property test
 * (packages/api/test/inbox-sql-property.test.ts) holds that it misses none.
 */
export const candidateSource = (actor: Actor, before: number | null, lim: number | null): StepSource =>
  sql`SELECT u.id, u.ord FROM inbox_review_ids(${actor.personId}, ${sql.val([...actor.facilitatorAreas])}::text[],
        ${actor.isSteward}, ${actor.executiveRole ?? ''}, ${before}::bigint, ${lim}::integer) WITH ORDINALITY AS u(id, ord)`;

/** The same candidates as a list of ids. */
export async function candidateReviewIds(
  db: Db,
  actor: Actor,
  before: number | null,
  lim: number | null,
): Promise<number[]> {
  const { rows } = await sql<{
    id: number;
  }>`SELECT s.id FROM (${candidateSource(actor, before, lim)}) s ORDER BY s.ord`.execute(db);
  return rows.map((r) => Number(r.id));
}

/**
 * The inbox's reviews, those `actor` may see (SPEC 10): the candidates of a step now, newest first, then the
 * sensitive reviews where one of my areas has not approved the current revision (not my own), where a sign-off
 * may come to me once others act (the ordering, changes the proposer makes first), newest first.
 */
export function inboxSource(actor: Actor, lim: number): StepSource {
  const me = actor.personId;
  const coming =
    actor.facilitatorAreas.length === 0
      ? sql``
      : sql`UNION ALL
        SELECT x.id, ${lim}::bigint + row_number() OVER (ORDER BY x.id DESC) FROM (
          SELECT r.id FROM reviews r
           WHERE r.status = 'sensitive_review'
             AND r.proposer_id <> ${me} AND r.requester_id <> ${me} AND r.engineering_owner_id IS DISTINCT FROM ${me}
             AND NOT r.approved_areas @> ${sql.val([...actor.facilitatorAreas])}::text[]
           ORDER BY r.id DESC LIMIT ${lim}) x`;
  return sql`SELECT c.id, min(c.ord) AS ord FROM (
      ${candidateSource(actor, null, lim)}
      ${coming}) c
    JOIN reviews r ON r.id = c.id
    WHERE ${visibleTo(actor)}
    GROUP BY c.id`;
}

/** The facts and people of the reviews of `source`: one query, or one query and the cache's facts. */
async function stepInputs(db: Db, source: StepSource, facts: FactsLoader | undefined, since: boolean) {
  const fromDb = facts === undefined || facts === loadReviewFacts;
  const inputs = await loadStepInputs(db, source, { facts: fromDb, since });
  if (!fromDb) inputs.facts = await facts(db, inputs.ids);
  return inputs;
}

/** Core's openSteps over each review of `inputs`. */
function stepsOf(inputs: StepInputs, now: Date): Map<number, OpenStep[]> {
  const out = new Map<number, OpenStep[]>();
  for (const id of inputs.ids) {
    const rf = inputs.facts.get(id);
    const rp = inputs.people.get(id);
    if (rf && rp) out.set(id, openSteps(rf, rp, now));
  }
  return out;
}

/** Every open step of each review (core's openSteps over its facts and people), in one query. */
export async function openStepsOf(
  db: Db,
  ids: readonly number[],
  now: Date,
  facts?: FactsLoader,
): Promise<Map<number, OpenStep[]>> {
  if (ids.length === 0) return new Map();
  return stepsOf(await stepInputs(db, reviewIdsSource(ids), facts, false), now);
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

/**
 * The candidates of `source` (in its order), and those where `actor` has a step to take now (core decides):
 * one query for the candidates, their facts and their people.
 */
export async function actingAmong(
  db: Db,
  actor: Actor,
  source: StepSource,
  now: Date,
  facts?: FactsLoader,
): Promise<{ candidates: number[]; acting: number[] }> {
  const inputs = await stepInputs(db, source, facts, false);
  const steps = stepsOf(inputs, now);
  return {
    candidates: inputs.ids,
    acting: inputs.ids.filter((id) => actsNow(steps.get(id) ?? [], actor.personId)),
  };
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
  /** On a steward's review: the data steward the proposer requested (any steward may take it); else null. */
  requestedSteward: z.object({ id: z.number(), name: z.string() }).nullable(),
});
export type InboxStep = z.infer<typeof inboxStepSchema>;

/**
 * What `actor` can do now and what comes to them once others act, over the reviews of `source` (core's
 * openSteps and stepsFor; the oldest waits first), each with when it began to wait: one query (and the
 * cache's facts when there is a cache).
 */
export async function inboxStepsOf(
  db: Db,
  actor: Actor,
  source: StepSource,
  now: Date,
  reminderDays: number,
  facts?: FactsLoader,
): Promise<{ now: InboxStep[]; coming: InboxStep[] }> {
  const inputs = await stepInputs(db, source, facts, true);
  const steps = stepsOf(inputs, now);
  const sinceOf = (h: ReviewHead, s: OpenStep): Date => {
    if (s.mitigationId !== undefined) return inputs.mitigationAt.get(s.mitigationId) ?? h.updatedAt;
    if (s.escalationId !== undefined) return inputs.escalationAt.get(s.escalationId) ?? h.updatedAt;
    switch (s.action) {
      case 'submit':
        return h.createdAt;
      case 'record_steward_review':
        return h.submittedAt ?? h.updatedAt;
      case 'reconfirm_sign_off':
        return h.revisionAt ?? h.updatedAt;
      case 'record_sign_off':
      case 'announce':
      case 'deliver_announcement':
      case 'hold_discussion':
        return h.sensitiveReviewAt ?? h.submittedAt ?? h.updatedAt;
      default:
        return h.updatedAt;
    }
  };
  const period = reminderDays * 86_400_000;
  const item = (h: ReviewHead, s: OpenStep): InboxStep => {
    const since = sinceOf(h, s);
    return {
      reviewId: h.id,
      key: h.key,
      title: h.title,
      productName: h.productName,
      step: s.action,
      action: STEP_REVIEW_ACTION[s.action],
      area: s.area ?? null,
      mitigationId: s.mitigationId ?? null,
      escalationId: s.escalationId ?? null,
      label: stepLabel(s, inputs.facts.get(h.id)),
      waitsOn: waitsOnLabels(s),
      waitingSince: since.toISOString(),
      overdue: s.ready && now.getTime() - since.getTime() > period,
      requestedSteward:
        s.action === 'record_steward_review' && h.requestedSteward ? h.requestedSteward : null,
    };
  };
  const out = { now: [] as InboxStep[], coming: [] as InboxStep[] };
  for (const id of inputs.ids) {
    const h = inputs.heads.get(id);
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
