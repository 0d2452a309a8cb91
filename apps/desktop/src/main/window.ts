import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  ElectronMain,
  Session,
  WebContents,
} from './electron-api.ts';
import { isAllowedOrigin, isSafeExternalUrl } from './origins.ts';

export interface WindowSettings {
  /** Absolute path of the built preload script (CommonJS: sandboxed preloads cannot be ES modules). */
  preloadPath: string;
  /** Where the renderer is loaded from, e.g. app://signoff/ */
  appUrl: string;
  /** Origins the window may navigate to: the app and the configured server (read at each navigation). */
  allowedOrigins: () => readonly string[];
  log?: (message: string) => void;
}

/** The one window's options: a sandboxed renderer without Node, isolated from the preload. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Sign-off tracker',
    backgroundColor: '#f7f7f8',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}

/**
 * Navigation stays inside the app and the configured server; new windows are always denied, and an
 * http(s) link that leaves the app is handed to the OS browser instead.
 */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  opts: {
    allowedOrigins: () => readonly string[];
    openExternal: (url: string) => Promise<void>;
    log?: (message: string) => void;
  },
): void {
  const log = opts.log ?? (() => undefined);
  const refuseOutside = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedOrigin(url, opts.allowedOrigins())) return;
    event.preventDefault();
    log(`navigation refused: ${url}`);
  };
  contents.on('will-navigate', (event) => refuseOutside(event, event.url));
  contents.on('will-redirect', (event) => refuseOutside(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url) && !isAllowedOrigin(url, opts.allowedOrigins())) {
      opts.openExternal(url).catch((err: unknown) => log(`openExternal failed: ${String(err)}`));
    } else {
      log(`new window refused: ${url}`);
    }
    return { action: 'deny' };
  });
}

/** No web permission (camera, geolocation, notifications...) is granted to page content. */
export function denyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
) {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function createMainWindow(
  electron: Pick<ElectronMain, 'BrowserWindow' | 'shell'>,
  settings: WindowSettings,
): BrowserWindow {
  const win = new electron.BrowserWindow(mainWindowOptions(settings.preloadPath));
  guardWebContents(win.webContents, {
    allowedOrigins: settings.allowedOrigins,
    openExternal: (url) => electron.shell.openExternal(url),
    ...(settings.log ? { log: settings.log } : {}),
  });
  denyPermissions(win.webContents.session);
  win.once('ready-to-show', () => win.show());
  win.loadURL(settings.appUrl).catch((err: unknown) => settings.log?.(`load failed: ${String(err)}`));
  return win;
}
