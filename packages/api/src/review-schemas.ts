import {
  ANNOUNCEMENT_METHODS,
  AREAS,
  BLOCKER_ORDER,
  blockerCodeSchema,
  CHANNELS,
  canShipResultSchema,
  channelSchema,
  DEFAULT_STATES,
  DISCUSSION_STATES,
  draftRequestFormSchema,
  EXTERNAL_REF_KINDS,
  MITIGATION_KINDS,
  MITIGATION_MOVE_NAMES,
  MITIGATION_STATES,
  MITIGATION_THREAD_MOVES,
  OWNER_ROLES,
  PIPELINE_STAGES,
  PIPELINE_STATES,
  REVIEW_ACTIONS,
  REVIEW_STATUSES,
  RISKS,
  SIGN_OFF_DECISIONS,
  STEWARD_DEFAULT_STATES,
  STEWARD_OUTCOMES,
  stepActionSchema,
  VISIBILITIES,
} from '@signoff/core';
import { z } from 'zod';

/** A review named by its key (`DR-42`) or internal id. */
export const reviewRefSchema = z.union([
  z.number().int().positive(),
  z
    .string()
    .trim()
    .regex(/^(DR-)?\d{1,15}$/i, 'a review key like DR-42 or an id'),
]);

export const idempotencyKeySchema = z.string().min(8).max(200).optional();

const iso = z.string();
const area = z.enum(AREAS);

export const channelRequestSchema = z.object({
  channel: z.enum(CHANNELS),
  defaultState: z.enum(DEFAULT_STATES),
});
export const externalRefSchema = z.object({
  kind: z.enum(EXTERNAL_REF_KINDS),
  value: z.string().trim().min(1).max(500),
});

export const reviewSummarySchema = z.object({
  id: z.number(),
  key: z.string(),
  title: z.string(),
  status: z.enum(REVIEW_STATUSES),
  productId: z.number(),
  productName: z.string(),
  category: z.number().nullable(),
  visibility: z.enum(VISIBILITIES),
  currentRevision: z.number(),
  proposerId: z.number(),
  updatedAt: iso,
});

export const signOffViewSchema = z.object({
  id: z.number(),
  area,
  revision: z.number(),
  facilitatorId: z.number(),
  facilitatorName: z.string(),
  risk: z.enum(RISKS),
  decision: z.enum(SIGN_OFF_DECISIONS),
  rationale: z.string(),
  precedentReviewId: z.number().nullable(),
  /** The precedent as the product shows it (`DR-9`), shown on the sign-off. */
  precedentKey: z.string().nullable(),
  trustApproval: z.boolean(),
  createdAt: iso,
});

