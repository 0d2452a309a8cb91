import type { Area, MitigationKind } from '@signoff/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { type EscalationView, idempotencyKey, type ReviewView, useTRPC, useTRPCClient } from '../../api.ts';
import { CommentThread } from '../../components/comment-thread.tsx';
import { Field } from '../../components/field.tsx';
import { Context, countAmong } from '../../components/naming.tsx';
import { NotAllowed } from '../../components/not-allowed.tsx';
import { PositionPapers } from '../../components/position-papers.tsx';
import { Badge, Empty, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import {
  AREA_LABELS,
  AREAS,
  ESCALATION_DECISION_LABELS,
  ESCALATION_LEVEL_LABELS,
  formatDate,
  MITIGATION_KIND_LABELS,
} from '../../vocabulary.ts';
import { isAllowed, stepAwaits, verdictOf } from './allowed.ts';
import { useReviewAction } from './use-review-action.ts';

/** Names for the people an escalation mentions, from what the page already knows. */
function usePeopleNames(review: ReviewView) {
  const trpc = useTRPC();
  const facilitators = useQuery(trpc.inbox.facilitators.queryOptions());
  const names = new Map<number, string>();
  for (const a of facilitators.data ?? []) for (const p of a.people) names.set(p.id, p.name);
  for (const a of review.areas) for (const r of a.reviewers) names.set(r.personId, r.name);
  for (const p of review.people) names.set(p.id, p.name);
  return (id: number) =>
    id === review.proposerId ? `${names.get(id) ?? 'the proposer'} (proposer)` : (names.get(id) ?? 'someone');
}

/** SPEC 9: escalations of this review, each with the steps the signed-in person may take. */
export function Escalations({ review }: { review: ReviewView }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.escalation.list.queryOptions({ review: review.key }));
  const nameOf = usePeopleNames(review);
  if (list.isPending) return <Loading what="the escalations" />;
  if (list.isError)
    return <ErrorState error={list.error} retry={() => list.refetch()} what="the escalations" />;
  if (list.data.length === 0 && review.status !== 'sensitive_review') return null;
  return (
    <section aria-labelledby="escalations-title" className="card" id="escalations">
      <h2 id="escalations-title">Escalations</h2>
      {list.data.length === 0 ? (
        <Empty>
          <p>
            No escalation. A party that disagrees with an area's outcome can escalate it from the area's card.
          </p>
        </Empty>
      ) : (
        list.data.map((e, i) => (
          <EscalationCard
            key={e.id}
            review={review}
            escalation={e}
            name={escalationName(list.data, i)}
            nameOf={nameOf}
          />
        ))
      )}
    </section>
  );
}

/**
 * What a person calls an escalation: by the areas it disputes ("the escalation on Data Review (Data)"), and,
 * when the review has several on the same areas, by its number among them as its heading shows it. Never the
 * database id, which appears nowhere else.
 */
function escalationName(all: EscalationView[], index: number): EscalationName {
  const areasOf = (x: EscalationView) => x.areas.map((a) => AREA_LABELS[a]).join(', ');
  const areas = areasOf(all[index] as EscalationView);
  const same = all.filter((x) => areasOf(x) === areas);
  const n = same.indexOf(all[index] as EscalationView) + 1;
  const name =
    same.length === 1
      ? { title: `Escalation on ${areas}`, label: `the escalation on ${areas}` }
      : { title: `Escalation ${n} on ${areas}`, label: `escalation ${n} on ${areas}` };
  // With several escalations on the page, each card's buttons and fields say which one they act on.
  return { ...name, context: all.length > 1 ? `for ${name.label}` : '' };
}
/** How a card names its escalation: its heading, in a sentence, and after a control's words when needed. */
type EscalationName = { title: string; label: string; context: string };

