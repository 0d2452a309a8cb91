import { sendSignOffReminders } from '@signoff/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import type { TestDatabase } from '../../../test/database.ts';
import { type MailCast, remindersAt, startMailCast, stopMailCast } from '../../../test/mail-cast.ts';
import {
  type Cast,
  completeForm,
  dataReview,
  implementInNewRevision,
  inDispute,
  type Person,
  submittedReview,
} from '../../../test/review-fixtures.ts';

/**
 * Issue 13: notifications and reminders go to the owners of the open steps (core's openSteps), delivered over
 * SMTP to a real server. The engineering owner also facilitates Data: on the proposer's side, they never judge
 * the collection, so no mail asks them to. Legal/Trust and Security are told when their turn comes.
 */
let mail: MailCast;
let t: TestDatabase;
let c: Cast;
let requester: Person;
let engineeringOwner: Person;
let reviewer: Person;
beforeAll(async () => {
  mail = await startMailCast();
  ({ t, c } = mail);
  requester = await person(t.db, 'requester@example.com');
  engineeringOwner = await person(t.db, 'eo-data@example.com', { areas: ['data'] });
  reviewer = await person(t.db, 'reviewer@example.com');
});
afterAll(() => stopMailCast(mail));

const deliverAll = () => mail.deliverAll();
/** What `who` received about review `key` whose text matches `pattern`. */
const received = (who: Person, key: string, pattern: RegExp) =>
  mail.mailsTo(who.email, `${key} `).filter((x) => pattern.test(x.text));

const STARTED = /entered the sensitive data collection review/;
const ASKED = /Your area is asked for its risk judgement/;
const LATER = /Your area's sign-off comes after the/;
const TURN = /now waits for the .* sign-off/;
const STALE = /The documentation of .* changed/;
const REQUESTED = /requested (a )?mitigation/;
const AWAITS = /is implemented and awaits acceptance/;
const REMINDER = /has been pending for more than/;
const SHARED = /position papers shared/;

const ok = { risk: 'low' as const, decision: 'approved' as const, rationale: 'Low risk.' };

