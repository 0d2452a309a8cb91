import { readFileSync } from 'node:fs';
import { readStream } from '@signoff/db';
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { completeForm, dataReview, reviewed, signOffs } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();

// The fixtures' dated expiries are moved a year ahead of today, so the tests never age into an expired collection.
const nextYear = `${new Date().getUTCFullYear() + 1}-01-31`;
const fixture = (name: string) => ({
  name: `toolkit/components/sidebar/${name}`,
  text: readFileSync(new URL(`../../core/test/fixtures/${name}`, import.meta.url), 'utf8').replaceAll(
    '2027-01-31',
    nextYear,
  ),
});
const browser = fixture('browser.metrics.yaml');
const history = fixture('history.metrics.yaml');
const channels = [
  { channel: 'release' as const, defaultState: 'off' as const },
  { channel: 'pre_release' as const, defaultState: 'off' as const },
];
const importReview = (bug: string, files = [browser, history], extra: Record<string, unknown> = {}) =>
  c.proposer.caller.glean.createReview({
    productId: c.productId,
    bug,
    files,
    channels,
    visibility: 'public',
    ...extra,
  });
const codes = async (review: string) =>
  (await c.proposer.caller.gate.canShip({ review, channel: 'release' })).blockers.map((b) => b.code);
const reviewCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Answers the questions the import leaves open and submits the review. */
async function completeAndSubmit(key: string) {
  const view = await c.proposer.caller.review.get({ review: key });
  await c.proposer.caller.review.saveDocumentation({
    review: key,
    baseRevision: view.currentRevision,
    form: {
      ...completeForm(3),
      measurements: view.form.measurements,
      collectionPeriod: view.form.collectionPeriod,
    },
  });
  await c.proposer.caller.review.submit({ review: key });
}

