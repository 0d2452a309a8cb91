import type { StewardOutcome } from '@signoff/core';
import {
  RENEWAL_REVIEW_ANSWERS,
  RENEWAL_REVIEW_QUESTIONS,
  type RenewalReviewAnswer,
  type RenewalReviewQuestion,
  renewalReviewIssues,
} from '@signoff/core/renewal';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorCode, fieldIssues, idempotencyKey, type Outputs, useTRPC, useTRPCClient } from '../api.ts';
import { Field } from '../components/field.tsx';
import { Context } from '../components/naming.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { Badge, ErrorState, FormError, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { formatDate, RENEWAL_STATE_LABELS } from '../vocabulary.ts';

type Renewals = Outputs['renewal']['list'];
type RenewalItem = Renewals['renewals'][number];

/** A renewal action that refreshes the renewals, the review and the inbox once it succeeds. */
function useRenewalAction<V, R>(fn: (vars: V) => Promise<R>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.renewal.pathFilter()),
        queryClient.invalidateQueries(trpc.review.pathFilter()),
        queryClient.invalidateQueries(trpc.inbox.pathFilter()),
      ]),
  });
}

/** A confirmation that takes the focus when it appears. */
function Done({ when, children }: { when: unknown; children: React.ReactNode }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [when]);
  if (!when) return null;
  return (
    <p ref={ref} tabIndex={-1} role="status" className="saved">
      {children}
    </p>
  );
}

/**
 * A collection's period and its renewals (the policy's shorter renewal form): the accountable people ask for
 * a renewal, a data steward reviews it, who asked may withdraw it while it waits.
 */
