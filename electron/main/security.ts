import fs from 'node:fs';
import path from 'node:path';
import { app, shell, type Protocol, type Session } from 'electron';
import { buildContentSecurityPolicy, isAppUrl, isPermissionAllowed, isSafeExternalUrl, resolveAppFile } from './policy';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves the bundled renderer at app://quita/ with the CSP; nothing outside rendererDir is reachable. */
export function registerAppProtocol(protocol: Protocol, rendererDir: string, getServerUrl: () => string | null): void {
  protocol.handle('app', async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file || !fs.existsSync(file)) return new Response('Not found', { status: 404 });
    return new Response(await fs.promises.readFile(file), {
      headers: {
        'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': buildContentSecurityPolicy(getServerUrl()),
      },
    });
  });
}

/** Permissions: microphone for the app origin only. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionAllowed(permission, details.requestingUrl, mediaTypes));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, requestingOrigin, details.mediaType ? [details.mediaType] : []),
  );
}

/** Every web contents: no navigation away from the app, no new windows, no webviews. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
