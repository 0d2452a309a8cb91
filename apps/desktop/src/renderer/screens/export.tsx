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
  const done = useRef<HTMLParagraphElement>(null);
  const last = json.isSuccess ? 'JSON' : markdown.isSuccess ? 'report' : null;
  useEffect(() => {
    if (last) done.current?.focus();
  }, [last]);
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
  const busy = json.isPending || markdown.isPending;
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
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              markdown.reset();
              json.mutate();
            }}
          >
            Download {r.key}-review.json
          </button>
          <FormError error={json.error} />
        </li>
        <li className="card">
          <h2>To read (report)</h2>
          <p>The same review as a readable Markdown report, e.g. to attach to its bug.</p>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              json.reset();
              markdown.mutate();
            }}
          >
            Download {r.key}-review.md
          </button>
          <FormError error={markdown.error} />
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
