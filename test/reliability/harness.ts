// Shared helpers of the reliability suite: a plain-fetch tRPC client, the real server as a child process,
// a fingerprint of everything stored, and the figures each test file contributes to the summary table.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { verifyChain } from '@signoff/core';
import { type Db, verifyAuditChains } from '@signoff/db';
import { sql } from 'kysely';
import { PROJECT_ROOT } from '../../apps/server/src/config.ts';

// ---------------------------------------------------------------------------------------------------------
// Figures: every test file records what it proved; run.mjs prints them as one table.

export interface Figure {
  section: 'load' | 'faults' | 'hostile' | 'security';
  name: string;
  value: string | number;
  ok: boolean;
}

const figures: Figure[] = [];

export function figure(section: Figure['section'], name: string, value: string | number, ok = true) {
  const existing = figures.find((f) => f.section === section && f.name === name);
  if (existing) {
    existing.value = value;
    existing.ok = ok;
  } else figures.push({ section, name, value, ok });
}

/** Writes this file's figures next to vitest's own results (call from afterAll). */
export function writeFigures(file: string) {
  const dir = join(PROJECT_ROOT, '.test-results', 'reliability');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${file}.json`), JSON.stringify(figures, null, 2));
}

// ---------------------------------------------------------------------------------------------------------
// A minimal tRPC client over fetch (no batching, no transformer: what any HTTP client would send).

export interface TrpcAnswer {
  status: number;
  ok: boolean;
  data: unknown;
  /** tRPC error code (BAD_REQUEST, CONFLICT, ...) or, for a non-tRPC answer, `HTTP_<status>`. */
  code: string | null;
  message: string;
  domainCode: string | null;
  issues: { field: string; rule: string; message: string }[];
  body: unknown;
  headers: Headers;
}

export async function trpc(
  base: string,
  path: string,
  kind: 'query' | 'mutation',
  input: unknown,
  token?: string | null,
  extraHeaders: Record<string, string> = {},
): Promise<TrpcAnswer> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  if (kind === 'query') {
    const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    res = await fetch(`${base}/trpc/${path}${q}`, { headers });
  } else {
    headers['content-type'] = 'application/json';
    res = await fetch(`${base}/trpc/${path}`, {
      method: 'POST',
      headers,
      body: input === undefined ? undefined : JSON.stringify(input),
    });
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: reported as is
  }
  const b = body as {
    result?: { data?: unknown };
    error?: {
      message?: string;
      data?: { code?: string; domainCode?: string | null; issues?: TrpcAnswer['issues'] };
    };
  };
  if (res.ok)
    return {
      status: res.status,
      ok: true,
      data: b?.result?.data,
      code: null,
      message: '',
      domainCode: null,
      issues: [],
      body,
      headers: res.headers,
    };
  return {
    status: res.status,
    ok: false,
    data: null,
    code: b?.error?.data?.code ?? `HTTP_${res.status}`,
    message: b?.error?.message ?? String(text).slice(0, 200),
    domainCode: b?.error?.data?.domainCode ?? null,
    issues: b?.error?.data?.issues ?? [],
    body,
    headers: res.headers,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The real server, as the product runs it: `node --import tsx apps/server/src/main.ts`.

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export interface ServerProcess {
  base: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code or signal when the process ends. */
  exited: Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<string>;
}

export async function spawnServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'apps/server/src/main.ts'],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(p),
        LOG_LEVEL: 'warn',
        MAIL_WORKER: 'off',
        CORS_ORIGINS: 'app://signoff',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  const base = `http://127.0.0.1:${p}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited while starting:\n${out}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 45_000) {
      child.kill('SIGKILL');
      throw new Error(`server did not become ready:\n${out}`);
    }
    await sleep(100);
  }
  return {
    base,
    port: p,
    child,
    output: () => out,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => Promise<T | null | false>, ms = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------------------
// State: a fingerprint of every table, and the audit chains.

const tableLists = new WeakMap<object, string[]>();
async function tablesOf(db: Db): Promise<string[]> {
  const cached = tableLists.get(db);
  if (cached) return cached;
  const rows = (
    await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
  ).rows.map((r) => r.table_name);
  tableLists.set(db, rows);
  return rows;
}

/**
 * Row count and content hash of every table (minus `except`), in one statement: any insert, update or
 * delete changes it. `sessions` is compared by count only (signing in is not a change of the product's state).
 */
export async function fingerprint(db: Db, except: string[] = []): Promise<Record<string, string>> {
  const tables = (await tablesOf(db)).filter(
    (t) => !except.includes(t) && !t.startsWith('schema_') && !t.startsWith('kysely_'),
  );
  const parts = tables.map((t) => {
    const content = t === 'sessions' ? `''` : `md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))`;
    return `SELECT '${t}' AS t, count(*)::text || ':' || ${content} AS h FROM "${t}" x`;
  });
  const r = await sql<{ t: string; h: string }>`${sql.raw(parts.join(' UNION ALL '))}`.execute(db);
  return Object.fromEntries(r.rows.map((row) => [row.t, row.h]));
}

export async function verifyChains(db: Db) {
  return verifyAuditChains(db, verifyChain);
}
