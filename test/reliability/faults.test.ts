// Faults (issue 7): the server killed mid-load, PostgreSQL stopped and started under load, the mail server
// down for a while. Nothing half-written, the chains intact, every queued mail delivered in the end.
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmbeddedHandle, startEmbeddedPostgres } from '@signoff/db';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../packages/mail/test/smtp-test-server.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { cast, reviewed } from '../review-fixtures.ts';
import {
  figure,
  freePort,
  type ServerProcess,
  sleep,
  spawnServer,
  type TrpcAnswer,
  trpc,
  verifyChains,
  waitFor,
  writeFigures,
} from './harness.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  writeFigures('faults');
});

/** Runs `body` in `n` loops until `stop()` says so; collects what each call answered or threw. */
function loadUntil(n: number, stopped: () => boolean, body: (client: number, i: number) => Promise<unknown>) {
  const errors: string[] = [];
  let calls = 0;
  const done = Promise.all(
    Array.from({ length: n }, async (_, client) => {
      for (let i = 0; !stopped(); i++) {
        calls++;
        try {
          await body(client, i);
        } catch (e) {
          errors.push(String((e as Error).cause ?? e));
          await sleep(50);
        }
      }
    }),
  );
  return { done, errors, calls: () => calls };
}

describe('the server killed with SIGKILL in the middle of a write load', () => {
  it('leaves no half-written review, intact chains, and every queued mail is delivered after a restart', async () => {
    const t = await createTestDatabase();
    cleanups.push(() => t.drop());
    const c = await cast(t.db);
    const reviews = await Promise.all([0, 1, 2, 3].map(() => reviewed(c, 3)));
    // First life: the mail worker runs but has no mail server, so mail waits in the outbox.
    const first = await spawnServer({ DATABASE_URL: t.url, MAIL_WORKER: 'on' });
    cleanups.push(() => first.stop('SIGKILL'));
    let killed = false;
    const answers: TrpcAnswer[] = [];
    const load = loadUntil(
      8,
      () => killed,
      async (client, i) => {
        const r = reviews[client % reviews.length]!;
        const kind = (client + i) % 4;
        let a: TrpcAnswer;
        if (kind === 0) {
          a = await trpc(
            first.base,
            'review.create',
            'mutation',
            {
              productId: c.productId,
              title: `crash ${client}.${i}`,
              channels: [{ channel: 'release', defaultState: 'off' }],
              visibility: 'public',
              form: { questionsAnswered: `crash ${randomUUID()}` },
            },
            c.proposer.token,
          );
        } else if (kind === 1) {
          const rev = await t.db
            .selectFrom('reviews')
            .select('current_revision')
            .where('id', '=', r.id)
            .executeTakeFirstOrThrow();
          a = await trpc(
            first.base,
            'review.saveDocumentation',
            'mutation',
            {
              review: r.key,
              baseRevision: rev.current_revision,
              form: { questionsAnswered: `edit ${randomUUID()}`, whyMozillaNeedsIt: 'x' },
            },
            c.proposer.token,
          );
        } else if (kind === 2) {
          a = await trpc(
            first.base,
            'signOff.record',
            'mutation',
            {
              review: r.key,
              area: 'privacy_technical',
              risk: 'low',
              decision: 'approved',
              rationale: `ok ${i}`,
            },
            c.facilitators.privacy_technical.token,
          );
        } else {
          a = await trpc(
            first.base,
            'signOff.comment',
            'mutation',
            {
              review: r.key,
              area: 'data',
              body: `comment ${i}`,
            },
            c.facilitators.data.token,
          );
        }
        answers.push(a);
      },
    );
    await sleep(2_500);
    first.child.kill('SIGKILL');
    killed = true;
    expect(await first.exited).toBe('SIGKILL');
    await load.done;
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);

    // No half-written review: each has its first revision, a current revision that exists, its audit
    // event of creation, and as many revision events as revisions after the first.
    const rows = await t.db.selectFrom('reviews').select(['id', 'current_revision']).execute();
    for (const row of rows) {
      const revs = await t.db
        .selectFrom('revisions')
        .select('number')
        .where('review_id', '=', row.id)
        .orderBy('number')
        .execute();
      expect(revs.map((r) => r.number)).toEqual(
        Array.from({ length: row.current_revision }, (_, i) => i + 1),
      );
      const events = await t.db
        .selectFrom('audit_events')
        .select('action')
        .where('review_id', '=', row.id)
        .execute();
      expect(events.filter((e) => e.action === 'review.created')).toHaveLength(1);
      expect(events.filter((e) => e.action === 'documentation.revised')).toHaveLength(
        row.current_revision - 1,
      );
    }
    const signOffs = await t.db.selectFrom('sign_offs').select('id').execute();
    const signOffEvents = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'sign_off.recorded')
      .execute();
    expect(signOffEvents).toHaveLength(signOffs.length);
    const chains = await verifyChains(t.db);
    expect(chains.broken).toBeNull();
    const queued = await t.db.selectFrom('outbox').select(['message_id', 'state']).execute();
    expect(queued.length).toBeGreaterThan(0);

    // Second life, with a mail server: everything queued before the kill is delivered, once.
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    const second = await spawnServer({ DATABASE_URL: t.url, MAIL_WORKER: 'on', SMTP_URL: smtp.url });
    cleanups.push(() => second.stop());
    await waitFor(
      'the queued mail delivered',
      async () => smtp.accepted.length >= queued.length || null,
      60_000,
    );
    await sleep(500);
    expect(new Set(smtp.accepted.map((m) => m.messageId))).toEqual(new Set(queued.map((q) => q.message_id)));
    expect(smtp.accepted).toHaveLength(queued.length);

    figure('faults', 'SIGKILL mid-load: requests before the kill', load.calls());
    figure('faults', 'SIGKILL: reviews checked whole / half-written', `${rows.length} / 0`);
    figure('faults', 'SIGKILL: chains verified (streams/events)', `${chains.streams}/${chains.events}`);
    figure(
      'faults',
      'SIGKILL: mails queued before kill / delivered after restart',
      `${queued.length} / ${smtp.accepted.length}`,
    );
  }, 150_000);
});

