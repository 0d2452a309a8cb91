// Issue 15's remaining display defects, each in Debian's Chromium against the real server and database: words
// broken inside a word, blockers run together, choices run on, a button enabled before its files are checked,
// a raw Message-ID, and controls that share one accessible name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ANNOUNCEMENT_LIST } from '@signoff/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cast, reviewed } from '../../../test/review-fixtures.ts';
import { DESKTOP_DIR } from '../src/build/vite-configs.ts';
import { type BrowserFixture, startBrowserFixture } from './browser-fixture.ts';
import { duplicateControlNames, pageWidths, splitWords } from './screen-checks.ts';

const STEP = 90_000;
const WIDTHS = [1280, 800] as const;
let f: BrowserFixture;
let c: Cast;
let key = '';

// The project's own Glean fixture (packages/core/test/fixtures), its dated expiry moved a year ahead.
const metricsYaml = readFileSync(
  join(DESKTOP_DIR, '..', '..', 'packages', 'core', 'test', 'fixtures', 'browser.metrics.yaml'),
  'utf8',
).replaceAll('2027-01-31', `${new Date().getUTCFullYear() + 1}-01-31`);

beforeAll(async () => {
  f = await startBrowserFixture('display-15');
  c = f.cast;
  // A review in the sensitive review with two of a kind everywhere a screen lists things: two Data
  // mitigations of one kind, two live discussions of one area, two meetings of one escalation.
  const r = await reviewed(c, 3);
  key = r.key;
  const { privacy_technical: privacy, data } = c.facilitators;
  await privacy.caller.signOff.record({
    review: key,
    area: 'privacy_technical',
    risk: 'medium',
    decision: 'approved',
    rationale: 'Only the eTLD+1 is sent; a live discussion settled the retention of the reports.',
  });
  await data.caller.signOff.record({
    review: key,
    area: 'data',
    risk: 'high',
    decision: 'rejected',
    rationale: 'Domains seen by few users identify them, and the reports are kept for thirteen months.',
  });
  for (const description of ['Drop rare domains before upload.', 'Round the counts to tens.'])
    await data.caller.mitigation.request({
      review: key,
      area: 'data',
      kind: 'technical_control',
      description,
    });
  for (const days of [3, 5])
    await c.proposer.caller.discussion.schedule({
      review: key,
      area: 'data',
      scheduledAt: new Date(Date.now() + days * 86_400_000).toISOString(),
      attendeeIds: [data.id, c.proposer.id],
      agenda: `Is a threshold of ${days}0 enough?`,
    });
  const e = await c.proposer.caller.escalation.open({
    review: key,
    facilitatorId: data.id,
    areas: ['data'],
    question: 'May the site list ship with a threshold of 50 users?',
  });
  for (const days of [2, 4])
    await c.proposer.caller.escalation.scheduleMeeting({
      review: key,
      escalationId: e.id,
      scheduledAt: new Date(Date.now() + days * 86_400_000).toISOString(),
      agenda: `Meeting on day ${days}`,
    });
  await c.proposer.caller.announcement.send({ review: key });
}, 240_000);
afterAll(async () => {
  await f?.close();
});

