import { createCaller, createContextInner, resolvePrincipal, sendSignOffReminders } from '@signoff/api';
import { startDeliveryWorker } from '@signoff/mail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import { remindersAt } from '../../../test/mail-cast.ts';
import { type Cast, cast, reviewed, signOffs } from '../../../test/review-fixtures.ts';
import { deliverAll as deliverTo, silentLog } from '../../mail/test/deliver.ts';
import {
  plainBody as plain,
  startSmtpServer,
  type TestSmtpServer,
} from '../../mail/test/smtp-test-server.ts';

let t: TestDatabase;
let c: Cast;
let smtp: TestSmtpServer;
beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
  smtp = await startSmtpServer({
    refuseMessage: (_n, m) =>
      m.subject?.includes('[flaky]') && smtp.refused.length === 0
        ? { code: 451, message: 'try later' }
        : null,
  });
});
afterAll(async () => {
  await smtp.close();
  await t.drop();
});

const deliverAll = () => deliverTo(t.db, smtp.url);
const mailsTo = (email: string) => smtp.accepted.filter((m) => m.to.includes(email));

describe('the mailing-list announcement', () => {
  it('is previewed, queued in the outbox, delivered over SMTP with its Message-ID, and then satisfies the gate', async () => {
    const r = await reviewed(c, 3);
    const preview = await c.proposer.caller.announcement.preview({ review: r.key });
    expect(preview.to).toEqual(['data-review@mozilla.com']);
    expect(preview.subject).toBe(`[data-review] ${r.key}: ${r.title} (category 3)`);
    expect(preview.text).toContain(`/reviews/${r.key}`);

    const sent = await c.proposer.caller.announcement.send({ review: r.key });
    let view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.announcements.map((a) => [a.method, a.delivery])).toEqual([['outbox', 'queued']]);
    expect(view.canShip.find((x) => x.channel === 'release')?.blockers.map((b) => b.message)).toContain(
      'The announcement to the data-review mailing list is queued and not yet sent.',
    );

    await deliverAll();
    const arrived = smtp.accepted.filter((m) => m.messageId === sent.messageId);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]?.to).toEqual(['data-review@mozilla.com']);
    expect(arrived[0]?.subject).toBe(preview.subject);
    view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.announcements[0]).toMatchObject({ delivery: 'sent', messageId: sent.messageId });
    expect(view.canShip.find((x) => x.channel === 'release')?.blockers.map((b) => b.code)).not.toContain(
      'ANNOUNCEMENT_MISSING',
    );
  });

  it('shows a failing delivery with its error, and delivers the same Message-ID when the server accepts again', async () => {
    const local = await createTestDatabase();
    try {
      const k = await cast(local.db, '-flaky');
      const r = await reviewed(k, 3);
      await k.proposer.caller.review.saveDocumentation({
        review: r.key,
        baseRevision: 1,
        form: { ...(await k.proposer.caller.review.get({ review: r.key })).form },
      });
      const title = `[flaky] ${r.title}`;
      await local.db.updateTable('reviews').set({ title }).where('id', '=', r.id).execute();
      const sent = await k.proposer.caller.announcement.send({ review: r.key });
      const worker = startDeliveryWorker({ db: local.db, smtpUrl: smtp.url, log: silentLog, pollMs: null });
      await worker.drainOnce();
      let view = await k.proposer.caller.review.get({ review: r.key });
      expect(view.announcements[0]).toMatchObject({ delivery: 'failing' });
      expect(view.announcements[0]?.lastError).toMatch(/451/);
      expect(view.canShip[0]?.blockers.map((b) => b.code)).toContain('ANNOUNCEMENT_MISSING');
      await k.admin.caller.outbox.retry({
        id: (await k.admin.caller.outbox.list({ reviewId: r.id }))[0]!.id,
      });
      await worker.drainOnce();
      await worker.stop();
      view = await k.proposer.caller.review.get({ review: r.key });
      expect(view.announcements[0]).toMatchObject({ delivery: 'sent', messageId: sent.messageId });
      expect(smtp.refused.filter((m) => m.messageId === sent.messageId)).toHaveLength(1);
      expect(smtp.accepted.filter((m) => m.messageId === sent.messageId)).toHaveLength(1);
    } finally {
      await local.drop();
    }
  });

  it('only the proposer announces, and only a category 3 or 4 review', async () => {
    const r3 = await reviewed(c, 3);
    expect((await outcome(c.outsider.caller.announcement.send({ review: r3.key }))).code).toBe('FORBIDDEN');
    const r2 = await reviewed(c, 2);
    expect((await outcome(c.proposer.caller.announcement.send({ review: r2.key }))).code).toBe(
      'PRECONDITION_FAILED',
    );
    expect((await c.proposer.caller.review.get({ review: r3.key })).announcements).toEqual([]);
  });

  it('with no mail server the outbox shows the mail as held', async () => {
    const r = await reviewed(c, 3);
    await c.proposer.caller.announcement.send({ review: r.key });
    const list = await c.admin.caller.outbox.list({ reviewId: r.id, state: 'queued' });
    expect(list.find((m) => m.kind === 'announcement')?.status).toBe('held: no mail server configured');
  });
});

