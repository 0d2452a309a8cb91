// The review page offers what core allows and says why not beside what it does not (issues 13/15), in Debian's
// Chromium against the real server and database: Submit on an incomplete form, "Escalate …" only for an area in
// dispute, and "Can it ship?" only on the channels the review covers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cast, draftOnRelease, reviewed, signOffs } from '../../../test/review-fixtures.ts';
import { type BrowserFixture, startBrowserFixture } from './browser-fixture.ts';

const STEP = 90_000;
let f: BrowserFixture;
let c: Cast;

beforeAll(async () => {
  f = await startBrowserFixture('verdicts-13r');
  c = f.cast;
}, 120_000);
afterAll(() => f?.close());

describe('the review page reads core’s verdicts', () => {
  it(
    'a draft with an incomplete form: Submit is disabled with what is missing beside it; only Release is judged',
    async () => {
      const r = await draftOnRelease(c, 'Search suggestion clicks', {
        questionsAnswered: 'Which suggestions are picked?',
      });
      await f.signIn(c.proposer);
      await f.openReview(r.key);
      const submit = f.page.getByRole('button', { name: 'Submit to a data steward' });
      await submit.waitFor();
      expect(await submit.isDisabled()).toBe(true);
      const why = await f.page.locator(`#${await submit.getAttribute('aria-describedby')}`).textContent();
      expect(why).toMatch(/^The request form is not complete: answer question 2, question 3, .*question 12/);
      // "Can it ship?" judges Release only, and says plainly that Pre-release is not covered.
      const panel = f.page.locator('section[aria-labelledby="can-ship-title"]');
      expect(
        await panel.locator('[data-channel]').evaluateAll((els) => els.map((e) => e.dataset.channel)),
      ).toEqual(['release']);
      await panel.getByText(`Not covered: ${r.key} does not ask to ship on Pre-release`).waitFor();
    },
    STEP,
  );

  it(
    'Escalate is offered only for the area in dispute (Security rejected), not for areas with no sign-off',
    async () => {
      const r = await reviewed(c, 3);
      await signOffs(c, r.key, {
        privacy_technical: 'approved',
        data: 'approved',
        security: { decision: 'rejected', risk: 'medium', rationale: 'Too much.' },
      });
      await f.signIn(c.proposer);
      await f.openReview(r.key);
      await f.page.getByRole('button', { name: 'Escalate Security' }).waitFor();
      for (const name of ['Escalate Legal/Trust', 'Escalate Privacy/Technical', 'Escalate Data'])
        expect(await f.page.getByRole('button', { name, exact: false }).count(), name).toBe(0);
      // Both channels are covered: no "not covered" line.
      expect(await f.page.getByText(/^Not covered:/).count()).toBe(0);
    },
    STEP,
  );
});
