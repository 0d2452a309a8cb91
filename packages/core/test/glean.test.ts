import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  assertReadyForSubmission,
  categoryOfSensitivity,
  collectionPeriodFromExpiries,
  DATA_SENSITIVITY_CATEGORIES,
  dataSensitivityMismatch,
  describeSensitivityMismatch,
  draftFromGlean,
  draftRequestFormSchema,
  GLEAN_METRICS_SCHEMA,
  type GleanFile,
  type GleanIssue,
  mergeGleanImport,
  metricListsBug,
  parseMetricsYaml,
} from '../src/index.ts';
import { domainError } from './fixtures.ts';

const fixture = (name: string): GleanFile => ({
  name,
  text: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'),
});
const browser = fixture('browser.metrics.yaml');
const history = fixture('history.metrics.yaml');
const issuesOf = (fn: () => unknown) => domainError(fn).details.issues as GleanIssue[];

describe('categoryOfSensitivity: data_sensitivity → category, the highest wins', () => {
  it('maps each value as the policy classifies it', () => {
    expect(DATA_SENSITIVITY_CATEGORIES).toEqual({
      technical: 1,
      interaction: 2,
      stored_content: 3,
      web_activity: 3,
      highly_sensitive: 4,
    });
    expect(categoryOfSensitivity(['technical'])).toBe(1);
    expect(categoryOfSensitivity(['interaction'])).toBe(2);
    expect(categoryOfSensitivity(['stored_content'])).toBe(3);
    expect(categoryOfSensitivity(['web_activity'])).toBe(3);
    expect(categoryOfSensitivity(['highly_sensitive'])).toBe(4);
  });

  it('several values: the highest category', () => {
    expect(categoryOfSensitivity(['interaction', 'technical'])).toBe(2);
    expect(categoryOfSensitivity(['technical', 'highly_sensitive', 'web_activity'])).toBe(4);
  });

  it('no value: no category', () => {
    expect(categoryOfSensitivity([])).toBeNull();
  });
});

describe('metricListsBug: as glean_parser matches a bug', () => {
  it('matches the number in a Bugzilla URL, in either URL form, or a bare number', () => {
    expect(metricListsBug(['https://bugzilla.mozilla.org/show_bug.cgi?id=1901234'], '1901234')).toBe(true);
    expect(metricListsBug(['https://bugzilla.mozilla.org/1901234'], '1901234')).toBe(true);
    expect(metricListsBug(['https://bugzilla.mozilla.org/show_bug.cgi?id=1901234#c2'], '1901234')).toBe(true);
    expect(metricListsBug(['1901234'], '1901234')).toBe(true);
  });

  it('never matches part of another number', () => {
    expect(metricListsBug(['https://bugzilla.mozilla.org/show_bug.cgi?id=19012345'], '1901234')).toBe(false);
    expect(metricListsBug(['https://bugzilla.mozilla.org/show_bug.cgi?id=11901234'], '1901234')).toBe(false);
    expect(metricListsBug([], '1901234')).toBe(false);
  });
});

