import autocannon from 'autocannon';
import type { CpuTime } from './cpu.ts';

/** Requests per second and latency percentiles (milliseconds) of one scenario. */
export interface Load {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time each request cost the server process and PostgreSQL (milliseconds), when the run could read it. */
  cpuMs?: CpuTime;
}

/** What one run measured: the no-op route always, each other scenario unless `--only` left it out. */
export interface Figures {
  reviews: number;
  /** How long after its start the big server held every review's facts, and its memory then. */
  warmUp: { ms: number; reviews: number; rssMb: number };
  noop: Load;
  gate?: Load;
  gateAt1k?: Load;
  batch1000?: Load;
  /** The 1,000-item batch with one connection: the latency of a batch on its own, not of a queue of 64. */
  batch1000Serial?: Load;
  /** A facilitator's review.list({ needsMyAction }). */
  inbox?: Load;
  /** The same questions on a server with CACHE=off: every request reads PostgreSQL. */
  gateUncached?: Load;
  inboxUncached?: Load;
  /** The desktop client's inbox screen (inbox.mine: now, coming and my own reviews). */
  desktopInbox?: Load;
  desktopInboxUncached?: Load;
  /** The landing check on random seeded code revisions (a third high, whose linked review the gate evaluates). */
  land?: Load;
  landUncached?: Load;
}

export interface LoadOptions {
  title: string;
  url: string;
  path: () => string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: () => string;
  connections: number;
  duration: number;
  log: (line: string) => void;
  /** Reads the CPU time used so far by the server and PostgreSQL (the figure per request comes from two reads). */
  cpu?: () => Promise<CpuTime>;
}

async function fire(o: LoadOptions, duration: number, times?: number[]) {
  const run = autocannon({
    url: o.url,
    connections: o.connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: o.method ?? 'GET',
        headers: o.headers,
        setupRequest: (req) => ({ ...req, path: o.path(), ...(o.body ? { body: o.body() } : {}) }),
      },
    ],
  });
  // autocannon's own percentiles are whole milliseconds; each response's time is exact, so keep those.
  if (times)
    run.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) times.push(ms);
    });
  return run;
}

/** The q-quantile (0..1) of `times`, nearest rank. */
function quantile(sorted: Float64Array, q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** autocannon against one scenario, after a short warm-up; any error or non-2xx answer stops the run. */
export async function runLoad(o: LoadOptions): Promise<Load> {
  o.log(`load: ${o.title} (${o.connections} connections, ${o.duration} s)`);
  await fire(o, 2);
  const times: number[] = [];
  const before = await o.cpu?.();
  const r = await fire(o, o.duration, times);
  const after = await o.cpu?.();
  if (r.errors || r.non2xx)
    throw new Error(
      `${o.title}: ${r.errors} errors, ${r.non2xx} non-2xx answers (${JSON.stringify(r.statusCodeStats)})`,
    );
  const sorted = Float64Array.from(times).sort();
  const load = {
    rps: round(r.requests.average),
    p50: round(quantile(sorted, 0.5)),
    p99: round(quantile(sorted, 0.99)),
    ...(before && after && r.requests.total > 0
      ? {
          cpuMs: {
            server: round((after.server - before.server) / r.requests.total),
            postgres: round((after.postgres - before.postgres) / r.requests.total),
          },
        }
      : {}),
  };
  const cpu = load.cpuMs
    ? `, CPU per request: server ${load.cpuMs.server} ms, PostgreSQL ${load.cpuMs.postgres} ms`
    : '';
  o.log(`      ${load.rps} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms${cpu}`);
  return load;
}

const round = (x: number) => Math.round(x * 100) / 100;
