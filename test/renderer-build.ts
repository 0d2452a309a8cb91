import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import type { InitialSize } from '../apps/desktop/src/build/initial-size.ts';
import { buildRenderer, RENDERER_OUT } from '../apps/desktop/src/build/vite-configs.ts';

const LOCK = `${RENDERER_OUT}.build-lock`;

/**
 * The server serves apps/desktop/dist/renderer at `/`. Browser test files run in parallel, and a build
 * empties that folder first, so a second build would pull the page from under a running test: the first
 * file to ask builds it, once per test run (a stamp names the run), and every other file waits for it.
 * Returns the initial JavaScript size the build measured.
 */
export async function builtRenderer(): Promise<InitialSize> {
  const stamp = join(RENDERER_OUT, `.built-${inject('testRunId')}.json`);
  const read = async () => JSON.parse(await readFile(stamp, 'utf8')) as InitialSize;
  for (let waited = 0; ; waited += 200) {
    const done = await read().catch(() => null);
    if (done) return done;
    try {
      await mkdir(dirname(LOCK), { recursive: true });
      await mkdir(LOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (waited > 300_000) throw new Error(`the renderer build lock ${LOCK} was held for 5 minutes`);
      await sleep(200);
      continue;
    }
    try {
      const again = await read().catch(() => null);
      if (again) return again;
      let size: InitialSize | undefined;
      await buildRenderer({ logLevel: 'warn', onSize: (s) => (size = s) });
      if (!size) throw new Error('the renderer build reported no initial size');
      await writeFile(stamp, JSON.stringify(size));
      return size;
    } finally {
      await rm(LOCK, { recursive: true, force: true });
    }
  }
}
