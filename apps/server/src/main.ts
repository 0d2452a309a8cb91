import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const running = await startServer(config, log);
  log.info({ url: running.url }, 'listening');
  const lines = [`\nSign-off tracker is running at ${running.url}`];
  if (running.firstAdmin?.password)
    lines.push(
      `First start: an admin was created. Sign in as ${running.firstAdmin.email} with the one-time password:`,
      `    ${running.firstAdmin.password}`,
      'It is shown only this once. Create more people with `npm run admin -- create-user ...`.',
    );
  else lines.push('Sign in with an account created by `npm run admin -- create-user ...` or `npm run demo`.');
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await running.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(`start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
