import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorCode, fieldIssues, idempotencyKey, type Outputs, useTRPC, useTRPCClient } from '../api.ts';
import { Field } from '../components/field.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import { AREA_LABELS, CHANNEL_LABELS, categoryLabel, formatDate } from '../vocabulary.ts';
import {
  filesToSend,
  ImportProblems,
  ImportWarnings,
  MetricChanges,
  type MetricsFile,
  MetricsFilesInput,
  MetricsTable,
  metricChanges,
  PrefilledFields,
} from './glean-import/metrics-files.tsx';

type Preview = Outputs['glean']['preview'];
type Channel = 'release' | 'pre_release';
type DefaultState = 'on' | 'off';

const emptyFiles = (): MetricsFile[] => [{ name: 'metrics.yaml', text: '' }];

/** Moves focus to a result once it appears, so keyboard and screen reader users land on it. */
function useFocusOn<T extends HTMLElement>(shown: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  return ref;
}

/** What the files hold for the bug: how many metrics were read, which list the bug, and their category. */
function PreviewResult({ preview, files }: { preview: Preview; files: number }) {
  const ref = useFocusOn<HTMLDivElement>(preview);
  const n = preview.metrics.length;
  return (
    <div ref={ref} tabIndex={-1} className="card import-preview" role="status">
      <h2>What the files hold for bug {preview.bug}</h2>
      <p>
        {preview.metricsRead} metric{preview.metricsRead === 1 ? '' : 's'} read in {files} file
        {files === 1 ? '' : 's'}; {n} list{n === 1 ? 's' : ''} bug {preview.bug} and become
        {n === 1 ? 's a measurement' : ' measurements'}. The highest data sensitivity makes the review{' '}
        {categoryLabel(preview.category)}.
      </p>
      <MetricsTable metrics={preview.metrics} caption={`Metrics of bug ${preview.bug}`} />
      <ImportWarnings warnings={preview.warnings} />
    </div>
  );
}

