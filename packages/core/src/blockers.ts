import { z } from 'zod';
import { AREAS, type Area, areaSchema } from './areas.ts';

/**
 * Every reason a review may not ship, in the stable order blockers are reported (SPEC 11). The codes never
 * change meaning; new rules add new codes. The description is the one-line documentation of each.
 */
export const BLOCKER_CODES = {
  CHANNEL_NOT_REQUESTED: 'The review does not cover the channel asked about.',
  NOT_SUBMITTED: 'The request form is still a draft; it has not been submitted to a data steward.',
  STEWARD_REVIEW_PENDING: 'A data steward has not yet reviewed the request (no data-review+ yet).',
  STEWARD_RECATEGORISATION_PENDING:
    "A revision added a measurement above the review's category; a data steward must re-categorise it (the steward characterises the collection by its highest category).",
  LEGAL_TRUST_ANSWER_PENDING:
    'The data steward escalated the request to Trust and Legal (new identifiers, or category 3 default-on, that the privacy notice may not cover; or a third-party collection tool); it waits for their answer.',
  STEWARD_REJECTED:
    'The data steward returned the request (data-review-); it must be revised and resubmitted.',
  SIGNOFF_MISSING: 'Category 3/4: an area has not recorded its sign-off.',
  SIGNOFF_STALE:
    "Category 3/4: an area's sign-off is on an earlier documentation revision; it must be re-confirmed.",
  CHANGES_REQUESTED: 'Category 3/4: an area requested changes (and no escalation decided to proceed).',
  SIGNOFF_REJECTED: 'Category 3/4: an area rejected the collection (and no escalation decided to proceed).',
  MITIGATION_OPEN: 'A mitigation is neither accepted nor withdrawn.',
  ANNOUNCEMENT_MISSING:
    'Category 3/4: the announcement to the data-review mailing list has not been sent or recorded.',
  DISCUSSION_REQUIRED: 'An area judged the risk high and no live discussion has been held.',
  ESCALATION_OPEN: 'An escalation is waiting for its decision.',
  DECISION_DO_NOT_SHIP: 'An escalation decided: do not ship. This is final.',
  DEFAULT_STATE_INELIGIBLE: 'The requested default state is not allowed for this category and channel.',
  TRUST_APPROVAL_MISSING: 'The category and default state need prior Trust approval from legal_trust.',
  CONSENT_REQUIREMENTS_MISSING:
    'Category 4: advance user notice, consent and opt-out must all be documented.',
  OPT_OUT_UNDOCUMENTED: 'The documentation does not say how users turn the collection off.',
  DATA_SENSITIVITY_MISMATCH:
    "The review's category does not match the data_sensitivity of its Glean metrics (highest wins).",
  COLLECTION_EXPIRED:
    'The collection period has ended; a renewal must be approved by a data steward before it ships again.',
  WITHDRAWN: 'The proposer withdrew the review.',
} as const;

export type BlockerCode = keyof typeof BLOCKER_CODES;
export const BLOCKER_ORDER = Object.keys(BLOCKER_CODES) as BlockerCode[];
export const blockerCodeSchema = z.enum(BLOCKER_ORDER as [BlockerCode, ...BlockerCode[]]);

