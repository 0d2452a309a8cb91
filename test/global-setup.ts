import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, startEmbeddedPostgres } from '@signoff/db';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance connection of the test cluster (CREATE DATABASE ...). */
    pgAdminUrl: string;
    /** Name of the migrated template every test file clones. */
    pgTemplate: string;
    /** Names this run (test/renderer-build.ts builds the renderer once per run). */
    testRunId: string;
  }
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/**
 * One PostgreSQL per test run: embedded in a temporary folder, or TEST_DATABASE_URL's server.
 * Migrations run once into a template database; each test file clones a fresh database from it.
 */
export default async function setup(project: TestProject) {
  const template = `signoff_template_${process.pid}`;
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  let dir: string | null = null;
  if (!adminUrl) {
    dir = await mkdtemp(join(tmpdir(), 'signoff-test-'));
    await chmod(dir, 0o755);
    const handle = await startEmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      database: 'postgres',
      flags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
    });
    adminUrl = handle.adminConnectionString;
    stop = handle.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, template) });
  pool.on('error', () => undefined);
  await migrate(pool);
  await pool.end();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('testRunId', `${process.pid}-${Date.now()}`);
  // A build lock left by a run that was killed mid-build would make the next run wait for nothing.
  await rm(fileURLToPath(new URL('../apps/desktop/dist/renderer.build-lock', import.meta.url)), {
    recursive: true,
    force: true,
  });

  return async () => {
    await stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
