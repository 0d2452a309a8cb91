import {
  claimNextMail,
  createDb,
  type Db,
  enqueueMail,
  getMail,
  listMailAttempts,
  listOutbox,
  type NewMail,
  retryMail,
} from '@signoff/db';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import {
  type DeliveryWorker,
  type DeliveryWorkerOptions,
  deliveryStatus,
  HELD_NO_MAIL_SERVER,
  startDeliveryWorker,
} from '../src/index.ts';
import { freePort, startSmtpServer, type TestSmtpServer } from './smtp-test-server.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const FAST = { baseMs: 1, capMs: 5 };

let t: TestDatabase;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  // Every test leaves the outbox delivered or given up, so the next one starts from its own mail.
  while (cleanups.length > 0) await cleanups.pop()?.();
  await sql`UPDATE outbox SET state = 'failed' WHERE state IN ('queued', 'sending', 'retrying')`.execute(
    t.db,
  );
});
afterAll(() => t.drop());

function worker(opts: Partial<DeliveryWorkerOptions> & { smtpUrl: string | null }): DeliveryWorker {
  const w = startDeliveryWorker({ db: t.db, log: quiet, pollMs: null, backoff: FAST, ...opts });
  cleanups.push(() => w.stop());
  return w;
}

async function smtp(opts: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const s = await startSmtpServer(opts);
  cleanups.push(() => s.close());
  return s;
}

const announcement = (n = 1): NewMail => ({
  kind: 'announcement',
  to: ['data-review@example.org'],
  subject: `Data collection review DR-${n}: Telemetry for feature ${n} (category 3)`,
  text: `Summary of review ${n}.\nhttps://signoff.example.org/reviews/DR-${n}`,
  messageIdDomain: 'signoff.example.org',
});

const enqueue = (mail: NewMail, db: Db = t.db) => db.transaction().execute((trx) => enqueueMail(trx, mail));

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve: () => resolve() };
}

/** Runs passes until the condition holds (generous bound, no timing assumptions). */
async function drainUntil(w: DeliveryWorker, condition: () => Promise<boolean> | boolean) {
  await vi.waitFor(
    async () => {
      await w.drainOnce();
      expect(await condition()).toBe(true);
    },
    { timeout: 20_000, interval: 10 },
  );
}

