// Context for judging (issue 15, point 4), in Debian's Chromium against the real server: re-confirming shows
// the changes since my sign-off, any revision opens with its diff by question, comments are threaded and
// their Markdown is rendered safely, position papers sit side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, signInAs, startBrowserApp } from '../../../test/browser-app.ts';
import {
  type Cast,
  cast,
  escalateSecurity,
  inDispute,
  reviewed,
  signOffs,
} from '../../../test/review-fixtures.ts';

const STEP = 60_000;
let app: BrowserApp;
let c: Cast;
let key = '';
/** The escalation of `key` whose papers test 5 shares. */
let escalationId = 0;

beforeAll(async () => {
  app = await startBrowserApp('judging', {
    seed: async (db) => {
      c = await cast(db);
    },
  });
  // The facts come through the API; what the test judges is what the screens show of them.
  const r = await reviewed(c, 3);
  key = r.key;
  await signOffs(c, key, {
    privacy_technical: { decision: 'approved', rationale: 'Low risk on revision 1.' },
  });
  const view = await c.proposer.caller.review.get({ review: key });
  const measurements = view.form.measurements ?? [];
  await c.proposer.caller.review.saveDocumentation({
    review: key,
    baseRevision: view.currentRevision,
    form: {
      ...view.form,
      whyMozillaNeedsIt: 'To rank suggestions better, now with a 90-day retention.',
      measurements: measurements.map((m, i) => (i === 0 ? { ...m, description: 'Hashed eTLD+1 only.' } : m)),
    },
  });
}, 240_000);

/** A new review in sensitive review with an escalation on Security, opened by the proposer. */
async function escalationOnSecurity(question: string) {
  const r = await reviewed(c, 3);
  return { r, ...(await escalateSecurity(c, r.key, question)) };
}

afterAll(async () => {
  await app?.close();
});

