import type { ReviewView } from '../../api.ts';
import { Empty } from '../../components/states.tsx';
import { actorWords, eventWords, formatDate } from '../../vocabulary.ts';
import '../progress.css';

type Event = ReviewView['timeline'][number];

/** Who acted, by name: never an email address; the system and tokens in words (core's vocabulary). */
const who = (e: Pick<Event, 'actor' | 'actorName'>) => actorWords(e.actor, e.actorName);

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
                <strong>{who(e)}</strong> {eventWords(e.action)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
