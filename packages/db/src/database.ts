import type {
  AnnouncementMethod,
  Area,
  AssessorRole,
  Category,
  Channel,
  ClassificationLevel,
  DefaultState,
  DiscussionState,
  EscalationDecision,
  EscalationLevel,
  EscalationState,
  ExecutiveRole,
  ExternalRefKind,
  ImportedMetric,
  LegalTrustQuestionState,
  MailAttemptOutcome,
  MailKind,
  MailState,
  MeetingState,
  MetricsDiff,
  MitigationKind,
  MitigationState,
  MitigationThreadMove,
  NotificationKind,
  RenewalReviewAnswers,
  RenewalState,
  ReviewStatus,
  Risk,
  SignOffDecision,
  SsoClient,
  StewardDefaultState,
  StewardOutcome,
  StoredSurveyItemState,
  Visibility,
} from '@signoff/core';
import { type ColumnType, type Generated, Kysely, PostgresDialect, type Selectable } from 'kysely';
import pg from 'pg';
import { preparingPool } from './prepared.ts';

// bigint identity columns come back as strings unless told otherwise; ids stay well below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;
/** Set by the database unless the caller gives the time (imports, renewals, surveys). */
type InsertableCreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface PeopleTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string | null;
  active: Generated<boolean>;
  is_admin: Generated<boolean>;
  is_steward: Generated<boolean>;
  executive_role: ExecutiveRole | null;
  /** True while some optional kind of mail is on (kept with `muted_notifications`, migrations/0027). */
  notifications: Generated<boolean>;
  /** The kinds of optional mail this person turned off (core NOTIFICATION_KINDS). */
  muted_notifications: Generated<NotificationKind[]>;
  /** Roles and areas the identity provider's claims granted (`admin`, `steward`, `area:data`, ...). */
  sso_grants: Generated<string[]>;
  /** Set by an admin's reset (and for the generated first admin): until changed, only changing it is allowed. */
  must_change_password: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SsoIdentitiesTable {
  issuer: string;
  subject: string;
  person_id: number;
  created_at: CreatedAt;
  last_seen: Timestamp;
}