/** A new review from metrics.yaml files and a bug, as glean_parser's data-review template. */
export function GleanImport() {
  usePageTitle('Import from Glean');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const products = useQuery(trpc.review.products.queryOptions());
  const [bug, setBug] = useState('');
  const [files, setFiles] = useState<MetricsFile[]>(emptyFiles);
  const [title, setTitle] = useState('');
  const [productId, setProductId] = useState('');
  const [channels, setChannels] = useState<Record<Channel, DefaultState | null>>({
    release: 'off',
    pre_release: null,
  });
  const [isPrivate, setIsPrivate] = useState(false);
  const [privateReason, setPrivateReason] = useState('');
  const [key] = useState(idempotencyKey);
  // Checking the files asks for the bug and files; creating the review also for product and channels.
  const [tried, setTried] = useState<'check' | 'create' | null>(null);

  const preview = useMutation({
    mutationFn: () => client.glean.preview.mutate({ bug: bug.trim(), files: filesToSend(files) }),
  });
  const create = useMutation({
    mutationFn: () =>
      client.glean.createReview.mutate({
        productId: Number(productId),
        bug: bug.trim(),
        files: filesToSend(files),
        ...(title.trim() ? { title: title.trim() } : {}),
        channels: (Object.entries(channels) as [Channel, DefaultState | null][])
          .filter((e): e is [Channel, DefaultState] => e[1] !== null)
          .map(([channel, defaultState]) => ({ channel, defaultState })),
        idempotencyKey: key,
        ...(isPrivate
          ? { visibility: 'private' as const, privateReason: privateReason.trim() }
          : { visibility: 'public' as const }),
      }),
  });
  const created = useFocusOn<HTMLDivElement>(create.data);

  const local: Record<string, string> = {};
  if (!/^\d{1,10}$/.test(bug.trim())) local.bug = 'Give the bug number the metrics list in their bugs.';
  if (filesToSend(files).every((f) => f.text.trim() === '')) local.files = 'Choose or paste a metrics.yaml.';
  const forCreate: Record<string, string> = { ...local };
  if (!/^\d+$/.test(productId)) forCreate.productId = 'Choose the product.';
  if (!channels.release && !channels.pre_release) forCreate.channels = 'Choose at least one channel.';
  if (isPrivate && !privateReason.trim()) forCreate.privateReason = 'Say why the review is private.';
  const server = create.error ? fieldIssues(create.error) : {};
  const errors = tried === 'create' ? { ...forCreate, ...server } : tried === 'check' ? local : server;

  if (create.data) {
    const r = create.data;
    return (
      <section aria-labelledby="import-title">
        <h1 id="import-title">Import from Glean</h1>
        <div ref={created} tabIndex={-1} className="card" role="status">
          <h2>
            Review <Link to={`/reviews/${r.review.key}`}>{r.review.key}</Link> created
          </h2>
          <p>
            {r.review.title}: a draft with {r.metrics.length} metric{r.metrics.length === 1 ? '' : 's'} of bug{' '}
            {r.bug} as measurements, {categoryLabel(r.category)}. Answer the remaining questions of the
            request form, then submit it to a data steward.
          </p>
          <PrefilledFields fields={r.prefilled} />
          <ImportWarnings warnings={r.warnings} />
          <p>
            <Link to={`/reviews/${r.review.key}`}>Open {r.review.key}</Link>
          </p>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="import-title" className="glean-import">
      <h1 id="import-title">Import from Glean</h1>
      <p>
        A review drafted from metrics.yaml files: every metric that lists the bug becomes a measurement, its
        category from its data sensitivity. Or <Link to="/reviews/new">write the request form yourself</Link>.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried('create');
          if (Object.keys(forCreate).length === 0) create.mutate();
        }}
      >
        <fieldset>
          <legend>The metrics</legend>
          <Field label="Bug number" hint="The bug the metrics list in their bugs." error={errors.bug}>
            {(p) => (
              <input
                {...p}
                name="bug"
                inputMode="numeric"
                value={bug}
                onChange={(e) => setBug(e.target.value)}
              />
            )}
          </Field>
          <MetricsFilesInput files={files} onChange={setFiles} />
          {errors.files && <p className="field-error">{errors.files}</p>}
          <div className="actions">
            <button
              type="button"
              disabled={preview.isPending}
              onClick={() => {
                setTried('check');
                if (Object.keys(local).length === 0) preview.mutate();
              }}
            >
              Check the files
            </button>
          </div>
          {preview.isPending && <Loading what="the files" />}
          <ImportProblems error={preview.error} />
          {preview.data && <PreviewResult preview={preview.data} files={filesToSend(files).length} />}
        </fieldset>
        <fieldset>
          <legend>The review</legend>
          <Field label="Title" hint={`Leave empty for “Glean metrics of bug ${bug.trim() || 'N'}”.`}>
            {(p) => <input {...p} name="title" value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          {products.isPending ? (
            <Loading what="the products" />
          ) : products.isError ? (
            <ErrorState error={products.error} retry={() => products.refetch()} what="the products" />
          ) : (
            <Field label="Product" error={errors.productId}>
              {(p) => (
                <select
                  {...p}
                  name="productId"
                  value={productId}
                  onChange={(e) => setProductId(e.target.value)}
                >
                  <option value="">Choose…</option>
                  {products.data.map((pr) => (
                    <option key={pr.id} value={pr.id}>
                      {pr.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <fieldset>
            <legend>Channels and requested default state</legend>
            {(['release', 'pre_release'] as const).map((c) => (
              <div key={c} className="channel-row">
                <label>
                  <input
                    type="checkbox"
                    checked={channels[c] !== null}
                    onChange={(e) => setChannels({ ...channels, [c]: e.target.checked ? 'off' : null })}
                  />
                  {CHANNEL_LABELS[c]}
                </label>
                {channels[c] !== null && (
                  <label>
                    Default state on {CHANNEL_LABELS[c]}
                    <select
                      value={channels[c] ?? 'off'}
                      onChange={(e) => setChannels({ ...channels, [c]: e.target.value as DefaultState })}
                    >
                      <option value="off">off (opt-in)</option>
                      <option value="on">on (opt-out)</option>
                    </select>
                  </label>
                )}
              </div>
            ))}
            {errors.channels && <small className="field-error">{errors.channels}</small>}
          </fieldset>
          <label>
            <input type="checkbox" checked={isPrivate} onChange={(e) => setIsPrivate(e.target.checked)} />
            Private review (e.g. a partnership not yet public)
          </label>
          {isPrivate && (
            <Field label="Why is it private?" error={errors.privateReason}>
              {(p) => (
                <input {...p} value={privateReason} onChange={(e) => setPrivateReason(e.target.value)} />
              )}
            </Field>
          )}
        </fieldset>
        <ImportProblems error={create.error} />
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            Create the review
          </button>
        </div>
      </form>
    </section>
  );
}

/** Imports updated metrics.yaml files into an existing review: a new revision, its changes, stale sign-offs. */
export function GleanReimport({ reviewKey }: { reviewKey: string }) {
  usePageTitle(`Import from Glean into ${reviewKey}`);
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const review = useQuery(trpc.review.get.queryOptions({ review: reviewKey }));
  const imports = useQuery(trpc.glean.imports.queryOptions({ review: reviewKey }));
  const [bug, setBug] = useState<string | null>(null);
  const [files, setFiles] = useState<MetricsFile[]>(emptyFiles);
  const [key, setKey] = useState(idempotencyKey);
  const [tried, setTried] = useState(false);
  // What the last successful check read: importing is offered for exactly those files and that bug.
  const [checked, setChecked] = useState<string | null>(null);
  const previous = imports.data?.at(-1);
  const theBug = (bug ?? previous?.bug ?? '').trim();
  const toCheck = JSON.stringify({ bug: theBug, files: filesToSend(files) });

  const preview = useMutation({
    mutationFn: () => client.glean.preview.mutate({ bug: theBug, files: filesToSend(files) }),
  });
  const reimport = useMutation({
    mutationFn: (baseRevision: number) =>
      client.glean.reimport.mutate({
        review: reviewKey,
        baseRevision,
        files: filesToSend(files),
        ...(theBug && theBug !== previous?.bug ? { bug: theBug } : {}),
        idempotencyKey: key,
      }),
    onSuccess: () => {
      setChecked(null);
      return Promise.all([
        queryClient.invalidateQueries(trpc.review.pathFilter()),
        queryClient.invalidateQueries(trpc.glean.pathFilter()),
        queryClient.invalidateQueries(trpc.inbox.pathFilter()),
      ]);
    },
  });
  // Compared with the import before this one, kept from the moment of importing.
  const [before, setBefore] = useState<typeof previous>(undefined);
  const done = useFocusOn<HTMLDivElement>(reimport.data);

  if (review.isPending || imports.isPending) return <Loading what={`review ${reviewKey}`} />;
  if (review.isError) {
    if (errorCode(review.error) === 'NOT_FOUND')
      return (
        <section aria-labelledby="import-title">
          <h1 id="import-title">No review {reviewKey}</h1>
          <p>It does not exist, or it is private and you are not one of its participants.</p>
        </section>
      );
    return <ErrorState error={review.error} retry={() => review.refetch()} what={`review ${reviewKey}`} />;
  }
  if (imports.isError)
    return <ErrorState error={imports.error} retry={() => imports.refetch()} what="the Glean imports" />;
  const r = review.data;
  const edit = r.allowedActions.find((a) => a.action === 'edit_documentation');
  const local: Record<string, string> = {};
  if (!/^\d{1,10}$/.test(theBug)) local.bug = 'Give the bug number the metrics list in their bugs.';
  if (filesToSend(files).every((f) => f.text.trim() === '')) local.files = 'Choose or paste a metrics.yaml.';
  const errors = tried ? local : {};
  const stale = r.areas.filter((a) => a.state === 'stale');
  // Importing waits for a check of the very files and bug it will import (issue 15), and says why it waits.
  const notReady = preview.isPending
    ? 'Checking the files…'
    : checked === toCheck
      ? null
      : preview.isError
        ? 'The files have problems (listed above): correct them, then check the files again.'
        : checked !== null
          ? 'The files or the bug changed since they were checked: check the files again.'
          : 'Check the files first: importing takes only files that were checked.';

  return (
    <section aria-labelledby="import-title" className="glean-import">
      <p className="review-key">
        <Link to={`/reviews/${r.key}`}>{r.key}</Link>
      </p>
      <h1 id="import-title">Import from Glean into {r.title}</h1>
      {previous ? (
        <div className="card">
          <h2>Last import</h2>
          <p>
            Bug {previous.bug}, revision {previous.revision}, {formatDate(previous.createdAt)}:{' '}
            {previous.files.map((f) => f.name).join(', ')}.
          </p>
          <MetricsTable
            metrics={previous.metrics}
            caption={`Metrics imported for revision ${previous.revision}`}
          />
        </div>
      ) : (
        <p>This review was not imported from Glean yet; name the bug its metrics list.</p>
      )}
      {reimport.data && (
        <div ref={done} tabIndex={-1} className="card" role="status">
          <h2>Revision {reimport.data.revision} imported</h2>
          <p>
            {reimport.data.metrics.length} metric{reimport.data.metrics.length === 1 ? '' : 's'} of bug{' '}
            {reimport.data.bug}, {categoryLabel(reimport.data.category)}. The rest of the request form is
            kept.
          </p>
          <h3>What changed</h3>
          <MetricChanges changes={metricChanges(before?.metrics ?? [], reimport.data.metrics)} />
          {stale.length > 0 ? (
            <>
              <h3>Sign-offs to re-confirm</h3>
              <p>These sign-offs were given on an earlier revision and no longer count until re-confirmed:</p>
              <ul>
                {stale.map((a) => (
                  <li key={a.area}>
                    {AREA_LABELS[a.area]}
                    {a.current ? `, by ${a.current.facilitatorName} on revision ${a.current.revision}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No sign-off was waiting on the earlier revision.</p>
          )}
          <ImportWarnings warnings={reimport.data.warnings} />
          <p>
            <Link to={`/reviews/${r.key}`}>Back to {r.key}</Link>
          </p>
        </div>
      )}
      {!edit?.allowed ? (
        <p className="reason">
          You cannot import into {r.key}: {edit?.reason ?? 'its documentation cannot change.'}
        </p>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (Object.keys(local).length) return;
            setBefore(previous);
            reimport.mutate(r.currentRevision, { onSuccess: () => setKey(idempotencyKey()) });
          }}
        >
          <fieldset>
            <legend>Updated metrics</legend>
            <Field label="Bug number" hint="The bug the metrics list in their bugs." error={errors.bug}>
              {(p) => (
                <input
                  {...p}
                  name="bug"
                  inputMode="numeric"
                  value={bug ?? previous?.bug ?? ''}
                  onChange={(e) => setBug(e.target.value)}
                />
              )}
            </Field>
            <MetricsFilesInput files={files} onChange={setFiles} />
            {errors.files && <p className="field-error">{errors.files}</p>}
            <div className="actions">
              <button
                type="button"
                disabled={preview.isPending}
                onClick={() => {
                  setTried(true);
                  if (Object.keys(local).length === 0)
                    preview.mutate(undefined, { onSuccess: () => setChecked(toCheck) });
                }}
              >
                Check the files
              </button>
            </div>
            <ImportProblems error={preview.error} />
            {preview.data && (
              <>
                <PreviewResult preview={preview.data} files={filesToSend(files).length} />
                <h3>Against the last import</h3>
                <MetricChanges changes={metricChanges(previous?.metrics ?? [], preview.data.metrics)} />
              </>
            )}
          </fieldset>
          <p>
            Importing makes revision {r.currentRevision + 1}: the measurements and the collection period come
            from the files, the rest of the request form stays. Sign-offs given on an earlier revision will
            need re-confirming by their facilitators.
          </p>
          <ImportProblems error={reimport.error} />
          <div className="actions">
            <button
              type="submit"
              disabled={reimport.isPending || notReady !== null}
              aria-describedby={notReady ? 'import-not-ready' : undefined}
            >
              Import as revision {r.currentRevision + 1}
            </button>
            {notReady && (
              <span id="import-not-ready" className="reason">
                {notReady}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
