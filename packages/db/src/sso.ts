import { sql } from 'kysely';
import type { Db, SsoLoginsTable } from './database.ts';

// Single sign-on's state in PostgreSQL, so any server process can finish a sign-in another one began.

export interface PendingSsoLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  client: SsoLoginsTable['client'];
  clientChallenge: string;
}

/** Records a sign-in sent to the provider (and forgets the ones that expired). */
export async function insertSsoLogin(db: Db, login: PendingSsoLogin, ttlMs: number): Promise<void> {
  await db.deleteFrom('sso_logins').where('expires_at', '<', sql<Date>`now()`).execute();
  await db
    .insertInto('sso_logins')
    .values({
      state: login.state,
      nonce: login.nonce,
      code_verifier: login.codeVerifier,
      client: login.client,
      client_challenge: login.clientChallenge,
      expires_at: sql<Date>`now() + ${ttlMs} * interval '1 millisecond'`,
    })
    .execute();
}

/** Takes the pending sign-in with this state, once: null when unknown, already used or expired. */
export async function takeSsoLogin(db: Db, state: string): Promise<PendingSsoLogin | null> {
  const row = await db.deleteFrom('sso_logins').where('state', '=', state).returningAll().executeTakeFirst();
  if (!row || row.expires_at.getTime() <= Date.now()) return null;
  return {
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    client: row.client,
    clientChallenge: row.client_challenge,
  };
}

export const findSsoIdentity = (db: Db, issuer: string, subject: string) =>
  db
    .selectFrom('sso_identities')
    .selectAll()
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();

export async function linkSsoIdentity(trx: Db, issuer: string, subject: string, personId: number) {
  await trx
    .insertInto('sso_identities')
    .values({ issuer, subject, person_id: personId })
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doUpdateSet({ last_seen: sql<Date>`now()` }))
    .execute();
}

export async function setSsoGrants(trx: Db, personId: number, grants: readonly string[]) {
  await trx
    .updateTable('people')
    .set({ sso_grants: [...grants] })
    .where('id', '=', personId)
    .execute();
}

export async function insertSsoHandoff(
  trx: Db,
  h: { codeHash: Buffer; personId: number; clientChallenge: string; issuer: string; ttlMs: number },
) {
  await trx.deleteFrom('sso_handoffs').where('expires_at', '<', sql<Date>`now()`).execute();
  await trx
    .insertInto('sso_handoffs')
    .values({
      code_hash: h.codeHash,
      person_id: h.personId,
      client_challenge: h.clientChallenge,
      issuer: h.issuer,
      expires_at: sql<Date>`now() + ${h.ttlMs} * interval '1 millisecond'`,
    })
    .execute();
}

/** Takes a handoff code, once: null when unknown, already used or expired. */
export async function takeSsoHandoff(trx: Db, codeHash: Buffer, now: Date) {
  const row = await trx
    .deleteFrom('sso_handoffs')
    .where('code_hash', '=', codeHash)
    .returningAll()
    .executeTakeFirst();
  return row && row.expires_at.getTime() > now.getTime() ? row : null;
}
