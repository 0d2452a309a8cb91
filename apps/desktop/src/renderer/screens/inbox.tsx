import { useQuery } from '@tanstack/react-query';
import type { ReviewListItem } from '../api.ts';
import { useTRPC } from '../api.ts';
import { Badge, Empty, ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { AREA_LABELS, categoryLabel, daysSince, STATUS_LABELS } from '../vocabulary.ts';

/** Waiting longer than this is overdue and stands out. */
const OVERDUE_DAYS = 7;

/** Why a review is in my inbox, from what the list tells about it and who I am. */
function reasonFor(item: ReviewListItem, me: ReturnType<typeof useSession>['me']): string {
  if (item.proposerId === me.id) {
    if (item.status === 'draft') return 'Your draft: complete and submit it';
    if (item.status === 'returned') return 'Returned to you: revise and resubmit';
    return 'A mitigation was requested from you';
  }
  if (item.status === 'submitted') return 'Waiting for a data steward';
  const mine = item.waitingAreas.filter((a) => me.facilitatorAreas.includes(a));
  if (mine.length) return `Waiting for your sign-off: ${mine.map((a) => AREA_LABELS[a]).join(', ')}`;
  return 'A mitigation awaits your acceptance';
}

export function Inbox() {
  const trpc = useTRPC();
  const { me } = useSession();
  const action = useQuery(trpc.review.list.queryOptions({ needsMyAction: true, limit: 50 }));
  const all = useQuery(trpc.review.list.queryOptions({ limit: 50 }));
  const mine = all.data?.items.filter((r) => r.proposerId === me.id) ?? [];
  return (
    <section aria-labelledby="inbox-title" className="inbox">
      <h1 id="inbox-title">Inbox</h1>
      <p className="roles">
        Signed in as {me.displayName}
        {me.isSteward && <Badge>data steward</Badge>}
        {me.facilitatorAreas.map((a) => (
          <Badge key={a}>facilitator: {AREA_LABELS[a]}</Badge>
        ))}
        {me.executiveRole && <Badge>{me.executiveRole.toUpperCase()}</Badge>}
        {me.isAdmin && <Badge>admin</Badge>}
      </p>

      <section aria-labelledby="needs-action-title">
        <h2 id="needs-action-title">Needs my action</h2>
        {action.isPending ? (
          <Loading what="your inbox" />
        ) : action.isError ? (
          <ErrorState error={action.error} retry={() => action.refetch()} what="your inbox" />
        ) : action.data.items.length === 0 ? (
          <Empty>
            <p>Nothing waits for you. </p>
            <p>
              <Link to="/reviews/new">Start a new review</Link> or look at the{' '}
              <Link to="/dashboard">dashboard</Link>.
            </p>
          </Empty>
        ) : (
          <ul className="review-list" aria-label="Reviews that need my action">
            {action.data.items.map((r) => {
              const waited = daysSince(r.updatedAt);
              const overdue = waited >= OVERDUE_DAYS;
              return (
                <li key={r.id} className={overdue ? 'overdue' : undefined}>
                  <Link to={`/reviews/${r.key}`}>
                    <strong>{r.key}</strong> {r.title}
                  </Link>
                  <span className="meta">
                    {r.productName} · {STATUS_LABELS[r.status]} · {categoryLabel(r.category)}
                  </span>
                  <span className="reason">{reasonFor(r, me)}</span>
                  {overdue && <Badge tone="bad">overdue: waiting {waited} days</Badge>}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="mine-title">
        <h2 id="mine-title">My reviews</h2>
        {all.isPending ? (
          <Loading what="your reviews" />
        ) : all.isError ? (
          <ErrorState error={all.error} retry={() => all.refetch()} what="your reviews" />
        ) : mine.length === 0 ? (
          <Empty>
            <p>You have not proposed a review yet.</p>
          </Empty>
        ) : (
          <ul className="review-list" aria-label="My reviews">
            {mine.map((r) => (
              <MyReview key={r.id} item={r} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** One of my reviews with what still blocks it, per channel. */
function MyReview({ item }: { item: ReviewListItem }) {
  const trpc = useTRPC();
  const view = useQuery(trpc.review.get.queryOptions({ review: item.key }));
  const blockers =
    view.data?.canShip.flatMap((c) => c.blockers.map((b) => ({ ...b, channel: c.channel }))) ?? [];
  const codes = [...new Set(blockers.map((b) => b.code))];
  return (
    <li>
      <Link to={`/reviews/${item.key}`}>
        <strong>{item.key}</strong> {item.title}
      </Link>
      <span className="meta">
        {item.productName} · {STATUS_LABELS[item.status]}
      </span>
      {view.isPending ? (
        <span className="meta">checking blockers…</span>
      ) : view.isError ? (
        <span className="meta">blockers unavailable</span>
      ) : view.data.canShip.length > 0 && codes.length === 0 ? (
        <Badge tone="ok">can ship</Badge>
      ) : (
        <span className="blocker-codes">
          {codes.map((c) => (
            <Badge key={c} tone="warn">
              {c}
            </Badge>
          ))}
        </span>
      )}
    </li>
  );
}
