import type { Area, Category, DraftRequestForm } from '@signoff/core';
import type { Db } from '@signoff/db';
import { person, systemCaller } from './callers.ts';

export type Person = Awaited<ReturnType<typeof person>>;

/** A complete request form whose measurements are of `category` (category 3/4 parts filled in). */
export function completeForm(category: Category = 2, overrides: DraftRequestForm = {}): DraftRequestForm {
  return {
    questionsAnswered: 'Which sites break with the new cookie policy?',
    whyMozillaNeedsIt: 'To fix web compatibility before the policy reaches release.',
    alternativesConsidered: 'Manual testing of the top sites; it misses long-tail breakage.',
    currentInstrumentation: 'No: current telemetry does not record which site broke.',
    measurements: [
      {
        name: 'cookies.breakage_site',
        description: 'Top-level domain of a page that broke.',
        category,
        trackingBug: '1900001',
      },
      {
        name: 'cookies.breakage_count',
        description: 'How many breakages were reported.',
        category: 1,
        trackingBug: '1900001',
      },
    ],
    publicDocumentationUrl: 'https://dictionary.telemetry.mozilla.org/cookies',
    collectionPeriod: { expires: '2027-06-30' },
    populations: 'Nightly and Beta users in all locales.',
    turnOffMechanism: 'The telemetry preference in Settings > Privacy turns it off.',
    analysis: 'The web compatibility team triages the top domains weekly.',
    resultsSharing: 'Internal dashboards; aggregated results in the web compatibility report.',
    thirdPartyTools: 'No.',
    ...(category >= 3
      ? {
          implementationDetails: 'Only the eTLD+1 of the broken page is sent, never the full URL.',
          intendedUse: 'Prioritise compatibility fixes.',
          valueToUsers: 'Fewer broken sites.',
        }
      : {}),
    ...(category === 4
      ? {
          advanceUserNotice: 'A notice in the release notes and a first-run panel.',
          consentMechanism: 'An explicit opt-in checkbox in the breakage reporter.',
          optOutMechanism: 'Unchecking the box or the telemetry preference.',
        }
      : {}),
    ...overrides,
  };
}

export const YES = { answer: 'yes' as const };
export const dataReview = (
  outcome: 'data-review+' | 'data-review-' = 'data-review+',
  extra: Record<string, unknown> = {},
) => ({
  answers: {
    publicDocumentation: YES,
    userControl: YES,
    monitoring: YES,
    newIdentifiers: { answer: 'no' as const },
    privacyNoticeCoverage: YES,
    thirdPartyTool: { answer: 'no' as const },
  },
  defaultState: 'off' as const,
  outcome,
  review: 'Reviewed against the request form.',
  ...extra,
});

export interface Cast {
  admin: Person;
  owner: Person;
  proposer: Person;
  steward: Person;
  facilitators: Record<Area, Person>;
  outsider: Person;
  productId: number;
}

/** Everyone a review involves, signed in, and a product owned by `owner`. */
export async function cast(db: Db, tag = ''): Promise<Cast> {
  const mk = (name: string, opts?: Parameters<typeof person>[2]) =>
    person(db, `${name}${tag}@example.com`, opts);
  const [admin, owner, proposer, steward, outsider] = await Promise.all([
    mk('admin', { roles: ['admin'] }),
    mk('owner'),
    mk('proposer'),
    mk('steward', { roles: ['steward'] }),
    mk('outsider'),
  ]);
  const facilitators = {
    privacy_technical: await mk('privacy', { areas: ['privacy_technical'] }),
    data: await mk('data', { areas: ['data'] }),
    legal_trust: await mk('legal', { areas: ['legal_trust'] }),
    security: await mk('security', { areas: ['security'] }),
  };
  const product = await systemCaller(db).admin.createProduct({
    name: `Firefox${tag}`,
    ownerEmail: owner.email,
  });
  return { admin, owner, proposer, steward, facilitators, outsider, productId: product.id };
}

/** A review created and submitted by the proposer, reviewed by the steward with `category`. */
export async function submittedReview(
  c: Cast,
  category: Category,
  opts: {
    defaultState?: 'on' | 'off';
    private?: boolean;
    outcome?: 'data-review+' | 'data-review-';
    bug?: string;
  } = {},
) {
  const r = await c.proposer.caller.review.create({
    productId: c.productId,
    title: `Cookie breakage reports (category ${category})`,
    channels: [
      { channel: 'release', defaultState: opts.defaultState ?? 'off' },
      { channel: 'pre_release', defaultState: opts.defaultState ?? 'off' },
    ],
    externalRefs: opts.bug ? [{ kind: 'bug', value: opts.bug }] : [],
    form: completeForm(category),
    ...(opts.private
      ? { visibility: 'private' as const, privateReason: 'Partnership not yet public.' }
      : { visibility: 'public' as const }),
  });
  await c.proposer.caller.review.submit({ review: r.key });
  return r;
}

export async function reviewed(
  c: Cast,
  category: Category,
  opts: Parameters<typeof submittedReview>[2] = {},
) {
  const r = await submittedReview(c, category, opts);
  const returned = opts.outcome === 'data-review-';
  await c.steward.caller.steward.recordReview({
    review: r.key,
    dataReview: dataReview(
      opts.outcome ?? 'data-review+',
      returned ? { returnedQuestions: [{ field: 'analysis', note: 'Who analyses it?' }] } : {},
    ),
  });
  return r;
}

/** All four areas approve the current revision (legal/trust grants Trust approval when asked). */
export async function approveAllAreas(c: Cast, review: string, opts: { trustApproval?: boolean } = {}) {
  for (const area of ['privacy_technical', 'data', 'legal_trust', 'security'] as const) {
    await c.facilitators[area].caller.signOff.record({
      review,
      area,
      risk: 'low',
      decision: 'approved',
      rationale: `${area}: low risk, precedent exists.`,
      trustApproval: area === 'legal_trust' && (opts.trustApproval ?? false),
    });
  }
}