describe('the outbox', () => {
  it('delivers a committed mail with its recipients, subject and Message-ID', async () => {
    const server = await smtp();
    const mail = await enqueue({
      ...announcement(1),
      to: ['data-review@example.org', 'steward@example.org'],
    });
    expect(mail.message_id).toMatch(/^<outbox\.[0-9a-f-]{36}@signoff\.example\.org>$/);
    expect(mail.state).toBe('queued');

    const result = await worker({ smtpUrl: server.url, from: 'Sign-off <signoff@example.org>' }).drainOnce();

    expect(result).toEqual({ sent: 1, retrying: 0, failed: 0, held: 0 });
    expect(server.accepted).toHaveLength(1);
    const got = server.accepted[0]!;
    expect(got.to).toEqual(['data-review@example.org', 'steward@example.org']);
    expect(got.from).toBe('signoff@example.org');
    expect(got.subject).toBe('Data collection review DR-1: Telemetry for feature 1 (category 3)');
    expect(got.messageId).toBe(mail.message_id);
    expect(got.body).toContain('https://signoff.example.org/reviews/DR-1');
    expect(got.autoSubmitted).toBeNull();

    const stored = await getMail(t.db, mail.id);
    expect(stored).toMatchObject({ state: 'sent', attempts: 1, last_error: null });
    expect(stored?.sent_at).toBeInstanceOf(Date);
    const attempts = await listMailAttempts(t.db, mail.id);
    expect(attempts).toMatchObject([{ attempt: 1, outcome: 'sent', error: null }]);
    expect(attempts[0]?.response).toMatch(/^250/);
  });

  it('marks notifications as automatic mail', async () => {
    const server = await smtp();
    await enqueue({
      kind: 'notification',
      to: ['facilitator@example.org'],
      subject: 'Sign-off needed',
      text: 'x',
    });
    await worker({ smtpUrl: server.url }).drainOnce();
    expect(server.accepted[0]?.autoSubmitted).toBe('auto-generated');
  });

  it('sends nothing for a rolled-back transaction', async () => {
    const server = await smtp();
    const before = await listOutbox(t.db);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, announcement(2));
        throw new Error('the change failed after enqueueing its mail');
      }),
    ).rejects.toThrow(/change failed/);

    expect(await listOutbox(t.db)).toEqual(before);
    expect(await worker({ smtpUrl: server.url }).drainOnce()).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      held: 0,
    });
    expect(server.accepted).toEqual([]);
  });

  it('refuses unusable mail before it reaches the outbox', async () => {
    await expect(enqueue({ ...announcement(), to: [] })).rejects.toThrow(/at least one recipient/);
    await expect(enqueue({ ...announcement(), to: ['Someone <a@b.org>'] })).rejects.toThrow(
      /invalid recipient/,
    );
    await expect(enqueue({ ...announcement(), subject: 'one\r\nBcc: x@evil.org' })).rejects.toThrow(
      /one line/,
    );
    await expect(enqueue({ ...announcement(), messageIdDomain: 'bad domain' })).rejects.toThrow(/Message-ID/);
    // The table's own checks hold even for a writer that skips enqueueMail.
    await expect(
      sql`INSERT INTO outbox (kind, to_addresses, subject, body_text, message_id)
          VALUES ('announcement', '{a@b.org}', 'x', 'y', 'no-brackets')`.execute(t.db),
    ).rejects.toThrow(/check constraint/);
  });

  it('links a mail to its review and an announcement to its mail', async () => {
    const { rows } = await sql<{ person: number; review: number }>`
      WITH p AS (INSERT INTO people (email, display_name) VALUES ('proposer@example.org', 'P') RETURNING id),
           pr AS (INSERT INTO products (name, owner_id) SELECT 'Firefox', id FROM p RETURNING id, owner_id),
           r AS (INSERT INTO reviews (product_id, title, proposer_id, requester_id)
                 SELECT id, 'Telemetry', owner_id, owner_id FROM pr RETURNING id, proposer_id)
      SELECT proposer_id AS person, id AS review FROM r`.execute(t.db);
    const { person, review } = rows[0]!;
    const mail = await enqueue({ ...announcement(), reviewId: review });
    expect(await listOutbox(t.db, { reviewId: review })).toMatchObject([{ id: mail.id, review_id: review }]);
    await sql`INSERT INTO announcements (review_id, method, mail_id, recorded_by)
              VALUES (${review}, 'outbox', ${mail.id}, ${person})`.execute(t.db);
    await expect(
      sql`INSERT INTO announcements (review_id, method, mail_id, recorded_by)
          VALUES (${review}, 'outbox', ${mail.id + 1000}, ${person})`.execute(t.db),
    ).rejects.toThrow(/foreign key/);
    await expect(enqueue({ ...announcement(), reviewId: review + 1000 })).rejects.toThrow(/foreign key/);
  });
});

