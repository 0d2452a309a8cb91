import type { Area } from '@signoff/core';
import type { Db } from '@signoff/db';

export const SCOPES = ['gate:read'] as const;
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
}

export interface ContextInner {
  db: Db;
  principal: Principal | null;
  requestId: string;
  settings: Settings;
  now: () => Date;
}

/** Pure: tests build contexts directly and call routers through createCaller. */
export function createContextInner(opts: {
  db: Db;
  principal?: Principal | null;
  requestId?: string;
  settings?: Partial<Settings>;
  now?: () => Date;
}): ContextInner {
  return {
    db: opts.db,
    principal: opts.principal ?? null,
    requestId: opts.requestId ?? 'internal',
    settings: { sessionTtlHours: 12, ...opts.settings },
    now: opts.now ?? (() => new Date()),
  };
}

export type Context = ContextInner;
