import { describe, expect, it } from 'vitest';
import {
  BLOCKER_CODES,
  BLOCKER_ORDER,
  type BlockerCode,
  canShipResultSchema,
  evaluateCanShip,
  type ReviewFacts,
} from '../src/index.ts';
import { approvedSignOff, approvedSimple, shippableSensitive } from './fixtures.ts';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const codes = (facts: ReviewFacts, channel: 'release' | 'pre_release' = 'release') =>
  evaluateCanShip(facts, channel, NOW).blockers.map((b) => b.code);
const only = (facts: ReviewFacts, channel: 'release' | 'pre_release' = 'release') =>
  evaluateCanShip(facts, channel, NOW).blockers.map((b) => ({ code: b.code, area: b.area }));
const withSignOff = (facts: ReviewFacts, s: ReturnType<typeof approvedSignOff>) => ({
  ...facts,
  signOffs: facts.signOffs.filter((x) => x.area !== s.area).concat(s),
});

describe('evaluateCanShip: a review with nothing in the way', () => {
  it('a complete category 3 review may ship on both channels', () => {
    for (const channel of ['release', 'pre_release'] as const) {
      const r = evaluateCanShip(shippableSensitive(), channel, NOW);
      expect(r).toEqual({
        reviewId: 42,
        channel,
        canShip: true,
        revision: 2,
        blockers: [],
        evaluatedAt: '2025-03-01T12:00:00.000Z',
      });
      expect(canShipResultSchema.parse(r)).toEqual(r);
    }
  });

  it('category 1/2 approved by the steward needs no sign-offs and no announcement', () => {
    expect(evaluateCanShip(approvedSimple(), 'release', NOW).canShip).toBe(true);
    expect(evaluateCanShip(approvedSimple({ category: 1 }), 'pre_release', NOW).canShip).toBe(true);
  });

  it('a shipped review still answers yes', () => {
    expect(evaluateCanShip(shippableSensitive({ status: 'shipped' }), 'release', NOW).canShip).toBe(true);
  });

  it('is pure: the same facts give the same answer and the facts are not changed', () => {
    const facts = shippableSensitive({
      mitigations: [
        { id: 9, area: 'data', kind: 'other', state: 'proposed' },
        { id: 3, area: 'data', kind: 'other', state: 'proposed' },
      ],
    });
    const copy = structuredClone(facts);
    expect(evaluateCanShip(facts, 'release', NOW)).toEqual(evaluateCanShip(facts, 'release', NOW));
    expect(facts).toEqual(copy);
  });
});

