// What the screens of issue 14 ask the API before offering an action: renewal.list's and survey's verdicts,
// the notification preference, and glean.preview (reads, writes nothing). Over the real database.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { completeForm, dataReview } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();

/** renewal_review.md's two questions, both answered `answer`. */
const renewalAnswers = (answer: 'yes' | 'no') => ({
  originalReviewComplete: { answer },
  privacyNoticeCoverage: { answer },
});

const nextYear = `${new Date().getUTCFullYear() + 1}-01-31`;
const fixture = (name: string) => ({
  name: `toolkit/components/sidebar/${name}`,
  text: readFileSync(new URL(`../../core/test/fixtures/${name}`, import.meta.url), 'utf8').replaceAll(
    '2027-01-31',
    nextYear,
  ),
});
const count = async (table: 'reviews' | 'glean_imports' | 'audit_events') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function approved(expires: string) {
  const r = await c.proposer.caller.review.create({
    productId: c.productId,
    title: `Collection until ${expires}`,
    channels: [{ channel: 'release', defaultState: 'off' }],
    form: completeForm(2, { collectionPeriod: { expires } }),
    visibility: 'public',
  });
  await c.proposer.caller.review.submit({ review: r.key });
  await c.steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
  return r.key;
}

describe('renewal.list says who may request, review and withdraw', () => {
  it('follows the rules that refuse the writes', async () => {
    const key = await approved('Firefox 150');
    const fresh = await c.proposer.caller.renewal.list({ review: key });
    expect(fresh.allowed).toEqual({ request: { allowed: true, reason: null }, renewals: [] });
    const steward = await c.steward.caller.renewal.list({ review: key });
    expect(steward.allowed.request).toEqual({
      allowed: false,
      reason: 'Only the accountable people of a collection request its renewal.',
    });

    const n = await c.proposer.caller.renewal.request({
      review: key,
      newExpires: 'Firefox 160',
      reason: 'The experiment needs another cycle.',
    });
    const mine = await c.proposer.caller.renewal.list({ review: key });
    expect(mine.allowed.request.allowed).toBe(false);
    expect(mine.allowed.request.reason).toContain(
      'An earlier renewal request is still waiting for a data steward',
    );
    expect(mine.allowed.renewals).toEqual([
      {
        renewalId: n.id,
        review: { allowed: false, reason: 'Only a data steward reviews a renewal.' },
        withdraw: { allowed: true, reason: null },
        askLegalTrust: { allowed: false, reason: expect.any(String) },
        answerLegalTrust: { allowed: false, reason: expect.any(String) },
      },
    ]);
    const theirs = await c.steward.caller.renewal.list({ review: key });
    expect(theirs.allowed.renewals[0]?.review).toEqual({ allowed: true, reason: null });
    expect(theirs.allowed.renewals[0]?.withdraw.allowed).toBe(false);

    await c.steward.caller.renewal.review({
      review: key,
      renewalId: n.id,
      outcome: 'data-review+',
      answers: renewalAnswers('yes'),
      stewardReview: 'Fine for one more cycle.',
    });
    const after = await c.steward.caller.renewal.list({ review: key });
    expect(after.allowed.renewals[0]?.review.allowed).toBe(false);
    expect(after.allowed.renewals[0]?.review.reason).toContain('approved, not waiting for a review');
    expect((await c.proposer.caller.renewal.list({ review: key })).allowed.request.allowed).toBe(true);
  });

  it('a draft is not renewed: the reason says so', async () => {
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Draft collection',
      channels: [{ channel: 'release', defaultState: 'off' }],
      form: completeForm(2),
      visibility: 'public',
    });
    const list = await c.proposer.caller.renewal.list({ review: r.key });
    expect(list.allowed.request.reason).toBe(
      'Only an approved or shipped collection is renewed; this review is a draft.',
    );
  });
});

describe('survey verdicts', () => {
  it('only an admin opens a survey; the owner answers an item, an admin reassigns it', async () => {
    expect(await c.admin.caller.survey.actions()).toEqual({
      open: { allowed: true, reason: null },
      sendReminders: { allowed: true, reason: null },
    });
    expect((await c.proposer.caller.survey.actions()).open).toEqual({
      allowed: false,
      reason: 'Only an admin opens the annual survey.',
    });
    const key = await approved('Firefox 190');
    await c.proposer.caller.review.markShipped({ review: key });
    const year = new Date().getUTCFullYear();
    await c.admin.caller.survey.open({ year, dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    const [own] = await c.proposer.caller.survey.items({ year });
    expect(own?.reviewKey).toBe(key);
    expect(own?.allowed.answer).toEqual({ allowed: true, reason: null });
    expect(own?.allowed.reassign.allowed).toBe(false);
    const asAdmin = (await c.admin.caller.survey.items({ year })).find((i) => i.reviewKey === key);
    expect(asAdmin?.allowed.reassign).toEqual({ allowed: true, reason: null });
    expect(asAdmin?.allowed.answer.allowed).toBe(false);
  });
});

describe('notification preference', () => {
  it('reads back what was set', async () => {
    expect(await c.outsider.caller.auth.preferences()).toMatchObject({ notifications: true });
    await c.outsider.caller.auth.setNotifications({ enabled: false });
    const off = await c.outsider.caller.auth.preferences();
    expect(off.notifications).toBe(false);
    expect(off.kinds.every((k) => !k.enabled)).toBe(true);
    expect(await c.proposer.caller.auth.preferences()).toMatchObject({ notifications: true });
  });
});

describe('glean.preview', () => {
  it('says what an import would make of the files and writes nothing', async () => {
    const before = await Promise.all([count('reviews'), count('glean_imports'), count('audit_events')]);
    const p = await c.proposer.caller.glean.preview({
      bug: '1901234',
      files: [fixture('browser.metrics.yaml'), fixture('history.metrics.yaml')],
    });
    expect(p.metrics.map((m) => m.name).sort()).toEqual(
      (
        await c.proposer.caller.glean.createReview({
          productId: c.productId,
          bug: '1901234',
          files: [fixture('browser.metrics.yaml'), fixture('history.metrics.yaml')],
          channels: [{ channel: 'release', defaultState: 'off' }],
          visibility: 'public',
        })
      ).metrics
        .map((m) => m.name)
        .sort(),
    );
    expect(p.metricsRead).toBeGreaterThan(p.metrics.length - 1);
    const after = await Promise.all([count('reviews'), count('glean_imports'), count('audit_events')]);
    // Only the createReview above wrote: one review, one import.
    expect(after[0] - before[0]).toBe(1);
    expect(after[1] - before[1]).toBe(1);
  });

  it('refuses a broken file naming file, line and field', async () => {
    const res = await outcome(
      c.proposer.caller.glean.preview({ bug: '1901234', files: [fixture('schema-errors.metrics.yaml')] }),
    );
    expect(res.code).toBe('BAD_REQUEST');
    const issues = (res.details as { issues: { file: string; line: number; field: string }[] }).issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.file).toBe('toolkit/components/sidebar/schema-errors.metrics.yaml');
    expect(issues[0]?.line).toBeGreaterThan(0);
    expect(issues[0]?.field).toBeTruthy();
  });
});
