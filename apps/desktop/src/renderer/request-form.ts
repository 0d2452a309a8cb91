import type { DraftRequestForm, RequestFormField } from '@signoff/core';

type TextField = Exclude<RequestFormField, 'measurements' | 'collectionPeriod'>;

/** The request form's prose questions, in the form's order (core's REQUEST_FORM_QUESTIONS). */
export const TEXT_QUESTIONS: {
  field: TextField;
  section: 'request' | 'sensitive' | 'category_4';
  question: string;
}[] = [
  {
    field: 'questionsAnswered',
    section: 'request',
    question: 'What questions will you answer with this data?',
  },
  {
    field: 'whyMozillaNeedsIt',
    section: 'request',
    question: 'Why does Mozilla need to answer these questions? Are there benefits for users?',
  },
  {
    field: 'alternativesConsidered',
    section: 'request',
    question:
      'What alternative methods did you consider to answer these questions? Why were they not sufficient?',
  },
  {
    field: 'currentInstrumentation',
    section: 'request',
    question: 'Can current instrumentation answer these questions?',
  },
  {
    field: 'publicDocumentationUrl',
    section: 'request',
    question: 'Link to the public, complete and accurate documentation of this data collection.',
  },
  { field: 'populations', section: 'request', question: 'What populations will you measure?' },
  {
    field: 'turnOffMechanism',
    section: 'request',
    question: 'If this data collection is default on, what is the opt-out mechanism for users?',
  },
  { field: 'analysis', section: 'request', question: 'How will you analyze this data?' },
  {
    field: 'resultsSharing',
    section: 'request',
    question: 'Where do you intend to share the results of your analysis?',
  },
  {
    field: 'thirdPartyTools',
    section: 'request',
    question: 'Is there a third-party tool (not Glean or Telemetry) you propose to use for this collection?',
  },
  { field: 'implementationDetails', section: 'sensitive', question: 'Details of the implementation.' },
  { field: 'intendedUse', section: 'sensitive', question: 'The intended use of the data.' },
  { field: 'valueToUsers', section: 'sensitive', question: 'The value to users.' },
  { field: 'advanceUserNotice', section: 'category_4', question: 'How are users notified in advance?' },
  { field: 'consentMechanism', section: 'category_4', question: 'How do users consent?' },
  { field: 'optOutMechanism', section: 'category_4', question: 'How do users opt out?' },
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

/** The highest measurement category, as core computes it (the review's default category). */
export function highestCategory(form: FormDraft): number | null {
  let highest: number | null = null;
  for (const m of form.measurements ?? [])
    if (m.category !== undefined && (highest === null || m.category > highest)) highest = m.category;
  return highest;
}

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
    if (period.expires?.trim()) p.expires = period.expires;
    if (period.monitoredBy?.trim()) p.monitoredBy = period.monitoredBy;
    if (Object.keys(p).length) out.collectionPeriod = p;
    else delete out.collectionPeriod;
  }
  return out as FormDraft;
}

/** Client-side hints before the server decides: what submission will ask for, by field path. */
export function missingFields(form: FormDraft): Record<string, string> {
  const category = highestCategory(form) ?? 1;
  const missing: Record<string, string> = {};
  for (const q of TEXT_QUESTIONS) {
    if (q.section === 'sensitive' && category < 3) continue;
    if (q.section === 'category_4' && category < 4) continue;
    if (!form[q.field]?.trim()) missing[q.field] = 'Required before submitting.';
  }
  const rows = form.measurements ?? [];
  if (rows.length === 0) missing.measurements = 'Add at least one measurement.';
  rows.forEach((m, i) => {
    for (const f of ['name', 'description', 'trackingBug'] as const)
      if (!m[f]?.trim()) missing[`measurements[${i}].${f}`] = 'Required before submitting.';
  });
  if (!form.collectionPeriod?.expires?.trim())
    missing['collectionPeriod.expires'] = 'Required before submitting.';
  else if (/^\s*never\s*$/i.test(form.collectionPeriod.expires) && !form.collectionPeriod.monitoredBy?.trim())
    missing['collectionPeriod.monitoredBy'] = 'A permanent collection names who monitors it.';
  const url = form.publicDocumentationUrl?.trim();
  if (url && !/^https?:\/\/\S+$/i.test(url)) missing.publicDocumentationUrl = 'Must be an http(s) link.';
  return missing;
}