describe('notifications', () => {
  it('facilitators hear of a new sensitive review; the proposer of each area decision; opted-out people only of essentials', async () => {
    await c.facilitators.security.caller.auth.setNotifications({ enabled: false });
    const r = await reviewed(c, 3);
    await signOffs(c, r.key, { data: 'approved' });
    await deliverAll();
    const started = (email: string) =>
      mailsTo(email).filter(
        (m) =>
          plain(m.body).includes(`${r.key} `) &&
          plain(m.body).includes('entered the sensitive data collection review'),
      );
    expect(started(c.facilitators.privacy_technical.email)).toHaveLength(1);
    expect(started(c.facilitators.legal_trust.email)).toHaveLength(1);
    expect(started(c.facilitators.security.email)).toHaveLength(0);
    const decided = mailsTo(c.proposer.email).filter((m) => plain(m.body).includes(`decision on ${r.key} `));
    expect(decided).toHaveLength(1);
    expect(decided[0]?.autoSubmitted).toBe('auto-generated');
    await c.facilitators.security.caller.auth.setNotifications({ enabled: true });
  });

  it('a new revision tells the facilitators whose sign-off went stale', async () => {
    const r = await reviewed(c, 3);
    await signOffs(c, r.key, { privacy_technical: 'approved' });
    const view = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: view.currentRevision,
      form: { ...view.form, analysis: 'Changed.' },
    });
    await deliverAll();
    const stale = (email: string) =>
      mailsTo(email).filter((m) => plain(m.body).includes(`documentation of ${r.key} `));
    expect(stale(c.facilitators.privacy_technical.email)).toHaveLength(1);
    expect(stale(c.facilitators.data.email)).toHaveLength(0);
  });

  it('reminds of sign-offs pending longer than the configured days, once per period', async () => {
    const local = await createTestDatabase();
    try {
      const k = await cast(local.db, '-remind');
      const r = await reviewed(k, 3);
      await signOffs(k, r.key, { privacy_technical: 'approved' });
      const at = (days: number) => remindersAt(local.db, days);
      expect(await sendSignOffReminders(at(6))).toBe(0);
      // Data's step can be taken now; Legal/Trust's and Security's wait for Data (SPEC 5): not reminded.
      expect(await sendSignOffReminders(at(8))).toBe(1);
      expect(await sendSignOffReminders(at(9))).toBe(0); // same period
      // Data approves on day 10: Legal/Trust's and Security's turn begins then, not when the review began.
      const principal = await resolvePrincipal(local.db, `Bearer ${k.facilitators.data.token}`, new Date());
      await createCaller(
        createContextInner({ db: local.db, principal, now: () => new Date(Date.now() + 10 * 86_400_000) }),
      ).signOff.record({ review: r.key, area: 'data', risk: 'low', decision: 'approved', rationale: 'ok' });
      expect(await sendSignOffReminders(at(15))).toBe(0);
      expect(await sendSignOffReminders(at(18))).toBe(2); // legal_trust, security
      const mails = await local.db
        .selectFrom('outbox')
        .select(['to_addresses', 'subject'])
        .where('subject', 'like', '%pending for more than%')
        .execute();
      expect(mails.map((m) => m.to_addresses[0]).sort()).toEqual(
        [k.facilitators.data.email, k.facilitators.legal_trust.email, k.facilitators.security.email].sort(),
      );
      expect(createCaller).toBeTypeOf('function');
    } finally {
      await local.drop();
    }
  });
});

