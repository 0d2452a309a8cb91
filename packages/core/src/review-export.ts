import { z } from 'zod';
import { AREA_LABELS, AREAS, type Area, areaLabelList } from './areas.ts';
import { canShipResultSchema } from './can-ship.ts';
import { CATEGORY_LABELS, type Category } from './categories.ts';
import { CHANNELS, DEFAULT_STATES } from './channels.ts';
import { parseExpiry } from './collection-period.ts';
import { DomainError } from './errors.ts';
import { RENEWAL_REVIEW_QUESTIONS, renewalReviewSchema } from './renewal.ts';
import {
  REQUEST_FORM_QUESTION_GROUPS,
  REQUEST_FORM_QUESTIONS,
  THIRD_PARTY_DATA_PATHS,
  type ThirdPartyDataPath,
} from './request-form.ts';
import { REVIEW_STATUSES } from './review-status.ts';
import {
  ANNOUNCEMENT_METHOD_LABELS,
  actorWords,
  CHANNEL_LABELS,
  DATA_SENSITIVITY_LABELS,
  DEFAULT_STATE_LABELS,
  DISCUSSION_STATE_LABELS,
  ESCALATION_DECISION_LABELS,
  ESCALATION_LEVEL_LABELS,
  ESCALATION_STATE_LABELS,
  EXTERNAL_REF_LABELS,
  eventWords,
  inWords,
  MITIGATION_KIND_LABELS_SHORT,
  MITIGATION_STATE_LABELS,
  RENEWAL_STATE_LABELS,
  REVIEW_STATUS_LABELS,
  RISK_LABELS,
  requestQuestionShort,
  SIGN_OFF_DECISION_LABELS,
  SURVEY_ITEM_STATE_LABELS,
} from './vocabulary.ts';

/**
 * One review, complete, as a document: its documentation revisions, the steward's reviews, the area sign-offs,
 * mitigations, discussions, announcements, escalations, renewals, Glean imports, survey answers, the gate's
 * verdict and the audit timeline (with hashes, so the chain can be checked offline). Rendered as JSON or as
 * a readable Markdown report (`renderReviewMarkdown`).
 */
export const REVIEW_EXPORT_FORMAT = 'signoff.review-export/1';

const iso = z.string();
const personRef = z.object({ id: z.number(), name: z.string() });
const area = z.enum(AREAS);

