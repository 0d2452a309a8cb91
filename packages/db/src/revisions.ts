import type { Db } from './database.ts';

export async function insertRevision(
  trx: Db,
  r: { reviewId: number; number: number; authorId: number; content: unknown; contentHash: string; at: Date },
) {
  return trx
    .insertInto('revisions')
    .values({
      review_id: r.reviewId,
      number: r.number,
      author_id: r.authorId,
      content: JSON.stringify(r.content),
      content_hash: r.contentHash,
      created_at: r.at,
    })
    .returning(['number', 'created_at', 'content_hash'])
    .executeTakeFirstOrThrow();
}

export const getRevision = (db: Db, reviewId: number, number: number) =>
  db
    .selectFrom('revisions')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('number', '=', number)
    .executeTakeFirst();

/** Metadata of every revision (not their content), oldest first. */
export const listRevisions = (db: Db, reviewId: number) =>
  db
    .selectFrom('revisions')
    .innerJoin('people', 'people.id', 'revisions.author_id')
    .select([
      'revisions.number',
      'revisions.created_at',
      'revisions.content_hash',
      'revisions.author_id',
      'people.display_name as author_name',
    ])
    .where('review_id', '=', reviewId)
    .orderBy('number')
    .execute();
