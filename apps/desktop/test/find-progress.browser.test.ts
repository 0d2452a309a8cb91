// Issue 15 "find anything" and "see progress at a glance", in Debian's Chromium against the real server on a
// fresh test database: the review list with full-text search and filters kept in the URL, the dashboard's
// flow whose figures link to their lists, a review's pipeline, "Can it ship?" naming who acts and where,
// and a timeline with names, not emails. No page scrolls sideways at 800 px.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, launchChromium } from '../../../test/browser-chromium.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { builtRenderer } from '../../../test/renderer-build.ts';
import { type Cast, cast, completeForm, type Person, reviewed } from '../../../test/review-fixtures.ts';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/logger.ts';
import { type RunningServer, startServer } from '../../server/src/server.ts';
import { DESKTOP_DIR } from '../src/build/vite-configs.ts';

const ARTIFACTS = join(DESKTOP_DIR, '..', '..', 'test-artifacts', 'find-progress');
const STEP = 60_000;

let database: TestDatabase;
let server: RunningServer;
let browser: BrowserSession;
let page: Page;
let c: Cast;
const keys: Record<string, string> = {};

beforeAll(async () => {
  // The server serves apps/desktop/dist/renderer at `/`, built once per test run.
  await builtRenderer();
  database = await createTestDatabase();
  c = await cast(database.db);
  keys.zeppelin = (
    await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Airship telemetry',
      channels: [{ channel: 'release', defaultState: 'off' }],
      form: completeForm(2, { questionsAnswered: 'How often do zeppelins appear on the new tab page?' }),
      visibility: 'public',
    })
  ).key;
  keys.secret = (await reviewed(c, 2, { private: true })).key;
  // Sensitive; privacy/technical approved: data waits, legal/trust and security come after.
  keys.sensitive = (await reviewed(c, 3)).key;
  await c.facilitators.privacy_technical.caller.signOff.record({
    review: keys.sensitive,
    area: 'privacy_technical',
    risk: 'low',
    decision: 'approved',
    rationale: 'Low risk: only the eTLD+1.',
  });
  server = await startServer(
    loadConfig({ HOST: '127.0.0.1', PORT: '0', DATABASE_URL: database.url, LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  browser = await launchChromium(ARTIFACTS);
  page = browser.page;
  page.setDefaultTimeout(10_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

async function signIn(who: Person) {
  await page.goto(`${server.url}/`);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await signOut.or(page.getByLabel('Email')).waitFor();
  if (await signOut.isVisible()) await signOut.click();
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** axe-core's serious or critical violations on the page (evaluated over CDP: the CSP allows no script tag). */
async function seriousViolations(): Promise<string[]> {
  await page.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<Result> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** The page is no wider than the window: nothing scrolls sideways. */
async function expectNoSidewaysScroll() {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(client);
}

const results = () => page.getByRole('list', { name: 'Matching reviews' });

describe('find anything and see progress, in Chromium', () => {
  it(
    'searches the documentation, keeps the search and filters in the URL, and shows the gate per channel',
    async () => {
      await signIn(c.outsider);
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Reviews', exact: true })
        .click();
      await page.getByRole('heading', { name: 'Reviews', level: 1 }).waitFor();
      await page.getByLabel('Search', { exact: true }).fill('zeppelins');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/reviews\?q=zeppelins/);
      await page.getByRole('status').getByText('1 review', { exact: true }).waitFor();
      const row = results().getByRole('listitem').filter({ hasText: keys.zeppelin! });
      await row.getByRole('link', { name: `${keys.zeppelin} Airship telemetry` }).waitFor();
      // The gate on its one channel, in words and a symbol.
      await expect(row.getByRole('list', { name: `Can ${keys.zeppelin} ship?` }).textContent()).resolves.toBe(
        'Release: ✗ blocked (1 blocker)',
      );
      await browser.screenshot('01-search-documentation');

      // A shared link opens the same list: the filters live in the URL.
      await page.goto(`${server.url}/reviews?status=sensitive_review&area=data`);
      await results()
        .getByRole('link', { name: new RegExp(keys.sensitive!) })
        .waitFor();
      await expect(results().getByRole('listitem').filter({ hasText: /^DR-/ }).count()).resolves.toBe(1);
      await expect(page.getByLabel('State').inputValue()).resolves.toBe('sensitive_review');
      await expect(page.getByLabel('Area waiting').inputValue()).resolves.toBe('data');
      // Changing a filter changes the URL.
      await page.getByLabel('Area waiting').selectOption('privacy_technical');
      await page.waitForURL(/area=privacy_technical/);
      await page.getByText('No review matches with these filters.').waitFor();
      await page.getByRole('link', { name: 'Clear search and filters' }).click();
      await page.waitForURL(/\/reviews$/);
      // The private review does not exist for an outsider; its own proposer finds it.
      await page.getByRole('status').getByText('2 reviews', { exact: true }).waitFor();
      await expect(results().getByText(keys.secret!).count()).resolves.toBe(0);
      expect(await seriousViolations()).toEqual([]);
      await page.setViewportSize({ width: 800, height: 900 });
      await expectNoSidewaysScroll();
      await page.setViewportSize({ width: 1280, height: 900 });
      await signIn(c.proposer);
      await page.goto(`${server.url}/reviews?q=${keys.secret}`);
      await results().getByText(keys.secret!).waitFor();
    },
    STEP,
  );

  it(
    "the dashboard's flow counts where reviews wait, how long each stage took, and links to the list behind each figure",
    async () => {
      await signIn(c.proposer);
      await page.goto(`${server.url}/dashboard`);
      const flow = page.getByRole('list', { name: 'Stages, in order' });
      await flow.waitFor();
      const steward = flow.getByRole('listitem').filter({ hasText: 'Data steward' });
      // Two reviews went through the steward (the private one and the sensitive one), in minutes.
      await steward.getByText(/median \d+ h \(2 reviews; average \d+ h\)/).waitFor();
      await browser.screenshot('02-dashboard-flow');
      await flow.getByRole('link', { name: '1 waiting in Privacy/Technical + Data' }).click();
      await page.waitForURL(/\/reviews\?stage=privacy_data$/);
      await results()
        .getByRole('link', { name: new RegExp(keys.sensitive!) })
        .waitFor();
      await expect(page.getByLabel('Waiting in stage').inputValue()).resolves.toBe('privacy_data');
      // The status figures link too.
      await page.goto(`${server.url}/dashboard`);
      await page.getByRole('link', { name: '1 review: Draft' }).click();
      await page.waitForURL(/\/reviews\?status=draft$/);
      await results()
        .getByRole('link', { name: new RegExp(keys.zeppelin!) })
        .waitFor();
      await page.setViewportSize({ width: 800, height: 900 });
      await page.goto(`${server.url}/dashboard`);
      await flow.waitFor();
      await expectNoSidewaysScroll();
      expect(await seriousViolations()).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    STEP,
  );

  it(
    'a review shows its pipeline, who must act on each blocker and where, and a timeline with names',
    async () => {
      await signIn(c.proposer);
      await page.goto(`${server.url}/reviews/${keys.sensitive}`);
      const stages = page.getByRole('list', { name: `Stages of ${keys.sensitive}` });
      await stages.waitFor();
      const stage = (name: string) => stages.locator(`[data-stage="${name}"]`);
      await expect(stage('request').getByRole('heading').textContent()).resolves.toContain('Request (done)');
      await expect(stage('steward').textContent()).resolves.toContain('done by steward');
      const first = await stage('privacy_data').textContent();
      expect(first).toContain('Privacy/Technical: done by privacy');
      expect(first).toContain('Data: waiting with data');
      await expect(stage('legal_security').textContent()).resolves.toContain(
        'Legal/Trust: waits on an earlier step with legal',
      );
      await expect(stage('announcement').textContent()).resolves.toContain('waiting with proposer');
      // Every finished stage has its date.
      await expect(stage('privacy_data').locator('time').count()).resolves.toBe(1);
      await browser.screenshot('03-review-pipeline');

      // "Can it ship?" names who acts on each blocker and links to the place to act.
      const blockers = page.getByRole('list', { name: 'Blockers on Release' });
      const data = blockers.locator('[data-code="SIGNOFF_MISSING"][data-area="data"]');
      await expect(data.textContent()).resolves.toContain('Who acts: data (a facilitator of Data)');
      const legal = blockers.locator('[data-code="SIGNOFF_MISSING"][data-area="legal_trust"]');
      await expect(legal.textContent()).resolves.toContain(', after Data.');
      await expect(blockers.textContent()).resolves.not.toMatch(/SIGNOFF_MISSING|privacy_technical/);
      await data.getByRole('link', { name: 'Record the sign-off' }).click();
      await page.waitForURL(/#areas-title$/);
      const announce = blockers.locator('[data-code="ANNOUNCEMENT_MISSING"]');
      await expect(
        announce.getByRole('link', { name: 'Send the announcement' }).getAttribute('href'),
      ).resolves.toBe('#announcement-title');

      // The timeline: names, not emails; what happened in words.
      const timeline = page.getByRole('list', { name: `What happened to ${keys.sensitive}, newest first` });
      const text = (await timeline.textContent()) ?? '';
      expect(text).toContain('privacy recorded a sign-off');
      expect(text).toContain('proposer created the review');
      expect(text).not.toContain('@');
      expect(text).not.toContain('sign_off.recorded');

      await page.setViewportSize({ width: 800, height: 900 });
      await expectNoSidewaysScroll();
      await browser.screenshot('04-review-800px');
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(browser.drainErrors()).toEqual([]);
    },
    STEP,
  );
});
