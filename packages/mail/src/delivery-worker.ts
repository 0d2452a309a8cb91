import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  claimNextMail,
  countUndeliveredMails,
  type Db,
  type Mail,
  recordMailFailure,
  recordMailSent,
} from '@signoff/db';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { type Backoff, DEFAULT_BACKOFF, retryDelayMs } from './backoff.ts';
import { HELD_NO_MAIL_SERVER } from './delivery-status.ts';
import { classifySendError } from './smtp-errors.ts';

export interface DeliveryLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export interface DeliveryWorkerOptions {
  db: Db;
  /** `smtp://user:pass@host:port` or `smtps://…`; unset: mail is held in the outbox. */
  smtpUrl: string | null | undefined;
  log: DeliveryLog;
  /** The From header of every mail. */
  from?: string;
  /** Pause between passes over the outbox; null: no background loop, only `drainOnce()` (tests). */
  pollMs?: number | null;
  backoff?: Backoff;
  /** How long a claimed mail belongs to this worker; must exceed the SMTP timeouts together. */
  leaseMs?: number;
  smtpTimeouts?: SmtpTimeouts;
  /** Most mails one pass attempts, so stop() is never kept waiting long. */
  maxPerPass?: number;
  /** Recorded with each attempt; default `host:pid:random`. */
  workerId?: string;
}

export interface DrainResult {
  sent: number;
  /** Failed attempts that will be retried after the backoff. */
  retrying: number;
  /** Mails the server refused for good (held as `failed` until an admin retries them). */
  failed: number;
  /** Mails waiting because no mail server is configured. */
  held: number;
}

export interface DeliveryWorker {
  readonly workerId: string;
  /** One pass: attempts every mail that is due now, at most once each. Passes of one worker never overlap. */
  drainOnce(): Promise<DrainResult>;
  /** Starts a pass soon (e.g. after a commit that enqueued mail) instead of at the next poll. */
  wake(): void;
  /** Stops polling, waits for the pass in progress, closes the SMTP transport. */
  stop(): Promise<void>;
}

export const DEFAULT_FROM = 'Sign-off tracker <signoff@signoff.local>';
export const DEFAULT_POLL_MS = 2_000;
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = {
  connectionMs: 30_000,
  greetingMs: 30_000,
  socketMs: 60_000,
};

/**
 * Delivers the outbox over SMTP, at least once. Each mail is claimed with SKIP LOCKED and a lease, so
 * several workers (one per server process) never send one mail at the same time; a worker that dies
 * mid-send leaves its mail to be retried once the lease runs out. A failed attempt is retried with
 * exponential backoff up to a cap, and then at the cap for as long as it takes: transient failures never
 * drop a mail. Only a 5xx refusal of the mail itself makes it `failed`, held until an admin retries it.
 */
export function startDeliveryWorker(opts: DeliveryWorkerOptions): DeliveryWorker {
  const { db, log } = opts;
  const smtpUrl = opts.smtpUrl || null;
  const from = opts.from ?? DEFAULT_FROM;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const timeouts = opts.smtpTimeouts ?? DEFAULT_SMTP_TIMEOUTS;
  // The lease outlasts a send that hits every timeout, so it only runs out when the worker is gone.
  const leaseMs = opts.leaseMs ?? 2 * (timeouts.connectionMs + timeouts.greetingMs + timeouts.socketMs);
  const maxPerPass = opts.maxPerPass ?? 100;
  const pollMs = opts.pollMs === undefined ? DEFAULT_POLL_MS : opts.pollMs;
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  const transport: Transporter<SMTPTransport.SentMessageInfo> | null = smtpUrl
    ? nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: timeouts.connectionMs,
        greetingTimeout: timeouts.greetingMs,
        socketTimeout: timeouts.socketMs,
      } satisfies SMTPTransport.Options)
    : null;

  let lastHeldCount = 0;
  async function reportHeld(): Promise<DrainResult> {
    const held = await countUndeliveredMails(db);
    if (held !== lastHeldCount && held > 0) log.warn({ held, workerId }, `mail ${HELD_NO_MAIL_SERVER}`);
    lastHeldCount = held;
    return { sent: 0, retrying: 0, failed: 0, held };
  }

  async function deliver(
    mail: Mail,
    send: Transporter<SMTPTransport.SentMessageInfo>,
  ): Promise<keyof DrainResult> {
    const ids = { mailId: mail.id, messageId: mail.message_id, attempt: mail.attempts, workerId };
    try {
      const info = await send.sendMail({
        from,
        to: mail.to_addresses,
        subject: mail.subject,
        text: mail.body_text,
        // The same Message-ID and Date on every attempt: a retry is the same mail, not a new one.
        messageId: mail.message_id,
        date: mail.created_at,
        ...(mail.kind === 'notification' ? { headers: { 'Auto-Submitted': 'auto-generated' } } : {}),
      });
      const rejected = info.rejected.map(String);
      const note =
        rejected.length > 0 ? `recipients refused by the mail server: ${rejected.join(', ')}` : null;
      await recordMailSent(db, { mailId: mail.id, attempt: mail.attempts, response: info.response, note });
      log.info({ ...ids, rejected }, 'mail sent');
      return 'sent';
    } catch (err) {
      const failure = classifySendError(err);
      const retryInMs = failure.permanent ? null : retryDelayMs(mail.attempts, backoff);
      await recordMailFailure(db, {
        mailId: mail.id,
        attempt: mail.attempts,
        error: failure.message,
        response: failure.response,
        retryInMs,
      });
      log.warn(
        { ...ids, error: failure.message, retryInMs },
        failure.permanent ? 'mail refused by the mail server' : 'mail delivery failed, will retry',
      );
      return failure.permanent ? 'failed' : 'retrying';
    }
  }

  async function pass(): Promise<DrainResult> {
    if (!transport) return reportHeld();
    const result: DrainResult = { sent: 0, retrying: 0, failed: 0, held: 0 };
    const tried: number[] = [];
    while (!stopped && tried.length < maxPerPass) {
      const mail = await claimNextMail(db, { worker: workerId, leaseMs, excludeIds: tried });
      if (!mail) break;
      tried.push(mail.id);
      result[await deliver(mail, transport)] += 1;
    }
    return result;
  }

  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const drainOnce = (): Promise<DrainResult> => {
    const next = current.then(pass);
    current = next.catch(() => undefined);
    return next;
  };

  function schedule(delayMs: number) {
    if (stopped || pollMs === null) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      drainOnce()
        .catch((err: Error) => log.error({ workerId, error: err.message }, 'outbox pass failed'))
        .finally(() => schedule(pollMs));
    }, delayMs);
  }

  schedule(0);
  if (transport) log.info({ workerId }, 'mail delivery worker started');
  else
    log.warn(
      { workerId },
      `mail delivery worker started without SMTP_URL: outgoing mail is ${HELD_NO_MAIL_SERVER}`,
    );

  return {
    workerId,
    drainOnce,
    wake: () => {
      if (timer !== undefined) schedule(0);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await current;
      transport?.close();
    },
  };
}