export function Renewal({ reviewKey }: { reviewKey: string }) {
  usePageTitle(`Renewal of ${reviewKey}`);
  const trpc = useTRPC();
  const review = useQuery(trpc.review.get.queryOptions({ review: reviewKey }));
  const list = useQuery(trpc.renewal.list.queryOptions({ review: reviewKey }));
  const [lastDone, setLastDone] = useState<string | null>(null);
  if (review.isPending || list.isPending) return <Loading what={`the renewals of ${reviewKey}`} />;
  if (review.isError || list.isError) {
    const error = review.error ?? list.error;
    if (errorCode(error) === 'NOT_FOUND')
      return (
        <section aria-labelledby="renewal-title">
          <h1 id="renewal-title">No review {reviewKey}</h1>
          <p>It does not exist, or it is private and you are not one of its participants.</p>
        </section>
      );
    return <ErrorState error={error} retry={() => list.refetch()} what={`the renewals of ${reviewKey}`} />;
  }
  const r = review.data;
  const { period, renewals, allowed } = list.data;
  return (
    <section aria-labelledby="renewal-title" className="renewal">
      <p className="review-key">
        <Link to={`/reviews/${r.key}`}>{r.key}</Link>
      </p>
      <h1 id="renewal-title">Renewal of {r.title}</h1>
      <div className="card">
        <h2>Collection period</h2>
        <p>
          {capitalised(period.description)}
          {period.expired && (
            <>
              {' '}
              <Badge tone="bad">expired</Badge>
            </>
          )}
          {period.formExpires !== period.expires && period.formExpires && (
            <> (the request form said {period.formExpires}; a renewal extended it)</>
          )}
        </p>
      </div>
      <Done when={lastDone}>{lastDone}</Done>
      {renewals.length > 0 && (
        <section aria-labelledby="renewals-title">
          <h2 id="renewals-title">Renewals</h2>
          {[...renewals].reverse().map((n) => (
            <RenewalCard
              key={n.id}
              reviewKey={r.key}
              renewal={n}
              allowed={allowed.renewals.find((a) => a.renewalId === n.id)}
              originalOutcome={r.stewardOutcome}
              onDone={setLastDone}
            />
          ))}
        </section>
      )}
      {allowed.request.allowed ? (
        <RequestForm reviewKey={r.key} onDone={setLastDone} />
      ) : (
        <p className="reason">You cannot ask for a renewal: {allowed.request.reason}</p>
      )}
    </section>
  );
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function RenewalCard({
  reviewKey,
  renewal: n,
  allowed,
  originalOutcome,
  onDone,
}: {
  reviewKey: string;
  renewal: RenewalItem;
  allowed: Renewals['allowed']['renewals'][number] | undefined;
  originalOutcome: StewardOutcome | null;
  onDone: (message: string) => void;
}) {
  const client = useTRPCClient();
  const withdraw = useRenewalAction(() =>
    client.renewal.withdraw.mutate({ review: reviewKey, renewalId: n.id, idempotencyKey: idempotencyKey() }),
  );
  const tone =
    n.state === 'approved'
      ? 'ok'
      : n.state === 'rejected'
        ? 'bad'
        : n.state === 'requested'
          ? 'warn'
          : 'info';
  return (
    <article className="card renewal-item" aria-labelledby={`renewal-${n.id}`}>
      <h3 id={`renewal-${n.id}`}>
        Until {n.newExpires}{' '}
        <Badge tone={tone}>
          {n.waitsOn === 'legal_trust' ? 'Waiting for Trust and Legal' : RENEWAL_STATE_LABELS[n.state]}
        </Badge>
      </h3>
      <dl className="facts">
        <div>
          <dt>Asked</dt>
          <dd>{formatDate(n.createdAt)}</dd>
        </div>
        <div>
          <dt>Period before</dt>
          <dd>{n.previousExpires ?? 'none'}</dd>
        </div>
        {n.monitoredBy && (
          <div>
            <dt>Monitored by</dt>
            <dd>{n.monitoredBy}</dd>
          </div>
        )}
        {n.bug && (
          <div>
            <dt>Bug</dt>
            <dd>{n.bug}</dd>
          </div>
        )}
      </dl>
      <p>
        <strong>Why the first period was not enough:</strong> {n.reason}
      </p>
      {n.outcome && (
        <p>
          <strong>Data steward's renewal review ({n.outcome}</strong>
          {n.decidedAt ? <strong>, {formatDate(n.decidedAt)}</strong> : null}
          <strong>):</strong> {n.stewardReview}
        </p>
      )}
      {n.reviewAnswers && (
        <dl className="renewal-answers">
          {RENEWAL_REVIEW_QUESTIONS.map((q) => {
            const a = n.reviewAnswers?.[q.key];
            return (
              <div key={q.key}>
                <dt>{q.question}</dt>
                <dd>
                  {a ? ANSWER_LABELS[a.answer] : '—'}
                  {a?.note ? `: ${a.note}` : ''}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      {n.legalTrust && (
        <section className="legal-trust-question" aria-labelledby={`renewal-${n.id}-legal-trust`}>
          <h4 id={`renewal-${n.id}-legal-trust`}>Question to Trust and Legal</h4>
          <p>
            <strong>The data steward asked ({formatDate(n.legalTrust.askedAt)}):</strong>{' '}
            {n.legalTrust.question}
          </p>
          {n.legalTrust.answer !== null ? (
            <p>
              <strong>
                Trust and Legal answered
                {n.legalTrust.answeredAt ? ` (${formatDate(n.legalTrust.answeredAt)})` : ''}:
              </strong>{' '}
              {n.legalTrust.answer}
            </p>
          ) : (
            <p className="reason">
              The renewal waits for Trust and Legal's answer; a data steward reviews it once they answer.
            </p>
          )}
        </section>
      )}
      {(['answer', 'question'] as const).map(
        (part) =>
          allowed?.[LEGAL_TRUST[part].action].allowed && (
            <TextAction
              key={part}
              {...LEGAL_TRUST[part].words}
              name={`renewal-${n.id}-legal-trust-${part}`}
              onDone={onDone}
              send={(text, key) => {
                const target = { review: reviewKey, renewalId: n.id, idempotencyKey: key };
                return part === 'answer'
                  ? client.renewal.answerLegalTrust.mutate({ ...target, answer: text })
                  : client.renewal.askLegalTrust.mutate({ ...target, question: text });
              }}
            />
          ),
      )}
      {allowed?.withdraw.allowed && (
        <div className="actions">
          <button
            type="button"
            className="danger"
            disabled={withdraw.isPending}
            onClick={() => {
              if (window.confirm(`Withdraw the renewal until ${n.newExpires}?`))
                withdraw.mutate(undefined, { onSuccess: () => onDone('The renewal request is withdrawn.') });
            }}
          >
            Withdraw this renewal request
            <Context>{`(until ${n.newExpires})`}</Context>
          </button>
          <FormError error={withdraw.error} />
        </div>
      )}
      {allowed?.review.allowed && (
        <StewardRenewalReview
          reviewKey={reviewKey}
          renewal={n}
          originalOutcome={originalOutcome}
          onDone={onDone}
        />
      )}
    </article>
  );
}

/**
 * A renewal's question to Trust and Legal (a data steward asks it) and their answer: the allowed action and the
 * words of each form, in the order the card shows them.
 */
const LEGAL_TRUST = {
  answer: {
    action: 'answerLegalTrust',
    words: {
      label: 'Answer for Trust and Legal',
      button: 'Send the answer',
      done: "Trust and Legal's answer is recorded: the renewal goes back to a data steward.",
    },
  },
  question: {
    action: 'askLegalTrust',
    words: {
      label: 'Ask Trust and Legal (optional)',
      hint: 'A data steward may escalate concerns to the Trust and Legal teams: the renewal then waits for their answer before you review it.',
      button: 'Ask Trust and Legal',
      done: 'Trust and Legal are asked: the renewal waits for their answer.',
    },
  },
} as const;

/** One written message sent with one button (a question to Trust and Legal, or their answer). */
function TextAction({
  label,
  hint,
  name,
  button,
  done,
  onDone,
  send,
}: {
  label: string;
  hint?: string;
  name: string;
  button: string;
  done: string;
  onDone: (message: string) => void;
  send: (text: string, key: string) => Promise<unknown>;
}) {
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [key] = useState(idempotencyKey);
  const action = useRenewalAction(() => send(text.trim(), key));
  const error =
    tried && !text.trim()
      ? 'Write it first.'
      : (fieldIssues(action.error).question ?? fieldIssues(action.error).answer);
  return (
    <form
      className="steward-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!text.trim()) return;
        action.mutate(undefined, { onSuccess: () => onDone(done) });
      }}
    >
      <Field label={label} {...(hint ? { hint } : {})} error={error}>
        {(p) => (
          <textarea {...p} name={name} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        )}
      </Field>
      <FormError error={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.isPending}>
          {button}
        </button>
      </div>
    </form>
  );
}

const ANSWER_LABELS: Record<RenewalReviewAnswer, string> = {
  yes: 'yes',
  no: 'no',
  unsure: "unsure (I can't answer)",
};
type Answers = Record<RenewalReviewQuestion, { answer: RenewalReviewAnswer | ''; note: string }>;
const UNANSWERED = Object.fromEntries(
  RENEWAL_REVIEW_QUESTIONS.map((q) => [q.key, { answer: '', note: '' }]),
) as Answers;

/**
 * The data steward's renewal review: renewal_review.md's two questions (unanswered until answered), then
 * data-review+ (extends the period; "yes" to both) or data-review- (refuses it).
 */
function StewardRenewalReview({
  reviewKey,
  renewal,
  originalOutcome,
  onDone,
}: {
  reviewKey: string;
  renewal: RenewalItem;
  originalOutcome: StewardOutcome | null;
  onDone: (message: string) => void;
}) {
  const client = useTRPCClient();
  const [answers, setAnswers] = useState<Answers>(UNANSWERED);
  const [outcome, setOutcome] = useState<'data-review+' | 'data-review-' | ''>('');
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [key] = useState(idempotencyKey);
  const answered = (q: RenewalReviewQuestion) => {
    const a = answers[q];
    return { answer: a.answer as RenewalReviewAnswer, ...(a.note.trim() ? { note: a.note.trim() } : {}) };
  };
  const record = useRenewalAction(() =>
    client.renewal.review.mutate({
      review: reviewKey,
      renewalId: renewal.id,
      outcome: outcome as 'data-review+',
      answers: {
        originalReviewComplete: answered('originalReviewComplete'),
        privacyNoticeCoverage: answered('privacyNoticeCoverage'),
      },
      stewardReview: text.trim(),
      idempotencyKey: key,
    }),
  );
  const server = record.error ? fieldIssues(record.error) : {};
  const local: Record<string, string> = {};
  for (const q of RENEWAL_REVIEW_QUESTIONS)
    if (!answers[q.key].answer) local[`answers.${q.key}`] = 'Answer this question.';
  if (!outcome) local.outcome = 'Choose data-review+ or data-review-.';
  else if (Object.keys(local).length === 0)
    // Core's rule on the answers: data-review+ needs "yes" to both.
    for (const i of renewalReviewIssues(
      {
        outcome,
        answers: {
          originalReviewComplete: answered('originalReviewComplete'),
          privacyNoticeCoverage: answered('privacyNoticeCoverage'),
        },
      },
      originalOutcome,
    ))
      local[i.field] ??= i.message;
  if (!text.trim()) local.stewardReview = 'Write the renewal review.';
  const errors = tried ? { ...local, ...server } : server;
  return (
    <form
      className="steward-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(local).length) return;
        record.mutate(undefined, {
          onSuccess: (n) =>
            onDone(
              n.state === 'approved'
                ? `Renewed: the collection may run until ${n.newExpires}.`
                : 'The renewal is refused; the collection period stays as it was.',
            ),
        });
      }}
    >
      <h4>Review this renewal</h4>
      {RENEWAL_REVIEW_QUESTIONS.map((q) => (
        <div key={q.key} className="renewal-question">
          <Field label={q.question} error={errors[`answers.${q.key}`]}>
            {(p) => (
              <select
                {...p}
                name={`renewal-${renewal.id}-${q.key}`}
                required
                value={answers[q.key].answer}
                onChange={(e) =>
                  setAnswers({
                    ...answers,
                    [q.key]: { ...answers[q.key], answer: e.target.value as RenewalReviewAnswer | '' },
                  })
                }
              >
                <option value="">Choose…</option>
                {RENEWAL_REVIEW_ANSWERS.map((a) => (
                  <option key={a} value={a}>
                    {ANSWER_LABELS[a]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={`Note on: ${q.question} (optional)`}>
            {(p) => (
              <input
                {...p}
                value={answers[q.key].note}
                onChange={(e) =>
                  setAnswers({ ...answers, [q.key]: { ...answers[q.key], note: e.target.value } })
                }
              />
            )}
          </Field>
        </div>
      ))}
      <fieldset aria-describedby={errors.outcome ? `outcome-${renewal.id}-error` : undefined}>
        <legend>Your decision</legend>
        <label className="choice">
          <input
            type="radio"
            name={`outcome-${renewal.id}`}
            checked={outcome === 'data-review+'}
            onChange={() => setOutcome('data-review+')}
          />
          data-review+ (renew until {renewal.newExpires})
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`outcome-${renewal.id}`}
            checked={outcome === 'data-review-'}
            onChange={() => setOutcome('data-review-')}
          />
          data-review- (refuse the renewal: say how to correct the request, or that Trust is involved)
        </label>
        {errors.outcome && (
          <small id={`outcome-${renewal.id}-error`} className="field-error">
            {errors.outcome}
          </small>
        )}
      </fieldset>
      <Field label="Renewal review" error={errors.stewardReview}>
        {(p) => <textarea {...p} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <FormError error={record.error} />
      <div className="actions">
        <button type="submit" disabled={record.isPending}>
          Record the renewal review
        </button>
      </div>
    </form>
  );
}

/** The renewal request: the template's questions (the link to the original review is this review). */
function RequestForm({ reviewKey, onDone }: { reviewKey: string; onDone: (message: string) => void }) {
  const client = useTRPCClient();
  const [newExpires, setNewExpires] = useState('');
  const [monitoredBy, setMonitoredBy] = useState('');
  const [reason, setReason] = useState('');
  const [bug, setBug] = useState('');
  const [tried, setTried] = useState(false);
  const [key, setKey] = useState(idempotencyKey);
  const request = useRenewalAction(() =>
    client.renewal.request.mutate({
      review: reviewKey,
      newExpires: newExpires.trim(),
      reason: reason.trim(),
      ...(monitoredBy.trim() ? { monitoredBy: monitoredBy.trim() } : {}),
      ...(bug.trim() ? { bug: bug.trim() } : {}),
      idempotencyKey: key,
    }),
  );
  const server = request.error ? fieldIssues(request.error) : {};
  const local: Record<string, string> = {};
  if (!newExpires.trim()) local.newExpires = 'Say when the collection will now expire.';
  if (!reason.trim()) local.reason = 'Say why the first period was not enough.';
  const errors = tried ? { ...local, ...server } : server;
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(local).length) return;
        request.mutate(undefined, {
          onSuccess: (n) => {
            setKey(idempotencyKey());
            setNewExpires('');
            setReason('');
            setBug('');
            setMonitoredBy('');
            setTried(false);
            onDone(`Renewal until ${n.newExpires} requested: a data steward reviews it.`);
          },
        });
      }}
    >
      <h2>Ask for a renewal</h2>
      <p>The renewal is filed on {reviewKey}, the original review of the collection.</p>
      <Field
        label="When will this collection now expire?"
        hint="A date (YYYY-MM-DD), a version (e.g. Firefox 150), or “never” for a permanent collection."
        error={errors.newExpires}
      >
        {(p) => (
          <input
            {...p}
            name="newExpires"
            value={newExpires}
            onChange={(e) => setNewExpires(e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Who will monitor it?"
        hint="Needed for a permanent collection; leave empty otherwise."
        error={errors.monitoredBy}
      >
        {(p) => (
          <input
            {...p}
            name="monitoredBy"
            value={monitoredBy}
            onChange={(e) => setMonitoredBy(e.target.value)}
          />
        )}
      </Field>
      <Field label="Why was the initial period of collection insufficient?" error={errors.reason}>
        {(p) => (
          <textarea
            {...p}
            name="reason"
            rows={4}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <Field label="Bug number (optional)" hint="The bug the renewal is filed in." error={errors.bug}>
        {(p) => (
          <input {...p} name="bug" inputMode="numeric" value={bug} onChange={(e) => setBug(e.target.value)} />
        )}
      </Field>
      <FormError error={request.error} />
      <div className="actions">
        <button type="submit" disabled={request.isPending}>
          Ask a data steward to renew
        </button>
      </div>
    </form>
  );
}
