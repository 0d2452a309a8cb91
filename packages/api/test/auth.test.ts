import { createCaller, createContextInner, SignInLimiter } from '@signoff/api';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousCaller, callerWithToken, person, systemCaller } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return e instanceof TRPCError ? e.code : `unexpected ${String(e)}`;
  }
};

describe('sign-in, sessions and tokens', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('signs in with the right password and knows who you are', async () => {
    const ann = await person(t.db, 'ann@example.com', { areas: ['security'] });
    const me = await ann.caller.auth.me();
    expect(me.email).toBe('ann@example.com');
    expect(me.facilitatorAreas).toEqual(['security']);
  });

  it('refuses a wrong password and an unknown email with the same message', async () => {
    await person(t.db, 'bob@example.com');
    const anon = anonymousCaller(t.db);
    const wrong = await anon.auth
      .signIn({ email: 'bob@example.com', password: 'not-the-password' })
      .catch((e) => e);
    const unknown = await anon.auth
      .signIn({ email: 'nobody@example.com', password: 'whatever-1234' })
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(TRPCError);
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(unknown.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.message).not.toMatch(/exist|unknown|bob/i);
  });

  it('locks an email after repeated failures, the same way whether or not it exists', async () => {
    const carl = await person(t.db, 'carl@example.com');
    const anon = anonymousCaller(t.db);
    for (const email of ['carl@example.com', 'ghost@example.com']) {
      for (let i = 0; i < 5; i++)
        expect(await code(anon.auth.signIn({ email, password: 'bad-password-x' }))).toBe('UNAUTHORIZED');
      expect(await code(anon.auth.signIn({ email, password: 'bad-password-x' }))).toBe('TOO_MANY_REQUESTS');
    }
    // Even the right password is refused while locked.
    expect(await code(anon.auth.signIn({ email: 'carl@example.com', password: carl.password }))).toBe(
      'TOO_MANY_REQUESTS',
    );
    // After the lock expires, the right password works again.
    const later = anonymousCaller(t.db, () => new Date(Date.now() + 16 * 60_000));
    expect(await code(later.auth.signIn({ email: 'carl@example.com', password: carl.password }))).toBe('OK');
  });

  it('locks an email only for the address the failures came from, so nobody can lock the admin out', async () => {
    const ida = await person(t.db, 'ida@example.com', { roles: ['admin'] });
    const from = (clientAddress: string, now?: () => Date) =>
      createCaller(createContextInner({ db: t.db, clientAddress, ...(now ? { now } : {}) }));
    const attacker = from('203.0.113.7');
    for (let i = 0; i < 5; i++)
      expect(await code(attacker.auth.signIn({ email: ida.email, password: 'guess-guess-guess' }))).toBe(
        'UNAUTHORIZED',
      );
    expect(await code(attacker.auth.signIn({ email: ida.email, password: ida.password }))).toBe(
      'TOO_MANY_REQUESTS',
    );
    // The admin, elsewhere, is not locked out.
    expect(await code(from('198.51.100.1').auth.signIn({ email: ida.email, password: ida.password }))).toBe(
      'OK',
    );
    // Rows that no longer count are purged by later failures.
    const rows = async () =>
      Number(
        (await t.pool.query(`SELECT count(*) AS n FROM sign_in_throttle WHERE email = $1`, [ida.email]))
          .rows[0].n,
      );
    expect(await rows()).toBe(1);
    const muchLater = from('192.0.2.1', () => new Date(Date.now() + 60 * 60_000));
    await muchLater.auth.signIn({ email: 'someone@example.com', password: 'nope-nope-nope' }).catch(() => 0);
    expect(await rows()).toBe(0);
  });

  it('limits attempts per client address and password checks overall', async () => {
    const limiter = new SignInLimiter({ perAddressPerMinute: 3, concurrent: 1, waiting: 1 });
    for (let i = 0; i < 3; i++) limiter.admit('203.0.113.9', 0);
    expect(() => limiter.admit('203.0.113.9', 0)).toThrow(/at most 3 a minute/);
    limiter.admit('203.0.113.10', 0);
    limiter.admit(null, 0); // the command line: not per address
    let release: (v: string) => void = () => undefined;
    const slow = new Promise<string>((r) => {
      release = r;
    });
    const first = limiter.check(() => slow);
    const second = limiter.check(async () => 'second');
    await expect(limiter.check(async () => 'third')).rejects.toThrow(/too many sign-ins at once/);
    release('first');
    await first;
    expect(await second).toBe('second');
    expect(await limiter.check(async () => 'fourth')).toBe('fourth');
  });

  it('refuses an expired session', async () => {
    const dee = await person(t.db, 'dee@example.com');
    const in13h = () => new Date(Date.now() + 13 * 3_600_000);
    expect(await code((await callerWithToken(t.db, dee.token, in13h)).auth.me())).toBe('UNAUTHORIZED');
    expect(await code((await callerWithToken(t.db, dee.token)).auth.me())).toBe('OK');
  });

  it('refuses a revoked session (signed out)', async () => {
    const eve = await person(t.db, 'eve@example.com');
    await eve.caller.auth.signOut();
    expect(await code((await callerWithToken(t.db, eve.token)).auth.me())).toBe('UNAUTHORIZED');
  });

  it('refuses a deactivated person', async () => {
    const fay = await person(t.db, 'fay@example.com');
    await systemCaller(t.db).admin.setRoles({
      email: 'fay@example.com',
      roles: [],
      areas: [],
      active: false,
    });
    expect(await code((await callerWithToken(t.db, fay.token)).auth.me())).toBe('UNAUTHORIZED');
  });

  it('an automation token authenticates only for its scope', async () => {
    await person(t.db, 'ci@example.com');
    const { token } = await systemCaller(t.db).admin.createToken({
      email: 'ci@example.com',
      scopes: ['gate:read'],
    });
    const gate = await callerWithToken(t.db, token);
    expect(await code(gate.auth.me())).toBe('FORBIDDEN');
    expect(await code(gate.admin.listPeople())).toBe('FORBIDDEN');
    expect(await code((await callerWithToken(t.db, `${token}x`)).auth.me())).toBe('UNAUTHORIZED');
  });

  it('a revoked automation token no longer authenticates', async () => {
    await person(t.db, 'ci2@example.com');
    const sys = systemCaller(t.db);
    const { id, token } = await sys.admin.createToken({ email: 'ci2@example.com', scopes: ['gate:read'] });
    await sys.admin.revokeToken({ id });
    const { resolvePrincipal } = await import('@signoff/api');
    expect(await resolvePrincipal(t.db, `Bearer ${token}`, new Date())).toBeNull();
  });

  it('stores neither raw passwords nor raw tokens', async () => {
    const gil = await person(t.db, 'gil@example.com');
    const { token } = await systemCaller(t.db).admin.createToken({
      email: 'gil@example.com',
      scopes: ['gate:read'],
    });
    const dump = await t.pool.query(
      `SELECT string_agg(x::text, ' ') AS all FROM (
         SELECT row_to_json(p) AS x FROM people p UNION ALL SELECT row_to_json(s) FROM sessions s
         UNION ALL SELECT row_to_json(a) FROM api_tokens a UNION ALL SELECT row_to_json(e) FROM audit_events e) q`,
    );
    const all: string = dump.rows[0].all;
    expect(all).not.toContain(gil.password);
    expect(all).not.toContain(gil.token);
    expect(all).not.toContain(token);
    expect(all).toContain('$argon2id$');
  });
});