describe('sent once (issue 15)', () => {
  it('a second send queues nothing and says it was already sent; the mailing list gets one mail', async () => {
    const r = await reviewed(c, 3);
    const first = await c.proposer.caller.announcement.send({ review: r.key });
    // Another window, another click: a new idempotency key, or none.
    const second = await c.proposer.caller.announcement.send({
      review: r.key,
      idempotencyKey: 'another-click-1',
    });
    const third = await c.proposer.caller.announcement.send({ review: r.key });
    expect(first.alreadySent).toBe(false);
    for (const again of [second, third]) expect(again).toEqual({ ...first, alreadySent: true });
    const queued = await t.db
      .selectFrom('outbox')
      .select('id')
      .where('review_id', '=', r.id)
      .where('kind', '=', 'announcement')
      .execute();
    expect(queued).toHaveLength(1);
    const events = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('review_id', '=', r.id)
      .where('action', '=', 'announcement.queued')
      .execute();
    expect(events).toHaveLength(1);
    await deliverAll();
    expect(
      smtp.accepted.filter(
        (m) => m.subject?.includes(`${r.key}:`) && m.to.includes('data-review@mozilla.com'),
      ),
    ).toHaveLength(1);
  });

  it('"queued" says why: no mail server, waiting for the worker, or the server refusing', async () => {
    const r = await reviewed(c, 3);
    await c.proposer.caller.announcement.send({ review: r.key });
    const held = await c.proposer.caller.review.get({ review: r.key });
    expect(held.announcements[0]?.deliveryNote).toMatch(/no mail server is configured/);
    // The same review read on a server with a mail server configured.
    const principal = await resolvePrincipal(t.db, `Bearer ${c.proposer.token}`, new Date());
    const withServer = createCaller(
      createContextInner({ db: t.db, principal, settings: { mailServerConfigured: true } }),
    );
    const waiting = await withServer.review.get({ review: r.key });
    expect(waiting.announcements[0]?.deliveryNote).toMatch(/waiting in the outbox/);
    await deliverAll();
    expect((await withServer.review.get({ review: r.key })).announcements[0]?.deliveryNote).toBeNull();
  });
});

describe('mitigation threads (issue 15)', () => {
  it('a reply to a request keeps the request; notes join the thread', async () => {
    const r = await reviewed(c, 3);
    const m = await c.facilitators.data.caller.mitigation.request({
      review: r.key,
      area: 'data',
      kind: 'ux_notice',
      description: 'Tell users before the first upload.',
    });
    await c.proposer.caller.mitigation.proposeRequested({
      review: r.key,
      mitigationId: m.id,
      description: 'A one-time notice in the toolbar.',
    });
    const view = await c.proposer.caller.review.get({ review: r.key });
    const mine = view.mitigations.find((x) => x.id === m.id);
    expect(mine?.description).toBe('Tell users before the first upload.');
    expect(mine?.thread.map((x) => [x.authorId, x.move, x.body])).toEqual([
      [c.facilitators.data.id, 'open', 'Tell users before the first upload.'],
      [c.proposer.id, 'propose', 'A one-time notice in the toolbar.'],
    ]);
  });
});
