// Mozilla's real forms on screen (issue 14, "The real templates"), in Debian's Chromium against the real
// server on a fresh test database: the request form asks question 8 part by part and question 12 with where
// the data goes, in request.md's order; a review written before the split shows what it said. Each step acts
// through the UI and checks the effect through the API.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, signInAs, startBrowserApp } from '../../../test/browser-app.ts';
import { peopleByName, systemCaller } from '../../../test/callers.ts';
import { completeForm } from '../../../test/review-fixtures.ts';
import { answerChecklistNoneToTrustAndLegal } from './screen-steps.ts';

const STEP = 90_000;

let app: BrowserApp;
let page: Page;
let productId: number;
const { who, seed } = peopleByName();
/** Set by the steps, in order. */
const state = { toolKey: '' };

beforeAll(async () => {
  app = await startBrowserApp('desktop-templates-14', {
    seed: async (db) => {
      await seed(db, 'proposer', 'steward', 'legal');
      productId = (
        await systemCaller(db).admin.createProduct({
          name: 'Firefox Desktop',
          ownerEmail: 'proposer@example.com',
        })
      ).id;
    },
  });
  ({ page } = app);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

const text = (name: string, value: string) => page.locator(`[name="${name}"]`).fill(value);
/** The names of the form's controls, in the order the page shows them. */
const controlOrder = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('.documentation-form [name]')]
      .map((e) => e.getAttribute('name') ?? '')
      .filter((n, i, all) => all.indexOf(n) === i),
  );

describe('the request form as request.md asks it', () => {
  it(
    'asks the questions in the template order, Q8 part by part and Q12 with where the data goes',
    async () => {
      await signInAs(app, who('proposer'));
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New review' }).click();
      await page.getByRole('heading', { name: 'New data collection review' }).waitFor();
      await page.getByRole('button', { name: 'Add a measurement' }).click();
      const order = await controlOrder();
      const at = (name: string) => order.indexOf(name);
      // Q4 < Q5 (measurements) < Q6 < Q7 < Q8's four parts < Q9 ... Q11 < Q12's choice < which tool.
      const sequence = [
        'currentInstrumentation',
        'measurement-0-name',
        'publicDocumentationUrl',
        'collectionPeriod.choice',
        'populationChannels',
        'populationCountries',
        'populationLocales',
        'populations',
        'turnOffMechanism',
        'resultsSharing',
        'thirdPartyDataPath',
        'thirdPartyTools',
      ];
      expect(sequence.map(at).every((i) => i >= 0)).toBe(true);
      expect(sequence.map(at)).toEqual([...sequence.map(at)].sort((a, b) => a - b));
      // Question 8 is one group under its own words, each part labelled.
      const q8 = page.getByRole('group', { name: 'What populations will you measure?' });
      for (const label of ['Which release channels?', 'Which countries?', 'Which locales?'])
        await q8.getByLabel(label).waitFor();
      await q8.getByLabel('Any other filters? Please describe in detail.').waitFor();
      const q12 = page.getByRole('radiogroup', { name: /^Is there a third-party tool/ });
      expect(await q12.getByRole('radio').count()).toBe(3);

      await page.getByLabel('Title').fill('Sidebar survey');
      await page.getByLabel('Product', { exact: true }).selectOption(String(productId));
      await page.getByRole('checkbox', { name: 'Pre-release' }).check();
      const form = completeForm(2);
      for (const field of [
        'questionsAnswered',
        'whyMozillaNeedsIt',
        'alternativesConsidered',
        'currentInstrumentation',
        'publicDocumentationUrl',
        'turnOffMechanism',
        'analysis',
        'resultsSharing',
      ] as const)
        await text(field, String(form[field]));
      await text('measurement-0-name', 'sidebar.survey_shown');
      await text('measurement-0-description', 'Whether the survey was shown.');
      await text('measurement-0-trackingBug', '1900001');
      await text('collectionPeriod.expires', 'Firefox 150');
      await text('populationChannels', 'Nightly and Beta.');
      await text('populationCountries', 'Germany.');
      await text('populationLocales', 'de.');
      await text('populations', 'Only profiles that opened the sidebar.');
      await q12.getByRole('radio', { name: 'Yes, going directly to the third party.' }).check();
      // A tool that is used is named before submitting: the form says so before the server does.
      await page.getByRole('button', { name: 'Save and submit to a data steward' }).click();
      await page.locator('[name="thirdPartyTools"][aria-invalid="true"]').waitFor();
      await page.getByText('Name the third-party tool and how it is used.').waitFor();
      const listed = await who('proposer').caller.review.list({});
      expect(listed.items.filter((i) => i.title === 'Sidebar survey')).toEqual([]);

      await text('thirdPartyTools', 'A survey vendor, loaded in a sidebar panel.');
      await page.getByRole('button', { name: 'Save and submit to a data steward' }).click();
      await page.waitForURL(/\/reviews\/DR-\d+$/);
      const key = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      state.toolKey = key;
      const view = await who('proposer').caller.review.get({ review: key });
      expect(view.status).toBe('submitted');
      expect(view.form).toMatchObject({
        populationChannels: 'Nightly and Beta.',
        populationCountries: 'Germany.',
        populationLocales: 'de.',
        populations: 'Only profiles that opened the sidebar.',
        thirdPartyDataPath: 'direct_to_third_party',
        thirdPartyTools: 'A survey vendor, loaded in a sidebar panel.',
      });
      // The review shows the answers in words.
      await page.getByText('Yes, going directly to the third party.').waitFor();
      await app.browser.screenshot('templates-01-request-q8-q12');
    },
    STEP,
  );

  it(
    'a review written before the split shows what it said; editing it asks only the new parts',
    async () => {
      const { populationChannels, populationCountries, populationLocales, thirdPartyDataPath, ...rest } =
        completeForm(2);
      const old = await who('proposer').caller.review.create({
        productId,
        title: 'Written before',
        channels: [{ channel: 'release', defaultState: 'off' }],
        visibility: 'public',
        form: { ...rest, populations: 'Release users in all locales.', thirdPartyTools: 'No.' },
      });
      await page.goto(`${app.server.url}/reviews/${old.key}`);
      await page.getByText('Release users in all locales.').waitFor();
      await page.getByRole('button', { name: 'Edit documentation' }).click();
      expect(await page.locator('[name="populations"]').inputValue()).toBe('Release users in all locales.');
      expect(await page.locator('[name="thirdPartyTools"]').inputValue()).toBe('No.');
      expect(await page.locator('[name="thirdPartyDataPath"]:checked').count()).toBe(0);
    },
    STEP,
  );
});

