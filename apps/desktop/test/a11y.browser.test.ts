// Whole-client checks (issue 15, "done when"), in Debian's Chromium against the real server: axe-core finds
// no serious or critical violation on any screen, no two controls of a screen share an accessible name, and no
// screen scrolls sideways in an 800 px window.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, signInAs, startBrowserApp } from '../../../test/browser-app.ts';
import { callerWithToken, person, systemCaller } from '../../../test/callers.ts';
import { realMetricsYaml, withoutMetric } from '../../../test/glean-text.ts';
import {
  type Cast,
  cast,
  completeForm,
  draftOnRelease,
  inDispute,
  reviewed,
} from '../../../test/review-fixtures.ts';
import { duplicateControlNames } from './screen-checks.ts';

const STEP = 90_000;
let app: BrowserApp;
let c: Cast;
let axeSource = '';
let sensitive = '';
let draft = '';
let submitted = '';
type Person = Awaited<ReturnType<typeof person>>;
let reviewer: Person;

interface Finding {
  screen: string;
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}
/** Every screen checked, with its serious or critical violations (none expected) and its width at 800 px. */
const results: {
  screen: string;
  serious: Finding[];
  all: number;
  duplicates: string[];
  scrollWidth: number;
  clientWidth: number;
}[] = [];

beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  app = await startBrowserApp('a11y', {
    seed: async (db) => {
      c = await cast(db);
      reviewer = await person(db, 'patch-reviewer@example.com');
    },
  });
  // Facts through the API: this test judges the screens that show them, not the workflow.
  const r = await reviewed(c, 3);
  sensitive = r.key;
  await c.facilitators.privacy_technical.caller.signOff.record({
    review: sensitive,
    area: 'privacy_technical',
    risk: 'high',
    decision: 'approved',
    rationale: 'High risk: **needs** a live discussion.',
  });
  const view = await c.proposer.caller.review.get({ review: sensitive });
  await c.proposer.caller.review.saveDocumentation({
    review: sensitive,
    baseRevision: view.currentRevision,
    form: {
      ...view.form,
      analysis: 'Dashboards, kept 13 months, with a very long unbroken word '.concat('x'.repeat(300)),
    },
  });
  const q = await c.facilitators.security.caller.signOff.comment({
    review: sensitive,
    area: 'security',
    body: 'Is the eTLD+1 _hashed_? A very long link: https://example.com/'.concat('a'.repeat(200)),
  });
  await c.proposer.caller.signOff.comment({
    review: sensitive,
    area: 'security',
    body: 'Yes.',
    replyTo: q.id,
  });
  // Two of a kind (two Data technical controls, two meetings below): their controls must still differ.
  for (const description of ['Drop domains seen fewer than 50 times.', 'Round the counts to tens.'])
    await c.facilitators.data.caller.mitigation.request({
      review: sensitive,
      area: 'data',
      kind: 'technical_control',
      description,
    });
  await c.proposer.caller.discussion.schedule({
    review: sensitive,
    area: 'privacy_technical',
    scheduledAt: '2026-12-03T15:00:00Z',
    attendeeIds: [c.facilitators.privacy_technical.id],
    agenda: 'Risk of domain collection.',
  });
  await inDispute(c, sensitive, 'security');
  const e = await c.proposer.caller.escalation.open({
    review: sensitive,
    facilitatorId: c.facilitators.security.id,
    areas: ['security'],
    question: 'Is the eTLD+1 list acceptable with a threshold?',
  });
  const target = { review: sensitive, escalationId: e.id };
  await c.proposer.caller.escalation.writePaper({ ...target, body: 'Ship with a threshold.' });
  await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'Do not ship.' });
  await c.facilitators.security.caller.escalation.share(target);
  await c.owner.caller.escalation.comment({ ...target, body: 'What does the threshold buy us?' });
  for (const at of ['2026-12-04T15:00:00Z', '2026-12-07T15:00:00Z'])
    await c.proposer.caller.escalation.scheduleMeeting({
      ...target,
      scheduledAt: at,
      agenda: 'The threshold.',
    });

  draft = (await draftOnRelease(c, 'A draft review', { questionsAnswered: 'Which suggestions are picked?' }))
    .key;
  const s = await draftOnRelease(c, 'Waiting for a steward', completeForm(2));
  await c.proposer.caller.review.submit({ review: s.key });
  submitted = s.key;

  const bot = await systemCaller(app.database.db).admin.createToken({
    email: c.steward.email,
    scopes: ['intake:write'],
    name: 'phabricator bot',
  });
  const fog = realMetricsYaml('firefox-toolkit-components-glean-metrics.yaml');
  await (await callerWithToken(app.database.db, bot.token)).classification.intake({
    system: 'phabricator',
    repository: 'mozilla-central',
    revision: 'D300001',
    title: 'Bug 1694739 - Record failed idle registrations',
    author: c.proposer.email,
    reviewers: [reviewer.email],
    files: [
      {
        path: 'toolkit/components/glean/metrics.yaml',
        before: withoutMetric(fog, 'failed_idle_registration'),
        after: fog,
      },
    ],
  });
}, 300_000);

