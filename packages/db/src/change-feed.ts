import type { ReviewFacts } from '@signoff/core';
import pg from 'pg';
import type { Db } from './database.ts';
import { loadReviewFacts } from './review-facts.ts';

export const REVIEW_CHANGED = 'signoff_review_changed';
export const PRINCIPALS_CHANGED = 'signoff_principals_changed';
export const LISTS_CHANGED = 'signoff_lists_changed';

export interface ChangeFeedLog {
  warn(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
}

/** How far the cache is: listening to changes, how many reviews' facts it holds, whether it holds them all. */
export interface CacheStatus {
  listening: boolean;
  reviews: number;
  warm: boolean;
}

/** List answers kept at most (an inbox is up to some tens of KB). */
const MAX_LISTS = 2_000;

export interface ChangeFeedOptions {
  /** Reviews whose facts are kept at most (default 250,000); beyond it the oldest loaded go first. */
  maxFacts?: number;
  principalTtlMs?: number;
  /**
   * Load every review's facts in the background once listening (and again after the connection comes
   * back), so no gate request waits on the database. Without it facts are loaded on first use.
   */
  warmFrom?: Db;
  /** Reviews per query while warming (default 1,000). */
  warmBatch?: number;
}

/**
 * Caches of what every gate request reads — a review's facts and a bearer token's principal — kept
 * correct by PostgreSQL's change notifications (migrations/0009): a committed change to a review evicts
 * its facts, a change to people, roles, sessions or tokens empties the principals. While the listening
 * connection is down, nothing is cached or served from the cache. A value loaded while a change to it
 * arrived is not kept (each load collects the reviews notified while it ran), so a cache never holds
 * what was read before a change it missed.
 */
export class ChangeFeedCache<P> {
  private readonly facts = new Map<number, ReviewFacts>();
  private readonly principals = new Map<string, { value: P | null; until: number }>();
  /** List answers (the inbox) by caller and input; emptied by any change to what lists read (0011). */
  private readonly lists = new Map<string, { value: unknown; until: number }>();
  private readonly listLoads = new Map<string, { epoch: number; value: Promise<unknown> }>();
  private listsEpoch = 0;
  /** Reviews notified while each facts load was in flight: those loads must not keep them. */
  private readonly loading = new Set<Set<number>>();
  /** Bumped whenever the cache goes dark: a load begun before then keeps nothing. */
  private generation = 0;
  private principalsEpoch = 0;
  private warmed = false;
  private client: pg.Client | null = null;
  private live = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly log: ChangeFeedLog,
    private readonly opts: ChangeFeedOptions = {},
  ) {}

  /** Connects and listens; resolves once listening (or after the first failure, retrying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  get listening(): boolean {
    return this.live;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    const down = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.goDark();
      if (!this.stopped) {
        this.log.warn({ message: err?.message }, 'change feed lost; caches off until it is back');
        this.retry = setTimeout(() => void this.connect(), 1_000);
        this.retry.unref();
      }
    };
    client.on('error', down);
    client.on('end', () => down());
    client.on('notification', (n) => this.onNotification(n.channel, n.payload));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${REVIEW_CHANGED}; LISTEN ${PRINCIPALS_CHANGED}; LISTEN ${LISTS_CHANGED}`);
      // Anything cached before this moment may have missed a notification.
      this.goDark();
      this.live = true;
      if (this.opts.warmFrom) void this.warm(this.opts.warmFrom);
    } catch (err) {
      await client.end().catch(() => undefined);
      down(err as Error);
    }
  }

  private goDark() {
    this.live = false;
    this.warmed = false;
    this.facts.clear();
    this.principals.clear();
    this.lists.clear();
    this.generation++;
    this.principalsEpoch++;
    this.listsEpoch++;
  }

  status(): CacheStatus {
    return { listening: this.live, reviews: this.facts.size, warm: this.warmed };
  }

  /** Loads every review's facts, a batch at a time in id order; stops when the cache goes dark. */
  private async warm(db: Db): Promise<void> {
    const generation = this.generation;
    const started = Date.now();
    const batch = this.opts.warmBatch ?? 1_000;
    const max = this.opts.maxFacts ?? 250_000;
    let after = 0;
    try {
      while (this.live && generation === this.generation && this.facts.size < max) {
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
      if (this.live && generation === this.generation) {
        this.warmed = true;
        this.log.info({ reviews: this.facts.size, ms: Date.now() - started }, 'cache warm');
      }
    } catch (err) {
      // Requests still load what they miss; the next reconnection warms again.
      this.log.warn({ message: (err as Error).message }, 'warming the cache failed');
    }
  }

  private onNotification(channel: string, payload: string | undefined) {
    if (channel === REVIEW_CHANGED) {
      const id = Number(payload);
      this.facts.delete(id);
      for (const notified of this.loading) notified.add(id);
    } else if (channel === PRINCIPALS_CHANGED) {
      this.principalsEpoch++;
      this.principals.clear();
      // Who someone is decides what their lists show.
      this.listsEpoch++;
      this.lists.clear();
    } else if (channel === LISTS_CHANGED) {
      this.listsEpoch++;
      this.lists.clear();
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
    if (!this.live) return loadReviewFacts(db, ids);
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
    const keep = this.live && generation === this.generation;
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
  async list<T>(key: string, load: () => Promise<T>, ttlMs = Number.POSITIVE_INFINITY): Promise<T> {
    const hit = this.live ? this.lists.get(key) : undefined;
    if (hit && hit.until > Date.now()) return hit.value as T;
    if (!this.live) return load();
    // Callers that miss together share one load, unless a change came between them (the epoch).
    const epoch = this.listsEpoch;
    const flight = this.listLoads.get(key);
    if (flight && flight.epoch === epoch) return flight.value as Promise<T>;
    const value = load();
    this.listLoads.set(key, { epoch, value });
    try {
      const v = await value;
      if (this.live && epoch === this.listsEpoch) {
        this.lists.set(key, { value: v, until: Date.now() + ttlMs });
        if (this.lists.size > MAX_LISTS) this.lists.delete(this.lists.keys().next().value as string);
      }
      return v;
    } finally {
      if (this.listLoads.get(key)?.value === value) this.listLoads.delete(key);
    }
  }

  /** A bearer token's principal (or null), resolved by `load` on a miss; kept at most `principalTtlMs`. */
  async principal(
    key: string,
    load: () => Promise<{ value: P | null; expiresAt?: Date }>,
    now: Date,
  ): Promise<P | null> {
    const hit = this.live ? this.principals.get(key) : undefined;
    if (hit && hit.until > now.getTime()) return hit.value;
    const epoch = this.principalsEpoch;
    const { value, expiresAt } = await load();
    if (this.live && epoch === this.principalsEpoch) {
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
    const c = this.client;
    this.client = null;
    this.goDark();
    await c?.end().catch(() => undefined);
  }
}
