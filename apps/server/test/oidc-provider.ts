import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface Account {
  email: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  /** Who signs in at the next interaction (the provider's login screen, answered by the test). */
  signInAs(sub: string, account: Account): void;
  /** Seconds an authorization code lives (default 60). */
  codeTtl: number;
  close(): Promise<void>;
}

export const CLIENT_ID = 'signoff-tracker';
export const CLIENT_SECRET = 'a-client-secret-for-the-tests';

const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/**
 * A real OpenID Connect provider (oidc-provider) in the test process, with one confidential client that
 * must use PKCE. Its login and consent screens are answered by the test: whoever `signInAs` names.
 */
export async function startTestProvider(redirectUris: string[]): Promise<TestProvider> {
  const server = http.createServer();
  const issuer = await listen(server);
  const accounts = new Map<string, Account>();
  let next: string | null = null;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const state = {
    codeTtl: 60,
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    // The claims of the requested scopes go into the ID token itself (many providers do so).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['test-cookie-key'] },
    ttl: {
      AuthorizationCode: () => state.codeTtl,
      Interaction: 600,
      Grant: 3600,
      Session: 3600,
      AccessToken: 600,
      IdToken: 600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const a = accounts.get(sub);
      return a ? { accountId: sub, claims: () => ({ sub, ...a }) } : undefined;
    },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const accountId = next;
      if (!accountId) throw new Error('the test named nobody to sign in');
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId }, consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.statusCode = 500;
      res.end(String(err));
    }
  });
  return {
    issuer,
    signInAs(sub, account) {
      accounts.set(sub, account);
      next = sub;
    },
    get codeTtl() {
      return state.codeTtl;
    },
    set codeTtl(v: number) {
      state.codeTtl = v;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * A provider that is not what it claims: it announces `issuer` = its own address but forwards everything
 * to `upstream`, whose tokens carry the upstream's issuer. The authorization response's `iss` parameter
 * is removed, so the ID token's own `iss` is what the client must check.
 */
export async function startImpostor(upstream: string): Promise<{ issuer: string; close(): Promise<void> }> {
  const server = http.createServer();
  const self = await listen(server);
  server.on('request', async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers.set(k, v);
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    let body = Buffer.from(await answer.arrayBuffer());
    if (req.url === '/.well-known/openid-configuration') {
      const meta = JSON.parse(body.toString('utf8').replaceAll(upstream, self));
      meta.authorization_response_iss_parameter_supported = false;
      body = Buffer.from(JSON.stringify(meta));
    }
    res.statusCode = answer.status;
    answer.headers.forEach((v, k) => {
      if (['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'set-cookie'].includes(k))
        return;
      if (k === 'location') {
        const loc = new URL(v.replaceAll(upstream, self), self);
        loc.searchParams.delete('iss');
        res.setHeader(k, loc.href);
      } else res.setHeader(k, v);
    });
    const cookies = answer.headers.getSetCookie();
    if (cookies.length) res.setHeader('set-cookie', cookies);
    res.end(body);
  });
  return {
    issuer: self,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/**
 * The system browser of a sign-in, as a cookie jar that follows redirects: from the client's start link
 * on `base` through the provider and its callback, until the server sends the client back (`back`: the
 * web client's `/` or the desktop's `signoff://sso` link) or answers without a redirect (a refusal page).
 * `beforeCallback` may change what reaches the callback (an attacker's move).
 */
export async function followSignIn(
  start: URL,
  base: string,
  beforeCallback?: (url: URL) => Promise<URL | undefined>,
): Promise<{ status: number; text: string; back: URL | null }> {
  const jar = new Map<string, Map<string, string>>();
  let url = start;
  for (let hops = 0; hops < 20; hops++) {
    if (url.protocol === 'signoff:') return { status: 303, text: '', back: url };
    if (url.origin === base && url.pathname === '/auth/oidc/callback' && beforeCallback)
      url = (await beforeCallback(url)) ?? url;
    const cookies = jar.get(url.host) ?? new Map<string, string>();
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    jar.set(url.host, cookies);
    const location = res.headers.get('location');
    const text = await res.text();
    if (!location) return { status: res.status, text, back: null };
    const next = new URL(location, url);
    if (next.origin === base && next.pathname === '/') return { status: res.status, text, back: next };
    url = next;
  }
  throw new Error('too many redirects');
}
