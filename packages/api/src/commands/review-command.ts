import { type Actor, DomainError, type ReviewRef } from '@signoff/core';
import type { Db, ReviewRow } from '@signoff/db';
import type { Context, PersonPrincipal } from '../context.ts';
import { loadVisibleReview, lockVisibleReview, reviewRef } from '../review-access.ts';
import { type Audit, write } from '../write.ts';

/** What a signed-in person's procedure sees: the principal and the rules' view of them (trpc.ts builds it). */
export type PersonContext = Context & { principal: PersonPrincipal; actor: Actor };

/** What every review command is handed: its transaction, the audit, the actor and the locked, visible review. */
export interface ReviewCommandScope {
  ctx: PersonContext;
  trx: Db;
  audit: Audit;
  actor: Actor;
  /** Locked for the rest of the transaction: commands on one review run one after another. */
  review: ReviewRow;
  /** The review as the rules see it (status and accountable people). */
  ref: ReviewRef;
}

export interface ReviewCommandInput {
  review: string | number;
  idempotencyKey?: string | undefined;
}

/**
 * The one pipeline of every write to a review (STYLE habit 12): one transaction with its audit events
 * (write.ts, idempotent with a key), the review locked and loaded, access checked once (a review the actor may
 * not see does not exist), then the use case. `procedure` names the command for idempotency keys.
 */
export function reviewCommand<I extends ReviewCommandInput, O>(
  procedure: string | ((input: I) => string),
  run: (scope: ReviewCommandScope, input: I) => Promise<O>,
): (opts: { ctx: PersonContext; input: I }) => Promise<O> {
  return ({ ctx, input }) =>
    write(
      ctx,
      async (trx, audit) => {
        const review = await lockVisibleReview(trx, input.review, ctx.actor);
        return run({ ctx, trx, audit, actor: ctx.actor, review, ref: reviewRef(review) }, input);
      },
      {
        key: input.idempotencyKey,
        procedure: typeof procedure === 'string' ? procedure : procedure(input),
      },
    );
}

/**
 * A review command on one record of the review (an escalation, a renewal): the review is locked first (as every
 * command on it), then that record, found by `input[part.field]`; a record of another review does not exist.
 */
export function reviewPartCommand<I extends ReviewCommandInput, R, O>(
  procedure: string,
  part: {
    field: keyof I & string;
    /** What the record is called in words ("escalation", "renewal"). */
    noun: string;
    lock: (trx: Db, reviewId: number, id: number) => Promise<R | undefined>;
  },
  run: (scope: ReviewCommandScope, record: R, input: I) => Promise<O>,
): (opts: { ctx: PersonContext; input: I }) => Promise<O> {
  return reviewCommand(procedure, async (scope, input: I) => {
    const id = input[part.field] as number;
    const record = await part.lock(scope.trx, scope.review.id, id);
    if (!record)
      throw new DomainError('NOT_FOUND', `${scope.review.key} has no ${part.noun} ${id}`, {
        field: part.field,
      });
    return run(scope, record, input);
  });
}

/** A read of one review the actor may see (to anyone else a private review does not exist). */
export const visibleReview = (ctx: PersonContext, ref: string | number) =>
  loadVisibleReview(ctx.db, ref, ctx.actor);