/** Opens `path` at each width and returns what `check` finds there, labelled by the width. */
async function atWidths(path: string, ready: () => Promise<unknown>, check: () => Promise<string[]>) {
  const found: string[] = [];
  for (const width of WIDTHS) {
    await f.page.setViewportSize({ width, height: 900 });
    await f.page.goto(`${f.server.url}${path}`);
    await ready();
    found.push(...(await check()).map((x) => `${width} px: ${x}`));
    const w = await pageWidths(f.page);
    if (width === 800 && w.scrollWidth > w.clientWidth)
      found.push(`${width} px: ${path} scrolls sideways (${w.scrollWidth} > ${w.clientWidth})`);
  }
  await f.page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

describe('display defects (issue 15)', () => {
  it(
    'no word is broken across lines in the public sign-off table, the pipeline or the dashboard tiles',
    async () => {
      const publicTable = await atWidths(
        `/public/${key}`,
        () => f.page.getByRole('heading', { name: 'Sign-offs by area' }).waitFor(),
        () => splitWords(f.page, 'section[aria-labelledby="pub-signoffs"] :is(th, td)'),
      );
      expect.soft(publicTable, 'the public sign-off table').toEqual([]);
      await f.signIn(c.proposer);
      const pipeline = await atWidths(
        `/reviews/${key}`,
        () => f.page.getByRole('heading', { name: 'Can it ship?' }).waitFor(),
        () => splitWords(f.page, '.pipeline-stage'),
      );
      expect.soft(pipeline, 'the pipeline').toEqual([]);
      const dashboard = await atWidths(
        '/dashboard',
        () => f.page.locator('.flow-stage').first().waitFor(),
        () => splitWords(f.page, '.flow-stage'),
      );
      expect(dashboard, 'the dashboard tiles').toEqual([]);
    },
    STEP,
  );

  it(
    '"My reviews" lists the blockers, one per item, in words',
    async () => {
      await f.signIn(c.proposer);
      const mine = (await c.proposer.caller.inbox.mine()).myReviews.find((m) => m.key === key);
      expect(mine?.canShip).toBe(false);
      for (const channel of mine?.channels ?? []) {
        const label = channel.channel === 'release' ? 'Release' : 'Pre-release';
        const list = f.page.getByRole('list', { name: `What blocks ${key} on ${label}` });
        await list.waitFor();
        const items = await list.getByRole('listitem').allTextContents();
        expect(items).toEqual([...new Set(channel.blockers.map((b) => b.message))]);
        expect(items.length).toBeGreaterThan(1);
      }
    },
    STEP,
  );

  it(
    'the request form: each collection period on its own labelled line, in a fieldset with a legend',
    async () => {
      await f.signIn(c.proposer);
      await f.page.goto(`${f.server.url}/reviews/new`);
      const group = f.page.getByRole('group', { name: /^Collection period/ });
      const radios = group.getByRole('radio');
      await radios.first().waitFor();
      expect(await group.evaluate((el) => el.tagName)).toBe('FIELDSET');
      for (const width of WIDTHS) {
        await f.page.setViewportSize({ width, height: 900 });
        const boxes = await radios.evaluateAll((rs) =>
          rs.map((r) => {
            const label = r.closest('label');
            const box = (label ?? r).getBoundingClientRect();
            return { name: label?.textContent?.trim() ?? '', top: box.top, bottom: box.bottom };
          }),
        );
        expect(boxes.map((b) => b.name.length > 0)).toEqual([true, true, true]);
        // Each choice starts below the end of the one before: one line (or more) each, never two on one.
        for (let i = 1; i < boxes.length; i++)
          expect(boxes[i]?.top, `${width} px: choice ${i + 1} under choice ${i}`).toBeGreaterThanOrEqual(
            (boxes[i - 1]?.bottom ?? 0) - 1,
          );
      }
      await f.page.setViewportSize({ width: 1280, height: 900 });
    },
    STEP,
  );

  it(
    '"Import as revision N" waits until the files it will import are checked, and says so',
    async () => {
      await f.signIn(c.proposer);
      const view = await c.proposer.caller.review.get({ review: key });
      await f.page.goto(`${f.server.url}/reviews/${key}/glean`);
      const importButton = f.page.getByRole('button', {
        name: `Import as revision ${view.currentRevision + 1}`,
      });
      await importButton.waitFor();
      const reason = async () =>
        importButton.evaluate((b) =>
          (b.getAttribute('aria-describedby') ?? '')
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' ')
            .trim(),
        );
      expect(await importButton.isDisabled()).toBe(true);
      expect(await reason()).toMatch(/check the files/i);
      await f.page.getByLabel('Bug number').fill('1901234');
      await f.page.getByLabel('Path of file 1').fill('browser/components/sidebar/metrics.yaml');
      await f.page.getByLabel('Text of file 1').fill(metricsYaml);
      expect(await importButton.isDisabled()).toBe(true);
      await f.page.getByRole('button', { name: 'Check the files' }).click();
      await f.page.getByRole('heading', { name: 'What the files hold for bug 1901234' }).waitFor();
      await expect.poll(() => importButton.isDisabled()).toBe(false);
      // A file changed after the check is not the file checked.
      await f.page.getByLabel('Text of file 1').fill(`${metricsYaml}\n`);
      expect(await importButton.isDisabled()).toBe(true);
      expect(await reason()).toMatch(/changed since/i);
      expect(await c.proposer.caller.review.get({ review: key }).then((v) => v.currentRevision)).toBe(
        view.currentRevision,
      );
    },
    STEP,
  );

  it(
    '"Record as held" says why it waits until the notes and the outcome are written',
    async () => {
      await f.signIn(c.proposer);
      await f.openReview(key);
      const form = f.page
        .getByRole('form', { name: /^Record the discussion of Data on .* as held$/ })
        .first();
      const hold = form.getByRole('button', { name: /^Record as held/ });
      expect(await hold.isDisabled()).toBe(true);
      const why = await hold.evaluate((b) => {
        const id = b.getAttribute('aria-describedby');
        return id ? (document.getElementById(id)?.textContent ?? '') : '';
      });
      expect(why).toMatch(/notes and the outcome/);
      await form.getByLabel(/^Notes/).fill('Fifty is enough for the top sites.');
      expect(await hold.isDisabled()).toBe(true);
      await form.getByLabel(/^Outcome/).fill('Keep 50.');
      expect(await hold.isDisabled()).toBe(false);
      expect(await hold.getAttribute('aria-describedby')).toBeNull();
    },
    STEP,
  );

  it(
    'the announcement says when and to which list it went, not its Message-ID',
    async () => {
      await f.signIn(c.proposer);
      await f.openReview(key);
      const item = f.page.getByRole('list', { name: 'Announcements' }).getByRole('listitem').first();
      const text = ((await item.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(text).not.toMatch(/Message-ID|<[^>]*@[^>]*>|signoff\.local/);
      expect(text).toContain(DEFAULT_ANNOUNCEMENT_LIST);
      expect(text).toMatch(/\b20\d\d\b/);
    },
    STEP,
  );

  it(
    'no two controls of one screen share an accessible name (two mitigations, discussions, meetings)',
    async () => {
      const found: string[] = [];
      for (const who of [c.proposer, c.facilitators.data, c.facilitators.privacy_technical]) {
        await f.signIn(who);
        await f.openReview(key);
        await f.page.getByRole('heading', { name: 'Escalations' }).waitFor();
        await f.page.waitForFunction(
          () => !document.querySelector('[data-markdown="pending"], .state-loading'),
        );
        found.push(...(await duplicateControlNames(f.page)).map((d) => `${who.email}: ${d}`));
      }
      expect(found).toEqual([]);
    },
    STEP,
  );
});
