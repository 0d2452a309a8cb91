import { type Actor, PIPELINE_STAGES, type PipelineStage } from '@signoff/core';
import type { Db } from '@signoff/db';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { visibleTo } from './review-list.ts';

export const reviewFlowOutput = z.object({
  /** Reviews visible to the caller. */
  total: z.number(),
  shipped: z.number(),
  withdrawn: z.number(),
  stages: z.array(
    z.object({
      stage: z.enum(PIPELINE_STAGES),
      /** Reviews waiting in this stage now. */
      now: z.number(),
      /** Reviews that went through this stage, and how long it took them (days, from its start to its end). */
      passed: z.number(),
      averageDays: z.number().nullable(),
      medianDays: z.number().nullable(),
    }),
  ),
});
export type ReviewFlow = z.infer<typeof reviewFlowOutput>;

const FIRST_PAIR = sql`ARRAY['privacy_technical', 'data']::text[]`;
const ALL_AREAS = sql`ARRAY['privacy_technical', 'data', 'legal_trust', 'security']::text[]`;
const announced = sql`EXISTS (SELECT 1 FROM announcements a WHERE a.review_id = r.id)`;
const sensitive = sql`r.status = 'sensitive_review'`;

/**
 * Where a review (alias `r`) waits now: its status, and for a sensitive review the areas approving its
 * current revision (migrations/0010) and whether it was announced. The flow counts by it and the list
 * filters by it, so a figure and the list it links to agree.
 */
export function waitingInStage(stage: PipelineStage): RawBuilder<SqlBool> {
  switch (stage) {
    case 'request':
      return sql<SqlBool>`r.status IN ('draft', 'returned')`;
    case 'steward':
      return sql<SqlBool>`r.status = 'submitted'`;
    case 'privacy_data':
      return sql<SqlBool>`(${sensitive} AND NOT r.approved_areas @> ${FIRST_PAIR})`;
    case 'legal_security':
      return sql<SqlBool>`(${sensitive} AND r.approved_areas @> ${FIRST_PAIR} AND NOT r.approved_areas @> ${ALL_AREAS})`;
    case 'announcement':
      return sql<SqlBool>`(${sensitive} AND r.approved_areas @> ${ALL_AREAS} AND NOT ${announced})`;
    case 'ship':
      return sql<SqlBool>`(r.status = 'approved' OR (${sensitive} AND r.approved_areas @> ${ALL_AREAS} AND ${announced}))`;
  }
}

interface FlowRow {
  stage: PipelineStage;
  now: number;
  passed: number;
  average_days: number | null;
  median_days: number | null;
}

/**
 * The flow of reviews through the pipeline's stages (issue 15): how many wait in each stage now, and how
 * long each stage took the reviews that went through it. One query whatever the number of reviews.
 * A stage starts when the one before it ended; privacy/technical + data and the announcement start when the
 * sensitive review does (SPEC 5, 8), legal/trust + security when privacy/technical and data both approved.
 * Where a review waits now: waitingInStage.
 */
export async function reviewFlow(db: Db, actor: Actor): Promise<ReviewFlow> {
  const { rows } = await sql<FlowRow & { total: number; shipped: number; withdrawn: number }>`
    WITH t AS (
      SELECT r.id, r.status, r.category, r.created_at, r.submitted_at, r.sensitive_review_at, r.shipped_at,
             (SELECT min(s.created_at) FROM steward_reviews s WHERE s.review_id = r.id) AS steward_at,
             (SELECT min(a.created_at) FROM announcements a WHERE a.review_id = r.id) AS announced_at,
             CASE WHEN f.pt IS NOT NULL AND f.da IS NOT NULL THEN greatest(f.pt, f.da) END AS first_pair_at,
             CASE WHEN f.lt IS NOT NULL AND f.se IS NOT NULL THEN greatest(f.lt, f.se) END AS second_pair_at,
             ${waitingInStage('request')} AS in_request, ${waitingInStage('steward')} AS in_steward,
             ${waitingInStage('privacy_data')} AS in_privacy_data,
             ${waitingInStage('legal_security')} AS in_legal_security,
             ${waitingInStage('announcement')} AS in_announcement, ${waitingInStage('ship')} AS in_ship
        FROM reviews r
        LEFT JOIN LATERAL (
          SELECT min(so.created_at) FILTER (WHERE so.area = 'privacy_technical') AS pt,
                 min(so.created_at) FILTER (WHERE so.area = 'data') AS da,
                 min(so.created_at) FILTER (WHERE so.area = 'legal_trust') AS lt,
                 min(so.created_at) FILTER (WHERE so.area = 'security') AS se
            FROM sign_offs so WHERE so.review_id = r.id AND so.decision = 'approved') f ON true
       WHERE ${visibleTo(actor)}),
    per_stage AS (
      SELECT s.stage, s.ended, s.started, s.here
        FROM t CROSS JOIN LATERAL (VALUES
          ('request', t.submitted_at, t.created_at, t.in_request),
          ('steward', t.steward_at, t.submitted_at, t.in_steward),
          ('privacy_data', t.first_pair_at, t.sensitive_review_at, t.in_privacy_data),
          ('legal_security', t.second_pair_at, t.first_pair_at, t.in_legal_security),
          ('announcement', t.announced_at, t.sensitive_review_at, t.in_announcement),
          ('ship', t.shipped_at,
             CASE WHEN t.category >= 3 THEN greatest(t.second_pair_at, t.announced_at) ELSE t.steward_at END,
             t.in_ship)
        ) AS s(stage, ended, started, here))
    SELECT p.stage,
           count(*) FILTER (WHERE p.here)::int AS now,
           count(*) FILTER (WHERE p.ended IS NOT NULL AND p.started IS NOT NULL)::int AS passed,
           avg(greatest(0, extract(epoch FROM p.ended - p.started) / 86400))::float8 AS average_days,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, extract(epoch FROM p.ended - p.started) / 86400))::float8 AS median_days,
           (SELECT count(*) FROM t)::int AS total,
           (SELECT count(*) FROM t WHERE t.status = 'shipped')::int AS shipped,
           (SELECT count(*) FROM t WHERE t.status = 'withdrawn')::int AS withdrawn
      FROM per_stage p
     GROUP BY p.stage`.execute(db);
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const first = rows[0];
  return {
    total: first?.total ?? 0,
    shipped: first?.shipped ?? 0,
    withdrawn: first?.withdrawn ?? 0,
    stages: PIPELINE_STAGES.map((stage) => {
      const r = byStage.get(stage);
      return {
        stage,
        now: r?.now ?? 0,
        passed: r?.passed ?? 0,
        averageDays: r?.passed ? r.average_days : null,
        medianDays: r?.passed ? r.median_days : null,
      };
    }),
  };
}
