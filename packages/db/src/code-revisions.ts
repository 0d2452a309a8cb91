import type { AssessorRole, ClassificationLevel, CodeRevisionRef, MetricsDiff } from '@signoff/core';
import type { Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CodeRevisionFile, CodeRevisionsTable, Db } from './database.ts';

export type CodeRevisionRow = Selectable<CodeRevisionsTable>;

const byRef = (ref: CodeRevisionRef) =>
  ({ system: ref.system, repository: ref.repository, revision: ref.revision }) as const;

export const findCodeRevision = (db: Db, ref: CodeRevisionRef) =>
  db
    .selectFrom('code_revisions')
    .selectAll()
    .where('system', '=', byRef(ref).system)
    .where('repository', '=', ref.repository)
    .where('revision', '=', ref.revision)
    .executeTakeFirst();

/** The revision's row locked for the rest of the transaction: writes to one revision are serialised. */
export const lockCodeRevision = (trx: Db, ref: CodeRevisionRef) =>
  trx
    .selectFrom('code_revisions')
    .selectAll()
    .where('system', '=', ref.system)
    .where('repository', '=', ref.repository)
    .where('revision', '=', ref.revision)
    .forUpdate()
    .executeTakeFirst();

export interface CodeRevisionValues {
  title: string;
  link: string | null;
  authorEmail: string;
  metrics: MetricsDiff;
  files: CodeRevisionFile[];
  manualTag: boolean;
  intakeHash: string;
  round: number;
  roundFingerprints: string[];
}

/** A new revision; undefined when another transaction inserted it first (lock it and re-intake then). */
export const insertCodeRevision = (trx: Db, ref: CodeRevisionRef, v: CodeRevisionValues, at: Date) =>
  trx
    .insertInto('code_revisions')
    .values({
      ...byRef(ref),
      title: v.title,
      link: v.link,
      author_email: v.authorEmail,
      metrics: JSON.stringify(v.metrics),
      files: JSON.stringify(v.files),
      manual_tag: v.manualTag,
      intake_hash: v.intakeHash,
      round: v.round,
      round_fingerprints: v.roundFingerprints,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['system', 'repository', 'revision']).doNothing())
    .returningAll()
    .executeTakeFirst();

