import { z } from 'zod';
import { type Actor, isProposer, type ReviewParties } from './actor.ts';
import { DomainError } from './errors.ts';
import { FORM_LIMITS } from './request-form.ts';

/**
 * "Every year, the data collection owner and peers will survey all of the existing data collection systems
 * for their product or project": to ensure it is still necessary and useful to collect a piece of data, and
 * to re-identify who is responsible for the collection, monitoring, and reporting of collected data.
 */

export const SURVEY_ITEM_STATES = ['open', 'answered', 'overdue'] as const;
export type SurveyItemState = (typeof SURVEY_ITEM_STATES)[number];
/** What the database keeps: overdue is read from the due date. */
export const STORED_SURVEY_ITEM_STATES = ['open', 'answered'] as const satisfies readonly SurveyItemState[];
export type StoredSurveyItemState = (typeof STORED_SURVEY_ITEM_STATES)[number];

export const openSurveySchema = z.object({
  year: z.number().int().min(2000).max(2200),
  /** When the answers are due; an unanswered item is overdue after it. */
  dueAt: z.iso.datetime({ offset: true }),
});

export const surveyAnswerSchema = z.object({
  /** "Is it still necessary and useful to collect this data?" */
  stillNecessary: z.boolean(),
  /** Why it is (or is no longer) necessary. */
  reason: z.string().trim().min(1).max(FORM_LIMITS.text),
  /** "Who is responsible for the collection, monitoring, and reporting now?" */
  responsiblePersonId: z.number().int().positive(),
});
export type SurveyAnswer = z.output<typeof surveyAnswerSchema>;

/** Only an admin opens a year's survey, once a year, with answers due in the future. */
export function assertMayOpenSurvey({
  actor,
  year,
  dueAt,
  existingSurveyId,
  now,
}: {
  actor: Actor;
  year: number;
  dueAt: Date;
  existingSurveyId: number | null;
  now: Date;
}): void {
  if (!actor.isAdmin) throw new DomainError('FORBIDDEN', 'Only an admin opens the annual survey.');
  if (existingSurveyId !== null)
    throw new DomainError('CONFLICT', `The survey of ${year} is already open.`, {
      field: 'year',
      surveyId: existingSurveyId,
    });
  const thisYear = now.getUTCFullYear();
  if (year < thisYear - 1 || year > thisYear + 1)
    throw new DomainError('VALIDATION', `year: a survey is opened for ${thisYear - 1}–${thisYear + 1}.`, {
      field: 'year',
    });
  if (dueAt.getTime() <= now.getTime())
    throw new DomainError('VALIDATION', 'dueAt: the answers must be due in the future.', { field: 'dueAt' });
}

/**
 * Who answers for a collection: whoever the last survey named responsible, else the engineering owner, else
 * the requester (the review's accountable people); someone no longer active is skipped.
 */
export function accountableOwner(
  c: { lastResponsibleId: number | null; engineeringOwnerId: number | null; requesterId: number },
  isActive: (personId: number) => boolean = () => true,
): number {
  const candidates = [c.lastResponsibleId, c.engineeringOwnerId, c.requesterId];
  return candidates.find((id): id is number => id !== null && isActive(id)) ?? c.requesterId;
}

/** Answered; otherwise overdue once the survey's due date has passed; otherwise open. */
export function surveyItemState(item: { answeredAt: Date | null }, dueAt: Date, now: Date): SurveyItemState {
  if (item.answeredAt !== null) return 'answered';
  return now.getTime() > dueAt.getTime() ? 'overdue' : 'open';
}

/** "No longer necessary" flags the collection for removal. */
export const flaggedForRemoval = (answer: Pick<SurveyAnswer, 'stillNecessary'> | null): boolean =>
  answer !== null && !answer.stillNecessary;

/** The item's owner answers, or one of the collection's accountable people (requester, engineering owner). */
export function assertMayAnswerSurveyItem({
  actor,
  ownerId,
  review,
}: {
  actor: Actor;
  ownerId: number;
  review: ReviewParties & { requesterId: number };
}): void {
  if (actor.personId === ownerId || isProposer(actor, review) || actor.personId === review.requesterId)
    return;
  throw new DomainError(
    'FORBIDDEN',
    "Only the collection's accountable owner (or its requester or engineering owner) answers the survey.",
  );
}

/** An admin hands an item to someone else (e.g. the owner left); an answered item is not reassigned. */
export function assertMayReassignSurveyItem({ actor, answered }: { actor: Actor; answered: boolean }): void {
  if (!actor.isAdmin) throw new DomainError('FORBIDDEN', 'Only an admin reassigns a survey item.');
  if (answered)
    throw new DomainError('RULE_VIOLATION', 'The item is answered; the answer names who is responsible now.');
}

/** The reminder mail to an owner with open items. */
export function surveyReminderMail(r: {
  year: number;
  dueAt: Date;
  ownerName: string;
  items: readonly { key: string; title: string; overdue: boolean }[];
  link: string | null;
}): { subject: string; text: string } {
  const overdue = r.items.some((i) => i.overdue);
  const due = r.dueAt.toISOString().slice(0, 10);
  const lines = r.items.map((i) => `- ${i.key} ${i.title}${i.overdue ? ' (overdue)' : ''}`);
  return {
    subject: `${overdue ? 'Overdue: ' : ''}Annual data collection survey ${r.year}: ${r.items.length} collection${r.items.length === 1 ? '' : 's'} to review`,
    text: [
      `Hello ${r.ownerName},`,
      '',
      `The annual survey of ${r.year} asks, for each data collection you are accountable for, whether it is still`,
      'necessary and useful, and who is responsible for its collection, monitoring and reporting now.',
      overdue ? `Answers were due on ${due}.` : `Answers are due on ${due}.`,
      '',
      ...lines,
      '',
      ...(r.link ? [`Answer here: ${r.link}`, ''] : []),
      'An answer "no longer necessary" flags the collection for removal.',
    ].join('\n'),
  };
}
