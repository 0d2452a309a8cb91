import type { AddressInfo } from 'node:net';
import {
  createContextInner,
  freshStepSummaries,
  type Principal,
  sendSignOffReminders,
  sendStepReminders,
  sendStewardRequestReminders,
  warmLandingFacts,
} from '@signoff/api';
import { ChangeFeedCache, migrate } from '@signoff/db';
import { type DeliveryWorker, startDeliveryWorker } from '@signoff/mail';
import { ensureFirstAdmin } from './bootstrap.ts';
import { type Config, oidcSettingsOf, settingsOf } from './config.ts';
import { openDatabase } from './database.ts';
import { createHttpServer } from './http-server.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type ServerMetrics } from './metrics.ts';
import { oidcHandler } from './oidc.ts';
import { rendererHandler } from './renderer-static.ts';
import { restRoutes } from './routes.ts';

export interface RunningServer {
  url: string;
  firstAdmin: { email: string; password: string | null } | null;
  /** Stop accepting, finish in-flight requests, stop the mail worker, close the pool, stop the embedded database. */
  close(): Promise<void>;
}

const REMINDER_INTERVAL_MS = 3_600_000;

export async function startServer(
  config: Config,
  log: Logger,
  /** `rendererDir`: the built renderer to serve at `/` (default apps/desktop/dist/renderer). */
  opts: { rendererDir?: string } = {},
): Promise<RunningServer> {
  const database = await openDatabase(config, log);
  let worker: DeliveryWorker | null = null;
  let reminders: NodeJS.Timeout | null = null;
  let cache: ChangeFeedCache<Principal> | undefined;
  let metrics: ServerMetrics | undefined;
  try {
    const { applied } = await migrate(database.pool);
    if (applied.length) log.info({ applied }, 'migrations applied');
    // Issue 13: the stored summary of every review's open steps that is missing, stale or by other rules (a new
    // core) is computed now, not by the first reader.
    await freshStepSummaries(database.db, new Date());
    // With password sign-in off, the first admin comes through single sign-on (OIDC_ROLE_MAP).
    const firstAdmin =
      config.PASSWORD_SIGN_IN === 'on'
        ? await ensureFirstAdmin(database.db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD })
        : null;
    const settings = settingsOf(config);
    const oidc = oidcSettingsOf(config);
    if (config.CACHE === 'on') {
      cache = new ChangeFeedCache<Principal>(database.url, log.child({ component: 'cache' }), {
        db: database.db,
        warm: true,
        warmAlso: async () => {
          if (!cache) return;
          const started = Date.now();
          const revisions = await warmLandingFacts(database.db, cache);
          log.info({ revisions, ms: Date.now() - started }, 'code revisions warm');
        },
        maxFacts: config.CACHE_MAX_REVIEWS,
        maxStalenessMs: config.CACHE_STALENESS_SECONDS * 1000,
      });
      await cache.start();
    }
    if (config.METRICS === 'on')
      metrics = createMetrics({
        db: database.db,
        pool: database.pool,
        cache,
        token: config.METRICS_TOKEN,
      });
    const server = createHttpServer({
      db: database.db,
      pool: database.pool,
      log,
      config,
      settings,
      restRoutes: restRoutes(),
      cache,
      staticFiles: rendererHandler(opts.rendererDir),
      metrics,
      sso: oidc ? oidcHandler(oidc, { db: database.db, settings, cache, log }) : undefined,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    if (config.MAIL_WORKER === 'on') {
      worker = startDeliveryWorker({
        db: database.db,
        smtpUrl: config.SMTP_URL ?? null,
        from: config.MAIL_FROM,
        log: log.child({ component: 'mail' }),
      });
      const remind = () => {
        const ctx = createContextInner({
          db: database.db,
          principal: { kind: 'system', label: 'reminders' },
          settings,
        });
        return Promise.all([
          sendSignOffReminders(ctx).catch((err) => log.error({ err }, 'sign-off reminders failed')),
          // Every other open step that waited: mitigations, the question to Trust and Legal, escalations.
          sendStepReminders(ctx).catch((err) => log.error({ err }, 'step reminders failed')),
          // The Bugzilla habit: requests no steward took within two working days.
          sendStewardRequestReminders(ctx).catch((err) => log.error({ err }, 'steward reminders failed')),
        ]);
      };
      void remind();
      reminders = setInterval(remind, REMINDER_INTERVAL_MS);
      reminders.unref();
    }
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.HOST}:${port}`;
    return {
      url,
      firstAdmin,
      close: async () => {
        if (reminders) clearInterval(reminders);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await worker?.stop();
        await cache?.stop();
        metrics?.stop();
        await database.close();
      },
    };
  } catch (err) {
    await worker?.stop();
    await cache?.stop();
    await database.close();
    throw err;
  }
}
