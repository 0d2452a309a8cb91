import type { Area, Category, ReviewStatus } from '@signoff/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { type Inputs, type Outputs, useTRPC } from '../api.ts';
import { Badge, Empty, ErrorState, Loading } from '../components/states.tsx';
import { Link, useRoute } from '../router.tsx';
import {
  AREA_LABELS,
  AREAS,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  categoryLabel,
  STATUS_LABELS,
  STATUSES,
} from '../vocabulary.ts';
import './progress.css';
import { STAGE_LABELS, STAGES } from './review/pipeline.tsx';

type SearchInput = NonNullable<Inputs['review']['search']>;
type Sort = NonNullable<SearchInput['sort']>;
type Stage = (typeof STAGES)[number];
type Item = Outputs['review']['search']['items'][number];

const PAGE = 25;
const SORT_LABELS: Record<Sort, string> = {
  updated: 'Last changed',
  created: 'Created',
  key: 'Key',
  title: 'Title',
  relevance: 'Best match',
};
const CATEGORIES = [1, 2, 3, 4] as const satisfies readonly Category[];

/** The list's filters, as they live in the URL (so a list can be shared): /reviews?q=…&status=…&sort=… */
export interface ListFilters {
  q?: string;
  status?: ReviewStatus[];
  productId?: number;
  category?: Category;
  area?: Area;
  stage?: Stage;
  mine?: boolean;
  sort?: Sort;
  order?: 'asc' | 'desc';
  page?: number;
}

const oneOf = <T extends string | number>(values: readonly T[], v: string | null): T | undefined =>
  values.find((x) => String(x) === v);

/** Reads the filters from a query string; what is not a valid value is left out. */
export function readFilters(search: string): ListFilters {
  const p = new URLSearchParams(search);
  const status = p.getAll('status').flatMap((s) => oneOf(STATUSES, s) ?? []);
  const product = Number(p.get('product'));
  const page = Number(p.get('page'));
  const f: ListFilters = {
    q: p.get('q')?.trim() || undefined,
    status: status.length ? status : undefined,
    productId: Number.isInteger(product) && product > 0 ? product : undefined,
    category: oneOf(CATEGORIES, p.get('category')),
    area: oneOf(AREAS, p.get('area')),
    stage: oneOf(STAGES, p.get('stage')),
    mine: p.get('mine') === '1' || undefined,
    sort: oneOf(Object.keys(SORT_LABELS) as Sort[], p.get('sort')),
    order: oneOf(['asc', 'desc'] as const, p.get('order')),
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
  if (f.sort === 'relevance' && !f.q) f.sort = undefined;
  return f;
}

/** The address of a list: what the dashboard's figures link to. */
export function reviewsHref(f: ListFilters): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  for (const s of f.status ?? []) p.append('status', s);
  if (f.productId) p.set('product', String(f.productId));
  if (f.category) p.set('category', String(f.category));
  if (f.area) p.set('area', f.area);
  if (f.stage) p.set('stage', f.stage);
  if (f.mine) p.set('mine', '1');
  if (f.sort) p.set('sort', f.sort);
  if (f.order) p.set('order', f.order);
  if (f.page && f.page > 1) p.set('page', String(f.page));
  const qs = p.toString();
  return qs ? `/reviews?${qs}` : '/reviews';
}

