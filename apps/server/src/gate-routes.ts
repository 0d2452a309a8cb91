import type http from 'node:http';
import {
  answerGate,
  type ContextInner,
  gateAnswerSchema,
  gateItemSchema,
  lookupByBug,
  type Principal,
  zodIssues,
} from '@signoff/api';
import { canShipResultSchema } from '@signoff/core';
import { z } from 'zod';
import { errorBody, readJson, sendJson } from './respond.ts';
import type { RestRoute } from './rest.ts';

/** The scope an automation token needs for the gate routes (a signed-in person needs none). */
export const GATE_SCOPE = 'gate:read';
/** SPEC 11: a CI job may ask about up to this many reviews in one request. */
export const MAX_BATCH = 1000;

// The HTTP inputs, built from the same schemas as the tRPC gate router.
export const gateReviewQuerySchema = gateItemSchema;
export const gateCheckInputSchema = z.object({ items: z.array(gateItemSchema).min(1).max(MAX_BATCH) });
export const gateCheckOutputSchema = z.object({ results: z.array(gateAnswerSchema) });
export const gateLookupQuerySchema = z.object({
  bug: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, 'a bug number'),
});
export const gateLookupOutputSchema = z.object({
  reviews: z.array(z.object({ reviewId: z.number(), key: z.string() })),
});
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
  }),
});
export const pingSchema = z.object({ ok: z.literal(true) });
export { canShipResultSchema };

/** 401 without a valid bearer token, 403 for a token without the gate scope; same rule as scopedProcedure. */
export function gateReader(ctx: ContextInner, res: http.ServerResponse): Principal | null {
  const p = ctx.principal;
  if (!p) {
    res.setHeader('www-authenticate', 'Bearer');
    sendJson(res, 401, errorBody('UNAUTHENTICATED', 'a valid bearer token is required'));
    return null;
  }
  if (p.kind === 'token' && !p.scopes.includes(GATE_SCOPE)) {
    sendJson(res, 403, errorBody('FORBIDDEN', `this token lacks the scope ${GATE_SCOPE}`));
    return null;
  }
  return p;
}

/** Parses with a zod schema; on failure answers 400 naming each field and returns null. */
export function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  res: http.ServerResponse,
): z.output<T> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error);
  sendJson(
    res,
    400,
    errorBody('VALIDATION', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues }),
  );
  return null;
}

export const query = (url: URL, names: string[]) =>
  Object.fromEntries(names.flatMap((n) => (url.searchParams.has(n) ? [[n, url.searchParams.get(n)]] : [])));

/** The release gate over plain HTTP (SPEC 11), for any CI. Each handler validates, then calls the api layer. */
export const gateRoutes = (): RestRoute[] => [
  {
    method: 'GET',
    path: '/gate/reviews/:review',
    async handle({ url, params, ctx }, res) {
      const principal = gateReader(ctx, res);
      if (!principal) return;
      const input = parse(gateReviewQuerySchema, { review: params.review, ...query(url, ['channel']) }, res);
      if (!input) return;
      const [answer] = await answerGate(ctx, principal, [input]);
      if (!answer || 'error' in answer)
        return sendJson(res, 404, errorBody('NOT_FOUND', `Review ${input.review} not found.`));
      sendJson(res, 200, answer);
    },
  },
  {
    method: 'POST',
    path: '/gate/check',
    async handle({ req, ctx }, res) {
      const principal = gateReader(ctx, res);
      if (!principal) return;
      const body = await readJson(req, 1_000_000);
      if (!body.ok) return sendJson(res, 400, errorBody('VALIDATION', body.reason));
      const input = parse(gateCheckInputSchema, body.value, res);
      if (!input) return;
      sendJson(res, 200, {
        results: await answerGate(ctx, principal, input.items),
      });
    },
  },
  {
    method: 'GET',
    path: '/gate/lookup',
    async handle({ url, ctx }, res) {
      const principal = gateReader(ctx, res);
      if (!principal) return;
      const input = parse(gateLookupQuerySchema, query(url, ['bug']), res);
      if (!input) return;
      sendJson(res, 200, { reviews: await lookupByBug(ctx.db, principal, input.bug) });
    },
  },
];
