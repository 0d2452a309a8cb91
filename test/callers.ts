import { createCaller, createContextInner, type Principal, resolvePrincipal } from '@signoff/api';
import type { Db } from '@signoff/db';

export const systemCaller = (db: Db) =>
  createCaller(createContextInner({ db, principal: { kind: 'system', label: 'test' } }));

export const anonymousCaller = (db: Db, now?: () => Date) => createCaller(createContextInner({ db, now }));

/** A caller acting with a bearer token, resolved exactly as the HTTP transport does. */
export async function callerWithToken(db: Db, token: string, now: () => Date = () => new Date()) {
  const principal: Principal | null = await resolvePrincipal(db, `Bearer ${token}`, now());
  return createCaller(createContextInner({ db, principal, now }));
}

/** Creates a person through the admin procedures and signs them in. */
export async function person(
  db: Db,
  email: string,
  opts: { roles?: ('admin' | 'steward' | 'cpo' | 'ceo')[]; areas?: string[] } = {},
) {
  const password = `pw-${email}-long-enough`;
  const created = await systemCaller(db).admin.createUser({
    email,
    displayName: email.split('@')[0] ?? email,
    password,
    roles: opts.roles ?? [],
    areas: (opts.areas ?? []) as never,
  });
  const { token } = await anonymousCaller(db).auth.signIn({ email, password });
  return { ...created, password, token, caller: await callerWithToken(db, token) };
}