afterAll(async () => {
  // The figures for the closing note: every screen, its violations and widths.
  console.log(
    results
      .map(
        (r) =>
          `${r.screen}: ${r.serious.length} serious/critical (${r.all} in all), ${r.duplicates.length} shared names, width ${r.scrollWidth}/${r.clientWidth} at 800 px`,
      )
      .join('\n'),
  );
  await app?.close();
});

/** Runs axe-core in the page (evaluated over CDP: the renderer's CSP allows no injected script tag). */
async function axe(page: Page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResult> } }).axe;
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    const r = await run.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
}

/** One screen: axe at the default 1280 px window, then the sideways scroll at 800 px. */
async function check(screen: string, open: () => Promise<void>) {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 900 });
  await open();
  // Lazy parts (Markdown) have drawn before the check.
  await page.waitForFunction(() => !document.querySelector('[data-markdown="pending"], .state-loading'));
  const violations = await axe(page);
  const duplicates = await duplicateControlNames(page);
  await page.setViewportSize({ width: 800, height: 900 });
  await page.waitForTimeout(100);
  const widths = await page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  });
  await app.browser.screenshot(`a11y-${screen.replace(/\W+/g, '-')}-800`);
  await page.setViewportSize({ width: 1280, height: 900 });
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, ...v }));
  results.push({ screen, serious, all: violations.length, duplicates, ...widths });
  expect.soft(serious, `${screen}: serious or critical axe violations`).toEqual([]);
  expect.soft(duplicates, `${screen}: controls that share an accessible name`).toEqual([]);
  expect
    .soft(widths.scrollWidth, `${screen} scrolls sideways at 800 px`)
    .toBeLessThanOrEqual(widths.clientWidth);
}

const go = (path: string, heading: string | RegExp) => async () => {
  await app.page.goto(`${app.server.url}${path}`);
  await app.page.getByRole('heading', { name: heading, level: 1 }).first().waitFor();
};

describe('every screen: axe-core, unique control names, and no sideways scroll at 800 px', () => {
  it(
    'signed out: sign-in, public reviews, a public review, a page that does not exist',
    async () => {
      await check('sign-in', go('/', 'Sign in to the sign-off tracker'));
      await check('public reviews', go('/public', /public/i));
      await check('public review', go(`/public/${sensitive}`, /./));
    },
    STEP,
  );

  it(
    'the proposer: inbox, new review, dashboard, review pages in each state, a revision, not found',
    async () => {
      await signInAs(app, c.proposer);
      await check('inbox (proposer)', go('/', 'Inbox'));
      await check('new review', go('/reviews/new', 'New data collection review'));
      await check('dashboard', go('/dashboard', /dashboard/i));
      await check('reviews list', go('/reviews', 'Reviews'));
      await check('reviews list, searched', go('/reviews?q=suggestions', 'Reviews'));
      await check('review: draft', go(`/reviews/${draft}`, 'A draft review'));
      await check('review: draft, editing the documentation', async () => {
        await go(`/reviews/${draft}`, 'A draft review')();
        await app.page.getByRole('button', { name: 'Edit documentation' }).click();
        await app.page.getByRole('button', { name: 'Save as a new revision' }).waitFor();
      });
      await check('review: sensitive (proposer)', go(`/reviews/${sensitive}`, /./));
      await check('documentation revision', go(`/reviews/${sensitive}/revisions/2`, /^Revision 2 of/));
      await check('not found', go('/nowhere', 'Page not found'));
      await check('review not found', go('/reviews/DR-99999', 'No review DR-99999'));
      app.browser.drainErrors();
    },
    STEP,
  );

  it(
    'the steward, facilitators and the product owner: their inboxes and the review page as each',
    async () => {
      await signInAs(app, c.steward);
      await check('inbox (steward)', go('/', 'Inbox'));
      await check('review: waiting for a steward (steward form)', go(`/reviews/${submitted}`, /./));
      await check('code revisions queue', go('/revisions', 'Revisions in code review'));
      await check('code revision', go('/revisions/phabricator/mozilla-central/D300001', /^D300001: /));
      await signInAs(app, c.facilitators.privacy_technical);
      await check('inbox (facilitator, stale sign-off)', go('/', 'Inbox'));
      await check('review: sensitive (facilitator re-confirming)', go(`/reviews/${sensitive}`, /./));
      await signInAs(app, c.facilitators.security);
      await check('review: sensitive (security: escalation, thread)', async () => {
        await go(`/reviews/${sensitive}`, /./)();
        await app.page
          .getByRole('list', { name: /^Position papers of the escalation on Security/ })
          .waitFor();
        await app.page.getByRole('button', { name: 'Reply to proposer' }).click();
      });
      await signInAs(app, c.owner);
      await check('inbox (product owner)', go('/', 'Inbox'));
      await check('review: sensitive (decision maker)', go(`/reviews/${sensitive}`, /./));
      await signInAs(app, reviewer);
      await check(
        'code revision (reviewer assessing)',
        go('/revisions/phabricator/mozilla-central/D300001', /^D300001: /),
      );
    },
    STEP,
  );
});