describe('evaluateCanShip: each blocker on its own', () => {
  it('CHANNEL_NOT_REQUESTED: the channel is not among the review’s channels', () => {
    const facts = shippableSensitive({ channels: [{ channel: 'release', defaultState: 'off' }] });
    expect(only(facts, 'pre_release')).toEqual([{ code: 'CHANNEL_NOT_REQUESTED', area: undefined }]);
    expect(codes(facts, 'release')).toEqual([]);
  });

  it('NOT_SUBMITTED: a draft', () => {
    const facts = approvedSimple({
      status: 'draft',
      category: null,
      stewardOutcome: null,
      currentRevision: 1,
    });
    expect(codes(facts)).toEqual(['NOT_SUBMITTED']);
  });

  it('STEWARD_REVIEW_PENDING: submitted, no steward decision yet', () => {
    const facts = approvedSimple({ status: 'submitted', category: null, stewardOutcome: null });
    expect(codes(facts)).toEqual(['STEWARD_REVIEW_PENDING']);
  });

  it('STEWARD_REVIEW_PENDING: past the steward without data-review+ is not trusted', () => {
    expect(codes(approvedSimple({ stewardOutcome: null }))).toEqual(['STEWARD_REVIEW_PENDING']);
    expect(codes(approvedSimple({ category: null }))).toEqual(['STEWARD_REVIEW_PENDING']);
  });

  it('STEWARD_REJECTED: returned with data-review-', () => {
    const facts = approvedSimple({ status: 'returned', stewardOutcome: 'data-review-' });
    expect(codes(facts)).toEqual(['STEWARD_REJECTED']);
  });

  it('SIGNOFF_MISSING: an area has not signed off', () => {
    const facts = shippableSensitive({
      signOffs: shippableSensitive().signOffs.filter((s) => s.area !== 'security'),
    });
    expect(only(facts)).toEqual([{ code: 'SIGNOFF_MISSING', area: 'security' }]);
  });

  it('SIGNOFF_MISSING: every area, in area order, when nobody signed', () => {
    expect(only(shippableSensitive({ signOffs: [] }))).toEqual([
      { code: 'SIGNOFF_MISSING', area: 'privacy_technical' },
      { code: 'SIGNOFF_MISSING', area: 'data' },
      { code: 'SIGNOFF_MISSING', area: 'legal_trust' },
      { code: 'SIGNOFF_MISSING', area: 'security' },
    ]);
  });

  it('SIGNOFF_STALE: a sign-off on an earlier revision does not count', () => {
    const facts = withSignOff(shippableSensitive(), approvedSignOff('data', 1));
    const r = evaluateCanShip(facts, 'release', NOW);
    expect(r.blockers).toEqual([
      {
        code: 'SIGNOFF_STALE',
        area: 'data',
        message: expect.stringContaining('revision 1'),
        owner: { role: 'facilitator', area: 'data' },
        action: 'reconfirm_sign_off',
      },
    ]);
    expect(r.canShip).toBe(false);
  });

  it('SIGNOFF_STALE wins over the stale decision: a stale rejection reports stale only', () => {
    const facts = withSignOff(shippableSensitive(), approvedSignOff('data', 1, { decision: 'rejected' }));
    expect(codes(facts)).toEqual(['SIGNOFF_STALE']);
  });

  it('the latest sign-off of an area counts, whatever the order of the list', () => {
    const facts = shippableSensitive();
    facts.signOffs = [approvedSignOff('data', 2), ...facts.signOffs, approvedSignOff('data', 1)];
    expect(codes(facts)).toEqual([]);
  });

  it('CHANGES_REQUESTED', () => {
    const facts = withSignOff(
      shippableSensitive(),
      approvedSignOff('legal_trust', 2, { decision: 'changes_requested' }),
    );
    expect(only(facts)).toEqual([{ code: 'CHANGES_REQUESTED', area: 'legal_trust' }]);
  });

  it('SIGNOFF_REJECTED', () => {
    const facts = withSignOff(shippableSensitive(), approvedSignOff('security', 2, { decision: 'rejected' }));
    expect(only(facts)).toEqual([{ code: 'SIGNOFF_REJECTED', area: 'security' }]);
  });

  it('MITIGATION_OPEN: every state but accepted and withdrawn blocks', () => {
    for (const state of ['requested', 'proposed', 'implemented', 'rejected'] as const) {
      const facts = shippableSensitive({ mitigations: [{ id: 7, area: 'data', kind: 'ux_notice', state }] });
      expect(only(facts)).toEqual([{ code: 'MITIGATION_OPEN', area: 'data' }]);
    }
    for (const state of ['accepted', 'withdrawn'] as const) {
      const facts = shippableSensitive({ mitigations: [{ id: 7, area: 'data', kind: 'ux_notice', state }] });
      expect(codes(facts)).toEqual([]);
    }
  });

  it('MITIGATION_OPEN blocks a category 1/2 review too', () => {
    const facts = approvedSimple({
      mitigations: [{ id: 1, area: 'data', kind: 'other', state: 'proposed' }],
    });
    expect(codes(facts)).toEqual(['MITIGATION_OPEN']);
  });

  it('ANNOUNCEMENT_MISSING: not sent or recorded', () => {
    for (const state of ['none', 'queued', 'failing'] as const) {
      expect(codes(shippableSensitive({ announcement: { state } }))).toEqual(['ANNOUNCEMENT_MISSING']);
    }
    expect(codes(shippableSensitive({ announcement: { state: 'recorded' } }))).toEqual([]);
  });

  it('ANNOUNCEMENT_MISSING applies to pre-release and experiments as well', () => {
    const facts = shippableSensitive({ announcement: { state: 'none' }, runsInExperiments: true });
    expect(codes(facts, 'pre_release')).toEqual(['ANNOUNCEMENT_MISSING']);
  });

  it('DISCUSSION_REQUIRED: an area at risk high and no held discussion', () => {
    const high = withSignOff(shippableSensitive(), approvedSignOff('security', 2, { risk: 'high' }));
    expect(only(high)).toEqual([{ code: 'DISCUSSION_REQUIRED', area: 'security' }]);
    expect(codes({ ...high, discussions: [{ area: 'security', state: 'scheduled' }] })).toEqual([
      'DISCUSSION_REQUIRED',
    ]);
    expect(codes({ ...high, discussions: [{ area: 'security', state: 'cancelled' }] })).toEqual([
      'DISCUSSION_REQUIRED',
    ]);
    expect(codes({ ...high, discussions: [{ area: 'data', state: 'held' }] })).toEqual([
      'DISCUSSION_REQUIRED',
    ]);
    expect(codes({ ...high, discussions: [{ area: 'security', state: 'held' }] })).toEqual([]);
    expect(
      codes({ ...high, discussions: [{ area: null, state: 'held', heldForAreas: ['security'] }] }),
    ).toEqual([]);
  });

  it("DISCUSSION_REQUIRED: a whole-review discussion recorded by another area's facilitator does not clear it (issue 14, hole 4)", () => {
    const high = withSignOff(shippableSensitive(), approvedSignOff('security', 2, { risk: 'high' }));
    expect(codes({ ...high, discussions: [{ area: null, state: 'held', heldForAreas: ['data'] }] })).toEqual([
      'DISCUSSION_REQUIRED',
    ]);
    // A held whole-review discussion of unknown recorder counts for no area.
    expect(codes({ ...high, discussions: [{ area: null, state: 'held' }] })).toEqual(['DISCUSSION_REQUIRED']);
  });

  it('ESCALATION_OPEN', () => {
    const facts = shippableSensitive({
      escalations: [{ id: 5, state: 'open', decision: null, areas: ['legal_trust'] }],
    });
    expect(only(facts)).toEqual([{ code: 'ESCALATION_OPEN', area: 'legal_trust' }]);
  });

  it('DECISION_DO_NOT_SHIP, for good', () => {
    const facts = shippableSensitive({
      escalations: [
        { id: 5, state: 'decided', decision: 'do_not_ship', areas: ['legal_trust', 'security'] },
        { id: 6, state: 'decided', decision: 'proceed', areas: ['legal_trust', 'security'] },
      ],
    });
    expect(only(facts)).toEqual([{ code: 'DECISION_DO_NOT_SHIP', area: undefined }]);
  });

  it('DEFAULT_STATE_INELIGIBLE: category 3 default on in pre-release without an accepted mitigation', () => {
    const facts = shippableSensitive({ channels: [{ channel: 'pre_release', defaultState: 'on' }] });
    expect(codes(facts, 'pre_release')).toEqual(['DEFAULT_STATE_INELIGIBLE']);
    facts.mitigations = [{ id: 1, area: 'privacy_technical', kind: 'technical_control', state: 'accepted' }];
    expect(codes(facts, 'pre_release')).toEqual([]);
  });

  it('TRUST_APPROVAL_MISSING: category 3 default on in release', () => {
    const facts = shippableSensitive({ channels: [{ channel: 'release', defaultState: 'on' }] });
    expect(codes(facts)).toEqual(['TRUST_APPROVAL_MISSING']);
    const trusted = withSignOff(facts, approvedSignOff('legal_trust', 2, { trustApproval: true }));
    expect(codes(trusted)).toEqual([]);
  });

  it('TRUST_APPROVAL_MISSING: a stale Trust approval does not count', () => {
    const facts = withSignOff(
      shippableSensitive({ channels: [{ channel: 'release', defaultState: 'on' }] }),
      approvedSignOff('legal_trust', 1, { trustApproval: true }),
    );
    expect(codes(facts)).toEqual(['SIGNOFF_STALE', 'TRUST_APPROVAL_MISSING']);
  });

  it('CONSENT_REQUIREMENTS_MISSING: category 4 without notice, consent and opt-out', () => {
    const base = withSignOff(
      shippableSensitive({ category: 4 }),
      approvedSignOff('legal_trust', 2, { trustApproval: true }),
    );
    expect(codes(base)).toEqual([]);
    const facts = { ...base, form: { ...base.form, consentMechanism: false } };
    const r = evaluateCanShip(facts, 'release', NOW);
    expect(r.blockers.map((b) => b.code)).toEqual(['CONSENT_REQUIREMENTS_MISSING']);
    expect(r.blockers[0]?.message).toContain('missing: consent.');
  });

  it('OPT_OUT_UNDOCUMENTED: every collection documents how users turn it off', () => {
    const undocumented = {
      optOutDocumented: false,
      advanceUserNotice: true,
      consentMechanism: true,
      optOutMechanism: true,
    };
    expect(codes(shippableSensitive({ form: undocumented }))).toEqual(['OPT_OUT_UNDOCUMENTED']);
    expect(codes(approvedSimple({ form: undocumented }))).toEqual(['OPT_OUT_UNDOCUMENTED']);
    // Reported early too, while the review is still a draft.
    expect(codes(approvedSimple({ form: undocumented, status: 'draft', stewardOutcome: null }))).toEqual([
      'NOT_SUBMITTED',
      'OPT_OUT_UNDOCUMENTED',
    ]);
  });

  it('WITHDRAWN: nothing else is reported', () => {
    const facts = shippableSensitive({ status: 'withdrawn', signOffs: [], announcement: { state: 'none' } });
    expect(codes(facts)).toEqual(['WITHDRAWN']);
  });
});

