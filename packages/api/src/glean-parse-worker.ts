// The worker thread of glean-parse.ts: reads metrics.yaml files with core's pure parser, away from the
// thread that answers requests.
import { parentPort } from 'node:worker_threads';
import { type GleanFile, isDomainError, parseGleanFiles } from '@signoff/core';

parentPort?.on('message', ({ id, files }: { id: number; files: GleanFile[] }) => {
  try {
    parentPort?.postMessage({ id, ok: true, parsed: parseGleanFiles(files) });
  } catch (e) {
    const error = isDomainError(e)
      ? { code: e.code, message: e.message, details: e.details }
      : { code: null, message: e instanceof Error ? e.message : String(e), details: {} };
    parentPort?.postMessage({ id, ok: false, error });
  }
});
