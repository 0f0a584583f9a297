import type { OutboxEntry } from '../../../shared/desktop-bridge';
import type { OutboxStorage, Platform } from './types';

const OUTBOX_KEY = 'quita.dispositionOutbox';

/** localStorage: survives a reload and a closed tab on this browser profile. */
export function localStorageOutbox(storage: Pick<Storage, 'getItem' | 'setItem'>): OutboxStorage {
  const read = (): OutboxEntry[] => {
    try {
      const parsed = JSON.parse(storage.getItem(OUTBOX_KEY) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
    } catch {
      return [];
    }
  };
  return {
    list: async () => read(),
    async put(entry) {
      storage.setItem(OUTBOX_KEY, JSON.stringify([...read().filter((e) => e.key !== entry.key), entry]));
    },
    async remove(key) {
      storage.setItem(OUTBOX_KEY, JSON.stringify(read().filter((e) => e.key !== key)));
    },
  };
}

export function browserPlatform(): Platform {
  return {
    kind: 'browser',
    getServerUrl: async () => '',
    setServerUrl: null,
    sessionStorage: window.sessionStorage,
    outbox: localStorageOutbox(window.localStorage),
  };
}
