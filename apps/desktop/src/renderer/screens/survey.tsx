import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorCode, fieldIssues, idempotencyKey, type Outputs, useTRPC, useTRPCClient } from '../api.ts';
import { Field } from '../components/field.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { Badge, Empty, ErrorState, FormError, Loading } from '../components/states.tsx';
import { Link, useRoute } from '../router.tsx';
import { useSession } from '../session.tsx';
import { formatDate, SURVEY_ITEM_STATE_LABELS } from '../vocabulary.ts';

type Item = Outputs['survey']['items'][number];
type Filter = 'all' | 'open' | 'answered' | 'overdue' | 'flagged';
const FILTERS: Record<Filter, string> = {
  all: 'Every collection',
  open: 'Waiting for an answer',
  overdue: 'Overdue',
  answered: 'Answered',
  flagged: 'No longer necessary (flagged for removal)',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Survey writes refresh the surveys and the inbox. */
function useSurveyAction<V, R>(fn: (vars: V) => Promise<R>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.survey.pathFilter()),
        queryClient.invalidateQueries(trpc.inbox.pathFilter()),
      ]),
  });
}

function Done({ message }: { message: string | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <p ref={ref} tabIndex={-1} role="status" className="saved">
      {message}
    </p>
  );
}

const INTRO =
  'Every year each shipped data collection is surveyed: is it still necessary and useful to collect, and who is responsible for its collection, monitoring and reporting now?';

