import type { Actor } from '@signoff/core';
import { type Expression, type SqlBool, sql } from 'kysely';

/** SPEC 10 in SQL, the same rule as core's canSeeReview: lists never show what a read would refuse. */
export function visibleTo(actor: Actor | null): Expression<SqlBool> {
  if (actor && (actor.isAdmin || actor.isSteward || actor.executiveRole !== null)) return sql<SqlBool>`true`;
  if (!actor) return sql<SqlBool>`(r.visibility = 'public' OR r.status = 'shipped')`;
  const me = actor.personId;
  const facilitates = actor.facilitatorAreas.length > 0;
  return sql<SqlBool>`(r.visibility = 'public' OR r.status = 'shipped'
    OR r.proposer_id = ${me} OR r.requester_id = ${me} OR r.engineering_owner_id = ${me}
    OR EXISTS (SELECT 1 FROM products p WHERE p.id = r.product_id AND p.owner_id = ${me})
    OR EXISTS (SELECT 1 FROM area_reviewers ar WHERE ar.review_id = r.id AND ar.person_id = ${me})
    OR EXISTS (SELECT 1 FROM steward_reviews sr WHERE sr.review_id = r.id AND sr.steward_id = ${me})
    OR ${
      facilitates
        ? // Every review with a sign-off is category 3/4 for good (sign-offs exist only in the sensitive
          // review, after the steward's last word), so a facilitator's own sign-offs add nothing here.
          sql<SqlBool>`r.category >= 3`
        : sql<SqlBool>`EXISTS (SELECT 1 FROM sign_offs so WHERE so.review_id = r.id AND so.facilitator_id = ${me})`
    })`;
}
