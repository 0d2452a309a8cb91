import type http from 'node:http';
import {
  type ContextInner,
  createContextInner,
  type Observer,
  type Principal,
  resolvePrincipal,
  type Settings,
} from '@signoff/api';
import type { ChangeFeedCache, Db } from '@signoff/db';
import type { Logger } from './logger.ts';
import { errorBody, sendJson } from './respond.ts';

export interface RestRequest {
  req: http.IncomingMessage;
  url: URL;
  params: Record<string, string>;
  ctx: ContextInner;
  /** The request's logger (made on first use). */
  log: () => Logger;
}

export interface RestRoute {
  method: 'GET' | 'POST';
  /** Path below /api/v1 with `:name` segments, e.g. `/gate/reviews/:review`. */
  path: string;
  handle(r: RestRequest, res: http.ServerResponse): Promise<void>;
}

interface Compiled extends RestRoute {
  pattern: RegExp;
  names: string[];
  /** `/api/v1` and the path with its `:name` segments: a bounded label for metrics. */
  template: string;
}

const compile = (r: RestRoute): Compiled => {
  const names: string[] = [];
  const source = r.path.replace(/:([a-zA-Z]+)/g, (_, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { ...r, pattern: new RegExp(`^/api/v1${source}$`), names, template: `/api/v1${r.path}` };
};

/** A tiny router for the plain-JSON routes; each handler is thin and calls the same code tRPC does. */
export function restHandler(
  routes: RestRoute[],
  deps: {
    db: Db;
    settings: Partial<Settings>;
    cache?: ChangeFeedCache<Principal> | undefined;
    observer?: Observer | undefined;
  },
) {
  const compiled = routes.map(compile);
  /** `named` learns the route's template (a bounded label for metrics) before anything is answered. */
  return async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    log: () => Logger,
    named?: (template: string) => void,
  ) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const candidates = compiled.filter((r) => r.pattern.test(url.pathname));
    named?.(candidates[0]?.template ?? '/api/v1/(unmatched)');
    if (candidates.length === 0)
      return sendJson(res, 404, errorBody('NOT_FOUND', `no route ${url.pathname}`));
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      res.setHeader('allow', candidates.map((r) => r.method).join(', '));
      return sendJson(
        res,
        405,
        errorBody('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`),
      );
    }
    const m = route.pattern.exec(url.pathname)!;
    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
    const now = new Date();
    const ctx = createContextInner({
      db: deps.db,
      principal: await resolvePrincipal(deps.db, req.headers.authorization, now, deps.cache),
      ...(deps.cache ? { cache: deps.cache } : {}),
      observer: deps.observer,
      requestId: String(req.headers['x-request-id']),
      settings: deps.settings,
    });
    await route.handle({ req, url, params, ctx, log }, res);
  };
}
