import { z } from 'zod';
import { type Category, categorySchema } from './categories.ts';
import { CHANNELS, type Channel } from './channels.ts';
import { parseExpiry } from './collection-period.ts';
import { DomainError } from './errors.ts';

// Length limits: generous for prose, tight for names and references.
export const FORM_LIMITS = {
  text: 10_000,
  short: 200,
  // A measurement's description is the metric's whole description (Glean's run past 2,000 characters).
  description: 10_000,
  url: 2_000,
  measurements: 500,
} as const;

const answer = (max: number) => z.string().trim().min(1).max(max);
const draftAnswer = (max: number) => z.string().trim().max(max);

/** One row of question 5: every measurement with its description, category and tracking bug. */
export const measurementSchema = z.object({
  name: answer(FORM_LIMITS.short),
  description: answer(FORM_LIMITS.description),
  category: categorySchema,
  /** A bug number or a bug URL. */
  trackingBug: answer(FORM_LIMITS.short),
  /** Why a data steward corrected this measurement's category (recorded with the correction). */
  categoryReason: answer(FORM_LIMITS.text).optional(),
});
export type Measurement = z.output<typeof measurementSchema>;

/** Question 7's three choices, as the template words them. */
export const COLLECTION_PERIOD_CHOICES = {
  until_date: 'This is scoped to a time-limited experiment/project until date MM-DD-YYYY.',
  six_months: 'I want this data to be collected for 6 months initially (potentially renewable).',
  permanent: "I want to permanently monitor this data. (put someone's name here)",
} as const;
export type CollectionPeriodChoice = keyof typeof COLLECTION_PERIOD_CHOICES;
export const collectionPeriodChoiceSchema = z.enum(
  Object.keys(COLLECTION_PERIOD_CHOICES) as [CollectionPeriodChoice, ...CollectionPeriodChoice[]],
);

/**
 * Question 12's follow-up, as the template words it: "Are you using that on the Mozilla backend? Or going
 * directly to the third-party?", with "no third-party tool" for a collection that uses none.
 */
export const THIRD_PARTY_DATA_PATHS = {
  no_third_party_tool: 'No third-party tool is used.',
  mozilla_backend: 'Yes, on the Mozilla backend.',
  direct_to_third_party: 'Yes, going directly to the third party.',
} as const;
export type ThirdPartyDataPath = keyof typeof THIRD_PARTY_DATA_PATHS;
export const thirdPartyDataPathSchema = z.enum(
  Object.keys(THIRD_PARTY_DATA_PATHS) as [ThirdPartyDataPath, ...ThirdPartyDataPath[]],
);

/** A third-party tool is named: question 12 asks which one and where the data goes. */
export const usesThirdPartyTool = (path: ThirdPartyDataPath | undefined): boolean =>
  path !== undefined && path !== 'no_third_party_tool';

/** The channels a review names (SPEC 3): release and/or pre-release, and whether it runs in experiments. */
export interface ReviewChannels {
  channels: readonly { channel: Channel }[];
  runsInExperiments: boolean;
}

/** Question 8's "Which release channels?" in words, from the channels the review names. */
export function populationChannelsAnswer({ channels, runsInExperiments }: ReviewChannels): string {
  const names = CHANNELS.filter((c) => channels.some((x) => x.channel === c)).map((c) =>
    c === 'release' ? 'Release' : 'Pre-release (Nightly, Beta)',
  );
  const text = names.length ? names.join(' and ') : 'No channel named yet';
  return `${text}${runsInExperiments ? '; also in experiments' : ''}.`;
}

/** What each choice's `expires` must read as (parseExpiry). */
const CHOICE_EXPIRY: Record<CollectionPeriodChoice, string> = {
  until_date: 'date',
  six_months: 'months',
  permanent: 'never',
};

/**
 * Question 7: how long the data is collected. `choice` is one of the template's three (older forms have only
 * the text); `expires` the date, "6 months initially", or "never"; a permanent collection names who monitors it.
 */
export const collectionPeriodSchema = z.object({
  choice: collectionPeriodChoiceSchema.optional(),
  /** "never", a date ("2026-06-30", "until date 06-30-2026"), "6 months initially", or a version ("Firefox 150"). */
  expires: answer(FORM_LIMITS.short),
  monitoredBy: answer(FORM_LIMITS.short).optional(),
});