describe('parseMetricsYaml: real metrics.yaml files', () => {
  it('reads every metric with its file, line, sensitivity and expiry', () => {
    const { metrics, issues } = parseMetricsYaml(browser);
    expect(issues).toEqual([]);
    expect(metrics.map((m) => [m.name, m.line, m.type, m.dataSensitivity, m.expires])).toEqual([
      ['sidebar.opened', 10, 'event', ['interaction'], '2027-01-31'],
      ['sidebar.width', 30, 'quantity', ['technical'], '2027-01-31'],
      ['sidebar.position_changed', 45, 'counter', ['interaction'], 'never'],
    ]);
  });

  it('a major version number as expires (an unquoted YAML number) is read as text', () => {
    const [first] = parseMetricsYaml(history).metrics;
    expect(first?.expires).toBe('140');
  });

  it('malformed YAML is reported with the file, line and column', () => {
    const { metrics, issues } = parseMetricsYaml(fixture('malformed.metrics.yaml'));
    expect(metrics).toEqual([]);
    expect(issues).toEqual([
      {
        file: 'malformed.metrics.yaml',
        line: 10,
        column: expect.any(Number),
        field: '(yaml)',
        message: expect.stringMatching(/^malformed YAML: /),
      },
    ]);
  });

  it('schema errors name the file, the line and the field, for every metric', () => {
    const { issues } = parseMetricsYaml(fixture('schema-errors.metrics.yaml'));
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [6, 'sidebar.opened.description'],
      [23, 'sidebar.width.data_sensitivity[0]'],
      [26, 'sidebar.width.expires'],
      [28, 'sidebar.Closed'],
      [29, 'sidebar.Closed.type'],
      [31, 'sidebar.Closed.bugs'],
      [34, 'sidebar.Closed.notification_emails[0]'],
      [35, 'sidebar.Closed.expires'],
    ]);
    expect(issues.every((i) => i.file === 'schema-errors.metrics.yaml')).toBe(true);
    expect(issues.find((i) => i.field === 'sidebar.opened.description')?.message).toBe(
      'description is required',
    );
    expect(issues.find((i) => i.field === 'sidebar.width.data_sensitivity[0]')?.message).toContain(
      'technical, interaction, stored_content, web_activity, highly_sensitive',
    );
    // 2027-02-30 is not a day of the calendar.
    expect(issues.find((i) => i.line === 35)?.message).toContain('a date (YYYY-MM-DD)');
  });

  it('the $schema is required and must be Glean metrics 2-0-0', () => {
    const missing = parseMetricsYaml({ name: 'm.yaml', text: 'sidebar: {}\n' });
    expect(missing.issues).toEqual([expect.objectContaining({ field: '$schema', line: 1 })]);
    const old = parseMetricsYaml({
      name: 'm.yaml',
      text: '$schema: moz://mozilla.org/schemas/glean/metrics/1-0-0\n',
    });
    expect(old.issues[0]?.message).toContain('unsupported $schema');
  });

  it('a document that is not a mapping, and a category that is not one, are reported', () => {
    expect(parseMetricsYaml({ name: 'm.yaml', text: '- a\n- b\n' }).issues[0]?.message).toContain('mapping');
    const r = parseMetricsYaml({
      name: 'm.yaml',
      text: '$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0\nsidebar: 3\n',
    });
    expect(r.issues).toEqual([expect.objectContaining({ field: 'sidebar', line: 2 })]);
  });

  it('a key written twice is refused, naming where it was first defined (glean_parser forbids redefinition)', () => {
    const r = parseMetricsYaml({
      name: 'dup.yaml',
      text: '$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0\nsidebar: {}\nsidebar: {}\n',
    });
    expect(r.issues[0]).toEqual(
      expect.objectContaining({
        field: 'sidebar',
        line: 3,
        message: 'sidebar is defined twice (first at line 2)',
      }),
    );
  });

  it('names: a metric up to 70 characters, a category part up to 30 and the whole up to 40', () => {
    const file = (category: string, metric: string) =>
      parseMetricsYaml({
        name: 'n.yaml',
        text: browser.text.replace('sidebar:\n  opened:', `${category}:\n  ${metric}:`),
      }).issues.map((i) => i.message);
    expect(file('sidebar', 'o'.repeat(70))).toEqual([]);
    expect(file('sidebar', 'o'.repeat(71))).toEqual(['a metric name is snake_case, at most 70 characters']);
    expect(file(`${'a'.repeat(30)}.b`, 'opened')).toEqual([]);
    expect(file('a'.repeat(31), 'opened')[0]).toContain('each part at most 30 characters');
    expect(file(`${'a'.repeat(30)}.${'b'.repeat(10)}`, 'opened')[0]).toContain('the whole at most 40');
  });

  it('merge keys (<<: *defaults) fill what the metric does not say itself', () => {
    const text = `$schema: ${GLEAN_METRICS_SCHEMA}
a:
  first: &defaults
    type: counter
    description: the first
    bugs: [https://bugzilla.mozilla.org/1]
    data_reviews: []
    notification_emails: [a@mozilla.com]
    expires: never
  second:
    <<: *defaults
    type: quantity
    unit: tabs
`;
    const { metrics, issues } = parseMetricsYaml({ name: 'm.yaml', text });
    expect(issues).toEqual([]);
    expect(metrics.map((m) => [m.name, m.type, m.description, m.expires])).toEqual([
      ['a.first', 'counter', 'the first', 'never'],
      ['a.second', 'quantity', 'the first', 'never'],
    ]);
  });

  it('denominator is not a type one may write (glean_parser derives it)', () => {
    const text = browser.text.replace('type: quantity', 'type: denominator');
    expect(parseMetricsYaml({ name: 'd.yaml', text }).issues.map((i) => i.message)).toEqual([
      'unknown metric type denominator',
    ]);
  });
});

