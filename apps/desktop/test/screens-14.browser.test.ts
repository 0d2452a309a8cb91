// The screens issue 14 asked for, each driven end to end in Debian's Chromium against the real server on a
// fresh test database: a review drafted from metrics.yaml files (errors by file, line and field) and
// re-imported (what changed, the sign-offs gone stale), a renewal asked for, reviewed and withdrawn, the
// annual survey opened, reminded and answered, the review exported, and the notification preferences.
// Each step acts through the UI and checks the effect through the API or the database.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, signInAs, startBrowserApp } from '../../../test/browser-app.ts';
import type { BrowserSession } from '../../../test/browser-chromium.ts';
import { peopleByName, systemCaller } from '../../../test/callers.ts';
import type { TestDatabase } from '../../../test/database.ts';
import { withoutMetric } from '../../../test/glean-text.ts';
import { completeForm, dataReview } from '../../../test/review-fixtures.ts';
import type { RunningServer } from '../../server/src/server.ts';
import { DESKTOP_DIR } from '../src/build/vite-configs.ts';
import { unlabelledControls } from './screen-checks.ts';

const STEP = 90_000;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const thisYear = new Date().getUTCFullYear();

// The project's own Glean fixtures (packages/core/test/fixtures), their dated expiry moved a year ahead.
const nextYear = `${thisYear + 1}-01-31`;
const fixture = (name: string) =>
  readFileSync(
    join(DESKTOP_DIR, '..', '..', 'packages', 'core', 'test', 'fixtures', name),
    'utf8',
  ).replaceAll('2027-01-31', nextYear);
const BUG = '1901234';

let app: BrowserApp;
let database: TestDatabase;
let server: RunningServer;
let browser: BrowserSession;
let page: Page;
let productId: number;
const { who, seed } = peopleByName();
/** Set by the steps, in order. */
const state = { importedKey: '', shippedKey: '' };

