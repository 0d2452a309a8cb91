import { sendStepReminders } from '@signoff/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import type { TestDatabase } from '../../../test/database.ts';
import { type MailCast, remindersAt, startMailCast, stopMailCast } from '../../../test/mail-cast.ts';
import { type Cast, completeForm, dataReview, type Person } from '../../../test/review-fixtures.ts';

/**
 * Issue 13: a renewal's open steps get their mail and reminders like any other step, to their owners (core's
 * openSteps), delivered over SMTP to a real server: the data stewards who may review it (never one on the
 * collection's own side), and, while the steward's question is open, Legal/Trust's facilitators; each mail names
 * the review's key and title.
 */
let mail: MailCast;
let t: TestDatabase;
let c: Cast;
/** A data steward who is the collection's engineering owner: never asked to review its renewal. */
let ownSteward: Person;
/** A second data steward off the collection's side. */
let otherSteward: Person;
beforeAll(async () => {
  mail = await startMailCast();
  ({ t, c } = mail);
  ownSteward = await person(t.db, 'own-steward@example.com', { roles: ['steward'] });
  otherSteward = await person(t.db, 'other-steward@example.com', { roles: ['steward'] });
});
afterAll(() => stopMailCast(mail));

const DAY = 86_400_000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const at = (days: number) => remindersAt(t.db, days);
const QUESTION = 'The collection now runs in Germany too: does the privacy notice still cover it?';
/** The mail `who` received about `key` (its subject and text), whose text matches `pattern`. */
const received = async (who: Person, key: string, pattern: RegExp) => {
  await mail.deliverAll();
  return mail.mailsTo(who.email, `${key} `).filter((m) => pattern.test(m.text));
};
const REQUESTED = /has a renewal request: collect until/;
const ASKED = /A data steward asked Trust and Legal about the renewal request of (\S+ .*) \(collect until/;
const ANSWERED = /Trust and Legal answered the data steward's question on the renewal request/;
const REMINDED = /has waited more than (\d+) days for you: (.*)\./;

describe('a renewal’s mail and reminders go to the owners of its open steps', () => {
  let key = '';
  let title = '';
  let renewalId = 0;

  it('requested: the data stewards off the collection’s side are told', async () => {
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Renewal mail to its owners',
      channels: [{ channel: 'release', defaultState: 'off' }],
      engineeringOwnerId: ownSteward.id,
      form: completeForm(2, { collectionPeriod: { expires: day(-1) } }),
      visibility: 'public',
    });
    key = r.key;
    title = r.title;
    await c.proposer.caller.review.submit({ review: key });
    await c.steward.caller.steward.recordReview({ review: key, dataReview: dataReview('data-review+') });
    renewalId = (
      await c.proposer.caller.renewal.request({
        review: key,
        newExpires: day(180),
        reason: 'One release cycle is missing.',
      })
    ).id;
    for (const s of [c.steward, otherSteward]) expect(await received(s, key, REQUESTED)).toHaveLength(1);
    expect(await received(ownSteward, key, REQUESTED)).toEqual([]);
  });

  it('asked of Trust and Legal: Legal/Trust’s facilitators are told, naming the review’s key and title and the question', async () => {
    await c.steward.caller.renewal.askLegalTrust({ review: key, renewalId, question: QUESTION });
    const asked = await received(c.facilitators.legal_trust, key, ASKED);
    expect(asked).toHaveLength(1);
    expect(ASKED.exec(asked[0]!.text)?.[1]).toBe(`${key} ${title}`);
    expect(asked[0]!.text).toContain(`The question: ${QUESTION}`);
    expect(asked[0]!.subject).toContain(`${key}: `);
    expect(asked[0]!.subject).toContain(title);
    for (const who of [c.facilitators.data, c.steward, otherSteward, c.proposer])
      expect(await received(who, key, ASKED)).toEqual([]);
  });

  it('reminded after the delay: Legal/Trust of their answer, not the stewards whose review waits on it', async () => {
    expect(await sendStepReminders(at(6))).toBe(0);
    expect(await sendStepReminders(at(8))).toBe(1);
    const reminded = (await received(c.facilitators.legal_trust, key, REMINDED)).map((m) => {
      const w = REMINDED.exec(m.text)!;
      return { days: w[1], step: w[2], subject: m.subject };
    });
    expect(reminded).toEqual([
      {
        days: '7',
        step: `Answer the data steward's question to Trust and Legal on the renewal request (collect until ${day(180)})`,
        subject: expect.stringContaining(`${key} ${title}`),
      },
    ]);
    for (const s of [c.steward, otherSteward, ownSteward])
      expect(await received(s, key, REMINDED)).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['subject', 'after'])
      .where('action', '=', 'reminder.step_sent')
      .execute();
    expect(audit).toEqual([
      {
        subject: `${key}:answer_renewal_legal_trust:::${renewalId}`,
        after: expect.objectContaining({ renewalId, to: [c.facilitators.legal_trust.id] }),
      },
    ]);
    // Once per waiting period.
    expect(await sendStepReminders(at(9))).toBe(0);
  });

  it('answered: the stewards off the collection’s side are told it is theirs again, and reminded of it later', async () => {
    await c.facilitators.legal_trust.caller.renewal.answerLegalTrust({
      review: key,
      renewalId,
      answer: 'Covered.',
    });
    for (const s of [c.steward, otherSteward]) expect(await received(s, key, ANSWERED)).toHaveLength(1);
    expect(await received(ownSteward, key, ANSWERED)).toEqual([]);
    expect(await sendStepReminders(at(15))).toBe(1);
    for (const s of [c.steward, otherSteward])
      expect((await received(s, key, REMINDED)).map((m) => REMINDED.exec(m.text)?.[2])).toEqual([
        `Review the renewal request (collect until ${day(180)}) as data steward`,
      ]);
    expect(await received(ownSteward, key, REMINDED)).toEqual([]);
    // Legal/Trust's step is taken: they are not reminded again.
    expect(await received(c.facilitators.legal_trust, key, REMINDED)).toHaveLength(1);
  });
});
