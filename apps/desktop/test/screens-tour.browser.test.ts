// Issue 15 "plain words" and "screens in words": every screen of the client, in Debian's Chromium against the
// real server, with a realistic review in each state. On each screen, no text a person reads carries an
// internal code (snake_case keys and enum values, SCREAMING_CASE codes, `#n` ids), and the timeline names
// people, not addresses. Each screen is also photographed at 1280 px and at 800 px into
// .test-results/screens/ (git-ignored; /work/notes/close/15-screens.md describes them in words).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '@signoff/db';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, signInAs, startBrowserApp } from '../../../test/browser-app.ts';
import { anonymousCaller, callerWithToken, systemCaller } from '../../../test/callers.ts';
import { completeForm, dataReview } from '../../../test/review-fixtures.ts';
import { DESKTOP_DIR } from '../src/build/vite-configs.ts';

const SCREENS = join(DESKTOP_DIR, '..', '..', '.test-results', 'screens');
const STEP = 120_000;

type Who = Awaited<ReturnType<typeof named>>;
async function named(
  db: Db,
  email: string,
  displayName: string,
  opts: { roles?: ('admin' | 'steward' | 'cpo' | 'ceo')[]; areas?: string[] } = {},
) {
  const password = `pw-${email}-long-enough`;
  const created = await systemCaller(db).admin.createUser({
    email,
    displayName,
    password,
    roles: opts.roles ?? [],
    areas: (opts.areas ?? []) as never,
  });
  const { token } = await anonymousCaller(db).auth.signIn({ email, password });
  return { ...created, email, password, caller: await callerWithToken(db, token) };
}

let app: BrowserApp;
let people: Record<
  'admin' | 'owner' | 'proposer' | 'steward' | 'privacy' | 'data' | 'legal' | 'security',
  Who
>;
let productId = 0;
const keys = { sensitive: '', approved: '', draft: '', submitted: '', shipped: '' };

/**
 * Text a person reads that looks like a code. Allowed: metric names (Glean's dotted identifiers), links,
 * review keys (DR-12), the bug flags data-review+/- and the policy's word `data_sensitivity`.
 */
const RAW =
  /\b[a-z]+_[a-z_]+\b|#\d+|\b[A-Z]+_[A-Z_]+\b|\b(?:[Ee]scalation|[Mm]itigation|[Rr]enewal|[Pp]erson|[Dd]iscussion|[Mm]eeting) \d+\b/;
const ALLOWED = [/https?:\/\/\S+/g, /\b[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+\b/g, /\bdata_sensitivity\b/g];

/** Every visible text node of the page (not code, not form values), with the codes it holds. */
async function rawCodes(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('code, pre, script, style, [hidden], textarea, option')) continue;
      if (!el.checkVisibility()) continue;
      const t = n.textContent?.trim();
      if (t) out.push(t);
    }
    // What a screen reader says of a list, a form or a field is read too.
    for (const el of document.body.querySelectorAll('[aria-label]')) {
      if (el.closest('[hidden]') || !(el as HTMLElement).checkVisibility()) continue;
      const t = el.getAttribute('aria-label')?.trim();
      if (t) out.push(t);
    }
    return out;
  });
  return texts.filter((t) => RAW.test(ALLOWED.reduce((s, re) => s.replace(re, ''), t)));
}

const visited: { screen: string; codes: string[] }[] = [];

/**
 * One screen: its codes (none expected), then a photograph at 1280 px and at 800 px. A long screen also has
 * each of its `parts` photographed alone at 1280 px (`<screen>-part-<n>-1280.png`), readable at full size.
 */
