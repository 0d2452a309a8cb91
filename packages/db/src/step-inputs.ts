import { AREAS, type Area, type EscalationLevel, type ReviewFacts, type ReviewPeople } from '@signoff/core';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from './database.ts';
import { PREPARED } from './prepared.ts';
import { type FactsRow, factsOf, reviewFactsOfRow } from './review-facts.ts';

/** When a review's steps began to wait (the inbox's "waiting since"), from its row. */
export interface ReviewHead {
  id: number;
  key: string;
  title: string;
  productName: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  sensitiveReviewAt: Date | null;
  /** When the current revision was saved. */
  revisionAt: Date | null;
  /** The data steward the proposer requested at submission (any steward may take it). */
  requestedSteward: { id: number; name: string } | null;
}

/** What core's openSteps needs of each review (its facts and people), and what the inbox shows with it. */
export interface StepInputs {
  /** The reviews in the order the source gave them (only those that exist). */
  ids: number[];
  people: Map<number, ReviewPeople>;
  heads: Map<number, ReviewHead>;
  /** Only when asked for (`facts: true`); else the caller has them (the change-feed cache). */
  facts: Map<number, ReviewFacts>;
  /** Only when asked for (`since: true`): when each mitigation and open escalation last moved. */
  mitigationAt: Map<number, Date>;
  escalationAt: Map<number, Date>;
  /** Only when asked for (`since: true`): when each requested renewal was requested, asked of Trust and Legal, answered. */
  renewalAt: Map<number, { requestedAt: Date; askedAt: Date | null; answeredAt: Date | null }>;
}

/**
 * A source of review ids for loadStepInputs: a SELECT of `id` and `ord` (the order to keep).
 * `reviewIdsSource(ids)` for a known list; callers may give any query (the inbox's candidates).
 */
export type StepSource = RawBuilder<{ id: number; ord: number }>;

export const reviewIdsSource = (ids: readonly number[]): StepSource =>
  sql`SELECT u.id, u.ord FROM unnest(${sql.val([...ids])}::bigint[]) WITH ORDINALITY AS u(id, ord)`;

interface Doc {
  ids: number[] | null;
  reviews:
    | {
        id: number;
        key: string;
        title: string;
        productName: string;
        productId: number;
        ownerId: number | null;
        proposerId: number;
        requesterId: number;
        engineeringOwnerId: number | null;
        createdAt: string;
        updatedAt: string;
        submittedAt: string | null;
        sensitiveReviewAt: string | null;
        revisionAt: string | null;
        requestedSteward: { id: number; name: string } | null;
      }[]
    | null;
  reviewers: { reviewId: number; area: Area; personId: number }[] | null;
  escalations:
    | {
        id: number;
        reviewId: number;
        level: EscalationLevel;
        openedBy: number;
        facilitatorId: number;
        createdAt: string;
        papersSharedAt: string | null;
        paperAuthors: number[] | null;
        commenters: number[] | null;
      }[]
    | null;
  mitigations: { id: number; updatedAt: string }[] | null;
  renewals: { id: number; requestedAt: string; askedAt: string | null; answeredAt: string | null }[] | null;
  facilitators: { area: Area; personId: number }[] | null;
  roles: { id: number; steward: boolean; executive: 'cpo' | 'ceo' | null }[] | null;
  facts: FactsRow[] | null;
}

const date = (s: string) => new Date(s);
const dateOrNull = (s: string | null) => (s === null ? null : new Date(s));

/**
 * Everything core's openSteps reads about the reviews `source` names — their people (as loadReviewPeopleOf
 * gives them), their heads, optionally their facts (as loadReviewFacts gives them) and when their
 * mitigations and escalations last moved — in ONE query, whatever the number of reviews: the source is
 * run once inside it, so a caller's candidate query costs no round trip of its own. The statement's text
 * is the same for every call of a shape, so it is prepared once per connection.
 */
