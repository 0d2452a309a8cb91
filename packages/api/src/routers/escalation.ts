import { isInvolved, MEETING_STATES, mayReadPositionPaper } from '@signoff/core';
import {
  currentPositionPapers,
  listEscalationComments,
  listEscalationMeetings,
  listEscalations,
} from '@signoff/db';
import { z } from 'zod';
import {
  commentOnEscalation,
  commentOnEscalationInput,
  commentOnEscalationOutput,
} from '../commands/comment-on-escalation.ts';
import {
  decideEscalation,
  decideEscalationInput,
  decideEscalationOutput,
} from '../commands/decide-escalation.ts';
import {
  escalationSummary,
  escalationTarget,
  partiesOf,
  processOf,
  summaryOfEscalation,
} from '../commands/escalation-step.ts';
import { openEscalation, openEscalationInput } from '../commands/open-escalation.ts';
import { raiseEscalation } from '../commands/raise-escalation.ts';
import {
  recordEscalationMeeting,
  recordEscalationMeetingInput,
} from '../commands/record-escalation-meeting.ts';
import { visibleReview } from '../commands/review-command.ts';
import {
  scheduleEscalationMeeting,
  scheduleEscalationMeetingInput,
} from '../commands/schedule-escalation-meeting.ts';
import { sharePositionPapers } from '../commands/share-position-papers.ts';
import { writePositionPaper, writePositionPaperInput } from '../commands/write-position-paper.ts';
import { reviewRefSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';

const idOutput = z.object({ id: z.number() });

export const escalationRouter = router({
  open: personProcedure.input(openEscalationInput).output(escalationSummary).mutation(openEscalation),

  /** The escalations of a review, with what the caller may read: shared papers (or their own), comments, meetings. */
  list: personProcedure
    .input(z.object({ review: reviewRefSchema }))
    .output(
      z.array(
        escalationSummary.extend({
          involved: z.boolean(),
          /** The decision maker's name, beside decidedBy. */
          decidedByName: z.string().nullable(),
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
              /** The comment of this escalation it answers, or null when it opens a thread. */
              replyTo: z.number().nullable(),
            }),
          ),
          meetings: z.array(
            z.object({
              id: z.number(),
              state: z.enum(MEETING_STATES),
              scheduledFor: z.string(),
              agenda: z.string(),
              notes: z.string().nullable(),
            }),
          ),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      const actor = ctx.actor;
      const review = await visibleReview(ctx, input.review);
      const out = [];
      for (const e of await listEscalations(ctx.db, review.id)) {
        const p = processOf(e, review);
        const papers = await currentPositionPapers(ctx.db, e.id);
        out.push({
          ...summaryOfEscalation(e),
          involved: isInvolved(actor, p, await partiesOf(ctx.db, review, e)),
          decidedByName:
            e.decided_by === null
              ? null
              : ((
                  await ctx.db
                    .selectFrom('people')
                    .select('display_name')
                    .where('id', '=', e.decided_by)
                    .executeTakeFirst()
                )?.display_name ?? null),
          // Before sharing, a paper is its author's draft.
          papers: papers
            .filter((x) => mayReadPositionPaper(p.papersShared, x.author_id, actor.personId))
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
            replyTo: c.reply_to,
          })),
          meetings: (await listEscalationMeetings(ctx.db, e.id)).map((m) => ({
            id: m.id,
            state: m.state,
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
    .input(writePositionPaperInput)
    .output(z.object({ version: z.number() }))
    .mutation(writePositionPaper),
  /** Step 2: share the papers with all involved parties; they are frozen from now on. */
  share: personProcedure.input(escalationTarget).output(escalationSummary).mutation(sharePositionPapers),
  comment: personProcedure
    .input(commentOnEscalationInput)
    .output(commentOnEscalationOutput)
    .mutation(commentOnEscalation),
  /** Step 3 (if necessary): a meeting. */
  scheduleMeeting: personProcedure
    .input(scheduleEscalationMeetingInput)
    .output(idOutput)
    .mutation(scheduleEscalationMeeting),
  recordMeeting: personProcedure
    .input(recordEscalationMeetingInput)
    .output(idOutput)
    .mutation(recordEscalationMeeting),
  /** Raise to the next level (CPO, then CEO); papers, comments and meetings are kept. */
  raise: personProcedure.input(escalationTarget).output(escalationSummary).mutation(raiseEscalation),
  /** Step 4: the decision maker of the current level decides; proceed_with_mitigations creates them. */
  decide: personProcedure
    .input(decideEscalationInput)
    .output(decideEscalationOutput)
    .mutation(decideEscalation),
});
