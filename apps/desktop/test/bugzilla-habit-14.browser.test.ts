// The Bugzilla habit on screen (issue 14): submitting names the data steward the proposer requests, as the
// data-review? requestee is named, optional ("any steward" by default, any steward may still take it); the
// review header says who was requested, by name; the requested steward's inbox says they were requested by
// name, another steward's says whom and that any steward may take it. In Debian's Chromium against the real
// server on a fresh test database; each step acts through the UI and checks the effect through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { completeForm, dataReview, type Person } from '../../../test/review-fixtures.ts';
import { type BrowserFixture, startBrowserFixture } from './browser-fixture.ts';

const STEP = 90_000;

let f: BrowserFixture;
let other: Person;
const state = { key: '' };

beforeAll(async () => {
  f = await startBrowserFixture('desktop-bugzilla-habit-14');
  other = await person(f.database.db, 'other-steward@example.com', { roles: ['steward'] });
}, 240_000);

afterAll(async () => {
  await f?.close();
});

/** The "Data steward you request" choice and what it offers, in order. */
const choice = () => f.page.getByLabel('Data steward you request');
const offered = () => choice().locator('option').allTextContents();
/** The header's "Steward requested" fact (empty when nobody is requested). */
const headerFact = async () => {
  const fact = f.page.locator('.review-header .facts div', {
    has: f.page.locator('dt', { hasText: 'Steward requested' }),
  });
  return (await fact.count()) === 0 ? null : ((await fact.locator('dd').textContent()) ?? '');
};
const inboxItem = (key: string) =>
  f.page.getByRole('list', { name: 'Blocked on me now' }).locator('li', { hasText: key });

describe('the requested steward, on screen', () => {
  it(
    'the proposer picks the steward at submission ("any steward" by default) and the header names them',
    async () => {
      const { proposer, steward, productId } = f.cast;
      const r = await proposer.caller.review.create({
        productId,
        title: 'Toolbar button clicks',
        channels: [{ channel: 'release', defaultState: 'off' }],
        form: completeForm(2),
        visibility: 'public',
      });
      state.key = r.key;
      await f.signIn(proposer);
      await f.openReview(r.key);
      await f.page.getByRole('button', { name: 'Submit to a data steward' }).waitFor();
      // Optional: any steward is the default and says any steward may take it; only active stewards are listed.
      expect(await offered()).toEqual([
        'Any data steward (any steward may take it)',
        'other-steward',
        'steward',
      ]);
      expect(await choice().inputValue()).toBe('');
      expect(await headerFact()).toBeNull();

      await choice().selectOption({ label: 'steward' });
      await f.page.getByRole('button', { name: 'Submit to a data steward' }).click();
      await f.page.locator('.review-header dt', { hasText: 'Steward requested' }).waitFor();
      expect(await headerFact()).toBe('steward');
      const view = await proposer.caller.review.get({ review: r.key });
      expect(view.status).toBe('submitted');
      expect(view.requestedSteward).toEqual({ id: steward.id, name: 'steward' });
      await f.browser.screenshot('bugzilla-habit-01-header');
    },
    STEP,
  );

  it(
    "the requested steward's inbox says they were requested by name; another steward's says whom",
    async () => {
      await f.signIn(f.cast.steward);
      await inboxItem(state.key).waitFor();
      expect(await inboxItem(state.key).textContent()).toContain('The proposer requested you by name.');
      await f.browser.screenshot('bugzilla-habit-02-requested-inbox');

      await f.signIn(other);
      await inboxItem(state.key).waitFor();
      expect(await inboxItem(state.key).textContent()).toContain(
        'The proposer requested steward; any data steward may take it.',
      );
    },
    STEP,
  );

  it(
    'resubmitting offers the steward asked before, and may ask any steward instead',
    async () => {
      const { proposer, steward } = f.cast;
      await steward.caller.steward.recordReview({
        review: state.key,
        dataReview: dataReview('data-review-'),
      });
      await f.signIn(proposer);
      await f.openReview(state.key);
      await f.page.getByRole('button', { name: 'Resubmit' }).waitFor();
      // The stewards are listed once steward.list answers (a loaded machine may answer after the button shows).
      await choice().locator(`option[value="${steward.id}"]`).waitFor({ state: 'attached' });
      expect(await choice().inputValue()).toBe(String(steward.id));
      await choice().selectOption('');
      await f.page.getByRole('button', { name: 'Resubmit' }).click();
      await f.page.getByRole('button', { name: 'Resubmit' }).waitFor({ state: 'detached' });
      const view = await proposer.caller.review.get({ review: state.key });
      expect(view.status).toBe('submitted');
      expect(view.requestedSteward).toBeNull();
      expect(await headerFact()).toBeNull();
    },
    STEP,
  );

  it(
    'the new review form offers the same choice, any steward by default',
    async () => {
      await f.page.goto(`${f.server.url}/reviews/new`);
      await f.page.getByRole('heading', { name: 'New data collection review' }).waitFor();
      await choice().waitFor();
      expect(await offered()).toEqual([
        'Any data steward (any steward may take it)',
        'other-steward',
        'steward',
      ]);
      expect(await choice().inputValue()).toBe('');
    },
    STEP,
  );
});

