import { fileURLToPath } from 'node:url';
import type { Settings } from '@signoff/api';
import { type Holidays, parseHolidays, parseSsoRoleMap, type SsoRoleMap } from '@signoff/core';
import { z } from 'zod';
import type { OidcSettings } from './oidc.ts';

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
    // The data stewards' mailing list, reminded of requests no steward took within two working days.
    STEWARDS_LIST: optional(z.email()),
    // Holidays: dates YYYY-MM-DD (UTC) that are not working days for the two-working-days reminder.
    HOLIDAYS: z
      .string()
      .default('')
      .transform((s, ctx): Holidays => {
        try {
          return parseHolidays(s);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      }),
    MAIL_WORKER: z.enum(['on', 'off']).default('on'),
    CACHE: z.enum(['on', 'off']).default('on'),
    // Single sign-on (OpenID Connect, authorization code flow with PKCE): set OIDC_ISSUER to turn it on.
    OIDC_ISSUER: optional(
      z.url({ protocol: /^https?$/, error: "must be the provider's http(s) issuer URL" }),
    ),
    OIDC_CLIENT_ID: optional(z.string().min(1).max(500)),
    // Unset: a public client (PKCE only, token_endpoint_auth_method none).
    OIDC_CLIENT_SECRET: optional(z.string().min(1).max(2000)),
    // Default: PUBLIC_URL + /auth/oidc/callback (register exactly this at the provider).
    OIDC_REDIRECT_URL: optional(z.url({ protocol: /^https?$/ })),
    OIDC_SCOPES: z
      .string()
      .default('openid email profile')
      .refine((s) => s.split(/\s+/).includes('openid'), 'must include openid'),
    OIDC_ROLE_CLAIM: z.string().min(1).max(200).default('groups'),
    OIDC_ROLE_MAP: z
      .string()
      .default('')
      .transform((s, ctx): SsoRoleMap => {
        try {
          return parseSsoRoleMap(s);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      }),
    OIDC_LABEL: z.string().min(1).max(100).default('single sign-on'),
    PASSWORD_SIGN_IN: z.enum(['on', 'off']).default('on'),
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
  })
  .refine((e) => e.OIDC_ISSUER === undefined || e.OIDC_CLIENT_ID !== undefined, {
    message: 'required when OIDC_ISSUER is set',
    path: ['OIDC_CLIENT_ID'],
  })
  .refine((e) => e.PASSWORD_SIGN_IN === 'on' || e.OIDC_ISSUER !== undefined, {
    message: 'may be off only when single sign-on is on (OIDC_ISSUER)',
    path: ['PASSWORD_SIGN_IN'],
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
    stewardsList: c.STEWARDS_LIST ?? null,
    holidays: c.HOLIDAYS,
    mailServerConfigured: c.SMTP_URL !== undefined,
    passwordSignIn: c.PASSWORD_SIGN_IN === 'on',
    singleSignOn: c.OIDC_ISSUER ? { label: c.OIDC_LABEL } : null,
  };
}

/** Single sign-on's settings, or null when OIDC_ISSUER is unset. */
export function oidcSettingsOf(c: Config): OidcSettings | null {
  if (!c.OIDC_ISSUER || !c.OIDC_CLIENT_ID) return null;
  return {
    issuer: c.OIDC_ISSUER,
    clientId: c.OIDC_CLIENT_ID,
    clientSecret: c.OIDC_CLIENT_SECRET,
    redirectUrl: c.OIDC_REDIRECT_URL ?? `${c.publicUrl}/auth/oidc/callback`,
    scopes: c.OIDC_SCOPES,
    roleClaim: c.OIDC_ROLE_CLAIM,
    roleMap: c.OIDC_ROLE_MAP,
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
