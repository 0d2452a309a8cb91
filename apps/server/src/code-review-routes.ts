import type http from 'node:http';
import {
  checkLanding,
  createCaller,
  describeError,
  intakeInputSchema,
  landingQuerySchema,
  zodIssues,
} from '@signoff/api';
import { isDomainError } from '@signoff/core';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';
import { gateReader, parse, query } from './gate-routes.ts';
import { errorBody, readJson, sendJson } from './respond.ts';
import type { RestRoute } from './rest.ts';

/** The scope a code-review bot's token needs to take revisions in. */
export const INTAKE_SCOPE = 'intake:write';
/** Up to 20 files of up to 2,000,000 characters, before and after, in JSON. */
export const MAX_INTAKE_BYTES = 100_000_000;

const CODES: Record<number, string> = {
  400: 'VALIDATION',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'RULE_VIOLATION',
};

/** A procedure's refusal as the /api/v1 error body: the message names the field, or the file and line. */
function sendFailure(res: http.ServerResponse, err: unknown) {
  if (!(err instanceof TRPCError) || err.code === 'INTERNAL_SERVER_ERROR') throw err;
  const status = getHTTPStatusCodeFromError(err);
  const cause = err.cause;
  const issues =
    cause instanceof ZodError
      ? zodIssues(cause)
      : isDomainError(cause) && Array.isArray(cause.details.issues)
        ? cause.details.issues
        : undefined;
  if (status === 401) res.setHeader('www-authenticate', 'Bearer');
  sendJson(
    res,
    status,
    errorBody(CODES[status] ?? err.code, describeError(err), issues === undefined ? {} : { issues }),
  );
}

/** Code review over plain HTTP (SPEC 14): a bot takes revisions in, CI asks whether one may land. */
export const codeReviewRoutes = (): RestRoute[] => [
  {
    method: 'POST',
    path: '/intake/revisions',
    async handle({ req, ctx }, res) {
      if (!ctx.principal) {
        res.setHeader('www-authenticate', 'Bearer');
        return sendJson(res, 401, errorBody('UNAUTHENTICATED', 'a valid bearer token is required'));
      }
      const body = await readJson(req, MAX_INTAKE_BYTES);
      if (!body.ok) return sendJson(res, 400, errorBody('VALIDATION', body.reason));
      const input = parse(intakeInputSchema, body.value, res);
      if (!input) return;
      try {
        sendJson(res, 200, await createCaller(ctx).classification.intake(input));
      } catch (err) {
        sendFailure(res, err);
      }
    },
  },
  {
    method: 'GET',
    path: '/land/:system/:repository/:revision',
    async handle({ url, params, ctx }, res) {
      const principal = gateReader(ctx, res);
      if (!principal) return;
      const input = parse(landingQuerySchema, { ...params, ...query(url, ['channel']) }, res);
      if (!input) return;
      const { channel, ...ref } = input;
      const answer = await checkLanding(ctx.db, principal, ref, channel, ctx.now(), ctx.cache);
      if (!answer)
        return sendJson(
          res,
          404,
          errorBody(
            'NOT_FOUND',
            `Revision ${ref.revision} of ${ref.system} ${ref.repository} was never taken in.`,
          ),
        );
      sendJson(res, 200, answer);
    },
  },
];
