import { createDb, type Db, type ErrorLogger, startEmbeddedPostgres } from '@signoff/db';
import type pg from 'pg';
import type { Config } from './config.ts';

export interface DatabaseHandle {
  db: Db;
  /** The connection string in use (the embedded cluster's when embedded). */
  url: string;
  pool: pg.Pool;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in SIGNOFF_DATA_DIR, started here or,
 * if another process of ours already runs it, attached to (never a second cluster on one folder).
 */
export async function openDatabase(
  config: Config,
  log: ErrorLogger & { info(o: unknown, m?: string): void },
): Promise<DatabaseHandle> {
  let url = config.DATABASE_URL;
  let stopEmbedded: () => Promise<void> = async () => undefined;
  let embedded = false;
  if (!url) {
    const handle = await startEmbeddedPostgres({
      dataDir: config.SIGNOFF_DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
    });
    url = handle.connectionString;
    embedded = true;
    stopEmbedded = handle.stop;
    log.info(
      { dataDir: config.SIGNOFF_DATA_DIR, started: handle.owned },
      handle.owned ? 'embedded PostgreSQL started' : 'attached to running embedded PostgreSQL',
    );
  }
  const { db, pool } = createDb(url, log);
  return {
    db,
    url,
    pool,
    embedded,
    close: async () => {
      await db.destroy();
      await stopEmbedded();
    },
  };
}