async function postgresRestart(label: string, loaders: number) {
  const dir = await mkdtemp(join(tmpdir(), 'signoff-pgfault-'));
  await chmod(dir, 0o755);
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const start = async () =>
    startEmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      database: 'signoff',
      flags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    });
  let pg: EmbeddedHandle = await start();
  cleanups.push(() => pg.stop());
  const server: ServerProcess = await spawnServer({
    DATABASE_URL: pg.connectionString,
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: 'admin-password-long',
  });
  cleanups.push(() => server.stop('SIGKILL'));
  const signIn = await trpc(server.base, 'auth.signIn', 'mutation', {
    email: 'admin@example.com',
    password: 'admin-password-long',
  });
  const token = (signIn.data as { token: string }).token;
  expect(token).toBeTruthy();

  // 'restarting': PostgreSQL is coming back; answers then may be either, so they are only checked for cleanliness.
  let phase: 'up' | 'down' | 'restarting' | 'back' = 'up';
  let stop = false;
  const seen: Record<string, Record<string, number>> = { up: {}, down: {}, restarting: {}, back: {} };
  const unclean: string[] = [];
  const load = loadUntil(
    loaders,
    () => stop,
    async (client, i) => {
      const at = phase;
      const a =
        client % 2 === 0
          ? await trpc(server.base, 'admin.listPeople', 'query', undefined, token)
          : i % 2 === 0
            ? await trpc(
                server.base,
                'admin.createProduct',
                'mutation',
                {
                  name: `Product ${client}.${i} ${randomUUID()}`,
                  ownerEmail: 'admin@example.com',
                },
                token,
              )
            : await trpc(
                server.base,
                'admin.createUser',
                'mutation',
                {
                  email: `p${randomUUID()}@example.com`,
                  displayName: 'Load',
                  password: 'a-long-enough-password',
                },
                token,
              );
      const k = String(a.status);
      seen[at]![k] = (seen[at]![k] ?? 0) + 1;
      if (!a.ok && (a.status < 500 || typeof a.body !== 'object'))
        unclean.push(`${at} ${a.status} ${a.message}`);
      // Issue 12: PostgreSQL down is 503 with Retry-After, never 500 "internal error".
      if (!a.ok && at === 'down' && (a.status !== 503 || !a.headers.get('retry-after')))
        unclean.push(`${at} ${a.status} ${a.message} retry-after=${a.headers.get('retry-after')}`);
      await sleep(20);
    },
  );
  await sleep(1_000);
  await pg.stop();
  phase = 'down';
  // With the load stopped (idle case), requests made while down still answer.
  if (loaders === 0) {
    for (let i = 0; i < 10; i++) {
      const a = await trpc(server.base, 'admin.listPeople', 'query', undefined, token);
      seen.down![String(a.status)] = (seen.down![String(a.status)] ?? 0) + 1;
      if (a.status !== 503 || !a.headers.get('retry-after') || typeof a.body !== 'object')
        unclean.push(`down ${a.status} ${a.message}`);
    }
  }
  const readyDown = await waitFor('readyz 503', async () => {
    const r = await fetch(`${server.base}/readyz`).catch(async (e) => {
      await sleep(300);
      throw new Error(
        `readyz failed (${String(e.cause ?? e)}); server exit ${server.child.exitCode ?? server.child.signalCode}; output:\n${server.output()}`,
      );
    });
    return r.status === 503 ? r : null;
  });
  expect(((await readyDown.json()) as { ready: boolean }).ready).toBe(false);
  await sleep(2_000);
  expect(server.child.exitCode).toBeNull();
  const healthDown = await fetch(`${server.base}/healthz`);
  expect(healthDown.status).toBe(200);

  phase = 'restarting';
  pg = await start();
  phase = 'back';
  await waitFor(
    'readyz 200 again',
    async () => (await fetch(`${server.base}/readyz`)).status === 200 || null,
  );
  // Writes succeed again on the same process.
  await waitFor('a write succeeds again', async () => {
    const a = await trpc(
      server.base,
      'admin.createProduct',
      'mutation',
      {
        name: `after ${randomUUID()}`,
        ownerEmail: 'admin@example.com',
      },
      token,
    );
    return a.ok || null;
  });
  const after = await trpc(server.base, 'admin.listPeople', 'query', undefined, token);
  seen.back![String(after.status)] = (seen.back![String(after.status)] ?? 0) + 1;
  await sleep(1_000);
  stop = true;
  await load.done;
  expect(server.child.exitCode).toBeNull();
  expect(load.errors).toEqual([]);
  expect(unclean).toEqual([]);
  expect(
    Object.keys(seen.down!).filter((s) => s !== '503'),
    JSON.stringify(seen.down),
  ).toEqual([]);
  expect(seen.down!['503'] ?? 0).toBeGreaterThan(0);
  expect(seen.back!['200'] ?? 0).toBeGreaterThan(0);
  const fmt = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}×${v}`)
      .join(' ');
  figure('faults', `PostgreSQL down (${label}): answers while down`, fmt(seen.down!));
  figure(
    'faults',
    `PostgreSQL down (${label}): answers before / after`,
    `${fmt(seen.up!)} / ${fmt(seen.back!)}`,
  );
  figure('faults', `PostgreSQL down (${label}): /readyz while down, server stayed up`, '503, yes');
}

describe('PostgreSQL stopped and started', () => {
  it('with the pool idle: /readyz 503 while down, requests answer 503 with Retry-After, recovers without a restart', async () => {
    await postgresRestart('idle', 0);
  }, 150_000);

  // Found by this suite: a pg client checked out of the pool (mid-transaction) when PostgreSQL terminated
  // connections emitted 'error' with no listener and the process exited. createDb now listens on every client.
  it('during a write load: the server stays up, answers 503 with Retry-After while down and recovers by itself', async () => {
    await postgresRestart('under load', 6);
    figure('faults', 'PostgreSQL down (under load): server stayed up', 'yes', true);
  }, 150_000);
});

describe('the mail server down for a while', () => {
  it('delivers the mail after it comes back', async () => {
    const t: TestDatabase = await createTestDatabase();
    cleanups.push(() => t.drop());
    const c = await cast(t.db);
    const r = await reviewed(c, 3);
    const smtpPort = await freePort();
    const server = await spawnServer({
      DATABASE_URL: t.url,
      MAIL_WORKER: 'on',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    });
    cleanups.push(() => server.stop());
    const sent = await trpc(
      server.base,
      'announcement.send',
      'mutation',
      { review: r.key },
      c.proposer.token,
    );
    expect(sent.ok).toBe(true);
    const mailId = (sent.data as { mailId: number }).mailId;
    // The first attempt fails: nothing listens on the mail server's port.
    await waitFor('a failed attempt', async () => {
      const m = await t.db
        .selectFrom('outbox')
        .select(['state', 'attempts'])
        .where('id', '=', mailId)
        .executeTakeFirst();
      return m && m.attempts >= 1 && m.state === 'retrying' ? m : null;
    });
    const smtp: TestSmtpServer = await startSmtpServer({ port: smtpPort });
    cleanups.push(() => smtp.close());
    const m = await waitFor(
      'the mail delivered',
      async () => {
        const m = await t.db.selectFrom('outbox').selectAll().where('id', '=', mailId).executeTakeFirst();
        return m?.state === 'sent' ? m : null;
      },
      60_000,
    );
    expect(smtp.accepted.filter((a) => a.messageId === m.message_id)).toHaveLength(1);
    figure('faults', 'SMTP down: attempts until delivered (delivered once)', `${m.attempts} (yes)`);
  }, 120_000);
});
