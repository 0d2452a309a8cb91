import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { appRouter, type GateAnswer, type Principal } from '@signoff/api';
import { type ChangeFeedCache, type Db, type OutboxHealth, outboxHealth } from '@signoff/db';
import type pg from 'pg';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { sendJson } from './respond.ts';

export interface MetricsDeps {
  db: Db;
  pool: pg.Pool;
  cache?: ChangeFeedCache<Principal> | undefined;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token?: string | undefined;
}

export interface ServerMetrics {
  readonly registry: Registry;
  /** One finished HTTP request; `route` is a template (few distinct values), never the raw path. */
  request(route: string, status: number, seconds: number): void;
  /** Gate answers, counted by result (can ship, blocked, not found). */
  gateAnswers(answers: readonly GateAnswer[]): void;
  /** GET /metrics: the Prometheus text format. */
  serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  stop(): void;
}

// Seconds; the gate answers in well under a millisecond from memory, a full inbox in tens.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const PROCEDURES = new Set(
  Object.keys((appRouter as unknown as { _def: { procedures: object } })._def.procedures),
);

/**
 * The route label of a tRPC request: the procedure's name, `(batch)` for several at once and `(unknown)`
 * for a name that is not a procedure (the label set stays bounded whatever a client sends).
 */
export function trpcRoute(path: string): string {
  const names = path.slice('/trpc/'.length).split(',');
  if (!names.every((n) => PROCEDURES.has(n))) return '/trpc/(unknown)';
  return names.length === 1 ? `/trpc/${names[0]}` : '/trpc/(batch)';
}

/**
 * The server's Prometheus metrics (prom-client, its own registry). Request counting is a map lookup and
 * two increments per request; everything read from PostgreSQL or the cache is read at scrape time only.
 */
export function createMetrics(deps: MetricsDeps): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const requests = new Counter({
    name: 'signoff_http_requests_total',
    help: 'HTTP requests answered, by route template and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'signoff_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by route template.',
    labelNames: ['route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const gate = new Counter({
    name: 'signoff_gate_answers_total',
    help: 'Release gate answers (each item of a batch counts), by result: can_ship, blocked, not_found.',
    labelNames: ['result'] as const,
    registers: [registry],
  });

  // Bound children: a request pays one map lookup per series instead of label hashing.
  const counters = new Map<string, ReturnType<typeof requests.labels>>();
  const histograms = new Map<string, ReturnType<typeof latency.labels>>();
  const canShip = gate.labels('can_ship');
  const blocked = gate.labels('blocked');
  const notFound = gate.labels('not_found');

  new Gauge({
    name: 'signoff_db_pool_connections',
    help: 'PostgreSQL pool connections: total open, idle, and requests waiting for one.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, deps.pool.totalCount);
      this.set({ state: 'idle' }, deps.pool.idleCount);
      this.set({ state: 'waiting' }, deps.pool.waitingCount);
    },
  });

  // The outbox, read once per scrape (in serve) for all of its series.
  let outbox: OutboxHealth = {
    undelivered: 0,
    oldestUndeliveredAgeSeconds: 0,
    failed: 0,
    failedAttempts: { retry: 0, failed: 0, abandoned: 0 },
  };
  new Gauge({
    name: 'signoff_outbox_undelivered',
    help: 'Mails waiting to be delivered (queued, being sent, or due for a retry).',
    registers: [registry],
    collect() {
      this.set(outbox.undelivered);
    },
  });
  new Gauge({
    name: 'signoff_outbox_oldest_undelivered_age_seconds',
    help: 'Age of the oldest mail still waiting to be delivered; 0 when none waits.',
    registers: [registry],
    collect() {
      this.set(outbox.oldestUndeliveredAgeSeconds);
    },
  });
  new Gauge({
    name: 'signoff_outbox_failed',
    help: 'Mails the mail server refused for good, held until an admin retries them.',
    registers: [registry],
    collect() {
      this.set(outbox.failed);
    },
  });
  // A counter read from the attempts table: every worker process records its attempts there.
  new Counter({
    name: 'signoff_outbox_delivery_failures_total',
    help: 'Failed delivery attempts by every worker, by outcome: retry (will be retried), failed (refused for good), abandoned (lease ran out).',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const h = outbox;
      this.reset();
      for (const outcome of ['retry', 'failed', 'abandoned'] as const)
        this.inc({ outcome }, h.failedAttempts[outcome]);
    },
  });

  const cache = deps.cache;
  if (cache) {
    new Gauge({
      name: 'signoff_change_feed_listening',
      help: '1 while the cache listens to PostgreSQL change notifications; 0 while that connection is down (nothing is served from the cache then).',
      registers: [registry],
      collect() {
        this.set(cache.status().listening ? 1 : 0);
      },
    });
    new Gauge({
      name: 'signoff_cache_reviews',
      help: 'Reviews whose gate facts are held in memory.',
      registers: [registry],
      collect() {
        this.set(cache.status().reviews);
      },
    });
    new Gauge({
      name: 'signoff_cache_warm',
      help: '1 once every review’s facts are loaded after the cache (re)started listening.',
      registers: [registry],
      collect() {
        this.set(cache.status().warm ? 1 : 0);
      },
    });
    new Gauge({
      name: 'signoff_cache_stale',
      help: '1 while the cache serves nothing because the change feed may have missed a change (no heartbeat within CACHE_STALENESS_SECONDS).',
      registers: [registry],
      collect() {
        this.set(cache.status().stale ? 1 : 0);
      },
    });
    new Gauge({
      name: 'signoff_cache_age_seconds',
      help: 'How old the cache may be: seconds since the newest change-feed heartbeat that came back (everything committed before it has been seen).',
      registers: [registry],
      collect() {
        const age = cache.status().heartbeatAgeMs;
        this.set(age === null ? 0 : age / 1000);
      },
    });
  }

  const expected = deps.token ? Buffer.from(`Bearer ${deps.token}`) : null;
  const authorised = (header: string | undefined) => {
    if (!expected) return true;
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return {
    registry,
    request(route, status, seconds) {
      const key = `${route} ${status}`;
      let c = counters.get(key);
      if (!c) {
        c = requests.labels(route, String(status));
        counters.set(key, c);
      }
      c.inc();
      let h = histograms.get(route);
      if (!h) {
        h = latency.labels(route);
        histograms.set(route, h);
      }
      h.observe(seconds);
    },
    gateAnswers(answers) {
      for (const a of answers) {
        if ('error' in a) notFound.inc();
        else if (a.canShip) canShip.inc();
        else blocked.inc();
      }
    },
    async serve(req, res) {
      if (req.method !== 'GET') {
        res.setHeader('allow', 'GET');
        return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'GET /metrics only' } });
      }
      if (!authorised(req.headers.authorization)) {
        res.setHeader('www-authenticate', 'Bearer');
        return sendJson(res, 401, {
          error: { code: 'UNAUTHENTICATED', message: 'GET /metrics needs the METRICS_TOKEN bearer token' },
        });
      }
      outbox = await outboxHealth(deps.db);
      const text = await registry.metrics();
      res.statusCode = 200;
      res.setHeader('content-type', registry.contentType);
      res.setHeader('cache-control', 'no-store');
      res.end(text);
    },
    stop() {
      registry.clear();
    },
  };
}
