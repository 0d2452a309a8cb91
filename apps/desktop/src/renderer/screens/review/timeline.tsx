import type { ReviewView } from '../../api.ts';
import { Empty } from '../../components/states.tsx';
import { formatDate } from '../../vocabulary.ts';

/** The review's audit trail, newest first. */
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
        <ol className="timeline" reversed>
          {events.map((e) => (
            <li key={e.seq}>
              <time dateTime={e.at}>{formatDate(e.at)}</time> <code>{e.action}</code> by {e.actor}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
