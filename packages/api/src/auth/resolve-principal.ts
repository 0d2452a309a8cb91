import type { Area } from '@signoff/core';
import { type Db, findLiveApiToken, findSessionPerson } from '@signoff/db';
import type { Principal, Scope } from '../context.ts';
import { tokenHash, tokenKind } from './secrets.ts';

/**
 * Turns an `Authorization: Bearer` token into a principal, or null when it is unknown, expired, revoked
 * or its person is deactivated. One query either way: this runs on every request, the gate's included.
 */
export async function resolvePrincipal(
  db: Db,
  authorization: string | undefined,
  now: Date,
): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const token = match?.[1];
  if (!token) return null;
  const kind = tokenKind(token);
  if (kind === 'session') {
    const p = await findSessionPerson(db, tokenHash(token), now);
    if (!p) return null;
    return {
      kind: 'person',
      id: p.id,
      email: p.email,
      displayName: p.display_name,
      isAdmin: p.is_admin,
      isSteward: p.is_steward,
      executiveRole: p.executive_role,
      facilitatorAreas: p.areas as Area[],
      sessionId: p.session_id,
    };
  }
  if (kind === 'automation') {
    const t = await findLiveApiToken(db, tokenHash(token));
    return t ? { kind: 'token', tokenId: t.id, personId: t.person_id, scopes: t.scopes as Scope[] } : null;
  }
  return null;
}
