import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendSignOffReminders } from '@signoff/api';
import { NOTIFICATION_KIND_KEYS, NOTIFICATION_KINDS } from '@signoff/core';
import { migrate } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import { type MailCast, remindersAt, startMailCast, stopMailCast } from '../../../test/mail-cast.ts';
import { type Cast, reviewed } from '../../../test/review-fixtures.ts';

// Notification preferences per kind of mail (issue 14; before, one switch for all).
let mail: MailCast;
let t: TestDatabase;
let c: Cast;
beforeAll(async () => {
  mail = await startMailCast();
  ({ t, c } = mail);
});
afterAll(() => stopMailCast(mail));

const deliverAll = () => mail.deliverAll();
const mailsTo = (email: string, key: string, words: string) => mail.mailsTo(email, key, words);

describe('notification preferences per kind of mail', () => {
  it('every kind is on at first, each in the words of its mail, with what is always sent', async () => {
    const prefs = await c.outsider.caller.auth.preferences();
    expect(prefs.notifications).toBe(true);
    expect(prefs.kinds).toEqual(
      NOTIFICATION_KIND_KEYS.map((kind) => ({ kind, label: NOTIFICATION_KINDS[kind], enabled: true })),
    );
    expect(prefs.alwaysSent).toContain('reminders of a sign-off that has waited too long for you');
  });

  it('one kind is turned off and on, audited; the others keep their setting; all off reads as off', async () => {
    const p = c.outsider.caller;
    const after = await p.auth.setNotificationKinds({
      kinds: { area_decision: false, escalation_step: false },
    });
    expect(after.kinds.filter((k) => !k.enabled).map((k) => k.kind)).toEqual([
      'area_decision',
      'escalation_step',
    ]);
    expect(after.notifications).toBe(true);
    const back = await p.auth.setNotificationKinds({ kinds: { escalation_step: true } });
    expect(back.kinds.filter((k) => !k.enabled).map((k) => k.kind)).toEqual(['area_decision']);
    expect(await p.auth.preferences()).toEqual(back);
    const allOff = await p.auth.setNotificationKinds({
      kinds: Object.fromEntries(NOTIFICATION_KIND_KEYS.map((k) => [k, false])),
    });
    expect(allOff.notifications).toBe(false);
    const row = await t.db
      .selectFrom('people')
      .select(['notifications', 'muted_notifications'])
      .where('id', '=', c.outsider.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ notifications: false, muted_notifications: NOTIFICATION_KIND_KEYS });
    const events = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject', '=', `person:${c.outsider.id}`)
      .where('action', '=', 'person.notifications_changed')
      .execute();
    expect(events).toHaveLength(3);
    // The one switch still turns every kind on.
    await p.auth.setNotifications({ enabled: true });
    expect((await p.auth.preferences()).kinds.every((k) => k.enabled)).toBe(true);
  });

  it('an unknown kind, or none, is refused naming the field, and nothing changes', async () => {
    const before = await c.outsider.caller.auth.preferences();
    const unknown = await outcome(
      c.outsider.caller.auth.setNotificationKinds({ kinds: { lunch_menu: false } as never }),
    );
    expect(unknown.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(unknown.details ?? unknown.message)).toContain('kinds');
    const none = await outcome(c.outsider.caller.auth.setNotificationKinds({ kinds: {} }));
    expect(none.code).toBe('BAD_REQUEST');
    expect(none.message).toContain('name at least one kind of mail');
    expect(await c.outsider.caller.auth.preferences()).toEqual(before);
  });

  it('the senders respect each kind: a muted kind is not sent, the others are, essential mail always is', async () => {
    const privacy = c.facilitators.privacy_technical;
    const data = c.facilitators.data;
    await privacy.caller.auth.setNotificationKinds({ kinds: { sensitive_review_started: false } });
    await data.caller.auth.setNotificationKinds({
      kinds: Object.fromEntries(NOTIFICATION_KIND_KEYS.map((k) => [k, false])),
    });
    const r = await reviewed(c, 3);
    // A new revision makes the privacy sign-off stale: that kind is still on for privacy.
    await privacy.caller.signOff.record({
      review: r.key,
      area: 'privacy_technical',
      risk: 'low',
      decision: 'approved',
      rationale: 'Only the eTLD+1.',
    });
    const view = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: view.currentRevision,
      form: { ...view.form, analysis: 'Trimmed to the top 100 domains.' },
    });
    // Reminders are essential: data, with every kind off, still gets theirs.
    const later = remindersAt(t.db, 8);
    expect(await sendSignOffReminders(later)).toBeGreaterThan(0);
    await deliverAll();

    const started = 'entered the sensitive data collection review';
    expect(mailsTo(c.facilitators.security.email, r.key, started)).toHaveLength(1);
    expect(mailsTo(privacy.email, r.key, started)).toHaveLength(0);
    expect(mailsTo(data.email, r.key, started)).toHaveLength(0);
    expect(mailsTo(privacy.email, r.key, 'sign-off is stale')).toHaveLength(1);
    const reminder = mailsTo(data.email, r.key, 'has been pending for more than');
    expect(reminder).toHaveLength(1);
    expect(reminder[0]?.text ?? '').toContain('This mail is always sent: it is about work waiting for you.');
    expect(mailsTo(privacy.email, r.key, 'sign-off is stale')[0]?.text ?? '').toContain(
      'You can turn this kind of mail off in your notification preferences.',
    );
  });
});

describe('the migration keeps what people chose', () => {
  it('someone who had turned all notifications off has every kind off; everyone else every kind on', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    const before = mkdtempSync(join(tmpdir(), 'migrations-'));
    try {
      const dir = fileURLToPath(new URL('../../../migrations/', import.meta.url));
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort();
      const at = files.findIndex((f) => f.endsWith('_notification_kinds.sql'));
      expect(at).toBeGreaterThan(0);
      for (const f of files.slice(0, at)) copyFileSync(join(dir, f), join(before, f));
      await migrate(fresh.pool, before);
      await fresh.pool.query(
        `INSERT INTO people (email, display_name, notifications) VALUES ('quiet@example.com', 'quiet', false),
           ('keen@example.com', 'keen', true)`,
      );
      await migrate(fresh.pool, dir);
      const rows = await fresh.db
        .selectFrom('people')
        .select(['email', 'muted_notifications'])
        .orderBy('email')
        .execute();
      expect(rows).toEqual([
        { email: 'keen@example.com', muted_notifications: [] },
        { email: 'quiet@example.com', muted_notifications: NOTIFICATION_KIND_KEYS },
      ]);
    } finally {
      rmSync(before, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});
