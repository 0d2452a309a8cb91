import {
  createCaller,
  createContextInner,
  resolvePrincipal,
  sendStewardRequestReminders,
} from '@signoff/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import type { TestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import { type MailCast, startMailCast, stopMailCast } from '../../../test/mail-cast.ts';
import { type Cast, completeForm, dataReview } from '../../../test/review-fixtures.ts';

/**
 * The Bugzilla habit (issue 14): the proposer names the steward they request when they submit, as the
 * data-review? requestee is named; any steward may still take it; after two working days with no steward
 * action, the requested steward and the stewards' list are reminded.
 */
let mail: MailCast;
let t: TestDatabase;
let c: Cast;
let other: Awaited<ReturnType<typeof person>>;
const LIST = 'data-stewards@example.com';

beforeAll(async () => {
  mail = await startMailCast();
  ({ t, c } = mail);
  other = await person(t.db, 'other-steward@example.com', { roles: ['steward'] });
});
afterAll(() => stopMailCast(mail));

const draft = (title = 'Requested steward') =>
  c.proposer.caller.review.create({
    productId: c.productId,
    title,
    channels: [{ channel: 'release', defaultState: 'off' }],
    externalRefs: [],
    form: completeForm(2),
    visibility: 'public',
  });

/** The proposer, signed in now, acting at `at` (sessions are checked against the real time). */
const proposerAt = async (at: Date) =>
  createCaller(
    createContextInner({
      db: t.db,
      principal: await resolvePrincipal(t.db, `Bearer ${c.proposer.token}`, new Date()),
      now: () => at,
    }),
  );

const reminders = (now: Date, stewardsList: string | null = LIST, holidays = new Set<string>()) =>
  sendStewardRequestReminders(
    createContextInner({
      db: t.db,
      principal: { kind: 'system', label: 'reminders' },
      settings: { stewardsList, holidays },
      now: () => now,
    }),
  );

const deliverAll = () => mail.deliverAll();

