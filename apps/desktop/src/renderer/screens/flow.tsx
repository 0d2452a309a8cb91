import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import './progress.css';
import { STAGE_LABELS } from './review/pipeline.tsx';
import { reviewsHref } from './reviews.tsx';

const days = (d: number) => (d < 1 ? `${Math.round(d * 24)} h` : `${d.toFixed(1)} days`);
const reviews = (n: number) => (n === 1 ? '1 review' : `${n} reviews`);

/**
 * The flow of reviews through the pipeline (review.flow): how many wait in each stage now (a link to the
 * list of them) and how long the stage took the reviews that went through it (a bar for the median).
 */
export function Flow() {
  const trpc = useTRPC();
  const flow = useQuery(trpc.review.flow.queryOptions());
  if (flow.isPending) return <Loading what="the flow of reviews" />;
  if (flow.isError)
    return <ErrorState error={flow.error} retry={() => flow.refetch()} what="the flow of reviews" />;
  const { stages, shipped, withdrawn } = flow.data;
  const longest = Math.max(...stages.map((s) => s.medianDays ?? 0), 1 / 24);
  return (
    <section aria-labelledby="flow-title" className="card">
      <h2 id="flow-title">Flow of reviews through the stages</h2>
      <p>
        Where reviews wait now, and the median time each stage took the reviews that went through it.{' '}
        <Link to={reviewsHref({ status: ['shipped'] })}>{reviews(shipped)} shipped</Link>
        {withdrawn > 0 && (
          <>
            , <Link to={reviewsHref({ status: ['withdrawn'] })}>{reviews(withdrawn)} withdrawn</Link>
          </>
        )}
        .
      </p>
      <ol className="flow" aria-label="Stages, in order">
        {stages.map((s) => (
          <li key={s.stage} className="flow-stage" data-stage={s.stage}>
            <h3>{STAGE_LABELS[s.stage]}</h3>
            <p>
              {s.now > 0 ? (
                <Link to={reviewsHref({ stage: s.stage })}>
                  <span className="flow-now">{s.now}</span> waiting
                  <span className="visually-hidden"> in {STAGE_LABELS[s.stage]}</span>
                </Link>
              ) : (
                <>
                  <span className="flow-now">0</span> waiting
                </>
              )}
            </p>
            <div className="flow-days">
              {s.medianDays === null ? (
                <span className="meta">none went through yet</span>
              ) : (
                <>
                  <svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect className="track" x="0" y="0" width="100" height="8" rx="2" />
                    <rect
                      className="value"
                      x="0"
                      y="0"
                      width={Math.max(2, (s.medianDays / longest) * 100)}
                      height="8"
                      rx="2"
                    />
                  </svg>
                  <span className="meta">
                    median {days(s.medianDays)} ({reviews(s.passed)}; average {days(s.averageDays ?? 0)})
                  </span>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