describe('evaluateCanShip: after shipping (SPEC 12)', () => {
  const glean = (
    name: string,
    ...dataSensitivity: ('technical' | 'interaction' | 'web_activity' | 'highly_sensitive')[]
  ) => ({
    name,
    dataSensitivity,
  });

  it('DATA_SENSITIVITY_MISMATCH: a category below the metrics’ data_sensitivity', () => {
    const facts = approvedSimple({
      gleanMetrics: [glean('a.width', 'technical'), glean('a.domain', 'web_activity')],
    });
    const r = evaluateCanShip(facts, 'release', NOW);
    expect(r.blockers).toEqual([
      {
        code: 'DATA_SENSITIVITY_MISMATCH',
        message: expect.stringContaining('a.domain (web_activity)'),
        owner: { role: 'proposer' },
        action: 'revise_documentation',
      },
    ]);
  });

  it('DATA_SENSITIVITY_MISMATCH: a category above every metric’s data_sensitivity', () => {
    const facts = shippableSensitive({ gleanMetrics: [glean('a.opened', 'interaction')] });
    expect(codes(facts)).toEqual(['DATA_SENSITIVITY_MISMATCH']);
  });

  it('matching metrics, metrics without data_sensitivity, no import, or no category yet: nothing', () => {
    expect(
      codes(approvedSimple({ gleanMetrics: [glean('a', 'technical'), glean('b', 'interaction')] })),
    ).toEqual([]);
    expect(codes(approvedSimple({ gleanMetrics: [glean('a')] }))).toEqual([]);
    expect(codes(approvedSimple({ gleanMetrics: [] }))).toEqual([]);
    const submitted = approvedSimple({
      status: 'submitted',
      category: null,
      stewardOutcome: null,
      gleanMetrics: [glean('a', 'highly_sensitive')],
    });
    expect(codes(submitted)).toEqual(['STEWARD_REVIEW_PENDING']);
  });

  it('COLLECTION_EXPIRED: the period has ended (on its date)', () => {
    for (const collectionExpires of [
      '2025-02-01',
      '2025-03-01',
      'expired',
      '2025-03-01 (parts … 2026-01-01)',
    ]) {
      const r = evaluateCanShip(approvedSimple({ collectionExpires }), 'release', NOW);
      expect(r.blockers.map((b) => b.code)).toEqual(['COLLECTION_EXPIRED']);
      expect(r.blockers[0]?.message).toContain('renewal');
    }
  });

  it('COLLECTION_EXPIRED: not for a later date, a permanent collection, a version or no period', () => {
    for (const collectionExpires of ['2025-03-02', 'never', 'Firefox 150', null, undefined])
      expect(codes(approvedSimple({ collectionExpires }))).toEqual([]);
  });

  it('an expired shipped collection may not ship again until renewed', () => {
    expect(codes(shippableSensitive({ status: 'shipped', collectionExpires: '2024-12-31' }))).toEqual([
      'COLLECTION_EXPIRED',
    ]);
  });

  it('both new blockers come after the older ones, mismatch first', () => {
    const facts = approvedSimple({
      collectionExpires: '2025-01-01',
      gleanMetrics: [glean('a', 'highly_sensitive')],
      mitigations: [{ id: 1, area: 'data', kind: 'other', state: 'proposed' }],
    });
    expect(codes(facts)).toEqual(['MITIGATION_OPEN', 'DATA_SENSITIVITY_MISMATCH', 'COLLECTION_EXPIRED']);
  });
});

