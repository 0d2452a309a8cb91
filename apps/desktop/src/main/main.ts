// The Electron entry point: the only module that imports Electron itself (everything else receives it).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import electron from 'electron';
import { startDesktopApp } from './app.ts';

startDesktopApp(electron, {
  serverUrl: process.env.SIGNOFF_SERVER_URL,
  argv: process.argv,
  platform: process.platform,
  distDir: dirname(fileURLToPath(import.meta.url)),
  defaultApp: Boolean(process.defaultApp),
  execPath: process.execPath,
  log: (message) => console.warn(`[signoff] ${message}`),
});
