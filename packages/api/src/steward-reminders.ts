import {
  composeNotification,
  proposerSideIds,
  STEWARD_REMINDER_WORKING_DAYS,
  stewardReminderDue,
} from '@signoff/core';
import { enqueueMail } from '@signoff/db';
import { sql } from 'kysely';
import type { Context } from './context.ts';
import { notify, reviewLink, stewardsOf } from './notify.ts';
import { write } from './write.ts';

const DAY_MS = 86_400_000;

/**
 * The Bugzilla habit's reminder (issue 14): a submitted request no data steward acted on within two working
 * days ("a couple of days", core's `stewardReminderDue`; the configured holidays are not working days) reminds the requested steward and the stewards' list
 * (`settings.stewardsList`; without one, every data steward not on the review's proposer side). Once per
 * submission: a resubmitted request waits anew. Returns how many requests were reminded. Safe to run from
 * several servers at once (the reminder is claimed by a unique row in the same transaction as its mail).
 */
export async function sendStewardRequestReminders(ctx: Context): Promise<number> {
  const now = ctx.now();
  // Two working days are at least two calendar days: SQL narrows the candidates, core decides.
  const candidates = await ctx.db
    .selectFrom('reviews as r')
    .select(['r.id', 'r.submitted_at'])
    .where('r.status', '=', 'submitted')
    .where('r.submitted_at', '<=', new Date(now.getTime() - STEWARD_REMINDER_WORKING_DAYS * DAY_MS))
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM steward_request_reminders s
        WHERE s.review_id = r.id AND s.submitted_at = date_trunc('milliseconds', r.submitted_at))`,
    )
    .orderBy('r.id')
    .execute();
  let reminded = 0;
  for (const c of candidates) {
    if (!stewardReminderDue({ status: 'submitted', submittedAt: c.submitted_at }, now, ctx.settings.holidays))
      continue;
    const sent = await write(ctx, async (trx, audit) => {
      const review = await trx
        .selectFrom('reviews')
        .selectAll()
        .where('id', '=', c.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      // A steward may have acted, or the proposer withdrawn, since the candidates were read.
      if (
        review.submitted_at?.getTime() !== c.submitted_at?.getTime() ||
        !stewardReminderDue(
          { status: review.status, submittedAt: review.submitted_at },
          now,
          ctx.settings.holidays,
        )
      )
        return false;
      const claimed = await trx
        .insertInto('steward_request_reminders')
        .values({ review_id: review.id, submitted_at: c.submitted_at as Date, sent_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('review_id')
        .executeTakeFirst();
      if (!claimed) return false;
      const requested =
        review.requested_steward_id === null
          ? null
          : await trx
              .selectFrom('people')
              .select(['id', 'display_name'])
              .where('id', '=', review.requested_steward_id)
              .executeTakeFirst();
      const event = {
        kind: 'steward_review_reminder' as const,
        workingDays: STEWARD_REMINDER_WORKING_DAYS,
        requestedSteward: requested?.display_name ?? null,
      };
      const list = ctx.settings.stewardsList;
      const side = proposerSideIds({
        proposerId: review.proposer_id,
        requesterId: review.requester_id,
        engineeringOwnerId: review.engineering_owner_id,
      });
      const people = [
        ...(requested ? [requested.id] : []),
        ...(list ? [] : (await stewardsOf(trx)).filter((id) => !side.includes(id))),
      ];
      await notify(trx, ctx, review, people, event);
      if (list) {
        const mail = composeNotification(
          { key: review.key, title: review.title, link: reviewLink(ctx, review.key) },
          event,
        );
        await enqueueMail(trx, {
          kind: 'notification',
          to: [list],
          subject: mail.subject,
          text: mail.text,
          reviewId: review.id,
          messageIdDomain: ctx.settings.messageIdDomain,
        });
      }
      await audit({
        action: 'reminder.steward_review_sent',
        reviewId: review.id,
        subject: review.key,
        after: {
          submittedAt: (c.submitted_at as Date).toISOString(),
          requestedStewardId: review.requested_steward_id,
          stewardsList: list,
        },
      });
      return true;
    });
    if (sent) reminded++;
  }
  return reminded;
}