describe('evaluateCanShip: escalation decisions', () => {
  const disputed = withSignOff(
    withSignOff(shippableSensitive(), approvedSignOff('legal_trust', 2, { decision: 'rejected' })),
    approvedSignOff('security', 2, { decision: 'changes_requested' }),
  );

  it('proceed resolves the disputed areas only', () => {
    const facts = {
      ...disputed,
      escalations: [
        { id: 1, state: 'decided' as const, decision: 'proceed' as const, areas: ['legal_trust' as const] },
      ],
    };
    expect(only(facts)).toEqual([{ code: 'CHANGES_REQUESTED', area: 'security' }]);
  });

  it('proceed_with_mitigations resolves the areas; its mitigations block until accepted', () => {
    const facts: ReviewFacts = {
      ...disputed,
      escalations: [
        { id: 1, state: 'decided', decision: 'proceed_with_mitigations', areas: ['legal_trust', 'security'] },
      ],
      mitigations: [{ id: 3, area: 'security', kind: 'technical_control', state: 'requested' }],
    };
    expect(codes(facts)).toEqual(['MITIGATION_OPEN']);
  });

  it('an open escalation resolves nothing', () => {
    const facts: ReviewFacts = {
      ...disputed,
      escalations: [{ id: 1, state: 'open', decision: null, areas: ['legal_trust', 'security'] }],
    };
    expect(codes(facts)).toEqual(['CHANGES_REQUESTED', 'SIGNOFF_REJECTED', 'ESCALATION_OPEN']);
  });

  it('proceed does not excuse a stale sign-off', () => {
    const facts: ReviewFacts = {
      ...withSignOff(disputed, approvedSignOff('legal_trust', 1, { decision: 'rejected' })),
      escalations: [{ id: 1, state: 'decided', decision: 'proceed', areas: ['legal_trust', 'security'] }],
    };
    expect(only(facts)).toEqual([{ code: 'SIGNOFF_STALE', area: 'legal_trust' }]);
  });
});

