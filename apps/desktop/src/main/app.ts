import { join } from 'node:path';
import { EVENTS } from '../shared/bridge.ts';
import { createAppProtocolHandler } from './app-protocol.ts';
import { DEEP_LINK_SCHEME } from './deep-link.ts';
import { createDeepLinkRouter } from './deep-link-router.ts';
import type { BrowserWindow, ElectronMain } from './electron-api.ts';
import { registerIpc, trustedSender } from './ipc.ts';
import { createNotifier } from './notifications.ts';
import { APP_ORIGIN, APP_SCHEME, originOf, rendererCsp } from './origins.ts';
import { DEFAULT_SERVER_URL, loadSettingsStore } from './settings-store.ts';
import { createTokenStore } from './token-store.ts';
import { createMainWindow, denyPermissions, guardWebContents } from './window.ts';

export interface DesktopEnvironment {
  /** SIGNOFF_SERVER_URL: the server used until one is saved in the settings. */
  serverUrl: string | undefined;
  argv: readonly string[];
  platform: NodeJS.Platform;
  /** Folder of the built main script: the preload and renderer are found next to it. */
  distDir: string;
  /** true when started as `electron path/to/app` (development): the protocol client needs the path. */
  defaultApp: boolean;
  execPath: string;
  log: (message: string) => void;
}

/** The Electron app: one window, the app:// renderer, the bridge's IPC, deep links. */
export function startDesktopApp(electron: ElectronMain, env: DesktopEnvironment): void {
  const { app, protocol } = electron;
  // Must happen before `ready`: app:// behaves like https (secure, standard, fetch and CORS).
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (env.defaultApp) {
    const script = env.argv[1];
    if (script) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, env.execPath, [script]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }

  let win: BrowserWindow | null = null;
  const deepLinks = createDeepLinkRouter({
    send: (path) => {
      if (!win || win.isDestroyed()) return false;
      win.webContents.send(EVENTS.deepLink, path);
      return true;
    },
    sendSsoCode: (code) => {
      if (!win || win.isDestroyed()) return false;
      win.webContents.send(EVENTS.ssoCode, code);
      return true;
    },
    focus: () => {
      if (!win || win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.focus();
    },
  });
  deepLinks.fromArgv(env.argv);
  app.on('second-instance', (_event, argv) => deepLinks.fromArgv(argv));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deepLinks.fromUrl(url);
  });

  // Any webContents, even one nobody meant to create, gets the same navigation rules.
  let allowedOrigins: string[] = [APP_ORIGIN];
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, {
      allowedOrigins: () => allowedOrigins,
      openExternal: (url) => electron.shell.openExternal(url),
      log: env.log,
    });
  });

  app.on('window-all-closed', () => {
    if (env.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(async () => {
      const userData = app.getPath('userData');
      const settings = await loadSettingsStore(
        join(userData, 'settings.json'),
        env.serverUrl ?? DEFAULT_SERVER_URL,
      );
      const serverOrigin = () => originOf(settings.current().serverUrl) ?? settings.current().serverUrl;
      allowedOrigins = [APP_ORIGIN, serverOrigin()];
      const tokens = createTokenStore({
        safeStorage: electron.safeStorage,
        file: join(userData, 'session-token.bin'),
        platform: env.platform,
      });

      protocol.handle(
        APP_SCHEME,
        createAppProtocolHandler({
          rendererDir: join(env.distDir, '..', 'renderer'),
          csp: () => rendererCsp(serverOrigin()),
        }),
      );
      denyPermissions(electron.session.defaultSession);

      registerIpc(electron.ipcMain, {
        isTrusted: trustedSender({
          appOrigin: APP_ORIGIN,
          mainContentsId: () => win?.webContents.id ?? null,
        }),
        settings,
        tokens,
        notify: createNotifier({
          Notification: electron.Notification,
          open: (path) => deepLinks.open(path),
        }),
        takeDeepLink: () => deepLinks.take(),
        takeSsoCode: () => deepLinks.takeSsoCode(),
        openExternal: (url) => electron.shell.openExternal(url),
        onServerChanged: () => {
          allowedOrigins = [APP_ORIGIN, serverOrigin()];
          // The CSP is sent with the page: reload so connect-src names the new server.
          win?.webContents.reload();
        },
        log: env.log,
      });

      const open = () => {
        win = createMainWindow(electron, {
          preloadPath: join(env.distDir, '..', 'preload', 'preload.cjs'),
          appUrl: `${APP_ORIGIN}/`,
          allowedOrigins: () => allowedOrigins,
          log: env.log,
        });
        win.webContents.on('did-start-loading', () => deepLinks.rendererReloaded());
        win.on('closed', () => {
          win = null;
        });
      };
      open();
      app.on('activate', () => {
        if (!win) open();
      });
    })
    .catch((err: unknown) => {
      env.log(`start failed: ${String(err)}`);
      app.quit();
    });
}
