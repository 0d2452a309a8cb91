import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { appRouter, createContextInner, type Principal, resolvePrincipal, type Settings } from '@signoff/api';
import {
  type ChangeFeedCache,
  type Db,
  isDatabaseUnavailable,
  loadMigrations,
  type Migration,
  pendingMigrations,
} from '@signoff/db';
import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { type ServerMetrics, trpcRoute } from './metrics.ts';
import { sendJson } from './respond.ts';
import { type RestRoute, restHandler } from './rest.ts';

export interface ServerDeps {
  db: Db;
  pool: pg.Pool;
  log: Logger;
  config: Pick<Config, 'CORS_ORIGINS'> & Partial<Pick<Config, 'SESSION_TTL_HOURS'>>;
  /** What the API needs of the configuration; defaults suit tests. */
  settings?: Partial<Settings>;
  /** Extra plain-JSON routes under /api/v1 (the gate adds its own). */
  restRoutes?: RestRoute[];
  /** Serves the web client for any other GET; returns false when it has nothing for the path. */
  /** Review facts and principals kept correct by PostgreSQL change notifications. */
  cache?: ChangeFeedCache<Principal> | undefined;
  staticFiles?: (req: http.IncomingMessage, res: http.ServerResponse, path: string) => Promise<boolean>;
  /** Single sign-on's browser routes (/auth/oidc/start, /auth/oidc/callback); false for other paths. */
  sso?: ((req: http.IncomingMessage, res: http.ServerResponse, path: string) => Promise<boolean>) | undefined;
  /** Prometheus metrics (METRICS=on): every request is counted and timed, and GET /metrics serves them. */
  metrics?: ServerMetrics | undefined;
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

const SECURITY_ENTRIES = Object.entries(SECURITY_HEADERS);

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Calls one tRPC batch may hold (the web client's batch link sends at most this many). */
export const MAX_BATCH = 50;

/** Seconds a client is told to wait when the database is unavailable or it is rate-limited. */
const RETRY_AFTER_SECONDS = '5';

const unavailable = () =>
  new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'the database is unavailable; try again shortly' });

