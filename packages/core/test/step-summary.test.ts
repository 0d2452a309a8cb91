import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AREAS,
  evaluateCanShip,
  gateValidUntil,
  openSteps,
  type ReviewFacts,
  type ReviewPeople,
  resolveOwners,
  stepSummary,
  stepsFor,
  summaryStepsFor,
} from '../src/index.ts';
import {
  approvedSignOff,
  ENGINEERING_OWNER,
  PRODUCT_OWNER as OWNER,
  PROPOSER,
  reviewPeople as people,
  REQUESTER,
  shippableSensitive,
} from './fixtures.ts';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const escalation = (over: Partial<ReviewPeople['escalations'][number]> = {}) => ({
  id: 5,
  level: 'product_owner' as const,
  openedBy: PROPOSER,
  facilitatorId: 21,
  papersShared: false,
  paperAuthorIds: [],
  commenterIds: [],
  ...over,
});
/** The actor `id` as the review's people see them (their global roles). */
const actorIn = (p: ReviewPeople, id: number) => ({
  personId: id,
  facilitatorAreas: AREAS.filter((a) => p.facilitators[a].includes(id)),
  isSteward: p.stewardIds.includes(id),
  executiveRole: p.executives.cpo.includes(id)
    ? ('cpo' as const)
    : p.executives.ceo.includes(id)
      ? ('ceo' as const)
      : null,
});
const withoutOwner = <T extends { owner: unknown }>({ owner: _, ...s }: T): Omit<T, 'owner'> => s;
const freshFor = (facts: ReviewFacts, p: ReviewPeople, id: number) => {
  const s = stepsFor(openSteps(facts, p, NOW), id);
  return { now: s.now.map(withoutOwner), later: s.later.map(withoutOwner) };
};

describe('the stored summary states global roles unresolved (issue 13)', () => {
  it('a sign-off belongs to the area’s facilitators, except the proposer’s side', () => {
    const s = stepSummary(shippableSensitive({ signOffs: [] }), people(), NOW);
    expect(
      s.steps.find(
        (x: { action: string; area?: string }) => x.action === 'record_sign_off' && x.area === 'data',
      )?.owner.form,
    ).toEqual({
      ids: [],
      roles: ['facilitator:data'],
      exceptIds: [PROPOSER, REQUESTER, ENGINEERING_OWNER],
      exceptRoles: [],
    });
  });
  it('when an admin moves a facilitator, the stored steps give the new facilitator’s steps', () => {
    const facts = shippableSensitive({ signOffs: [] });
    const stored = stepSummary(facts, people(), NOW).steps;
    const moved = people({
      facilitators: { privacy_technical: [20], data: [50], legal_trust: [22], security: [23] },
    });
    expect(summaryStepsFor(stored, actorIn(moved, 50)).now.map((x) => x.area)).toEqual(['data']);
    expect(summaryStepsFor(stored, actorIn(moved, 21)).now).toEqual([]);
    expect(summaryStepsFor(stored, actorIn(moved, 50))).toEqual(freshFor(facts, moved, 50));
  });
  it('a facilitator on the proposer’s side never judges the collection', () => {
    const facts = shippableSensitive({ signOffs: [] });
    const p = people({
      facilitators: { privacy_technical: [20], data: [ENGINEERING_OWNER], legal_trust: [22], security: [23] },
    });
    expect(summaryStepsFor(stepSummary(facts, p, NOW).steps, actorIn(p, ENGINEERING_OWNER)).now).toEqual(
      freshFor(facts, p, ENGINEERING_OWNER).now,
    );
    expect(freshFor(facts, p, ENGINEERING_OWNER).now.some((x) => x.action === 'record_sign_off')).toBe(false);
  });
  it('comments on shared papers: the involved, except who commented and the decision makers (a role at CPO level)', () => {
    const facts = shippableSensitive({
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }],
    });
    const p = people({
      facilitators: { privacy_technical: [20], data: [21, 40], legal_trust: [22], security: [23] },
      escalations: [
        escalation({
          papersShared: true,
          paperAuthorIds: [PROPOSER],
          level: 'cpo',
          commenterIds: [REQUESTER],
        }),
      ],
    });
    const comment = stepSummary(facts, p, NOW).steps.find((x) => x.action === 'comment_on_escalation');
    expect(comment?.owner.form).toMatchObject({
      roles: ['facilitator:data'],
      exceptRoles: ['executive:cpo'],
    });
    expect(resolveOwners(comment!.owner.form, p).sort()).toEqual([PROPOSER, ENGINEERING_OWNER, 21].sort());
  });
  it('the decision at CPO or CEO level belongs to the role; at the first level to the product owner', () => {
    const facts = shippableSensitive({
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }],
    });
    const form = (level: 'product_owner' | 'cpo') =>
      stepSummary(facts, people({ escalations: [escalation({ level })] }), NOW).steps.find(
        (x) => x.action === 'decide_escalation',
      )?.owner.form;
    expect(form('product_owner')).toMatchObject({ ids: [OWNER], roles: [] });
    expect(form('cpo')).toMatchObject({ ids: [], roles: ['executive:cpo'] });
  });
  it('a comment step nobody is left to take is kept in the summary (a facilitator may be added), not in openSteps', () => {
    const facts = shippableSensitive({
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['data'] }],
    });
    const p = people({
      facilitators: { privacy_technical: [20], data: [], legal_trust: [22], security: [23] },
      escalations: [
        escalation({
          papersShared: true,
          paperAuthorIds: [PROPOSER],
          commenterIds: [PROPOSER, REQUESTER, ENGINEERING_OWNER, 21],
        }),
      ],
    });
    expect(openSteps(facts, p, NOW).some((x) => x.action === 'comment_on_escalation')).toBe(false);
    const stored = stepSummary(facts, p, NOW).steps;
    const added = { ...p, facilitators: { ...p.facilitators, data: [60] } };
    expect(summaryStepsFor(stored, actorIn(added, 60))).toEqual(freshFor(facts, added, 60));
    expect(freshFor(facts, added, 60).now.map((x) => x.action)).toEqual(['comment_on_escalation']);
  });
});

