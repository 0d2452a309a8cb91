import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { InboxView } from '../api.ts';
import { useTRPC } from '../api.ts';
import { Badge, Empty, ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import {
  AREA_LABELS,
  CHANNEL_LABELS,
  categoryLabel,
  daysSince,
  ESCALATION_LEVEL_LABELS,
  MITIGATION_KIND_LABELS,
  STATUS_LABELS,
} from '../vocabulary.ts';

const SIGN_OFF_STATE: Record<
  InboxView['signOffs'][number]['state'],
  { label: string; tone: 'warn' | 'bad' }
> = {
  missing: { label: 'no sign-off yet', tone: 'warn' },
  stale: { label: 'stale: re-confirm', tone: 'bad' },
  changes_requested: { label: 'changes requested', tone: 'warn' },
};
const AWAITING: Record<InboxView['escalations'][number]['awaiting'], string> = {
  paper: 'awaits your position paper',
  comment: 'awaits your comment',
  decision: 'awaits your decision',
};

function Waited({ item }: { item: { waitingSince: string; overdue: boolean } }) {
  const days = daysSince(item.waitingSince);
  return item.overdue ? (
    <Badge tone="bad">overdue: waiting {days} days</Badge>
  ) : (
    <span className="meta">waiting {days === 0 ? 'since today' : `${days} day${days === 1 ? '' : 's'}`}</span>
  );
}

function Group({
  id,
  title,
  count,
  children,
}: {
  id: string;
  title: string;
  count: number;
  children: ReactNode;
}) {
  if (count === 0) return null;
  return (
    <section aria-labelledby={id} className="inbox-group">
      <h3 id={id}>
        {title} <span className="count">({count})</span>
      </h3>
      <ul className="review-list" aria-label={title}>
        {children}
      </ul>
    </section>
  );
}

export function Inbox() {
  const trpc = useTRPC();
  const { me } = useSession();
  const inbox = useQuery(trpc.inbox.mine.queryOptions());
  const d = inbox.data;
  const actionCount = d
    ? d.signOffs.length + d.mitigations.length + d.escalations.length + d.stewardQueue.length
    : 0;
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
        {inbox.isPending ? (
          <Loading what="your inbox" />
        ) : inbox.isError ? (
          <ErrorState error={inbox.error} retry={() => inbox.refetch()} what="your inbox" />
        ) : actionCount === 0 ? (
          <Empty>
            <p>Nothing waits for you. </p>
            <p>
              <Link to="/reviews/new">Start a new review</Link> or look at the{' '}
              <Link to="/dashboard">dashboard</Link>.
            </p>
          </Empty>
        ) : (
          <>
            <Group id="inbox-sign-offs" title="Sign-offs awaiting me" count={d!.signOffs.length}>
              {d!.signOffs.map((s) => (
                <li
                  key={`${s.reviewId}-${s.area}`}
                  className={s.overdue ? 'overdue' : undefined}
                  data-state={s.state}
                >
                  <Link to={`/reviews/${s.key}`}>
                    <strong>{s.key}</strong> {s.title}
                  </Link>
                  <span className="meta">
                    {s.productName} · {AREA_LABELS[s.area]} · revision {s.currentRevision}
                  </span>
                  <Badge tone={SIGN_OFF_STATE[s.state].tone}>
                    {SIGN_OFF_STATE[s.state].label}
                    {s.state === 'stale' &&
                      s.signedRevision !== null &&
                      ` (signed revision ${s.signedRevision})`}
                  </Badge>
                  {s.waitsFor.length > 0 && (
                    <span className="reason">
                      After {s.waitsFor.map((a) => AREA_LABELS[a]).join(' and ')} approve
                    </span>
                  )}
                  <Waited item={s} />
                </li>
              ))}
            </Group>
            <Group
              id="inbox-mitigations"
              title="Mitigations awaiting my acceptance"
              count={d!.mitigations.length}
            >
              {d!.mitigations.map((m) => (
                <li key={m.mitigationId} className={m.overdue ? 'overdue' : undefined}>
                  <Link to={`/reviews/${m.key}`}>
                    <strong>{m.key}</strong> {m.title}
                  </Link>
                  <span className="meta">
                    {AREA_LABELS[m.area]} · {MITIGATION_KIND_LABELS[m.kind]}
                    {m.implementedRevision !== null && ` · implemented in revision ${m.implementedRevision}`}
                  </span>
                  <span className="reason">{m.description}</span>
                  <Waited item={m} />
                </li>
              ))}
            </Group>
            <Group id="inbox-escalations" title="Escalations awaiting me" count={d!.escalations.length}>
              {d!.escalations.map((e) => (
                <li key={e.escalationId} className={e.overdue ? 'overdue' : undefined}>
                  <Link to={`/reviews/${e.key}`}>
                    <strong>{e.key}</strong> {e.title}
                  </Link>
                  <span className="meta">
                    {e.areas.map((a) => AREA_LABELS[a]).join(', ')} · {ESCALATION_LEVEL_LABELS[e.level]}
                  </span>
                  <Badge tone="warn">{AWAITING[e.awaiting]}</Badge>
                  <span className="reason">{e.question}</span>
                  <Waited item={e} />
                </li>
              ))}
            </Group>
            <Group id="inbox-steward" title="Waiting for a data steward" count={d!.stewardQueue.length}>
              {d!.stewardQueue.map((r) => (
                <li key={r.reviewId} className={r.overdue ? 'overdue' : undefined}>
                  <Link to={`/reviews/${r.key}`}>
                    <strong>{r.key}</strong> {r.title}
                  </Link>
                  <span className="meta">{r.productName}</span>
                  <Waited item={r} />
                </li>
              ))}
            </Group>
          </>
        )}
      </section>

      <section aria-labelledby="mine-title">
        <h2 id="mine-title">My reviews</h2>
        {inbox.isPending ? (
          <Loading what="your reviews" />
        ) : inbox.isError ? (
          <ErrorState error={inbox.error} retry={() => inbox.refetch()} what="your reviews" />
        ) : d!.myReviews.length === 0 ? (
          <Empty>
            <p>You have not proposed a review yet.</p>
          </Empty>
        ) : (
          <ul className="review-list" aria-label="My reviews">
            {d!.myReviews.map((r) => (
              <MyReview key={r.reviewId} item={r} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** One of my reviews with what still blocks it, per channel. */
function MyReview({ item }: { item: InboxView['myReviews'][number] }) {
  return (
    <li>
      <Link to={`/reviews/${item.key}`}>
        <strong>{item.key}</strong> {item.title}
      </Link>
      <span className="meta">
        {item.productName} · {STATUS_LABELS[item.status]} · {categoryLabel(item.category)}
      </span>
      {item.canShip ? (
        <Badge tone="ok">can ship</Badge>
      ) : (
        <ul className="blocker-codes" aria-label={`Blockers of ${item.key}`}>
          {item.channels.map((c) => (
            <li key={c.channel}>
              {CHANNEL_LABELS[c.channel]}:{' '}
              {c.canShip ? (
                <Badge tone="ok">can ship</Badge>
              ) : (
                [...new Set(c.blockers.map((b) => b.code))].map((code) => (
                  <Badge key={code} tone="warn">
                    {code}
                  </Badge>
                ))
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
