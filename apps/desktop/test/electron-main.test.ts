import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler, resolveRendererFile } from '../src/main/app-protocol.ts';
import { deepLinkFromArgv, parseDeepLink, parseSsoDeepLink, ssoCodeFromArgv } from '../src/main/deep-link.ts';
import { createDeepLinkRouter } from '../src/main/deep-link-router.ts';
import type { ElectronMain, IpcMainInvokeEvent } from '../src/main/electron-api.ts';
import { type IpcDeps, RefusedIpc, registerIpc, signInUrl, trustedSender } from '../src/main/ipc.ts';
import {
  APP_ORIGIN,
  isAllowedOrigin,
  isSafeExternalUrl,
  normalizeServerUrl,
  originOf,
  rendererCsp,
} from '../src/main/origins.ts';
import { DEFAULT_SERVER_URL, loadSettingsStore } from '../src/main/settings-store.ts';
import { createTokenStore } from '../src/main/token-store.ts';
import {
  createMainWindow,
  denyPermissions,
  guardWebContents,
  mainWindowOptions,
} from '../src/main/window.ts';
import { createBridge } from '../src/preload/bridge.ts';
import { EVENTS, IPC } from '../src/shared/bridge.ts';

// Fakes stand in for Electron (its binary cannot run here); `as never` casts them to Electron's types.
type Listener = (...args: unknown[]) => void;
function fakeWebContents(id = 1) {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const session = {
    requestHandler: null as null | Listener,
    checkHandler: null as null | ((...a: unknown[]) => boolean),
    setPermissionRequestHandler(h: Listener) {
      this.requestHandler = h;
    },
    setPermissionCheckHandler(h: (...a: unknown[]) => boolean) {
      this.checkHandler = h;
    },
  };
  return {
    id,
    session,
    on(event: string, l: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), l]);
      return this;
    },
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      openHandler = h;
    },
    /** Emits a navigation event; returns whether it was prevented. */
    navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url = '') {
      let prevented = false;
      const e = { url, preventDefault: () => (prevented = true) };
      for (const l of listeners.get(event) ?? []) l(e, url);
      return prevented;
    },
    open(url: string) {
      if (!openHandler) throw new Error('no window open handler');
      return openHandler({ url });
    },
  };
}

const SERVER = 'https://signoff.example.org';
/** A single sign-on handoff code and the desktop start URL of the server at 127.0.0.1:3000. */
const CODE = `${'A'.repeat(40)}_-9`;
const START = `http://127.0.0.1:3000/auth/oidc/start?client=desktop&challenge=${'c'.repeat(43)}`;
const allowed = () => [APP_ORIGIN, SERVER];

