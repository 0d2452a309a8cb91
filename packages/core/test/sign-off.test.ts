import { describe, expect, it } from 'vitest';
import {
  AREA_LABELS,
  type Area,
  areasApproved,
  assertMayRecordSignOff,
  hasTrustApproval,
  isStale,
  latestSignOffs,
  planReconfirmation,
  precedentSchema,
  REVIEW_STATUSES,
  type SignOffFact,
  type SignOffInput,
  signOffInputSchema,
  signOffState,
  thisReviewIs,
} from '../src/index.ts';
import { actor, approvedSignOff, domainError, facilitator, PROPOSER, proposer, review } from './fixtures.ts';

const input: SignOffInput = { risk: 'low', decision: 'approved', rationale: 'Clear precedent: DR-7.' };
const prerequisitesApproved = [approvedSignOff('privacy_technical', 3), approvedSignOff('data', 3)];
const attempt =
  (area: Area, overrides: Partial<Parameters<typeof assertMayRecordSignOff>[0]> = {}) =>
  () =>
    assertMayRecordSignOff({
      actor: facilitator(area),
      area,
      review: review('sensitive_review'),
      signOffs: prerequisitesApproved,
      currentRevision: 3,
      input,
      ...overrides,
    });

describe('assertMayRecordSignOff', () => {
  it('a facilitator of the area records it', () => {
    for (const area of ['privacy_technical', 'data', 'legal_trust', 'security'] as const) {
      expect(attempt(area)).not.toThrow();
    }
  });

  it('FORBIDDEN for anyone who does not facilitate that area', () => {
    const e = domainError(attempt('data', { actor: facilitator('security') }));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('Only a facilitator of Data Review (Data) records its sign-off.');
    expect(domainError(attempt('data', { actor: actor(50, { isAdmin: true, isSteward: true }) })).code).toBe(
      'FORBIDDEN',
    );
  });

  it('FORBIDDEN for the proposer, even when they facilitate the area', () => {
    const selfFacilitator = actor(PROPOSER, { facilitatorAreas: ['data'] });
    const e = domainError(attempt('data', { actor: selfFacilitator }));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain('proposer');
    const owner = actor(2, { facilitatorAreas: ['data'] });
    expect(domainError(attempt('data', { actor: owner })).code).toBe('FORBIDDEN');
  });

  it('RULE_VIOLATION outside the sensitive review', () => {
    for (const status of REVIEW_STATUSES.filter((s) => s !== 'sensitive_review')) {
      const e = domainError(attempt('data', { review: review(status) }));
      expect(e.code).toBe('RULE_VIOLATION');
      expect(e.message).toContain(thisReviewIs(status));
    }
  });

  it('VALIDATION without a rationale', () => {
    for (const rationale of ['', '   ']) {
      const e = domainError(attempt('data', { input: { ...input, rationale } }));
      expect(e.code).toBe('VALIDATION');
      expect(e.details).toEqual({ field: 'rationale' });
    }
  });

  it('legal_trust and security wait for privacy_technical and data approved on the current revision', () => {
    for (const area of ['legal_trust', 'security'] as const) {
      const e = domainError(attempt(area, { signOffs: [] }));
      expect(e.code).toBe('RULE_VIOLATION');
      expect(e.message).toBe(
        `${AREA_LABELS[area]} cannot record a decision until Privacy/Technical Review (Office of the Firefox CTO) and Data Review (Data) have approved the current revision (3); not yet approved: Privacy/Technical Review (Office of the Firefox CTO) and Data Review (Data).`,
      );
      expect(e.details).toEqual({ area, currentRevision: 3, waitingFor: ['privacy_technical', 'data'] });
    }
  });

  it('…and a stale or non-approving prerequisite does not count', () => {
    const stale = [approvedSignOff('privacy_technical', 2), approvedSignOff('data', 3)];
    expect(domainError(attempt('security', { signOffs: stale })).details.waitingFor).toEqual([
      'privacy_technical',
    ]);
    const changes = [
      approvedSignOff('privacy_technical', 3),
      approvedSignOff('data', 3, { decision: 'changes_requested' }),
    ];
    expect(domainError(attempt('legal_trust', { signOffs: changes })).details.waitingFor).toEqual(['data']);
  });

  it('privacy_technical and data do not wait for anything', () => {
    expect(attempt('privacy_technical', { signOffs: [] })).not.toThrow();
    expect(attempt('data', { signOffs: [] })).not.toThrow();
  });

  it('Trust approval only with an approving legal_trust sign-off', () => {
    expect(attempt('legal_trust', { input: { ...input, trustApproval: true } })).not.toThrow();
    const onSecurity = domainError(attempt('security', { input: { ...input, trustApproval: true } }));
    expect(onSecurity.code).toBe('VALIDATION');
    expect(onSecurity.details).toEqual({ field: 'trustApproval' });
    const withRejection = domainError(
      attempt('legal_trust', { input: { ...input, decision: 'rejected', trustApproval: true } }),
    );
    expect(withRejection.code).toBe('VALIDATION');
  });

  it('the input schema requires risk, decision and a rationale', () => {
    expect(signOffInputSchema.safeParse({ risk: 'low', decision: 'approved', rationale: ' ' }).success).toBe(
      false,
    );
    expect(
      signOffInputSchema.safeParse({ risk: 'extreme', decision: 'approved', rationale: 'x' }).success,
    ).toBe(false);
    expect(signOffInputSchema.parse({ risk: 'high', decision: 'rejected', rationale: ' why ' })).toEqual({
      risk: 'high',
      decision: 'rejected',
      rationale: 'why',
      precedentReviewId: null,
      trustApproval: false,
    });
  });
});

