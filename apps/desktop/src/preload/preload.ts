// Sandboxed preload (bundled to CommonJS): exposes only the typed bridge as window.signoff.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('signoff', createBridge(ipcRenderer));
