import { describe, expect, it } from 'vitest';
import {
  addMonths,
  assertMayAnswerLegalTrustOnRenewal,
  assertMayAskLegalTrustOnRenewal,
  assertMayRequestRenewal,
  assertMayReviewRenewal,
  assertMayWithdrawRenewal,
  decideRenewal,
  describeExpiry,
  effectiveExpires,
  isExpired,
  parseExpiry,
  RENEWAL_REVIEW_QUESTIONS,
  type RenewalRequest,
  type RenewalReviewAnswers,
  renewalRequestSchema,
  renewalReviewSchema,
  renewalWaitsOn,
  thisReviewIs,
} from '../src/index.ts';
import {
  domainError,
  ENGINEERING_OWNER,
  facilitator,
  outsider,
  PROPOSER,
  proposer,
  review,
  steward,
} from './fixtures.ts';

const NOW = new Date('2026-11-29T09:00:00.000Z');
const REQUESTER = 3;
const shipped = { ...review('shipped'), requesterId: REQUESTER };
const request = (overrides: Partial<RenewalRequest> = {}): RenewalRequest => ({
  newExpires: '2027-12-31',
  reason: 'The experiment ran two months late; we need a full release cycle of data.',
  ...overrides,
});
const ask = (overrides: Partial<Parameters<typeof assertMayRequestRenewal>[0]> = {}) =>
  assertMayRequestRenewal({
    actor: proposer,
    review: shipped,
    currentExpires: '2026-12-31',
    pendingRenewalId: null,
    request: request(),
    now: NOW,
    ...overrides,
  });

describe('parseExpiry: question 7 as the gate reads it', () => {
  it('never, expired, a date, a version', () => {
    expect(parseExpiry('never')).toEqual({ kind: 'never' });
    expect(parseExpiry(' Never ')).toEqual({ kind: 'never' });
    expect(parseExpiry('expired')).toEqual({ kind: 'expired' });
    expect(parseExpiry('2027-06-30')).toEqual({ kind: 'date', date: '2027-06-30' });
    expect(parseExpiry('150')).toEqual({ kind: 'version', version: 150 });
    expect(parseExpiry('Firefox 150')).toEqual({ kind: 'version', version: 150 });
    expect(parseExpiry('v128.0.1')).toEqual({ kind: 'version', version: 128 });
  });

  it('several expiries (a Glean import): the first, the soonest, counts', () => {
    expect(
      parseExpiry('2027-01-31 (parts of this collection expire at different times: 2027-01-31, 140, never)'),
    ).toEqual({
      kind: 'date',
      date: '2027-01-31',
    });
    expect(parseExpiry('140 (parts of this collection expire at different times: 140, never)')).toEqual({
      kind: 'version',
      version: 140,
    });
  });

  it('nothing, or words the gate cannot read', () => {
    expect(parseExpiry(undefined)).toEqual({ kind: 'none' });
    expect(parseExpiry('  ')).toEqual({ kind: 'none' });
    expect(parseExpiry('when the study ends')).toEqual({ kind: 'unknown', text: 'when the study ends' });
    expect(parseExpiry('2027-02-30')).toEqual({ kind: 'unknown', text: '2027-02-30' });
  });
});

describe('isExpired', () => {
  it('a dated period ends on its date (as Glean), in UTC', () => {
    expect(isExpired(parseExpiry('2026-11-28'), NOW)).toBe(true);
    expect(isExpired(parseExpiry('2026-11-29'), NOW)).toBe(true);
    expect(isExpired(parseExpiry('2026-11-30'), NOW)).toBe(false);
  });

  it('expired is expired; never, versions, nothing and unknown texts are not decided by date', () => {
    expect(isExpired({ kind: 'expired' }, NOW)).toBe(true);
    for (const text of ['never', '120', 'Firefox 1', '', 'when the study ends'])
      expect(isExpired(parseExpiry(text), NOW)).toBe(false);
  });

  it('describes each kind for people', () => {
    expect(describeExpiry(parseExpiry('2027-06-30'))).toBe('expires on 2027-06-30');
    expect(describeExpiry(parseExpiry('Firefox 150'))).toBe('expires with version 150');
    expect(describeExpiry(parseExpiry('never'))).toBe('a permanent collection');
    expect(describeExpiry(parseExpiry(''))).toBe('no collection period');
  });
});