/** The rules of question 7 beyond the shape: the choice agrees with the text; a permanent one names a monitor. */
export function collectionPeriodIssues(p: {
  choice?: CollectionPeriodChoice | undefined;
  expires?: string | undefined;
  monitoredBy?: string | undefined;
}): { path: string; message: string }[] {
  const expiry = parseExpiry(p.expires);
  const issues: { path: string; message: string }[] = [];
  if (p.choice && expiry.kind !== 'none' && expiry.kind !== CHOICE_EXPIRY[p.choice])
    issues.push({
      path: 'expires',
      message:
        p.choice === 'until_date'
          ? 'a time-limited collection gives its end date (MM-DD-YYYY or YYYY-MM-DD)'
          : p.choice === 'six_months'
            ? 'a renewable collection reads "6 months initially"'
            : 'a permanent collection reads "never"',
    });
  if ((p.choice === 'permanent' || expiry.kind === 'never') && isBlank(p.monitoredBy))
    issues.push({ path: 'monitoredBy', message: 'a permanent collection names who monitors it' });
  return issues;
}

const uniqueNames = (rows: readonly { name?: string | undefined }[]) => {
  const names = rows.map((r) => r.name).filter((n): n is string => !!n);
  return new Set(names).size === names.length;
};

/** A prose answer holds no script or local link (`javascript:`, `data:`, `vbscript:`, `file:`); web links are fine. */
const onlyWebLinks = (text: string): boolean =>
  text.split(/\s+/).every((token) => !/^[("'<]?(javascript|data|vbscript|file):/i.test(token));

/**
 * The data review request form (Step 1 "fill it out completely"): Mozilla's twelve questions, the
 * documentation the sensitive process asks for (implementation details, intended use, value to users) and
 * the category 4 requirements (advance user notice, consent, opt-out). Which of the optional parts are
 * required depends on the category: see `missingForSubmission`.
 */
export const requestFormSchema = z
  .object({
    questionsAnswered: answer(FORM_LIMITS.text),
    whyMozillaNeedsIt: answer(FORM_LIMITS.text),
    alternativesConsidered: answer(FORM_LIMITS.text),
    currentInstrumentation: answer(FORM_LIMITS.text),
    measurements: z
      .array(measurementSchema)
      .min(1)
      .max(FORM_LIMITS.measurements)
      .refine(uniqueNames, { message: 'measurement names must be unique' }),
    /** Question 6: a link, or the prose the template suggests ("documented in its metrics.md document" + link). */
    publicDocumentationUrl: answer(FORM_LIMITS.text).refine(onlyWebLinks, {
      message: 'links in the documentation answer must be web (http or https) links',
    }),
    collectionPeriod: collectionPeriodSchema.superRefine((p, ctx) => {
      for (const i of collectionPeriodIssues(p))
        ctx.addIssue({ code: 'custom', message: i.message, path: [i.path] });
    }),
    // Question 8, asked part by part as the template does.
    populationChannels: answer(FORM_LIMITS.text),
    populationCountries: answer(FORM_LIMITS.text),
    populationLocales: answer(FORM_LIMITS.text),
    /** "Any other filters? Please describe in detail." Forms written before the parts were asked hold their whole answer here. */
    populations: answer(FORM_LIMITS.text),
    turnOffMechanism: answer(FORM_LIMITS.text),
    analysis: answer(FORM_LIMITS.text),
    resultsSharing: answer(FORM_LIMITS.text),
    /** Question 12: whether a third-party tool is used and, if so, whether through the Mozilla backend. */
    thirdPartyDataPath: thirdPartyDataPathSchema,
    /** Which third-party tool and how; required when one is used. Older forms hold their whole answer here. */
    thirdPartyTools: answer(FORM_LIMITS.text).optional(),
    // Sensitive process (category 3 and 4).
    implementationDetails: answer(FORM_LIMITS.text).optional(),
    intendedUse: answer(FORM_LIMITS.text).optional(),
    valueToUsers: answer(FORM_LIMITS.text).optional(),
    // Category 4: "(i) advance user notice (ii) consent and (iii) an opt-out".
    advanceUserNotice: answer(FORM_LIMITS.text).optional(),
    consentMechanism: answer(FORM_LIMITS.text).optional(),
    optOutMechanism: answer(FORM_LIMITS.text).optional(),
  })
  .superRefine((f, ctx) => {
    for (const i of thirdPartyToolIssues(f))
      ctx.addIssue({ code: 'custom', message: i.message, path: [i.path] });
  });
export type RequestForm = z.output<typeof requestFormSchema>;

/** Question 12 beyond the shape: a named third-party tool says which one. */
export function thirdPartyToolIssues(f: {
  thirdPartyDataPath?: ThirdPartyDataPath | undefined;
  thirdPartyTools?: string | undefined;
}): { path: 'thirdPartyTools'; message: string }[] {
  return usesThirdPartyTool(f.thirdPartyDataPath) && isBlank(f.thirdPartyTools)
    ? [
        {
          path: 'thirdPartyTools',
          message: 'a collection that uses a third-party tool says which one and how',
        },
      ]
    : [];
}

/** A draft saves whatever has been written so far: every field optional, only the limits apply. */
export const draftRequestFormSchema = z
  .object({
    questionsAnswered: draftAnswer(FORM_LIMITS.text),
    whyMozillaNeedsIt: draftAnswer(FORM_LIMITS.text),
    alternativesConsidered: draftAnswer(FORM_LIMITS.text),
    currentInstrumentation: draftAnswer(FORM_LIMITS.text),
    measurements: z
      .array(
        z
          .object({
            name: draftAnswer(FORM_LIMITS.short),
            description: draftAnswer(FORM_LIMITS.description),
            category: categorySchema,
            trackingBug: draftAnswer(FORM_LIMITS.short),
            categoryReason: draftAnswer(FORM_LIMITS.text),
          })
          .partial(),
      )
      .max(FORM_LIMITS.measurements)
      .refine(uniqueNames, { message: 'measurement names must be unique' }),
    publicDocumentationUrl: draftAnswer(FORM_LIMITS.text),
    collectionPeriod: z
      .object({
        choice: collectionPeriodChoiceSchema,
        expires: draftAnswer(FORM_LIMITS.short),
        monitoredBy: draftAnswer(FORM_LIMITS.short),
      })
      .partial(),
    populationChannels: draftAnswer(FORM_LIMITS.text),
    populationCountries: draftAnswer(FORM_LIMITS.text),
    populationLocales: draftAnswer(FORM_LIMITS.text),
    populations: draftAnswer(FORM_LIMITS.text),
    turnOffMechanism: draftAnswer(FORM_LIMITS.text),
    analysis: draftAnswer(FORM_LIMITS.text),
    resultsSharing: draftAnswer(FORM_LIMITS.text),
    thirdPartyDataPath: thirdPartyDataPathSchema,
    thirdPartyTools: draftAnswer(FORM_LIMITS.text),
    implementationDetails: draftAnswer(FORM_LIMITS.text),
    intendedUse: draftAnswer(FORM_LIMITS.text),
    valueToUsers: draftAnswer(FORM_LIMITS.text),
    advanceUserNotice: draftAnswer(FORM_LIMITS.text),
    consentMechanism: draftAnswer(FORM_LIMITS.text),
    optOutMechanism: draftAnswer(FORM_LIMITS.text),
  })
  .partial();
export type DraftRequestForm = z.output<typeof draftRequestFormSchema>;

export type FormSection = 'request' | 'sensitive' | 'category_4';
export type RequestFormField = keyof RequestForm;

/** A template question asked in parts: its own words, above the parts (request.md question 8). */
export const REQUEST_FORM_QUESTION_GROUPS: Readonly<Record<number, string>> = {
  8: 'What populations will you measure?',
};

/** Every field of the form, in the form's order, with the question it answers. */
export const REQUEST_FORM_QUESTIONS = [
  {
    field: 'questionsAnswered',
    number: 1,
    section: 'request',
    question: 'What questions will you answer with this data?',
  },
  {
    field: 'whyMozillaNeedsIt',
    number: 2,
    section: 'request',
    question:
      'Why does Mozilla need to answer these questions? Are there benefits for users? Do we need this information to address product or business requirements? Some example responses: establish baselines or measure changes in product or platform quality or performance; provide information essential for advancing a business objective such as supporting OKRs; determine whether a product or platform change has an effect on user or browser behavior.',
  },
  {
    field: 'alternativesConsidered',
    number: 3,
    section: 'request',
    question:
      'What alternative methods did you consider to answer these questions? Why were they not sufficient?',
  },
  {
    field: 'currentInstrumentation',
    number: 4,
    section: 'request',
    question: 'Can current instrumentation answer these questions?',
  },
  {
    field: 'measurements',
    number: 5,
    section: 'request',
    question:
      'List all proposed measurements and indicate the category of data collection for each measurement, using the Firefox data collection categories.',
  },
  {
    field: 'publicDocumentationUrl',
    number: 6,
    section: 'request',
    question:
      'Please provide a link to the documentation for this data collection which describes the ultimate data set in a public, complete, and accurate way. (For Glean: "This collection is documented in its metrics.md document" and a link to where it is hosted; for Telemetry: its definitions files and the Probe Dictionary.)',
  },
  {
    field: 'collectionPeriod',
    number: 7,
    section: 'request',
    question:
      'How long will this data be collected? Choose one: until a date (time-limited experiment/project); 6 months initially (potentially renewable); or permanently monitored (name who monitors it).',
  },
  {
    field: 'populationChannels',
    number: 8,
    section: 'request',
    question: 'Which release channels?',
  },
  { field: 'populationCountries', number: 8, section: 'request', question: 'Which countries?' },
  { field: 'populationLocales', number: 8, section: 'request', question: 'Which locales?' },
  {
    field: 'populations',
    number: 8,
    section: 'request',
    question: 'Any other filters? Please describe in detail.',
  },
  {
    field: 'turnOffMechanism',
    number: 9,
    section: 'request',
    question: 'If this data collection is default on, what is the opt-out mechanism for users?',
  },
  {
    field: 'analysis',
    number: 10,
    section: 'request',
    question: 'Please provide a general description of how you will analyze this data.',
  },
  {
    field: 'resultsSharing',
    number: 11,
    section: 'request',
    question: 'Where do you intend to share the results of your analysis?',
  },
  {
    field: 'thirdPartyDataPath',
    number: 12,
    section: 'request',
    question:
      'Is there a third-party tool (i.e. not Telemetry) that you are proposing to use for this data collection? If so: are you using that on the Mozilla backend? Or going directly to the third-party?',
  },
  {
    field: 'thirdPartyTools',
    number: 12,
    section: 'request',
    question: 'Which third-party tool, and how is it used?',
  },
  {
    field: 'implementationDetails',
    number: null,
    section: 'sensitive',
    question: 'Details of the implementation.',
  },
  { field: 'intendedUse', number: null, section: 'sensitive', question: 'The intended use of the data.' },
  { field: 'valueToUsers', number: null, section: 'sensitive', question: 'The value to users.' },
  {
    field: 'advanceUserNotice',
    number: null,
    section: 'category_4',
    question: 'How are users notified in advance?',
  },
  { field: 'consentMechanism', number: null, section: 'category_4', question: 'How do users consent?' },
  { field: 'optOutMechanism', number: null, section: 'category_4', question: 'How do users opt out?' },
] as const satisfies readonly {
  field: RequestFormField;
  /** The question's number in Mozilla's request.md; null for the policy's additions (category 3 and 4). */
  number: number | null;
  section: FormSection;
  question: string;
}[];

export const REQUEST_FORM_FIELDS = REQUEST_FORM_QUESTIONS.map((q) => q.field) as RequestFormField[];
export const requestFormFieldSchema = z.enum(
  REQUEST_FORM_QUESTIONS.map((q) => q.field) as [RequestFormField],
);

const MEASUREMENT_FIELDS = ['name', 'description', 'category', 'trackingBug'] as const;

export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The highest category among the measurements: the default category of the review (Step 2). */
export function highestMeasurementCategory(form: DraftRequestForm): Category | null {
  let highest: Category | null = null;
  for (const row of form.measurements ?? []) {
    if (row.category !== undefined && (highest === null || row.category > highest)) highest = row.category;
  }
  return highest;
}

/**
 * The fields still missing before the form may be submitted, as paths (`measurements[0].trackingBug`).
 * "Fill it out completely" (Step 1); category 3/4 add the sensitive documentation, category 4 the notice,
 * consent and opt-out. Without a category, the highest measurement category is used.
 */
export function missingForSubmission(form: DraftRequestForm, category: Category | null): string[] {
  const effective = category ?? highestMeasurementCategory(form) ?? 1;
  const missing: string[] = [];
  for (const { field, section } of REQUEST_FORM_QUESTIONS) {
    if (section === 'sensitive' && effective < 3) continue;
    if (section === 'category_4' && effective < 4) continue;
    if (field === 'measurements') {
      const rows = form.measurements ?? [];
      if (rows.length === 0) missing.push('measurements');
      rows.forEach((row, i) => {
        for (const f of MEASUREMENT_FIELDS) if (isBlank(row[f])) missing.push(`measurements[${i}].${f}`);
      });
    } else if (field === 'collectionPeriod') {
      const period = form.collectionPeriod ?? {};
      if (isBlank(period.expires)) missing.push('collectionPeriod.expires');
      else if (collectionPeriodIssues(period).some((i) => i.path === 'monitoredBy'))
        missing.push('collectionPeriod.monitoredBy');
    } else if (field === 'thirdPartyTools') {
      // Which tool is asked only of a collection that uses one (question 12's "If so").
      if (thirdPartyToolIssues(form).length > 0) missing.push(field);
    } else if (isBlank(form[field])) {
      missing.push(field);
    }
  }
  return missing;
}

/**
 * Refuses a submission that is incomplete for its category (VALIDATION, `details.missing`) or breaks the
 * form's rules (VALIDATION, `details.issues`). Returns the complete form.
 */
export function assertReadyForSubmission(form: DraftRequestForm, category: Category | null): RequestForm {
  const missing = missingForSubmission(form, category);
  if (missing.length > 0) {
    throw new DomainError('VALIDATION', `The request form is incomplete: ${missing.join(', ')}.`, {
      field: missing[0],
      missing,
    });
  }
  const parsed = requestFormSchema.safeParse(form);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new DomainError(
      'VALIDATION',
      `The request form is invalid: ${issues[0]?.path}: ${issues[0]?.message}`,
      {
        field: issues[0]?.path,
        issues,
      },
    );
  }
  return parsed.data;
}

/** What the can-ship evaluator needs to know about the form (SPEC 6: opt-out, notice, consent). */
export interface FormFacts {
  /** "Every collection must document how users turn it off." */
  optOutDocumented: boolean;
  advanceUserNotice: boolean;
  consentMechanism: boolean;
  optOutMechanism: boolean;
  /** The highest category among the current revision's measurements (the category must follow it). */
  highestMeasurementCategory?: Category | null;
}

export const formFacts = (form: DraftRequestForm): FormFacts => ({
  highestMeasurementCategory: highestMeasurementCategory(form),
  optOutDocumented: !isBlank(form.turnOffMechanism),
  advanceUserNotice: !isBlank(form.advanceUserNotice),
  consentMechanism: !isBlank(form.consentMechanism),
  optOutMechanism: !isBlank(form.optOutMechanism),
});

/** Question 8 in words, part by part; a form written before the parts were asked shows its one answer. */
export function populationsText(f: DraftRequestForm): string {
  const parts = [
    ['Channels', f.populationChannels],
    ['Countries', f.populationCountries],
    ['Locales', f.populationLocales],
  ] as const;
  const answered = parts.filter(([, v]) => !isBlank(v));
  if (answered.length === 0) return f.populations?.trim() ?? '';
  return [
    ...answered.map(([label, v]) => `${label}: ${v?.trim()}`),
    ...(isBlank(f.populations) ? [] : [`Other filters: ${f.populations?.trim()}`]),
  ].join('\n');
}

/** Question 12 in words: whether a third-party tool is used, where its data goes, and which tool. */
export function thirdPartyToolText(f: DraftRequestForm): string {
  const path = f.thirdPartyDataPath ? THIRD_PARTY_DATA_PATHS[f.thirdPartyDataPath] : '';
  return [path, f.thirdPartyTools?.trim() ?? ''].filter((s) => s !== '').join('\n');
}
