import type { Category, DraftRequestForm } from '@signoff/core';

/** A date a year ahead (YYYY-MM-DD), so sample collections never expire under the tests. */
const oneYearFromNow = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/** A complete request form whose main measurement is of `category` (the sensitive and category 4 parts filled in). */
export function sampleRequestForm(
  category: Category = 2,
  overrides: DraftRequestForm = {},
): DraftRequestForm {
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
    collectionPeriod: { expires: oneYearFromNow() },
    populationChannels: 'Nightly and Beta.',
    populationCountries: 'All countries.',
    populationLocales: 'All locales.',
    populations: 'No other filters.',
    turnOffMechanism: 'The telemetry preference in Settings > Privacy turns it off.',
    analysis: 'The web compatibility team triages the top domains weekly.',
    resultsSharing: 'Internal dashboards; aggregated results in the web compatibility report.',
    thirdPartyDataPath: 'no_third_party_tool',
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

const YES = { answer: 'yes' as const };

/** The steward's data review form with every answer acceptable. */
export const sampleDataReview = (
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
  ...(outcome === 'data-review-'
    ? { returnedQuestions: [{ field: 'analysis' as const, note: 'Who analyses it, and how often?' }] }
    : {}),
  ...extra,
});
