import {
  type Actor,
  type Area,
  areaSchema,
  assertMayCommentOnEscalation,
  assertMayDecideEscalation,
  assertMayManageMeeting,
  assertMayOpenEscalation,
  assertMayRaise,
  assertMaySharePapers,
  assertMayWritePositionPaper,
  assertReadyForDecision,
  DomainError,
  ESCALATION_DECISIONS,
  ESCALATION_LEVELS,
  type EscalationLevel,
  type EscalationParties,
  type EscalationProcess,
  escalationDecisionSchema,
  isInvolved,
  nextEscalationLevel,
} from '@signoff/core';
import {
  currentPositionPapers,
  type Db,
  facilitatorAreas,
  findEscalationMeeting,
  findPersonById,
  insertEscalation,
  insertEscalationComment,
  insertEscalationMeeting,
  insertMitigation,
  insertPositionPaper,
  listEscalationComments,
  listEscalationMeetings,
  listEscalations,
  lockEscalation,
  productOwnerId,
  type ReviewRow,
  updateEscalation,
  updateEscalationMeeting,
} from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { notify, proposersOf } from '../notify.ts';
import { loadVisibleReview, lockVisibleReview, requireActor, reviewRef } from '../review-access.ts';
import { idempotencyKeySchema, reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';
import { type Audit, write } from '../write.ts';

type EscalationRow = Awaited<ReturnType<typeof insertEscalation>>;

const processOf = (e: EscalationRow): EscalationProcess => ({
  state: e.state as EscalationProcess['state'],
  level: e.level as EscalationLevel,
  areas: e.areas as Area[],
  openedBy: e.opened_by,
  facilitatorId: e.facilitator_id,
  papersShared: e.papers_shared_at !== null,
});

async function partiesOf(db: Db, review: ReviewRow, e: EscalationRow): Promise<EscalationParties> {
  const reviewers = await db
    .selectFrom('area_reviewers')
    .select('person_id')
    .where('review_id', '=', review.id)
    .where('area', 'in', e.areas)
    .execute();
  return {
    review: reviewRef(review),
    reviewerIds: reviewers.map((r) => r.person_id),
    productOwnerId: await productOwnerId(db, review.product_id),
  };
}

const escalationSummary = z.object({
  id: z.number(),
  areas: z.array(areaSchema),
  question: z.string(),
  level: z.enum(ESCALATION_LEVELS),
  state: z.enum(['open', 'decided']),
  papersShared: z.boolean(),
  decision: z.enum(ESCALATION_DECISIONS).nullable(),
  rationale: z.string().nullable(),
  openedBy: z.number(),
  facilitatorId: z.number(),
});
const summary = (e: EscalationRow): z.infer<typeof escalationSummary> => ({
  id: e.id,
  areas: e.areas as Area[],
  question: e.question,
  level: e.level as EscalationLevel,
  state: e.state as 'open',
  papersShared: e.papers_shared_at !== null,
  decision: e.decision as z.infer<typeof escalationSummary>['decision'],
  rationale: e.rationale,
  openedBy: e.opened_by,
  facilitatorId: e.facilitator_id,
});

const target = z.object({
  review: reviewRefSchema,
  escalationId: z.number().int().positive(),
  idempotencyKey: idempotencyKeySchema,
});

/** Locks the review and the escalation, then lets `step` decide and write, all in one transaction. */
function step<T>(
  ctx: Context,
  input: z.infer<typeof target>,
  procedure: string,
  fn: (a: {
    trx: Db;
    audit: Audit;
    actor: Actor;
    review: ReviewRow;
    escalation: EscalationRow;
    parties: EscalationParties;
  }) => Promise<T>,
) {
  const actor = requireActor(ctx.principal);
  return write(
    ctx,
    async (trx, audit) => {
      const review = await lockVisibleReview(trx, input.review, actor);
      const escalation = await lockEscalation(trx, review.id, input.escalationId);
      if (!escalation)
        throw new DomainError('NOT_FOUND', `${review.key} has no escalation ${input.escalationId}`, {
          field: 'escalationId',
        });
      return fn({ trx, audit, actor, review, escalation, parties: await partiesOf(trx, review, escalation) });
    },
    { key: input.idempotencyKey, procedure },
  );
}

const subject = (review: ReviewRow, e: { id: number }) => `${review.key}:escalation:${e.id}`;

/** Tells the proposer, the facilitator and the decision maker of the current level about an escalation step. */
async function announceStep(trx: Db, ctx: Context, review: ReviewRow, e: EscalationRow, step: string) {
  const level = e.level as EscalationLevel;
  const decisionMakers =
    level === 'product_owner'
      ? [await productOwnerId(trx, review.product_id)]
      : (
          await trx
            .selectFrom('people')
            .select('id')
            .where('executive_role', '=', level)
            .where('active', '=', true)
            .execute()
        ).map((p) => p.id);
  await notify(trx, ctx, review, [...proposersOf(review), e.facilitator_id, ...decisionMakers], {
    kind: 'escalation_step',
    escalationId: e.id,
    step,
  });
}

export const escalationRouter = router({
  open: personProcedure
    .input(
      z.object({
        review: reviewRefSchema,
        facilitatorId: z.number().int().positive(),
        areas: z.array(areaSchema).min(1).max(4),
        question: z.string().trim().min(1).max(10_000),
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(escalationSummary)
    .mutation(({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      return write(
        ctx,
        async (trx, audit) => {
          const review = await lockVisibleReview(trx, input.review, actor);
          const facilitator = await findPersonById(trx, input.facilitatorId);
          if (!facilitator?.active)
            throw new DomainError('VALIDATION', `facilitatorId: no active person ${input.facilitatorId}`, {
              field: 'facilitatorId',
            });
          const mine = await trx
            .selectFrom('area_reviewers')
            .select('area')
            .where('review_id', '=', review.id)
            .where('person_id', '=', actor.personId)
            .execute();
          const areas = [...new Set(input.areas)];
          assertMayOpenEscalation({
            actor,
            review: reviewRef(review),
            actorReviewerAreas: mine.map((m) => m.area as Area),
            areas,
            facilitator: {
              personId: facilitator.id,
              facilitatorAreas: await facilitatorAreas(trx, facilitator.id),
            },
          });
          const e = await insertEscalation(trx, {
            reviewId: review.id,
            openedBy: actor.personId,
            facilitatorId: facilitator.id,
            areas,
            question: input.question,
            at: ctx.now(),
          });
          await announceStep(trx, ctx, review, e, 'opened');
          await audit({
            action: 'escalation.opened',
            reviewId: review.id,
            subject: subject(review, e),
            after: summary(e),
          });
          return summary(e);
        },
        { key: input.idempotencyKey, procedure: 'escalation.open' },
      );
    }),

  /** The escalations of a review, with what the caller may read: shared papers (or their own), comments, meetings. */
  list: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(
      z.array(
        escalationSummary.extend({
          involved: z.boolean(),
          papers: z.array(
            z.object({
              authorId: z.number(),
              authorName: z.string(),
              version: z.number(),
              body: z.string(),
              updatedAt: z.string(),
            }),
          ),
          comments: z.array(
            z.object({
              id: z.number(),
              authorId: z.number(),
              authorName: z.string(),
              body: z.string(),
              createdAt: z.string(),
            }),
          ),
          meetings: z.array(
            z.object({
              id: z.number(),
              state: z.enum(['scheduled', 'held', 'cancelled']),
              scheduledFor: z.string(),
              agenda: z.string(),
              notes: z.string().nullable(),
            }),
          ),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const actor = requireActor(ctx.principal);
      const review = await loadVisibleReview(ctx.db, input.review, actor);
      const out = [];
      for (const e of await listEscalations(ctx.db, review.id)) {
        const p = processOf(e);
        const papers = await currentPositionPapers(ctx.db, e.id);
        out.push({
          ...summary(e),
          involved: isInvolved(actor, p, await partiesOf(ctx.db, review, e)),
          // Before sharing, a paper is its author's draft.
          papers: papers
            .filter((x) => p.papersShared || x.author_id === actor.personId)
            .map((x) => ({
              authorId: x.author_id,
              authorName: x.author_name,
              version: x.version,
              body: x.body,
              updatedAt: x.created_at.toISOString(),
            })),
          comments: (await listEscalationComments(ctx.db, e.id)).map((c) => ({
            id: c.id,
            authorId: c.author_id,
            authorName: c.author_name,
            body: c.body,
            createdAt: c.created_at.toISOString(),
          })),
          meetings: (await listEscalationMeetings(ctx.db, e.id)).map((m) => ({
            id: m.id,
            state: m.state as 'scheduled',
            scheduledFor: m.scheduled_for.toISOString(),
            agenda: m.agenda,
            notes: m.notes,
          })),
        });
      }
      return out;
    }),

  /** Step 1: write or revise one's position paper (a new version each time). */
  writePaper: personProcedure
    .input(target.extend({ body: z.string().trim().min(1).max(50_000) }))
    .output(z.object({ version: z.number() }))
    .mutation(({ ctx, input }) =>
      step(
        ctx,
        input,
        'escalation.writePaper',
        async ({ trx, audit, actor, review, escalation, parties }) => {
          assertMayWritePositionPaper(actor, processOf(escalation), parties);
          const paper = await insertPositionPaper(trx, {
            escalationId: escalation.id,
            authorId: actor.personId,
            body: input.body,
            at: ctx.now(),
          });
          await audit({
            action: 'escalation.paper_written',
            reviewId: review.id,
            subject: subject(review, escalation),
            after: { authorId: actor.personId, version: paper.version, body: input.body },
          });
          return { version: paper.version };
        },
      ),
    ),

  /** Step 2: share the papers with all involved parties; they are frozen from now on. */
  share: personProcedure
    .input(target)
    .output(escalationSummary)
    .mutation(({ ctx, input }) =>
      step(ctx, input, 'escalation.share', async ({ trx, audit, actor, review, escalation }) => {
        assertMaySharePapers(
          actor,
          processOf(escalation),
          (await currentPositionPapers(trx, escalation.id)).length,
        );
        const e = await updateEscalation(trx, escalation.id, { papers_shared_at: ctx.now() });
        await announceStep(trx, ctx, review, e, 'position papers shared; comments are open');
        await audit({
          action: 'escalation.papers_shared',
          reviewId: review.id,
          subject: subject(review, e),
          after: summary(e),
        });
        return summary(e);
      }),
    ),

  comment: personProcedure
    .input(target.extend({ body: z.string().trim().min(1).max(20_000) }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) =>
      step(ctx, input, 'escalation.comment', async ({ trx, audit, actor, review, escalation, parties }) => {
        assertMayCommentOnEscalation(actor, processOf(escalation), parties);
        const c = await insertEscalationComment(trx, {
          escalationId: escalation.id,
          authorId: actor.personId,
          body: input.body,
          at: ctx.now(),
        });
        await audit({
          action: 'escalation.commented',
          reviewId: review.id,
          subject: subject(review, escalation),
          after: { id: c.id, body: c.body },
        });
        return { id: c.id };
      }),
    ),

  /** Step 3 (if necessary): a meeting. */
  scheduleMeeting: personProcedure
    .input(
      target.extend({
        scheduledAt: z.iso.datetime({ offset: true }),
        agenda: z.string().trim().min(1).max(10_000),
      }),
    )
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) =>
      step(ctx, input, 'escalation.scheduleMeeting', async ({ trx, audit, actor, review, escalation }) => {
        assertMayManageMeeting(actor, processOf(escalation));
        const m = await insertEscalationMeeting(trx, {
          escalationId: escalation.id,
          scheduledFor: new Date(input.scheduledAt),
          agenda: input.agenda,
          at: ctx.now(),
        });
        await audit({
          action: 'escalation.meeting_scheduled',
          reviewId: review.id,
          subject: subject(review, escalation),
          after: { id: m.id, scheduledAt: input.scheduledAt, agenda: input.agenda },
        });
        return { id: m.id };
      }),
    ),

  recordMeeting: personProcedure
    .input(
      target.extend({ meetingId: z.number().int().positive(), notes: z.string().trim().min(1).max(50_000) }),
    )
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) =>
      step(ctx, input, 'escalation.recordMeeting', async ({ trx, audit, actor, review, escalation }) => {
        assertMayManageMeeting(actor, processOf(escalation));
        const m = await findEscalationMeeting(trx, escalation.id, input.meetingId);
        if (!m)
          throw new DomainError(
            'NOT_FOUND',
            `escalation ${escalation.id} has no meeting ${input.meetingId}`,
            { field: 'meetingId' },
          );
        if (m.state !== 'scheduled')
          throw new DomainError(
            'RULE_VIOLATION',
            `The meeting is ${m.state}; only a scheduled meeting is recorded as held.`,
            { current: m.state, allowed: [] },
          );
        await updateEscalationMeeting(trx, m.id, { state: 'held', notes: input.notes }, ctx.now());
        await audit({
          action: 'escalation.meeting_held',
          reviewId: review.id,
          subject: subject(review, escalation),
          after: { id: m.id, notes: input.notes },
        });
        return { id: m.id };
      }),
    ),

  /** Raise to the next level (CPO, then CEO); papers, comments and meetings are kept. */
  raise: personProcedure
    .input(target)
    .output(escalationSummary)
    .mutation(({ ctx, input }) =>
      step(ctx, input, 'escalation.raise', async ({ trx, audit, actor, review, escalation, parties }) => {
        const p = processOf(escalation);
        assertMayRaise(actor, p, parties.productOwnerId);
        const e = await updateEscalation(trx, escalation.id, { level: nextEscalationLevel(p.level) });
        await announceStep(trx, ctx, review, e, `raised to the ${e.level.toUpperCase()}`);
        await audit({
          action: 'escalation.raised',
          reviewId: review.id,
          subject: subject(review, e),
          before: { level: p.level },
          after: { level: e.level },
        });
        return summary(e);
      }),
    ),

  /** Step 4: the decision maker of the current level decides; proceed_with_mitigations creates them. */
  decide: personProcedure
    .input(target.extend({ decision: escalationDecisionSchema }))
    .output(escalationSummary.extend({ mitigationIds: z.array(z.number()) }))
    .mutation(({ ctx, input }) =>
      step(ctx, input, 'escalation.decide', async ({ trx, audit, actor, review, escalation, parties }) => {
        const p = processOf(escalation);
        assertMayDecideEscalation({ actor, escalation: p, productOwnerId: parties.productOwnerId });
        assertReadyForDecision(p);
        const d = input.decision;
        const e = await updateEscalation(trx, escalation.id, {
          state: 'decided',
          decision: d.decision,
          rationale: d.rationale,
          decided_by: actor.personId,
          decided_at: ctx.now(),
        });
        const mitigationIds: number[] = [];
        if (d.decision === 'proceed_with_mitigations')
          for (const m of d.mitigations) {
            const row = await insertMitigation(trx, {
              reviewId: review.id,
              area: m.area,
              kind: m.kind,
              description: m.description,
              state: 'requested',
              createdBy: actor.personId,
              at: ctx.now(),
              escalationId: e.id,
            });
            mitigationIds.push(row.id);
          }
        await announceStep(trx, ctx, review, e, `decided: ${d.decision.replaceAll('_', ' ')}`);
        await audit({
          action: 'escalation.decided',
          reviewId: review.id,
          subject: subject(review, e),
          before: { state: 'open', level: p.level },
          after: { ...summary(e), mitigationIds },
        });
        return { ...summary(e), mitigationIds };
      }),
    ),
});
