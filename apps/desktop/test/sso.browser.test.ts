// Single sign-on from the client, end to end in Debian's Chromium: the real server, a real OpenID Connect
// provider (oidc-provider) in this process, the renderer's "Sign in with…" button. In a browser tab the
// sign-in runs in the tab itself; in the desktop app it runs in the system browser and comes back through
// the `signoff://sso` deep link (RFC 8252). The Electron binary cannot run here, so the desktop case runs
// the app's real main-process code (IPC handlers, deep-link router) in this process behind a bridge of the
// same shape as the preload's, and a cookie-jar client plays the system browser.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, launchChromium } from '../../../test/browser-chromium.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { freePort } from '../../../test/global-setup.ts';
import { builtRenderer } from '../../../test/renderer-build.ts';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/logger.ts';
import { type RunningServer, startServer } from '../../server/src/server.ts';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  followSignIn,
  startTestProvider,
  type TestProvider,
} from '../../server/test/oidc-provider.ts';
import { DESKTOP_DIR } from '../src/build/vite-configs.ts';
import { createDeepLinkRouter } from '../src/main/deep-link-router.ts';
import { registerIpc } from '../src/main/ipc.ts';
import { EVENTS, IPC } from '../src/shared/bridge.ts';

const ARTIFACTS = join(DESKTOP_DIR, '..', '..', 'test-artifacts', 'desktop-sso');

let database: TestDatabase;
let idp: TestProvider;
let server: RunningServer;
let ssoOnly: RunningServer;
let browser: BrowserSession;

async function signoffServer(port: number, extra: Record<string, string> = {}) {
  const url = `http://127.0.0.1:${port}`;
  return startServer(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_LABEL: 'Test IdP',
      ...extra,
    }),
    createLogger('silent'),
  );
}

beforeAll(async () => {
  await builtRenderer();
  database = await createTestDatabase();
  const [port, ssoOnlyPort] = [await freePort(), await freePort()];
  idp = await startTestProvider([
    `http://127.0.0.1:${port}/auth/oidc/callback`,
    `http://127.0.0.1:${ssoOnlyPort}/auth/oidc/callback`,
  ]);
  server = await signoffServer(port);
  ssoOnly = await signoffServer(ssoOnlyPort, { PASSWORD_SIGN_IN: 'off' });
  browser = await launchChromium(ARTIFACTS);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ssoOnly?.close();
  await idp?.close();
  await database?.drop();
});

const sessionsOf = async (email: string) =>
  Number(
    (
      await database.db
        .selectFrom('sessions')
        .innerJoin('people', 'people.id', 'sessions.person_id')
        .where('people.email', '=', email)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A fresh tab: its own sessionStorage, so nothing of an earlier sign-in is left in it. */
async function freshTab(): Promise<Page> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

describe('single sign-on in a browser tab', () => {
  it('signs in through the provider with the button, provisioning the person', async () => {
    idp.signInAs('sub-web', { email: 'web.person@example.com', name: 'Web Person' });
    const page = await freshTab();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // The one-time code does not stay in the address bar or the history.
    expect(new URL(page.url()).searchParams.has('sso_code')).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('signoff.sso-verifier'))).toBeNull();
    expect(await sessionsOf('web.person@example.com')).toBe(1);
    await page.close();
  });

  it('refuses a code this tab did not ask for, and makes no session', async () => {
    const page = await freshTab();
    await page.goto(`${server.url}/?sso_code=${'x'.repeat(43)}`);
    await page.getByRole('alert').getByText('This sign-in was not started in this window').waitFor();
    expect(new URL(page.url()).searchParams.has('sso_code')).toBe(false);
    await page.close();
  });

  it('offers only the provider when password sign-in is off', async () => {
    const page = await freshTab();
    await page.goto(`${ssoOnly.url}/`);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await page.getByLabel('Email').count()).toBe(0);
    await page.close();
  });
});

