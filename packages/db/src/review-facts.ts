import { effectiveExpires, type FormFacts, formFacts, type ReviewFacts } from '@signoff/core';
import { sql } from 'kysely';
import type { Db } from './database.ts';

interface FactsRow {
  id: number;
  key: string;
  status: string;
  category: number | null;
  steward_outcome: string | null;
  current_revision: number;
  runs_in_experiments: boolean;
  channels: ReviewFacts['channels'];
  form: Record<string, unknown> | null;
  sign_offs: ReviewFacts['signOffs'];
  mitigations: ReviewFacts['mitigations'];
  discussions: ReviewFacts['discussions'];
  announcement_state: ReviewFacts['announcement']['state'];
  escalations: ReviewFacts['escalations'];
  renewed_expires: string | null;
  glean_metrics: NonNullable<ReviewFacts['gleanMetrics']>;
}

/**
 * The gate's facts for any number of reviews in ONE query, whatever the length of their history:
 * the latest sign-off per area, open and closed mitigations, discussions, the announcement, escalations.
 */
export async function loadReviewFacts(
  db: Db,
  reviewIds: readonly number[],
): Promise<Map<number, ReviewFacts>> {
  if (reviewIds.length === 0) return new Map();
  const { rows } = await sql<FactsRow>`
    SELECT r.id, r.key, r.status, r.category, r.steward_outcome, r.current_revision, r.runs_in_experiments,
      (SELECT coalesce(json_agg(json_build_object('channel', c.channel, 'defaultState', c.default_state) ORDER BY c.channel), '[]')
         FROM review_channels c WHERE c.review_id = r.id) AS channels,
      (SELECT v.content FROM revisions v WHERE v.review_id = r.id AND v.number = r.current_revision) AS form,
      (SELECT coalesce(json_agg(json_build_object('area', s.area, 'revision', s.revision, 'risk', s.risk,
                'decision', s.decision, 'trustApproval', s.trust_approval) ORDER BY s.area), '[]')
         FROM (SELECT DISTINCT ON (area) * FROM sign_offs WHERE review_id = r.id ORDER BY area, id DESC) s) AS sign_offs,
      (SELECT coalesce(json_agg(json_build_object('id', m.id, 'area', m.area, 'kind', m.kind, 'state', m.state) ORDER BY m.id), '[]')
         FROM mitigations m WHERE m.review_id = r.id) AS mitigations,
      (SELECT coalesce(json_agg(json_build_object('area', d.area, 'state', d.state) ORDER BY d.id), '[]')
         FROM discussions d WHERE d.review_id = r.id) AS discussions,
      ${announcementStateSql} AS announcement_state,
      ${escalationsSql} AS escalations,
      ${renewedExpiresSql} AS renewed_expires,
      ${gleanMetricsSql} AS glean_metrics
    FROM reviews r
    WHERE r.id = ANY(${sql.val([...reviewIds])}::bigint[])`.execute(db);
  return new Map(rows.map((row) => [row.id, toFacts(row)]));
}

// Recorded by hand, or sent through the outbox (queued, sent, or failing while retried).
const announcementStateSql = sql`(
  SELECT CASE WHEN bool_or(a.method = 'manual') THEN 'recorded'
              WHEN bool_or(o.state = 'sent') THEN 'sent'
              WHEN bool_or(o.state IN ('retrying', 'failed')) THEN 'failing'
              WHEN count(*) > 0 THEN 'queued'
              ELSE 'none' END
    FROM announcements a LEFT JOIN outbox o ON o.id = a.mail_id WHERE a.review_id = r.id)`;

const escalationsSql = sql`(
  SELECT coalesce(json_agg(json_build_object('id', e.id, 'state', e.state, 'decision', e.decision, 'areas', e.areas) ORDER BY e.id), '[]')
    FROM escalations e WHERE e.review_id = r.id)`;

// The latest approved renewal extends the collection period.
const renewedExpiresSql = sql`(
  SELECT n.new_expires FROM renewals n WHERE n.review_id = r.id AND n.state = 'approved' ORDER BY n.id DESC LIMIT 1)`;

// The metrics of the latest Glean import, with their data_sensitivity.
const gleanMetricsSql = sql`(
  SELECT coalesce((SELECT jsonb_agg(jsonb_build_object('name', m->>'name', 'dataSensitivity', m->'dataSensitivity'))
                     FROM jsonb_array_elements(g.metrics) m), '[]')
    FROM glean_imports g WHERE g.review_id = r.id ORDER BY g.id DESC LIMIT 1)`;

function toFacts(row: FactsRow): ReviewFacts {
  const form: FormFacts = formFacts(row.form ?? {});
  const period = row.form?.collectionPeriod as { expires?: unknown } | undefined;
  const formExpires = typeof period?.expires === 'string' ? period.expires : null;
  return {
    reviewId: row.id,
    key: row.key,
    status: row.status as ReviewFacts['status'],
    category: row.category as ReviewFacts['category'],
    stewardOutcome: row.steward_outcome as ReviewFacts['stewardOutcome'],
    currentRevision: row.current_revision === 0 ? null : row.current_revision,
    channels: row.channels,
    runsInExperiments: row.runs_in_experiments,
    form,
    signOffs: row.sign_offs,
    mitigations: row.mitigations,
    announcement: { state: row.announcement_state },
    discussions: row.discussions,
    escalations: row.escalations,
    collectionExpires: effectiveExpires(
      formExpires,
      row.renewed_expires === null ? [] : [{ newExpires: row.renewed_expires }],
    ),
    gleanMetrics: row.glean_metrics ?? [],
  };
}
