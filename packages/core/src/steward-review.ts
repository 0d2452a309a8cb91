import { z } from 'zod';
import type { Actor } from './actor.ts';
import { type Category, categorySchema } from './categories.ts';
import { DomainError } from './errors.ts';
import { assertNotProposerSide } from './participation.ts';
import {
  type DraftRequestForm,
  highestMeasurementCategory,
  missingForSubmission,
  requestFormFieldSchema,
  THIRD_PARTY_DATA_PATHS,
  usesThirdPartyTool,
} from './request-form.ts';
import {
  nextStatusAfterStewardReview,
  type ReviewRef,
  type ReviewStatus,
  STEWARD_OUTCOMES,
  type StewardOutcome,
} from './review-status.ts';
import { thisReviewIs } from './vocabulary.ts';

/** `unsure` answers review.md Q7 ("Is the data collection covered by the existing Firefox privacy notice?"). */
export const STEWARD_ANSWERS = ['yes', 'no', 'not_applicable', 'unsure'] as const;
export type StewardAnswer = (typeof STEWARD_ANSWERS)[number];

/**
 * The yes/no questions of Mozilla's data review form, with their number in review.md (category, Q4, and
 * default state, Q5, are asked apart).
 */
export const STEWARD_QUESTIONS = [
  {
    key: 'publicDocumentation',
    number: 1,
    question:
      'Is there or will there be documentation that describes the schema for the ultimate data set in a public, complete, and accurate way?',
  },
  {
    key: 'userControl',
    number: 2,
    question:
      'Is there a control mechanism that allows the user to turn the data collection on and off? (Note, for data collection not needed for security purposes, Mozilla provides such a control mechanism) Provide details as to the control mechanism available.',
  },
  {
    key: 'monitoring',
    number: 3,
    question:
      'If the request is for permanent data collection, is there someone who will monitor the data over time?',
  },
  {
    key: 'newIdentifiers',
    number: 6,
    question:
      'Does the instrumentation include the addition of any new identifiers (anonymous or otherwise)?',
  },
  {
    key: 'privacyNoticeCoverage',
    number: 7,
    question:
      'Is the data collection covered by the existing Firefox privacy notice? If unsure: escalate to legal if the data includes new identifiers, or falls within category 3 (stored content & communications) and is default-on.',
  },
  {
    key: 'renewalCheckIn',
    number: 8,
    question:
      'Does there need to be a check-in in the future to determine whether to renew the data? (If yes, set a todo reminder or file a bug if appropriate.)',
  },
  {
    key: 'thirdPartyTool',
    number: 9,
    question: 'Does the data collection use a third-party collection tool? If yes, escalate to legal.',
  },
] as const;

/** Why a steward review escalates to Trust and Legal (review.md Q7 and Q9). */
export const LEGAL_TRUST_REASONS = {
  new_identifiers: 'The data includes new identifiers and the privacy notice may not cover it.',
  category_3_default_on:
    'The data falls within category 3 or above and is default-on, and the privacy notice may not cover it.',
  not_covered_by_privacy_notice: 'The existing privacy notice does not cover the collection.',
  third_party_tool: 'The collection uses a third-party collection tool.',
} as const;
export type LegalTrustReason = keyof typeof LEGAL_TRUST_REASONS;

/**
 * review.md Q7: "If unsure: escalate to legal if the data includes new identifiers; OR the data falls within
 * Category 3 AND is default-on"; a notice that does not cover it goes to legal as well. Q9: "Does the data
 * collection use a third-party collection tool? If yes, escalate to legal."
 */
export function legalTrustReasons(
  answers: {
    newIdentifiers: { answer: StewardAnswer };
    privacyNoticeCoverage: { answer: StewardAnswer };
    thirdPartyTool: { answer: StewardAnswer };
  },
  category: Category,
  defaultState: StewardDefaultState,
): LegalTrustReason[] {
  const reasons: LegalTrustReason[] = [];
  const coverage = answers.privacyNoticeCoverage.answer;
  if (coverage === 'no') reasons.push('not_covered_by_privacy_notice');
  if (coverage === 'unsure') {
    if (answers.newIdentifiers.answer === 'yes') reasons.push('new_identifiers');
    if (category >= 3 && defaultState !== 'off') reasons.push('category_3_default_on');
  }
  if (answers.thirdPartyTool.answer === 'yes') reasons.push('third_party_tool');
  return reasons;
}
export type StewardQuestion = (typeof STEWARD_QUESTIONS)[number]['key'];

/** review.md Q5: "Is the data collection request for default-on or default-off?" (or it varies by channel). */
export const STEWARD_DEFAULT_STATES = ['on', 'off', 'varies_by_channel'] as const;
export type StewardDefaultState = (typeof STEWARD_DEFAULT_STATES)[number];
/** The steward's question to Trust and Legal: open until a facilitator of Legal/Trust answers it. */
export const LEGAL_TRUST_QUESTION_STATES = ['open', 'answered'] as const;
export type LegalTrustQuestionState = (typeof LEGAL_TRUST_QUESTION_STATES)[number];

