import autocannon from 'autocannon';

/** Requests per second and latency percentiles (milliseconds) of one scenario. */
export interface Load {
  rps: number;
  p50: number;
  p99: number;
}

export interface Figures {
  reviews: number;
  /** How long after its start the big server held every review's facts, and its memory then. */
  warmUp: { ms: number; reviews: number; rssMb: number };
  noop: Load;
  gate: Load;
  gateAt1k: Load;
  batch1000: Load;
  /** The 1,000-item batch with one connection: the latency of a batch on its own, not of a queue of 64. */
  batch1000Serial: Load;
  inbox: Load;
  /** The same two questions on a server with CACHE=off: every request reads PostgreSQL. */
  gateUncached: Load;
  inboxUncached: Load;
  /** The desktop client's inbox screen (inbox.mine: sign-offs, mitigations, escalations, own reviews). */
  desktopInbox: Load;
  desktopInboxUncached: Load;
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
}

async function fire(o: LoadOptions, duration: number) {
  return autocannon({
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
}

/** autocannon against one scenario, after a short warm-up; any error or non-2xx answer stops the run. */
export async function runLoad(o: LoadOptions): Promise<Load> {
  o.log(`load: ${o.title} (${o.connections} connections, ${o.duration} s)`);
  await fire(o, 2);
  const r = await fire(o, o.duration);
  if (r.errors || r.non2xx)
    throw new Error(
      `${o.title}: ${r.errors} errors, ${r.non2xx} non-2xx answers (${JSON.stringify(r.statusCodeStats)})`,
    );
  const load = { rps: round(r.requests.average), p50: round(r.latency.p50), p99: round(r.latency.p99) };
  o.log(`      ${load.rps} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms`);
  return load;
}

const round = (x: number) => Math.round(x * 100) / 100;