describe('the requested steward, named at submission', () => {
  it('someone who is not a data steward is refused, naming the field, and the review stays a draft', async () => {
    const r = await draft();
    for (const id of [c.outsider.id, c.facilitators.data.id, 987_654]) {
      const refused = await outcome(
        c.proposer.caller.review.submit({ review: r.key, requestedStewardId: id }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.message).toMatch(/^requestedStewardId: /);
    }
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.status).toBe('draft');
    expect(view.requestedSteward).toBeNull();
  });

  it('is shown on the review and in the steward inbox "now"; any other steward may still take it', async () => {
    const r = await draft('Shown in the inbox');
    await c.proposer.caller.review.submit({ review: r.key, requestedStewardId: c.steward.id });
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.status).toBe('submitted');
    expect(view.requestedSteward).toEqual({ id: c.steward.id, name: 'steward' });
    expect(view.timeline.map((e) => e.action)).toContain('review.steward_requested');

    const mine = await c.steward.caller.inbox.mine();
    expect(mine.now.find((s) => s.key === r.key)).toMatchObject({
      step: 'record_steward_review',
      requestedSteward: { id: c.steward.id, name: 'steward' },
    });
    // Not requested, still a step for the other steward ("any steward may still take it").
    const theirs = await other.caller.inbox.mine();
    expect(theirs.now.find((s) => s.key === r.key)).toMatchObject({
      step: 'record_steward_review',
      requestedSteward: { id: c.steward.id, name: 'steward' },
    });
    await other.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
    expect((await c.proposer.caller.review.get({ review: r.key })).status).toBe('approved');
  });

  it('the stewards to choose from are listed by name, off the proposer side', async () => {
    const list = await c.proposer.caller.steward.list();
    expect(list.map((s) => s.name)).toEqual(['other-steward', 'steward']);
    // For a review not yet created the caller is its creator: a steward proposing does not see themself.
    expect((await other.caller.steward.list()).map((s) => s.name)).toEqual(['steward']);
    // For a review, its creator, data requester and engineering owner are left out.
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Requested by a steward',
      channels: [{ channel: 'release', defaultState: 'off' }],
      requesterId: other.id,
      form: completeForm(2),
      visibility: 'public',
    });
    expect((await c.proposer.caller.steward.list({ review: r.key })).map((s) => s.name)).toEqual(['steward']);
    // A private review the caller may not see does not exist.
    const hidden = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Private',
      channels: [{ channel: 'release', defaultState: 'off' }],
      form: completeForm(2),
      visibility: 'private',
      privateReason: 'Partnership not yet public.',
    });
    expect((await outcome(c.outsider.caller.steward.list({ review: hidden.key }))).code).toBe('NOT_FOUND');
  });

  it('"any data steward" (null) clears an earlier request at resubmission; leaving it out keeps it', async () => {
    const r = await draft('Any steward after all');
    await c.proposer.caller.review.submit({ review: r.key, requestedStewardId: null });
    expect((await c.proposer.caller.review.get({ review: r.key })).requestedSteward).toBeNull();
    const returned = {
      ...dataReview('data-review-'),
      returnedQuestions: [{ field: 'analysis' as const, note: 'Say how.' }],
    };
    await c.steward.caller.steward.recordReview({ review: r.key, dataReview: returned });
    await c.proposer.caller.review.resubmit({ review: r.key, requestedStewardId: c.steward.id });
    await c.steward.caller.steward.recordReview({ review: r.key, dataReview: returned });
    await c.proposer.caller.review.resubmit({ review: r.key, requestedStewardId: null });
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.requestedSteward).toBeNull();
    const changes = await t.db
      .selectFrom('audit_events')
      .select(['before', 'after'])
      .where('review_id', '=', r.id)
      .where('action', '=', 'review.steward_requested')
      .orderBy('id')
      .execute();
    expect(changes).toEqual([
      { before: { requestedStewardId: null }, after: { requestedStewardId: c.steward.id } },
      { before: { requestedStewardId: c.steward.id }, after: { requestedStewardId: null } },
    ]);
    await c.proposer.caller.review.withdraw({ review: r.key });
  });

  it('the requested steward is told at submission, over SMTP', async () => {
    const r = await draft('Told at submission');
    await c.proposer.caller.review.submit({ review: r.key, requestedStewardId: other.id });
    await deliverAll();
    const told = mail.mailsTo(other.email, r.key);
    expect(told).toHaveLength(1);
    expect(told[0]?.text ?? '').toContain('you are the requested data steward');
    await c.proposer.caller.review.withdraw({ review: r.key }); // so the reminders below see only their own
  });
});

