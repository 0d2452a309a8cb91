import type { AddressInfo } from 'node:net';
import { migrate } from '@signoff/db';
import { ensureFirstAdmin } from './bootstrap.ts';
import type { Config } from './config.ts';
import { openDatabase } from './database.ts';
import { createHttpServer } from './http-server.ts';
import type { Logger } from './logger.ts';
import { rendererHandler } from './renderer-static.ts';
import { restRoutes } from './routes.ts';

export interface RunningServer {
  url: string;
  firstAdmin: { email: string; password: string | null } | null;
  /** Stop accepting, finish in-flight requests, close the pool, stop the embedded database. */
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const database = await openDatabase(config, log);
  try {
    const { applied } = await migrate(database.pool);
    if (applied.length) log.info({ applied }, 'migrations applied');
    const firstAdmin = await ensureFirstAdmin(database.db, {
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
    });
    const server = createHttpServer({
      db: database.db,
      pool: database.pool,
      log,
      config,
      restRoutes: restRoutes(),
      staticFiles: rendererHandler(),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.HOST}:${port}`;
    return {
      url,
      firstAdmin,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