describe('when the mail server is down', () => {
  it('retries with backoff until it is back, with the same Message-ID, losing nothing', async () => {
    const port = await freePort();
    const mail = await enqueue(announcement(3));
    const w = worker({ smtpUrl: `smtp://127.0.0.1:${port}`, backoff: { baseMs: 5_000, capMs: 600_000 } });

    expect(await w.drainOnce()).toEqual({ sent: 0, retrying: 1, failed: 0, held: 0 });
    const failed = await getMail(t.db, mail.id);
    expect(failed).toMatchObject({ state: 'retrying', attempts: 1 });
    expect(failed?.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
    // The next attempt waits for the backoff: a pass right now does not touch the mail.
    const [attempt] = await listMailAttempts(t.db, mail.id);
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'retry' });
    expect(failed!.next_attempt_at.getTime() - attempt!.finished_at!.getTime()).toBe(5_000);
    expect(await w.drainOnce()).toEqual({ sent: 0, retrying: 0, failed: 0, held: 0 });

    // The server comes back at the same address; an admin's "retry now" skips the wait.
    const server = await smtp({ port });
    expect(await retryMail(t.db, mail.id)).toMatchObject({ ok: true, mail: { state: 'queued' } });
    expect(await w.drainOnce()).toEqual({ sent: 1, retrying: 0, failed: 0, held: 0 });
    expect(server.accepted.map((m) => m.messageId)).toEqual([mail.message_id]);
    expect(await listMailAttempts(t.db, mail.id)).toMatchObject([
      { attempt: 1, outcome: 'retry' },
      { attempt: 2, outcome: 'sent', error: null },
    ]);
    expect(await retryMail(t.db, mail.id)).toEqual({ ok: false, reason: 'already_sent' });
    expect(await retryMail(t.db, 999_999)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('goes on by itself once a server that refused with 4xx accepts again', async () => {
    // Refuses the first two deliveries after receiving them in full, so each attempt is seen.
    const server = await smtp({
      refuseMessage: (n) =>
        n <= 2 ? { code: 451, message: 'Requested action aborted: try again later' } : null,
    });
    const mails = [await enqueue(announcement(4)), await enqueue(announcement(5))];
    const w = worker({ smtpUrl: server.url });

    await drainUntil(w, async () =>
      (await Promise.all(mails.map((m) => getMail(t.db, m.id)))).every((m) => m?.state === 'sent'),
    );

    for (const mail of mails) {
      expect(server.accepted.filter((m) => m.messageId === mail.message_id)).toHaveLength(1);
    }
    expect(server.refused.map((m) => m.messageId).every((id) => mails.some((m) => m.message_id === id))).toBe(
      true,
    );
    const attempts = (await Promise.all(mails.map((m) => listMailAttempts(t.db, m.id)))).flat();
    expect(attempts.filter((a) => a.outcome === 'retry')).toHaveLength(2);
    expect(attempts.filter((a) => a.outcome === 'retry').every((a) => a.error?.includes('451'))).toBe(true);
    expect(attempts.filter((a) => a.outcome === 'sent')).toHaveLength(2);
  });

  it('a mail refused for good is held as failed until an admin retries it', async () => {
    let refuse = true;
    const server = await smtp({
      refuseRecipient: () => (refuse ? { code: 550, message: 'No such user here' } : null),
    });
    const mail = await enqueue(announcement(6));
    const w = worker({ smtpUrl: server.url });

    expect(await w.drainOnce()).toEqual({ sent: 0, retrying: 0, failed: 1, held: 0 });
    expect(await w.drainOnce()).toEqual({ sent: 0, retrying: 0, failed: 0, held: 0 });
    const [entry] = await listOutbox(t.db, { state: 'failed' }).then((l) =>
      l.filter((m) => m.id === mail.id),
    );
    expect(entry).toMatchObject({ state: 'failed', attempts: 1 });
    expect(entry?.last_error).toMatch(/550 No such user here/);
    expect(deliveryStatus(entry!, { mailServerConfigured: true }).label).toBe('failed');

    refuse = false;
    expect((await retryMail(t.db, mail.id)).ok).toBe(true);
    expect(await w.drainOnce()).toEqual({ sent: 1, retrying: 0, failed: 0, held: 0 });
    expect(server.accepted.map((m) => m.messageId)).toEqual([mail.message_id]);
  });

  it('takes over a mail whose worker died mid-send once its lease runs out', async () => {
    const server = await smtp();
    const mail = await enqueue(announcement(7));
    // A worker claims the mail and is never heard of again (lease 0: already expired).
    const claimed = await claimNextMail(t.db, { worker: 'crashed', leaseMs: 0 });
    expect(claimed).toMatchObject({ id: mail.id, state: 'sending', attempts: 1 });

    expect(await worker({ smtpUrl: server.url }).drainOnce()).toMatchObject({ sent: 1 });
    expect(server.accepted.map((m) => m.messageId)).toEqual([mail.message_id]);
    expect(await listMailAttempts(t.db, mail.id)).toMatchObject([
      { attempt: 1, worker: 'crashed', outcome: 'abandoned' },
      { attempt: 2, outcome: 'sent' },
    ]);
  });
});

describe('several workers on one database', () => {
  it('deliver each mail exactly once', async () => {
    const server = await smtp();
    const mails = [];
    for (let i = 0; i < 30; i++) mails.push(await enqueue(announcement(100 + i)));
    // Each worker with its own connection pool, as in separate server processes.
    const workers = [0, 1, 2].map((i) => {
      const { db } = createDb(t.url, quiet);
      cleanups.push(() => db.destroy());
      return worker({ db, smtpUrl: server.url, workerId: `worker-${i}` });
    });

    const results = await Promise.all(workers.map((w) => w.drainOnce()));

    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(mails.length);
    // They really did share the work (30 mails, one SMTP round trip each), not one after the other.
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
    expect(server.accepted.map((m) => m.messageId).sort()).toEqual(mails.map((m) => m.message_id).sort());
    const attempts = (await Promise.all(mails.map((m) => listMailAttempts(t.db, m.id)))).flat();
    expect(attempts).toHaveLength(mails.length);
    expect(attempts.every((a) => a.outcome === 'sent' && a.attempt === 1)).toBe(true);
  });

  it('a claim skips a mail another worker has locked instead of waiting for it', async () => {
    const first = await enqueue(announcement(200));
    const second = await enqueue(announcement(201));
    const other = createDb(t.url, quiet).db;
    cleanups.push(() => other.destroy());
    const locked = deferred();
    const release = deferred();
    // Another process is in the middle of claiming the first mail.
    const holder = other.transaction().execute(async (trx) => {
      await trx.selectFrom('outbox').select('id').where('id', '=', first.id).forUpdate().execute();
      locked.resolve();
      await release.promise;
    });
    await locked.promise;
    try {
      const claimed = await claimNextMail(t.db, { worker: 'w', leaseMs: 60_000 });
      expect(claimed?.id).toBe(second.id);
    } finally {
      release.resolve();
      await holder;
    }
    expect((await claimNextMail(t.db, { worker: 'w', leaseMs: 60_000 }))?.id).toBe(first.id);
  });
});

describe('without a mail server', () => {
  it('holds mail visibly and delivers it once a server is configured', async () => {
    const warnings: string[] = [];
    const mail = await enqueue(announcement(8));
    const unconfigured = worker({
      smtpUrl: null,
      log: { ...quiet, warn: (_obj: object, msg: string) => warnings.push(msg) },
    });

    expect(await unconfigured.drainOnce()).toEqual({ sent: 0, retrying: 0, failed: 0, held: 1 });
    expect(warnings.some((w) => w.includes(HELD_NO_MAIL_SERVER))).toBe(true);
    const [entry] = await listOutbox(t.db).then((l) => l.filter((m) => m.id === mail.id));
    expect(entry).toMatchObject({ state: 'queued', attempts: 0 });
    expect(deliveryStatus(entry!, { mailServerConfigured: false })).toEqual({
      label: 'held',
      detail: HELD_NO_MAIL_SERVER,
    });
    expect(await listMailAttempts(t.db, mail.id)).toEqual([]);
    await unconfigured.stop();

    const server = await smtp();
    expect(await worker({ smtpUrl: server.url }).drainOnce()).toMatchObject({ sent: 1 });
    expect(server.accepted.map((m) => m.messageId)).toEqual([mail.message_id]);
  });
});

describe('the background loop', () => {
  it('delivers without being asked and stops cleanly', async () => {
    const server = await smtp();
    const w = worker({ smtpUrl: server.url, pollMs: 20 });
    const mail = await enqueue(announcement(9));
    w.wake();
    await vi.waitFor(() => expect(server.accepted.map((m) => m.messageId)).toContain(mail.message_id), {
      timeout: 20_000,
      interval: 20,
    });
    await w.stop();
    expect((await getMail(t.db, mail.id))?.state).toBe('sent');
  });
});
