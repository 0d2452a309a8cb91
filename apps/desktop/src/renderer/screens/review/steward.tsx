import {
  highestMeasurementCategory,
  REQUEST_FORM_QUESTIONS,
  type RequestFormField,
  THIRD_PARTY_DATA_PATHS,
  usesThirdPartyTool,
} from '@signoff/core/request-form';
import {
  LEGAL_TRUST_REASONS,
  legalTrustReasons,
  STEWARD_QUESTIONS,
  type StewardAnswer,
} from '@signoff/core/steward-review';
import { useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPCClient } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { Badge, FormError } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { categoryLabel, formatDate, requestQuestionShort } from '../../vocabulary.ts';
import { isAllowed, stepAwaits } from './allowed.ts';
import { useReviewAction } from './use-review-action.ts';

type Question = (typeof STEWARD_QUESTIONS)[number]['key'];
type Answer = StewardAnswer;

/** The answers each question offers: "unsure" is review.md Q7's, Q8 is yes or no. */
const OPTIONS: Record<Question, Answer[]> = {
  publicDocumentation: ['yes', 'no', 'not_applicable'],
  userControl: ['yes', 'no', 'not_applicable'],
  monitoring: ['yes', 'no', 'not_applicable'],
  newIdentifiers: ['yes', 'no', 'not_applicable'],
  privacyNoticeCoverage: ['yes', 'no', 'unsure'],
  renewalCheckIn: ['yes', 'no'],
  thirdPartyTool: ['yes', 'no', 'not_applicable'],
};
const ANSWER_LABELS: Record<Answer, string> = {
  yes: 'yes',
  no: 'no',
  not_applicable: 'not applicable',
  unsure: 'unsure',
};
/** A request question in a few words: its number in request.md and its first sentence (core's). */
const shortQuestion = requestQuestionShort;
const question = (key: Question) => STEWARD_QUESTIONS.find((q) => q.key === key) ?? STEWARD_QUESTIONS[0];

