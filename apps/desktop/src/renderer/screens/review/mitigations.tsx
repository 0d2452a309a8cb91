import type { Area, MitigationKind } from '@signoff/core';
import { useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPCClient } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { Context, countAmong } from '../../components/naming.tsx';
import { Badge, Empty, FormError } from '../../components/states.tsx';
import { AREA_LABELS, AREAS, formatDate, MITIGATION_KIND_LABELS } from '../../vocabulary.ts';
import { allowedOf, isAllowed } from './allowed.ts';
import { useReviewAction } from './use-review-action.ts';

type Mitigation = ReviewView['mitigations'][number];
type Move = NonNullable<ReviewView['allowedActions'][number]['move']>;

const MOVE_LABELS: Record<Move, string> = {
  request: 'Request',
  propose: 'Propose',
  implement: 'Mark implemented in the current revision',
  accept: 'Accept',
  reject: 'Reject',
  revise: 'Revise and propose again',
  withdraw: 'Withdraw',
};
/** What each move's text is: a reply to the request, or a note to the proposer. */
const TEXT_OF: Partial<Record<Move, 'reply' | 'note'>> = {
  propose: 'reply',
  revise: 'reply',
  accept: 'note',
  reject: 'note',
};
const THREAD_VERBS: Record<Mitigation['thread'][number]['move'], string> = {
  open: 'opened it',
  propose: 'replied with a proposal',
  implement: 'implemented it',
  accept: 'accepted',
  reject: 'rejected',
  revise: 'revised it',
  withdraw: 'withdrew it',
};

export function Mitigations({ review }: { review: ReviewView }) {
  const sensitive = review.status === 'sensitive_review';
  // Which forms to offer comes from the API: the proposer proposes, an area's facilitators request.
  const mayPropose = isAllowed(review, 'propose_mitigation');
  const requestAreas = allowedOf(review, 'request_mitigation').flatMap((v) => (v.area ? [v.area] : []));
  if (!sensitive && review.mitigations.length === 0) return null;
  return (
    <section aria-labelledby="mitigations-title" className="card">
      <h2 id="mitigations-title">Mitigations</h2>
      {review.mitigations.length === 0 ? (
        <Empty>
          <p>No mitigation proposed or requested.</p>
        </Empty>
      ) : (
        <ul className="mitigations" aria-label="Mitigations">
          {review.mitigations.map((m) => (
            <MitigationItem
              key={m.id}
              review={review}
              mitigation={m}
              count={countAmong(review.mitigations, m, kindInArea)}
              moves={allowedOf(review, 'move_mitigation', { mitigationId: m.id }).flatMap((v) =>
                v.move ? [v.move] : [],
              )}
            />
          ))}
        </ul>
      )}
      {mayPropose && <NewMitigation review={review} areas={[...AREAS]} mode="propose" />}
      {!mayPropose && requestAreas.length > 0 && (
        <NewMitigation review={review} areas={requestAreas} mode="request" />
      )}
    </section>
  );
}

/** "Technical control in Data": what a person calls a mitigation (its heading), never its id. */
const kindInArea = (m: Mitigation) => `${MITIGATION_KIND_LABELS[m.kind]} in ${AREA_LABELS[m.area]}`;

