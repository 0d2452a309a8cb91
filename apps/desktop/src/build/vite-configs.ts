import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, defaultClientConditions, type InlineConfig } from 'vite';
import { type InitialSize, initialSizeBudget } from './initial-size.ts';

/** apps/desktop */
export const DESKTOP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_OUT = join(DESKTOP_DIR, 'dist', 'renderer');

/** The React renderer: served by the server at `/` and bundled into the desktop app. */
export function rendererConfig(
  opts: { outDir?: string; logLevel?: InlineConfig['logLevel']; onSize?: (size: InitialSize) => void } = {},
): InlineConfig {
  return {
    configFile: false,
    root: join(DESKTOP_DIR, 'src', 'renderer'),
    base: '/',
    mode: 'production',
    logLevel: opts.logLevel ?? 'info',
    plugins: [react(), initialSizeBudget(opts.onSize ? { onSize: opts.onSize } : {})],
    // Workspace packages (@signoff/core) are bundled from their TypeScript sources, built or not.
    resolve: { conditions: ['source', ...defaultClientConditions] },
    build: {
      outDir: opts.outDir ?? RENDERER_OUT,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      // The CSP allows only scripts from 'self'; vite's output is external module scripts only.
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 600,
    },
  };
}

/** Electron's main process (ES module) and the sandboxed preload (CommonJS), each one self-contained file. */
export function electronConfig(kind: 'main' | 'preload'): InlineConfig {
  const entry = join(DESKTOP_DIR, 'src', kind, `${kind}.ts`);
  return {
    configFile: false,
    root: DESKTOP_DIR,
    logLevel: 'info',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: entry,
      outDir: join(DESKTOP_DIR, 'dist', kind),
      emptyOutDir: true,
      target: 'node22',
      sourcemap: false,
      minify: false,
      rolldownOptions: {
        external: ['electron', /^node:/],
        output: {
          format: kind === 'main' ? 'es' : 'cjs',
          entryFileNames: kind === 'main' ? 'main.js' : 'preload.cjs',
        },
      },
    },
  };
}

/**
 * Builds the renderer for production. Vite and the React plugin read NODE_ENV from the process: under
 * vitest it is "test", which would bundle React's development build and the development JSX runtime.
 */
export async function buildRenderer(opts: Parameters<typeof rendererConfig>[0] = {}): Promise<void> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build(rendererConfig(opts));
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}
