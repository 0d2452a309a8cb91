import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useContext, useState } from 'react';
import { type Outputs, useTRPC, useTRPCClient } from '../api.ts';
import { Field } from '../components/field.tsx';
import { Empty, ErrorState, FormError, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { SessionContext } from '../session.tsx';

type RevisionView = Outputs['classification']['revision'];
type MetricChange = RevisionView['metrics']['added'][number];

export interface RevisionRoute {
  system: string;
  repository: string;
  revision: string;
}

/** `/revisions/phabricator/mozilla-central/D123` (a `/` in the repository is `%2F`). */
export const revisionPath = (r: RevisionRoute) =>
  `/revisions/${[r.system, r.repository, r.revision].map(encodeURIComponent).join('/')}`;

const CLASSIFICATION_LABELS: Record<RevisionView['classification'], string> = {
  not_needed: 'no classification needed',
  needed: 'needs-data-classification',
  low: 'data-classification-low',
  high: 'data-classification-high',
  unnecessary: 'classification unnecessary',
};

const sensitivity = (s: readonly string[]) => (s.length ? s.join(', ') : 'no data_sensitivity');

/** The data stewards' queue: revisions that need classification, and high ones. */
export function RevisionQueue() {
  const trpc = useTRPC();
  const queue = useQuery(trpc.classification.queue.queryOptions());
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Revisions in code review</h1>
      <p>Revisions that add or change data collection and still need classification, and the high ones.</p>
      {queue.isPending ? (
        <Loading what="the revisions" />
      ) : queue.isError ? (
        <ErrorState error={queue.error} retry={() => queue.refetch()} what="the revisions" />
      ) : queue.data.length === 0 ? (
        <Empty>
          <p>No revision needs classification, and none is high.</p>
        </Empty>
      ) : (
        <table className="revision-queue">
          <caption className="visually-hidden">Revisions needing classification, and high ones</caption>
          <thead>
            <tr>
              <th scope="col">Revision</th>
              <th scope="col">Classification</th>
              <th scope="col">Suggested</th>
              <th scope="col">Metrics</th>
              <th scope="col">Data review</th>
            </tr>
          </thead>
          <tbody>
            {queue.data.map((r) => (
              <tr key={`${r.system} ${r.repository} ${r.revision}`}>
                <th scope="row">
                  <Link to={revisionPath(r)}>
                    {r.revision} ({r.system} {r.repository})
                  </Link>
                </th>
                <td>{CLASSIFICATION_LABELS[r.classification]}</td>
                <td>{r.suggestedLevel ?? '—'}</td>
                <td>{r.metrics}</td>
                <td>{r.review ? <Link to={`/reviews/${r.review}`}>{r.review}</Link> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MetricRows({ title, metrics }: { title: string; metrics: MetricChange[] }) {
  if (metrics.length === 0) return null;
  return (
    <section aria-label={title}>
      <h3>
        {title} ({metrics.length})
      </h3>
      <ul className="metric-diff">
        {metrics.map((m) => (
          <li key={m.name}>
            <code>{m.name}</code> <span className="muted">{m.type}</span> — {sensitivity(m.dataSensitivity)}
            {m.change === 'changed' && (
              <>
                {m.dataSensitivityBefore &&
                  m.changedFields.includes('data_sensitivity') &&
                  ` (was ${sensitivity(m.dataSensitivityBefore)})`}
                ; changed: {m.changedFields.join(', ')}
              </>
            )}{' '}
            <span className="muted">
              {m.file}:{m.line}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One revision: its metrics diff, the assessments with their comments, the linked review, landing. */
export function RevisionPage({ route }: { route: RevisionRoute }) {
  const trpc = useTRPC();
  const page = useQuery(trpc.classification.revision.queryOptions(route));
  if (page.isPending) return <Loading what="the revision" />;
  if (page.isError) return <ErrorState error={page.error} retry={() => page.refetch()} what="the revision" />;
  const r = page.data;
  const { added, changed, removed } = r.metrics;
  return (
    <article aria-labelledby="revision-title" className="revision-page">
      <h1 id="revision-title">
        {r.revision}: {r.title}
      </h1>
      <p>
        {r.system} · {r.repository} · by {r.author}
        {r.link && (
          <>
            {' · '}
            <a href={r.link}>open in code review</a>
          </>
        )}
      </p>
      <p>
        Reviewers:{' '}
        {r.reviewers.length === 0
          ? 'none'
          : r.reviewers.map((v) => `${v.email}${v.blocking ? ' (blocking)' : ''}`).join(', ')}
      </p>

      <section aria-labelledby="classification-title" className="card">
        <h2 id="classification-title">Data classification</h2>
        <p>
          <strong>{CLASSIFICATION_LABELS[r.classification]}</strong>
          {r.disagreement && ' — author and reviewer disagree, so it is high'}
          {r.suggestedLevel && ` · the metrics' data_sensitivity suggests ${r.suggestedLevel}`}
        </p>
        <h3>May it land?</h3>
        {r.landing.canLand ? (
          <p className="ok">It may land on {r.landing.channel}.</p>
        ) : (
          <ul aria-label="Landing blockers">
            {r.landing.blockers.map((b) => (
              <li key={b.code}>
                <code>{b.code}</code> {b.message}{' '}
                <span className="muted">
                  (owner: {b.owner.role}
                  {b.owner.emails.length ? ` ${b.owner.emails.join(', ')}` : ''})
                </span>
              </li>
            ))}
          </ul>
        )}
        <h3>Data review</h3>
        {r.review ? (
          <p>
            <Link to={`/reviews/${r.review.key}`}>
              {r.review.key}: {r.review.title}
            </Link>{' '}
            ({r.review.status})
          </p>
        ) : (
          <p>No data review is linked.</p>
        )}
      </section>

      <section aria-labelledby="metrics-title" className="card">
        <h2 id="metrics-title">Metrics diff</h2>
        {added.length + changed.length + removed.length === 0 ? (
          <p>The change adds, changes and removes no Glean metric.</p>
        ) : (
          <>
            <MetricRows title="Added" metrics={added} />
            <MetricRows title="Changed" metrics={changed} />
            <MetricRows title="Removed" metrics={removed} />
          </>
        )}
      </section>

      <section aria-labelledby="assessments-title" className="card">
        <h2 id="assessments-title">Assessments</h2>
        {r.assessments.length === 0 ? (
          <p>Nobody has assessed it yet.</p>
        ) : (
          <ol className="assessments">
            {r.assessments.map((a) => (
              <li key={a.id} className={a.current ? undefined : 'muted'}>
                <strong>
                  {a.displayName} ({a.role})
                </strong>
                : {a.level}
                {!a.current && ' (an earlier diff)'} — <q>{a.comment}</q>{' '}
                <time dateTime={a.createdAt}>{new Date(a.createdAt).toLocaleString()}</time>
              </li>
            ))}
          </ol>
        )}
        <AssessForm revision={r} />
      </section>
    </article>
  );
}

function AssessForm({ revision }: { revision: RevisionView }) {
  const session = useContext(SessionContext);
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const products = useQuery(trpc.review.products.queryOptions());
  const [level, setLevel] = useState<'low' | 'high' | 'unnecessary'>(revision.suggestedLevel ?? 'low');
  const [comment, setComment] = useState('');
  const [link, setLink] = useState<'none' | 'existing' | 'new'>('none');
  const [reviewKey, setReviewKey] = useState('');
  const [productId, setProductId] = useState('');
  const assess = useMutation({
    mutationFn: () =>
      client.classification.assess.mutate({
        system: revision.system,
        repository: revision.repository,
        revision: revision.revision,
        level,
        comment,
        ...(level === 'high' && link === 'existing' ? { review: reviewKey } : {}),
        ...(level === 'high' && link === 'new' ? { newReview: { productId: Number(productId) } } : {}),
      }),
    onSuccess: async () => {
      setComment('');
      await queryClient.invalidateQueries(trpc.classification.pathFilter());
    },
  });
  const email = session?.me.email.toLowerCase();
  const mayAssess =
    email !== undefined &&
    (revision.author === email || revision.reviewers.some((v) => v.email === email)) &&
    revision.classification !== 'not_needed';
  if (!mayAssess) return null;
  return (
    <form
      aria-labelledby="assess-title"
      onSubmit={(e) => {
        e.preventDefault();
        assess.mutate();
      }}
    >
      <h3 id="assess-title">Your assessment</h3>
      <fieldset>
        <legend>Level</legend>
        {(['low', 'high', 'unnecessary'] as const).map((l) => (
          <label key={l}>
            <input type="radio" name="level" value={l} checked={level === l} onChange={() => setLevel(l)} />{' '}
            {l === 'low'
              ? 'low (technical or interaction data)'
              : l === 'high'
                ? 'high (anything else, or by choice)'
                : 'unnecessary (a mechanical change)'}
          </label>
        ))}
      </fieldset>
      <Field label="Comment" hint="Explain your choice.">
        {(p) => <textarea {...p} value={comment} onChange={(e) => setComment(e.target.value)} rows={3} />}
      </Field>
      {level === 'high' && !revision.review && (
        <fieldset>
          <legend>Data review</legend>
          {(
            [
              ['none', 'link one later'],
              ['existing', 'an existing review'],
              ['new', 'a new draft from the metrics'],
            ] as const
          ).map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name="link"
                value={value}
                checked={link === value}
                onChange={() => setLink(value)}
              />{' '}
              {label}
            </label>
          ))}
          {link === 'existing' && (
            <Field label="Review key" hint="e.g. DR-42">
              {(p) => <input {...p} value={reviewKey} onChange={(e) => setReviewKey(e.target.value)} />}
            </Field>
          )}
          {link === 'new' && (
            <Field label="Product">
              {(p) => (
                <select {...p} value={productId} onChange={(e) => setProductId(e.target.value)}>
                  <option value="">Choose…</option>
                  {(products.data ?? []).map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </fieldset>
      )}
      <FormError error={assess.error} />
      <button type="submit" disabled={assess.isPending}>
        Record assessment
      </button>
    </form>
  );
}
