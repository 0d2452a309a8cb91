import { useQuery } from '@tanstack/react-query';
import { errorCode, useTRPC } from '../api.ts';
import { RevisionDiff, revisionPath } from '../components/diff-by-question.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { Link, useRoute } from '../router.tsx';
import { formatDate } from '../vocabulary.ts';
import { FormView } from './review/documentation.tsx';

/**
 * One revision of a review's documentation (SPEC 4: every save is an immutable revision): who saved it and
 * when, its content hash, the changes by question against another revision (the previous one unless
 * `?from=` names one), and the whole request form as it read then.
 */
export function ReviewRevisionPage({ reviewKey, number }: { reviewKey: string; number: number }) {
  const trpc = useTRPC();
  const { path, navigate } = useRoute();
  const review = useQuery(trpc.review.get.queryOptions({ review: reviewKey }));
  const revision = useQuery(trpc.review.revision.queryOptions({ review: reviewKey, number }));
  if (review.isPending || revision.isPending) return <Loading what={`revision ${number} of ${reviewKey}`} />;
  if (review.isError || revision.isError) {
    const failed = review.error ?? revision.error;
    if (errorCode(failed) === 'NOT_FOUND')
      return (
        <section aria-labelledby="missing-title">
          <h1 id="missing-title">
            No revision {number} of {reviewKey}
          </h1>
          <p>
            <Link to={`/reviews/${reviewKey}`}>Back to {reviewKey}</Link>
          </p>
        </section>
      );
    return (
      <ErrorState
        error={failed}
        retry={() => Promise.all([review.refetch(), revision.refetch()])}
        what={`revision ${number} of ${reviewKey}`}
      />
    );
  }
  const r = review.data;
  const rev = revision.data;
  const numbers = r.revisions.map((x) => x.number);
  const meta = r.revisions.find((x) => x.number === number);
  const fromParam = Number(new URLSearchParams(path.split('?')[1] ?? '').get('from'));
  const from =
    numbers.includes(fromParam) && fromParam !== number ? fromParam : number > 1 ? number - 1 : null;
  return (
    <article aria-labelledby="revision-title" className="review-revision">
      <p>
        <Link to={`/reviews/${r.key}`}>
          {r.key}: {r.title}
        </Link>
      </p>
      <h1 id="revision-title">
        Revision {number} of {r.key}
        {number === r.currentRevision && ' (current)'}
      </h1>
      <p>
        Saved by {meta?.authorName ?? 'someone'}, {formatDate(rev.createdAt)} ·{' '}
        <span title="content hash">
          content hash <code>{rev.contentHash.slice(0, 12)}</code>
        </span>
      </p>
      <nav aria-label="Revisions" className="revision-nav">
        {number > 1 && <Link to={revisionPath(r.key, number - 1)}>Previous: revision {number - 1}</Link>}
        {number < r.currentRevision && (
          <Link to={revisionPath(r.key, number + 1)}>Next: revision {number + 1}</Link>
        )}
        {number !== r.currentRevision && (
          <Link to={revisionPath(r.key, r.currentRevision, number)}>
            Compare with the current revision ({r.currentRevision})
          </Link>
        )}
      </nav>

      <section aria-labelledby="changes-title" className="card">
        <h2 id="changes-title">Changes by question</h2>
        {from === null ? (
          <p>Revision 1 is the first: it has nothing to compare with.</p>
        ) : (
          <>
            <label>
              Compare with revision{' '}
              <select
                value={from}
                onChange={(e) => navigate(revisionPath(r.key, number, Number(e.target.value)))}
              >
                {numbers
                  .filter((n) => n !== number)
                  .map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
              </select>
            </label>
            <RevisionDiff
              key={`${from}-${number}`}
              reviewKey={r.key}
              from={Math.min(from, number)}
              to={Math.max(from, number)}
              headingLevel={3}
            />
          </>
        )}
      </section>

      <section aria-labelledby="form-title" className="card">
        <h2 id="form-title">The request form at revision {number}</h2>
        <FormView form={rev.form} />
      </section>
    </article>
  );
}
