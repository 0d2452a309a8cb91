import { readFile, rm, writeFile } from 'node:fs/promises';
import type { SafeStorage } from './electron-api.ts';

export interface TokenStore {
  get(): Promise<string | null>;
  /** Keeps the token; `persisted` is false when the OS offers no real keychain (memory only). */
  set(token: string): Promise<{ persisted: boolean }>;
  clear(): Promise<void>;
}

/**
 * The session token, encrypted with the OS keychain through `safeStorage` and written to `file`. On Linux
 * without a secret service, Electron falls back to a hard-coded key ("basic_text"): then the token is
 * kept in memory only, so a sign-in lasts until the app quits.
 */
export function createTokenStore(deps: {
  safeStorage: Pick<
    SafeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  >;
  file: string;
  platform: NodeJS.Platform;
}): TokenStore {
  const { safeStorage, file } = deps;
  let memory: string | null = null;
  const canPersist = () =>
    safeStorage.isEncryptionAvailable() &&
    !(deps.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');

  return {
    async get() {
      if (memory !== null) return memory;
      if (!canPersist()) return null;
      const encrypted = await readFile(file).catch(() => null);
      if (!encrypted) return null;
      try {
        memory = safeStorage.decryptString(encrypted);
        return memory;
      } catch {
        await rm(file, { force: true });
        return null;
      }
    },
    async set(token) {
      memory = token;
      if (!canPersist()) {
        await rm(file, { force: true });
        return { persisted: false };
      }
      await writeFile(file, safeStorage.encryptString(token), { mode: 0o600 });
      return { persisted: true };
    },
    async clear() {
      memory = null;
      await rm(file, { force: true });
    },
  };
}
