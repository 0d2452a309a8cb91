import type { Actor } from './actor.ts';
import type { ReviewFacts } from './can-ship.ts';
import { isExpired, monthsEnd, parseExpiry } from './collection-period.ts';
import {
  type GlobalRole,
  type OpenStep,
  type OpenStepForm,
  type OwnerForm,
  openStepForms,
  type ReviewPeople,
} from './next-steps.ts';

/**
 * The stored summary of a review's open steps (issue 13: the inbox and the lists read it with one indexed query
 * instead of running openSteps over every candidate): core's steps with their owners unresolved where they are
 * global roles, and until when they hold.
 */
export interface StepSummary {
  steps: OpenStepForm[];
  /**
   * The earliest moment the gate's answer for this review could change with the clock alone (its collection
   * period ends), or null when it never does: a read after it computes the summary again.
   */
  validUntil: Date | null;
}

/**
 * Until when the gate's answer at `now` holds with the clock alone. The gate's only use of the clock is the
 * end of the collection period (can-ship: COLLECTION_EXPIRED, a calendar day in UTC): a period that has not
 * ended by `now` ends at the start of its last day.
 */
export function gateValidUntil(facts: ReviewFacts, now: Date): Date | null {
  const expiry = parseExpiry(facts.collectionExpires, facts.collectionStartsOn ?? null);
  if (isExpired(expiry, now)) return null;
  const day = expiry.kind === 'date' ? expiry.date : expiry.kind === 'months' ? monthsEnd(expiry) : null;
  return day === null ? null : new Date(`${day}T00:00:00Z`);
}

/** A review's summary at `now`: openStepForms and gateValidUntil. */
export const stepSummary = (facts: ReviewFacts, people: ReviewPeople, now: Date): StepSummary => ({
  steps: openStepForms(facts, people, now),
  validUntil: gateValidUntil(facts, now),
});

/** The global roles `actor` holds (the same keys an OwnerForm names). */
export const globalRolesOf = (actor: Pick<Actor, 'facilitatorAreas' | 'isSteward' | 'executiveRole'>) => [
  ...actor.facilitatorAreas.map((a) => `facilitator:${a}` as const),
  ...(actor.isSteward ? (['steward'] as const) : []),
  ...(actor.executiveRole ? ([`executive:${actor.executiveRole}`] as const) : []),
];

/** Whether the person `personId`, holding `roles`, is among the owners an OwnerForm names. */
export function ownsForm(f: OwnerForm, personId: number, roles: readonly GlobalRole[]): boolean {
  const holds = (rs: readonly GlobalRole[]) => rs.some((r) => roles.includes(r));
  return (
    (f.ids.includes(personId) || holds(f.roles)) && !f.exceptIds.includes(personId) && !holds(f.exceptRoles)
  );
}

/**
 * The steps of a stored summary that wait for `actor`, exactly as stepsFor(openSteps(...), actor.personId) gives
 * them when the actor's roles are those the review's people hold (the summary's owners resolved against them).
 */
export function summaryStepsFor(
  steps: readonly OpenStepForm[],
  actor: Pick<Actor, 'personId' | 'facilitatorAreas' | 'isSteward' | 'executiveRole'>,
): { now: Omit<OpenStep, 'owner'>[]; later: Omit<OpenStep, 'owner'>[] } {
  const roles = globalRolesOf(actor);
  const mine = steps
    .filter((s) => ownsForm(s.owner.form, actor.personId, roles))
    .map(({ owner: _, ...s }) => s);
  return { now: mine.filter((s) => s.ready), later: mine.filter((s) => !s.ready) };
}
