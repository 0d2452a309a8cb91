import type { Area } from '@signoff/core';
import type { Db, Person } from './database.ts';

export interface NewPerson {
  email: string;
  displayName: string;
  passwordHash: string | null;
  isAdmin?: boolean;
  isSteward?: boolean;
  executiveRole?: 'cpo' | 'ceo' | null;
}

export async function insertPerson(trx: Db, p: NewPerson): Promise<Person> {
  return trx
    .insertInto('people')
    .values({
      email: p.email,
      display_name: p.displayName,
      password_hash: p.passwordHash,
      is_admin: p.isAdmin ?? false,
      is_steward: p.isSteward ?? false,
      executive_role: p.executiveRole ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findPersonByEmail = (db: Db, email: string) =>
  db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst();

export const findPersonById = (db: Db, id: number) =>
  db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();

export async function updatePersonRoles(
  trx: Db,
  id: number,
  roles: { isAdmin?: boolean; isSteward?: boolean; executiveRole?: 'cpo' | 'ceo' | null; active?: boolean },
): Promise<Person> {
  return trx
    .updateTable('people')
    .set({
      ...(roles.isAdmin === undefined ? {} : { is_admin: roles.isAdmin }),
      ...(roles.isSteward === undefined ? {} : { is_steward: roles.isSteward }),
      ...(roles.executiveRole === undefined ? {} : { executive_role: roles.executiveRole }),
      ...(roles.active === undefined ? {} : { active: roles.active }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function facilitatorAreas(db: Db, personId: number): Promise<Area[]> {
  const rows = await db
    .selectFrom('area_facilitators')
    .select('area')
    .where('person_id', '=', personId)
    .execute();
  return rows.map((r) => r.area);
}

export async function addFacilitator(trx: Db, area: Area, personId: number) {
  await trx
    .insertInto('area_facilitators')
    .values({ area, person_id: personId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export const listPeople = (db: Db) => db.selectFrom('people').selectAll().orderBy('id').execute();

export const countAdmins = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('is_admin', '=', true)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A new password hash; `mustChange` when an admin set it (a one-time password). */
export async function setPasswordHash(trx: Db, id: number, passwordHash: string, mustChange: boolean) {
  await trx
    .updateTable('people')
    .set({ password_hash: passwordHash, must_change_password: mustChange })
    .where('id', '=', id)
    .execute();
}
