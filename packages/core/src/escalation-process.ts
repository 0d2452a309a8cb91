import { type Actor, isFacilitatorOf, isProposer, type ReviewParties } from './actor.ts';
import type { Area } from './areas.ts';
import { DomainError } from './errors.ts';
import { assertEscalationReviewGoesOn, type EscalationLevel, type EscalationState } from './escalation.ts';
import type { ReviewStatus } from './review-status.ts';

/**
 * The escalation's steps, in order (Escalation, SPEC 9):
 * 1. each party documents its recommended approach (position papers, revisable until shared);
 * 2. the papers are shared with all involved parties, who comment asynchronously;
 * 3. a meeting is scheduled if necessary;
 * 4. the decision maker of the current level records the decision.
 */
export interface EscalationProcess {
  state: EscalationState;
  level: EscalationLevel;
  areas: readonly Area[];
  openedBy: number;
  facilitatorId: number;
  papersShared: boolean;
  /** The status of the review it belongs to (a withdrawn review's escalation takes no step). */
  reviewStatus: ReviewStatus;
}

export interface EscalationParties {
  review: ReviewParties;
  /** Reviewers of the disputed areas (people added by a facilitator). */
  reviewerIds: readonly number[];
  productOwnerId: number;
}

/** Who is involved: the proposer, the opener, the named facilitator, facilitators and reviewers of the
 * disputed areas, and the decision maker of the current level. */
export function isInvolved(actor: Actor, e: EscalationProcess, p: EscalationParties): boolean {
  return (
    isProposer(actor, p.review) ||
    actor.personId === e.openedBy ||
    actor.personId === e.facilitatorId ||
    e.areas.some((a) => isFacilitatorOf(actor, a)) ||
    p.reviewerIds.includes(actor.personId) ||
    isDecisionMaker(actor, e.level, p.productOwnerId)
  );
}

export const isDecisionMaker = (actor: Actor, level: EscalationLevel, productOwnerId: number): boolean =>
  level === 'product_owner' ? actor.personId === productOwnerId : actor.executiveRole === level;

function assertOpen(e: EscalationProcess): void {
  assertEscalationReviewGoesOn(e.reviewStatus);
  if (e.state !== 'open')
    throw new DomainError('RULE_VIOLATION', 'This escalation is already decided.', {
      current: e.state,
      allowed: [],
    });
}

function assertInvolved(actor: Actor, e: EscalationProcess, p: EscalationParties, what: string): void {
  if (!isInvolved(actor, e, p))
    throw new DomainError('FORBIDDEN', `Only the parties involved in this escalation may ${what}.`, {
      action: what,
    });
}

/** Step 1: an involved party writes or revises its paper, until the papers are shared. */
export function assertMayWritePositionPaper(actor: Actor, e: EscalationProcess, p: EscalationParties): void {
  assertOpen(e);
  assertInvolved(actor, e, p, 'write a position paper');
  if (e.papersShared)
    throw new DomainError(
      'RULE_VIOLATION',
      'The position papers were shared; they can no longer be written or revised.',
      {
        current: 'shared',
        allowed: ['comment', 'schedule_meeting', 'decide'],
      },
    );
}

/** Step 2: the opener or the facilitator working with them shares the papers (at least one written). */
export function assertMaySharePapers(actor: Actor, e: EscalationProcess, paperCount: number): void {
  assertOpen(e);
  if (actor.personId !== e.openedBy && actor.personId !== e.facilitatorId)
    throw new DomainError(
      'FORBIDDEN',
      'Only the escalating party or the facilitator working with them shares the papers.',
    );
  if (e.papersShared)
    throw new DomainError('RULE_VIOLATION', 'The position papers are already shared.', { current: 'shared' });
  if (paperCount === 0)
    throw new DomainError(
      'RULE_VIOLATION',
      'Share the papers once at least one party has written its recommended approach.',
      {
        current: 'no_papers',
      },
    );
}

/** Step 2: involved parties comment asynchronously once the papers are shared. */
export function assertMayCommentOnEscalation(actor: Actor, e: EscalationProcess, p: EscalationParties): void {
  assertEscalationReviewGoesOn(e.reviewStatus);
  assertInvolved(actor, e, p, 'comment');
  if (!e.papersShared)
    throw new DomainError('RULE_VIOLATION', 'Comments open once the position papers are shared.', {
      current: 'papers_not_shared',
    });
}

/**
 * Escalation comments are threaded: a reply answers a comment of the same escalation (a thread never crosses
 * from one escalation's exchange into another's, nor into an area's comments).
 */
export function assertReplyInEscalationThread(
  parent: { escalationId: number } | undefined,
  reply: { escalationId: number },
): void {
  if (parent && parent.escalationId === reply.escalationId) return;
  throw new DomainError(
    'VALIDATION',
    parent
      ? 'A reply answers a comment of the same escalation; that comment belongs to another escalation.'
      : 'The comment this replies to does not exist.',
    { field: 'replyTo' },
  );
}

/** Step 3: the escalating party or the facilitator schedules a meeting if necessary, and records it as held. */
export function assertMayManageMeeting(actor: Actor, e: EscalationProcess): void {
  assertOpen(e);
  if (actor.personId !== e.openedBy && actor.personId !== e.facilitatorId)
    throw new DomainError(
      'FORBIDDEN',
      'Only the escalating party or the facilitator working with them arranges the meeting.',
    );
}

/** Step 3: a meeting is recorded as held once, by whoever arranges it, and only while it is scheduled. */
export function assertMayRecordMeeting(actor: Actor, e: EscalationProcess, meeting: { state: string }): void {
  assertMayManageMeeting(actor, e);
  if (meeting.state !== 'scheduled')
    throw new DomainError(
      'RULE_VIOLATION',
      `The meeting is ${meeting.state}; only a scheduled meeting is recorded as held.`,
      { current: meeting.state, allowed: [] },
    );
}

/** Step 4 needs the papers shared first. (Who decides: assertMayDecideEscalation.) */
export function assertReadyForDecision(e: EscalationProcess): void {
  if (!e.papersShared)
    throw new DomainError(
      'RULE_VIOLATION',
      'The decision comes after the position papers are shared with all involved parties.',
      {
        current: 'papers_not_shared',
      },
    );
}

/** "Escalation goes beyond the immediate product owner (to the CPO or CEO)": the facilitator or the current
 * decision maker raises it; everything written so far is kept. */
export function assertMayRaise(actor: Actor, e: EscalationProcess, productOwnerId: number): void {
  assertOpen(e);
  if (actor.personId !== e.facilitatorId && !isDecisionMaker(actor, e.level, productOwnerId))
    throw new DomainError(
      'FORBIDDEN',
      'Only the facilitator or the current decision maker raises an escalation.',
    );
}

/**
 * Step 1's papers are drafts until shared (SPEC 9: "revisable until shared"): before then only its author
 * may read a paper. Every read path applies this rule: the escalation list, the export, the timeline.
 */
export const mayReadPositionPaper = (
  papersShared: boolean,
  authorId: number,
  viewerId: number | null,
): boolean => papersShared || authorId === viewerId;