/** Transport only: routes a request to health checks, tRPC or the /api/v1 JSON routes. */
export function createHttpServer(deps: ServerDeps): http.Server {
  const settings = { sessionTtlHours: deps.config.SESSION_TTL_HOURS ?? 12, ...deps.settings };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: 1_000_000,
    maxBatchSize: MAX_BATCH,
    createContext: async ({ req }) => {
      const now = new Date();
      const principal = await resolvePrincipal(deps.db, req.headers.authorization, now, deps.cache).catch(
        (err) => {
          throw isDatabaseUnavailable(err) ? unavailable() : err;
        },
      );
      return createContextInner({
        db: deps.db,
        principal,
        ...(deps.cache ? { cache: deps.cache } : {}),
        observer: deps.metrics,
        requestId: String(req.headers['x-request-id']),
        clientAddress: req.socket.remoteAddress ?? null,
        settings: settings,
      });
    },
    // Answers carry private data: never stored by a cache. tRPC sets its own Vary; origin is added to it.
    responseMeta: ({ errors }) => {
      const headers = new Headers([
        ['cache-control', 'no-store'],
        ['vary', 'origin'],
      ]);
      if (errors.some((e) => e.code === 'SERVICE_UNAVAILABLE' || e.code === 'TOO_MANY_REQUESTS'))
        headers.set('retry-after', RETRY_AFTER_SECONDS);
      return { headers };
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        deps.log.error({ err: error.cause ?? error, path }, 'procedure failed');
    },
  });
  const rest = restHandler(deps.restRoutes ?? [], {
    db: deps.db,
    settings,
    cache: deps.cache,
    observer: deps.metrics,
  });
  const metrics = deps.metrics;

  return http.createServer(async (req, res) => {
    // With metrics on: the route's template, set below once known, counted when the response finishes.
    let route = '(unmatched)';
    if (metrics) {
      const started = performance.now();
      res.once('finish', () => metrics.request(route, res.statusCode, (performance.now() - started) / 1e3));
    }
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.headers['x-request-id'] = requestId;
    // The request's logger is made only when something is logged: most requests log nothing.
    let child: Logger | undefined;
    const log = () => {
      child ??= deps.log.child({ requestId });
      return child;
    };
    res.setHeader('x-request-id', requestId);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    for (const [k, v] of SECURITY_ENTRIES) res.setHeader(k, v);
    if (deps.log.isLevelEnabled('debug')) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // The path only: a GET's query string carries its input (search terms, review contents).
        log().debug({ method: req.method, path, status: res.statusCode, ms }, 'request');
      });
    }

    const origin = req.headers.origin;
    if (origin && deps.config.CORS_ORIGINS.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, x-request-id');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') {
      route = '(preflight)';
      res.statusCode = origin && deps.config.CORS_ORIGINS.includes(origin) ? 204 : 403;
      res.end();
      return;
    }

    try {
      if (!decodable(path))
        return sendJson(res, 400, {
          error: {
            code: 'BAD_REQUEST',
            message: `the path is not valid percent-encoded UTF-8: ${path.slice(0, 200)}`,
          },
        });
      if (path === '/healthz') {
        route = path;
        return sendJson(res, 200, { ok: true });
      }
      if (path === '/readyz') {
        route = path;
        return await readiness(deps, res);
      }
      if (path.startsWith('/trpc/')) {
        if (metrics) route = trpcRoute(path);
        const calls = batchSize(req.url ?? '');
        if (calls > MAX_BATCH)
          return sendJson(res, 413, {
            error: {
              code: 'PAYLOAD_TOO_LARGE',
              message: `a tRPC batch may hold at most ${MAX_BATCH} calls; this one holds ${calls}`,
            },
          });
        return await trpc(req, res);
      }
      if (path.startsWith('/api/v1/'))
        return await rest(req, res, log, (template) => {
          route = template;
        });
      if (path === '/metrics') {
        route = path;
        if (metrics) return await metrics.serve(req, res);
        return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'metrics are off (METRICS=on)' } });
      }
      if (deps.sso && path.startsWith('/auth/oidc/')) {
        route = path.length < 40 ? path : '/auth/oidc/(other)';
        if (await deps.sso(req, res, path)) return;
      }
      route = '(web client)';
      if (deps.staticFiles && (await deps.staticFiles(req, res, path))) return;
      route = '(unmatched)';
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${path}` } });
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        log().warn({ message: (err as Error).message }, 'database unavailable');
        if (res.headersSent) return res.end();
        res.setHeader('retry-after', RETRY_AFTER_SECONDS);
        return sendJson(res, 503, {
          error: { code: 'UNAVAILABLE', message: 'the database is unavailable; try again shortly' },
        });
      }
      log().error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
      else res.end();
    }
  });
}

const decodable = (path: string) => {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
};

/** How many calls a tRPC request holds: `/trpc/a,b,c?batch=1` holds three. */
function batchSize(url: string): number {
  const q = url.indexOf('?');
  if (q < 0 || !/[?&]batch=1(&|$)/.test(url.slice(q))) return 1;
  const paths = url.slice('/trpc/'.length, q);
  let n = 1;
  for (let i = paths.indexOf(','); i >= 0; i = paths.indexOf(',', i + 1)) n++;
  return n;
}

// The migrations this build ships, read once: /readyz compares them with the database on every probe.
const onDisk: Promise<readonly Migration[]> = loadMigrations();
onDisk.catch(() => undefined); // reported by the probe that awaits it

async function readiness(deps: ServerDeps, res: http.ServerResponse) {
  try {
    await deps.pool.query('SELECT 1');
    const pending = await pendingMigrations(deps.pool, await onDisk);
    if (pending.length > 0)
      return sendJson(res, 503, { ready: false, reason: 'migrations pending', pending });
    return sendJson(res, 200, { ready: true, ...(deps.cache ? { cache: deps.cache.status() } : {}) });
  } catch (err) {
    return sendJson(res, 503, { ready: false, reason: `database unreachable: ${(err as Error).message}` });
  }
}
