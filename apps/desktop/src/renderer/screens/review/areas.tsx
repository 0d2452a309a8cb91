import type { Area } from '@signoff/core';
import { useRef, useState } from 'react';
import { idempotencyKey, type ReviewView, useTRPCClient } from '../../api.ts';
import { CommentThread } from '../../components/comment-thread.tsx';
import { ChangesSinceSignOff } from '../../components/diff-by-question.tsx';
import { Field } from '../../components/field.tsx';
import { Context } from '../../components/naming.tsx';
import { NotAllowed } from '../../components/not-allowed.tsx';
import { Badge, FormError } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { AREA_LABELS, formatDate } from '../../vocabulary.ts';
import { isAllowed, stepAwaits, verdictOf } from './allowed.ts';
import { OpenEscalation } from './escalations.tsx';
import { useReviewAction } from './use-review-action.ts';

type AreaView = ReviewView['areas'][number];

/** The four risk-assessment areas, each with its sign-off, reviewers and comments. */
export function Areas({ review }: { review: ReviewView }) {
  if (review.status !== 'sensitive_review' && review.areas.every((a) => a.history.length === 0)) return null;
  return (
    <section aria-labelledby="areas-title" className="card">
      <h2 id="areas-title">Sign-offs by area</h2>
      <div className="areas">
        {review.areas.map((a) => (
          <AreaCard key={a.area} review={review} area={a} />
        ))}
      </div>
    </section>
  );
}