describe('glean.createReview: a review draft from metrics.yaml files and a bug', () => {
  it('every metric listing the bug becomes a measurement row; the draft names the bug and records the import', async () => {
    const r = await importReview('1901234');
    expect(r.review.status).toBe('draft');
    expect(r.review.title).toBe('Glean metrics of bug 1901234');
    expect(r.revision).toBe(1);
    expect(r.category).toBe(3);
    expect(r.metrics.map((m) => [m.name, m.category, m.file, m.line])).toEqual([
      ['sidebar.opened', 2, 'toolkit/components/sidebar/browser.metrics.yaml', 10],
      ['sidebar.width', 1, 'toolkit/components/sidebar/browser.metrics.yaml', 30],
      ['sidebar.history.search_term_length', 2, 'toolkit/components/sidebar/history.metrics.yaml', 6],
      ['sidebar.history.visited_domain', 3, 'toolkit/components/sidebar/history.metrics.yaml', 25],
    ]);
    expect(r.prefilled).toContain('turnOffMechanism');

    const view = await c.proposer.caller.review.get({ review: r.review.key });
    expect(view.externalRefs).toEqual([{ kind: 'bug', value: '1901234' }]);
    expect(view.form.measurements?.map((m) => [m.name, m.category])).toEqual([
      ['sidebar.opened', 2],
      ['sidebar.opened#panel', 2],
      ['sidebar.width', 1],
      ['sidebar.history.search_term_length', 2],
      ['sidebar.history.visited_domain', 3],
    ]);
    expect(view.form.collectionPeriod).toEqual({
      expires: `${nextYear} (parts of this collection expire at different times: ${nextYear}, 140, never)`,
      monitoredBy: 'sidebar-team@mozilla.com, privacy-owner@mozilla.com',
    });
    // Question 8 part by part, its channels those the review names; question 12: Glean, no third-party tool.
    expect(view.form).toMatchObject({
      populationChannels: 'Release and Pre-release (Nightly, Beta).',
      populationCountries: 'All countries.',
      populationLocales: 'All locales.',
      populations: 'No filters.',
      thirdPartyDataPath: 'no_third_party_tool',
    });
    const imports = await c.proposer.caller.glean.imports({ review: r.review.key });
    expect(imports).toEqual([
      expect.objectContaining({
        bug: '1901234',
        revision: 1,
        files: [
          { name: browser.name, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
          { name: history.name, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
      }),
    ]);
    const events = await readStream(t.db, `review:${r.review.id}`);
    expect(events.map((e) => e.action)).toEqual(['review.created', 'glean.imported']);
    expect(events[1]?.after).toMatchObject({ bug: '1901234', category: 3 });
    // The gate finds it by its bug.
    expect((await c.proposer.caller.gate.lookup({ bug: '1901234' })).reviews).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: r.review.key })]),
    );
  });

  it('malformed YAML is refused with the file, line and field, and nothing is written', async () => {
    const before = await reviewCount();
    const res = await outcome(importReview('1901234', [browser, fixture('malformed.metrics.yaml')]));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toContain(
      'toolkit/components/sidebar/malformed.metrics.yaml:10 (yaml): malformed YAML',
    );
    expect((res.details as { issues: unknown[] }).issues).toEqual([
      expect.objectContaining({
        file: 'toolkit/components/sidebar/malformed.metrics.yaml',
        line: 10,
        field: '(yaml)',
      }),
    ]);
    expect(await reviewCount()).toBe(before);
  });

  it('schema errors list every problem with its line and field', async () => {
    const res = await outcome(importReview('1901234', [fixture('schema-errors.metrics.yaml')]));
    expect(res.code).toBe('BAD_REQUEST');
    const issues = (res.details as { issues: { line: number; field: string }[] }).issues;
    expect(issues.map((i) => `${i.line} ${i.field}`)).toContain('23 sidebar.width.data_sensitivity[0]');
    expect(issues).toHaveLength(8);
  });

  it('a bug no metric lists, a bad bug number, or no file is refused', async () => {
    const none = await outcome(importReview('4242'));
    expect(none.code).toBe('BAD_REQUEST');
    expect(none.message).toContain('No metric');
    expect((await outcome(importReview('bug 1'))).code).toBe('BAD_REQUEST');
    expect((await outcome(importReview('1901234', []))).code).toBe('BAD_REQUEST');
  });

  it('needs a signed-in person', async () => {
    const { anonymousCaller } = await import('../../../test/callers.ts');
    const res = await outcome(
      anonymousCaller(t.db).glean.createReview({
        productId: c.productId,
        bug: '1901234',
        files: [browser],
        channels,
        visibility: 'public',
      }),
    );
    expect(res.code).toBe('UNAUTHORIZED');
  });

  it('a private import stays private', async () => {
    const r = await importReview('1845000', [browser], {
      visibility: 'private',
      privateReason: 'Partnership not yet public.',
    });
    expect((await outcome(c.outsider.caller.glean.imports({ review: r.review.key }))).code).toBe('NOT_FOUND');
  });
});

describe('DATA_SENSITIVITY_MISMATCH at the gate', () => {
  it('the steward’s category matches the metrics: no blocker; another category: the gate blocks', async () => {
    // Bug 1845000: one metric, interaction → category 2.
    const match = await importReview('1845000', [browser], { title: 'Sidebar opened' });
    await completeAndSubmit(match.review.key);
    await c.steward.caller.steward.recordReview({
      review: match.review.key,
      dataReview: dataReview('data-review+'),
    });
    expect((await c.proposer.caller.review.get({ review: match.review.key })).category).toBe(2);
    expect(await codes(match.review.key)).toEqual([]);

    const other = await importReview('1845000', [browser], { title: 'Sidebar opened, classified 1' });
    await completeAndSubmit(other.review.key);
    await c.steward.caller.steward.recordReview({
      review: other.review.key,
      dataReview: dataReview('data-review+', { category: 1, categoryReason: 'Only a count is kept.' }),
    });
    const gate = await c.proposer.caller.gate.canShip({ review: other.review.key, channel: 'release' });
    expect(gate.blockers).toEqual([
      {
        code: 'STEWARD_RECATEGORISATION_PENDING',
        message: `${other.review.key} is category 1, but its documentation now lists a category 2 measurement; a data steward must re-categorise it.`,
        owner: { role: 'data_steward' },
        action: 'record_steward_review',
      },
      {
        code: 'DATA_SENSITIVITY_MISMATCH',
        message: `${other.review.key} is category 1 (Technical data), but its Glean metrics' data_sensitivity means category 2: sidebar.opened (interaction).`,
        owner: { role: 'proposer' },
        action: 'revise_documentation',
      },
    ]);
    expect(
      (await outcome(c.proposer.caller.review.markShipped({ review: other.review.key }))).message,
    ).toContain("but its Glean metrics' data_sensitivity means category 2");
  });
});

