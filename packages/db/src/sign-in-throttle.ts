import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Locks and returns the throttle row of an email (creating none). */
export const lockThrottle = async (trx: Db, email: string) => {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(lower(${email}), 1))`.execute(trx);
  return trx.selectFrom('sign_in_throttle').selectAll().where('email', '=', email).executeTakeFirst();
};

export async function saveThrottle(
  trx: Db,
  email: string,
  failures: number,
  lastFailure: Date,
  lockedUntil: Date | null,
) {
  await trx
    .insertInto('sign_in_throttle')
    .values({ email, failures, last_failure: lastFailure, locked_until: lockedUntil })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({ failures, last_failure: lastFailure, locked_until: lockedUntil }),
    )
    .execute();
}

export async function clearThrottle(trx: Db, email: string) {
  await trx.deleteFrom('sign_in_throttle').where('email', '=', email).execute();
}
