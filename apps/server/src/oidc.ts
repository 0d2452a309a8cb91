import type http from 'node:http';
import {
  createContextInner,
  finishSsoSignIn,
  type Principal,
  type Settings,
  type SsoIdentity,
} from '@signoff/api';
import { DomainError, type SsoRoleMap } from '@signoff/core';
import { type ChangeFeedCache, type Db, insertSsoLogin, takeSsoLogin } from '@signoff/db';
import * as client from 'openid-client';
import type { Logger } from './logger.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUrl: string;
  scopes: string;
  roleClaim: string;
  roleMap: SsoRoleMap;
}

export interface OidcDeps {
  db: Db;
  settings: Partial<Settings>;
  cache?: ChangeFeedCache<Principal> | undefined;
  log: Logger;
}

export const OIDC_START = '/auth/oidc/start';
export const OIDC_CALLBACK = '/auth/oidc/callback';
/** Where a desktop sign-in ends: the app's deep link (RFC 8252 §7.1, a private-use URI scheme). */
export const DESKTOP_SSO_REDIRECT = 'signoff://sso';
/** How long a sign-in may stay at the provider (login, consent) before its state is forgotten. */
const LOGIN_TTL_MS = 10 * 60_000;

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A sign-in the server refuses: shown to the person in the browser tab, with HTTP 400, no session made. */
export class SsoRefusal extends Error {
  override readonly name = 'SsoRefusal';
}

/**
 * Single sign-on with any OpenID Connect provider (openid-client): the authorization code flow with PKCE,
 * state and nonce. The server is the provider's client; a web or desktop client starts a sign-in with its
 * own PKCE challenge and gets back a one-time code that only its verifier turns into a session.
 */
export function oidcHandler(oidc: OidcSettings, deps: OidcDeps) {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret,
        oidc.clientSecret === undefined ? client.None() : undefined,
        // Plain http only for a provider on this machine (development, tests).
        LOOPBACK.has(new URL(oidc.issuer).host.replace(/:\d+$/, ''))
          ? { execute: [client.allowInsecureRequests] }
          : undefined,
      )
      .catch((err: unknown) => {
        discovered = null; // the next sign-in tries again
        throw new SsoRefusal(`the identity provider cannot be reached (${(err as Error).message})`);
      });
    return discovered;
  };

  async function start(url: URL, res: http.ServerResponse) {
    const kind = url.searchParams.get('client');
    const clientChallenge = url.searchParams.get('challenge') ?? '';
    if (kind !== 'web' && kind !== 'desktop') throw new SsoRefusal('client: must be web or desktop');
    if (!CHALLENGE.test(clientChallenge))
      throw new SsoRefusal('challenge: must be an RFC 7636 S256 code challenge (43 base64url characters)');
    const config = await configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await insertSsoLogin(
      deps.db,
      { state, nonce, codeVerifier, client: kind, clientChallenge },
      LOGIN_TTL_MS,
    );
    const target = client.buildAuthorizationUrl(config, {
      redirect_uri: oidc.redirectUrl,
      scope: oidc.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.statusCode = 303;
    res.setHeader('location', target.href);
    res.setHeader('cache-control', 'no-store');
    res.end();
  }

  async function callback(url: URL, res: http.ServerResponse) {
    const state = url.searchParams.get('state');
    if (!state) throw new SsoRefusal('the provider sent no state: this sign-in was not started here');
    const pending = await takeSsoLogin(deps.db, state);
    if (!pending)
      throw new SsoRefusal(
        'the state does not match a sign-in started here (unknown, expired or already used); start again',
      );
    const config = await configuration();
    // The redirect URL exactly as registered, with the provider's parameters.
    const current = new URL(oidc.redirectUrl);
    current.search = url.search;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new SsoRefusal(describeOidcError(err, oidc.issuer));
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoRefusal('the provider sent no ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    // Some providers put email, name and groups only in userinfo.
    if (typeof claims.email !== 'string' && tokens.access_token) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch((err) => {
        throw new SsoRefusal(`reading the provider's userinfo failed: ${(err as Error).message}`);
      });
      claims = { ...info, ...claims, ...(info.email ? { email: info.email } : {}) };
    }
    const identity = identityOf(idClaims.iss, claims);
    const ctx = createContextInner({
      db: deps.db,
      principal: { kind: 'system', label: 'single-sign-on' },
      settings: deps.settings,
      ...(deps.cache ? { cache: deps.cache } : {}),
    });
    const { code } = await finishSsoSignIn(
      ctx,
      identity,
      { claim: oidc.roleClaim, map: oidc.roleMap },
      pending.clientChallenge,
    ).catch((err: unknown) => {
      if (err instanceof DomainError) throw new SsoRefusal(err.message);
      throw err;
    });
    const back =
      pending.client === 'desktop'
        ? `${DESKTOP_SSO_REDIRECT}?code=${code}`
        : `/?sso_code=${encodeURIComponent(code)}`;
    res.statusCode = 303;
    res.setHeader('location', back);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      page(
        'Signed in',
        pending.client === 'desktop' ? 'You are signed in. Return to the app.' : 'Signed in.',
      ),
    );
  }

  /** Answers /auth/oidc/*; false for any other path. */
  return async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<boolean> => {
    if (path !== OIDC_START && path !== OIDC_CALLBACK) return false;
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method !== 'GET') throw new SsoRefusal(`${req.method} is not allowed here`);
      await (path === OIDC_START ? start(url, res) : callback(url, res));
    } catch (err) {
      if (!(err instanceof SsoRefusal)) throw err;
      deps.log.warn({ reason: err.message }, 'single sign-on refused');
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(page('Sign-in refused', `Single sign-on refused: ${err.message}.`));
    }
    return true;
  };
}

function identityOf(issuer: string, claims: Record<string, unknown>): SsoIdentity {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
    throw new SsoRefusal('the provider sent no usable email address (the email scope and claim are needed)');
  const name = [claims.name, claims.preferred_username, email.split('@')[0]].find(
    (n): n is string => typeof n === 'string' && n.trim() !== '',
  );
  return {
    issuer,
    subject: String(claims.sub),
    email,
    emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
    displayName: (name ?? email).trim().slice(0, 200),
    claims,
  };
}

/** openid-client's refusals, in words that say which check failed. */
export function describeOidcError(err: unknown, issuer: string): string {
  if (err instanceof client.AuthorizationResponseError)
    return `the identity provider refused: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`;
  if (err instanceof client.ResponseBodyError) {
    if (err.error === 'invalid_grant')
      return `the provider refused the authorization code (invalid_grant: ${err.error_description ?? 'expired, already used or not issued for this sign-in'})`;
    return `the provider's token endpoint refused: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`;
  }
  // openid-client wraps oauth4webapi's error, whose cause names the claim (or attribute) that failed.
  let claim: unknown;
  for (
    let c: unknown = err;
    c && typeof c === 'object' && claim === undefined;
    c = (c as { cause?: unknown }).cause
  )
    claim = (c as { claim?: unknown; attribute?: unknown }).claim ?? (c as { attribute?: unknown }).attribute;
  const e = err as { message?: string };
  if (claim === 'nonce')
    return 'the ID token’s nonce is not the one this sign-in sent (a replayed or injected token)';
  if (claim === 'iss')
    return `the response comes from another issuer than the configured OIDC_ISSUER ${issuer}`;
  if (claim === 'aud' || claim === 'azp') return 'the ID token was issued to another client';
  if (claim === 'state') return 'the state does not match this sign-in';
  return `the identity provider's answer failed validation: ${e.message ?? String(err)}`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the sign-off tracker</a></p></main></body></html>`;
}
