import { describe, expect, it } from 'vitest';
import {
  REQUEST_FORM_QUESTIONS,
  REVIEW_EXPORT_FORMAT,
  type ReviewExport,
  renderRequestText,
  renderStewardReviewText,
} from '../src/index.ts';

// The Bugzilla attachments (issue 14): request.md and review.md, question by question, with the answers.
const jo = { id: 1, name: 'Jo Proposer' };
const sam = { id: 10, name: 'Sam Steward' };

function known(form: Record<string, unknown>, extra: Partial<ReviewExport> = {}): ReviewExport {
  return {
    format: REVIEW_EXPORT_FORMAT,
    exportedAt: '2026-11-29T09:00:00.000Z',
    review: {
      id: 42,
      key: 'DR-42',
      title: 'Sidebar\nengagement',
      product: 'Firefox',
      status: 'sensitive_review',
      category: 3,
      stewardOutcome: 'data-review+',
      visibility: 'public',
      privateReason: null,
      runsInExperiments: false,
      channels: [
        { channel: 'pre_release', defaultState: 'on' },
        { channel: 'release', defaultState: 'off' },
      ],
      externalRefs: [{ kind: 'bug', value: '1901234' }],
      proposer: jo,
      requester: jo,
      engineeringOwner: null,
      currentRevision: 2,
      createdAt: '2026-10-01T10:00:00.000Z',
      submittedAt: '2026-10-02T10:00:00.000Z',
      shippedAt: null,
      collectionPeriod: { expires: null, description: '6 months initially', expired: false },
    },
    revisions: [
      { number: 1, author: jo, createdAt: '2026-10-01T10:00:00.000Z', contentHash: 'a'.repeat(64), form: {} },
      { number: 2, author: jo, createdAt: '2026-10-02T09:30:00.000Z', contentHash: 'b'.repeat(64), form },
    ],
    stewardReviews: [
      {
        id: 7,
        revision: 2,
        steward: sam,
        category: 3,
        categoryReason: null,
        outcome: 'data-review+',
        answers: {
          publicDocumentation: { answer: 'yes', note: 'metrics.yaml and the Glean dictionary.' },
          userControl: { answer: 'yes', note: 'The telemetry preference.' },
          monitoring: { answer: 'not_applicable' },
          newIdentifiers: { answer: 'no' },
          privacyNoticeCoverage: { answer: 'yes' },
          renewalCheckIn: { answer: 'yes', note: 'Bug 1901299 before the six months end.' },
          thirdPartyTool: { answer: 'no' },
        },
        returnedQuestions: [],
        review: 'Fine as documented.\nOnly the eTLD+1 is sent.',
        createdAt: '2026-10-03T14:05:00.000Z',
      },
    ],
    signOffs: [],
    reviewers: [],
    comments: [],
    mitigations: [],
    discussions: [],
    announcements: [],
    escalations: [],
    renewals: [],
    gleanImports: [],
    surveyAnswers: [],
    gate: [],
    timeline: [],
    ...extra,
  };
}

const FORM = {
  questionsAnswered: 'Which sidebar panels do people open?',
  whyMozillaNeedsIt: 'To decide which panels to keep.',
  alternativesConsidered: 'A user study; too small.',
  currentInstrumentation: 'No.',
  measurements: [
    {
      name: 'sidebar.panel_opened',
      description: 'Which panel\nwas opened.',
      category: 3,
      trackingBug: '1901234',
    },
    { name: 'sidebar.width', description: 'Width in pixels.', category: 1, trackingBug: '1901235' },
  ],
  publicDocumentationUrl:
    'This collection is documented in its metrics.md document: https://dictionary.telemetry.mozilla.org/',
  collectionPeriod: { choice: 'six_months', expires: '6 months initially' },
  populations: 'All release and pre-release users.',
  turnOffMechanism: 'The telemetry preference.',
  analysis: 'Weekly dashboards.',
  resultsSharing: 'The sidebar team.',
  thirdPartyTools: 'No.',
  implementationDetails: 'Panel ids only.',
  intendedUse: 'Keep or drop panels.',
  valueToUsers: 'A tidier sidebar.',
};

