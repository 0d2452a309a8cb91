import type { SignoffBridge } from '../shared/bridge.ts';

declare global {
  interface Window {
    /** Present only in the desktop app (the preload bridge). */
    signoff?: SignoffBridge;
  }
}

/**
 * Where the renderer runs. In a browser the API is the page's own origin and the session lives in this
 * tab's sessionStorage; a new tab of the same origin (a link from a notification mail) asks the open tabs for
 * it over a BroadcastChannel, which only pages of this origin can join, and a sign-out in one tab signs every
 * tab out. Nothing is written to localStorage or cookies: closing the last tab ends the session on this
 * machine. In the desktop app the server is the configured URL and the token is kept by the main process with
 * the OS keychain.
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
  /** Another tab signed out (browser only): this one follows. */
  onSignedOutElsewhere(listener: () => void): () => void;
}

const TOKEN_KEY = 'signoff.session';
const SESSION_CHANNEL = 'signoff.session';
/** How long a new tab waits for an open tab to hand over the session before showing the sign-in screen. */
const HANDOFF_MS = 400;

type SessionMessage = { type: 'ask' } | { type: 'session'; token: string } | { type: 'signed-out' };

function browserPlatform(): Platform {
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(SESSION_CHANNEL);
  const signedOut = new Set<() => void>();
  const stored = () => sessionStorage.getItem(TOKEN_KEY);
  channel?.addEventListener('message', (e: MessageEvent<SessionMessage>) => {
    const token = stored();
    if (e.data?.type === 'ask' && token) channel.postMessage({ type: 'session', token });
    if (e.data?.type === 'signed-out' && token) {
      sessionStorage.removeItem(TOKEN_KEY);
      for (const l of signedOut) l();
    }
  });
  /** The session of another open tab of this origin, if one answers in time. */
  const askOtherTabs = () =>
    new Promise<string | null>((resolve) => {
      if (!channel) return resolve(null);
      const done = (token: string | null) => {
        channel.removeEventListener('message', onAnswer);
        clearTimeout(timer);
        if (token) sessionStorage.setItem(TOKEN_KEY, token);
        resolve(token);
      };
      const onAnswer = (e: MessageEvent<SessionMessage>) => {
        if (e.data?.type === 'session') done(e.data.token);
      };
      const timer = setTimeout(() => done(null), HANDOFF_MS);
      channel.addEventListener('message', onAnswer);
      channel.postMessage({ type: 'ask' });
    });
  return {
    kind: 'browser',
    apiBase: async () => window.location.origin,
    setServerUrl: async () => window.location.origin,
    getToken: async () => stored() ?? (await askOtherTabs()),
    setToken: async (token) => sessionStorage.setItem(TOKEN_KEY, token),
    clearToken: async () => {
      if (!stored()) return;
      sessionStorage.removeItem(TOKEN_KEY);
      channel?.postMessage({ type: 'signed-out' });
    },
    notify: () => undefined,
    takeDeepLink: async () => null,
    onDeepLink: () => () => undefined,
    openSignIn: async (url) => {
      window.location.assign(url);
    },
    // In a browser the code comes back in this tab's address (`/?sso_code=`), read by the sign-in screen.
    takeSsoCode: async () => null,
    onSsoCode: () => () => undefined,
    onSignedOutElsewhere: (listener) => {
      signedOut.add(listener);
      return () => signedOut.delete(listener);
    },
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
    // One window, one session kept by the main process.
    onSignedOutElsewhere: () => () => undefined,
  };
}

export const platform: Platform = window.signoff ? desktopPlatform(window.signoff) : browserPlatform();
