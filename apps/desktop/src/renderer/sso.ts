/**
 * The client's half of single sign-on (RFC 7636 PKCE, RFC 8252 for the desktop app). The client makes a
 * verifier, keeps it in this tab, and sends only its S256 challenge to the server's `/auth/oidc/start`. The
 * server answers, after the identity provider, with a one-time code (web: `/?sso_code=`, desktop:
 * `signoff://sso?code=`) that only the kept verifier turns into a session (`sso.exchange`).
 */

const VERIFIER_KEY = 'signoff.sso-verifier';
const CODE_PARAM = 'sso_code';

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** Starts a sign-on: keeps a new verifier in this tab and returns the server URL to open. */
export async function beginSingleSignOn(apiBase: string, client: 'web' | 'desktop'): Promise<string> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const url = new URL('/auth/oidc/start', apiBase);
  url.searchParams.set('client', client);
  url.searchParams.set('challenge', base64url(digest));
  return url.href;
}

/** The verifier of the sign-on this tab started, once; null when none was started here. */
export function takeVerifier(): string | null {
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  return verifier;
}

/**
 * The code of `/?sso_code=` the server redirected this tab to, taken out of the address bar (the server
 * checks its form).
 */
export function takeSsoCodeFromLocation(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get(CODE_PARAM);
  if (code === null) return null;
  url.searchParams.delete(CODE_PARAM);
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  return code;
}
