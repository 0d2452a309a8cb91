import { type Area, DEFAULT_ANNOUNCEMENT_LIST, type Holidays } from '@signoff/core';
import type { ChangeFeedCache, Db } from '@signoff/db';
import type { GateAnswer } from './gate.ts';

/** `gate:read`: the release gate and the landing check; `intake:write`: code-review intake (a bot or CI). */
export const SCOPES = ['gate:read', 'intake:write'] as const;
export type Scope = (typeof SCOPES)[number];

export interface PersonPrincipal {
  kind: 'person';
  id: number;
  email: string;
  displayName: string;
  isAdmin: boolean;
  isSteward: boolean;
  executiveRole: 'cpo' | 'ceo' | null;
  facilitatorAreas: Area[];
  sessionId: number;
  /** Signed in with a one-time password: may only change it (auth.changePassword), see who they are, sign out. */
  mustChangePassword?: boolean;
}

/** An automation token (e.g. the release gate): may call only what its scopes allow. */
export interface TokenPrincipal {
  kind: 'token';
  tokenId: number;
  personId: number;
  scopes: Scope[];
}

/** The admin command line, acting with admin rights on the local database. */
export interface SystemPrincipal {
  kind: 'system';
  label: string;
}

export type Principal = PersonPrincipal | TokenPrincipal | SystemPrincipal;

export interface Settings {
  sessionTtlHours: number;
  /** How people reach the product (links in mail). */
  publicUrl: string;
  /** The mailing list announcements go to. */
  announcementList: string;
  /** Domain of generated Message-IDs. */
  messageIdDomain: string;
  /** Sign-offs pending longer than this many days get a reminder. */
  reminderDays: number;
  /** The data stewards' list, reminded of requests waiting two working days; null: every steward is. */
  stewardsList: string | null;
  /** Days Monday to Friday that are not working days (`HOLIDAYS`), for the two-working-days reminder. */
  holidays: Holidays;
  /** False when no SMTP_URL is set: mail is held in the outbox. */
  mailServerConfigured: boolean;
  /** False when PASSWORD_SIGN_IN=off: people sign in through single sign-on only. */
  passwordSignIn: boolean;
  /** The identity provider's name on the sign-in screen; null when single sign-on is not configured. */
  singleSignOn: { label: string } | null;
}

/** What the transport counts for monitoring (the server's metrics); absent in tests and the command line. */
export interface Observer {
  gateAnswers(answers: readonly GateAnswer[]): void;
}

export interface ContextInner {
  db: Db;
  observer?: Observer;
  /** Review facts and principals kept by PostgreSQL change notifications (the server's); none in tests. */
  cache?: ChangeFeedCache<Principal>;
  principal: Principal | null;
  requestId: string;
  /** The client's network address (HTTP); null for the command line and tests. Sign-ins are limited by it. */
  clientAddress: string | null;
  settings: Settings;
  now: () => Date;
}

/** Pure: tests build contexts directly and call routers through createCaller. */
export function createContextInner(opts: {
  db: Db;
  principal?: Principal | null;
  requestId?: string;
  clientAddress?: string | null | undefined;
  settings?: Partial<Settings>;
  now?: () => Date;
  cache?: ChangeFeedCache<Principal>;
  observer?: Observer | undefined;
}): ContextInner {
  return {
    db: opts.db,
    ...(opts.observer ? { observer: opts.observer } : {}),
    ...(opts.cache ? { cache: opts.cache } : {}),
    principal: opts.principal ?? null,
    requestId: opts.requestId ?? 'internal',
    clientAddress: opts.clientAddress ?? null,
    settings: {
      sessionTtlHours: 12,
      publicUrl: 'http://127.0.0.1:3000',
      announcementList: DEFAULT_ANNOUNCEMENT_LIST,
      messageIdDomain: 'signoff.local',
      reminderDays: 7,
      stewardsList: null,
      holidays: new Set<string>(),
      mailServerConfigured: false,
      passwordSignIn: true,
      singleSignOn: null,
      ...opts.settings,
    },
    now: opts.now ?? (() => new Date()),
  };
}

export type Context = ContextInner;