describe('draftFromGlean: the review draft glean_parser would give', () => {
  const draft = draftFromGlean({ files: [browser, history], bug: '1901234' });

  it('every metric whose bugs list the bug becomes a measurement row, in file order', () => {
    expect(draft.form.measurements).toEqual([
      {
        name: 'sidebar.opened',
        description: 'Recorded when the sidebar is opened, with the panel that was shown first.',
        category: 2,
        trackingBug: 'https://bugzilla.mozilla.org/show_bug.cgi?id=1901234',
      },
      {
        name: 'sidebar.opened#panel',
        description: 'Which panel was shown (history, bookmarks, synced tabs).',
        category: 2,
        trackingBug: 'https://bugzilla.mozilla.org/show_bug.cgi?id=1901234',
      },
      {
        name: 'sidebar.width',
        description: 'The width of the sidebar when it was closed.',
        category: 1,
        trackingBug: 'https://bugzilla.mozilla.org/show_bug.cgi?id=1901234',
      },
      {
        name: 'sidebar.history.search_term_length',
        description:
          "Length of the text typed into the history panel's search box. Only the length is recorded, never the text.",
        category: 2,
        trackingBug: 'https://bugzilla.mozilla.org/show_bug.cgi?id=1901234',
      },
      {
        name: 'sidebar.history.visited_domain',
        description: 'The top-level domain of a history entry opened from the sidebar.',
        category: 3,
        trackingBug: 'https://bugzilla.mozilla.org/1901234',
      },
    ]);
    // Another bug's metric is left out.
    expect(draft.metrics.map((m) => m.name)).not.toContain('sidebar.position_changed');
  });

  it('the category of a row is the highest of its data_sensitivity; the draft category the highest row', () => {
    expect(draft.metrics.find((m) => m.name === 'sidebar.history.visited_domain')).toMatchObject({
      dataSensitivity: ['interaction', 'web_activity'],
      category: 3,
    });
    expect(draft.category).toBe(3);
  });

  it('the collection period comes from expires; never names the notification_emails as monitors', () => {
    expect(draft.form.collectionPeriod).toEqual({
      expires: '2027-01-31 (parts of this collection expire at different times: 2027-01-31, 140, never)',
      monitoredBy: 'sidebar-team@mozilla.com, privacy-owner@mozilla.com',
    });
  });

  it("fills glean_parser's standard answers and says which, leaving the rest to the requester", () => {
    expect(draft.prefilled).toEqual([
      'publicDocumentationUrl',
      'populationChannels',
      'populationCountries',
      'populationLocales',
      'populations',
      'turnOffMechanism',
      'thirdPartyDataPath',
    ]);
    // Glean sends to Mozilla's own pipeline: question 12 is answered, question 8 part by part.
    expect(draft.form).toMatchObject({
      populationChannels: 'All channels.',
      populationCountries: 'All countries.',
      populationLocales: 'All locales.',
      populations: 'No filters.',
      thirdPartyDataPath: 'no_third_party_tool',
    });
    expect(draft.form.questionsAnswered).toBeUndefined();
    expect(draftRequestFormSchema.parse(draft.form)).toEqual(draft.form);
    expect(() => assertReadyForSubmission(draft.form, null)).toThrow(/questionsAnswered/);
  });

  it("question 8's channels follow the channels the review names", () => {
    const one = draftFromGlean({
      files: [browser],
      bug: '1845000',
      channels: { channels: [{ channel: 'pre_release' }], runsInExperiments: false },
    });
    expect(one.form.populationChannels).toBe('Pre-release (Nightly, Beta).');
  });

  it('a re-import fills the standard answers a form still lacks, and keeps every answer written', () => {
    const one = draftFromGlean({ files: [browser], bug: '1845000' });
    const old = {
      questionsAnswered: 'Mine.',
      populations: 'Nightly and Beta users in all locales.',
      thirdPartyTools: 'No.',
      populationLocales: ' ',
    };
    expect(mergeGleanImport(old, [], one)).toMatchObject({
      questionsAnswered: 'Mine.',
      populations: 'Nightly and Beta users in all locales.',
      thirdPartyTools: 'No.',
      populationChannels: 'All channels.',
      populationCountries: 'All countries.',
      populationLocales: 'All locales.',
      thirdPartyDataPath: 'no_third_party_tool',
    });
  });

  it('one file, one bug', () => {
    const one = draftFromGlean({ files: [browser], bug: '1845000' });
    expect(one.metrics.map((m) => m.name)).toEqual(['sidebar.opened']);
    expect(one.form.collectionPeriod).toEqual({ expires: '2027-01-31' });
    expect(one.category).toBe(2);
  });

  it('a permanent collection alone: expires never, monitored by its notification_emails', () => {
    const one = draftFromGlean({ files: [browser], bug: '1777777' });
    expect(one.form.collectionPeriod).toEqual({ expires: 'never', monitoredBy: 'sidebar-team@mozilla.com' });
  });

  it('a metric without data_sensitivity: a row without category and a warning with its line', () => {
    const text = browser.text.replace(/ {4}data_sensitivity:\n {6}- technical\n/, '');
    const r = draftFromGlean({ files: [{ name: 'b.yaml', text }], bug: '1901234' });
    expect(r.form.measurements?.find((m) => m.name === 'sidebar.width')?.category).toBeUndefined();
    expect(r.warnings).toEqual([
      expect.objectContaining({ file: 'b.yaml', line: 30, field: 'sidebar.width.data_sensitivity' }),
    ]);
  });

  it('errors in any file refuse the import, each with file, line and field', () => {
    const issues = issuesOf(() =>
      draftFromGlean({ files: [browser, fixture('schema-errors.metrics.yaml')], bug: '1901234' }),
    );
    expect(issues.length).toBe(8);
    const e = domainError(() =>
      draftFromGlean({ files: [browser, fixture('malformed.metrics.yaml')], bug: '1901234' }),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('malformed.metrics.yaml:10 (yaml): malformed YAML');
  });

  it('the same metric in two files is an error naming both', () => {
    const issues = issuesOf(() =>
      draftFromGlean({ files: [browser, { ...browser, name: 'copy.yaml' }], bug: '1901234' }),
    );
    expect(issues[0]).toMatchObject({ file: 'copy.yaml', line: 10, field: 'sidebar.opened' });
    expect(issues[0]?.message).toContain('browser.metrics.yaml:10');
  });

  it('no metric lists the bug: VALIDATION on bug', () => {
    const e = domainError(() => draftFromGlean({ files: [browser], bug: '4242' }));
    expect(e.code).toBe('VALIDATION');
    expect(e.details.field).toBe('bug');
    expect(e.message).toContain('No metric in browser.metrics.yaml lists bug 4242');
  });

  it('no files, or a file given twice, is refused', () => {
    expect(domainError(() => draftFromGlean({ files: [], bug: '1' })).details.field).toBe('files');
    expect(
      domainError(() => draftFromGlean({ files: [browser, browser], bug: '1901234' })).details.field,
    ).toBe('files');
  });

  it('a long description is kept whole; one beyond the form limit is refused, naming the limit', () => {
    const long = (n: number) =>
      browser.text.replace('The width of the sidebar when it was closed.', `"${'w'.repeat(n)}"`);
    const r = draftFromGlean({ files: [{ name: 'b.yaml', text: long(3000) }], bug: '1901234' });
    expect(r.form.measurements?.find((m) => m.name === 'sidebar.width')?.description).toBe('w'.repeat(3000));
    expect(
      domainError(() => draftFromGlean({ files: [{ name: 'b.yaml', text: long(10_001) }], bug: '1901234' }))
        .message,
    ).toBe(
      "The description of sidebar.width has 10001 characters; a measurement's description is at most 10000.",
    );
  });
});

describe('collectionPeriodFromExpiries', () => {
  const m = (expires: string, emails = ['a@mozilla.com']) => ({ expires, notificationEmails: emails });

  it('the soonest first: expired, then dates, then versions, then never', () => {
    expect(
      collectionPeriodFromExpiries([m('never'), m('150'), m('2027-03-01'), m('2026-12-01')]).expires,
    ).toBe(
      '2026-12-01 (parts of this collection expire at different times: 2026-12-01, 2027-03-01, 150, never)',
    );
    expect(collectionPeriodFromExpiries([m('150'), m('expired')]).expires).toMatch(/^expired /);
    expect(collectionPeriodFromExpiries([m('150'), m('99')]).expires).toMatch(/^99 /);
  });

  it('monitors: the notification_emails of the permanent metrics only, each once', () => {
    expect(
      collectionPeriodFromExpiries([
        m('never', ['a@m.com', 'b@m.com']),
        m('never', ['b@m.com']),
        m('150', ['c@m.com']),
      ]).monitoredBy,
    ).toBe('a@m.com, b@m.com');
    expect(collectionPeriodFromExpiries([m('150')]).monitoredBy).toBeUndefined();
  });
});

describe('dataSensitivityMismatch: the category must match the metrics’ data_sensitivity', () => {
  const metrics = [
    { name: 'sidebar.width', dataSensitivity: ['technical' as const] },
    { name: 'sidebar.visited_domain', dataSensitivity: ['interaction' as const, 'web_activity' as const] },
  ];

  it('matching category: no mismatch', () => {
    expect(dataSensitivityMismatch(3, metrics)).toBeNull();
  });

  it('a category below the metrics: the metrics above it are named', () => {
    const m = dataSensitivityMismatch(2, metrics);
    expect(m).toEqual({
      expected: 3,
      actual: 2,
      metrics: [
        { name: 'sidebar.visited_domain', dataSensitivity: ['interaction', 'web_activity'], category: 3 },
      ],
    });
    expect(describeSensitivityMismatch('DR-7', m!)).toBe(
      "DR-7 is category 2 (Interaction data), but its Glean metrics' data_sensitivity means category 3: sidebar.visited_domain (interaction, web_activity).",
    );
  });

  it('a category above the metrics: their data_sensitivity must be raised', () => {
    const m = dataSensitivityMismatch(4, metrics);
    expect(m?.expected).toBe(3);
    expect(describeSensitivityMismatch('DR-7', m!)).toContain('update data_sensitivity in metrics.yaml');
  });

  it('nothing to compare: no category yet, no import, or no metric declares a sensitivity', () => {
    expect(dataSensitivityMismatch(null, metrics)).toBeNull();
    expect(dataSensitivityMismatch(2, [])).toBeNull();
    expect(dataSensitivityMismatch(2, [{ name: 'x', dataSensitivity: [] }])).toBeNull();
  });
});
