/** The scheme the bundled renderer is served from (registered as privileged and standard). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'signoff';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * `scheme://host[:port]` of a URL, or null. WHATWG `URL.origin` is "null" for non-special schemes such as
 * app://, so it cannot be used to compare against the app's own origin.
 */
export function originOf(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (!url.host) return null;
    return `${url.protocol}//${url.host}`.toLowerCase();
  } catch {
    return null;
  }
}

/** Whether the window may show `url`: only the bundled app and the configured server. */
export function isAllowedOrigin(url: string, allowed: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && allowed.map((a) => a.toLowerCase()).includes(origin);
}

/** Links the renderer may hand to the OS browser: plain http(s), no credentials, a real host. */
export function isSafeExternalUrl(raw: string): boolean {
  if (raw.length > 2_000) return false;
  try {
    const url = new URL(raw);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.hostname !== '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/**
 * The server URL setting, normalized to its origin. Only http(s); a path, query or credentials are
 * refused so the origin allow-list and the CSP stay exact.
 */
export function normalizeServerUrl(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password || url.search || url.hash) return null;
    if (url.pathname !== '/' && url.pathname !== '') return null;
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}

/** The renderer's Content-Security-Policy in the desktop app: itself, and API calls to the server. */
export function rendererCsp(serverOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${serverOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}
