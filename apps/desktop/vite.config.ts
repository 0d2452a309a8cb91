// `npx vite -c apps/desktop/vite.config.ts` serves the renderer for development (API calls to the same origin
// need a proxy: set SIGNOFF_API to the server, e.g. http://127.0.0.1:3000).
import { defineConfig } from 'vite';
import { rendererConfig } from './src/build/vite-configs.ts';

const api = process.env.SIGNOFF_API ?? 'http://127.0.0.1:3000';
export default defineConfig({ ...rendererConfig(), server: { proxy: { '/trpc': api } } });
