import { type Actor, assertCanSeeReview, canSeeReview, DomainError, type ReviewRef } from '@signoff/core';
import {
  type Db,
  findPersonById,
  findReview,
  lockReview,
  parseReviewRef,
  participantIds,
  productOwnerId,
  type ReviewRow,
} from '@signoff/db';
import type { PersonPrincipal, Principal, SystemPrincipal } from './context.ts';

/** The rules' view of a signed-in person or of the admin command line. */
export function signedInActor(p: PersonPrincipal | SystemPrincipal): Actor {
  if (p.kind === 'person')
    return {
      personId: p.id,
      isAdmin: p.isAdmin,
      isSteward: p.isSteward,
      facilitatorAreas: p.facilitatorAreas,
      executiveRole: p.executiveRole,
    };
  return { personId: 0, isAdmin: true, isSteward: false, facilitatorAreas: [], executiveRole: null };
}

/** The rules' view of who is acting. Automation tokens and anonymous callers are outsiders (null). */
export function actorOf(p: Principal | null): Actor | null {
  return !p || p.kind === 'token' ? null : signedInActor(p);
}

/** The actor of a signed-in person (mutations need one). */
export function requireActor(p: Principal | null): Actor {
  const actor = actorOf(p);
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'sign in first');
  return actor;
}

export const reviewRef = (row: ReviewRow): ReviewRef => ({
  status: row.status,
  proposerId: row.proposer_id,
  engineeringOwnerId: row.engineering_owner_id,
  requesterId: row.requester_id,
});

async function visible(db: Db, row: ReviewRow | undefined, actor: Actor | null): Promise<ReviewRow> {
  if (!row) throw new DomainError('NOT_FOUND', 'Review not found.');
  const facts = {
    visibility: row.visibility,
    status: row.status,
    category: row.category as 1 | 2 | 3 | 4 | null,
    participantIds: [] as number[],
    decisionMakerIds: [] as number[],
  };
  // Public reviews need no further look-ups.
  if (canSeeReview(actor, facts)) return row;
  facts.participantIds = await participantIds(db, row);
  facts.decisionMakerIds = [await productOwnerId(db, row.product_id)];
  assertCanSeeReview(actor, facts);
  return row;
}

const idOf = (ref: string | number): number => {
  const id = parseReviewRef(ref);
  if (id === null) throw new DomainError('NOT_FOUND', 'Review not found.');
  return id;
};

/** A review the actor may see; to anyone else a private review does not exist (NOT_FOUND). */
export async function loadVisibleReview(
  db: Db,
  ref: string | number,
  actor: Actor | null,
): Promise<ReviewRow> {
  return visible(db, await findReview(db, idOf(ref)), actor);
}

/** Same, with the review's row locked for the rest of the transaction (mutations are serialised per review). */
export async function lockVisibleReview(
  trx: Db,
  ref: string | number,
  actor: Actor | null,
): Promise<ReviewRow> {
  return visible(trx, await lockReview(trx, idOf(ref)), actor);
}

/** A new review's product must exist and its accountable people be active (fields named on refusal). */
export async function checkNewReviewParties(
  trx: Db,
  input: { productId: number; requesterId?: number | undefined; engineeringOwnerId: number | null },
) {
  const product = await trx
    .selectFrom('products')
    .selectAll()
    .where('id', '=', input.productId)
    .executeTakeFirst();
  if (!product)
    throw new DomainError('VALIDATION', `productId: no product ${input.productId}`, { field: 'productId' });
  for (const [field, id] of [
    ['requesterId', input.requesterId],
    ['engineeringOwnerId', input.engineeringOwnerId],
  ] as const) {
    if (id != null && !(await findPersonById(trx, id))?.active)
      throw new DomainError('VALIDATION', `${field}: no active person ${id}`, { field });
  }
  return product;
}