describe('the request as a Bugzilla attachment (request.md)', () => {
  it('is the template question by question with the answers of the current revision', () => {
    expect(renderRequestText(known(FORM))).toBe(`Request for data collection review form

All questions are mandatory. You must receive review from a data steward peer on your responses to these questions before shipping new data collection.

DR-42: Sidebar engagement
Product: Firefox; bug 1901234
Request revision 2, written by Jo Proposer on 2026-10-02 09:30:00 UTC (content hash bbbbbbbbbbbbbbbb)

1) What questions will you answer with this data?

Which sidebar panels do people open?

2) Why does Mozilla need to answer these questions? Are there benefits for users? Do we need this information to address product or business requirements?

To decide which panels to keep.

3) What alternative methods did you consider to answer these questions? Why were they not sufficient?

A user study; too small.

4) Can current instrumentation answer these questions?

No.

5) List all proposed measurements and indicate the category of data collection for each measurement, using the Firefox data collection categories (https://wiki.mozilla.org/Data_Collection) found on the Mozilla wiki.

Note that the data steward reviewing your request will characterize your data collection based on the highest (and most sensitive) category.

Measurement Description | Data Collection Category | Tracking Bug #
sidebar.panel_opened: Which panel was opened. | Category 3, Stored content & communications | 1901234
sidebar.width: Width in pixels. | Category 1, Technical data | 1901235

6) Please provide a link to the documentation for this data collection which describes the ultimate data set in a public, complete, and accurate way.

This collection is documented in its metrics.md document: https://dictionary.telemetry.mozilla.org/

7) How long will this data be collected? Choose one of the following:

[ ] This is scoped to a time-limited experiment/project until date MM-DD-YYYY.
[x] I want this data to be collected for 6 months initially (potentially renewable).
[ ] I want to permanently monitor this data. (put someone's name here)

Expires: 6 months initially

8) What populations will you measure?

* Which release channels?
* Which countries?
* Which locales?
* Any other filters? Please describe in detail below.

All release and pre-release users.

9) If this data collection is default on, what is the opt-out mechanism for users?

The telemetry preference.

10) Please provide a general description of how you will analyze this data.

Weekly dashboards.

11) Where do you intend to share the results of your analysis?

The sidebar team.

12) Is there a third-party tool (i.e. not Telemetry) that you are proposing to use for this data collection? If so: Are you using that on the Mozilla backend? Or going directly to the third-party?

No.

Sensitive data collection review (category 3 and 4: "details of the implementation, the intended use of the data, and the value to users")

Details of the implementation

Panel ids only.

The intended use of the data

Keep or drop panels.

The value to users

A tidier sidebar.
`);
  });

  it('question 8 part by part and question 12 with where the data goes, when the form asks them apart', () => {
    const text = renderRequestText(
      known({
        ...FORM,
        populationChannels: 'Release and Beta.',
        populationCountries: 'All.',
        populationLocales: 'en-US only.',
        populations: 'Desktop only.',
        thirdPartyDataPath: 'mozilla_backend',
        thirdPartyTools: 'Sentry, self-hosted.',
      }),
    );
    expect(text).toContain(`8) What populations will you measure?

* Which release channels? Release and Beta.
* Which countries? All.
* Which locales? en-US only.
* Any other filters? Please describe in detail below. Desktop only.
`);
    expect(text).toContain(`on the Mozilla backend? Or going directly to the third-party?

Yes, on the Mozilla backend.
Sentry, self-hosted.
`);
  });

  it('question 7 ticks the choice the answer is (older forms have only the text); a permanent one names its monitor', () => {
    const permanent = renderRequestText(
      known({ ...FORM, collectionPeriod: { expires: 'never', monitoredBy: 'Jo Proposer' } }),
    );
    expect(
      permanent,
    ).toContain(`[ ] I want this data to be collected for 6 months initially (potentially renewable).
[x] I want to permanently monitor this data. (put someone's name here)

Expires: never
Monitored by: Jo Proposer
`);
    const dated = renderRequestText(
      known({ ...FORM, collectionPeriod: { expires: 'until date 06-30-2027' } }),
    );
    expect(dated).toContain('[x] This is scoped to a time-limited experiment/project until date MM-DD-YYYY.');
  });

  it('an unanswered question says so; an earlier revision can be attached; an unknown one is refused', () => {
    const doc = known(FORM);
    const first = renderRequestText(doc, 1);
    expect(first).toContain('Request revision 1, written by Jo Proposer on 2026-10-01 10:00:00 UTC');
    expect(first).toContain('1) What questions will you answer with this data?\n\n(not answered)\n');
    expect(first).not.toContain('Sensitive data collection review');
    expect(() => renderRequestText(doc, 9)).toThrow('The review has no revision 9.');
  });

  it('category 4 adds the notice, consent and opt-out', () => {
    const text = renderRequestText(
      known({
        ...FORM,
        advanceUserNotice: 'A first-run panel.',
        consentMechanism: 'Opt-in.',
        optOutMechanism: 'The box.',
      }),
    );
    expect(text).toContain(`Category 4: advance user notice, consent and an opt-out

How are users notified in advance?

A first-run panel.

How do users consent?

Opt-in.

How do users opt out?

The box.
`);
  });
});

