import { evaluateCanShip, nextStatusAfterShip } from '@signoff/core';
import { loadReviewFacts } from '@signoff/db';
import { moveReview } from './move-review.ts';

/** The proposer marks the collection as begun; only when the gate allows every requested channel. */
export const markShipped = moveReview(
  'review.shipped',
  async ({ ctx, trx, actor, review, ref }) => {
    const facts = (await loadReviewFacts(trx, [review.id])).get(review.id)!;
    const results = facts.channels.map((c) => evaluateCanShip(facts, c.channel, ctx.now()));
    const blockers = results.flatMap((r) => r.blockers);
    return nextStatusAfterShip({
      actor,
      review: ref,
      gate: { canShip: results.length > 0 && blockers.length === 0, blockers },
    });
  },
  ({ ctx }) => ({ shipped_at: ctx.now() }),
);
