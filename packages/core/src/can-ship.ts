import { z } from 'zod';
import type { AnnouncementState } from './announcement.ts';
import { isAnnouncementDone, isAnnouncementRequired } from './announcement.ts';
import { AREA_LABELS, AREAS, type Area, areaLabelList } from './areas.ts';
import { type Blocker, blocker, blockerSchema, compareBlockers } from './blockers.ts';
import { type Category, isSensitiveCategory } from './categories.ts';
import { type Channel, channelSchema, type DefaultState } from './channels.ts';
import { defaultStateBlockers } from './default-state.ts';
import { areasRequiringDiscussion, type DiscussionFact, hasHeldDiscussion } from './discussion.ts';
import { areasRefusedByEscalation, areasResolvedByEscalation, type EscalationFact } from './escalation.ts';
import { dataSensitivityMismatch, describeSensitivityMismatch, type GleanSensitivityFact } from './glean.ts';
import {
  isMitigationOpen,
  MITIGATION_KIND_LABELS,
  type MitigationKind,
  type MitigationState,
  mitigationStep,
} from './mitigation.ts';
import { describeExpiry, isExpired, parseExpiry, RENEWABLE_STATUSES, type RenewalFact } from './renewal.ts';
import type { FormFacts } from './request-form.ts';
import type { ReviewStatus, StewardOutcome } from './review-status.ts';
import { hasTrustApproval, isStale, latestSignOffs, type SignOffFact } from './sign-off.ts';

/**
 * Everything the gate needs to know about one review: a plain, serialisable object the DB layer loads
 * with a fixed number of queries, whatever the length of the review's history.
 */
export interface ReviewFacts {
  reviewId: number;
  /** Human-friendly key, e.g. `DR-42`. */
  key: string;
  status: ReviewStatus;
  /** Assigned by the steward; null before the steward review. */
  category: Category | null;
  stewardOutcome: StewardOutcome | null;
  /** The latest documentation revision number; null before the first save. */
  currentRevision: number | null;
  /** The channels the review covers and the default state requested on each. */
  channels: { channel: Channel; defaultState: DefaultState }[];
  /** Informational: category 3/4 rules apply to experiments just the same. */
  runsInExperiments: boolean;
  /** From the current revision of the request form (see `formFacts`). */
  form: FormFacts;
  /** The latest sign-off of each area (older ones may be included; the latest per area counts). */
  signOffs: SignOffFact[];
  mitigations: { id: number; area: Area; kind: MitigationKind; state: MitigationState }[];
  announcement: { state: AnnouncementState };
  discussions: DiscussionFact[];
  escalations: EscalationFact[];
  /**
   * The collection period that counts: the expiry of the latest approved renewal, else the form's
   * `collectionPeriod.expires`. Absent or null: no period to check.
   */
  collectionExpires?: string | null;
  /** The first data-review+ (`YYYY-MM-DD`): where a period of months ("6 months initially") starts. */
  collectionStartsOn?: string | null;
  /** The steward's questions to Trust and Legal still waiting for an answer (review form Q7, Q9). */
  legalTrustQuestionsOpen?: number;
  /** The metrics of the review's latest Glean import with their data_sensitivity; absent or empty: none. */
  gleanMetrics?: GleanSensitivityFact[];
  /**
   * The review's renewals (SPEC 12), oldest first: a requested one waits for a data steward's renewal review, or
   * for Trust and Legal's answer to the steward's question on it. Absent: none.
   */
  renewals?: RenewalFact[];
  /**
   * A draft or returned review: what its current request form still misses before it may go to a data steward
   * (missingForSubmission, as paths; empty: complete). Absent: not known (or not asked: any other status).
   */
  submissionMissing?: string[];
}

export interface CanShipResult {
  reviewId: number;
  channel: Channel;
  canShip: boolean;
  revision: number | null;
  blockers: Blocker[];
  evaluatedAt: string;
}

export const canShipResultSchema = z.object({
  reviewId: z.number().int(),
  channel: channelSchema,
  canShip: z.boolean(),
  revision: z.number().int().nullable(),
  blockers: z.array(blockerSchema),
  evaluatedAt: z.iso.datetime(),
});

const STEWARD_PASSED: readonly ReviewStatus[] = ['sensitive_review', 'approved', 'shipped'];
const CHANNEL_NAMES: Record<Channel, string> = { release: 'release', pre_release: 'pre-release' };

const ANNOUNCEMENT_MESSAGES: Record<AnnouncementState, string> = {
  none: 'The announcement to the data-review mailing list has not been sent or recorded.',
  queued: 'The announcement to the data-review mailing list is queued and not yet sent.',
  failing:
    'The announcement to the data-review mailing list could not be delivered yet; it is being retried.',
  sent: '',
  recorded: '',
};