/** Step 2: the steward's data review, category and data-review+/-; plus the history of steward reviews. */
export function StewardReview({ review }: { review: ReviewView }) {
  const { me } = useSession();
  const mayReview = isAllowed(review, 'record_steward_review');
  if (!mayReview && review.stewardReviews.length === 0) return null;
  return (
    <section aria-labelledby="steward-title" className="card">
      <h2 id="steward-title">Data steward review</h2>
      {review.stewardReviews.map((s) => (
        <article key={s.id} className="steward-review">
          <p>
            <Badge tone={s.outcome === 'data-review+' ? 'ok' : 'warn'}>{s.outcome}</Badge>{' '}
            {categoryLabel(s.category)}, on revision {s.revision}, {formatDate(s.createdAt)}
          </p>
          {s.review && <p>{s.review}</p>}
          {s.returnedQuestions.length > 0 && (
            <ul>
              {s.returnedQuestions.map((q) => (
                <li key={q.field}>
                  {shortQuestion(q.field)} What is missing or wrong: {q.note}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
      {mayReview && <StewardForm review={review} />}
      {stepAwaits(review, me.id, ['answer_legal_trust']) && <LegalTrustAnswer review={review} />}
    </section>
  );
}

/**
 * "A data steward may escalate concerns to the Trust and Legal teams": the review waits (the gate's
 * LEGAL_TRUST_ANSWER_PENDING) until a Legal/Trust facilitator answers, here.
 */
function LegalTrustAnswer({ review }: { review: ReviewView }) {
  const client = useTRPCClient();
  const [answer, setAnswer] = useState('');
  const [tried, setTried] = useState(false);
  const record = useReviewAction(() =>
    client.steward.answerLegalTrust.mutate({
      review: review.key,
      answer: answer.trim(),
      idempotencyKey: idempotencyKey(),
    }),
  );
  const last = review.stewardReviews.at(-1);
  const answers = (last?.answers ?? {}) as Partial<Record<Question, { answer: Answer }>>;
  const reasons =
    last?.defaultState && answers.newIdentifiers && answers.privacyNoticeCoverage && answers.thirdPartyTool
      ? legalTrustReasons(
          {
            newIdentifiers: answers.newIdentifiers,
            privacyNoticeCoverage: answers.privacyNoticeCoverage,
            thirdPartyTool: answers.thirdPartyTool,
          },
          last.category as 1 | 2 | 3 | 4,
          last.defaultState,
        )
      : [];
  return (
    <form
      className="steward-form"
      aria-label="Answer for Trust and Legal"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!answer.trim()) return;
        record.mutate();
      }}
    >
      <h3>The data steward's question to Trust and Legal</h3>
      {reasons.length > 0 && (
        <ul>
          {reasons.map((r) => (
            <li key={r}>{LEGAL_TRUST_REASONS[r]}</li>
          ))}
        </ul>
      )}
      <Field
        label="Trust and Legal's answer"
        error={tried && !answer.trim() ? 'Write the answer.' : undefined}
      >
        {(p) => (
          <textarea
            {...p}
            name="legalTrustAnswer"
            rows={3}
            required
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
        )}
      </Field>
      <FormError error={record.error} />
      <button type="submit" disabled={record.isPending}>
        Record the answer
      </button>
    </form>
  );
}

type DefaultState = 'on' | 'off' | 'varies_by_channel';
type Outcome = 'data-review+' | 'data-review-';
const UNANSWERED = Object.fromEntries(STEWARD_QUESTIONS.map((q) => [q.key, ''])) as Record<
  Question,
  Answer | ''
>;
const NO_NOTES = Object.fromEntries(STEWARD_QUESTIONS.map((q) => [q.key, ''])) as Record<Question, string>;

/**
 * review.md question by question (Q4 category and Q5 default state in their places). The steward's
 * judgements start unanswered and are all required: nothing is approved by default. Q2's exception (needed for
 * security purposes) says why; Q7 "unsure" and Q9 "yes" say beforehand that the review will wait for Trust and
 * Legal (core's legalTrustReasons).
 */
function StewardForm({ review }: { review: ReviewView }) {
  const client = useTRPCClient();
  const [answers, setAnswers] = useState(UNANSWERED);
  const [notes, setNotes] = useState(NO_NOTES);
  const [neededForSecurity, setNeededForSecurity] = useState(false);
  const [category, setCategory] = useState<string>(review.category ? String(review.category) : '');
  const [categoryReason, setCategoryReason] = useState('');
  const [defaultState, setDefaultState] = useState<DefaultState | ''>('');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [text, setText] = useState('');
  /** With data-review-: the request's questions returned, each with what is missing or wrong. */
  const [returned, setReturned] = useState<Partial<Record<RequestFormField, string>>>({});
  const [tried, setTried] = useState(false);
  const record = useReviewAction(
    (judged: { answers: Record<Question, Answer>; defaultState: DefaultState; outcome: Outcome }) =>
      client.steward.recordReview.mutate({
        review: review.key,
        idempotencyKey: idempotencyKey(),
        dataReview: {
          answers: Object.fromEntries(
            STEWARD_QUESTIONS.map(({ key }) => [
              key,
              { answer: judged.answers[key], ...(notes[key].trim() ? { note: notes[key].trim() } : {}) },
            ]),
          ) as Record<Question, { answer: Answer; note?: string }>,
          neededForSecurity,
          ...(category ? { category: Number(category) as 1 | 2 | 3 | 4 } : {}),
          ...(categoryReason.trim() ? { categoryReason: categoryReason.trim() } : {}),
          defaultState: judged.defaultState,
          outcome: judged.outcome,
          ...(judged.outcome === 'data-review-'
            ? {
                returnedQuestions: Object.entries(returned).map(([field, note]) => ({
                  field: field as RequestFormField,
                  note: (note ?? '').trim(),
                })),
              }
            : {}),
          review: text,
        },
      }),
  );
  const unanswered = (v: string) => (tried && !v ? true : undefined);
  const securityNoteMissing = neededForSecurity && !notes.userControl.trim();
  // review.md: "reviewers give an r- and point to the questions that can't be answered".
  const returnedMissing = outcome === 'data-review-' && Object.keys(returned).length === 0;
  const returnedNoteMissing = (field: RequestFormField) =>
    outcome === 'data-review-' && field in returned && !(returned[field] ?? '').trim();
  const returnedIncomplete = REQUEST_FORM_QUESTIONS.some((q) => returnedNoteMissing(q.field));
  const effectiveCategory = (category ? Number(category) : highestMeasurementCategory(review.form)) as
    | 1
    | 2
    | 3
    | 4
    | null;
  // What the answers so far will open: a question to Trust and Legal (review.md Q7, Q9).
  const toLegal =
    answers.newIdentifiers && answers.privacyNoticeCoverage && answers.thirdPartyTool && defaultState
      ? legalTrustReasons(
          {
            newIdentifiers: { answer: answers.newIdentifiers },
            privacyNoticeCoverage: { answer: answers.privacyNoticeCoverage },
            thirdPartyTool: { answer: answers.thirdPartyTool },
          },
          effectiveCategory ?? 1,
          defaultState,
        )
      : [];
  const requestTool = usesThirdPartyTool(review.form.thirdPartyDataPath);
  const questionField = (key: Question) => {
    const q = question(key);
    const hint =
      key === 'thirdPartyTool' && requestTool
        ? `The request names a third-party tool (question 12: ${THIRD_PARTY_DATA_PATHS[review.form.thirdPartyDataPath ?? 'no_third_party_tool']} ${review.form.thirdPartyTools ?? ''}).`
        : undefined;
    return (
      <div key={key} className="steward-question">
        <Field
          label={q.question}
          error={unanswered(answers[key]) && 'Answer this question.'}
          {...(hint ? { hint } : {})}
        >
          {(p) => (
            <select
              {...p}
              name={`answer-${key}`}
              required
              value={answers[key]}
              onChange={(e) => setAnswers({ ...answers, [key]: e.target.value as Answer | '' })}
            >
              <option value="">Choose…</option>
              {OPTIONS[key].map((a) => (
                <option key={a} value={a}>
                  {ANSWER_LABELS[a]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {key === 'userControl' && (
          <label className="choice">
            <input
              type="checkbox"
              name="neededForSecurity"
              checked={neededForSecurity}
              onChange={(e) => setNeededForSecurity(e.target.checked)}
            />
            Needed for security purposes (question 2's exception: Mozilla need not provide a control)
          </label>
        )}
        <Field
          label={`Details for question ${q.number}`}
          error={
            key === 'userControl' && tried && securityNoteMissing
              ? 'Say why the collection is needed for security purposes.'
              : undefined
          }
        >
          {(p) => (
            <input
              {...p}
              name={`note-${key}`}
              value={notes[key]}
              onChange={(e) => setNotes({ ...notes, [key]: e.target.value })}
            />
          )}
        </Field>
      </div>
    );
  };
  return (
    <form
      className="steward-form"
      aria-label="Record the data review"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        const complete = STEWARD_QUESTIONS.every(({ key }) => answers[key] !== '');
        if (!complete || !defaultState || !outcome || !text.trim() || securityNoteMissing) return;
        if (returnedMissing || returnedIncomplete) return;
        record.mutate({ answers: answers as Record<Question, Answer>, defaultState, outcome });
      }}
    >
      <h3>Record the data review</h3>
      {questionField('publicDocumentation')}
      {questionField('userControl')}
      {questionField('monitoring')}
      <Field label="Category" hint="Question 4. Defaults to the highest measurement category.">
        {(p) => (
          <select {...p} name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">From the measurements</option>
            {[1, 2, 3, 4].map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Reason for another category (if it differs from the measurements)">
        {(p) => (
          <input
            {...p}
            name="categoryReason"
            value={categoryReason}
            onChange={(e) => setCategoryReason(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Default state"
        hint="Question 5: is the data collection request for default-on or default-off?"
        error={unanswered(defaultState) && 'Choose the default state.'}
      >
        {(p) => (
          <select
            {...p}
            name="defaultState"
            required
            value={defaultState}
            onChange={(e) => setDefaultState(e.target.value as DefaultState | '')}
          >
            <option value="">Choose…</option>
            <option value="off">off</option>
            <option value="on">on</option>
            <option value="varies_by_channel">varies by channel</option>
          </select>
        )}
      </Field>
      {questionField('newIdentifiers')}
      {questionField('privacyNoticeCoverage')}
      {questionField('renewalCheckIn')}
      {questionField('thirdPartyTool')}
      {outcome === 'data-review+' && toLegal.length > 0 && (
        <div className="notice" role="status">
          <p>This opens a question to Trust and Legal; the review waits for their answer:</p>
          <ul>
            {toLegal.map((r) => (
              <li key={r}>{LEGAL_TRUST_REASONS[r]}</li>
            ))}
          </ul>
        </div>
      )}
      <Field label="Outcome" error={unanswered(outcome) && 'Choose the outcome.'}>
        {(p) => (
          <select
            {...p}
            name="outcome"
            required
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as Outcome | '')}
          >
            <option value="">Choose…</option>
            <option value="data-review+">data-review+</option>
            <option value="data-review-">data-review- (return for changes)</option>
          </select>
        )}
      </Field>
      {outcome === 'data-review-' && (
        <fieldset
          className="returned-questions"
          aria-describedby={tried && returnedMissing ? 'returned-error' : undefined}
        >
          <legend>Questions to return: the request's questions that are unanswered or wrong</legend>
          {tried && returnedMissing && (
            <small id="returned-error" className="field-error">
              Choose at least one question to return.
            </small>
          )}
          {REQUEST_FORM_QUESTIONS.map((q) => (
            <div key={q.field}>
              <label className="choice">
                <input
                  type="checkbox"
                  name={`return-${q.field}`}
                  checked={q.field in returned}
                  onChange={(e) => {
                    const next = { ...returned };
                    if (e.target.checked) next[q.field] = '';
                    else delete next[q.field];
                    setReturned(next);
                  }}
                />
                {shortQuestion(q.field)}
              </label>
              {q.field in returned && (
                <Field
                  label={`What is missing or wrong: ${shortQuestion(q.field)}`}
                  error={tried && returnedNoteMissing(q.field) ? 'Say what is missing or wrong.' : undefined}
                >
                  {(p) => (
                    <input
                      {...p}
                      name={`return-note-${q.field}`}
                      value={returned[q.field] ?? ''}
                      onChange={(e) => setReturned({ ...returned, [q.field]: e.target.value })}
                    />
                  )}
                </Field>
              )}
            </div>
          ))}
        </fieldset>
      )}
      <Field label="Written review" error={unanswered(text.trim()) && 'Write the review.'}>
        {(p) => (
          <textarea
            {...p}
            name="stewardReview"
            rows={3}
            required
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      <FormError error={record.error} />
      <button type="submit" disabled={record.isPending}>
        Record data review
      </button>
    </form>
  );
}
