import { proposerSideIds, type ReviewParties } from './actor.ts';
import { DomainError } from './errors.ts';
import { addWorkingDays, type Holidays, workingDaysPassed } from './working-days.ts';

/**
 * The Bugzilla habit (issue 14): the proposer names the data steward they request when they submit, as the
 * `data-review?` flag's requestee is named; any data steward may still take the request.
 */

/** "A couple of days": a submitted request waits this many working days for a steward before a reminder. */
export const STEWARD_REMINDER_WORKING_DAYS = 2;

/** Who may be requested: an active data steward who is not on the review's proposer's side. */
export function assertMayBeRequestedSteward(
  candidate: { id: number; isSteward: boolean; active: boolean } | null,
  review: ReviewParties,
  field = 'requestedStewardId',
): void {
  if (!candidate || !candidate.active)
    throw new DomainError('VALIDATION', `${field}: no active person has this id.`, { field });
  if (!candidate.isSteward)
    throw new DomainError('VALIDATION', `${field}: the requested person is not a data steward.`, { field });
  if (proposerSideIds(review).includes(candidate.id))
    throw new DomainError(
      'VALIDATION',
      `${field}: the requested steward is on the proposer's side of this review (its creator, data requester or engineering owner) and may not review it.`,
      { field },
    );
}

/** When a request submitted at `submittedAt` is due a reminder to the stewards. */
export const stewardReminderDueAt = (submittedAt: Date, holidays?: Holidays): Date =>
  addWorkingDays(submittedAt, STEWARD_REMINDER_WORKING_DAYS, holidays);

/**
 * A submitted request is reminded when no steward has acted (it is still `submitted`) two working days after
 * it was submitted (holidays, the configured `HOLIDAYS`, are not working days).
 */
export const stewardReminderDue = (
  review: { status: string; submittedAt: Date | null },
  now: Date,
  holidays?: Holidays,
): boolean =>
  review.status === 'submitted' &&
  review.submittedAt !== null &&
  workingDaysPassed(review.submittedAt, now, STEWARD_REMINDER_WORKING_DAYS, holidays);
