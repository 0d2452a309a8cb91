import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST } from './origins.ts';

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

/**
 * The file under `rendererDir` an app:// request names, or index.html for an app route such as
 * /reviews/DR-42. Null for another host, or a path escaping the folder.
 */
export function resolveRendererFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (!extname(path)) return join(rendererDir, 'index.html');
  const file = normalize(join(rendererDir, path));
  return file.startsWith(rendererDir + sep) ? file : null;
}

/** Serves the bundled renderer on app://signoff/ with the desktop CSP on every response. */
export function createAppProtocolHandler(opts: {
  rendererDir: string;
  csp: () => string;
  read?: (file: string) => Promise<Buffer>;
}) {
  const read = opts.read ?? ((file: string) => readFile(file));
  return async (request: Request): Promise<Response> => {
    const file = request.method === 'GET' ? resolveRendererFile(opts.rendererDir, request.url) : null;
    const body = file ? await read(file).catch(() => null) : null;
    if (!file || !body) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': opts.csp(),
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