describe('window options', () => {
  it('sandboxes the renderer, isolates the preload, and gives page content no Node', () => {
    const o = mainWindowOptions('/app/dist/preload/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(o.show).toBe(false);
  });

  it('creates one guarded window and loads the app', () => {
    const contents = fakeWebContents();
    const created: unknown[] = [];
    const loadURL = vi.fn(async () => undefined);
    class FakeWindow {
      webContents = contents;
      constructor(options: unknown) {
        created.push(options);
      }
      once = vi.fn();
      show = vi.fn();
      loadURL = loadURL;
    }
    const openExternal = vi.fn(async () => undefined);
    createMainWindow({ BrowserWindow: FakeWindow, shell: { openExternal } } as never, {
      preloadPath: '/p.cjs',
      appUrl: `${APP_ORIGIN}/`,
      allowedOrigins: allowed,
    });
    expect(created).toEqual([mainWindowOptions('/p.cjs')]);
    expect(loadURL).toHaveBeenCalledWith('app://signoff/');
    expect(contents.navigate('will-navigate', 'https://evil.example.com/')).toBe(true);
    expect(contents.open('https://mozilla.org/')).toEqual({ action: 'deny' });
    expect(contents.session.checkHandler?.()).toBe(false);
  });
});

describe('navigation and new windows', () => {
  const setup = () => {
    const contents = fakeWebContents();
    const openExternal = vi.fn(async (_url: string) => undefined);
    const log = vi.fn();
    guardWebContents(contents as never, { allowedOrigins: allowed, openExternal, log });
    return { contents, openExternal, log };
  };

  it('allows the app and the configured server only', () => {
    const { contents } = setup();
    expect(contents.navigate('will-navigate', 'app://signoff/reviews/DR-42')).toBe(false);
    expect(contents.navigate('will-navigate', `${SERVER}/reviews/DR-1`)).toBe(false);
    for (const url of [
      'https://evil.example.com/',
      'https://signoff.example.org.evil.com/',
      'http://signoff.example.org/', // another scheme is another origin
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://other/',
      'not a url',
    ]) {
      expect(contents.navigate('will-navigate', url), url).toBe(true);
    }
    expect(contents.navigate('will-redirect', 'https://evil.example.com/')).toBe(true);
    expect(contents.navigate('will-attach-webview')).toBe(true);
  });

  it('denies every new window; only http(s) links outside the app go to the OS browser', () => {
    const { contents, openExternal } = setup();
    expect(contents.open('https://wiki.mozilla.org/Data_Collection')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://wiki.mozilla.org/Data_Collection');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pass@example.com/',
      'app://signoff/',
      `${SERVER}/x`,
    ]) {
      expect(contents.open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('classifies external URLs and origins', () => {
    expect(isSafeExternalUrl('http://example.com/a?b')).toBe(true);
    expect(isSafeExternalUrl('mailto:a@b.c')).toBe(false);
    expect(isSafeExternalUrl(`https://${'a'.repeat(2_001)}.com`)).toBe(false);
    expect(originOf('app://signoff/index.html')).toBe('app://signoff');
    expect(isAllowedOrigin('APP://SIGNOFF/x', [APP_ORIGIN])).toBe(true);
  });

  it('grants no web permission', () => {
    const contents = fakeWebContents();
    denyPermissions(contents.session as never);
    const callback = vi.fn();
    contents.session.requestHandler?.(null, 'notifications', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(contents.session.checkHandler?.(null, 'geolocation')).toBe(false);
  });
});

describe('server URL and CSP', () => {
  it('normalizes the server URL to an http(s) origin and refuses the rest', () => {
    expect(normalizeServerUrl(' https://signoff.example.org/ ')).toBe('https://signoff.example.org');
    expect(normalizeServerUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    for (const bad of [
      'file:///x',
      'javascript:alert(1)',
      'https://a@b.c',
      'https://x.org/path',
      'https://x.org/?q',
      '',
    ])
      expect(normalizeServerUrl(bad), bad).toBeNull();
  });

  it('lets the renderer run only its own scripts and call only the server', () => {
    const csp = rendererCsp(SERVER);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${SERVER}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('IPC', () => {
  function setup(overrides: Partial<IpcDeps> = {}) {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain = { handle: (c: string, h: never) => handlers.set(c, h) };
    let settings = { serverUrl: 'http://127.0.0.1:3000' };
    const deps: IpcDeps = {
      isTrusted: trustedSender({ appOrigin: APP_ORIGIN, mainContentsId: () => 7 }),
      settings: {
        current: () => settings,
        setServerUrl: vi.fn(async (url: string) => {
          settings = { serverUrl: normalizeServerUrl(url) ?? '' };
          return settings;
        }),
      },
      tokens: {
        get: vi.fn(async () => 'sos_x'),
        set: vi.fn(async () => ({ persisted: true })),
        clear: vi.fn(async () => undefined),
      },
      notify: vi.fn(),
      takeDeepLink: () => '/reviews/DR-42',
      takeSsoCode: () => CODE,
      openExternal: vi.fn(async () => undefined),
      onServerChanged: vi.fn(),
      ...overrides,
    };
    registerIpc(ipcMain as never, deps);
    const call = (channel: string, event: unknown, ...args: unknown[]) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`no handler for ${channel}`);
      return h(event, ...args);
    };
    return { call, deps, handlers };
  }
  const fromApp = { sender: { id: 7 }, senderFrame: { url: 'app://signoff/reviews/DR-1', parent: null } };

  it('answers the app window on every bridge channel', async () => {
    const { call, deps, handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.values(IPC).sort());
    expect(await call(IPC.getSettings, fromApp)).toEqual({ serverUrl: 'http://127.0.0.1:3000' });
    expect(await call(IPC.getToken, fromApp)).toBe('sos_x');
    const token = `sos_${'a'.repeat(43)}`;
    expect(await call(IPC.setToken, fromApp, { token })).toEqual({ persisted: true });
    expect(deps.tokens.set).toHaveBeenCalledWith(token);
    await call(IPC.notify, fromApp, { title: 'DR-42', body: 'Waiting for your sign-off' });
    expect(deps.notify).toHaveBeenCalledWith({ title: 'DR-42', body: 'Waiting for your sign-off' });
    await call(IPC.notify, fromApp, { title: 'DR-43', body: 'Stale', path: '/reviews/DR-43' });
    expect(deps.notify).toHaveBeenLastCalledWith({ title: 'DR-43', body: 'Stale', path: '/reviews/DR-43' });
    expect(await call(IPC.takeDeepLink, fromApp)).toBe('/reviews/DR-42');
    expect(await call(IPC.takeSsoCode, fromApp)).toBe(CODE);
    await call(IPC.openSignIn, fromApp, { url: START });
    expect(deps.openExternal).toHaveBeenCalledWith(START);
  });

  it("opens in the OS browser only the configured server's single sign-on start", async () => {
    const { call, deps } = setup();
    const challenge = `challenge=${'c'.repeat(43)}`;
    for (const url of [
      `https://evil.example.com/auth/oidc/start?client=desktop&${challenge}`,
      `http://127.0.0.1:3001/auth/oidc/start?client=desktop&${challenge}`,
      `http://127.0.0.1:3000/auth/oidc/callback?client=desktop&${challenge}`,
      `http://127.0.0.1:3000/auth/oidc/start?client=web&${challenge}`,
      `http://127.0.0.1:3000/auth/oidc/start?client=desktop&challenge=short`,
      `http://127.0.0.1:3000/auth/oidc/start?client=desktop&${challenge}&next=https://evil.example.com`,
      `http://user@127.0.0.1:3000/auth/oidc/start?client=desktop&${challenge}`,
      'file:///etc/passwd',
      'not a url',
    ])
      await expect(call(IPC.openSignIn, fromApp, { url }), url).rejects.toThrow(/invalid payload/);
    await expect(call(IPC.openSignIn, fromApp, { url: START, extra: 1 })).rejects.toThrow(/invalid payload/);
    expect(deps.openExternal).not.toHaveBeenCalled();
    expect(signInUrl(START, 'http://127.0.0.1:3000')).toBe(START);
  });

  it('refuses senders other than the app top frame of the main window', async () => {
    const { call, deps } = setup();
    const senders = [
      { sender: { id: 7 }, senderFrame: { url: 'https://evil.example.com/', parent: null } },
      { sender: { id: 7 }, senderFrame: { url: `${SERVER}/`, parent: null } },
      { sender: { id: 7 }, senderFrame: { url: 'app://signoff/', parent: {} } }, // an iframe
      { sender: { id: 8 }, senderFrame: { url: 'app://signoff/', parent: null } }, // another webContents
      { sender: { id: 7 }, senderFrame: null },
    ];
    for (const event of senders) {
      await expect(call(IPC.getToken, event)).rejects.toBeInstanceOf(RefusedIpc);
      await expect(call(IPC.setServerUrl, event, { serverUrl: 'https://x.org' })).rejects.toThrow(
        /untrusted sender/,
      );
    }
    expect(deps.tokens.get).not.toHaveBeenCalled();
    expect(deps.settings.setServerUrl).not.toHaveBeenCalled();
  });

  it('refuses payloads that do not parse', async () => {
    const { call, deps } = setup();
    const bad: [string, unknown[]][] = [
      [IPC.setToken, [{ token: 'not-a-session-token' }]],
      [IPC.setToken, [{ token: `sos_${'a'.repeat(43)}`, extra: 1 }]],
      [IPC.setToken, ['sos_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']],
      [IPC.setToken, []],
      [IPC.setServerUrl, [{ serverUrl: 'javascript:alert(1)' }]],
      [IPC.setServerUrl, [{ serverUrl: 'file:///etc/passwd' }]],
      [IPC.setServerUrl, [{ serverUrl: 42 }]],
      [IPC.notify, [{ title: '', body: 'x' }]],
      [IPC.notify, [{ title: 'x', body: 'y'.repeat(1_001) }]],
      [IPC.notify, [{ title: 'x', body: 'y', path: 'https://evil.example.com/' }]],
      [IPC.notify, [{ title: 'x', body: 'y', path: '/reviews/../admin' }]],
      [IPC.getToken, ['unexpected']],
    ];
    for (const [channel, args] of bad) {
      await expect(call(channel, fromApp, ...args), `${channel} ${JSON.stringify(args)}`).rejects.toThrow(
        /invalid payload/,
      );
    }
    expect(deps.tokens.set).not.toHaveBeenCalled();
    expect(deps.notify).not.toHaveBeenCalled();
  });

  it('a new server drops the old session token and updates the allowed origins', async () => {
    const { call, deps } = setup();
    expect(await call(IPC.setServerUrl, fromApp, { serverUrl: 'https://signoff.example.org/' })).toEqual({
      serverUrl: 'https://signoff.example.org',
    });
    expect(deps.tokens.clear).toHaveBeenCalledTimes(1);
    expect(deps.onServerChanged).toHaveBeenCalledWith({ serverUrl: 'https://signoff.example.org' });
  });
});

describe('stores', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'signoff-desktop-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const fakeSafeStorage = (
    backend: 'gnome_libsecret' | 'basic_text' = 'gnome_libsecret',
    available = true,
  ) => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  });

  it('keeps the session token encrypted through safeStorage', async () => {
    const file = join(dir, 'token.bin');
    const token = `sos_${'b'.repeat(43)}`;
    const store = createTokenStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    expect(await store.get()).toBeNull();
    expect(await store.set(token)).toEqual({ persisted: true });
    expect((await readFile(file)).toString()).not.toContain(token);
    const again = createTokenStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    expect(await again.get()).toBe(token);
    await again.clear();
    expect(
      await createTokenStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' }).get(),
    ).toBeNull();
  });

  it('keeps the token in memory only without a real keychain', async () => {
    for (const [safeStorage, platform] of [
      [fakeSafeStorage('basic_text'), 'linux'],
      [fakeSafeStorage('gnome_libsecret', false), 'darwin'],
    ] as const) {
      const file = join(dir, `memory-${platform}.bin`);
      const store = createTokenStore({ safeStorage, file, platform });
      expect(await store.set('sos_cccccccccccccccccccccccc')).toEqual({ persisted: false });
      expect(await store.get()).toBe('sos_cccccccccccccccccccccccc');
      await expect(readFile(file)).rejects.toThrow();
    }
  });

  it('drops a token file it cannot decrypt', async () => {
    const file = join(dir, 'damaged.bin');
    await writeFile(file, 'garbage');
    expect(
      await createTokenStore({ safeStorage: fakeSafeStorage(), file, platform: 'win32' }).get(),
    ).toBeNull();
    await expect(readFile(file)).rejects.toThrow();
  });

  it('keeps the server URL setting, validated', async () => {
    const file = join(dir, 'settings.json');
    const store = await loadSettingsStore(file, 'not a url');
    expect(store.current()).toEqual({ serverUrl: DEFAULT_SERVER_URL });
    await store.setServerUrl('https://signoff.example.org');
    expect((await loadSettingsStore(file, DEFAULT_SERVER_URL)).current()).toEqual({ serverUrl: SERVER });
    await expect(store.setServerUrl('ftp://x.org')).rejects.toThrow(/http\(s\) origin/);
    await writeFile(file, '{broken');
    expect((await loadSettingsStore(file, 'http://localhost:4000/')).current()).toEqual({
      serverUrl: 'http://localhost:4000',
    });
  });
});

describe('deep links', () => {
  it('parses signoff://reviews/DR-42 into the review page', () => {
    expect(parseDeepLink('signoff://reviews/DR-42')).toEqual({
      kind: 'review',
      key: 'DR-42',
      path: '/reviews/DR-42',
    });
    expect(parseDeepLink('signoff://reviews/dr-42/')).toEqual({
      kind: 'review',
      key: 'DR-42',
      path: '/reviews/DR-42',
    });
    expect(parseDeepLink('signoff://reviews/42')?.path).toBe('/reviews/42');
    expect(parseDeepLink('signoff://inbox')).toEqual({ kind: 'inbox', path: '/' });
  });

  it('refuses anything else', () => {
    for (const bad of [
      'https://reviews/DR-42',
      'signoff://reviews/',
      'signoff://reviews/DR-42/edit',
      'signoff://reviews/..%2F..%2Fetc',
      'signoff://reviews/DR-42?x=1',
      'signoff://reviews/DR-42#x',
      'signoff://user@reviews/DR-42',
      'signoff://admin/people',
      'signoff://reviews/<script>',
      `signoff://reviews/${'1'.repeat(400)}`,
      'nonsense',
    ])
      expect(parseDeepLink(bad), bad).toBeNull();
  });

  it('finds the link in a second instance command line', () => {
    expect(deepLinkFromArgv(['/opt/signoff', '--flag', 'signoff://reviews/DR-7'])?.path).toBe(
      '/reviews/DR-7',
    );
    expect(deepLinkFromArgv(['/opt/signoff', 'signoff://evil/x'])).toBeNull();
  });

  it('reads the single sign-on code of signoff://sso and nothing else', () => {
    expect(parseSsoDeepLink(`signoff://sso?code=${CODE}`)).toBe(CODE);
    expect(parseSsoDeepLink(`signoff://SSO/?code=${CODE}`)).toBe(CODE);
    expect(ssoCodeFromArgv(['/opt/signoff', `signoff://sso?code=${CODE}`])).toBe(CODE);
    for (const bad of [
      `signoff://sso?code=${CODE}&next=/admin`,
      `signoff://sso?code=${CODE}#x`,
      `signoff://sso/extra?code=${CODE}`,
      `signoff://user@sso?code=${CODE}`,
      'signoff://sso?code=short',
      `signoff://sso?code=${CODE.slice(0, 42)}%2F`,
      `signoff://reviews/DR-1?code=${CODE}`,
      `https://sso?code=${CODE}`,
      'signoff://sso',
    ]) {
      expect(parseSsoDeepLink(bad), bad).toBeNull();
      expect(parseDeepLink(bad), bad).toBeNull();
    }
  });

  it('keeps a sign-on code for the sign-in screen, apart from the review link that waits for the app', () => {
    const send = vi.fn(() => true);
    const sendSsoCode = vi.fn(() => true);
    const router = createDeepLinkRouter({ send, sendSsoCode, focus: () => undefined });
    // Opened by a review link while signed out, then the sign-in in the browser comes back.
    router.fromArgv(['app', 'signoff://reviews/DR-9']);
    expect(router.fromUrl(`signoff://sso?code=${CODE}`)).toBe(true);
    expect(sendSsoCode).not.toHaveBeenCalled();
    expect(router.takeSsoCode()).toBe(CODE);
    expect(router.takeSsoCode()).toBeNull();
    // The signed-in app then takes the review link it was opened with.
    expect(router.take()).toBe('/reviews/DR-9');
    // Later codes go straight to the listening sign-in screen, never down the path channel.
    router.fromArgv(['app', `signoff://sso?code=${CODE}`]);
    expect(sendSsoCode).toHaveBeenCalledWith(CODE);
    expect(send).not.toHaveBeenCalled();
    // After a reload the screen must ask again: the code waits.
    router.rendererReloaded();
    router.fromUrl(`signoff://sso?code=${CODE}`);
    expect(sendSsoCode).toHaveBeenCalledTimes(1);
    expect(router.takeSsoCode()).toBe(CODE);
  });

  it('holds the opening link until the renderer asks, then sends later ones', () => {
    const send = vi.fn(() => true);
    const focus = vi.fn();
    const router = createDeepLinkRouter({ send, sendSsoCode: () => true, focus });
    router.fromArgv(['app', 'signoff://reviews/DR-1']);
    expect(send).not.toHaveBeenCalled();
    expect(router.take()).toBe('/reviews/DR-1');
    expect(router.take()).toBeNull();
    expect(router.fromUrl('signoff://reviews/DR-2')).toBe(true);
    expect(send).toHaveBeenCalledWith('/reviews/DR-2');
    expect(router.fromUrl('signoff://nope')).toBe(false);
    expect(focus).toHaveBeenCalledTimes(2);
  });
});

describe('app:// protocol', () => {
  const dir = '/opt/signoff/dist/renderer';
  it('serves files of the renderer folder and index.html for app routes', () => {
    expect(resolveRendererFile(dir, 'app://signoff/assets/index-1.js')).toBe(`${dir}/assets/index-1.js`);
    expect(resolveRendererFile(dir, 'app://signoff/reviews/DR-42')).toBe(`${dir}/index.html`);
    expect(resolveRendererFile(dir, 'app://signoff/')).toBe(`${dir}/index.html`);
    expect(resolveRendererFile(dir, 'app://signoff/..%2f..%2fetc/passwd.txt')).toBeNull();
    expect(resolveRendererFile(dir, 'app://other/assets/index-1.js')).toBeNull();
  });

  it('sends the desktop CSP with every file', async () => {
    const handler = createAppProtocolHandler({
      rendererDir: dir,
      csp: () => rendererCsp(SERVER),
      read: async (file) => Buffer.from(`contents of ${file}`),
    });
    const ok = await handler(new Request('app://signoff/assets/a.js'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/javascript');
    expect(ok.headers.get('content-security-policy')).toBe(rendererCsp(SERVER));
    expect((await handler(new Request('app://signoff/x.js', { method: 'POST' }))).status).toBe(404);
  });
});

describe('preload bridge', () => {
  it('exposes named calls with plain payloads, and deep links as paths only', async () => {
    const listeners = new Map<string, Listener>();
    const ipc = {
      invoke: vi.fn(async (..._args: unknown[]) => null),
      on: vi.fn((channel: string, l: Listener) => listeners.set(channel, l)),
      removeListener: vi.fn((channel: string) => listeners.delete(channel)),
    };
    const bridge = createBridge(ipc as never);
    await bridge.setServerUrl('https://signoff.example.org');
    await bridge.setToken('sos_x');
    await bridge.notify({ title: 't', body: 'b' });
    expect(ipc.invoke.mock.calls).toEqual([
      [IPC.setServerUrl, { serverUrl: 'https://signoff.example.org' }],
      [IPC.setToken, { token: 'sos_x' }],
      [IPC.notify, { title: 't', body: 'b' }],
    ]);
    const seen: string[] = [];
    const off = bridge.onDeepLink((p) => seen.push(p));
    listeners.get(EVENTS.deepLink)?.({ sender: 'event' }, '/reviews/DR-42');
    listeners.get(EVENTS.deepLink)?.({}, { evil: true });
    listeners.get(EVENTS.deepLink)?.({}, 'https://evil.example.com');
    expect(seen).toEqual(['/reviews/DR-42']);
    off();
    expect(listeners.has(EVENTS.deepLink)).toBe(false);
    const codes: string[] = [];
    const offCodes = bridge.onSsoCode((c) => codes.push(c));
    listeners.get(EVENTS.ssoCode)?.({}, CODE);
    listeners.get(EVENTS.ssoCode)?.({}, 'javascript:alert(1)');
    listeners.get(EVENTS.ssoCode)?.({}, { code: CODE });
    expect(codes).toEqual([CODE]);
    offCodes();
    expect(listeners.has(EVENTS.ssoCode)).toBe(false);
    await bridge.openSignIn(START);
    expect(ipc.invoke).toHaveBeenLastCalledWith(IPC.openSignIn, { url: START });
    expect(Object.keys(bridge)).not.toContain('ipc');
  });
});

describe('startDesktopApp', () => {
  it('registers app:// as privileged before ready and quits a second instance', async () => {
    const { startDesktopApp } = await import('../src/main/app.ts');
    const calls: string[] = [];
    const fake = {
      protocol: { registerSchemesAsPrivileged: () => calls.push('registerSchemes') },
      app: {
        requestSingleInstanceLock: () => {
          calls.push('lock');
          return false;
        },
        quit: () => calls.push('quit'),
      },
    };
    startDesktopApp(fake as unknown as ElectronMain, {
      serverUrl: undefined,
      argv: [],
      platform: 'linux',
      distDir: '/x',
      defaultApp: false,
      execPath: '/x/electron',
      log: () => undefined,
    });
    expect(calls).toEqual(['registerSchemes', 'lock', 'quit']);
  });

  it('checks trusted senders with Electron event shapes', () => {
    const isTrusted = trustedSender({ appOrigin: APP_ORIGIN, mainContentsId: () => null });
    expect(
      isTrusted({
        sender: { id: 1 },
        senderFrame: { url: 'app://signoff/', parent: null },
      } as unknown as IpcMainInvokeEvent),
    ).toBe(false);
  });
});

describe('electron-builder configuration', () => {
  it('is valid and targets Linux (AppImage, deb), macOS (dmg) and Windows (nsis)', async () => {
    const raw = JSON.parse(await readFile(new URL('../electron-builder.json', import.meta.url), 'utf8'));
    const { $schema: _schema, ...config } = raw;
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config.js');
    const { DebugLogger } = await import('builder-util/out/DebugLogger.js');
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.protocols[0].schemes).toEqual(['signoff']);
  });
});
