import { useQuery } from '@tanstack/react-query';
import { type ReviewView, useTRPC } from '../api.ts';
import { Link } from '../router.tsx';

/**
 * Drawn with the review page (its one query goes out in the same batch as the page's others). The review's
 * other pages, offered where the API allows: its export (anyone who reads it), a Glean import
 * (while its documentation may change) and its renewal (when one may be asked for, or there are some).
 */
export function ReviewLinks({ review }: { review: ReviewView }) {
  const trpc = useTRPC();
  const renewals = useQuery(trpc.renewal.list.queryOptions({ review: review.key }));
  const edit = review.allowedActions.find((a) => a.action === 'edit_documentation');
  const showRenewal =
    renewals.data && (renewals.data.allowed.request.allowed || renewals.data.renewals.length > 0);
  // Who a waiting renewal waits for, as the API says (a data steward, or Trust and Legal's answer first).
  const waitsOn = renewals.data?.renewals.find((n) => n.waitsOn !== null)?.waitsOn ?? null;
  return (
    <nav aria-label={`More about ${review.key}`} className="review-links">
      <ul className="review-links-list">
        <li>
          <Link to={`/reviews/${review.key}/export`}>Export {review.key}</Link>
        </li>
        {edit?.allowed && (
          <li>
            <Link to={`/reviews/${review.key}/glean`}>Import metrics.yaml files from Glean</Link>
          </li>
        )}
        {showRenewal && (
          <li>
            <Link to={`/reviews/${review.key}/renewal`}>
              {waitsOn === 'legal_trust'
                ? 'Renewal waiting for Trust and Legal'
                : waitsOn === 'steward'
                  ? 'Renewal waiting for a data steward'
                  : renewals.data?.allowed.request.allowed
                    ? 'Ask for a renewal'
                    : 'Renewals'}
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}
