import { fileURLToPath } from 'node:url';
import type { Settings } from '@signoff/api';
import { z } from 'zod';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const port = z.coerce.number().int('must be a whole number').min(0).max(65_535);
const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), s.optional()) as unknown as z.ZodOptional<T>;

/** Every variable the product reads. Nothing else touches process.env. */
const envSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(3000),
    DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })),
    SIGNOFF_DATA_DIR: z.string().min(1).default(`${PROJECT_ROOT}.data`),
    EMBEDDED_PG_PORT: port.default(54329),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ADMIN_EMAIL: optional(z.email()),
    ADMIN_PASSWORD: optional(z.string().min(10, 'must be at least 10 characters')),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(12),
    PUBLIC_URL: optional(z.url()),
    SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })),
    MAIL_FROM: z.string().min(3).default('Sign-off tracker <signoff@localhost>'),
    ANNOUNCEMENT_LIST: z.email().default('data-review@mozilla.com'),
    REMINDER_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    MAIL_WORKER: z.enum(['on', 'off']).default('on'),
    CACHE: z.enum(['on', 'off']).default('on'),
    // GET /metrics (Prometheus). Off by default: it tells anyone who can reach it how busy each route is.
    METRICS: z.enum(['on', 'off']).default('off'),
    // When set, a scrape must send it as a bearer token (Prometheus: `authorization: { credentials: ... }`).
    METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters').max(200)),
    // Reviews whose gate facts the server keeps in memory (all of them are loaded at start).
    CACHE_MAX_REVIEWS: z.coerce.number().int().min(0).max(10_000_000).default(250_000),
    // The cache serves nothing it cannot prove fresh within this many seconds (the change feed's heartbeat).
    CACHE_STALENESS_SECONDS: z.coerce.number().min(0.5).max(60).default(5),
    // The desktop app's renderer is served from app://signoff and calls the API cross-origin.
    CORS_ORIGINS: z
      .string()
      .default('app://signoff')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
  })
  .refine((e) => (e.ADMIN_EMAIL === undefined) === (e.ADMIN_PASSWORD === undefined), {
    message: 'set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither',
    path: ['ADMIN_PASSWORD'],
  });

export type Config = z.infer<typeof envSchema> & { publicUrl: string };

/** What the API layer needs to know of the configuration. */
export function settingsOf(c: Config): Settings {
  return {
    sessionTtlHours: c.SESSION_TTL_HOURS,
    publicUrl: c.publicUrl,
    announcementList: c.ANNOUNCEMENT_LIST,
    messageIdDomain: new URL(c.publicUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost',
    reminderDays: c.REMINDER_DAYS,
    mailServerConfigured: c.SMTP_URL !== undefined,
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates the environment; a wrong value stops the start with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  return { ...c, publicUrl: c.PUBLIC_URL ?? `http://${c.HOST}:${c.PORT}` };
}