async function screen(name: string, open: () => Promise<void>, parts: string[] = []) {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 900 });
  await open();
  await page.waitForFunction(() => !document.querySelector('[data-markdown="pending"], .state-loading'));
  const codes = await rawCodes(page);
  visited.push({ screen: name, codes });
  expect.soft(codes, `${name}: text with internal codes`).toEqual([]);
  const file = name.replace(/\W+/g, '-').replace(/^-|-$/g, '');
  await page.screenshot({ path: join(SCREENS, `${file}-1280.png`), fullPage: true });
  for (const [i, part] of parts.entries())
    await page
      .locator(part)
      .first()
      .screenshot({ path: join(SCREENS, `${file}-part-${i + 1}-1280.png`) });
  await page.setViewportSize({ width: 800, height: 900 });
  await page.waitForTimeout(100);
  await page.screenshot({ path: join(SCREENS, `${file}-800.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const go = (path: string, heading: string | RegExp) => async () => {
  await app.page.goto(`${app.server.url}${path}`);
  await app.page.getByRole('heading', { name: heading, level: 1 }).first().waitFor();
};
const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await mkdir(SCREENS, { recursive: true });
  app = await startBrowserApp('screens-tour', {
    seed: async (db) => {
      people = {
        admin: await named(db, 'ada@example.com', 'Ada Admin', { roles: ['admin'] }),
        owner: await named(db, 'olu@example.com', 'Olu Owner'),
        proposer: await named(db, 'pat@example.com', 'Pat Proposer'),
        steward: await named(db, 'sam@example.com', 'Sam Steward', { roles: ['steward'] }),
        privacy: await named(db, 'martin@example.com', 'Martin Privacy', { areas: ['privacy_technical'] }),
        data: await named(db, 'mark@example.com', 'Mark Data', { areas: ['data'] }),
        legal: await named(db, 'nneka@example.com', 'Nneka Legal', { areas: ['legal_trust'] }),
        security: await named(db, 'marc@example.com', 'Marc Security', { areas: ['security'] }),
      };
      productId = (
        await systemCaller(db).admin.createProduct({ name: 'Firefox Desktop', ownerEmail: 'olu@example.com' })
      ).id;
    },
  });
  app.page.setDefaultTimeout(15_000);
  const { proposer, steward, privacy, data, security } = people;
  const create = (title: string, category: 1 | 2 | 3 | 4) =>
    proposer.caller.review.create({
      productId,
      title,
      channels: [
        { channel: 'release', defaultState: 'off' },
        { channel: 'pre_release', defaultState: 'on' },
      ],
      externalRefs: [{ kind: 'bug', value: '1900001' }],
      visibility: 'public',
      form: completeForm(category),
    });

  // The sensitive review: returned once with a question, resubmitted, then in the sensitive review with
  // sign-offs, mitigations, a live discussion, an escalation with shared papers, and a queued announcement.
  const s = await create('Cookie breakage reports by site', 3);
  keys.sensitive = s.key;
  await proposer.caller.review.submit({ review: s.key });
  await steward.caller.steward.recordReview({ review: s.key, dataReview: dataReview('data-review-') });
  const returned = await proposer.caller.review.get({ review: s.key });
  await proposer.caller.review.saveDocumentation({
    review: s.key,
    baseRevision: returned.currentRevision,
    form: { ...returned.form, analysis: 'The web compatibility team triages the top domains every Monday.' },
  });
  await proposer.caller.review.resubmit({ review: s.key });
  await steward.caller.steward.recordReview({ review: s.key, dataReview: dataReview('data-review+') });
  await privacy.caller.signOff.record({
    review: s.key,
    area: 'privacy_technical',
    risk: 'medium',
    decision: 'approved',
    rationale: 'Only the eTLD+1 is sent; a live discussion settled the retention.',
  });
  await data.caller.signOff.record({
    review: s.key,
    area: 'data',
    risk: 'high',
    decision: 'rejected',
    rationale: 'Domains seen by few users identify them.',
  });
  const m1 = await data.caller.mitigation.request({
    review: s.key,
    area: 'data',
    kind: 'technical_control',
    description: 'Drop domains seen fewer than 50 times before upload.',
  });
  await proposer.caller.mitigation.proposeRequested({ review: s.key, mitigationId: m1.id });
  const now = await proposer.caller.review.get({ review: s.key });
  await proposer.caller.mitigation.implement({
    review: s.key,
    mitigationId: m1.id,
    revision: now.currentRevision,
  });
  await privacy.caller.mitigation.request({
    review: s.key,
    area: 'privacy_technical',
    kind: 'ux_notice',
    description: 'Say in the breakage reporter that the site is sent.',
  });
  await proposer.caller.discussion.schedule({
    review: s.key,
    area: 'data',
    scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    attendeeIds: [data.id, proposer.id],
    agenda: 'Is a threshold of 50 enough?',
  });
  const e = await proposer.caller.escalation.open({
    review: s.key,
    facilitatorId: data.id,
    areas: ['data'],
    question: 'May the site list ship with a threshold of 50 users?',
  });
  const target = { review: s.key, escalationId: e.id };
  await proposer.caller.escalation.writePaper({
    ...target,
    body: 'Ship with the threshold: it removes rare domains.',
  });
  await data.caller.escalation.writePaper({
    ...target,
    body: 'Do not ship: 50 is too low for small locales.',
  });
  await data.caller.escalation.share(target);
  await people.owner.caller.escalation.comment({
    ...target,
    body: 'What does the threshold buy us in small locales?',
  });
  await proposer.caller.announcement.send({ review: s.key });

  // An approved category 2 collection with a renewal waiting for a steward.
  const a = await create('Sidebar engagement counts', 2);
  keys.approved = a.key;
  await proposer.caller.review.submit({ review: a.key });
  await steward.caller.steward.recordReview({ review: a.key, dataReview: dataReview('data-review+') });
  await proposer.caller.renewal.request({
    review: a.key,
    newExpires: inFuture(500),
    reason: 'The redesign ships a quarter later than planned.',
  });

  // A shipped collection (for the annual survey), a draft and a request waiting for a steward.
  const shipped = await create('Tab count per window', 1);
  keys.shipped = shipped.key;
  await proposer.caller.review.submit({ review: shipped.key });
  await steward.caller.steward.recordReview({ review: shipped.key, dataReview: dataReview('data-review+') });
  await proposer.caller.review.markShipped({ review: shipped.key });
  keys.draft = (
    await proposer.caller.review.create({
      productId,
      title: 'Search suggestion clicks',
      channels: [{ channel: 'release', defaultState: 'off' }],
      visibility: 'public',
      form: { questionsAnswered: 'Which suggestions are picked?' },
    })
  ).key;
  const w = await create('Downloads panel opens', 2);
  await proposer.caller.review.submit({ review: w.key });
  keys.submitted = w.key;
}, 300_000);

afterAll(async () => {
  console.log(
    visited.map((v) => `${v.screen}: ${v.codes.length ? v.codes.join(' | ') : 'plain words'}`).join('\n'),
  );
  await app?.close();
});

describe('every screen in plain words, photographed at 1280 and 800 px', () => {
  it(
    'signed out: sign-in, the public list and a public review',
    async () => {
      await screen('sign-in', go('/', 'Sign in to the sign-off tracker'));
      await screen('public reviews', go('/public', /public/i));
      await screen('public review', go(`/public/${keys.sensitive}`, /Cookie breakage/));
    },
    STEP,
  );

  it(
    'the proposer: inbox, dashboard, lists, the new review form, every part of the review page',
    async () => {
      await signInAs(app, people.proposer);
      await screen('inbox (proposer)', go('/', 'Inbox'));
      await screen('dashboard', go('/dashboard', /dashboard/i));
      await screen('reviews list', go('/reviews', 'Reviews'));
      await screen('reviews list, filtered', go('/reviews?status=sensitive_review&q=cookie', 'Reviews'));
      await screen('new review', go('/reviews/new', 'New data collection review'), [
        'fieldset.collection-period',
      ]);
      await screen('review: draft', go(`/reviews/${keys.draft}`, 'Search suggestion clicks'));
      await screen('review: sensitive (proposer)', go(`/reviews/${keys.sensitive}`, /Cookie breakage/), [
        'section[aria-labelledby="pipeline-title"]',
        'section[aria-labelledby="mitigations-title"]',
        'section[aria-labelledby="announcement-title"]',
        'section[aria-labelledby="discussions-title"]',
      ]);
      // The timeline names people, not their addresses, and says what happened in words.
      const timeline = await app.page.locator('#timeline-title + *').textContent();
      expect(timeline ?? '').toContain('Pat Proposer');
      expect(timeline ?? '').not.toContain('@example.com');
      await screen('revision 2', go(`/reviews/${keys.sensitive}/revisions/2`, /^Revision 2 of/));
      await screen('export', go(`/reviews/${keys.sensitive}/export`, /export/i));
      await screen('glean import', go(`/reviews/${keys.sensitive}/glean`, /Glean/i));
      await screen('renewal', go(`/reviews/${keys.approved}/renewal`, /renewal/i));
      await screen('new review from Glean', go('/reviews/import', /Glean/i));
      await screen('preferences', go('/preferences', /preferences|notifications/i));
    },
    STEP,
  );

  it(
    'the steward, the facilitators, the product owner and the admin',
    async () => {
      await signInAs(app, people.steward);
      await screen('inbox (steward)', go('/', 'Inbox'));
      await screen(
        'review: waiting for a steward (steward form)',
        go(`/reviews/${keys.submitted}`, /Downloads/),
      );
      await screen('renewal (steward)', go(`/reviews/${keys.approved}/renewal`, /renewal/i));
      await signInAs(app, people.data);
      await screen('inbox (Data facilitator)', go('/', 'Inbox'));
      await screen(
        'review: sensitive (Data facilitator)',
        go(`/reviews/${keys.sensitive}`, /Cookie breakage/),
      );
      await signInAs(app, people.legal);
      await screen(
        'review: sensitive (Legal/Trust, before its turn)',
        go(`/reviews/${keys.sensitive}`, /Cookie/),
      );
      await signInAs(app, people.owner);
      await screen('inbox (product owner)', go('/', 'Inbox'));
      await screen('review: sensitive (decision maker)', go(`/reviews/${keys.sensitive}`, /Cookie breakage/));
      await signInAs(app, people.admin);
      await screen('surveys', go('/surveys', /survey/i));
      await screen('code revisions', go('/revisions', 'Revisions in code review'));
    },
    STEP,
  );
});
