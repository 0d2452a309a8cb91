import { AREAS, type Area, type ReviewPeople } from '@signoff/core';
import { sql } from 'kysely';
import type { Db, ReviewRow } from './database.ts';

/** The columns of a review row that name its people. */
export type ReviewPeopleRow = Pick<
  ReviewRow,
  'id' | 'product_id' | 'proposer_id' | 'requester_id' | 'engineering_owner_id'
>;

/**
 * Who the rules name on one review (core's ReviewPeople, SPEC 15): its accountable people, the product owner,
 * every active facilitator and steward, the executives, the review's reviewers and its open escalations' parties.
 */
export async function loadReviewPeople(db: Db, row: ReviewPeopleRow): Promise<ReviewPeople> {
  return (await loadReviewPeopleOf(db, [row])).get(row.id)!;
}

/**
 * The people of many reviews at once (inboxes, lists): five queries whatever the number of reviews, run side by
 * side; the facilitators, stewards and executives are the same for every review.
 */
export async function loadReviewPeopleOf(
  db: Db,
  rows: readonly ReviewPeopleRow[],
): Promise<Map<number, ReviewPeople>> {
  const out = new Map<number, ReviewPeople>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => r.id);
  const productIds = [...new Set(rows.map((r) => r.product_id))];
  const [owners, facilitators, reviewers, roles, escalations] = await Promise.all([
    db.selectFrom('products').select(['id', 'owner_id']).where('id', 'in', productIds).execute(),
    db
      .selectFrom('area_facilitators as f')
      .innerJoin('people as p', 'p.id', 'f.person_id')
      .select(['f.area', 'f.person_id'])
      .where('p.active', '=', true)
      .orderBy('f.person_id')
      .execute(),
    db
      .selectFrom('area_reviewers')
      .select(['review_id', 'area', 'person_id'])
      .where('review_id', 'in', ids)
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
        'e.review_id',
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
      .where('e.review_id', 'in', ids)
      .where('e.state', '=', 'open')
      .orderBy('e.id')
      .execute(),
  ]);
  const byArea = Object.fromEntries(AREAS.map((a) => [a, [] as number[]])) as Record<Area, number[]>;
  for (const f of facilitators) byArea[f.area]?.push(f.person_id);
  const ownerOf = new Map(owners.map((o) => [o.id, o.owner_id]));
  const stewardIds = roles.filter((p) => p.is_steward).map((p) => p.id);
  const executives = {
    cpo: roles.filter((p) => p.executive_role === 'cpo').map((p) => p.id),
    ceo: roles.filter((p) => p.executive_role === 'ceo').map((p) => p.id),
  };
  for (const row of rows)
    out.set(row.id, {
      proposerId: row.proposer_id,
      requesterId: row.requester_id,
      engineeringOwnerId: row.engineering_owner_id,
      productOwnerId: ownerOf.get(row.product_id) ?? 0,
      facilitators: byArea,
      reviewers: reviewers
        .filter((r) => r.review_id === row.id)
        .map((r) => ({ area: r.area, personId: r.person_id })),
      stewardIds,
      executives,
      escalations: escalations
        .filter((e) => e.review_id === row.id)
        .map((e) => ({
          id: e.id,
          level: e.level,
          openedBy: e.opened_by,
          facilitatorId: e.facilitator_id,
          papersShared: e.papers_shared_at !== null,
          paperAuthorIds: (e.paper_authors ?? []).map(Number),
          commenterIds: (e.commenters ?? []).map(Number),
        })),
    });
  return out;
}