describe('single sign-on in the desktop app', () => {
  it('signs in in the system browser and comes back through signoff://sso', async () => {
    idp.signInAs('sub-desk', { email: 'desk.person@example.com', name: 'Desk Person' });
    const page = await freshTab();

    // main's half, as app.ts wires it: IPC handlers and the deep-link router, Electron's pieces injected.
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const opened: string[] = [];
    let token: string | null = null;
    const deepLinks = createDeepLinkRouter({
      send: () => false,
      sendSsoCode: (code) => {
        void page.evaluate(({ event, c }) => window.__signoffEmit?.(event, c), {
          event: EVENTS.ssoCode,
          c: code,
        });
        return true;
      },
      focus: () => undefined,
    });
    registerIpc({ handle: (channel: string, h: never) => handlers.set(channel, h) } as never, {
      isTrusted: () => true,
      settings: {
        current: () => ({ serverUrl: server.url }),
        setServerUrl: async () => ({ serverUrl: server.url }),
      },
      tokens: {
        get: async () => token,
        set: async (t) => {
          token = t;
          return { persisted: false };
        },
        clear: async () => {
          token = null;
        },
      },
      notify: () => undefined,
      takeDeepLink: () => deepLinks.take(),
      takeSsoCode: () => deepLinks.takeSsoCode(),
      openExternal: async (url) => {
        opened.push(url);
      },
    });
    // The preload's bridge: each call crosses to main's handler; main's sends reach its listeners.
    await page.exposeFunction('__signoffInvoke', (channel: string, ...args: unknown[]) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`no handler for ${channel}`);
      return h({}, ...args);
    });
    await page.addInitScript(
      ({ ipc, events }) => {
        const listeners = new Map<string, Set<(v: string) => void>>();
        const on = (event: string, l: (v: string) => void) => {
          const set = listeners.get(event) ?? new Set();
          set.add(l);
          listeners.set(event, set);
          return () => set.delete(l);
        };
        const invoke = (channel: string, ...args: unknown[]) =>
          (
            window as unknown as { __signoffInvoke: (c: string, ...a: unknown[]) => Promise<never> }
          ).__signoffInvoke(channel, ...args);
        window.__signoffEmit = (event, value) => {
          for (const l of listeners.get(event) ?? []) l(value);
        };
        window.signoff = {
          kind: 'desktop',
          getSettings: () => invoke(ipc.getSettings),
          setServerUrl: (serverUrl) => invoke(ipc.setServerUrl, { serverUrl }),
          getToken: () => invoke(ipc.getToken),
          setToken: (t) => invoke(ipc.setToken, { token: t }),
          clearToken: () => invoke(ipc.clearToken),
          notify: (n) => invoke(ipc.notify, n),
          takeDeepLink: () => invoke(ipc.takeDeepLink),
          onDeepLink: (l) => on(events.deepLink, l),
          openSignIn: (url) => invoke(ipc.openSignIn, { url }),
          takeSsoCode: () => invoke(ipc.takeSsoCode),
          onSsoCode: (l) => on(events.ssoCode, l),
        };
      },
      { ipc: IPC, events: EVENTS },
    );

    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Sign in with Test IdP' }).click();
    await page.getByRole('status').getByText('Finish signing in in your browser').waitFor();
    // main opened the server's start page in the system browser: for the desktop, with a challenge only.
    expect(opened).toHaveLength(1);
    const start = new URL(opened[0] ?? '');
    expect(start.origin + start.pathname).toBe(`${server.url}/auth/oidc/start`);
    expect(start.searchParams.get('client')).toBe('desktop');
    // The system browser signs in at the provider and is sent to the app's deep link.
    const end = await followSignIn(start, server.url);
    expect(end.back?.href).toMatch(/^signoff:\/\/sso\?code=[A-Za-z0-9_-]{43}$/);
    // The OS hands the link to the running app (open-url on macOS, a second instance elsewhere).
    expect(deepLinks.fromUrl(end.back?.href ?? '')).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(token).toMatch(/^sos_/);
    expect(await sessionsOf('desk.person@example.com')).toBe(1);
    await page.close();
  });
});

declare global {
  interface Window {
    __signoffEmit?: (event: string, value: string) => void;
  }
}
