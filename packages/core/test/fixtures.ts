import type {
  Actor,
  Area,
  DraftRequestForm,
  RequestForm,
  ReviewFacts,
  ReviewPeople,
  ReviewRef,
  SignOffFact,
} from '../src/index.ts';
import { AREAS, DomainError } from '../src/index.ts';

export const PROPOSER = 1;
export const ENGINEERING_OWNER = 2;
export const REQUESTER = 3;
export const PRODUCT_OWNER = 30;

/** The people of one review (openSteps): a facilitator per area, a steward, the CPO and the CEO. */
export const reviewPeople = (overrides: Partial<ReviewPeople> = {}): ReviewPeople => ({
  proposerId: PROPOSER,
  requesterId: REQUESTER,
  engineeringOwnerId: ENGINEERING_OWNER,
  productOwnerId: PRODUCT_OWNER,
  facilitators: { privacy_technical: [20], data: [21], legal_trust: [22], security: [23] },
  reviewers: [],
  stewardIds: [10],
  executives: { cpo: [40], ceo: [41] },
  escalations: [],
  ...overrides,
});

export function actor(personId: number, overrides: Partial<Omit<Actor, 'personId'>> = {}): Actor {
  return {
    personId,
    isAdmin: false,
    isSteward: false,
    facilitatorAreas: [],
    executiveRole: null,
    ...overrides,
  };
}

export const proposer = actor(PROPOSER);
export const engineeringOwner = actor(ENGINEERING_OWNER);
export const steward = actor(10, { isSteward: true });
export const facilitator = (area: Area, personId = 20 + AREAS.indexOf(area)) =>
  actor(personId, { facilitatorAreas: [area] });
export const outsider = actor(99);

export const review = (status: ReviewRef['status']): ReviewRef => ({
  status,
  proposerId: PROPOSER,
  engineeringOwnerId: ENGINEERING_OWNER,
});

/** Runs fn and returns the DomainError it throws (fails the test if it does not throw one). */
export function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

export function completeForm(overrides: Partial<RequestForm> = {}): RequestForm {
  return {
    questionsAnswered: 'How often do users open the sidebar?',
    whyMozillaNeedsIt: 'To decide whether to keep the sidebar.',
    alternativesConsidered: 'User research; too few participants.',
    currentInstrumentation: 'No.',
    measurements: [
      { name: 'sidebar.opened', description: 'Count of sidebar opens.', category: 2, trackingBug: '1800001' },
      { name: 'sidebar.width', description: 'Width in pixels.', category: 1, trackingBug: '1800002' },
    ],
    publicDocumentationUrl: 'https://dictionary.telemetry.mozilla.org/sidebar',
    collectionPeriod: { expires: 'Firefox 150' },
    populationChannels: 'Release.',
    populationCountries: 'All countries.',
    populationLocales: 'All locales.',
    populations: 'No other filters.',
    turnOffMechanism: 'Settings > Privacy > Data collection.',
    analysis: 'Weekly counts on a dashboard.',
    resultsSharing: 'The product team.',
    thirdPartyDataPath: 'no_third_party_tool',
    ...overrides,
  };
}

export const sensitiveFields = {
  implementationDetails: 'Implemented in the sidebar module.',
  intendedUse: 'Ranking sidebar suggestions.',
  valueToUsers: 'Better suggestions.',
};
export const category4Fields = {
  advanceUserNotice: 'A notice on first run.',
  consentMechanism: 'An opt-in dialog.',
  optOutMechanism: 'A switch in settings.',
};

export const draft = (form: DraftRequestForm) => form;

export const approvedSignOff = (area: Area, revision = 2, extra: Partial<SignOffFact> = {}): SignOffFact => ({
  area,
  revision,
  risk: 'low',
  decision: 'approved',
  trustApproval: false,
  ...extra,
});

/** A category 3 review, default off on both channels, that may ship: every test removes one thing. */
export function shippableSensitive(overrides: Partial<ReviewFacts> = {}): ReviewFacts {
  return {
    reviewId: 42,
    key: 'DR-42',
    status: 'sensitive_review',
    category: 3,
    stewardOutcome: 'data-review+',
    currentRevision: 2,
    channels: [
      { channel: 'release', defaultState: 'off' },
      { channel: 'pre_release', defaultState: 'off' },
    ],
    runsInExperiments: false,
    form: { optOutDocumented: true, advanceUserNotice: true, consentMechanism: true, optOutMechanism: true },
    signOffs: AREAS.map((a) => approvedSignOff(a)),
    mitigations: [],
    announcement: { state: 'sent' },
    discussions: [],
    escalations: [],
    ...overrides,
  };
}

/** A category 2 review approved by the steward, default on: no sign-offs, no announcement. */
export function approvedSimple(overrides: Partial<ReviewFacts> = {}): ReviewFacts {
  return shippableSensitive({
    status: 'approved',
    category: 2,
    channels: [
      { channel: 'release', defaultState: 'on' },
      { channel: 'pre_release', defaultState: 'on' },
    ],
    form: {
      optOutDocumented: true,
      advanceUserNotice: false,
      consentMechanism: false,
      optOutMechanism: false,
    },
    signOffs: [],
    announcement: { state: 'none' },
    ...overrides,
  });
}
