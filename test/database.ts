import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '@signoff/db';
import pg from 'pg';
import { inject } from 'vitest';
import { withDatabase } from './global-setup.ts';

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  pool: pg.Pool;
  drop(): Promise<void>;
}

const silent = { error: () => undefined };

async function adminQuery(sql: string) {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh database for one test file: cloned from the migrated template, or empty (`migrated: false`). */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const from = opts.migrated === false ? 'template0' : inject('pgTemplate');
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${from}`);
  const url = withDatabase(inject('pgAdminUrl'), name);
  const { db, pool } = createDb(url, silent);
  return {
    url,
    name,
    db,
    pool,
    drop: async () => {
      await db.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
