import { type DeepLink, deepLinkFromArgv, parseDeepLink } from './deep-link.ts';

/**
 * Holds the link the app was opened with until the renderer asks for it; later links (a second instance
 * on Windows/Linux, open-url on macOS) go straight to the renderer.
 */
export function createDeepLinkRouter(opts: { send: (path: string) => boolean; focus: () => void }) {
  let pending: string | null = null;
  let rendererReady = false;
  const deliver = (link: DeepLink | null) => {
    if (!link) return false;
    opts.focus();
    if (!rendererReady || !opts.send(link.path)) pending = link.path;
    return true;
  };
  return {
    fromArgv: (argv: readonly string[]) => deliver(deepLinkFromArgv(argv)),
    fromUrl: (url: string) => deliver(parseDeepLink(url)),
    /** An app path from inside the app (a clicked notification), already checked by the caller. */
    open: (path: string) => {
      opts.focus();
      if (!rendererReady || !opts.send(path)) pending = path;
    },
    take(): string | null {
      rendererReady = true;
      const path = pending;
      pending = null;
      return path;
    },
    /** A reload: the renderer asks again before it listens. */
    rendererReloaded() {
      rendererReady = false;
    },
  };
}
