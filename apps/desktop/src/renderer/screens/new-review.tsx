import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldIssues, idempotencyKey, useTRPC, useTRPCClient } from '../api.ts';
import { DocumentationForm } from '../components/documentation-form.tsx';
import { Field } from '../components/field.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { StewardChoice } from '../components/steward-choice.tsx';
import { cleanDraft, type FormDraft, missingFields } from '../request-form.ts';
import { Link, useRoute } from '../router.tsx';
import { CHANNEL_LABELS, plural, verbFor } from '../vocabulary.ts';

type Channel = 'release' | 'pre_release';
type DefaultState = 'on' | 'off';

export function NewReview() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { navigate } = useRoute();
  const products = useQuery(trpc.review.products.queryOptions());

  const [title, setTitle] = useState('');
  const [productId, setProductId] = useState('');
  const [channels, setChannels] = useState<Record<Channel, DefaultState | null>>({
    release: 'off',
    pre_release: null,
  });
  const [runsInExperiments, setRunsInExperiments] = useState(false);
  const [privateReason, setPrivateReason] = useState('');
  const [isPrivate, setIsPrivate] = useState(false);
  const [form, setForm] = useState<FormDraft>({ measurements: [] });
  const [steward, setSteward] = useState<number | null>(null);
  const [attempt, setAttempt] = useState<'draft' | 'submit' | null>(null);
  const [keys] = useState(() => ({ create: idempotencyKey(), submit: idempotencyKey() }));

  const create = useMutation({
    mutationFn: async ({ submit }: { submit: boolean }) => {
      const review = await client.review.create.mutate({
        productId: Number(productId),
        title: title.trim(),
        channels: (Object.entries(channels) as [Channel, DefaultState | null][])
          .filter((e): e is [Channel, DefaultState] => e[1] !== null)
          .map(([channel, defaultState]) => ({ channel, defaultState })),
        runsInExperiments,
        form: cleanDraft(form),
        idempotencyKey: keys.create,
        ...(isPrivate
          ? { visibility: 'private' as const, privateReason: privateReason.trim() }
          : { visibility: 'public' as const }),
      });
      if (submit) {
        try {
          await client.review.submit.mutate({
            review: review.key,
            idempotencyKey: keys.submit,
            requestedStewardId: steward,
          });
        } catch (err) {
          // The draft is saved; the review page shows what submission still needs.
          navigate(`/reviews/${review.key}?submit-error=1`);
          throw err;
        }
      }
      return review;
    },
    onSuccess: (review) => navigate(`/reviews/${review.key}`),
  });

  const local: Record<string, string> = {};
  if (!title.trim()) local.title = 'Give the review a title.';
  if (!/^\d+$/.test(productId)) local.productId = 'Choose the product.';
  if (!channels.release && !channels.pre_release) local.channels = 'Choose at least one channel.';
  if (isPrivate && !privateReason.trim()) local.privateReason = 'Say why the review is private.';
  const server = create.error ? fieldIssues(create.error) : {};
  const submitHints = attempt === 'submit' ? missingFields(form) : {};
  const errors = attempt ? { ...submitHints, ...local, ...server } : server;

  const onSubmit = (submit: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    setAttempt(submit ? 'submit' : 'draft');
    if (Object.keys(local).length) return;
    if (submit && Object.keys(missingFields(form)).length) return;
    create.mutate({ submit });
  };

  return (
    <section aria-labelledby="new-title" className="new-review">
      <h1 id="new-title">New data collection review</h1>
      <p>
        Collecting with Glean? <Link to="/reviews/import">Draft the review from your metrics.yaml files</Link>
        .
      </p>
      <form onSubmit={onSubmit(false)} noValidate>
        <fieldset>
          <legend>The review</legend>
          <Field label="Title" error={errors.title}>
            {(p) => <input {...p} name="title" value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          {products.isPending ? (
            <Loading what="the products" />
          ) : products.isError ? (
            <ErrorState error={products.error} retry={() => products.refetch()} what="the products" />
          ) : products.data.length === 0 ? (
            <p className="form-error" role="alert">
              No product exists yet: an admin creates the products reviews are for.
            </p>
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
          <fieldset aria-describedby={errors.channels ? 'channels-error' : undefined}>
            <legend>Channels and requested default state</legend>
            {(['release', 'pre_release'] as const).map((c) => (
              <div key={c} className="channel-row">
                <label>
                  <input
                    type="checkbox"
                    name={`channel-${c}`}
                    checked={channels[c] !== null}
                    onChange={(e) => setChannels({ ...channels, [c]: e.target.checked ? 'off' : null })}
                  />
                  {CHANNEL_LABELS[c]}
                </label>
                {channels[c] !== null && (
                  <label>
                    Default state on {CHANNEL_LABELS[c]}
                    <select
                      name={`default-${c}`}
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
            {errors.channels && (
              <small id="channels-error" className="field-error">
                {errors.channels}
              </small>
            )}
            <label>
              <input
                type="checkbox"
                name="runsInExperiments"
                checked={runsInExperiments}
                onChange={(e) => setRunsInExperiments(e.target.checked)}
              />
              Runs in experiments
            </label>
          </fieldset>
          <label>
            <input
              type="checkbox"
              name="private"
              checked={isPrivate}
              onChange={(e) => setIsPrivate(e.target.checked)}
            />
            Private review (e.g. a partnership not yet public)
          </label>
          {isPrivate && (
            <Field label="Why is it private?" error={errors.privateReason}>
              {(p) => (
                <input
                  {...p}
                  name="privateReason"
                  value={privateReason}
                  onChange={(e) => setPrivateReason(e.target.value)}
                />
              )}
            </Field>
          )}
        </fieldset>
        <DocumentationForm value={form} onChange={setForm} errors={errors} />
        {create.error && (
          <p className="form-error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        {attempt && Object.keys(errors).length > 0 && !create.error && (
          <p className="form-error" role="alert">
            {plural(Object.keys(errors).length, 'field')}{' '}
            {verbFor(Object.keys(errors).length, 'needs', 'need')} attention before this can be submitted.
          </p>
        )}
        <StewardChoice value={steward} onChange={setSteward} disabled={create.isPending} />
        <div className="actions">
          <button type="submit" disabled={create.isPending}>
            Save draft
          </button>
          <button type="button" disabled={create.isPending} onClick={() => onSubmit(true)()}>
            Save and submit to a data steward
          </button>
        </div>
      </form>
    </section>
  );
}
