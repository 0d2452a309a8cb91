import type { SignoffBridge } from '../shared/bridge.ts';

declare global {
  interface Window {
    /** Present only in the desktop app (the preload bridge). */
    signoff?: SignoffBridge;
  }
}

/**
 * Where the renderer runs. In a browser the API is the page's own origin and the session lives in this
 * tab's sessionStorage; in the desktop app the server is the configured URL and the token is kept by the
 * main process with the OS keychain.
 */
export interface Platform {
  kind: 'browser' | 'desktop';
  apiBase(): Promise<string>;
  setServerUrl(url: string): Promise<string>;
  getToken(): Promise<string | null>;
  setToken(token: string): Promise<void>;
  clearToken(): Promise<void>;
  /** A native notification (desktop only); clicking it opens `path`. */
  notify(n: { title: string; body: string; path: string }): void;
  takeDeepLink(): Promise<string | null>;
  onDeepLink(listener: (path: string) => void): () => void;
  /** Opens the server's single sign-on start: this tab in a browser, the OS browser in the desktop app. */
  openSignIn(url: string): Promise<void>;
  /** A single sign-on code that reached the desktop app (signoff://sso) before the sign-in screen listened. */
  takeSsoCode(): Promise<string | null>;
  onSsoCode(listener: (code: string) => void): () => void;
}

const TOKEN_KEY = 'signoff.session';

function browserPlatform(): Platform {
  return {
    kind: 'browser',
    apiBase: async () => window.location.origin,
    setServerUrl: async () => window.location.origin,
    getToken: async () => sessionStorage.getItem(TOKEN_KEY),
    setToken: async (token) => sessionStorage.setItem(TOKEN_KEY, token),
    clearToken: async () => sessionStorage.removeItem(TOKEN_KEY),
    notify: () => undefined,
    takeDeepLink: async () => null,
    onDeepLink: () => () => undefined,
    openSignIn: async (url) => {
      window.location.assign(url);
    },
    // In a browser the code comes back in this tab's address (`/?sso_code=`), read by the sign-in screen.
    takeSsoCode: async () => null,
    onSsoCode: () => () => undefined,
  };
}

function desktopPlatform(bridge: SignoffBridge): Platform {
  return {
    kind: 'desktop',
    apiBase: async () => (await bridge.getSettings()).serverUrl,
    setServerUrl: async (url) => (await bridge.setServerUrl(url)).serverUrl,
    getToken: () => bridge.getToken(),
    setToken: async (token) => {
      await bridge.setToken(token);
    },
    clearToken: () => bridge.clearToken(),
    notify: (n) => {
      bridge.notify(n).catch(() => undefined);
    },
    takeDeepLink: () => bridge.takeDeepLink(),
    onDeepLink: (listener) => bridge.onDeepLink(listener),
    openSignIn: (url) => bridge.openSignIn(url),
    takeSsoCode: () => bridge.takeSsoCode(),
    onSsoCode: (listener) => bridge.onSsoCode(listener),
  };
}

export const platform: Platform = window.signoff ? desktopPlatform(window.signoff) : browserPlatform();
