import { migrate } from '@signoff/db';
import { ConfigError, loadConfig } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../database.ts';
import { createLogger } from '../logger.ts';

/** Runs a command-line task against the configured database (attaching to a running embedded one). */
export async function withDatabase(task: (database: DatabaseHandle) => Promise<void>): Promise<never> {
  let code = 0;
  try {
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    const database = await openDatabase(config, log);
    try {
      await migrate(database.pool);
      await task(database);
    } finally {
      await database.close();
    }
  } catch (err) {
    code = err instanceof UsageError || err instanceof ConfigError ? 2 : 1;
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(code || Number(process.exitCode ?? 0));
}

export class UsageError extends Error {}
