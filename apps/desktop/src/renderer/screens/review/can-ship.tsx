import type { ReviewView } from '../../api.ts';
import { Badge, Empty } from '../../components/states.tsx';
import { AREA_LABELS, CHANNEL_LABELS, formatDate } from '../../vocabulary.ts';

/** "Can it ship?" per requested channel, with every blocker the gate reports. */
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
                {r.canShip ? <Badge tone="ok">can ship</Badge> : <Badge tone="bad">blocked</Badge>}
              </h3>
              {r.blockers.length > 0 && (
                <ul aria-label={`Blockers on ${CHANNEL_LABELS[r.channel]}`}>
                  {r.blockers.map((b) => (
                    <li key={`${b.code}-${b.area ?? ''}`}>
                      <code>{b.code}</code>
                      {b.area && ` (${AREA_LABELS[b.area]})`}: {b.message}
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
    </section>
  );
}
