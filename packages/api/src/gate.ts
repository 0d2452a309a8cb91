import { type Actor, type CanShipResult, type Channel, evaluateCanShip } from '@signoff/core';
import { type Db, loadReviewFacts, parseReviewRef, reviewIdsByExternalRef } from '@signoff/db';
import type { Principal } from './context.ts';
import { actorOf, loadVisibleReview } from './review-access.ts';

export interface GateItem {
  review: string | number;
  channel: Channel;
}

export type GateAnswer =
  | CanShipResult
  | { review: string | number; channel: Channel; error: { code: 'NOT_FOUND'; message: string } };

/**
 * The release gate's question for many reviews at once: one query loads every review's facts.
 * A gate token may ask about any review (it learns only can-ship); a person only about reviews they may see.
 */
export async function checkCanShip(
  db: Db,
  principal: Principal,
  items: readonly GateItem[],
  now: Date,
): Promise<GateAnswer[]> {
  const ids = items.map((i) => parseReviewRef(i.review));
  const facts = await loadReviewFacts(db, [...new Set(ids.filter((id): id is number => id !== null))]);
  const actor: Actor | null = actorOf(principal);
  const answers: GateAnswer[] = [];
  for (const [i, item] of items.entries()) {
    const id = ids[i];
    const f = id == null ? undefined : facts.get(id);
    const visible = f && (principal.kind === 'token' || (await canSee(db, id!, actor)));
    answers.push(
      visible && f
        ? evaluateCanShip(f, item.channel, now)
        : {
            review: item.review,
            channel: item.channel,
            error: { code: 'NOT_FOUND', message: 'Review not found.' },
          },
    );
  }
  return answers;
}

const canSee = (db: Db, id: number, actor: Actor | null) =>
  loadVisibleReview(db, id, actor).then(
    () => true,
    () => false,
  );

/** Reviews that name a bug number (external reference), visible to the caller. */
export async function lookupByBug(
  db: Db,
  principal: Principal,
  bug: string,
): Promise<{ reviewId: number; key: string }[]> {
  const ids = await reviewIdsByExternalRef(db, 'bug', bug);
  const actor = actorOf(principal);
  const out: { reviewId: number; key: string }[] = [];
  for (const id of ids)
    if (principal.kind === 'token' || (await canSee(db, id, actor)))
      out.push({ reviewId: id, key: `DR-${id}` });
  return out;
}
