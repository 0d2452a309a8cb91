import { z } from 'zod';
import { type DesktopSettings, IPC, type TokenPersistence } from '../shared/bridge.ts';
import type { IpcMain, IpcMainInvokeEvent } from './electron-api.ts';
import { NOTIFICATION_PATH } from './notifications.ts';
import { normalizeServerUrl, originOf } from './origins.ts';

/** Every payload that crosses the bridge, parsed before anything acts on it. Unknown keys are refused. */
export const payloads = {
  none: z.tuple([]),
  serverUrl: z.tuple([
    z
      .object({
        serverUrl: z
          .string()
          .max(2_000)
          .refine((u) => normalizeServerUrl(u) !== null, 'not an http(s) origin'),
      })
      .strict(),
  ]),
  // Session tokens are `sos_` + base64url; nothing else is worth keeping.
  token: z.tuple([z.object({ token: z.string().regex(/^sos_[A-Za-z0-9_-]{20,200}$/) }).strict()]),
  // The server's single sign-on start with the renderer's PKCE challenge; checked against the server in
  // the handler (the origin is known only then).
  openSignIn: z.tuple([z.object({ url: z.string().max(2_000) }).strict()]),
  notify: z.tuple([
    z
      .object({
        title: z.string().trim().min(1).max(200),
        body: z.string().max(1_000),
        path: z.string().max(100).regex(NOTIFICATION_PATH).optional(),
      })
      .strict(),
  ]),
} as const;

export class RefusedIpc extends Error {
  override readonly name = 'RefusedIpc';
}

/**
 * Only the app's own top frame, in the one main window, may call main: not a server page the window
 * navigated to, not an iframe, not another webContents.
 */
export function trustedSender(opts: { appOrigin: string; mainContentsId: () => number | null }) {
  return (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (event.sender.id !== opts.mainContentsId()) return false;
    return originOf(frame.url) === opts.appOrigin.toLowerCase();
  };
}

export interface IpcDeps {
  isTrusted: (event: IpcMainInvokeEvent) => boolean;
  settings: { current(): DesktopSettings; setServerUrl(url: string): Promise<DesktopSettings> };
  tokens: {
    get(): Promise<string | null>;
    set(token: string): Promise<TokenPersistence>;
    clear(): Promise<void>;
  };
  notify: (n: { title: string; body: string; path?: string | undefined }) => void;
  takeDeepLink: () => string | null;
  takeSsoCode: () => string | null;
  /** The OS browser (shell.openExternal). */
  openExternal: (url: string) => Promise<void>;
  /** After the server changes: allow its origin, update the CSP; the old session token is dropped. */
  onServerChanged?: (settings: DesktopSettings) => void;
  log?: (message: string) => void;
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, deps: IpcDeps): void {
  const handle = <S extends z.ZodType<unknown[]>, R>(
    channel: string,
    schema: S,
    fn: (args: z.output<S>) => Promise<R> | R,
  ) => {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!deps.isTrusted(event)) {
        deps.log?.(`ipc ${channel} refused: untrusted sender ${event.senderFrame?.url ?? '(none)'}`);
        throw new RefusedIpc(`${channel}: untrusted sender`);
      }
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        deps.log?.(`ipc ${channel} refused: invalid payload`);
        throw new RefusedIpc(`${channel}: invalid payload`);
      }
      return fn(parsed.data);
    });
  };

  handle(IPC.getSettings, payloads.none, () => deps.settings.current());
  handle(IPC.setServerUrl, payloads.serverUrl, async ([{ serverUrl }]) => {
    const before = deps.settings.current().serverUrl;
    const next = await deps.settings.setServerUrl(serverUrl);
    if (next.serverUrl !== before) {
      await deps.tokens.clear();
      deps.onServerChanged?.(next);
    }
    return next;
  });
  handle(IPC.getToken, payloads.none, () => deps.tokens.get());
  handle(IPC.setToken, payloads.token, ([{ token }]) => deps.tokens.set(token));
  handle(IPC.clearToken, payloads.none, () => deps.tokens.clear());
  handle(IPC.notify, payloads.notify, ([n]) => {
    deps.notify(n);
  });
  handle(IPC.takeDeepLink, payloads.none, () => deps.takeDeepLink());
  handle(IPC.takeSsoCode, payloads.none, () => deps.takeSsoCode());
  handle(IPC.openSignIn, payloads.openSignIn, async ([{ url }]) => {
    const target = signInUrl(url, deps.settings.current().serverUrl);
    if (!target) {
      deps.log?.(`ipc ${IPC.openSignIn} refused: not the server's single sign-on start`);
      throw new RefusedIpc(`${IPC.openSignIn}: invalid payload`);
    }
    await deps.openExternal(target);
  });
}

const SIGN_IN_PATH = '/auth/oidc/start';
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The only page main opens in the OS browser for the renderer: the configured server's single sign-on
 * start, for the desktop client, with an S256 challenge and nothing else. null for anything else.
 */
export function signInUrl(raw: string, serverUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (originOf(url.href) !== originOf(serverUrl) || url.pathname !== SIGN_IN_PATH) return null;
  if (url.username || url.password || url.hash) return null;
  const keys = [...url.searchParams.keys()].sort();
  if (keys.join(',') !== 'challenge,client') return null;
  if (url.searchParams.get('client') !== 'desktop') return null;
  if (!CHALLENGE.test(url.searchParams.get('challenge') ?? '')) return null;
  return url.href;
}
