import { useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPCClient } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { Badge, FormError } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { categoryLabel, formatDate } from '../../vocabulary.ts';
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
  const { me } = useSession();
  const mayReview = me.isSteward && review.status === 'submitted' && review.proposerId !== me.id;
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

function StewardForm({ review }: { review: ReviewView }) {
  const client = useTRPCClient();
  const [answers, setAnswers] = useState<Record<Question, Answer>>({
    publicDocumentation: 'yes',
    userControl: 'yes',
    monitoring: 'not_applicable',
    newIdentifiers: 'no',
    privacyNoticeCoverage: 'yes',
    thirdPartyTool: 'no',
  });
  const [category, setCategory] = useState<string>(review.category ? String(review.category) : '');
  const [categoryReason, setCategoryReason] = useState('');
  const [defaultState, setDefaultState] = useState<'on' | 'off' | 'varies_by_channel'>('off');
  const [outcome, setOutcome] = useState<'data-review+' | 'data-review-'>('data-review+');
  const [text, setText] = useState('');
  const record = useReviewAction(() =>
    client.steward.recordReview.mutate({
      review: review.key,
      idempotencyKey: idempotencyKey(),
      dataReview: {
        answers: Object.fromEntries(Object.entries(answers).map(([k, answer]) => [k, { answer }])) as Record<
          Question,
          { answer: Answer }
        >,
        ...(category ? { category: Number(category) as 1 | 2 | 3 | 4 } : {}),
        ...(categoryReason.trim() ? { categoryReason: categoryReason.trim() } : {}),
        defaultState,
        outcome,
        review: text,
      },
    }),
  );
  return (
    <form
      className="steward-form"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <h3>Record the data review</h3>
      {QUESTIONS.map(([key, question]) => (
        <Field key={key} label={question}>
          {(p) => (
            <select
              {...p}
              name={`answer-${key}`}
              value={answers[key]}
              onChange={(e) => setAnswers({ ...answers, [key]: e.target.value as Answer })}
            >
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
      <Field label="Default state">
        {(p) => (
          <select
            {...p}
            name="defaultState"
            value={defaultState}
            onChange={(e) => setDefaultState(e.target.value as typeof defaultState)}
          >
            <option value="off">off</option>
            <option value="on">on</option>
            <option value="varies_by_channel">varies by channel</option>
          </select>
        )}
      </Field>
      <Field label="Outcome">
        {(p) => (
          <select
            {...p}
            name="outcome"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as typeof outcome)}
          >
            <option value="data-review+">data-review+</option>
            <option value="data-review-">data-review- (return for changes)</option>
          </select>
        )}
      </Field>
      <Field label="Written review">
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
