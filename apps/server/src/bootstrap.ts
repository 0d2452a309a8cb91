import { createCaller, createContextInner, randomPassword } from '@signoff/api';
import { countAdmins, type Db } from '@signoff/db';

export const systemCaller = (db: Db, label: string) =>
  createCaller(createContextInner({ db, principal: { kind: 'system', label } }));

/**
 * First start on an empty database: create an admin. With ADMIN_EMAIL/ADMIN_PASSWORD unset,
 * a one-time password is generated and returned so the caller prints it once.
 */
export async function ensureFirstAdmin(
  db: Db,
  admin: { email?: string | undefined; password?: string | undefined },
): Promise<{ email: string; password: string | null } | null> {
  if ((await countAdmins(db)) > 0) return null;
  const email = admin.email ?? 'admin@signoff.local';
  const password = admin.password ?? randomPassword();
  await systemCaller(db, 'first-start').admin.createUser({
    email,
    displayName: 'Administrator',
    password,
    roles: ['admin'],
    // A generated password is one-time: changed at first sign-in.
    oneTime: admin.password === undefined,
  });
  return { email, password: admin.password ? null : password };
}
