import { randomUUID } from 'node:crypto';
import type { ReviewFacts } from '@signoff/core';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, KEEPALIVE } from './database.ts';
import { loadReviewFacts } from './review-facts.ts';

export const REVIEW_CHANGED = 'signoff_review_changed';
export const PRINCIPALS_CHANGED = 'signoff_principals_changed';
export const LISTS_CHANGED = 'signoff_lists_changed';
/** Each server's own heartbeat: a NOTIFY it sends through its pool and must receive on its LISTEN connection. */
export const HEARTBEAT = 'signoff_heartbeat';

/** The default staleness bound (README, CACHE_STALENESS_SECONDS). */
export const DEFAULT_MAX_STALENESS_MS = 5_000;

export interface ChangeFeedLog {
  warn(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
}

/**
 * How far the cache is: serving (listening, with a heartbeat within the bound), how many reviews' facts it
 * holds, whether it holds them all; when not serving, `stale` and why.
 */
export interface CacheStatus {
  listening: boolean;
  reviews: number;
  warm: boolean;
  /** True while the cache does not serve: nothing heard within the bound, or no connection. */
  stale: boolean;
  reason: string | null;
  /** How old the newest proof of freshness is (ms), or null before the first. */
  heartbeatAgeMs: number | null;
  maxStalenessMs: number;
}

/**
 * How many answers each kind of list keeps (the oldest goes first): people's lists and inboxes, which
 * can be large (an inbox is up to some tens of KB), and code revisions' landing facts (SPEC 14), which are
 * small and asked for by every CI job of a repository, so that a code base's revisions stay in memory.
 */
const LIST_LIMITS = { lists: 2_000, landing: 50_000 } as const;
export type ListBucket = keyof typeof LIST_LIMITS;

export interface ChangeFeedOptions {
  /**
   * The pool the product writes through. Heartbeats are sent on it, so they travel the path every change
   * notification travels (a pool connection's commit → PostgreSQL → the LISTEN connection); warming
   * reads through it too.
   */
  db: Db;
  /**
   * The staleness bound (default 5 s): the cache serves nothing older. It serves only while a heartbeat
   * it sent at most this long ago has come back on the LISTEN connection; otherwise it goes dark and
   * reconnects.
   */
  maxStalenessMs?: number;
  /** Reviews whose facts are kept at most (default 250,000); beyond it the oldest loaded go first. */
  maxFacts?: number;
  principalTtlMs?: number;
  /**
   * Load every review's facts in the background once listening (and again after the connection comes
   * back), so no gate request waits on the database. Without it facts are loaded on first use.
   */
  warm?: boolean;
  /** Reviews per query while warming (default 1,000). */
  warmBatch?: number;
  /**
   * More to load once every review's facts are in (the code revisions' facts): the cache reports itself warm
   * only after it. A failure is logged; requests then load what they miss.
   */
  warmAlso?: () => Promise<void>;
}

/**
 * Caches of what every gate request reads — a review's facts and a bearer token's principal — kept
 * correct by PostgreSQL's change notifications (migrations/0009): a committed change to a review evicts
 * its facts, a change to people, roles, sessions or tokens empties the principals. While the listening
 * connection is down, nothing is cached or served from the cache. A value loaded while a change to it
 * arrived is not kept (each load collects the reviews notified while it ran), so a cache never holds
 * what was read before a change it missed.
 *
 * A connection can also die silently (a NAT or firewall forgets it; TCP keepalive notices only after
 * minutes, and not at all when a proxy in between is alive). So the cache proves its freshness: every
 * `maxStalenessMs / 5` it NOTIFYs its own heartbeat, stamped with the time it was sent, through the pool.
 * PostgreSQL delivers notifications in commit order, so when a heartbeat sent at T arrives, every change
 * committed before T has arrived too. The cache serves only while `now - T <= maxStalenessMs` (checked
 * on every read, not by a timer); past it every read goes to the database, /readyz says `stale` and why,
 * the connection is torn down and made anew, and everything is reloaded from scratch.
 */
export class ChangeFeedCache<P> {
  private readonly facts = new Map<number, ReviewFacts>();
  private readonly principals = new Map<string, { value: P | null; until: number }>();
  /** List answers (the inbox) by caller and input; emptied by any change to what lists read (0011). */
  private readonly lists: Record<ListBucket, Map<string, { value: unknown; until: number }>> = {
    lists: new Map(),
    landing: new Map(),
  };
  private readonly listLoads = new Map<string, { epoch: number; value: Promise<unknown> }>();
  private listsEpoch = 0;
  /** Reviews notified while each facts load was in flight: those loads must not keep them. */
  private readonly loading = new Set<Set<number>>();
  /** Bumped whenever the cache goes dark: a load begun before then keeps nothing. */
  private generation = 0;
  private principalsEpoch = 0;
  private warmed = false;
  private client: pg.Client | null = null;
  /** Connected and listening (whether fresh is `serving`). */
  private live = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  /** When the newest heartbeat that came back was sent (or LISTEN was issued): the cache is fresh up to it. */
  private freshAt = 0;
  private beating = false;
  private reason: string | null = 'not started';
  /** Tells this server's heartbeats from other servers' on the same channel. */
  private readonly beatId = randomUUID();
  private readonly maxStalenessMs: number;

