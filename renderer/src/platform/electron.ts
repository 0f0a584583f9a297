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
  };
}