describe('glean.reimport: updated metrics.yaml into a review still being written', () => {
  it('replaces the imported rows and question 7, keeps every other answer and hand-written rows', async () => {
    const r = await importReview('1901234', [browser]);
    const view = await c.proposer.caller.review.get({ review: r.review.key });
    await c.proposer.caller.review.saveDocumentation({
      review: r.review.key,
      baseRevision: 1,
      form: {
        ...view.form,
        questionsAnswered: 'How wide do people keep the sidebar?',
        measurements: [
          ...(view.form.measurements ?? []),
          { name: 'manual.row', description: 'Written by hand.', category: 1, trackingBug: '1901234' },
        ],
      },
    });
    const changed = {
      ...browser,
      text: browser.text.replace('      - technical\n', '      - interaction\n'),
    };
    const stale = await outcome(
      c.proposer.caller.glean.reimport({ review: r.review.key, baseRevision: 1, files: [changed] }),
    );
    expect(stale.code).toBe('CONFLICT');

    const again = await c.proposer.caller.glean.reimport({
      review: r.review.key,
      baseRevision: 2,
      files: [changed],
    });
    expect(again.revision).toBe(3);
    expect(again.bug).toBe('1901234');
    const after = await c.proposer.caller.review.get({ review: r.review.key });
    expect(after.form.questionsAnswered).toBe('How wide do people keep the sidebar?');
    expect(after.form.measurements?.map((m) => [m.name, m.category])).toEqual([
      ['sidebar.opened', 2],
      ['sidebar.opened#panel', 2],
      ['sidebar.width', 2],
      ['manual.row', 1],
    ]);
    const diff = await c.proposer.caller.review.diff({ review: r.review.key, from: 2, to: 3 });
    expect(diff.changes.map((x) => x.path)).toEqual(['measurements[sidebar.width].category']);
    expect((await c.proposer.caller.glean.imports({ review: r.review.key })).map((g) => g.revision)).toEqual([
      1, 3,
    ]);
  });

  it('only the proposer, only while the documentation may change', async () => {
    const r = await importReview('1845000', [browser]);
    expect(
      (
        await outcome(
          c.outsider.caller.glean.reimport({ review: r.review.key, baseRevision: 1, files: [browser] }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await completeAndSubmit(r.review.key);
    await c.steward.caller.steward.recordReview({
      review: r.review.key,
      dataReview: dataReview('data-review+'),
    });
    const approved = await outcome(
      c.proposer.caller.glean.reimport({ review: r.review.key, baseRevision: 2, files: [browser] }),
    );
    expect(approved.code).toBe('PRECONDITION_FAILED');
  });
});

describe('glean.reimport: a new revision like any other', () => {
  it('tells the facilitators whose sign-off went stale, as saving the documentation does', async () => {
    const r = await reviewed(c, 3);
    await signOffs(c, r.key, { privacy_technical: 'approved' });
    const view = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.glean.reimport({
      review: r.key,
      baseRevision: view.currentRevision,
      bug: '1901234',
      files: [browser],
    });
    const stale = await t.db
      .selectFrom('outbox')
      .select(['to_addresses', 'subject'])
      .where('review_id', '=', r.id)
      .where('body_text', 'like', `%documentation of ${r.key} %`)
      .execute();
    expect(stale.map((m) => m.to_addresses)).toEqual([[c.facilitators.privacy_technical.email]]);
  });
});
