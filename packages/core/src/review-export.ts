import { z } from 'zod';
import { AREA_LABELS, AREAS } from './areas.ts';
import { canShipResultSchema } from './can-ship.ts';
import { CATEGORY_LABELS, type Category } from './categories.ts';
import { CHANNELS, DEFAULT_STATES } from './channels.ts';
import { RENEWAL_REVIEW_QUESTIONS, renewalReviewSchema } from './renewal.ts';
import {
  REQUEST_FORM_QUESTION_GROUPS,
  REQUEST_FORM_QUESTIONS,
  THIRD_PARTY_DATA_PATHS,
  type ThirdPartyDataPath,
} from './request-form.ts';
import { REVIEW_STATUSES } from './review-status.ts';

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
        ['Status', r.status],
        ['Category', categoryText(r.category)],
        ['Steward outcome', r.stewardOutcome],
        ['Visibility', r.visibility === 'private' ? `private: ${r.privateReason ?? ''}` : 'public'],
        ['Channels', r.channels.map((c) => `${c.channel} (default ${c.defaultState})`).join(', ')],
        ['Runs in experiments', r.runsInExperiments ? 'yes' : 'no'],
        ['Requester', r.requester.name],
        ['Engineering owner', r.engineeringOwner?.name ?? null],
        ['Proposer', r.proposer.name],
        ['References', r.externalRefs.map((e) => `${e.kind} ${e.value}`).join(', ') || null],
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
      `- **${g.channel}**: ${g.canShip ? 'yes' : 'no'}${g.blockers.length ? '' : ' — nothing blocks'}`,
      ...g.blockers.map((b) => `  - \`${b.code}\`${b.area ? ` (${b.area})` : ''}: ${cell(b.message)}`),
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
        ? ['', 'Returned questions:', ...s.returnedQuestions.map((q) => `- ${q.field}: ${cell(q.note)}`)]
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
            s.risk,
            `${s.decision}${s.trustApproval ? ' + Trust approval' : ''}${s.precedentReviewId ? ` (precedent DR-${s.precedentReviewId})` : ''}`,
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
      ['#', 'Area', 'Kind', 'State', 'Description', 'Note'],
      doc.mitigations.map((m) => [m.id, m.area, m.kind, m.state, m.description, m.decisionNote]),
    ),
    '',
    '## Live discussions',
    '',
    ...table(
      ['#', 'Area', 'State', 'When', 'Agenda', 'Outcome'],
      doc.discussions.map((d) => [d.id, d.area ?? 'all', d.state, day(d.scheduledFor), d.agenda, d.outcome]),
    ),
    '',
    '## Announcement',
    '',
    ...table(
      ['#', 'Method', 'Archive', 'When'],
      doc.announcements.map((a) => [a.id, a.method, a.archiveLink, day(a.createdAt)]),
    ),
    '',
    '## Escalations',
    '',
    ...(doc.escalations.length === 0 ? ['_None._', ''] : []),
    ...doc.escalations.flatMap((e) => [
      `### Escalation #${e.id} (${e.areas.join(', ')}): ${e.state}, level ${e.level}`,
      '',
      block(e.question),
      '',
      `Opened by ${cell(e.openedBy.name)} with ${cell(e.facilitator.name)}.`,
      ...(e.decision
        ? [
            '',
            `**Decision: ${e.decision}** by ${cell(e.decidedBy?.name)} (${day(e.decidedAt)})`,
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
            ...e.meetings.map((m) => `- ${day(m.scheduledFor)} ${m.state}: ${cell(m.agenda)}`),
          ]
        : []),
      '',
    ]),
    '## Renewals',
    '',
    ...table(
      ['#', 'Requested by', 'From', 'To', 'Why the first period was not enough', 'State', 'Steward review'],
      doc.renewals.map((n) => [
        n.id,
        n.requestedBy.name,
        n.previousExpires,
        n.newExpires,
        n.reason,
        `${n.state}${n.outcome ? ` (${n.outcome})` : ''}`,
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
        ['Metric', 'data_sensitivity', 'Category', 'Expires'],
        g.metrics.map((m) => [m.name, m.dataSensitivity.join(', ') || null, m.category, m.expires]),
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
        s.state,
        s.stillNecessary === null ? null : s.stillNecessary ? 'yes' : 'no (flagged for removal)',
        s.reason,
        s.responsible?.name ?? null,
      ]),
    ),
    '',
    '## Timeline',
    '',
    ...table(
      ['#', 'When', 'Who', 'What', 'Subject'],
      doc.timeline.map((e) => [e.seq, day(e.at), e.actor, e.action, e.subject]),
    ),
    '',
  ];
  if (doc.comments.length) {
    out.push('## Comments', '');
    for (const c of doc.comments)
      out.push(
        `- ${cell(c.author.name)}${c.area ? ` (${c.area})` : ''}, ${day(c.createdAt)}: ${cell(c.body)}`,
      );
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