describe('role guards', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('only admins reach admin procedures', async () => {
    const plain = await person(t.db, 'plain@example.com');
    const admin = await person(t.db, 'boss@example.com', { roles: ['admin'] });
    expect(await code(plain.caller.admin.listPeople())).toBe('FORBIDDEN');
    expect(await code(anonymousCaller(t.db).admin.listPeople())).toBe('UNAUTHORIZED');
    expect(await code(admin.caller.admin.listPeople())).toBe('OK');
  });

  it('bad input names the field and changes nothing', async () => {
    const sys = systemCaller(t.db);
    const before = (await sys.admin.listPeople()).length;
    const err = await sys.admin
      .createUser({ email: 'not-an-email', displayName: 'X', password: 'long-enough-pw' })
      .catch((e) => e);
    expect(err.code).toBe('BAD_REQUEST');
    const { describeError } = await import('@signoff/api');
    expect(describeError(err)).toMatch(/^email: /);
    const short = await sys.admin
      .createUser({ email: 'ok@example.com', displayName: 'X', password: 'short' })
      .catch((e) => e);
    expect(describeError(short)).toMatch(/password: at least 10 characters/);
    expect((await sys.admin.listPeople()).length).toBe(before);
  });

  it('a duplicate email is a conflict, and admin changes are audited', async () => {
    const sys = systemCaller(t.db);
    await sys.admin.createUser({ email: 'dup@example.com', displayName: 'D', password: 'long-enough-pw' });
    expect(
      await code(
        sys.admin.createUser({ email: 'DUP@example.com', displayName: 'D', password: 'long-enough-pw' }),
      ),
    ).toBe('CONFLICT');
    const events = await t.pool.query(
      `SELECT action FROM audit_events WHERE subject LIKE 'person:%' AND action = 'person.created'`,
    );
    expect(events.rowCount).toBeGreaterThan(0);
  });
});

