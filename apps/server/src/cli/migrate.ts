import { migrate } from '@signoff/db';
import { withDatabase } from './with-database.ts';

// `npm run migrate`: apply pending migrations (withDatabase already migrates; report what it did).
await withDatabase(async ({ pool }) => {
  const { applied } = await migrate(pool);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'migrations current\n');
});
