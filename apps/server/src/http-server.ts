import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { appRouter, createContextInner, type Principal, resolvePrincipal, type Settings } from '@signoff/api';
import {
  type ChangeFeedCache,
  type Db,
  loadMigrations,
  type Migration,
  pendingMigrations,
} from '@signoff/db';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
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

/** Transport only: routes a request to health checks, tRPC or the /api/v1 JSON routes. */
export function createHttpServer(deps: ServerDeps): http.Server {
  const settings = { sessionTtlHours: deps.config.SESSION_TTL_HOURS ?? 12, ...deps.settings };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: 1_000_000,
    createContext: async ({ req }) => {
      const now = new Date();
      return createContextInner({
        db: deps.db,
        principal: await resolvePrincipal(deps.db, req.headers.authorization, now, deps.cache),
        ...(deps.cache ? { cache: deps.cache } : {}),
        requestId: String(req.headers['x-request-id']),
        settings: settings,
      });
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        deps.log.error({ err: error.cause ?? error, path }, 'procedure failed');
    },
  });
  const rest = restHandler(deps.restRoutes ?? [], { db: deps.db, settings, cache: deps.cache });

  return http.createServer(async (req, res) => {
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
    for (const [k, v] of SECURITY_ENTRIES) res.setHeader(k, v);
    if (deps.log.isLevelEnabled('debug')) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log().debug({ method: req.method, url: req.url, status: res.statusCode, ms }, 'request');
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
      res.statusCode = origin && deps.config.CORS_ORIGINS.includes(origin) ? 204 : 403;
      res.end();
      return;
    }

    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (path === '/healthz') return sendJson(res, 200, { ok: true });
      if (path === '/readyz') return await readiness(deps, res);
      if (path.startsWith('/trpc/')) return await trpc(req, res);
      if (path.startsWith('/api/v1/')) return await rest(req, res, log);
      if (deps.staticFiles && (await deps.staticFiles(req, res, path))) return;
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${path}` } });
    } catch (err) {
      log().error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
      else res.end();
    }
  });
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