describe("the steward's review as a Bugzilla attachment (review.md)", () => {
  it("is the template question by question with the steward's answers and the result", () => {
    expect(renderStewardReviewText(known(FORM))).toBe(`Data Review Form (to be filled by Data Stewards)

DR-42: Sidebar engagement
Product: Firefox; bug 1901234
Reviewed by Sam Steward on 2026-10-03 14:05:00 UTC, of request revision 2

1) Is there or will there be documentation that describes the schema for the ultimate data set in a public, complete, and accurate way?

Yes. metrics.yaml and the Glean dictionary.

2) Is there a control mechanism that allows the user to turn the data collection on and off? (Note, for data collection not needed for security purposes, Mozilla provides such a control mechanism) Provide details as to the control mechanism available.

Yes. The telemetry preference.

3) If the request is for permanent data collection, is there someone who will monitor the data over time?

Not applicable.

4) Using the category system of data types (https://wiki.mozilla.org/Firefox/Data_Collection) on the Mozilla wiki, what collection type of data do the requested measurements fall under?

Category 3, Stored content & communications.

5) Is the data collection request for default-on or default-off?

Varies by channel: pre-release default-on, release default-off.

6) Does the instrumentation include the addition of any new identifiers (whether anonymous or otherwise; e.g., username, random IDs, etc.)?

No.

7) Is the data collection covered by the existing Firefox privacy notice? If unsure: escalate to legal if: the data includes new identifiers; OR the data falls within Category 3 (Stored Content & Communications) AND is default-on.

Yes.

8) Does there need to be a check-in in the future to determine whether to renew the data? (Yes/No) (If yes, set a todo reminder or file a bug if appropriate)

Yes. Bug 1901299 before the six months end.

9) Does the data collection use a third-party collection tool? If yes, escalate to legal.

No.

---

Result: data-review+

Fine as documented.
Only the eTLD+1 is sent.
`);
  });

  it('data-review- lists the questions to answer; an answer recorded before Q8 was asked says so', () => {
    const doc = known(FORM);
    const first = doc.stewardReviews[0];
    if (!first) throw new Error('fixture');
    const returned = {
      ...first,
      id: 8,
      outcome: 'data-review-',
      categoryReason: 'Panel ids reveal browsing.',
      answers: { ...first.answers, renewalCheckIn: undefined },
      returnedQuestions: [{ field: 'analysis', note: 'Who looks at the\ndashboards?' }],
      review: 'Please answer Q10 in full.',
    };
    const text = renderStewardReviewText({ ...doc, stewardReviews: [first, returned] });
    expect(text).toContain('Category 3, Stored content & communications. Panel ids reveal browsing.\n');
    expect(text).toContain('(not asked: recorded before this question was on the form)');
    expect(text).toContain(`Result: data-review-

Questions to answer before another review:
* ${REQUEST_FORM_QUESTIONS.find((x) => x.field === 'analysis')?.question} Who looks at the dashboards?

Please answer Q10 in full.
`);
    // An earlier one by its id; none, or an unknown id, is refused.
    expect(renderStewardReviewText({ ...doc, stewardReviews: [first, returned] }, 7)).toContain(
      'Result: data-review+',
    );
    expect(() => renderStewardReviewText({ ...doc, stewardReviews: [] })).toThrow(
      'No data steward has reviewed this request yet.',
    );
    expect(() => renderStewardReviewText(doc, 99)).toThrow('The review has no steward review 99.');
  });
});
