import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realMetricsYaml, withoutMetric, withSensitivity } from '../../../test/glean-text.ts';
import {
  assertMayAssess,
  type ClassificationAssessment,
  classificationState,
  diffMetricsFiles,
  draftFromRevisionMetrics,
  draftRequestFormSchema,
  type GleanIssue,
  intakeFingerprints,
  isTaggedNeedsClassification,
  landingBlockers,
  MANUAL_TAG,
  metricsToClassify,
  nextClassificationRound,
  suggestedLevel,
} from '../src/index.ts';
import { domainError } from './fixtures.ts';

const FOG = 'firefox-toolkit-components-glean-metrics.yaml';
const fog = realMetricsYaml(FOG);
const PATH = 'toolkit/components/glean/metrics.yaml';

describe('diffMetricsFiles: metrics added, changed (any field) and removed', () => {
  it('a metric missing from the "before" text is added; nothing else changes', () => {
    const diff = diffMetricsFiles([
      { path: PATH, before: withoutMetric(fog, 'failed_idle_registration'), after: fog },
    ]);
    expect(diff.added.map((m) => m.name)).toEqual(['fog.failed_idle_registration']);
    expect(diff.changed).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.added[0]).toMatchObject({
      change: 'added',
      file: PATH,
      type: 'boolean',
      dataSensitivity: ['technical'],
      category: 1,
      dataSensitivityBefore: null,
    });
    expect(diff.added[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a metric missing from the "after" text is removed', () => {
    const diff = diffMetricsFiles([
      { path: PATH, before: fog, after: withoutMetric(fog, 'initializations') },
    ]);
    expect(diff.removed.map((m) => m.name)).toEqual(['fog.initializations']);
    expect(diff.removed[0]?.fingerprint).toBeNull();
    expect(diff.added).toEqual([]);
  });

  it('a changed data_sensitivity is a change, with the value before it', () => {
    const after = withSensitivity(fog, 'initializations', ['technical', 'web_activity']);
    const diff = diffMetricsFiles([{ path: PATH, before: fog, after }]);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]).toMatchObject({
      name: 'fog.initializations',
      changedFields: ['data_sensitivity'],
      dataSensitivity: ['technical', 'web_activity'],
      dataSensitivityBefore: ['technical'],
      category: 3,
    });
  });

  it('any other field counts too (here time_unit, which the review draft does not read)', () => {
    const after = fog.replace('time_unit: nanosecond', 'time_unit: microsecond');
    const diff = diffMetricsFiles([{ path: PATH, before: fog, after }]);
    expect(diff.changed.map((m) => [m.name, m.changedFields])).toEqual([
      ['fog.initializations', ['time_unit']],
    ]);
  });

  it('an added file adds every metric; a deleted file removes them; the same text changes nothing', () => {
    expect(diffMetricsFiles([{ path: PATH, before: null, after: fog }]).added).toHaveLength(10);
    expect(diffMetricsFiles([{ path: PATH, before: fog, after: null }]).removed).toHaveLength(10);
    expect(diffMetricsFiles([{ path: PATH, before: fog, after: fog }])).toEqual({
      added: [],
      changed: [],
      removed: [],
    });
  });

  it('malformed YAML is refused naming the file, its side of the change and the line', () => {
    const broken = fog.replace('fog:\n', 'fog:\n  - [unclosed\n');
    const e = domainError(() => diffMetricsFiles([{ path: PATH, before: fog, after: broken }]));
    expect(e.code).toBe('VALIDATION');
    const issues = e.details.issues as GleanIssue[];
    expect(issues[0]?.file).toBe(`${PATH} (after)`);
    expect(issues[0]?.line).toBeGreaterThan(10);
    expect(e.message).toContain(`${PATH} (after):`);
  });

  it('a paths given twice is refused', () => {
    const f = { path: PATH, before: fog, after: fog };
    expect(domainError(() => diffMetricsFiles([f, f])).details.field).toBe('files');
  });
});