/** SPEC 15: who must act on an open step. A named person where the review has one; else a role. */
export const OWNER_ROLES = ['proposer', 'data_steward', 'facilitator', 'decision_maker', 'admin'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

/** The action that closes an open step (the name of what the owner does). */
export const STEP_ACTIONS = [
  'complete_request_form',
  'submit',
  'resubmit',
  'revise_documentation',
  'record_steward_review',
  'answer_legal_trust',
  'record_sign_off',
  'reconfirm_sign_off',
  'propose_mitigation',
  'implement_mitigation',
  'judge_mitigation',
  'revise_mitigation',
  'announce',
  'deliver_announcement',
  'hold_discussion',
  'open_escalation',
  'write_position_paper',
  'share_position_papers',
  'comment_on_escalation',
  'decide_escalation',
  'request_renewal',
  'review_renewal',
  'answer_renewal_legal_trust',
  'mark_shipped',
] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** The role that owns a blocker, and the area whose facilitators they are (for `facilitator`). */
export interface BlockerOwner {
  role: OwnerRole;
  area?: Area;
}

export interface Blocker {
  code: BlockerCode;
  message: string;
  area?: Area;
  /** Who must act to clear it; null when nobody can (a final state). */
  owner: BlockerOwner | null;
  /** What they do to clear it; null when nothing can. */
  action: StepAction | null;
  /** The mitigation or escalation it is about, when it is about one. */
  mitigationId?: number;
  escalationId?: number;
}

export const ownerRoleSchema = z.enum(OWNER_ROLES);
export const stepActionSchema = z.enum(STEP_ACTIONS);

export const blockerSchema = z.object({
  code: blockerCodeSchema,
  message: z.string(),
  area: areaSchema.optional(),
  owner: z.object({ role: ownerRoleSchema, area: areaSchema.optional() }).nullable(),
  action: stepActionSchema.nullable(),
  mitigationId: z.number().int().optional(),
  escalationId: z.number().int().optional(),
});

/**
 * Who clears each blocker and how, when nothing more specific is known (the evaluator names the step of an
 * open mitigation, escalation or announcement from its state). null: nobody can; the review never ships so.
 */
export const BLOCKER_STEPS: Record<
  BlockerCode,
  { role: OwnerRole; action: StepAction /** the blocker's area, or this one */; area?: 'own' | Area } | null
> = {
  CHANNEL_NOT_REQUESTED: null,
  NOT_SUBMITTED: { role: 'proposer', action: 'submit' },
  STEWARD_REVIEW_PENDING: { role: 'data_steward', action: 'record_steward_review' },
  STEWARD_RECATEGORISATION_PENDING: { role: 'data_steward', action: 'record_steward_review' },
  LEGAL_TRUST_ANSWER_PENDING: { role: 'facilitator', action: 'answer_legal_trust', area: 'legal_trust' },
  STEWARD_REJECTED: { role: 'proposer', action: 'resubmit' },
  SIGNOFF_MISSING: { role: 'facilitator', action: 'record_sign_off', area: 'own' },
  SIGNOFF_STALE: { role: 'facilitator', action: 'reconfirm_sign_off', area: 'own' },
  CHANGES_REQUESTED: { role: 'proposer', action: 'revise_documentation' },
  SIGNOFF_REJECTED: { role: 'proposer', action: 'open_escalation' },
  MITIGATION_OPEN: { role: 'proposer', action: 'implement_mitigation' },
  ANNOUNCEMENT_MISSING: { role: 'proposer', action: 'announce' },
  DISCUSSION_REQUIRED: { role: 'facilitator', action: 'hold_discussion', area: 'own' },
  ESCALATION_OPEN: { role: 'decision_maker', action: 'decide_escalation' },
  DECISION_DO_NOT_SHIP: null,
  DEFAULT_STATE_INELIGIBLE: { role: 'proposer', action: 'revise_documentation' },
  TRUST_APPROVAL_MISSING: { role: 'facilitator', action: 'record_sign_off', area: 'legal_trust' },
  CONSENT_REQUIREMENTS_MISSING: { role: 'proposer', action: 'revise_documentation' },
  OPT_OUT_UNDOCUMENTED: { role: 'proposer', action: 'revise_documentation' },
  DATA_SENSITIVITY_MISMATCH: { role: 'proposer', action: 'revise_documentation' },
  COLLECTION_EXPIRED: { role: 'proposer', action: 'request_renewal' },
  WITHDRAWN: null,
};

/**
 * The stable order: by code (as in BLOCKER_CODES), then by area (AREAS order; none first), then as
 * produced (the evaluator lists mitigations and escalations by id). Use with the stable Array.sort.
 */
export function compareBlockers(a: Blocker, b: Blocker): number {
  const byCode = BLOCKER_ORDER.indexOf(a.code) - BLOCKER_ORDER.indexOf(b.code);
  if (byCode !== 0) return byCode;
  const areaIndex = (x: Blocker) => (x.area === undefined ? -1 : AREAS.indexOf(x.area));
  return areaIndex(a) - areaIndex(b);
}

/**
 * A blocker with its owner and action (BLOCKER_STEPS, unless `step` names them: the state of a mitigation,
 * escalation or announcement decides who acts next).
 */
export function blocker(
  code: BlockerCode,
  message: string,
  area?: Area,
  step?: { role: OwnerRole; action: StepAction; area?: Area; mitigationId?: number; escalationId?: number },
): Blocker {
  const known = step ?? BLOCKER_STEPS[code];
  // Only a facilitator's role is per area.
  const ownerArea =
    known?.role !== 'facilitator'
      ? undefined
      : known.area === 'own' || known.area === undefined
        ? area
        : known.area;
  const owner: BlockerOwner | null = known
    ? ownerArea === undefined
      ? { role: known.role }
      : { role: known.role, area: ownerArea }
    : null;
  const b: Blocker =
    area === undefined
      ? { code, message, owner, action: known?.action ?? null }
      : { code, message, area, owner, action: known?.action ?? null };
  if (step?.mitigationId !== undefined) b.mitigationId = step.mitigationId;
  if (step?.escalationId !== undefined) b.escalationId = step.escalationId;
  return b;
}
