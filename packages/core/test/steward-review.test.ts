import { describe, expect, it } from 'vitest';
import { legalTrustReasons, recordStewardReview, type StewardReviewInput } from '../src/index.ts';
import {
  actor,
  category4Fields,
  completeForm,
  domainError,
  PROPOSER,
  review,
  sensitiveFields,
  steward,
} from './fixtures.ts';

const yes = { answer: 'yes' as const };
const plus: StewardReviewInput = {
  answers: {
    publicDocumentation: yes,
    userControl: yes,
    monitoring: { answer: 'not_applicable' },
    newIdentifiers: { answer: 'no' },
    privacyNoticeCoverage: yes,
    thirdPartyTool: { answer: 'no' },
  },
  defaultState: 'on',
  outcome: 'data-review+',
  review: 'Lean and documented.',
};
const minus: StewardReviewInput = {
  ...plus,
  outcome: 'data-review-',
  returnedQuestions: [{ field: 'alternativesConsidered', note: 'Say why a survey is not enough.' }],
};
const run = (input: StewardReviewInput, form = completeForm(), status = review('submitted'), who = steward) =>
  recordStewardReview({ actor: who, review: status, form, input });

describe('recordStewardReview', () => {
  it('data-review+ on category 1/2 approves, with the highest measurement category by default', () => {
    expect(run(plus)).toEqual({
      outcome: 'data-review+',
      category: 2,
      categoryOverridden: false,
      returnedQuestions: [],
      nextStatus: 'approved',
      legalTrustReasons: [],
    });
  });

  it('data-review+ on category 3/4 starts the sensitive review', () => {
    const form = completeForm({ ...sensitiveFields });
    expect(run({ ...plus, category: 3, categoryReason: 'History URLs.' }, form).nextStatus).toBe(
      'sensitive_review',
    );
    const form4 = completeForm({ ...sensitiveFields, ...category4Fields });
    const r = run({ ...plus, category: 4, categoryReason: 'Identifies a person.' }, form4);
    expect(r).toMatchObject({ category: 4, categoryOverridden: true, nextStatus: 'sensitive_review' });
  });

  it('data-review- returns the request with the unanswered or wrong questions', () => {
    expect(run(minus)).toEqual({
      outcome: 'data-review-',
      category: 2,
      categoryOverridden: false,
      returnedQuestions: [{ field: 'alternativesConsidered', note: 'Say why a survey is not enough.' }],
      nextStatus: 'returned',
      legalTrustReasons: [],
    });
  });

  it('data-review- must list the questions', () => {
    const e = domainError(() => run({ ...minus, returnedQuestions: [] }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toEqual({ field: 'returnedQuestions' });
  });

  it('another category than the measurements’ needs a reason', () => {
    const e = domainError(() => run({ ...plus, category: 1 }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toEqual({ field: 'categoryReason' });
    expect(run({ ...plus, category: 1, categoryReason: 'Only settings.' }).category).toBe(1);
  });

  it('data-review+ needs public documentation and a way to turn it off', () => {
    const e = domainError(() =>
      run({ ...plus, answers: { ...plus.answers, userControl: { answer: 'no' } } }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.details).toEqual({ field: 'answers.userControl' });
  });

  it('data-review+ needs the form complete for the assigned category', () => {
    const e = domainError(() => run({ ...plus, category: 3, categoryReason: 'URLs.' }));
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.details.missing).toEqual(['implementationDetails', 'intendedUse', 'valueToUsers']);
  });

  it('only a steward, never on their own request, only when submitted', () => {
    expect(domainError(() => run(plus, completeForm(), review('submitted'), actor(50))).code).toBe(
      'FORBIDDEN',
    );
    const selfSteward = actor(PROPOSER, { isSteward: true });
    expect(domainError(() => run(plus, completeForm(), review('submitted'), selfSteward)).code).toBe(
      'FORBIDDEN',
    );
    for (const status of ['draft', 'returned', 'sensitive_review', 'approved'] as const) {
      expect(domainError(() => run(plus, completeForm(), review(status))).code).toBe('RULE_VIOLATION');
    }
  });

  it('VALIDATION for a malformed review, and when no category can be found', () => {
    expect(domainError(() => run({ ...plus, review: '' })).details).toEqual({ field: 'review' });
    expect(domainError(() => run(plus, completeForm({ measurements: [] }))).details).toEqual({
      field: 'category',
    });
  });
});

describe('review.md Q2, Q7, Q9 (issue 14)', () => {
  const answers = {
    newIdentifiers: { answer: 'no' as const },
    privacyNoticeCoverage: { answer: 'yes' as const },
    thirdPartyTool: { answer: 'no' as const },
  };
  it('Q7: unsure of the notice with new identifiers, or category 3 default-on, escalates; Q9: a third-party tool escalates', () => {
    expect(legalTrustReasons(answers, 4, 'on')).toEqual([]);
    const unsure = { ...answers, privacyNoticeCoverage: { answer: 'unsure' as const } };
    expect(legalTrustReasons(unsure, 2, 'on')).toEqual([]);
    expect(legalTrustReasons({ ...unsure, newIdentifiers: { answer: 'yes' } }, 1, 'off')).toEqual([
      'new_identifiers',
    ]);
    expect(legalTrustReasons(unsure, 3, 'on')).toEqual(['category_3_default_on']);
    expect(legalTrustReasons(unsure, 3, 'off')).toEqual([]);
    expect(legalTrustReasons({ ...answers, thirdPartyTool: { answer: 'yes' } }, 1, 'off')).toEqual([
      'third_party_tool',
    ]);
    expect(legalTrustReasons({ ...answers, privacyNoticeCoverage: { answer: 'no' } }, 1, 'off')).toEqual([
      'not_covered_by_privacy_notice',
    ]);
  });
});

describe('request Q12 against review Q9 (issue 14)', () => {
  it('a request that names a third-party tool is not approved with "no" to Q9: it goes to Trust and Legal', () => {
    const form = completeForm({ thirdPartyDataPath: 'mozilla_backend', thirdPartyTools: 'A vendor SDK.' });
    const e = domainError(() => run(plus, form));
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.details.field).toBe('answers.thirdPartyTool');
    expect(e.message).toContain('Yes, on the Mozilla backend.');
    const r = run({ ...plus, answers: { ...plus.answers, thirdPartyTool: yes } }, form);
    expect(r.legalTrustReasons).toEqual(['third_party_tool']);
    // data-review- may still return it, and a request without a tool is approved with "no".
    expect(run(minus, form).outcome).toBe('data-review-');
    expect(run(plus).legalTrustReasons).toEqual([]);
  });
});
