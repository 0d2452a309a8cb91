import { describe, expect, it } from 'vitest';
import {
  type BlockerCode,
  CATEGORIES,
  type Category,
  CHANNELS,
  type Channel,
  type DefaultState,
  type DefaultStateFacts,
  defaultStateBlockers,
  evaluateCanShip,
} from '../src/index.ts';
import { approvedSignOff, shippableSensitive } from './fixtures.ts';

const NONE: DefaultStateFacts = {
  trustApproval: false,
  acceptedMitigations: 0,
  advanceNotice: false,
  consent: false,
  optOut: false,
  optOutDocumented: true,
};
const VARIANTS = {
  nothing: NONE,
  trust: { ...NONE, trustApproval: true },
  mitigation: { ...NONE, acceptedMitigations: 1 },
  noticeConsentOptOut: { ...NONE, advanceNotice: true, consent: true, optOut: true },
  trustAndNotice: { ...NONE, trustApproval: true, advanceNotice: true, consent: true, optOut: true },
  everything: {
    ...NONE,
    trustApproval: true,
    acceptedMitigations: 2,
    advanceNotice: true,
    consent: true,
    optOut: true,
  },
} satisfies Record<string, DefaultStateFacts>;
type Variant = keyof typeof VARIANTS;

const TRUST = 'TRUST_APPROVAL_MISSING';
const INELIGIBLE = 'DEFAULT_STATE_INELIGIBLE';
const CONSENT = 'CONSENT_REQUIREMENTS_MISSING';
const eligible: Record<Variant, BlockerCode[]> = {
  nothing: [],
  trust: [],
  mitigation: [],
  noticeConsentOptOut: [],
  trustAndNotice: [],
  everything: [],
};
// Category 4, any channel, any state: prior Trust approval and (i) notice (ii) consent (iii) opt-out.
const category4 = (extra: BlockerCode[]): Record<Variant, BlockerCode[]> => ({
  nothing: [...extra, TRUST, CONSENT],
  trust: [...extra, CONSENT],
  mitigation: [...extra, TRUST, CONSENT],
  noticeConsentOptOut: [...extra, TRUST],
  trustAndNotice: [...extra],
  everything: [...extra],
});

/** SPEC 6, cell by cell: [category, channel, requested default] → expected blockers per variant. */
const TABLE: [Category, Channel, DefaultState, Record<Variant, BlockerCode[]>][] = [
  [1, 'release', 'on', eligible],
  [1, 'release', 'off', eligible],
  [1, 'pre_release', 'on', eligible],
  [1, 'pre_release', 'off', eligible],
  [2, 'release', 'on', eligible],
  [2, 'release', 'off', eligible],
  [2, 'pre_release', 'on', eligible],
  [2, 'pre_release', 'off', eligible],
  [3, 'release', 'off', eligible],
  [
    3,
    'release',
    'on',
    {
      nothing: [TRUST],
      trust: [],
      mitigation: [TRUST],
      noticeConsentOptOut: [TRUST],
      trustAndNotice: [],
      everything: [],
    },
  ],
  [3, 'pre_release', 'off', eligible],
  [
    3,
    'pre_release',
    'on',
    {
      nothing: [INELIGIBLE],
      trust: [INELIGIBLE],
      mitigation: [],
      noticeConsentOptOut: [INELIGIBLE],
      trustAndNotice: [INELIGIBLE],
      everything: [],
    },
  ],
  [4, 'release', 'off', category4([])],
  [4, 'release', 'on', category4([INELIGIBLE])],
  [4, 'pre_release', 'off', category4([])],
  [4, 'pre_release', 'on', category4([INELIGIBLE])],
];

describe('defaultStateBlockers: every cell of the SPEC 6 table', () => {
  it('covers every category × channel × default state', () => {
    expect(TABLE).toHaveLength(CATEGORIES.length * CHANNELS.length * 2);
  });

  for (const [category, channel, state, expected] of TABLE) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      it(`category ${category}, ${channel}, default ${state}, with ${variant}: ${expected[variant].join(', ') || 'eligible'}`, () => {
        const blockers = defaultStateBlockers(category, channel, state, VARIANTS[variant]);
        expect(blockers.map((b) => b.code)).toEqual(expected[variant]);
        for (const b of blockers) expect(b.area).toBeUndefined();
      });
    }
  }

  it('every cell also needs the opt-out documented', () => {
    for (const [category, channel, state] of TABLE) {
      const codes = defaultStateBlockers(category, channel, state, {
        ...VARIANTS.everything,
        optOutDocumented: false,
      }).map((b) => b.code);
      expect(codes.at(-1)).toBe('OPT_OUT_UNDOCUMENTED');
      expect(codes.filter((c) => c === 'OPT_OUT_UNDOCUMENTED')).toHaveLength(1);
    }
  });

  it('category 4 names exactly which of notice, consent and opt-out is missing', () => {
    const [b] = defaultStateBlockers(4, 'release', 'off', { ...VARIANTS.trust, consent: true });
    expect(b?.code).toBe('CONSENT_REQUIREMENTS_MISSING');
    expect(b?.message).toContain('missing: advance user notice, opt-out.');
  });

  it('messages name the category and channel', () => {
    const [b] = defaultStateBlockers(3, 'pre_release', 'on', NONE);
    expect(b?.message).toContain('category 3 on pre-release');
  });
});

describe('the evaluator applies the table with the review’s own facts', () => {
  it('counts only accepted mitigations for category 3 pre-release default on', () => {
    const facts = shippableSensitive({
      channels: [{ channel: 'pre_release', defaultState: 'on' }],
      mitigations: [
        { id: 1, area: 'data', kind: 'ux_notice', state: 'withdrawn' },
        { id: 2, area: 'data', kind: 'ux_notice', state: 'accepted' },
      ],
    });
    expect(evaluateCanShip(facts, 'pre_release', new Date()).canShip).toBe(true);
    facts.mitigations = [{ id: 1, area: 'data', kind: 'ux_notice', state: 'withdrawn' }];
    expect(evaluateCanShip(facts, 'pre_release', new Date()).blockers.map((b) => b.code)).toEqual([
      'DEFAULT_STATE_INELIGIBLE',
    ]);
  });

  it('uses the default state requested for the channel asked about', () => {
    const facts = shippableSensitive({
      channels: [
        { channel: 'release', defaultState: 'off' },
        { channel: 'pre_release', defaultState: 'on' },
      ],
    });
    expect(evaluateCanShip(facts, 'release', new Date()).canShip).toBe(true);
    expect(evaluateCanShip(facts, 'pre_release', new Date()).canShip).toBe(false);
  });

  it('Trust approval comes only from a current legal_trust approval that grants it', () => {
    const base = shippableSensitive({ channels: [{ channel: 'release', defaultState: 'on' }] });
    const withLegal = (s: ReturnType<typeof approvedSignOff>) => ({
      ...base,
      signOffs: base.signOffs.filter((x) => x.area !== 'legal_trust').concat(s),
    });
    const run = (facts: typeof base) =>
      evaluateCanShip(facts, 'release', new Date()).blockers.map((b) => b.code);
    expect(run(withLegal(approvedSignOff('legal_trust', 2, { trustApproval: true })))).toEqual([]);
    expect(run(withLegal(approvedSignOff('legal_trust', 2, { trustApproval: false })))).toEqual([TRUST]);
    // A trustApproval flag on another area means nothing.
    expect(
      run({
        ...base,
        signOffs: base.signOffs.map((s) => (s.area === 'security' ? { ...s, trustApproval: true } : s)),
      }),
    ).toEqual([TRUST]);
  });
});