  constructor(
    private readonly connectionString: string,
    private readonly log: ChangeFeedLog,
    private readonly opts: ChangeFeedOptions,
  ) {
    this.maxStalenessMs = opts.maxStalenessMs ?? DEFAULT_MAX_STALENESS_MS;
  }

  /** Connects and listens; resolves once listening (or after the first failure, retrying in the background). */
  async start(): Promise<void> {
    const every = Math.max(100, Math.floor(this.maxStalenessMs / 5));
    this.ticker = setInterval(() => this.tick(), every);
    this.ticker.unref();
    await this.connect();
  }

  /** Listening, and a heartbeat came back within the bound: only then is anything served from memory. */
  get listening(): boolean {
    return this.serving();
  }

  private serving(): boolean {
    return this.live && Date.now() - this.freshAt <= this.maxStalenessMs;
  }

  /** Sends the next heartbeat; goes dark and reconnects when the last one to come back is too old. */
  private tick() {
    if (this.stopped) return;
    if (this.live && !this.serving()) {
      const age = ((Date.now() - this.freshAt) / 1000).toFixed(1);
      this.lose(
        `no heartbeat for ${age} s (bound ${this.maxStalenessMs / 1000} s): change notifications may be missing`,
      );
      return;
    }
    if (!this.live || this.beating) return;
    this.beating = true;
    const payload = `${this.beatId} ${Date.now()}`;
    sql`SELECT pg_notify(${HEARTBEAT}, ${payload})`
      .execute(this.opts.db)
      .catch(() => undefined) // a late heartbeat is the report
      .finally(() => {
        this.beating = false;
      });
  }

