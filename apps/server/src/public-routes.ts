import type http from 'node:http';
import { type ContextInner, createCaller, createContextInner, describeError } from '@signoff/api';
import { errorBody, sendJson } from './respond.ts';
import type { RestRoute } from './rest.ts';

/** tRPC error codes the transparency procedures can raise, as HTTP statuses. */
const STATUS: Record<string, [number, string]> = {
  BAD_REQUEST: [400, 'VALIDATION'],
  NOT_FOUND: [404, 'NOT_FOUND'],
};

function fail(res: http.ServerResponse, err: unknown) {
  const code = (err as { code?: string }).code ?? '';
  const known = STATUS[code];
  if (!known) throw err;
  sendJson(res, known[0], errorBody(known[1], describeError(err)));
}

const int = (v: string | null) => (v === null || !/^\d{1,15}$/.test(v) ? (v ?? undefined) : Number(v));

/** Query parameters → the transparency.list input (validated by the procedure's own schema). */
function listInput(url: URL): Record<string, unknown> {
  const p = url.searchParams;
  const input: Record<string, unknown> = {};
  if (p.has('status')) input.status = (p.get('status') ?? '').split(',').filter(Boolean);
  for (const n of ['productId', 'category', 'cursor', 'limit'] as const)
    if (p.has(n)) input[n] = int(p.get(n));
  if (p.has('q')) input.q = p.get('q');
  return input;
}

/** An anonymous caller: the public routes answer the same whoever asks, signed in or not. */
const publicCaller = (ctx: ContextInner) =>
  createCaller(createContextInner({ db: ctx.db, settings: ctx.settings, now: ctx.now }));

/**
 * Transparency over plain HTTP, without signing in: the public reviews and one review's page with its
 * decisions (`GET /api/v1/public/reviews?status=shipped&cursor=…`, `GET /api/v1/public/reviews/DR-42`).
 * Private reviews are not found until they ship.
 */
export const publicRoutes = (): RestRoute[] => [
  {
    method: 'GET',
    path: '/public/reviews',
    async handle({ url, ctx }, res) {
      try {
        sendJson(res, 200, await publicCaller(ctx).transparency.list(listInput(url) as never));
      } catch (err) {
        fail(res, err);
      }
    },
  },
  {
    method: 'GET',
    path: '/public/reviews/:review',
    async handle({ params, ctx }, res) {
      try {
        sendJson(res, 200, await publicCaller(ctx).transparency.get({ review: params.review ?? '' }));
      } catch (err) {
        fail(res, err);
      }
    },
  },
];
