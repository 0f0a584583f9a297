import fs from 'node:fs';
import path from 'node:path';
import { parseServerUrl } from '../../../shared/desktop-bridge';
import type { Result } from '../../../shared/result';

interface Settings {
  serverUrl: string | null;
}

export interface SettingsStore {
  getServerUrl(): string | null;
  setServerUrl(url: string): Result<string>;
}

/** Desktop settings in a JSON file under userData; written to a temp file and renamed, so never half-written. */
export function createSettingsStore(file: string): SettingsStore {
  function read(): Settings {
    try {
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Settings>;
      const parsed = typeof raw.serverUrl === 'string' ? parseServerUrl(raw.serverUrl) : null;
      return { serverUrl: parsed?.ok ? parsed.data : null };
    } catch {
      return { serverUrl: null }; // missing or corrupt: ask the user again
    }
  }
  return {
    getServerUrl: () => read().serverUrl,
    setServerUrl(url) {
      const parsed = parseServerUrl(url);
      if (!parsed.ok) return parsed;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ ...read(), serverUrl: parsed.data }, null, 2));
      fs.renameSync(tmp, file);
      return parsed;
    },
  };
}
