import { type ColumnType, type Generated, Kysely, PostgresDialect, type Selectable } from 'kysely';
import pg from 'pg';

// bigint identity columns come back as strings unless told otherwise; ids stay well below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;

export interface PeopleTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string | null;
  active: Generated<boolean>;
  is_admin: Generated<boolean>;
  is_steward: Generated<boolean>;
  executive_role: 'cpo' | 'ceo' | null;
  created_at: CreatedAt;
}

export interface SignInThrottleTable {
  email: string;
  failures: number;
  last_failure: Date;
  locked_until: Date | null;
}

export interface ProductsTable {
  id: Generated<number>;
  name: string;
  owner_id: number;
  created_at: CreatedAt;
}

export interface AreaFacilitatorsTable {
  area: string;
  person_id: number;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<number>;
  person_id: number;
  token_hash: Buffer;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  person_id: number;
  name: string;
  token_hash: Buffer;
  scopes: string[];
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  stream: string;
  seq: number;
  review_id: number | null;
  actor_id: number | null;
  actor_label: string;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
  at: Timestamp;
  prev_hash: string;
  hash: string;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: CreatedAt;
}

export interface Database {
  people: PeopleTable;
  products: ProductsTable;
  sign_in_throttle: SignInThrottleTable;
  area_facilitators: AreaFacilitatorsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type Person = Selectable<PeopleTable>;
export type Db = Kysely<Database>;

export interface ErrorLogger {
  error(obj: unknown, msg?: string): void;
}

/** One pool per process. Pool errors (e.g. the server restarting) are logged, never thrown. */
export function createDb(connectionString: string, log: ErrorLogger, max = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  pool.on('error', (err: Error & { code?: string }) =>
    log.error({ code: err.code, message: err.message }, 'database pool error (idle connection lost)'),
  );
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
