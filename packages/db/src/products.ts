import type { Db } from './database.ts';

export const insertProduct = (trx: Db, name: string, ownerId: number) =>
  trx.insertInto('products').values({ name, owner_id: ownerId }).returningAll().executeTakeFirstOrThrow();

export const findProductByName = (db: Db, name: string) =>
  db.selectFrom('products').selectAll().where('name', '=', name).executeTakeFirst();

export const listProducts = (db: Db) => db.selectFrom('products').selectAll().orderBy('name').execute();
