import {
  type DraftRequestForm,
  type OpenStep,
  openSteps,
  type ReviewFacts,
  type ReviewPeople,
} from '@signoff/core';
import {
  type Db,
  externalRefs,
  listAnnouncements,
  listComments,
  listDiscussions,
  listEscalations,
  listGleanImports,
  listMitigationMessages,
  listMitigations,
  listRenewals,
  listReviewers,
  listSignOffs,
  listStewardReviews,
  loadReviewFacts,
  loadReviewPeople,
  type ReviewRow,
  readStream,
  reviewChannels,
  surveyItemsOfReview,
} from '@signoff/db';
import { type CollectionPeriod, collectionPeriodFrom } from './collection-period.ts';

type Rows<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

const revisionsOf = (db: Db, reviewId: number) =>
  db.selectFrom('revisions').selectAll().where('review_id', '=', reviewId).orderBy('number').execute();
const papersOf = (db: Db, escalationIds: number[]) =>
  db
    .selectFrom('position_papers')
    .selectAll()
    .where('escalation_id', 'in', escalationIds)
    .orderBy('id')
    .execute();
const escalationCommentsOf = (db: Db, escalationIds: number[]) =>
  db
    .selectFrom('escalation_comments')
    .selectAll()
    .where('escalation_id', 'in', escalationIds)
    .orderBy('id')
    .execute();
const meetingsOf = (db: Db, escalationIds: number[]) =>
  db
    .selectFrom('escalation_meetings')
    .selectAll()
    .where('escalation_id', 'in', escalationIds)
    .orderBy('id')
    .execute();

/**
 * Everything stored about one review, as it is: what `review.get`, the export and the transparency page
 * project from (issue 13: one loader, each surface choosing what its reader may see). Nothing here is
 * filtered for a reader: position-paper drafts, comments and the private reason are all in; each projection
 * leaves out what its reader may not see.
 */
export interface WholeReview {
  row: ReviewRow;
  product: string;
  channels: Rows<typeof reviewChannels>;
  externalRefs: Rows<typeof externalRefs>;
  /** Every documentation revision with its content, oldest first. */
  revisions: Rows<typeof revisionsOf>;
  /** The documentation as it stands (the current revision's content; {} before the first). */
  form: DraftRequestForm;
  stewardReviews: Rows<typeof listStewardReviews>;
  signOffs: Rows<typeof listSignOffs>;
  reviewers: Rows<typeof listReviewers>;
  comments: Rows<typeof listComments>;
  mitigations: Rows<typeof listMitigations>;
  mitigationMessages: Rows<typeof listMitigationMessages>;
  discussions: Rows<typeof listDiscussions>;
  announcements: Rows<typeof listAnnouncements>;
  escalations: Rows<typeof listEscalations>;
  /** Every position paper of every escalation, drafts included. */
  positionPapers: Rows<typeof papersOf>;
  escalationComments: Rows<typeof escalationCommentsOf>;
  escalationMeetings: Rows<typeof meetingsOf>;
  renewals: Rows<typeof listRenewals>;
  gleanImports: Rows<typeof listGleanImports>;
  surveyItems: Rows<typeof surveyItemsOfReview>;
  /** The gate's facts (undefined only if the review vanished meanwhile). */
  facts: ReviewFacts | undefined;
  /** Who the rules name on the review, and the steps open now, each with its owners. */
  people: ReviewPeople;
  openSteps: OpenStep[];
  /** The review's audit stream, oldest first. */
  timeline: Rows<typeof readStream>;
  collectionPeriod: CollectionPeriod;
  /** Display names of everyone the review names (its people, authors, deciders, step owners, actors). */
  names: Map<number, string>;
}

/** Loads one review whole: its rows in parallel, then the names of everyone they name (one more query). */
export async function loadWholeReview(db: Db, row: ReviewRow, now: Date): Promise<WholeReview> {
  const [
    product,
    channels,
    refs,
    revisions,
    stewardReviews,
    signOffs,
    reviewers,
    comments,
    mitigations,
    mitigationMessages,
    discussions,
    announcements,
    escalations,
    renewals,
    gleanImports,
    surveyItems,
    facts,
    timeline,
    people,
  ] = await Promise.all([
    db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirstOrThrow(),
    reviewChannels(db, row.id),
    externalRefs(db, row.id),
    revisionsOf(db, row.id),
    listStewardReviews(db, row.id),
    listSignOffs(db, row.id),
    listReviewers(db, row.id),
    listComments(db, row.id),
    listMitigations(db, row.id),
    listMitigationMessages(db, row.id),
    listDiscussions(db, row.id),
    listAnnouncements(db, row.id),
    listEscalations(db, row.id),
    listRenewals(db, row.id),
    listGleanImports(db, row.id),
    surveyItemsOfReview(db, row.id),
    loadReviewFacts(db, [row.id]),
    readStream(db, `review:${row.id}`),
    loadReviewPeople(db, row),
  ]);
  const escalationIds = escalations.map((e) => e.id);
  const [positionPapers, escalationComments, escalationMeetings] = escalationIds.length
    ? await Promise.all([
        papersOf(db, escalationIds),
        escalationCommentsOf(db, escalationIds),
        meetingsOf(db, escalationIds),
      ])
    : [[], [], []];
  const form = (revisions.find((v) => v.number === row.current_revision)?.content ?? {}) as DraftRequestForm;
  const f = facts.get(row.id);
  const steps = f ? openSteps(f, people, now) : [];

  const ids = new Set<number>([row.proposer_id, row.requester_id]);
  const add = (id: number | null) => {
    if (id !== null) ids.add(id);
  };
  add(row.engineering_owner_id);
  add(row.requested_steward_id);
  for (const v of revisions) add(v.author_id);
  for (const s of stewardReviews) add(s.steward_id);
  for (const s of signOffs) add(s.facilitator_id);
  for (const e of escalations) {
    add(e.opened_by);
    add(e.facilitator_id);
    add(e.decided_by);
  }
  for (const p of positionPapers) add(p.author_id);
  for (const c of escalationComments) add(c.author_id);
  for (const n of renewals) {
    add(n.requested_by);
    add(n.steward_id);
  }
  for (const e of timeline) add(e.actor_id);
  for (const s of steps) for (const id of s.owner.personIds) add(id);
  const named = await db
    .selectFrom('people')
    .select(['id', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();

  return {
    row,
    product: product.name,
    channels,
    externalRefs: refs,
    revisions,
    form,
    stewardReviews,
    signOffs,
    reviewers,
    comments,
    mitigations,
    mitigationMessages,
    discussions,
    announcements,
    escalations,
    positionPapers,
    escalationComments,
    escalationMeetings,
    renewals,
    gleanImports,
    surveyItems,
    facts: f,
    people,
    openSteps: steps,
    timeline,
    collectionPeriod: collectionPeriodFrom(form, renewals, stewardReviews, now),
    names: new Map(named.map((p) => [p.id, p.display_name])),
  };
}