const toInput = (f: ListFilters): SearchInput => ({
  ...(f.q ? { q: f.q } : {}),
  ...(f.status ? { status: f.status } : {}),
  ...(f.productId ? { productId: f.productId } : {}),
  ...(f.category ? { category: f.category } : {}),
  ...(f.area ? { areaWaiting: f.area } : {}),
  ...(f.stage ? { stage: f.stage } : {}),
  ...(f.mine ? { blockedOnMe: true } : {}),
  sort: f.sort ?? (f.q ? 'relevance' : 'updated'),
  ...(f.order ? { order: f.order } : {}),
  offset: ((f.page ?? 1) - 1) * PAGE,
  limit: PAGE,
});

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Find anything: every review I may see, by full-text search and filters kept in the URL. */
export function Reviews() {
  const trpc = useTRPC();
  const { path, navigate } = useRoute();
  const search = path.includes('?') ? path.slice(path.indexOf('?')) : '';
  const filters = readFilters(search);
  const input = toInput(filters);
  const list = useQuery({ ...trpc.review.search.queryOptions(input), placeholderData: keepPreviousData });
  const products = useQuery(trpc.review.products.queryOptions());
  const [text, setText] = useState(filters.q ?? '');
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    document.title = filters.q
      ? `Reviews matching “${filters.q}” – Sign-off tracker`
      : 'Reviews – Sign-off tracker';
  }, [filters.q]);
  // Every change of a filter starts again at the first page.
  const go = (next: Partial<ListFilters>) => navigate(reviewsHref({ ...filters, page: undefined, ...next }));
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim() || undefined;
    go({ q, sort: q ? filters.sort : filters.sort === 'relevance' ? undefined : filters.sort });
  };
  const page = filters.page ?? 1;
  return (
    <section aria-labelledby="reviews-title" className="reviews">
      <h1 id="reviews-title">Reviews</h1>
      <search>
        <form className="reviews-search" onSubmit={onSearch}>
          <label htmlFor="reviews-q">Search</label>
          <input
            id="reviews-q"
            type="search"
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
            aria-describedby="reviews-q-hint"
          />
          <button type="submit">Search</button>
          <p id="reviews-q-hint" className="hint">
            Words of the key, title, product or documentation. "a phrase" in quotes, -word to leave out, and
            or between two words to match either.
          </p>
        </form>
      </search>
      <fieldset className="reviews-filters">
        <legend>Filters</legend>
        <div className="field">
          <label htmlFor="f-status">State</label>
          <select
            id="f-status"
            value={filters.status?.length === 1 ? filters.status[0] : filters.status ? 'several' : ''}
            onChange={(e) => go({ status: e.target.value ? [e.target.value as ReviewStatus] : undefined })}
          >
            <option value="">Any state</option>
            {filters.status && filters.status.length > 1 && (
              <option value="several">{filters.status.map((s) => STATUS_LABELS[s]).join(' or ')}</option>
            )}
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-product">Product</label>
          <select
            id="f-product"
            value={filters.productId ?? ''}
            onChange={(e) => go({ productId: e.target.value ? Number(e.target.value) : undefined })}
          >
            <option value="">Any product</option>
            {products.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-category">Category</label>
          <select
            id="f-category"
            value={filters.category ?? ''}
            onChange={(e) =>
              go({ category: e.target.value ? (Number(e.target.value) as Category) : undefined })
            }
          >
            <option value="">Any category</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-area">Area waiting</label>
          <select
            id="f-area"
            value={filters.area ?? ''}
            onChange={(e) => go({ area: (e.target.value || undefined) as Area | undefined })}
          >
            <option value="">Any</option>
            {AREAS.map((a) => (
              <option key={a} value={a}>
                {AREA_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-stage">Waiting in stage</label>
          <select
            id="f-stage"
            value={filters.stage ?? ''}
            onChange={(e) => go({ stage: (e.target.value || undefined) as Stage | undefined })}
          >
            <option value="">Any</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-sort">Sort by</label>
          <select
            id="f-sort"
            value={input.sort}
            onChange={(e) => go({ sort: e.target.value as Sort, order: undefined })}
          >
            {(Object.keys(SORT_LABELS) as Sort[])
              .filter((s) => s !== 'relevance' || filters.q)
              .map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-order">Order</label>
          <select
            id="f-order"
            value={filters.order ?? ''}
            onChange={(e) => go({ order: (e.target.value || undefined) as 'asc' | 'desc' | undefined })}
          >
            <option value="">Usual</option>
            <option value="asc">Ascending (A to Z, oldest first)</option>
            <option value="desc">Descending (Z to A, newest first)</option>
          </select>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.mine ?? false}
            onChange={(e) => go({ mine: e.target.checked || undefined })}
          />{' '}
          Blocked on me
        </label>
        {search && (
          <p>
            <Link to="/reviews">Clear search and filters</Link>
          </p>
        )}
      </fieldset>
      {list.isPending ? (
        <Loading what="the reviews" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} what="the reviews" />
      ) : list.data.items.length === 0 ? (
        <Empty>
          <p role="status">No review matches{filters.q ? ` “${filters.q}”` : ''} with these filters.</p>
        </Empty>
      ) : (
        <>
          <p role="status" className="reviews-count">
            {plural(list.data.total, 'review')}
            {list.data.total > PAGE &&
              ` (showing ${list.data.offset + 1}–${list.data.offset + list.data.items.length})`}
          </p>
          <ul className="review-list reviews-results" aria-label="Matching reviews">
            {list.data.items.map((r) => (
              <ReviewRow key={r.id} item={r} />
            ))}
          </ul>
          <nav aria-label="Pages" className="pager">
            {page > 1 && <Link to={reviewsHref({ ...filters, page: page - 1 })}>Previous page</Link>}
            {list.data.offset + list.data.items.length < list.data.total && (
              <Link to={reviewsHref({ ...filters, page: page + 1 })}>Next page</Link>
            )}
          </nav>
        </>
      )}
    </section>
  );
}

function ReviewRow({ item: r }: { item: Item }) {
  return (
    <li>
      <Link to={`/reviews/${r.key}`}>
        <span className="review-key">{r.key}</span> {r.title}
      </Link>
      <div className="meta">
        {r.productName} · {STATUS_LABELS[r.status]} · {categoryLabel(r.category)}
        {r.visibility === 'private' && ' · private'}
        {r.waitingAreas.length > 0 && ` · waiting on ${r.waitingAreas.map((a) => AREA_LABELS[a]).join(', ')}`}
      </div>
      <ul className="gate-list" aria-label={`Can ${r.key} ship?`}>
        {r.gate.map((g) => (
          <li key={g.channel} title={g.blockers.join('\n')}>
            {CHANNEL_LABELS[g.channel]}:{' '}
            {g.canShip ? (
              <Badge tone="ok">✓ can ship</Badge>
            ) : (
              <Badge tone="bad">
                ✗ blocked{g.blockers.length > 0 && ` (${plural(g.blockers.length, 'blocker')})`}
              </Badge>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}
