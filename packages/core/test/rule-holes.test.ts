import { describe, expect, it } from 'vitest';
import {
  assertMayDecideEscalation,
  assertMayRecategorise,
  assertMayRecordSignOff,
  escalationDecisionSchema,
  evaluateCanShip,
  isOnProposerSide,
  mitigationsSuperseded,
  recordStewardReview,
} from '../src/index.ts';
import {
  actor,
  approvedSimple,
  completeForm,
  domainError,
  ENGINEERING_OWNER,
  PROPOSER,
  review,
  shippableSensitive,
} from './fixtures.ts';

// Issue 14, rule hole 1: the data requester, the creator and the engineering owner are all the proposer's
// side; none of them judges the collection, in any area, in the steward review, or as a decision maker.
const REQUESTER = 7;
const withRequester = (status: Parameters<typeof review>[0]) => ({
  ...review(status),
  requesterId: REQUESTER,
});
const sides = [
  ['the creator', PROPOSER],
  ['the data requester', REQUESTER],
  ['the engineering owner', ENGINEERING_OWNER],
] as const;

describe('isOnProposerSide: one predicate for who never judges', () => {
  it.each(sides)('%s is on the proposer side', (_, id) => {
    expect(isOnProposerSide(actor(id), withRequester('sensitive_review'))).toBe(true);
  });
  it('anyone else is not', () => {
    expect(isOnProposerSide(actor(50), withRequester('sensitive_review'))).toBe(false);
  });
});

describe.each(sides)('%s never judges', (_, id) => {
  it('no sign-off in any area, even as its facilitator', () => {
    for (const area of ['privacy_technical', 'data'] as const) {
      const e = domainError(() =>
        assertMayRecordSignOff({
          actor: actor(id, { facilitatorAreas: [area] }),
          area,
          review: withRequester('sensitive_review'),
          signOffs: [],
          currentRevision: 1,
          input: { risk: 'low', decision: 'approved', rationale: 'fine' },
        }),
      );
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toContain("proposer's side");
    }
  });

  it('no steward review, even as a data steward', () => {
    const e = domainError(() =>
      recordStewardReview({
        actor: actor(id, { isSteward: true }),
        review: withRequester('submitted'),
        form: completeForm(),
        input: {} as never,
      }),
    );
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain("proposer's side");
  });

  it('no escalation decision, even as the product owner or an executive', () => {
    for (const [who, level] of [
      [actor(id), 'product_owner'],
      [actor(id, { executiveRole: 'cpo' }), 'cpo'],
    ] as const) {
      const e = domainError(() =>
        assertMayDecideEscalation({
          actor: who,
          escalation: { state: 'open', level, reviewStatus: 'sensitive_review' },
          productOwnerId: id,
          review: withRequester('sensitive_review'),
        }),
      );
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toContain("proposer's side");
    }
  });
});

describe('an area resolved by an escalation counts as approved for the ordering rule (hole 3)', () => {
  const legal = actor(30, { facilitatorAreas: ['legal_trust'] });
  const ctx = {
    actor: legal,
    area: 'legal_trust' as const,
    review: withRequester('sensitive_review'),
    currentRevision: 1,
    input: { risk: 'low' as const, decision: 'approved' as const, rationale: 'ok' },
    signOffs: [
      {
        area: 'privacy_technical' as const,
        revision: 1,
        risk: 'low' as const,
        decision: 'approved' as const,
        trustApproval: false,
      },
      {
        area: 'data' as const,
        revision: 1,
        risk: 'high' as const,
        decision: 'changes_requested' as const,
        trustApproval: false,
      },
    ],
  };
  it('data requested changes and nothing resolved it: legal waits, naming data', () => {
    expect(domainError(() => assertMayRecordSignOff(ctx)).message).toContain(
      'not yet approved: Data Review (Data).',
    );
  });
  it('the product owner decided proceed on data: legal may decide', () => {
    expect(() => assertMayRecordSignOff({ ...ctx, resolvedByEscalation: ['data'] })).not.toThrow();
  });
});

