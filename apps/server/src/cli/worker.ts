import { startDeliveryWorker } from '@signoff/mail';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../database.ts';
import { createLogger } from '../logger.ts';

// `npm run worker`: the mail delivery worker alone (e.g. with MAIL_WORKER=off on the web servers).
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const database = await openDatabase(config, log);
const worker = startDeliveryWorker({
  db: database.db,
  smtpUrl: config.SMTP_URL ?? null,
  from: config.MAIL_FROM,
  log,
});
log.info({ smtp: config.SMTP_URL ? 'configured' : 'none (mail is held)' }, 'delivery worker started');
const stop = async () => {
  await worker.stop();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
