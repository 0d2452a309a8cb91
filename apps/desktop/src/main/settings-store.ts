import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DesktopSettings } from '../shared/bridge.ts';
import { normalizeServerUrl } from './origins.ts';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3000';

const stored = z.object({ serverUrl: z.string().max(2_000) });

export interface SettingsStore {
  current(): DesktopSettings;
  setServerUrl(serverUrl: string): Promise<DesktopSettings>;
}

/**
 * The desktop settings (today: the server URL), kept as JSON in the app's user-data folder. An unreadable
 * or invalid file falls back to `fallbackServerUrl` (SIGNOFF_SERVER_URL, or the local server).
 */
export async function loadSettingsStore(file: string, fallbackServerUrl: string): Promise<SettingsStore> {
  const fallback = normalizeServerUrl(fallbackServerUrl) ?? DEFAULT_SERVER_URL;
  const raw = await readFile(file, 'utf8').catch(() => null);
  let settings: DesktopSettings = { serverUrl: fallback };
  if (raw !== null) {
    try {
      const parsed = stored.safeParse(JSON.parse(raw));
      const url = parsed.success ? normalizeServerUrl(parsed.data.serverUrl) : null;
      if (url) settings = { serverUrl: url };
    } catch {
      // a damaged settings file is replaced on the next save
    }
  }
  return {
    current: () => settings,
    async setServerUrl(serverUrl) {
      const url = normalizeServerUrl(serverUrl);
      if (!url)
        throw new Error('the server URL must be an http(s) origin such as https://signoff.example.org');
      settings = { serverUrl: url };
      await writeFile(file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
      return settings;
    },
  };
}
