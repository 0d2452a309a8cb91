import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  fieldIssues,
  idempotencyKey,
  isConflict,
  type ReviewView,
  useTRPC,
  useTRPCClient,
} from '../../api.ts';
import { DiffByQuestion, revisionPath } from '../../components/diff-by-question.tsx';
import { DocumentationForm } from '../../components/documentation-form.tsx';
import { Empty, ErrorState, FormError, Loading } from '../../components/states.tsx';
import {
  cleanDraft,
  type FormDraft,
  questionLabel,
  TEXT_QUESTIONS,
  THIRD_PARTY_QUESTION,
  thirdPartyPathLabel,
} from '../../request-form.ts';
import { Link } from '../../router.tsx';
import { formatDate } from '../../vocabulary.ts';
import { isAllowed } from './allowed.ts';
import { useReviewAction } from './use-review-action.ts';

export function Documentation({ review }: { review: ReviewView }) {
  const [editing, setEditing] = useState<{ draft: FormDraft; base: number } | null>(null);
  const mayEdit = isAllowed(review, 'edit_documentation');
  return (
    <section aria-labelledby="doc-title" className="card">
      <h2 id="doc-title">Documentation</h2>
      {editing ? (
        <DocumentationEditor review={review} editing={editing} setEditing={setEditing} />
      ) : (
        <>
          <FormView form={review.form} />
          {mayEdit && (
            <button
              type="button"
              onClick={() =>
                setEditing({ draft: structuredClone(review.form), base: review.currentRevision })
              }
            >
              Edit documentation
            </button>
          )}
        </>
      )}
      <Revisions key={review.currentRevision} review={review} />
    </section>
  );
}

export function FormView({ form }: { form: FormDraft }) {
  const answered = TEXT_QUESTIONS.filter((q) => form[q.field]);
  if (answered.length === 0 && !form.measurements?.length)
    return (
      <Empty>
        <p>The request form is still empty.</p>
      </Empty>
    );
  return (
    <dl className="form-view">
      {answered.map((q) => (
        <div key={q.field}>
          <dt>{questionLabel(q)}</dt>
          <dd>{form[q.field]}</dd>
        </div>
      ))}
      {form.thirdPartyDataPath && (
        <div>
          <dt>{questionLabel(THIRD_PARTY_QUESTION)}</dt>
          <dd>{thirdPartyPathLabel(form.thirdPartyDataPath)}</dd>
        </div>
      )}
      {form.measurements && form.measurements.length > 0 && (
        <div>
          <dt>Measurements</dt>
          <dd>
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col">Category</th>
                  <th scope="col">Tracking bug</th>
                </tr>
              </thead>
              <tbody>
                {form.measurements.map((m, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: measurement rows are positional
                  <tr key={i}>
                    <td>{m.name}</td>
                    <td>{m.description}</td>
                    <td>{m.category}</td>
                    <td>{m.trackingBug}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </dd>
        </div>
      )}
      {form.collectionPeriod?.expires && (
        <div>
          <dt>Collection period</dt>
          <dd>
            expires {form.collectionPeriod.expires}
            {form.collectionPeriod.monitoredBy && `, monitored by ${form.collectionPeriod.monitoredBy}`}
          </dd>
        </div>
      )}
    </dl>
  );
}

/**
 * Edits carry the revision they are based on. When someone saved a newer one meanwhile, the server refuses
 * with a conflict: the text typed here stays, and "Reload" moves the base to the newest revision.
 */
function DocumentationEditor({
  review,
  editing,
  setEditing,
}: {
  review: ReviewView;
  editing: { draft: FormDraft; base: number };
  setEditing: (e: { draft: FormDraft; base: number } | null) => void;
}) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useReviewAction(() =>
    client.review.saveDocumentation.mutate({
      review: review.key,
      baseRevision: editing.base,
      form: cleanDraft(editing.draft),
      idempotencyKey: idempotencyKey(),
    }),
  );
  const conflict = save.error && isConflict(save.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(undefined, { onSuccess: () => setEditing(null) });
      }}
      noValidate
    >
      {conflict && (
        <div className="conflict" role="alert">
          <p>
            Someone saved a newer revision of this documentation while you were editing. Your text is kept
            below.
          </p>
          <button
            type="button"
            onClick={async () => {
              await queryClient.invalidateQueries(trpc.review.get.queryFilter({ review: review.key }));
              const fresh = queryClient.getQueryData(trpc.review.get.queryKey({ review: review.key }));
              setEditing({ draft: editing.draft, base: fresh?.currentRevision ?? editing.base });
              save.reset();
            }}
          >
            Reload the newest revision and keep my text
          </button>
        </div>
      )}
      <p className="hint">Editing on top of revision {editing.base}.</p>
      <DocumentationForm
        value={editing.draft}
        onChange={(draft) => setEditing({ ...editing, draft })}
        errors={save.error ? fieldIssues(save.error) : {}}
      />
      {!conflict && <FormError error={save.error} />}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save as a new revision
        </button>
        <button type="button" onClick={() => setEditing(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Revisions({ review }: { review: ReviewView }) {
  const trpc = useTRPC();
  const numbers = review.revisions.map((r) => r.number);
  const [from, setFrom] = useState(Math.max(1, review.currentRevision - 1));
  const [to, setTo] = useState(review.currentRevision);
  const canDiff = numbers.length > 1 && from !== to;
  const diff = useQuery({
    ...trpc.review.diff.queryOptions({ review: review.key, from, to }),
    enabled: canDiff,
  });
  return (
    <section aria-labelledby="revisions-title">
      <h3 id="revisions-title">Revision history</h3>
      <ol className="revisions">
        {review.revisions.map((r) => (
          <li key={r.number}>
            <Link to={revisionPath(review.key, r.number)}>Revision {r.number}</Link> by {r.authorName},{' '}
            {formatDate(r.createdAt)} <code title="content hash">{r.contentHash.slice(0, 12)}</code>
          </li>
        ))}
      </ol>
      {numbers.length > 1 && (
        <div className="diff">
          <label>
            Compare revision{' '}
            <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {numbers.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            with revision{' '}
            <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {numbers.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          {!canDiff ? null : diff.isPending ? (
            <Loading what="the differences" />
          ) : diff.isError ? (
            <ErrorState error={diff.error} retry={() => diff.refetch()} what="the differences" />
          ) : (
            <DiffByQuestion changes={diff.data.changes} from={from} to={to} />
          )}
        </div>
      )}
    </section>
  );
}
