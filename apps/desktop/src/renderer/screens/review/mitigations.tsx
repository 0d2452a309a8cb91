import type { Area, MitigationKind } from '@signoff/core';
import { useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPCClient } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { Badge, Empty, FormError } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { AREA_LABELS, AREAS, formatDate, MITIGATION_KIND_LABELS } from '../../vocabulary.ts';
import { useReviewAction } from './use-review-action.ts';

type Mitigation = ReviewView['mitigations'][number];
type Move = 'proposeRequested' | 'implement' | 'accept' | 'reject' | 'revise' | 'withdraw';

const MOVE_LABELS: Record<Move, string> = {
  proposeRequested: 'Propose',
  implement: 'Mark implemented in the current revision',
  accept: 'Accept',
  reject: 'Reject',
  revise: 'Revise and propose again',
  withdraw: 'Withdraw',
};

/** SPEC 7: which moves this person may make on a mitigation in this state. */
function movesFor(m: Mitigation, proposer: boolean, facilitator: boolean): Move[] {
  const moves: Move[] = [];
  if (proposer) {
    if (m.state === 'requested') moves.push('proposeRequested');
    if (m.state === 'proposed') moves.push('implement');
    if (m.state === 'rejected') moves.push('revise');
    if (['requested', 'proposed', 'implemented'].includes(m.state)) moves.push('withdraw');
  }
  if (facilitator && m.state === 'implemented') moves.push('accept', 'reject');
  return moves;
}

export function Mitigations({ review }: { review: ReviewView }) {
  const { me } = useSession();
  const proposer = review.proposerId === me.id;
  const facilitatorAreas = me.facilitatorAreas.filter(() => !proposer);
  const sensitive = review.status === 'sensitive_review';
  if (!sensitive && review.mitigations.length === 0) return null;
  return (
    <section aria-labelledby="mitigations-title" className="card">
      <h2 id="mitigations-title">Mitigations</h2>
      {review.mitigations.length === 0 ? (
        <Empty>
          <p>No mitigation proposed or requested.</p>
        </Empty>
      ) : (
        <ul className="mitigations">
          {review.mitigations.map((m) => (
            <MitigationItem
              key={m.id}
              review={review}
              mitigation={m}
              moves={movesFor(m, proposer, facilitatorAreas.includes(m.area))}
            />
          ))}
        </ul>
      )}
      {sensitive && (proposer || facilitatorAreas.length > 0) && (
        <NewMitigation
          review={review}
          areas={proposer ? [...AREAS] : facilitatorAreas}
          mode={proposer ? 'propose' : 'request'}
        />
      )}
    </section>
  );
}

function MitigationItem({
  review,
  mitigation: m,
  moves,
}: {
  review: ReviewView;
  mitigation: Mitigation;
  moves: Move[];
}) {
  const client = useTRPCClient();
  const [note, setNote] = useState('');
  const act = useReviewAction((move: Move) => {
    const base = { review: review.key, mitigationId: m.id, idempotencyKey: idempotencyKey() };
    const withNote = note.trim() ? { note: note.trim() } : {};
    const withDescription = note.trim() ? { description: note.trim() } : {};
    switch (move) {
      case 'proposeRequested':
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
    }
  });
  const needsText = moves.some((mv) => mv !== 'implement' && mv !== 'withdraw');
  return (
    <li>
      <p>
        <Badge tone={m.state === 'accepted' ? 'ok' : m.state === 'rejected' ? 'bad' : 'warn'}>
          {m.state}
        </Badge>{' '}
        <strong>{MITIGATION_KIND_LABELS[m.kind]}</strong> in {AREA_LABELS[m.area]}: {m.description}
      </p>
      <small>
        {m.implementedRevision ? `Implemented in revision ${m.implementedRevision}. ` : ''}
        {m.decisionNote ? `Note: ${m.decisionNote}. ` : ''}Updated {formatDate(m.updatedAt)}
      </small>
      {moves.length > 0 && (
        <div className="actions">
          {needsText && (
            <Field label="Note or new description">
              {(p) => (
                <input
                  {...p}
                  name={`mitigation-${m.id}-note`}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              )}
            </Field>
          )}
          {moves.map((mv) => (
            <button key={mv} type="button" disabled={act.isPending} onClick={() => act.mutate(mv)}>
              {MOVE_LABELS[mv]}
            </button>
          ))}
          <FormError error={act.error} />
        </div>
      )}
    </li>
  );
}

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
      <Field label="Area">
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
      <Field label="Kind">
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
      <Field label="Description">
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
      </button>
    </form>
  );
}
