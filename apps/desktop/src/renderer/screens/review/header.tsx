import type { ReviewView } from '../../api.ts';
import { idempotencyKey, useTRPCClient } from '../../api.ts';
import { Badge, FormError } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { CHANNEL_LABELS, categoryLabel, formatDate, STATUS_LABELS } from '../../vocabulary.ts';
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

function ProposerActions({ review }: { review: ReviewView }) {
  const client = useTRPCClient();
  const { me } = useSession();
  const move = useReviewAction(async (what: 'submit' | 'resubmit' | 'withdraw' | 'markShipped') => {
    const input = { review: review.key, idempotencyKey: idempotencyKey() };
    if (what === 'submit') return client.review.submit.mutate(input);
    if (what === 'resubmit') return client.review.resubmit.mutate(input);
    if (what === 'withdraw') return client.review.withdraw.mutate(input);
    return client.review.markShipped.mutate(input);
  });
  if (review.proposerId !== me.id) return null;
  const s = review.status;
  return (
    <div className="actions">
      {s === 'draft' && (
        <button type="button" disabled={move.isPending} onClick={() => move.mutate('submit')}>
          Submit to a data steward
        </button>
      )}
      {s === 'returned' && (
        <button type="button" disabled={move.isPending} onClick={() => move.mutate('resubmit')}>
          Resubmit
        </button>
      )}
      {(s === 'approved' || s === 'sensitive_review') && (
        <button type="button" disabled={move.isPending} onClick={() => move.mutate('markShipped')}>
          Mark as shipped
        </button>
      )}
      {s !== 'shipped' && s !== 'withdrawn' && (
        <button
          type="button"
          className="danger"
          disabled={move.isPending}
          onClick={() => {
            if (window.confirm(`Withdraw ${review.key}? This cannot be undone.`)) move.mutate('withdraw');
          }}
        >
          Withdraw
        </button>
      )}
      <FormError error={move.error} />
    </div>
  );
}