export const updateCodeRevisionIntake = (trx: Db, id: number, v: CodeRevisionValues, at: Date) =>
  trx
    .updateTable('code_revisions')
    .set((eb) => ({
      title: v.title,
      link: v.link,
      author_email: v.authorEmail,
      metrics: JSON.stringify(v.metrics),
      files: JSON.stringify(v.files),
      manual_tag: v.manualTag,
      intake_hash: v.intakeHash,
      intakes: eb('intakes', '+', 1),
      round: v.round,
      round_fingerprints: v.roundFingerprints,
      updated_at: at,
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

export const updateCodeRevision = (
  trx: Db,
  id: number,
  patch: { classified_fingerprints?: string[]; review_id?: number | null },
  at: Date,
) =>
  trx
    .updateTable('code_revisions')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

export interface CodeRevisionReviewer {
  email: string;
  blocking: boolean;
  dataSteward: boolean;
}

export const listCodeRevisionReviewers = async (db: Db, id: number): Promise<CodeRevisionReviewer[]> =>
  (
    await db
      .selectFrom('code_revision_reviewers')
      .select(['email', 'blocking', 'data_steward'])
      .where('code_revision_id', '=', id)
      .orderBy('email')
      .execute()
  ).map((r) => ({ email: r.email, blocking: r.blocking, dataSteward: r.data_steward }));

/** The code-review system's reviewers as the latest intake names them; the data stewards added later stay. */
export async function replaceIntakeReviewers(trx: Db, id: number, emails: readonly string[]) {
  let del = trx
    .deleteFrom('code_revision_reviewers')
    .where('code_revision_id', '=', id)
    .where('data_steward', '=', false);
  if (emails.length > 0) del = del.where('email', 'not in', emails);
  await del.execute();
  if (emails.length === 0) return;
  await trx
    .insertInto('code_revision_reviewers')
    .values(emails.map((email) => ({ code_revision_id: id, email })))
    .onConflict((oc) => oc.columns(['code_revision_id', 'email']).doNothing())
    .execute();
}

/** The data stewards become blocking reviewers (a reviewer already named becomes blocking). */
export async function addStewardReviewers(trx: Db, id: number, emails: readonly string[]) {
  if (emails.length === 0) return;
  await trx
    .insertInto('code_revision_reviewers')
    .values(emails.map((email) => ({ code_revision_id: id, email, blocking: true, data_steward: true })))
    .onConflict((oc) =>
      oc.columns(['code_revision_id', 'email']).doUpdateSet({ blocking: true, data_steward: true }),
    )
    .execute();
}

export interface AssessmentRow {
  id: number;
  round: number;
  personId: number;
  email: string;
  displayName: string;
  role: AssessorRole;
  level: ClassificationLevel;
  comment: string;
  createdAt: Date;
}

export const insertAssessment = (
  trx: Db,
  a: {
    codeRevisionId: number;
    round: number;
    personId: number;
    email: string;
    role: AssessorRole;
    level: ClassificationLevel;
    comment: string;
    at: Date;
  },
) =>
  trx
    .insertInto('classification_assessments')
    .values({
      code_revision_id: a.codeRevisionId,
      round: a.round,
      person_id: a.personId,
      email: a.email,
      role: a.role,
      level: a.level,
      comment: a.comment,
      created_at: a.at,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();

/** Every assessment of the revision, oldest first (all rounds; the caller picks the current one). */
export const listAssessments = async (db: Db, id: number): Promise<AssessmentRow[]> =>
  (
    await db
      .selectFrom('classification_assessments as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select([
        'a.id',
        'a.round',
        'a.person_id',
        'a.email',
        'p.display_name',
        'a.role',
        'a.level',
        'a.comment',
        'a.created_at',
      ])
      .where('a.code_revision_id', '=', id)
      .orderBy('a.id')
      .execute()
  ).map((r) => ({
    id: r.id,
    round: r.round,
    personId: r.person_id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    level: r.level,
    comment: r.comment,
    createdAt: r.created_at,
  }));

/** What the landing check reads of a revision, in one query: the row, its reviewers, this round's assessments. */
export interface LandingFactsRow {
  id: number;
  system: string;
  repository: string;
  revision: string;
  authorEmail: string;
  metrics: MetricsDiff;
  round: number;
  roundFingerprints: string[];
  reviewId: number | null;
  reviewers: CodeRevisionReviewer[];
  assessments: {
    email: string;
    role: AssessorRole;
    level: ClassificationLevel;
    comment: string;
    at: string;
  }[];
}

/** Every code revision taken in, by id (what the landing answers are warmed for at start). */
export async function listCodeRevisionRefs(db: Db): Promise<CodeRevisionRef[]> {
  return db.selectFrom('code_revisions').select(['system', 'repository', 'revision']).orderBy('id').execute();
}

export async function loadLandingFacts(db: Db, ref: CodeRevisionRef): Promise<LandingFactsRow | null> {
  const row = await db
    .selectFrom('code_revisions as r')
    .select((eb) => [
      'r.id',
      'r.system',
      'r.repository',
      'r.revision',
      'r.author_email',
      'r.metrics',
      'r.round',
      'r.round_fingerprints',
      'r.review_id',
      jsonArrayFrom(
        eb
          .selectFrom('code_revision_reviewers as v')
          .select(['v.email', 'v.blocking', 'v.data_steward'])
          .whereRef('v.code_revision_id', '=', 'r.id')
          .orderBy('v.email'),
      ).as('reviewers'),
      jsonArrayFrom(
        eb
          .selectFrom('classification_assessments as a')
          .select(['a.email', 'a.role', 'a.level', 'a.comment', 'a.created_at'])
          .whereRef('a.code_revision_id', '=', 'r.id')
          .whereRef('a.round', '=', 'r.round')
          .orderBy('a.id'),
      ).as('assessments'),
    ])
    .where('r.system', '=', ref.system)
    .where('r.repository', '=', ref.repository)
    .where('r.revision', '=', ref.revision)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    system: row.system,
    repository: row.repository,
    revision: row.revision,
    authorEmail: row.author_email,
    metrics: row.metrics,
    round: row.round,
    roundFingerprints: row.round_fingerprints,
    reviewId: row.review_id,
    reviewers: row.reviewers.map((v) => ({
      email: v.email,
      blocking: v.blocking,
      dataSteward: v.data_steward,
    })),
    assessments: row.assessments.map((a) => ({
      email: a.email,
      role: a.role,
      level: a.level,
      comment: a.comment,
      at: new Date(a.created_at as unknown as string).toISOString(),
    })),
  };
}

/** The most recently changed revisions that were ever tagged needs-data-classification (the stewards' queue). */
export const listTaggedCodeRevisions = (db: Db, limit: number) =>
  db
    .selectFrom('code_revisions')
    .select('system')
    .select(['repository', 'revision'])
    .where((eb) => eb(eb.fn('cardinality', ['round_fingerprints']), '>', 0))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
