import path from 'node:path';

/**
 * The desktop app's security decisions as pure functions (no 'electron' import), so they are tested
 * under plain Node. security.ts applies them to Electron's hooks.
 */
export const APP_SCHEME = 'app';
export const APP_ENTRY = 'app://quita/index.html';

const APP_HOST = 'quita';

/** Scheme and host are compared, not URL.origin: WHATWG gives custom schemes an opaque "null" origin. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** CSP for the app window: only the bundled renderer's code; network only to the configured dialer server. */
export function buildContentSecurityPolicy(serverUrl: string | null): string {
  const connect = ["'self'"];
  if (serverUrl) {
    const origin = new URL(serverUrl).origin;
    connect.push(origin, origin.replace(/^http/, 'ws'));
  }
  // SIP over WebSocket goes to the PBX/proxy, which is configured per operation.
  connect.push('wss:');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "media-src 'self' blob: mediastream:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Only the microphone, and only for the app's own pages (the softphone). Everything else is denied. */
export function isPermissionAllowed(permission: string, requestingUrl: string, mediaTypes: readonly string[] = []): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  return permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio');
}

/** Links leave the app only as https URLs without credentials, opened in the user's browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Maps app://quita/<path> to a file inside rootDir; null for another host or an escape attempt. */
export function resolveAppFile(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const u = new URL(url);
  let relative: string;
  try {
    relative = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/** IPC is answered only for frames showing the app's own pages. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  return frameUrl !== undefined && isAppUrl(frameUrl);
}
