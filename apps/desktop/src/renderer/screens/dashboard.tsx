import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api.ts';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { AREA_LABELS, plural, STATUS_LABELS } from '../vocabulary.ts';
import { Flow } from './flow.tsx';
import { reviewsHref } from './reviews.tsx';

/**
 * Reviews by status and days to sign-off per area (inbox.dashboard), and the flow of reviews through the
 * stages with the time each takes (review.flow). Every figure links to the list of reviews behind it.
 */
export function Dashboard() {
  const trpc = useTRPC();
  const dash = useQuery(trpc.inbox.dashboard.queryOptions());
  if (dash.isPending) return <Loading what="the dashboard" />;
  if (dash.isError)
    return <ErrorState error={dash.error} retry={() => dash.refetch()} what="the dashboard" />;
  const { total, byStatus, signOffDays } = dash.data;
  const max = Math.max(1, ...byStatus.map((c) => c.count));
  const maxDays = Math.max(1, ...signOffDays.map((p) => p.averageDays ?? 0));
  const anySignOff = signOffDays.some((p) => p.reviews > 0);
  return (
    <section aria-labelledby="dash-title" className="dashboard">
      <h1 id="dash-title">Dashboard</h1>
      {total === 0 ? (
        <Empty>
          <p>No reviews yet.</p>
          <p>
            <Link to="/reviews/new">Start the first review</Link>.
          </p>
        </Empty>
      ) : (
        <>
          <Flow />
          <section aria-labelledby="by-status-title" className="card">
            <h2 id="by-status-title">Reviews by status</h2>
            <p>
              <Link to="/reviews">All {plural(total, 'review')}</Link>
            </p>
            <table className="bar-table">
              <caption className="visually-hidden">Number of reviews in each status ({total} in all)</caption>
              <tbody>
                {byStatus.map((c) => (
                  <tr key={c.status}>
                    <th scope="row">{STATUS_LABELS[c.status]}</th>
                    <td>
                      <span
                        className="bar"
                        style={{ width: `${(c.count / max) * 100}%` }}
                        aria-hidden="true"
                      />
                      <span className="bar-value">
                        {c.count === 0 ? (
                          '0'
                        ) : (
                          <Link
                            to={reviewsHref({ status: [c.status] })}
                            aria-label={`${c.count} ${c.count === 1 ? 'review' : 'reviews'}: ${STATUS_LABELS[c.status]}`}
                          >
                            {c.count}
                          </Link>
                        )}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="days-title" className="card">
            <h2 id="days-title">Days to sign-off per area</h2>
            {!anySignOff ? (
              <Empty>
                <p>No sensitive review has an approving area sign-off yet.</p>
              </Empty>
            ) : (
              <table className="bar-table">
                <caption className="visually-hidden">
                  Average days from submission to each area's first approving sign-off
                </caption>
                <tbody>
                  {signOffDays.map((p) => (
                    <tr key={p.area}>
                      <th scope="row">{AREA_LABELS[p.area]}</th>
                      <td>
                        <span
                          className="bar bar-area"
                          style={{ width: `${((p.averageDays ?? 0) / maxDays) * 100}%` }}
                          aria-hidden="true"
                        />
                        <span className="bar-value">
                          {p.averageDays === null
                            ? 'no approval yet'
                            : `${p.averageDays.toFixed(1)} days (${plural(p.reviews, 'review')}; median ${(p.medianDays ?? 0).toFixed(1)})`}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </section>
  );
}
