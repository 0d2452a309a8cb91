import {
  COLLECTION_PERIOD_CHOICES,
  type CollectionPeriodChoice,
  type DraftRequestForm,
  highestMeasurementCategory,
  missingForSubmission,
  REQUEST_FORM_QUESTION_GROUPS,
  REQUEST_FORM_QUESTIONS,
  type RequestFormField,
  THIRD_PARTY_DATA_PATHS,
  type ThirdPartyDataPath,
  usesThirdPartyTool,
} from '@signoff/core/request-form';

type TextField = Exclude<RequestFormField, 'measurements' | 'collectionPeriod' | 'thirdPartyDataPath'>;
export type FormQuestion = (typeof REQUEST_FORM_QUESTIONS)[number];

const isText = (q: FormQuestion): q is FormQuestion & { field: TextField } =>
  q.field !== 'measurements' && q.field !== 'collectionPeriod' && q.field !== 'thirdPartyDataPath';

/** The request form's prose questions, in the form's order: core's own list (one source of the wording). */
export const TEXT_QUESTIONS = REQUEST_FORM_QUESTIONS.filter(isText);
export const isTextQuestion = isText;

/**
 * The request form's questions in the template's order, a question asked in parts (Q8, Q12) as one group
 * under its number and its own words.
 */
export const QUESTION_GROUPS: { number: number | null; heading: string | null; questions: FormQuestion[] }[] =
  [];
for (const q of REQUEST_FORM_QUESTIONS) {
  const last = QUESTION_GROUPS.at(-1);
  if (last && q.number !== null && last.number === q.number) last.questions.push(q);
  else
    QUESTION_GROUPS.push({
      number: q.number,
      heading: q.number === null ? null : (REQUEST_FORM_QUESTION_GROUPS[q.number] ?? null),
      questions: [q],
    });
}

/** A question as a reader sees it on its own: a part of question 8 under the question's own words. */
export const questionLabel = (q: FormQuestion): string => {
  const heading = q.number === null ? undefined : REQUEST_FORM_QUESTION_GROUPS[q.number];
  return heading ? `${heading} ${q.question}` : q.question;
};

export const THIRD_PARTY_QUESTION = REQUEST_FORM_QUESTIONS.find(
  (q) => q.field === 'thirdPartyDataPath',
) as FormQuestion;

/** Question 12's choices in words (core's). */
export const THIRD_PARTY_OPTIONS = Object.entries(THIRD_PARTY_DATA_PATHS) as [ThirdPartyDataPath, string][];
export const thirdPartyPathLabel = (path: ThirdPartyDataPath | undefined): string | undefined =>
  path ? THIRD_PARTY_DATA_PATHS[path] : undefined;
export { usesThirdPartyTool };

/** Question 7's three choices in the template's words; the last two fill in what the rules read. */
export const COLLECTION_PERIOD_OPTIONS: {
  choice: CollectionPeriodChoice;
  label: string;
  expires?: string;
}[] = [
  { choice: 'until_date', label: COLLECTION_PERIOD_CHOICES.until_date },
  {
    choice: 'six_months',
    label: COLLECTION_PERIOD_CHOICES.six_months,
    expires: '6 months initially (potentially renewable)',
  },
  { choice: 'permanent', label: COLLECTION_PERIOD_CHOICES.permanent, expires: 'never' },
];

export const SECTION_LABELS = {
  request: 'Request',
  sensitive: 'Sensitive review documentation (category 3 and 4)',
  category_4: 'Category 4 requirements',
} as const;

export type Measurement = NonNullable<DraftRequestForm['measurements']>[number];
export type FormDraft = DraftRequestForm;

export const emptyMeasurement = (): Measurement => ({
  name: '',
  description: '',
  category: 1,
  trackingBug: '',
});

/** The highest measurement category: the review's default category (core's rule). */
export const highestCategory = (form: FormDraft): number | null => highestMeasurementCategory(form);

/** Empty strings are dropped, so a draft saves only what has been written. */
export function cleanDraft(form: FormDraft): FormDraft {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (typeof v === 'string') {
      if (v.trim() !== '') out[k] = v;
    } else if (v !== undefined) out[k] = v;
  }
  const period = form.collectionPeriod;
  if (period) {
    const p: Record<string, string> = {};
    if (period.choice) p.choice = period.choice;
    if (period.expires?.trim()) p.expires = period.expires;
    if (period.monitoredBy?.trim()) p.monitoredBy = period.monitoredBy;
    if (Object.keys(p).length) out.collectionPeriod = p;
    else delete out.collectionPeriod;
  }
  return out as FormDraft;
}

const HINTS: Record<string, string> = {
  measurements: 'Add at least one measurement.',
  'collectionPeriod.monitoredBy': 'A permanent collection names who monitors it.',
  thirdPartyDataPath: 'Say whether a third-party tool is used, and where its data goes.',
  thirdPartyTools: 'Name the third-party tool and how it is used.',
};

/** Client-side hints before the server decides: what submission will ask for (core's rule), by field path. */
export function missingFields(form: FormDraft): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const path of missingForSubmission(form, null))
    missing[path] = HINTS[path] ?? 'Required before submitting.';
  if (/(^|\s)[("'<]?(javascript|data|vbscript|file):/i.test(form.publicDocumentationUrl ?? ''))
    missing.publicDocumentationUrl = 'Links must be web (http or https) links.';
  return missing;
}
