import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import type { Db, MailKind, MailState, OutboxAttemptsTable, OutboxTable } from './database.ts';

// The transactional outbox (SPEC 8): one row per mail, written in the caller's transaction; the delivery
// worker (@signoff/mail) claims due rows, sends them and reports back through the functions below.

export type Mail = Selectable<OutboxTable>;
export type MailAttempt = Selectable<OutboxAttemptsTable>;
/** A mail as the outbox list shows it: everything but the body. */
export type OutboxEntry = Omit<Mail, 'body_text'>;

/** States in which a mail still has to be delivered by a worker without anyone's help. */
export const UNDELIVERED_STATES = ['queued', 'sending', 'retrying'] as const satisfies readonly MailState[];

export interface NewMail {
  kind: MailKind;
  /** Plain addresses (`name@host`), no display names. */
  to: string[];
  subject: string;
  text: string;
  reviewId?: number | null;
  /** Right-hand side of the Message-ID, e.g. the host name of PUBLIC_URL. */
  messageIdDomain?: string;
}

export const DEFAULT_MESSAGE_ID_DOMAIN = 'signoff.local';

const PLAIN_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** A globally unique Message-ID (RFC 5322 msg-id), chosen once per mail and reused on every attempt. */
export function newMessageId(domain = DEFAULT_MESSAGE_ID_DOMAIN): string {
  if (!DOMAIN.test(domain)) throw new Error(`invalid Message-ID domain ${JSON.stringify(domain)}`);
  return `<outbox.${randomUUID()}@${domain}>`;
}

/**
 * Puts a mail in the outbox. Call it with the transaction of the change that causes the mail: if that
 * transaction rolls back, the mail never existed; once it commits, a delivery worker will send it.
 */
export async function enqueueMail(trx: Db, mail: NewMail): Promise<Mail> {
  if (mail.to.length === 0) throw new Error('a mail needs at least one recipient');
  for (const address of mail.to) {
    if (!PLAIN_ADDRESS.test(address)) throw new Error(`invalid recipient address ${JSON.stringify(address)}`);
  }
  if (/[\r\n]/.test(mail.subject)) throw new Error('a mail subject is one line');
  return trx
    .insertInto('outbox')
    .values({
      kind: mail.kind,
      review_id: mail.reviewId ?? null,
      to_addresses: mail.to,
      subject: mail.subject,
      body_text: mail.text,
      message_id: newMessageId(mail.messageIdDomain),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const inTransaction = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

const afterMs = (ms: number) => sql<Date>`now() + ${Math.max(0, Math.round(ms))} * interval '1 millisecond'`;

export interface ClaimOptions {
  /** Who claims (recorded with the attempt), e.g. `host:pid:random`. */
  worker: string;
  /** How long the claim holds; must exceed the longest possible send (the SMTP timeouts). */
  leaseMs: number;
  /** Mails not to claim again (those this worker already tried in the current pass). */
  excludeIds?: number[];
}

/**
 * Claims the next due mail for one delivery attempt: locks it with SKIP LOCKED (a concurrent claimer
 * takes the next mail instead of waiting), marks it `sending` for the lease, counts the attempt and
 * records it. A `sending` mail whose lease ran out (its worker died mid-send) is due again; its open
 * attempt is closed as abandoned. Returns undefined when nothing is due.
 */
export async function claimNextMail(db: Db, opts: ClaimOptions): Promise<Mail | undefined> {
  return inTransaction(db, async (trx) => {
    let due = trx
      .selectFrom('outbox')
      .select(['id', 'state'])
      .where('state', 'in', UNDELIVERED_STATES)
      .where('next_attempt_at', '<=', sql<Date>`now()`);
    if (opts.excludeIds && opts.excludeIds.length > 0) due = due.where('id', 'not in', opts.excludeIds);
    const row = await due
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.state === 'sending') {
      await trx
        .updateTable('outbox_attempts')
        .set({
          outcome: 'abandoned',
          finished_at: sql<Date>`now()`,
          error: 'the worker did not report back before its lease ran out',
        })
        .where('mail_id', '=', row.id)
        .where('outcome', 'is', null)
        .execute();
    }
    const mail = await trx
      .updateTable('outbox')
      .set({
        state: 'sending',
        attempts: sql<number>`attempts + 1`,
        next_attempt_at: afterMs(opts.leaseMs),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('outbox_attempts')
      .values({ mail_id: mail.id, attempt: mail.attempts, worker: opts.worker })
      .execute();
    return mail;
  });
}

export interface SentReport {
  mailId: number;
  attempt: number;
  /** The mail server's final reply. */
  response: string | null;
  /** Something worth keeping although the mail went out, e.g. recipients the server refused. */
  note?: string | null;
}

/** Records a delivered attempt. The mail becomes `sent` even if its lease had run out meanwhile. */
export async function recordMailSent(db: Db, r: SentReport): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('outbox')
      .set({ state: 'sent', sent_at: sql<Date>`now()`, last_error: r.note ?? null })
      .where('id', '=', r.mailId)
      .where('state', '!=', 'sent')
      .execute();
    await trx
      .updateTable('outbox_attempts')
      .set({ outcome: 'sent', finished_at: sql<Date>`now()`, response: r.response, error: r.note ?? null })
      .where('mail_id', '=', r.mailId)
      .where('attempt', '=', r.attempt)
      .execute();
  });
}

export interface FailureReport {
  mailId: number;
  attempt: number;
  error: string;
  /** Delay before the next attempt; null when the server refused the mail for good (it becomes `failed`). */
  retryInMs: number | null;
  response?: string | null;
}

/**
 * Records a failed attempt and schedules the next one (or holds the mail as `failed`). Only the holder
 * of the current attempt may reschedule: a late report from a worker whose lease ran out is recorded
 * with its attempt but leaves the mail to the worker that took it over.
 */
export async function recordMailFailure(db: Db, r: FailureReport): Promise<void> {
  const error = r.error.slice(0, 4000);
  await inTransaction(db, async (trx) => {
    await trx
      .updateTable('outbox')
      .set({
        state: r.retryInMs === null ? 'failed' : 'retrying',
        last_error: error,
        next_attempt_at: afterMs(r.retryInMs ?? 0),
      })
      .where('id', '=', r.mailId)
      .where('attempts', '=', r.attempt)
      .where('state', '=', 'sending')
      .execute();
    await trx
      .updateTable('outbox_attempts')
      .set({
        outcome: r.retryInMs === null ? 'failed' : 'retry',
        finished_at: sql<Date>`now()`,
        error,
        response: r.response ?? null,
      })
      .where('mail_id', '=', r.mailId)
      .where('attempt', '=', r.attempt)
      .execute();
  });
}

const ENTRY_COLUMNS = [
  'id',
  'kind',
  'review_id',
  'to_addresses',
  'subject',
  'message_id',
  'state',
  'attempts',
  'next_attempt_at',
  'last_error',
  'sent_at',
  'created_at',
] as const;

export interface OutboxQuery {
  state?: MailState;
  reviewId?: number;
  /** Page backwards: only mails with a smaller id. */
  beforeId?: number;
  limit?: number;
}

/** The outbox for admins, newest first: state, attempts, last error, next attempt. */
export async function listOutbox(db: Db, q: OutboxQuery = {}): Promise<OutboxEntry[]> {
  let query = db.selectFrom('outbox').select(ENTRY_COLUMNS);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.reviewId !== undefined) query = query.where('review_id', '=', q.reviewId);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(q.limit ?? 100, 1), 500))
    .execute();
}