const answerSchema = z.object({
  answer: z.enum(STEWARD_ANSWERS),
  note: z.string().trim().max(2_000).optional(),
});

export const stewardReviewSchema = z.object({
  answers: z.object({
    publicDocumentation: answerSchema,
    userControl: answerSchema,
    monitoring: answerSchema,
    newIdentifiers: answerSchema,
    privacyNoticeCoverage: answerSchema,
    /** Q8; forms recorded before it was asked have none. */
    renewalCheckIn: answerSchema.optional(),
    thirdPartyTool: answerSchema,
  }),
  /** Q2's exception: the collection is needed for security purposes, so it may have no user control. */
  neededForSecurity: z.boolean().default(false),
  /** Defaults to the highest measurement category; another one needs `categoryReason`. */
  category: categorySchema.optional(),
  categoryReason: z.string().trim().min(1).max(2_000).optional(),
  /** "Is the data collection request for default-on or default-off?" */
  defaultState: z.enum(STEWARD_DEFAULT_STATES),
  outcome: z.enum(STEWARD_OUTCOMES),
  /** With `data-review-`: the questions left unanswered or answered wrongly. */
  returnedQuestions: z
    .array(z.object({ field: requestFormFieldSchema, note: z.string().trim().min(1).max(2_000) }))
    .max(50)
    .default([]),
  /** The steward's written review. */
  review: z.string().trim().min(1).max(10_000),
});
export type StewardReviewInput = z.input<typeof stewardReviewSchema>;

export interface StewardReviewResult {
  outcome: StewardOutcome;
  category: Category;
  categoryOverridden: boolean;
  returnedQuestions: { field: string; note: string }[];
  nextStatus: ReviewStatus;
  /** Non-empty: the review waits for Trust and Legal's answer (LEGAL_TRUST_ANSWER_PENDING). */
  legalTrustReasons: LegalTrustReason[];
}

