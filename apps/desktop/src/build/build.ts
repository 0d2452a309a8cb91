// Builds the renderer (`renderer`), Electron's main and preload (`electron`), or everything (default).
import { build } from 'vite';
import { buildRenderer, electronConfig } from './vite-configs.ts';

const what = process.argv[2] ?? 'all';
if (!['all', 'renderer', 'electron'].includes(what)) {
  console.error(`usage: build.ts [all|renderer|electron]`);
  process.exit(2);
}
try {
  if (what !== 'electron') await buildRenderer();
  if (what !== 'renderer') {
    await build(electronConfig('main'));
    await build(electronConfig('preload'));
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
