import { type ColumnType, type Generated, Kysely, PostgresDialect, type Selectable } from 'kysely';
import pg from 'pg';
import type { GleanImportsTable } from './glean-imports.ts';
import type { OutboxAttemptsTable, OutboxTable } from './outbox.ts';
import type { RenewalsTable } from './renewals.ts';
import type { SurveyItemsTable, SurveysTable } from './surveys.ts';

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
  notifications: Generated<boolean>;
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

export interface ReviewsTable {
  id: Generated<number>;
  key: ColumnType<string, never, never>;
  product_id: number;
  title: string;
  status: Generated<string>;
  proposer_id: number;
  requester_id: number;
  engineering_owner_id: number | null;
  runs_in_experiments: Generated<boolean>;
  visibility: Generated<string>;
  private_reason: string | null;
  category: number | null;
  steward_outcome: string | null;
  current_revision: Generated<number>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  shipped_at: Date | null;
  sensitive_review_at: Date | null;
}

export interface SignOffRemindersTable {
  review_id: number;
  area: string;
  period_start: Date;
  mail_id: number | null;
}

export interface ReviewChannelsTable {
  review_id: number;
  channel: string;
  default_state: string;
}

export interface ExternalRefsTable {
  review_id: number;
  kind: string;
  value: string;
}

export interface RevisionsTable {
  review_id: number;
  number: number;
  author_id: number;
  created_at: Timestamp;
  content: unknown;
  content_hash: string;
}

export interface StewardReviewsTable {
  id: Generated<number>;
  review_id: number;
  revision: number;
  steward_id: number;
  answers: unknown;
  category: number;
  category_reason: string | null;
  outcome: string;
  problems: unknown;
  comment: string | null;
  created_at: Timestamp;
}

export interface SignOffsTable {
  id: Generated<number>;
  review_id: number;
  area: string;
  revision: number;
  facilitator_id: number;
  risk: string;
  decision: string;
  rationale: string;
  precedent_review_id: number | null;
  trust_approval: boolean;
  reconfirms_id: number | null;
  created_at: Timestamp;
}

export interface AreaReviewersTable {
  review_id: number;
  area: string;
  person_id: number;
  added_by: number;
  created_at: Timestamp;
}

export interface CommentsTable {
  id: Generated<number>;
  review_id: number;
  area: string | null;
  author_id: number;
  body: string;
  created_at: Timestamp;
}

export interface MitigationsTable {
  id: Generated<number>;
  review_id: number;
  area: string;
  kind: string;
  description: string;
  state: string;
  created_by: number;
  implemented_revision: number | null;
  decision_note: string | null;
  decided_by: number | null;
  escalation_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DiscussionsTable {
  id: Generated<number>;
  review_id: number;
  area: string | null;
  state: string;
  scheduled_for: Date;
  attendees: unknown;
  agenda: string;
  notes: string | null;
  outcome: string | null;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AnnouncementsTable {
  id: Generated<number>;
  review_id: number;
  method: string;
  mail_id: number | null;
  archive_link: string | null;
  recorded_by: number;
  created_at: Timestamp;
}

export interface EscalationsTable {
  id: Generated<number>;
  review_id: number;
  opened_by: number;
  facilitator_id: number;
  areas: string[];
  question: string;
  level: Generated<string>;
  state: Generated<string>;
  papers_shared_at: Date | null;
  decision: string | null;
  rationale: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  created_at: Timestamp;
}

export interface PositionPapersTable {
  id: Generated<number>;
  escalation_id: number;
  author_id: number;
  version: number;
  body: string;
  created_at: Timestamp;
}

export interface EscalationCommentsTable {
  id: Generated<number>;
  escalation_id: number;
  author_id: number;
  body: string;
  created_at: Timestamp;
}

export interface EscalationMeetingsTable {
  id: Generated<number>;
  escalation_id: number;
  state: string;
  scheduled_for: Date;
  agenda: string;
  notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  actor_label: string;
  key: string;
  procedure: string;
  result: unknown;
  created_at: Timestamp;
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
  outbox: OutboxTable;
  outbox_attempts: OutboxAttemptsTable;
  reviews: ReviewsTable;
  review_channels: ReviewChannelsTable;
  external_refs: ExternalRefsTable;
  revisions: RevisionsTable;
  steward_reviews: StewardReviewsTable;
  sign_offs: SignOffsTable;
  area_reviewers: AreaReviewersTable;
  comments: CommentsTable;
  mitigations: MitigationsTable;
  discussions: DiscussionsTable;
  announcements: AnnouncementsTable;
  idempotency_keys: IdempotencyKeysTable;
  escalations: EscalationsTable;
  sign_off_reminders: SignOffRemindersTable;
  position_papers: PositionPapersTable;
  escalation_comments: EscalationCommentsTable;
  escalation_meetings: EscalationMeetingsTable;
  glean_imports: GleanImportsTable;
  renewals: RenewalsTable;
  surveys: SurveysTable;
  survey_items: SurveyItemsTable;
}

export type ReviewRow = Selectable<ReviewsTable>;

export type Person = Selectable<PeopleTable>;
export type Db = Kysely<Database>;

export interface ErrorLogger {
  error(obj: unknown, msg?: string): void;
}

/** One pool per process. Pool errors (e.g. the server restarting) are logged, never thrown. */
export function createDb(connectionString: string, log: ErrorLogger, max = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  const onError = (err: Error & { code?: string }) =>
    log.error({ code: err.code, message: err.message }, 'database connection lost');
  // Idle clients report through the pool; a client checked out (e.g. mid-transaction) reports on itself,
  // and an 'error' event nobody listens to would end the process.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
