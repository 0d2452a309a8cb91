import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDb, migrate, startEmbeddedPostgres } from '@signoff/db';
import pg from 'pg';
import { cpuReader, postmasterPid } from './cpu.ts';
import { type Figures, type Load, type LoadOptions, runLoad } from './load.ts';
import { FACILITATOR_EMAIL, FACILITATOR_PASSWORD, seedDatabase } from './seed.ts';
import { startServerProcess } from './server-process.ts';

/** Every scenario, by the key `--only` and `--json` use (the no-op route is always measured). */
const SCENARIOS = [
  'gate',
  'gateAt1k',
  'batch1000',
  'batch1000Serial',
  'inbox',
  'desktopInbox',
  'land',
  'gateUncached',
  'inboxUncached',
  'desktopInboxUncached',
  'landUncached',
] as const;
type Scenario = (typeof SCENARIOS)[number];

const USAGE = `usage: npm run bench [-- --reviews N] [--small N] [--duration S] [--connections C] [--data DIR] [--only LIST] [--json]

Seeds an embedded PostgreSQL in a temporary folder with N reviews (default 100,000) and another with
--small reviews (default 1,000), starts the server on each, and drives it with autocannon:
the no-op route, the gate, the gate on the small database, a facilitator's inbox, a 1,000-item batch,
the landing check of code revisions.
--data DIR keeps the seeded cluster in DIR and reuses it on the next run with the same sizes
(seeding 100,000 reviews takes about a minute); without it everything is thrown away.
--only LIST measures only the scenarios named (comma-separated: ${SCENARIOS.join(', ')}) and the no-op
route, which every run measures: each figure is read as a ratio to the no-op route of the same run.`;

