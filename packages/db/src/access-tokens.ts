import type { Db } from './database.ts';

/** Sessions and automation tokens: only the sha256 of a token is ever stored (looked up in principals.ts). */
export async function insertSession(trx: Db, personId: number, tokenHash: Buffer, expiresAt: Date) {
  return trx
    .insertInto('sessions')
    .values({ person_id: personId, token_hash: tokenHash, expires_at: expiresAt })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

export async function revokeSession(trx: Db, id: number, at: Date) {
  await trx
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function insertApiToken(
  trx: Db,
  personId: number,
  name: string,
  tokenHash: Buffer,
  scopes: string[],
) {
  return trx
    .insertInto('api_tokens')
    .values({ person_id: personId, name, token_hash: tokenHash, scopes })
    .returning(['id', 'name', 'scopes', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function revokeApiToken(trx: Db, id: number, at: Date) {
  return trx
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id'])
    .executeTakeFirst();
}

/** Ends every live session of a person (but `except`, the one changing its own password). */
export async function revokeSessionsOf(trx: Db, personId: number, at: Date, except: number | null = null) {
  const r = await trx
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .$if(except !== null, (q) => q.where('id', '!=', except as number))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Revokes every live automation token of a person. */
export async function revokeApiTokensOf(trx: Db, personId: number, at: Date) {
  const r = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
