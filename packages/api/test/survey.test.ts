import { readStream } from '@signoff/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerWithToken, person } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { completeForm, dataReview, draftOnRelease, type Person } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();
let eng: Person;
let successor: Person;
const year = new Date().getUTCFullYear();
const dueAt = new Date(Date.now() + 3_600_000);
const shipped: { id: number; key: string }[] = [];

/** A category 2 collection, approved and shipped. */
async function shippedCollection(title: string, engineeringOwnerId: number | null) {
  const r = await c.proposer.caller.review.create({
    productId: c.productId,
    title,
    channels: [{ channel: 'release', defaultState: 'off' }],
    visibility: 'public',
    engineeringOwnerId,
    form: completeForm(2),
  });
  await c.proposer.caller.review.submit({ review: r.key });
  await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
  await c.proposer.caller.review.markShipped({ review: r.key });
  return r;
}

beforeAll(async () => {
  eng = await person(t.db, 'eng@example.com');
  successor = await person(t.db, 'successor@example.com');
  shipped.push(await shippedCollection('Sidebar width', eng.id));
  shipped.push(await shippedCollection('Cookie breakage', null));
  shipped.push(await shippedCollection('Tab count', null));
  // Approved but not shipped: not part of the survey.
  const approved = await draftOnRelease(c, 'Not shipped yet', completeForm(2));
  await c.proposer.caller.review.submit({ review: approved.key });
  await c.steward.caller.steward.recordReview({
    review: approved.key,
    dataReview: dataReview('data-review+'),
  });
});

const itemOf = async (key: string, who = c.admin) =>
  (await who.caller.survey.items({ year })).find((i) => i.reviewKey === key)!;

