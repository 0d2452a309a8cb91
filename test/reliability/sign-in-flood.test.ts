// A sign-in flood (issue 12, High 3): unauthenticated clients on many addresses send batches of failed
// sign-ins, some for the admin's email. Legitimate reads (review.get) and the gate must keep answering
// without error; the flood must get clear refusals (401, 429, 413), never a 500; and the admin, from
// their own address, must still sign in.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { type GateScene, gateScene, gateToken } from '../gate-fixtures.ts';
import { figure, type ServerProcess, sleep, spawnServer, writeFigures } from './harness.ts';

const PHASE_MS = 6_000;
const FLOODERS = 16;
const BATCH = 50;

let t: TestDatabase;
let g: GateScene;
let token: string;
let server: ServerProcess;

beforeAll(async () => {
  t = await createTestDatabase();
  g = await gateScene(t.db);
  token = await gateToken(t.db, g.cast.admin.email);
  server = await spawnServer({ DATABASE_URL: t.url });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await t?.drop();
  writeFigures('sign-in-flood');
});

const agents = new Map<string, http.Agent>();
/** One HTTP request from a chosen loopback address (127.0.0.x: the server sees distinct clients). */
function request(
  from: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  let agent = agents.get(from);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, localAddress: from } as http.AgentOptions);
    agents.set(from, agent);
  }
  const url = new URL(path, server.base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0;
};

/** Legitimate readers for `ms`: review.get with a session and the gate with a token, from 127.0.0.1. */
async function legitimate(ms: number) {
  const times: number[] = [];
  const bad: string[] = [];
  const until = Date.now() + ms;
  const reader = async (kind: 'review' | 'gate') => {
    while (Date.now() < until) {
      const started = performance.now();
      const r =
        kind === 'review'
          ? await request(
              '127.0.0.1',
              'GET',
              `/trpc/review.get?input=${encodeURIComponent(JSON.stringify({ review: g.blocked.key }))}`,
              { authorization: `Bearer ${g.cast.proposer.token}` },
            )
          : await request('127.0.0.1', 'GET', `/api/v1/gate/reviews/${g.signed.key}?channel=release`, {
              authorization: `Bearer ${token}`,
            });
      times.push(performance.now() - started);
      if (r.status !== 200) bad.push(`${kind} ${r.status} ${r.text.slice(0, 120)}`);
      await sleep(10);
    }
  };
  await Promise.all([reader('review'), reader('review'), reader('gate'), reader('gate')]);
  return { times, bad };
}

describe('a flood of failed sign-ins from many addresses', () => {
  it('leaves reads and the gate answering without error, refuses the flood cleanly, and never locks the admin out', async () => {
    const quiet = await legitimate(PHASE_MS);
    expect(quiet.bad).toEqual([]);

    let flooding = true;
    const statuses: Record<string, number> = {};
    let attempts = 0;
    const flooder = async (i: number) => {
      const from = `127.0.0.${10 + i}`;
      for (let round = 0; flooding; round++) {
        // Half the attempts are for the admin's email: per-address lockouts must not reach the admin.
        const calls = Array.from({ length: BATCH }, (_, k) => ({
          email: k % 2 === 0 ? g.cast.admin.email : `flood${i}.${round}.${k}@example.com`,
          password: 'wrong-password-guess',
        }));
        const input = Object.fromEntries(calls.map((c, k) => [String(k), c]));
        const r = await request(
          from,
          'POST',
          `/trpc/${Array(BATCH).fill('auth.signIn').join(',')}?batch=1`,
          {},
          JSON.stringify(input),
        );
        attempts += BATCH;
        const answers = JSON.parse(r.text) as { error?: { data?: { httpStatus?: number } } }[];
        for (const a of Array.isArray(answers) ? answers : [answers]) {
          const s = String(a.error?.data?.httpStatus ?? r.status);
          statuses[s] = (statuses[s] ?? 0) + 1;
        }
      }
    };
    // One oversized batch: refused as a whole, naming the limit.
    const oversized = await request(
      '127.0.0.9',
      'POST',
      `/trpc/${Array(200).fill('auth.signIn').join(',')}?batch=1`,
      {},
      JSON.stringify({}),
    );
    expect(oversized.status).toBe(413);
    expect(oversized.text).toMatch(/at most 50 calls/);

    const flood = Promise.all(Array.from({ length: FLOODERS }, (_, i) => flooder(i)));
    await sleep(500);
    const loaded = await legitimate(PHASE_MS);
    flooding = false;
    await flood;

    // The admin, from their own address, signs in although the flood failed for that email everywhere else.
    const admin = await request(
      '127.0.0.200',
      'POST',
      '/trpc/auth.signIn',
      {},
      JSON.stringify({ email: g.cast.admin.email, password: g.cast.admin.password }),
    );
    expect(admin.status, admin.text).toBe(200);

    const fmt = (o: Record<string, number>) =>
      Object.entries(o)
        .map(([k, v]) => `${k}×${v}`)
        .join(' ');
    figure(
      'load',
      'sign-in flood: p99 of legitimate reads without / under flood (ms)',
      `${p99(quiet.times).toFixed(1)} / ${p99(loaded.times).toFixed(1)}`,
      loaded.bad.length === 0,
    );
    figure(
      'load',
      'sign-in flood: legitimate reads, errors under flood',
      `${loaded.times.length}, ${loaded.bad.length}`,
      loaded.bad.length === 0,
    );
    figure('load', `sign-in flood: ${attempts} failed sign-ins answered`, fmt(statuses), !statuses['500']);
    expect(loaded.bad).toEqual([]);
    expect(Object.keys(statuses).filter((s) => s.startsWith('5'))).toEqual([]);
    expect(statuses['429'] ?? 0).toBeGreaterThan(0);
    // A stall guard with a huge margin, not a latency target.
    expect(Math.max(...loaded.times)).toBeLessThan(10_000);
  }, 120_000);
});