/**
 * "Can this review ship on this channel?" (SPEC 11). One pure function of the review's facts: `canShip`
 * is true only when nothing blocks. Blockers come out in the order of BLOCKER_CODES, then by area.
 */
export function evaluateCanShip(facts: ReviewFacts, channel: Channel, now: Date): CanShipResult {
  const blockers: Blocker[] = [];
  const requested = facts.channels.find((c) => c.channel === channel);
  if (!requested) {
    const covered = facts.channels.map((c) => CHANNEL_NAMES[c.channel]).join(', ') || 'no channel';
    blockers.push(
      blocker('CHANNEL_NOT_REQUESTED', `${facts.key} covers ${covered}, not ${CHANNEL_NAMES[channel]}.`),
    );
  }

  if (facts.status === 'withdrawn') {
    // Nothing else matters for a withdrawn review.
    blockers.push(blocker('WITHDRAWN', `${facts.key} was withdrawn by its proposer.`));
    return result(facts, channel, blockers, now);
  }

  // Steps 1–2: submitted, reviewed by a steward, data-review+.
  const category = facts.category;
  const stewardPassed =
    STEWARD_PASSED.includes(facts.status) && facts.stewardOutcome === 'data-review+' && category !== null;
  if (facts.status === 'draft') {
    blockers.push(
      blocker('NOT_SUBMITTED', `${facts.key} is a draft; submit the request form to a data steward.`),
    );
  } else if (facts.status === 'returned' || facts.stewardOutcome === 'data-review-') {
    blockers.push(
      blocker(
        'STEWARD_REJECTED',
        `The data steward returned ${facts.key} (data-review-); revise and resubmit it.`,
      ),
    );
  } else if (!stewardPassed) {
    blockers.push(blocker('STEWARD_REVIEW_PENDING', `${facts.key} is waiting for a data steward's review.`));
  }
  // "The steward characterises the collection by its highest category": a later measurement above it
  // sends the review back to a steward; nothing ships on the old category.
  const highest = facts.form.highestMeasurementCategory ?? null;
  if (category !== null && highest !== null && highest > category)
    blockers.push(
      blocker(
        'STEWARD_RECATEGORISATION_PENDING',
        `${facts.key} is category ${category}, but its documentation now lists a category ${highest} measurement; a data steward must re-categorise it.`,
      ),
    );

  const revision = facts.currentRevision ?? 0;
  const sensitive = stewardPassed && isSensitiveCategory(category);

  // Step 3: "Data collection may not be shipped to users until final sign-offs have been obtained."
  if (sensitive) {
    const latest = latestSignOffs(facts.signOffs);
    const resolved = areasResolvedByEscalation(facts.escalations);
    // SPEC 9: `do_not_ship` blocks for good. The area's objection stands, and nobody can clear it any more
    // (neither a revision nor another escalation: the decision is final).
    const refused = areasRefusedByEscalation(facts.escalations);
    for (const area of AREAS) {
      const s = latest.get(area);
      const name = AREA_LABELS[area];
      if (!s) {
        blockers.push(blocker('SIGNOFF_MISSING', `${name} has not signed off.`, area));
      } else if (isStale(s, revision)) {
        blockers.push(
          blocker(
            'SIGNOFF_STALE',
            `The ${name} sign-off is on revision ${s.revision}, the documentation is at revision ${revision}; a facilitator of ${name} must re-confirm it.`,
            area,
          ),
        );
      } else if (s.decision === 'changes_requested' && !resolved.has(area)) {
        blockers.push(finalIf(refused, blocker('CHANGES_REQUESTED', `${name} requested changes.`, area)));
      } else if (s.decision === 'rejected' && !resolved.has(area)) {
        blockers.push(
          finalIf(refused, blocker('SIGNOFF_REJECTED', `${name} rejected the collection.`, area)),
        );
      }
    }
  }

  // SPEC 7: anything not accepted or withdrawn blocks shipping.
  for (const m of [...facts.mitigations].sort((a, b) => a.id - b.id)) {
    if (isMitigationOpen(m.state)) {
      blockers.push(
        blocker(
          'MITIGATION_OPEN',
          `A ${AREA_LABELS[m.area]} mitigation (${MITIGATION_KIND_LABELS[m.kind]}) is ${m.state}; it must be accepted or withdrawn.`,
          m.area,
          { ...mitigationStep(m), mitigationId: m.id },
        ),
      );
    }
  }

  // "…and an announcement to a mailing list" (category 3 and 4, pre-release and experiments included).
  if (sensitive && isAnnouncementRequired(category) && !isAnnouncementDone(facts.announcement.state)) {
    // Not sent or recorded: the proposer's to send; queued or failing: the outbox's (its admins) to deliver.
    const state = facts.announcement.state;
    blockers.push(
      blocker(
        'ANNOUNCEMENT_MISSING',
        ANNOUNCEMENT_MESSAGES[state],
        undefined,
        state === 'none'
          ? { role: 'proposer', action: 'announce' }
          : { role: 'admin', action: 'deliver_announcement' },
      ),
    );
  }

  // SPEC 5: any area at risk high requires a held live discussion.
  for (const area of areasRequiringDiscussion(facts.signOffs)) {
    if (!hasHeldDiscussion(facts.discussions, area)) {
      blockers.push(
        blocker(
          'DISCUSSION_REQUIRED',
          `${AREA_LABELS[area]} judged the risk high; a live discussion must be held.`,
          area,
        ),
      );
    }
  }

  // SPEC 9: an open escalation blocks; `do_not_ship` blocks for good.
  for (const e of [...facts.escalations].sort((a, b) => a.id - b.id)) {
    const areas = areaLabelList(e.areas);
    const area = e.areas.length === 1 ? e.areas[0] : undefined;
    if (e.state === 'open') {
      blockers.push(
        blocker('ESCALATION_OPEN', `The escalation of ${areas} is waiting for its decision.`, area, {
          role: 'decision_maker',
          action: 'decide_escalation',
          escalationId: e.id,
        }),
      );
    } else if (e.decision === 'do_not_ship') {
      blockers.push({
        ...blocker('DECISION_DO_NOT_SHIP', `The escalation of ${areas} decided: do not ship.`, area),
        escalationId: e.id,
      });
    }
  }

  // SPEC 6: default state eligibility for this category and channel; every collection documents its opt-out.
  if (stewardPassed && requested) {
    blockers.push(
      ...defaultStateBlockers(category, channel, requested.defaultState, {
        trustApproval: hasTrustApproval(facts.signOffs, revision),
        acceptedMitigations: facts.mitigations.filter((m) => m.state === 'accepted').length,
        advanceNotice: facts.form.advanceUserNotice,
        consent: facts.form.consentMechanism,
        optOut: facts.form.optOutMechanism,
        optOutDocumented: facts.form.optOutDocumented,
      }),
    );
  } else if (!facts.form.optOutDocumented) {
    blockers.push(blocker('OPT_OUT_UNDOCUMENTED', 'Every collection must document how users turn it off.'));
  }

  // "the data classification … should match the data_sensitivity property in the metric definitions."
  const mismatch = dataSensitivityMismatch(facts.category, facts.gleanMetrics ?? []);
  if (mismatch)
    blockers.push(blocker('DATA_SENSITIVITY_MISMATCH', describeSensitivityMismatch(facts.key, mismatch)));

  // review.md Q7/Q9: "escalate to legal"; the review waits for Legal/Trust's answer.
  if ((facts.legalTrustQuestionsOpen ?? 0) > 0)
    blockers.push(
      blocker(
        'LEGAL_TRUST_ANSWER_PENDING',
        `The data steward asked Trust and Legal about ${facts.key}; it waits for their answer.`,
      ),
    );

  // SPEC 12: a collection past its period ships only after a renewal.
  const expiry = parseExpiry(facts.collectionExpires, facts.collectionStartsOn ?? null);
  if (isExpired(expiry, now))
    blockers.push(
      // Only an approved or shipped collection is renewed (assertMayAskForRenewal); before that, the proposer
      // changes the period in the request form.
      (RENEWABLE_STATUSES as readonly ReviewStatus[]).includes(facts.status)
        ? blocker(
            'COLLECTION_EXPIRED',
            `The collection period of ${facts.key} has ended (${describeExpiry(expiry)}); request a renewal and have a data steward approve it.`,
          )
        : blocker(
            'COLLECTION_EXPIRED',
            `The collection period of ${facts.key} has ended (${describeExpiry(expiry)}); change it in the request form (question 7).`,
            undefined,
            { role: 'proposer', action: 'revise_documentation' },
          ),
    );

  return result(facts, channel, blockers, now);
}

/** A blocker of an area an escalation decided `do_not_ship` on: final, so it has no owner and no action. */
const finalIf = (refused: ReadonlySet<Area>, b: Blocker): Blocker =>
  b.area !== undefined && refused.has(b.area) ? { ...b, owner: null, action: null } : b;

function result(facts: ReviewFacts, channel: Channel, blockers: Blocker[], now: Date): CanShipResult {
  // SPEC 9: "do_not_ship blocks for good": nothing anyone does makes the review shippable, so no blocker names an
  // owner or an action (openSteps asks nothing of anyone either).
  const never = facts.escalations.some((e) => e.state === 'decided' && e.decision === 'do_not_ship');
  const sorted = [...blockers]
    .sort(compareBlockers)
    .map((b) => (never ? { ...b, owner: null, action: null } : b));
  return {
    reviewId: facts.reviewId,
    channel,
    canShip: sorted.length === 0,
    revision: facts.currentRevision,
    blockers: sorted,
    evaluatedAt: now.toISOString(),
  };
}
