import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  /** The server's process id (for its CPU time). */
  pid: number;
  /** Waits until /readyz says every review's facts are in the cache; how long that took since the start. */
  warm(): Promise<{ ms: number; reviews: number; rssMb: number }>;
  stop(): Promise<void>;
}

/**
 * The real server (`npm start`'s entry) as a child process on a free port, against `databaseUrl`, so the
 * load generator in this process does not share the server's event loop.
 */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = Date.now();
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${output}`)),
    );
    setTimeout(() => reject(new Error(`the server did not start within 60 s:\n${output}`)), 60_000).unref();
  });
  return {
    url,
    pid: child.pid!,
    warm: async () => {
      for (;;) {
        const res = await fetch(`${url}/readyz`);
        const body = (await res.json()) as { cache?: { warm: boolean; reviews: number } };
        if (!body.cache) throw new Error('the server has no cache (CACHE=off?)');
        if (body.cache.warm) {
          const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
          const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
          return { ms: Date.now() - started, reviews: body.cache.reviews, rssMb: Math.round(rssKb / 1024) };
        }
        if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
        await sleep(200);
      }
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
