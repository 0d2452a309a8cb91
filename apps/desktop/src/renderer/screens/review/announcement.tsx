import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPC, useTRPCClient } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { Badge, Empty, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { formatDate } from '../../vocabulary.ts';
import { isAllowed } from './allowed.ts';
import { useReviewAction } from './use-review-action.ts';

type Sent = ReviewView['announcements'][number];

const DELIVERY: Record<NonNullable<Sent['delivery']>, { label: string; tone: 'ok' | 'warn' | 'bad' }> = {
  queued: { label: 'queued', tone: 'warn' },
  sent: { label: 'sent', tone: 'ok' },
  failing: { label: 'delivery failing, retrying', tone: 'bad' },
};

/**
 * After the badge (queued, sent, failing, recorded): to which list and when, in words (issue 15: the mail's
 * Message-ID is for mail servers, not for people, and is not shown).
 */
function deliveryWords(a: Sent): string {
  const to = a.to.length > 0 ? a.to.join(', ') : 'the mailing list';
  if (a.method === 'manual') return `announced by hand, ${formatDate(a.createdAt)}`;
  if (a.delivery === 'sent') return `to ${to} on ${formatDate(a.sentAt ?? a.createdAt)}`;
  return `for ${to} since ${formatDate(a.createdAt)}`;
}

/** SPEC 8: the mailing-list announcement (category 3 and 4): preview, send through the outbox, or record. */
export function Announcement({ review }: { review: ReviewView }) {
  const required = (review.category ?? 0) >= 3;
  if (!required && review.announcements.length === 0) return null;
  const mayAnnounce = isAllowed(review, 'announce');
  // A review is announced once (the API refuses nothing but queues nothing the second time either).
  const sent = review.announcements.find((a) => a.method === 'outbox');
  return (
    <section aria-labelledby="announcement-title" className="card">
      <h2 id="announcement-title">Mailing-list announcement</h2>
      {review.announcements.length === 0 ? (
        <Empty>
          <p>No announcement sent or recorded yet.</p>
        </Empty>
      ) : (
        <ul aria-label="Announcements">
          {review.announcements.map((a) => (
            <li key={a.id}>
              {a.method === 'manual' ? (
                <Badge tone="ok">recorded</Badge>
              ) : (
                a.delivery && <Badge tone={DELIVERY[a.delivery].tone}>{DELIVERY[a.delivery].label}</Badge>
              )}{' '}
              {deliveryWords(a)}
              {a.deliveryNote && (
                <span className={a.delivery === 'failing' ? 'field-error' : 'reason'}>
                  {' '}
                  · {a.deliveryNote}
                </span>
              )}
              {a.archiveLink && (
                <>
                  {' '}
                  ·{' '}
                  <a href={a.archiveLink} target="_blank" rel="noreferrer noopener">
                    archive
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {sent ? (
        <p className="confirmation">
          The announcement was sent {sent.delivery === 'sent' ? 'to the mailing list' : 'to the outbox'} on{' '}
          {formatDate(sent.sentAt ?? sent.createdAt)}. A review is announced once.
        </p>
      ) : (
        mayAnnounce && required && <SendAnnouncement review={review} />
      )}
      {mayAnnounce && (!sent || sent.delivery === 'failing') && <RecordManual review={review} />}
    </section>
  );
}

function SendAnnouncement({ review }: { review: ReviewView }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [showPreview, setShowPreview] = useState(false);
  const preview = useQuery({
    ...trpc.announcement.preview.queryOptions({ review: review.key }),
    enabled: showPreview,
  });
  const send = useReviewAction(() =>
    client.announcement.send.mutate({ review: review.key, idempotencyKey: idempotencyKey() }),
  );
  return (
    <div className="announcement-send">
      <div className="actions">
        <button type="button" aria-expanded={showPreview} onClick={() => setShowPreview(!showPreview)}>
          {showPreview ? 'Hide the preview' : 'Preview the announcement'}
        </button>
        <button type="button" disabled={send.isPending} onClick={() => send.mutate()}>
          Send the announcement
        </button>
      </div>
      <FormError error={send.error} />
      {showPreview &&
        (preview.isPending ? (
          <Loading what="the preview" />
        ) : preview.isError ? (
          <ErrorState error={preview.error} retry={() => preview.refetch()} what="the preview" />
        ) : (
          <figure className="mail-preview" aria-label="Announcement preview">
            <p>
              To: {preview.data.to.join(', ')}
              <br />
              Subject: {preview.data.subject}
            </p>
            <pre>{preview.data.text}</pre>
          </figure>
        ))}
    </div>
  );
}

function RecordManual({ review }: { review: ReviewView }) {
  const client = useTRPCClient();
  const [link, setLink] = useState('');
  const record = useReviewAction(() =>
    client.announcement.recordManual.mutate({
      review: review.key,
      archiveLink: link.trim(),
      idempotencyKey: idempotencyKey(),
    }),
  );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate(undefined, { onSuccess: () => setLink('') });
      }}
    >
      <Field label="Archive link of an announcement sent by hand">
        {(p) => (
          <input
            {...p}
            type="url"
            name="archiveLink"
            value={link}
            onChange={(e) => setLink(e.target.value)}
          />
        )}
      </Field>
      <FormError error={record.error} />
      <button type="submit" disabled={record.isPending || !link.trim()}>
        Record announcement
      </button>
    </form>
  );
}