describe('evaluateCanShip: order and documentation', () => {
  it('reports many blockers in the documented order, then by area, then by id', () => {
    const facts = shippableSensitive({
      channels: [{ channel: 'release', defaultState: 'on' }],
      category: 4,
      signOffs: [approvedSignOff('security', 2, { risk: 'high' }), approvedSignOff('data', 1)],
      mitigations: [
        { id: 12, area: 'security', kind: 'other', state: 'proposed' },
        { id: 4, area: 'data', kind: 'other', state: 'implemented' },
        { id: 2, area: 'security', kind: 'other', state: 'requested' },
      ],
      announcement: { state: 'queued' },
      escalations: [
        { id: 8, state: 'open', decision: null, areas: ['security'] },
        { id: 3, state: 'open', decision: null, areas: ['data', 'security'] },
      ],
      form: {
        optOutDocumented: false,
        advanceUserNotice: false,
        consentMechanism: true,
        optOutMechanism: true,
      },
    });
    const r = evaluateCanShip(facts, 'release', NOW);
    expect(r.canShip).toBe(false);
    expect(r.blockers.map((b) => [b.code, b.area ?? null])).toEqual([
      ['SIGNOFF_MISSING', 'privacy_technical'],
      ['SIGNOFF_MISSING', 'legal_trust'],
      ['SIGNOFF_STALE', 'data'],
      ['MITIGATION_OPEN', 'data'],
      ['MITIGATION_OPEN', 'security'],
      ['MITIGATION_OPEN', 'security'],
      ['ANNOUNCEMENT_MISSING', null],
      ['DISCUSSION_REQUIRED', 'security'],
      ['ESCALATION_OPEN', null],
      ['ESCALATION_OPEN', 'security'],
      ['DEFAULT_STATE_INELIGIBLE', null],
      ['TRUST_APPROVAL_MISSING', null],
      ['CONSENT_REQUIREMENTS_MISSING', null],
      ['OPT_OUT_UNDOCUMENTED', null],
    ]);
    // Ids order them, as data (issue 15: no `#n` in the words).
    expect(r.blockers.filter((b) => b.code === 'MITIGATION_OPEN').map((b) => b.mitigationId)).toEqual([
      4, 2, 12,
    ]);
    expect(r.blockers.filter((b) => b.code === 'ESCALATION_OPEN').map((b) => b.escalationId)).toEqual([3, 8]);
  });

  it('documents every code exactly once, each with a one-line description', () => {
    const spec: BlockerCode[] = [
      'NOT_SUBMITTED',
      'STEWARD_REVIEW_PENDING',
      'STEWARD_RECATEGORISATION_PENDING',
      'LEGAL_TRUST_ANSWER_PENDING',
      'STEWARD_REJECTED',
      'SIGNOFF_MISSING',
      'SIGNOFF_STALE',
      'CHANGES_REQUESTED',
      'SIGNOFF_REJECTED',
      'MITIGATION_OPEN',
      'ANNOUNCEMENT_MISSING',
      'DISCUSSION_REQUIRED',
      'ESCALATION_OPEN',
      'DECISION_DO_NOT_SHIP',
      'DEFAULT_STATE_INELIGIBLE',
      'TRUST_APPROVAL_MISSING',
      'CONSENT_REQUIREMENTS_MISSING',
      'WITHDRAWN',
      'CHANNEL_NOT_REQUESTED',
      'OPT_OUT_UNDOCUMENTED',
      'DATA_SENSITIVITY_MISMATCH',
      'COLLECTION_EXPIRED',
    ];
    expect([...BLOCKER_ORDER].sort()).toEqual([...spec].sort());
    for (const code of BLOCKER_ORDER) {
      expect(BLOCKER_CODES[code]).toMatch(/^[A-Z].+\.$/);
      expect(BLOCKER_CODES[code]).not.toContain('\n');
    }
  });

  it('every blocker carries a message a person can read', () => {
    const facts = shippableSensitive({ signOffs: [], announcement: { state: 'failing' } });
    for (const b of evaluateCanShip(facts, 'release', NOW).blockers)
      expect(b.message.length).toBeGreaterThan(10);
  });
});
