// Desktop notifications end to end (issue 15, attention), in Debian's Chromium against the real server: the
// renderer runs as the desktop app behind a bridge of the preload's shape (the Electron binary cannot run
// here) that records what would become native notifications. Only a new step of inbox.mine's `now` is
// announced, once, with the review's key and title and the step in words; what is coming never is; the Inbox
// link shows counts.now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../../../test/browser-app.ts';
import { type Cast, cast, reviewed } from '../../../test/review-fixtures.ts';

const STEP = 90_000;
/** The desktop app's inbox poll (INBOX_POLL_MS; its module needs a window, so it is not imported here). */
const INBOX_POLL_MS = 60_000;
let app: BrowserApp;
let c: Cast;

beforeAll(async () => {
  app = await startBrowserApp('inbox-notifications', {
    seed: async (db) => {
      c = await cast(db);
    },
  });
}, 240_000);

afterAll(async () => {
  await app?.close();
});

declare global {
  interface Window {
    __notified?: { title: string; body: string; path?: string }[];
  }
}

const notified = () => app.page.evaluate(() => window.__notified ?? []);
/** One poll of the desktop app's inbox (the clock jumps past the poll interval), then what it announced. */
async function poll() {
  await app.page.clock.fastForward(INBOX_POLL_MS + 1_000);
  // Let the refetch land and the effect run.
  await app.page.waitForTimeout(1_500);
  return notified();
}

describe('desktop notifications from inbox.mine', () => {
  it(
    'announce a new step of now once, never what is coming, and the Inbox link counts now',
    async () => {
      const { page } = app;
      const security = c.facilitators.security;
      await page.clock.install();
      await page.addInitScript(
        ({ url, token }) => {
          window.__notified = [];
          let kept: string | null = token;
          window.signoff = {
            kind: 'desktop',
            getSettings: async () => ({ serverUrl: url }),
            setServerUrl: async (serverUrl) => ({ serverUrl }),
            getToken: async () => kept,
            setToken: async (t) => {
              kept = t;
              return { persisted: false };
            },
            clearToken: async () => {
              kept = null;
            },
            notify: async (n) => {
              window.__notified?.push(n);
            },
            takeDeepLink: async () => null,
            onDeepLink: () => () => undefined,
            openSignIn: async () => undefined,
            takeSsoCode: async () => null,
            onSsoCode: () => () => undefined,
          };
        },
        { url: app.server.url, token: security.token },
      );
      // A review already in sensitive review: security's sign-off is coming (it waits on Privacy/Technical and Data).
      const first = await reviewed(c, 3);
      await page.goto(`${app.server.url}/`);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.getByRole('heading', { name: /Coming to me/ }).waitFor();
      expect(await notified()).toEqual([]);

      // Another review reaches the sensitive review: its security step is coming too, so nothing is announced.
      const second = await reviewed(c, 3);
      expect(await poll()).toEqual([]);

      // Privacy/Technical and Data approve the second review: security's step moves to now and is announced once.
      for (const area of ['privacy_technical', 'data'] as const)
        await c.facilitators[area].caller.signOff.record({
          review: second.key,
          area,
          risk: 'low',
          decision: 'approved',
          rationale: 'ok',
        });
      const once = await poll();
      expect(once).toEqual([
        {
          title: `${second.key} ${second.title}`,
          body: expect.stringMatching(/^Record the Security sign-off/),
          path: `/reviews/${second.key}`,
        },
      ]);
      expect(once[0]?.body).not.toMatch(/[a-z]+_[a-z]+|#\d/);
      // Still waiting at the next poll: not announced again.
      expect(await poll()).toHaveLength(1);

      // The Inbox link shows what is blocked on me now: counts.now.
      const inbox = await security.caller.inbox.mine();
      expect(inbox.counts.now).toBeGreaterThan(0);
      await page.getByRole('link', { name: `Inbox ${inbox.counts.now} waiting for you` }).waitFor();
      expect(inbox.now.some((s) => s.key === first.key)).toBe(false);
      await app.browser.screenshot('inbox-notifications-01');
    },
    STEP,
  );
});