describe('the data review form as review.md asks it', () => {
  it(
    "Q2's security exception says why; Q7 unsure and Q9 yes say beforehand they go to Trust and Legal; Q8 is asked",
    async () => {
      await signInAs(app, who('steward'));
      await page.goto(`${app.server.url}/reviews/${state.toolKey}`);
      const form = page.getByRole('form', { name: 'Record the data review' });
      await form.waitFor();
      // Request Q12 named a tool: Q9 says so.
      await form
        .getByText(/The request names a third-party tool \(question 12: Yes, going directly/)
        .waitFor();
      const answer = (key: string, value: string) =>
        form.locator(`[name="answer-${key}"]`).selectOption(value);
      // Q7 offers "unsure"; Q8 is yes or no.
      expect(await form.locator('[name="answer-privacyNoticeCoverage"] option').allTextContents()).toEqual([
        'Choose…',
        'yes',
        'no',
        'unsure',
      ]);
      expect(await form.locator('[name="answer-renewalCheckIn"] option').allTextContents()).toEqual([
        'Choose…',
        'yes',
        'no',
      ]);
      await answer('publicDocumentation', 'yes');
      await answer('userControl', 'no');
      await form.getByRole('checkbox', { name: /^Needed for security purposes/ }).check();
      await answer('monitoring', 'not_applicable');
      await form.getByLabel('Default state').selectOption('on');
      await answer('newIdentifiers', 'yes');
      await answer('privacyNoticeCoverage', 'unsure');
      await answer('renewalCheckIn', 'yes');
      await form.getByLabel('Details for question 8').fill('Bug 1900099 filed for a check-in in six months.');
      await answer('thirdPartyTool', 'yes');
      await form.getByLabel('Outcome').selectOption('data-review+');
      await form
        .getByLabel('Written review')
        .fill('Needed to detect attacks; Trust and Legal asked about the vendor.');
      const notice = form.getByRole('status');
      await notice.getByText('This opens a question to Trust and Legal').waitFor();
      expect(await notice.getByRole('listitem').allTextContents()).toEqual([
        'The data includes new identifiers and the privacy notice may not cover it.',
        'The collection uses a third-party collection tool.',
      ]);
      // The exception says why before anything is sent.
      await form.getByRole('button', { name: 'Record data review' }).click();
      await form.getByText('Say why the collection is needed for security purposes.').waitFor();
      expect((await who('steward').caller.review.get({ review: state.toolKey })).stewardReviews).toEqual([]);
      await form
        .getByLabel('Details for question 2')
        .fill('Detects credential-stuffing attacks; no user control.');
      await form.getByRole('button', { name: 'Record data review' }).click();
      await page.getByRole('heading', { name: 'Data steward review' }).waitFor();
      await page.getByText('data-review+').first().waitFor();

      const view = await who('steward').caller.review.get({ review: state.toolKey });
      expect(view.stewardReviews[0]?.answers).toMatchObject({
        userControl: { answer: 'no', note: 'Detects credential-stuffing attacks; no user control.' },
        privacyNoticeCoverage: { answer: 'unsure' },
        renewalCheckIn: { answer: 'yes', note: 'Bug 1900099 filed for a check-in in six months.' },
        thirdPartyTool: { answer: 'yes' },
      });
      const gate = await who('steward').caller.gate.canShip({
        review: state.toolKey,
        channel: 'pre_release',
      });
      expect(gate.blockers.map((b) => b.code)).toContain('LEGAL_TRUST_ANSWER_PENDING');
      await app.browser.screenshot('templates-02-steward-q2-q7-q8-q9');
    },
    STEP,
  );

  it(
    "data-review- points to the request's questions that are unanswered or wrong, each with what is missing",
    async () => {
      const r = await who('proposer').caller.review.create({
        productId,
        title: 'Returned for changes',
        channels: [{ channel: 'release', defaultState: 'off' }],
        visibility: 'public',
        form: completeForm(2),
      });
      await who('proposer').caller.review.submit({ review: r.key });
      await page.goto(`${app.server.url}/reviews/${r.key}`);
      const form = page.getByRole('form', { name: 'Record the data review' });
      await form.waitFor();
      await answerChecklistNoneToTrustAndLegal(form);
      await form.getByLabel('Default state').selectOption('off');
      await form.getByLabel('Outcome').selectOption('data-review-');
      await form.getByLabel('Written review').fill('Say who analyses it, and how often.');
      await form.getByRole('button', { name: 'Record data review' }).click();
      await form.getByText('Choose at least one question to return.').waitFor();
      const q10 = 'Question 10: Please provide a general description of how you will analyze this data.';
      await form.getByRole('checkbox', { name: q10 }).check();
      await form.getByRole('button', { name: 'Record data review' }).click();
      await form.getByText('Say what is missing or wrong.').waitFor();
      expect((await who('steward').caller.review.get({ review: r.key })).stewardReviews).toEqual([]);
      await form.getByLabel(`What is missing or wrong: ${q10}`).fill('Who analyses it, and how often?');
      await form.getByRole('button', { name: 'Record data review' }).click();
      await page.getByText(`${q10} What is missing or wrong: Who analyses it, and how often?`).waitFor();
      const view = await who('steward').caller.review.get({ review: r.key });
      expect(view.status).toBe('returned');
      expect(view.stewardReviews[0]?.returnedQuestions).toEqual([
        { field: 'analysis', note: 'Who analyses it, and how often?' },
      ]);
    },
    STEP,
  );

  it(
    "Trust and Legal answer the steward's question on the review page; the review no longer waits for them",
    async () => {
      await signInAs(app, who('legal'));
      await page.goto(`${app.server.url}/reviews/${state.toolKey}`);
      const form = page.getByRole('form', { name: 'Answer for Trust and Legal' });
      await form.getByText('The collection uses a third-party collection tool.').waitFor();
      await form.getByRole('button', { name: 'Record the answer' }).click();
      await form.getByText('Write the answer.').waitFor();
      await form.getByLabel("Trust and Legal's answer").fill('The vendor has a data processing agreement.');
      await form.getByRole('button', { name: 'Record the answer' }).click();
      await form.waitFor({ state: 'detached' });
      const gate = await who('legal').caller.gate.canShip({ review: state.toolKey, channel: 'pre_release' });
      expect(gate.blockers.map((b) => b.code)).not.toContain('LEGAL_TRUST_ANSWER_PENDING');
    },
    STEP,
  );
});
