import {
  type Actor,
  accountableOwner,
  assertMayOpenSurvey,
  DomainError,
  openSurveySchema,
  surveyActions,
  surveyItemState,
  surveyReminderMail,
} from '@signoff/core';
import {
  type Db,
  enqueueMail,
  findPersonById,
  findSurveyByYear,
  insertSurvey,
  insertSurveyItems,
  listSurveyItems,
  listSurveys,
  markSurveyItemsReminded,
  type SurveyRow,
  shippedCollections,
} from '@signoff/db';
import { sql } from 'kysely';
import { z } from 'zod';
import { answerSurveyItem, answerSurveyItemInput } from '../commands/answer-survey-item.ts';
import { reassignSurveyItem, reassignSurveyItemInput } from '../commands/reassign-survey-item.ts';
import { type ItemRow, itemSchema, itemView } from '../commands/survey-item-view.ts';
import type { Context } from '../context.ts';
import { idempotencyKeySchema, verdictSchema } from '../review-schemas.ts';
import { adminProcedure, personProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const yearSchema = z.number().int().min(2000).max(2200);

const surveySummary = z.object({
  id: z.number(),
  year: z.number(),
  dueAt: z.string(),
  createdAt: z.string(),
  counts: z.object({
    items: z.number(),
    open: z.number(),
    answered: z.number(),
    overdue: z.number(),
    flaggedForRemoval: z.number(),
  }),
});

async function summaryOf(
  db: Db,
  s: SurveyRow,
  now: Date,
  actor: Actor,
): Promise<z.infer<typeof surveySummary>> {
  const items = (await listSurveyItems(db, { surveyId: s.id, filter: 'all', now })).map((i) =>
    itemView(i, now, actor),
  );
  return {
    id: s.id,
    year: s.year,
    dueAt: s.due_at.toISOString(),
    createdAt: s.created_at.toISOString(),
    counts: {
      items: items.length,
      open: items.filter((i) => i.state === 'open').length,
      answered: items.filter((i) => i.state === 'answered').length,
      overdue: items.filter((i) => i.state === 'overdue').length,
      flaggedForRemoval: items.filter((i) => i.flaggedForRemoval).length,
    },
  };
}

async function surveyOfYear(db: Db, year: number): Promise<SurveyRow> {
  const s = await findSurveyByYear(db, year);
  if (!s) throw new DomainError('NOT_FOUND', `No survey has been opened for ${year}.`, { field: 'year' });
  return s;
}

const surveysLink = (ctx: Context, year: number) =>
  `${ctx.settings.publicUrl.replace(/\/$/, '')}/surveys/${year}`;

/**
 * Queues one mail per owner listing their unanswered items (through the outbox, in the caller's transaction).
 * The survey is an obligation of the accountable owner: sent whatever their notification preference.
 */
async function remind(trx: Db, ctx: Context, survey: SurveyRow, items: readonly ItemRow[]): Promise<number> {
  const now = ctx.now();
  const byOwner = new Map<number, ItemRow[]>();
  for (const i of items) byOwner.set(i.owner_id, [...(byOwner.get(i.owner_id) ?? []), i]);
  let mails = 0;
  for (const [ownerId, own] of byOwner) {
    const owner = await findPersonById(trx, ownerId);
    if (!owner?.active) continue;
    const mail = surveyReminderMail({
      year: survey.year,
      dueAt: survey.due_at,
      ownerName: owner.display_name,
      items: own.map((i) => ({
        key: i.review_key,
        title: i.review_title,
        overdue: surveyItemState({ answeredAt: i.answered_at }, survey.due_at, now) === 'overdue',
      })),
      link: surveysLink(ctx, survey.year),
    });
    await enqueueMail(trx, {
      kind: 'notification',
      to: [owner.email],
      subject: mail.subject,
      text: mail.text,
      reviewId: own.length === 1 ? (own[0]?.review_id ?? null) : null,
      messageIdDomain: ctx.settings.messageIdDomain,
    });
    await markSurveyItemsReminded(
      trx,
      own.map((i) => i.id),
      now,
    );
    mails += 1;
  }
  return mails;
}

export const surveyRouter = router({
  /**
   * An admin opens the survey of a year: every shipped collection gets an item for its accountable owner
   * (whoever the last survey named responsible, else the engineering owner, else the requester), who is told
   * by mail.
   */
  open: adminProcedure
    .input(openSurveySchema.extend({ idempotencyKey: idempotencyKeySchema }))
    .output(surveySummary.extend({ mailsQueued: z.number() }))
    .mutation(({ ctx, input }) => {
      const actor = ctx.actor;
      return write(
        ctx,
        async (trx, audit) => {
          const now = ctx.now();
          const dueAt = new Date(input.dueAt);
          // One opening per year, even when two admins click at once: the second waits, then finds the first.
          await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`survey:${input.year}`}, 3))`.execute(
            trx,
          );
          const existing = await findSurveyByYear(trx, input.year);
          assertMayOpenSurvey({
            actor,
            year: input.year,
            dueAt,
            existingSurveyId: existing?.id ?? null,
            now,
          });
          const openedBy = ctx.principal.kind === 'person' ? ctx.principal.id : null;
          if (openedBy === null)
            throw new DomainError(
              'FORBIDDEN',
              'A survey is opened by a signed-in admin (it is their survey).',
            );
          const survey = await insertSurvey(trx, { year: input.year, openedBy, dueAt, at: now });
          const collections = await shippedCollections(trx);
          const candidateIds = [
            ...new Set(
              collections.flatMap((c) =>
                [c.last_responsible_id, c.engineering_owner_id, c.requester_id].filter(
                  (id): id is number => id !== null,
                ),
              ),
            ),
          ];
          const active = new Set(
            candidateIds.length
              ? (
                  await trx
                    .selectFrom('people')
                    .select('id')
                    .where('id', 'in', candidateIds)
                    .where('active', '=', true)
                    .execute()
                ).map((p) => p.id)
              : [],
          );
          const items = await insertSurveyItems(
            trx,
            survey.id,
            collections.map((c) => ({
              reviewId: c.id,
              ownerId: accountableOwner(
                {
                  lastResponsibleId: c.last_responsible_id,
                  engineeringOwnerId: c.engineering_owner_id,
                  requesterId: c.requester_id,
                },
                (id) => active.has(id),
              ),
            })),
            now,
          );
          await audit({
            action: 'survey.opened',
            subject: `survey:${input.year}`,
            after: { year: input.year, dueAt: dueAt.toISOString(), items: items.length },
          });
          for (const [i, item] of items.entries())
            await audit({
              action: 'survey.item_created',
              reviewId: item.review_id,
              subject: `survey:${input.year}`,
              after: { itemId: item.id, ownerId: item.owner_id, reviewKey: collections[i]?.key },
            });
          const rows = await listSurveyItems(trx, { surveyId: survey.id, filter: 'all', now });
          const mailsQueued = await remind(trx, ctx, survey, rows);
          return { ...(await summaryOf(trx, survey, now, actor)), mailsQueued };
        },
        { key: input.idempotencyKey, procedure: 'survey.open' },
      );
    }),

  /** Every survey, newest first, with how many items are open, answered, overdue and flagged for removal. */
  list: personProcedure.output(z.array(surveySummary)).query(async ({ ctx }) => {
    const now = ctx.now();
    return Promise.all((await listSurveys(ctx.db)).map((s) => summaryOf(ctx.db, s, now, ctx.actor)));
  }),

  /** What the signed-in person may do with surveys (open one, send its reminders), with the reason when not. */
  actions: personProcedure
    .output(z.object({ open: verdictSchema, sendReminders: verdictSchema }))
    .query(({ ctx }) => surveyActions(ctx.actor, ctx.now())),

  /**
   * The items of a year's survey: open, answered, overdue, flagged for removal, or all. Admins and data
   * stewards see every item; anyone else sees their own.
   */
  items: personProcedure
    .input(
      z.object({
        year: yearSchema,
        filter: z.enum(['all', 'open', 'answered', 'overdue', 'flagged']).default('all'),
        mine: z.boolean().default(false),
      }),
    )
    .output(z.array(itemSchema))
    .query(async ({ ctx, input }) => {
      const actor = ctx.actor;
      const survey = await surveyOfYear(ctx.db, input.year);
      const seesAll = actor.isAdmin || actor.isSteward;
      const rows = await listSurveyItems(ctx.db, {
        surveyId: survey.id,
        filter: input.filter,
        now: ctx.now(),
        ...(input.mine || !seesAll ? { ownerId: actor.personId } : {}),
      });
      return rows.map((i) => itemView(i, ctx.now(), actor));
    }),

  /** The owner answers (commands/answer-survey-item.ts). */
  answer: personProcedure.input(answerSurveyItemInput).output(itemSchema).mutation(answerSurveyItem),

  /** An admin hands an unanswered item to someone else (commands/reassign-survey-item.ts). */
  reassign: adminProcedure.input(reassignSurveyItemInput).output(itemSchema).mutation(reassignSurveyItem),

  /** Reminds every owner with unanswered items (or only the overdue ones) by mail, through the outbox. */
  sendReminders: adminProcedure
    .input(
      z.object({
        year: yearSchema,
        onlyOverdue: z.boolean().default(false),
        idempotencyKey: idempotencyKeySchema,
      }),
    )
    .output(z.object({ mailsQueued: z.number(), items: z.number() }))
    .mutation(({ ctx, input }) =>
      write(
        ctx,
        async (trx, audit) => {
          const survey = await surveyOfYear(trx, input.year);
          const items = await listSurveyItems(trx, {
            surveyId: survey.id,
            filter: input.onlyOverdue ? 'overdue' : 'all',
            now: ctx.now(),
          });
          const unanswered = items.filter((i) => i.state === 'open');
          const mailsQueued = await remind(trx, ctx, survey, unanswered);
          await audit({
            action: 'survey.reminders_sent',
            subject: `survey:${survey.year}`,
            after: { mailsQueued, items: unanswered.length, onlyOverdue: input.onlyOverdue },
          });
          return { mailsQueued, items: unanswered.length };
        },
        { key: input.idempotencyKey, procedure: 'survey.sendReminders' },
      ),
    ),
});
