import type { Area } from '@signoff/core';
import { useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPCClient } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { Context, countAmong } from '../../components/naming.tsx';
import { Badge, Empty, FormError } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { AREA_LABELS, AREAS, formatDate } from '../../vocabulary.ts';
import { useReviewAction } from './use-review-action.ts';

type Discussion = ReviewView['discussions'][number];

/** SPEC 5: live discussions, required when an area is at high risk. */
export function Discussions({ review }: { review: ReviewView }) {
  const { me } = useSession();
  const involved = review.proposerId === me.id || me.facilitatorAreas.length > 0;
  const open = review.status === 'sensitive_review';
  if (!open && review.discussions.length === 0) return null;
  return (
    <section aria-labelledby="discussions-title" className="card">
      <h2 id="discussions-title">Live discussions</h2>
      {review.discussions.length === 0 ? (
        <Empty>
          <p>No discussion scheduled.</p>
        </Empty>
      ) : (
        <ul>
          {review.discussions.map((d) => (
            <DiscussionItem
              key={d.id}
              review={review}
              discussion={d}
              name={`the discussion of ${areaAndDate(d)}${countAmong(review.discussions, d, areaAndDate)}`}
              mayAct={involved && open}
            />
          ))}
        </ul>
      )}
      {involved && open && <ScheduleForm review={review} />}
    </section>
  );
}

/** What a person calls a discussion: its area and its time ("Data on Dec 4, 2026, 3:00 PM"), never its id. */
const areaAndDate = (d: Discussion) =>
  `${d.area ? AREA_LABELS[d.area] : 'the whole review'} on ${formatDate(d.scheduledFor)}`;

function DiscussionItem({
  review,
  discussion: d,
  name,
  mayAct,
}: {
  review: ReviewView;
  discussion: Discussion;
  /** Each control of the item says which discussion it acts on (issue 15: no two share a name). */
  name: string;
  mayAct: boolean;
}) {
  const client = useTRPCClient();
  const [notes, setNotes] = useState('');
  const [outcome, setOutcome] = useState('');
  const hold = useReviewAction(() =>
    client.discussion.hold.mutate({
      review: review.key,
      discussionId: d.id,
      notes,
      outcome,
      idempotencyKey: idempotencyKey(),
    }),
  );
  // Recorded as held only with what was said and decided (SPEC 5).
  const ready = notes.trim() !== '' && outcome.trim() !== '';
  const cancel = useReviewAction(() =>
    client.discussion.cancel.mutate({
      review: review.key,
      discussionId: d.id,
      idempotencyKey: idempotencyKey(),
    }),
  );
  return (
    <li>
      <p>
        <Badge tone={d.state === 'held' ? 'ok' : 'info'}>{d.state}</Badge>{' '}
        {d.area ? AREA_LABELS[d.area] : 'Whole review'}, {formatDate(d.scheduledFor)}: {d.agenda}
      </p>
      {d.notes && <p>Notes: {d.notes}</p>}
      {d.outcome && <p>Outcome: {d.outcome}</p>}
      {mayAct && d.state === 'scheduled' && (
        <form
          className="inline-form"
          aria-label={`Record ${name} as held`}
          onSubmit={(e) => {
            e.preventDefault();
            hold.mutate();
          }}
        >
          <Field label="Notes" context={`of ${name}`}>
            {(p) => <textarea {...p} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />}
          </Field>
          <Field label="Outcome" context={`of ${name}`}>
            {(p) => <input {...p} value={outcome} onChange={(e) => setOutcome(e.target.value)} />}
          </Field>
          <FormError error={hold.error ?? cancel.error} />
          <div className="actions">
            <button
              type="submit"
              disabled={hold.isPending || !ready}
              aria-describedby={ready ? undefined : `discussion-${d.id}-why`}
            >
              Record as held
              <Context>{name}</Context>
            </button>
            <button type="button" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              Cancel discussion
              <Context>{`of ${areaAndDate(d)}`}</Context>
            </button>
            {!ready && (
              <span id={`discussion-${d.id}-why`} className="reason">
                Write the notes and the outcome to record it as held.
              </span>
            )}
          </div>
        </form>
      )}
    </li>
  );
}

function ScheduleForm({ review }: { review: ReviewView }) {
  const client = useTRPCClient();
  const [area, setArea] = useState<Area | ''>('');
  const [when, setWhen] = useState('');
  const [agenda, setAgenda] = useState('');
  const schedule = useReviewAction(() =>
    client.discussion.schedule.mutate({
      review: review.key,
      area: area || null,
      scheduledAt: new Date(when).toISOString(),
      attendeeIds: [],
      agenda,
      idempotencyKey: idempotencyKey(),
    }),
  );
  return (
    <form
      className="inline-form"
      aria-label="Schedule a live discussion"
      onSubmit={(e) => {
        e.preventDefault();
        schedule.mutate(undefined, { onSuccess: () => setAgenda('') });
      }}
    >
      <h3>Schedule a live discussion</h3>
      <Field label="Area" context="of the new discussion">
        {(p) => (
          <select {...p} value={area} onChange={(e) => setArea(e.target.value as Area | '')}>
            <option value="">Whole review</option>
            {AREAS.map((a) => (
              <option key={a} value={a}>
                {AREA_LABELS[a]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="When">
        {(p) => <input {...p} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />}
      </Field>
      <Field label="Agenda">
        {(p) => <textarea {...p} rows={2} value={agenda} onChange={(e) => setAgenda(e.target.value)} />}
      </Field>
      <FormError error={schedule.error} />
      <button type="submit" disabled={schedule.isPending || !when || !agenda.trim()}>
        Schedule
      </button>
    </form>
  );
}