describe('needs-data-classification and the suggested level', () => {
  const added = diffMetricsFiles([{ path: PATH, before: withoutMetric(fog, 'initializations'), after: fog }]);
  const none = diffMetricsFiles([{ path: PATH, before: fog, after: withoutMetric(fog, 'initializations') }]);

  it('metrics added or changed tag the revision; only removed ones do not; a manual tag does', () => {
    expect(isTaggedNeedsClassification(intakeFingerprints(added, false))).toBe(true);
    expect(isTaggedNeedsClassification(intakeFingerprints(none, false))).toBe(false);
    expect(intakeFingerprints(none, true)).toEqual([MANUAL_TAG]);
  });

  it('technical and interaction suggest low; anything else, or no data_sensitivity, suggests high', () => {
    const m = (s: string[]) => ({ dataSensitivity: s as never });
    expect(suggestedLevel([m(['technical']), m(['interaction'])])).toBe('low');
    expect(suggestedLevel([m(['technical']), m(['stored_content'])])).toBe('high');
    expect(suggestedLevel([m(['highly_sensitive'])])).toBe('high');
    expect(suggestedLevel([m([])])).toBe('high');
    expect(suggestedLevel([])).toBeNull();
    expect(suggestedLevel(metricsToClassify(added))).toBe('low');
  });

  it('a re-intake keeps the round when it brings nothing unclassified, and opens a new one otherwise', () => {
    const current = { round: 2, fingerprints: ['b'], classified: ['a'] };
    expect(nextClassificationRound(current, ['a', 'b'])).toEqual({
      round: 2,
      fingerprints: ['b'],
      reopened: false,
    });
    expect(nextClassificationRound(current, [])).toMatchObject({ round: 2, reopened: false });
    expect(nextClassificationRound(current, ['c', 'a'])).toEqual({
      round: 3,
      fingerprints: ['a', 'c'],
      reopened: true,
    });
  });
});

const at = (n: number) => `2026-12-01T10:00:0${n}.000Z`;
const a = (
  email: string,
  role: 'author' | 'reviewer',
  level: 'low' | 'high' | 'unnecessary',
  n = 0,
): ClassificationAssessment => ({ email, role, level, comment: 'because', at: at(n) });

describe('classificationState', () => {
  it('nothing to classify: no level, nothing needed', () => {
    expect(classificationState(false, [])).toMatchObject({ level: null, needsClassification: false });
  });

  it('tagged and nobody assessed: needs classification', () => {
    expect(classificationState(true, [])).toMatchObject({
      level: null,
      settled: false,
      needsClassification: true,
    });
  });

  it('the author alone does not settle low: the reviewers are responsible for the level', () => {
    expect(classificationState(true, [a('au@x', 'author', 'low')])).toMatchObject({
      level: 'low',
      settled: false,
      needsClassification: true,
    });
  });

  it('a reviewer settles it', () => {
    expect(
      classificationState(true, [a('au@x', 'author', 'low'), a('rv@x', 'reviewer', 'low', 1)]),
    ).toMatchObject({ level: 'low', settled: true, needsClassification: false, disagreement: false });
    expect(classificationState(true, [a('rv@x', 'reviewer', 'unnecessary')]).level).toBe('unnecessary');
  });

  it('author low and reviewer high disagree: high', () => {
    expect(
      classificationState(true, [a('au@x', 'author', 'low'), a('rv@x', 'reviewer', 'high', 1)]),
    ).toMatchObject({ level: 'high', disagreement: true, settled: true });
    expect(
      classificationState(true, [a('au@x', 'author', 'unnecessary'), a('rv@x', 'reviewer', 'low', 1)]).level,
    ).toBe('high');
  });

  it('the author may opt in to high on their own', () => {
    expect(classificationState(true, [a('au@x', 'author', 'high')])).toMatchObject({
      level: 'high',
      settled: true,
      needsClassification: false,
    });
  });

  it("each person's latest assessment counts", () => {
    const s = classificationState(true, [
      a('au@x', 'author', 'high', 0),
      a('au@x', 'author', 'low', 1),
      a('rv@x', 'reviewer', 'low', 2),
    ]);
    expect(s).toMatchObject({ level: 'low', disagreement: false });
  });
});

