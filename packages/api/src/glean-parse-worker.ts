// The worker thread of glean-parse.ts: reads metrics.yaml files with core's pure parser, away from the
// thread that answers requests.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type GleanFile, isDomainError, parseGleanFiles } from '@signoff/core';

// On Linux a thread has its own nice value and pid 0 means this thread: the parse gives way to the thread
// that answers requests whenever both want the CPU.
try {
  setPriority(0, 19);
} catch {
  // not permitted here: the parse still runs off the request thread
}

parentPort?.on('message', ({ id, files, bug }: { id: number; files: GleanFile[]; bug: string }) => {
  try {
    parentPort?.postMessage({ id, ok: true, parsed: parseGleanFiles(files, bug) });
  } catch (e) {
    const error = isDomainError(e)
      ? { code: e.code, message: e.message, details: e.details }
      : { code: null, message: e instanceof Error ? e.message : String(e), details: {} };
    parentPort?.postMessage({ id, ok: false, error });
  }
});
