import type { DesktopBridge } from '../../../shared/desktop-bridge';
import type { Platform } from './types';

export function electronPlatform(bridge: DesktopBridge): Platform {
  return {
    kind: 'electron',
    async getServerUrl() {
      const result = await bridge.getServerUrl();
      return result.ok ? result.data : null;
    },
    setServerUrl: (url) => bridge.setServerUrl(url),
    sessionStorage: window.sessionStorage,
    // the main process keeps them in SQLite (electron/main/db/outbox.ts): they survive a restart
    outbox: {
      async list() {
        const r = await bridge.outboxList();
        return r.ok ? r.data : [];
      },
      async put(entry) {
        const r = await bridge.outboxPut(entry);
        if (!r.ok) throw new Error(r.error.message);
      },
      async remove(key) {
        await bridge.outboxRemove(key);
      },
    },
  };
}