describe('the annual survey', () => {
  it('only an admin opens it; every shipped collection gets an item for its accountable owner, told by mail', async () => {
    expect((await outcome(c.steward.caller.survey.open({ year, dueAt: dueAt.toISOString() }))).code).toBe(
      'FORBIDDEN',
    );
    const opened = await c.admin.caller.survey.open({ year, dueAt: dueAt.toISOString() });
    expect(opened).toMatchObject({
      year,
      counts: { items: 3, open: 3, answered: 0, overdue: 0, flaggedForRemoval: 0 },
      mailsQueued: 2,
    });
    const items = await c.admin.caller.survey.items({ year });
    expect(items.map((i) => [i.reviewKey, i.owner.id, i.state])).toEqual([
      [shipped[0]?.key, eng.id, 'open'],
      [shipped[1]?.key, c.proposer.id, 'open'],
      [shipped[2]?.key, c.proposer.id, 'open'],
    ]);
    // Reminders through the outbox: one mail per owner, listing their collections.
    const mails = await t.db
      .selectFrom('outbox')
      .selectAll()
      .where('subject', 'like', '%Annual data collection survey%')
      .orderBy('id')
      .execute();
    expect(mails.map((m) => [m.kind, m.to_addresses])).toEqual([
      ['notification', [eng.email]],
      ['notification', [c.proposer.email]],
    ]);
    expect(mails[1]?.body_text).toContain(`- ${shipped[1]?.key} Cookie breakage`);
    expect(mails[1]?.body_text).toContain(`- ${shipped[2]?.key} Tab count`);
    expect(mails[1]?.body_text).toContain(`/surveys/${year}`);
    // Each collection's timeline shows it.
    const actions = (await readStream(t.db, `review:${shipped[0]?.id}`)).map((e) => e.action);
    expect(actions).toContain('survey.item_created');
  });

  it('once a year', async () => {
    expect((await outcome(c.admin.caller.survey.open({ year, dueAt: dueAt.toISOString() }))).code).toBe(
      'CONFLICT',
    );
  });

  it('owners see their own items; admins and stewards every item', async () => {
    expect((await eng.caller.survey.items({ year })).map((i) => i.reviewKey)).toEqual([shipped[0]?.key]);
    expect(await c.outsider.caller.survey.items({ year })).toEqual([]);
    expect(await c.steward.caller.survey.items({ year })).toHaveLength(3);
    expect((await c.admin.caller.survey.items({ year, mine: true })).length).toBe(0);
  });

  it('the owner answers: still necessary and why, who is responsible now', async () => {
    const item = await itemOf(shipped[0]!.key);
    const other = await outcome(
      c.outsider.caller.survey.answer({
        itemId: item.id,
        stillNecessary: true,
        reason: 'x',
        responsiblePersonId: eng.id,
      }),
    );
    expect(other.code).toBe('FORBIDDEN');
    const answered = await eng.caller.survey.answer({
      itemId: item.id,
      stillNecessary: true,
      reason: 'The width report drives the sidebar redesign.',
      responsiblePersonId: successor.id,
    });
    expect(answered).toMatchObject({
      state: 'answered',
      stillNecessary: true,
      responsible: { id: successor.id, name: 'successor' },
      flaggedForRemoval: false,
    });
    expect(
      (
        await outcome(
          eng.caller.survey.answer({
            itemId: item.id,
            stillNecessary: true,
            reason: 'x',
            responsiblePersonId: 999_999,
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('"no longer necessary" flags the collection for removal', async () => {
    const item = await itemOf(shipped[1]!.key);
    const answered = await c.proposer.caller.survey.answer({
      itemId: item.id,
      stillNecessary: false,
      reason: 'The cookie policy shipped; breakage reports moved to webcompat.',
      responsiblePersonId: c.proposer.id,
    });
    expect(answered.flaggedForRemoval).toBe(true);
    expect((await c.admin.caller.survey.items({ year, filter: 'flagged' })).map((i) => i.reviewKey)).toEqual([
      shipped[1]?.key,
    ]);
    const actions = (await readStream(t.db, `review:${shipped[1]?.id}`)).map((e) => e.action);
    expect(actions).toContain('survey.flagged_for_removal');
  });

  it('open, answered and overdue items are listed; after the due date an unanswered item is overdue', async () => {
    expect((await c.admin.caller.survey.items({ year, filter: 'answered' })).map((i) => i.reviewKey)).toEqual(
      [shipped[0]?.key, shipped[1]?.key],
    );
    expect((await c.admin.caller.survey.items({ year, filter: 'open' })).map((i) => i.reviewKey)).toEqual([
      shipped[2]?.key,
    ]);
    expect(await c.admin.caller.survey.items({ year, filter: 'overdue' })).toEqual([]);

    const later = await callerWithToken(t.db, c.admin.token, () => new Date(dueAt.getTime() + 60_000));
    expect(
      (await later.survey.items({ year, filter: 'overdue' })).map((i) => [i.reviewKey, i.state]),
    ).toEqual([[shipped[2]?.key, 'overdue']]);
    expect(await later.survey.items({ year, filter: 'open' })).toEqual([]);
    const [summary] = await later.survey.list();
    expect(summary?.counts).toEqual({ items: 3, open: 0, answered: 2, overdue: 1, flaggedForRemoval: 1 });

    const reminded = await later.survey.sendReminders({ year, onlyOverdue: true });
    expect(reminded).toEqual({ mailsQueued: 1, items: 1 });
    const mail = await t.db.selectFrom('outbox').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/^Overdue: Annual data collection survey/);
    expect(mail.body_text).toContain(`${shipped[2]?.key} Tab count (overdue)`);
    expect((await later.survey.items({ year, filter: 'overdue' }))[0]?.remindersSent).toBe(2);
  });

  it('an admin reassigns an unanswered item, not an answered one', async () => {
    const open = await itemOf(shipped[2]!.key);
    expect(
      (await outcome(c.proposer.caller.survey.reassign({ itemId: open.id, ownerId: eng.id }))).code,
    ).toBe('FORBIDDEN');
    expect((await c.admin.caller.survey.reassign({ itemId: open.id, ownerId: eng.id })).owner.id).toBe(
      eng.id,
    );
    const answered = await itemOf(shipped[0]!.key);
    expect(
      (await outcome(c.admin.caller.survey.reassign({ itemId: answered.id, ownerId: eng.id }))).code,
    ).toBe('PRECONDITION_FAILED');
  });

  it('next year, the person named responsible owns the item', async () => {
    const next = await c.admin.caller.survey.open({
      year: year + 1,
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(next.counts.items).toBe(3);
    const items = await c.admin.caller.survey.items({ year: year + 1 });
    expect(items.map((i) => i.owner.id)).toEqual([successor.id, c.proposer.id, c.proposer.id]);
    expect((await c.admin.caller.survey.list()).map((s) => s.year)).toEqual([year + 1, year]);
  });

  it('an unknown year is not found', async () => {
    expect((await outcome(c.admin.caller.survey.items({ year: 2001 }))).code).toBe('NOT_FOUND');
  });
});
