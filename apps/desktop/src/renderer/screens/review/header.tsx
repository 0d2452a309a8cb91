import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReviewView } from '../../api.ts';
import { errorMessage, idempotencyKey, useTRPC, useTRPCClient } from '../../api.ts';
import { NotAllowed } from '../../components/not-allowed.tsx';
import { Badge, FormError } from '../../components/states.tsx';
import { StewardChoice } from '../../components/steward-choice.tsx';
import { useSession } from '../../session.tsx';
import { CHANNEL_LABELS, categoryLabel, formatDate, STATUS_LABELS } from '../../vocabulary.ts';
import { isAllowed, stepAwaits, verdictOf } from './allowed.ts';
import { useReviewAction } from './use-review-action.ts';

export function ReviewHeader({ review }: { review: ReviewView }) {
  return (
    <header className="review-header">
      <p className="review-key">{review.key}</p>
      <h1 id="review-title">{review.title}</h1>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <Badge tone={review.status === 'approved' || review.status === 'shipped' ? 'ok' : 'info'}>
              {STATUS_LABELS[review.status]}
            </Badge>
          </dd>
        </div>
        <div>
          <dt>Product</dt>
          <dd>{review.productName}</dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{categoryLabel(review.category)}</dd>
        </div>
        <div>
          <dt>Channels</dt>
          <dd>
            {review.channels
              .map((c) => `${CHANNEL_LABELS[c.channel]}: default ${c.defaultState}`)
              .join(' · ')}
            {review.runsInExperiments && ' · runs in experiments'}
          </dd>
        </div>
        {review.requestedSteward && (
          <div>
            <dt>Steward requested</dt>
            <dd>{review.requestedSteward.name}</dd>
          </div>
        )}
        <div>
          <dt>Visibility</dt>
          <dd>{review.visibility === 'private' ? `Private: ${review.privateReason ?? ''}` : 'Public'}</dd>
        </div>
        <div>
          <dt>Revision</dt>
          <dd>
            {review.currentRevision} · updated {formatDate(review.updatedAt)}
          </dd>
        </div>
      </dl>
      <ProposerActions review={review} />
    </header>
  );
}

type Move = 'submit' | 'resubmit' | 'withdraw' | 'markShipped';

/** The proposer's moves of the whole review, each offered only when the API allows it. */
function ProposerActions({ review }: { review: ReviewView }) {
  const { me } = useSession();
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A refusal stays until the next change of the review (a later action by anyone), then it is stale.
  const [refusal, setRefusal] = useState<{ error: unknown; events: number } | null>(null);
  // Resubmitting asks the steward requested before unless another (or any steward) is chosen.
  const [steward, setSteward] = useState<number | null>(review.requestedSteward?.id ?? null);
  const move = useReviewAction(async (what: Move) => {
    const input = { review: review.key, idempotencyKey: idempotencyKey() };
    if (what === 'submit') return client.review.submit.mutate({ ...input, requestedStewardId: steward });
    if (what === 'resubmit') return client.review.resubmit.mutate({ ...input, requestedStewardId: steward });
    if (what === 'withdraw') return client.review.withdraw.mutate(input);
    return client.review.markShipped.mutate(input);
  });
  const events = review.timeline.length;
  useEffect(() => {
    if (refusal && refusal.events !== events) setRefusal(null);
  }, [events, refusal]);
  const run = (what: Move) =>
    move.mutate(what, {
      onSuccess: () => setRefusal(null),
      onError: async (error) => {
        // What the page showed may be out of date: reload the review, then show the refusal against it.
        await queryClient.invalidateQueries(trpc.review.get.queryFilter({ review: review.key }));
        const fresh = queryClient.getQueryData(trpc.review.get.queryKey({ review: review.key }));
        setRefusal({ error, events: fresh?.timeline.length ?? events });
      },
    });
  const offered = (
    [
      ['submit', 'submit', 'Submit to a data steward'],
      ['resubmit', 'resubmit', 'Resubmit'],
      ['mark_shipped', 'markShipped', 'Mark as shipped'],
    ] as const
  ).filter(([action]) => isAllowed(review, action));
  // A submission that is this person's step but refused now (e.g. the form is incomplete): shown disabled, with
  // the API's reason beside it.
  const held = (
    [
      ['submit', 'Submit to a data steward'],
      ['resubmit', 'Resubmit'],
    ] as const
  )
    .map(([action, label]) => ({ action, label, verdict: verdictOf(review, action) }))
    .filter((h) => h.verdict && !h.verdict.allowed && stepAwaits(review, me.id, [h.action]));
  const mayWithdraw = isAllowed(review, 'withdraw');
  if (offered.length === 0 && held.length === 0 && !mayWithdraw && !refusal) return null;
  const submits = offered.some(([, what]) => what === 'submit' || what === 'resubmit');
  return (
    <div className="actions">
      {submits && (
        <StewardChoice review={review.key} value={steward} onChange={setSteward} disabled={move.isPending} />
      )}
      {offered.map(([, what, label]) => (
        <button key={what} type="button" disabled={move.isPending} onClick={() => run(what)}>
          {label}
        </button>
      ))}
      {held.map((h) => (
        <span key={h.action} className="held-action">
          <button type="button" disabled aria-describedby={`why-not-${h.action}`}>
            {h.label}
          </button>
          <NotAllowed id={`why-not-${h.action}`} reason={h.verdict?.reason} />
        </span>
      ))}
      {mayWithdraw && (
        <button
          type="button"
          className="danger"
          disabled={move.isPending}
          onClick={() => {
            if (window.confirm(`Withdraw ${review.key}? This cannot be undone.`)) run('withdraw');
          }}
        >
          Withdraw
        </button>
      )}
      {refusal && <Refusal review={review} error={refusal.error} />}
    </div>
  );
}

/** A refused move; for "mark shipped", what still blocks it, channel by channel, in words. */
function Refusal({ review, error }: { review: ReviewView; error: unknown }) {
  const blocked = review.canShip.filter((c) => !c.canShip);
  if (!/cannot be marked shipped/.test(errorMessage(error)) || blocked.length === 0)
    return <FormError error={error} />;
  return (
    <div className="form-error refusal" role="alert">
      <p>{review.key} cannot be marked shipped yet:</p>
      {blocked.map((c) => (
        <div key={c.channel}>
          <h3 id={`refusal-${c.channel}`}>{CHANNEL_LABELS[c.channel]}</h3>
          <ul aria-labelledby={`refusal-${c.channel}`}>
            {c.blockers.map((b) => (
              <li key={`${b.code}-${b.area ?? ''}-${b.mitigationId ?? ''}`}>{b.message}</li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
