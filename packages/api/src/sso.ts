import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  DomainError,
  grantsFromClaims,
  grantsHeld,
  holdingOf,
  reconcileSsoGrants,
  type SsoGrant,
  type SsoRoleMap,
} from '@signoff/core';
import {
  addFacilitator,
  facilitatorAreas,
  findPersonByEmail,
  findPersonById,
  findSsoIdentity,
  insertPerson,
  insertSession,
  insertSsoHandoff,
  linkSsoIdentity,
  setSsoGrants,
  takeSsoHandoff,
  updatePersonRoles,
} from '@signoff/db';
import { newToken, tokenHash } from './auth/secrets.ts';
import type { Context } from './context.ts';
import { write } from './write.ts';

/** Who the identity provider says signed in: read from a verified ID token (or its userinfo). */
export interface SsoIdentity {
  issuer: string;
  subject: string;
  email: string;
  /** false only when the provider says so; many providers do not send `email_verified` at all. */
  emailVerified: boolean | undefined;
  displayName: string;
  claims: Readonly<Record<string, unknown>>;
}

export interface SsoRoleMapping {
  /** The claim whose values are mapped (e.g. `groups`). */
  claim: string;
  map: SsoRoleMap;
}

/** How long a client has to turn its handoff code into a session. */
const HANDOFF_TTL_MS = 2 * 60_000;

/** RFC 7636 S256: base64url(sha256(verifier)). */
export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/**
 * The provider vouched for `identity`: provisions the person on the first sign-in (email and name from the
 * ID token), links the identity, applies the claims-to-roles mapping (core's reconcileSsoGrants), and
 * writes a one-time code that only the client holding `clientChallenge`'s verifier can exchange for a
 * session. All of it one transaction with its audit events; no session exists until the exchange.
 */
export async function finishSsoSignIn(
  ctx: Context,
  identity: SsoIdentity,
  mapping: SsoRoleMapping,
  clientChallenge: string,
): Promise<{ code: string; personId: number }> {
  if (identity.emailVerified === false)
    throw new DomainError('FORBIDDEN', `the identity provider has not verified ${identity.email}`);
  return write(ctx, async (trx, audit) => {
    const linked = await findSsoIdentity(trx, identity.issuer, identity.subject);
    let person = linked
      ? await findPersonById(trx, linked.person_id)
      : await findPersonByEmail(trx, identity.email);
    if (!person) {
      person = await insertPerson(trx, {
        email: identity.email,
        displayName: identity.displayName,
        passwordHash: null,
      });
      await audit({
        action: 'person.created',
        subject: `person:${person.id}`,
        after: { email: person.email, displayName: person.display_name, by: 'single sign-on' },
      });
    }
    if (!person.active) throw new DomainError('FORBIDDEN', 'this account is deactivated');
    if (!linked) {
      await linkSsoIdentity(trx, identity.issuer, identity.subject, person.id);
      await audit({
        action: 'person.sso_linked',
        subject: `person:${person.id}`,
        after: { issuer: identity.issuer, subject: identity.subject },
      });
    } else await linkSsoIdentity(trx, identity.issuer, identity.subject, person.id);

    const areas = await facilitatorAreas(trx, person.id);
    const before = grantsHeld({ isAdmin: person.is_admin, isSteward: person.is_steward, areas });
    const r = reconcileSsoGrants({
      held: before,
      fromProvider: person.sso_grants as SsoGrant[],
      claimed: grantsFromClaims(identity.claims, mapping.claim, mapping.map),
    });
    if (r.added.length > 0 || r.removed.length > 0) {
      const next = holdingOf(r.held);
      await updatePersonRoles(trx, person.id, { isAdmin: next.isAdmin, isSteward: next.isSteward });
      for (const area of next.areas) if (!areas.includes(area)) await addFacilitator(trx, area, person.id);
      const dropped = areas.filter((a) => !next.areas.includes(a));
      if (dropped.length > 0)
        await trx
          .deleteFrom('area_facilitators')
          .where('person_id', '=', person.id)
          .where('area', 'in', dropped)
          .execute();
      await audit({
        action: 'person.roles_changed',
        subject: `person:${person.id}`,
        before: { grants: before },
        after: {
          grants: r.held,
          added: r.added,
          removed: r.removed,
          by: `single sign-on (${mapping.claim})`,
        },
      });
    }
    if (r.adminKept)
      // Never silently: the provider stopped granting admin; an admin decides whether to take it away.
      await audit({
        action: 'person.sso_admin_kept',
        subject: `person:${person.id}`,
        after: {
          message: `the identity provider no longer grants admin through ${mapping.claim}; kept until an admin changes it`,
        },
      });
    await setSsoGrants(trx, person.id, r.fromProvider);

    const code = randomBytes(32).toString('base64url');
    await insertSsoHandoff(trx, {
      codeHash: tokenHash(code),
      personId: person.id,
      clientChallenge,
      issuer: identity.issuer,
      ttlMs: HANDOFF_TTL_MS,
    });
    return { code, personId: person.id };
  });
}

const REFUSED = 'this sign-in code is unknown, expired or already used; sign in again';

/**
 * The client's half of the handoff: the code and the verifier of the challenge it started with. One use;
 * a wrong verifier spends the code too.
 */
export async function exchangeSsoCode(
  ctx: Context,
  code: string,
  verifier: string,
): Promise<{ token: string; expiresAt: Date }> {
  const now = ctx.now();
  const outcome = await write(ctx, async (trx, audit) => {
    const handoff = await takeSsoHandoff(trx, tokenHash(code), now);
    if (!handoff) return null;
    const expected = Buffer.from(handoff.client_challenge);
    const given = Buffer.from(s256(verifier));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const person = await findPersonById(trx, handoff.person_id);
    if (!person?.active) return null;
    const { token, hash } = newToken('session');
    const expiresAt = new Date(now.getTime() + ctx.settings.sessionTtlHours * 3_600_000);
    const session = await insertSession(trx, person.id, hash, expiresAt);
    await audit({
      action: 'person.signed_in',
      subject: `person:${person.id}`,
      after: { sessionId: session.id, method: 'single sign-on', issuer: handoff.issuer },
    });
    return { token, expiresAt };
  });
  // The spent code stays spent (committed), then the refusal is reported.
  if (!outcome) throw new DomainError('UNAUTHENTICATED', REFUSED);
  return outcome;
}
