import type { ImportedMetric } from '@signoff/core';
import type { Selectable } from 'kysely';
import type { Db, GleanImportsTable } from './database.ts';

export type GleanImportRow = Selectable<GleanImportsTable>;

export async function insertGleanImport(
  trx: Db,
  g: {
    reviewId: number;
    bug: string;
    revision: number;
    files: { name: string; sha256: string }[];
    metrics: ImportedMetric[];
    importedBy: number;
    at: Date;
  },
): Promise<GleanImportRow> {
  return trx
    .insertInto('glean_imports')
    .values({
      review_id: g.reviewId,
      bug: g.bug,
      revision: g.revision,
      files: JSON.stringify(g.files),
      metrics: JSON.stringify(g.metrics),
      imported_by: g.importedBy,
      created_at: g.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Every import of a review, oldest first (the latest one counts for the category rule). */
export const listGleanImports = (db: Db, reviewId: number) =>
  db.selectFrom('glean_imports').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();