describe('notifications go to the owners of the open steps', () => {
  let key = '';
  let title = '';
  it('a sensitive review starts: Privacy/Technical and Data are asked; Legal/Trust and Security told they come after', async () => {
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Owners of the open steps',
      channels: [{ channel: 'release', defaultState: 'off' }],
      requesterId: requester.id,
      engineeringOwnerId: engineeringOwner.id,
      form: completeForm(3),
      visibility: 'public',
    });
    key = r.key;
    title = r.title;
    await c.proposer.caller.review.submit({ review: key });
    await c.steward.caller.steward.recordReview({ review: key, dataReview: dataReview('data-review+') });
    await deliverAll();
    for (const f of [c.facilitators.privacy_technical, c.facilitators.data])
      expect(received(f, key, ASKED)).toHaveLength(1);
    for (const f of [c.facilitators.legal_trust, c.facilitators.security]) {
      expect(received(f, key, ASKED)).toHaveLength(0);
      expect(received(f, key, LATER)).toHaveLength(1);
    }
    // The engineering owner facilitates Data but may not judge their own collection (core refuses it).
    expect(received(engineeringOwner, key, STARTED)).toHaveLength(0);
  });

  it('Legal/Trust and Security are told when Privacy/Technical and Data have approved: their turn', async () => {
    await c.facilitators.privacy_technical.caller.signOff.record({
      review: key,
      area: 'privacy_technical',
      ...ok,
    });
    await deliverAll();
    expect(received(c.facilitators.legal_trust, key, TURN)).toHaveLength(0);
    await c.facilitators.data.caller.signOff.record({ review: key, area: 'data', ...ok });
    await deliverAll();
    for (const f of [c.facilitators.legal_trust, c.facilitators.security])
      expect(received(f, key, TURN)).toHaveLength(1);
    for (const f of [c.facilitators.privacy_technical, c.facilitators.data, engineeringOwner])
      expect(received(f, key, TURN)).toHaveLength(0);
  });

  it("a mitigation: requested of the proposer's side; once implemented, only a facilitator who may judge it is asked", async () => {
    const m = await c.facilitators.data.caller.mitigation.request({
      review: key,
      area: 'data',
      kind: 'technical_control',
      description: 'Keep only the eTLD+1.',
    });
    await deliverAll();
    for (const who of [c.proposer, requester, engineeringOwner])
      expect(received(who, key, REQUESTED)).toHaveLength(1);
    await implementInNewRevision(c, key, m.id);
    await deliverAll();
    expect(received(c.facilitators.data, key, AWAITS)).toHaveLength(1);
    expect(received(engineeringOwner, key, AWAITS)).toHaveLength(0);
  });

  it('a new revision: the owners of the stale sign-offs are told, not a facilitator on the proposer’s side', async () => {
    for (const f of [c.facilitators.privacy_technical, c.facilitators.data])
      expect(received(f, key, STALE)).toHaveLength(1);
    expect(received(engineeringOwner, key, STALE)).toHaveLength(0);
    expect(received(c.facilitators.legal_trust, key, STALE)).toHaveLength(0); // it had no sign-off
  });

  it('reminders: the owners of sign-offs that can be taken now, not those that wait, not the proposer’s side', async () => {
    const later = remindersAt(t.db, 8);
    // Privacy/Technical and Data must re-confirm on the new revision; Legal/Trust and Security wait for them.
    expect(await sendSignOffReminders(later)).toBe(2);
    await deliverAll();
    for (const f of [c.facilitators.privacy_technical, c.facilitators.data])
      expect(received(f, key, REMINDER)).toHaveLength(1);
    for (const f of [c.facilitators.legal_trust, c.facilitators.security, engineeringOwner])
      expect(received(f, key, REMINDER)).toHaveLength(0);
  });

  it('an escalation: once the papers are shared, everyone who may comment is told, reviewers of the area too', async () => {
    await c.facilitators.security.caller.signOff.addReviewer({
      review: key,
      area: 'security',
      email: reviewer.email,
    });
    await inDispute(c, key, 'security');
    const e = await c.proposer.caller.escalation.open({
      review: key,
      facilitatorId: c.facilitators.security.id,
      areas: ['security'],
      question: 'Is the eTLD+1 enough?',
    });
    const target = { review: key, escalationId: e.id };
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'It is.' });
    await c.facilitators.security.caller.escalation.share(target);
    await deliverAll();
    for (const who of [reviewer, c.owner, requester, engineeringOwner])
      expect(received(who, key, SHARED)).toHaveLength(1);
    expect(received(c.outsider, key, SHARED)).toHaveLength(0);
  });

  it('every notification names the review by key and title, in its subject and its first line', () => {
    const about = `${key} ${title}`;
    const mails = mail.mails(key).filter((x) => x.subject.startsWith('[sign-off]'));
    expect(mails.length).toBeGreaterThan(15);
    for (const x of mails) {
      expect(x.subject).toContain(about);
      expect(x.text.split('\n')[0]).toContain(about);
      expect(x.subject).not.toMatch(/ of (changed|\(| is )/);
    }
  });
});

describe('the data steward’s question to Trust and Legal', () => {
  it('goes to the owners of its answer: the Legal/Trust facilitators', async () => {
    const r = await submittedReview(c, 2);
    const base = dataReview('data-review+');
    await c.steward.caller.steward.recordReview({
      review: r.key,
      dataReview: {
        ...base,
        answers: { ...base.answers, thirdPartyTool: { answer: 'yes', note: 'A vendor SDK.' } },
      },
    });
    await deliverAll();
    expect(received(c.facilitators.legal_trust, r.key, /escalated .* to Trust and Legal/)).toHaveLength(1);
    expect(received(c.facilitators.security, r.key, /Trust and Legal/)).toHaveLength(0);
  });
});