export const getMail = (db: Db, id: number) =>
  db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();

export const getMailByMessageId = (db: Db, messageId: string) =>
  db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).executeTakeFirst();

/** Every attempt to deliver one mail, oldest first. */
export const listMailAttempts = (db: Db, mailId: number) =>
  db.selectFrom('outbox_attempts').selectAll().where('mail_id', '=', mailId).orderBy('attempt').execute();

/** How many mails wait for a worker (queued, being sent or due for a retry). */
export async function countUndeliveredMails(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', 'in', UNDELIVERED_STATES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type RetryMailResult =
  | { ok: true; mail: Mail }
  | { ok: false; reason: 'not_found' | 'already_sent' | 'being_sent' };

/**
 * An admin's "retry now": a failed or waiting mail becomes due immediately. A sent mail is not sent
 * again, and one a worker is sending right now is left to it.
 */
export async function retryMail(db: Db, id: number): Promise<RetryMailResult> {
  const mail = await db
    .updateTable('outbox')
    .set({ state: 'queued', next_attempt_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'retrying', 'failed'])
    .returningAll()
    .executeTakeFirst();
  if (mail) return { ok: true, mail };
  const current = await db.selectFrom('outbox').select('state').where('id', '=', id).executeTakeFirst();
  if (!current) return { ok: false, reason: 'not_found' };
  return { ok: false, reason: current.state === 'sent' ? 'already_sent' : 'being_sent' };
}

export interface OutboxHealth {
  /** Mails waiting for a worker (queued, being sent or due for a retry). */
  undelivered: number;
  /** Age of the oldest of them, 0 when none waits. */
  oldestUndeliveredAgeSeconds: number;
  /** Mails refused for good, held until an admin retries them. */
  failed: number;
  /** Failed attempts ever recorded, by outcome (by every worker process). */
  failedAttempts: { retry: number; failed: number; abandoned: number };
}

/** What monitoring watches of the outbox, in one round trip (the undelivered part uses outbox_due). */
export async function outboxHealth(db: Db): Promise<OutboxHealth> {
  const { rows } = await sql<{
    undelivered: string;
    oldest_age: number | null;
    failed: string;
    retry_attempts: string;
    failed_attempts: string;
    abandoned_attempts: string;
  }>`
    SELECT u.undelivered, u.oldest_age, f.failed, a.retry_attempts, a.failed_attempts, a.abandoned_attempts
    FROM (SELECT count(*) AS undelivered, extract(epoch FROM now() - min(created_at))::float8 AS oldest_age
          FROM outbox WHERE state IN ('queued', 'sending', 'retrying')) u,
         (SELECT count(*) AS failed FROM outbox WHERE state = 'failed') f,
         (SELECT count(*) FILTER (WHERE outcome = 'retry') AS retry_attempts,
                 count(*) FILTER (WHERE outcome = 'failed') AS failed_attempts,
                 count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned_attempts
          FROM outbox_attempts WHERE outcome IN ('retry', 'failed', 'abandoned')) a`.execute(db);
  const r = rows[0]!;
  return {
    undelivered: Number(r.undelivered),
    oldestUndeliveredAgeSeconds: Math.max(0, r.oldest_age ?? 0),
    failed: Number(r.failed),
    failedAttempts: {
      retry: Number(r.retry_attempts),
      failed: Number(r.failed_attempts),
      abandoned: Number(r.abandoned_attempts),
    },
  };
}