export const reviewExportSchema = z.object({
  format: z.literal(REVIEW_EXPORT_FORMAT),
  exportedAt: iso,
  review: z.object({
    id: z.number(),
    key: z.string(),
    title: z.string(),
    product: z.string(),
    status: z.enum(REVIEW_STATUSES),
    category: z.number().nullable(),
    stewardOutcome: z.string().nullable(),
    visibility: z.enum(['public', 'private']),
    privateReason: z.string().nullable(),
    runsInExperiments: z.boolean(),
    channels: z.array(z.object({ channel: z.enum(CHANNELS), defaultState: z.enum(DEFAULT_STATES) })),
    externalRefs: z.array(z.object({ kind: z.string(), value: z.string() })),
    proposer: personRef,
    requester: personRef,
    engineeringOwner: personRef.nullable(),
    currentRevision: z.number(),
    createdAt: iso,
    submittedAt: iso.nullable(),
    shippedAt: iso.nullable(),
    /** The collection period that counts (renewals included). */
    collectionPeriod: z.object({
      expires: z.string().nullable(),
      description: z.string(),
      expired: z.boolean(),
    }),
  }),
  revisions: z.array(
    z.object({
      number: z.number(),
      author: personRef,
      createdAt: iso,
      contentHash: z.string(),
      form: z.record(z.string(), z.unknown()),
    }),
  ),
  stewardReviews: z.array(
    z.object({
      id: z.number(),
      revision: z.number(),
      steward: personRef,
      category: z.number(),
      categoryReason: z.string().nullable(),
      outcome: z.string(),
      answers: z.record(z.string(), z.unknown()),
      /** review.md Q2's exception and Q5; null for reviews recorded before they were kept. */
      neededForSecurity: z.boolean().nullable().optional(),
      defaultState: z.enum(['on', 'off', 'varies_by_channel']).nullable().optional(),
      returnedQuestions: z.array(z.object({ field: z.string(), note: z.string() })),
      review: z.string().nullable(),
      createdAt: iso,
    }),
  ),
  signOffs: z.array(
    z.object({
      id: z.number(),
      area,
      revision: z.number(),
      stale: z.boolean(),
      facilitator: personRef,
      risk: z.string(),
      decision: z.string(),
      rationale: z.string(),
      precedentReviewId: z.number().nullable(),
      trustApproval: z.boolean(),
      createdAt: iso,
    }),
  ),
  reviewers: z.array(z.object({ area, person: personRef })),
  comments: z.array(
    z.object({ id: z.number(), area: area.nullable(), author: personRef, body: z.string(), createdAt: iso }),
  ),
  mitigations: z.array(
    z.object({
      id: z.number(),
      area,
      kind: z.string(),
      description: z.string(),
      state: z.string(),
      implementedRevision: z.number().nullable(),
      decisionNote: z.string().nullable(),
      escalationId: z.number().nullable(),
      createdAt: iso,
      updatedAt: iso,
    }),
  ),
  discussions: z.array(
    z.object({
      id: z.number(),
      area: area.nullable(),
      state: z.string(),
      scheduledFor: iso,
      agenda: z.string(),
      notes: z.string().nullable(),
      outcome: z.string().nullable(),
    }),
  ),
  announcements: z.array(
    z.object({ id: z.number(), method: z.string(), archiveLink: z.string().nullable(), createdAt: iso }),
  ),
  escalations: z.array(
    z.object({
      id: z.number(),
      areas: z.array(area),
      question: z.string(),
      level: z.string(),
      state: z.string(),
      openedBy: personRef,
      facilitator: personRef,
      papersSharedAt: iso.nullable(),
      decision: z.string().nullable(),
      rationale: z.string().nullable(),
      decidedBy: personRef.nullable(),
      decidedAt: iso.nullable(),
      papers: z.array(z.object({ author: personRef, version: z.number(), body: z.string(), createdAt: iso })),
      comments: z.array(z.object({ author: personRef, body: z.string(), createdAt: iso })),
      meetings: z.array(
        z.object({ state: z.string(), scheduledFor: iso, agenda: z.string(), notes: z.string().nullable() }),
      ),
    }),
  ),
  renewals: z.array(
    z.object({
      id: z.number(),
      requestedBy: personRef,
      previousExpires: z.string().nullable(),
      newExpires: z.string(),
      monitoredBy: z.string().nullable(),
      reason: z.string(),
      bug: z.string().nullable(),
      state: z.string(),
      steward: personRef.nullable(),
      outcome: z.string().nullable(),
      stewardReview: z.string().nullable(),
      /** renewal_review.md's two questions; null for renewals decided before they were asked. */
      reviewAnswers: renewalReviewSchema.shape.answers.nullable().optional(),
      decidedAt: iso.nullable(),
      createdAt: iso,
    }),
  ),
  gleanImports: z.array(
    z.object({
      id: z.number(),
      bug: z.string(),
      revision: z.number(),
      files: z.array(z.object({ name: z.string(), sha256: z.string() })),
      metrics: z.array(
        z.object({
          name: z.string(),
          dataSensitivity: z.array(z.string()),
          category: z.number().nullable(),
          expires: z.string(),
        }),
      ),
      createdAt: iso,
    }),
  ),
  surveyAnswers: z.array(
    z.object({
      year: z.number(),
      owner: personRef,
      state: z.enum(['open', 'answered', 'overdue']),
      stillNecessary: z.boolean().nullable(),
      reason: z.string().nullable(),
      responsible: personRef.nullable(),
      answeredAt: iso.nullable(),
    }),
  ),
  gate: z.array(canShipResultSchema),
  timeline: z.array(
    z.object({
      seq: z.number(),
      at: iso,
      actor: z.string(),
      /** The actor's display name when the actor is a person (the timeline names people, not addresses). */
      actorName: z.string().nullable().optional(),
      action: z.string(),
      subject: z.string().nullable(),
      before: z.unknown(),
      after: z.unknown(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
});
export type ReviewExport = z.infer<typeof reviewExportSchema>;

/** Markdown text: no raw HTML, no table breaks, no accidental headings. */
const cell = (s: string | number | null | undefined) =>
  String(s ?? '—')
    .replace(/[\r\n]+/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;');
const block = (s: string | null | undefined) =>
  (s ?? '—')
    .replace(/</g, '&lt;')
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
const day = (s: string | null) => (s ? s.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—');
const areaText = (a: Area | null) => (a ? AREA_LABELS[a] : 'The whole review');
const categoryText = (c: number | null) =>
  c === null ? 'not assigned' : `${c} (${CATEGORY_LABELS[c as Category] ?? 'unknown'})`;

function table(head: string[], rows: (string | number | null)[][]): string[] {
  if (rows.length === 0) return ['_None._'];
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function formSection(form: Record<string, unknown>): string[] {
  const out: string[] = [];
  const grouped = new Set<number>();
  for (const q of REQUEST_FORM_QUESTIONS) {
    const value = form[q.field];
    if (value === undefined) continue;
    const group = q.number === null ? undefined : REQUEST_FORM_QUESTION_GROUPS[q.number];
    if (group && q.number !== null && !grouped.has(q.number)) {
      grouped.add(q.number);
      out.push(`**${group}**`, '');
    }
    out.push(`**${q.question}**`, '');
    if (q.field === 'measurements' && Array.isArray(value)) {
      out.push(
        ...table(
          ['Measurement', 'Description', 'Category', 'Tracking bug'],
          value.map((m: Record<string, unknown>) => [
            String(m.name ?? ''),
            String(m.description ?? ''),
            m.category === undefined ? null : categoryText(Number(m.category)),
            String(m.trackingBug ?? ''),
          ]),
        ),
      );
    } else if (q.field === 'collectionPeriod' && value && typeof value === 'object') {
      const p = value as { expires?: string; monitoredBy?: string };
      out.push(
        block(`Expires: ${p.expires ?? '—'}${p.monitoredBy ? `\nMonitored by: ${p.monitoredBy}` : ''}`),
      );
    } else if (q.field === 'thirdPartyDataPath' && typeof value === 'string') {
      out.push(block(THIRD_PARTY_DATA_PATHS[value as ThirdPartyDataPath] ?? value));
    } else {
      out.push(block(String(value)));
    }
    out.push('');
  }
  return out.length ? out : ['_The documentation is empty._', ''];
}

/** The readable report of one review: every section of the export, in the order the process runs. */
export function renderReviewMarkdown(doc: ReviewExport): string {
  const r = doc.review;
  const current = doc.revisions.find((v) => v.number === r.currentRevision) ?? doc.revisions.at(-1);
  const out: string[] = [
    `# ${r.key}: ${cell(r.title)}`,
    '',
    `Exported ${day(doc.exportedAt)} (${doc.format}).`,
    '',
    '## Summary',
    '',
    ...table(
      ['', ''],
      [
        ['Product', r.product],
        ['Status', REVIEW_STATUS_LABELS[r.status]],
        ['Category', categoryText(r.category)],
        ['Steward outcome', r.stewardOutcome],
        ['Visibility', r.visibility === 'private' ? `private: ${r.privateReason ?? ''}` : 'public'],
        [
          'Channels',
          r.channels
            .map((c) => `${CHANNEL_LABELS[c.channel]} (${DEFAULT_STATE_LABELS[c.defaultState]})`)
            .join(', '),
        ],
        ['Runs in experiments', r.runsInExperiments ? 'yes' : 'no'],
        ['Requester', r.requester.name],
        ['Engineering owner', r.engineeringOwner?.name ?? null],
        ['Proposer', r.proposer.name],
        [
          'References',
          r.externalRefs.map((e) => `${inWords(EXTERNAL_REF_LABELS, e.kind)} ${e.value}`).join(', ') || null,
        ],
        [
          'Collection period',
          `${r.collectionPeriod.description}${r.collectionPeriod.expired ? ' (EXPIRED)' : ''}`,
        ],
        ['Created', day(r.createdAt)],
        ['Submitted', day(r.submittedAt)],
        ['Shipped', day(r.shippedAt)],
      ],
    ),
    '',
    '## Can it ship?',
    '',
    ...doc.gate.flatMap((g) => [
      `- **${CHANNEL_LABELS[g.channel]}**: ${g.canShip ? 'yes' : 'no'}${g.blockers.length ? '' : ' — nothing blocks'}`,
      ...g.blockers.map((b) => `  - ${cell(b.message)}`),
    ]),
    '',
    `## Documentation (revision ${current?.number ?? 0})`,
    '',
    ...(current ? formSection(current.form) : ['_No documentation yet._', '']),
    '### Revisions',
    '',
    ...table(
      ['#', 'Author', 'Saved', 'Content hash'],
      doc.revisions.map((v) => [
        v.number,
        v.author.name,
        day(v.createdAt),
        `\`${v.contentHash.slice(0, 16)}…\``,
      ]),
    ),
    '',
    '## Data steward review',
    '',
    ...(doc.stewardReviews.length === 0 ? ['_None yet._'] : []),
    ...doc.stewardReviews.flatMap((s) => [
      `### ${s.outcome} by ${cell(s.steward.name)}, revision ${s.revision} (${day(s.createdAt)})`,
      '',
      `Category ${categoryText(s.category)}${s.categoryReason ? `, because: ${cell(s.categoryReason)}` : ''}.`,
      '',
      block(s.review),
      ...(s.returnedQuestions.length
        ? [
            '',
            'Returned questions:',
            ...s.returnedQuestions.map((q) => `- ${requestQuestionShort(q.field)} ${cell(q.note)}`),
          ]
        : []),
      '',
    ]),
    '',
    '## Sign-offs',
    '',
    ...AREAS.flatMap((a) => {
      const rows = doc.signOffs.filter((s) => s.area === a);
      return [
        `### ${AREA_LABELS[a]}`,
        '',
        ...table(
          ['Revision', 'Facilitator', 'Risk', 'Decision', 'Rationale', 'When'],
          rows.map((s) => [
            `${s.revision}${s.stale ? ' (stale)' : ''}`,
            s.facilitator.name,
            inWords(RISK_LABELS, s.risk),
            `${inWords(SIGN_OFF_DECISION_LABELS, s.decision)}${s.trustApproval ? ' + Trust approval' : ''}${s.precedentReviewId ? ` (precedent DR-${s.precedentReviewId})` : ''}`,
            s.rationale,
            day(s.createdAt),
          ]),
        ),
        '',
      ];
    }),
    '## Mitigations',
    '',
    ...table(
      ['Area', 'Kind', 'State', 'Description', 'Note'],
      doc.mitigations.map((m) => [
        AREA_LABELS[m.area],
        inWords(MITIGATION_KIND_LABELS_SHORT, m.kind),
        inWords(MITIGATION_STATE_LABELS, m.state),
        m.description,
        m.decisionNote,
      ]),
    ),
    '',
    '## Live discussions',
    '',
    ...table(
      ['Area', 'State', 'When', 'Agenda', 'Outcome'],
      doc.discussions.map((d) => [
        areaText(d.area),
        inWords(DISCUSSION_STATE_LABELS, d.state),
        day(d.scheduledFor),
        d.agenda,
        d.outcome,
      ]),
    ),
    '',
    '## Announcement',
    '',
    ...table(
      ['Method', 'Archive', 'When'],
      doc.announcements.map((a) => [
        inWords(ANNOUNCEMENT_METHOD_LABELS, a.method),
        a.archiveLink,
        day(a.createdAt),
      ]),
    ),
    '',
    '## Escalations',
    '',
    ...(doc.escalations.length === 0 ? ['_None._', ''] : []),
    ...doc.escalations.flatMap((e) => [
      `### Escalation of ${areaLabelList(e.areas)}: ${inWords(ESCALATION_STATE_LABELS, e.state).toLowerCase()}, at the ${inWords(ESCALATION_LEVEL_LABELS, e.level)}`,
      '',
      block(e.question),
      '',
      `Opened by ${cell(e.openedBy.name)} with ${cell(e.facilitator.name)}.`,
      ...(e.decision
        ? [
            '',
            `**Decision: ${inWords(ESCALATION_DECISION_LABELS, e.decision)}** by ${cell(e.decidedBy?.name)} (${day(e.decidedAt)})`,
            '',
            block(e.rationale),
          ]
        : []),
      ...e.papers.flatMap((p) => [
        '',
        `Position paper of ${cell(p.author.name)} (version ${p.version}):`,
        '',
        block(p.body),
      ]),
      ...(e.comments.length
        ? ['', 'Comments:', ...e.comments.map((c) => `- ${cell(c.author.name)}: ${cell(c.body)}`)]
        : []),
      ...(e.meetings.length
        ? [
            '',
            'Meetings:',
            ...e.meetings.map(
              (m) =>
                `- ${day(m.scheduledFor)} ${inWords(DISCUSSION_STATE_LABELS, m.state).toLowerCase()}: ${cell(m.agenda)}`,
            ),
          ]
        : []),
      '',
    ]),
    '## Renewals',
    '',
    ...table(
      ['Requested by', 'From', 'To', 'Why the first period was not enough', 'State', 'Steward review'],
      doc.renewals.map((n) => [
        n.requestedBy.name,
        n.previousExpires,
        n.newExpires,
        n.reason,
        `${inWords(RENEWAL_STATE_LABELS, n.state)}${n.outcome ? ` (${n.outcome})` : ''}`,
        n.reviewAnswers
          ? `${n.stewardReview ?? ''} (${RENEWAL_REVIEW_QUESTIONS.map((q) => `${q.question} ${n.reviewAnswers?.[q.key].answer}`).join(' ')})`
          : n.stewardReview,
      ]),
    ),
    '',
    '## Glean imports',
    '',
    ...(doc.gleanImports.length === 0 ? ['_None._', ''] : []),
    ...doc.gleanImports.flatMap((g) => [
      `Bug ${g.bug}, revision ${g.revision}, ${day(g.createdAt)}, from ${g.files.map((f) => f.name).join(', ')}:`,
      '',
      ...table(
        ['Metric', 'Data sensitivity', 'Category', 'Expires'],
        g.metrics.map((m) => [
          m.name,
          m.dataSensitivity.map((d) => inWords(DATA_SENSITIVITY_LABELS, d)).join(', ') || null,
          m.category,
          m.expires,
        ]),
      ),
      '',
    ]),
    '## Annual surveys',
    '',
    ...table(
      ['Year', 'Owner', 'State', 'Still necessary', 'Why', 'Responsible now'],
      doc.surveyAnswers.map((s) => [
        s.year,
        s.owner.name,
        SURVEY_ITEM_STATE_LABELS[s.state],
        s.stillNecessary === null ? null : s.stillNecessary ? 'yes' : 'no (flagged for removal)',
        s.reason,
        s.responsible?.name ?? null,
      ]),
    ),
    '',
    '## Timeline',
    '',
    ...table(
      ['When', 'Who', 'What'],
      doc.timeline.map((e) => [day(e.at), actorWords(e.actor, e.actorName), eventWords(e.action)]),
    ),
    '',
  ];
  if (doc.comments.length) {
    out.push('## Comments', '');
    for (const c of doc.comments)
      out.push(
        `- ${cell(c.author.name)}${c.area ? ` (${AREA_LABELS[c.area]})` : ''}, ${day(c.createdAt)}: ${cell(c.body)}`,
      );
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// The Bugzilla attachments (issue 14): the request and the steward's review as the plain-text forms a
// Bugzilla attachment holds, following mozilla/data-review's request.md and review.md question by question,
// each question followed by the product's answer.

/** Plain text: one paragraph per answer, never empty (an unanswered question reads "(not answered)"). */
const plainAnswer = (v: unknown): string => {
  const s = typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v);
  return s === '' ? '(not answered)' : s.replace(/\r\n?/g, '\n');
};
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const textOf = (form: Record<string, unknown>, field: string): string | undefined => {
  const v = form[field];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};
const categoryWords = (c: number | null | undefined) =>
  c === null || c === undefined
    ? '(not answered)'
    : `Category ${c}, ${CATEGORY_LABELS[c as Category] ?? 'unknown'}`;

/** request.md question 7's three choices, and which one an answer is. */
const PERIOD_CHOICES = [
  ['until_date', 'This is scoped to a time-limited experiment/project until date MM-DD-YYYY.'],
  ['six_months', 'I want this data to be collected for 6 months initially (potentially renewable).'],
  ['permanent', "I want to permanently monitor this data. (put someone's name here)"],
] as const;
function periodChoice(p: { choice?: unknown; expires?: unknown }): string | null {
  if (typeof p.choice === 'string') return p.choice;
  const kind = parseExpiry(typeof p.expires === 'string' ? p.expires : null).kind;
  return kind === 'date'
    ? 'until_date'
    : kind === 'months'
      ? 'six_months'
      : kind === 'never'
        ? 'permanent'
        : null;
}

const q = (n: number, question: string, answer: string | string[]) => [
  `${n}) ${question}`,
  '',
  ...(Array.isArray(answer) ? answer : [answer]),
  '',
];

function attachmentHead(doc: ReviewExport, what: string): string[] {
  const r = doc.review;
  const bugs = r.externalRefs.filter((e) => e.kind === 'bug').map((e) => e.value);
  return [
    `${r.key}: ${oneLine(r.title)}`,
    `Product: ${r.product}${bugs.length ? `; bug ${bugs.join(', bug ')}` : ''}`,
    what,
    '',
  ];
}

/**
 * The request (request.md) with the answers of one documentation revision (the current one by default), as
 * the plain text attached to a bug with `data-review?`. The policy's additions for category 3 and 4 follow
 * the template's twelve questions.
 */
export function renderRequestText(doc: ReviewExport, revision = doc.review.currentRevision): string {
  const rev = doc.revisions.find((v) => v.number === revision);
  if (!rev)
    throw new DomainError('NOT_FOUND', `The review has no revision ${revision}.`, { field: 'revision' });
  const f = rev.form;
  const t = (field: string) => plainAnswer(textOf(f, field));
  const measurements = (Array.isArray(f.measurements) ? f.measurements : []) as Record<string, unknown>[];
  const period = (f.collectionPeriod ?? {}) as { choice?: unknown; expires?: unknown; monitoredBy?: unknown };
  const chosen = periodChoice(period);
  const parts = ['populationChannels', 'populationCountries', 'populationLocales'].map((k) => textOf(f, k));
  const split = parts.some((p) => p !== undefined);
  const path = textOf(f, 'thirdPartyDataPath');
  const sensitive = [
    ['Details of the implementation', 'implementationDetails'],
    ['The intended use of the data', 'intendedUse'],
    ['The value to users', 'valueToUsers'],
  ] as const;
  const category4 = [
    ['How are users notified in advance?', 'advanceUserNotice'],
    ['How do users consent?', 'consentMechanism'],
    ['How do users opt out?', 'optOutMechanism'],
  ] as const;
  const has = (fields: readonly (readonly [string, string])[]) => fields.some(([, k]) => textOf(f, k));
  const out = [
    'Request for data collection review form',
    '',
    'All questions are mandatory. You must receive review from a data steward peer on your responses to these questions before shipping new data collection.',
    '',
    ...attachmentHead(
      doc,
      `Request revision ${rev.number}, written by ${rev.author.name} on ${day(rev.createdAt)} (content hash ${rev.contentHash.slice(0, 16)})`,
    ),
    ...q(1, 'What questions will you answer with this data?', t('questionsAnswered')),
    ...q(
      2,
      'Why does Mozilla need to answer these questions? Are there benefits for users? Do we need this information to address product or business requirements?',
      t('whyMozillaNeedsIt'),
    ),
    ...q(
      3,
      'What alternative methods did you consider to answer these questions? Why were they not sufficient?',
      t('alternativesConsidered'),
    ),
    ...q(4, 'Can current instrumentation answer these questions?', t('currentInstrumentation')),
    ...q(
      5,
      'List all proposed measurements and indicate the category of data collection for each measurement, using the Firefox data collection categories (https://wiki.mozilla.org/Data_Collection) found on the Mozilla wiki.',
      [
        'Note that the data steward reviewing your request will characterize your data collection based on the highest (and most sensitive) category.',
        '',
        'Measurement Description | Data Collection Category | Tracking Bug #',
        ...(measurements.length === 0
          ? ['(not answered)']
          : measurements.map(
              (m) =>
                `${oneLine(`${m.name ?? '(unnamed)'}: ${m.description ?? ''}`)} | ${categoryWords(m.category as number | undefined)} | ${oneLine(String(m.trackingBug ?? '')) || '(none)'}`,
            )),
      ],
    ),
    ...q(
      6,
      'Please provide a link to the documentation for this data collection which describes the ultimate data set in a public, complete, and accurate way.',
      t('publicDocumentationUrl'),
    ),
    ...q(7, 'How long will this data be collected? Choose one of the following:', [
      ...PERIOD_CHOICES.map(([k, words]) => `[${chosen === k ? 'x' : ' '}] ${words}`),
      '',
      `Expires: ${plainAnswer(period.expires)}`,
      ...(typeof period.monitoredBy === 'string' && period.monitoredBy.trim()
        ? [`Monitored by: ${period.monitoredBy.trim()}`]
        : []),
    ]),
    ...q(
      8,
      'What populations will you measure?',
      split
        ? [
            `* Which release channels? ${plainAnswer(parts[0])}`,
            `* Which countries? ${plainAnswer(parts[1])}`,
            `* Which locales? ${plainAnswer(parts[2])}`,
            `* Any other filters? Please describe in detail below. ${plainAnswer(textOf(f, 'populations'))}`,
          ]
        : [
            '* Which release channels?',
            '* Which countries?',
            '* Which locales?',
            '* Any other filters? Please describe in detail below.',
            '',
            t('populations'),
          ],
    ),
    ...q(
      9,
      'If this data collection is default on, what is the opt-out mechanism for users?',
      t('turnOffMechanism'),
    ),
    ...q(10, 'Please provide a general description of how you will analyze this data.', t('analysis')),
    ...q(11, 'Where do you intend to share the results of your analysis?', t('resultsSharing')),
    ...q(
      12,
      'Is there a third-party tool (i.e. not Telemetry) that you are proposing to use for this data collection? If so: Are you using that on the Mozilla backend? Or going directly to the third-party?',
      [
        ...(path ? [THIRD_PARTY_DATA_PATHS[path as ThirdPartyDataPath] ?? path] : []),
        ...(textOf(f, 'thirdPartyTools') || !path ? [t('thirdPartyTools')] : []),
      ],
    ),
    ...(has(sensitive) || has(category4)
      ? [
          'Sensitive data collection review (category 3 and 4: "details of the implementation, the intended use of the data, and the value to users")',
          '',
          ...sensitive.flatMap(([question, k]) => [question, '', t(k), '']),
        ]
      : []),
    ...(has(category4)
      ? [
          'Category 4: advance user notice, consent and an opt-out',
          '',
          ...category4.flatMap(([question, k]) => [question, '', t(k), '']),
        ]
      : []),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}

const STEWARD_ANSWER_WORDS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  not_applicable: 'Not applicable',
  unsure: 'Unsure',
};

/** The request's default state in the words of review.md question 5, from its channels. */
function defaultStateWords(channels: ReviewExport['review']['channels']): string {
  const states = [...new Set(channels.map((c) => c.defaultState))];
  if (states.length === 1) return `Default-${states[0]}.`;
  return `Varies by channel: ${channels.map((c) => `${c.channel === 'release' ? 'release' : 'pre-release'} default-${c.defaultState}`).join(', ')}.`;
}

/**
 * The steward's review (review.md) of one request, the latest by default, as the plain text a data steward
 * attaches to the bug with `data-review+` or `data-review-`.
 */
export function renderStewardReviewText(doc: ReviewExport, stewardReviewId?: number): string {
  const s =
    stewardReviewId === undefined
      ? doc.stewardReviews.at(-1)
      : doc.stewardReviews.find((x) => x.id === stewardReviewId);
  if (!s)
    throw new DomainError(
      'NOT_FOUND',
      stewardReviewId === undefined
        ? 'No data steward has reviewed this request yet.'
        : `The review has no steward review ${stewardReviewId}.`,
      { field: 'stewardReviewId' },
    );
  const a = s.answers as Record<string, { answer?: string; note?: string } | undefined>;
  const ans = (key: string, absent = '(not answered)') => {
    const x = a[key];
    if (!x?.answer) return absent;
    const words = STEWARD_ANSWER_WORDS[x.answer] ?? x.answer;
    return x.note?.trim() ? `${words}. ${x.note.trim()}` : `${words}.`;
  };
  const out = [
    'Data Review Form (to be filled by Data Stewards)',
    '',
    ...attachmentHead(
      doc,
      `Reviewed by ${s.steward.name} on ${day(s.createdAt)}, of request revision ${s.revision}`,
    ),
    ...q(
      1,
      'Is there or will there be documentation that describes the schema for the ultimate data set in a public, complete, and accurate way?',
      ans('publicDocumentation'),
    ),
    ...q(
      2,
      'Is there a control mechanism that allows the user to turn the data collection on and off? (Note, for data collection not needed for security purposes, Mozilla provides such a control mechanism) Provide details as to the control mechanism available.',
      ans('userControl'),
    ),
    ...q(
      3,
      'If the request is for permanent data collection, is there someone who will monitor the data over time?',
      ans('monitoring'),
    ),
    ...q(
      4,
      'Using the category system of data types (https://wiki.mozilla.org/Firefox/Data_Collection) on the Mozilla wiki, what collection type of data do the requested measurements fall under?',
      `${categoryWords(s.category)}.${s.categoryReason ? ` ${s.categoryReason.trim()}` : ''}`,
    ),
    ...q(
      5,
      'Is the data collection request for default-on or default-off?',
      defaultStateWords(doc.review.channels),
    ),
    ...q(
      6,
      'Does the instrumentation include the addition of any new identifiers (whether anonymous or otherwise; e.g., username, random IDs, etc.)?',
      ans('newIdentifiers'),
    ),
    ...q(
      7,
      'Is the data collection covered by the existing Firefox privacy notice? If unsure: escalate to legal if: the data includes new identifiers; OR the data falls within Category 3 (Stored Content & Communications) AND is default-on.',
      ans('privacyNoticeCoverage'),
    ),
    ...q(
      8,
      'Does there need to be a check-in in the future to determine whether to renew the data? (Yes/No) (If yes, set a todo reminder or file a bug if appropriate)',
      ans('renewalCheckIn', '(not asked: recorded before this question was on the form)'),
    ),
    ...q(
      9,
      'Does the data collection use a third-party collection tool? If yes, escalate to legal.',
      ans('thirdPartyTool'),
    ),
    '---',
    '',
    `Result: ${s.outcome}`,
    '',
    ...(s.returnedQuestions.length
      ? [
          'Questions to answer before another review:',
          ...s.returnedQuestions.map(
            (r) =>
              `* ${REQUEST_FORM_QUESTIONS.find((x) => x.field === r.field)?.question ?? `${requestQuestionShort(r.field)}:`} ${oneLine(r.note)}`,
          ),
          '',
        ]
      : []),
    plainAnswer(s.review),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}
