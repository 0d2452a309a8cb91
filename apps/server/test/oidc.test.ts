import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { s256 } from '@signoff/api';
import { parseSsoRoleMap } from '@signoff/core';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousCaller, person, systemCaller } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { createHttpServer } from '../src/http-server.ts';
import { oidcHandler } from '../src/oidc.ts';
import {
  type Account,
  CLIENT_ID,
  CLIENT_SECRET,
  followSignIn,
  startImpostor,
  startTestProvider,
  type TestProvider,
} from './oidc-provider.ts';

const ROLE_MAP = parseSsoRoleMap(
  'signoff-admins=admin,stewards=steward,privacy=area:privacy_technical,data-eng=area:data+area:security',
);

/** The signoff server with single sign-on against `issuer`; the provider is started once it has a URL. */
async function signoffServer(t: TestDatabase, opts: { passwordSignIn?: boolean } = {}) {
  let handler: ReturnType<typeof oidcHandler> | null = null;
  const settings = {
    passwordSignIn: opts.passwordSignIn ?? true,
    singleSignOn: { label: 'Mozilla SSO' },
  };
  const server: http.Server = createHttpServer({
    db: t.db,
    pool: t.pool,
    log: pino({ level: 'silent' }),
    config: { CORS_ORIGINS: [], SESSION_TTL_HOURS: 12 },
    settings,
    sso: (req, res, path) => handler?.(req, res, path) ?? Promise.resolve(false),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    redirectUrl: `${base}/auth/oidc/callback`,
    useIssuer(issuer: string) {
      handler = oidcHandler(
        {
          issuer,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          redirectUrl: `${base}/auth/oidc/callback`,
          scopes: 'openid email profile groups',
          roleClaim: 'groups',
          roleMap: ROLE_MAP,
        },
        { db: t.db, settings, log: pino({ level: 'silent' }) },
      );
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

interface Finished {
  /** The last answer: the redirect back to the client, or the refusal page. */
  status: number;
  text: string;
  /** The handoff code, when the sign-in succeeded. */
  code: string | null;
  verifier: string;
}

/**
 * A browser with a cookie jar, driving a sign-in from the client's start link through the provider and
 * back to the callback. `beforeCallback` may change what reaches the callback (an attacker's move).
 */
async function browse(
  base: string,
  opts: { client?: 'web' | 'desktop'; beforeCallback?: (url: URL) => Promise<URL | undefined> } = {},
): Promise<Finished> {
  const verifier = randomBytes(32).toString('base64url');
  const start = new URL(`${base}/auth/oidc/start?client=${opts.client ?? 'web'}&challenge=${s256(verifier)}`);
  const end = await followSignIn(start, base, opts.beforeCallback);
  if (end.back?.protocol === 'signoff:')
    return { status: 303, text: '', code: end.back.searchParams.get('code'), verifier };
  return {
    status: end.status,
    text: end.text,
    code: end.back?.searchParams.get('sso_code') ?? null,
    verifier,
  };
}

const count = async (t: TestDatabase, table: 'sessions' | 'sso_handoffs' | 'people') =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db)).rows[0]!.n);

describe('single sign-on through a real OpenID Connect provider', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof signoffServer>>;
  let idp: TestProvider;
  let other: TestProvider;
  let impostor: Awaited<ReturnType<typeof startImpostor>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    app = await signoffServer(t);
    idp = await startTestProvider([app.redirectUrl]);
    other = await startTestProvider([app.redirectUrl]);
    impostor = await startImpostor(other.issuer);
    app.useIssuer(idp.issuer);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await idp?.close();
    await impostor?.close();
    await other?.close();
    await t?.drop();
  });

  const exchange = (code: string, verifier: string) => anonymousCaller(t.db).sso.exchange({ code, verifier });
  const me = async (token: string) => {
    const res = await fetch(`${app.base}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()).result.data;
  };
  const signIn = async (sub: string, account: Account) => {
    idp.signInAs(sub, account);
    const done = await browse(app.base);
    expect(done.status, done.text).toBe(303);
    expect(done.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return exchange(done.code!, done.verifier);
  };

  it('provisions the person on the first sign-in, with roles and areas from the groups claim', async () => {
    const people = await count(t, 'people');
    const { token } = await signIn('alice-1', {
      email: 'Alice@Example.com',
      email_verified: true,
      name: 'Alice Liddell',
      groups: ['signoff-admins', 'privacy', 'unrelated-group'],
    });
    expect(await count(t, 'people')).toBe(people + 1);
    expect(await me(token)).toMatchObject({
      email: 'alice@example.com',
      displayName: 'Alice Liddell',
      isAdmin: true,
      isSteward: false,
      facilitatorAreas: ['privacy_technical'],
    });
    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'actor_label'])
      .where('subject', '=', `person:${(await me(token)).id}`)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'person.created',
      'person.sso_linked',
      'person.roles_changed',
      'person.signed_in',
    ]);
  });

  it('a later sign-in follows the claims for what the provider granted, keeps what an admin granted, and never drops an admin silently', async () => {
    const first = await signIn('bob-1', {
      email: 'bob@example.com',
      name: 'Bob',
      groups: ['signoff-admins', 'privacy'],
    });
    const bob = await me(first.token);
    expect(bob).toMatchObject({ isAdmin: true, facilitatorAreas: ['privacy_technical'] });
    // An admin makes Bob a steward by hand.
    await systemCaller(t.db).admin.setRoles({
      email: 'bob@example.com',
      roles: ['admin', 'steward'],
      areas: ['privacy_technical'],
    });
    // The provider no longer lists Bob in any mapped group but data-eng.
    const later = await signIn('bob-1', { email: 'bob@example.com', name: 'Bob', groups: ['data-eng'] });
    expect(await me(later.token)).toMatchObject({
      id: bob.id,
      isAdmin: true, // kept, and reported
      isSteward: true, // the admin's
      facilitatorAreas: ['data', 'security'], // privacy was the provider's; data and security are now
    });
    const kept = await t.db
      .selectFrom('audit_events')
      .select('after')
      .where('subject', '=', `person:${bob.id}`)
      .where('action', '=', 'person.sso_admin_kept')
      .execute();
    expect(kept).toHaveLength(1);
    expect(JSON.stringify(kept[0]!.after)).toMatch(/no longer grants admin/);
    // Admin is the admins' to take away now: another sign-in does not report it again.
    await signIn('bob-1', { email: 'bob@example.com', name: 'Bob', groups: [] });
    const again = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject', '=', `person:${bob.id}`)
      .where('action', '=', 'person.sso_admin_kept')
      .execute();
    expect(again).toHaveLength(1);
    expect(await me(later.token)).toMatchObject({ isAdmin: true, isSteward: true, facilitatorAreas: [] });
  });

  it('links an existing account with the same verified email instead of creating another', async () => {
    const carol = await person(t.db, 'carol@example.com', { roles: ['steward'] });
    const people = await count(t, 'people');
    const { token } = await signIn('carol-1', {
      email: 'carol@example.com',
      email_verified: true,
      name: 'C',
    });
    expect(await count(t, 'people')).toBe(people);
    expect(await me(token)).toMatchObject({ id: carol.id, isSteward: true, displayName: 'carol' });
  });

  it('refuses an email the provider says it has not verified', async () => {
    idp.signInAs('mallory-1', { email: 'carol@example.com', email_verified: false });
    const sessions = await count(t, 'sessions');
    const done = await browse(app.base);
    expect(done.status).toBe(400);
    expect(done.text).toMatch(/has not verified carol@example\.com/);
    expect(await count(t, 'sessions')).toBe(sessions);
  });

  /** A refused sign-in: a clear message on a 400 page, and no person, handoff or session created. */
  async function refused(beforeCallback: (url: URL) => Promise<URL | undefined>, message: RegExp) {
    const before = { sessions: await count(t, 'sessions'), people: await count(t, 'people') };
    idp.signInAs(`new-${randomBytes(4).toString('hex')}`, {
      email: `new-${randomBytes(4).toString('hex')}@example.com`,
    });
    const done = await browse(app.base, { beforeCallback });
    expect(done.status, done.text).toBe(400);
    expect(done.text).toMatch(message);
    expect(done.code).toBeNull();
    expect(await count(t, 'sessions')).toBe(before.sessions);
    expect(await count(t, 'people')).toBe(before.people);
    expect(await count(t, 'sso_handoffs')).toBe(0);
  }

  it('refuses a wrong state', async () => {
    await refused(async (url) => {
      url.searchParams.set('state', randomBytes(32).toString('base64url'));
      return url;
    }, /the state does not match a sign-in started here/);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    await refused(async (url) => {
      // As if the token had been minted for another sign-in: the nonce this one expects differs.
      await t.db
        .updateTable('sso_logins')
        .set({ nonce: randomBytes(32).toString('base64url') })
        .where('state', '=', url.searchParams.get('state')!)
        .execute();
      return undefined;
    }, /nonce is not the one this sign-in sent/);
  });

  it('refuses an expired authorization code', async () => {
    idp.codeTtl = 1;
    try {
      await refused(async () => {
        await sleep(2_100); // past the code's one-second life
        return undefined;
      }, /refused the authorization code \(invalid_grant/);
    } finally {
      idp.codeTtl = 60;
    }
  });

  it('refuses a token from another issuer', async () => {
    // The configured issuer is the impostor; the tokens it hands over are another provider's.
    app.useIssuer(impostor.issuer);
    try {
      other.signInAs('eve-1', { email: 'eve@example.com' });
      const before = { sessions: await count(t, 'sessions'), people: await count(t, 'people') };
      const done = await browse(app.base);
      expect(done.status, done.text).toBe(400);
      expect(done.text).toMatch(/comes from another issuer than the configured OIDC_ISSUER/);
      expect(await count(t, 'sessions')).toBe(before.sessions);
      expect(await count(t, 'people')).toBe(before.people);
    } finally {
      app.useIssuer(idp.issuer);
    }
  });

  it('hands a desktop sign-in back through the deep link; only the verifier of its challenge turns the code into a session', async () => {
    idp.signInAs('dora-1', { email: 'dora@example.com', name: 'Dora' });
    const done = await browse(app.base, { client: 'desktop' });
    expect(done.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const sessions = await count(t, 'sessions');
    const wrong = await exchange(done.code!, randomBytes(32).toString('base64url')).catch((e) => e);
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toMatch(/unknown, expired or already used/);
    // The code was spent by the failed try: the right verifier is too late now.
    const late = await exchange(done.code!, done.verifier).catch((e) => e);
    expect(late.code).toBe('UNAUTHORIZED');
    expect(await count(t, 'sessions')).toBe(sessions);
  });

  it('refuses a start without a proper client challenge', async () => {
    const res = await fetch(`${app.base}/auth/oidc/start?client=web&challenge=short`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/challenge: must be an RFC 7636 S256 code challenge/);
  });
});

describe('password sign-in turned off', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('refuses auth.signIn and says how to sign in; sso.methods tells the client', async () => {
    await systemCaller(t.db).admin.createUser({
      email: 'pw@example.com',
      displayName: 'Pw',
      password: 'a-long-password',
    });
    const { createCaller, createContextInner } = await import('@signoff/api');
    const settings = { passwordSignIn: false, singleSignOn: { label: 'Mozilla SSO' } };
    const caller = createCaller(createContextInner({ db: t.db, settings }));
    const err = await caller.auth
      .signIn({ email: 'pw@example.com', password: 'a-long-password' })
      .catch((e) => e);
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(/password sign-in is turned off here; sign in with single sign-on/);
    expect(await caller.sso.methods()).toEqual({ password: false, singleSignOn: { label: 'Mozilla SSO' } });
    expect(await count(t, 'sessions')).toBe(0);
  });
});
