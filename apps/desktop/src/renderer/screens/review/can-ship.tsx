import type { StepAction } from '@signoff/core';
import type { ReviewView } from '../../api.ts';
import { Badge, Empty } from '../../components/states.tsx';
import { AREA_LABELS, CHANNEL_LABELS, formatDate } from '../../vocabulary.ts';
import { anyOf, namesOf } from './pipeline.tsx';

type Blocker = ReviewView['canShip'][number]['blockers'][number];
type Step = ReviewView['openSteps'][number];

/** What the owner of a step does, and the section of the review page where they do it. */
const ACTIONS: Record<StepAction, { label: string; section: string | null }> = {
  complete_request_form: { label: 'Complete the request form', section: 'doc-title' },
  submit: { label: 'Submit the request', section: 'doc-title' },
  resubmit: { label: 'Resubmit the request', section: 'doc-title' },
  revise_documentation: { label: 'Revise the documentation', section: 'doc-title' },
  record_steward_review: { label: 'Record the data review', section: 'steward-title' },
  answer_legal_trust: { label: 'Answer the data steward for Trust and Legal', section: null },
  record_sign_off: { label: 'Record the sign-off', section: 'areas-title' },
  reconfirm_sign_off: { label: 'Re-confirm the sign-off', section: 'areas-title' },
  propose_mitigation: { label: 'Propose the mitigation', section: 'mitigations-title' },
  implement_mitigation: { label: 'Implement the mitigation', section: 'mitigations-title' },
  judge_mitigation: { label: 'Accept or reject the mitigation', section: 'mitigations-title' },
  revise_mitigation: { label: 'Revise the mitigation', section: 'mitigations-title' },
  announce: { label: 'Send the announcement', section: 'announcement-title' },
  deliver_announcement: { label: 'See the announcement’s delivery', section: 'announcement-title' },
  hold_discussion: { label: 'Hold the live discussion', section: 'discussions-title' },
  open_escalation: { label: 'Open an escalation', section: 'escalations-title' },
  write_position_paper: { label: 'Write a position paper', section: 'escalations-title' },
  share_position_papers: { label: 'Share the position papers', section: 'escalations-title' },
  comment_on_escalation: { label: 'Comment on the escalation', section: 'escalations-title' },
  decide_escalation: { label: 'Decide the escalation', section: 'escalations-title' },
  request_renewal: { label: 'Request a renewal', section: null },
  review_renewal: { label: 'Review the renewal request', section: null },
  answer_renewal_legal_trust: { label: 'Answer the data steward on the renewal', section: null },
  mark_shipped: { label: 'Mark as shipped', section: 'review-title' },
};

const ROLE_WORDS: Record<Step['owner']['role'], string> = {
  proposer: 'The proposer',
  data_steward: 'A data steward',
  facilitator: 'A facilitator',
  decision_maker: 'The decision maker',
  admin: 'An admin (the mail server)',
  party: 'The parties to the escalation',
};

/** The open steps that clear a blocker (review.get's openSteps, built in core from the gate's blockers). */
const stepsFor = (review: ReviewView, b: Blocker): Step[] => {
  const area = b.owner?.area ?? b.area;
  const matching = review.openSteps.filter(
    (s) =>
      s.blocker === b.code &&
      (area === undefined || s.area === undefined || s.area === area) &&
      (b.mitigationId === undefined || s.mitigationId === b.mitigationId) &&
      (b.escalationId === undefined || s.escalationId === b.escalationId),
  );
  const ready = matching.filter((s) => s.ready);
  return ready.length ? ready : matching;
};

function WhoActs({ review, blocker }: { review: ReviewView; blocker: Blocker }) {
  const names = namesOf(review);
  const steps = stepsFor(review, blocker);
  if (!blocker.owner || !blocker.action)
    return <span className="blocker-owner">Nobody can clear this: it is final.</span>;
  if (steps.length === 0) {
    const action = ACTIONS[blocker.action];
    return (
      <span className="blocker-owner">
        {ROLE_WORDS[blocker.owner.role]}
        {blocker.owner.area ? ` of ${AREA_LABELS[blocker.owner.area]}` : ''}: {action.label.toLowerCase()}.
      </span>
    );
  }
  return (
    <>
      {steps.map((s) => {
        const who = anyOf(names(s.owner.personIds));
        const role = (lower: boolean) =>
          `${lower ? ROLE_WORDS[s.owner.role].toLowerCase() : ROLE_WORDS[s.owner.role]}${s.owner.area ? ` of ${AREA_LABELS[s.owner.area]}` : ''}`;
        const action = ACTIONS[s.action];
        const after = s.waitsFor.map((w) =>
          w.area ? AREA_LABELS[w.area] : ACTIONS[w.action].label.toLowerCase(),
        );
        return (
          <span
            key={`${s.action}-${s.area ?? ''}-${s.mitigationId ?? ''}-${s.escalationId ?? ''}`}
            className="blocker-owner"
          >
            Who acts: {who ? `${who} (${role(true)})` : role(false)}
            {after.length > 0 && `, after ${anyOf(after, 'and')}`}.{' '}
            {action.section ? <a href={`#${action.section}`}>{action.label}</a> : action.label}
          </span>
        );
      })}
    </>
  );
}

/** "Can it ship?" per requested channel: every blocker the gate reports, who must act on it, and where. */
export function CanShip({ review }: { review: ReviewView }) {
  return (
    <section aria-labelledby="can-ship-title" className="card">
      <h2 id="can-ship-title">Can it ship?</h2>
      {review.canShip.length === 0 ? (
        <Empty>
          <p>No channel is requested.</p>
        </Empty>
      ) : (
        <div className="can-ship">
          {review.canShip.map((r) => (
            <div
              key={r.channel}
              className={`channel ${r.canShip ? 'ok' : 'blocked'}`}
              data-channel={r.channel}
            >
              <h3>
                {CHANNEL_LABELS[r.channel]}:{' '}
                {r.canShip ? <Badge tone="ok">✓ can ship</Badge> : <Badge tone="bad">✗ blocked</Badge>}
              </h3>
              {r.blockers.length > 0 && (
                <ul aria-label={`Blockers on ${CHANNEL_LABELS[r.channel]}`}>
                  {r.blockers.map((b) => (
                    <li
                      key={`${b.code}-${b.area ?? ''}-${b.mitigationId ?? ''}-${b.escalationId ?? ''}`}
                      data-code={b.code}
                      data-area={b.area}
                    >
                      {b.message}
                      <WhoActs review={review} blocker={b} />
                    </li>
                  ))}
                </ul>
              )}
              <small>
                Revision {r.revision ?? '–'}, evaluated {formatDate(r.evaluatedAt)}
              </small>
            </div>
          ))}
        </div>
      )}
      {review.channelsNotCovered.length > 0 && (
        <p className="not-covered">
          Not covered: {review.key} does not ask to ship on{' '}
          {review.channelsNotCovered.map((c) => CHANNEL_LABELS[c]).join(' or ')}, so it cannot ship there.
        </p>
      )}
    </section>
  );
}
