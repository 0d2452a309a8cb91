import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { PROJECT_ROOT } from './config.ts';

export const RENDERER_DIST = join(PROJECT_ROOT, 'apps/desktop/dist/renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// The renderer talks only to this origin; no inline scripts, no eval.
const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/**
 * Serves the built renderer (the desktop client's React app) at `/`, so the product works in a browser.
 * Unknown paths without a file extension get index.html (client-side routes). Returns false when
 * the renderer has not been built.
 */
export function rendererHandler(dir = RENDERER_DIST) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const wanted = normalize(join(dir, decodeURIComponent(path)));
    if (!wanted.startsWith(dir + sep) && wanted !== dir) return false;
    let file = wanted;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      if (extname(path)) return false;
      file = join(dir, 'index.html');
      if (!(await stat(file).catch(() => null))?.isFile()) return false;
    }
    res.statusCode = 200;
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('content-security-policy', RENDERER_CSP);
    res.setHeader(
      'cache-control',
      file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('error', reject).pipe(res).on('finish', resolve);
    });
    return true;
  };
}
