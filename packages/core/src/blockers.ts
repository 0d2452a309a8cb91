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

export interface Blocker {
  code: BlockerCode;
  message: string;
  area?: Area;
}

export const blockerSchema = z.object({
  code: blockerCodeSchema,
  message: z.string(),
  area: areaSchema.optional(),
});

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

export const blocker = (code: BlockerCode, message: string, area?: Area): Blocker =>
  area === undefined ? { code, message } : { code, message, area };
