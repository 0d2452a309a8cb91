import {
  type AnnouncementRecord,
  announcementState,
  CATEGORIES,
  type Category,
  type DraftRequestForm,
  effectiveExpires,
  type FormFacts,
  formFacts,
  missingForSubmission,
  type RenewalFact,
  type ReviewFacts,
  type ReviewStatus,
  type StewardOutcome,
} from '@signoff/core';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './database.ts';

/** A row of the `review_facts` function (migrations/0008, restated by later ones). */
export interface FactsRow {
  id: number;
  key: string;
  status: ReviewStatus;
  category: Category | null;
  steward_outcome: StewardOutcome | null;
  current_revision: number;
  runs_in_experiments: boolean;
  channels: ReviewFacts['channels'];
  form: Record<string, unknown> | null;
  sign_offs: ReviewFacts['signOffs'];
  mitigations: ReviewFacts['mitigations'];
  discussions: ReviewFacts['discussions'];
  announcements: AnnouncementRecord[];
  escalations: ReviewFacts['escalations'];
  renewed_expires: string | null;
  glean_metrics: NonNullable<ReviewFacts['gleanMetrics']>;
  /** Added beside the function's columns by `factsOf` (the renewals' open steps read them). */
  renewals: RenewalFact[];
  /** Added by `factsOf` for a draft or returned review: its current request form (null: none saved yet). */
  request_form?: DraftRequestForm | null;
}

/**
 * The `review_facts` rows of the reviews `ids` (an SQL array expression), each with its renewals as core's
 * RenewalFact (state, who requested it, the question to Trust and Legal: none, open or answered), oldest first,
 * and, for a draft or returned review, its current request form (what submitting it needs).
 */
export const factsOf = (ids: RawBuilder<unknown>): RawBuilder<FactsRow> => sql<FactsRow>`
  SELECT f.*, (SELECT coalesce(json_agg(json_build_object('id', n.id, 'state', n.state,
                 'requestedBy', n.requested_by, 'newExpires', n.new_expires,
                 'legalTrust', CASE WHEN n.legal_trust_question IS NULL THEN 'none'
                                    WHEN n.legal_trust_answer IS NULL THEN 'open' ELSE 'answered' END)
                 ORDER BY n.id), '[]') FROM renewals n WHERE n.review_id = f.id) AS renewals,
         CASE WHEN f.status IN ('draft', 'returned') THEN (SELECT v.content FROM revisions v
           WHERE v.review_id = f.id AND v.number = f.current_revision) END AS request_form
    FROM review_facts(${ids}) f`;

/**
 * The gate's facts for any number of reviews in ONE query, whatever the length of their history:
 * the latest sign-off per area, open and closed mitigations, discussions, the announcement, escalations,
 * renewals and the latest Glean import. The query is the `review_facts` function (migrations/0008).
 */
export async function loadReviewFacts(
  db: Db,
  reviewIds: readonly number[],
): Promise<Map<number, ReviewFacts>> {
  if (reviewIds.length === 0) return new Map();
  const { rows } = await factsOf(sql`${sql.val([...reviewIds])}::bigint[]`).execute(db);
  return new Map(rows.map((row) => [row.id, reviewFactsOfRow(row)]));
}

/** Core's ReviewFacts of one `review_facts` row (read as columns, or as JSON inside a larger query). */
export function reviewFactsOfRow(row: FactsRow): ReviewFacts {
  const highest = (row.form as { highestMeasurementCategory?: unknown } | null)?.highestMeasurementCategory;
  const form: FormFacts = {
    ...formFacts(row.form ?? {}),
    // The query keeps the measurements' highest category only (migrations/0018), not the rows themselves.
    highestMeasurementCategory: CATEGORIES.find((c) => c === highest) ?? null,
  };
  const period = row.form?.collectionPeriod as { expires?: unknown } | undefined;
  const formExpires = typeof period?.expires === 'string' ? period.expires : null;
  // The first data-review+ (migrations/0021): where "6 months initially" starts.
  const startsOn = (row.form as { collectionStartsOn?: unknown } | null)?.collectionStartsOn;
  // Questions to Trust and Legal waiting for their answer (migrations/0023).
  const legalOpen = Number(
    (row.form as { legalTrustQuestionsOpen?: unknown } | null)?.legalTrustQuestionsOpen ?? 0,
  );
  return {
    reviewId: row.id,
    key: row.key,
    status: row.status,
    category: row.category,
    stewardOutcome: row.steward_outcome,
    currentRevision: row.current_revision === 0 ? null : row.current_revision,
    channels: row.channels,
    runsInExperiments: row.runs_in_experiments,
    form,
    signOffs: row.sign_offs,
    mitigations: row.mitigations,
    // Core decides what the announcements amount to (migrations/0026).
    announcement: { state: announcementState(row.announcements) },
    discussions: row.discussions,
    escalations: row.escalations,
    collectionExpires: effectiveExpires(
      formExpires,
      row.renewed_expires === null ? [] : [{ newExpires: row.renewed_expires }],
    ),
    collectionStartsOn: typeof startsOn === 'string' ? startsOn : null,
    legalTrustQuestionsOpen: Number.isFinite(legalOpen) ? legalOpen : 0,
    gleanMetrics: row.glean_metrics ?? [],
    renewals: (row.renewals ?? []).map((n) => ({
      ...n,
      id: Number(n.id),
      requestedBy: Number(n.requestedBy),
    })),
    // "Fill it out completely" (Step 1): what submitting the draft or returned request still needs.
    ...(row.status === 'draft' || row.status === 'returned'
      ? { submissionMissing: missingForSubmission(row.request_form ?? {}, null) }
      : {}),
  };
}
