import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReviewView } from '../api.ts';
import { useTRPC } from '../api.ts';
import { Empty, ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { AREA_LABELS, AREAS, STATUS_LABELS, STATUSES } from '../vocabulary.ts';

/** How many sensitive reviews the chart reads (one request each). */
const CHART_SAMPLE = 20;

/** Days from submission to each area's approving sign-off, per review. */
export function daysToSignOff(review: ReviewView): Partial<Record<(typeof AREAS)[number], number>> {
  const submitted = review.timeline.find((e) => e.action === 'review.submitted')?.at;
  if (!submitted) return {};
  const out: Partial<Record<(typeof AREAS)[number], number>> = {};
  for (const a of review.areas) {
    if (a.current?.decision !== 'approved') continue;
    const days = (new Date(a.current.createdAt).getTime() - new Date(submitted).getTime()) / 86_400_000;
    out[a.area] = Math.max(0, days);
  }
  return out;
}

export function Dashboard() {
  const trpc = useTRPC();
  const list = useQuery(trpc.review.list.queryOptions({ limit: 100 }));
  const sensitive = (list.data?.items ?? [])
    .filter((r) => (r.category ?? 0) >= 3 && ['sensitive_review', 'approved', 'shipped'].includes(r.status))
    .slice(0, CHART_SAMPLE);
  const details = useQueries({
    queries: sensitive.map((r) => trpc.review.get.queryOptions({ review: r.key })),
  });

  if (list.isPending) return <Loading what="the dashboard" />;
  if (list.isError)
    return <ErrorState error={list.error} retry={() => list.refetch()} what="the dashboard" />;
  const items = list.data.items;
  const counts = STATUSES.map((s) => ({ status: s, count: items.filter((r) => r.status === s).length }));
  const max = Math.max(1, ...counts.map((c) => c.count));

  const perArea = AREAS.map((area) => {
    const values = details
      .flatMap((d) => (d.data ? [daysToSignOff(d.data)[area]] : []))
      .filter((v): v is number => v !== undefined);
    const average = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    return { area, average, n: values.length };
  });
  const maxDays = Math.max(1, ...perArea.map((p) => p.average ?? 0));
  const loadingDetails = details.some((d) => d.isPending);

  return (
    <section aria-labelledby="dash-title" className="dashboard">
      <h1 id="dash-title">Dashboard</h1>
      {items.length === 0 ? (
        <Empty>
          <p>No reviews yet.</p>
          <p>
            <Link to="/reviews/new">Start the first review</Link>.
          </p>
        </Empty>
      ) : (
        <>
          <section aria-labelledby="by-status-title" className="card">
            <h2 id="by-status-title">Reviews by status</h2>
            <table className="bar-table">
              <caption className="visually-hidden">Number of reviews in each status</caption>
              <tbody>
                {counts.map((c) => (
                  <tr key={c.status}>
                    <th scope="row">{STATUS_LABELS[c.status]}</th>
                    <td>
                      <span
                        className="bar"
                        style={{ width: `${(c.count / max) * 100}%` }}
                        aria-hidden="true"
                      />
                      <span className="bar-value">{c.count}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list.data.nextCursor && <p className="hint">Counts cover the newest 100 reviews.</p>}
          </section>
          <section aria-labelledby="days-title" className="card">
            <h2 id="days-title">Days to sign-off per area</h2>
            {sensitive.length === 0 ? (
              <Empty>
                <p>No sensitive review has reached the area sign-offs yet.</p>
              </Empty>
            ) : loadingDetails ? (
              <Loading what="sign-off times" />
            ) : (
              <table className="bar-table">
                <caption className="visually-hidden">
                  Average days from submission to the area's approving sign-off, over the {sensitive.length}{' '}
                  newest sensitive reviews
                </caption>
                <tbody>
                  {perArea.map((p) => (
                    <tr key={p.area}>
                      <th scope="row">{AREA_LABELS[p.area]}</th>
                      <td>
                        <span
                          className="bar bar-area"
                          style={{ width: `${((p.average ?? 0) / maxDays) * 100}%` }}
                          aria-hidden="true"
                        />
                        <span className="bar-value">
                          {p.average === null
                            ? 'no approval yet'
                            : `${p.average.toFixed(1)} days (${p.n} reviews)`}
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
