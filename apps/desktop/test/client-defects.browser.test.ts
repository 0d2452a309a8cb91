// Issue 15's "Defects seen", each in Debian's Chromium against the real server and database, and the renderer
// part of issue 13: screens offer only what review.get's allowedActions allows, with the reason beside the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveAllAreas,
  type Cast,
  completeForm,
  draftOnRelease,
  inDispute,
  reviewed,
  signOffs,
} from '../../../test/review-fixtures.ts';
import { type BrowserFixture, startBrowserFixture } from './browser-fixture.ts';

const STEP = 90_000;
let f: BrowserFixture;
let c: Cast;

beforeAll(async () => {
  f = await startBrowserFixture('client-defects');
  c = f.cast;
}, 180_000);
afterAll(async () => {
  await f?.close();
});

const outboxAnnouncements = async (reviewId: number) =>
  (
    await f.database.db
      .selectFrom('outbox')
      .select('id')
      .where('review_id', '=', reviewId)
      .where('kind', '=', 'announcement')
      .execute()
  ).length;

describe('client defects (issue 15)', () => {
  // First, while the database holds exactly one sign-off per area: counts of one read as one.
  it(
    'grammar: one prerequisite approves, one review, one field',
    async () => {
      const r = await reviewed(c, 3);
      await signOffs(c, r.key, { privacy_technical: 'approved' });
      await f.signIn(c.facilitators.legal_trust);
      const item = f.page
        .getByRole('list', { name: 'Coming to me' })
        .getByRole('listitem')
        .filter({ hasText: r.key });
      // One sign-off awaited, named once, in words (was "After Data approve"); the words are core's waitsOn.
      await expect(item.locator('.reason').textContent()).resolves.toMatch(/^Waits on the Data sign-off$/);
      const nav = f.page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await f.page.getByRole('row', { name: /Privacy\/Technical .* days \(1 review; median/ }).waitFor();
      await nav.getByRole('link', { name: 'New review', exact: true }).click();
      await f.page.getByLabel('Title').fill('One field missing');
      await f.page.getByRole('button', { name: 'Save and submit to a data steward' }).click();
      const alert = f.page.getByRole('alert').filter({ hasText: 'need' });
      await expect(alert.textContent()).resolves.toMatch(/^\d+ fields? needs? attention/);
      const text = (await alert.textContent()) ?? '';
      expect(text).not.toContain('(s)');
      expect(text.startsWith('1 ') ? /^1 field needs/.test(text) : /^\d+ fields need/.test(text)).toBe(true);
    },
    STEP,
  );

  it(
    'titles: each page has its own title',
    async () => {
      const titles = new Set<string>();
      const r = await reviewed(c, 3);
      for (const path of ['/', '/dashboard', '/reviews/new', `/reviews/${r.key}`, '/public']) {
        await f.page.goto(`${f.server.url}${path}`);
        await f.page.locator('main h1').first().waitFor();
        await f.page.waitForFunction(() => document.title !== 'Sign-off tracker');
        titles.add(await f.page.title());
      }
      expect(titles.size).toBe(5);
      expect([...titles].some((t) => t.includes(r.key))).toBe(true);
      await f.page.goto(`${f.server.url}/`);
      await f.signOut();
      await f.page.waitForFunction(() => /^Sign in/.test(document.title));
    },
    STEP,
  );

  it(
    'focus: a failed sign-in puts focus on the error, "Escalate…" on its form',
    async () => {
      await f.signIn(c.proposer);
      await f.signOut();
      await f.page.getByLabel('Email').fill(c.proposer.email);
      await f.page.getByLabel('Password').fill('not the password at all');
      await f.page.getByRole('button', { name: 'Sign in' }).click();
      await f.page.getByRole('alert').waitFor();
      await f.page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'alert');
      expect(await f.page.evaluate(() => document.activeElement?.textContent)).toMatch(
        /invalid email or password/,
      );
      f.browser.drainErrors();

      const r = await reviewed(c, 3);
      await inDispute(c, r.key, 'security');
      await f.signIn(c.proposer);
      await f.openReview(r.key);
      await f.page.getByRole('button', { name: 'Escalate Security' }).click();
      await f.page.getByRole('form', { name: 'Escalate Security' }).waitFor();
      await f.page.waitForFunction(() => document.activeElement !== document.body);
      expect(
        await f.page.evaluate(
          () => !!document.activeElement?.closest('form[aria-label="Escalate Security"]'),
        ),
      ).toBe(true);
    },
    STEP,
  );

  it(
    'the steward checklist starts empty, and each unanswered judgement is named',
    async () => {
      const r = await draftOnRelease(c, 'Checklist review', completeForm(3));
      await c.proposer.caller.review.submit({ review: r.key });
      await f.signIn(c.steward);
      await f.openReview(r.key);
      const form = f.page.getByRole('form', { name: 'Record the data review' });
      for (const select of await form.locator('select[name^="answer-"], select[name="outcome"]').all())
        expect(await select.inputValue()).toBe('');
      await form.getByLabel('Written review').fill('Looks fine.');
      await form.getByRole('button', { name: 'Record data review' }).click();
      await form.getByText('Choose the outcome.').waitFor();
      await form.getByText('Answer this question.').first().waitFor();
      expect(await form.getByText('Answer this question.').count()).toBe(7);
      // Nothing was recorded.
      const view = await c.proposer.caller.review.get({ review: r.key });
      expect(view.stewardReviews).toEqual([]);
    },
    STEP,
  );

  it(
    'sign-off: Legal/Trust waits with the reason and no live form; judgements start empty, are required, and a recorded sign-off is confirmed',
    async () => {
      const r = await reviewed(c, 3);
      await f.signIn(c.facilitators.legal_trust);
      await f.openReview(r.key);
      const legal = f.page.locator('[data-area="legal_trust"]');
      await legal
        .getByText(/privacy/i)
        .first()
        .waitFor();
      expect(await f.page.getByRole('form', { name: 'Record Legal/Trust sign-off' }).count()).toBe(0);
      await legal.locator('.not-allowed').waitFor();

      await f.signIn(c.facilitators.privacy_technical);
      await f.openReview(r.key);
      const form = f.page.getByRole('form', { name: 'Record Privacy/Technical sign-off' });
      expect(await form.getByLabel('Privacy/Technical risk').inputValue()).toBe('');
      expect(await form.getByLabel('Privacy/Technical decision').inputValue()).toBe('');
      await form.getByLabel('Privacy/Technical rationale').fill('Low risk, documented.');
      await form.getByRole('button', { name: 'Record Privacy/Technical sign-off' }).click();
      await form.getByText('Choose the Privacy/Technical risk.').waitFor();
      await form.getByText('Choose the Privacy/Technical decision.').waitFor();
      expect((await c.proposer.caller.review.get({ review: r.key })).areas[0]?.current).toBeNull();

      await form.getByLabel('Privacy/Technical risk').selectOption('low');
      await form.getByLabel('Privacy/Technical decision').selectOption('approved');
      await form.getByRole('button', { name: 'Record Privacy/Technical sign-off' }).click();
      const done = f.page.locator('[data-area="privacy_technical"]').getByRole('status');
      await expect(done.textContent()).resolves.toMatch(/Recorded.*approved.*risk low.*revision \d/);
      expect(await f.page.getByRole('form', { name: 'Record Privacy/Technical sign-off' }).count()).toBe(0);
    },
    STEP,
  );

  it(
    'a reply to a mitigation request keeps the request: the exchange is a thread',
    async () => {
      const r = await reviewed(c, 3);
      await c.facilitators.privacy_technical.caller.mitigation.request({
        review: r.key,
        area: 'privacy_technical',
        kind: 'ux_notice',
        description: 'Show users a notice before the first upload.',
      });
      await f.signIn(c.proposer);
      await f.openReview(r.key);
      const item = f.page.getByRole('list', { name: 'Mitigations' }).getByRole('listitem').first();
      await item.getByLabel('Your reply').fill('A one-time notice in the toolbar, shown before upload.');
      await item.getByRole('button', { name: 'Propose' }).click();
      await item.getByText('proposed', { exact: true }).waitFor();
      const thread = item.getByRole('list', { name: /^Exchange on the .* mitigation in / });
      await thread.getByText('Show users a notice before the first upload.').waitFor();
      await thread.getByText('A one-time notice in the toolbar, shown before upload.').waitFor();
      await expect(thread.textContent()).resolves.toContain('privacy');
      await expect(thread.textContent()).resolves.toContain('proposer');
    },
    STEP,
  );

  it(
    '"Mark as shipped" is offered only when allowed; a refusal reads per channel and clears after a later action',
    async () => {
      const r = await reviewed(c, 3);
      await f.signIn(c.proposer);
      await f.openReview(r.key);
      expect(await f.page.getByRole('button', { name: 'Mark as shipped' }).count()).toBe(0);

      await approveAllAreas(c, r.key);
      await c.proposer.caller.announcement.recordManual({
        review: r.key,
        archiveLink: 'https://groups.google.com/a/mozilla.com/g/data-review/c/ship',
      });
      await f.openReview(r.key);
      await f.page.getByRole('button', { name: 'Mark as shipped' }).waitFor();
      // Meanwhile a new revision makes every sign-off stale; this page still offers the button.
      const view = await c.proposer.caller.review.get({ review: r.key });
      await c.proposer.caller.review.saveDocumentation({
        review: r.key,
        baseRevision: view.currentRevision,
        form: { ...completeForm(3), analysis: 'Changed after the sign-offs.' },
      });
      await f.page.getByRole('button', { name: 'Mark as shipped' }).click();
      const refusal = f.page.getByRole('alert').filter({ hasText: 'cannot be marked shipped' });
      await refusal.getByRole('list', { name: 'Release', exact: true }).waitFor();
      await refusal.getByRole('list', { name: 'Pre-release', exact: true }).waitFor();
      await expect(refusal.textContent()).resolves.not.toMatch(/SIGNOFF_STALE|[A-Z]+_[A-Z]+/);
      expect(await f.page.getByRole('button', { name: 'Mark as shipped' }).count()).toBe(0);
      f.browser.drainErrors();
      // A later action clears it.
      await f.page.getByLabel('Comment on Security').fill('Revised the analysis section.');
      await f.page.getByRole('button', { name: 'Comment' }).last().click();
      await f.page.getByText('Revised the analysis section.').last().waitFor();
      await refusal.waitFor({ state: 'detached' });
    },
    STEP,
  );

  it(
    'the announcement is sent once: the button gives way, a second send changes nothing, and "queued" says why',
    async () => {
      const r = await reviewed(c, 3);
      await approveAllAreas(c, r.key);
      await f.signIn(c.proposer);
      await f.openReview(r.key);
      await f.page.getByRole('button', { name: 'Send the announcement' }).click();
      const sent = f.page.getByRole('list', { name: 'Announcements' });
      await sent.getByText('queued').waitFor();
      // No mail server is configured on this server: the page says so.
      await sent.getByText(/no mail server (is )?configured/).waitFor();
      expect(await f.page.getByRole('button', { name: 'Send the announcement' }).count()).toBe(0);
      await f.page
        .getByText(/already sent|was sent/i)
        .first()
        .waitFor();
      expect(await outboxAnnouncements(r.id)).toBe(1);
      const again = await c.proposer.caller.announcement.send({ review: r.key });
      expect(again.alreadySent).toBe(true);
      expect(await outboxAnnouncements(r.id)).toBe(1);
    },
    STEP,
  );

  it(
    'decisions: the disabled button says why, the decision is confirmed, and shows who decided and when',
    async () => {
      const r = await reviewed(c, 3);
      await signOffs(c, r.key, {
        privacy_technical: 'approved',
        data: 'approved',
        security: { decision: 'rejected', risk: 'medium', rationale: 'Too much detail.' },
      });
      const e = await c.proposer.caller.escalation.open({
        review: r.key,
        areas: ['security'],
        facilitatorId: c.facilitators.security.id,
        question: 'Is the host enough?',
      });
      await c.proposer.caller.escalation.writePaper({ review: r.key, escalationId: e.id, body: 'Proceed.' });
      await c.facilitators.security.caller.escalation.share({ review: r.key, escalationId: e.id });

      await f.signIn(c.owner);
      await f.openReview(r.key);
      const form = f.page.getByRole('form', { name: /^Decide the escalation on Security/ });
      const button = form.getByRole('button', { name: 'Record the decision' });
      expect(await button.isDisabled()).toBe(true);
      const why = await button.getAttribute('aria-describedby');
      expect(why).toBeTruthy();
      await expect(f.page.locator(`[id="${why}"]`).textContent()).resolves.toMatch(/choose|rationale/i);

      await form.getByLabel('Escalation decision').selectOption('proceed');
      await form.getByLabel('Decision rationale').fill('The host limits the risk enough.');
      await button.click();
      // Asked to confirm first; nothing decided yet.
      const confirm = f.page.getByRole('button', { name: 'Confirm: Proceed' });
      await confirm.waitFor();
      expect((await c.proposer.caller.escalation.list({ review: r.key }))[0]?.state).toBe('open');
      await confirm.click();
      const card = f.page.locator(`[data-escalation="${e.id}"]`);
      await card.getByText('decided: proceed').waitFor();
      await expect(card.textContent()).resolves.toMatch(/Decided by owner.*20\d\d|Decided by owner/);
    },
    STEP,
  );

  it(
    'tabs: a new tab is signed in without the token in storage another site or script could read',
    async () => {
      const r = await reviewed(c, 3);
      await f.signIn(c.proposer);
      const second = await f.browser.context.newPage();
      try {
        await second.goto(`${f.server.url}/reviews/${r.key}`);
        await second.getByRole('heading', { name: 'Can it ship?' }).waitFor();
        expect(await second.evaluate(() => Object.keys(localStorage))).toEqual([]);
        expect(await second.evaluate(() => document.cookie)).toBe('');
        // Signing out in one tab signs out the other.
        await f.signOut();
        await second.getByRole('heading', { name: 'Sign in to the sign-off tracker' }).waitFor();
      } finally {
        await second.close();
      }
    },
    STEP,
  );

  it(
    'layout: the request form fits its card at 1280 px, and no page scrolls sideways at 800 px',
    async () => {
      const r = await reviewed(c, 3);
      await f.signIn(c.proposer);
      await f.page.setViewportSize({ width: 1280, height: 900 });
      await f.page.goto(`${f.server.url}/reviews/new`);
      await f.page.getByRole('button', { name: 'Add a measurement' }).click();
      const overflowing = () =>
        f.page.evaluate(() =>
          [...document.querySelectorAll('main input, main select, main textarea, main fieldset')]
            .filter((el) => {
              const card = el.closest('.card, section, form');
              if (!card) return false;
              return el.getBoundingClientRect().right > card.getBoundingClientRect().right + 0.5;
            })
            .map((el) => el.getAttribute('name') ?? el.tagName),
        );
      expect(await overflowing()).toEqual([]);
      await f.page.setViewportSize({ width: 800, height: 900 });
      for (const path of ['/', '/reviews/new', `/reviews/${r.key}`, '/dashboard']) {
        await f.page.goto(`${f.server.url}${path}`);
        await f.page.locator('main h1').first().waitFor();
        if (path === '/reviews/new') await f.page.getByRole('button', { name: 'Add a measurement' }).click();
        expect(
          await f.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
          path,
        ).toBeLessThanOrEqual(0);
        expect(await overflowing(), path).toEqual([]);
      }
      await f.page.setViewportSize({ width: 1280, height: 900 });
    },
    STEP,
  );

  it('logged no console errors but the refusals it provoked', () => {
    for (const e of f.browser.errors) expect(e).toMatch(/status of (401|412|422)/);
  });
});
