import { type ChangeFeedCache, type Db, findLiveApiToken, findSessionPerson } from '@signoff/db';
import type { Principal, Scope } from '../context.ts';
import { tokenHash, tokenKind } from './secrets.ts';

/**
 * Turns an `Authorization: Bearer` token into a principal, or null when it is unknown, expired, revoked
 * or its person is deactivated. One query on a miss; with the server's change-notified cache, none on a hit.
 */
export async function resolvePrincipal(
  db: Db,
  authorization: string | undefined,
  now: Date,
  cache?: ChangeFeedCache<Principal>,
): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const token = match?.[1];
  if (!token) return null;
  if (!cache) return (await load(db, token, now)).value;
  return cache.principal(tokenHash(token).toString('base64'), () => load(db, token, now), now);
}

async function load(
  db: Db,
  token: string,
  now: Date,
): Promise<{ value: Principal | null; expiresAt?: Date }> {
  const kind = tokenKind(token);
  if (kind === 'session') {
    const p = await findSessionPerson(db, tokenHash(token), now);
    if (!p) return { value: null };
    const value: Principal = {
      kind: 'person',
      id: p.id,
      email: p.email,
      displayName: p.display_name,
      isAdmin: p.is_admin,
      isSteward: p.is_steward,
      executiveRole: p.executive_role,
      facilitatorAreas: p.areas,
      sessionId: p.session_id,
      ...(p.must_change_password ? { mustChangePassword: true } : {}),
    };
    return { value, expiresAt: p.expires_at };
  }
  if (kind === 'automation') {
    const t = await findLiveApiToken(db, tokenHash(token));
    return {
      value: t ? { kind: 'token', tokenId: t.id, personId: t.person_id, scopes: t.scopes as Scope[] } : null,
    };
  }
  return { value: null };
}
