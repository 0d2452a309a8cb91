// Shared set-up of the client-defects browser tests, on test/browser-app.ts (the renderer built once per run,
// the real server on a fresh test database, Debian's Chromium): everyone a review involves, and helpers.
import type { Page } from 'playwright-core';
import { type BrowserApp, signInAs, startBrowserApp } from '../../../test/browser-app.ts';
import { type Cast, cast, type Person } from '../../../test/review-fixtures.ts';

export interface BrowserFixture extends BrowserApp {
  cast: Cast;
  /** Signs `who` in through the sign-in screen, signing out whoever was signed in. */
  signIn(who: Person): Promise<void>;
  signOut(page?: Page): Promise<void>;
  /** Opens a review's page and waits for it. */
  openReview(key: string, page?: Page): Promise<void>;
}

/** Starts everything; `env` adds server settings (e.g. SMTP_URL). Without SMTP_URL mail stays queued. */
export async function startBrowserFixture(
  name: string,
  env: Record<string, string> = {},
): Promise<BrowserFixture> {
  let c: Cast | undefined;
  const app = await startBrowserApp(name, {
    env,
    seed: async (db) => {
      c = await cast(db);
    },
  });
  if (!c) throw new Error('the cast was not seeded');
  app.page.setDefaultTimeout(10_000);
  const signOut = async (p = app.page) => {
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('heading', { name: 'Sign in to the sign-off tracker' }).waitFor();
  };
  return Object.assign(app, {
    cast: c,
    signIn: (who: Person) => signInAs(app, who),
    signOut,
    async openReview(key: string, p = app.page) {
      await p.goto(`${app.server.url}/reviews/${key}`);
      await p.getByRole('heading', { name: 'Can it ship?' }).waitFor();
    },
  });
}
