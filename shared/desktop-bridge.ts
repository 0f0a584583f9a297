import type { Result } from './result';

/**
 * What the Electron preload exposes on window.quitaDesktop: one method per IPC channel, data in and
 * Result out, never a throw across the bridge. The renderer's platform layer is its only user.
 */
export const DESKTOP_CHANNELS = {
  getInfo: 'desktop:getInfo',
  getServerUrl: 'desktop:getServerUrl',
  setServerUrl: 'desktop:setServerUrl',
  outboxList: 'desktop:outboxList',
  outboxPut: 'desktop:outboxPut',
  outboxRemove: 'desktop:outboxRemove',
} as const;

/**
 * A disposition waiting for the server's acknowledgement. The desktop app keeps these in a SQLite file
 * in the main process (they survive a restart); the browser in localStorage.
 */
export interface OutboxEntry {
  /** The disposition's idempotency key. */
  key: string;
  /** The disposition as sent to `dialer:dispose` (JSON). */
  payload: string;
  createdAt: number;
  /**
   * Whose disposition, on which server: on a shared PC only its own agent's session sends it (another
   * agent's would be refused as not theirs and lost). null: stored before owners were kept (sent by anyone).
   */
  userId: number | null;
  /** The server it is for ('' = the page's own origin in the browser). */
  serverUrl: string;
}

/** An entry from the renderer, checked before it is stored (the bridge is a trust boundary). */
export function parseOutboxEntry(input: unknown): Result<OutboxEntry> {
  const e = input as Partial<OutboxEntry> | null;
  if (!e || typeof e !== 'object') return { ok: false, error: { code: 'bad_request', message: 'entry: must be an object' } };
  if (typeof e.key !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(e.key)) return { ok: false, error: { code: 'bad_request', message: 'key: 8 to 64 letters, digits, - or _' } };
  if (typeof e.payload !== 'string' || e.payload.length > 16_384) return { ok: false, error: { code: 'bad_request', message: 'payload: a JSON string up to 16 KiB' } };
  if (typeof e.createdAt !== 'number' || !Number.isFinite(e.createdAt)) return { ok: false, error: { code: 'bad_request', message: 'createdAt: must be epoch ms' } };
  if (typeof e.userId !== 'number' || !Number.isSafeInteger(e.userId) || e.userId <= 0) return { ok: false, error: { code: 'bad_request', message: 'userId: must be a positive integer (the agent who disposed)' } };
  if (typeof e.serverUrl !== 'string' || e.serverUrl.length > 2048) return { ok: false, error: { code: 'bad_request', message: 'serverUrl: a string up to 2048 characters' } };
  return { ok: true, data: { key: e.key, payload: e.payload, createdAt: e.createdAt, userId: e.userId, serverUrl: e.serverUrl } };
}

export interface DesktopInfo {
  appVersion: string;
  platform: string;
}

export interface DesktopBridge {
  getInfo(): Promise<Result<DesktopInfo>>;
  getServerUrl(): Promise<Result<string | null>>;
  setServerUrl(url: string): Promise<Result<string>>;
  outboxList(): Promise<Result<OutboxEntry[]>>;
  outboxPut(entry: OutboxEntry): Promise<Result<null>>;
  outboxRemove(key: string): Promise<Result<null>>;
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