const { values } = parseArgs({
  options: {
    reviews: { type: 'string', default: '100000' },
    small: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    json: { type: 'boolean', default: false },
    data: { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const int = (name: string, text: string, min: number) => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) {
    console.error(`bench: --${name} must be a whole number >= ${min}, not "${text}"`);
    process.exit(2);
  }
  return v;
};
const reviews = int('reviews', values.reviews, 10);
const small = int('small', values.small, 10);
const duration = int('duration', values.duration, 1);
const connections = int('connections', values.connections, 1);
const json = values.json;
const only = new Set<Scenario>(
  values.only === undefined
    ? SCENARIOS
    : values.only.split(',').map((name) => {
        const key = name.trim() as Scenario;
        if (!SCENARIOS.includes(key)) {
          console.error(`bench: --only takes ${SCENARIOS.join(', ')}, not "${name}"`);
          process.exit(2);
        }
        return key;
      }),
);
// Progress goes to stderr, so `--json` leaves stdout to the one JSON object.
const log = (line: string) => process.stderr.write(`${line}\n`);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function createDatabase(adminUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function seeded(adminUrl: string, name: string, n: number) {
  const url = await createDatabase(adminUrl, name);
  const { db, pool } = createDb(url, { error: (o) => log(`pool error: ${String(o)}`) });
  try {
    await migrate(pool);
    log(`seeding ${n.toLocaleString('en')} reviews into ${name}`);
    const s = await seedDatabase(db, { reviews: n, log });
    log(
      `seeded ${n.toLocaleString('en')} reviews, ${s.auditEvents.toLocaleString('en')} audit events in ${s.ms} ms`,
    );
    return { url, ...s };
  } finally {
    await db.destroy();
  }
}

type SeededDb = Awaited<ReturnType<typeof seeded>>;

/** The two seeded databases: reused from `--data DIR` when it holds ones of the asked sizes. */
async function databases(adminUrl: string, dir: string, keep: boolean) {
  const file = join(dir, 'bench.json');
  if (keep && existsSync(file)) {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { big: SeededDb; little: SeededDb };
    if (!saved.big.codeRevisions)
      throw new Error(`${dir} was seeded before code revisions existed: use another --data folder`);
    if (saved.big.reviews === reviews && saved.little.reviews === small) {
      log(`reusing the databases seeded in ${dir}`);
      return saved;
    }
    throw new Error(
      `${dir} holds ${saved.big.reviews} and ${saved.little.reviews} reviews, not ${reviews} and ${small}: use another --data folder`,
    );
  }
  const big = await seeded(adminUrl, 'bench_big', reviews);
  const little = await seeded(adminUrl, 'bench_small', small);
  if (keep) await writeFile(file, JSON.stringify({ big, little }), { mode: 0o600 });
  return { big, little };
}

async function main() {
  const keep = values.data !== undefined;
  const dir = keep ? values.data! : await mkdtemp(join(tmpdir(), 'signoff-bench-'));
  if (!keep) await chmod(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  try {
    const pgHandle = await startEmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      database: 'postgres',
      // A throwaway cluster: durability off for the seeding; the measured requests only read.
      flags: [
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'shared_buffers=512MB',
        '-c',
        'max_connections=200',
      ],
    });
    stops.push(pgHandle.stop);
    const { big, little } = await databases(pgHandle.adminConnectionString, dir, keep);

    const serverBig = await startServerProcess(big.url);
    stops.unshift(serverBig.stop);
    const serverSmall = only.has('gateAt1k') ? await startServerProcess(little.url) : null;
    if (serverSmall) stops.unshift(serverSmall.stop);
    // The same database without the cache: what every request costs when it goes to PostgreSQL.
    const serverUncached = [...only].some((k) => k.endsWith('Uncached'))
      ? await startServerProcess(big.url, { CACHE: 'off' })
      : null;
    if (serverUncached) stops.unshift(serverUncached.stop);
    // The servers load every review's facts at start; the measurement begins once they have.
    const warm = await serverBig.warm();
    await serverSmall?.warm();
    // Planner statistics as a running database has them: autovacuum analyzes a table within a minute of a large
    // change, but a bench's cluster lives less than that, and the servers just wrote tables the seed's VACUUM
    // ANALYZE saw empty (the stored open steps, computed at a server's start).
    await analyze(big.url);
    log(
      `server warm: ${warm.reviews.toLocaleString('en')} reviews' facts in memory ${warm.ms} ms after start, RSS ${warm.rssMb} MB`,
    );
    // A fresh session (the seeded one may have expired since the cluster was seeded into --data).
    const facilitatorToken = await signIn(serverBig.url, FACILITATOR_EMAIL, FACILITATOR_PASSWORD);

    const gate = (n: number) => () =>
      `/api/v1/gate/reviews/DR-${randomInt(1, n + 1)}?channel=${randomInt(2) ? 'release' : 'pre_release'}`;
    const bodies = Array.from({ length: 16 }, () =>
      JSON.stringify({
        items: Array.from({ length: 1000 }, () => ({
          review: `DR-${randomInt(1, reviews + 1)}`,
          channel: randomInt(2) ? 'release' : 'pre_release',
        })),
      }),
    );
    let next = 0;
    const land = () =>
      `/api/v1/land/phabricator/mozilla-central/D${100000 + randomInt(1, big.codeRevisions + 1)}${randomInt(2) ? '' : '?channel=release'}`;
    const inbox = `/trpc/review.list?input=${encodeURIComponent(JSON.stringify({ needsMyAction: true }))}`;
    const desktopInbox = '/trpc/inbox.mine';
    const common = { duration, connections, log };
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const batch = {
      method: 'POST' as const,
      headers: { ...auth(big.gateToken), 'content-type': 'application/json' },
      path: () => '/api/v1/gate/check',
      body: () => bodies[next++ % bodies.length]!,
    };
    const uncachedUrl = () => serverUncached!.url;
    const scenarios: Record<Scenario, () => Omit<LoadOptions, 'duration' | 'connections' | 'log'>> = {
      gate: () => ({
        title: `gate @ ${reviews}`,
        url: serverBig.url,
        headers: auth(big.gateToken),
        path: gate(reviews),
      }),
      gateAt1k: () => ({
        title: `gate @ ${small}`,
        url: serverSmall!.url,
        headers: auth(little.gateToken),
        path: gate(small),
      }),
      batch1000: () => ({ title: 'batch of 1,000', url: serverBig.url, ...batch }),
      batch1000Serial: () => ({ title: 'batch of 1,000, one at a time', url: serverBig.url, ...batch }),
      inbox: () => ({
        title: 'facilitator inbox',
        url: serverBig.url,
        headers: auth(facilitatorToken),
        path: () => inbox,
      }),
      desktopInbox: () => ({
        title: 'desktop inbox (inbox.mine)',
        url: serverBig.url,
        headers: auth(facilitatorToken),
        path: () => desktopInbox,
      }),
      land: () => ({ title: 'landing check', url: serverBig.url, headers: auth(big.gateToken), path: land }),
      gateUncached: () => ({
        title: `gate @ ${reviews}, cache off`,
        url: uncachedUrl(),
        headers: auth(big.gateToken),
        path: gate(reviews),
      }),
      inboxUncached: () => ({
        title: 'facilitator inbox, cache off',
        url: uncachedUrl(),
        headers: auth(facilitatorToken),
        path: () => inbox,
      }),
      desktopInboxUncached: () => ({
        title: 'desktop inbox, cache off',
        url: uncachedUrl(),
        headers: auth(facilitatorToken),
        path: () => desktopInbox,
      }),
      landUncached: () => ({
        title: 'landing check, cache off',
        url: uncachedUrl(),
        headers: auth(big.gateToken),
        path: land,
      }),
    };

    // The CPU each request costs the server that answers it and PostgreSQL (steadier than req/s when shared).
    const pgPid = await postmasterPid(join(dir, 'pg'));
    const pids = new Map(
      [serverBig, serverSmall, serverUncached].flatMap((s) => (s ? [[s.url, s.pid] as const] : [])),
    );
    const cpu = (url: string) => cpuReader(pids.get(url)!, pgPid);
    const figures: Figures = {
      reviews,
      warmUp: warm,
      noop: await runLoad({
        ...common,
        title: 'no-op',
        url: serverBig.url,
        path: () => '/api/v1/ping',
        cpu: cpu(serverBig.url),
      }),
    };
    for (const key of SCENARIOS)
      if (only.has(key))
        figures[key] = await runLoad({
          ...common,
          ...scenarios[key](),
          cpu: cpu(scenarios[key]().url),
          // The batch's latency on its own, not that of a queue of 64.
          ...(key === 'batch1000Serial' ? { connections: 1 } : {}),
        });
    if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else process.stdout.write(report(figures, connections, duration, small));
  } finally {
    for (const stop of stops) await stop().catch((e) => log(`stop failed: ${String(e)}`));
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

function report(f: Figures, connections: number, duration: number, small: number): string {
  const n = f.reviews.toLocaleString('en');
  const rows: [string, keyof Omit<Figures, 'reviews' | 'warmUp'>, number][] = [
    ['no-op route (ceiling)', 'noop', connections],
    [`gate, ${n} reviews`, 'gate', connections],
    [`gate, ${small.toLocaleString('en')} reviews`, 'gateAt1k', connections],
    ['batch check, 1,000 items', 'batch1000', connections],
    ['batch check, 1,000 items', 'batch1000Serial', 1],
    ['facilitator inbox (review.list)', 'inbox', connections],
    [`gate, ${n}, cache off`, 'gateUncached', connections],
    ['facilitator inbox, cache off', 'inboxUncached', connections],
    ['desktop inbox (inbox.mine)', 'desktopInbox', connections],
    ['desktop inbox, cache off', 'desktopInboxUncached', connections],
    ['landing check', 'land', connections],
    ['landing check, cache off', 'landUncached', connections],
  ];
  const w = 34;
  /** A scenario's throughput as a ratio to the no-op route's in the same run. */
  const ratio = (s: Load) => (s.rps / f.noop.rps).toFixed(3);
  const { gate, gateAt1k, land, batch1000Serial, inbox, desktopInbox, inboxUncached, desktopInboxUncached } =
    f;
  const lines = [
    '',
    `${'scenario'.padEnd(w)} ${'conns'.padStart(5)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'/ no-op'.padStart(8)} ${'CPU ms: server'.padStart(14)} ${'pg'.padStart(6)}`,
    '-'.repeat(w + 65),
    ...rows.flatMap(([label, key, c]) => {
      const s = f[key];
      return s
        ? [
            `${label.padEnd(w)} ${String(c).padStart(5)} ${s.rps.toFixed(0).padStart(9)} ${s.p50.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)} ${ratio(s).padStart(8)} ${(s.cpuMs?.server.toFixed(2) ?? '-').padStart(14)} ${(s.cpuMs?.postgres.toFixed(2) ?? '-').padStart(6)}`,
          ]
        : [];
    }),
    '',
    ...(gate ? [`gate / no-op throughput:           ${ratio(gate)}  (target >= 0.50)`] : []),
    ...(gate ? [`gate p99:                          ${gate.p99.toFixed(1)} ms (target < 10 ms)`] : []),
    ...(land
      ? [`landing check / no-op throughput:  ${ratio(land)}  (target >= 0.80); p99 ${land.p99.toFixed(1)} ms`]
      : []),
    ...(gate && gateAt1k
      ? [
          `gate p50, ${n} vs ${small.toLocaleString('en')} reviews: ${(gate.p50 / Math.max(gateAt1k.p50, 0.001)).toFixed(2)}x  (target <= 1.20x); rps ratio ${(gate.rps / gateAt1k.rps).toFixed(2)}`,
        ]
      : []),
    ...(batch1000Serial
      ? [
          `batch of 1,000 alone:              p50 ${batch1000Serial.p50.toFixed(1)} ms, p99 ${batch1000Serial.p99.toFixed(1)} ms (target < 100 ms)`,
        ]
      : []),
    ...(inbox
      ? [
          `inbox:                             p50 ${inbox.p50.toFixed(1)} ms, p99 ${inbox.p99.toFixed(1)} ms (target < 50 ms)`,
        ]
      : []),
    // Issue 13: inbox.mine and review.list no slower than before they became core over candidates.
    ...(inbox || inboxUncached
      ? [
          `review.list / no-op throughput:    cache on ${inbox ? ratio(inbox) : '-'}, cache off ${inboxUncached ? ratio(inboxUncached) : '-'}`,
        ]
      : []),
    ...(desktopInbox || desktopInboxUncached
      ? [
          `inbox.mine / no-op throughput:     cache on ${desktopInbox ? ratio(desktopInbox) : '-'}, cache off ${desktopInboxUncached ? ratio(desktopInboxUncached) : '-'}`,
        ]
      : []),
    `${duration} s per scenario after a 2 s warm-up; latencies in milliseconds; CPU ms: user + system time per request`,
    'of the answering server process and of PostgreSQL (all its processes), read from /proc around each run.',
    `The server loaded ${f.warmUp.reviews.toLocaleString('en')} reviews' facts into its cache in ${(f.warmUp.ms / 1000).toFixed(1)} s after start (RSS then ${f.warmUp.rssMb} MB).`,
    '',
  ];
  return lines.join('\n');
}

/** ANALYZE of every table of the database at `url`. */
async function analyze(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** A session of a seeded person, through the real sign-in procedure. */
async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { result?: { data?: { token?: string } } };
  const token = body.result?.data?.token;
  if (!res.ok || !token)
    throw new Error(`signing in ${email} failed (${res.status}): ${JSON.stringify(body)}`);
  return token;
}

main().catch((err) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