describe('staleness', () => {
  it('a sign-off on an older revision is stale', () => {
    expect(isStale({ revision: 2 }, 3)).toBe(true);
    expect(isStale({ revision: 3 }, 3)).toBe(false);
    expect(signOffState(undefined, 3)).toBe('missing');
    expect(signOffState(approvedSignOff('data', 2), 3)).toBe('stale');
    expect(signOffState(approvedSignOff('data', 3), 3)).toBe('current');
  });

  it('latest per area is the highest revision; the later record wins a tie', () => {
    const first = approvedSignOff('data', 3, { decision: 'changes_requested' });
    const second = approvedSignOff('data', 3);
    const latest = latestSignOffs([approvedSignOff('data', 1), first, second, approvedSignOff('data', 2)]);
    expect(latest.get('data')).toBe(second);
    expect(latest.size).toBe(1);
  });

  it('areasApproved counts current approvals only, in area order', () => {
    const signOffs: SignOffFact[] = [
      approvedSignOff('security', 3),
      approvedSignOff('data', 2),
      approvedSignOff('privacy_technical', 3),
      approvedSignOff('legal_trust', 3, { decision: 'rejected' }),
    ];
    expect(areasApproved(signOffs, 3)).toEqual(['privacy_technical', 'security']);
  });

  it('hasTrustApproval needs a current, approving legal_trust sign-off with Trust approval', () => {
    expect(hasTrustApproval([approvedSignOff('legal_trust', 3, { trustApproval: true })], 3)).toBe(true);
    expect(hasTrustApproval([approvedSignOff('legal_trust', 2, { trustApproval: true })], 3)).toBe(false);
    expect(hasTrustApproval([approvedSignOff('legal_trust', 3)], 3)).toBe(false);
    expect(hasTrustApproval([approvedSignOff('security', 3, { trustApproval: true })], 3)).toBe(false);
  });
});

describe('planReconfirmation', () => {
  const stale = approvedSignOff('data', 2, { risk: 'medium' });

  it('carries the stale sign-off to the current revision', () => {
    expect(
      planReconfirmation({
        actor: facilitator('data'),
        area: 'data',
        review: review('sensitive_review'),
        signOffs: [stale],
        currentRevision: 3,
      }),
    ).toEqual({
      area: 'data',
      revision: 3,
      risk: 'medium',
      decision: 'approved',
      trustApproval: false,
      reconfirmsRevision: 2,
    });
  });

  it('refuses when there is nothing stale to re-confirm', () => {
    const ctx = {
      actor: facilitator('data'),
      area: 'data' as const,
      review: review('sensitive_review'),
      currentRevision: 3,
    };
    expect(domainError(() => planReconfirmation({ ...ctx, signOffs: [] })).code).toBe('RULE_VIOLATION');
    const e = domainError(() => planReconfirmation({ ...ctx, signOffs: [approvedSignOff('data', 3)] }));
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.message).toContain('already on the current revision (3)');
  });

  it('follows the sign-off rules: facilitator, not the proposer, legal/security after the prerequisites', () => {
    const base = { review: review('sensitive_review'), currentRevision: 3 };
    expect(
      domainError(() =>
        planReconfirmation({ ...base, actor: facilitator('security'), area: 'data', signOffs: [stale] }),
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        planReconfirmation({
          ...base,
          actor: { ...proposer, facilitatorAreas: ['data'] },
          area: 'data',
          signOffs: [stale],
        }),
      ).code,
    ).toBe('FORBIDDEN');
    const legalStale = approvedSignOff('legal_trust', 2, { trustApproval: true });
    const e = domainError(() =>
      planReconfirmation({
        ...base,
        actor: facilitator('legal_trust'),
        area: 'legal_trust',
        signOffs: [approvedSignOff('privacy_technical', 2), approvedSignOff('data', 3), legalStale],
      }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.details.waitingFor).toEqual(['privacy_technical']);
    expect(
      planReconfirmation({
        ...base,
        actor: facilitator('legal_trust'),
        area: 'legal_trust',
        signOffs: [...prerequisitesApproved, legalStale],
      }).trustApproval,
    ).toBe(true);
  });
});

describe('the precedent field (issue 14, hole 5)', () => {
  it('takes DR-n as the product shows it, or the number; blank is none; anything else is refused', () => {
    expect(precedentSchema.parse('DR-9')).toBe(9);
    expect(precedentSchema.parse(' dr-12 ')).toBe(12);
    expect(precedentSchema.parse('9')).toBe(9);
    expect(precedentSchema.parse(9)).toBe(9);
    expect(precedentSchema.parse('')).toBeNull();
    expect(precedentSchema.parse(undefined)).toBeNull();
    expect(precedentSchema.safeParse('DR 9').success).toBe(false);
    expect(precedentSchema.safeParse('review nine').success).toBe(false);
    expect(signOffInputSchema.parse({ ...input, precedentReviewId: 'DR-9' }).precedentReviewId).toBe(9);
  });
});
