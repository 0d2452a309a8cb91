import { populationsText, thirdPartyToolText } from '@signoff/core/request-form';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorCode, type PublicReview, useTRPC } from '../api.ts';
import { Badge, Empty, ErrorState, Loading } from '../components/states.tsx';
import { Link } from '../router.tsx';
import {
  AREA_LABELS,
  CHANNEL_LABELS,
  ESCALATION_DECISION_LABELS,
  ESCALATION_STATE_LABELS,
  formatDate,
  inWords,
  MITIGATION_KIND_LABELS,
  MITIGATION_STATE_LABELS,
  RISK_LABELS,
  SIGN_OFF_DECISION_LABELS,
  STATUS_LABELS,
} from '../vocabulary.ts';

const PAGE = 25;

/** Transparency: the public reviews and their decisions, readable without signing in (read-only). */
export function PublicReviews() {
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<string | undefined>();
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors.at(-1);
  const list = useQuery(
    trpc.transparency.list.queryOptions({
      limit: PAGE,
      ...(search ? { q: search } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCursors([]);
    setSearch(q.trim() || undefined);
  };
  return (
    <section aria-labelledby="public-title" className="transparency">
      <h1 id="public-title">Public data collection reviews</h1>
      <p className="hint">
        Mozilla makes its decisions about data collection public. Private reviews appear here once the
        collection ships.
      </p>
      <form aria-label="Search the public reviews" className="inline-form" onSubmit={submit}>
        <label htmlFor="public-search">Search by title or key</label>
        <input id="public-search" name="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      {list.isPending ? (
        <Loading what="the public reviews" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} what="the public reviews" />
      ) : list.data.items.length === 0 ? (
        <Empty>
          <p>{search ? `No public review matches “${search}”.` : 'No public review yet.'}</p>
        </Empty>
      ) : (
        <>
          <table className="public-table">
            <caption className="visually-hidden">Public reviews, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Review</th>
                <th scope="col">Product</th>
                <th scope="col">Category</th>
                <th scope="col">Status</th>
                <th scope="col">Data steward</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/public/${r.key}`}>
                      <strong>{r.key}</strong> {r.title}
                    </Link>
                  </td>
                  <td>{r.product}</td>
                  <td>{r.categoryLabel ?? 'Not categorised'}</td>
                  <td>{STATUS_LABELS[r.status]}</td>
                  <td>{r.stewardOutcome ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            {cursors.length > 0 && (
              <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                Newer reviews
              </button>
            )}
            {list.data.nextCursor && (
              <button type="button" onClick={() => setCursors([...cursors, list.data.nextCursor as number])}>
                Older reviews
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

export function PublicReviewPage({ reviewKey }: { reviewKey: string }) {
  const trpc = useTRPC();
  const review = useQuery(trpc.transparency.get.queryOptions({ review: reviewKey }));
  if (review.isPending) return <Loading what={`review ${reviewKey}`} />;
  if (review.isError) {
    if (errorCode(review.error) === 'NOT_FOUND')
      return (
        <section aria-labelledby="missing-title">
          <h1 id="missing-title">No public review {reviewKey}</h1>
          <p>
            It does not exist or is not public. <Link to="/public">All public reviews</Link>
          </p>
        </section>
      );
    return <ErrorState error={review.error} retry={() => review.refetch()} what={`review ${reviewKey}`} />;
  }
  return <PublicReviewView review={review.data} />;
}

function PublicReviewView({ review: r }: { review: PublicReview }) {
  const form = r.documentation.form;
  return (
    <article className="review-page public-review" aria-labelledby="public-review-title">
      <p>
        <Link to="/public">← All public reviews</Link>
      </p>
      <header className="review-header">
        <p className="review-key">{r.key}</p>
        <h1 id="public-review-title">{r.title}</h1>
        <dl className="facts">
          <div>
            <dt>Status</dt>
            <dd>
              <Badge tone={r.status === 'approved' || r.status === 'shipped' ? 'ok' : 'info'}>
                {STATUS_LABELS[r.status]}
              </Badge>
            </dd>
          </div>
          <div>
            <dt>Product</dt>
            <dd>{r.product}</dd>
          </div>
          <div>
            <dt>Category</dt>
            <dd>{r.categoryLabel ?? 'Not categorised'}</dd>
          </div>
          <div>
            <dt>Channels</dt>
            <dd>
              {r.channels.map((c) => `${CHANNEL_LABELS[c.channel]}: default ${c.defaultState}`).join(' · ')}
              {r.runsInExperiments && ' · runs in experiments'}
            </dd>
          </div>
          <div>
            <dt>Collection period</dt>
            <dd>
              {r.collectionPeriod.description}
              {r.collectionPeriod.expired && <Badge tone="warn">expired</Badge>}
            </dd>
          </div>
        </dl>
      </header>

      <section aria-labelledby="pub-steward" className="card">
        <h2 id="pub-steward">Data steward decisions</h2>
        {r.stewardDecisions.length === 0 ? (
          <Empty>
            <p>No data steward decision yet.</p>
          </Empty>
        ) : (
          <ul>
            {r.stewardDecisions.map((s) => (
              <li key={s.decidedAt}>
                <Badge tone={s.outcome === 'data-review+' ? 'ok' : 'bad'}>{s.outcome}</Badge> category{' '}
                {s.category}, by {s.steward}, {formatDate(s.decidedAt)}
                {s.review && <p>{s.review}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      {r.signOffs.length > 0 && (
        <section aria-labelledby="pub-signoffs" className="card">
          <h2 id="pub-signoffs">Sign-offs by area</h2>
          <table>
            <caption className="visually-hidden">The sign-off that counts in each area</caption>
            <thead>
              <tr>
                <th scope="col">Area</th>
                <th scope="col">Decision</th>
                <th scope="col">Risk</th>
                <th scope="col">Rationale</th>
              </tr>
            </thead>
            <tbody>
              {r.signOffs.map((s) => (
                <tr key={s.area}>
                  <th scope="row">{AREA_LABELS[s.area]}</th>
                  <td>
                    {inWords(SIGN_OFF_DECISION_LABELS, s.decision)}
                    {!s.current && <Badge tone="warn">stale</Badge>}
                    {s.trustApproval && <Badge tone="ok">Trust approval</Badge>}
                  </td>
                  <td>{inWords(RISK_LABELS, s.risk)}</td>
                  <td className="free-text">
                    {s.rationale} ({s.facilitator}, {formatDate(s.decidedAt)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {r.mitigations.length > 0 && (
        <section aria-labelledby="pub-mitigations" className="card">
          <h2 id="pub-mitigations">Mitigations</h2>
          <ul>
            {r.mitigations.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the public view carries no mitigation ids
              <li key={i}>
                {AREA_LABELS[m.area]} ·{' '}
                {MITIGATION_KIND_LABELS[m.kind as keyof typeof MITIGATION_KIND_LABELS] ?? m.kind} ·{' '}
                <Badge>{inWords(MITIGATION_STATE_LABELS, m.state)}</Badge> {m.description}
              </li>
            ))}
          </ul>
        </section>
      )}

      {r.escalations.length > 0 && (
        <section aria-labelledby="pub-escalations" className="card">
          <h2 id="pub-escalations">Escalations</h2>
          <ul>
            {r.escalations.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the public view carries no escalation ids
              <li key={i}>
                {e.areas.map((a) => AREA_LABELS[a]).join(', ')} · {inWords(ESCALATION_STATE_LABELS, e.state)}
                {e.decision &&
                  ` · ${ESCALATION_DECISION_LABELS[e.decision as keyof typeof ESCALATION_DECISION_LABELS] ?? e.decision}: ${e.rationale ?? ''}`}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="pub-announcement" className="card">
        <h2 id="pub-announcement">Announcement</h2>
        <p>
          {r.announcement.done ? 'Announced to the data-review mailing list.' : 'Not announced yet.'}
          {r.announcement.archiveLinks.map((l) => (
            <span key={l}>
              {' '}
              <a href={l} target="_blank" rel="noreferrer noopener">
                archive
              </a>
            </span>
          ))}
        </p>
      </section>

      <section aria-labelledby="pub-docs" className="card">
        <h2 id="pub-docs">Documentation (revision {r.documentation.revision})</h2>
        <dl className="doc-view">
          {(
            [
              ['What questions will this data answer?', form.questionsAnswered],
              ['Why does Mozilla need it?', form.whyMozillaNeedsIt],
              ['Alternatives considered', form.alternativesConsidered],
              ['Populations measured', populationsText(form)],
              ['How users turn it off', form.turnOffMechanism],
              ['Analysis', form.analysis],
              ['Results sharing', form.resultsSharing],
              ['Third-party tool', thirdPartyToolText(form)],
            ] as const
          )
            .filter(([, v]) => typeof v === 'string' && v)
            .map(([label, v]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
        {(form.measurements?.length ?? 0) > 0 && (
          <table>
            <caption>Measurements</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Category</th>
              </tr>
            </thead>
            <tbody>
              {form.measurements?.map((m) => (
                <tr key={m.name}>
                  <td>
                    <code>{m.name}</code>
                  </td>
                  <td className="free-text">{m.description}</td>
                  <td>{m.category}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