beforeAll(async () => {
  app = await startBrowserApp('desktop-screens-14', {
    seed: async (db) => {
      await seed(db, 'proposer', 'steward', 'privacy', 'admin', 'owner');
      productId = (
        await systemCaller(db).admin.createProduct({
          name: 'Firefox Desktop',
          ownerEmail: 'owner@example.com',
        })
      ).id;
    },
  });
  ({ database, server, browser, page } = app);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

const signIn = (key: string) => signInAs(app, who(key));

/** A locator's text (textContent: what the DOM holds, whatever the layout). */
const textOf = async (l: ReturnType<Page['locator']>) => (await l.textContent()) ?? '';

/** The focused element's text (confirmations take the focus). */
const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');

/** Every control on the page has a label (or an accessible name). */
async function expectLabelledControls() {
  expect(await unlabelledControls(page)).toEqual([]);
}

/** No internal code of the product reaches the person (SPEC's plain words). */
async function expectPlainWords() {
  const text = await textOf(page.locator('main'));
  expect(text).not.toMatch(
    /\b[A-Z]{3,}_[A-Z_]+\b|privacy_technical|legal_trust|sensitive_review|stored_content|highly_sensitive|web_activity|pre_release/,
  );
}

/** Only HTTP refusals the step provoked on purpose may show up as console errors. */
function expectOnlyRefusals(statuses: number[]) {
  const seen = browser.drainErrors();
  const pattern = new RegExp(`status of (${statuses.join('|')})`);
  for (const e of seen) expect(e).toMatch(pattern);
}

const count = async (table: 'reviews' | 'glean_imports' | 'revisions') =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('issue 14 screens in Chromium', () => {
  it('lazy-loads the new screens: the initial JavaScript stays within its budget', () => {
    const size = app.size;
    expect(size).toBeDefined();
    expect(size?.gzipBytes).toBeLessThanOrEqual(300 * 1024);
    // The screens of this file are their own chunks, built but not part of what loads first.
    const built = readdirSync(join(DESKTOP_DIR, 'dist', 'renderer', 'assets'));
    for (const screen of ['glean-import', 'renewal', 'survey', 'preferences', 'export']) {
      expect(built.some((f) => f.startsWith(`${screen}-`))).toBe(true);
      expect(size?.files.some((f) => f.includes(`${screen}-`))).toBe(false);
    }
  });

  it(
    'notification preferences: a person turns kinds of mail off one by one, they stay off, and all come back on',
    async () => {
      await signIn('privacy');
      await page.getByRole('link', { name: 'Preferences', exact: true }).click();
      await page.getByRole('heading', { name: 'Notification preferences' }).waitFor();
      expect(await page.title()).toBe('Notification preferences · Sign-off tracker');
      const kinds = (await who('privacy').caller.auth.preferences()).kinds;
      // One box per kind of mail, in the words of the mail, every one on at first.
      const boxes = page.getByRole('checkbox');
      expect(await boxes.count()).toBe(kinds.length);
      for (const k of kinds)
        expect(await page.getByRole('checkbox', { name: k.label, exact: true }).isChecked()).toBe(true);
      const save = page.getByRole('button', { name: 'Save preferences' });
      // Nothing changed yet: nothing to save.
      expect(await save.isDisabled()).toBe(true);
      await expectLabelledControls();
      await expectPlainWords();
      expect(await textOf(page.locator('#always-title + ul'))).toContain(
        'reminders of a sign-off that has waited too long for you',
      );
      await browser.screenshot('01-preferences');

      const label = (kind: string) => kinds.find((k) => k.kind === kind)?.label ?? kind;
      await page.getByRole('checkbox', { name: label('area_decision'), exact: true }).uncheck();
      await page.getByRole('checkbox', { name: label('escalation_step'), exact: true }).uncheck();
      await save.click();
      const saved = `Saved. You get ${kinds.length - 2} of the ${kinds.length} kinds of mail about reviews.`;
      await page.getByText(saved).waitFor();
      expect(await focusedText()).toContain(saved);
      const row = await database.db
        .selectFrom('people')
        .select(['notifications', 'muted_notifications'])
        .where('id', '=', who('privacy').id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ notifications: true, muted_notifications: ['area_decision', 'escalation_step'] });
      const after = await who('privacy').caller.auth.preferences();
      expect(after.kinds.filter((k) => !k.enabled).map((k) => k.kind)).toEqual([
        'area_decision',
        'escalation_step',
      ]);

      await page.reload();
      await page.getByRole('heading', { name: 'Notification preferences' }).waitFor();
      for (const k of kinds)
        expect(await page.getByRole('checkbox', { name: k.label, exact: true }).isChecked()).toBe(
          k.kind !== 'area_decision' && k.kind !== 'escalation_step',
        );
      await page.getByRole('button', { name: 'Choose none' }).click();
      await save.click();
      await page
        .getByText('Saved. You no longer get mail about reviews, only what is always sent.')
        .waitFor();
      expect((await who('privacy').caller.auth.preferences()).notifications).toBe(false);
      await page.getByRole('button', { name: 'Choose all' }).click();
      await save.click();
      await page.getByText('Saved. You get every kind of mail about reviews.').waitFor();
      expect((await who('privacy').caller.auth.preferences()).kinds.every((k) => k.enabled)).toBe(true);
      expectOnlyRefusals([]);
    },
    STEP,
  );

  it(
    'Glean import: errors by file, line and field; then the files read and a review created from them',
    async () => {
      await signIn('proposer');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New review' }).click();
      await page.getByRole('link', { name: 'Draft the review from your metrics.yaml files' }).click();
      await page.getByRole('heading', { name: 'Import from Glean', level: 1 }).waitFor();
      expect(await page.title()).toBe('Import from Glean · Sign-off tracker');
      await expectLabelledControls();

      // A file with schema errors, pasted.
      const broken = {
        name: 'toolkit/components/sidebar/schema-errors.metrics.yaml',
        text: fixture('schema-errors.metrics.yaml'),
      };
      await page.getByLabel('Bug number').fill(BUG);
      await page.getByLabel('Path of file 1').fill(broken.name);
      await page.getByLabel('Text of file 1').fill(broken.text);
      const reviewsBefore = await count('reviews');
      await page.getByRole('button', { name: 'Check the files' }).click();
      const problems = page.locator('.import-problems');
      await problems.waitFor();
      // The same problems the API names, row by row: file, line, field, message.
      const refusal = await who('proposer')
        .caller.glean.preview({ bug: BUG, files: [broken] })
        .then(
          () => null,
          (e: { cause?: { details?: { issues?: { file: string; line: number; field: string }[] } } }) => e,
        );
      const issues = refusal?.cause?.details?.issues ?? [];
      expect(issues.length).toBeGreaterThan(0);
      const rows = await problems
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
        );
      expect(rows.map((r) => r.slice(0, 3))).toEqual(
        issues.map((i) => [i.file, i.line === null ? '–' : String(i.line), i.field]),
      );
      expect(await textOf(problems)).toContain(`${issues.length} problem`);
      await browser.screenshot('02-glean-import-errors');
      // Creating from the broken file is refused the same way, and writes nothing.
      await page.getByLabel('Product', { exact: true }).selectOption(String(productId));
      await page.getByRole('button', { name: 'Create the review' }).click();
      await page.locator('.import-problems').nth(1).waitFor();
      expect(await count('reviews')).toBe(reviewsBefore);

      // The real files, chosen from disk.
      await page.getByRole('button', { name: 'Remove file 1' }).click();
      await page.getByLabel('Choose metrics.yaml files').setInputFiles([
        {
          name: 'browser.metrics.yaml',
          mimeType: 'text/yaml',
          buffer: Buffer.from(fixture('browser.metrics.yaml')),
        },
        {
          name: 'history.metrics.yaml',
          mimeType: 'text/yaml',
          buffer: Buffer.from(fixture('history.metrics.yaml')),
        },
      ]);
      expect(await page.getByLabel('Path of file 2').inputValue()).toBe('history.metrics.yaml');
      await page.getByRole('button', { name: 'Check the files' }).click();
      const preview = page.locator('.import-preview');
      await preview.getByRole('heading', { name: `What the files hold for bug ${BUG}` }).waitFor();
      const metricNames = await preview.locator('tbody tr td:first-child code').allTextContents();
      expect(metricNames).toEqual([
        'sidebar.opened',
        'sidebar.width',
        'sidebar.history.search_term_length',
        'sidebar.history.visited_domain',
      ]);
      expect(await textOf(preview)).toContain('Category 3 – stored content & communications');
      expect(await textOf(preview)).toContain('Web activity');
      // Checking wrote nothing.
      expect(await count('reviews')).toBe(reviewsBefore);
      await browser.screenshot('03-glean-import-preview');

      await page.getByLabel('Title').fill('Sidebar engagement');
      await page.getByRole('button', { name: 'Create the review' }).click();
      const created = page.getByRole('heading', { name: /^Review DR-\d+ created$/ });
      await created.waitFor();
      const key = /DR-\d+/.exec((await created.textContent()) ?? '')?.[0] ?? '';
      expect(key).toMatch(/^DR-\d+$/);
      state.importedKey = key;
      expect(await focusedText()).toContain(`Review ${key} created`);
      await page.getByText('Filled with Glean').waitFor();
      const view = await who('proposer').caller.review.get({ review: key });
      expect(view.title).toBe('Sidebar engagement');
      expect(view.status).toBe('draft');
      expect(view.form.measurements?.map((m) => m.name)).toEqual([
        'sidebar.opened',
        'sidebar.opened#panel',
        'sidebar.width',
        'sidebar.history.search_term_length',
        'sidebar.history.visited_domain',
      ]);
      const imports = await who('proposer').caller.glean.imports({ review: key });
      expect(imports.map((i) => [i.bug, i.revision, i.files.map((f) => f.name)])).toEqual([
        [BUG, 1, ['browser.metrics.yaml', 'history.metrics.yaml']],
      ]);
      await browser.screenshot('04-glean-import-created');
      expectOnlyRefusals([400]);
    },
    STEP,
  );

  it(
    're-import on a review in sensitive review: a new revision, what changed, the sign-off gone stale',
    async () => {
      const key = state.importedKey;
      const proposer = who('proposer').caller;
      // Through the API: the request form completed, submitted, categorised and signed off by privacy.
      const view = await proposer.review.get({ review: key });
      await proposer.review.saveDocumentation({
        review: key,
        baseRevision: view.currentRevision,
        form: {
          ...completeForm(3),
          measurements: view.form.measurements,
          collectionPeriod: view.form.collectionPeriod,
        },
      });
      await proposer.review.submit({ review: key });
      await who('steward').caller.steward.recordReview({
        review: key,
        dataReview: dataReview('data-review+'),
      });
      await who('privacy').caller.signOff.record({
        review: key,
        area: 'privacy_technical',
        risk: 'low',
        decision: 'approved',
        rationale: 'Counts and domains only.',
      });
      const before = await proposer.review.get({ review: key });
      expect(before.status).toBe('sensitive_review');

      await page.goto(`${server.url}/reviews/${key}`);
      await page.getByRole('link', { name: 'Import metrics.yaml files from Glean' }).click();
      await page.getByRole('heading', { name: 'Import from Glean into Sidebar engagement' }).waitFor();
      expect(await page.title()).toBe(`Import from Glean into ${key} · Sign-off tracker`);
      expect(await page.getByLabel('Bug number').inputValue()).toBe(BUG);
      await page.getByRole('heading', { name: 'Last import' }).waitFor();
      await expectLabelledControls();

      // The history file without its web activity metric.
      await page.getByLabel('Choose metrics.yaml files').setInputFiles([
        {
          name: 'browser.metrics.yaml',
          mimeType: 'text/yaml',
          buffer: Buffer.from(fixture('browser.metrics.yaml')),
        },
        {
          name: 'history.metrics.yaml',
          mimeType: 'text/yaml',
          buffer: Buffer.from(withoutMetric(fixture('history.metrics.yaml'), 'visited_domain')),
        },
      ]);
      await page.getByRole('button', { name: 'Check the files' }).click();
      await page.getByText('Removed sidebar.history.visited_domain').first().waitFor();
      expect(await proposer.review.get({ review: key }).then((r) => r.currentRevision)).toBe(
        before.currentRevision,
      );
      await browser.screenshot('05-glean-reimport-preview');

      await page.getByRole('button', { name: `Import as revision ${before.currentRevision + 1}` }).click();
      await page.getByRole('heading', { name: `Revision ${before.currentRevision + 1} imported` }).waitFor();
      expect(await focusedText()).toContain(`Revision ${before.currentRevision + 1} imported`);
      const result = page.locator('[role="status"]', { hasText: 'imported' });
      expect(await textOf(result)).toContain('Removed sidebar.history.visited_domain');
      await result.getByRole('heading', { name: 'Sign-offs to re-confirm' }).waitFor();
      expect(await textOf(result)).toContain(
        `Privacy/Technical, by privacy on revision ${before.currentRevision}`,
      );
      await expectPlainWords();
      await browser.screenshot('06-glean-reimport-done');

      const after = await proposer.review.get({ review: key });
      expect(after.currentRevision).toBe(before.currentRevision + 1);
      expect(after.areas.find((a) => a.area === 'privacy_technical')?.state).toBe('stale');
      expect(after.form.measurements?.map((m) => m.name)).not.toContain('sidebar.history.visited_domain');
      expect((await proposer.glean.imports({ review: key })).map((i) => i.revision)).toEqual([
        1,
        before.currentRevision + 1,
      ]);
      expectOnlyRefusals([]);
    },
    STEP,
  );

  it(
    'renewal: the proposer asks, a data steward renews, a second request is withdrawn',
    async () => {
      const proposer = who('proposer').caller;
      const r = await proposer.review.create({
        productId,
        title: 'Tab count per window',
        channels: [{ channel: 'release', defaultState: 'off' }],
        form: completeForm(2, { collectionPeriod: { expires: day(10) } }),
        visibility: 'public',
      });
      await proposer.review.submit({ review: r.key });
      await who('steward').caller.steward.recordReview({
        review: r.key,
        dataReview: dataReview('data-review+'),
      });
      await proposer.review.markShipped({ review: r.key });
      state.shippedKey = r.key;

      await page.goto(`${server.url}/reviews/${r.key}`);
      await page.getByRole('link', { name: 'Ask for a renewal' }).click();
      await page.getByRole('heading', { name: 'Renewal of Tab count per window' }).waitFor();
      expect(await page.title()).toBe(`Renewal of ${r.key} · Sign-off tracker`);
      await page.getByText(`Expires on ${day(10)}`).waitFor();
      await expectLabelledControls();
      await expectPlainWords();
      const ask = page.getByRole('button', { name: 'Ask a data steward to renew' });
      await ask.click();
      await page.getByText('Say when the collection will now expire.').waitFor();
      await page.getByText('Say why the first period was not enough.').waitFor();
      expect((await proposer.renewal.list({ review: r.key })).renewals).toEqual([]);
      await browser.screenshot('07-renewal-form');

      await page.getByLabel('When will this collection now expire?').fill(day(200));
      await page
        .getByLabel('Why was the initial period of collection insufficient?')
        .fill('The study started late; one more release cycle answers the retention question.');
      await page.getByLabel('Bug number (optional)').fill('1905555');
      await ask.click();
      await page.getByText(`Renewal until ${day(200)} requested: a data steward reviews it.`).waitFor();
      expect(await focusedText()).toContain('requested');
      const requested = await proposer.renewal.list({ review: r.key });
      expect(requested.renewals.map((n) => [n.state, n.newExpires, n.bug])).toEqual([
        ['requested', day(200), '1905555'],
      ]);
      // The API says no second request while one waits, and the screen says why instead of a form.
      await page
        .getByText(
          /You cannot ask for a renewal: An earlier renewal request is still waiting for a data steward/,
        )
        .waitFor();
      expect(await ask.count()).toBe(0);
      // The steward's form is not offered to the proposer.
      expect(await page.getByRole('button', { name: 'Record the renewal review' }).count()).toBe(0);
      await browser.screenshot('08-renewal-requested');

      await signIn('steward');
      await page.goto(`${server.url}/reviews/${r.key}`);
      await page.getByRole('link', { name: 'Renewal waiting for a data steward' }).click();
      await page.getByRole('heading', { name: 'Review this renewal' }).waitFor();
      // Judgement fields start empty.
      expect(await page.getByRole('radio', { name: /^data-review\+/ }).isChecked()).toBe(false);
      expect(await page.getByRole('radio', { name: /^data-review-/ }).isChecked()).toBe(false);
      expect(await page.getByRole('button', { name: 'Withdraw this renewal request' }).count()).toBe(0);
      // renewal_review.md's two questions start unanswered and are required.
      const q1 = page.getByLabel(
        'Is the provided Data Collection Review complete, correct, and data-review+ by a Data Steward?',
        { exact: true },
      );
      const q2 = page.getByLabel('Is the data collection covered by the existing Firefox Privacy Notice?', {
        exact: true,
      });
      expect([await q1.inputValue(), await q2.inputValue()]).toEqual(['', '']);
      await page.getByRole('button', { name: 'Record the renewal review' }).click();
      await page.getByText('Choose data-review+ or data-review-.').waitFor();
      expect(await page.getByText('Answer this question.').count()).toBe(2);
      expect((await proposer.renewal.list({ review: r.key })).renewals[0]?.state).toBe('requested');
      // data-review+ with "unsure" is core's refusal, shown on the question before anything is sent.
      await q1.selectOption('yes');
      await q2.selectOption('unsure');
      await page.getByRole('radio', { name: /^data-review\+/ }).check();
      await page.getByLabel('Renewal review').fill('One more cycle, same measurements; fine.');
      await page.getByRole('button', { name: 'Record the renewal review' }).click();
      await page.getByText(/^data-review\+ needs "yes" to: Is the data collection covered/).waitFor();
      expect((await proposer.renewal.list({ review: r.key })).renewals[0]?.state).toBe('requested');
      await q2.selectOption('yes');
      await page
        .getByLabel(
          'Note on: Is the data collection covered by the existing Firefox Privacy Notice? (optional)',
        )
        .fill('Same measurements as reviewed.');
      await page.getByRole('button', { name: 'Record the renewal review' }).click();
      await page.getByText(`Renewed: the collection may run until ${day(200)}.`).waitFor();
      await page.getByText('yes: Same measurements as reviewed.').waitFor();
      expect(await focusedText()).toContain('Renewed');
      const renewed = await proposer.renewal.list({ review: r.key });
      expect(renewed.period.expires).toBe(day(200));
      expect(renewed.renewals.map((n) => [n.state, n.outcome, n.stewardId, n.reviewAnswers])).toEqual([
        [
          'approved',
          'data-review+',
          who('steward').id,
          {
            originalReviewComplete: { answer: 'yes' },
            privacyNoticeCoverage: { answer: 'yes', note: 'Same measurements as reviewed.' },
          },
        ],
      ]);
      await page.getByText(`Expires on ${day(200)}`).waitFor();
      await browser.screenshot('09-renewal-renewed');

      // A second request, withdrawn by who asked.
      await proposer.renewal.request({ review: r.key, newExpires: day(400), reason: 'Another year, maybe.' });
      await signIn('proposer');
      await page.goto(`${server.url}/reviews/${r.key}/renewal`);
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Withdraw this renewal request' }).click();
      await page.getByText('The renewal request is withdrawn.').waitFor();
      const last = await proposer.renewal.list({ review: r.key });
      expect(last.renewals.map((n) => n.state)).toEqual(['approved', 'withdrawn']);
      expect(last.allowed.request.allowed).toBe(true);
      await page.getByRole('button', { name: 'Ask a data steward to renew' }).waitFor();
      expectOnlyRefusals([]);
    },
    STEP,
  );

  it(
    'annual survey: an admin opens it and reminds; the owner answers "no longer necessary"',
    async () => {
      await signIn('admin');
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Annual survey' })
        .click();
      await page.getByRole('heading', { name: 'Annual survey', level: 1 }).waitFor();
      expect(await page.title()).toBe('Annual survey · Sign-off tracker');
      await page.getByText('No survey has been opened yet.').waitFor();
      await expectLabelledControls();
      await page.getByLabel('Year').fill(String(thisYear));
      await page.getByLabel('Answers due on').fill(day(30));
      await page.getByRole('button', { name: 'Open the survey' }).click();
      await page
        .getByText(`The survey of ${thisYear} is open: 1 collection to answer, 1 mail to their owners.`)
        .waitFor();
      const survey = await database.db
        .selectFrom('surveys')
        .selectAll()
        .where('year', '=', thisYear)
        .executeTakeFirstOrThrow();
      expect(survey.due_at.toISOString().slice(0, 10)).toBe(day(30));
      await browser.screenshot('10-surveys');

      await page.getByRole('link', { name: `Survey ${thisYear}` }).click();
      await page.getByRole('heading', { name: `Annual survey ${thisYear}` }).waitFor();
      expect(await page.title()).toBe(`Annual survey ${thisYear} · Sign-off tracker`);
      const item = page.locator('.survey-item', { hasText: state.shippedKey });
      await item.waitFor();
      // The admin hands items over and reminds, but does not answer for the owner.
      expect(await item.getByRole('button', { name: /^Send the answer/ }).count()).toBe(0);
      await item.getByRole('button', { name: `Hand ${state.shippedKey} to someone else` }).waitFor();
      await page.getByRole('button', { name: 'Remind everyone who has not answered' }).click();
      await page.getByText('1 reminder sent for 1 unanswered collection.').waitFor();
      const [admins] = await who('admin').caller.survey.items({ year: thisYear });
      expect(admins?.remindersSent).toBe(2);
      // The filters live in the URL.
      await page.getByLabel('Show').selectOption('overdue');
      await page.waitForURL(`**/surveys/${thisYear}?filter=overdue`);
      await page.getByText('No collection here.').waitFor();
      await expectPlainWords();

      await signIn('proposer');
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Annual survey' })
        .click();
      await page.getByRole('link', { name: `Survey ${thisYear}` }).click();
      const mine = page.locator('.survey-item', { hasText: state.shippedKey });
      await mine.waitFor();
      expect(await mine.getByRole('button', { name: /^Hand / }).count()).toBe(0);
      await expectLabelledControls();
      const send = mine.getByRole('button', { name: `Send the answer for ${state.shippedKey}` });
      await send.click();
      await mine.getByText('Answer yes or no.').waitFor();
      expect((await who('proposer').caller.survey.items({ year: thisYear }))[0]?.state).toBe('open');
      await mine.getByRole('radio', { name: 'No, it can be removed' }).check();
      await mine.getByLabel('Why?').fill('The tab strip redesign made this count meaningless.');
      await mine
        .getByLabel('Who is responsible for its collection, monitoring and reporting now?')
        .selectOption({ label: 'proposer (me)' });
      await browser.screenshot('11-survey-answer');
      await send.click();
      await page.getByText(`${state.shippedKey} is flagged for removal: no longer necessary.`).waitFor();
      expect(await focusedText()).toContain('flagged for removal');
      const [answered] = await who('proposer').caller.survey.items({ year: thisYear });
      expect(answered).toMatchObject({
        state: 'answered',
        stillNecessary: false,
        flaggedForRemoval: true,
        responsible: { id: who('proposer').id },
      });
      await mine.getByText('Flagged for removal').waitFor();
      await browser.screenshot('12-survey-answered');
      expectOnlyRefusals([]);
    },
    STEP,
  );

  it(
    'export: the review downloads as JSON equal to the API export, and as a readable report',
    async () => {
      const key = state.shippedKey;
      await page.goto(`${server.url}/reviews/${key}`);
      await page.getByRole('link', { name: `Export ${key}` }).click();
      await page.getByRole('heading', { name: 'Export Tab count per window' }).waitFor();
      expect(await page.title()).toBe(`Export ${key} · Sign-off tracker`);
      await expectLabelledControls();
      await expectPlainWords();
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download ${key}-review.json` }).click(),
      ]);
      expect(json.suggestedFilename()).toBe(`${key}-review.json`);
      const downloaded = JSON.parse(readFileSync(await json.path(), 'utf8'));
      const api = await who('proposer').caller.export.json({ review: key });
      // The same document, but for the moments each was made.
      const timeless = (d: { exportedAt: unknown; gate: { evaluatedAt: unknown }[] }) => ({
        ...d,
        exportedAt: null,
        gate: d.gate.map((g) => ({ ...g, evaluatedAt: null })),
      });
      expect(timeless(downloaded)).toEqual(timeless(JSON.parse(JSON.stringify(api))));
      expect(downloaded.renewals.map((n: { state: string }) => n.state)).toEqual(['approved', 'withdrawn']);
      expect(downloaded.surveyAnswers[0].stillNecessary).toBe(false);
      await page.getByText(`The JSON of ${key} is downloading.`).waitFor();

      const [md] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download ${key}-review.md` }).click(),
      ]);
      expect(md.suggestedFilename()).toBe(`${key}-review.md`);
      const text = readFileSync(await md.path(), 'utf8');
      // The same report, but for the second it was made.
      const undated = (t: string) => t.replace(/^Exported .*$/m, 'Exported');
      expect(undated(text)).toBe(
        undated((await who('proposer').caller.export.markdown({ review: key })).text),
      );
      expect(text).toContain('Tab count per window');

      // The Bugzilla attachments: the request and the steward's review as plain text, as the API renders them.
      for (const [file, query] of [
        [`${key}-request.txt`, () => who('proposer').caller.export.requestText({ review: key })],
        [`${key}-data-review.txt`, () => who('proposer').caller.export.stewardReviewText({ review: key })],
      ] as const) {
        const [attachment] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: `Download ${file}` }).click(),
        ]);
        expect(attachment.suggestedFilename()).toBe(file);
        expect(readFileSync(await attachment.path(), 'utf8')).toBe((await query()).text);
      }
      await page.getByText(`The steward's review of ${key} is downloading.`).waitFor();
      const requestText = (await who('proposer').caller.export.requestText({ review: key })).text;
      expect(requestText).toMatch(/^Request for data collection review form\n/);
      expect(requestText).toContain('12) Is there a third-party tool');
      await browser.screenshot('13-export');
      expectOnlyRefusals([]);
    },
    STEP,
  );

  it(
    'no new screen scrolls sideways at 800 px',
    async () => {
      await page.setViewportSize({ width: 800, height: 900 });
      try {
        for (const path of [
          '/preferences',
          '/reviews/import',
          `/reviews/${state.importedKey}/glean`,
          `/reviews/${state.shippedKey}/renewal`,
          '/surveys',
          `/surveys/${thisYear}`,
          `/reviews/${state.shippedKey}/export`,
        ]) {
          await page.goto(`${server.url}${path}`);
          await page.locator('main h1').first().waitFor();
          await page.getByText(/^Loading/).waitFor({ state: 'detached' });
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect({ path, overflow }).toEqual({ path, overflow: 0 });
        }
        await browser.screenshot('14-glean-import-800px');
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      expectOnlyRefusals([]);
    },
    STEP,
  );
});
