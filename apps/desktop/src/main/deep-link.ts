import { SSO_CODE } from '../shared/bridge.ts';

export const DEEP_LINK_SCHEME = 'signoff';

export type DeepLink = { kind: 'review'; key: string; path: string } | { kind: 'inbox'; path: '/' };

// A review key (DR-42) or a numeric review id; nothing that could become a path of its own.
const REVIEW_KEY = /^(?:[A-Za-z]{1,10}-\d{1,9}|\d{1,9})$/;

/** A `signoff:` URL of a sane length, or null. */
function deepLinkUrl(raw: string): URL | null {
  if (raw.length > 300) return null;
  try {
    const url = new URL(raw);
    return url.protocol === `${DEEP_LINK_SCHEME}:` ? url : null;
  } catch {
    return null;
  }
}

/**
 * Parses `signoff://reviews/DR-42` (and `signoff://inbox`) into an app path. Anything else, including
 * other schemes, credentials, queries, extra segments or encoded separators, is refused with null: a deep
 * link comes from outside the app and must not steer it anywhere unexpected.
 */
export function parseDeepLink(raw: string): DeepLink | null {
  const url = deepLinkUrl(raw);
  if (!url) return null;
  if (url.username || url.password || url.port || url.search || url.hash) return null;
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (host === 'inbox' && segments.length === 0) return { kind: 'inbox', path: '/' };
  if (host !== 'reviews' || segments.length !== 1) return null;
  const key = segments[0] ?? '';
  if (!REVIEW_KEY.test(key)) return null;
  const normalized = key.toUpperCase();
  return { kind: 'review', key: normalized, path: `/reviews/${normalized}` };
}

/**
 * `signoff://sso?code=…`: where the server sends the system browser at the end of a desktop sign-in
 * (RFC 8252 §7.1, a private-use URI scheme). Only the code crosses, and it is worthless without the PKCE
 * verifier the renderer kept (RFC 8252 §8.1), so another app that claims the scheme learns nothing it can use.
 * Anything else in the link (another parameter, a path, credentials) is refused with null.
 */
export function parseSsoDeepLink(raw: string): string | null {
  const url = deepLinkUrl(raw);
  if (url?.hostname.toLowerCase() !== 'sso') return null;
  if (url.username || url.password || url.port || url.hash || (url.pathname !== '' && url.pathname !== '/'))
    return null;
  const keys = [...url.searchParams.keys()];
  const code = url.searchParams.get('code');
  if (keys.length !== 1 || keys[0] !== 'code' || code === null || !SSO_CODE.test(code)) return null;
  return code;
}

/** On Windows and Linux the OS passes the link as a command line argument. */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  return firstLink(argv, parseDeepLink);
}

/** The single sign-on code of a `signoff://sso` link on the command line. */
export function ssoCodeFromArgv(argv: readonly string[]): string | null {
  return firstLink(argv, parseSsoDeepLink);
}

function firstLink<T>(argv: readonly string[], parse: (raw: string) => T | null): T | null {
  for (const arg of argv) {
    if (arg.startsWith(`${DEEP_LINK_SCHEME}://`)) {
      const link = parse(arg);
      if (link) return link;
    }
  }
  return null;
}