describe('assertMayAssess', () => {
  const revision = { label: 'D1', authorEmail: 'au@x.org', reviewerEmails: ['rv@x.org'], tagged: true };
  const stored = [{ name: 'a.b', dataSensitivity: ['technical', 'stored_content'] as never }];

  it('the author and the reviewers may assess (by email, any case); anyone else may not', () => {
    expect(assertMayAssess({ email: 'AU@x.org', level: 'low', revision, metrics: [] })).toBe('author');
    expect(assertMayAssess({ email: 'rv@x.org', level: 'high', revision, metrics: [] })).toBe('reviewer');
    expect(
      domainError(() => assertMayAssess({ email: 'o@x.org', level: 'high', revision, metrics: [] })).code,
    ).toBe('FORBIDDEN');
  });

  it('low is refused above interaction, naming the metric and its data_sensitivity', () => {
    const e = domainError(() =>
      assertMayAssess({ email: 'rv@x.org', level: 'low', revision, metrics: stored }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
    expect(e.message).toContain('a.b (technical, stored_content)');
    expect(e.details.field).toBe('level');
    expect(assertMayAssess({ email: 'rv@x.org', level: 'high', revision, metrics: stored })).toBe('reviewer');
  });

  it('a revision that changes no data collection has nothing to classify', () => {
    const e = domainError(() =>
      assertMayAssess({
        email: 'rv@x.org',
        level: 'low',
        revision: { ...revision, tagged: false },
        metrics: [],
      }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
  });
});

describe('landingBlockers', () => {
  const base = {
    label: 'D1 (phabricator mozilla-central)',
    authorEmail: 'au@x.org',
    reviewerEmails: ['rv@x.org'],
    stewardEmails: ['st@x.org'],
    channel: 'pre_release',
    review: null,
  };

  it('needs classification: NEEDS_DATA_CLASSIFICATION, owned by the reviewers', () => {
    const [b, ...rest] = landingBlockers({ ...base, state: classificationState(true, []) });
    expect(rest).toEqual([]);
    expect(b?.code).toBe('NEEDS_DATA_CLASSIFICATION');
    expect(b?.message).toContain('changes data collection');
    expect(b?.message).toContain('needs-data-classification');
    expect(b?.message).toContain('before it can land');
    expect(b?.owner).toEqual({ role: 'reviewer', emails: ['rv@x.org'] });
  });

  it('without reviewers the author owns it', () => {
    const [b] = landingBlockers({ ...base, reviewerEmails: [], state: classificationState(true, []) });
    expect(b?.owner).toEqual({ role: 'author', emails: ['au@x.org'] });
  });

  it('nothing to classify, low or unnecessary: may land', () => {
    expect(landingBlockers({ ...base, state: classificationState(false, []) })).toEqual([]);
    expect(
      landingBlockers({ ...base, state: classificationState(true, [a('rv@x.org', 'reviewer', 'low')]) }),
    ).toEqual([]);
  });

  it('high without a linked review, or with one that may not ship yet: DATA_REVIEW_PENDING', () => {
    const high = classificationState(true, [a('rv@x.org', 'reviewer', 'high')]);
    const [unlinked] = landingBlockers({ ...base, state: high });
    expect(unlinked).toMatchObject({ code: 'DATA_REVIEW_PENDING', owner: { role: 'author' } });
    const review = { key: 'DR-7', canShip: false, blockers: [{ code: 'NOT_SUBMITTED', message: 'draft' }] };
    const [pending] = landingBlockers({ ...base, state: high, review });
    expect(pending?.code).toBe('DATA_REVIEW_PENDING');
    expect(pending?.message).toContain('DR-7 may not yet ship on pre_release (NOT_SUBMITTED)');
    expect(pending?.owner).toEqual({ role: 'data_steward', emails: ['st@x.org'] });
    expect(
      landingBlockers({ ...base, state: high, review: { ...review, canShip: true, blockers: [] } }),
    ).toEqual([]);
  });
});

describe('draftFromRevisionMetrics', () => {
  it('one measurement per metric with its category, question 7 from expires, a valid draft form', () => {
    const diff = diffMetricsFiles([{ path: PATH, before: null, after: fog }]);
    const form = draftFromRevisionMetrics('D1', metricsToClassify(diff));
    expect(form.measurements).toHaveLength(10);
    expect(form.measurements?.[0]).toMatchObject({ name: diff.added[0]?.name, category: 1 });
    expect(form.collectionPeriod?.expires).toBeTruthy();
    expect(draftRequestFormSchema.safeParse(form).success).toBe(true);
  });
});

describe('every real metrics.yaml in ../shared/fixtures/glean', () => {
  const names = readdirSync(new URL('../../../../shared/fixtures/glean/', import.meta.url)).filter((f) =>
    f.endsWith('.yaml'),
  );
  it.each(names)('%s: added as a new file, unchanged against itself', (name) => {
    const text = realMetricsYaml(name);
    const added = diffMetricsFiles([{ path: name, before: null, after: text }]);
    expect(added.added.length).toBeGreaterThan(0);
    expect(added.added.every((m) => m.fingerprint !== null)).toBe(true);
    expect(diffMetricsFiles([{ path: name, before: text, after: text }]).changed).toEqual([]);
  });
});
