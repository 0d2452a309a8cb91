import {
  type Actor,
  type OpenStep,
  openSteps,
  REVIEW_ACTIONS,
  type ReviewFacts,
  STEP_ACTIONS,
  STEP_REVIEW_ACTION,
  type StepAction,
} from '@signoff/core';
import {
  type Db,
  loadReviewFacts,
  loadStepInputs,
  PREPARED,
  reviewIdsSource,
  type StepInputs,
  type StepSource,
} from '@signoff/db';
import { type Expression, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { readFreshStepSummaries } from './step-summary.ts';
import { visibleTo } from './visible-to.ts';

/** How the facts of many reviews are read: from the server's cache when it has one. */
export type FactsLoader = (db: Db, ids: readonly number[]) => Promise<Map<number, ReviewFacts>>;

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

/**
 * The condition "`actor` has a step to take now" on a review `r` (core's actsNow over the stored summary:
 * migrations/0035 reviews_waiting_on): review.list's needsMyAction and review.search's blockedOnMe, each read
 * through readFreshStepSummaries.
 */
export const waitingOn = (actor: Actor): Expression<SqlBool> =>
  sql<SqlBool>`r.id IN (SELECT w.id FROM reviews_waiting_on(${actor.personId}) AS w(id))`;

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

interface StepRow {
  review_id: string;
  key: string;
  title: string;
  product_name: string;
  action: StepAction;
  area: string | null;
  mitigation_id: string | null;
  escalation_id: string | null;
  ready: boolean;
  label: string;
  waits_on: string[];
  waiting_since: Date;
  steward_id: string | null;
  steward_name: string | null;
  steps_stale: boolean;
}

/**
 * What `actor` can do now and what comes to them once others act (core's steps, stored: migrations/0034), the
 * oldest waits first, each with when it began to wait: of the `lim` newest reviews they may see with a step now,
 * and of the `lim` newest with a step coming. One indexed query (review_steps_of resolves the global roles
 * against their holders now), which also says whether any summary was stale: then they are computed and it runs
 * again.
 */
export async function inboxStepsOf(
  db: Db,
  actor: Actor,
  now: Date,
  reminderDays: number,
  lim: number,
): Promise<{ now: InboxStep[]; coming: InboxStep[] }> {
  const rows = await readFreshStepSummaries(db, now, async (stale) => {
    const { rows } = await sql<StepRow>`${PREPARED}
    SELECT x.*, ${stale} AS steps_stale FROM (
      SELECT s.review_id, r.key, r.title, p.name AS product_name, s.action, s.area, s.mitigation_id,
             s.escalation_id, s.ready, s.label, s.waits_on, s.waiting_since,
             rs.id AS steward_id, rs.display_name AS steward_name,
             dense_rank() OVER (PARTITION BY s.ready ORDER BY s.review_id DESC) AS rank
        FROM review_steps_of(${actor.personId}) s
        JOIN reviews r ON r.id = s.review_id
        JOIN products p ON p.id = r.product_id
        LEFT JOIN people rs ON rs.id = r.requested_steward_id AND s.action = 'record_steward_review'
       WHERE ${visibleTo(actor)}) x
     WHERE x.rank <= ${lim}
     ORDER BY x.waiting_since, x.review_id, x.label`.execute(db);
    return rows;
  });
  const period = reminderDays * 86_400_000;
  const out = { now: [] as InboxStep[], coming: [] as InboxStep[] };
  for (const r of rows) {
    const since = r.waiting_since;
    (r.ready ? out.now : out.coming).push({
      reviewId: Number(r.review_id),
      key: r.key,
      title: r.title,
      productName: r.product_name,
      step: r.action,
      action: STEP_REVIEW_ACTION[r.action],
      area: r.area,
      mitigationId: r.mitigation_id === null ? null : Number(r.mitigation_id),
      escalationId: r.escalation_id === null ? null : Number(r.escalation_id),
      label: r.label,
      waitsOn: r.waits_on,
      waitingSince: since.toISOString(),
      overdue: r.ready && now.getTime() - since.getTime() > period,
      requestedSteward:
        r.steward_id === null ? null : { id: Number(r.steward_id), name: r.steward_name ?? '' },
    });
  }
  return out;
}