/** Who reviews a request, and when: a data steward who is not on its proposer's side, once it is submitted. */
export function assertMayRecordStewardReview({ actor, review }: { actor: Actor; review: ReviewRef }): void {
  if (!actor.isSteward) throw new DomainError('FORBIDDEN', 'Only a data steward records a data review.');
  assertNotProposerSide(actor, review, 'review it as a data steward');
  if (review.status !== 'submitted') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Only a submitted request is reviewed by a steward; ${thisReviewIs(review.status)}.`,
      { current: review.status, allowed: [] },
    );
  }
}

/**
 * Step 2: a data steward reviews a submitted request, assigns its category and records `data-review+` or
 * `data-review-`. The steward never reviews a request they propose.
 */
export function recordStewardReview({
  actor,
  review,
  form,
  input,
}: {
  actor: Actor;
  review: ReviewRef;
  form: DraftRequestForm;
  input: StewardReviewInput;
}): StewardReviewResult {
  assertMayRecordStewardReview({ actor, review });
  const parsed = stewardReviewSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError('VALIDATION', `Invalid data review: ${issue?.path.join('.')}: ${issue?.message}`, {
      field: issue?.path.join('.'),
    });
  }
  const r = parsed.data;

  // "The category defaults to the highest category among the measurements; a steward may set another with a reason."
  const highest = highestMeasurementCategory(form);
  const category = r.category ?? highest;
  if (category === null) {
    throw new DomainError('VALIDATION', 'No measurement has a category; the steward must assign one.', {
      field: 'category',
    });
  }
  const categoryOverridden = highest !== null && category !== highest;
  if (categoryOverridden && !r.categoryReason) {
    throw new DomainError(
      'VALIDATION',
      `The measurements say category ${highest}; assigning category ${category} needs a reason.`,
      { field: 'categoryReason' },
    );
  }

  if (r.outcome === 'data-review-' && r.returnedQuestions.length === 0) {
    throw new DomainError('VALIDATION', 'data-review- lists the unanswered or wrong questions.', {
      field: 'returnedQuestions',
    });
  }
  if (r.outcome === 'data-review+') {
    // "The basic mechanics of what is being measured is documented publicly"; "Users must have a way to turn off data collection."
    for (const key of ['publicDocumentation', 'userControl'] as const) {
      // Q2: "for data collection not needed for security purposes, Mozilla provides such a control mechanism".
      if (key === 'userControl' && r.neededForSecurity && r.answers.userControl.note) continue;
      if (r.answers[key].answer !== 'yes') {
        throw new DomainError('RULE_VIOLATION', `data-review+ needs "yes" to: ${questionText(key)}`, {
          field: `answers.${key}`,
        });
      }
    }
    // Request Q12 names a third-party tool: review Q9 "If yes, escalate to legal" cannot be answered otherwise.
    if (usesThirdPartyTool(form.thirdPartyDataPath) && r.answers.thirdPartyTool.answer !== 'yes')
      throw new DomainError(
        'RULE_VIOLATION',
        `The request names a third-party tool (question 12: ${THIRD_PARTY_DATA_PATHS[form.thirdPartyDataPath ?? 'no_third_party_tool']}); answer "yes" to: ${questionText('thirdPartyTool')}`,
        { field: 'answers.thirdPartyTool' },
      );
    // "complete and appropriate answers to questions on the request form", for the assigned category.
    const missing = missingForSubmission(form, category);
    if (missing.length > 0) {
      throw new DomainError(
        'RULE_VIOLATION',
        `data-review+ needs a complete request form for category ${category}; missing: ${missing.join(', ')}.`,
        { field: 'outcome', missing },
      );
    }
  }

  return {
    outcome: r.outcome,
    category,
    categoryOverridden,
    returnedQuestions: r.outcome === 'data-review-' ? r.returnedQuestions : [],
    nextStatus: nextStatusAfterStewardReview(review.status, r.outcome, category),
    legalTrustReasons:
      r.outcome === 'data-review+' ? legalTrustReasons(r.answers, category, r.defaultState) : [],
  };
}

const questionText = (key: StewardQuestion) => STEWARD_QUESTIONS.find((q) => q.key === key)?.question ?? key;

/** A measurement whose category a steward corrects while re-categorising, with the reason recorded on it. */
export interface MeasurementCorrection {
  measurement: string;
  category: Category;
  reason: string;
}

export const recategorisationSchema = z.object({
  category: categorySchema,
  reason: z.string().trim().min(1).max(10_000),
  corrections: z
    .array(
      z.object({
        measurement: z.string().trim().min(1).max(200),
        category: categorySchema,
        reason: z.string().trim().min(1).max(10_000),
      }),
    )
    .max(500)
    .default([]),
});

/**
 * A data steward re-categorises a reviewed collection whose documentation now lists a measurement above its
 * category. The category is at least the highest measurement's, unless the steward corrects those
 * measurements' categories (each with a reason, recorded on the measurement); `highestAfterCorrections` is
 * the highest category once the corrections are applied.
 */
export function assertMayRecategorise({
  actor,
  review,
  current,
  highest,
  category,
  reason,
  corrections = [],
  highestAfterCorrections = highest,
}: {
  actor: Actor;
  review: ReviewRef;
  current: Category | null;
  highest: Category | null;
  category: Category;
  reason: string;
  corrections?: readonly MeasurementCorrection[];
  highestAfterCorrections?: Category | null;
}): void {
  if (!actor.isSteward) throw new DomainError('FORBIDDEN', 'Only a data steward re-categorises a review.');
  assertNotProposerSide(actor, review, 're-categorise it');
  if (!['sensitive_review', 'approved'].includes(review.status))
    throw new DomainError(
      'RULE_VIOLATION',
      `Only a reviewed collection is re-categorised; ${thisReviewIs(review.status)}.`,
      { current: review.status },
    );
  if (reason.trim() === '')
    throw new DomainError('VALIDATION', 'A re-categorisation needs a reason.', { field: 'reason' });
  for (const c of corrections)
    if (c.reason.trim() === '')
      throw new DomainError('VALIDATION', `The correction of ${c.measurement} needs a reason.`, {
        field: 'corrections',
      });
  const floor = corrections.length > 0 ? highestAfterCorrections : highest;
  if (floor !== null && category < floor)
    throw new DomainError(
      'RULE_VIOLATION',
      `The highest measurement is category ${floor}; the review cannot be category ${category} unless that measurement's category is corrected (with a reason).`,
      { field: 'category', highest: floor, current },
    );
}

export const legalTrustAnswerSchema = z.object({
  /** Trust and Legal's answer to the steward's question, for the record. */
  answer: z.string().trim().min(1).max(10_000),
});

/** Trust and Legal answer the steward's escalation: a facilitator of legal_trust not on the proposer's side. */
/** Trust and Legal answer only while a question of the data steward's waits for them (`open`: how many). */
export function assertLegalTrustQuestionOpen(reviewKey: string, open: number): void {
  if (open === 0)
    throw new DomainError('RULE_VIOLATION', `${reviewKey} has no question waiting for Trust and Legal.`, {
      current: 'answered',
    });
}

export function assertMayAnswerLegalTrust({ actor, review }: { actor: Actor; review: ReviewRef }): void {
  if (!actor.facilitatorAreas.includes('legal_trust'))
    throw new DomainError(
      'FORBIDDEN',
      "Only a facilitator of legal/trust answers a data steward's escalation.",
    );
  assertNotProposerSide(actor, review, 'answer for Trust and Legal');
}
