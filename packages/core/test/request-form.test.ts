import { describe, expect, it } from 'vitest';
import {
  assertReadyForSubmission,
  draftRequestFormSchema,
  FORM_LIMITS,
  formFacts,
  highestMeasurementCategory,
  missingForSubmission,
  populationChannelsAnswer,
  populationsText,
  REQUEST_FORM_QUESTIONS,
  requestFormSchema,
  thirdPartyToolText,
} from '../src/index.ts';
import { category4Fields, completeForm, domainError, sensitiveFields } from './fixtures.ts';

describe('requestFormSchema', () => {
  it('accepts a complete form and trims answers', () => {
    const parsed = requestFormSchema.parse({ ...completeForm(), analysis: '  Weekly.  ' });
    expect(parsed.analysis).toBe('Weekly.');
    expect(parsed.measurements).toHaveLength(2);
  });

  it('asks the twelve questions of the request form, then the sensitive and category 4 fields', () => {
    const request = REQUEST_FORM_QUESTIONS.filter((q) => q.section === 'request');
    expect([...new Set(request.map((q) => q.number))]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(request.filter((q) => q.number === 8).map((q) => q.field)).toEqual([
      'populationChannels',
      'populationCountries',
      'populationLocales',
      'populations',
    ]);
    expect(request.filter((q) => q.number === 12).map((q) => q.field)).toEqual([
      'thirdPartyDataPath',
      'thirdPartyTools',
    ]);
    expect(REQUEST_FORM_QUESTIONS.filter((q) => q.section === 'sensitive').map((q) => q.field)).toEqual([
      'implementationDetails',
      'intendedUse',
      'valueToUsers',
    ]);
    expect(REQUEST_FORM_QUESTIONS.filter((q) => q.section === 'category_4').map((q) => q.field)).toEqual([
      'advanceUserNotice',
      'consentMechanism',
      'optOutMechanism',
    ]);
  });

  it.each([
    ['a blank answer', { whyMozillaNeedsIt: '   ' }, 'whyMozillaNeedsIt'],
    ['an over-long answer', { analysis: 'x'.repeat(FORM_LIMITS.text + 1) }, 'analysis'],
    ['no measurement', { measurements: [] }, 'measurements'],
    [
      'a category outside 1–4',
      { measurements: [{ name: 'a', description: 'd', category: 5, trackingBug: '1' }] },
      'measurements.0.category',
    ],
    [
      'duplicate measurement names',
      {
        measurements: [
          { name: 'a', description: 'd', category: 1, trackingBug: '1' },
          { name: 'a', description: 'e', category: 2, trackingBug: '2' },
        ],
      },
      'measurements',
    ],
    [
      'a documentation link that is not http(s)',
      { publicDocumentationUrl: 'javascript:alert(1)' },
      'publicDocumentationUrl',
    ],
    [
      'a permanent collection nobody monitors',
      { collectionPeriod: { expires: 'never' } },
      'collectionPeriod.monitoredBy',
    ],
  ])('refuses %s', (_what, patch, path) => {
    const r = requestFormSchema.safeParse({ ...completeForm(), ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('a permanent collection with a monitor is fine', () => {
    expect(
      requestFormSchema.safeParse({
        ...completeForm(),
        collectionPeriod: { expires: 'Never', monitoredBy: 'Ana' },
      }).success,
    ).toBe(true);
  });
});

describe('draftRequestFormSchema', () => {
  it('accepts an empty or partial draft, but keeps the limits', () => {
    expect(draftRequestFormSchema.parse({})).toEqual({});
    expect(draftRequestFormSchema.parse({ measurements: [{ name: 'x' }], collectionPeriod: {} })).toEqual({
      measurements: [{ name: 'x' }],
      collectionPeriod: {},
    });
    expect(draftRequestFormSchema.safeParse({ analysis: 'x'.repeat(FORM_LIMITS.text + 1) }).success).toBe(
      false,
    );
    expect(draftRequestFormSchema.safeParse({ measurements: [{ category: 0 }] }).success).toBe(false);
  });
});

describe('highestMeasurementCategory', () => {
  it('is the highest category among the measurements, or null', () => {
    expect(highestMeasurementCategory(completeForm())).toBe(2);
    expect(
      highestMeasurementCategory({ measurements: [{ category: 1 }, { category: 4 }, { category: 3 }] }),
    ).toBe(4);
    expect(highestMeasurementCategory({ measurements: [{ name: 'a' }] })).toBeNull();
    expect(highestMeasurementCategory({})).toBeNull();
  });
});

describe('missingForSubmission', () => {
  it('nothing is missing from a complete category 1/2 form', () => {
    expect(missingForSubmission(completeForm(), 2)).toEqual([]);
    expect(missingForSubmission(completeForm(), null)).toEqual([]);
  });

  it('an empty draft misses every request question, in the form’s order', () => {
    expect(missingForSubmission({}, 1)).toEqual([
      'questionsAnswered',
      'whyMozillaNeedsIt',
      'alternativesConsidered',
      'currentInstrumentation',
      'measurements',
      'publicDocumentationUrl',
      'collectionPeriod.expires',
      'populationChannels',
      'populationCountries',
      'populationLocales',
      'populations',
      'turnOffMechanism',
      'analysis',
      'resultsSharing',
      'thirdPartyDataPath',
    ]);
  });

  it('names missing cells of measurement rows', () => {
    const form = {
      ...completeForm(),
      measurements: [{ name: 'a', category: 1 as const }, { description: ' ' }],
    };
    expect(missingForSubmission(form, 1)).toEqual([
      'measurements[0].description',
      'measurements[0].trackingBug',
      'measurements[1].name',
      'measurements[1].description',
      'measurements[1].category',
      'measurements[1].trackingBug',
    ]);
  });

  it('category 3 adds implementation details, intended use and value to users', () => {
    expect(missingForSubmission(completeForm(), 3)).toEqual([
      'implementationDetails',
      'intendedUse',
      'valueToUsers',
    ]);
    expect(missingForSubmission({ ...completeForm(), ...sensitiveFields }, 3)).toEqual([]);
  });

  it('category 4 adds advance notice, consent and opt-out', () => {
    expect(missingForSubmission({ ...completeForm(), ...sensitiveFields }, 4)).toEqual([
      'advanceUserNotice',
      'consentMechanism',
      'optOutMechanism',
    ]);
    expect(missingForSubmission({ ...completeForm(), ...sensitiveFields, ...category4Fields }, 4)).toEqual(
      [],
    );
  });

  it('without a category, the highest measurement category decides', () => {
    const form = {
      ...completeForm(),
      measurements: [{ name: 'history', description: 'URLs', category: 3 as const, trackingBug: '1' }],
    };
    expect(missingForSubmission(form, null)).toEqual([
      'implementationDetails',
      'intendedUse',
      'valueToUsers',
    ]);
  });

  it('a permanent collection needs its monitor', () => {
    expect(missingForSubmission({ ...completeForm(), collectionPeriod: { expires: 'never' } }, 1)).toEqual([
      'collectionPeriod.monitoredBy',
    ]);
  });
});

describe('assertReadyForSubmission', () => {
  it('returns the parsed complete form', () => {
    expect(assertReadyForSubmission(completeForm(), 1).questionsAnswered).toBe(
      completeForm().questionsAnswered,
    );
  });

  it('VALIDATION naming what is missing', () => {
    const e = domainError(() => assertReadyForSubmission({ ...completeForm(), analysis: '' }, 1));
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toEqual({ field: 'analysis', missing: ['analysis'] });
  });

  it('VALIDATION naming what is wrong', () => {
    const e = domainError(() =>
      assertReadyForSubmission({ ...completeForm(), publicDocumentationUrl: 'See javascript:alert(1)' }, 1),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.details.field).toBe('publicDocumentationUrl');
  });
});

describe('formFacts', () => {
  it('reads opt-out, notice and consent from the form', () => {
    expect(formFacts(completeForm())).toEqual({
      highestMeasurementCategory: 2,
      optOutDocumented: true,
      advanceUserNotice: false,
      consentMechanism: false,
      optOutMechanism: false,
    });
    expect(formFacts({ ...category4Fields, turnOffMechanism: '  ' })).toEqual({
      highestMeasurementCategory: null,
      optOutDocumented: false,
      advanceUserNotice: true,
      consentMechanism: true,
      optOutMechanism: true,
    });
  });
});

describe('the template, question by question (issue 14)', () => {
  it('Q6 accepts the prose the template suggests, not only a URL', () => {
    for (const prose of [
      'This collection is documented in its metrics.md document at https://dictionary.telemetry.mozilla.org/apps/fenix.',
      'This collection is documented in its definitions files Histograms.json, Scalars.yaml, and/or Events.yaml and in the Probe Dictionary at https://probes.telemetry.mozilla.org.',
    ])
      expect(
        assertReadyForSubmission(completeForm({ publicDocumentationUrl: prose }), 1).publicDocumentationUrl,
      ).toBe(prose);
  });

  it('Q7 offers the three choices, each read as what it says', () => {
    const period = (collectionPeriod: Record<string, string>) =>
      assertReadyForSubmission({ ...completeForm(), collectionPeriod } as never, 1).collectionPeriod;
    expect(period({ choice: 'until_date', expires: 'until date 06-30-2026' })).toMatchObject({
      choice: 'until_date',
    });
    expect(
      period({ choice: 'six_months', expires: '6 months initially (potentially renewable)' }),
    ).toMatchObject({
      choice: 'six_months',
    });
    expect(period({ choice: 'permanent', expires: 'never', monitoredBy: 'Jo Monitor' })).toMatchObject({
      monitoredBy: 'Jo Monitor',
    });
    // A choice that says something else than its text, or a permanent one with no monitor, is refused.
    expect(
      domainError(() => period({ choice: 'until_date', expires: '6 months initially' })).details.field,
    ).toBe('collectionPeriod.expires');
    expect(
      missingForSubmission(
        { ...completeForm(), collectionPeriod: { choice: 'permanent', expires: 'never' } },
        1,
      ),
    ).toEqual(['collectionPeriod.monitoredBy']);
  });

  it('Q2 is asked in full, with its third question', () => {
    const q2 = REQUEST_FORM_QUESTIONS.find((q) => q.field === 'whyMozillaNeedsIt')?.question;
    expect(q2).toContain('Are there benefits for users?');
    expect(q2).toContain('Do we need this information to address product or business requirements?');
  });

  it('Q8 asks channels, countries, locales and other filters apart, each one named when missing', () => {
    for (const field of ['populationChannels', 'populationCountries', 'populationLocales', 'populations']) {
      const e = domainError(() => assertReadyForSubmission({ ...completeForm(), [field]: ' ' }, 1));
      expect(e.code).toBe('VALIDATION');
      expect(e.details).toEqual({ field, missing: [field] });
      expect(e.message).toContain(field);
    }
  });

  it('Q12: no third-party tool needs no more; a tool says whether through the Mozilla backend or directly, and which', () => {
    expect(missingForSubmission(completeForm({ thirdPartyDataPath: 'no_third_party_tool' }), 1)).toEqual([]);
    for (const path of ['mozilla_backend', 'direct_to_third_party'] as const) {
      const e = domainError(() => assertReadyForSubmission(completeForm({ thirdPartyDataPath: path }), 1));
      expect(e.details).toEqual({ field: 'thirdPartyTools', missing: ['thirdPartyTools'] });
      expect(
        assertReadyForSubmission(
          completeForm({ thirdPartyDataPath: path, thirdPartyTools: 'Adjust SDK.' }),
          1,
        ).thirdPartyDataPath,
      ).toBe(path);
    }
    const r = requestFormSchema.safeParse({ ...completeForm(), thirdPartyDataPath: 'maybe' });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['thirdPartyDataPath']);
    // The rule holds in the schema too, with the field named.
    const s = requestFormSchema.safeParse(completeForm({ thirdPartyDataPath: 'mozilla_backend' }));
    expect(s.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['thirdPartyTools', 'a collection that uses a third-party tool says which one and how'],
    ]);
  });

  it('a form written before Q8 and Q12 were asked part by part stays readable and keeps its text', () => {
    const old = {
      ...completeForm(),
      populationChannels: undefined,
      populationCountries: undefined,
      populationLocales: undefined,
      thirdPartyDataPath: undefined,
      populations: 'Nightly and Beta users in all locales.',
      thirdPartyTools: 'No.',
    };
    expect(draftRequestFormSchema.parse(old)).toMatchObject({
      populations: 'Nightly and Beta users in all locales.',
      thirdPartyTools: 'No.',
    });
    expect(populationsText(old)).toBe('Nightly and Beta users in all locales.');
    expect(thirdPartyToolText(old)).toBe('No.');
    // Resubmitted, it is asked only the new parts; what it said stays where it was.
    expect(missingForSubmission(old, 1)).toEqual([
      'populationChannels',
      'populationCountries',
      'populationLocales',
      'thirdPartyDataPath',
    ]);
  });

  it("Q8's channels in words from the review's channels", () => {
    expect(
      populationChannelsAnswer({
        channels: [{ channel: 'pre_release' }, { channel: 'release' }],
        runsInExperiments: true,
      }),
    ).toBe('Release and Pre-release (Nightly, Beta); also in experiments.');
    expect(
      populationChannelsAnswer({ channels: [{ channel: 'pre_release' }], runsInExperiments: false }),
    ).toBe('Pre-release (Nightly, Beta).');
  });
});
