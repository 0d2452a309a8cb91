// A silently dead change feed (issue 12, High 1). Server B reaches PostgreSQL through a proxy that, at some
// point, blackholes B's LISTEN connection without closing it; server A writes directly. After a change
// through A makes a review unshippable, B must stop answering from what it cached before the cut within
// its staleness bound, say so on /readyz, and, once the path is back, follow changes again.
import { execFile } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../apps/server/src/config.ts';
import { createTestDatabase } from '../database.ts';
import { gateScene, gateToken } from '../gate-fixtures.ts';
import { completeForm } from '../review-fixtures.ts';
import { figure, sleep, spawnServer, trpc, waitFor, writeFigures } from './harness.ts';
import { startPgProxy } from './pg-proxy.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  writeFigures('change-feed-cut');
});

/** The documented default (README, CACHE_STALENESS_SECONDS). */
const BOUND_MS = 5_000;

interface ReadyCache {
  listening: boolean;
  warm: boolean;
  stale?: boolean;
  reason?: string | null;
}

describe('the change feed cut silently (LISTEN connection blackholed, not closed)', () => {
  it('gives no stale gate answer once the staleness bound has passed, says so on /readyz, and recovers', async () => {
    const t = await createTestDatabase();
    cleanups.push(() => t.drop());
    const g = await gateScene(t.db);
    const token = await gateToken(t.db, g.cast.admin.email);
    const proxy = await startPgProxy(t.url);
    cleanups.push(() => proxy.close());
    const a = await spawnServer({ DATABASE_URL: t.url });
    cleanups.push(() => a.stop());
    const b = await spawnServer({ DATABASE_URL: proxy.url });
    cleanups.push(() => b.stop());
    const cacheOf = async (): Promise<ReadyCache> =>
      ((await (await fetch(`${b.base}/readyz`)).json()) as { cache: ReadyCache }).cache;
    await waitFor('B warm', async () => (await cacheOf()).warm);

    const gate = async (key: string) => {
      const res = await fetch(`${b.base}/api/v1/gate/reviews/${key}?channel=release`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { canShip: boolean; revision: number };
    };
    expect(await gate(g.signed.key)).toMatchObject({ canShip: true, revision: 1 });

    proxy.cut();
    expect(proxy.stats().blackholed).toBeGreaterThan(0);
    await sleep(1_000);

    // Through A: a new revision makes every sign-off stale, so the review may not ship.
    const saved = await trpc(
      a.base,
      'review.saveDocumentation',
      'mutation',
      {
        review: g.signed.key,
        baseRevision: 1,
        form: { ...completeForm(3), questionsAnswered: 'Changed after the cut.' },
      },
      g.cast.proposer.token,
    );
    expect(saved.ok, saved.message).toBe(true);
    const written = Date.now();

    // Ask B continuously until well past the bound; note when each question was sent.
    const answers: { sent: number; canShip: boolean }[] = [];
    const caches: { sent: number; cache: ReadyCache }[] = [];
    while (Date.now() - written < BOUND_MS + 4_000) {
      const sent = Date.now();
      const r = await gate(g.signed.key);
      answers.push({ sent, canShip: r.canShip });
      if (answers.length % 5 === 0) caches.push({ sent: Date.now(), cache: await cacheOf() });
      await sleep(50);
    }
    const stale = answers.filter((x) => x.canShip);
    const lastStale = stale.at(-1);
    const staleness = lastStale ? lastStale.sent - written : 0;
    const afterBound = answers.filter((x) => x.sent > written + BOUND_MS);
    figure(
      'faults',
      'change feed cut silently: staleness after the write (bound)',
      `${(staleness / 1000).toFixed(1)} s (${BOUND_MS / 1000} s)`,
      afterBound.every((x) => !x.canShip),
    );
    figure(
      'faults',
      'change feed cut silently: stale gate answers after the bound',
      `${afterBound.filter((x) => x.canShip).length} of ${afterBound.length}`,
      afterBound.every((x) => !x.canShip),
    );
    expect(afterBound.length).toBeGreaterThan(10);
    expect(afterBound.filter((x) => x.canShip)).toEqual([]);

    // /readyz tells: not listening, stale, and why.
    const late = caches.filter((c) => c.sent > written + BOUND_MS);
    expect(late.length).toBeGreaterThan(0);
    for (const c of late) expect(c.cache).toMatchObject({ listening: false, stale: true });
    // Why: the late heartbeat; once it reconnects through the same dead path, the new connection's
    // unanswered LISTEN.
    for (const c of late) expect(c.cache.reason).toMatch(/no heartbeat|no answer to LISTEN/);

    // The release gate's command line says blocked (exit 1), not "may ship".
    // (Run asynchronously: B's output is piped to this process, which must keep reading it.)
    const cli = await new Promise<{ status: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'apps/gate-cli/src/main.ts', 'check', g.signed.key, '--channel', 'release'],
        { cwd: PROJECT_ROOT, env: { ...process.env, SIGNOFF_SERVER: b.base, SIGNOFF_TOKEN: token } },
        (err, stdout, stderr) =>
          resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
      );
    });
    expect(cli.status, cli.output).toBe(1);

    // The path comes back: B listens anew, reloads everything, and follows A's changes again.
    proxy.restore();
    const back = Date.now();
    await waitFor('B listening and warm again', async () => {
      const c = await cacheOf();
      return c.listening && c.warm && !c.stale;
    });
    figure(
      'faults',
      'change feed cut: listening and warm again after the path is back',
      `${((Date.now() - back) / 1000).toFixed(1)} s`,
    );
    expect(await gate(g.signed.key)).toMatchObject({ canShip: false, revision: 2 });
    for (const area of ['privacy_technical', 'data', 'legal_trust', 'security'] as const) {
      const r = await trpc(
        a.base,
        'signOff.reconfirm',
        'mutation',
        { review: g.signed.key, area },
        g.cast.facilitators[area].token,
      );
      expect(r.ok, r.message).toBe(true);
    }
    await waitFor('B sees the re-confirmations', async () => (await gate(g.signed.key)).canShip);
    expect(await gate(g.signed.key)).toMatchObject({ canShip: true, revision: 2 });
  }, 120_000);
});
