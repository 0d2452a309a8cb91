// Load and concurrency (issue 7): 20 clients on one review through two server processes on one database,
// then the books are checked: one audit event per accepted write, intact chains, the final state equal to
// the accepted writes replayed in commit order, refusals that are conflicts or rule errors, mail sent once.
import { randomUUID } from 'node:crypto';
import type { Area } from '@signoff/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../packages/mail/test/smtp-test-server.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { type Cast, cast, reviewed } from '../review-fixtures.ts';
import {
  figure,
  type ServerProcess,
  sleep,
  spawnServer,
  type TrpcAnswer,
  trpc,
  verifyChains,
  waitFor,
  writeFigures,
} from './harness.ts';

const LOAD_MS = 8_000;
const CLIENTS = 20;
const AREAS: Area[] = ['privacy_technical', 'data', 'legal_trust', 'security'];
// Refusals a well-behaved client may get under contention: a conflict, a rule, a validation of state.
const EXPECTED_REFUSALS = new Set(['CONFLICT', 'PRECONDITION_FAILED', 'BAD_REQUEST']);

interface Attempt {
  client: number;
  path: string;
  input: Record<string, unknown>;
  answer: TrpcAnswer;
}

let t: TestDatabase;
let smtp: TestSmtpServer;
let servers: ServerProcess[] = [];
let c: Cast;
let review: { key: string; id: number };
let auditBefore = 0;
const attempts: Attempt[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  c = await cast(t.db);
  review = await reviewed(c, 3);
  const max = await t.db
    .selectFrom('audit_events')
    .select((e) => e.fn.max('id').as('m'))
    .executeTakeFirst();
  auditBefore = Number(max?.m ?? 0);
  const env = { DATABASE_URL: t.url, SMTP_URL: smtp.url, MAIL_WORKER: 'on' };
  servers = await Promise.all([spawnServer(env), spawnServer(env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await smtp?.close();
  await t?.drop();
  writeFigures('load');
});

const server = (i: number) => servers[i % servers.length]!.base;

async function call(client: number, path: string, input: Record<string, unknown>, token: string) {
  const answer = await trpc(server(client + attempts.length), path, 'mutation', input, token);
  attempts.push({ client, path, input, answer });
  return answer;
}

const currentRevision = async () =>
  (
    await t.db
      .selectFrom('reviews')
      .select('current_revision')
      .where('id', '=', review.id)
      .executeTakeFirstOrThrow()
  ).current_revision;

const formOf = (marker: string) => ({
  questionsAnswered: `Which sites break with cookie blocking? (${marker})`,
  whyMozillaNeedsIt: 'To fix breakage.',
});

describe('20 concurrent clients on one review, served by two server processes', () => {
  it('accepts or cleanly refuses every write, and the books balance afterwards', async () => {
    const until = Date.now() + LOAD_MS;
    const p = c.proposer.token;
    const fac = (a: Area) => c.facilitators[a].token;
    const base = (
      await t.db
        .selectFrom('revisions')
        .select('content')
        .where('review_id', '=', review.id)
        .where('number', '=', 1)
        .executeTakeFirstOrThrow()
    ).content as Record<string, unknown>;
    const loops: Promise<void>[] = [];
    const loop = (_client: number, body: (i: number) => Promise<void>) =>
      loops.push(
        (async () => {
          for (let i = 0; Date.now() < until; i++) await body(i);
        })(),
      );

    // 6 editors: save the documentation on the revision they last read.
    for (let k = 0; k < 6; k++)
      loop(k, async (i) => {
        const rev = await currentRevision();
        await call(
          k,
          'review.saveDocumentation',
          {
            review: review.key,
            baseRevision: rev,
            form: { ...base, ...formOf(`editor ${k} edit ${i} ${randomUUID()}`) },
          },
          p,
        );
      });
    // 4 facilitators: record (or re-confirm) their area's sign-off on whatever is current.
    for (const [j, area] of AREAS.entries())
      loop(6 + j, async (i) => {
        if (i % 2 === 1) await call(6 + j, 'signOff.reconfirm', { review: review.key, area }, fac(area));
        else
          await call(
            6 + j,
            'signOff.record',
            { review: review.key, area, risk: 'low', decision: 'approved', rationale: `load ${i}` },
            fac(area),
          );
      });
    // 2 proposer clients: propose mitigations and mark them implemented in the current revision.
    for (let k = 0; k < 2; k++)
      loop(10 + k, async (i) => {
        const area = AREAS[(i + k) % 4]!;
        const m = await call(
          10 + k,
          'mitigation.propose',
          { review: review.key, area, kind: 'technical_control', description: `control ${k}.${i}` },
          p,
        );
        if (m.ok)
          await call(
            10 + k,
            'mitigation.implement',
            {
              review: review.key,
              mitigationId: (m.data as { id: number }).id,
              revision: await currentRevision(),
            },
            p,
          );
      });
    // 2 facilitator clients: accept or reject whatever mitigation of their area is open.
    for (let k = 0; k < 2; k++)
      loop(12 + k, async (i) => {
        const area = AREAS[k]!;
        const open = await t.db
          .selectFrom('mitigations')
          .select(['id', 'state'])
          .where('review_id', '=', review.id)
          .where('area', '=', area)
          .where('state', 'in', ['implemented', 'proposed'])
          .execute();
        const m = open[i % Math.max(open.length, 1)];
        if (!m) return void (await sleep(20));
        await call(
          12 + k,
          i % 3 === 0 ? 'mitigation.reject' : 'mitigation.accept',
          { review: review.key, mitigationId: m.id, note: `judged ${i}` },
          fac(area),
        );
      });
    // 4 commenters: facilitators of the areas and the proposer.
    for (let k = 0; k < 4; k++)
      loop(14 + k, async (i) => {
        const area = AREAS[k]!;
        await call(
          14 + k,
          'signOff.comment',
          { review: review.key, area, body: `comment ${k}.${i}` },
          k === 3 ? p : fac(area),
        );
      });
    // 2 clients retry every write three times with one idempotency key, at once, on both servers.
    const retried: { key: string; path: string }[] = [];
    for (let k = 0; k < 2; k++)
      loop(18 + k, async (i) => {
        const key = `retry-${k}-${i}-${randomUUID()}`;
        const area = AREAS[(k + 2) % 4]!;
        const path = i % 2 === 0 ? 'signOff.comment' : 'mitigation.propose';
        const input =
          path === 'signOff.comment'
            ? { review: review.key, area, body: `retried ${k}.${i}`, idempotencyKey: key }
            : {
                review: review.key,
                area,
                kind: 'ux_notice',
                description: `retried ${k}.${i}`,
                idempotencyKey: key,
              };
        const token = path === 'signOff.comment' ? fac(area) : p;
        const answers = await Promise.all([0, 1, 2].map(() => call(18 + k, path, input, token)));
        retried.push({ key, path });
        const ids = new Set(answers.map((a) => (a.data as { id?: number } | null)?.id));
        expect(answers.every((a) => a.ok)).toBe(true);
        expect(ids.size).toBe(1);
      });
    // One announcement through the outbox, while all of that runs.
    const announced = trpc(server(0), 'announcement.send', 'mutation', { review: review.key }, p);
    void announced;
    await Promise.all(loops);
    expect(CLIENTS).toBe(20);

    // --- Every refusal is a conflict or a rule error, never a 5xx.
    const fiveHundreds = attempts.filter((a) => a.answer.status >= 500);
    expect(fiveHundreds.map((a) => `${a.path}: ${a.answer.status} ${a.answer.message}`)).toEqual([]);
    const unexpected = attempts.filter((a) => !a.answer.ok && !EXPECTED_REFUSALS.has(a.answer.code ?? ''));
    expect(unexpected.map((a) => `${a.path}: ${a.answer.code} ${a.answer.message}`)).toEqual([]);

    // --- Each accepted write has exactly one audit event; there are no others.
    const events = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', auditBefore)
      .where('review_id', '=', review.id)
      .orderBy('id')
      .execute();
    const accepted = attempts.filter((a) => a.answer.ok);
    // Retries with one key write once: count each key's first answer only.
    const seenKeys = new Set<string>();
    const writes = accepted.filter((a) => {
      const key = a.input.idempotencyKey as string | undefined;
      if (!key)
        return !(
          a.path === 'review.saveDocumentation' && (a.answer.data as { unchanged: boolean }).unchanged
        );
      if (seenKeys.has(key)) return false;
      seenKeys.add(key);
      return true;
    });
    const ACTION: Record<string, string> = {
      'review.saveDocumentation': 'documentation.revised',
      'signOff.record': 'sign_off.recorded',
      'signOff.reconfirm': 'sign_off.reconfirmed',
      'signOff.comment': 'comment.added',
      'mitigation.propose': 'mitigation.proposed',
      'mitigation.implement': 'mitigation.implemented',
      'mitigation.accept': 'mitigation.accepted',
      'mitigation.reject': 'mitigation.rejected',
    };
    const byAction = (xs: string[]) =>
      Object.fromEntries([...new Set(xs)].sort().map((k) => [k, xs.filter((x) => x === k).length]));
    const loadEvents = events.filter((e) => e.action !== 'announcement.queued');
    expect(byAction(loadEvents.map((e) => e.action))).toEqual(byAction(writes.map((w) => ACTION[w.path]!)));
    // ... and the same ones: each written row's id appears in exactly one event.
    const subjectOf = (e: (typeof events)[number]) =>
      e.action === 'documentation.revised'
        ? `rev:${(e.after as { revision: number }).revision}`
        : e.action.startsWith('mitigation.')
          ? `${e.action}:${e.subject}`
          : `${e.action}:${(e.after as { id: number }).id}`;
    const subjectOfWrite = (w: Attempt) => {
      const d = w.answer.data as { id: number; revision: number };
      if (w.path === 'review.saveDocumentation') return `rev:${d.revision}`;
      if (w.path.startsWith('mitigation.')) return `${ACTION[w.path]}:${review.key}:mitigation:${d.id}`;
      return `${ACTION[w.path]}:${d.id}`;
    };
    expect(loadEvents.map(subjectOf).sort()).toEqual(writes.map(subjectOfWrite).sort());

    // --- The audit chains verify.
    const chains = await verifyChains(t.db);
    expect(chains.broken).toBeNull();

    // --- Replay in commit order (the audit order) gives the stored state.
    const edits = writes.filter((w) => w.path === 'review.saveDocumentation');
    const revisions = edits
      .map((e) => (e.answer.data as { revision: number }).revision)
      .sort((a, b) => a - b);
    expect(revisions).toEqual(edits.map((_, i) => i + 2));
    expect(await currentRevision()).toBe(edits.length + 1);
    const last = edits.find((e) => (e.answer.data as { revision: number }).revision === edits.length + 1);
    const stored = await t.db
      .selectFrom('revisions')
      .select(['content', 'number'])
      .where('review_id', '=', review.id)
      .orderBy('number')
      .execute();
    expect(stored.map((r) => r.number)).toEqual([1, ...revisions]);
    if (last) expect(stored.at(-1)!.content).toEqual(last.input.form);
    // Comments and sign-offs: exactly the accepted ones.
    const comments = await t.db
      .selectFrom('comments')
      .select('id')
      .where('review_id', '=', review.id)
      .execute();
    expect(comments.map((r) => r.id).sort()).toEqual(
      writes
        .filter((w) => w.path === 'signOff.comment')
        .map((w) => (w.answer.data as { id: number }).id)
        .sort(),
    );
    const signOffs = await t.db
      .selectFrom('sign_offs')
      .select('id')
      .where('review_id', '=', review.id)
      .execute();
    expect(signOffs.map((r) => r.id).sort()).toEqual(
      writes
        .filter((w) => w.path.startsWith('signOff.re'))
        .map((w) => (w.answer.data as { id: number }).id)
        .sort(),
    );
    // Mitigations: the state each one has is the state its last audited move left it in.
    const mitigations = await t.db
      .selectFrom('mitigations')
      .select(['id', 'state', 'implemented_revision'])
      .where('review_id', '=', review.id)
      .execute();
    const replayed = new Map<number, string>();
    for (const e of loadEvents.filter((e) => e.action.startsWith('mitigation.'))) {
      const after = e.after as { id: number; state: string };
      replayed.set(after.id, after.state);
    }
    expect(Object.fromEntries(mitigations.map((m) => [m.id, m.state]))).toEqual(Object.fromEntries(replayed));
    // Retried keys wrote once.
    for (const r of retried) {
      const rows = await t.db.selectFrom('idempotency_keys').select('key').where('key', '=', r.key).execute();
      expect(rows).toHaveLength(1);
    }
    expect((await announced).ok).toBe(true);

    const refused = attempts.filter((a) => !a.answer.ok);
    const byCode = byAction(refused.map((a) => a.answer.code ?? '?'));
    figure('load', 'clients on one review / server processes', `${CLIENTS} / ${servers.length}`);
    figure('load', 'load duration (s)', LOAD_MS / 1000);
    figure('load', 'write requests', attempts.length);
    figure('load', 'writes/s (figure only)', Math.round(attempts.length / (LOAD_MS / 1000)));
    figure('load', 'accepted writes (distinct)', writes.length);
    figure(
      'load',
      'refused writes by code',
      Object.entries(byCode)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none',
    );
    figure('load', '5xx answers', fiveHundreds.length);
    figure('load', 'accepted edits / final revision', `${edits.length} / ${edits.length + 1}`);
    figure('load', 'audit events for accepted writes', `${loadEvents.length} (1 each)`);
    figure('load', 'retried writes (3 sends, 1 key) written once', retried.length);
    figure('load', 'audit chains verified (streams/events)', `${chains.streams}/${chains.events}`);
  }, 120_000);

  it('the outbox sends each mail exactly once, with two workers on one database', async () => {
    const mails = await waitFor(
      'every mail sent',
      async () => {
        const rows = await t.db.selectFrom('outbox').select(['message_id', 'state']).execute();
        return rows.length > 0 && rows.every((r) => r.state === 'sent') ? rows : null;
      },
      90_000,
    );
    // Both servers' workers are polling; give a double send the chance to show.
    await sleep(2_500);
    const received = smtp.accepted.map((m) => m.messageId);
    const counts = new Map<string, number>();
    for (const id of received) counts.set(id ?? '', (counts.get(id ?? '') ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(new Set(received)).toEqual(new Set(mails.map((m) => m.message_id)));
    expect(received).toHaveLength(mails.length);
    const workers = await t.db.selectFrom('outbox_attempts').select('worker').distinct().execute();
    figure('load', 'mails queued / delivered / duplicates', `${mails.length} / ${received.length} / 0`);
    figure('load', 'mail workers that delivered', workers.length);
  }, 120_000);
});
