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

/** The roles of the people `peopleByName` seeds, by their short name. */
const ROLES_BY_NAME: Record<
  'proposer' | 'steward' | 'privacy' | 'data' | 'legal' | 'security' | 'admin' | 'owner',
  NonNullable<Parameters<typeof person>[2]>
> = {
  proposer: {},
  steward: { roles: ['steward'] },
  privacy: { areas: ['privacy_technical'] },
  data: { areas: ['data'] },
  legal: { areas: ['legal_trust'] },
  security: { areas: ['security'] },
  admin: { roles: ['admin'] },
  owner: {},
};

/**
 * People a test file knows by a short name: `seed(db, 'proposer', 'steward')` creates `proposer@example.com` and
 * `steward@example.com` (a data steward) in that order, `people.x = await person(...)` adds anyone else, and
 * `who(name)` fails plainly on a name never seeded.
 */
export function peopleByName() {
  const people: Record<string, Awaited<ReturnType<typeof person>>> = {};
  const who = (key: string) => {
    const p = people[key];
    if (!p) throw new Error(`no person ${key}`);
    return p;
  };
  const seed = async (db: Db, ...names: (keyof typeof ROLES_BY_NAME)[]) => {
    for (const name of names) people[name] = await person(db, `${name}@example.com`, ROLES_BY_NAME[name]);
  };
  return { people, who, seed };
}
