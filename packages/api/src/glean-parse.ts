import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, type DomainErrorCode, type GleanFile, type ParsedGleanFiles } from '@signoff/core';

/**
 * Reads metrics.yaml files on a worker thread, so no upload holds the event loop: the parse is linear in
 * the files' size (packages/core/src/glean.ts), but a 1 MB file still takes a second or two of CPU, and
 * every other request would wait that long. One worker, started on first use, takes the jobs in turn; a
 * job that runs longer than `GLEAN_PARSE_TIMEOUT_MS` ends the worker and is refused with a clear error.
 */
export const GLEAN_PARSE_TIMEOUT_MS = 30_000;

interface Job {
  files: GleanFile[];
  bug: string;
  resolve: (p: ParsedGleanFiles) => void;
  reject: (e: Error) => void;
}

type Answer =
  | { id: number; ok: true; parsed: ParsedGleanFiles }
  | {
      id: number;
      ok: false;
      error: { code: DomainErrorCode | null; message: string; details: Record<string, unknown> };
    };

let worker: Worker | null = null;
let nextId = 1;
const queue: { id: number; job: Job }[] = [];
let running: { id: number; job: Job; timer: NodeJS.Timeout } | null = null;

/** tsx's ESM API (its `import` export; the `require` one cannot be imported from a worker's eval). */
const tsxApi = (from: string) =>
  pathToFileURL(join(dirname(createRequire(from).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'))
    .href;

/** Compiled JavaScript runs the compiled worker; TypeScript sources (tsx, vitest) load it through tsx. */
function startWorker(): Worker {
  const here = import.meta.url;
  const w = here.endsWith('.ts')
    ? new Worker(
        `import(${JSON.stringify(tsxApi(here))})` +
          `.then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./glean-parse-worker.ts', here).href)}); })`,
        { eval: true },
      )
    : new Worker(new URL('./glean-parse-worker.js', here));
  w.unref();
  w.on('message', (a: Answer) => {
    if (!running || running.id !== a.id) return;
    const { job, timer } = running;
    clearTimeout(timer);
    running = null;
    if (a.ok) job.resolve(a.parsed);
    else
      job.reject(
        a.error.code
          ? new DomainError(a.error.code, a.error.message, a.error.details)
          : new Error(a.error.message),
      );
    pump();
  });
  const fail = (e: Error) => {
    if (worker === w) worker = null;
    if (running) {
      clearTimeout(running.timer);
      running.job.reject(e);
      running = null;
    }
    pump();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the metrics.yaml reader stopped (exit ${code})`)));
  return w;
}

function pump() {
  if (running) return;
  const next = queue.shift();
  if (!next) return;
  worker ??= startWorker();
  const w = worker;
  const timer = setTimeout(() => {
    if (running?.id !== next.id) return;
    const { job } = running;
    running = null;
    worker = null;
    void w.terminate();
    job.reject(
      new DomainError(
        'VALIDATION',
        `Reading the metrics.yaml files took longer than ${GLEAN_PARSE_TIMEOUT_MS / 1000} s; import fewer or smaller files.`,
        { field: 'files', limitMs: GLEAN_PARSE_TIMEOUT_MS },
      ),
    );
    pump();
  }, GLEAN_PARSE_TIMEOUT_MS);
  timer.unref();
  running = { ...next, timer };
  w.postMessage({ id: next.id, files: next.job.files, bug: next.job.bug });
}

/** `parseGleanFiles` of @signoff/core, run on the worker thread. */
export function parseGleanFilesOffThread(
  files: readonly GleanFile[],
  bug: string,
): Promise<ParsedGleanFiles> {
  return new Promise((resolve, reject) => {
    queue.push({
      id: nextId++,
      job: { files: files.map((f) => ({ name: f.name, text: f.text })), bug, resolve, reject },
    });
    pump();
  });
}
