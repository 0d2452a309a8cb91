import type { AppRouter } from '@signoff/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;
export type ReviewView = Outputs['review']['get'];
export type ReviewListItem = Outputs['review']['list']['items'][number];
export type Me = Outputs['auth']['me'];
export type EscalationView = Outputs['escalation']['list'][number];
export type InboxView = Outputs['inbox']['mine'];
export type PublicReview = Outputs['transparency']['get'];
export type PublicListItem = Outputs['transparency']['list']['items'][number];

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createApiClient(apiBase: string, token: () => string | null) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${apiBase}/trpc`,
        // The server refuses a batch of more than 50 calls (MAX_BATCH in apps/server/src/http-server.ts).
        maxItems: 50,
        headers: () => {
          const t = token();
          return t ? { authorization: `Bearer ${t}` } : {};
        },
      }),
    ],
  });
}

export interface FieldIssue {
  field: string;
  message: string;
}

interface ErrorData {
  code?: string;
  httpStatus?: number;
  domainCode?: string | null;
  issues?: { field: string; message: string }[];
  details?: { missing?: string[]; field?: string } | null;
}

const dataOf = (err: unknown): ErrorData =>
  err instanceof TRPCClientError ? ((err.data ?? {}) as ErrorData) : {};

/** A message fit for a person: the server's own wording, or a plain one for network failures. */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (!err.data && /fetch|network/i.test(err.message)) return 'The server cannot be reached.';
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export const errorCode = (err: unknown): string | undefined => dataOf(err).code;
export const isConflict = (err: unknown) => errorCode(err) === 'CONFLICT';
export const isUnauthorized = (err: unknown) => errorCode(err) === 'UNAUTHORIZED';

/** Field-level problems from a VALIDATION refusal, keyed by the field path. */
export function fieldIssues(err: unknown): Record<string, string> {
  const data = dataOf(err);
  const out: Record<string, string> = {};
  for (const i of data.issues ?? []) out[i.field] = i.message;
  for (const m of data.details?.missing ?? []) out[m] ??= 'required before submitting';
  return out;
}

/** One key per user action, so a retried request is not applied twice. */
export const idempotencyKey = () => crypto.randomUUID();
