// The contract between the preload bridge and the main process. No Electron, no zod: the preload
// bundle stays tiny, and main parses every payload itself (see src/main/ipc.ts).

/** invoke channels (renderer -> main, answered). */
export const IPC = {
  getSettings: 'signoff:settings:get',
  setServerUrl: 'signoff:settings:set-server-url',
  getToken: 'signoff:token:get',
  setToken: 'signoff:token:set',
  clearToken: 'signoff:token:clear',
  notify: 'signoff:notify',
  takeDeepLink: 'signoff:deep-link:take',
  openSignIn: 'signoff:sso:open',
  takeSsoCode: 'signoff:sso:take-code',
} as const;

/** The one-time code of a single sign-on: 32 random bytes, base64url (apps/server/src/oidc.ts). */
export const SSO_CODE = /^[A-Za-z0-9_-]{43}$/;

/** send channels (main -> renderer). */
export const EVENTS = {
  deepLink: 'signoff:deep-link',
  ssoCode: 'signoff:sso:code',
} as const;

export interface DesktopSettings {
  /** The server this client talks to, e.g. http://127.0.0.1:3000 (an origin, no path). */
  serverUrl: string;
}

export interface TokenPersistence {
  /** true when the token is kept encrypted by the OS keychain; false: memory only for this run. */
  persisted: boolean;
}

/** What the preload exposes to the renderer as `window.signoff`. Nothing else crosses the bridge. */
export interface SignoffBridge {
  readonly kind: 'desktop';
  getSettings(): Promise<DesktopSettings>;
  setServerUrl(serverUrl: string): Promise<DesktopSettings>;
  getToken(): Promise<string | null>;
  setToken(token: string): Promise<TokenPersistence>;
  clearToken(): Promise<void>;
  /** A native notification; clicking it opens `path` (an app path such as /reviews/DR-42). */
  notify(notification: { title: string; body: string; path?: string }): Promise<void>;
  /** The deep link the app was opened with, once (later links arrive through onDeepLink). */
  takeDeepLink(): Promise<string | null>;
  /** Called with an app path such as /reviews/DR-42; returns an unsubscribe function. */
  onDeepLink(listener: (path: string) => void): () => void;
  /**
   * Single sign-on in the system browser (RFC 8252): main opens the server's `/auth/oidc/start` URL (and
   * nothing else) in the OS browser; the sign-in ends with a `signoff://sso?code=` deep link.
   */
  openSignIn(url: string): Promise<void>;
  /** A sign-on code that arrived before the sign-in screen listened, once. */
  takeSsoCode(): Promise<string | null>;
  /** Called with each sign-on code from a `signoff://sso` link; returns an unsubscribe function. */
  onSsoCode(listener: (code: string) => void): () => void;
}