function EscalationCard({
  review,
  escalation: e,
  name,
  nameOf,
}: {
  review: ReviewView;
  escalation: EscalationView;
  name: EscalationName;
  nameOf: (id: number) => string;
}) {
  const { me } = useSession();
  const open = e.state === 'open';
  const which = { escalationId: e.id };
  const decide = verdictOf(review, 'decide_escalation', which);
  // The decision maker of the current level: the API names them as the owner of the decision step.
  const decisionMaker = decide?.allowed === true || stepAwaits(review, me.id, ['decide_escalation'], which);
  const party = me.id === e.openedBy || me.id === e.facilitatorId;
  const titleId = `escalation-${e.id}`;
  const myPaper = e.papers.find((p) => p.authorId === me.id);
  const mayComment = isAllowed(review, 'comment_on_escalation', which);
  const client = useTRPCClient();
  const answer = useReviewAction((v: { body: string; replyTo: number }) =>
    client.escalation.comment.mutate({ ...target(review, e), ...v }),
  );
  // Comments are threaded: a reply answers one comment of this escalation.
  const reply = (body: string, replyTo: number) => answer.mutateAsync({ body, replyTo });
  return (
    <article className="escalation" aria-labelledby={titleId} data-escalation={e.id}>
      <h3 id={titleId}>
        {name.title}{' '}
        <Badge tone={open ? 'warn' : e.decision === 'do_not_ship' ? 'bad' : 'ok'}>
          {open ? 'open' : `decided: ${ESCALATION_DECISION_LABELS[e.decision ?? 'proceed'].toLowerCase()}`}
        </Badge>
      </h3>
      <dl className="facts">
        <div>
          <dt>Question</dt>
          <dd>{e.question}</dd>
        </div>
        <div>
          <dt>Level</dt>
          <dd>{ESCALATION_LEVEL_LABELS[e.level]}</dd>
        </div>
        <div>
          <dt>Opened by</dt>
          <dd>
            {nameOf(e.openedBy)}, with facilitator {nameOf(e.facilitatorId)}
          </dd>
        </div>
        <div>
          <dt>Step</dt>
          <dd>
            {!open
              ? 'Decided'
              : e.papersShared
                ? 'Papers shared: comments, meeting if necessary, then the decision'
                : 'Position papers being written'}
          </dd>
        </div>
        {e.decision && (
          <div>
            <dt>Decision</dt>
            <dd>
              {ESCALATION_DECISION_LABELS[e.decision]}: {e.rationale}
            </dd>
          </div>
        )}
        {e.decision && (
          <div>
            <dt>Decided</dt>
            <dd>
              Decided by{' '}
              {e.decidedByName ?? (e.decidedBy === null ? 'the decision maker' : nameOf(e.decidedBy))}
              {e.decidedAt && `, ${formatDate(e.decidedAt)}`}
            </dd>
          </div>
        )}
      </dl>

      <h4>Position papers</h4>
      {!e.papersShared && (
        <p className="hint">Until the papers are shared, each party sees only its own draft.</p>
      )}
      {e.papers.length === 0 ? (
        <p className="empty-line">No paper {e.papersShared ? 'was written' : 'of yours yet'}.</p>
      ) : (
        <PositionPapers
          papers={e.papers}
          shared={e.papersShared}
          label={`Position papers of ${name.label}`}
        />
      )}
      {isAllowed(review, 'write_position_paper', which) && (
        <PaperForm review={review} escalation={e} name={name} mine={myPaper?.body} />
      )}
      {isAllowed(review, 'share_position_papers', which) && (
        <ShareButton review={review} escalation={e} name={name} />
      )}

      {e.papersShared && (
        <>
          <h4>Comments</h4>
          {e.comments.length === 0 ? (
            <p className="empty-line">No comment yet.</p>
          ) : (
            <CommentThread
              comments={e.comments}
              label={`Comments on ${name.label}`}
              send={mayComment ? reply : undefined}
            />
          )}
          {mayComment && <CommentForm review={review} escalation={e} name={name} />}
        </>
      )}

      {(e.meetings.length > 0 || (open && party)) && <h4>Meetings</h4>}
      {e.meetings.length > 0 && (
        <ul aria-label={`Meetings of ${name.label}`}>
          {e.meetings.map((m) => (
            <li key={m.id}>
              <Badge tone={m.state === 'held' ? 'ok' : 'info'}>{m.state}</Badge> {formatDate(m.scheduledFor)}:{' '}
              {m.agenda}
              {m.notes && <p>Notes: {m.notes}</p>}
              {open && party && m.state === 'scheduled' && (
                <RecordMeeting
                  review={review}
                  escalation={e}
                  name={name}
                  meetingId={m.id}
                  meeting={`the meeting of ${formatDate(m.scheduledFor)}${countAmong(e.meetings, m, (x) => formatDate(x.scheduledFor))}`}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {open && party && <ScheduleMeeting review={review} escalation={e} name={name} />}

      {open && (decisionMaker || me.id === e.facilitatorId) && e.level !== 'ceo' && (
        <RaiseButton review={review} escalation={e} name={name} />
      )}
      {decide?.allowed && <DecideForm review={review} escalation={e} name={name} />}
      {open && decisionMaker && !decide?.allowed && <NotAllowed reason={decide?.reason} />}
    </article>
  );
}

type Props = { review: ReviewView; escalation: EscalationView; name: EscalationName };
const target = (review: ReviewView, e: EscalationView) => ({
  review: review.key,
  escalationId: e.id,
  idempotencyKey: idempotencyKey(),
});

function PaperForm({ review, escalation: e, name, mine }: Props & { mine: string | undefined }) {
  const client = useTRPCClient();
  const [body, setBody] = useState(mine ?? '');
  const write = useReviewAction(() => client.escalation.writePaper.mutate({ ...target(review, e), body }));
  return (
    <form
      className="inline-form"
      aria-label={`Position paper for ${name.label}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        write.mutate();
      }}
    >
      <Field label="Your position paper (recommended approach)" context={name.context}>
        {(p) => (
          <textarea {...p} name="paper" rows={4} value={body} onChange={(ev) => setBody(ev.target.value)} />
        )}
      </Field>
      <FormError error={write.error} />
      <button type="submit" disabled={write.isPending || !body.trim() || body === mine}>
        {mine === undefined ? 'Save my position paper' : 'Revise my position paper'}
        <Context>{name.context}</Context>
      </button>
    </form>
  );
}

function ShareButton({ review, escalation: e, name }: Props) {
  const client = useTRPCClient();
  const share = useReviewAction(() => client.escalation.share.mutate(target(review, e)));
  return (
    <div className="actions">
      <button type="button" disabled={share.isPending} onClick={() => share.mutate()}>
        Share the position papers with all parties
        <Context>{name.context}</Context>
      </button>
      <FormError error={share.error} />
    </div>
  );
}

function CommentForm({ review, escalation: e, name }: Props) {
  const client = useTRPCClient();
  const [body, setBody] = useState('');
  const send = useReviewAction(() => client.escalation.comment.mutate({ ...target(review, e), body }));
  return (
    <form
      className="inline-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        send.mutate(undefined, { onSuccess: () => setBody('') });
      }}
    >
      <Field label={`Comment on ${name.label}`}>
        {(p) => (
          <textarea
            {...p}
            name="escalationComment"
            rows={2}
            value={body}
            onChange={(ev) => setBody(ev.target.value)}
          />
        )}
      </Field>
      <FormError error={send.error} />
      <button type="submit" disabled={send.isPending || !body.trim()}>
        Comment on the escalation
        <Context>{name.context}</Context>
      </button>
    </form>
  );
}

function ScheduleMeeting({ review, escalation: e, name }: Props) {
  const client = useTRPCClient();
  const [when, setWhen] = useState('');
  const [agenda, setAgenda] = useState('');
  const schedule = useReviewAction(() =>
    client.escalation.scheduleMeeting.mutate({
      ...target(review, e),
      scheduledAt: new Date(when).toISOString(),
      agenda,
    }),
  );
  return (
    <form
      className="inline-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        schedule.mutate(undefined, {
          onSuccess: () => {
            setWhen('');
            setAgenda('');
          },
        });
      }}
    >
      <Field label="Meeting time" context={name.context}>
        {(p) => (
          <input
            {...p}
            type="datetime-local"
            name="meetingTime"
            value={when}
            onChange={(ev) => setWhen(ev.target.value)}
          />
        )}
      </Field>
      <Field label="Meeting agenda" context={name.context}>
        {(p) => (
          <input {...p} name="meetingAgenda" value={agenda} onChange={(ev) => setAgenda(ev.target.value)} />
        )}
      </Field>
      <FormError error={schedule.error} />
      <button type="submit" disabled={schedule.isPending || !when || !agenda.trim()}>
        Schedule a meeting
        <Context>{name.context}</Context>
      </button>
    </form>
  );
}

/** `meeting` names it by its time (and its number when two share it): its controls say which one they record. */
function RecordMeeting({
  review,
  escalation: e,
  meetingId,
  meeting,
}: Props & { meetingId: number; meeting: string }) {
  const client = useTRPCClient();
  const [notes, setNotes] = useState('');
  const record = useReviewAction(() =>
    client.escalation.recordMeeting.mutate({ ...target(review, e), meetingId, notes }),
  );
  return (
    <form
      className="inline-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        record.mutate();
      }}
    >
      <Field label="Notes of the meeting" context={`(${meeting})`}>
        {(p) => (
          <textarea
            {...p}
            name="meetingNotes"
            rows={2}
            value={notes}
            onChange={(ev) => setNotes(ev.target.value)}
          />
        )}
      </Field>
      <FormError error={record.error} />
      <button type="submit" disabled={record.isPending || !notes.trim()}>
        Record the meeting as held
        <Context>{`(${meeting})`}</Context>
      </button>
    </form>
  );
}

function RaiseButton({ review, escalation: e, name }: Props) {
  const client = useTRPCClient();
  const raise = useReviewAction(() => client.escalation.raise.mutate(target(review, e)));
  const next = e.level === 'product_owner' ? 'CPO' : 'CEO';
  return (
    <div className="actions">
      <button type="button" disabled={raise.isPending} onClick={() => raise.mutate()}>
        Raise to the {next}
        <Context>{name.context}</Context>
      </button>
      <FormError error={raise.error} />
    </div>
  );
}

interface NewMitigation {
  area: Area;
  kind: MitigationKind;
  description: string;
}

type EscalationDecision = 'proceed' | 'proceed_with_mitigations' | 'do_not_ship';

/** SPEC 9 step 4: the decision starts unchosen, is confirmed before it is recorded, and says why it waits. */
function DecideForm({ review, escalation: e, name }: Props) {
  const client = useTRPCClient();
  const [decision, setDecision] = useState<EscalationDecision | ''>('');
  const [rationale, setRationale] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [mitigation, setMitigation] = useState<NewMitigation>({
    area: e.areas[0] ?? 'privacy_technical',
    kind: 'technical_control',
    description: '',
  });
  const decide = useReviewAction((d: EscalationDecision) =>
    client.escalation.decide.mutate({
      ...target(review, e),
      decision: {
        decision: d,
        rationale,
        mitigations: d === 'proceed_with_mitigations' ? [mitigation] : [],
      },
    }),
  );
  const missing = !decision
    ? 'Choose the decision first.'
    : !rationale.trim()
      ? 'Write the rationale of the decision first.'
      : decision === 'proceed_with_mitigations' && !mitigation.description.trim()
        ? 'Describe the mitigation this decision requires first.'
        : null;
  const whyId = `decide-${e.id}-why`;
  return (
    <form
      className="decide-form"
      aria-label={`Decide ${name.label}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!missing) setConfirming(true);
      }}
    >
      <Field label="Escalation decision">
        {(p) => (
          <select
            {...p}
            name="escalationDecision"
            value={decision}
            onChange={(ev) => {
              setDecision(ev.target.value as EscalationDecision | '');
              setConfirming(false);
            }}
          >
            <option value="">Choose…</option>
            {(['proceed', 'proceed_with_mitigations', 'do_not_ship'] as const).map((d) => (
              <option key={d} value={d}>
                {ESCALATION_DECISION_LABELS[d]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {decision === 'proceed_with_mitigations' && (
        <fieldset>
          <legend>The mitigation this decision requires</legend>
          <Field label="Mitigation area">
            {(p) => (
              <select
                {...p}
                name="mitigationArea"
                value={mitigation.area}
                onChange={(ev) => setMitigation({ ...mitigation, area: ev.target.value as Area })}
              >
                {AREAS.map((a) => (
                  <option key={a} value={a}>
                    {AREA_LABELS[a]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Mitigation kind">
            {(p) => (
              <select
                {...p}
                name="mitigationKind"
                value={mitigation.kind}
                onChange={(ev) => setMitigation({ ...mitigation, kind: ev.target.value as MitigationKind })}
              >
                {(Object.keys(MITIGATION_KIND_LABELS) as MitigationKind[]).map((k) => (
                  <option key={k} value={k}>
                    {MITIGATION_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Mitigation description">
            {(p) => (
              <input
                {...p}
                name="mitigationDescription"
                value={mitigation.description}
                onChange={(ev) => setMitigation({ ...mitigation, description: ev.target.value })}
              />
            )}
          </Field>
        </fieldset>
      )}
      <Field label="Decision rationale">
        {(p) => (
          <textarea
            {...p}
            name="decisionRationale"
            rows={3}
            value={rationale}
            onChange={(ev) => {
              setRationale(ev.target.value);
              setConfirming(false);
            }}
          />
        )}
      </Field>
      <FormError error={decide.error} />
      {confirming && decision ? (
        <fieldset className="confirm-step">
          <legend>Confirm the decision</legend>
          <p>
            Record “{ESCALATION_DECISION_LABELS[decision]}” as the decision of this escalation? It cannot be
            changed afterwards.
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={decide.isPending}
              onClick={() => decide.mutate(decision, { onSuccess: () => setConfirming(false) })}
            >
              Confirm: {ESCALATION_DECISION_LABELS[decision]}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Back
            </button>
          </div>
        </fieldset>
      ) : (
        <>
          <button
            type="submit"
            disabled={decide.isPending || missing !== null}
            aria-describedby={missing ? whyId : undefined}
          >
            Record the decision
          </button>
          <NotAllowed id={whyId} reason={missing} />
        </>
      )}
    </form>
  );
}

/** Opens an escalation on one area, from that area's card. */
export function OpenEscalation({
  review,
  area,
  onDone,
}: {
  review: ReviewView;
  area: Area;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { me } = useSession();
  const facilitators = useQuery(trpc.inbox.facilitators.queryOptions());
  const candidates = facilitators.data?.find((f) => f.area === area)?.people ?? [];
  const [facilitatorId, setFacilitatorId] = useState<string>(
    me.facilitatorAreas.includes(area) ? String(me.id) : '',
  );
  const [question, setQuestion] = useState('');
  const label = AREA_LABELS[area];
  const formRef = useRef<HTMLFormElement>(null);
  const loaded = facilitators.isSuccess;
  // Opened from a button that is now gone: focus moves into the form, not to the page body.
  useEffect(() => {
    if (loaded) formRef.current?.querySelector<HTMLElement>('select, textarea')?.focus();
  }, [loaded]);
  const open = useReviewAction(() =>
    client.escalation.open.mutate({
      review: review.key,
      areas: [area],
      facilitatorId: Number(facilitatorId),
      question,
      idempotencyKey: idempotencyKey(),
    }),
  );
  if (facilitators.isPending) return <Loading what="the facilitators" />;
  if (facilitators.isError)
    return (
      <ErrorState error={facilitators.error} retry={() => facilitators.refetch()} what="the facilitators" />
    );
  return (
    <form
      ref={formRef}
      className="inline-form escalation-open"
      aria-label={`Escalate ${label}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        open.mutate(undefined, { onSuccess: onDone });
      }}
    >
      <Field label={`Facilitator working with you on ${label}`}>
        {(p) => (
          <select
            {...p}
            name="escalationFacilitator"
            value={facilitatorId}
            onChange={(ev) => setFacilitatorId(ev.target.value)}
          >
            <option value="">Choose…</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={`Disputed question on ${label}`}>
        {(p) => (
          <textarea
            {...p}
            name="escalationQuestion"
            rows={2}
            value={question}
            onChange={(ev) => setQuestion(ev.target.value)}
          />
        )}
      </Field>
      <FormError error={open.error} />
      <div className="actions">
        <button type="submit" disabled={open.isPending || !facilitatorId || !question.trim()}>
          Open the escalation
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