describe('effectiveExpires: approved renewals extend the period', () => {
  it('the latest approved renewal wins over the form', () => {
    expect(effectiveExpires('2026-01-01', [])).toBe('2026-01-01');
    expect(effectiveExpires('2026-01-01', [{ newExpires: '2027-01-01' }, { newExpires: '2028-01-01' }])).toBe(
      '2028-01-01',
    );
    expect(effectiveExpires('  ', [])).toBeNull();
    expect(effectiveExpires(undefined, [{ newExpires: 'never' }])).toBe('never');
  });
});

describe('the renewal request (the shorter form)', () => {
  it('needs the new expiry and why the first period was not enough', () => {
    expect(renewalRequestSchema.safeParse({ newExpires: '2027-12-31' }).success).toBe(false);
    expect(renewalRequestSchema.safeParse({ reason: 'x' }).success).toBe(false);
    expect(renewalRequestSchema.parse(request({ bug: '1901234' }))).toEqual(request({ bug: '1901234' }));
  });

  it('a permanent renewal names who monitors it', () => {
    const r = renewalRequestSchema.safeParse(request({ newExpires: 'never' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['monitoredBy']);
    expect(
      renewalRequestSchema.safeParse(request({ newExpires: 'never', monitoredBy: 'a@m.com' })).success,
    ).toBe(true);
  });

  it('the accountable people of an approved or shipped collection may ask', () => {
    expect(() => ask()).not.toThrow();
    expect(() => ask({ actor: { ...outsider, personId: ENGINEERING_OWNER } })).not.toThrow();
    expect(() => ask({ actor: { ...outsider, personId: REQUESTER } })).not.toThrow();
    expect(() => ask({ review: { ...review('approved'), requesterId: REQUESTER } })).not.toThrow();
  });

  it('anyone else is FORBIDDEN', () => {
    expect(domainError(() => ask({ actor: outsider })).code).toBe('FORBIDDEN');
    expect(domainError(() => ask({ actor: steward })).code).toBe('FORBIDDEN');
  });

  it('a collection not yet approved, or withdrawn, has nothing to renew', () => {
    for (const status of ['draft', 'submitted', 'returned', 'sensitive_review', 'withdrawn'] as const) {
      const e = domainError(() => ask({ review: { ...review(status), requesterId: REQUESTER } }));
      expect(e.code).toBe('RULE_VIOLATION');
      expect(e.message).toContain(thisReviewIs(status));
    }
  });

  it('one renewal at a time', () => {
    const e = domainError(() => ask({ pendingRenewalId: 4 }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('An earlier renewal request is still waiting');
    expect(e.message).not.toContain('#4');
    expect(e.details).toEqual({ renewalId: 4 });
  });

  it('a permanent collection is not renewed', () => {
    expect(domainError(() => ask({ currentExpires: 'never' })).code).toBe('RULE_VIOLATION');
  });

  it('the new period ends later than the current one, and in the future', () => {
    expect(domainError(() => ask({ request: request({ newExpires: '2026-12-01' }) })).message).toContain(
      'later than the current period (expires on 2026-12-31)',
    );
    expect(domainError(() => ask({ request: request({ newExpires: '2026-11-29' }) })).message).toContain(
      'not in the future',
    );
    expect(
      domainError(() => ask({ currentExpires: 'Firefox 150', request: request({ newExpires: '149' }) }))
        .details.field,
    ).toBe('newExpires');
    expect(() =>
      ask({ currentExpires: 'Firefox 150', request: request({ newExpires: '160' }) }),
    ).not.toThrow();
    // An expired collection is renewed from now on.
    expect(() => ask({ currentExpires: '2025-01-01' })).not.toThrow();
    // A version after a date (or the other way round) cannot be compared: the steward judges it.
    expect(() => ask({ request: request({ newExpires: 'Firefox 160' }) })).not.toThrow();
    expect(() => ask({ request: request({ newExpires: 'never', monitoredBy: 'a@m.com' }) })).not.toThrow();
  });

  it('the new expiry must be readable', () => {
    for (const newExpires of ['expired', 'when we are done'])
      expect(domainError(() => ask({ request: request({ newExpires }) })).code).toBe('VALIDATION');
  });
});

describe("the data steward's renewal review", () => {
  const waiting = { id: 9, state: 'requested' as const, requestedBy: PROPOSER };
  const yesYes: RenewalReviewAnswers = {
    originalReviewComplete: { answer: 'yes' },
    privacyNoticeCoverage: { answer: 'yes' },
  };
  const input = (outcome: 'data-review+' | 'data-review-' = 'data-review+', answers = yesYes) => ({
    outcome,
    answers,
    stewardReview: 'Fine.',
  });
  const decide = (overrides: Partial<Parameters<typeof decideRenewal>[0]> = {}) =>
    decideRenewal({
      actor: steward,
      review: shipped,
      renewal: waiting,
      input: input(),
      originalOutcome: 'data-review+',
      ...overrides,
    });

  it('data-review+ approves (extends), data-review- rejects', () => {
    expect(decide()).toBe('approved');
    expect(decide({ input: input('data-review-') })).toBe('rejected');
  });

  it('needs a written review and both answers', () => {
    const answers = yesYes;
    expect(renewalReviewSchema.safeParse({ outcome: 'data-review+', answers }).success).toBe(false);
    expect(
      renewalReviewSchema.safeParse({ outcome: 'data-review+', answers, stewardReview: ' ' }).success,
    ).toBe(false);
    expect(
      renewalReviewSchema.safeParse({ outcome: 'data-review+', answers, stewardReview: 'Fine.' }).success,
    ).toBe(true);
    const noAnswers = renewalReviewSchema.safeParse({ outcome: 'data-review+', stewardReview: 'Fine.' });
    expect(noAnswers.error?.issues.map((i) => i.path.join('.'))).toEqual(['answers']);
    const half = renewalReviewSchema.safeParse({
      outcome: 'data-review+',
      stewardReview: 'Fine.',
      answers: { originalReviewComplete: { answer: 'yes' }, privacyNoticeCoverage: { answer: 'maybe' } },
    });
    expect(half.error?.issues.map((i) => i.path.join('.'))).toEqual(['answers.privacyNoticeCoverage.answer']);
  });

  it("renewal_review.md's two questions, in its words", () => {
    expect(RENEWAL_REVIEW_QUESTIONS.map((q) => q.question)).toEqual([
      'Is the provided Data Collection Review complete, correct, and data-review+ by a Data Steward?',
      'Is the data collection covered by the existing Firefox Privacy Notice?',
    ]);
  });

  it('data-review+ needs "yes" to both; a "no" or "unsure" gives data-review-, naming the question', () => {
    for (const key of ['originalReviewComplete', 'privacyNoticeCoverage'] as const)
      for (const answer of ['no', 'unsure'] as const) {
        const answers = { ...yesYes, [key]: { answer } };
        const e = domainError(() => decide({ input: input('data-review+', answers) }));
        expect(e.code).toBe('RULE_VIOLATION');
        expect(e.details.field).toBe(`answers.${key}`);
        expect(e.message).toContain(RENEWAL_REVIEW_QUESTIONS.find((q) => q.key === key)?.question);
        expect(decide({ input: input('data-review-', answers) })).toBe('rejected');
      }
  });

  it('"complete, correct, and data-review+" is not answered yes for a review without a data-review+', () => {
    for (const originalOutcome of [null, 'data-review-'] as const) {
      const e = domainError(() => decide({ originalOutcome }));
      expect(e.details.field).toBe('answers.originalReviewComplete');
      const no = { ...yesYes, originalReviewComplete: { answer: 'no' as const } };
      expect(decide({ originalOutcome, input: input('data-review-', no) })).toBe('rejected');
    }
  });

  it('only a steward, never on their own collection', () => {
    expect(domainError(() => decide({ actor: proposer })).code).toBe('FORBIDDEN');
    const stewardProposer = { ...steward, personId: PROPOSER };
    expect(domainError(() => decide({ actor: stewardProposer })).message).toContain('own collection');
    const stewardRequester = { ...steward, personId: REQUESTER };
    expect(domainError(() => decide({ actor: stewardRequester })).code).toBe('FORBIDDEN');
  });

  it('only a waiting renewal is decided', () => {
    for (const state of ['approved', 'rejected', 'withdrawn'] as const)
      expect(domainError(() => decide({ renewal: { ...waiting, state } })).code).toBe('RULE_VIOLATION');
  });

  it('its requester withdraws a waiting renewal; nobody else, and not once decided', () => {
    expect(() => assertMayWithdrawRenewal({ actor: proposer, renewal: waiting })).not.toThrow();
    expect(domainError(() => assertMayWithdrawRenewal({ actor: steward, renewal: waiting })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      domainError(() =>
        assertMayWithdrawRenewal({ actor: proposer, renewal: { ...waiting, state: 'approved' } }),
      ).code,
    ).toBe('RULE_VIOLATION');
  });
});

describe('question 7 as the template words it (issue 14)', () => {
  it('"6 months initially" is six months, not version 6; it ends six months after the data-review+', () => {
    const six = parseExpiry(
      'I want this data to be collected for 6 months initially (potentially renewable).',
    );
    expect(six).toEqual({ kind: 'months', months: 6, startsOn: null });
    expect(isExpired(six, NOW)).toBe(false);
    const started = parseExpiry('6 months initially', '2026-05-29');
    expect(describeExpiry(started)).toBe('6 months from 2026-05-29: expires on 2026-11-29');
    expect(isExpired(started, NOW)).toBe(true);
    expect(isExpired(parseExpiry('6 months initially', '2026-06-01'), NOW)).toBe(false);
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  });

  it('"until date 06-30-2026" expires on 2026-06-30 (MM-DD-YYYY, as the template asks)', () => {
    expect(parseExpiry('until date 06-30-2026')).toEqual({ kind: 'date', date: '2026-06-30' });
    expect(parseExpiry('This is scoped to a time-limited experiment/project until date 06-30-2026.')).toEqual(
      { kind: 'date', date: '2026-06-30' },
    );
    expect(isExpired(parseExpiry('until date 06-30-2026'), NOW)).toBe(true);
    expect(parseExpiry('until date 02-30-2026')).toEqual({ kind: 'unknown', text: 'until date 02-30-2026' });
  });

  it('"I want to permanently monitor this data" is permanent', () => {
    expect(parseExpiry('I want to permanently monitor this data.')).toEqual({ kind: 'never' });
  });
});

describe('a renewal asks Trust and Legal (issue 14)', () => {
  const waiting = { id: 7, state: 'requested' as const, requestedBy: REQUESTER };
  const legal = facilitator('legal_trust');

  it('waits for a steward, then for Trust and Legal while their answer is open, then for nobody once decided', () => {
    expect(renewalWaitsOn(waiting)).toBe('steward');
    expect(renewalWaitsOn({ ...waiting, legalTrust: 'open' })).toBe('legal_trust');
    expect(renewalWaitsOn({ ...waiting, legalTrust: 'answered' })).toBe('steward');
    expect(renewalWaitsOn({ ...waiting, state: 'approved', legalTrust: 'answered' })).toBeNull();
  });

  it('a data steward off the collection side asks, once, while the renewal waits', () => {
    expect(() =>
      assertMayAskLegalTrustOnRenewal({ actor: steward, review: shipped, renewal: waiting }),
    ).not.toThrow();
    expect(
      domainError(() => assertMayAskLegalTrustOnRenewal({ actor: legal, review: shipped, renewal: waiting }))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        assertMayAskLegalTrustOnRenewal({
          actor: steward,
          review: shipped,
          renewal: { ...waiting, legalTrust: 'open' },
        }),
      ).code,
    ).toBe('CONFLICT');
    expect(
      domainError(() =>
        assertMayAskLegalTrustOnRenewal({
          actor: steward,
          review: shipped,
          renewal: { ...waiting, state: 'withdrawn' },
        }),
      ).code,
    ).toBe('RULE_VIOLATION');
  });

  it('while their answer is open the steward does not decide the renewal; once answered they do', () => {
    expect(
      domainError(() =>
        assertMayReviewRenewal({
          actor: steward,
          review: shipped,
          renewal: { ...waiting, legalTrust: 'open' },
        }),
      ).message,
    ).toBe(
      "This renewal waits for Trust and Legal's answer to the data steward's question; it is reviewed once they answer.",
    );
    expect(() =>
      assertMayReviewRenewal({
        actor: steward,
        review: shipped,
        renewal: { ...waiting, legalTrust: 'answered' },
      }),
    ).not.toThrow();
  });

  it('a legal/trust facilitator answers an open question; nobody else, and nothing that is not open', () => {
    const open = { ...waiting, legalTrust: 'open' as const };
    expect(() =>
      assertMayAnswerLegalTrustOnRenewal({ actor: legal, review: shipped, renewal: open }),
    ).not.toThrow();
    for (const who of [steward, facilitator('data'), outsider])
      expect(
        domainError(() => assertMayAnswerLegalTrustOnRenewal({ actor: who, review: shipped, renewal: open }))
          .code,
      ).toBe('FORBIDDEN');
    for (const renewal of [
      waiting,
      { ...waiting, legalTrust: 'answered' as const },
      { ...open, state: 'withdrawn' as const },
    ])
      expect(
        domainError(() => assertMayAnswerLegalTrustOnRenewal({ actor: legal, review: shipped, renewal }))
          .code,
      ).toBe('RULE_VIOLATION');
  });
});