export async function loadStepInputs(
  db: Db,
  source: StepSource,
  opts: { facts: boolean; since: boolean },
): Promise<StepInputs> {
  const none = sql`NULL::json`;
  const { rows } = await sql<{ doc: Doc }>`${PREPARED}
    WITH ids AS MATERIALIZED (SELECT s.id::bigint AS id, s.ord FROM (${source}) s)
    SELECT json_build_object(
      'ids', (SELECT json_agg(i.id ORDER BY i.ord) FROM ids i JOIN reviews r ON r.id = i.id),
      'reviews', (SELECT json_agg(json_build_object(
          'id', r.id, 'key', r.key, 'title', r.title, 'productName', p.name, 'productId', r.product_id,
          'ownerId', p.owner_id, 'proposerId', r.proposer_id, 'requesterId', r.requester_id,
          'engineeringOwnerId', r.engineering_owner_id, 'createdAt', r.created_at, 'updatedAt', r.updated_at,
          'submittedAt', r.submitted_at, 'sensitiveReviewAt', r.sensitive_review_at,
          'revisionAt', (SELECT v.created_at FROM revisions v WHERE v.review_id = r.id AND v.number = r.current_revision),
          'requestedSteward', (SELECT json_build_object('id', rs.id, 'name', rs.display_name)
                                 FROM people rs WHERE rs.id = r.requested_steward_id)))
        FROM reviews r JOIN products p ON p.id = r.product_id WHERE r.id IN (SELECT id FROM ids)),
      'reviewers', (SELECT json_agg(json_build_object('reviewId', ar.review_id, 'area', ar.area, 'personId', ar.person_id)
                                    ORDER BY ar.person_id)
        FROM area_reviewers ar WHERE ar.review_id IN (SELECT id FROM ids)),
      'escalations', (SELECT json_agg(json_build_object(
          'id', e.id, 'reviewId', e.review_id, 'level', e.level, 'openedBy', e.opened_by,
          'facilitatorId', e.facilitator_id, 'createdAt', e.created_at, 'papersSharedAt', e.papers_shared_at,
          'paperAuthors', (SELECT array_agg(DISTINCT pp.author_id) FROM position_papers pp WHERE pp.escalation_id = e.id),
          'commenters', (SELECT array_agg(DISTINCT c.author_id) FROM escalation_comments c WHERE c.escalation_id = e.id))
          ORDER BY e.id)
        FROM escalations e WHERE e.review_id IN (SELECT id FROM ids) AND e.state = 'open'),
      'mitigations', ${
        opts.since
          ? sql`(SELECT json_agg(json_build_object('id', m.id, 'updatedAt', m.updated_at))
                   FROM mitigations m WHERE m.review_id IN (SELECT id FROM ids))`
          : none
      },
      'renewals', ${
        opts.since
          ? sql`(SELECT json_agg(json_build_object('id', n.id, 'requestedAt', n.created_at,
                     'askedAt', n.legal_trust_asked_at, 'answeredAt', n.legal_trust_answered_at))
                   FROM renewals n WHERE n.review_id IN (SELECT id FROM ids) AND n.state = 'requested')`
          : none
      },
      'facilitators', (SELECT json_agg(json_build_object('area', f.area, 'personId', f.person_id) ORDER BY f.person_id)
        FROM area_facilitators f JOIN people p ON p.id = f.person_id WHERE p.active),
      'roles', (SELECT json_agg(json_build_object('id', p.id, 'steward', p.is_steward, 'executive', p.executive_role)
                                ORDER BY p.id)
        FROM people p WHERE p.active AND (p.is_steward OR p.executive_role IS NOT NULL)),
      'facts', ${
        opts.facts ? sql`(SELECT json_agg(f) FROM (${factsOf(sql`ARRAY(SELECT id FROM ids)`)}) f)` : none
      }) AS doc`.execute(db);
  return stepInputsOf(rows[0]!.doc);
}

function stepInputsOf(doc: Doc): StepInputs {
  const byArea = Object.fromEntries(AREAS.map((a) => [a, [] as number[]])) as Record<Area, number[]>;
  for (const f of doc.facilitators ?? []) byArea[f.area]?.push(f.personId);
  const roles = doc.roles ?? [];
  const stewardIds = roles.filter((p) => p.steward).map((p) => p.id);
  const executives = {
    cpo: roles.filter((p) => p.executive === 'cpo').map((p) => p.id),
    ceo: roles.filter((p) => p.executive === 'ceo').map((p) => p.id),
  };
  const reviewersOf = groupBy(doc.reviewers ?? [], (r) => r.reviewId);
  const escalationsOf = groupBy(doc.escalations ?? [], (e) => e.reviewId);
  const people = new Map<number, ReviewPeople>();
  const heads = new Map<number, ReviewHead>();
  for (const r of doc.reviews ?? []) {
    people.set(r.id, {
      proposerId: r.proposerId,
      requesterId: r.requesterId,
      engineeringOwnerId: r.engineeringOwnerId,
      productOwnerId: r.ownerId ?? 0,
      facilitators: byArea,
      reviewers: (reviewersOf.get(r.id) ?? []).map((x) => ({ area: x.area, personId: x.personId })),
      stewardIds,
      executives,
      escalations: (escalationsOf.get(r.id) ?? []).map((e) => ({
        id: e.id,
        level: e.level,
        openedBy: e.openedBy,
        facilitatorId: e.facilitatorId,
        papersShared: e.papersSharedAt !== null,
        paperAuthorIds: (e.paperAuthors ?? []).map(Number),
        commenterIds: (e.commenters ?? []).map(Number),
      })),
    });
    heads.set(r.id, {
      id: r.id,
      key: r.key,
      title: r.title,
      productName: r.productName,
      createdAt: date(r.createdAt),
      updatedAt: date(r.updatedAt),
      submittedAt: dateOrNull(r.submittedAt),
      sensitiveReviewAt: dateOrNull(r.sensitiveReviewAt),
      revisionAt: dateOrNull(r.revisionAt),
      requestedSteward: r.requestedSteward,
    });
  }
  return {
    ids: doc.ids ?? [],
    people,
    heads,
    facts: new Map((doc.facts ?? []).map((row) => [Number(row.id), reviewFactsOfRow(row)])),
    mitigationAt: new Map((doc.mitigations ?? []).map((m) => [m.id, date(m.updatedAt)])),
    escalationAt: new Map((doc.escalations ?? []).map((e) => [e.id, date(e.papersSharedAt ?? e.createdAt)])),
    renewalAt: new Map(
      (doc.renewals ?? []).map((n) => [
        Number(n.id),
        {
          requestedAt: date(n.requestedAt),
          askedAt: dateOrNull(n.askedAt),
          answeredAt: dateOrNull(n.answeredAt),
        },
      ]),
    ),
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
