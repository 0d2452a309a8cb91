import { AREAS, type Area, type EscalationLevel, type ReviewPeople } from '@signoff/core';
import { sql } from 'kysely';
import type { Db, ReviewRow } from './database.ts';

/**
 * Who the rules name on one review (core's ReviewPeople, SPEC 15): its accountable people, the product owner,
 * every active facilitator and steward, the executives, the review's reviewers and its open escalations' parties.
 * Six small queries, run side by side.
 */
export async function loadReviewPeople(db: Db, row: ReviewRow): Promise<ReviewPeople> {
  const [owner, facilitators, reviewers, roles, escalations] = await Promise.all([
    db.selectFrom('products').select('owner_id').where('id', '=', row.product_id).executeTakeFirst(),
    db
      .selectFrom('area_facilitators as f')
      .innerJoin('people as p', 'p.id', 'f.person_id')
      .select(['f.area', 'f.person_id'])
      .where('p.active', '=', true)
      .orderBy('f.person_id')
      .execute(),
    db
      .selectFrom('area_reviewers')
      .select(['area', 'person_id'])
      .where('review_id', '=', row.id)
      .orderBy('person_id')
      .execute(),
    db
      .selectFrom('people')
      .select(['id', 'is_steward', 'executive_role'])
      .where('active', '=', true)
      .where((eb) => eb.or([eb('is_steward', '=', true), eb('executive_role', 'is not', null)]))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('escalations as e')
      .select([
        'e.id',
        'e.level',
        'e.opened_by',
        'e.facilitator_id',
        'e.papers_shared_at',
        sql<
          number[] | null
        >`(SELECT array_agg(DISTINCT pp.author_id) FROM position_papers pp WHERE pp.escalation_id = e.id)`.as(
          'paper_authors',
        ),
        sql<
          number[] | null
        >`(SELECT array_agg(DISTINCT c.author_id) FROM escalation_comments c WHERE c.escalation_id = e.id)`.as(
          'commenters',
        ),
      ])
      .where('e.review_id', '=', row.id)
      .where('e.state', '=', 'open')
      .execute(),
  ]);
  const byArea = Object.fromEntries(AREAS.map((a) => [a, [] as number[]])) as Record<Area, number[]>;
  for (const f of facilitators) byArea[f.area as Area]?.push(f.person_id);
  return {
    proposerId: row.proposer_id,
    requesterId: row.requester_id,
    engineeringOwnerId: row.engineering_owner_id,
    productOwnerId: owner?.owner_id ?? 0,
    facilitators: byArea,
    reviewers: reviewers.map((r) => ({ area: r.area as Area, personId: r.person_id })),
    stewardIds: roles.filter((p) => p.is_steward).map((p) => p.id),
    executives: {
      cpo: roles.filter((p) => p.executive_role === 'cpo').map((p) => p.id),
      ceo: roles.filter((p) => p.executive_role === 'ceo').map((p) => p.id),
    },
    escalations: escalations.map((e) => ({
      id: e.id,
      level: e.level as EscalationLevel,
      openedBy: e.opened_by,
      facilitatorId: e.facilitator_id,
      papersShared: e.papers_shared_at !== null,
      paperAuthorIds: (e.paper_authors ?? []).map(Number),
      commenterIds: (e.commenters ?? []).map(Number),
    })),
  };
}
