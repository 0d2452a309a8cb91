import { useQuery } from '@tanstack/react-query';
import { errorCode, useTRPC } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { Announcement } from './review/announcement.tsx';
import { Areas } from './review/areas.tsx';
import { CanShip } from './review/can-ship.tsx';
import { Discussions } from './review/discussions.tsx';
import { Documentation } from './review/documentation.tsx';
import { Escalations } from './review/escalations.tsx';
import { ReviewHeader } from './review/header.tsx';
import { Mitigations } from './review/mitigations.tsx';
import { Pipeline } from './review/pipeline.tsx';
import { StewardReview } from './review/steward.tsx';
import { Timeline } from './review/timeline.tsx';
import { ReviewLinks } from './review-links.tsx';

const ANNOUNCEMENT_POLL_MS = 1_500;

export function ReviewPage({ reviewKey }: { reviewKey: string }) {
  const trpc = useTRPC();
  const review = useQuery({
    ...trpc.review.get.queryOptions({ review: reviewKey }),
    // While an announcement waits in the outbox, follow its delivery.
    refetchInterval: (q) =>
      q.state.data?.announcements.some((a) => a.delivery === 'queued' || a.delivery === 'failing')
        ? ANNOUNCEMENT_POLL_MS
        : false,
  });
  usePageTitle(review.data ? `${review.data.key}: ${review.data.title}` : `Review ${reviewKey}`);
  if (review.isPending) return <Loading what={`review ${reviewKey}`} />;
  if (review.isError) {
    if (errorCode(review.error) === 'NOT_FOUND')
      return (
        <section aria-labelledby="missing-title">
          <h1 id="missing-title">No review {reviewKey}</h1>
          <p>
            It does not exist, or it is private and you are not one of its participants.{' '}
            <Link to="/">Back to the inbox</Link>
          </p>
        </section>
      );
    return <ErrorState error={review.error} retry={() => review.refetch()} what={`review ${reviewKey}`} />;
  }
  const r = review.data;
  return (
    <article className="review-page" aria-labelledby="review-title">
      <ReviewHeader review={r} />
      <ReviewLinks review={r} />
      <Pipeline review={r} />
      <CanShip review={r} />
      <StewardReview review={r} />
      <Areas review={r} />
      <Mitigations review={r} />
      <Announcement review={r} />
      <Escalations review={r} />
      <Discussions review={r} />
      <Documentation review={r} />
      <Timeline review={r} />
    </article>
  );
}
