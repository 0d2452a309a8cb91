import { verifyChain } from '@signoff/core';
import { verifyAuditChains } from '@signoff/db';
import { withDatabase } from './with-database.ts';

// `npm run audit:verify`: recompute every hash chain; exit 1 naming the first broken event.
await withDatabase(async ({ db }) => {
  const report = await verifyAuditChains(db, verifyChain);
  if (report.broken) {
    const b = report.broken;
    process.stderr.write(
      `audit chain broken: stream ${b.stream}, event id ${b.id} (seq ${b.seq}): ${b.reason} mismatch\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`audit chains verified: ${report.streams} streams, ${report.events} events\n`);
});