describe('until when a summary holds: the gate’s clock (issue 13)', () => {
  it('a dated collection period: until the start of its last day (then COLLECTION_EXPIRED)', () => {
    const facts = shippableSensitive({ collectionExpires: '2025-06-30' });
    const until = gateValidUntil(facts, NOW);
    expect(until?.toISOString()).toBe('2025-06-30T00:00:00.000Z');
    const codes = (at: Date) => evaluateCanShip(facts, 'release', at).blockers.map((b) => b.code);
    expect(codes(new Date(until!.getTime() - 1))).toEqual(codes(NOW));
    expect(codes(until!)).toContain('COLLECTION_EXPIRED');
    expect(codes(NOW)).not.toContain('COLLECTION_EXPIRED');
  });
  it('a months period counts from its start; before it starts, or once ended, or never: no clock', () => {
    const months = shippableSensitive({ collectionExpires: '6 months', collectionStartsOn: '2025-01-15' });
    expect(gateValidUntil(months, NOW)?.toISOString()).toBe('2025-07-15T00:00:00.000Z');
    expect(
      gateValidUntil(shippableSensitive({ collectionExpires: '6 months', collectionStartsOn: null }), NOW),
    ).toBeNull();
    expect(gateValidUntil(shippableSensitive({ collectionExpires: '2025-01-01' }), NOW)).toBeNull();
    expect(gateValidUntil(shippableSensitive({ collectionExpires: 'never' }), NOW)).toBeNull();
  });
});

describe('summaryStepsFor equals stepsFor(openSteps) for everyone, whoever holds the roles later', () => {
  const ids = fc.constantFrom(1, 2, 3, 4, 10, 20, 21, 22, 23, 30, 40, 41, 50);
  const some = fc.uniqueArray(ids, { maxLength: 3 });
  const peopleArb = fc.record({
    facilitators: fc.record({ privacy_technical: some, data: some, legal_trust: some, security: some }),
    stewardIds: some,
    // One executive role a person at most (people.executive_role).
    executives: fc
      .record({ cpo: some, ceo: some })
      .map(({ cpo, ceo }) => ({ cpo, ceo: ceo.filter((id) => !cpo.includes(id)) })),
  });
  const factsArb = fc.constantFrom<ReviewFacts>(
    shippableSensitive({ signOffs: [] }),
    shippableSensitive({ signOffs: [approvedSignOff('data', 2, { decision: 'changes_requested' })] }),
    shippableSensitive({ signOffs: [approvedSignOff('security', 2, { decision: 'rejected' })] }),
    shippableSensitive({ mitigations: [{ id: 8, area: 'data', kind: 'other', state: 'implemented' }] }),
    shippableSensitive({
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['data', 'security'] }],
    }),
    shippableSensitive(),
    shippableSensitive({ status: 'submitted' }),
  );
  it('over generated role holders before and after an admin moves them', () => {
    fc.assert(
      fc.property(
        factsArb,
        peopleArb,
        peopleArb,
        fc.constantFrom('product_owner', 'cpo', 'ceo' as const),
        fc.boolean(),
        some,
        (facts, before, after, level, shared, commenters) => {
          const esc = [
            escalation({
              level,
              papersShared: shared,
              paperAuthorIds: shared ? [PROPOSER] : [],
              commenterIds: commenters,
            }),
          ];
          const pb = people({ ...before, escalations: esc, reviewers: [{ area: 'data', personId: 50 }] });
          const pa = people({ ...after, escalations: esc, reviewers: [{ area: 'data', personId: 50 }] });
          const stored = stepSummary(facts, pb, NOW).steps;
          for (const id of [1, 2, 3, 4, 10, 20, 21, 22, 23, 30, 40, 41, 50, PROPOSER, ENGINEERING_OWNER])
            expect(summaryStepsFor(stored, actorIn(pa, id))).toEqual(freshFor(facts, pa, id));
        },
      ),
      { numRuns: 300 },
    );
  });
});
