import { type RawBuilder, sql } from 'kysely';
import type { Db } from './database.ts';
import { PREPARED } from './prepared.ts';

/** One stored open step (migrations/0034: review_steps), as core's stepSummary states it, with its words. */
export interface StoredStep {
  action: string;
  area: string | null;
  mitigationId: number | null;
  escalationId: number | null;
  blocker: string | null;
  ready: boolean;
  waitsFor: unknown;
  ownerRole: string;
  ownerArea: string | null;
  ownerIds: number[];
  ownerRoles: string[];
  exceptIds: number[];
  exceptRoles: string[];
  label: string;
  waitsOn: string[];
  waitingSince: Date;
}

/** The summary of one review's open steps, computed at some moment by rules `version`. */
export interface StoredSummary {
  reviewId: number;
  validUntil: Date | null;
  steps: StoredStep[];
}

/** Computes the summaries of `ids` inside the transaction that stores them (the API runs core's stepSummary). */
export type ComputeSummaries = (trx: Db, ids: readonly number[]) => Promise<StoredSummary[]>;

/**
 * True when some stored summary must be computed before a read at `now` by rules `version` (migrations/0035:
 * three index descents). As a column of a read (`AS steps_stale`) it is evaluated once, in the read's own
 * snapshot: when it is false, what the read found was fresh (readFreshSteps).
 */
export const reviewStepsStaleSql = (now: Date, version: string) =>
  sql<boolean>`(SELECT review_steps_stale(${now}::timestamptz, ${version}))`;

/** Whether some stored summary must be computed before a read at `now` by rules `version`. */
export async function reviewStepsStale(db: Db, now: Date, version: string): Promise<boolean> {
  const { rows } = await sql<{ stale: boolean }>`${PREPARED}
    SELECT ${reviewStepsStaleSql(now, version)} AS stale`.execute(db);
  return rows[0]?.stale ?? true;
}

/**
 * A read of the stored summaries at `now` by rules `version` in one round trip when none is stale. `read` selects
 * `stale` as its column `steps_stale`; when a row says stale (or no row says anything and the summaries are
 * stale), every stale summary is computed (`freshen`) and the read runs again.
 */
export async function readFreshSteps<R extends { steps_stale: boolean }>(
  db: Db,
  now: Date,
  version: string,
  freshen: () => Promise<void>,
  read: (stale: RawBuilder<boolean>) => Promise<R[]>,
): Promise<R[]> {
  const stale = reviewStepsStaleSql(now, version);
  const rows = await read(stale);
  const fresh = rows[0] ? !rows[0].steps_stale : !(await reviewStepsStale(db, now, version));
  if (fresh) return rows;
  await freshen();
  return read(stale);
}

/** The reviews whose stored summary must be computed before a read at `now` by rules `version`. */
export async function staleReviewSteps(db: Db, now: Date, version: string): Promise<number[]> {
  const { rows } = await sql<{ id: string }>`${PREPARED}
    SELECT id FROM stale_review_steps(${now}::timestamptz, ${version}) AS t(id)`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** Replaces the stored summaries of these reviews and marks them fresh (by rules `version`, at `now`). */
export async function storeReviewSteps(
  trx: Db,
  summaries: readonly StoredSummary[],
  version: string,
  now: Date,
): Promise<void> {
  if (summaries.length === 0) return;
  const ids = summaries.map((s) => s.reviewId);
  const steps = summaries.flatMap((s) =>
    s.steps.map((x, ordinal) => ({
      ...x,
      reviewId: s.reviewId,
      ordinal,
      waitingSince: x.waitingSince.toISOString(),
    })),
  );
  await sql`DELETE FROM review_steps WHERE review_id = ANY(${sql.val(ids)}::bigint[])`.execute(trx);
  if (steps.length)
    await sql`INSERT INTO review_steps (review_id, ordinal, action, area, mitigation_id, escalation_id, blocker,
        ready, waits_for, owner_role, owner_area, owner_ids, owner_roles, except_ids, except_roles, label, waits_on,
        waiting_since)
      SELECT x."reviewId", x.ordinal, x.action, x.area, x."mitigationId", x."escalationId", x.blocker, x.ready,
             x."waitsFor", x."ownerRole", x."ownerArea",
             ARRAY(SELECT jsonb_array_elements_text(x."ownerIds"))::bigint[],
             ARRAY(SELECT jsonb_array_elements_text(x."ownerRoles")),
             ARRAY(SELECT jsonb_array_elements_text(x."exceptIds"))::bigint[],
             ARRAY(SELECT jsonb_array_elements_text(x."exceptRoles")),
             x.label, ARRAY(SELECT jsonb_array_elements_text(x."waitsOn")), x."waitingSince"
        FROM jsonb_to_recordset(${JSON.stringify(steps)}::jsonb) AS x("reviewId" bigint, ordinal integer,
             action text, area text, "mitigationId" bigint, "escalationId" bigint, blocker text, ready boolean,
             "waitsFor" jsonb, "ownerRole" text, "ownerArea" text, "ownerIds" jsonb, "ownerRoles" jsonb,
             "exceptIds" jsonb, "exceptRoles" jsonb, label text, "waitsOn" jsonb, "waitingSince" timestamptz)`.execute(
      trx,
    );
  await sql`INSERT INTO review_step_state (review_id, dirty, rules_version, valid_until, computed_at)
      SELECT x.id, false, ${version}, x.until, ${now}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(
          summaries.map((s) => ({ id: s.reviewId, until: s.validUntil?.toISOString() ?? null })),
        )}::jsonb) AS x(id bigint, until timestamptz)
      ON CONFLICT (review_id) DO UPDATE SET dirty = false, rules_version = EXCLUDED.rules_version,
        valid_until = EXCLUDED.valid_until, computed_at = EXCLUDED.computed_at`.execute(trx);
}

/** How many reviews one transaction of the read's recompute takes at most (a first start computes them all). */
const BATCH = 500;

/**
 * Before a read at `now`: computes and stores the summary of every review whose summary is dirty, past its
 * valid-until or by other rules. Each batch is one transaction that first locks the reviews' state rows (a
 * writer that marks one dirty meanwhile waits, then marks it again); rows locked by a writer still running are
 * skipped: that writer's transaction marks them or stores them itself.
 */
export async function freshenReviewSteps(
  db: Db,
  now: Date,
  version: string,
  compute: ComputeSummaries,
): Promise<void> {
  const stale = await staleReviewSteps(db, now, version);
  for (let i = 0; i < stale.length; i += BATCH) {
    const batch = stale.slice(i, i + BATCH);
    await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        SELECT s.review_id AS id FROM review_step_state s
         WHERE s.review_id = ANY(${sql.val(batch)}::bigint[])
           AND s.review_id IN (SELECT stale_review_steps(${now}::timestamptz, ${version}))
         ORDER BY s.review_id FOR UPDATE SKIP LOCKED`.execute(trx);
      const ids = rows.map((r) => Number(r.id));
      if (ids.length) await storeReviewSteps(trx, await compute(trx, ids), version, now);
    });
  }
}