describe('the reminder after two working days', () => {
  // 2026-11-27 is a Friday.
  const friday = new Date('2026-11-27T10:00:00Z');
  const submitOn = async (at: Date, title: string, requestedStewardId?: number) => {
    const r = await draft(title);
    const proposer = await proposerAt(at);
    await proposer.review.submit({ review: r.key, ...(requestedStewardId ? { requestedStewardId } : {}) });
    return r;
  };
  const outboxOf = (reviewId: number) =>
    t.db
      .selectFrom('outbox')
      .select(['to_addresses', 'subject', 'body_text'])
      .where('review_id', '=', reviewId)
      .where('subject', 'like', '%waited%')
      .orderBy('id')
      .execute();

  it('a request submitted on Friday is reminded on Tuesday, not before; once, to the requested steward and the list', async () => {
    const r = await submitOn(friday, 'Friday request', c.steward.id);
    expect(await reminders(new Date('2026-11-30T09:00:00Z'))).toBe(0); // Monday
    expect(await reminders(new Date('2026-12-01T09:59:59Z'))).toBe(0); // Tuesday, a second early
    expect(await reminders(new Date('2026-12-01T10:00:00Z'))).toBe(1);
    expect(await reminders(new Date('2026-12-01T11:00:00Z'))).toBe(0); // once
    await reminders(new Date('2026-12-08T11:00:00Z')); // still once
    const queued = await outboxOf(r.id);
    expect(queued.map((m) => m.to_addresses)).toEqual([[c.steward.email], [LIST]]);
    expect(queued[0]?.body_text).toContain('waited 2 working days');
    expect(queued[0]?.body_text).toContain('The requested steward is steward');

    await deliverAll();
    const arrived = mail.mails(`${r.key} Friday request has waited`);
    expect(arrived.map((m) => m.to).sort()).toEqual([[LIST], [c.steward.email]].sort());

    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('review_id', '=', r.id)
      .where('action', '=', 'reminder.steward_review_sent')
      .execute();
    expect(events).toEqual([
      {
        action: 'reminder.steward_review_sent',
        after: { submittedAt: friday.toISOString(), requestedStewardId: c.steward.id, stewardsList: LIST },
      },
    ]);
  });

  it('a configured holiday is not a working day: Friday before a Monday holiday is reminded on Wednesday', async () => {
    // 2026-12-25 is a Friday, 2026-12-28 the Monday after it.
    const christmas = new Date('2026-12-25T10:00:00Z');
    const holidays = new Set(['2026-12-28']);
    const r = await submitOn(christmas, 'Before the holiday', c.steward.id);
    expect(await reminders(new Date('2026-12-29T10:00:00Z'), LIST, holidays)).toBe(0); // Tuesday
    expect(await outboxOf(r.id)).toEqual([]);
    expect(await reminders(new Date('2026-12-30T10:00:00Z'), LIST, holidays)).toBe(1); // Wednesday
    expect((await outboxOf(r.id)).map((m) => m.to_addresses)).toEqual([[c.steward.email], [LIST]]);
    await c.proposer.caller.review.withdraw({ review: r.key });
  });

  it('no reminder once a steward acted', async () => {
    const r = await submitOn(friday, 'Taken in time', c.steward.id);
    await other.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
    expect(await reminders(new Date('2026-12-03T10:00:00Z'))).toBe(0);
    expect(await outboxOf(r.id)).toEqual([]);
  });

  it('without a requested steward the list alone is reminded; without a list, every steward off the proposer side', async () => {
    const wednesday = new Date('2026-12-02T08:00:00Z');
    const a = await submitOn(wednesday, 'Nobody requested');
    expect(await reminders(new Date('2026-12-04T08:00:00Z'))).toBe(1); // Friday
    expect((await outboxOf(a.id)).map((m) => m.to_addresses)).toEqual([[LIST]]);
    expect((await outboxOf(a.id))[0]?.body_text).toContain('No steward was requested');

    const b = await submitOn(wednesday, 'No list configured', other.id);
    expect(await reminders(new Date('2026-12-04T08:00:00Z'), null)).toBe(1);
    expect((await outboxOf(b.id)).map((m) => m.to_addresses[0]).sort()).toEqual(
      [other.email, c.steward.email].sort(),
    );
  });

  it('a resubmitted request waits anew and keeps its requested steward', async () => {
    const r = await submitOn(friday, 'Returned and resubmitted', other.id);
    await c.steward.caller.steward.recordReview({
      review: r.key,
      dataReview: {
        ...dataReview('data-review-'),
        returnedQuestions: [{ field: 'analysis', note: 'Say how.' }],
      },
    });
    const proposer = await proposerAt(new Date('2026-12-07T10:00:00Z'));
    await proposer.review.resubmit({ review: r.key });
    expect((await c.proposer.caller.review.get({ review: r.key })).requestedSteward?.id).toBe(other.id);
    expect(await reminders(new Date('2026-12-08T10:00:00Z'))).toBe(0);
    expect(await reminders(new Date('2026-12-09T10:00:00Z'))).toBe(1);
    expect((await outboxOf(r.id)).map((m) => m.to_addresses)).toEqual([[other.email], [LIST]]);
  });
});