function MitigationItem({
  review,
  mitigation: m,
  count,
  moves,
}: {
  review: ReviewView;
  mitigation: Mitigation;
  /** " (2 of 2)" when the review has several of this kind in this area. */
  count: string;
  moves: Move[];
}) {
  // Every control of this item says which mitigation it acts on (two of a kind are told apart by number).
  const label = `the ${MITIGATION_KIND_LABELS[m.kind]} mitigation in ${AREA_LABELS[m.area]}${count}`;
  const client = useTRPCClient();
  const [text, setText] = useState('');
  const act = useReviewAction((move: Move) => {
    const base = { review: review.key, mitigationId: m.id, idempotencyKey: idempotencyKey() };
    const body = text.trim();
    const withNote = body ? { note: body } : {};
    const withDescription = body ? { description: body } : {};
    switch (move) {
      case 'propose':
        return client.mitigation.proposeRequested.mutate({ ...base, ...withDescription });
      case 'implement':
        return client.mitigation.implement.mutate({ ...base, revision: review.currentRevision });
      case 'accept':
        return client.mitigation.accept.mutate({ ...base, ...withNote });
      case 'reject':
        return client.mitigation.reject.mutate({ ...base, ...withNote });
      case 'revise':
        return client.mitigation.revise.mutate({ ...base, ...withDescription });
      case 'withdraw':
        return client.mitigation.withdraw.mutate(base);
      case 'request':
        throw new Error('a mitigation is requested with the form below');
    }
  });
  const textKind = moves.map((mv) => TEXT_OF[mv]).find(Boolean);
  return (
    <li data-mitigation={m.id}>
      <p>
        <Badge tone={m.state === 'accepted' ? 'ok' : m.state === 'rejected' ? 'bad' : 'warn'}>
          {m.state}
        </Badge>{' '}
        <strong>{MITIGATION_KIND_LABELS[m.kind]}</strong> in {AREA_LABELS[m.area]}
        {count}
      </p>
      <ol className="thread" aria-label={`Exchange on ${label}`}>
        {(m.thread.length > 0 ? m.thread : [fallbackMessage(m)]).map((t) => (
          <li key={t.id}>
            <span className="meta">
              {t.authorName} {THREAD_VERBS[t.move]}, {formatDate(t.createdAt)}
            </span>
            <p className="thread-body">{t.body}</p>
          </li>
        ))}
      </ol>
      <small>
        {m.implementedRevision ? `Implemented in revision ${m.implementedRevision}. ` : ''}Updated{' '}
        {formatDate(m.updatedAt)}
      </small>
      {moves.length > 0 && (
        <div className="actions">
          {textKind && (
            <Field label={textKind === 'reply' ? 'Your reply' : 'Your note'} context={`on ${label}`}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  name={`mitigation-${m.id}-text`}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                />
              )}
            </Field>
          )}
          {moves.map((mv) => (
            <button
              key={mv}
              type="button"
              disabled={act.isPending}
              onClick={() => act.mutate(mv, { onSuccess: () => setText('') })}
            >
              {MOVE_LABELS[mv]}
              <Context>{mv === 'implement' ? `for ${label}` : label}</Context>
            </button>
          ))}
          <FormError error={act.error} />
        </div>
      )}
    </li>
  );
}

/** A mitigation from before threads were kept (none should remain after migration 0023). */
const fallbackMessage = (m: Mitigation): Mitigation['thread'][number] => ({
  id: 0,
  authorId: m.createdBy,
  authorName: 'Its author',
  move: 'open',
  body: m.description,
  createdAt: m.updatedAt,
});

function NewMitigation({
  review,
  areas,
  mode,
}: {
  review: ReviewView;
  areas: Area[];
  mode: 'propose' | 'request';
}) {
  const client = useTRPCClient();
  const [area, setArea] = useState<Area>(areas[0] ?? 'privacy_technical');
  const [kind, setKind] = useState<MitigationKind>('ux_notice');
  const [description, setDescription] = useState('');
  const create = useReviewAction(() => {
    const input = { review: review.key, area, kind, description, idempotencyKey: idempotencyKey() };
    return mode === 'propose'
      ? client.mitigation.propose.mutate(input)
      : client.mitigation.request.mutate(input);
  });
  return (
    <form
      className="inline-form"
      aria-label={mode === 'propose' ? 'Propose a mitigation' : 'Request a mitigation'}
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(undefined, { onSuccess: () => setDescription('') });
      }}
    >
      <h3>{mode === 'propose' ? 'Propose a mitigation' : 'Request a mitigation'}</h3>
      <Field label="Area" context="of the new mitigation">
        {(p) => (
          <select {...p} name="mitigationArea" value={area} onChange={(e) => setArea(e.target.value as Area)}>
            {areas.map((a) => (
              <option key={a} value={a}>
                {AREA_LABELS[a]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Kind" context="of the new mitigation">
        {(p) => (
          <select
            {...p}
            name="mitigationKind"
            value={kind}
            onChange={(e) => setKind(e.target.value as MitigationKind)}
          >
            {Object.entries(MITIGATION_KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Description" context="of the new mitigation">
        {(p) => (
          <textarea
            {...p}
            name="mitigationDescription"
            rows={2}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <FormError error={create.error} />
      <button type="submit" disabled={create.isPending || !description.trim()}>
        {mode === 'propose' ? 'Propose' : 'Request'}
        <Context>the new mitigation</Context>
      </button>
    </form>
  );
}