describe('a renewal asks Trust and Legal, on screen', () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const QUESTION = 'The collection now runs in Germany too: does the privacy notice still cover it?';
  const ANSWER = 'Yes: the notice covers every country where the product ships.';
  const renewal = { key: '', id: 0 };
  const card = () => f.page.locator('article.renewal-item').first();

  it(
    'the steward reviewing a renewal asks Trust and Legal; the renewal says it waits for them',
    async () => {
      const { proposer, steward, productId } = f.cast;
      const r = await proposer.caller.review.create({
        productId,
        title: 'Expired collection',
        channels: [{ channel: 'release', defaultState: 'off' }],
        form: completeForm(2, { collectionPeriod: { expires: day(-1) } }),
        visibility: 'public',
      });
      await proposer.caller.review.submit({ review: r.key });
      await steward.caller.steward.recordReview({ review: r.key, dataReview: dataReview('data-review+') });
      const n = await proposer.caller.renewal.request({
        review: r.key,
        newExpires: day(180),
        reason: 'One release cycle is missing.',
      });
      Object.assign(renewal, { key: r.key, id: n.id });

      await f.signIn(steward);
      await f.page.goto(`${f.server.url}/reviews/${r.key}/renewal`);
      await card().getByRole('button', { name: 'Ask Trust and Legal' }).waitFor();
      await card().getByLabel('Ask Trust and Legal (optional)').fill(QUESTION);
      await card().getByRole('button', { name: 'Ask Trust and Legal' }).click();
      await f.page.getByRole('status').filter({ hasText: 'Trust and Legal are asked' }).waitFor();
      await card().getByText('Waiting for Trust and Legal').waitFor();
      await card().getByText(QUESTION).waitFor();
      await card().getByText("The renewal waits for Trust and Legal's answer").waitFor();
      // While it waits the steward has no renewal review form, and cannot ask again.
      expect(await card().getByRole('button', { name: 'Record the renewal review' }).count()).toBe(0);
      expect(await card().getByRole('button', { name: 'Ask Trust and Legal' }).count()).toBe(0);
      const [listed] = (await steward.caller.renewal.list({ review: r.key })).renewals;
      expect(listed).toMatchObject({
        waitsOn: 'legal_trust',
        legalTrust: { state: 'open', question: QUESTION },
      });
      await f.browser.screenshot('bugzilla-habit-03-renewal-asks-legal');
    },
    STEP,
  );

  it(
    'Legal/Trust answer on the renewal screen; the renewal goes back to the steward, who renews it',
    async () => {
      const { steward } = f.cast;
      await f.signIn(f.cast.facilitators.legal_trust);
      // The review page says who the renewal waits for.
      await f.page.goto(`${f.server.url}/reviews/${renewal.key}`);
      await f.page.getByRole('link', { name: 'Renewal waiting for Trust and Legal' }).waitFor();
      // Their inbox lists the answer as theirs to give now, and leads to the renewal page (issue 13).
      await f.page.goto(`${f.server.url}/`);
      const item = f.page
        .locator('li[data-step="answer_renewal_legal_trust"]')
        .filter({ hasText: "Answer the data steward's question to Trust and Legal on the renewal request" });
      await item.getByText(`(collect until ${day(180)})`).waitFor();
      await item.getByRole('link', { name: renewal.key }).click();
      await f.page.waitForURL(`**/reviews/${renewal.key}/renewal`);
      await card().getByLabel('Answer for Trust and Legal').fill(ANSWER);
      await card().getByRole('button', { name: 'Send the answer' }).click();
      await f.page.getByRole('status').filter({ hasText: "Trust and Legal's answer is recorded" }).waitFor();
      await card().getByText(ANSWER).waitFor();
      await card().getByText('Waiting for a data steward').waitFor();

      await f.signIn(steward);
      await f.page.goto(`${f.server.url}/reviews/${renewal.key}/renewal`);
      await card().getByText(ANSWER).waitFor();
      await card().getByRole('button', { name: 'Record the renewal review' }).waitFor();
      const [listed] = (await steward.caller.renewal.list({ review: renewal.key })).renewals;
      expect(listed).toMatchObject({ waitsOn: 'steward', legalTrust: { state: 'answered', answer: ANSWER } });
    },
    STEP,
  );
});
