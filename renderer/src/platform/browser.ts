import type { Platform } from './types';

export function browserPlatform(): Platform {
  return {
    kind: 'browser',
    getServerUrl: async () => '',
    setServerUrl: null,
    sessionStorage: window.sessionStorage,
  };
}
