import type { ReviewView } from '../../api.ts';
import { Empty } from '../../components/states.tsx';
import { formatDate } from '../../vocabulary.ts';
import '../progress.css';

type Event = ReviewView['timeline'][number];

/** What happened, in words (the audit's event names are for tools, not people). */
const EVENT_WORDS: Record<string, string> = {
  'review.created': 'created the review',
  'review.submitted': 'submitted the request to a data steward',
  'review.resubmitted': 'resubmitted the request',
  'review.withdrawn': 'withdrew the review',
  'review.shipped': 'marked the collection as shipped',
  'review.made_public': 'made the review public',
  'documentation.revised': 'revised the documentation',
  'steward_review.recorded': 'recorded the data steward’s review',
  'steward.recategorised': 're-categorised the review',
  'sign_off.recorded': 'recorded a sign-off',
  'sign_off.reconfirmed': 're-confirmed a sign-off',
  'reviewer.added': 'involved a reviewer',
  'comment.added': 'commented',
  'announcement.queued': 'sent the announcement to the mailing list',
  'announcement.recorded': 'recorded the announcement sent by hand',
  'discussion.scheduled': 'scheduled a live discussion',
  'discussion.held': 'recorded a live discussion as held',
  'discussion.cancelled': 'cancelled a live discussion',
  'escalation.opened': 'opened an escalation',
  'escalation.paper_written': 'wrote a position paper',
  'escalation.papers_shared': 'shared the position papers',
  'escalation.commented': 'commented on the escalation',
  'escalation.meeting_scheduled': 'scheduled an escalation meeting',
  'escalation.meeting_held': 'recorded an escalation meeting as held',
  'escalation.raised': 'raised the escalation a level',
  'escalation.decided': 'decided the escalation',
  'mitigation.superseded': 'replaced a mitigation',
  'renewal.requested': 'requested a renewal',
  'renewal.reviewed': 'reviewed the renewal',
  'renewal.withdrawn': 'withdrew the renewal',
  'glean.imported': 'imported Glean metrics',
  'classification.linked': 'linked a code revision',
  'reminder.sent': 'sent a reminder',
  'mail.retry_requested': 'asked to retry the mail',
};

/** An event name as words: from the table; a mitigation's move ("mitigation.accepted" → "accepted a mitigation"). */
export function eventWords(action: string): string {
  const known = EVENT_WORDS[action];
  if (known) return known;
  const move = /^mitigation\.([a-z_]+)$/.exec(action)?.[1];
  if (move) return `${move.replace(/_/g, ' ')} a mitigation`;
  return action.replace(/[._]+/g, ' ');
}

/** Who acted, by name: never an email address; the system and tokens in words. */
export function actorWords(e: Pick<Event, 'actor' | 'actorName'>): string {
  if (e.actorName) return e.actorName;
  if (e.actor.startsWith('system:')) return 'The sign-off tracker';
  if (e.actor.startsWith('token:')) return 'An automated client';
  return 'Someone';
}

/** The review's audit trail as a timeline, newest first: when, who (by name) and what. */
export function Timeline({ review }: { review: ReviewView }) {
  const events = [...review.timeline].reverse();
  return (
    <section aria-labelledby="timeline-title" className="card">
      <h2 id="timeline-title">Timeline</h2>
      {events.length === 0 ? (
        <Empty>
          <p>Nothing has happened yet.</p>
        </Empty>
      ) : (
        <ol className="timeline-line" reversed aria-label={`What happened to ${review.key}, newest first`}>
          {events.map((e) => (
            <li key={e.seq}>
              <time dateTime={e.at}>{formatDate(e.at)}</time>
              <span>
                <strong>{actorWords(e)}</strong> {eventWords(e.action)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