function AreaCard({ review, area }: { review: ReviewView; area: AreaView }) {
  const { me } = useSession();
  const current = area.current;
  const titleId = `area-${area.area}`;
  const comments = review.comments.filter((c) => c.area === area.area);
  const [escalating, setEscalating] = useState(false);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const escalateRef = useRef<HTMLButtonElement>(null);
  const which = { area: area.area };
  const record = verdictOf(review, 'record_sign_off', which);
  const reconfirm = verdictOf(review, 'reconfirm_sign_off', which);
  const mayRecord = record?.allowed === true;
  // Before their turn (SPEC 5 ordering) the area's facilitators see why, not a form the API would refuse.
  const waiting =
    !mayRecord &&
    !reconfirm?.allowed &&
    stepAwaits(review, me.id, ['record_sign_off', 'reconfirm_sign_off'], which)
      ? record?.reason
      : null;
  const mayComment =
    review.status === 'sensitive_review' &&
    (me.facilitatorAreas.includes(area.area) ||
      area.reviewers.some((r) => r.personId === me.id) ||
      review.proposerId === me.id);
  const client = useTRPCClient();
  const answer = useReviewAction((v: { body: string; replyTo: number }) =>
    client.signOff.comment.mutate({
      review: review.key,
      area: area.area,
      ...v,
      idempotencyKey: idempotencyKey(),
    }),
  );
  const reply = (body: string, replyTo: number) => answer.mutateAsync({ body, replyTo });
  return (
    <article className={`area-card area-${area.state}`} aria-labelledby={titleId} data-area={area.area}>
      <h3 id={titleId}>
        {AREA_LABELS[area.area]} {area.state === 'missing' && <Badge tone="warn">no sign-off</Badge>}
        {area.state === 'stale' && <Badge tone="warn">stale</Badge>}
        {area.state === 'current' && current && (
          <Badge tone={current.decision === 'approved' ? 'ok' : 'bad'}>
            {DECISION_LABELS[current.decision]}
          </Badge>
        )}
      </h3>
      {current ? (
        <dl className="sign-off">
          <div>
            <dt>Risk</dt>
            <dd>{current.risk}</dd>
          </div>
          <div>
            <dt>Decision</dt>
            <dd>{DECISION_LABELS[current.decision]}</dd>
          </div>
          <div>
            <dt>Rationale</dt>
            <dd>{current.rationale}</dd>
          </div>
          <div>
            <dt>By</dt>
            <dd>
              {current.facilitatorName}, revision {current.revision}, {formatDate(current.createdAt)}
            </dd>
          </div>
          {current.precedentReviewId && (
            <div>
              <dt>Precedent</dt>
              <dd>{current.precedentKey ?? `DR-${current.precedentReviewId}`}</dd>
            </div>
          )}
          {area.area === 'legal_trust' && (
            <div>
              <dt>Trust approval</dt>
              <dd>{current.trustApproval ? 'given' : 'not given'}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="empty-line">No sign-off recorded yet.</p>
      )}
      {area.reviewers.length > 0 && <p>Reviewers: {area.reviewers.map((r) => r.name).join(', ')}</p>}
      <CommentThread
        comments={comments}
        label={`Comments on ${AREA_LABELS[area.area]}`}
        send={mayComment ? reply : undefined}
      />
      {recorded && (
        <div className="confirmation" role="status">
          <p>
            Recorded {AREA_LABELS[area.area]} sign-off: {DECISION_LABELS[recorded.decision]}, risk{' '}
            {recorded.risk}, on revision {recorded.revision}
            {recorded.trustApproval ? ', with Trust approval' : ''}.
          </p>
          {mayRecord && (
            <button type="button" className="link-button" onClick={() => setRecorded(null)}>
              Record another {AREA_LABELS[area.area]} sign-off
            </button>
          )}
        </div>
      )}
      {reconfirm?.allowed && <Reconfirm review={review} area={area} />}
      {mayRecord && !recorded && <SignOffForm review={review} area={area} onRecorded={setRecorded} />}
      <NotAllowed reason={waiting} />
      {isAllowed(review, 'add_reviewer', which) && <AddReviewer review={review} area={area.area} />}
      {mayComment && <CommentForm review={review} area={area.area} />}
      {isAllowed(review, 'open_escalation', which) &&
        (escalating ? (
          <OpenEscalation
            review={review}
            area={area.area}
            onDone={() => {
              setEscalating(false);
              // Back to where the person was (the dialog is gone).
              requestAnimationFrame(() => escalateRef.current?.focus());
            }}
          />
        ) : (
          <div className="actions">
            <button type="button" ref={escalateRef} onClick={() => setEscalating(true)}>
              Escalate {AREA_LABELS[area.area]}
            </button>
          </div>
        ))}
    </article>
  );
}

interface Recorded {
  risk: Risk;
  decision: Decision;
  revision: number;
  trustApproval: boolean;
}
type Risk = 'low' | 'medium' | 'high';
type Decision = 'approved' | 'changes_requested' | 'rejected';
const DECISION_LABELS: Record<Decision, string> = {
  approved: 'approved',
  changes_requested: 'changes requested',
  rejected: 'rejected',
};

function Reconfirm({ review, area }: { review: ReviewView; area: AreaView }) {
  const { me } = useSession();
  const client = useTRPCClient();
  const reconfirm = useReviewAction(() =>
    client.signOff.reconfirm.mutate({
      review: review.key,
      area: area.area,
      idempotencyKey: idempotencyKey(),
    }),
  );
  return (
    <div className="reconfirm">
      <ChangesSinceSignOff
        reviewKey={review.key}
        currentRevision={review.currentRevision}
        signOffs={area.history}
        myId={me.id}
      />
      <button type="button" disabled={reconfirm.isPending} onClick={() => reconfirm.mutate()}>
        Re-confirm {AREA_LABELS[area.area]} sign-off on revision {review.currentRevision}
      </button>
      <FormError error={reconfirm.error} />
    </div>
  );
}

/** SPEC 5: risk, decision and rationale start empty: nothing is judged until the facilitator judges it. */
function SignOffForm({
  review,
  area,
  onRecorded,
}: {
  review: ReviewView;
  area: AreaView;
  onRecorded: (r: Recorded) => void;
}) {
  const client = useTRPCClient();
  const [risk, setRisk] = useState<Risk | ''>('');
  const [decision, setDecision] = useState<Decision | ''>('');
  const [rationale, setRationale] = useState('');
  const [precedent, setPrecedent] = useState('');
  const [trustApproval, setTrustApproval] = useState(false);
  const [tried, setTried] = useState(false);
  const label = AREA_LABELS[area.area];
  const record = useReviewAction((judged: { risk: Risk; decision: Decision }) =>
    client.signOff.record.mutate({
      review: review.key,
      area: area.area,
      ...judged,
      rationale,
      precedentReviewId: precedent,
      trustApproval,
      idempotencyKey: idempotencyKey(),
    }),
  );
  const missing = {
    risk: tried && !risk ? `Choose the ${label} risk.` : undefined,
    decision: tried && !decision ? `Choose the ${label} decision.` : undefined,
    rationale: tried && !rationale.trim() ? `Write the ${label} rationale.` : undefined,
  };
  return (
    <div className="sign-off-forms">
      <form
        aria-label={`Record ${label} sign-off`}
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!risk || !decision || !rationale.trim()) return;
          record.mutate(
            { risk, decision },
            {
              onSuccess: (r) =>
                onRecorded({
                  risk: r.risk,
                  decision: r.decision,
                  revision: r.revision,
                  trustApproval: r.trustApproval,
                }),
            },
          );
        }}
        noValidate
      >
        <Field label={`${label} risk`} error={missing.risk}>
          {(p) => (
            <select
              {...p}
              name="risk"
              required
              value={risk}
              onChange={(e) => setRisk(e.target.value as Risk | '')}
            >
              <option value="">Choose…</option>
              <option value="low">low</option>
              <option value="medium">medium</option>
              <option value="high">high</option>
            </select>
          )}
        </Field>
        <Field label={`${label} decision`} error={missing.decision}>
          {(p) => (
            <select
              {...p}
              name="decision"
              required
              value={decision}
              onChange={(e) => setDecision(e.target.value as Decision | '')}
            >
              <option value="">Choose…</option>
              <option value="approved">approved</option>
              <option value="changes_requested">changes requested</option>
              <option value="rejected">rejected</option>
            </select>
          )}
        </Field>
        <Field label={`${label} rationale`} error={missing.rationale}>
          {(p) => (
            <textarea
              {...p}
              name="rationale"
              required
              rows={2}
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
            />
          )}
        </Field>
        <Field label="Precedent review, e.g. DR-9 (optional)">
          {(p) => (
            <input {...p} name="precedent" value={precedent} onChange={(e) => setPrecedent(e.target.value)} />
          )}
        </Field>
        {area.area === 'legal_trust' && (
          <label>
            <input
              type="checkbox"
              name="trustApproval"
              checked={trustApproval}
              onChange={(e) => setTrustApproval(e.target.checked)}
            />
            Give Trust approval
          </label>
        )}
        <FormError error={record.error} />
        <button type="submit" disabled={record.isPending}>
          Record {label} sign-off
        </button>
      </form>
    </div>
  );
}

