// A review from draft to shipped through the UI alone (issue 15, "done when"), in Debian's Chromium against
// the real server: every role signs in on the sign-in screen and acts on the review page; after each step the
// inbox of the next person to act shows the review (blocked on them now), and the Inbox link counts it. No
// step is taken through the API: the API is read only to learn the review's key after the proposer saves it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, signInAs, startBrowserApp } from '../../../test/browser-app.ts';
import { person } from '../../../test/callers.ts';
import { type Cast, cast } from '../../../test/review-fixtures.ts';
import { answerChecklistNoneToTrustAndLegal, fillSearchSuggestionsForm } from './screen-steps.ts';

const STEP = 90_000;
const TITLE = 'Walkthrough: search suggestions engagement';
let app: BrowserApp;
let page: Page;
let c: Cast;
let reviewer: Awaited<ReturnType<typeof person>>;
let key = '';
type Who = { email: string; password: string };

beforeAll(async () => {
  app = await startBrowserApp('walkthrough', {
    seed: async (db) => {
      // People and the product are set up by an admin beforehand, as in production.
      c = await cast(db, '-walk');
      reviewer = await person(db, 'reviewer-walk@example.com');
    },
  });
  page = app.page;
}, 240_000);

afterAll(async () => {
  await app?.close();
});

async function openReview() {
  await page.goto(`${app.server.url}/reviews/${key}`);
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
}

/** The next person to act signs in: the review is in their inbox, blocked on them now, and the Inbox link counts it. */
async function inboxShowsIt(who: Who, what?: RegExp) {
  await signInAs(app, who);
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  const item = page
    .getByRole('list', { name: 'Blocked on me now' })
    .getByRole('listitem')
    .filter({ hasText: key });
  await item.first().waitFor();
  if (what) await item.filter({ hasText: what }).first().waitFor();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Inbox \d+ waiting for you$/ })
    .waitFor();
}

async function comingShowsIt(who: Who) {
  await signInAs(app, who);
  await page
    .getByRole('list', { name: 'Coming to me' })
    .getByRole('listitem')
    .filter({ hasText: key })
    .first()
    .waitFor();
  expect(
    await page
      .getByRole('list', { name: 'Blocked on me now' })
      .getByRole('listitem')
      .filter({ hasText: key })
      .count(),
  ).toBe(0);
}

async function signOff(who: Who, label: string) {
  await signInAs(app, who);
  await openReview();
  const form = page.getByRole('form', { name: `Record ${label} sign-off` });
  await form.getByLabel(`${label} risk`).selectOption('low');
  await form.getByLabel(`${label} decision`).selectOption('approved');
  await form.getByLabel(`${label} rationale`).fill(`${label}: low risk, documented.`);
  await form.getByRole('button', { name: `Record ${label} sign-off` }).click();
  await page.locator(`[data-area] h3:has-text("${label}") .badge-ok`).first().waitFor();
}

