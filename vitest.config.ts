import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript under the "source" condition and dist/ otherwise (what the
// built server runs). Tests read the sources, and so does every process or worker thread they start.
const SOURCE = '--conditions=source';
if (!process.env.NODE_OPTIONS?.includes(SOURCE))
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, SOURCE].filter(Boolean).join(' ');
const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@signoff\/core\/request-form$/, replacement: src('packages/core/src/request-form.ts') },
      { find: /^@signoff\/(core|db|api|mail)$/, replacement: src('packages/$1/src/index.ts') },
      { find: /^@signoff\/gate-cli$/, replacement: src('apps/gate-cli/src/gate-cli.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