  /** Drops the connection (it may be dead without knowing) and makes a new one. */
  private lose(reason: string) {
    const client = this.client;
    this.client = null;
    this.goDark(reason);
    this.log.warn({ reason }, 'change feed lost; caches off until it is back');
    if (client) destroy(client);
    if (!this.stopped && !this.retry) this.retry = setTimeout(() => void this.connect(), 0);
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.connectionString,
      ...KEEPALIVE,
      connectionTimeoutMillis: this.maxStalenessMs,
      application_name: 'signoff change feed',
    });
    const down = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.goDark(`connection lost${err?.message ? `: ${err.message}` : ''}`);
      destroy(client);
      if (!this.stopped) {
        this.log.warn({ message: err?.message }, 'change feed lost; caches off until it is back');
        this.retry = setTimeout(() => void this.connect(), 1_000);
        this.retry.unref();
      }
    };
    client.on('error', down);
    client.on('end', () => down());
    client.on('notification', (n) => {
      if (this.client === client) this.onNotification(n.channel, n.payload);
    });
    this.client = client;
    // A LISTEN that never answers (a dead path) counts as a failure.
    const timeout = setTimeout(
      () => down(new Error(`no answer to LISTEN within ${this.maxStalenessMs / 1000} s`)),
      this.maxStalenessMs,
    );
    try {
      await client.connect();
      const issued = Date.now();
      await client.query(
        `LISTEN ${REVIEW_CHANGED}; LISTEN ${PRINCIPALS_CHANGED}; LISTEN ${LISTS_CHANGED}; LISTEN ${HEARTBEAT}`,
      );
      if (this.client !== client) return;
      // Anything cached before this moment may have missed a notification.
      this.goDark(null);
      this.freshAt = issued;
      this.live = true;
      if (this.opts.warm) void this.warm(this.opts.db);
    } catch (err) {
      down(err as Error);
    } finally {
      clearTimeout(timeout);
    }
  }

  private goDark(reason: string | null) {
    this.reason = reason;
    this.live = false;
    this.warmed = false;
    this.facts.clear();
    this.principals.clear();
    this.clearLists();
    this.generation++;
    this.principalsEpoch++;
    this.listsEpoch++;
  }

  status(): CacheStatus {
    const serving = this.serving();
    const lateBy = this.live && !serving ? ((Date.now() - this.freshAt) / 1000).toFixed(1) : null;
    return {
      listening: serving,
      reviews: this.facts.size,
      warm: serving && this.warmed,
      stale: !serving,
      reason: serving
        ? null
        : lateBy
          ? `no heartbeat for ${lateBy} s (bound ${this.maxStalenessMs / 1000} s)`
          : this.reason,
      heartbeatAgeMs: this.freshAt ? Date.now() - this.freshAt : null,
      maxStalenessMs: this.maxStalenessMs,
    };
  }

  /** Loads every review's facts, a batch at a time in id order; stops when the cache goes dark. */
  private async warm(db: Db): Promise<void> {
    const generation = this.generation;
    const started = Date.now();
    const batch = this.opts.warmBatch ?? 1_000;
    const max = this.opts.maxFacts ?? 250_000;
    let after = 0;
    try {
      while (this.serving() && generation === this.generation && this.facts.size < max) {
        const rows = await db
          .selectFrom('reviews')
          .select('id')
          .where('id', '>', after)
          .orderBy('id')
          .limit(Math.min(batch, max - this.facts.size))
          .execute();
        if (rows.length === 0) break;
        after = rows.at(-1)!.id;
        // reviewFacts loads only what is not cached yet.
        await this.reviewFacts(
          db,
          rows.map((r) => r.id),
        );
      }
      if (this.opts.warmAlso && this.serving() && generation === this.generation) await this.opts.warmAlso();
      if (this.serving() && generation === this.generation) {
        this.warmed = true;
        this.log.info({ reviews: this.facts.size, ms: Date.now() - started }, 'cache warm');
      }
    } catch (err) {
      // Requests still load what they miss; the next reconnection warms again.
      this.log.warn({ message: (err as Error).message }, 'warming the cache failed');
    }
  }

  private onNotification(channel: string, payload: string | undefined) {
    if (channel === HEARTBEAT) {
      const [id, sent] = (payload ?? '').split(' ');
      if (id === this.beatId) this.freshAt = Math.max(this.freshAt, Number(sent));
    } else if (channel === REVIEW_CHANGED) {
      const id = Number(payload);
      this.facts.delete(id);
      for (const notified of this.loading) notified.add(id);
    } else if (channel === PRINCIPALS_CHANGED) {
      this.principalsEpoch++;
      this.principals.clear();
      // Who someone is decides what their lists show.
      this.listsEpoch++;
      this.clearLists();
    } else if (channel === LISTS_CHANGED) {
      this.listsEpoch++;
      this.clearLists();
    }
  }

  /**
   * What this process just committed, told at once rather than when the notification arrives: so the
   * next request of the same caller reads its own write (other servers learn it by notification).
   */
  committed(reviewIds: Iterable<number>, principalsMayChange: boolean): void {
    for (const id of reviewIds) this.onNotification(REVIEW_CHANGED, String(id));
    this.onNotification(principalsMayChange ? PRINCIPALS_CHANGED : LISTS_CHANGED, undefined);
  }

  /** The facts of `ids`: cached ones from memory, the rest in one query. */
  async reviewFacts(db: Db, ids: readonly number[]): Promise<Map<number, ReviewFacts>> {
    if (!this.serving()) return loadReviewFacts(db, ids);
    const out = new Map<number, ReviewFacts>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = this.facts.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const generation = this.generation;
    const notified = new Set<number>();
    this.loading.add(notified);
    let loaded: Map<number, ReviewFacts>;
    try {
      loaded = await loadReviewFacts(db, missing);
    } finally {
      this.loading.delete(notified);
    }
    const keep = this.serving() && generation === this.generation;
    for (const [id, f] of loaded) {
      out.set(id, f);
      if (keep && !notified.has(id)) this.facts.set(id, f);
    }
    const max = this.opts.maxFacts ?? 250_000;
    for (const id of this.facts.keys()) {
      if (this.facts.size <= max) break;
      this.facts.delete(id);
    }
    return out;
  }

  /**
   * A list answer for `key` (the caller and the input), made by `load` on a miss and kept until any
   * committed change to a table lists read (migrations/0011, 0013), or at most `ttlMs` when the answer
   * also depends on the time (the inbox's overdue marks).
   */
  async list<T>(
    key: string,
    load: () => Promise<T>,
    ttlMs = Number.POSITIVE_INFINITY,
    bucket: ListBucket = 'lists',
  ): Promise<T> {
    if (!this.serving()) return load();
    const answers = this.lists[bucket];
    const hit = answers.get(key);
    if (hit && hit.until > Date.now()) return hit.value as T;
    // Callers that miss together share one load, unless a change came between them (the epoch).
    const epoch = this.listsEpoch;
    const flight = this.listLoads.get(key);
    if (flight && flight.epoch === epoch) return flight.value as Promise<T>;
    const value = load();
    this.listLoads.set(key, { epoch, value });
    try {
      const v = await value;
      if (this.serving() && epoch === this.listsEpoch) {
        answers.set(key, { value: v, until: Date.now() + ttlMs });
        if (answers.size > LIST_LIMITS[bucket]) answers.delete(answers.keys().next().value as string);
      }
      return v;
    } finally {
      if (this.listLoads.get(key)?.value === value) this.listLoads.delete(key);
    }
  }

  private clearLists() {
    this.lists.lists.clear();
    this.lists.landing.clear();
  }

  /** A bearer token's principal (or null), resolved by `load` on a miss; kept at most `principalTtlMs`. */
  async principal(
    key: string,
    load: () => Promise<{ value: P | null; expiresAt?: Date }>,
    now: Date,
  ): Promise<P | null> {
    const hit = this.serving() ? this.principals.get(key) : undefined;
    if (hit && hit.until > now.getTime()) return hit.value;
    const epoch = this.principalsEpoch;
    const { value, expiresAt } = await load();
    if (this.serving() && epoch === this.principalsEpoch) {
      const ttl = now.getTime() + (this.opts.principalTtlMs ?? 60_000);
      this.principals.set(key, { value, until: Math.min(ttl, expiresAt?.getTime() ?? ttl) });
      if (this.principals.size > 10_000)
        this.principals.delete(this.principals.keys().next().value as string);
    }
    return value;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.ticker) clearInterval(this.ticker);
    const c = this.client;
    this.client = null;
    this.goDark('stopped');
    await c?.end().catch(() => undefined);
  }
}

/** Ends a client without waiting on a path that may be dead (end() would wait for the server's goodbye). */
function destroy(client: pg.Client) {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  client.end().catch(() => undefined);
}
