import {
  type Area,
  areaSchema,
  assertMayAddReviewer,
  assertMayComment,
  assertMayRecordSignOff,
  DomainError,
  planReconfirmation,
  type SignOffFact,
  signOffInputSchema,
} from '@signoff/core';
import {
  addReviewer,
  findPersonByEmail,
  findReview,
  insertComment,
  insertSignOff,
  listSignOffs,
} from '@signoff/db';
import { z } from 'zod';
import { notify, proposersOf } from '../notify.ts';
import { lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema, signOffViewSchema } from '../review-schemas.ts';
import { emailSchema } from '../schemas.ts';
import { personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const toFacts = (rows: Awaited<ReturnType<typeof listSignOffs>>): SignOffFact[] =>
  rows.map((s) => ({
    area: s.area as Area,
    revision: s.revision,
    risk: s.risk as SignOffFact['risk'],
    decision: s.decision as SignOffFact['decision'],
    trustApproval: s.trust_approval,
  }));

const toView = (s: Awaited<ReturnType<typeof insertSignOff>>, name: string) => ({
  id: s.id,
  area: s.area as Area,
  revision: s.revision,
  facilitatorId: s.facilitator_id,
  facilitatorName: name,
  risk: s.risk as SignOffFact['risk'],
  decision: s.decision as SignOffFact['decision'],
  rationale: s.rationale,
  precedentReviewId: s.precedent_review_id,
  trustApproval: s.trust_approval,
  createdAt: s.created_at.toISOString(),
});

export const signOffRouter = router({
  /** A facilitator records the area's decision on the current revision (SPEC 5). */
  record: personProcedure
    .input(
      signOffInputSchema.extend({
        review: reviewRefSchema,
        area: areaSchema,
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(signOffViewSchema)
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          const signOffs = toFacts(await listSignOffs(trx, row.id));
          assertMayRecordSignOff({
            actor,
            area: input.area,
            review: reviewRef(row),
            signOffs,
            currentRevision: row.current_revision,
            input,
          });
          if (input.precedentReviewId !== null && !(await findReview(trx, input.precedentReviewId)))
            throw new DomainError('VALIDATION', `precedentReviewId: no review ${input.precedentReviewId}`, {
              field: 'precedentReviewId',
            });
          const s = await insertSignOff(trx, {
            reviewId: row.id,
            area: input.area,
            revision: row.current_revision,
            facilitatorId: actor.personId,
            risk: input.risk,
            decision: input.decision,
            rationale: input.rationale,
            precedentReviewId: input.precedentReviewId,
            trustApproval: input.trustApproval,
            reconfirmsId: null,
            at: ctx.now(),
          });
          const view = toView(s, ctx.principal.displayName);
          await notify(trx, ctx, row, proposersOf(row), {
            kind: 'area_decision',
            area: input.area,
            decision: input.decision,
          });
          await audit({
            action: 'sign_off.recorded',
            reviewId: row.id,
            subject: `${row.key}:${input.area}`,
            after: view,
          });
          return view;
        },
        { key: input.idempotencyKey, procedure: 'signOff.record' },
      );
    }),

  /** One action: carry a stale sign-off to the current revision unchanged. */
  reconfirm: personProcedure
    .input(z.object({ review: reviewRefSchema, area: areaSchema, idempotencyKey: idempotencyKeySchema }))
    .output(signOffViewSchema)
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          const rows = await listSignOffs(trx, row.id);
          const plan = planReconfirmation({
            actor,
            area: input.area,
            review: reviewRef(row),
            signOffs: toFacts(rows),
            currentRevision: row.current_revision,
          });
          const previous = rows.filter((s) => s.area === input.area).at(-1)!;
          const s = await insertSignOff(trx, {
            reviewId: row.id,
            area: input.area,
            revision: plan.revision,
            facilitatorId: actor.personId,
            risk: plan.risk,
            decision: plan.decision,
            rationale: previous.rationale,
            precedentReviewId: previous.precedent_review_id,
            trustApproval: plan.trustApproval,
            reconfirmsId: previous.id,
            at: ctx.now(),
          });
          const view = toView(s, ctx.principal.displayName);
          await audit({
            action: 'sign_off.reconfirmed',
            reviewId: row.id,
            subject: `${row.key}:${input.area}`,
            before: { revision: plan.reconfirmsRevision },
            after: view,
          });
          return view;
        },
        { key: input.idempotencyKey, procedure: 'signOff.reconfirm' },
      );
    }),

  addReviewer: personProcedure
    .input(z.object({ review: reviewRefSchema, area: areaSchema, email: emailSchema }))
    .output(z.object({ area: areaSchema, personId: z.number(), added: z.boolean() }))
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(ctx, async (trx, audit) => {
        const row = await lockVisibleReview(trx, input.review, actor);
        const person = await findPersonByEmail(trx, input.email);
        if (!person?.active)
          throw new DomainError('VALIDATION', `email: no active person ${input.email}`, { field: 'email' });
        assertMayAddReviewer({ actor, area: input.area, review: reviewRef(row), reviewerId: person.id });
        const added = await addReviewer(trx, {
          reviewId: row.id,
          area: input.area,
          personId: person.id,
          addedBy: actor.personId,
        });
        if (added)
          await audit({
            action: 'reviewer.added',
            reviewId: row.id,
            subject: `${row.key}:${input.area}`,
            after: { personId: person.id },
          });
        return { area: input.area, personId: person.id, added: added !== undefined };
      });
    }),

  comment: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        area: areaSchema,
        body: z.string().trim().min(1).max(20_000),
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(z.object({ id: z.number(), area: areaSchema, body: z.string(), createdAt: z.string() }))
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const row = await lockVisibleReview(trx, input.review, actor);
          const mine = await trx
            .selectFrom('area_reviewers')
            .select('area')
            .where('review_id', '=', row.id)
            .where('person_id', '=', actor.personId)
            .execute();
          assertMayComment({
            actor,
            area: input.area,
            review: reviewRef(row),
            actorReviewerAreas: mine.map((m) => m.area as Area),
          });
          const c = await insertComment(trx, {
            reviewId: row.id,
            area: input.area,
            authorId: actor.personId,
            body: input.body,
            at: ctx.now(),
          });
          await audit({
            action: 'comment.added',
            reviewId: row.id,
            subject: `${row.key}:${input.area}`,
            after: { id: c.id, body: c.body },
          });
          return { id: c.id, area: input.area, body: c.body, createdAt: c.created_at.toISOString() };
        },
        { key: input.idempotencyKey, procedure: 'signOff.comment' },
      );
    }),
});
