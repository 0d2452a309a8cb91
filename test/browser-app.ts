// The whole client in Chromium for a browser test file: the renderer built once per test run for every
// browser test file (test/renderer-build.ts: files run in parallel and must not rebuild one another's
// apps/desktop/dist), the real server on a fresh test database serving it, and sign-in through the
// sign-in screen.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { InitialSize } from '../apps/desktop/src/build/initial-size.ts';
import { DESKTOP_DIR } from '../apps/desktop/src/build/vite-configs.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { createLogger } from '../apps/server/src/logger.ts';
import { type RunningServer, startServer } from '../apps/server/src/server.ts';
import { type BrowserSession, launchChromium } from './browser-chromium.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { builtRenderer } from './renderer-build.ts';

export interface BrowserApp {
  database: TestDatabase;
  server: RunningServer;
  browser: BrowserSession;
  page: Page;
  size: InitialSize | undefined;
  close(): Promise<void>;
}

export async function startBrowserApp(
  name: string,
  opts: { env?: Record<string, string>; seed?: (db: TestDatabase['db']) => Promise<void> } = {},
): Promise<BrowserApp> {
  const size: InitialSize = await builtRenderer();
  const database = await createTestDatabase();
  await opts.seed?.(database.db);
  const server = await startServer(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      ...opts.env,
    }),
    createLogger('silent'),
  );
  const browser = await launchChromium(join(DESKTOP_DIR, '..', '..', 'test-artifacts', name));
  browser.page.setDefaultTimeout(15_000);
  return {
    database,
    server,
    browser,
    page: browser.page,
    get size() {
      return size;
    },
    async close() {
      await browser.close();
      await server.close();
      await database.drop();
    },
  };
}

/** Signs in through the sign-in screen (signing out first whoever is signed in). */
export async function signInAs(app: BrowserApp, who: { email: string; password: string }) {
  const { page } = app;
  await page.goto(`${app.server.url}/`);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  const form = page.getByLabel('Password');
  await signOut.or(form).first().waitFor();
  if (await signOut.isVisible()) {
    await signOut.click();
    await form.waitFor();
  }
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