describe('one review, draft to shipped, through the UI with every role', () => {
  it(
    'the proposer writes a draft, then submits it; the data steward has it in their inbox',
    async () => {
      await signInAs(app, c.proposer);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New review' }).click();
      await page.getByLabel('Title').fill(TITLE);
      await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Firefox-walk' });
      await page.getByRole('checkbox', { name: 'Pre-release' }).check();
      const text = (name: string, value: string) => page.locator(`[name="${name}"]`).fill(value);
      await text('questionsAnswered', 'How often are search suggestions used?');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/reviews\/DR-\d+$/);
      key = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      await page.getByText('Draft', { exact: true }).first().waitFor();

      await page.getByRole('button', { name: 'Edit documentation' }).click();
      await fillSearchSuggestionsForm(page);
      await text('implementationDetails', 'Glean event, sent with the search ping.');
      await text('intendedUse', 'Ranking suggestions.');
      await text('valueToUsers', 'Better suggestions.');
      await page.getByRole('button', { name: 'Save as a new revision' }).click();
      await page.getByText('Revision 2 by').waitFor();
      await page.getByRole('button', { name: 'Submit to a data steward' }).click();
      await page.getByText('Waiting for a steward', { exact: true }).first().waitFor();
      await app.browser.screenshot('walk-01-submitted');

      await inboxShowsIt(c.steward);
      await app.browser.screenshot('walk-02-steward-inbox');
    },
    STEP,
  );

  it(
    'the data steward records data-review+ with category 3: privacy/technical and data have it now, legal/trust and security see it coming',
    async () => {
      await openReview();
      const form = page.locator('form.steward-form');
      await answerChecklistNoneToTrustAndLegal(form, { onlyAsked: true });
      await form.getByLabel('Category', { exact: true }).selectOption('3');
      await form.getByLabel('Default state').selectOption('off');
      await form.getByLabel('Outcome').selectOption('data-review+');
      await form.getByLabel('Written review').fill('Category 3: the picked suggestion text is user content.');
      await form.getByRole('button', { name: 'Record data review' }).click();
      await page.getByRole('heading', { name: 'Sign-offs by area' }).waitFor();

      await inboxShowsIt(c.facilitators.privacy_technical);
      await inboxShowsIt(c.facilitators.data);
      await comingShowsIt(c.facilitators.legal_trust);
      await comingShowsIt(c.facilitators.security);
    },
    STEP,
  );

  it(
    'privacy/technical involves a reviewer who comments, and approves; data requests a mitigation of the proposer',
    async () => {
      await signInAs(app, c.facilitators.privacy_technical);
      await openReview();
      const card = page.locator('[data-area="privacy_technical"]');
      await card.getByLabel('Involve a reviewer in Privacy/Technical (email)').fill(reviewer.email);
      await card.getByRole('button', { name: 'Add reviewer' }).click();
      await card.getByText(`Reviewers: ${reviewer.displayName}`).waitFor();
      await signOff(c.facilitators.privacy_technical, 'Privacy/Technical');

      await signInAs(app, reviewer);
      await openReview();
      const mine = page.locator('[data-area="privacy_technical"]');
      await mine.getByLabel('Comment on Privacy/Technical').fill('The text is **not** stored past 30 days?');
      await mine.getByRole('button', { name: 'Comment on Privacy/Technical', exact: true }).click();
      await mine
        .getByRole('list', { name: 'Comments on Privacy/Technical' })
        .locator('strong', { hasText: 'not' })
        .waitFor();

      await signInAs(app, c.facilitators.data);
      await openReview();
      const request = page.getByRole('form', { name: 'Request a mitigation' });
      await request.getByLabel('Area').selectOption('data');
      await request.getByLabel('Kind').selectOption('technical_control');
      await request.getByLabel('Description').fill('Drop suggestions picked fewer than 50 times.');
      await request.getByRole('button', { name: 'Request' }).click();
      await page.locator('.mitigations').getByText('Drop suggestions picked fewer than 50 times.').waitFor();
      await signOff(c.facilitators.data, 'Data');

      await inboxShowsIt(c.proposer, /Propose how to carry out the Data mitigation/);
    },
    STEP,
  );

  it(
    'the proposer proposes and implements the mitigation; data accepts it; legal/trust and security have it now',
    async () => {
      await openReview();
      const item = page
        .locator('.mitigations li')
        .filter({ hasText: 'Drop suggestions picked fewer than 50 times.' });
      await item.getByRole('button', { name: 'Propose' }).click();
      await item.getByRole('button', { name: 'Mark implemented in the current revision' }).click();
      await item.getByText('Implemented in revision').waitFor();

      await inboxShowsIt(c.facilitators.data, /mitigation/i);
      await openReview();
      const judged = page
        .locator('.mitigations li')
        .filter({ hasText: 'Drop suggestions picked fewer than 50 times.' });
      await judged.getByRole('button', { name: 'Accept' }).click();
      await judged.getByText('accepted').waitFor();

      await inboxShowsIt(c.facilitators.legal_trust);
      await inboxShowsIt(c.facilitators.security);
    },
    STEP,
  );

  it(
    'legal/trust approves; security rejects, the proposer escalates, both write position papers, the product owner decides to proceed',
    async () => {
      await signOff(c.facilitators.legal_trust, 'Legal/Trust');

      await signInAs(app, c.facilitators.security);
      await openReview();
      const form = page.getByRole('form', { name: 'Record Security sign-off' });
      await form.getByLabel('Security risk').selectOption('medium');
      await form.getByLabel('Security decision').selectOption('rejected');
      await form.getByLabel('Security rationale').fill('The suggestion text is too revealing.');
      await form.getByRole('button', { name: 'Record Security sign-off' }).click();
      await page.locator('[data-area="security"] h3 .badge-bad').first().waitFor();

      await inboxShowsIt(c.proposer, /Escalate the Security rejection, or withdraw/);
      await openReview();
      await page.getByRole('button', { name: 'Escalate Security' }).click();
      await page
        .getByLabel('Facilitator working with you on Security')
        .selectOption(String(c.facilitators.security.id));
      await page
        .getByLabel('Disputed question on Security')
        .fill('Is the 50-pick threshold enough to limit the risk?');
      await page.getByRole('button', { name: 'Open the escalation' }).click();
      const card = page.locator('[data-escalation]');
      await card.getByText('Position papers being written').waitFor();
      await card
        .getByLabel('Your position paper (recommended approach)')
        .fill('Proceed: the threshold limits the risk.');
      await card.getByRole('button', { name: 'Save my position paper' }).click();
      await card.getByText('version 1').waitFor();

      await inboxShowsIt(c.facilitators.security, /position paper/i);
      await openReview();
      await card
        .getByLabel('Your position paper (recommended approach)')
        .fill('Do not ship: the text itself is the risk.');
      await card.getByRole('button', { name: 'Save my position paper' }).click();
      await card.getByText('version 1').waitFor();
      await card.getByRole('button', { name: 'Share the position papers with all parties' }).click();
      await card.getByText('Proceed: the threshold limits the risk.').waitFor();

      await inboxShowsIt(c.owner, /decide|decision/i);
      await openReview();
      await card.getByLabel('Escalation decision').selectOption('proceed');
      await card.getByLabel('Decision rationale').fill('The threshold limits the risk enough.');
      await card.getByRole('button', { name: 'Record the decision' }).click();
      // A decision is confirmed before it is recorded (issue 15).
      await card.getByRole('button', { name: 'Confirm: Proceed' }).click();
      await card.getByText('decided: proceed').waitFor();
      await app.browser.screenshot('walk-08-escalation-decided');

      await inboxShowsIt(c.proposer, /Send or record the announcement/);
    },
    2 * STEP,
  );

  it(
    'the proposer records the announcement sent by hand and marks the review shipped',
    async () => {
      await openReview();
      await page
        .getByLabel('Archive link of an announcement sent by hand')
        .fill('https://groups.google.com/a/mozilla.com/g/data-review/c/walkthrough');
      await page.getByRole('button', { name: 'Record announcement' }).click();
      for (const channel of ['release', 'pre_release'])
        await page.locator(`[data-channel="${channel}"] .badge-ok`, { hasText: 'can ship' }).waitFor();

      await inboxShowsIt(c.proposer, /Mark the collection as shipped/);
      await openReview();
      await page.getByRole('button', { name: 'Mark as shipped' }).click();
      await page.getByText('Shipped', { exact: true }).first().waitFor();
      await app.browser.screenshot('walk-09-shipped');

      // Shipped: nobody has it blocked on them any more.
      await signInAs(app, c.proposer);
      await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
      expect(
        await page
          .getByRole('list', { name: 'Blocked on me now' })
          .getByRole('listitem')
          .filter({ hasText: key })
          .count(),
      ).toBe(0);
    },
    STEP,
  );
});