function AddReviewer({ review, area }: { review: ReviewView; area: Area }) {
  const client = useTRPCClient();
  const [email, setEmail] = useState('');
  const add = useReviewAction(() => client.signOff.addReviewer.mutate({ review: review.key, area, email }));
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(undefined, { onSuccess: () => setEmail('') });
      }}
    >
      <Field label={`Involve a reviewer in ${AREA_LABELS[area]} (email)`}>
        {(p) => (
          <input
            {...p}
            type="email"
            name="reviewerEmail"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <FormError error={add.error} />
      <button type="submit" disabled={add.isPending || !email}>
        Add reviewer
      </button>
    </form>
  );
}

function CommentForm({ review, area }: { review: ReviewView; area: Area }) {
  const client = useTRPCClient();
  const [body, setBody] = useState('');
  const send = useReviewAction(() =>
    client.signOff.comment.mutate({ review: review.key, area, body, idempotencyKey: idempotencyKey() }),
  );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate(undefined, { onSuccess: () => setBody('') });
      }}
    >
      <Field label={`Comment on ${AREA_LABELS[area]}`}>
        {(p) => (
          <textarea {...p} name="comment" rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
        )}
      </Field>
      <FormError error={send.error} />
      <button type="submit" disabled={send.isPending || !body.trim()}>
        Comment
        <Context>{`on ${AREA_LABELS[area]}`}</Context>
      </button>
    </form>
  );
}