describe('context for judging', () => {
  it(
    're-confirming a stale sign-off shows, by question, what changed since my sign-off',
    async () => {
      const { page } = app;
      await signInAs(app, c.facilitators.privacy_technical);
      await page.goto(`${app.server.url}/reviews/${key}`);
      const since = page.getByRole('region', { name: 'Changes since my sign-off' });
      await since.getByText('Changes since your sign-off on revision 1').waitFor();
      const why = since.getByRole('region', { name: /^Why does Mozilla need to answer these questions/ });
      await expect(why.locator('.diff-side.after').textContent()).resolves.toContain('90-day retention');
      await expect(why.locator('.diff-side.before').textContent()).resolves.toMatch(/^Before/);
      const measurementsChanged = since.getByRole('region', { name: /^List all proposed measurements/ });
      await expect(measurementsChanged.textContent()).resolves.toContain('Hashed eTLD+1 only.');
      // Only the questions that changed are listed.
      expect(await since.locator('.diff-question').count()).toBe(2);
      await page
        .getByRole('button', { name: /Re-confirm Privacy\/Technical sign-off on revision/ })
        .waitFor();
      await app.browser.screenshot('judging-01-changes-since-sign-off');
    },
    STEP,
  );

  it(
    'any revision opens on its own page with the diff by question and the form as it read then',
    async () => {
      const { page } = app;
      await page.getByRole('link', { name: 'Revision 1', exact: true }).click();
      await page.getByRole('heading', { name: `Revision 1 of ${key}` }).waitFor();
      await page.getByText('Revision 1 is the first').waitFor();
      const form = page.getByRole('region', { name: 'The request form at revision 1' });
      await expect(form.textContent()).resolves.not.toContain('90-day retention');
      await page.getByRole('link', { name: 'Compare with the current revision (2)' }).click();
      await page.getByRole('heading', { name: `Revision 2 of ${key} (current)` }).waitFor();
      const changes = page.getByRole('region', { name: 'Changes from revision 1 to 2' });
      await changes.getByText('2 questions changed from revision 1 to revision 2.').waitFor();
      await changes.getByRole('heading', { name: /^Why does Mozilla need/ }).waitFor();
      await expect(
        page.getByRole('region', { name: 'The request form at revision 2' }).textContent(),
      ).resolves.toContain('90-day retention');
      await app.browser.screenshot('judging-02-revision-page');
    },
    STEP,
  );

  it(
    'comments render Markdown, never a script, an event handler or a javascript: link',
    async () => {
      const { page } = app;
      await c.facilitators.security.caller.signOff.comment({
        review: key,
        area: 'security',
        body: [
          'Is the **eTLD+1** hashed? See [the doc](https://example.com/doc).',
          '',
          '<script>window.__xss = "script"</script>',
          '<img src="x" onerror="window.__xss = \'onerror\'">',
          "<a href=\"javascript:window.__xss='href'\">html link</a> and [md link](javascript:window.__xss='md')",
          '<b onmouseover="window.__xss=\'hover\'">hover me</b>',
        ].join('\n'),
      });
      await signInAs(app, c.proposer);
      await page.goto(`${app.server.url}/reviews/${key}`);
      const thread = page.getByRole('list', { name: 'Comments on Security' });
      const body = thread.locator('.markdown[data-markdown="rendered"]').first();
      await body.waitFor();
      await expect(body.locator('strong').textContent()).resolves.toBe('eTLD+1');
      await expect(body.getByRole('link', { name: 'the doc' }).getAttribute('href')).resolves.toBe(
        'https://example.com/doc',
      );
      const unsafe = await body.evaluate((el) => ({
        scripts: el.querySelectorAll('script').length,
        handlers: [...el.querySelectorAll('*')].filter((n) =>
          [...n.attributes].some((a) => /^on/i.test(a.name)),
        ).length,
        jsLinks: [...el.querySelectorAll('a')].filter((a) =>
          /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
        ).length,
        images: el.querySelectorAll('img').length,
      }));
      expect(unsafe).toEqual({ scripts: 0, handlers: 0, jsLinks: 0, images: 0 });
      await body.getByText('hover me').hover();
      for (const name of ['html link', 'md link']) {
        const link = body.getByText(name);
        if (await link.count()) await link.click();
      }
      expect(await page.evaluate(() => (window as { __xss?: string }).__xss ?? null)).toBeNull();
      expect(page.url()).toBe(`${app.server.url}/reviews/${key}`);
    },
    STEP,
  );

  it(
    'a reply is threaded under the comment it answers',
    async () => {
      const { page } = app;
      const thread = page.getByRole('list', { name: 'Comments on Security' });
      await thread.getByRole('button', { name: 'Reply to security' }).click();
      await thread.getByLabel('Reply to security').fill('Yes: _salted_ per install.');
      await thread.getByRole('button', { name: 'Send reply' }).click();
      const replies = thread.getByRole('list', { name: 'Replies to security' });
      const reply = replies.getByRole('article', { name: 'Comment by proposer' });
      await reply.locator('em').getByText('salted').waitFor();
      const view = await c.proposer.caller.review.get({ review: key });
      const [question, answer] = view.comments.filter((x) => x.area === 'security');
      expect(answer?.replyTo).toBe(question?.id);
      await app.browser.screenshot('judging-03-thread');
    },
    STEP,
  );

  it(
    'shared position papers are read side by side',
    async () => {
      const { page } = app;
      await inDispute(c, key, 'security');
      const e = await c.proposer.caller.escalation.open({
        review: key,
        facilitatorId: c.facilitators.security.id,
        areas: ['security'],
        question: 'Is the eTLD+1 collection acceptable?',
      });
      escalationId = e.id;
      const target = { review: key, escalationId: e.id };
      await c.proposer.caller.escalation.writePaper({ ...target, body: 'Ship with **eTLD+1** only.' });
      await c.facilitators.security.caller.escalation.writePaper({
        ...target,
        body: 'Do not ship:\n\n- risk A\n- risk B',
      });
      await c.facilitators.security.caller.escalation.share(target);
      await page.goto(`${app.server.url}/reviews/${key}`);
      const papers = page.getByRole('list', { name: /^Position papers of the escalation on Security/ });
      const proposer = papers.getByRole('article', { name: 'Position paper of proposer' });
      const security = papers.getByRole('article', { name: 'Position paper of security' });
      await security.locator('li').getByText('risk B').waitFor();
      await proposer.locator('strong').getByText('eTLD+1').waitFor();
      const [a, b] = [await proposer.boundingBox(), await security.boundingBox()];
      expect(a && b).toBeTruthy();
      // Side by side: the same row, one column each.
      expect(Math.abs((a?.y ?? 0) - (b?.y ?? 1))).toBeLessThan(2);
      expect(Math.abs((a?.x ?? 0) - (b?.x ?? 0))).toBeGreaterThan(100);
      await app.browser.screenshot('judging-04-papers');
    },
    STEP,
  );

  it(
    'escalation comments are threaded: a reply sits under the comment it answers, Markdown rendered safely',
    async () => {
      const { page } = app;
      const target = { review: key, escalationId };
      await c.owner.caller.escalation.comment({
        ...target,
        body: 'What do the **90 days** buy us?\n\n<img src="x" onerror="window.__xss = \'escalation\'">',
      });
      await page.goto(`${app.server.url}/reviews/${key}`);
      const thread = page.getByRole('list', { name: /^Comments on the escalation on Security/ });
      const question = thread.getByRole('article', { name: 'Comment by owner' });
      await question.locator('strong').getByText('90 days').waitFor();
      expect(await question.locator('img, script, [onerror]').count()).toBe(0);
      await thread.getByRole('button', { name: 'Reply to owner' }).click();
      await thread.getByLabel('Reply to owner').fill('Trend data over a _quarter_.');
      await thread.getByRole('button', { name: 'Send reply' }).click();
      const replies = thread.getByRole('list', { name: 'Replies to owner' });
      await replies
        .getByRole('article', { name: 'Comment by proposer' })
        .locator('em')
        .getByText('quarter')
        .waitFor();
      // A reply to the reply names whom it answers and stays in the same thread.
      await signInAs(app, c.facilitators.security);
      await page.goto(`${app.server.url}/reviews/${key}`);
      await replies.getByRole('button', { name: 'Reply to proposer' }).click();
      await replies.getByLabel('Reply to proposer').fill('A quarter is enough.');
      await replies.getByRole('button', { name: 'Send reply' }).click();
      await replies
        .getByRole('article', { name: 'Comment by security' })
        .getByText('replied to proposer')
        .waitFor();
      const [listed] = await c.proposer.caller.escalation.list({ review: key });
      const [q, a, b] = listed?.comments ?? [];
      expect([a?.replyTo, b?.replyTo]).toEqual([q?.id, a?.id]);
      expect(await page.evaluate(() => (window as { __xss?: string }).__xss ?? null)).toBeNull();
      await app.browser.screenshot('judging-05-escalation-thread');
    },
    STEP,
  );

  it(
    'three position papers side by side at 1280 px and 800 px, by name, with no sideways scroll',
    async () => {
      const { page } = app;
      const { r, target } = await escalationOnSecurity('Three views on one question');
      const long = (who: string) => `${who}: ${'a long recommended approach with many words '.repeat(12)}`;
      await c.proposer.caller.escalation.writePaper({ ...target, body: long('Ship') });
      await c.facilitators.security.caller.escalation.writePaper({ ...target, body: long('Do not ship') });
      await c.owner.caller.escalation.writePaper({ ...target, body: long('Ship with mitigations') });
      await c.facilitators.security.caller.escalation.share(target);
      await signInAs(app, c.proposer);
      await page.goto(`${app.server.url}/reviews/${r.key}`);
      const papers = page.getByRole('list', { name: /^Position papers of the escalation on Security/ });
      const articles = papers.getByRole('article');
      await articles.nth(2).waitFor();
      for (const width of [1280, 800]) {
        await page.setViewportSize({ width, height: 900 });
        const boxes = await articles.evaluateAll((els) =>
          els.map((el) => {
            const b = el.getBoundingClientRect();
            return { top: Math.round(b.top), left: Math.round(b.left), width: b.width };
          }),
        );
        expect(boxes, `3 papers at ${width} px`).toHaveLength(3);
        // One row, one column per party, each wide enough to read.
        expect(new Set(boxes.map((b) => b.top)).size, `papers on one row at ${width} px`).toBe(1);
        expect(new Set(boxes.map((b) => b.left)).size).toBe(3);
        for (const b of boxes) expect(b.width, `paper width at ${width} px`).toBeGreaterThan(180);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
          `sideways scroll at ${width} px`,
        ).toBeLessThanOrEqual(0);
        await app.browser.screenshot(`judging-06-three-papers-${width}`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      // Names, never emails.
      const meta = await papers.locator('.paper-meta').allTextContents();
      expect(meta.map((m) => m.split(' (')[0]).sort()).toEqual(['owner', 'proposer', 'security']);
      expect(meta.join(' ')).not.toContain('@');
    },
    STEP,
  );

  it(
    'before sharing each party reads only its own paper, and someone else reads none',
    async () => {
      const { page } = app;
      const { r, target } = await escalationOnSecurity('Drafts stay private');
      await c.proposer.caller.escalation.writePaper({ ...target, body: 'The proposer draft.' });
      await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'The security draft.' });
      for (const [who, sees] of [
        [c.proposer, ['The proposer draft.']],
        [c.facilitators.security, ['The security draft.']],
        [c.outsider, []],
      ] as const) {
        await signInAs(app, who);
        await page.goto(`${app.server.url}/reviews/${r.key}`);
        await page.getByRole('heading', { name: /^Escalation on Security/ }).waitFor();
        const papers = page.getByRole('list', { name: /^Position papers of the escalation on Security/ });
        const bodies = (await papers.count()) ? await papers.locator('.paper-body').allTextContents() : [];
        expect(
          bodies.map((b) => b.trim()),
          `papers ${who.email} reads`,
        ).toEqual(sees);
      }
    },
    STEP,
  );

  it(
    'a real review over three revisions: the changes since each sign-off, re-confirmed on screen, and any two revisions compared',
    async () => {
      const { page } = app;
      const r = await reviewed(c, 3);
      await signOffs(c, r.key, {
        privacy_technical: { decision: 'approved', rationale: 'Fine on revision 1.' },
        data: { decision: 'changes_requested', risk: 'medium', rationale: 'Say how long you keep it.' },
      });
      const revise = async (change: (form: Record<string, unknown>) => Record<string, unknown>) => {
        const view = await c.proposer.caller.review.get({ review: r.key });
        await c.proposer.caller.review.saveDocumentation({
          review: r.key,
          baseRevision: view.currentRevision,
          form: change(view.form as Record<string, unknown>) as typeof view.form,
        });
      };
      await revise((f) => ({ ...f, whyMozillaNeedsIt: 'Kept for 90 days, then deleted.' }));
      await revise((f) => ({
        ...f,
        measurements: ((f.measurements ?? []) as { description: string }[]).map((m, i) =>
          i === 0 ? { ...m, description: 'Only the hashed eTLD+1.' } : m,
        ),
      }));

      // The facilitator who approved revision 1 sees both revisions' changes, question by question.
      await signInAs(app, c.facilitators.privacy_technical);
      await page.goto(`${app.server.url}/reviews/${r.key}`);
      const privacy = page.locator('[data-area="privacy_technical"]');
      const since = privacy.getByRole('region', { name: 'Changes since my sign-off' });
      await since.getByText('Changes since your sign-off on revision 1').waitFor();
      await since.getByText('2 questions changed from revision 1 to revision 3.').waitFor();
      await expect(since.textContent()).resolves.toContain('Kept for 90 days');
      await expect(since.textContent()).resolves.toContain('Only the hashed eTLD+1.');
      await privacy
        .getByRole('button', { name: 'Re-confirm Privacy/Technical sign-off on revision 3' })
        .click();
      await privacy.getByText(/revision 3,/).waitFor();
      expect(await privacy.getByRole('region', { name: 'Changes since my sign-off' }).count()).toBe(0);
      const signed = await c.proposer.caller.review.get({ review: r.key });
      expect(signed.areas.find((a) => a.area === 'privacy_technical')?.current?.revision).toBe(3);

      // The facilitator who asked for changes sees what answered them before judging again.
      await signInAs(app, c.facilitators.data);
      await page.goto(`${app.server.url}/reviews/${r.key}`);
      const data = page.locator('[data-area="data"]');
      await data
        .getByRole('region', { name: 'Changes since my sign-off' })
        .getByText('2 questions changed from revision 1 to revision 3.')
        .waitFor();

      // Any revision opens, and compares with any other one: the choice lives in the URL.
      await page.goto(`${app.server.url}/reviews/${r.key}/revisions/3`);
      await page.getByRole('heading', { name: `Revision 3 of ${r.key} (current)` }).waitFor();
      await page.getByText('1 question changed from revision 2 to revision 3.').waitFor();
      await page.getByLabel('Compare with revision').selectOption('1');
      await page.getByText('2 questions changed from revision 1 to revision 3.').waitFor();
      expect(page.url()).toBe(`${app.server.url}/reviews/${r.key}/revisions/3?from=1`);
      await page.goto(`${app.server.url}/reviews/${r.key}/revisions/2`);
      await page.getByText('1 question changed from revision 1 to revision 2.').waitFor();
      const form2 = page.getByRole('region', { name: 'The request form at revision 2' });
      await expect(form2.textContent()).resolves.toContain('Kept for 90 days');
      await expect(form2.textContent()).resolves.not.toContain('Only the hashed eTLD+1.');
      await page.setViewportSize({ width: 800, height: 900 });
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        'revision page at 800 px',
      ).toBeLessThanOrEqual(0);
      await app.browser.screenshot('judging-07-revision-800');
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    STEP,
  );
});
