import {
  type DeepLink,
  deepLinkFromArgv,
  parseDeepLink,
  parseSsoDeepLink,
  ssoCodeFromArgv,
} from './deep-link.ts';

/**
 * Holds the link the app was opened with until the renderer asks for it; later links (a second instance
 * on Windows/Linux, open-url on macOS) go straight to the renderer. A single sign-on code
 * (`signoff://sso?code=`) travels apart from the paths: the sign-in screen asks for it, while a review
 * link waits for the signed-in app.
 */
export function createDeepLinkRouter(opts: {
  send: (path: string) => boolean;
  sendSsoCode: (code: string) => boolean;
  focus: () => void;
}) {
  let pending: string | null = null;
  let rendererReady = false;
  let pendingCode: string | null = null;
  let signInListening = false;
  const deliverCode = (code: string | null) => {
    if (!code) return false;
    opts.focus();
    if (!signInListening || !opts.sendSsoCode(code)) pendingCode = code;
    return true;
  };
  const deliver = (link: DeepLink | null) => {
    if (!link) return false;
    opts.focus();
    if (!rendererReady || !opts.send(link.path)) pending = link.path;
    return true;
  };
  return {
    fromArgv: (argv: readonly string[]) =>
      deliverCode(ssoCodeFromArgv(argv)) || deliver(deepLinkFromArgv(argv)),
    fromUrl: (url: string) => deliverCode(parseSsoDeepLink(url)) || deliver(parseDeepLink(url)),
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
    /** The sign-in screen asks for a code that arrived before it listened; later codes are sent to it. */
    takeSsoCode(): string | null {
      signInListening = true;
      const code = pendingCode;
      pendingCode = null;
      return code;
    },
    /** A reload: the renderer asks again before it listens. */
    rendererReloaded() {
      rendererReady = false;
      signInListening = false;
    },
  };
}
