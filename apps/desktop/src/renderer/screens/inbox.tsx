import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { InboxView } from '../api.ts';
import { useTRPC } from '../api.ts';
import { Badge, Empty, ErrorState, Loading } from '../components/states.tsx';
import { type InboxStep, inboxSteps, stepPath } from '../inbox-items.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import {
  AREA_LABELS,
  CHANNEL_LABELS,
  categoryLabel,
  daysSince,
  plural,
  STATUS_LABELS,
} from '../vocabulary.ts';

function Waited({ item }: { item: { waitingSince: string; overdue: boolean } }) {
  const days = daysSince(item.waitingSince);
  const waited = days <= 0 ? 'since today' : `${days} day${days === 1 ? '' : 's'}`;
  return item.overdue ? (
    <Badge tone="bad">overdue: waiting {waited}</Badge>
  ) : (
    <span className="meta">waiting {waited}</span>
  );
}

const joinWords = (words: readonly string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

/** The Bugzilla habit: who the proposer requested for a steward's review (any steward may take it). */
function RequestedSteward({ steward }: { steward: { id: number; name: string } }) {
  const { me } = useSession();
  return (
    <span className="reason requested-steward">
      {steward.id === me.id
        ? 'The proposer requested you by name.'
        : `The proposer requested ${steward.name}; any data steward may take it.`}
    </span>
  );
}

function StepItem({ step, coming }: { step: InboxStep; coming: boolean }) {
  return (
    <li className={step.overdue ? 'overdue' : undefined} data-step={step.step}>
      <Link to={stepPath(step)}>
        <strong>{step.key}</strong> {step.title}
      </Link>
      {step.productName && <span className="meta">{step.productName}</span>}
      <span className="task">{step.label}</span>
      {step.requestedSteward && <RequestedSteward steward={step.requestedSteward} />}
      {coming && step.waitsOn.length > 0 && (
        <span className="reason">Waits on {joinWords(step.waitsOn)}</span>
      )}
      {!coming && <Waited item={step} />}
    </li>
  );
}

function StepList(props: {
  id: string;
  title: string;
  intro: string;
  steps: InboxStep[];
  coming: boolean;
  empty: ReactNode;
}) {
  const { id, title, steps } = props;
  return (
    <section aria-labelledby={id} className="inbox-group">
      <h2 id={id}>
        {title} <span className="count">({steps.length})</span>
      </h2>
      <p className="hint">{props.intro}</p>
      {steps.length === 0 ? (
        <Empty>{props.empty}</Empty>
      ) : (
        <ul className="review-list" aria-label={title}>
          {steps.map((s) => (
            <StepItem key={`${s.reviewId}:${s.step}:${s.action}:${s.label}`} step={s} coming={props.coming} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * What is blocked on me now (I can act), kept apart from what is coming to me (mine once others act, each
 * saying what it waits on), then my own reviews with what still blocks them.
 */
export function Inbox() {
  const trpc = useTRPC();
  const { me } = useSession();
  const inbox = useQuery(trpc.inbox.mine.queryOptions());
  const d = inbox.data;
  const steps = d ? inboxSteps(d) : { now: [], coming: [] };
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

      {inbox.isPending ? (
        <Loading what="your inbox" />
      ) : inbox.isError ? (
        <ErrorState error={inbox.error} retry={() => inbox.refetch()} what="your inbox" />
      ) : (
        <>
          <StepList
            id="inbox-now"
            title="Blocked on me now"
            intro="Each of these waits for you, and you can act on it now."
            steps={steps.now}
            coming={false}
            empty={
              <>
                <p>Nothing waits for you.</p>
                <p>
                  <Link to="/reviews/new">Start a new review</Link> or look at the{' '}
                  <Link to="/dashboard">dashboard</Link>.
                </p>
              </>
            }
          />
          <StepList
            id="inbox-coming"
            title="Coming to me"
            intro="These become yours once others act; each says what it waits on."
            steps={steps.coming}
            coming
            empty={<p>Nothing is on its way to you.</p>}
          />
        </>
      )}

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

/** One of my reviews with what still blocks it, per channel, in the gate's own words (no codes). */
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
        <ul className="blocker-channels" aria-label={`Can ${item.key} ship?`}>
          {item.channels.map((c) => {
            const reasons = [...new Set(c.blockers.map((b) => b.message))];
            const channel = CHANNEL_LABELS[c.channel];
            return (
              <li key={c.channel}>
                {channel}:{' '}
                {c.canShip ? (
                  <Badge tone="ok">can ship</Badge>
                ) : (
                  <>
                    <Badge tone="warn">{plural(reasons.length, 'blocker')}</Badge>
                    <ul className="blockers" aria-label={`What blocks ${item.key} on ${channel}`}>
                      {reasons.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}