describe('proceed_with_mitigations names the open mitigations it supersedes (hole 3)', () => {
  const mitigations = [
    { id: 1, area: 'data' as const, state: 'proposed' },
    { id: 2, area: 'data' as const, state: 'accepted' },
    { id: 3, area: 'security' as const, state: 'requested' },
  ];
  const escalation = { areas: ['data' as const] };
  it('an open mitigation of a disputed area is superseded', () => {
    expect(mitigationsSuperseded([1], escalation, mitigations)).toEqual([1]);
  });
  it('not open, another area, or not of this review: refused naming it', () => {
    expect(domainError(() => mitigationsSuperseded([2], escalation, mitigations)).message).toContain(
      'accepted, not open',
    );
    expect(domainError(() => mitigationsSuperseded([3], escalation, mitigations)).message).toContain(
      'not a disputed area',
    );
    expect(domainError(() => mitigationsSuperseded([9], escalation, mitigations)).details.field).toBe(
      'supersedes',
    );
  });
  it('only proceed_with_mitigations supersedes', () => {
    const r = escalationDecisionSchema.safeParse({ decision: 'proceed', rationale: 'x', supersedes: [1] });
    expect(r.success).toBe(false);
  });
});

describe('the category follows the highest measurement (hole 2)', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const codes = (f: Parameters<typeof evaluateCanShip>[0]) =>
    evaluateCanShip(f, 'release', now).blockers.map((b) => b.code);
  const form = { ...shippableSensitive().form };

  it('a category-3 review whose new revision adds a category-4 measurement does not ship as category 3', () => {
    expect(codes(shippableSensitive({ form: { ...form, highestMeasurementCategory: 3 } }))).toEqual([]);
    const blocked = evaluateCanShip(
      shippableSensitive({ form: { ...form, highestMeasurementCategory: 4 } }),
      'release',
      now,
    );
    expect(blocked.canShip).toBe(false);
    expect(blocked.blockers[0]).toMatchObject({ code: 'STEWARD_RECATEGORISATION_PENDING' });
    expect(blocked.blockers[0]?.message).toContain('category 4');
  });

  it('a category-2 approved review gaining a category-3 measurement waits for a steward too', () => {
    expect(
      codes(approvedSimple({ form: { ...approvedSimple().form, highestMeasurementCategory: 3 } })),
    ).toContain('STEWARD_RECATEGORISATION_PENDING');
  });

  const stewardActor = actor(10, { isSteward: true });
  const base = {
    actor: stewardActor,
    review: withRequester('sensitive_review'),
    current: 3 as const,
    highest: 4 as const,
  };
  it('a steward re-categorises to the highest measurement (or above), with a reason', () => {
    expect(() =>
      assertMayRecategorise({ ...base, category: 4, reason: 'new eTLD+1 measurement' }),
    ).not.toThrow();
  });
  it('below the highest measurement only by correcting that measurement, with a reason recorded on it', () => {
    const e = domainError(() =>
      assertMayRecategorise({ ...base, category: 3, reason: 'I think it is fine' }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.message).toContain('highest measurement is category 4');
    expect(() =>
      assertMayRecategorise({
        ...base,
        category: 3,
        reason: 'mis-filed',
        corrections: [
          { measurement: 'sidebar.domain', category: 3, reason: 'only the eTLD+1, never the URL' },
        ],
        highestAfterCorrections: 3,
      }),
    ).not.toThrow();
    expect(domainError(() => assertMayRecategorise({ ...base, category: 4, reason: '' })).details.field).toBe(
      'reason',
    );
  });
  it("only a data steward, never the proposer's side", () => {
    expect(
      domainError(() => assertMayRecategorise({ ...base, actor: actor(50), category: 4, reason: 'x' })).code,
    ).toBe('FORBIDDEN');
    expect(
      domainError(() =>
        assertMayRecategorise({
          ...base,
          actor: actor(REQUESTER, { isSteward: true }),
          category: 4,
          reason: 'x',
        }),
      ).message,
    ).toContain("proposer's side");
  });
});
