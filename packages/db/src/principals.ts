import type { Area, ExecutiveRole } from '@signoff/core';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** A live session and its person, with the areas they facilitate, in one query. */
export async function findSessionPerson(db: Db, tokenHash: Buffer, now: Date) {
  const { rows } = await sql<{
    session_id: number;
    id: number;
    email: string;
    display_name: string;
    is_admin: boolean;
    is_steward: boolean;
    executive_role: ExecutiveRole | null;
    areas: Area[];
    expires_at: Date;
    must_change_password: boolean;
  }>`
    SELECT s.id AS session_id, s.expires_at, p.id, p.email, p.display_name, p.is_admin, p.is_steward, p.executive_role,
           p.must_change_password,
           ARRAY(SELECT f.area FROM area_facilitators f WHERE f.person_id = p.id ORDER BY f.area) AS areas
    FROM sessions s JOIN people p ON p.id = s.person_id
    WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > ${now} AND p.active`.execute(
    db,
  );
  return rows[0];
}

/** A live automation token whose owner is active, in one query. */
export async function findLiveApiToken(db: Db, tokenHash: Buffer) {
  const { rows } = await sql<{ id: number; person_id: number; scopes: string[] }>`
    SELECT t.id, t.person_id, t.scopes FROM api_tokens t JOIN people p ON p.id = t.person_id
    WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND p.active`.execute(db);
  return rows[0];
}
