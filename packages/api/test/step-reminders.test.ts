import { sendSignOffReminders, sendStepReminders } from '@signoff/api';
import { NOTIFICATION_KIND_KEYS } from '@signoff/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../test/database.ts';
import { type MailCast, remindersAt, startMailCast, stopMailCast } from '../../../test/mail-cast.ts';
import {
  type Cast,
  dataReview,
  inDispute,
  type Person,
  reviewed,
  submittedReview,
} from '../../../test/review-fixtures.ts';

/**
 * Issue 13: reminders go to the owners of every open step that has waited (not only sign-offs): a mitigation
 * requested of the proposer, the steward's question to Trust and Legal, a decision waiting for the decision
 * maker. Once per step per waiting period, audited, always sent (even to someone who turned every optional kind
 * of mail off), delivered over SMTP to a real server.
 */
let mail: MailCast;
let t: TestDatabase;
let c: Cast;
beforeAll(async () => {
  mail = await startMailCast();
  ({ t, c } = mail);
});
afterAll(() => stopMailCast(mail));

const at = (days: number) => remindersAt(t.db, days);
const WAITED = /has waited more than (\d+) days for you: (.*)\./;
/** The step reminders `who` received about review `key`: [days, step in words]. */
const reminders = async (who: Person, key: string) => {
  await mail.deliverAll();
  return mail.mailsTo(who.email, `${key} `).flatMap(({ text }) => {
    const w = WAITED.exec(text);
    return w ? [`${w[1]}: ${w[2]}`] : [];
  });
};

describe('reminders to the owners of every open step that has waited', () => {
  let mitigationKey = '';
  let questionKey = '';
  let escalationKey = '';
  let mitigationId = 0;
  let escalationId = 0;

  it('sets up: a requested mitigation, a question to Trust and Legal, an escalation waiting for its decision', async () => {
    const m = await reviewed(c, 3);
    mitigationKey = m.key;
    await c.proposer.caller.announcement.recordManual({
      review: m.key,
      archiveLink: 'https://example.com/list/1',
    });
    mitigationId = (
      await c.facilitators.data.caller.mitigation.request({
        review: m.key,
        area: 'data',
        kind: 'technical_control',
        description: 'Keep only the eTLD+1.',
      })
    ).id;

    const q = await submittedReview(c, 2);
    questionKey = q.key;
    const base = dataReview('data-review+');
    await c.steward.caller.steward.recordReview({
      review: q.key,
      dataReview: {
        ...base,
        answers: {
          ...base.answers,
          newIdentifiers: { answer: 'yes', note: 'A new client id.' },
          privacyNoticeCoverage: { answer: 'unsure' },
        },
      },
    });

    const e = await reviewed(c, 3);
    escalationKey = e.key;
    await c.proposer.caller.announcement.recordManual({
      review: e.key,
      archiveLink: 'https://example.com/list/2',
    });
    await inDispute(c, e.key, 'security');
    const opened = await c.proposer.caller.escalation.open({
      review: e.key,
      facilitatorId: c.facilitators.security.id,
      areas: ['security'],
      question: 'Is the eTLD+1 enough?',
    });
    escalationId = opened.id;
    const target = { review: e.key, escalationId };
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'It is.' });
    await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'It is not.' });
    await c.proposer.caller.escalation.share(target);
    // The product owner turned every optional kind of mail off: reminders of their own pending work still come.
    await c.owner.caller.auth.setNotificationKinds({
      kinds: Object.fromEntries(NOTIFICATION_KIND_KEYS.map((k) => [k, false])),
    });
  });

  it('nothing before the reminder delay', async () => {
    expect(await sendStepReminders(at(6))).toBe(0);
    expect(await reminders(c.proposer, mitigationKey)).toEqual([]);
  });

  it("after the delay: each step's owners, and only they, are reminded of it in words", async () => {
    expect(await sendStepReminders(at(8))).toBeGreaterThanOrEqual(3);
    // The mitigation requested of the proposer's side.
    expect(await reminders(c.proposer, mitigationKey)).toEqual([
      expect.stringMatching(/^7: Propose how to carry out the Data mitigation\b/),
    ]);
    expect(await reminders(c.facilitators.data, mitigationKey)).toEqual([]);
    // The steward's question, to Legal/Trust's facilitator.
    expect(await reminders(c.facilitators.legal_trust, questionKey)).toEqual([
      "7: Answer the data steward's question to Trust and Legal",
    ]);
    expect(await reminders(c.proposer, questionKey)).toEqual([]);
    // The decision, to the product owner (the decision maker of the first level), despite their preferences.
    expect(await reminders(c.owner, escalationKey)).toEqual([
      expect.stringMatching(/^7: Decide .*escalation/),
    ]);
    expect(await reminders(c.steward, escalationKey)).toEqual([]);
  });

  it('once per step per waiting period, and audited', async () => {
    expect(await sendStepReminders(at(9))).toBe(0);
    expect(await reminders(c.proposer, mitigationKey)).toHaveLength(1);
    const events = await t.db
      .selectFrom('audit_events')
      .select(['subject', 'after'])
      .where('action', '=', 'reminder.step_sent')
      .execute();
    expect(events.map((e) => e.subject)).toEqual(
      expect.arrayContaining([
        `${mitigationKey}:propose_mitigation:${mitigationId}:`,
        `${questionKey}:answer_legal_trust::`,
        `${escalationKey}:decide_escalation::${escalationId}`,
      ]),
    );
    expect(events.find((e) => e.subject === `${questionKey}:answer_legal_trust::`)?.after).toMatchObject({
      step: 'answer_legal_trust',
      to: [c.facilitators.legal_trust.id],
    });
    // The next period reminds again, saying how long it has waited.
    expect(await sendStepReminders(at(15))).toBeGreaterThanOrEqual(3);
    expect(await reminders(c.facilitators.legal_trust, questionKey)).toEqual([
      "7: Answer the data steward's question to Trust and Legal",
      "14: Answer the data steward's question to Trust and Legal",
    ]);
  });

  it('a step that was taken is no longer reminded; sign-off reminders stay their own', async () => {
    await c.facilitators.legal_trust.caller.steward.answerLegalTrust({
      review: questionKey,
      answer: 'Covered.',
    });
    expect(await sendStepReminders(at(22))).toBeGreaterThanOrEqual(2);
    expect(await reminders(c.facilitators.legal_trust, questionKey)).toHaveLength(2);
    // No sign-off is reminded twice: the sign-off reminder keeps them, and no step reminder names a sign-off.
    await sendSignOffReminders(at(22));
    const steps = await t.db
      .selectFrom('audit_events')
      .select('subject')
      .where('action', '=', 'reminder.step_sent')
      .execute();
    expect(steps.filter((s) => /sign_off|steward_review/.test(s.subject ?? ''))).toEqual([]);
  });
});