describe('deactivation holds (issue 12)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('ends every session and token at once; no other edit re-activates; re-activating brings none back', async () => {
    const sys = systemCaller(t.db);
    const hal = await person(t.db, 'hal@example.com', { areas: ['data'] });
    const { token: gate } = await sys.admin.createToken({ email: hal.email, scopes: ['gate:read'] });
    const { resolvePrincipal } = await import('@signoff/api');
    await sys.admin.setRoles({ email: hal.email, roles: [], areas: ['data'], active: false });
    const rows = await t.pool.query(
      `SELECT (SELECT count(*) FROM sessions WHERE person_id = $1 AND revoked_at IS NULL) AS s,
              (SELECT count(*) FROM api_tokens WHERE person_id = $1 AND revoked_at IS NULL) AS t`,
      [hal.id],
    );
    expect([Number(rows.rows[0].s), Number(rows.rows[0].t)]).toEqual([0, 0]);
    // Editing areas (active left out) keeps them deactivated.
    const edited = await sys.admin.setRoles({ email: hal.email, roles: [], areas: ['security'] });
    expect(edited.active).toBe(false);
    expect(await code((await callerWithToken(t.db, hal.token)).auth.me())).toBe('UNAUTHORIZED');
    // Re-activated: the old session and token stay dead; signing in works again.
    expect((await sys.admin.setRoles({ email: hal.email, roles: [], areas: [], active: true })).active).toBe(
      true,
    );
    expect(await code((await callerWithToken(t.db, hal.token)).auth.me())).toBe('UNAUTHORIZED');
    expect(await resolvePrincipal(t.db, `Bearer ${gate}`, new Date())).toBeNull();
    expect(await code(anonymousCaller(t.db).auth.signIn({ email: hal.email, password: hal.password }))).toBe(
      'OK',
    );
    // An edit of an active person without `active` leaves them active.
    expect((await sys.admin.setRoles({ email: hal.email, roles: ['steward'], areas: [] })).active).toBe(true);
  });
});

describe('passwords (issue 12)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('a change needs the current password and ends the other sessions, not this one', async () => {
    const ivy = await person(t.db, 'ivy@example.com');
    const other = await anonymousCaller(t.db).auth.signIn({ email: ivy.email, password: ivy.password });
    const wrong = await ivy.caller.auth
      .changePassword({ currentPassword: 'not-it-at-all', newPassword: 'a new long passphrase' })
      .catch((e) => e);
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.message).toMatch(/^currentPassword: /);
    const done = await ivy.caller.auth.changePassword({
      currentPassword: ivy.password,
      newPassword: 'a new long passphrase',
    });
    expect(done).toEqual({ ok: true, otherSessionsEnded: 1 });
    expect(await code(ivy.caller.auth.me())).toBe('OK');
    expect(await code((await callerWithToken(t.db, other.token)).auth.me())).toBe('UNAUTHORIZED');
    const anon = anonymousCaller(t.db);
    expect(await code(anon.auth.signIn({ email: ivy.email, password: ivy.password }))).toBe('UNAUTHORIZED');
    expect(await code(anon.auth.signIn({ email: ivy.email, password: 'a new long passphrase' }))).toBe('OK');
  });

  it('an admin reset issues a one-time password that must be changed before anything else', async () => {
    const jon = await person(t.db, 'jon@example.com');
    const { oneTimePassword } = await systemCaller(t.db).admin.resetPassword({ email: jon.email });
    expect(await code((await callerWithToken(t.db, jon.token)).auth.me())).toBe('UNAUTHORIZED'); // ended
    const signedIn = await anonymousCaller(t.db).auth.signIn({ email: jon.email, password: oneTimePassword });
    expect(signedIn.mustChangePassword).toBe(true);
    const caller = await callerWithToken(t.db, signedIn.token);
    const refused = await caller.review.list({}).catch((e) => e);
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/one-time password/);
    expect(await code(caller.auth.me())).toBe('OK');
    await caller.auth.changePassword({ currentPassword: oneTimePassword, newPassword: 'jon chose this one' });
    expect(await code((await callerWithToken(t.db, signedIn.token)).review.list({}))).toBe('OK');
    const again = await anonymousCaller(t.db).auth.signIn({
      email: jon.email,
      password: 'jon chose this one',
    });
    expect(again.mustChangePassword).toBe(false);
  });

  it('refuses short, blank, repeated, common and own-email passwords, naming the field; accepts a passphrase', async () => {
    const sys = systemCaller(t.db);
    const { describeError } = await import('@signoff/api');
    const tryPassword = (password: string) =>
      sys.admin
        .createUser({ email: 'kim@example.com', displayName: 'Kim', password })
        .then(() => 'OK')
        .catch((e) => describeError(e));
    expect(await tryPassword('short pw')).toMatch(/^password: at least 10 characters/);
    expect(await tryPassword('          ')).toMatch(/^password: must not be only spaces/);
    expect(await tryPassword('zzzzzzzzzzzz')).toMatch(/^password: must not be one character repeated/);
    expect(await tryPassword('password1234')).toMatch(/^password: is a commonly used password/);
    expect(await tryPassword('Qwertyuiop')).toMatch(/^password: is a commonly used password/);
    expect(await tryPassword('kim@example.com')).toMatch(/^password: must not be your email/);
    expect(await tryPassword('correct horse battery staple')).toBe('OK');
  });
});
