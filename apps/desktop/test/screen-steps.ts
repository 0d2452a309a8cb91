// Steps a person takes on a screen, shared by the browser tests: filling in the request form of the search
// suggestions review, and a data steward's checklist.
import type { Locator, Page } from 'playwright-core';

/**
 * The request form of "Search suggestions engagement" (category 3), from question 2 to the collection period, as
 * the proposer types it on the new review or documentation screen. The sensitive documentation (implementation,
 * intended use, value to users) is left to the test.
 */
export async function fillSearchSuggestionsForm(page: Page) {
  const text = (name: string, value: string) => page.locator(`[name="${name}"]`).fill(value);
  await text('whyMozillaNeedsIt', 'To improve suggestions for users.');
  await text('alternativesConsidered', 'User research; not representative.');
  await text('currentInstrumentation', 'No.');
  await text('publicDocumentationUrl', 'https://dictionary.telemetry.mozilla.org/search');
  await text('populationChannels', 'Release and pre-release (Nightly, Beta).');
  await text('populationCountries', 'All countries.');
  await text('populationLocales', 'All locales.');
  await text('populations', 'No other filters.');
  await text('turnOffMechanism', 'The telemetry preference in settings.');
  await text('analysis', 'Dashboards by the search team.');
  await text('resultsSharing', 'Internally, summarized in a public blog post.');
  await page.getByRole('radio', { name: 'No third-party tool is used.' }).check();
  await page.getByRole('button', { name: 'Add a measurement' }).click();
  await text('measurement-0-name', 'search.suggestion_text');
  await text('measurement-0-description', 'The suggestion text the user picked');
  await page.locator('[name="measurement-0-category"]').selectOption('3');
  await text('measurement-0-trackingBug', '1900001');
  await text('collectionPeriod.expires', 'Firefox 150');
}

/**
 * A data steward answers every question of the checklist, none of them one that goes to Trust and Legal (no new
 * identifiers, covered by the privacy notice, no third-party tool); `onlyAsked`: only the questions the form shows.
 */
export async function answerChecklistNoneToTrustAndLegal(
  form: Page | Locator,
  opts: { onlyAsked?: boolean } = {},
) {
  for (const [name, answer] of [
    ['publicDocumentation', 'yes'],
    ['userControl', 'yes'],
    ['monitoring', 'not_applicable'],
    ['newIdentifiers', 'no'],
    ['privacyNoticeCoverage', 'yes'],
    ['renewalCheckIn', 'no'],
    ['thirdPartyTool', 'no'],
  ] as const) {
    const select = form.locator(`[name="answer-${name}"]`);
    if (!opts.onlyAsked || (await select.count())) await select.selectOption(answer);
  }
}
