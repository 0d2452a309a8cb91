import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { EVENTS, IPC, type SignoffBridge, SSO_CODE } from '../shared/bridge.ts';

/**
 * The whole bridge: a few named calls, never ipcRenderer itself (the renderer cannot send on arbitrary
 * channels or see the event object).
 */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): SignoffBridge {
  return {
    kind: 'desktop',
    getSettings: () => ipc.invoke(IPC.getSettings),
    setServerUrl: (serverUrl) => ipc.invoke(IPC.setServerUrl, { serverUrl: String(serverUrl) }),
    getToken: () => ipc.invoke(IPC.getToken),
    setToken: (token) => ipc.invoke(IPC.setToken, { token: String(token) }),
    clearToken: () => ipc.invoke(IPC.clearToken),
    notify: ({ title, body, path }) =>
      ipc.invoke(IPC.notify, {
        title: String(title),
        body: String(body),
        ...(typeof path === 'string' ? { path } : {}),
      }),
    takeDeepLink: () => ipc.invoke(IPC.takeDeepLink),
    openSignIn: (url) => ipc.invoke(IPC.openSignIn, { url: String(url) }),
    takeSsoCode: () => ipc.invoke(IPC.takeSsoCode),
    onSsoCode(listener) {
      const wrapped = (_event: IpcRendererEvent, code: unknown) => {
        if (typeof code === 'string' && SSO_CODE.test(code)) listener(code);
      };
      ipc.on(EVENTS.ssoCode, wrapped);
      return () => {
        ipc.removeListener(EVENTS.ssoCode, wrapped);
      };
    },
    onDeepLink(listener) {
      const wrapped = (_event: IpcRendererEvent, path: unknown) => {
        if (typeof path === 'string' && path.startsWith('/')) listener(path);
      };
      ipc.on(EVENTS.deepLink, wrapped);
      return () => {
        ipc.removeListener(EVENTS.deepLink, wrapped);
      };
    },
  };
}