/** The annual surveys: each year's counts, and opening a new one (admins). */
export function Surveys() {
  usePageTitle('Annual survey');
  const trpc = useTRPC();
  const surveys = useQuery(trpc.survey.list.queryOptions());
  const actions = useQuery(trpc.survey.actions.queryOptions());
  const [done, setDone] = useState<string | null>(null);
  if (surveys.isPending || actions.isPending) return <Loading what="the surveys" />;
  if (surveys.isError)
    return <ErrorState error={surveys.error} retry={() => surveys.refetch()} what="the surveys" />;
  if (actions.isError)
    return <ErrorState error={actions.error} retry={() => actions.refetch()} what="the surveys" />;
  return (
    <section aria-labelledby="surveys-title" className="surveys">
      <h1 id="surveys-title">Annual survey</h1>
      <p>{INTRO}</p>
      <Done message={done} />
      {surveys.data.length === 0 ? (
        <Empty>
          <p>No survey has been opened yet.</p>
        </Empty>
      ) : (
        <div className="table-scroll">
          <table className="survey-table">
            <caption className="visually-hidden">Surveys by year</caption>
            <thead>
              <tr>
                <th scope="col">Year</th>
                <th scope="col">Answers due</th>
                <th scope="col">Collections</th>
                <th scope="col">Waiting</th>
                <th scope="col">Overdue</th>
                <th scope="col">Answered</th>
                <th scope="col">No longer necessary</th>
              </tr>
            </thead>
            <tbody>
              {surveys.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/surveys/${s.year}`}>Survey {s.year}</Link>
                  </th>
                  <td>{formatDate(s.dueAt)}</td>
                  <td>{s.counts.items}</td>
                  <td>{s.counts.open}</td>
                  <td>
                    {s.counts.overdue > 0 ? (
                      <Link to={`/surveys/${s.year}?filter=overdue`}>{s.counts.overdue}</Link>
                    ) : (
                      0
                    )}
                  </td>
                  <td>{s.counts.answered}</td>
                  <td>
                    {s.counts.flaggedForRemoval > 0 ? (
                      <Link to={`/surveys/${s.year}?filter=flagged`}>{s.counts.flaggedForRemoval}</Link>
                    ) : (
                      0
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {actions.data.open.allowed && <OpenSurvey onDone={setDone} />}
    </section>
  );
}

function OpenSurvey({ onDone }: { onDone: (m: string) => void }) {
  const client = useTRPCClient();
  const [year, setYear] = useState('');
  const [due, setDue] = useState('');
  const [tried, setTried] = useState(false);
  const [key, setKey] = useState(idempotencyKey);
  const open = useSurveyAction(() =>
    client.survey.open.mutate({
      year: Number(year),
      dueAt: new Date(`${due}T23:59:59Z`).toISOString(),
      idempotencyKey: key,
    }),
  );
  const local: Record<string, string> = {};
  if (!/^\d{4}$/.test(year)) local.year = 'Give the year, e.g. 2026.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) local.dueAt = 'Choose the day the answers are due.';
  const errors = tried ? { ...local, ...(open.error ? fieldIssues(open.error) : {}) } : {};
  return (
    <form
      className="card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(local).length) return;
        open.mutate(undefined, {
          onSuccess: (s) => {
            setKey(idempotencyKey());
            setTried(false);
            setYear('');
            setDue('');
            onDone(
              `The survey of ${s.year} is open: ${plural(s.counts.items, 'collection')} to answer, ${plural(s.mailsQueued, 'mail')} to their owners.`,
            );
          },
        });
      }}
    >
      <h2>Open a survey</h2>
      <p>Every shipped collection gets an item for its accountable owner, who is told by mail.</p>
      <Field label="Year" error={errors.year}>
        {(p) => (
          <input
            {...p}
            name="year"
            inputMode="numeric"
            value={year}
            onChange={(e) => setYear(e.target.value)}
          />
        )}
      </Field>
      <Field label="Answers due on" error={errors.dueAt}>
        {(p) => (
          <input {...p} name="dueAt" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        )}
      </Field>
      <FormError error={open.error} />
      <div className="actions">
        <button type="submit" disabled={open.isPending}>
          Open the survey
        </button>
      </div>
    </form>
  );
}

/** One year's survey: the collections, their answers, answering (owners) and reminders (admins). */
export function Survey({ year }: { year: number }) {
  usePageTitle(`Annual survey ${year}`);
  const trpc = useTRPC();
  const { path, navigate } = useRoute();
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const filter = (
    Object.keys(FILTERS).includes(params.get('filter') ?? '') ? params.get('filter') : 'all'
  ) as Filter;
  const mine = params.get('mine') === '1';
  const setParams = (next: { filter?: Filter; mine?: boolean }) => {
    const f = next.filter ?? filter;
    const m = next.mine ?? mine;
    const q = new URLSearchParams();
    if (f !== 'all') q.set('filter', f);
    if (m) q.set('mine', '1');
    const query = q.toString();
    navigate(`/surveys/${year}${query ? `?${query}` : ''}`);
  };
  const surveys = useQuery(trpc.survey.list.queryOptions());
  const actions = useQuery(trpc.survey.actions.queryOptions());
  const items = useQuery(trpc.survey.items.queryOptions({ year, filter, mine }));
  const [done, setDone] = useState<string | null>(null);
  if (items.isError && errorCode(items.error) === 'NOT_FOUND')
    return (
      <section aria-labelledby="survey-title">
        <h1 id="survey-title">No survey for {year}</h1>
        <p>
          No survey has been opened for {year}. <Link to="/surveys">All surveys</Link>
        </p>
      </section>
    );
  const summary = surveys.data?.find((s) => s.year === year);
  return (
    <section aria-labelledby="survey-title" className="survey">
      <p className="review-key">
        <Link to="/surveys">All surveys</Link>
      </p>
      <h1 id="survey-title">Annual survey {year}</h1>
      <p>{INTRO}</p>
      {summary && (
        <p>
          Answers due {formatDate(summary.dueAt)}. {plural(summary.counts.items, 'collection')}:{' '}
          {summary.counts.open} waiting, {summary.counts.overdue} overdue, {summary.counts.answered} answered,{' '}
          {summary.counts.flaggedForRemoval} no longer necessary.
        </p>
      )}
      <Done message={done} />
      <div className="filters">
        <Field label="Show">
          {(p) => (
            <select {...p} value={filter} onChange={(e) => setParams({ filter: e.target.value as Filter })}>
              {(Object.keys(FILTERS) as Filter[]).map((f) => (
                <option key={f} value={f}>
                  {FILTERS[f]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label>
          <input type="checkbox" checked={mine} onChange={(e) => setParams({ mine: e.target.checked })} />
          Only the collections I answer for
        </label>
      </div>
      {actions.data?.sendReminders.allowed && <Reminders year={year} onDone={setDone} />}
      {items.isPending ? (
        <Loading what={`the survey of ${year}`} />
      ) : items.isError ? (
        <ErrorState error={items.error} retry={() => items.refetch()} what={`the survey of ${year}`} />
      ) : items.data.length === 0 ? (
        <Empty>
          <p>No collection here.</p>
        </Empty>
      ) : (
        <ul className="survey-items">
          {items.data.map((i) => (
            <SurveyItem key={i.id} item={i} onDone={setDone} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Reminders({ year, onDone }: { year: number; onDone: (m: string) => void }) {
  const client = useTRPCClient();
  const remind = useSurveyAction((onlyOverdue: boolean) =>
    client.survey.sendReminders.mutate({ year, onlyOverdue, idempotencyKey: idempotencyKey() }),
  );
  const after = (r: { mailsQueued: number; items: number }) =>
    onDone(
      r.items === 0
        ? 'Nothing to remind: every item is answered.'
        : `${plural(r.mailsQueued, 'reminder')} sent for ${plural(r.items, 'unanswered collection')}.`,
    );
  return (
    <div className="actions">
      <button
        type="button"
        disabled={remind.isPending}
        onClick={() => remind.mutate(false, { onSuccess: after })}
      >
        Remind everyone who has not answered
      </button>
      <button
        type="button"
        disabled={remind.isPending}
        onClick={() => remind.mutate(true, { onSuccess: after })}
      >
        Remind only the overdue
      </button>
      <FormError error={remind.error} />
    </div>
  );
}

function SurveyItem({ item: i, onDone }: { item: Item; onDone: (m: string) => void }) {
  const [answering, setAnswering] = useState(false);
  const tone = i.state === 'answered' ? 'ok' : i.state === 'overdue' ? 'bad' : 'warn';
  return (
    <li className="card survey-item">
      <h2>
        <Link to={`/reviews/${i.reviewKey}`}>{i.reviewKey}</Link> {i.reviewTitle}{' '}
        <Badge tone={tone}>{SURVEY_ITEM_STATE_LABELS[i.state]}</Badge>
        {i.flaggedForRemoval && (
          <>
            {' '}
            <Badge tone="bad">Flagged for removal</Badge>
          </>
        )}
      </h2>
      <p className="meta">
        Answered for by {i.owner.name}
        {i.remindersSent > 0 && `, reminded ${plural(i.remindersSent, 'time')}`}
      </p>
      {i.answeredAt && (
        <dl className="facts">
          <div>
            <dt>Still necessary?</dt>
            <dd>{i.stillNecessary ? 'Yes' : 'No'}</dd>
          </div>
          <div>
            <dt>Why</dt>
            <dd>{i.reason}</dd>
          </div>
          <div>
            <dt>Responsible now</dt>
            <dd>{i.responsible?.name ?? '–'}</dd>
          </div>
          <div>
            <dt>Answered</dt>
            <dd>{formatDate(i.answeredAt)}</dd>
          </div>
        </dl>
      )}
      {i.allowed.answer.allowed &&
        (answering || !i.answeredAt ? (
          <AnswerForm
            item={i}
            onDone={(m) => {
              setAnswering(false);
              onDone(m);
            }}
          />
        ) : (
          <button type="button" onClick={() => setAnswering(true)}>
            Revise the answer for {i.reviewKey}
          </button>
        ))}
      {i.allowed.reassign.allowed && <Reassign item={i} onDone={onDone} />}
    </li>
  );
}

function AnswerForm({ item, onDone }: { item: Item; onDone: (m: string) => void }) {
  const client = useTRPCClient();
  const { me } = useSession();
  const [necessary, setNecessary] = useState<'yes' | 'no' | ''>('');
  const [reason, setReason] = useState('');
  const [responsible, setResponsible] = useState('');
  const [tried, setTried] = useState(false);
  const [key] = useState(idempotencyKey);
  const answer = useSurveyAction(() =>
    client.survey.answer.mutate({
      itemId: item.id,
      stillNecessary: necessary === 'yes',
      reason: reason.trim(),
      responsiblePersonId: Number(responsible),
      idempotencyKey: key,
    }),
  );
  const people = new Map<number, string>([[me.id, `${me.displayName} (me)`]]);
  if (!people.has(item.owner.id)) people.set(item.owner.id, item.owner.name);
  if (item.responsible && !people.has(item.responsible.id))
    people.set(item.responsible.id, item.responsible.name);
  const local: Record<string, string> = {};
  if (!necessary) local.stillNecessary = 'Answer yes or no.';
  if (!reason.trim()) local.reason = 'Say why.';
  if (!responsible) local.responsiblePersonId = 'Choose who is responsible now.';
  const errors = tried ? { ...local, ...(answer.error ? fieldIssues(answer.error) : {}) } : {};
  const name = `necessary-${item.id}`;
  return (
    <form
      noValidate
      className="survey-answer"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(local).length) return;
        answer.mutate(undefined, {
          onSuccess: (a) =>
            onDone(
              a.flaggedForRemoval
                ? `${a.reviewKey} is flagged for removal: no longer necessary.`
                : `${a.reviewKey} answered: still necessary, ${a.responsible?.name ?? ''} responsible.`,
            ),
        });
      }}
    >
      <fieldset aria-describedby={errors.stillNecessary ? `${name}-error` : undefined}>
        <legend>Is it still necessary and useful to collect this data?</legend>
        <label className="choice">
          <input
            type="radio"
            name={name}
            checked={necessary === 'yes'}
            onChange={() => setNecessary('yes')}
          />
          Yes, still necessary
        </label>
        <label className="choice">
          <input type="radio" name={name} checked={necessary === 'no'} onChange={() => setNecessary('no')} />
          No, it can be removed
        </label>
        {errors.stillNecessary && (
          <small id={`${name}-error`} className="field-error">
            {errors.stillNecessary}
          </small>
        )}
      </fieldset>
      <Field label="Why?" error={errors.reason}>
        {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Field
        label="Who is responsible for its collection, monitoring and reporting now?"
        error={errors.responsiblePersonId}
      >
        {(p) => (
          <select {...p} value={responsible} onChange={(e) => setResponsible(e.target.value)}>
            <option value="">Choose…</option>
            {[...people].map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError error={answer.error} />
      <div className="actions">
        <button type="submit" disabled={answer.isPending}>
          Send the answer for {item.reviewKey}
        </button>
      </div>
    </form>
  );
}

/** An admin hands an unanswered item to someone else (e.g. the owner left). */
function Reassign({ item, onDone }: { item: Item; onDone: (m: string) => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState('');
  const people = useQuery({ ...trpc.admin.listPeople.queryOptions(), enabled: open });
  const reassign = useSurveyAction(() =>
    client.survey.reassign.mutate({
      itemId: item.id,
      ownerId: Number(owner),
      idempotencyKey: idempotencyKey(),
    }),
  );
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Hand {item.reviewKey} to someone else
      </button>
    );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!owner) return;
        reassign.mutate(undefined, {
          onSuccess: (a) => {
            setOpen(false);
            onDone(`${a.reviewKey} is now answered for by ${a.owner.name}.`);
          },
        });
      }}
    >
      {people.isPending ? (
        <Loading what="the people" />
      ) : people.isError ? (
        <ErrorState error={people.error} what="the people" />
      ) : (
        <Field label={`New owner of ${item.reviewKey}`}>
          {(p) => (
            <select {...p} value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">Choose…</option>
              {people.data
                .filter((x) => x.active && x.id !== item.owner.id)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.displayName}
                  </option>
                ))}
            </select>
          )}
        </Field>
      )}
      <FormError error={reassign.error} />
      <div className="actions">
        <button type="submit" disabled={reassign.isPending || !owner}>
          Hand it over
        </button>
        <button type="button" className="link-button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
