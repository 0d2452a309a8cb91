import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@signoff/db';
import pino from 'pino';
import { createHttpServer } from '../apps/server/src/http-server.ts';
import { restRoutes } from '../apps/server/src/routes.ts';
import { systemCaller } from './callers.ts';
import type { TestDatabase } from './database.ts';
import { approveAllAreas, type Cast, cast as castOf, reviewed } from './review-fixtures.ts';

export interface GateServer {
  base: string;
  close(): Promise<void>;
}

/** The real HTTP server with the /api/v1 routes, on port 0. */
export async function startGateServer(t: TestDatabase): Promise<GateServer> {
  const server: http.Server = createHttpServer({
    db: t.db,
    pool: t.pool,
    log: pino({ level: 'silent' }),
    config: { CORS_ORIGINS: [], SESSION_TTL_HOURS: 12 },
    restRoutes: restRoutes(),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** An automation token of scope gate:read, created as an admin would. */
export const gateToken = async (db: Db, email: string) =>
  (await systemCaller(db).admin.createToken({ email, scopes: ['gate:read'] })).token;

/** An automation token with another scope than gate:read (none exists yet, so it is written directly). */
export async function tokenWithScope(db: Db, personId: number, scope: string) {
  const token = `sot_${randomBytes(32).toString('base64url')}`;
  await db
    .insertInto('api_tokens')
    .values({
      person_id: personId,
      name: 'other',
      token_hash: createHash('sha256').update(token).digest(),
      scopes: [scope],
    })
    .execute();
  return token;
}

export interface GateScene {
  cast: Cast;
  /** Category 2, data-review+: may ship on both channels. */
  ready: { key: string; id: number };
  /** Category 3, reviewed, no sign-offs yet: four SIGNOFF_MISSING, ANNOUNCEMENT_MISSING. */
  blocked: { key: string; id: number };
  /** Category 3, every area signed, announced, bug 1900777: may ship. */
  signed: { key: string; id: number };
  /** Private, category 3: invisible to an outsider. */
  hidden: { key: string; id: number };
  /** A draft: NOT_SUBMITTED. */
  draft: { key: string; id: number };
}

/** Reviews in the states the gate tests need, built through the real procedures. */
export async function gateScene(db: Db, tag = ''): Promise<GateScene> {
  const c = await castOf(db, tag);
  const ready = await reviewed(c, 2);
  const blocked = await reviewed(c, 3);
  const signed = await reviewed(c, 3, { bug: '1900777' });
  await approveAllAreas(c, signed.key);
  await c.proposer.caller.announcement.recordManual({
    review: signed.key,
    archiveLink: 'https://groups.google.com/a/mozilla.com/g/data-review/c/gate',
  });
  const hidden = await reviewed(c, 3, { private: true, bug: '1900888' });
  const draft = await c.proposer.caller.review.create({
    productId: c.productId,
    title: 'Not yet submitted',
    channels: [{ channel: 'release', defaultState: 'off' }],
    visibility: 'public',
    form: { questionsAnswered: 'draft' },
  });
  const pick = (r: { key: string; id: number }) => ({ key: r.key, id: r.id });
  return {
    cast: c,
    ready: pick(ready),
    blocked: pick(blocked),
    signed: pick(signed),
    hidden: pick(hidden),
    draft: pick(draft),
  };
}
