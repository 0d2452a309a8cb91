import { type Actor, type CanShipResult, type Channel, evaluateCanShip } from '@signoff/core';
import {
  type ChangeFeedCache,
  type Db,
  loadReviewFacts,
  parseReviewRef,
  reviewIdsByExternalRef,
} from '@signoff/db';
import type { ContextInner, Principal } from './context.ts';
import { actorOf } from './review-access.ts';
import { visibleTo } from './visible-to.ts';

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
  cache?: ChangeFeedCache<Principal>,
): Promise<GateAnswer[]> {
  const ids = items.map((i) => parseReviewRef(i.review));
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const facts = cache ? await cache.reviewFacts(db, wanted) : await loadReviewFacts(db, wanted);
  const visible =
    principal.kind === 'token' ? null : await visibleIds(db, [...facts.keys()], actorOf(principal));
  const answers: GateAnswer[] = [];
  for (const [i, item] of items.entries()) {
    const id = ids[i];
    const f = id == null ? undefined : facts.get(id);
    const seen = f && (visible === null || visible.has(f.reviewId));
    answers.push(
      seen && f
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

/** The gate's answers for a request, counted by the transport's observer (metrics) when there is one. */
export async function answerGate(
  ctx: ContextInner,
  principal: Principal,
  items: readonly GateItem[],
): Promise<GateAnswer[]> {
  const answers = await checkCanShip(ctx.db, principal, items, ctx.now(), ctx.cache);
  ctx.observer?.gateAnswers(answers);
  return answers;
}

/** Which of `ids` the actor may see, in one query (the same rule as a single read). */
async function visibleIds(db: Db, ids: number[], actor: Actor | null): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('reviews as r')
    .select('r.id')
    .where('r.id', 'in', ids)
    .where(visibleTo(actor))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Reviews that name a bug number (external reference), visible to the caller. */
export async function lookupByBug(
  db: Db,
  principal: Principal,
  bug: string,
): Promise<{ reviewId: number; key: string }[]> {
  const ids = await reviewIdsByExternalRef(db, 'bug', bug);
  const visible = principal.kind === 'token' ? new Set(ids) : await visibleIds(db, ids, actorOf(principal));
  return ids.filter((id) => visible.has(id)).map((id) => ({ reviewId: id, key: `DR-${id}` }));
}
