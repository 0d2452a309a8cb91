import { describe, expect, it } from 'vitest';
import {
  evaluateCanShip,
  REVIEW_EXPORT_FORMAT,
  type ReviewExport,
  renderReviewMarkdown,
  reviewExportSchema,
} from '../src/index.ts';
import { completeForm, shippableSensitive } from './fixtures.ts';

const NOW = new Date('2026-11-29T09:00:00.000Z');
const jo = { id: 1, name: 'Jo Proposer' };
const sam = { id: 10, name: 'Sam Steward' };
const fac = { id: 20, name: 'Fran Facilitator' };

function sample(overrides: Partial<ReviewExport> = {}): ReviewExport {
  return {
    format: REVIEW_EXPORT_FORMAT,
    exportedAt: NOW.toISOString(),
    review: {
      id: 42,
      key: 'DR-42',
      title: 'Sidebar | engagement',
      product: 'Firefox',
      status: 'sensitive_review',
      category: 3,
      stewardOutcome: 'data-review+',
      visibility: 'public',
      privateReason: null,
      runsInExperiments: false,
      channels: [{ channel: 'release', defaultState: 'off' }],
      externalRefs: [{ kind: 'bug', value: '1901234' }],
      proposer: jo,
      requester: jo,
      engineeringOwner: null,
      currentRevision: 2,
      createdAt: '2026-10-01T10:00:00.000Z',
      submittedAt: '2026-10-02T10:00:00.000Z',
      shippedAt: null,
      collectionPeriod: { expires: '2027-06-30', description: 'expires on 2027-06-30', expired: false },
    },
    revisions: [
      { number: 1, author: jo, createdAt: '2026-10-01T10:00:00.000Z', contentHash: 'a'.repeat(64), form: {} },
      {
        number: 2,
        author: jo,
        createdAt: '2026-10-02T10:00:00.000Z',
        contentHash: 'b'.repeat(64),
        form: completeForm({ analysis: 'Weekly <b>dashboards</b>\n# not a heading' }),
      },
    ],
    stewardReviews: [
      {
        id: 1,
        revision: 2,
        steward: sam,
        category: 3,
        categoryReason: null,
        outcome: 'data-review+',
        answers: {},
        returnedQuestions: [],
        review: 'Complete and appropriate.',
        createdAt: '2026-10-03T10:00:00.000Z',
      },
    ],
    signOffs: [
      {
        id: 1,
        area: 'privacy_technical',
        revision: 1,
        stale: true,
        facilitator: fac,
        risk: 'low',
        decision: 'approved',
        rationale: 'Low risk.',
        precedentReviewId: 7,
        trustApproval: false,
        createdAt: '2026-10-04T10:00:00.000Z',
      },
    ],
    reviewers: [],
    comments: [
      { id: 1, area: 'data', author: fac, body: 'Why | this?', createdAt: '2026-10-04T11:00:00.000Z' },
    ],
    mitigations: [
      {
        id: 3,
        area: 'security',
        kind: 'technical_control',
        description: 'Hash the domain.',
        state: 'proposed',
        implementedRevision: null,
        decisionNote: null,
        escalationId: null,
        createdAt: '2026-10-05T10:00:00.000Z',
        updatedAt: '2026-10-05T10:00:00.000Z',
      },
    ],
    discussions: [],
    announcements: [],
    escalations: [
      {
        id: 5,
        areas: ['legal_trust'],
        question: 'Is the domain personal data?',
        level: 'product_owner',
        state: 'decided',
        openedBy: jo,
        facilitator: fac,
        papersSharedAt: '2026-10-06T10:00:00.000Z',
        decision: 'proceed',
        rationale: 'Aggregated at the eTLD+1.',
        decidedBy: { id: 30, name: 'Pat Owner' },
        decidedAt: '2026-10-07T10:00:00.000Z',
        papers: [
          { author: jo, version: 2, body: 'We only keep eTLD+1.', createdAt: '2026-10-06T09:00:00.000Z' },
        ],
        comments: [],
        meetings: [],
      },
    ],
    renewals: [
      {
        id: 2,
        requestedBy: jo,
        previousExpires: '2026-12-31',
        newExpires: '2027-06-30',
        monitoredBy: null,
        reason: 'Late start.',
        bug: null,
        state: 'approved',
        steward: sam,
        outcome: 'data-review+',
        stewardReview: 'Fine.',
        decidedAt: '2026-10-08T10:00:00.000Z',
        createdAt: '2026-10-08T09:00:00.000Z',
      },
    ],
    gleanImports: [
      {
        id: 1,
        bug: '1901234',
        revision: 1,
        files: [{ name: 'metrics.yaml', sha256: 'c'.repeat(64) }],
        metrics: [
          { name: 'sidebar.opened', dataSensitivity: ['interaction'], category: 2, expires: '2027-01-31' },
        ],
        createdAt: '2026-10-01T10:00:00.000Z',
      },
    ],
    surveyAnswers: [
      {
        year: 2026,
        owner: jo,
        state: 'answered',
        stillNecessary: false,
        reason: 'The sidebar study is over.',
        responsible: jo,
        answeredAt: '2026-11-01T10:00:00.000Z',
      },
    ],
    gate: [
      evaluateCanShip(
        shippableSensitive({
          mitigations: [{ id: 3, area: 'security', kind: 'technical_control', state: 'proposed' }],
        }),
        'release',
        NOW,
      ),
    ],
    timeline: [
      {
        seq: 1,
        at: '2026-10-01T10:00:00.000Z',
        actor: 'jo@example.com',
        actorName: 'Jo Proposer',
        action: 'review.created',
        subject: 'DR-42',
        before: null,
        after: { title: 'Sidebar' },
        prevHash: '0'.repeat(64),
        hash: 'd'.repeat(64),
      },
    ],
    ...overrides,
  };
}

