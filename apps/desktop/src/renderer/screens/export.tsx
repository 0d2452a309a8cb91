import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { errorCode, useTRPC, useTRPCClient } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { ErrorState, FormError, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';

/** Hands a text to the browser as a file download. */
function download(fileName: string, contentType: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the object URL; it can go once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** One download of the review, fetched when asked for (the export is read fresh each time). */
function useDownload(fetch: () => Promise<{ fileName: string; contentType: string; text: string }>) {
  return useMutation({
    mutationFn: fetch,
    onSuccess: (file) => download(file.fileName, file.contentType, file.text),
  });
}

/** The review's export: everything about it for the record, as JSON or a readable report. */
export function Export({ reviewKey }: { reviewKey: string }) {
  usePageTitle(`Export ${reviewKey}`);
  const trpc = useTRPC();
  const client = useTRPCClient();
  const review = useQuery(trpc.review.get.queryOptions({ review: reviewKey }));
  const json = useDownload(async () => ({
    fileName: `${reviewKey}-review.json`,
    contentType: 'application/json',
    text: `${JSON.stringify(await client.export.json.query({ review: reviewKey }), null, 2)}\n`,
  }));
  const markdown = useDownload(() => client.export.markdown.query({ review: reviewKey }));
  const request = useDownload(() => client.export.requestText.query({ review: reviewKey }));
  const stewardReview = useDownload(() => client.export.stewardReviewText.query({ review: reviewKey }));
  const downloads = { JSON: json, report: markdown, request: request, "steward's review": stewardReview };
  const done = useRef<HTMLParagraphElement>(null);
  const last = (Object.entries(downloads).find(([, d]) => d.isSuccess)?.[0] ?? null) as string | null;
  useEffect(() => {
    if (last) done.current?.focus();
  }, [last]);
  /** One download at a time: starting one clears what the others said. */
  const start = (which: (typeof downloads)[keyof typeof downloads]) => {
    for (const d of Object.values(downloads)) if (d !== which) d.reset();
    which.mutate();
  };
  if (review.isPending) return <Loading what={`review ${reviewKey}`} />;
  if (review.isError) {
    if (errorCode(review.error) === 'NOT_FOUND')
      return (
        <section aria-labelledby="export-title">
          <h1 id="export-title">No review {reviewKey}</h1>
          <p>It does not exist, or it is private and you are not one of its participants.</p>
        </section>
      );
    return <ErrorState error={review.error} retry={() => review.refetch()} what={`review ${reviewKey}`} />;
  }
  const r = review.data;
  const busy = Object.values(downloads).some((d) => d.isPending);
  const reviewed = r.stewardReviews.length > 0;
  return (
    <section aria-labelledby="export-title" className="export">
      <p className="review-key">
        <Link to={`/reviews/${r.key}`}>{r.key}</Link>
      </p>
      <h1 id="export-title">Export {r.title}</h1>
      <p>
        Everything about the review you may read: its revisions, the data steward's reviews, the sign-offs,
        mitigations, discussions, announcements, escalations, renewals, Glean imports, survey answers, the
        verdict per channel and the timeline with its audit hashes.
      </p>
      <ul className="downloads">
        <li className="card">
          <h2>For the record (JSON)</h2>
          <p>The whole review in one file, for archiving or another tool.</p>
          <button type="button" disabled={busy} onClick={() => start(json)}>
            Download {r.key}-review.json
          </button>
          <FormError error={json.error} />
        </li>
        <li className="card">
          <h2>To read (report)</h2>
          <p>The same review as a readable Markdown report, e.g. to attach to its bug.</p>
          <button type="button" disabled={busy} onClick={() => start(markdown)}>
            Download {r.key}-review.md
          </button>
          <FormError error={markdown.error} />
        </li>
        <li className="card">
          <h2>For the bug: the request</h2>
          <p>
            The request for data collection review, question by question as Mozilla's form asks it, with the
            answers of the current revision: the plain text to attach with <code>data-review?</code>.
          </p>
          <button type="button" disabled={busy} onClick={() => start(request)}>
            Download {r.key}-request.txt
          </button>
          <FormError error={request.error} />
        </li>
        <li className="card">
          <h2>For the bug: the data steward's review</h2>
          {reviewed ? (
            <>
              <p>
                The data review form, question by question, with the steward's answers, the category and the
                result (<code>data-review+</code> or <code>data-review-</code>): the plain text to attach to
                the bug.
              </p>
              <button type="button" disabled={busy} onClick={() => start(stewardReview)}>
                Download {r.key}-data-review.txt
              </button>
              <FormError error={stewardReview.error} />
            </>
          ) : (
            <p>No data steward has reviewed this request yet: there is no review to attach.</p>
          )}
        </li>
      </ul>
      {last && (
        <p ref={done} tabIndex={-1} role="status">
          The {last} of {r.key} is downloading.
        </p>
      )}
    </section>
  );
}
