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
} from './request-form.ts';
import {
  nextStatusAfterStewardReview,
  type ReviewRef,
  type ReviewStatus,
  STEWARD_OUTCOMES,
  type StewardOutcome,
} from './review-status.ts';

export const STEWARD_ANSWERS = ['yes', 'no', 'not_applicable'] as const;
export type StewardAnswer = (typeof STEWARD_ANSWERS)[number];

/** The yes/no questions of Mozilla's data review form (category and default state are asked apart). */
export const STEWARD_QUESTIONS = [
  {
    key: 'publicDocumentation',
    question:
      'Is there or will there be documentation that describes the schema for the ultimate data set in a public, complete, and accurate way?',
  },
  {
    key: 'userControl',
    question: 'Is there a control mechanism that allows the user to turn the data collection on and off?',
  },
  {
    key: 'monitoring',
    question:
      'If the request is for permanent data collection, is there someone who will monitor the data over time?',
  },
  {
    key: 'newIdentifiers',
    question:
      'Does the instrumentation include the addition of any new identifiers (anonymous or otherwise)?',
  },
  {
    key: 'privacyNoticeCoverage',
    question: 'Is the data collection covered by the existing privacy notice?',
  },
  { key: 'thirdPartyTool', question: 'Does the data collection use a third-party collection tool?' },
] as const;
export type StewardQuestion = (typeof STEWARD_QUESTIONS)[number]['key'];

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
    thirdPartyTool: answerSchema,
  }),
  /** Defaults to the highest measurement category; another one needs `categoryReason`. */
  category: categorySchema.optional(),
  categoryReason: z.string().trim().min(1).max(2_000).optional(),
  /** "Is the data collection request for default-on or default-off?" */
  defaultState: z.enum(['on', 'off', 'varies_by_channel']),
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
}

/** Who reviews a request, and when: a data steward who is not on its proposer's side, once it is submitted. */
export function assertMayRecordStewardReview({ actor, review }: { actor: Actor; review: ReviewRef }): void {
  if (!actor.isSteward) throw new DomainError('FORBIDDEN', 'Only a data steward records a data review.');
  assertNotProposerSide(actor, review, 'review it as a data steward');
  if (review.status !== 'submitted') {
    throw new DomainError(
      'RULE_VIOLATION',
      `Only a submitted request is reviewed by a steward; this review is ${review.status}.`,
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
      if (r.answers[key].answer !== 'yes') {
        throw new DomainError('RULE_VIOLATION', `data-review+ needs "yes" to: ${questionText(key)}`, {
          field: `answers.${key}`,
        });
      }
    }
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
      `Only a reviewed collection is re-categorised; this review is ${review.status}.`,
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
