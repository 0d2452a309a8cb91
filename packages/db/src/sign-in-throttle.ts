import { sql } from 'kysely';
import type { Db } from './database.ts';

/** The throttle row of an email from one client address ('' when the caller has none), without a lock. */
export const findThrottle = (db: Db, email: string, address: string) =>
  db
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where('email', '=', email)
    .where('address', '=', address)
    .executeTakeFirst();

/** Locks and returns the throttle row of an email from one address (creating none). */
export const lockThrottle = async (trx: Db, email: string, address: string) => {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(lower(${email}) || ' ' || ${address}, 1))`.execute(
    trx,
  );
  return findThrottle(trx, email, address);
};

export async function saveThrottle(
  trx: Db,
  email: string,
  address: string,
  failures: number,
  lastFailure: Date,
  lockedUntil: Date | null,
) {
  await trx
    .insertInto('sign_in_throttle')
    .values({ email, address, failures, last_failure: lastFailure, locked_until: lockedUntil })
    .onConflict((oc) =>
      oc
        .columns(['email', 'address'])
        .doUpdateSet({ failures, last_failure: lastFailure, locked_until: lockedUntil }),
    )
    .execute();
}

export async function clearThrottle(trx: Db, email: string, address: string) {
  await trx
    .deleteFrom('sign_in_throttle')
    .where('email', '=', email)
    .where('address', '=', address)
    .execute();
}

/** Deletes up to `limit` rows that no longer count: last failure before `before` and not locked at `now`. */
export async function purgeThrottle(trx: Db, before: Date, now: Date, limit = 500): Promise<number> {
  const r = await sql`
    DELETE FROM sign_in_throttle WHERE ctid IN (
      SELECT ctid FROM sign_in_throttle
      WHERE last_failure < ${before} AND (locked_until IS NULL OR locked_until < ${now})
      LIMIT ${limit})`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