export interface SsoLoginsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  client: SsoClient;
  client_challenge: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface SsoHandoffsTable {
  code_hash: Buffer;
  person_id: number;
  client_challenge: string;
  issuer: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface SignInThrottleTable {
  email: string;
  /** The client address the failures came from ('' when the caller had none: the command line). */
  address: ColumnType<string, string | undefined, string>;
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
  area: Area;
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
  status: Generated<ReviewStatus>;
  proposer_id: number;
  requester_id: number;
  engineering_owner_id: number | null;
  runs_in_experiments: Generated<boolean>;
  visibility: Generated<Visibility>;
  private_reason: string | null;
  category: Category | null;
  steward_outcome: StewardOutcome | null;
  current_revision: Generated<number>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Date | null;
  shipped_at: Date | null;
  sensitive_review_at: Date | null;
  /** Kept by the database (migrations/0010): areas approving the current revision. */
  approved_areas: Generated<Area[]>;
  /** The data steward the proposer requested at submission (any steward may still take it). */
  requested_steward_id: Generated<number | null>;
}

export interface SignOffRemindersTable {
  review_id: number;
  area: Area;
  period_start: Date;
}

/** An open step (`action:mitigationId:escalationId`) reminded to its owners, once per waiting period. */
export interface StepRemindersTable {
  review_id: number;
  step: string;
  period_start: Date;
  sent_at: Generated<Date>;
}

/** A submitted request no steward acted on for two working days was reminded (once per submission). */
export interface StewardRequestRemindersTable {
  review_id: number;
  submitted_at: Date;
  sent_at: Generated<Date>;
}

export interface ReviewChannelsTable {
  review_id: number;
  channel: Channel;
  default_state: DefaultState;
}

export interface ExternalRefsTable {
  review_id: number;
  kind: ExternalRefKind;
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
  /** review.md Q2's exception; null for reviews recorded before it was kept (0029). */
  needed_for_security: boolean | null;
  /** review.md Q5; null for reviews recorded before it was kept (0029). */
  default_state: StewardDefaultState | null;
  category: Category;
  category_reason: string | null;
  outcome: StewardOutcome;
  problems: unknown;
  comment: string | null;
  created_at: Timestamp;
}

export interface SignOffsTable {
  id: Generated<number>;
  review_id: number;
  area: Area;
  revision: number;
  facilitator_id: number;
  risk: Risk;
  decision: SignOffDecision;
  rationale: string;
  precedent_review_id: number | null;
  trust_approval: boolean;
  reconfirms_id: number | null;
  created_at: Timestamp;
}

export interface AreaReviewersTable {
  review_id: number;
  area: Area;
  person_id: number;
  added_by: number;
  created_at: Timestamp;
}

export interface CommentsTable {
  id: Generated<number>;
  review_id: number;
  area: Area | null;
  author_id: number;
  body: string;
  created_at: Timestamp;
  /** The comment this one answers (same review and area), or null for a new thread. */
  reply_to: Generated<number | null>;
}

export interface MitigationsTable {
  id: Generated<number>;
  review_id: number;
  area: Area;
  kind: MitigationKind;
  description: string;
  state: MitigationState;
  created_by: number;
  implemented_revision: number | null;
  decision_note: string | null;
  decided_by: number | null;
  escalation_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MitigationMessagesTable {
  id: Generated<number>;
  mitigation_id: number;
  author_id: number;
  move: MitigationThreadMove;
  body: string;
  created_at: Timestamp;
}

export interface DiscussionsTable {
  id: Generated<number>;
  review_id: number;
  area: Area | null;
  state: DiscussionState;
  scheduled_for: Date;
  attendees: unknown;
  agenda: string;
  notes: string | null;
  outcome: string | null;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Who recorded it as held, and the areas it counts for (migrations/0019). */
  held_by: number | null;
  held_for_areas: Area[] | null;
}

export interface LegalTrustQuestionsTable {
  id: Generated<number>;
  review_id: number;
  steward_review_id: number;
  reasons: ColumnType<string[], string, string>;
  state: LegalTrustQuestionState;
  answer: string | null;
  answered_by: number | null;
  answered_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AnnouncementsTable {
  id: Generated<number>;
  review_id: number;
  method: AnnouncementMethod;
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
  areas: Area[];
  question: string;
  level: Generated<EscalationLevel>;
  state: Generated<EscalationState>;
  papers_shared_at: Date | null;
  decision: EscalationDecision | null;
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
  /** The comment of the same escalation this one answers (threads); null opens a thread. */
  reply_to: Generated<number | null>;
}

export interface EscalationMeetingsTable {
  id: Generated<number>;
  escalation_id: number;
  state: MeetingState;
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

export interface GleanImportsTable {
  id: Generated<number>;
  review_id: number;
  bug: string;
  revision: number;
  files: ColumnType<{ name: string; sha256: string }[], string, string>;
  metrics: ColumnType<ImportedMetric[], string, string>;
  imported_by: number;
  created_at: InsertableCreatedAt;
}

/** A renewal request (the shorter renewal form) and the data steward's renewal review. */
export interface RenewalsTable {
  id: Generated<number>;
  review_id: number;
  requested_by: number;
  previous_expires: string | null;
  new_expires: string;
  monitored_by: string | null;
  reason: string;
  bug: string | null;
  state: Generated<RenewalState>;
  steward_id: number | null;
  outcome: StewardOutcome | null;
  steward_review: string | null;
  /** The renewal review's two questions (renewal_review.md); null for renewals decided before they were asked. */
  review_answers: ColumnType<RenewalReviewAnswers | null, string | null | undefined, string | null>;
  /** The steward's question to Trust and Legal while reviewing the renewal (migrations/0033), and its answer. */
  legal_trust_question: Generated<string | null>;
  legal_trust_asked_by: Generated<number | null>;
  legal_trust_asked_at: Generated<Date | null>;
  legal_trust_answer: Generated<string | null>;
  legal_trust_answered_by: Generated<number | null>;
  legal_trust_answered_at: Generated<Date | null>;
  decided_at: Date | null;
  created_at: InsertableCreatedAt;
}

/** The annual survey of one year. */
export interface SurveysTable {
  id: Generated<number>;
  year: number;
  opened_by: number;
  due_at: Date;
  created_at: InsertableCreatedAt;
}

/** One shipped collection in a survey, for its accountable owner. */
export interface SurveyItemsTable {
  id: Generated<number>;
  survey_id: number;
  review_id: number;
  owner_id: number;
  state: Generated<StoredSurveyItemState>;
  still_necessary: boolean | null;
  reason: string | null;
  responsible_id: number | null;
  answered_by: number | null;
  answered_at: Date | null;
  reminders_sent: Generated<number>;
  last_reminded_at: Date | null;
  created_at: InsertableCreatedAt;
}

/** core's unions (the announcement state is derived from the mail's). */
export type { MailAttemptOutcome, MailKind, MailState };

export interface OutboxTable {
  id: Generated<number>;
  kind: MailKind;
  review_id: number | null;
  to_addresses: string[];
  subject: string;
  body_text: string;
  message_id: string;
  state: Generated<MailState>;
  attempts: Generated<number>;
  /** When the mail is next due; while `sending`, when the worker's lease runs out. */
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

export interface OutboxAttemptsTable {
  id: Generated<number>;
  mail_id: number;
  attempt: number;
  worker: string;
  started_at: Generated<Date>;
  finished_at: Date | null;
  outcome: MailAttemptOutcome | null;
  error: string | null;
  response: string | null;
}

/** A revision in code review (migrations/0014): its latest intake and its classification round. */
export interface CodeRevisionsTable {
  id: Generated<number>;
  system: string;
  repository: string;
  revision: string;
  title: string;
  link: string | null;
  author_email: string;
  metrics: ColumnType<MetricsDiff, string, string>;
  files: ColumnType<CodeRevisionFile[], string, string>;
  manual_tag: boolean;
  intake_hash: string;
  intakes: Generated<number>;
  round: Generated<number>;
  round_fingerprints: Generated<string[]>;
  classified_fingerprints: Generated<string[]>;
  review_id: number | null;
  created_at: InsertableCreatedAt;
  updated_at: Timestamp;
}

export interface CodeRevisionFile {
  path: string;
  before: string | null;
  after: string | null;
}

export interface CodeRevisionReviewersTable {
  code_revision_id: number;
  email: string;
  blocking: Generated<boolean>;
  data_steward: Generated<boolean>;
}

export interface ClassificationAssessmentsTable {
  id: Generated<number>;
  code_revision_id: number;
  round: number;
  person_id: number;
  email: string;
  role: AssessorRole;
  level: ClassificationLevel;
  comment: string;
  created_at: InsertableCreatedAt;
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
  mitigation_messages: MitigationMessagesTable;
  discussions: DiscussionsTable;
  legal_trust_questions: LegalTrustQuestionsTable;
  announcements: AnnouncementsTable;
  idempotency_keys: IdempotencyKeysTable;
  escalations: EscalationsTable;
  sign_off_reminders: SignOffRemindersTable;
  step_reminders: StepRemindersTable;
  steward_request_reminders: StewardRequestRemindersTable;
  position_papers: PositionPapersTable;
  escalation_comments: EscalationCommentsTable;
  escalation_meetings: EscalationMeetingsTable;
  glean_imports: GleanImportsTable;
  renewals: RenewalsTable;
  surveys: SurveysTable;
  survey_items: SurveyItemsTable;
  code_revisions: CodeRevisionsTable;
  code_revision_reviewers: CodeRevisionReviewersTable;
  classification_assessments: ClassificationAssessmentsTable;
  sso_identities: SsoIdentitiesTable;
  sso_logins: SsoLoginsTable;
  sso_handoffs: SsoHandoffsTable;
}

export type ReviewRow = Selectable<ReviewsTable>;

export type Person = Selectable<PeopleTable>;
export type Db = Kysely<Database>;

export interface ErrorLogger {
  error(obj: unknown, msg?: string): void;
}

/**
 * TCP keepalive on every connection to PostgreSQL (the pool's and the change feed's): an idle connection
 * whose peer vanished is noticed (after the kernel's probes), not kept forever. It cannot notice a path
 * that silently drops data while a middlebox still answers; the change feed's heartbeat covers that.
 */
export const KEEPALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

/** One pool per process. Pool errors (e.g. the server restarting) are logged, never thrown. */
export function createDb(connectionString: string, log: ErrorLogger, max = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000, ...KEEPALIVE });
  const onError = (err: Error & { code?: string }) =>
    log.error({ code: err.code, message: err.message }, 'database connection lost');
  // Idle clients report through the pool; a client checked out (e.g. mid-transaction) reports on itself,
  // and an 'error' event nobody listens to would end the process.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { db, pool };
}
