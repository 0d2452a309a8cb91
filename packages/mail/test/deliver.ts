import type { Db } from '@signoff/db';
import { startDeliveryWorker } from '../src/index.ts';

export const silentLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** One pass of a real delivery worker over the outbox to `smtpUrl` (the test SMTP server), then stopped. */
export async function deliverAll(db: Db, smtpUrl: string) {
  const worker = startDeliveryWorker({ db, smtpUrl, log: silentLog, pollMs: null });
  try {
    return await worker.drainOnce();
  } finally {
    await worker.stop();
  }
}
