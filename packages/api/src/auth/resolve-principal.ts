import {
  type Db,
  facilitatorAreas,
  findApiTokenByHash,
  findPersonById,
  findSessionByHash,
} from '@signoff/db';
import type { Principal, Scope } from '../context.ts';
import { tokenHash, tokenKind } from './secrets.ts';

/** Turns an `Authorization: Bearer` token into a principal, or null when it is unknown, expired or revoked. */
export async function resolvePrincipal(
  db: Db,
  authorization: string | undefined,
  now: Date,
): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const token = match?.[1];
  if (!token) return null;
  const kind = tokenKind(token);
  const hash = tokenHash(token);
  if (kind === 'session') {
    const session = await findSessionByHash(db, hash);
    if (!session || session.revoked_at || session.expires_at.getTime() <= now.getTime()) return null;
    const person = await findPersonById(db, session.person_id);
    if (!person?.active) return null;
    return {
      kind: 'person',
      id: person.id,
      email: person.email,
      displayName: person.display_name,
      isAdmin: person.is_admin,
      isSteward: person.is_steward,
      executiveRole: person.executive_role,
      facilitatorAreas: await facilitatorAreas(db, person.id),
      sessionId: session.id,
    };
  }
  if (kind === 'automation') {
    const row = await findApiTokenByHash(db, hash);
    if (!row || row.revoked_at) return null;
    const owner = await findPersonById(db, row.person_id);
    if (!owner?.active) return null;
    return { kind: 'token', tokenId: row.id, personId: row.person_id, scopes: row.scopes as Scope[] };
  }
  return null;
}
