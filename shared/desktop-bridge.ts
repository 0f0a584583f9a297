import type { Result } from './result';

/**
 * What the Electron preload exposes on window.quitaDesktop: one method per IPC channel, data in and
 * Result out, never a throw across the bridge. The renderer's platform layer is its only user.
 */
export const DESKTOP_CHANNELS = {
  getInfo: 'desktop:getInfo',
  getServerUrl: 'desktop:getServerUrl',
  setServerUrl: 'desktop:setServerUrl',
} as const;

export interface DesktopInfo {
  appVersion: string;
  platform: string;
}

export interface DesktopBridge {
  getInfo(): Promise<Result<DesktopInfo>>;
  getServerUrl(): Promise<Result<string | null>>;
  setServerUrl(url: string): Promise<Result<string>>;
}

/** A dialer server address the desktop app may use: http(s) origin, no path, query or credentials. */
export function parseServerUrl(input: string): Result<string> {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, error: { code: 'bad_request', message: 'serverUrl: not a valid URL' } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: { code: 'bad_request', message: 'serverUrl: must start with http:// or https://' } };
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, error: { code: 'bad_request', message: 'serverUrl: give only scheme, host and port' } };
  }
  return { ok: true, data: url.origin };
}