describe('the export document', () => {
  it('the schema accepts a complete review and is the JSON format', () => {
    const doc = sample();
    expect(reviewExportSchema.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
    expect(reviewExportSchema.safeParse({ ...doc, format: 'other/1' }).success).toBe(false);
  });
});

describe('renderReviewMarkdown: a readable report', () => {
  const md = renderReviewMarkdown(sample());

  it('has every section, in the order the process runs', () => {
    const headings = md.split('\n').filter((l) => /^## /.test(l));
    expect(headings).toEqual([
      '## Summary',
      '## Can it ship?',
      '## Documentation (revision 2)',
      '## Data steward review',
      '## Sign-offs',
      '## Mitigations',
      '## Live discussions',
      '## Announcement',
      '## Escalations',
      '## Renewals',
      '## Glean imports',
      '## Annual surveys',
      '## Timeline',
      '## Comments',
    ]);
  });

  it('states the facts a reader looks for', () => {
    expect(md).toContain('# DR-42: Sidebar \\| engagement');
    expect(md).toContain('| Category | 3 (Stored content & communications) |');
    expect(md).toContain('- **Release**: no');
    expect(md).toContain('  - A Security Review (Office of the CSO) mitigation');
    expect(md).toContain('### data-review+ by Sam Steward, revision 2');
    expect(md).toContain('| 1 (stale) | Fran Facilitator | Low | Approved (precedent DR-7) | Low risk.');
    expect(md).toContain('**Decision: Proceed** by Pat Owner');
    expect(md).toContain('Position paper of Jo Proposer (version 2):');
    expect(md).toContain(
      '| Jo Proposer | 2026-12-31 | 2027-06-30 | Late start. | Renewed (data-review+) | Fine. |',
    );
    expect(md).toContain('| sidebar.opened | Interaction data | 2 | 2027-01-31 |');
    expect(md).toContain('no (flagged for removal)');
    expect(md).toContain('| 2026-10-01 10:00:00 UTC | Jo Proposer | created the review |');
    expect(md).toContain('| sidebar.opened | Count of sidebar opens. | 2 (Interaction data) | 1800001 |');
    // Questions 8 and 12, part by part, the third-party path in words.
    expect(md).toContain(
      '**What populations will you measure?**\n\n**Which release channels?**\n\n> Release.\n\n**Which countries?**\n\n> All countries.',
    );
    expect(md).toContain('**Any other filters? Please describe in detail.**\n\n> No other filters.');
    expect(md).toMatch(/\*\*Is there a third-party tool[^*]*\*\*\n\n> No third-party tool is used\./);
  });

  it('says no internal code to its reader: no area, state or event codes, no #ids, no addresses (issue 15)', () => {
    const prose = md
      .replace(/`[^`]*`/g, '') // content hashes
      .replace(/https?:\/\/\S+/g, '')
      .replace(/\b[a-z0-9_]+(\.[a-z0-9_]+)+\b/g, '') // metric names (Glean's identifiers) and the format name
      .replace(/\(signoff\.review-export\/1\)/, '');
    expect(prose).not.toMatch(/\b[a-z]+_[a-z_]+\b|#\d+|\b[A-Z]+_[A-Z_]+\b/);
    expect(prose).not.toContain('@example.com');
    expect(md).toContain('### Escalation of ');
  });

  it('text from people cannot break the report: no HTML, no stray headings, no broken tables', () => {
    expect(md).not.toContain('<b>');
    expect(md).toContain('> Weekly &lt;b>dashboards&lt;/b>\n> # not a heading');
    expect(md).toContain('Why \\| this?');
  });

  it('empty parts say so', () => {
    const empty = renderReviewMarkdown(
      sample({
        revisions: [],
        stewardReviews: [],
        signOffs: [],
        escalations: [],
        renewals: [],
        comments: [],
      }),
    );
    expect(empty).toContain('_No documentation yet._');
    expect(empty).toContain('_None yet._');
    expect(empty).not.toContain('## Comments');
    expect(empty).not.toMatch(/\n{3,}/);
  });

  it('a private review says why', () => {
    const priv = sample();
    priv.review = { ...priv.review, visibility: 'private', privateReason: 'Partnership not yet public.' };
    expect(renderReviewMarkdown(priv)).toContain('| Visibility | private: Partnership not yet public. |');
  });
});
