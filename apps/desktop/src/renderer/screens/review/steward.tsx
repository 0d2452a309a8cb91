import { useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPCClient } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { Badge, FormError } from '../../components/states.tsx';
import { categoryLabel, formatDate } from '../../vocabulary.ts';
import { isAllowed } from './allowed.ts';
import { useReviewAction } from './use-review-action.ts';

const QUESTIONS = [
  [
    'publicDocumentation',
    'Is there or will there be documentation that describes the schema for the ultimate data set in a public, complete, and accurate way?',
  ],
  [
    'userControl',
    'Is there a control mechanism that allows the user to turn the data collection on and off?',
  ],
  [
    'monitoring',
    'If the request is for permanent data collection, is there someone who will monitor the data over time?',
  ],
  ['newIdentifiers', 'Does the data collection use any new identifiers?'],
  ['privacyNoticeCoverage', 'Is the data collection covered by the existing privacy notice?'],
  ['thirdPartyTool', 'Does the data collection use a third-party collection tool?'],
] as const;
type Question = (typeof QUESTIONS)[number][0];
type Answer = 'yes' | 'no' | 'not_applicable';

/** Step 2: the steward's data review, category and data-review+/-; plus the history of steward reviews. */
export function StewardReview({ review }: { review: ReviewView }) {
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
                  {q.field}: {q.note}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
      {mayReview && <StewardForm review={review} />}
    </section>
  );
}

type DefaultState = 'on' | 'off' | 'varies_by_channel';
type Outcome = 'data-review+' | 'data-review-';
const UNANSWERED = Object.fromEntries(QUESTIONS.map(([k]) => [k, ''])) as Record<Question, Answer | ''>;

/** The steward's judgements start unanswered and are all required: nothing is approved by default. */
function StewardForm({ review }: { review: ReviewView }) {
  const client = useTRPCClient();
  const [answers, setAnswers] = useState(UNANSWERED);
  const [category, setCategory] = useState<string>(review.category ? String(review.category) : '');
  const [categoryReason, setCategoryReason] = useState('');
  const [defaultState, setDefaultState] = useState<DefaultState | ''>('');
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const record = useReviewAction(
    (judged: { answers: Record<Question, Answer>; defaultState: DefaultState; outcome: Outcome }) =>
      client.steward.recordReview.mutate({
        review: review.key,
        idempotencyKey: idempotencyKey(),
        dataReview: {
          answers: Object.fromEntries(
            Object.entries(judged.answers).map(([k, answer]) => [k, { answer }]),
          ) as Record<Question, { answer: Answer }>,
          ...(category ? { category: Number(category) as 1 | 2 | 3 | 4 } : {}),
          ...(categoryReason.trim() ? { categoryReason: categoryReason.trim() } : {}),
          defaultState: judged.defaultState,
          outcome: judged.outcome,
          review: text,
        },
      }),
  );
  const unanswered = (v: string) => (tried && !v ? true : undefined);
  return (
    <form
      className="steward-form"
      aria-label="Record the data review"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        const complete = QUESTIONS.every(([k]) => answers[k] !== '');
        if (!complete || !defaultState || !outcome || !text.trim()) return;
        record.mutate({ answers: answers as Record<Question, Answer>, defaultState, outcome });
      }}
    >
      <h3>Record the data review</h3>
      {QUESTIONS.map(([key, question]) => (
        <Field key={key} label={question} error={unanswered(answers[key]) && 'Answer this question.'}>
          {(p) => (
            <select
              {...p}
              name={`answer-${key}`}
              required
              value={answers[key]}
              onChange={(e) => setAnswers({ ...answers, [key]: e.target.value as Answer | '' })}
            >
              <option value="">Choose…</option>
              <option value="yes">yes</option>
              <option value="no">no</option>
              <option value="not_applicable">not applicable</option>
            </select>
          )}
        </Field>
      ))}
      <Field label="Category" hint="Defaults to the highest measurement category.">
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
      <Field label="Default state" error={unanswered(defaultState) && 'Choose the default state.'}>
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