export const reviewViewSchema = reviewSummarySchema.extend({
  privateReason: z.string().nullable(),
  runsInExperiments: z.boolean(),
  requesterId: z.number(),
  engineeringOwnerId: z.number().nullable(),
  stewardOutcome: z.enum(STEWARD_OUTCOMES).nullable(),
  /** The data steward the proposer requested at submission (any steward may still take it). */
  requestedSteward: z.object({ id: z.number(), name: z.string() }).nullable(),
  channels: z.array(channelRequestSchema),
  externalRefs: z.array(externalRefSchema),
  createdAt: iso,
  form: draftRequestFormSchema,
  revisions: z.array(
    z.object({
      number: z.number(),
      authorId: z.number(),
      authorName: z.string(),
      createdAt: iso,
      contentHash: z.string(),
    }),
  ),
  stewardReviews: z.array(
    z.object({
      id: z.number(),
      revision: z.number(),
      stewardId: z.number(),
      category: z.number(),
      categoryReason: z.string().nullable(),
      outcome: z.enum(STEWARD_OUTCOMES),
      answers: z.record(z.string(), z.unknown()),
      /** review.md Q2's exception and Q5; null for reviews recorded before they were kept. */
      neededForSecurity: z.boolean().nullable(),
      defaultState: z.enum(STEWARD_DEFAULT_STATES).nullable(),
      returnedQuestions: z.array(z.object({ field: z.string(), note: z.string() })),
      review: z.string().nullable(),
      createdAt: iso,
    }),
  ),
  areas: z.array(
    z.object({
      area,
      state: z.enum(['missing', 'stale', 'current']),
      current: signOffViewSchema.nullable(),
      history: z.array(signOffViewSchema),
      reviewers: z.array(z.object({ personId: z.number(), name: z.string(), email: z.string() })),
    }),
  ),
  comments: z.array(
    z.object({
      id: z.number(),
      area: area.nullable(),
      authorId: z.number(),
      authorName: z.string(),
      body: z.string(),
      /** The comment this one answers (threads), or null. */
      replyTo: z.number().nullable(),
      createdAt: iso,
    }),
  ),
  mitigations: z.array(
    z.object({
      id: z.number(),
      area,
      kind: z.enum(MITIGATION_KINDS),
      description: z.string(),
      state: z.enum(MITIGATION_STATES),
      implementedRevision: z.number().nullable(),
      decisionNote: z.string().nullable(),
      createdBy: z.number(),
      updatedAt: iso,
      /** The exchange on it, oldest first: the text it was opened with, then replies and notes (move). */
      thread: z.array(
        z.object({
          id: z.number(),
          authorId: z.number(),
          authorName: z.string(),
          move: z.enum(MITIGATION_THREAD_MOVES),
          body: z.string(),
          createdAt: iso,
        }),
      ),
    }),
  ),
  discussions: z.array(
    z.object({
      id: z.number(),
      area: area.nullable(),
      state: z.enum(DISCUSSION_STATES),
      scheduledFor: iso,
      attendeeIds: z.array(z.number()),
      agenda: z.string(),
      notes: z.string().nullable(),
      outcome: z.string().nullable(),
    }),
  ),
  announcements: z.array(
    z.object({
      id: z.number(),
      method: z.enum(ANNOUNCEMENT_METHODS),
      archiveLink: z.string().nullable(),
      createdAt: iso,
      /** For mail sent through the outbox: queued, sent (with Message-ID and time) or failing (last error). */
      delivery: z.enum(['queued', 'sent', 'failing']).nullable(),
      messageId: z.string().nullable(),
      /** Where an outbox mail goes (the mailing list); empty for an announcement recorded by hand. */
      to: z.array(z.string()),
      sentAt: iso.nullable(),
      lastError: z.string().nullable(),
      /** Why an outbox mail is not sent yet, in words (e.g. no mail server is configured); null once sent. */
      deliveryNote: z.string().nullable(),
    }),
  ),
  /** The gate's answer on each channel the review covers. */
  canShip: z.array(canShipResultSchema),
  /** The channels the review does not cover (it can never ship there as it stands). */
  channelsNotCovered: z.array(channelSchema),
  /** SPEC 15: every open step of the review, its owner and whether it waits on another step. */
  openSteps: z.array(
    z.object({
      action: stepActionSchema,
      owner: z.object({
        role: z.enum([...OWNER_ROLES, 'party']),
        area: area.optional(),
        personIds: z.array(z.number()),
      }),
      area: area.optional(),
      mitigationId: z.number().optional(),
      escalationId: z.number().optional(),
      /** The renewal a renewal's step is about (its review, or Trust and Legal's answer on it). */
      renewalId: z.number().optional(),
      blocker: blockerCodeSchema.optional(),
      ready: z.boolean(),
      waitsFor: z.array(z.object({ action: stepActionSchema, area: area.optional() })),
    }),
  ),
  /** What the signed-in person may do now, and for what they may not, why (screens enable only these). */
  allowedActions: z.array(
    z.object({
      action: z.enum(REVIEW_ACTIONS),
      area: area.optional(),
      mitigationId: z.number().optional(),
      escalationId: z.number().optional(),
      /** hold_discussion / cancel_discussion: which discussion. */
      discussionId: z.number().optional(),
      /** record_escalation_meeting: which meeting of `escalationId`. */
      meetingId: z.number().optional(),
      /** review_renewal / answer_renewal_legal_trust: which renewal. */
      renewalId: z.number().optional(),
      move: z.enum(MITIGATION_MOVE_NAMES).optional(),
      allowed: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
  /** Issue 15: the review's way through the process as stages, each part with its state, owner and date. */
  pipeline: z.array(
    z.object({
      stage: z.enum(PIPELINE_STAGES),
      state: z.enum(PIPELINE_STATES),
      parts: z.array(
        z.object({
          part: z.enum(['request', 'steward', ...AREAS, 'announcement', 'ship']),
          state: z.enum(PIPELINE_STATES),
          personIds: z.array(z.number()),
          role: z.enum([...OWNER_ROLES, 'party']).nullable(),
          action: stepActionSchema.nullable(),
          at: iso.nullable(),
        }),
      ),
    }),
  ),
  /** Display names of the people named by id in openSteps, pipeline and timeline. */
  people: z.array(z.object({ id: z.number(), name: z.string() })),
  timeline: z.array(
    z.object({
      seq: z.number(),
      action: z.string(),
      actor: z.string(),
      /** The acting person's display name (null for the system or a token without a person). */
      actorName: z.string().nullable(),
      subject: z.string().nullable(),
      at: iso,
    }),
  ),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const blockerCodes = BLOCKER_ORDER;

/** May the signed-in person do this, and if not, why (the refusing rule's words). */
export const verdictSchema = z.object({ allowed: z.boolean(), reason: z.string().nullable() });
