import type Electron from 'electron';

/**
 * The parts of Electron's main-process module this app uses. main.ts passes the real module; unit tests
 * pass fakes, so the security behaviour is tested without the Electron binary.
 */
export type ElectronMain = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'safeStorage' | 'shell' | 'protocol' | 'session' | 'Notification'
>;

export type BrowserWindow = Electron.BrowserWindow;
export type BrowserWindowConstructorOptions = Electron.BrowserWindowConstructorOptions;
export type WebContents = Electron.WebContents;
export type Session = Electron.Session;
export type IpcMain = Electron.IpcMain;
export type IpcMainInvokeEvent = Electron.IpcMainInvokeEvent;
export type SafeStorage = Electron.SafeStorage;
